//! Dates and times: "nächsten Dienstag nachmittags", "um halb drei", "12.12." read relative to
//! the office's clock, in its time zone.

use std::sync::LazyLock;

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Weekday};
use chrono_tz::Tz;
use regex::{Captures, Regex};

use super::words::*;
use model::TimePrecision;

/// A point or stretch of time named in text, in the office's time zone.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct When {
    pub start: DateTime<Tz>,
    /// The last moment included: 23:59:59 for days, the end of the part of day, start + 1 h.
    pub end: DateTime<Tz>,
    pub precision: TimePrecision,
}

impl When {
    /// As a lead's viewing wish is kept: in UTC.
    pub fn as_wish(&self) -> model::ViewingWish {
        model::ViewingWish { from: self.start.to_utc(), to: self.end.to_utc(), precision: self.precision }
    }
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
pub(super) static UNIT_TAIL: LazyLock<Regex> = LazyLock::new(|| {
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
        return Some(When { start, end, precision: TimePrecision::Time });
    }
    if let Some(part) = part {
        let (from, to) = part.hours();
        let (from, to) = (NaiveTime::from_hms_opt(from, 0, 0)?, NaiveTime::from_hms_opt(to, 0, 0)?);
        let date = match days {
            Some(d) => d.first(),
            None if local(tz, today, to) > now => today,
            None => today.succ_opt()?,
        };
        return Some(When {
            start: local(tz, date, from),
            end: local(tz, date, to),
            precision: TimePrecision::PartOfDay,
        });
    }
    let days = days?;
    Some(When {
        start: local(tz, days.first(), NaiveTime::MIN),
        end: local(tz, days.last(), END_OF_DAY),
        precision: TimePrecision::Day,
    })
}

/// The first day a text names (the Monday of "nächste Woche"), or `None` when it names only a
/// time or none at all; for callers that must not invent a date.
pub fn named_day(text: &str, today: NaiveDate) -> Option<NaiveDate> {
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
        When { start: at(Vienna, d, (0, 0, 0)), end: at(Vienna, d, (23, 59, 59)), precision: TimePrecision::Day }
    }

    fn time(d: (i32, u32, u32), h: u32, m: u32) -> When {
        let start = at(Vienna, d, (h, m, 0));
        When { start, end: start + Duration::hours(1), precision: TimePrecision::Time }
    }

    fn part(d: (i32, u32, u32), from: u32, to: u32) -> When {
        When { start: at(Vienna, d, (from, 0, 0)), end: at(Vienna, d, (to, 0, 0)), precision: TimePrecision::PartOfDay }
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
            precision: TimePrecision::Day,
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
                let _ = (
                    parse_when(cut, now()),
                    super::super::parse_budget(cut),
                    super::super::parse_rooms(cut),
                    super::super::parse_area(cut),
                );
                let _ = super::super::detect_language(cut);
            }
        }
    }
}
