//! A local server that speaks the OpenAI Chat Completions and Embeddings wire protocol: JSON
//! answers and SSE streams (text in small pieces, tool calls split across chunks, a usage chunk,
//! `[DONE]`), scripted per test, with errors and 429s on demand. It records every request.

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use serde_json::{Value, json};

/// What the fake model answers to the next chat request that is not a routing, summary or reply
/// request.
#[derive(Clone, Debug)]
pub enum Answer {
    Text(String),
    /// Tool calls (name, arguments), with optional text before them.
    Tools(Vec<(&'static str, Value)>),
    /// Raw argument text for one call (to send invalid JSON).
    RawCall(&'static str, &'static str),
}

#[derive(Default)]
struct Script {
    answers: VecDeque<Answer>,
    /// Errors to answer the next requests with, before any answer: (status, body).
    failures: VecDeque<(u16, Value)>,
    route: String,
    requests: Vec<Value>,
    authorization: Vec<String>,
    delay: Duration,
}

#[derive(Clone)]
pub struct FakeOpenAi {
    pub url: String,
    script: Arc<Mutex<Script>>,
}

impl FakeOpenAi {
    pub async fn start() -> Self {
        let script = Arc::new(Mutex::new(Script { route: "crm".into(), ..Script::default() }));
        let app = Router::new()
            .route("/v1/chat/completions", post(chat))
            .route("/v1/embeddings", post(embeddings))
            .with_state(script.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr: SocketAddr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Self { url: format!("http://{addr}/v1"), script }
    }

    pub fn answer(&self, a: Answer) -> &Self {
        self.script.lock().unwrap().answers.push_back(a);
        self
    }

    pub fn fail(&self, status: u16, body: Value) -> &Self {
        self.script.lock().unwrap().failures.push_back((status, body));
        self
    }

    pub fn route(&self, category: &str) -> &Self {
        self.script.lock().unwrap().route = category.into();
        self
    }

    pub fn requests(&self) -> Vec<Value> {
        self.script.lock().unwrap().requests.clone()
    }

    pub fn authorizations(&self) -> Vec<String> {
        self.script.lock().unwrap().authorization.clone()
    }

    /// Settings for `OpenAiProvider` against this server, with quick retries.
    pub fn settings(&self) -> immivo_server::llm::OpenAiSettings {
        immivo_server::llm::OpenAiSettings {
            base_url: self.url.clone(),
            api_key: secrecy::SecretString::from("sk-test-key"),
            main_model: "gpt-5.2".into(),
            small_model: "gpt-5-mini".into(),
            embedding_model: "text-embedding-3-small".into(),
            embedding_dimensions: 1536,
            timeout: Duration::from_secs(10),
            retry_for: Duration::from_secs(5),
            retry_initial: Duration::from_millis(20),
        }
    }
}

fn usage() -> Value {
    json!({"prompt_tokens": 1200, "completion_tokens": 80, "total_tokens": 1280})
}

async fn chat(State(script): State<Arc<Mutex<Script>>>, headers: HeaderMap, Json(body): Json<Value>) -> Response {
    let (failure, answer, route, delay) = {
        let mut s = script.lock().unwrap();
        s.requests.push(body.clone());
        if let Some(a) = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()) {
            s.authorization.push(a.to_owned());
        }
        let failure = s.failures.pop_front();
        let schema = body["response_format"]["json_schema"]["name"].as_str().map(str::to_owned);
        let answer = match (failure.is_some(), schema.as_deref()) {
            (true, _) => None,
            (false, Some("route")) => Some(Answer::Text(json!({"category": s.route}).to_string())),
            (false, Some("sentiment")) => Some(Answer::Text(
                json!({"score": 72, "urgency": "high", "tone": "begeistert",
                    "buying_signals": ["Finanzierung steht"], "risk_signals": []})
                .to_string(),
            )),
            (false, Some("summary")) => Some(Answer::Text(json!({"summary": "Bisher: Leads besprochen."}).to_string())),
            (false, Some("reply")) => Some(Answer::Text(
                json!({"subject": "Ihre Anfrage", "body": "Guten Tag,\n\ngerne zeigen wir Ihnen die Wohnung.\n\nHerzliche Grüße"})
                    .to_string(),
            )),
            (false, _) => Some(s.answers.pop_front().unwrap_or(Answer::Text("Erledigt.".into()))),
        };
        (failure, answer, s.route.clone(), s.delay)
    };
    let _ = route;
    if let Some((status, error)) = failure {
        return (StatusCode::from_u16(status).unwrap(), Json(error)).into_response();
    }
    let answer = answer.unwrap();
    let model = body["model"].as_str().unwrap_or("gpt-5.2").to_owned();
    if body["stream"] == json!(true) {
        return sse(answer, model, delay);
    }
    tokio::time::sleep(delay).await;
    let message = match answer {
        Answer::Text(t) => json!({"role": "assistant", "content": t}),
        Answer::Tools(calls) => {
            json!({"role": "assistant", "content": null, "tool_calls": calls.iter().enumerate().map(|(i, (name, args))| json!({
            "id": format!("call_{i}"), "type": "function", "function": {"name": name, "arguments": args.to_string()}
        })).collect::<Vec<_>>()})
        }
        Answer::RawCall(name, args) => json!({"role": "assistant", "content": null, "tool_calls": [{
            "id": "call_0", "type": "function", "function": {"name": name, "arguments": args}
        }]}),
    };
    Json(json!({
        "id": "chatcmpl-test", "object": "chat.completion", "created": 1, "model": format!("{model}-2026-01-01"),
        "choices": [{"index": 0, "message": message, "finish_reason": "stop"}],
        "usage": usage(),
    }))
    .into_response()
}

/// The answer as Chat Completions chunks.
fn chunks(answer: Answer, model: &str) -> Vec<Value> {
    let chunk = |delta: Value| {
        json!({"id": "chatcmpl-test", "object": "chat.completion.chunk", "created": 1, "model": model,
            "choices": [{"index": 0, "delta": delta, "finish_reason": null}]})
    };
    let mut out = vec![chunk(json!({"role": "assistant", "content": ""}))];
    match answer {
        Answer::Text(t) => {
            let chars: Vec<char> = t.chars().collect();
            for piece in chars.chunks(4) {
                out.push(chunk(json!({"content": piece.iter().collect::<String>()})));
            }
        }
        Answer::Tools(calls) => {
            for (i, (name, _)) in calls.iter().enumerate() {
                out.push(chunk(json!({"tool_calls": [{"index": i, "id": format!("call_{i}"), "type": "function",
                    "function": {"name": name, "arguments": ""}}]})));
            }
            // The arguments in three pieces each, the calls' pieces interleaved.
            let texts: Vec<String> = calls.iter().map(|(_, a)| a.to_string()).collect();
            for part in 0..3 {
                for (i, text) in texts.iter().enumerate() {
                    let n = text.len();
                    let (a, b) = (n * part / 3, n * (part + 1) / 3);
                    out.push(chunk(json!({"tool_calls": [{"index": i, "function": {"arguments": &text[a..b]}}]})));
                }
            }
        }
        Answer::RawCall(name, args) => {
            out.push(chunk(json!({"tool_calls": [{"index": 0, "id": "call_0", "type": "function",
                "function": {"name": name, "arguments": args}}]})));
        }
    }
    out.push(json!({"id": "chatcmpl-test", "object": "chat.completion.chunk", "created": 1, "model": model,
        "choices": [], "usage": usage()}));
    out
}

fn sse(answer: Answer, model: String, delay: Duration) -> Response {
    let events = chunks(answer, &model);
    let stream = async_stream(events, delay);
    Response::builder()
        .header(header::CONTENT_TYPE, "text/event-stream")
        .header(header::CACHE_CONTROL, "no-cache")
        .body(Body::from_stream(stream))
        .unwrap()
}

fn async_stream(events: Vec<Value>, delay: Duration) -> impl futures::Stream<Item = Result<String, std::io::Error>> {
    let mut lines: Vec<String> = events.into_iter().map(|e| format!("data: {e}\n\n")).collect();
    lines.push("data: [DONE]\n\n".into());
    futures::stream::unfold((lines.into_iter(), true), move |(mut it, first)| async move {
        if first {
            tokio::time::sleep(delay).await;
        }
        it.next().map(|l| (Ok(l), (it, false)))
    })
}

async fn embeddings(State(script): State<Arc<Mutex<Script>>>, Json(body): Json<Value>) -> Response {
    let failure = {
        let mut s = script.lock().unwrap();
        s.requests.push(body.clone());
        s.failures.pop_front()
    };
    if let Some((status, error)) = failure {
        return (StatusCode::from_u16(status).unwrap(), Json(error)).into_response();
    }
    let inputs: Vec<String> = match &body["input"] {
        Value::String(s) => vec![s.clone()],
        Value::Array(a) => a.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect(),
        _ => Vec::new(),
    };
    // Deterministic vectors that keep similar texts close, as a real model would.
    let data: Vec<Value> = inputs
        .iter()
        .enumerate()
        .map(|(i, t)| json!({"object": "embedding", "index": i, "embedding": domain::ai::ngram::embed(t)}))
        .collect();
    let tokens: usize = inputs.iter().map(|t| t.split_whitespace().count()).sum();
    Json(json!({"object": "list", "data": data, "model": body["model"],
        "usage": {"prompt_tokens": tokens, "total_tokens": tokens}}))
    .into_response()
}
