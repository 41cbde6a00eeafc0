//! How well the parser reads a corpus of mails: per field, precision (of the values it
//! extracted, how many are right) and recall (of the values the mails hold, how many it found),
//! against the true inquiry written beside each mail (`NAME.eml` with `NAME.json`, the shape
//! `parse-email` prints). `immivo parse-email --score DIR` prints the table; the corpus test holds
//! the parser to the levels in `docs/benchmarks.md`.

use std::fmt::Write as _;
use std::path::Path;

use super::{ParsedInquiry, parse_inquiry};

/// What is scored: what a first reply and the property match need.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    /// Whether the mail is an inquiry at all (positive: an inquiry; newsletters, bounces and
    /// auto-replies are negatives).
    Recognised,
    /// First and last name together.
    Name,
    Email,
    Phone,
    /// The lead's own words, compared with runs of white space as one space.
    Message,
    ListingId,
    ObjectNumber,
    /// A viewing asked for (positive: asked).
    ViewingWish,
}

impl Field {
    pub const ALL: [Field; 8] = [
        Field::Recognised,
        Field::Name,
        Field::Email,
        Field::Phone,
        Field::Message,
        Field::ListingId,
        Field::ObjectNumber,
        Field::ViewingWish,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Field::Recognised => "recognised",
            Field::Name => "name",
            Field::Email => "email",
            Field::Phone => "phone",
            Field::Message => "message",
            Field::ListingId => "listing_id",
            Field::ObjectNumber => "object_number",
            Field::ViewingWish => "viewing_wish",
        }
    }

    /// The field's value in a comparable form; `None` where the mail holds none.
    fn value(self, i: &ParsedInquiry) -> Option<String> {
        let text = |v: &Option<String>| v.as_deref().map(squeeze).filter(|v| !v.is_empty());
        match self {
            Field::Recognised => i.portal.is_some().then(|| "yes".to_owned()),
            Field::Name => {
                let name = [i.first_name.as_deref(), i.last_name.as_deref()].into_iter().flatten().collect::<Vec<_>>();
                Some(squeeze(&name.join(" "))).filter(|n| !n.is_empty())
            }
            Field::Email => text(&i.email).map(|e| e.to_lowercase()),
            // "+49 89 1234", "+49-89-1234" and "+49891234" are one number.
            Field::Phone => text(&i.phone).map(|p| p.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect()),
            Field::Message => text(&i.message),
            Field::ListingId => text(&i.portal_listing_id),
            Field::ObjectNumber => text(&i.object_number),
            Field::ViewingWish => i.viewing_requested.then(|| "yes".to_owned()),
        }
    }
}

fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Counts for one field: right values, wrong or invented ones, and missed ones.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub right: u32,
    pub wrong: u32,
    pub missed: u32,
}

impl Tally {
    /// Of the values extracted, the share that is right; 1 when none was extracted.
    pub fn precision(&self) -> f64 {
        ratio(self.right, self.right + self.wrong)
    }

    /// Of the values the mails hold, the share found right; 1 when they hold none.
    pub fn recall(&self) -> f64 {
        ratio(self.right, self.right + self.missed)
    }

    fn add(&mut self, expected: Option<&str>, actual: Option<&str>) {
        match (expected, actual) {
            (Some(e), Some(a)) if e == a => self.right += 1,
            (Some(_), Some(_)) => {
                // A wrong value is both: an extracted value that is wrong, a true one not found.
                self.wrong += 1;
                self.missed += 1;
            }
            (Some(_), None) => self.missed += 1,
            (None, Some(_)) => self.wrong += 1,
            (None, None) => {}
        }
    }
}

fn ratio(part: u32, whole: u32) -> f64 {
    if whole == 0 { 1.0 } else { f64::from(part) / f64::from(whole) }
}

/// One field of one mail that came out otherwise than its true inquiry says.
#[derive(Clone, Debug, PartialEq)]
pub struct Miss {
    pub mail: String,
    pub field: Field,
    pub expected: Option<String>,
    pub actual: Option<String>,
}

/// A corpus's score: a tally per field (in `Field::ALL`'s order) and what was missed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Score {
    pub mails: u32,
    pub tallies: Vec<(Field, Tally)>,
    pub misses: Vec<Miss>,
}

impl Score {
    pub fn new() -> Self {
        Self { mails: 0, tallies: Field::ALL.iter().map(|f| (*f, Tally::default())).collect(), misses: Vec::new() }
    }

    /// Adds one mail: `expected` is its true inquiry, `actual` what the parser made of it.
    pub fn add(&mut self, mail: &str, expected: &ParsedInquiry, actual: &ParsedInquiry) {
        self.mails += 1;
        for (field, tally) in &mut self.tallies {
            let (expected, actual) = (field.value(expected), field.value(actual));
            tally.add(expected.as_deref(), actual.as_deref());
            if expected != actual {
                self.misses.push(Miss { mail: mail.to_owned(), field: *field, expected, actual });
            }
        }
    }

    pub fn tally(&self, field: Field) -> Tally {
        self.tallies.iter().find(|(f, _)| *f == field).map(|(_, t)| *t).unwrap_or_default()
    }

    /// The table `parse-email --score` prints (Markdown, as in `docs/benchmarks.md`).
    pub fn table(&self) -> String {
        let mut out = format!(
            "{} mails\n\n| field | precision | recall | right | wrong | missed |\n|---|---|---|---|---|---|\n",
            self.mails
        );
        for (field, t) in &self.tallies {
            let _ = writeln!(
                out,
                "| {} | {:.1} % | {:.1} % | {} | {} | {} |",
                field.as_str(),
                t.precision() * 100.0,
                t.recall() * 100.0,
                t.right,
                t.wrong,
                t.missed
            );
        }
        out
    }
}

/// Why a corpus could not be scored.
#[derive(Debug, thiserror::Error)]
pub enum CorpusError {
    #[error("cannot read {path}: {error}")]
    Unreadable { path: String, error: std::io::Error },
    #[error("{path} is no inquiry as `parse-email` prints it: {error}")]
    BadTruth { path: String, error: serde_json::Error },
    #[error("{path}: {error}")]
    NoMail { path: String, error: super::ParseError },
    #[error("{dir} holds no NAME.eml with a NAME.json beside it")]
    Empty { dir: String },
}

/// Scores every `NAME.eml` in `dir` that has its true inquiry in `NAME.json` beside it, in name
/// order; a mail without one is no part of the corpus.
pub fn score_dir(dir: &Path) -> Result<Score, CorpusError> {
    let unreadable = |path: &Path, error| CorpusError::Unreadable { path: path.display().to_string(), error };
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map_err(|e| unreadable(dir, e))?
        .filter_map(|entry| entry.ok())
        .filter_map(|entry| entry.file_name().to_str().and_then(|n| n.strip_suffix(".eml")).map(str::to_owned))
        .filter(|name| dir.join(format!("{name}.json")).is_file())
        .collect();
    names.sort();
    if names.is_empty() {
        return Err(CorpusError::Empty { dir: dir.display().to_string() });
    }
    let mut score = Score::new();
    for name in &names {
        let (mail, truth) = (dir.join(format!("{name}.eml")), dir.join(format!("{name}.json")));
        let raw = std::fs::read(&mail).map_err(|e| unreadable(&mail, e))?;
        let json = std::fs::read_to_string(&truth).map_err(|e| unreadable(&truth, e))?;
        let expected: ParsedInquiry = serde_json::from_str(&json)
            .map_err(|error| CorpusError::BadTruth { path: truth.display().to_string(), error })?;
        let actual =
            parse_inquiry(&raw).map_err(|error| CorpusError::NoMail { path: mail.display().to_string(), error })?;
        score.add(name, &expected, &actual);
    }
    Ok(score)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inquiry(email: Option<&str>, phone: Option<&str>, viewing: bool) -> ParsedInquiry {
        ParsedInquiry {
            portal: Some(super::super::Portal::Willhaben),
            email: email.map(str::to_owned),
            phone: phone.map(str::to_owned),
            viewing_requested: viewing,
            ..Default::default()
        }
    }

    #[test]
    fn right_wrong_and_missed_values_count_as_precision_and_recall_say() {
        let mut score = Score::new();
        let truth = inquiry(Some("a@example.at"), Some("+43 664 1234567"), true);
        // Right (a phone written otherwise is the same number), and the viewing wish found.
        score.add("right", &truth, &inquiry(Some("A@Example.at"), Some("+436641234567"), true));
        // A wrong address, no phone, the wish missed.
        score.add("wrong", &truth, &inquiry(Some("b@example.at"), None, false));
        // An address invented where the mail holds none, and a wish read into it.
        score.add("invented", &inquiry(None, None, false), &inquiry(Some("c@example.at"), None, true));

        let email = score.tally(Field::Email);
        assert_eq!((email.right, email.wrong, email.missed), (1, 2, 1));
        assert!((email.precision() - 1.0 / 3.0).abs() < 1e-9 && (email.recall() - 0.5).abs() < 1e-9);
        let phone = score.tally(Field::Phone);
        assert_eq!((phone.right, phone.wrong, phone.missed, phone.precision()), (1, 0, 1, 1.0));
        let viewing = score.tally(Field::ViewingWish);
        assert_eq!((viewing.right, viewing.wrong, viewing.missed), (1, 1, 1));
        assert_eq!(score.tally(Field::Recognised), Tally { right: 3, wrong: 0, missed: 0 });
        assert_eq!(score.mails, 3);

        let missed: Vec<_> = score.misses.iter().map(|m| (m.mail.as_str(), m.field)).collect();
        assert_eq!(
            missed,
            [
                ("wrong", Field::Email),
                ("wrong", Field::Phone),
                ("wrong", Field::ViewingWish),
                ("invented", Field::Email),
                ("invented", Field::ViewingWish)
            ]
        );
        let table = score.table();
        assert!(table.starts_with("3 mails") && table.contains("| email | 33.3 % | 50.0 % | 1 | 2 | 1 |"), "{table}");
    }

    #[test]
    fn a_folder_without_truths_is_no_corpus() {
        let dir = std::env::temp_dir().join(format!("immivo-score-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("lonely.eml"), b"Subject: x\r\n\r\nhi").unwrap();
        assert!(matches!(score_dir(&dir), Err(CorpusError::Empty { .. })));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
