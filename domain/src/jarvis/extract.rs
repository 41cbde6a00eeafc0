//! Values people write into requests and inquiries — dates and times, budgets, room counts, living
//! areas — read from German and English text, and the language a text is written in. Pure
//! functions of the text and the office's clock, so the offline assistant and the tools can turn
//! "nächsten Dienstag nachmittags" or "bis 400k" into arguments without a model.
//!
//! Every reader folds the text first (lower case, `ä` → `ae`, `ß` → `ss`, accents dropped), so a
//! user who types "uebermorgen" or "naechsten" is read like one who types the umlauts.

use std::collections::HashSet;
use std::sync::LazyLock;

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Weekday};
use chrono_tz::Tz;
use regex::{Captures, Regex};

/// How precisely a phrase named a moment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Precision {
    /// A whole day or days: "morgen", "nächste Woche".
    Day,
    /// Morning, noon, afternoon or evening: "übermorgen nachmittags".
    PartOfDay,
    /// A clock time, taken as one hour: "um 10".
    Time,
}

/// A point or stretch of time named in text, in the office's time zone.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct When {
    pub start: DateTime<Tz>,
    /// The last moment included: 23:59:59 for days, the end of the part of day, start + 1 h.
    pub end: DateTime<Tz>,
    pub precision: Precision,
}

/// An amount range in whole euros (or francs): `min` and/or `max`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Range {
    pub min: Option<i64>,
    pub max: Option<i64>,
}

/// A room-count range; half rooms exist in AT/CH ("3,5 Zimmer").
#[derive(Clone, Copy, Debug, Default, PartialEq, serde::Serialize)]
pub struct Rooms {
    pub min: Option<f64>,
    pub max: Option<f64>,
}

/// The language a text is written in, for replying in kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub enum Language {
    /// German, also the default when nothing tells.
    De,
    En,
    /// French and Italian, for the Swiss market.
    Fr,
    It,
}

impl Language {
    /// The ISO 639-1 code: "de", "en", "fr" or "it".
    pub fn code(self) -> &'static str {
        match self {
            Language::De => "de",
            Language::En => "en",
            Language::Fr => "fr",
            Language::It => "it",
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Words shared with the offline rules
// ---------------------------------------------------------------------------------------------

/// Every weekday name the readers know, as a regex alternation of folded words.
pub(super) const WEEKDAYS: &str = "montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonnabend|sonntag|monday|tuesday|wednesday|thursday|friday|saturday|sunday";
/// Month names and their abbreviations, longest first so an alternation takes the whole word.
pub(super) const MONTHS: &str = "jaenner|januar|january|jan|feber|februar|february|feb|maerz|march|mar|april|apr|mai|may|juni|june|jun|juli|july|jul|august|aug|september|sept|sep|oktober|october|okt|oct|november|nov|dezember|december|dez|dec";
const NUMBER_WORDS: &str = "eins|ein|einer|einem|eine|zwei|drei|vier|fuenf|sechs|sieben|acht|neun|zehn|elf|zwoelf|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a|an";
const DE_HOURS: &str = "eins|ein|zwei|drei|vier|fuenf|sechs|sieben|acht|neun|zehn|elf|zwoelf";
const EN_HOURS: &str = "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve";

/// Lower case with umlauts spelled out and accents dropped, the form every pattern here is in.
pub(super) fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars().flat_map(char::to_lowercase) {
        match c {
            'ä' => out.push_str("ae"),
            'ö' => out.push_str("oe"),
            'ü' => out.push_str("ue"),
            'ß' => out.push_str("ss"),
            'é' | 'è' | 'ê' | 'ë' => out.push('e'),
            'à' | 'á' | 'â' => out.push('a'),
            'í' | 'î' | 'ï' => out.push('i'),
            'ó' | 'ô' => out.push('o'),
            'ú' | 'ù' | 'û' => out.push('u'),
            'ç' => out.push('c'),
            '’' | '‘' | '´' | '`' => out.push('\''),
            '–' | '—' | '‑' => out.push('-'),
            '\u{a0}' | '\u{202f}' | '\u{2009}' => out.push(' '),
            '½' => out.push_str(",5"),
            _ => out.push(c),
        }
    }
    out
}

/// A folded weekday name.
pub(super) fn weekday_word(word: &str) -> Option<Weekday> {
    Some(match word {
        "montag" | "monday" => Weekday::Mon,
        "dienstag" | "tuesday" => Weekday::Tue,
        "mittwoch" | "wednesday" => Weekday::Wed,
        "donnerstag" | "thursday" => Weekday::Thu,
        "freitag" | "friday" => Weekday::Fri,
        "samstag" | "sonnabend" | "saturday" => Weekday::Sat,
        "sonntag" | "sunday" => Weekday::Sun,
        _ => return None,
    })
}

/// A folded month name or abbreviation (any word of `MONTHS`), 1–12.
pub(super) fn month_word(word: &str) -> Option<u32> {
    Some(match word.get(..3)? {
        "jan" | "jae" => 1,
        "feb" => 2,
        "mar" | "mae" => 3,
        "apr" => 4,
        "mai" | "may" => 5,
        "jun" => 6,
        "jul" => 7,
        "aug" => 8,
        "sep" => 9,
        "okt" | "oct" => 10,
        "nov" => 11,
        "dez" | "dec" => 12,
        _ => return None,
    })
}

fn number_word(word: &str) -> Option<u32> {
    Some(match word {
        "ein" | "eins" | "eine" | "einer" | "einem" | "one" | "a" | "an" => 1,
        "zwei" | "two" => 2,
        "drei" | "three" => 3,
        "vier" | "four" => 4,
        "fuenf" | "five" => 5,
        "sechs" | "six" => 6,
        "sieben" | "seven" => 7,
        "acht" | "eight" => 8,
        "neun" | "nine" => 9,
        "zehn" | "ten" => 10,
        "elf" | "eleven" => 11,
        "zwoelf" | "twelve" => 12,
        _ => return None,
    })
}

/// Digits or a number word.
fn count(word: &str) -> Option<u32> {
    word.parse().ok().or_else(|| number_word(word))
}

/// The words of a whitespace-separated list, for membership tests.
pub(super) fn word_set(list: &'static str) -> HashSet<&'static str> {
    list.split_whitespace().collect()
}

/// Compiles a built-in pattern (here and in the offline rules). A typo in one is a bug the tests hit at once, never
/// something input can cause, so failing loudly is the honest answer.
pub(super) fn re(pattern: &str) -> Regex {
    match Regex::new(pattern) {
        Ok(regex) => regex,
        Err(e) => panic!("invalid built-in pattern {pattern:?}: {e}"),
    }
}

/// A match of one reader: where it starts and how long it is, so the earliest (then longest) of
/// several readers wins — "the first phrase in the text".
struct Hit<T> {
    at: usize,
    len: usize,
    value: T,
}

fn first_hit<T>(regex: &Regex, text: &str, read: impl Fn(&Captures) -> Option<T>) -> Option<Hit<T>> {
    regex.captures_iter(text).find_map(|c| {
        let m = c.get(0)?;
        read(&c).map(|value| Hit { at: m.start(), len: m.len(), value })
    })
}

fn earliest<T>(hits: impl IntoIterator<Item = Option<Hit<T>>>) -> Option<T> {
    hits.into_iter().flatten().min_by_key(|h| (h.at, std::cmp::Reverse(h.len))).map(|h| h.value)
}

fn group<'t>(c: &Captures<'t>, name: &str) -> Option<&'t str> {
    c.name(name).map(|m| m.as_str())
}

fn num<T: std::str::FromStr>(c: &Captures, name: &str) -> Option<T> {
    group(c, name)?.parse().ok()
}

// ---------------------------------------------------------------------------------------------
// Dates and times
// ---------------------------------------------------------------------------------------------

/// One day, or the days of a week.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Days {
    One(NaiveDate),
    Span(NaiveDate, NaiveDate),
}

impl Days {
    fn first(self) -> NaiveDate {
        match self {
            Days::One(d) | Days::Span(d, _) => d,
        }
    }
    fn last(self) -> NaiveDate {
        match self {
            Days::One(d) | Days::Span(_, d) => d,
        }
    }
}

/// The stretches of a business day an agent offers viewings in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Part {
    Morning,
    Noon,
    Afternoon,
    Evening,
}

impl Part {
    fn hours(self) -> (u32, u32) {
        match self {
            Part::Morning => (9, 12),
            Part::Noon => (12, 14),
            Part::Afternoon => (14, 18),
            Part::Evening => (18, 21),
        }
    }
}

/// A clock time as written; `resolve` decides morning or afternoon.
#[derive(Clone, Copy, Debug)]
struct Clock {
    hour: u32,
    minute: u32,
    /// `Some(true)` for "pm".
    pm: Option<bool>,
    /// Written so that it cannot mean the afternoon shorthand ("07:00", "14 Uhr").
    exact: bool,
}

const END_OF_DAY: NaiveTime = match NaiveTime::from_hms_opt(23, 59, 59) {
    Some(t) => t,
    None => NaiveTime::MIN,
};

static GREETINGS: LazyLock<Regex> =
    LazyLock::new(|| re(r"\b(?:guten\s+(?:morgen|tag|abend)|good\s+(?:morning|afternoon|evening))\b"));
static RELATIVE: LazyLock<Regex> =
    LazyLock::new(|| re(r"\b(heute|today|tonight|uebermorgen|day\s+after\s+tomorrow|morgen|tomorrow)\b"));
static IN_N: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(r"\bin\s+(?P<n>\d{{1,3}}|{NUMBER_WORDS})\s+(?P<unit>tage?n?|days?|wochen?|weeks?)\b"))
});
static WEEK_DAY: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"\b(?:(?:naechste|kommende)[nr]?\s+woche\s+(?:am\s+)?(?P<a>{WEEKDAYS})|(?P<b>{WEEKDAYS})\s+(?:in\s+der\s+)?(?:naechste|kommende)[nr]?\s+woche|next\s+week\s+(?:on\s+)?(?P<c>{WEEKDAYS})|(?P<d>{WEEKDAYS})\s+next\s+week)\b"
    ))
});
static WEEK: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?:(?:uebernaechste|naechste|kommende|diese|letzte|vergangene)[nr]?\s+woche|(?:next|this|last)\s+week|week\s+after\s+next)\b",
    )
});
static WEEKDAY: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(r"\b(?:(?:am|naechste[nr]?|kommende[nr]?|diese[nr]?|this|next|on|coming)\s+)?(?P<wd>{WEEKDAYS})\b"))
});
static NUMERIC_DATE: LazyLock<Regex> =
    LazyLock::new(|| re(r"\b(?P<d>\d{1,2})\.\s?(?P<m>\d{1,2})\.(?:\s?(?P<y>\d{4})\b|(?P<yy>\d{2})\b)?"));
static ISO_DATE: LazyLock<Regex> = LazyLock::new(|| re(r"\b(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})\b"));
static DAY_MONTH: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(r"\b(?P<d>\d{{1,2}})(?:\.|st|nd|rd|th)?\s*(?:of\s+)?(?P<m>{MONTHS})\b\.?(?:\s*,?\s*(?P<y>\d{{4}})\b)?"))
});
static MONTH_DAY: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(r"\b(?P<m>{MONTHS})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s*(?P<y>\d{{4}})\b)?"))
});
static CLOCK: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?:(?P<pre>um|gegen|at|around)\s+)?(?P<h>\d{1,2})(?:(?P<sep>[:.])(?P<m>\d{2}))?(?:\s*(?P<suf>uhr\b|h(?P<hm>\d{2})?\b|a\.m\.|p\.m\.|am\b|pm\b))?",
    )
});
static WORD_CLOCK: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"\bum\s+(?P<de>{DE_HOURS})\b(?:\s*uhr\b)?|\bat\s+(?P<en>{EN_HOURS})\s*(?P<suf>o'clock|am\b|pm\b|a\.m\.|p\.m\.)"
    ))
});
static QUARTERS: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"\b(?P<q>halb|viertel\s+nach|viertel\s+vor|dreiviertel|drei\s+viertel|quarter\s+past|quarter\s+to|half\s+past)\s+(?P<n>\d{{1,2}}|{DE_HOURS}|{EN_HOURS})\b"
    ))
});
static PART: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?:vormittags?|am\s+vormittag|morgens|am\s+morgen|heute\s+morgen|morgen\s+frueh|in\s+the\s+morning|mornings?|nachmittags?|am\s+nachmittag|in\s+the\s+afternoon|afternoons?|mittags?|zu\s+mittag|noon|midday|lunchtime|abends?|am\s+abend|in\s+the\s+evening|evenings?|tonight)\b",
    )
});
/// Words after a number that make it a count of something, not money or a clock time.
static UNIT_TAIL: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^\s*-?\s*(?:zimmer|zi\b|raeume|raum|zkb|rooms?\b|bedrooms?\b|beds?\b|schlafzimmer|m2|m²|m\^2|qm\b|quadratmeter|sqm|sq\b|square|tage?n?\b|wochen?\b|monate?n?\b|jahre?n?\b|days?\b|weeks?\b|months?\b|years?\b|stunden?\b|hours?\b|minuten?\b|%|prozent|percent|leads?\b|anfragen\b|punkte?\b|points?\b|mal\b|personen\b|people\b|stock\b|etagen?\b|og\b)",
    )
});
static MONEY_TAIL: LazyLock<Regex> =
    LazyLock::new(|| re(r"^\s*(?:€|eur\b|euros?\b|chf\b|franken|k\b|tsd|tausend|thousand|mio|mill)"));
/// "am" after a number is German ("um 3 am Dienstag"), not a.m., when one of these follows.
static GERMAN_AM: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(r"^\s*(?:{WEEKDAYS}|vormittag|nachmittag|abend|morgen|mittag|wochenende|ende|anfang|\d)"))
});

/// Reads the first date/time phrase in `text` relative to `now` (already in the office's zone).
///
/// A day and a clock time or part of the day may appear anywhere in the text and are combined
/// ("übermorgen nachmittags", "um 10 nächsten Dienstag"). A bare clock time means today if it is
/// still ahead, else tomorrow; a bare part of the day means today if it has not ended. Hours 1–7
/// without am/pm are read as the afternoon ("um 3" = 15:00), as viewings happen in office hours.
pub fn parse_when(text: &str, now: DateTime<Tz>) -> Option<When> {
    let t = when_text(text);
    let today = now.date_naive();
    let tz = now.timezone();
    let days = find_days(&t, today);
    let part = find_part(&t);
    if let Some(clock) = find_clock(&t) {
        let time = resolve(clock, part)?;
        let date = match days {
            Some(d) => d.first(),
            None if local(tz, today, time) > now => today,
            None => today.succ_opt()?,
        };
        let start = local(tz, date, time);
        let end = start.checked_add_signed(Duration::hours(1)).unwrap_or(start);
        return Some(When { start, end, precision: Precision::Time });
    }
    if let Some(part) = part {
        let (from, to) = part.hours();
        let (from, to) = (NaiveTime::from_hms_opt(from, 0, 0)?, NaiveTime::from_hms_opt(to, 0, 0)?);
        let date = match days {
            Some(d) => d.first(),
            None if local(tz, today, to) > now => today,
            None => today.succ_opt()?,
        };
        return Some(When { start: local(tz, date, from), end: local(tz, date, to), precision: Precision::PartOfDay });
    }
    let days = days?;
    Some(When {
        start: local(tz, days.first(), NaiveTime::MIN),
        end: local(tz, days.last(), END_OF_DAY),
        precision: Precision::Day,
    })
}

/// The first day a text names (the Monday of "nächste Woche"), or `None` when it names only a
/// time or none at all; for callers that must not invent a date.
pub(super) fn named_day(text: &str, today: NaiveDate) -> Option<NaiveDate> {
    find_days(&when_text(text), today).map(Days::first)
}

/// The folded text without greetings, whose "Morgen" and "Abend" are no dates.
fn when_text(text: &str) -> String {
    GREETINGS.replace_all(&fold(text), " ").into_owned()
}

/// A wall-clock time in `tz`; a time that a DST change skips moves on to the first that exists.
fn local(tz: Tz, date: NaiveDate, time: NaiveTime) -> DateTime<Tz> {
    let wanted = date.and_time(time);
    (0..=180)
        .filter_map(|m| wanted.checked_add_signed(Duration::minutes(m)))
        .find_map(|t| tz.from_local_datetime(&t).earliest())
        .unwrap_or_else(|| tz.from_utc_datetime(&wanted))
}

fn find_days(t: &str, today: NaiveDate) -> Option<Days> {
    earliest([
        first_hit(&RELATIVE, t, |c| relative_day(c, t, today)),
        first_hit(&IN_N, t, |c| in_n_days(c, today)),
        first_hit(&WEEK_DAY, t, |c| {
            let wd = ["a", "b", "c", "d"].iter().find_map(|g| group(c, g)).and_then(weekday_word)?;
            Some(Days::One(monday(today, 1) + Duration::days(i64::from(wd.num_days_from_monday()))))
        }),
        first_hit(&WEEK, t, |c| week(c.get(0)?.as_str(), today)),
        first_hit(&WEEKDAY, t, |c| Some(Days::One(next_weekday(today, weekday_word(group(c, "wd")?)?)))),
        first_hit(&NUMERIC_DATE, t, |c| {
            let year = num::<i32>(c, "y").or_else(|| num::<i32>(c, "yy").map(|y| 2000 + y));
            on(num(c, "d")?, num(c, "m")?, year, today).map(Days::One)
        }),
        first_hit(&ISO_DATE, t, |c| NaiveDate::from_ymd_opt(num(c, "y")?, num(c, "m")?, num(c, "d")?).map(Days::One)),
        first_hit(&DAY_MONTH, t, |c| on(num(c, "d")?, month_word(group(c, "m")?)?, num(c, "y"), today).map(Days::One)),
        first_hit(&MONTH_DAY, t, |c| {
            let end = c.get(0)?.end();
            if UNIT_TAIL.is_match(t.get(end..)?) {
                return None;
            }
            on(num(c, "d")?, month_word(group(c, "m")?)?, num(c, "y"), today).map(Days::One)
        }),
    ])
}

fn relative_day(c: &Captures, t: &str, today: NaiveDate) -> Option<Days> {
    let m = c.get(1)?;
    let offset = match m.as_str() {
        "heute" | "today" | "tonight" => 0,
        "morgen" => {
            // "am Morgen", "jeden Morgen": the morning, not tomorrow.
            let before = t.get(..m.start())?.trim_end();
            if before.ends_with(" am") || before == "am" || before.ends_with("jeden") {
                return None;
            }
            1
        }
        "tomorrow" => 1,
        _ => 2,
    };
    today.checked_add_signed(Duration::days(offset)).map(Days::One)
}

fn in_n_days(c: &Captures, today: NaiveDate) -> Option<Days> {
    let n = i64::from(count(group(c, "n")?)?);
    let per = if group(c, "unit")?.starts_with('w') { 7 } else { 1 };
    today.checked_add_signed(Duration::days(n * per)).map(Days::One)
}

/// The Monday `weeks` weeks after this week's.
fn monday(today: NaiveDate, weeks: i64) -> NaiveDate {
    today - Duration::days(i64::from(today.weekday().num_days_from_monday())) + Duration::weeks(weeks)
}

fn week(phrase: &str, today: NaiveDate) -> Option<Days> {
    let weeks = if phrase.starts_with("uebernaechste") || phrase.contains("after next") {
        2
    } else if phrase.starts_with("naechste") || phrase.starts_with("kommende") || phrase.starts_with("next") {
        1
    } else if phrase.starts_with("diese") || phrase.starts_with("this") {
        0
    } else {
        -1
    };
    let start = monday(today, weeks);
    Some(Days::Span(start, start + Duration::days(6)))
}

/// The next `weekday` after today: on a Wednesday, "Mittwoch" is a week ahead.
fn next_weekday(today: NaiveDate, weekday: Weekday) -> NaiveDate {
    let ahead = (7 + weekday.num_days_from_monday() - today.weekday().num_days_from_monday()) % 7;
    today + Duration::days(if ahead == 0 { 7 } else { i64::from(ahead) })
}

/// A calendar date; without a year, the next one that is not past.
fn on(day: u32, month: u32, year: Option<i32>, today: NaiveDate) -> Option<NaiveDate> {
    if let Some(year) = year {
        return NaiveDate::from_ymd_opt(year, month, day);
    }
    match NaiveDate::from_ymd_opt(today.year(), month, day) {
        Some(date) if date >= today => Some(date),
        _ => NaiveDate::from_ymd_opt(today.year() + 1, month, day),
    }
}

fn find_part(t: &str) -> Option<Part> {
    let phrase = PART.find(t)?.as_str();
    Some(if phrase.contains("nachmittag") || phrase.contains("afternoon") {
        Part::Afternoon
    } else if phrase.contains("vormittag") || phrase.contains("morgen") || phrase.contains("morning") {
        Part::Morning
    } else if phrase.contains("mittag")
        || phrase.contains("noon")
        || phrase.contains("midday")
        || phrase.contains("lunch")
    {
        Part::Noon
    } else {
        Part::Evening
    })
}

fn find_clock(t: &str) -> Option<Clock> {
    earliest([
        first_hit(&CLOCK, t, |c| numeric_clock(c, t)),
        first_hit(&WORD_CLOCK, t, |c| {
            let hour = count(group(c, "de").or_else(|| group(c, "en"))?)?;
            let pm = group(c, "suf").and_then(|s| (s != "o'clock").then(|| s.starts_with('p')));
            Some(Clock { hour, minute: 0, pm, exact: false })
        }),
        first_hit(&QUARTERS, t, |c| quarter_clock(group(c, "q")?, count(group(c, "n")?)?)),
    ])
}

fn numeric_clock(c: &Captures, t: &str) -> Option<Clock> {
    let tail = t.get(c.get(0)?.end()..)?;
    if tail.starts_with(|ch: char| ch.is_ascii_digit())
        || tail.starts_with(['.', ',']) && tail.chars().nth(1).is_some_and(|ch| ch.is_ascii_digit())
        || UNIT_TAIL.is_match(tail)
        || MONEY_TAIL.is_match(tail)
    {
        return None;
    }
    let hour_text = group(c, "h")?;
    let hour: u32 = hour_text.parse().ok()?;
    let mut suffix = group(c, "suf");
    if suffix == Some("am") && GERMAN_AM.is_match(tail) {
        suffix = None;
    }
    let colon = group(c, "sep") == Some(":");
    let said = group(c, "pre").is_some() || colon || suffix.is_some();
    let dotted_without_uhr = group(c, "sep") == Some(".") && group(c, "pre").is_none() && suffix.is_none();
    if !said || dotted_without_uhr {
        return None;
    }
    let minute = num(c, "m").or_else(|| num(c, "hm")).unwrap_or(0);
    let pm = suffix.filter(|s| s.starts_with('a') || s.starts_with('p')).map(|s| s.starts_with('p'));
    let exact = hour == 0 || hour >= 13 || hour_text.starts_with('0');
    let valid = minute < 60 && if pm.is_some() { (1..=12).contains(&hour) } else { hour < 24 };
    valid.then_some(Clock { hour, minute, pm, exact })
}

/// "halb drei" is 2:30 in German but "half past two" in English; quarters likewise.
fn quarter_clock(quarter: &str, n: u32) -> Option<Clock> {
    let before = |n: u32| if n <= 1 { n + 11 } else { n - 1 };
    let (hour, minute) = match quarter.split_whitespace().collect::<Vec<_>>().as_slice() {
        ["halb"] => (before(n), 30),
        ["half", _] => (n, 30),
        ["viertel", "nach"] | ["quarter", "past"] => (n, 15),
        _ => (before(n), 45),
    };
    (hour < 24).then_some(Clock { hour, minute, pm: None, exact: hour >= 13 })
}

fn resolve(clock: Clock, part: Option<Part>) -> Option<NaiveTime> {
    let h = clock.hour;
    let hour = match clock.pm {
        Some(pm) => h % 12 + if pm { 12 } else { 0 },
        None if clock.exact => h,
        None => match part {
            Some(Part::Morning) => h,
            Some(Part::Afternoon | Part::Evening) if h < 12 => h + 12,
            _ if (1..=7).contains(&h) => h + 12,
            _ => h,
        },
    };
    NaiveTime::from_hms_opt(hour, clock.minute, 0)
}

// ---------------------------------------------------------------------------------------------
// Budgets, rooms, area
// ---------------------------------------------------------------------------------------------

static AMOUNT: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?x)
        (?P<pre>€|\beur\b|\beuros?\b|\bchf\b|\bsfr\b\.?|\bfr\.)?\s*
        (?P<num>\d{1,3}(?:[.,'][0-9]{3})+(?:[.,]\d{1,2})?|\d{1,3}(?:\x20\d{3})+|\d+(?:[.,]\d+)?)
        (?:\s*(?P<mult>k\b|tsd\b\.?|tausend|thousand|mio\b\.?|millionen|million|mill\b\.?|mn\b|m\b))?
        (?:\s*(?P<post>€|eur\b|euros?\b|chf\b|franken|fr\.|sfr\b))?")
});
/// What may stand between the two ends of a range; "und"/"and" only after "zwischen"/"between".
static RANGE_SEP: LazyLock<Regex> = LazyLock::new(|| re(r"^\s*(?:-|bis(?:\s+zu)?|to|und|and|oder|or)\s*$"));
static BETWEEN: LazyLock<Regex> = LazyLock::new(|| re(r"\b(?:zwischen|between)\s*$"));
static DATES_AND_TIMES: LazyLock<Regex> = LazyLock::new(|| {
    re(r"\b\d{1,2}\.\s?\d{1,2}\.(?:\d{2,4})?|\b\d{4}-\d{1,2}-\d{1,2}\b|\b\d{1,2}:\d{2}\b|\b\d{1,2}\.\d{2}\s*uhr\b")
});
static MAX_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:\bbis(?:\s+zu)?|\bunter|\bunterhalb|\bmax\.?|\bmaximal|\bmaximum|\bhoechstens|\bnicht\s+mehr\s+als|\bup\s+to|\bunder|\bbelow|\bless\s+than|\bat\s+most|\bno\s+more\s+than)\s*:?\s*$",
    )
});
/// Words that make a following bare number a price ("Budget 400000"), read as a maximum.
static PRICE_WORDS: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?:\bbudget(?:\s+(?:von|of))?|\bkaufpreis|\bpreis|\bmiete|\bfuer|\bfor)\s*:?\s*$"));
static MIN_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:\bab|\bueber|\boberhalb|\bmind\.?|\bmindestens|\bmin\.?|\bvon|\bfrom|\bover|\babove|\bmore\s+than|\bmehr\s+als|\bat\s+least|\bminimum|\bstarting\s+at)\s*:?\s*$",
    )
});
static MONEY_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^\s*(?:miete|kaltmiete|warmmiete|monatlich|pro\s+monat|im\s+monat|/\s*monat|per\s+month|a\s+month|/\s*month|monthly|rent\b|kaufpreis|budget|kalt\b|warm\b|netto|brutto|inkl|exkl)",
    )
});

/// One number in a text with what surrounds it.
#[derive(Clone, Copy, Debug)]
struct Amount {
    start: usize,
    end: usize,
    base: f64,
    mult: Option<f64>,
    currency: bool,
    /// Written with thousands separators ("400.000"), which only prices are.
    grouped: bool,
}

impl Amount {
    fn value(self) -> i64 {
        // `as` saturates, so absurd inputs cannot overflow.
        (self.base * self.mult.unwrap_or(1.0)).round() as i64
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Bound {
    Min,
    Max,
}

/// The budget a text names. A bare amount is a maximum ("Wohnung 400.000 €" is what one can
/// spend); "ab"/"über" make a minimum; two amounts joined by "-"/"bis"/"zwischen … und" a range.
/// Numbers followed by a unit (Zimmer, m², Tage, Uhr, %) and bare years are not money; a bare
/// number without a currency, multiplier or thousands separator needs a word such as "bis",
/// "Budget" or "Miete" beside it.
pub fn parse_budget(text: &str) -> Option<Range> {
    let t = DATES_AND_TIMES.replace_all(&fold(text), |c: &Captures| " ".repeat(c[0].len())).into_owned();
    let amounts: Vec<Amount> = AMOUNT
        .captures_iter(&t)
        .filter_map(|c| amount(&c))
        .filter(|a| t.get(a.end..).is_some_and(|tail| !UNIT_TAIL.is_match(tail)))
        .collect();
    let mut range = Range::default();
    let mut i = 0;
    while let Some(&a) = amounts.get(i) {
        let before = t.get(..a.start).unwrap_or("");
        if let Some(&b) = amounts.get(i + 1)
            && let Some(between) = t.get(a.end..b.start)
            && let Some(sep) = RANGE_SEP.find(between)
            && (!sep.as_str().trim().starts_with(['u', 'a']) || BETWEEN.is_match(before))
        {
            let a =
                Amount { mult: a.mult.or(b.mult.filter(|_| a.base < b.base)), currency: a.currency || b.currency, ..a };
            if is_money(&t, a) || is_money(&t, b) {
                range.min = range.min.or(Some(a.value()));
                range.max = range.max.or(Some(b.value()));
            }
            i += 2;
            continue;
        }
        if is_money(&t, a) {
            match bound(before) {
                Bound::Min => range.min = range.min.or(Some(a.value())),
                Bound::Max => range.max = range.max.or(Some(a.value())),
            }
        }
        i += 1;
    }
    (range != Range::default()).then_some(range)
}

fn amount(c: &Captures) -> Option<Amount> {
    let whole = c.get(0)?;
    let raw = group(c, "num")?;
    let currency = group(c, "pre").is_some() || group(c, "post").is_some();
    // A lone "m" is metres unless a currency says otherwise ("CHF 1.5m").
    if group(c, "mult") == Some("m") && !currency {
        return None;
    }
    let mult = group(c, "mult").map(|m| if m.starts_with(['k', 't']) { 1e3 } else { 1e6 });
    let (base, grouped) = parse_number(raw, mult.is_some())?;
    Some(Amount {
        start: whole.start(),
        end: whole.end(),
        base,
        mult,
        currency,
        grouped: grouped && !raw.contains(' '),
    })
}

/// A number with `.` `,` `'` or space as thousands separator, or `.`/`,` as decimal point: a
/// last group of three digits is thousands, except in "1.250 Mio".
fn parse_number(raw: &str, scaled: bool) -> Option<(f64, bool)> {
    let groups: Vec<&str> = raw.split(['.', ',', '\'', ' ']).collect();
    let (int, frac) = match groups.as_slice() {
        [single] => ((*single).to_owned(), None),
        [head @ .., last] if last.len() != 3 || (scaled && head.len() == 1) => (head.concat(), Some(*last)),
        all => (all.concat(), None),
    };
    let grouped = groups.len() > 2 || (groups.len() == 2 && frac.is_none());
    let text = match frac {
        Some(f) => format!("{int}.{f}"),
        None => int,
    };
    text.parse().ok().map(|v| (v, grouped))
}

fn is_money(t: &str, a: Amount) -> bool {
    if a.currency || a.mult.is_some() {
        return true;
    }
    let before = t.get(..a.start).unwrap_or("");
    let after = t.get(a.end..).unwrap_or("");
    let rent_word = MONEY_AFTER.is_match(after);
    let year = !a.grouped && (1900.0..=2100.0).contains(&a.base) && a.base.fract() == 0.0;
    if year && !rent_word {
        return false;
    }
    let keyword = MAX_WORDS.is_match(before) || MIN_WORDS.is_match(before) || PRICE_WORDS.is_match(before);
    (a.grouped && a.base >= 1000.0) || ((keyword || rent_word) && a.base >= 100.0)
}

fn bound(before: &str) -> Bound {
    if MIN_WORDS.is_match(before) { Bound::Min } else { Bound::Max }
}

const ROOM_NUMBER: &str =
    r"\d{1,2}(?:[.,]5)?|(?:ein|zwei|drei|vier|fuenf|sechs)(?:einhalb)?|eins|eine[mnr]?|one|two|three|four|five|six";
const ROOM_UNIT: &str = r"zimmer|zi\b\.?|raeume|raum|zkb|rooms?\b|schlafzimmer|bedrooms?\b|beds?\b|br\b";

static ROOMS: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"\b(?:(?P<a>{ROOM_NUMBER})\s*(?:-|bis|to|und|or|oder)\s*)?(?P<n>{ROOM_NUMBER})\s*(?P<plus>\+)?\s*-?\s*(?P<unit>{ROOM_UNIT})"
    ))
});

/// A room count: a bare "3 Zimmer" is at least three (a search that should not hide the
/// four-room flat), "bis 4 Zimmer" at most four, "2-3 Zimmer" both ends. An N-bedroom home has
/// at least N+1 rooms (the living room).
pub fn parse_rooms(text: &str) -> Option<Rooms> {
    let t = fold(text);
    let mut rooms = Rooms::default();
    for c in ROOMS.captures_iter(&t) {
        let Some(whole) = c.get(0) else { continue };
        let unit = group(&c, "unit").unwrap_or("");
        let extra = if unit.contains("schlaf") || unit.starts_with('b') { 1.0 } else { 0.0 };
        let Some(n) = group(&c, "n").and_then(room_number).map(|n| n + extra) else { continue };
        if let Some(a) = group(&c, "a").and_then(room_number) {
            rooms.min = rooms.min.or(Some(a + extra));
            rooms.max = rooms.max.or(Some(n));
        } else if group(&c, "plus").is_none() && MAX_WORDS.is_match(t.get(..whole.start()).unwrap_or("")) {
            rooms.max = rooms.max.or(Some(n));
        } else {
            rooms.min = rooms.min.or(Some(n));
        }
    }
    (rooms != Rooms::default()).then_some(rooms)
}

fn room_number(word: &str) -> Option<f64> {
    if let Ok(n) = word.replace(',', ".").parse::<f64>() {
        return Some(n);
    }
    match word.strip_suffix("einhalb") {
        Some(whole) => number_word(whole).map(|n| f64::from(n) + 0.5),
        None => number_word(word).map(f64::from),
    }
}

const AREA_NUMBER: &str = r"\d{1,3}(?:[.,']\d{3})+|\d{1,5}(?:[.,]\d{1,2})?";
const AREA_UNIT: &str = r"(?:m2|m²|m\^2|qm\b|quadratmeter|sqm\b|sq\.?\s?m\b|square\s+met(?:er|re)s?)";

static AREA: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"\b(?:(?P<a>{AREA_NUMBER})\s*(?:-|bis|to|und|and)\s*)?(?P<n>{AREA_NUMBER})\s*(?P<plus>\+)?\s*{AREA_UNIT}"
    ))
});

/// Living area in m² as a range. As with rooms, a bare "80 m²" is a minimum, "bis 90 m²" a
/// maximum, "60-90 m²" both.
pub fn parse_area(text: &str) -> Option<Range> {
    let t = fold(text);
    let mut range = Range::default();
    let area = |s: &str| parse_number(s, false).map(|(v, _)| v.round() as i64);
    for c in AREA.captures_iter(&t) {
        let Some(whole) = c.get(0) else { continue };
        let Some(n) = group(&c, "n").and_then(area) else { continue };
        if let Some(a) = group(&c, "a").and_then(area) {
            range.min = range.min.or(Some(a));
            range.max = range.max.or(Some(n));
        } else if group(&c, "plus").is_none() && MAX_WORDS.is_match(t.get(..whole.start()).unwrap_or("")) {
            range.max = range.max.or(Some(n));
        } else {
            range.min = range.min.or(Some(n));
        }
    }
    (range != Range::default()).then_some(range)
}

// ---------------------------------------------------------------------------------------------
// Language
// ---------------------------------------------------------------------------------------------

/// Words frequent in one language and rare in the others ("in", "so", "was" are left out).
static STOP_WORDS: LazyLock<[(Language, HashSet<&'static str>); 4]> = LazyLock::new(|| {
    [
        (
            Language::De,
            word_set(
                "der die das und ist ich nicht mit sie ein eine einen es für fuer auf dem den des zu wir ihr ihre
            ihnen sehr gerne gern bitte hallo guten tag wohnung haben habe hätte würde möchte moechte
            interesse besichtigung ob noch auch wie wann können könnten mich mir uns vielen dank grüße grüßen
            gruesse freundlichen liebe geehrte geehrter damen herren ja nein aber oder wäre bei nach über kann
            sind schon jetzt dass mein meine termin zimmer miete suche zeige zeig welche neue neuen hast dir
            dich bist kannst weißt weisst mal",
            ),
        ),
        (
            Language::En,
            word_set(
                "the and is are i you we to of for with this that have has would like please hello hi thanks thank
            interested viewing apartment flat could my your it be at can there available regards dear best
            still do does what when how our show new from if any about looking forward not kind which who many
            me book",
            ),
        ),
        (
            Language::Fr,
            word_set(
                "le la les et est je vous nous des du une pour avec bonjour merci cordialement suis serait dans pas
            qui que au aux ce cette votre vos mon ma mes sur visite appartement salutations madame monsieur
            encore disponible très à être j qu il elle sont voudrais aimerais bien mais où intéressé
            intéressée possible visiter",
            ),
        ),
        (
            Language::It,
            word_set(
                "il lo gli e è di del della dei che per con sono un una buongiorno salve grazie vorrei appartamento
            visita cordiali saluti sarebbe possibile mi ci questo questa non molto gentile ancora disponibile
            ho ha sua suo la le buona sera casa nel nella alla al da come quando interessato interessata
            distinti visitare",
            ),
        ),
    ]
});

/// Where a body ends and a mail client's or portal's footer begins; footers are often English
/// under a German inquiry.
static FOOTER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?im)^\s*--\s*$|^\s*__+|sent from my|von meinem \w+ gesendet|gesendet von|this (?:e-?mail|message) (?:was|has been) sent|diese (?:e-?mail|nachricht) wurde|sent via|please do not reply|get outlook",
    )
});

/// By stop-word frequency; German when nothing tells (the default market). A mail footer is
/// ignored when the body before it tells.
pub fn detect_language(text: &str) -> Language {
    let body = FOOTER.find(text).and_then(|m| text.get(..m.start())).unwrap_or(text);
    let scores = language_scores(body);
    let scores = if scores.iter().all(|&s| s == 0) { language_scores(text) } else { scores };
    let best = scores.iter().copied().max().unwrap_or(0);
    if best == 0 {
        return Language::De;
    }
    STOP_WORDS.iter().zip(scores).find(|(_, s)| *s == best).map_or(Language::De, |((lang, _), _)| *lang)
}

fn language_scores(text: &str) -> [usize; 4] {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower.split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty()).collect();
    let mut scores = [0; 4];
    for (score, (_, list)) in scores.iter_mut().zip(STOP_WORDS.iter()) {
        *score = words.iter().filter(|w| list.contains(*w)).count();
    }
    scores
}

#[cfg(test)]
mod tests {
    use chrono_tz::Europe::{Berlin, Vienna, Zurich};

    use super::*;

    fn at(tz: Tz, (y, mo, d): (i32, u32, u32), (h, mi, s): (u32, u32, u32)) -> DateTime<Tz> {
        tz.with_ymd_and_hms(y, mo, d, h, mi, s).single().unwrap()
    }

    /// Wednesday, 2 December 2026, 14:30 in Vienna.
    fn now() -> DateTime<Tz> {
        at(Vienna, (2026, 12, 2), (14, 30, 0))
    }

    fn day(d: (i32, u32, u32)) -> When {
        When { start: at(Vienna, d, (0, 0, 0)), end: at(Vienna, d, (23, 59, 59)), precision: Precision::Day }
    }

    fn time(d: (i32, u32, u32), h: u32, m: u32) -> When {
        let start = at(Vienna, d, (h, m, 0));
        When { start, end: start + Duration::hours(1), precision: Precision::Time }
    }

    fn part(d: (i32, u32, u32), from: u32, to: u32) -> When {
        When { start: at(Vienna, d, (from, 0, 0)), end: at(Vienna, d, (to, 0, 0)), precision: Precision::PartOfDay }
    }

    const DATES: &[(&str, (i32, u32, u32))] = &[
        ("heute", (2026, 12, 2)),
        ("Termin morgen?", (2026, 12, 3)),
        ("übermorgen", (2026, 12, 4)),
        ("uebermorgen bitte", (2026, 12, 4)),
        ("today", (2026, 12, 2)),
        ("tomorrow", (2026, 12, 3)),
        ("the day after tomorrow", (2026, 12, 4)),
        ("am Dienstag", (2026, 12, 8)),
        ("nächsten Dienstag", (2026, 12, 8)),
        ("naechsten dienstag", (2026, 12, 8)),
        ("kommenden Freitag", (2026, 12, 4)),
        ("am Mittwoch", (2026, 12, 9)),
        ("next Tuesday", (2026, 12, 8)),
        ("on Friday", (2026, 12, 4)),
        ("nächste Woche Dienstag", (2026, 12, 8)),
        ("Donnerstag nächste Woche", (2026, 12, 10)),
        ("next week Monday", (2026, 12, 7)),
        ("in 3 Tagen", (2026, 12, 5)),
        ("in 2 Wochen", (2026, 12, 16)),
        ("in three days", (2026, 12, 5)),
        ("in einer Woche", (2026, 12, 9)),
        ("am 12.12.", (2026, 12, 12)),
        ("12.12.2026", (2026, 12, 12)),
        ("am 1.12.", (2027, 12, 1)),
        ("2.12.", (2026, 12, 2)),
        ("12. Dezember", (2026, 12, 12)),
        ("3. Jänner", (2027, 1, 3)),
        ("am 3. Jaenner 2027", (2027, 1, 3)),
        ("December 12", (2026, 12, 12)),
        ("Dec 12, 2026", (2026, 12, 12)),
        ("12 Dec 2026", (2026, 12, 12)),
        ("on the 5th of January", (2027, 1, 5)),
        ("2026-12-12", (2026, 12, 12)),
    ];

    #[test]
    fn dates_are_whole_days() {
        for (text, d) in DATES {
            assert_eq!(parse_when(text, now()), Some(day(*d)), "{text}");
        }
    }

    #[test]
    fn next_week_is_monday_to_sunday() {
        let week = When {
            start: at(Vienna, (2026, 12, 7), (0, 0, 0)),
            end: at(Vienna, (2026, 12, 13), (23, 59, 59)),
            precision: Precision::Day,
        };
        for text in ["nächste Woche", "in der kommenden Woche", "next week"] {
            assert_eq!(parse_when(text, now()), Some(week.clone()), "{text}");
        }
        assert_eq!(named_day("Termine nächste Woche", now().date_naive()), NaiveDate::from_ymd_opt(2026, 12, 7));
    }

    #[test]
    fn clock_times() {
        let cases: &[(&str, When)] = &[
            ("um 10", time((2026, 12, 3), 10, 0)),
            ("um 10 Uhr", time((2026, 12, 3), 10, 0)),
            ("10:30", time((2026, 12, 3), 10, 30)),
            ("10.30 Uhr", time((2026, 12, 3), 10, 30)),
            ("14h", time((2026, 12, 3), 14, 0)),
            ("um 18 Uhr", time((2026, 12, 2), 18, 0)),
            ("at 10", time((2026, 12, 3), 10, 0)),
            ("at 3pm", time((2026, 12, 2), 15, 0)),
            ("3:30 pm", time((2026, 12, 2), 15, 30)),
            ("halb vier", time((2026, 12, 2), 15, 30)),
            ("morgen um halb drei", time((2026, 12, 3), 14, 30)),
            ("halb zehn", time((2026, 12, 3), 9, 30)),
            ("Viertel nach 10", time((2026, 12, 3), 10, 15)),
            ("um zehn Uhr", time((2026, 12, 3), 10, 0)),
            ("morgen um 3", time((2026, 12, 3), 15, 0)),
            ("morgen um 07:00", time((2026, 12, 3), 7, 0)),
            ("morgen vormittags um 10", time((2026, 12, 3), 10, 0)),
            ("heute abend um 8", time((2026, 12, 2), 20, 0)),
            ("nächsten Dienstag um 10", time((2026, 12, 8), 10, 0)),
            ("um 3 am Freitag", time((2026, 12, 4), 15, 0)),
            ("Friday at 10am", time((2026, 12, 4), 10, 0)),
        ];
        for (text, when) in cases {
            assert_eq!(parse_when(text, now()).as_ref(), Some(when), "{text}");
        }
    }

    #[test]
    fn parts_of_day() {
        let cases: &[(&str, When)] = &[
            ("vormittags", part((2026, 12, 3), 9, 12)),
            ("am Vormittag", part((2026, 12, 3), 9, 12)),
            ("in the morning", part((2026, 12, 3), 9, 12)),
            ("mittags", part((2026, 12, 3), 12, 14)),
            ("nachmittags", part((2026, 12, 2), 14, 18)),
            ("afternoon", part((2026, 12, 2), 14, 18)),
            ("abends", part((2026, 12, 2), 18, 21)),
            ("evening", part((2026, 12, 2), 18, 21)),
            ("übermorgen nachmittags", part((2026, 12, 4), 14, 18)),
            ("tomorrow morning", part((2026, 12, 3), 9, 12)),
            ("nächsten Dienstag nachmittags", part((2026, 12, 8), 14, 18)),
        ];
        for (text, when) in cases {
            assert_eq!(parse_when(text, now()).as_ref(), Some(when), "{text}");
        }
    }

    #[test]
    fn no_date_is_read_into_other_numbers() {
        for text in ["Guten Morgen, wie geht's?", "Hallo", "um 10.000 € reduzieren", "3 Zimmer ab 250.000", "80 m²"]
        {
            assert_eq!(parse_when(text, now()), None, "{text}");
        }
    }

    #[test]
    fn dst_gap_and_other_zones() {
        let saturday = at(Vienna, (2026, 3, 28), (10, 0, 0));
        let sunday = parse_when("morgen", saturday).unwrap();
        assert_eq!(sunday.start.to_rfc3339(), "2026-03-29T00:00:00+01:00");
        assert_eq!(sunday.end.to_rfc3339(), "2026-03-29T23:59:59+02:00");
        // 02:30 does not exist that night; the first time that does is 03:00 summer time.
        assert_eq!(parse_when("morgen um 02:30", saturday).unwrap().start.to_rfc3339(), "2026-03-29T03:00:00+02:00");
        assert_eq!(
            parse_when("morgen um halb drei", saturday).unwrap().start.to_rfc3339(),
            "2026-03-29T14:30:00+02:00"
        );

        let berlin = parse_when("morgen um 10", at(Berlin, (2026, 12, 2), (14, 30, 0))).unwrap();
        assert_eq!(berlin.start.to_rfc3339(), "2026-12-03T10:00:00+01:00");
        assert_eq!(berlin.start.timezone(), Berlin);
        let zurich = parse_when("übermorgen nachmittags", at(Zurich, (2026, 6, 10), (9, 0, 0))).unwrap();
        assert_eq!(zurich.start.to_rfc3339(), "2026-06-12T14:00:00+02:00");
        assert_eq!(zurich.end.to_rfc3339(), "2026-06-12T18:00:00+02:00");
    }

    fn range(min: Option<i64>, max: Option<i64>) -> Option<Range> {
        Some(Range { min, max })
    }

    #[test]
    fn budgets() {
        let cases: &[(&str, Option<Range>)] = &[
            ("bis 400.000", range(None, Some(400_000))),
            ("unter 400.000 €", range(None, Some(400_000))),
            ("max. 400k", range(None, Some(400_000))),
            ("400 Tsd.", range(None, Some(400_000))),
            ("zwischen 300.000 und 450.000", range(Some(300_000), Some(450_000))),
            ("300-450k", range(Some(300_000), Some(450_000))),
            ("300.000 € bis 450.000 €", range(Some(300_000), Some(450_000))),
            ("ab 250.000", range(Some(250_000), None)),
            ("1,2 Mio", range(None, Some(1_200_000))),
            ("up to 1.2 million", range(None, Some(1_200_000))),
            ("between 1 and 1.5 million", range(Some(1_000_000), Some(1_500_000))),
            ("under €400,000", range(None, Some(400_000))),
            ("under CHF 1.5m", range(None, Some(1_500_000))),
            ("€ 1.500 Miete", range(None, Some(1500))),
            ("bis 1200 Miete", range(None, Some(1200))),
            ("Budget 400000", range(None, Some(400_000))),
            ("CHF 1'250'000", range(None, Some(1_250_000))),
            ("bis 400 000 €", range(None, Some(400_000))),
            ("ab 200.000 und max 400.000", range(Some(200_000), Some(400_000))),
            ("3 Zimmer, 80 m², Baujahr 2015, bis 350.000", range(None, Some(350_000))),
            ("am 12.12. um 10:30, bis 500k", range(None, Some(500_000))),
            ("3 Zimmer in 1010 Wien", None),
            ("in den letzten 30 Tagen", None),
            ("bis 2030", None),
            ("zeige meine Leads", None),
        ];
        for (text, want) in cases {
            assert_eq!(parse_budget(text), *want, "{text}");
        }
    }

    #[test]
    fn rooms() {
        let r = |min: Option<f64>, max: Option<f64>| Some(Rooms { min, max });
        let cases: &[(&str, Option<Rooms>)] = &[
            ("3 Zimmer", r(Some(3.0), None)),
            ("3-Zimmer-Wohnung", r(Some(3.0), None)),
            ("3,5 Zimmer", r(Some(3.5), None)),
            ("mind. 3 Zimmer", r(Some(3.0), None)),
            ("ab 3 Zimmern", r(Some(3.0), None)),
            ("2-3 Zimmer", r(Some(2.0), Some(3.0))),
            ("zwischen 2 und 3 Zimmern", r(Some(2.0), Some(3.0))),
            ("bis 4 Zimmer", r(None, Some(4.0))),
            ("3 rooms", r(Some(3.0), None)),
            ("at most 4 rooms", r(None, Some(4.0))),
            ("3-bedroom house", r(Some(4.0), None)),
            ("Dreizimmerwohnung", r(Some(3.0), None)),
            ("zweieinhalb Zimmer", r(Some(2.5), None)),
            ("zwei Zimmer", r(Some(2.0), None)),
            ("two rooms", r(Some(2.0), None)),
            ("4+ Zimmer", r(Some(4.0), None)),
            ("Wohnung bis 400.000", None),
        ];
        for (text, want) in cases {
            assert_eq!(parse_rooms(text), *want, "{text}");
        }
    }

    #[test]
    fn areas() {
        let cases: &[(&str, Option<Range>)] = &[
            ("80 m²", range(Some(80), None)),
            ("80 qm", range(Some(80), None)),
            ("ab 80 m2", range(Some(80), None)),
            ("60-90 m²", range(Some(60), Some(90))),
            ("mindestens 100 Quadratmeter", range(Some(100), None)),
            ("over 80 sqm", range(Some(80), None)),
            ("bis 70 m²", range(None, Some(70))),
            ("Grundstück mit 1.200 m²", range(Some(1200), None)),
            ("3 Zimmer bis 400.000", None),
        ];
        for (text, want) in cases {
            assert_eq!(parse_area(text), *want, "{text}");
        }
    }

    #[test]
    fn languages() {
        let cases: &[(&str, Language)] = &[
            ("Hallo, ist die Wohnung noch frei?", Language::De),
            ("Guten Tag, ich hätte Interesse an einer Besichtigung. Mit freundlichen Grüßen", Language::De),
            ("Hi, is the flat still available? I would like to book a viewing.", Language::En),
            ("Dear Sir or Madam, I am interested in the apartment. Best regards", Language::En),
            ("Bonjour, l'appartement est-il encore disponible ? Je voudrais le visiter.", Language::Fr),
            ("Buongiorno, l'appartamento è ancora disponibile? Vorrei fissare una visita. Grazie", Language::It),
            (
                "Guten Tag, ich interessiere mich für die Wohnung in Wien. Ist eine Besichtigung möglich?\n\n\
                 This message was sent to you via ImmoScout24. Please do not reply to this email, as the \
                 mailbox is not monitored and you will not be able to reach us there.",
                Language::De,
            ),
            ("Hello, ich suche eine Wohnung in Wien mit 3 Zimmern", Language::De),
            ("", Language::De),
            ("12345 !!!", Language::De),
            ("Wohnung Wien 3 Zimmer", Language::De),
            ("was hast du dir gemerkt?", Language::De),
        ];
        for (text, want) in cases {
            assert_eq!(detect_language(text), *want, "{text}");
        }
        assert_eq!(Language::It.code(), "it");
    }

    #[test]
    fn no_input_panics() {
        let mut phrases: Vec<&str> = DATES.iter().map(|(t, _)| *t).collect();
        phrases.extend([
            "morgen um halb drei übermorgen nachmittags 10.30 Uhr 3:30 pm",
            "zwischen 300.000 und 450.000 € 1'250'000 CHF 3,5 Zimmer 60-90 m² ½",
            "Viertel vor 12 quarter to 3 half past 2 in 999 Wochen 99.99.9999",
            "Ääöüß ÉÈ 🏠 m² – — İstanbul 12.12. 2026-13-45 um 25:99",
        ]);
        for phrase in phrases {
            for (i, _) in phrase.char_indices().chain([(phrase.len(), ' ')]) {
                let cut = &phrase[..i];
                let _ = (parse_when(cut, now()), parse_budget(cut), parse_rooms(cut), parse_area(cut));
                let _ = detect_language(cut);
            }
        }
    }
}
