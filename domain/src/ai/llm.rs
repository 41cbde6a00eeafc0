//! The port to a language model: chat with tools (whole or streamed) and embeddings. The server
//! implements it over any OpenAI-compatible endpoint; `offline::OfflineModel` is the embedded
//! default. The types are the Chat Completions concepts, without the wire format.

use std::pin::Pin;

use async_trait::async_trait;
use futures::Stream;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Which of the configured models a call needs: the capable one for answers and tools, the small
/// one for routing, sentiment and reading mail.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    Main,
    Small,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    System,
    User,
    Assistant,
    Tool,
}

/// A tool call as the model asked for it: `arguments` is the model's JSON text, unchecked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ToolCall {
    pub id: String,
    pub name: String,
    pub arguments: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    pub role: Role,
    pub content: String,
    /// Assistant turns: the tools it called.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tool_calls: Vec<ToolCall>,
    /// Tool turns: the call this answers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tool_call_id: Option<String>,
}

impl Message {
    pub fn system(content: impl Into<String>) -> Self {
        Self { role: Role::System, content: content.into(), tool_calls: Vec::new(), tool_call_id: None }
    }

    pub fn user(content: impl Into<String>) -> Self {
        Self { role: Role::User, content: content.into(), tool_calls: Vec::new(), tool_call_id: None }
    }

    pub fn assistant(content: impl Into<String>, tool_calls: Vec<ToolCall>) -> Self {
        Self { role: Role::Assistant, content: content.into(), tool_calls, tool_call_id: None }
    }

    pub fn tool(call_id: impl Into<String>, content: impl Into<String>) -> Self {
        Self { role: Role::Tool, content: content.into(), tool_calls: Vec::new(), tool_call_id: Some(call_id.into()) }
    }
}

/// A tool offered to the model: `parameters` is its JSON schema.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ToolSpec {
    pub name: String,
    pub description: String,
    pub parameters: Value,
}

/// An answer that must follow a JSON schema (structured output).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct JsonSchema {
    pub name: String,
    pub schema: Value,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ChatRequest {
    pub tier: Tier,
    pub messages: Vec<Message>,
    pub tools: Vec<ToolSpec>,
    pub response_schema: Option<JsonSchema>,
    pub max_completion_tokens: Option<u32>,
}

impl ChatRequest {
    pub fn new(tier: Tier, messages: Vec<Message>) -> Self {
        Self { tier, messages, tools: Vec::new(), response_schema: None, max_completion_tokens: None }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Usage {
    pub input_tokens: u32,
    pub output_tokens: u32,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChatResponse {
    /// The model that answered, as the endpoint names it.
    pub model: String,
    pub message: Message,
    pub usage: Usage,
}

/// What a streamed answer yields: text as it comes, then the whole answer once (text, the tool
/// calls assembled from their pieces, usage).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Delta {
    Text(String),
    Done(ChatResponse),
}

pub type DeltaStream = Pin<Box<dyn Stream<Item = Result<Delta, LlmError>> + Send>>;

#[derive(Clone, Debug, PartialEq)]
pub struct Embeddings {
    pub model: String,
    pub vectors: Vec<Vec<f32>>,
    pub usage: Usage,
}

/// Why a model call failed; the text is safe to show to the user and never holds the key.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum LlmError {
    /// Still refused after the retries (HTTP 429), or the account's quota is used up.
    #[error("the AI service is rate-limiting us: {0}")]
    RateLimited(String),
    /// The endpoint answered with an error or something that is not its protocol.
    #[error("the AI service answered with an error: {0}")]
    Service(String),
    /// No answer in time, or no connection.
    #[error("the AI service did not answer: {0}")]
    Unreachable(String),
    /// The request itself was refused (bad key, unknown model, invalid request).
    #[error("the AI service refused the request: {0}")]
    Refused(String),
}

impl From<LlmError> for crate::Error {
    fn from(e: LlmError) -> Self {
        crate::Error::Unavailable(e.to_string())
    }
}

/// The model port.
#[async_trait]
pub trait LlmProvider: Send + Sync {
    /// True for the embedded rule-based stand-in: the UI says that AI is offline.
    fn is_offline(&self) -> bool;
    /// The model name a tier maps to (for usage logs and prices).
    fn model(&self, tier: Tier) -> &str;
    fn embedding_model(&self) -> &str;
    /// Length of every embedding vector.
    fn embedding_dimensions(&self) -> usize;

    async fn chat(&self, request: &ChatRequest) -> Result<ChatResponse, LlmError>;
    /// Streams the answer; the stream ends after `Delta::Done`.
    async fn chat_stream(&self, request: &ChatRequest) -> Result<DeltaStream, LlmError>;
    async fn embed(&self, texts: &[String]) -> Result<Embeddings, LlmError>;
}
