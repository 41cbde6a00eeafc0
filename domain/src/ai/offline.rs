//! The embedded stand-in for a model, used when none is configured or an office's AI budget is
//! used up. It is honest about what it is: the rule-based router and tool selection of
//! `offline`, answers made from the tools' own summaries, and hashed n-gram embeddings. It speaks
//! the same port as a model, so the assistant's loop, tools, approvals and streaming are the same.

use async_trait::async_trait;
use chrono::Utc;
use chrono_tz::Tz;
use futures::stream;
use serde_json::{Value, json};

use crate::ai::{
    llm::{
        ChatRequest, ChatResponse, Delta, DeltaStream, Embeddings, LlmError, LlmProvider, Message, Role, Tier,
        ToolCall, Usage,
    },
    ngram,
};
use crate::assistant::{router, rules};
use crate::text::{Language, detect_language};
use model::markdown::escape;

pub const MODEL: &str = "offline-rules";
/// The system prompt line the assistant writes the office's time zone into.
pub const TIME_ZONE_LINE: &str = "Office time zone: ";

#[derive(Debug, Default)]
pub struct OfflineModel;

impl OfflineModel {
    pub fn new() -> Self {
        Self
    }

    fn answer(&self, request: &ChatRequest) -> Message {
        let tz = time_zone(&request.messages);
        let now = Utc::now().with_timezone(&tz);
        let last_user =
            request.messages.iter().rev().find(|m| m.role == Role::User).map(|m| m.content.as_str()).unwrap_or("");
        if request.response_schema.as_ref().is_some_and(|s| s.name == router::SCHEMA_NAME) {
            let plan = rules::plan(last_user, now);
            return Message::assistant(json!({ "category": plan.category }).to_string(), Vec::new());
        }
        if request.response_schema.as_ref().is_some_and(|s| s.name == crate::assistant::agent::SUMMARY_SCHEMA) {
            return Message::assistant(json!({ "summary": digest(&request.messages) }).to_string(), Vec::new());
        }
        let language = detect_language(last_user);
        if request.messages.last().is_some_and(|m| m.role == Role::Tool) {
            return Message::assistant(from_results(&request.messages, language), Vec::new());
        }
        let plan = rules::plan(last_user, now);
        let offered: Vec<&str> = request.tools.iter().map(|t| t.name.as_str()).collect();
        let calls: Vec<ToolCall> = plan
            .calls
            .iter()
            .filter(|c| offered.contains(&c.tool))
            .enumerate()
            .map(|(i, c)| ToolCall {
                id: format!("offline_{}", i + 1),
                name: c.tool.to_owned(),
                arguments: c.arguments.to_string(),
            })
            .collect();
        if !calls.is_empty() {
            return Message::assistant(String::new(), calls);
        }
        if plan.category == rules::Category::Smalltalk || request.tools.is_empty() {
            return Message::assistant(rules::smalltalk_reply(last_user, language), Vec::new());
        }
        Message::assistant(not_understood(language), Vec::new())
    }
}

/// The office's zone from the assistant's system prompt; Berlin when it is not there.
fn time_zone(messages: &[Message]) -> Tz {
    messages
        .iter()
        .filter(|m| m.role == Role::System)
        .flat_map(|m| m.content.lines())
        .find_map(|l| l.strip_prefix(TIME_ZONE_LINE))
        .and_then(|tz| tz.trim().parse().ok())
        .unwrap_or(chrono_tz::Europe::Berlin)
}

/// An answer from the tools' results: each tool's summary, its items as a list, errors said
/// plainly.
fn from_results(messages: &[Message], language: Language) -> String {
    let results: Vec<&Message> = messages.iter().rev().take_while(|m| m.role == Role::Tool).collect();
    let mut parts = Vec::new();
    for m in results.into_iter().rev() {
        let Ok(v) = serde_json::from_str::<Value>(&m.content) else { continue };
        // Summaries and errors are plain text that may quote a lead's name: escaped, so that
        // no name becomes Markdown. Items are Markdown the tools wrote (their links escaped).
        if let Some(error) = v.get("error").and_then(Value::as_str) {
            let error = escape(error);
            parts.push(match language {
                Language::De => format!("Das hat nicht geklappt: {error}"),
                _ => format!("That did not work: {error}"),
            });
            continue;
        }
        if v.get("status").and_then(Value::as_str) == Some("pending_approval") {
            parts.push(match language {
                Language::De => "Das braucht deine Freigabe – bitte unten bestätigen oder ablehnen.".to_owned(),
                _ => "This needs your approval – please approve or reject it below.".to_owned(),
            });
            continue;
        }
        let mut text = escape(v.get("summary").and_then(Value::as_str).unwrap_or_default());
        if let Some(items) = v.get("items").and_then(Value::as_array) {
            let lines: Vec<String> =
                items.iter().filter_map(Value::as_str).take(20).map(|i| format!("- {i}")).collect();
            if !lines.is_empty() {
                text.push_str(":\n");
                text.push_str(&lines.join("\n"));
            }
        }
        if !text.is_empty() {
            parts.push(text);
        }
    }
    if parts.is_empty() {
        return not_understood(language);
    }
    parts.join("\n\n")
}

fn not_understood(language: Language) -> String {
    match language {
        Language::De => "Die KI ist gerade offline, und diese Anfrage verstehen meine Regeln nicht. Was offline geht, \
                         zum Beispiel: „Zeige meine neuen Leads“, „Suche Wohnungen in Wien unter 400.000“, „Wie viele \
                         Leads habe ich?“, „Woher kommen meine Leads?“, „Merk dir, dass …“."
            .to_owned(),
        _ => "AI is offline right now, and my rules do not understand this request. What works offline, for \
              example: “show my new leads”, “search apartments in Vienna under 400,000”, “how many leads do I \
              have?”, “where do my leads come from?”, “remember that …”."
            .to_owned(),
    }
}

/// A summary without a model: the first words of each earlier turn.
fn digest(messages: &[Message]) -> String {
    messages
        .iter()
        .filter(|m| matches!(m.role, Role::User | Role::Assistant))
        .map(|m| {
            let who = if m.role == Role::User { "User" } else { "Jarvis" };
            format!("{who}: {}", m.content.chars().take(120).collect::<String>())
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[async_trait]
impl LlmProvider for OfflineModel {
    fn is_offline(&self) -> bool {
        true
    }

    fn model(&self, _tier: Tier) -> &str {
        MODEL
    }

    fn embedding_model(&self) -> &str {
        "offline-ngram-1536"
    }

    fn embedding_dimensions(&self) -> usize {
        crate::search::DIMENSIONS
    }

    async fn chat(&self, request: &ChatRequest) -> Result<ChatResponse, LlmError> {
        Ok(ChatResponse { model: MODEL.into(), message: self.answer(request), usage: Usage::default() })
    }

    async fn chat_stream(&self, request: &ChatRequest) -> Result<DeltaStream, LlmError> {
        let done = self.chat(request).await?;
        // Word by word, as a model streams: the page shows the same thing either way.
        let mut items: Vec<Result<Delta, LlmError>> = Vec::new();
        let text = done.message.content.clone();
        let mut start = 0;
        for (i, c) in text.char_indices() {
            if c == ' ' || c == '\n' {
                items.push(Ok(Delta::Text(text[start..=i].to_owned())));
                start = i + c.len_utf8();
            }
        }
        if start < text.len() {
            items.push(Ok(Delta::Text(text[start..].to_owned())));
        }
        items.push(Ok(Delta::Done(done)));
        Ok(Box::pin(stream::iter(items)))
    }

    async fn embed(&self, texts: &[String]) -> Result<Embeddings, LlmError> {
        Ok(Embeddings {
            model: self.embedding_model().to_owned(),
            vectors: texts.iter().map(|t| ngram::embed(t)).collect(),
            usage: Usage::default(),
        })
    }
}
