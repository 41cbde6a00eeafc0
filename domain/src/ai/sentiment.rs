//! AI sentiment: the small model reads an inquiry (structured output: sentiment, score, urgency,
//! emotional tone, buying and risk signals) behind the same `SentimentAnalyzer` interface as the
//! keyword quick score — which stays the answer when AI is offline (no model, budget used up) or
//! the model fails.

use std::sync::Arc;

use async_trait::async_trait;
use serde::Deserialize;
use serde_json::json;

use crate::ai::{
    Ai,
    llm::{ChatRequest, JsonSchema, Message, Tier},
    usage::Purpose,
};
use crate::text::sentiment::{KeywordMatch, Sentiment, SentimentAnalyzer, Signal, quick_score};
use crate::{Db, Result};
use model::TenantId;

pub struct ModelSentiment {
    pub db: Db,
    pub ai: Arc<Ai>,
}

#[derive(Deserialize)]
struct Reading {
    score: i32,
    urgency: String,
    tone: String,
    buying_signals: Vec<String>,
    risk_signals: Vec<String>,
}

fn request(text: &str) -> ChatRequest {
    ChatRequest {
        response_schema: Some(JsonSchema {
            name: "sentiment".into(),
            schema: json!({
                "type": "object",
                "properties": {
                    "score": {"type": "integer", "description": "-100 only browsing … 100 ready to sign"},
                    "urgency": {"type": "string", "enum": ["low", "medium", "high"]},
                    "tone": {"type": "string", "description": "the emotional tone in one or two words"},
                    "buying_signals": {"type": "array", "items": {"type": "string"}},
                    "risk_signals": {"type": "array", "items": {"type": "string"}},
                },
                "required": ["score", "urgency", "tone", "buying_signals", "risk_signals"],
                "additionalProperties": false,
            }),
        }),
        max_completion_tokens: Some(300),
        ..ChatRequest::new(
            Tier::Small,
            vec![
                Message::system(
                    "You read a real-estate inquiry for an agent. Rate how likely the sender is to buy or rent \
                     (score -100..100), how urgent it is, the emotional tone, and quote short buying signals \
                     (money ready, viewing wanted, timeline) and risk signals (only browsing, far off, doubts) \
                     in the inquiry's own words. Answer as JSON.",
                ),
                Message::user(text.chars().take(6000).collect::<String>()),
            ],
        )
    }
}

fn to_sentiment(r: Reading) -> Sentiment {
    let mut matched: Vec<KeywordMatch> =
        r.buying_signals.into_iter().map(|keyword| KeywordMatch { keyword, signal: Signal::Buying }).collect();
    if r.urgency == "high" {
        matched.push(KeywordMatch { keyword: "dringend".into(), signal: Signal::Urgency });
    }
    matched.extend(r.risk_signals.into_iter().map(|keyword| KeywordMatch { keyword, signal: Signal::Risk }));
    let mut s = Sentiment::from_score(r.score, matched);
    s.analyzer = "model".into();
    s.urgency = Some(r.urgency);
    s.tone = Some(r.tone);
    s
}

#[async_trait]
impl SentimentAnalyzer for ModelSentiment {
    async fn analyze(&self, tenant: TenantId, text: &str) -> Result<Sentiment> {
        let chosen = self.ai.provider_for(&self.db, tenant).await?;
        if chosen.offline_reason.is_some() {
            return Ok(quick_score(text));
        }
        let answer =
            match self.ai.chat_logged(&self.db, &chosen, tenant, None, Purpose::Sentiment, &request(text)).await? {
                Ok(a) => a,
                Err(e) => {
                    tracing::warn!(error = %e, "AI sentiment failed; the keyword score stands in");
                    return Ok(quick_score(text));
                }
            };
        match serde_json::from_str::<Reading>(crate::assistant::clean::json_payload(&answer.message.content)) {
            Ok(r) => Ok(to_sentiment(r)),
            Err(e) => {
                tracing::warn!(error = %e, "AI sentiment answer was not the asked JSON; the keyword score stands in");
                Ok(quick_score(text))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reading_becomes_a_sentiment_with_its_signals() {
        let s = to_sentiment(Reading {
            score: 75,
            urgency: "high".into(),
            tone: "begeistert".into(),
            buying_signals: vec!["Finanzierung steht".into()],
            risk_signals: vec!["noch zwei andere Objekte".into()],
        });
        assert_eq!((s.score, s.analyzer.as_str(), s.urgency.as_deref()), (75, "model", Some("high")));
        let signals: Vec<Signal> = s.matched.iter().map(|m| m.signal).collect();
        assert_eq!(signals, [Signal::Buying, Signal::Urgency, Signal::Risk]);
        assert_eq!(s.matched[0].keyword, "Finanzierung steht");
    }
}
