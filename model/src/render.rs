//! The port through which codes become text in a reader's language. The catalogue
//! (`app::i18n::Catalogue`) implements it; the API and the assistant render through it, so that
//! the domain stores codes and no layer below the UI holds a sentence.

use crate::{ActivityDetail, Locale, Phrase, ScoreFactorCode, ScoreReason};

pub trait Render: Send + Sync {
    fn activity(&self, locale: Locale, detail: &ActivityDetail) -> String;
    fn score_factor(&self, locale: Locale, factor: ScoreFactorCode) -> String;
    fn score_reason(&self, locale: Locale, reason: &ScoreReason) -> String;
    fn phrase(&self, locale: Locale, phrase: &Phrase) -> String;
}
