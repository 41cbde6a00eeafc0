//! Small text helpers the extractors share: labelled fields, names, phones, addresses.

use std::sync::LazyLock;

use chrono::DateTime;
use chrono_tz::Tz;
use model::ViewingWish;
use regex::Regex;

/// A label as compared: lower case, single spaces, no trailing colon or asterisk.
pub(crate) fn norm_label(s: &str) -> String {
    let s = s.trim().trim_start_matches(['*', '-', '•', '·']).trim();
    let s = s.trim_end_matches([':', '*', ' ', '\t']);
    without_gender_marks(&s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase())
}

/// The marks of gender-inclusive German ("Interessent:innen", "Interessent*innen",
/// "Interessent_innen", "Interessent/-innen") removed from a lower-cased label, so that the label
/// reads as its plain form; portals changed their headings to them.
fn without_gender_marks(label: &str) -> String {
    let mut out = label.to_owned();
    for mark in [":innen", "*innen", "_innen", "/-innen", "/innen"] {
        out = out.replace(mark, "");
    }
    out
}

/// Where a line's label ends: the first colon or tab that is no gender mark ("Interessent:innen").
fn label_end(line: &str) -> Option<usize> {
    line.match_indices([':', '\t'])
        .map(|(i, _)| i)
        .find(|&i| !line.get(i..i + ":innen".len()).is_some_and(|mark| mark.eq_ignore_ascii_case(":innen")))
}

/// One line of a notification mail, split into label and value when it starts with a label the
/// caller knows. Knowing the labels up front keeps "Hinweis: bitte ..." in a message from being
/// taken for a field.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Line {
    pub label: Option<String>,
    pub value: String,
    pub raw: String,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Labelled {
    pub lines: Vec<Line>,
}

impl Labelled {
    pub fn new(text: &str, labels: &[&str]) -> Self {
        let known: Vec<String> = labels.iter().map(|l| norm_label(l)).collect();
        let lines = text
            .lines()
            .map(|raw| {
                let trimmed = raw.trim();
                let split = label_end(trimmed)
                    .map(|i| (norm_label(&trimmed[..i]), trimmed[i + 1..].trim()))
                    .filter(|(label, _)| known.contains(label));
                match split {
                    Some((label, value)) => Line { label: Some(label), value: value.to_owned(), raw: raw.to_owned() },
                    None => {
                        let whole = norm_label(trimmed);
                        let label = known.contains(&whole).then_some(whole);
                        let value = if label.is_some() { String::new() } else { trimmed.to_owned() };
                        Line { label, value, raw: raw.to_owned() }
                    }
                }
            })
            .collect();
        Self { lines }
    }

    /// The value of the first line labelled with one of `aliases`; a label alone on its line takes
    /// the next non-empty line that is not a label itself (HTML mails put them in two blocks).
    pub fn value(&self, aliases: &[&str]) -> Option<String> {
        let aliases: Vec<String> = aliases.iter().map(|a| norm_label(a)).collect();
        for (i, line) in self.lines.iter().enumerate() {
            let Some(label) = &line.label else { continue };
            if !aliases.contains(label) {
                continue;
            }
            if !line.value.is_empty() {
                return Some(line.value.clone());
            }
            let next = self.lines.iter().skip(i + 1).find(|l| !l.raw.trim().is_empty())?;
            if next.label.is_none() {
                return Some(next.value.clone());
            }
        }
        None
    }

    /// A multi-line value: from the label to the next labelled line, or to a line starting with
    /// one of `stops`.
    pub fn block(&self, aliases: &[&str], stops: &[&str]) -> Option<String> {
        let aliases: Vec<String> = aliases.iter().map(|a| norm_label(a)).collect();
        let start = self.lines.iter().position(|l| l.label.as_ref().is_some_and(|label| aliases.contains(label)))?;
        let mut out = vec![self.lines[start].value.clone()];
        for line in &self.lines[start + 1..] {
            if line.label.is_some() || starts_with_any(&line.raw, stops) {
                break;
            }
            out.push(line.raw.trim_end().to_owned());
        }
        tidy_block(&out.join("\n"))
    }
}

/// Trims empty lines at both ends; `None` when nothing is left.
pub(crate) fn tidy_block(s: &str) -> Option<String> {
    let lines: Vec<&str> = s.lines().map(str::trim_end).collect();
    let first = lines.iter().position(|l| !l.trim().is_empty())?;
    let last = lines.iter().rposition(|l| !l.trim().is_empty())?;
    let text = lines[first..=last].iter().map(|l| l.trim()).collect::<Vec<_>>().join("\n");
    let text = crate::intake::parse::mime::normalise_text(&text);
    (!text.is_empty()).then_some(text)
}

pub(crate) fn starts_with_any(line: &str, prefixes: &[&str]) -> bool {
    let line = line.trim().to_lowercase();
    prefixes.iter().any(|p| line.starts_with(&p.to_lowercase()))
}

/// Whether a lead's own words ask to see the property ("hätte gerne einen Besichtigungstermin",
/// "wäre eine Besichtigung am Donnerstag möglich", "würde sie mir gerne ansehen", "could we
/// arrange a viewing", "une visite").
pub(crate) fn asks_for_viewing(message: &str) -> bool {
    ASKS_FOR_VIEWING.is_match(message)
}

static ASKS_FOR_VIEWING: LazyLock<Regex> = LazyLock::new(|| {
    crate::text::re(r"(?i)besichtig|\bviewings?\b|\bvisite\b|\bvisiter\b|\ban(zu)?schauen\b|\ban(zu)?sehen\b")
});

/// The time a message names for the viewing it asks for, read against `written` (when the lead
/// wrote it, in the office's zone): the first date or time in a sentence that asks for a viewing
/// or in the sentence after it ("Ich hätte gerne einen Besichtigungstermin. Donnerstag
/// nachmittags wäre ideal."), and only one not yet past. A date elsewhere in the message (the
/// move-in date) is no viewing wish.
pub fn viewing_wish(message: &str, written: DateTime<Tz>) -> Option<ViewingWish> {
    let parts = sentences(message);
    parts
        .iter()
        .enumerate()
        .filter(|(_, s)| ASKS_FOR_VIEWING.is_match(s))
        .flat_map(|(i, _)| parts[i..].iter().take(2))
        .find_map(|s| crate::text::parse_when(s, written))
        .filter(|w| w.end > written)
        .map(|w| w.as_wish())
}

/// A text's sentences: split at line breaks, "!", "?", and at a full stop before a capital —
/// but not after a digit, where the stop belongs to a date ("am 12.12. Um 17 Uhr").
fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        let end = match c {
            '\n' | '!' | '?' => true,
            '.' => {
                let after_digit = text[..i].chars().next_back().is_some_and(|p| p.is_ascii_digit());
                let rest = text[i + 1..].trim_start();
                !after_digit && rest.len() < text.len() - i - 1 && rest.chars().next().is_some_and(char::is_uppercase)
            }
            _ => false,
        };
        if end {
            out.push(&text[start..i + c.len_utf8()]);
            start = i + c.len_utf8();
        }
    }
    out.push(&text[start..]);
    out.into_iter().map(str::trim).filter(|s| !s.is_empty()).collect()
}

pub(crate) fn contains_any(haystack_lower: &str, needles: &[&str]) -> bool {
    needles.iter().any(|n| haystack_lower.contains(&n.to_lowercase()))
}

/// Every http(s) URL in a text, without the punctuation that surrounds it in prose.
pub(crate) fn urls(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for token in text.split(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '(' | ')' | '[' | ']')) {
        let Some(start) = token.find("http://").or_else(|| token.find("https://")) else { continue };
        let url = token[start..].trim_end_matches(['.', ',', ';', ':', '!', '?', '\'']);
        if url.len() > "https://".len() && !found.iter().any(|u| u == url) {
            found.push(url.to_owned());
        }
    }
    found
}

fn is_local_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-' | '\'')
}

fn is_domain_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '.' | '-')
}

/// The first thing in `text` that looks like an e-mail address.
pub(crate) fn find_email(text: &str) -> Option<String> {
    for (at, _) in text.match_indices('@') {
        let local_start =
            text[..at].char_indices().rev().take_while(|(_, c)| is_local_char(*c)).last().map(|(i, _)| i).unwrap_or(at);
        let domain_end = text[at + 1..]
            .char_indices()
            .take_while(|(_, c)| is_domain_char(*c))
            .last()
            .map(|(i, c)| at + 1 + i + c.len_utf8())
            .unwrap_or(at + 1);
        let local = text[local_start..at].trim_start_matches('.');
        let domain = text[at + 1..domain_end].trim_end_matches(['.', '-']);
        if !local.is_empty() && domain.contains('.') && !domain.starts_with('.') {
            return Some(format!("{local}@{domain}"));
        }
    }
    None
}

/// An e-mail address from a field value such as "<a@b.de>" or "mailto:a@b.de".
pub(crate) fn clean_email(value: &str) -> Option<String> {
    find_email(value.trim().trim_start_matches("mailto:"))
}

fn is_phone_char(c: char) -> bool {
    c.is_ascii_digit() || matches!(c, '+' | '(' | ')' | '/' | '-' | '.' | ' ')
}

/// The phone number in a field value: the longest run of digits and separators with 6 to 15
/// digits, spaces collapsed. Words around it ("mobil", "ab 18 Uhr") are dropped.
pub(crate) fn clean_phone(value: &str) -> Option<String> {
    let mut best: Option<String> = None;
    let mut run = String::new();
    for c in value.chars().chain(std::iter::once('\n')) {
        if is_phone_char(c) {
            run.push(c);
            continue;
        }
        let candidate = run.trim_matches([' ', '-', '/', '.']).trim_end_matches('(').trim().to_owned();
        let digits = candidate.chars().filter(char::is_ascii_digit).count();
        let plausible = (6..=15).contains(&digits)
            && (candidate.starts_with('+') || candidate.starts_with('0') || candidate.starts_with('('))
            && !looks_like_date(&candidate);
        if plausible && best.as_ref().is_none_or(|b| b.len() < candidate.len()) {
            best = Some(candidate.split_whitespace().collect::<Vec<_>>().join(" "));
        }
        run.clear();
    }
    best
}

fn looks_like_date(s: &str) -> bool {
    let parts: Vec<&str> = s.split('.').collect();
    parts.len() == 3 && parts.iter().all(|p| !p.is_empty() && p.trim().chars().all(|c| c.is_ascii_digit()))
}

/// The phone number of a signature block: a line introduced as phone or mobile wins, then a
/// line that is nothing but a number. Fax lines are skipped.
pub(crate) fn phone_in_signature(signature: &str) -> Option<String> {
    const KEYS: &[&str] = &["tel", "fon", "phone", "mobil", "handy", "mob.", "mobile", "t:", "t ", "m:", "m "];
    let lines: Vec<String> = signature.lines().map(|l| l.trim().to_lowercase()).collect();
    let labelled = lines
        .iter()
        .zip(signature.lines())
        .filter(|(lower, _)| !lower.starts_with("fax") && !lower.contains("fax:"))
        .filter(|(lower, _)| KEYS.iter().any(|k| lower.starts_with(k) || lower.contains(&format!(" {k}"))))
        .find_map(|(_, line)| clean_phone(line));
    labelled.or_else(|| {
        signature
            .lines()
            .filter(|l| l.trim().starts_with(['+', '0']) && l.chars().all(|c| is_phone_char(c) || c.is_whitespace()))
            .find_map(clean_phone)
    })
}

/// A number the lead gives in their own words ("Am besten erreichen Sie mich unter 0157 …",
/// "call me on +44 …"): only on a line that speaks of calling, so that prices and dates are left.
pub(crate) fn phone_in_message(message: &str) -> Option<String> {
    const CUES: &[&str] =
        &["erreich", "tel", "handy", "mobil", "nummer", "anruf", "rufen", "whatsapp", "phone", "call", "reach me"];
    message.lines().filter(|l| contains_any(&l.to_lowercase(), CUES)).find_map(clean_phone)
}

/// A person's name in its parts.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct PersonName {
    pub salutation: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
}

/// "Herr"/"Frau"/"Familie" from how portals and people write it; `None` for "keine Angabe".
pub(crate) fn normalise_salutation(s: &str) -> Option<String> {
    let lower = s.trim().trim_end_matches(['.', ',', ':']).to_lowercase();
    let canon = match lower.as_str() {
        "herr" | "herrn" | "hr" | "mr" | "monsieur" | "signor" => "Herr",
        "frau" | "fr" | "mrs" | "ms" | "madame" | "signora" => "Frau",
        "familie" | "fam" => "Familie",
        _ => return None,
    };
    Some(canon.to_owned())
}

const TITLES: &[&str] = &[
    "dr",
    "prof",
    "dipl.-ing",
    "dipl-ing",
    "dipl.-kfm",
    "dipl.-kffr",
    "mag",
    "mag.a",
    "ing",
    "di",
    "dr.med",
    "med",
    "dent",
    "rer",
    "nat",
    "phil",
    "jur",
    "dr.-ing",
    "mmag",
];
const PARTICLES: &[&str] = &[
    "von", "van", "de", "der", "den", "zu", "vom", "zum", "zur", "di", "da", "del", "della", "ten", "ter", "le", "la",
    "du",
];

fn is_title(token: &str) -> bool {
    let t = token.trim_end_matches('.').to_lowercase();
    TITLES.contains(&t.as_str())
}

/// Splits a name as people write it: "Frau Dr. Anna Maria Huber" gives salutation "Frau Dr."
/// (the form a letter uses), first name "Anna Maria", last name "Huber". "Huber, Anna" and
/// particles ("Lena von der Heide") are understood; a lone word after a salutation is the last
/// name, a lone word without one the first name (chat portals show first names only).
pub(crate) fn split_name(full: &str) -> PersonName {
    let full = full.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut tokens: Vec<&str> = full.split(' ').filter(|t| !t.is_empty()).collect();
    let mut salutation = None;
    let mut titles = Vec::new();
    while let Some(first) = tokens.first() {
        if salutation.is_none() && titles.is_empty() && normalise_salutation(first).is_some() && tokens.len() > 1 {
            salutation = normalise_salutation(first);
        } else if is_title(first) && tokens.len() > 1 {
            titles.push(*first);
        } else {
            break;
        }
        tokens.remove(0);
    }
    let salutation = match (salutation, titles.is_empty()) {
        (Some(s), false) => Some(format!("{s} {}", titles.join(" "))),
        (Some(s), true) => Some(s),
        (None, false) => Some(titles.join(" ")),
        (None, true) => None,
    };
    let rest = tokens.join(" ");
    let (first, last) = if let Some((last, first)) = rest.split_once(',') {
        (first.trim().to_owned(), last.trim().to_owned())
    } else {
        match tokens.len() {
            0 => (String::new(), String::new()),
            1 if salutation.is_some() => (String::new(), rest),
            1 => (rest, String::new()),
            _ => {
                let particle = tokens
                    .iter()
                    .enumerate()
                    .skip(1)
                    .find(|(i, t)| *i < tokens.len() - 1 && PARTICLES.contains(&t.to_lowercase().as_str()))
                    .map(|(i, _)| i);
                let split = particle.unwrap_or(tokens.len() - 1);
                (tokens[..split].join(" "), tokens[split..].join(" "))
            }
        }
    };
    let some = |s: String| (!s.is_empty()).then_some(s);
    PersonName { salutation, first_name: some(first), last_name: some(last) }
}

fn is_postcode(token: &str) -> bool {
    (4..=5).contains(&token.len()) && token.chars().all(|c| c.is_ascii_digit())
}

/// "80331 München", "A-1010 Wien", "CH-8001 Zürich", "München" or "80331".
pub(crate) fn split_postcode_city(s: &str) -> (Option<String>, Option<String>) {
    let s = s.trim().trim_matches(',').trim();
    let (head, tail) = s.split_once(' ').unwrap_or((s, ""));
    let code = head.rsplit_once('-').map_or(head, |(country, code)| {
        if country.chars().all(|c| c.is_ascii_uppercase()) && country.len() <= 2 { code } else { head }
    });
    let some = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_owned());
    if is_postcode(code) { (Some(code.to_owned()), some(tail)) } else { (None, some(s)) }
}

/// "Leopoldstraße 12, 80331 München" into street, postcode and city.
pub(crate) fn split_address(s: &str) -> (Option<String>, Option<String>, Option<String>) {
    let s = s.trim();
    if let Some((street, rest)) = s.rsplit_once(',') {
        let (postcode, city) = split_postcode_city(rest);
        if postcode.is_some() {
            let street = street.trim();
            return ((!street.is_empty()).then(|| street.to_owned()), postcode, city);
        }
    }
    ((!s.is_empty()).then(|| s.to_owned()), None, None)
}

/// A yes/no field value as the portals write it.
pub(crate) fn is_yes(value: &str) -> bool {
    matches!(
        value.trim().trim_end_matches('.').to_lowercase().as_str(),
        "ja" | "yes" | "x" | "[x]" | "true" | "oui" | "sì"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(s: Option<&str>, f: Option<&str>, l: Option<&str>) -> PersonName {
        PersonName { salutation: s.map(Into::into), first_name: f.map(Into::into), last_name: l.map(Into::into) }
    }

    #[test]
    fn names_are_split_as_a_letter_would_address_them() {
        assert_eq!(split_name("Frau Dr. Anna Maria Huber"), name(Some("Frau Dr."), Some("Anna Maria"), Some("Huber")));
        assert_eq!(split_name("Herrn Prof. Dr. Max Weber"), name(Some("Herr Prof. Dr."), Some("Max"), Some("Weber")));
        assert_eq!(split_name("Lena von der Heide"), name(None, Some("Lena"), Some("von der Heide")));
        assert_eq!(split_name("Huber, Anna"), name(None, Some("Anna"), Some("Huber")));
        assert_eq!(split_name("Herr Huber"), name(Some("Herr"), None, Some("Huber")));
        assert_eq!(split_name("Max"), name(None, Some("Max"), None));
        assert_eq!(
            split_name("  Jean-Luc   Müller-Lüdenscheidt "),
            name(None, Some("Jean-Luc"), Some("Müller-Lüdenscheidt"))
        );
        assert_eq!(split_name("Frau"), name(None, Some("Frau"), None));
        assert_eq!(split_name(""), name(None, None, None));
    }

    #[test]
    fn phones_are_found_in_signatures_but_not_faxes_or_dates() {
        let sig = "Thomas Berger\nMusterweg 3, 80331 München\nFax: 089 1234 99\nMobil: +49 (0)171 / 234 56 78\n";
        assert_eq!(phone_in_signature(sig).as_deref(), Some("+49 (0)171 / 234 56 78"));
        assert_eq!(phone_in_signature("Anna\n0664 123 45 67").as_deref(), Some("0664 123 45 67"));
        assert_eq!(phone_in_signature("T +43 1 234 56 78 | M +43 664 9876543").as_deref(), Some("+43 1 234 56 78"));
        assert_eq!(phone_in_signature("Gesendet am 12.03.2024\nAnna"), None);
        assert_eq!(clean_phone("bitte nur per E-Mail"), None);
        assert_eq!(clean_phone("Tel. 0351 / 829 33 10").as_deref(), Some("0351 / 829 33 10"));
        assert_eq!(clean_phone("0171-2345678 (ab 18 Uhr)").as_deref(), Some("0171-2345678"));
    }

    #[test]
    fn addresses_and_emails() {
        assert_eq!(split_postcode_city("A-1010 Wien"), (Some("1010".into()), Some("Wien".into())));
        assert_eq!(split_postcode_city("München"), (None, Some("München".into())));
        assert_eq!(
            split_address("Leopoldstraße 12, 80331 München"),
            (Some("Leopoldstraße 12".into()), Some("80331".into()), Some("München".into()))
        );
        assert_eq!(find_email("Mail an <anna.huber@gmx.de>.").as_deref(), Some("anna.huber@gmx.de"));
        assert_eq!(find_email("a @ b"), None);
        assert_eq!(urls("Link: https://x.de/a?b=1. Ende"), vec!["https://x.de/a?b=1".to_owned()]);
    }

    #[test]
    fn labelled_values_on_one_or_two_lines() {
        let text =
            "Vorname: Anna\nNachname\nHuber\nNachricht:\nGuten Tag,\n\nich habe Interesse.\nTelefon: 0171 1\nEnde";
        let l = Labelled::new(text, &["Vorname", "Nachname", "Nachricht", "Telefon"]);
        assert_eq!(l.value(&["vorname"]).as_deref(), Some("Anna"));
        assert_eq!(l.value(&["Nachname:"]).as_deref(), Some("Huber"));
        assert_eq!(l.block(&["Nachricht"], &[]).as_deref(), Some("Guten Tag,\n\nich habe Interesse."));
    }
}
