//! Jarvis against a local server speaking the OpenAI wire protocol: the provider (JSON, SSE with
//! split tool calls, retries, refusals, embeddings), the assistant's loop (routing, rounds, tool
//! errors fed back, schema checks, approvals, audit and usage logs, the budget cap, clean
//! answers), the offline rules, and the streaming server function.

use std::sync::Arc;

use crate::fake_openai::{Answer, FakeOpenAi};
use crate::helpers::*;
use crate::on_both;
use domain::ai::{
    Ai,
    llm::{ChatRequest, Delta, LlmError, LlmProvider, Message, Tier, ToolSpec},
    usage::PriceTable,
};
use domain::assistant::{
    agent::{self, Ask},
    pending,
};
use domain::{leads, search, tenants};

use entity::{ai_audit_log, ai_usage_log, audit_log};
use futures::StreamExt;
use immivo_server::llm::OpenAiProvider;
use model::{
    ChatEvent, InboundChannel, InboundStatus, LeadFilter, LeadStatus, Locale, OfflineReason, PageRequest,
    PendingStatus, TenantSettingsInput,
};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::{Value, json};

/// The last request that asked for a streamed answer (a round of the loop).
fn last_round(fake: &FakeOpenAi) -> Value {
    fake.requests().into_iter().rev().find(|r| r["stream"] == true).unwrap()
}

fn provider(fake: &FakeOpenAi) -> OpenAiProvider {
    OpenAiProvider::new(fake.settings()).unwrap()
}

fn jarvis_on(fake: &FakeOpenAi, cap_cents: i64) -> Arc<Ai> {
    Arc::new(Ai::new(Some(Arc::new(provider(fake))), PriceTable::default(), cap_cents))
}

/// Runs one answer and collects its events.
async fn ask(t: &TestDb, ctx: &domain::Ctx, ai: Arc<Ai>, text: &str) -> Vec<ChatEvent> {
    let (tx, mut rx) = tokio::sync::mpsc::channel(512);
    agent::answer(
        &t.db,
        ctx,
        ai,
        texts(),
        &Default::default(),
        Ask { chat_id: None, lead_id: None, text: text.into() },
        tx,
    )
    .await
    .unwrap();
    let mut events = Vec::new();
    while let Ok(e) = rx.try_recv() {
        events.push(e);
    }
    events
}

fn final_text(events: &[ChatEvent]) -> String {
    events
        .iter()
        .find_map(|e| match e {
            ChatEvent::Done { content } => Some(content.clone()),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no Done event: {events:?}"))
}

fn tools_finished(events: &[ChatEvent]) -> Vec<(String, bool)> {
    events
        .iter()
        .filter_map(|e| match e {
            ChatEvent::ToolFinished { tool, ok, .. } => Some((tool.clone(), *ok)),
            _ => None,
        })
        .collect()
}

async fn audit_rows(t: &TestDb, tenant: model::TenantId) -> Vec<ai_audit_log::Model> {
    let tx = t.db.tenant(tenant).await.unwrap();
    let rows = ai_audit_log::Entity::find().order_by_asc(ai_audit_log::Column::Id).all(&tx).await.unwrap();
    tx.commit().await.unwrap();
    rows
}

async fn usage_rows(t: &TestDb, tenant: model::TenantId) -> Vec<ai_usage_log::Model> {
    let tx = t.db.tenant(tenant).await.unwrap();
    let rows = ai_usage_log::Entity::find().order_by_asc(ai_usage_log::Column::Id).all(&tx).await.unwrap();
    tx.commit().await.unwrap();
    rows
}

#[tokio::test]
async fn the_provider_speaks_json_and_sse_with_split_tool_calls() {
    let fake = FakeOpenAi::start().await;
    let p = provider(&fake);
    let tools =
        vec![ToolSpec { name: "search_leads".into(), description: "d".into(), parameters: json!({"type": "object"}) }];
    let request =
        ChatRequest { tools: tools.clone(), ..ChatRequest::new(Tier::Main, vec![Message::user("neue Leads?")]) };

    fake.answer(Answer::Tools(vec![
        ("search_leads", json!({"status": "NEW", "limit": 5})),
        ("pipeline_counts", json!({})),
    ]));
    let whole = p.chat(&request).await.unwrap();
    assert_eq!(whole.message.tool_calls.len(), 2);
    assert_eq!(
        serde_json::from_str::<Value>(&whole.message.tool_calls[0].arguments).unwrap(),
        json!({"status": "NEW", "limit": 5})
    );
    assert_eq!((whole.usage.input_tokens, whole.usage.output_tokens), (1200, 80));
    assert!(whole.model.starts_with("gpt-5.2"));

    fake.answer(Answer::Tools(vec![
        ("search_leads", json!({"status": "NEW", "query": "Balkon Wien"})),
        ("pipeline_counts", json!({})),
    ]));
    let mut stream = p.chat_stream(&request).await.unwrap();
    let mut done = None;
    while let Some(d) = stream.next().await {
        if let Delta::Done(r) = d.unwrap() {
            done = Some(r);
        }
    }
    let done = done.unwrap();
    let calls: Vec<(String, Value)> =
        done.message.tool_calls.iter().map(|c| (c.name.clone(), serde_json::from_str(&c.arguments).unwrap())).collect();
    assert_eq!(
        calls,
        vec![
            ("search_leads".into(), json!({"status": "NEW", "query": "Balkon Wien"})),
            ("pipeline_counts".into(), json!({})),
        ]
    );
    assert_eq!(done.usage.output_tokens, 80, "usage from the last chunk");

    fake.answer(Answer::Text("Du hast drei neue Leads.".into()));
    let mut stream = p.chat_stream(&ChatRequest::new(Tier::Small, vec![Message::user("hallo")])).await.unwrap();
    let mut pieces = Vec::new();
    while let Some(d) = stream.next().await {
        match d.unwrap() {
            Delta::Text(t) => pieces.push(t),
            Delta::Done(r) => assert_eq!(r.message.content, "Du hast drei neue Leads."),
        }
    }
    assert!(pieces.len() > 3, "streamed in pieces: {pieces:?}");
    assert_eq!(pieces.concat(), "Du hast drei neue Leads.");

    // The wire request: model per tier, tools, max_completion_tokens, the key as a bearer token.
    let sent = fake.requests();
    assert_eq!(sent[0]["model"], "gpt-5.2");
    assert_eq!(sent[0]["tools"][0]["function"]["name"], "search_leads");
    assert_eq!(sent[1]["stream_options"]["include_usage"], true);
    assert_eq!(sent[2]["model"], "gpt-5-mini");
    assert!(fake.authorizations().iter().all(|a| a == "Bearer sk-test-key"));
}

#[tokio::test]
async fn rate_limits_and_server_faults_are_retried_refusals_are_not() {
    let fake = FakeOpenAi::start().await;
    let p = provider(&fake);
    let request = ChatRequest::new(Tier::Small, vec![Message::user("hallo")]);
    let limited = json!({"error": {"message": "Rate limit reached", "type": "requests", "param": null, "code": "rate_limit_exceeded"}});

    fake.fail(429, limited.clone()).fail(503, json!("upstream busy")).answer(Answer::Text("da".into()));
    assert_eq!(p.chat(&request).await.unwrap().message.content, "da");
    assert_eq!(fake.requests().len(), 3, "two retries, then the answer");

    fake.fail(429, limited.clone()).answer(Answer::Text("gestreamt".into()));
    let mut stream = p.chat_stream(&request).await.unwrap();
    let mut text = String::new();
    while let Some(d) = stream.next().await {
        if let Delta::Text(t) = d.unwrap() {
            text.push_str(&t);
        }
    }
    assert_eq!(text, "gestreamt", "a stream refused at first is opened again");

    let before = fake.requests().len();
    fake.fail(401, json!({"error": {"message": "Incorrect API key provided", "type": "invalid_request_error", "param": null, "code": "invalid_api_key"}}));
    let refused = p.chat(&request).await.unwrap_err();
    assert!(matches!(&refused, LlmError::Refused(m) if m.contains("Incorrect API key")), "{refused:?}");
    assert_eq!(fake.requests().len(), before + 1, "a refusal is not retried");
    assert!(!refused.to_string().contains("sk-test-key"));

    // Still rate-limited after the retry time: a clear error.
    let slow = OpenAiProvider::new(immivo_server::llm::OpenAiSettings {
        retry_for: std::time::Duration::from_millis(200),
        ..fake.settings()
    })
    .unwrap();
    for _ in 0..50 {
        fake.fail(429, limited.clone());
    }
    assert!(matches!(slow.chat(&request).await.unwrap_err(), LlmError::RateLimited(_)));
}

#[tokio::test]
async fn embeddings_come_back_in_order_with_their_size_checked() {
    let fake = FakeOpenAi::start().await;
    let p = provider(&fake);
    let out = p.embed(&["Wohnung in Wien".into(), "Haus in Graz".into()]).await.unwrap();
    assert_eq!(out.vectors.len(), 2);
    assert!(out.vectors.iter().all(|v| v.len() == 1536));
    assert_eq!(out.vectors[0], domain::ai::ngram::embed("Wohnung in Wien"));
    assert_eq!(fake.requests()[0]["dimensions"], 1536);
    let small =
        OpenAiProvider::new(immivo_server::llm::OpenAiSettings { embedding_dimensions: 8, ..fake.settings() }).unwrap();
    assert!(matches!(small.embed(&["x".into()]).await.unwrap_err(), LlmError::Service(_)), "a wrong size is an error");
}

on_both! {
    async fn a_question_runs_tools_and_streams_a_clean_answer(backend: Backend) {
        let t = TestDb::seeded(backend).await;
        let admin = t.ctx(ADMIN).await;
        let fake = FakeOpenAi::start().await;
        fake.answer(Answer::Tools(vec![("search_leads", json!({"status": "NEW", "limit": 3}))]))
            .answer(Answer::Text("Du hast **drei neue Leads** – die neuesten siehst du oben.".into()));
        let events = ask(&t, &admin, jarvis_on(&fake, 5_000), "Zeige meine neuen Leads").await;

        // Order: started, the tool's tag running then finished, text, done.
        let kinds: Vec<&str> = events.iter().map(|e| match e {
            ChatEvent::Started { .. } => "started",
            ChatEvent::ToolStarted { .. } => "tool_started",
            ChatEvent::ToolFinished { .. } => "tool_finished",
            ChatEvent::Text { .. } => "text",
            ChatEvent::Done { .. } => "done",
            _ => "other",
        }).collect();
        let first_text = kinds.iter().position(|k| *k == "text").unwrap();
        assert_eq!(&kinds[..3], ["started", "tool_started", "tool_finished"], "{kinds:?}");
        assert!(first_text > 2 && kinds.last() == Some(&"done"), "{kinds:?}");
        assert!(matches!(events[0], ChatEvent::Started { offline: false, .. }));
        assert_eq!(tools_finished(&events), vec![("search_leads".to_owned(), true)]);
        assert_eq!(final_text(&events), "Du hast **drei neue Leads** – die neuesten siehst du oben.");

        // The model got the tool result back, as JSON with the leads the office has.
        let sent = fake.requests();
        let second_round = sent.iter().filter(|r| r["stream"] == true).nth(1).unwrap();
        let tool_turn = second_round["messages"].as_array().unwrap().iter().find(|m| m["role"] == "tool").unwrap();
        let result: Value = serde_json::from_str(tool_turn["content"].as_str().unwrap()).unwrap();
        let new_leads = leads::list(&t.db, &admin, &LeadFilter { status: Some(LeadStatus::New), ..Default::default() }, &PageRequest::new(3, None)).await.unwrap();
        assert_eq!(result["total"], json!(new_leads.total));
        assert_eq!(result["leads"].as_array().unwrap().len(), new_leads.items.len());
        // The router ran on the small model, the answer on the main one, with the tools.
        assert_eq!(sent[0]["model"], "gpt-5-mini");
        assert_eq!(sent[0]["response_format"]["json_schema"]["name"], "route");
        assert!(second_round["tools"].as_array().unwrap().iter().any(|t| t["function"]["name"] == "search_leads"));

        // Audited, and every call's usage logged with its cost.
        let audit = audit_rows(&t, admin.tenant_id).await;
        assert_eq!(audit.len(), 1);
        assert_eq!((audit[0].tool.as_str(), audit[0].outcome.as_str()), ("search_leads", "OK"));
        assert_eq!(audit[0].input, json!({"status": "NEW", "limit": 3}));
        let usage = usage_rows(&t, admin.tenant_id).await;
        let purposes: Vec<&str> = usage.iter().map(|u| u.purpose.as_str()).collect();
        assert_eq!(purposes, ["router", "chat", "chat"]);
        // 1200 input tokens at $1.75/M + 80 output at $14/M = 2100 + 1120 µ$ on the main model.
        assert_eq!(usage[1].cost_micros, 2_100 + 1_120);
        assert_eq!(usage[0].cost_micros, 300 + 160, "the router on gpt-5-mini prices");
        assert!(usage.iter().all(|u| u.input_tokens == 1200 && u.output_tokens == 80));

        // The chat keeps the question and the clean answer with its tool tag.
        let chats = domain::assistant::chats::list(&t.db, &admin, None).await.unwrap();
        assert_eq!(chats.len(), 1);
        let turns = domain::assistant::chats::turns(&t.db, &admin, chats[0].id).await.unwrap();
        assert_eq!(turns.len(), 2);
        assert_eq!(turns[1].content, final_text(&events));
        assert!(matches!(&turns[1].events[0], ChatEvent::ToolFinished { tool, ok: true, .. } if tool == "search_leads"));
    }

    async fn raw_json_and_reasoning_never_reach_the_user(backend: Backend) {
        let t = TestDb::seeded(backend).await;
        let admin = t.ctx(ADMIN).await;
        let fake = FakeOpenAi::start().await;
        fake.answer(Answer::Tools(vec![("pipeline_counts", json!({}))]))
            .answer(Answer::Text("<think>the user wants counts; call done</think>{\"by_status\": [[\"NEW\", 5]]}".into()));
        let events = ask(&t, &admin, jarvis_on(&fake, 5_000), "Wie sieht meine Pipeline aus?").await;
        let streamed: String = events.iter().filter_map(|e| match e { ChatEvent::Text { delta } => Some(delta.as_str()), _ => None }).collect();
        assert!(!streamed.contains("think") && !streamed.contains("the user wants"), "{streamed}");
        let answer = final_text(&events);
        assert!(!answer.contains('{') && !answer.contains("by_status"), "{answer}");
        assert!(answer.contains("Leads in der Pipeline"), "the tool's own summary stands in: {answer}");
    }

    async fn tool_errors_and_invalid_arguments_go_back_to_the_model(backend: Backend) {
        let t = TestDb::seeded(backend).await;
        let admin = t.ctx(ADMIN).await;
        let fake = FakeOpenAi::start().await;
        fake.answer(Answer::Tools(vec![("search_leads", json!({"status": "NEUE"}))]))
            .answer(Answer::RawCall("get_lead", "{not json"))
            .answer(Answer::Tools(vec![("get_lead", json!({"lead_id": uuid::Uuid::now_v7()}))]))
            .answer(Answer::Tools(vec![("send_rocket", json!({}))]))
            .answer(Answer::Text("Ich habe nichts gefunden.".into()));
        let events = ask(&t, &admin, jarvis_on(&fake, 5_000), "Zeige den Lead von gestern").await;
        assert_eq!(tools_finished(&events).iter().map(|(_, ok)| *ok).collect::<Vec<_>>(), [false, false, false, false]);
        assert_eq!(final_text(&events), "Ich habe nichts gefunden.");
        let results: Vec<Value> = last_round(&fake)["messages"]
            .as_array().unwrap().iter().filter(|m| m["role"] == "tool")
            .map(|m| serde_json::from_str(m["content"].as_str().unwrap()).unwrap()).collect();
        assert!(results[0]["error"].as_str().unwrap().contains("invalid arguments"), "{:?}", results[0]);
        assert!(results[1]["error"].as_str().unwrap().contains("not JSON"), "{:?}", results[1]);
        assert!(results[2]["error"].as_str().unwrap().contains("not found"), "{:?}", results[2]);
        assert!(results[3]["error"].as_str().unwrap().contains("no tool 'send_rocket'"), "{:?}", results[3]);
        let outcomes: Vec<String> = audit_rows(&t, admin.tenant_id).await.into_iter().map(|a| a.outcome).collect();
        assert_eq!(outcomes, ["INVALID", "INVALID", "ERROR", "INVALID"]);
    }

    async fn irreversible_tools_wait_for_approval(backend: Backend) {
        let t = TestDb::seeded(backend).await;
        let admin = t.ctx(ADMIN).await;
        let agent_ctx = t.ctx(AGENT).await;
        let victim = leads::create(&t.db, &admin, model::LeadInput { last_name: Some("Löschkandidat".into()), ..Default::default() }).await.unwrap();
        let fake = FakeOpenAi::start().await;
        let ai = jarvis_on(&fake, 5_000);
        fake.answer(Answer::Tools(vec![("delete_lead", json!({"lead_id": victim.id}))]))
            .answer(Answer::Text("Ich habe das Löschen vorbereitet; bitte bestätige es.".into()));
        let events = ask(&t, &admin, ai.clone(), "Lösche den Lead Löschkandidat").await;
        let action = events.iter().find_map(|e| match e { ChatEvent::Pending { action } => Some(action.clone()), _ => None }).unwrap();
        assert_eq!(action.status, PendingStatus::Pending);
        assert_eq!(action.lead_id, Some(victim.id));
        assert!(leads::get(&t.db, &admin, victim.id).await.is_ok(), "nothing irreversible ran unapproved");
        let fed_back: Value = serde_json::from_str(
            last_round(&fake)["messages"].as_array().unwrap()
                .iter().find(|m| m["role"] == "tool").unwrap()["content"].as_str().unwrap()).unwrap();
        assert_eq!(fed_back["status"], "pending_approval");

        // Another user of the office cannot see or decide it; the admin approves once.
        assert!(pending::list(&t.db, &agent_ctx, None, 10).await.unwrap().is_empty());
        assert!(matches!(pending::approve(&t.db, &agent_ctx, ai.clone(), texts(), action.id).await, Err(domain::Error::NotFound(_))));
        let done = pending::approve(&t.db, &admin, ai.clone(), texts(), action.id).await.unwrap();
        assert_eq!(done.status, PendingStatus::Executed);
        assert!(matches!(leads::get(&t.db, &admin, victim.id).await, Err(domain::Error::NotFound(_))));
        assert!(matches!(pending::approve(&t.db, &admin, ai.clone(), texts(), action.id).await, Err(domain::Error::Conflict(_))), "decided once");
        let outcomes: Vec<String> = audit_rows(&t, admin.tenant_id).await.into_iter().map(|a| a.outcome).collect();
        assert_eq!(outcomes, ["PENDING", "APPROVED"]);

        // A rejected one stays undone.
        let keep = leads::create(&t.db, &admin, model::LeadInput { last_name: Some("Bleibt".into()), ..Default::default() }).await.unwrap();
        fake.answer(Answer::Tools(vec![("delete_lead", json!({"lead_id": keep.id}))])).answer(Answer::Text("Vorbereitet.".into()));
        let events = ask(&t, &admin, ai.clone(), "Lösche Bleibt").await;
        let action = events.iter().find_map(|e| match e { ChatEvent::Pending { action } => Some(action.clone()), _ => None }).unwrap();
        assert_eq!(pending::reject(&t.db, &admin, action.id).await.unwrap().status, PendingStatus::Rejected);
        assert!(leads::get(&t.db, &admin, keep.id).await.is_ok());
    }

    async fn the_loop_stops_after_eight_rounds(backend: Backend) {
        let t = TestDb::seeded(backend).await;
        let admin = t.ctx(ADMIN).await;
        let fake = FakeOpenAi::start().await;
        for _ in 0..12 {
            fake.answer(Answer::Tools(vec![("pipeline_counts", json!({}))]));
        }
        let events = ask(&t, &admin, jarvis_on(&fake, 5_000), "Zähl die Leads, immer wieder").await;
        assert_eq!(tools_finished(&events).len(), agent::MAX_ROUNDS);
        let stopped = format!("nach {} Schritten angehalten", agent::MAX_ROUNDS);
        assert!(final_text(&events).contains(&stopped), "{}", final_text(&events));
        assert_eq!(fake.requests().iter().filter(|r| r["stream"] == true).count(), agent::MAX_ROUNDS);
    }

    async fn smalltalk_gets_no_tools_and_the_small_model(backend: Backend) {
        let t = TestDb::seeded(backend).await;
        let admin = t.ctx(ADMIN).await;
        let fake = FakeOpenAi::start().await;
        fake.route("smalltalk").answer(Answer::Text("Hallo! Wie kann ich helfen?".into()));
        let events = ask(&t, &admin, jarvis_on(&fake, 5_000), "Hallo Jarvis").await;
        assert_eq!(final_text(&events), "Hallo! Wie kann ich helfen?");
        let answer_request = fake.requests().into_iter().find(|r| r["stream"] == true).unwrap();
        assert_eq!(answer_request["model"], "gpt-5-mini");
        assert!(answer_request.get("tools").is_none(), "{answer_request}");
    }

    async fn the_monthly_budget_falls_back_to_offline_and_tells_the_admins(backend: Backend) {
        let t = TestDb::seeded(backend).await;
        let admin = t.ctx(ADMIN).await;
        let fake = FakeOpenAi::start().await;
        // A budget of one cent: the first answer (router + 2 rounds ≈ 0.7 ¢) fits, then it is used up.
        let ai = jarvis_on(&fake, 1);
        fake.answer(Answer::Tools(vec![("pipeline_counts", json!({}))])).answer(Answer::Text("Zahlen geliefert.".into()));
        ask(&t, &admin, ai.clone(), "Wie viele Leads habe ich?").await;
        fake.answer(Answer::Text("Noch eine Antwort.".into()));
        ask(&t, &admin, ai.clone(), "Und wie viele sind neu?").await;
        let spent = domain::ai::usage::month_cost_micros(&t.db, admin.tenant_id).await.unwrap();
        assert!(spent >= 10_000, "over the cap: {spent}");
        let calls_before = fake.requests().len();

        let events = ask(&t, &admin, ai.clone(), "Zeige meine neuen Leads").await;
        assert!(matches!(events[0], ChatEvent::Started { offline: true, offline_reason: Some(OfflineReason::BudgetReached), .. }), "{:?}", events[0]);
        assert_eq!(fake.requests().len(), calls_before, "no model call over budget");
        assert_eq!(tools_finished(&events), vec![("search_leads".to_owned(), true)], "the offline rules still work");
        let status = ai.status(&t.db, &admin).await.unwrap();
        assert_eq!((status.offline, status.offline_reason, status.monthly_cap_cents), (true, Some(OfflineReason::BudgetReached), 1));
        ask(&t, &admin, ai, "Noch einmal").await;
        let tx = t.db.tenant(admin.tenant_id).await.unwrap();
        let notices = audit_log::Entity::find().filter(audit_log::Column::Action.eq("ai.budget_reached")).all(&tx).await.unwrap();
        tx.commit().await.unwrap();
        assert_eq!(notices.len(), 1, "the admins are told once a month");
    }

    async fn offline_rules_answer_common_requests_with_the_same_tools(backend: Backend) {
        let t = TestDb::seeded(backend).await;
        let admin = t.ctx(ADMIN).await;
        let ai = Arc::new(Ai::offline());
        let events = ask(&t, &admin, ai.clone(), "Zeige meine neuen Leads").await;
        assert!(matches!(events[0], ChatEvent::Started { offline: true, offline_reason: Some(OfflineReason::NotConfigured), .. }));
        assert_eq!(tools_finished(&events), vec![("search_leads".to_owned(), true)]);
        let answer = final_text(&events);
        assert!(answer.contains("Leads gefunden") || answer.contains("0 Leads"), "{answer}");

        let events = ask(&t, &admin, ai.clone(), "suche Wohnungen in Wien unter 500.000").await;
        assert_eq!(tools_finished(&events), vec![("search_properties".to_owned(), true)]);
        let answer = final_text(&events);
        // The demo office has one flat for sale in Vienna under 500,000.
        assert!(answer.contains("1 Objekt gefunden"), "{answer}");
        assert!(answer.contains("Altbauwohnung mit Balkon") && answer.contains("489.000 €"), "{answer}");
        let events = ask(&t, &admin, ai, "Hallo, wer bist du?").await;
        assert!(tools_finished(&events).is_empty());
        assert!(final_text(&events).to_lowercase().contains("offline"), "{}", final_text(&events));
    }

    async fn jarvis_sees_only_what_its_user_may_see(backend: Backend) {
        let t = TestDb::seeded(backend).await;
        let admin = t.ctx(ADMIN).await;
        let (other_admin, _) = t.second_office().await;
        let theirs = leads::create(&t.db, &other_admin, model::LeadInput { last_name: Some("Fremdbüro".into()), ..Default::default() }).await.unwrap();
        let fake = FakeOpenAi::start().await;
        let ai = jarvis_on(&fake, 5_000);
        fake.answer(Answer::Tools(vec![
            ("get_lead", json!({"lead_id": theirs.id})),
            ("search_leads", json!({"query": "Fremdbüro"})),
            ("delete_lead", json!({"lead_id": theirs.id})),
        ])).answer(Answer::Text("Nichts.".into()));
        let events = ask(&t, &admin, ai.clone(), "Zeig mir Fremdbüro").await;
        let finished = tools_finished(&events);
        assert_eq!(finished[0], ("get_lead".to_owned(), false), "another office's lead is not found");
        let searched: Value = serde_json::from_str(
            last_round(&fake)["messages"].as_array().unwrap()
                .iter().filter(|m| m["role"] == "tool").nth(1).unwrap()["content"].as_str().unwrap()).unwrap();
        assert_eq!(searched["total"], 0);
        // The pending delete of a foreign lead fails on approval: not found, nothing deleted.
        let action = events.iter().find_map(|e| match e { ChatEvent::Pending { action } => Some(action.clone()), _ => None }).unwrap();
        let decided = pending::approve(&t.db, &admin, ai, texts(), action.id).await.unwrap();
        assert_eq!(decided.status, PendingStatus::Failed);
        assert!(leads::get(&t.db, &other_admin, theirs.id).await.is_ok());
        // An agent's Jarvis has no admin tools at all.
        let agent_ctx = t.ctx(AGENT).await;
        let offered = domain::assistant::tools::for_category(domain::assistant::rules::Category::Multi, &agent_ctx);
        assert!(offered.iter().all(|t| t.info().name != "delete_lead" && t.info().name != "list_agents"));
    }

    async fn semantic_search_ranks_by_meaning_within_the_office(backend: Backend) {
        let t = TestDb::seeded(backend).await;
        let admin = t.ctx(ADMIN).await;
        let fake = FakeOpenAi::start().await;
        let ai = jarvis_on(&fake, 5_000);
        let stale = search::enqueue_stale(&t.db, &ai, 1_000).await.unwrap();
        assert_eq!(stale, 30, "10 properties and 20 leads of the demo office lack vectors");
        // Run the embedding jobs' work directly.
        for p in domain::properties::list(&t.db, &admin, &Default::default(), &PageRequest::new(100, None)).await.unwrap().items {
            search::embed_entity(&t.db, &ai, admin.tenant_id, search::Kind::Properties, p.id.0).await.unwrap();
        }
        let unchanged = search::embed_entity(&t.db, &ai, admin.tenant_id, search::Kind::Properties,
            domain::properties::list(&t.db, &admin, &Default::default(), &PageRequest::new(1, None)).await.unwrap().items[0].id.0).await.unwrap();
        assert_eq!(unchanged, search::Embedded::Unchanged, "no model call for an unchanged text");
        let hits = search::hybrid(&t.db, &admin, &ai, "Dachterrasse", Some(search::Kind::Properties), 5).await.unwrap();
        assert_eq!(hits[0].title, "Penthouse mit Festungsblick", "{hits:?}");
        assert!(hits[0].text_match && hits[0].similarity.is_some(), "found by both sides: {:?}", hits[0]);
        assert!(hits.iter().all(|h| h.url.starts_with("/properties/")));
        // Another office finds none of these.
        let (other_admin, _) = t.second_office().await;
        assert!(search::hybrid(&t.db, &other_admin, &ai, "Dachterrasse", None, 5).await.unwrap().is_empty());
    }
}

on_both! {
    async fn a_mail_no_extractor_reads_is_read_by_the_model_and_checked_against_the_mail(backend: Backend) {
        use domain::intake::model_extract::{self, ModelOutcome, StoredMail};
        let t = TestDb::seeded(backend).await;
        let admin = t.ctx(ADMIN).await;
        // From the portal, in a layout no extractor knows.
        let raw = b"Message-ID: <fresh-layout-1@mail.immobilienscout24.de>\r\nDate: Mon, 07 Dec 2026 10:00:00 +0100\r\n\
From: ImmoScout24 <noreply@immobilienscout24.de>\r\nTo: anfragen@berger-immobilien.de\r\n\
Subject: Jemand interessiert sich\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n\
Eva Novak (eva.novak@example.at, 0664 1112223) fragt zu Wohnung W-1070-12:\r\n\
Ist die Wohnung noch frei? Eine Besichtigung am Freitag waere schoen.\r\n";
        let mail = domain::intake::receive::receive(&t.db, admin.tenant_id, InboundChannel::Http, None, raw).await.unwrap();
        assert_eq!((mail.status, mail.warnings.clone()), (InboundStatus::Unrecognised, vec!["NOT_INQUIRY_NO_DETAILS".to_owned()]));
        let job = StoredMail { inbound_id: mail.id.0 };
        let queued = {
            let tx = t.db.tenant(admin.tenant_id).await.unwrap();
            let jobs = entity::job::Entity::find().filter(entity::job::Column::Kind.eq(model_extract::MODEL_EXTRACT)).all(&tx).await.unwrap();
            tx.commit().await.unwrap();
            jobs
        };
        assert_eq!(queued.len(), 1, "the mail waits for the model as a job");
        assert_eq!(queued[0].payload["inbound_id"], json!(mail.id.0));

        // No model: the mail stays as it is.
        let offline = Arc::new(Ai::offline());
        assert_eq!(model_extract::read_with_model(&t.db, &offline, admin.tenant_id, &job).await.unwrap(), ModelOutcome::Offline);

        let fake = FakeOpenAi::start().await;
        let ai = jarvis_on(&fake, 5_000);
        let reading = |email: &str| Answer::Text(json!({
            "is_inquiry": true, "first_name": "Eva", "last_name": "Novak", "email": email, "phone": "0664 1112223",
            "message": "Ist die Wohnung noch frei? Eine Besichtigung am Freitag waere schoen.",
            "object_number": "W-1070-12", "viewing_requested": true,
        }).to_string());
        // An address the mail does not hold is refused: nothing is taken in.
        fake.answer(reading("eva.n@example.at"));
        assert_eq!(model_extract::read_with_model(&t.db, &ai, admin.tenant_id, &job).await.unwrap(), ModelOutcome::NoInquiry("MODEL_EMAIL_NOT_IN_MAIL"));
        // Another office cannot reach the mail.
        let (other, _) = t.second_office().await;
        assert!(matches!(model_extract::read_with_model(&t.db, &ai, other.tenant_id, &job).await, Err(domain::Error::NotFound(_))));

        fake.answer(reading("eva.novak@example.at"));
        assert_eq!(model_extract::read_with_model(&t.db, &ai, admin.tenant_id, &job).await.unwrap(), ModelOutcome::Taken);
        let request = fake.requests().into_iter().rev().find(|r| r["response_format"]["json_schema"]["name"] == "inquiry").unwrap();
        assert!(request["messages"][1]["content"].as_str().unwrap().contains("eva.novak@example.at"), "the model reads the mail");
        let rows = domain::intake::receive::list(&t.db, &admin, None, 10).await.unwrap();
        let row = rows.iter().find(|r| r.id == mail.id).unwrap();
        assert_eq!(row.status, InboundStatus::Parsed);
        assert!(row.warnings.contains(&"MODEL_EXTRACTED".to_owned()), "{:?}", row.warnings);
        let lead = leads::get(&t.db, &admin, row.lead_id.unwrap()).await.unwrap();
        assert_eq!((lead.email.as_deref(), lead.last_name.as_deref(), lead.viewing_requested), (Some("eva.novak@example.at"), Some("Novak"), true));
        let purposes: Vec<String> = usage_rows(&t, admin.tenant_id).await.into_iter().map(|u| u.purpose).collect();
        assert!(purposes.iter().filter(|p| *p == "extraction").count() >= 2, "every model reading is in the usage log: {purposes:?}");
        // Taken in: a second run finds nothing to do.
        assert_eq!(model_extract::read_with_model(&t.db, &ai, admin.tenant_id, &job).await.unwrap(), ModelOutcome::AlreadyDone);
    }
}

on_both! {
    async fn an_english_office_is_asked_to_approve_in_english(backend: Backend) {
        use domain::intake::enrich::{self, LeadMessage, ReplyOutcome};
        let t = TestDb::seeded(backend).await;
        let admin = t.ctx(ADMIN).await;
        tenants::update_settings(&t.db, &admin, TenantSettingsInput { locale: Some(Locale::En), ..Default::default() }).await.unwrap();
        let fake = FakeOpenAi::start().await;
        let ai = jarvis_on(&fake, 5_000);
        let taken = domain::intake::upsert::upsert_from_inquiry(&t.db, admin.tenant_id, &new_person_inquiry("new.client@example.at", "Newclient"), None).await.unwrap();
        let job = LeadMessage { lead_id: taken.lead_id, message_id: taken.message_id };
        let outcome = enrich::auto_reply(&t.db, &ai, texts().as_ref(), admin.tenant_id, &job).await.unwrap();
        let ReplyOutcome::Held(action_id) = outcome else { panic!("{outcome:?}") };
        let held = pending::list(&t.db, &admin, Some(PendingStatus::Pending), 10).await.unwrap();
        let held = held.iter().find(|p| p.id == action_id).unwrap();
        assert!(held.summary.starts_with("Send the first reply to ") && held.summary.contains("Newclient"), "{}", held.summary);
        assert!(!held.summary.contains("Antwort") && !held.summary.contains("senden"), "{}", held.summary);
    }
}

on_both! {
    // Why a property fits is said in the office's language, never as German the domain wrote.
    async fn an_english_office_reads_why_a_property_fits_in_english(backend: Backend) {
        let t = TestDb::seeded(backend).await;
        let admin = t.ctx(ADMIN).await;
        tenants::update_settings(&t.db, &admin, TenantSettingsInput { locale: Some(Locale::En), ..Default::default() }).await.unwrap();
        let ai = Arc::new(Ai::new(None, PriceTable::default(), 5_000));
        let all = leads::list(&t.db, &admin, &LeadFilter::default(), &PageRequest::new(PageRequest::MAX, None)).await.unwrap();
        let lead = all.items.iter().find(|l| l.budget_max.is_some() && l.property_id.is_some()).unwrap();
        let env = domain::assistant::tools::ToolEnv::new(&t.db, &admin, ai, texts(), None).await.unwrap();
        let tool = domain::assistant::tools::find("recommend_properties").unwrap();
        let out = tool.run(env, json!({ "lead_id": lead.id })).await.unwrap();
        let reasons: Vec<String> = out.data["properties"].as_array().unwrap().iter()
            .flat_map(|p| p["match"]["reasons"].as_array().unwrap().iter().map(|r| r.as_str().unwrap().to_owned()))
            .collect();
        assert!(!reasons.is_empty(), "{}", out.data);
        assert!(reasons.iter().any(|r| r == "within budget"), "{reasons:?}");
        for german in ["Budget", "Zimmer", "ähnlich", "Wohnung", "Haus"] {
            assert!(reasons.iter().all(|r| !r.contains(german)), "{german} in {reasons:?}");
        }
        assert!(out.summary.contains("matching properties for"), "{}", out.summary);
        let items: Vec<&str> = out.data["items"].as_array().unwrap().iter().map(|i| i.as_str().unwrap()).collect();
        assert!(items.iter().all(|i| !i.contains(" Zi.") && !i.contains("000 €")), "{items:?}");
        assert!(items.iter().any(|i| i.contains(" rooms") && i.contains(", €")), "{items:?}");
    }
}

on_both! {
    async fn new_inquiries_get_a_drafted_reply_and_a_model_sentiment(backend: Backend) {
        use domain::intake::upsert::upsert_from_inquiry;
        use domain::ai::sentiment::ModelSentiment;
        use domain::intake::enrich;
        use domain::intake::enrich::{LeadMessage, ReplyOutcome};
        let t = TestDb::seeded(backend).await;
        let admin = t.ctx(ADMIN).await;
        let fake = FakeOpenAi::start().await;
        let ai = jarvis_on(&fake, 5_000);
        let taken = upsert_from_inquiry(&t.db, admin.tenant_id, &new_person_inquiry("neu.kundin@example.at", "Neukundin"), None).await.unwrap();
        assert!(taken.jobs.contains(&enrich::AUTO_REPLY));
        let job = LeadMessage { lead_id: taken.lead_id, message_id: taken.message_id };

        // Held for approval (the office does not send automatically), once.
        let outcome = enrich::auto_reply(&t.db, &ai, texts().as_ref(), admin.tenant_id, &job).await.unwrap();
        let ReplyOutcome::Held(action_id) = outcome else { panic!("{outcome:?}") };
        assert_eq!(enrich::auto_reply(&t.db, &ai, texts().as_ref(), admin.tenant_id, &job).await.unwrap(), ReplyOutcome::AlreadyDone);
        // The approval's question is in the office's language.
        let held = pending::list(&t.db, &admin, Some(PendingStatus::Pending), 10).await.unwrap();
        let held = held.iter().find(|p| p.id == action_id).unwrap();
        assert!(held.summary.starts_with("Erste Antwort an ") && held.summary.contains("Neukundin"), "{}", held.summary);
        let reply_request = fake.requests().into_iter().find(|r| r["response_format"]["json_schema"]["name"] == "reply").unwrap();
        assert_eq!(reply_request["model"], "gpt-5.2");
        let prompt = reply_request["messages"][0]["content"].as_str().unwrap();
        assert!(prompt.contains("language with code 'de'") && prompt.contains("Uhr"), "language and viewing times: {prompt}");
        let lead = leads::get(&t.db, &admin, taken.lead_id).await.unwrap();
        assert!(lead.reply_drafted_at.is_some() && lead.reply_sent_at.is_none());
        assert_eq!(lead.status, LeadStatus::New);

        // Approving writes it to the outbox. No account of the office sends, so it is kept there
        // and the lead is not contacted yet (mail_out.rs sends through a real SMTP server).
        let sent = pending::approve(&t.db, &admin, ai.clone(), texts(), action_id).await.unwrap();
        assert_eq!(sent.status, PendingStatus::Executed, "{:?}", sent.outcome);
        let lead = leads::get(&t.db, &admin, taken.lead_id).await.unwrap();
        assert_eq!((lead.status, lead.reply_sent_at), (LeadStatus::New, None));
        let written: Vec<_> = leads::activities(&t.db, &admin, lead.id).await.unwrap();
        let kinds: Vec<_> = written.iter().map(|a| a.kind).collect();
        assert!(kinds.contains(&model::ActivityKind::ReplyDrafted) && kinds.contains(&model::ActivityKind::EmailOut), "{kinds:?}");
        assert!(written.iter().any(|a| matches!(a.detail, model::ActivityDetail::EmailOut { status: model::MailStatus::Kept, .. })));
        let times = domain::leads::stats::response_times(&t.db, &admin, None).await.unwrap();
        assert_eq!((times.drafted, times.sent), (1, 0));

        // The model reads the mood; the keywords stand in when it is offline.
        let analyzer = ModelSentiment { db: t.db.clone(), ai: ai.clone() };
        let recorded = enrich::record_sentiment(&t.db, admin.tenant_id, &job, &analyzer).await.unwrap();
        let enrich::SentimentOutcome::Recorded(s) = recorded else { panic!("{recorded:?}") };
        assert_eq!((s.score, s.analyzer.as_str(), s.tone.as_deref()), (72, "model", Some("begeistert")));
        let offline = ModelSentiment { db: t.db.clone(), ai: Arc::new(Ai::offline()) };
        let keywords = domain::text::sentiment::SentimentAnalyzer::analyze(&offline, admin.tenant_id, "Wir möchten dringend kaufen").await.unwrap();
        assert_eq!(keywords.analyzer, "keywords");
        let purposes: Vec<String> = usage_rows(&t, admin.tenant_id).await.into_iter().map(|u| u.purpose).collect();
        assert_eq!(purposes, ["auto_reply", "sentiment"]);
    }
}

#[tokio::test]
async fn the_chat_streams_over_http_as_json_lines() {
    let app = spawn_app(Backend::Sqlite).await;
    let admin = app.signed_in(ADMIN).await;
    let r = admin
        .post(format!("{}/api/jarvis_ask", app.base))
        .json(&json!({"chat_id": null, "lead_id": null, "text": "Zeige meine neuen Leads"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let body = r.text().await.unwrap();
    assert!(body.is_ascii(), "escaped to ASCII: a cut stream stays valid text");
    let events: Vec<ChatEvent> = body.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert!(matches!(events[0], ChatEvent::Started { offline: true, .. }));
    assert!(matches!(events.last(), Some(ChatEvent::Done { .. })));
    assert!(events.iter().any(|e| matches!(e, ChatEvent::ToolStarted { tool, .. } if tool == "search_leads")));

    // Without a session: refused before anything streams.
    let anonymous = client()
        .post(format!("{}/api/jarvis_ask", app.base))
        .json(&json!({"chat_id": null, "lead_id": null, "text": "x"}))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    // Another user's chat is not found.
    let chat = match &events[0] {
        ChatEvent::Started { chat_id, .. } => *chat_id,
        _ => unreachable!(),
    };
    let agent = app.signed_in(AGENT).await;
    let (status, _) = app.server_fn(&agent, "chat_turns", json!({"chat_id": chat})).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, turns) = app.server_fn(&admin, "chat_turns", json!({"chat_id": chat})).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(turns.as_array().unwrap().len(), 2);
}

on_both! {
    async fn a_viewing_wish_is_kept_shown_and_offered_first(backend: Backend) {
        use chrono::{Datelike, Duration, Utc};
        use domain::intake::upsert::upsert_from_inquiry;
        let app = spawn_app(backend).await;
        let t = &app.store;
        let admin = t.ctx(ADMIN).await;
        let zone = tenants::zone(&tenants::settings(&t.db, &admin).await.unwrap().time_zone);
        // A weekday one to two weeks ahead, named by its date.
        let today = Utc::now().with_timezone(&zone).date_naive();
        let day = (7..14).map(|d| today + Duration::days(d)).find(|d| d.weekday().number_from_monday() <= 5).unwrap();
        let mut inquiry = new_person_inquiry("wunsch@example.at", "Wunschtermin");
        inquiry.received_at = Some(Utc::now());
        inquiry.message = Some(format!("Guten Tag! Wäre eine Besichtigung am {} nachmittags möglich?", day.format("%d.%m.")));
        let taken = upsert_from_inquiry(&t.db, admin.tenant_id, &inquiry, None).await.unwrap();
        let lead = leads::get(&t.db, &admin, taken.lead_id).await.unwrap();
        let wish = lead.viewing_wish.clone().expect("the wish is kept");
        assert_eq!((wish.precision, wish.from.with_timezone(&zone).date_naive()), (model::TimePrecision::PartOfDay, day));
        assert!(lead.viewing_requested);

        // The offline first reply offers a time of that afternoon first, and says it is theirs.
        let ai = Ai::new(None, PriceTable::default(), 5_000);
        let draft = domain::assistant::reply::draft(&t.db, &ai, admin.tenant_id, None, &lead, None).await.unwrap();
        let first = draft.body.lines().find(|l| l.starts_with("- ")).unwrap();
        assert!(first.contains(&day.format("%d.%m.").to_string()) && first.ends_with("(Ihr Wunschtermin)"), "{}", draft.body);
        let hour: u32 = first.split(" um ").nth(1).and_then(|t| t.get(..2)).unwrap().parse().unwrap();
        assert!((12..18).contains(&hour), "{first}");
        assert_eq!(draft.body.matches("(Ihr Wunschtermin)").count(), 1);

        // The lead's page and the API show it.
        let c = app.signed_in(ADMIN).await;
        let html = c.get(format!("{}/leads/{}", app.base, lead.id)).send().await.unwrap().text().await.unwrap();
        assert!(html.contains("Besichtigungswunsch") && html.contains(&day.format("%d.%m.%Y").to_string()), "the lead page shows the wish");
        let key = app.api_key(ADMIN).await;
        let answer = app.gql(&client(), Some(&key), "query($id: ID!) { lead(id: $id) { viewingWish { precision from } } }", json!({"id": lead.id})).await;
        assert_eq!(data(&answer)["lead"]["viewingWish"]["precision"], "PART_OF_DAY");
    }
}
