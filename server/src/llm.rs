//! `LlmProvider` over any OpenAI-compatible endpoint (OpenAI, Azure-style gateways, a local model
//! server), with async-openai as the client. Requests and answers are written and read as the
//! Chat Completions wire format by hand (async-openai's bring-your-own-types calls), so that the
//! fields newer models need (`max_completion_tokens`, JSON-schema answers) are ours to set.
//!
//! Failures: async-openai retries plain calls on 429 (unless the quota is used up) and 5xx with
//! exponential backoff; a stream is retried the same way until its first piece arrives, after
//! which nothing is sent twice. Plain calls have a total timeout, streams an idle timeout per
//! piece.

use std::collections::BTreeMap;
use std::time::Duration;

use async_openai::Client;
use async_openai::config::OpenAIConfig;
use async_openai::error::OpenAIError;
use async_trait::async_trait;
use backoff::ExponentialBackoff;
use domain::ai::llm::{
    ChatRequest, ChatResponse, Delta, DeltaStream, Embeddings, LlmError, LlmProvider, Message, Role, Tier, ToolCall,
    Usage,
};
use futures::{Stream, StreamExt};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use serde_json::{Value, json};

/// Where the model lives and what it is called (`IMMIVO_OPENAI_*`, `IMMIVO_AI_*`).
#[derive(Clone, Debug)]
pub struct OpenAiSettings {
    pub base_url: String,
    pub api_key: SecretString,
    pub main_model: String,
    pub small_model: String,
    pub embedding_model: String,
    pub embedding_dimensions: usize,
    /// A plain call's whole time; a stream's longest pause between two pieces.
    pub timeout: Duration,
    /// How long retries of one call may go on in total.
    pub retry_for: Duration,
    /// The first wait before a retry (doubling after each).
    pub retry_initial: Duration,
}

/// The assistant as configured: the OpenAI-compatible model when one is set, else offline. A
/// model that cannot be set up (a TLS fault) is logged and the offline rules answer instead.
pub fn ai(config: &crate::config::Config) -> std::sync::Arc<domain::ai::Ai> {
    use domain::ai::Ai;
    let model: Option<std::sync::Arc<dyn LlmProvider>> = match &config.ai.openai {
        Some(settings) => match OpenAiProvider::new(settings.clone()) {
            Ok(p) => Some(std::sync::Arc::new(p)),
            Err(e) => {
                tracing::error!(error = %e, "the AI model cannot be set up; Jarvis runs offline");
                None
            }
        },
        None => None,
    };
    std::sync::Arc::new(Ai::new(model, config.ai.prices.clone(), config.ai.default_monthly_cap_cents))
}

pub struct OpenAiProvider {
    settings: OpenAiSettings,
    plain: Client<OpenAIConfig>,
    streaming: Client<OpenAIConfig>,
}

impl OpenAiProvider {
    pub fn new(settings: OpenAiSettings) -> Result<Self, String> {
        let config = OpenAIConfig::new()
            .with_api_base(settings.base_url.trim_end_matches('/'))
            .with_api_key(settings.api_key.expose_secret());
        let connect = Duration::from_secs(10).min(settings.timeout);
        let plain_http = reqwest::Client::builder()
            .connect_timeout(connect)
            .timeout(settings.timeout)
            .build()
            .map_err(|e| format!("HTTP client: {e}"))?;
        // A total timeout would cut a long answer off mid-stream; a pause that long is the fault.
        let stream_http = reqwest::Client::builder()
            .connect_timeout(connect)
            .read_timeout(settings.timeout)
            .build()
            .map_err(|e| format!("HTTP client: {e}"))?;
        let plain =
            Client::with_config(config.clone()).with_http_client(plain_http).with_backoff(backoff_policy(&settings));
        let streaming = Client::with_config(config).with_http_client(stream_http);
        Ok(Self { settings, plain, streaming })
    }

    fn body(&self, request: &ChatRequest, stream: bool) -> Value {
        let mut body = json!({
            "model": self.model(request.tier),
            "messages": request.messages.iter().map(wire_message).collect::<Vec<_>>(),
            "stream": stream,
        });
        if !request.tools.is_empty() {
            body["tools"] = request
                .tools
                .iter()
                .map(|t| {
                    json!({"type": "function", "function": {
                        "name": t.name, "description": t.description, "parameters": t.parameters,
                    }})
                })
                .collect();
            body["tool_choice"] = json!("auto");
        }
        if let Some(schema) = &request.response_schema {
            body["response_format"] = json!({"type": "json_schema", "json_schema": {
                "name": schema.name, "schema": schema.schema, "strict": true,
            }});
        }
        if let Some(max) = request.max_completion_tokens {
            body["max_completion_tokens"] = json!(max);
        }
        if stream {
            body["stream_options"] = json!({"include_usage": true});
        }
        body
    }

    async fn open_stream(&self, body: &Value) -> Result<ChunkStream, backoff::Error<LlmError>> {
        let mut stream = self.streaming.chat().create_stream_byot::<&Value, Value>(body).await.map_err(classify)?;
        // The endpoint's refusal (a 429, a 5xx) arrives as the first item: retry on it, before
        // anything has reached the user.
        let first = match tokio::time::timeout(self.settings.timeout, stream.next()).await {
            Err(_) => return Err(backoff::Error::transient(LlmError::Unreachable("no answer in time".into()))),
            Ok(None) => return Err(backoff::Error::permanent(LlmError::Service("the stream ended at once".into()))),
            Ok(Some(Err(e))) => return Err(classify(e)),
            Ok(Some(Ok(first))) => first,
        };
        Ok(Box::pin(futures::stream::once(async move { Ok(first) }).chain(stream)))
    }
}

type ChunkStream = std::pin::Pin<Box<dyn Stream<Item = Result<Value, OpenAIError>> + Send>>;

fn backoff_policy(settings: &OpenAiSettings) -> ExponentialBackoff {
    ExponentialBackoff {
        initial_interval: settings.retry_initial,
        current_interval: settings.retry_initial,
        max_interval: Duration::from_secs(10),
        max_elapsed_time: Some(settings.retry_for),
        multiplier: 2.0,
        ..ExponentialBackoff::default()
    }
}

/// Maps a client error, marking the ones worth a retry as transient (rate limits, server faults,
/// lost connections). The texts name the endpoint's reason, never the key or the request.
fn classify(e: OpenAIError) -> backoff::Error<LlmError> {
    let (permanent, transient) = (backoff::Error::permanent, backoff::Error::transient);
    match e {
        OpenAIError::ApiError(api) => {
            let kind = api.r#type.as_deref().unwrap_or_default();
            let code = api.code.as_deref().unwrap_or_default();
            let message: String = api.message.chars().take(300).collect();
            if kind == "insufficient_quota" || code == "insufficient_quota" {
                permanent(LlmError::RateLimited(message))
            } else if code == "rate_limit_exceeded" || ["rate_limit_error", "requests", "tokens"].contains(&kind) {
                transient(LlmError::RateLimited(message))
            } else if api.r#type.is_none() && api.code.is_none() {
                // async-openai reads a 5xx body as text into an error without a type.
                transient(LlmError::Service(message))
            } else {
                permanent(LlmError::Refused(message))
            }
        }
        OpenAIError::Reqwest(e) if e.is_timeout() || e.is_connect() => {
            transient(LlmError::Unreachable(without_url(&e)))
        }
        OpenAIError::Reqwest(e) => permanent(LlmError::Unreachable(without_url(&e))),
        OpenAIError::StreamError(e) => transient(LlmError::Unreachable(e.to_string())),
        OpenAIError::JSONDeserialize(e, _) => permanent(LlmError::Service(format!("not the OpenAI protocol: {e}"))),
        other => permanent(LlmError::Service(other.to_string())),
    }
}

fn without_url(e: &reqwest::Error) -> String {
    // The URL may carry a gateway's key in its query.
    let mut text = e.to_string();
    if let Some(url) = e.url() {
        text = text.replace(url.as_str(), "<endpoint>");
    }
    text
}

fn llm_error(e: OpenAIError) -> LlmError {
    match classify(e) {
        backoff::Error::Permanent(e) | backoff::Error::Transient { err: e, .. } => e,
    }
}

fn wire_message(m: &Message) -> Value {
    match m.role {
        Role::System => json!({"role": "system", "content": m.content}),
        Role::User => json!({"role": "user", "content": m.content}),
        Role::Tool => json!({"role": "tool", "content": m.content, "tool_call_id": m.tool_call_id}),
        Role::Assistant if m.tool_calls.is_empty() => json!({"role": "assistant", "content": m.content}),
        Role::Assistant => json!({
            "role": "assistant",
            "content": if m.content.is_empty() { Value::Null } else { json!(m.content) },
            "tool_calls": m.tool_calls.iter().map(|c| json!({
                "id": c.id, "type": "function", "function": {"name": c.name, "arguments": c.arguments},
            })).collect::<Vec<_>>(),
        }),
    }
}

#[derive(Deserialize)]
struct WireCompletion {
    #[serde(default)]
    model: String,
    choices: Vec<WireChoice>,
    usage: Option<WireUsage>,
}

#[derive(Deserialize)]
struct WireChoice {
    message: WireMessage,
}

#[derive(Deserialize)]
struct WireMessage {
    content: Option<String>,
    #[serde(default)]
    tool_calls: Vec<WireToolCall>,
}

#[derive(Deserialize)]
struct WireToolCall {
    id: String,
    function: WireFunction,
}

#[derive(Deserialize)]
struct WireFunction {
    name: String,
    #[serde(default)]
    arguments: String,
}

#[derive(Clone, Copy, Deserialize)]
struct WireUsage {
    #[serde(default)]
    prompt_tokens: u32,
    #[serde(default)]
    completion_tokens: u32,
}

impl From<WireUsage> for Usage {
    fn from(u: WireUsage) -> Self {
        Usage { input_tokens: u.prompt_tokens, output_tokens: u.completion_tokens }
    }
}

#[derive(Deserialize)]
struct WireChunk {
    #[serde(default)]
    model: String,
    #[serde(default)]
    choices: Vec<WireChunkChoice>,
    usage: Option<WireUsage>,
}

#[derive(Deserialize)]
struct WireChunkChoice {
    #[serde(default)]
    delta: WireDelta,
}

#[derive(Default, Deserialize)]
struct WireDelta {
    content: Option<String>,
    #[serde(default)]
    tool_calls: Vec<WireToolCallPiece>,
}

/// One piece of a streamed tool call: the first carries id and name, the rest more arguments.
#[derive(Deserialize)]
struct WireToolCallPiece {
    index: usize,
    id: Option<String>,
    function: Option<WireFunctionPiece>,
}

#[derive(Deserialize)]
struct WireFunctionPiece {
    name: Option<String>,
    arguments: Option<String>,
}

/// Puts a streamed answer together as its pieces arrive.
#[derive(Default)]
struct Assembly {
    model: String,
    text: String,
    calls: BTreeMap<usize, ToolCall>,
    usage: Usage,
}

impl Assembly {
    /// Takes one chunk; returns the text it added.
    fn take(&mut self, chunk: WireChunk) -> Option<String> {
        if self.model.is_empty() && !chunk.model.is_empty() {
            self.model = chunk.model;
        }
        if let Some(u) = chunk.usage {
            self.usage = u.into();
        }
        let mut added = String::new();
        for choice in chunk.choices {
            if let Some(text) = choice.delta.content {
                added.push_str(&text);
            }
            for piece in choice.delta.tool_calls {
                let call = self.calls.entry(piece.index).or_insert_with(|| ToolCall {
                    id: String::new(),
                    name: String::new(),
                    arguments: String::new(),
                });
                if let Some(id) = piece.id {
                    call.id = id;
                }
                if let Some(f) = piece.function {
                    if let Some(name) = f.name {
                        call.name.push_str(&name);
                    }
                    if let Some(args) = f.arguments {
                        call.arguments.push_str(&args);
                    }
                }
            }
        }
        self.text.push_str(&added);
        (!added.is_empty()).then_some(added)
    }

    fn finish(self, fallback_model: &str) -> ChatResponse {
        let model = if self.model.is_empty() { fallback_model.to_owned() } else { self.model };
        ChatResponse {
            model,
            message: Message::assistant(self.text, self.calls.into_values().collect()),
            usage: self.usage,
        }
    }
}

#[async_trait]
impl LlmProvider for OpenAiProvider {
    fn is_offline(&self) -> bool {
        false
    }

    fn model(&self, tier: Tier) -> &str {
        match tier {
            Tier::Main => &self.settings.main_model,
            Tier::Small => &self.settings.small_model,
        }
    }

    fn embedding_model(&self) -> &str {
        &self.settings.embedding_model
    }

    fn embedding_dimensions(&self) -> usize {
        self.settings.embedding_dimensions
    }

    #[tracing::instrument(skip_all, fields(tier = ?request.tier))]
    async fn chat(&self, request: &ChatRequest) -> Result<ChatResponse, LlmError> {
        let body = self.body(request, false);
        let answer: Value = self.plain.chat().create_byot(&body).await.map_err(llm_error)?;
        let completion: WireCompletion =
            serde_json::from_value(answer).map_err(|e| LlmError::Service(format!("not a chat completion: {e}")))?;
        let choice = completion
            .choices
            .into_iter()
            .next()
            .ok_or_else(|| LlmError::Service("an answer without choices".into()))?;
        let calls = choice
            .message
            .tool_calls
            .into_iter()
            .map(|c| ToolCall { id: c.id, name: c.function.name, arguments: c.function.arguments })
            .collect();
        let model = if completion.model.is_empty() { self.model(request.tier).to_owned() } else { completion.model };
        Ok(ChatResponse {
            model,
            message: Message::assistant(choice.message.content.unwrap_or_default(), calls),
            usage: completion.usage.map(Usage::from).unwrap_or_default(),
        })
    }

    #[tracing::instrument(skip_all, fields(tier = ?request.tier))]
    async fn chat_stream(&self, request: &ChatRequest) -> Result<DeltaStream, LlmError> {
        let body = self.body(request, true);
        let chunks = backoff::future::retry(backoff_policy(&self.settings), || self.open_stream(&body)).await?;
        let fallback = self.model(request.tier).to_owned();
        let idle = self.settings.timeout;
        Ok(Box::pin(deltas(chunks, fallback, idle)))
    }

    #[tracing::instrument(skip_all, fields(texts = texts.len()))]
    async fn embed(&self, texts: &[String]) -> Result<Embeddings, LlmError> {
        #[derive(Deserialize)]
        struct Answer {
            #[serde(default)]
            model: String,
            data: Vec<Item>,
            usage: Option<WireUsage>,
        }
        #[derive(Deserialize)]
        struct Item {
            index: usize,
            embedding: Vec<f32>,
        }
        let body = json!({
            "model": self.settings.embedding_model,
            "input": texts,
            "dimensions": self.settings.embedding_dimensions,
            "encoding_format": "float",
        });
        let answer: Value = self.plain.embeddings().create_byot(&body).await.map_err(llm_error)?;
        let mut answer: Answer =
            serde_json::from_value(answer).map_err(|e| LlmError::Service(format!("not an embedding list: {e}")))?;
        answer.data.sort_by_key(|i| i.index);
        if answer.data.len() != texts.len()
            || answer.data.iter().any(|i| i.embedding.len() != self.settings.embedding_dimensions)
        {
            return Err(LlmError::Service(format!(
                "expected {} vectors of {} numbers",
                texts.len(),
                self.settings.embedding_dimensions
            )));
        }
        Ok(Embeddings {
            model: if answer.model.is_empty() { self.settings.embedding_model.clone() } else { answer.model },
            vectors: answer.data.into_iter().map(|i| i.embedding).collect(),
            usage: answer.usage.map(Usage::from).unwrap_or_default(),
        })
    }
}

/// Text deltas as they arrive, then the assembled answer.
fn deltas(
    chunks: ChunkStream,
    fallback_model: String,
    idle: Duration,
) -> impl Stream<Item = Result<Delta, LlmError>> + Send + 'static {
    struct State {
        chunks: ChunkStream,
        assembly: Option<Assembly>,
    }
    let state = State { chunks, assembly: Some(Assembly::default()) };
    futures::stream::unfold(state, move |mut state| {
        let fallback_model = fallback_model.clone();
        async move {
            loop {
                let assembly = state.assembly.as_mut()?;
                let next = match tokio::time::timeout(idle, state.chunks.next()).await {
                    Err(_) => {
                        state.assembly = None;
                        return Some((Err(LlmError::Unreachable("the answer stalled".into())), state));
                    }
                    Ok(next) => next,
                };
                match next {
                    None => {
                        let done = state.assembly.take()?.finish(&fallback_model);
                        return Some((Ok(Delta::Done(done)), state));
                    }
                    Some(Err(e)) => {
                        state.assembly = None;
                        return Some((Err(llm_error(e)), state));
                    }
                    Some(Ok(value)) => {
                        let chunk: WireChunk = match serde_json::from_value(value) {
                            Ok(c) => c,
                            Err(e) => {
                                state.assembly = None;
                                return Some((Err(LlmError::Service(format!("not a chat chunk: {e}"))), state));
                            }
                        };
                        if let Some(text) = assembly.take(chunk) {
                            return Some((Ok(Delta::Text(text)), state));
                        }
                    }
                }
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chunk(v: Value) -> WireChunk {
        serde_json::from_value(v).unwrap()
    }

    #[test]
    fn tool_calls_are_assembled_from_their_pieces() {
        let mut a = Assembly::default();
        assert_eq!(a.take(chunk(json!({"model": "m", "choices": [{"delta": {"role": "assistant"}}]}))), None);
        a.take(chunk(json!({"choices": [{"delta": {"tool_calls": [
            {"index": 0, "id": "call_1", "type": "function", "function": {"name": "search_leads", "arguments": ""}}
        ]}}]})));
        a.take(chunk(json!({"choices": [{"delta": {"tool_calls": [
            {"index": 0, "function": {"arguments": "{\"sta"}},
            {"index": 1, "id": "call_2", "function": {"name": "pipeline_counts", "arguments": "{}"}}
        ]}}]})));
        a.take(chunk(json!({"choices": [{"delta": {"tool_calls": [{"index": 0, "function": {"arguments": "tus\":\"NEW\"}"}}]}}]})));
        a.take(chunk(json!({"choices": [], "usage": {"prompt_tokens": 12, "completion_tokens": 7}})));
        let done = a.finish("fallback");
        assert_eq!(done.model, "m");
        assert_eq!(done.usage, Usage { input_tokens: 12, output_tokens: 7 });
        assert_eq!(
            done.message.tool_calls,
            vec![
                ToolCall { id: "call_1".into(), name: "search_leads".into(), arguments: "{\"status\":\"NEW\"}".into() },
                ToolCall { id: "call_2".into(), name: "pipeline_counts".into(), arguments: "{}".into() },
            ]
        );
    }

    #[test]
    fn rate_limits_and_server_faults_are_retried_refusals_are_not() {
        let api = |kind: Option<&str>, code: Option<&str>| {
            OpenAIError::ApiError(async_openai::error::ApiError {
                message: "m".into(),
                r#type: kind.map(Into::into),
                param: None,
                code: code.map(Into::into),
            })
        };
        use backoff::Error::{Permanent, Transient};
        assert!(matches!(classify(api(Some("requests"), Some("rate_limit_exceeded"))), Transient { .. }));
        assert!(matches!(classify(api(None, None)), Transient { .. }), "a 5xx body");
        assert!(matches!(classify(api(Some("insufficient_quota"), None)), Permanent(LlmError::RateLimited(_))));
        assert!(matches!(
            classify(api(Some("invalid_request_error"), Some("model_not_found"))),
            Permanent(LlmError::Refused(_))
        ));
    }
}
