//! Room counts ("3,5 Zimmer", "2-3 rooms") and living areas ("60-90 m²").

use std::sync::LazyLock;

use regex::Regex;

use super::Range;
use super::money::{MAX_WORDS, parse_number};
use super::words::*;

/// A room-count range; half rooms exist in AT/CH ("3,5 Zimmer").
#[derive(Clone, Copy, Debug, Default, PartialEq, serde::Serialize)]
pub struct Rooms {
    pub min: Option<f64>,
    pub max: Option<f64>,
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

#[cfg(test)]
mod tests {
    use super::super::range;
    use super::*;

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
}
