//! Jarvis's own share of the time to first token: a fake model (the OpenAI wire protocol on
//! loopback) waits a fixed time before the first byte of every answer; we measure
//!
//! * `provider_stream`: `OpenAiProvider::chat_stream` to the first text delta — one model call;
//! * `answer`: `agent::answer` (chat, routing call, context, streamed answer) to the first
//!   `Text` event the page would get — two model calls (router, answer).
//!
//! The server's overhead is `answer − 2 × provider_stream` (the model's wait, loopback HTTP and
//! SSE parsing are in both). SQLite in a temporary file, the demo office seeded.
//!
//! `cargo bench -p server --bench jarvis`

#![allow(clippy::unwrap_used, clippy::expect_used)] // A benchmark fails loudly by design.

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Json;
use axum::body::Body;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use criterion::{Criterion, criterion_group, criterion_main};
use domain::ai::{
    Ai,
    llm::{ChatRequest, Delta, LlmProvider, Message, Tier},
    usage::PriceTable,
};
use domain::assistant::agent::{self, Ask};
use domain::tenants::users;
use domain::{Db, seed};
use futures::StreamExt;
use immivo_server::llm::{OpenAiProvider, OpenAiSettings};
use migration::{Migrator, MigratorTrait};
use model::ChatEvent;
use serde_json::{Value, json};

const PASSWORD: &str = "Demo-Passwort-2026";
/// The model's thinking time before its first byte.
const MODEL_DELAY: Duration = Duration::from_millis(40);

async fn fake_model() -> String {
    async fn chat(Json(body): Json<Value>) -> Response {
        tokio::time::sleep(MODEL_DELAY).await;
        if body["response_format"]["json_schema"]["name"] == "route" {
            return Json(json!({"id": "c", "object": "chat.completion", "created": 1, "model": "gpt-5-mini",
                "choices": [{"index": 0, "message": {"role": "assistant", "content": "{\"category\":\"smalltalk\"}"}, "finish_reason": "stop"}],
                "usage": {"prompt_tokens": 200, "completion_tokens": 5}}))
            .into_response();
        }
        let mut events: Vec<String> = ["Hallo", "! Wie", " kann", " ich", " helfen?"]
            .iter()
            .map(|t| {
                json!({"id": "c", "object": "chat.completion.chunk", "created": 1, "model": "gpt-5-mini",
                "choices": [{"index": 0, "delta": {"content": t}}]})
            })
            .map(|c| format!("data: {c}\n\n"))
            .collect();
        events.push("data: [DONE]\n\n".into());
        let stream = futures::stream::iter(events.into_iter().map(Ok::<_, std::io::Error>));
        Response::builder().header("content-type", "text/event-stream").body(Body::from_stream(stream)).unwrap()
    }
    let app = axum::Router::new().route("/v1/chat/completions", post(chat));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/v1", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    url
}

fn settings(url: String) -> OpenAiSettings {
    OpenAiSettings {
        base_url: url,
        api_key: secrecy::SecretString::from("sk-bench"),
        main_model: "gpt-5.2".into(),
        small_model: "gpt-5-mini".into(),
        embedding_model: "text-embedding-3-small".into(),
        embedding_dimensions: 1536,
        timeout: Duration::from_secs(10),
        retry_for: Duration::from_secs(1),
        retry_initial: Duration::from_millis(10),
    }
}

fn bench(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("bench.db").display());
    let (db, ctx, provider) = rt.block_on(async {
        let db = Db::connect(&url, 8).await.unwrap();
        Migrator::up(db.connection(), None).await.unwrap();
        seed::seed_demo(&db, PASSWORD).await.unwrap();
        let ctx = users::authenticate(&db, "admin@demo.immivo.local", PASSWORD).await.unwrap();
        let provider = Arc::new(OpenAiProvider::new(settings(fake_model().await)).unwrap());
        (db, ctx, provider)
    });
    // A generous budget: the bench makes thousands of calls.
    let ai = Arc::new(Ai::new(Some(provider.clone()), PriceTable::default(), 1_000_000_000));

    let mut group = c.benchmark_group("ttft");
    group.sample_size(40).measurement_time(Duration::from_secs(15));
    group.bench_function("provider_stream", |b| {
        b.to_async(&rt).iter_custom(|iters| {
            let provider = provider.clone();
            async move {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    let request = ChatRequest::new(Tier::Small, vec![Message::user("Hallo")]);
                    let started = Instant::now();
                    let mut stream = provider.chat_stream(&request).await.unwrap();
                    while let Some(d) = stream.next().await {
                        if matches!(d.unwrap(), Delta::Text(_)) {
                            total += started.elapsed();
                            break;
                        }
                    }
                    while stream.next().await.is_some() {}
                }
                total
            }
        })
    });
    group.bench_function("answer", |b| {
        b.to_async(&rt).iter_custom(|iters| {
            let (db, ai) = (db.clone(), ai.clone());
            async move {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    let (tx, mut rx) = tokio::sync::mpsc::channel(256);
                    let started = Instant::now();
                    let (db, ai) = (db.clone(), ai.clone());
                    let run = tokio::spawn(async move {
                        agent::answer(
                            &db,
                            &ctx,
                            ai,
                            Arc::new(app::i18n::Catalogue),
                            &Default::default(),
                            Ask { chat_id: None, lead_id: None, text: "Hallo Jarvis".into() },
                            tx,
                        )
                        .await
                        .unwrap()
                    });
                    while let Some(e) = rx.recv().await {
                        if matches!(e, ChatEvent::Text { .. }) {
                            total += started.elapsed();
                            break;
                        }
                    }
                    while rx.recv().await.is_some() {}
                    run.await.unwrap();
                }
                total
            }
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
