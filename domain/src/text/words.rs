//! Words and patterns the readers share: folding, weekday and month names, number words, and
//! the first-match helpers.

use std::collections::HashSet;

use chrono::Weekday;
use regex::{Captures, Regex};

/// Every weekday name the readers know, as a regex alternation of folded words.
pub(crate) const WEEKDAYS: &str = "montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonnabend|sonntag|monday|tuesday|wednesday|thursday|friday|saturday|sunday";
/// Month names and their abbreviations, longest first so an alternation takes the whole word.
pub(crate) const MONTHS: &str = "jaenner|januar|january|jan|feber|februar|february|feb|maerz|march|mar|april|apr|mai|may|juni|june|jun|juli|july|jul|august|aug|september|sept|sep|oktober|october|okt|oct|november|nov|dezember|december|dez|dec";
pub(super) const NUMBER_WORDS: &str = "eins|ein|einer|einem|eine|zwei|drei|vier|fuenf|sechs|sieben|acht|neun|zehn|elf|zwoelf|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a|an";
pub(super) const DE_HOURS: &str = "eins|ein|zwei|drei|vier|fuenf|sechs|sieben|acht|neun|zehn|elf|zwoelf";
pub(super) const EN_HOURS: &str = "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve";

/// Lower case with umlauts spelled out and accents dropped, the form every pattern here is in.
pub(crate) fn fold(text: &str) -> String {
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
pub(crate) fn weekday_word(word: &str) -> Option<Weekday> {
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
pub(crate) fn month_word(word: &str) -> Option<u32> {
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

pub(super) fn number_word(word: &str) -> Option<u32> {
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
pub(super) fn count(word: &str) -> Option<u32> {
    word.parse().ok().or_else(|| number_word(word))
}

/// The words of a whitespace-separated list, for membership tests.
pub(crate) fn word_set(list: &'static str) -> HashSet<&'static str> {
    list.split_whitespace().collect()
}

/// Compiles a built-in pattern (here and in the offline rules). A typo in one is a bug the tests hit at once, never
/// something input can cause, so failing loudly is the honest answer.
pub(crate) fn re(pattern: &str) -> Regex {
    match Regex::new(pattern) {
        Ok(regex) => regex,
        Err(e) => panic!("invalid built-in pattern {pattern:?}: {e}"),
    }
}

/// A match of one reader: where it starts and how long it is, so the earliest (then longest) of
/// several readers wins — "the first phrase in the text".
pub(super) struct Hit<T> {
    at: usize,
    len: usize,
    value: T,
}

pub(super) fn first_hit<T>(regex: &Regex, text: &str, read: impl Fn(&Captures) -> Option<T>) -> Option<Hit<T>> {
    regex.captures_iter(text).find_map(|c| {
        let m = c.get(0)?;
        read(&c).map(|value| Hit { at: m.start(), len: m.len(), value })
    })
}

pub(super) fn earliest<T>(hits: impl IntoIterator<Item = Option<Hit<T>>>) -> Option<T> {
    hits.into_iter().flatten().min_by_key(|h| (h.at, std::cmp::Reverse(h.len))).map(|h| h.value)
}

pub(super) fn group<'t>(c: &Captures<'t>, name: &str) -> Option<&'t str> {
    c.name(name).map(|m| m.as_str())
}

pub(super) fn num<T: std::str::FromStr>(c: &Captures, name: &str) -> Option<T> {
    group(c, name)?.parse().ok()
}
