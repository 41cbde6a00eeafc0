//! How keen an inquiry sounds. A quick keyword score (German and English) runs at intake, in
//! process and instantly; `SentimentAnalyzer` is the seam for a model-based analyzer later (an
//! LLM call belongs in a job, not in the intake transaction).

use serde::{Deserialize, Serialize};

use crate::Result;

/// What a matched keyword says about the sender.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Signal {
    /// Wants to move fast.
    Urgency,
    /// Means to buy or rent: money ready, viewing wanted.
    Buying,
    /// Only browsing, or keeping their distance.
    Risk,
}

impl Signal {
    fn weight(self) -> i32 {
        match self {
            Signal::Urgency | Signal::Buying => 20,
            Signal::Risk => -35,
        }
    }
}

pub use model::SentimentLabel;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeywordMatch {
    pub keyword: String,
    pub signal: Signal,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sentiment {
    /// -100 (only browsing) .. 100 (ready to sign).
    pub score: i32,
    pub label: SentimentLabel,
    /// Each keyword once, in the order of the keyword list.
    pub matched: Vec<KeywordMatch>,
    /// Which analyzer judged: `keywords` or `model`.
    #[serde(default = "keywords_name")]
    pub analyzer: String,
    /// The model's reading (none from the keyword score): how urgent, and the emotional tone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub urgency: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tone: Option<String>,
}

fn keywords_name() -> String {
    "keywords".into()
}

impl Sentiment {
    pub fn from_score(score: i32, matched: Vec<KeywordMatch>) -> Self {
        let score = score.clamp(-100, 100);
        let label = match score {
            20.. => SentimentLabel::Positive,
            ..=-20 => SentimentLabel::Negative,
            _ => SentimentLabel::Neutral,
        };
        Self { score, label, matched, analyzer: keywords_name(), urgency: None, tone: None }
    }
}

/// Reads how keen a text sounds. Implementations: `KeywordSentiment`, and the model-based
/// `ai::sentiment::ModelSentiment` (which falls back to the keywords). The result names the
/// analyzer that judged.
#[async_trait::async_trait]
pub trait SentimentAnalyzer: Send + Sync {
    async fn analyze(&self, tenant: model::TenantId, text: &str) -> Result<Sentiment>;
}

/// Keywords as written in inquiries, lower case, spaces between words. A keyword matches at the
/// start of a word and may continue (German compounds: "Besichtigungstermin" is "besichtigung").
const KEYWORDS: &[(&str, Signal)] = &[
    // Urgency
    ("dringend", Signal::Urgency),
    ("schnellstmöglich", Signal::Urgency),
    ("so schnell wie möglich", Signal::Urgency),
    ("ab sofort", Signal::Urgency),
    ("zeitnah", Signal::Urgency),
    ("asap", Signal::Urgency),
    ("urgent", Signal::Urgency),
    ("as soon as possible", Signal::Urgency),
    // Buying signals
    ("finanzierungszusage", Signal::Buying),
    ("finanzierungsbestätigung", Signal::Buying),
    ("eigenkapital", Signal::Buying),
    ("kaufen", Signal::Buying),
    ("kaufinteresse", Signal::Buying),
    ("besichtigung", Signal::Buying),
    ("besichtigen", Signal::Buying),
    ("mortgage approval", Signal::Buying),
    ("pre approved", Signal::Buying),
    ("down payment", Signal::Buying),
    ("cash buyer", Signal::Buying),
    ("viewing", Signal::Buying),
    // Risk signals
    ("nur schauen", Signal::Risk),
    ("nur mal schauen", Signal::Risk),
    ("unverbindlich", Signal::Risk),
    ("makler nein danke", Signal::Risk),
    ("keine makler", Signal::Risk),
    ("keine eile", Signal::Risk),
    ("just looking", Signal::Risk),
    ("just browsing", Signal::Risk),
    ("no obligation", Signal::Risk),
    ("no agents", Signal::Risk),
];

/// Lower case, every run of non-alphanumeric characters one space, padded with spaces so that
/// " keyword" finds a keyword at the start of any word.
fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push(' ');
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with(' ') {
            out.push(' ');
        }
    }
    out.push(' ');
    out
}

/// The keyword quick score: +20 per urgency or buying keyword, -35 per risk keyword (one
/// "nur schauen" outweighs one "Besichtigung"), each keyword counted once, clamped to ±100.
pub fn quick_score(text: &str) -> Sentiment {
    let haystack = normalise(text);
    let matched: Vec<KeywordMatch> = KEYWORDS
        .iter()
        .filter(|(keyword, _)| haystack.contains(&format!(" {keyword}")))
        .map(|(keyword, signal)| KeywordMatch { keyword: (*keyword).to_owned(), signal: *signal })
        .collect();
    let score = matched.iter().map(|m| m.signal.weight()).sum();
    Sentiment::from_score(score, matched)
}

#[derive(Clone, Copy, Debug, Default)]
pub struct KeywordSentiment;

#[async_trait::async_trait]
impl SentimentAnalyzer for KeywordSentiment {
    async fn analyze(&self, _tenant: model::TenantId, text: &str) -> Result<Sentiment> {
        Ok(quick_score(text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keywords(s: &Sentiment) -> Vec<&str> {
        s.matched.iter().map(|m| m.keyword.as_str()).collect()
    }

    #[test]
    fn german_buying_and_urgency() {
        let s = quick_score(
            "Wir möchten die Wohnung KAUFEN, die Finanzierungszusage liegt vor. Ein Besichtigungstermin wäre dringend!",
        );
        assert_eq!(keywords(&s), ["dringend", "finanzierungszusage", "kaufen", "besichtigung"]);
        assert_eq!(s.score, 80);
        assert_eq!(s.label, SentimentLabel::Positive);
    }

    #[test]
    fn english() {
        let s = quick_score("Urgent: we'd like a viewing ASAP.");
        assert_eq!(keywords(&s), ["asap", "urgent", "viewing"]);
        assert_eq!(s.score, 60);
        let s = quick_score("Just looking, no obligation.");
        assert_eq!((s.score, s.label), (-70, SentimentLabel::Negative));
    }

    #[test]
    fn risk_signals_across_punctuation() {
        let s = quick_score("Makler: nein, danke! Ich will nur schauen, ganz unverbindlich.");
        assert_eq!(keywords(&s), ["nur schauen", "unverbindlich", "makler nein danke"]);
        assert_eq!(s.score, -100, "clamped");
        assert_eq!(s.label, SentimentLabel::Negative);
    }

    #[test]
    fn words_match_at_their_start_only() {
        // "verkaufen" is not "kaufen"; "Eigenkapitalquote" is "Eigenkapital".
        let s = quick_score("Wir verkaufen unsere Wohnung. Eigenkapitalquote 30 %.");
        assert_eq!(keywords(&s), ["eigenkapital"]);
        assert_eq!(s.label, SentimentLabel::Positive);
    }

    #[test]
    fn neutral_and_mixed() {
        let s = quick_score("Ist die Wohnung noch frei?");
        assert_eq!((s.score, s.label, s.matched.len()), (0, SentimentLabel::Neutral, 0));
        let s = quick_score("Besichtigung gerne, aber unverbindlich.");
        assert_eq!((s.score, s.label), (-15, SentimentLabel::Neutral));
        assert_eq!(quick_score("").score, 0);
    }

    #[test]
    fn each_keyword_counts_once() {
        let s = quick_score("dringend dringend dringend dringend dringend dringend");
        assert_eq!(s.score, 20);
    }
}
