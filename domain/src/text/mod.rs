//! Reading what people write: the language of a text, the dates and times, amounts, room counts
//! and areas it names (`extract`), and how keen an inquiry sounds (`sentiment`, keywords). Pure
//! functions of the text (and the office's clock), German and English, no model: the offline
//! assistant, intake and the tools share them.

pub mod dates;
pub mod language;
pub mod money;
pub mod rooms;
pub mod sentiment;
mod words;

pub use dates::{When, named_day, parse_when};
pub use language::{Language, detect_language};
pub use money::parse_budget;
pub use rooms::{Rooms, parse_area, parse_rooms};
pub(crate) use words::{MONTHS, WEEKDAYS, fold, month_word, re, weekday_word, word_set};

/// A range of whole euros (or francs), or of square metres: `min` and/or `max`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Range {
    pub min: Option<i64>,
    pub max: Option<i64>,
}

/// The range the budget and area readers' tests expect.
#[cfg(test)]
fn range(min: Option<i64>, max: Option<i64>) -> Option<Range> {
    Some(Range { min, max })
}
