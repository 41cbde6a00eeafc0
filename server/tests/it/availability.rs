//! Viewing times: an agent's own week replaces the office's for that agent, in the first reply
//! and in Jarvis's `propose_viewing_slots`; only the agent and the office's admins see or change
//! it, through the domain, the server functions and GraphQL; and the admin's AI card (status,
//! models, spending by purpose, budget).

use std::sync::Arc;

use crate::fake_openai::{Answer, FakeOpenAi};
use crate::helpers::*;
use crate::on_both;
use chrono::{Datelike, Timelike};
use domain::ai::{Ai, usage::PriceTable};
use domain::assistant::{
    agent::{self, Ask},
    reply,
};
use domain::viewings::availability;
use domain::{Error, leads, tenants};
use immivo_server::llm::OpenAiProvider;
use model::{LeadInput, TenantSettingsInput, ViewingSlot};
use reqwest::StatusCode;
use serde_json::{Value, json};

fn slot(weekday: u8, from: &str, to: &str) -> ViewingSlot {
    ViewingSlot { weekday, from: from.into(), to: to.into() }
}

fn field_codes(e: &Error) -> Vec<(String, String)> {
    match e {
        Error::Invalid(fields) => fields.iter().map(|f| (f.field.clone(), f.code.clone())).collect(),
        other => panic!("expected invalid input, got {other:?}"),
    }
}

on_both! {
    async fn an_agents_own_week_replaces_the_offices_for_them_alone(backend: Backend) {
        let t = TestDb::seeded(backend).await;
        let (admin, agent, colleague) = (t.ctx(ADMIN).await, t.ctx(AGENT).await, t.ctx(COLLEAGUE).await);
        let office = tenants::settings(&t.db, &admin).await.unwrap().viewing_slots;
        assert_eq!(office, availability::office_default());

        let start = availability::get(&t.db, &agent, agent.user_id).await.unwrap();
        assert_eq!((start.own, start.effective), (None, office.clone()), "nothing set: the office's apply");

        // Given out of order, stored and returned by weekday and time.
        let mine = vec![slot(6, "13:00", "15:00"), slot(6, "09:30", "12:00"), slot(2, "17:00", "19:00")];
        let set = availability::set(&t.db, &agent, agent.user_id, Some(mine)).await.unwrap();
        let sorted = vec![slot(2, "17:00", "19:00"), slot(6, "09:30", "12:00"), slot(6, "13:00", "15:00")];
        assert_eq!((set.own.as_ref(), &set.effective), (Some(&sorted), &sorted));
        assert_eq!(availability::for_user(&t.db, agent.tenant_id, Some(agent.user_id)).await.unwrap(), sorted);
        assert_eq!(availability::for_user(&t.db, agent.tenant_id, Some(colleague.user_id)).await.unwrap(), office, "the colleague keeps the office's");
        assert_eq!(availability::for_user(&t.db, agent.tenant_id, None).await.unwrap(), office);

        // A colleague may neither read nor change it; the office's admin may do both.
        assert!(matches!(availability::get(&t.db, &colleague, agent.user_id).await, Err(Error::Forbidden)));
        assert!(matches!(availability::set(&t.db, &colleague, agent.user_id, None).await, Err(Error::Forbidden)));
        assert_eq!(availability::get(&t.db, &admin, agent.user_id).await.unwrap().own, Some(sorted.clone()));

        // Windows that overlap or make no sense are refused, and nothing changes.
        let overlap = availability::set(&t.db, &agent, agent.user_id, Some(vec![slot(1, "10:00", "12:00"), slot(1, "11:00", "13:00")])).await.unwrap_err();
        assert_eq!(field_codes(&overlap), [("viewing_slots".to_owned(), "overlap".to_owned())]);
        let backwards = availability::set(&t.db, &agent, agent.user_id, Some(vec![slot(3, "18:00", "09:00")])).await.unwrap_err();
        assert_eq!(field_codes(&backwards), [("viewing_slots".to_owned(), "invalid".to_owned())]);
        let office_overlap = tenants::update_settings(&t.db, &admin, TenantSettingsInput {
            viewing_slots: Some(vec![slot(5, "09:00", "11:00"), slot(5, "10:30", "12:00")]),
            ..Default::default()
        }).await.unwrap_err();
        assert_eq!(field_codes(&office_overlap), [("viewing_slots".to_owned(), "overlap".to_owned())], "the office's week is checked the same way");
        assert_eq!(availability::get(&t.db, &agent, agent.user_id).await.unwrap().own, Some(sorted));

        // The office's new week reaches everyone without their own; `None` returns the agent to it.
        let new_office = vec![slot(4, "14:00", "18:00")];
        tenants::update_settings(&t.db, &admin, TenantSettingsInput { viewing_slots: Some(new_office.clone()), ..Default::default() }).await.unwrap();
        assert_eq!(availability::get(&t.db, &colleague, colleague.user_id).await.unwrap().effective, new_office);
        let back = availability::set(&t.db, &admin, agent.user_id, None).await.unwrap();
        assert_eq!((back.own, back.effective), (None, new_office));

        // Another office's admin finds no such user.
        let (other_admin, _) = t.second_office().await;
        assert!(matches!(availability::get(&t.db, &other_admin, agent.user_id).await, Err(Error::NotFound(_))));
        assert!(matches!(availability::set(&t.db, &other_admin, agent.user_id, Some(vec![])).await, Err(Error::NotFound(_))));
        assert_eq!(availability::get(&t.db, &agent, agent.user_id).await.unwrap().own, None, "untouched by the other office");
    }

    async fn the_first_reply_offers_the_times_of_the_leads_agent(backend: Backend) {
        let t = TestDb::seeded(backend).await;
        let (admin, agent) = (t.ctx(ADMIN).await, t.ctx(AGENT).await);
        // Saturdays only, 09:30: three Saturdays in a row, whatever today is.
        availability::set(&t.db, &agent, agent.user_id, Some(vec![slot(6, "09:30", "12:00")])).await.unwrap();
        let inquiry = |name: &str, assigned_to| LeadInput {
            last_name: Some(name.into()),
            email: Some(format!("{}@example.at", name.to_lowercase())),
            message: Some("Guten Tag, ich interessiere mich für die Wohnung und hätte gerne einen Besichtigungstermin.".into()),
            assigned_to,
            ..Default::default()
        };
        let theirs = leads::create(&t.db, &admin, inquiry("Samstagskunde", Some(agent.user_id))).await.unwrap();
        let ai = Ai::offline();
        let draft = reply::draft(&t.db, &ai, admin.tenant_id, None, &theirs, None).await.unwrap();
        let offered: Vec<&str> = draft.body.lines().filter(|l| l.starts_with("- ")).collect();
        assert_eq!(offered.len(), 3, "{}", draft.body);
        assert!(offered.iter().all(|l| l.starts_with("- Samstag, ") && l.ends_with(" um 09:30 Uhr")), "{offered:?}");

        // An unassigned lead gets the office's week (weekdays at 10:00).
        let unassigned = leads::create(&t.db, &admin, inquiry("Werktagskundin", None)).await.unwrap();
        let draft = reply::draft(&t.db, &ai, admin.tenant_id, None, &unassigned, None).await.unwrap();
        let offered: Vec<&str> = draft.body.lines().filter(|l| l.starts_with("- ")).collect();
        assert_eq!(offered.len(), 3, "{}", draft.body);
        assert!(offered.iter().all(|l| l.ends_with(" um 10:00 Uhr") && !l.contains("Samstag") && !l.contains("Sonntag")), "{offered:?}");
    }

    async fn jarvis_proposes_the_asking_users_times(backend: Backend) {
        let t = TestDb::seeded(backend).await;
        let agent = t.ctx(AGENT).await;
        availability::set(&t.db, &agent, agent.user_id, Some(vec![slot(7, "11:15", "13:00")])).await.unwrap();
        let fake = FakeOpenAi::start().await;
        let ai = Arc::new(Ai::new(Some(Arc::new(OpenAiProvider::new(fake.settings()).unwrap())), PriceTable::default(), 5_000));
        fake.route("calendar").answer(Answer::Tools(vec![("propose_viewing_slots", json!({"count": 2}))])).answer(Answer::Text("Zwei Termine.".into()));
        let (tx, mut rx) = tokio::sync::mpsc::channel(512);
        agent::answer(&t.db, &agent, ai, texts(), &Default::default(), Ask { chat_id: None, lead_id: None, text: "Wann kann ich Besichtigungen anbieten?".into() }, tx).await.unwrap();
        while rx.try_recv().is_ok() {}
        let last = fake.requests().into_iter().rev().find(|r| r["stream"] == true).unwrap();
        let result: Value = serde_json::from_str(
            last["messages"].as_array().unwrap().iter().find(|m| m["role"] == "tool").unwrap()["content"].as_str().unwrap(),
        ).unwrap();
        let times: Vec<chrono::DateTime<chrono::FixedOffset>> = result["times"].as_array().unwrap().iter()
            .map(|t| chrono::DateTime::parse_from_rfc3339(t.as_str().unwrap()).unwrap()).collect();
        assert_eq!(times.len(), 2, "{result}");
        assert!(times.iter().all(|t| t.weekday() == chrono::Weekday::Sun && (t.hour(), t.minute()) == (11, 15)), "{times:?}");
        assert_eq!((times[1] - times[0]).num_days(), 7, "one a week");
    }
}

on_both! {
    async fn the_ai_card_shows_the_model_the_spending_by_purpose_and_the_budget(backend: Backend) {
        let t = TestDb::seeded(backend).await;
        let (admin, agent) = (t.ctx(ADMIN).await, t.ctx(AGENT).await);
        let fake = FakeOpenAi::start().await;
        let ai = Arc::new(Ai::new(Some(Arc::new(OpenAiProvider::new(fake.settings()).unwrap())), PriceTable::default(), 5_000));
        assert!(ai.usage(&t.db, &admin).await.unwrap().is_empty(), "no calls yet");
        fake.answer(Answer::Tools(vec![("pipeline_counts", json!({}))])).answer(Answer::Text("Zahlen.".into()));
        let (tx, mut rx) = tokio::sync::mpsc::channel(512);
        agent::answer(&t.db, &admin, ai.clone(), texts(), &Default::default(), Ask { chat_id: None, lead_id: None, text: "Wie viele Leads?".into() }, tx).await.unwrap();
        while rx.try_recv().is_ok() {}

        let rows = {
            use sea_orm::EntityTrait;
            let tx = t.db.tenant_read(admin.tenant_id).await.unwrap();
            let rows = entity::ai_usage_log::Entity::find().all(&tx).await.unwrap();
            tx.commit().await.unwrap();
            rows
        };
        let by_purpose = ai.usage(&t.db, &admin).await.unwrap();
        let purposes: Vec<&str> = by_purpose.iter().map(|u| u.purpose.as_str()).collect();
        assert_eq!(purposes, ["chat", "router"], "the two answer rounds cost more than the routing");
        for u in &by_purpose {
            let mine: Vec<_> = rows.iter().filter(|r| r.purpose == u.purpose).collect();
            assert_eq!(u.calls, mine.len() as u64);
            assert_eq!(u.input_tokens, mine.iter().map(|r| r.input_tokens as u64).sum::<u64>());
            assert_eq!(u.output_tokens, mine.iter().map(|r| r.output_tokens as u64).sum::<u64>());
            assert_eq!(u.cost_micros, mine.iter().map(|r| r.cost_micros).sum::<i64>());
        }
        assert_eq!(by_purpose.iter().find(|u| u.purpose == "chat").unwrap().calls, 2);
        let spent: i64 = rows.iter().map(|r| r.cost_micros).sum();
        assert_eq!(domain::ai::usage::month_cost_micros(&t.db, admin.tenant_id).await.unwrap(), spent, "the SQL sum");
        assert!(matches!(ai.usage(&t.db, &agent).await, Err(Error::Forbidden)), "admins only");

        let status = ai.status(&t.db, &admin).await.unwrap();
        assert_eq!((status.model.as_deref(), status.small_model.as_deref(), status.embedding_model.as_str()), (Some("gpt-5.2"), Some("gpt-5-mini"), "text-embedding-3-small"));
        assert_eq!((status.offline, status.default_cap, status.monthly_cap_cents), (false, true, 5_000));
        assert_eq!(status.month_cost_cents, (spent + 9_999) / 10_000);

        // The office's own budget, then back to the default; absurd budgets are refused.
        tenants::update_settings(&t.db, &admin, TenantSettingsInput { ai_monthly_cap_cents: Some(1_250), ..Default::default() }).await.unwrap();
        let own = ai.status(&t.db, &admin).await.unwrap();
        assert_eq!((own.default_cap, own.monthly_cap_cents), (false, 1_250));
        let too_much = tenants::update_settings(&t.db, &admin, TenantSettingsInput { ai_monthly_cap_cents: Some(tenants::MAX_AI_CAP_CENTS + 1), ..Default::default() }).await.unwrap_err();
        assert_eq!(field_codes(&too_much), [("ai_monthly_cap_cents".to_owned(), "out_of_range".to_owned())]);
        tenants::update_settings(&t.db, &admin, TenantSettingsInput { ai_monthly_cap_cents: Some(-1), ..Default::default() }).await.unwrap();
        let default = ai.status(&t.db, &admin).await.unwrap();
        assert_eq!((default.default_cap, default.monthly_cap_cents), (true, 5_000));

        let offline = Ai::offline().status(&t.db, &admin).await.unwrap();
        assert_eq!((offline.model, offline.small_model), (None, None));
        assert!(offline.offline && offline.embedding_model.starts_with("offline"), "{}", offline.embedding_model);
    }
}

#[tokio::test]
async fn availability_through_server_functions_and_graphql_stays_in_the_office() {
    let app = spawn_app(Backend::Sqlite).await;
    let agent = app.signed_in(AGENT).await;
    let colleague = app.signed_in(COLLEAGUE).await;
    let agent_id = app.store.ctx(AGENT).await.user_id;

    let (status, mine) = app.server_fn(&agent, "get_availability", json!({})).await;
    assert_eq!(status, StatusCode::OK, "{mine}");
    assert_eq!((mine["user_id"].as_str(), &mine["own"]), (Some(agent_id.0.to_string().as_str()), &Value::Null));
    let saturday = json!([{"weekday": 6, "from": "10:00", "to": "13:00"}]);
    let (status, set) = app.server_fn(&agent, "set_availability", json!({"slots": saturday})).await;
    assert_eq!(status, StatusCode::OK, "{set}");
    assert_eq!(set["effective"], saturday);
    let (status, refused) = app.server_fn(&agent, "set_availability", json!({"slots": [{"weekday": 1, "from": "10:00", "to": "12:00"}, {"weekday": 1, "from": "11:00", "to": "12:30"}]})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
    assert_eq!(
        (&refused["fields"][0]["field"], &refused["fields"][0]["code"]),
        (&json!("viewing_slots"), &json!("overlap"))
    );

    // A colleague cannot read or overwrite it, by server function or GraphQL.
    let (status, _) = app.server_fn(&colleague, "get_availability", json!({"user_id": agent_id})).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = app.server_fn(&colleague, "set_availability", json!({"user_id": agent_id, "slots": null})).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let answer = app
        .gql(
            &colleague,
            None,
            "mutation($u: ID) { setAvailability(userId: $u, slots: []) { own { weekday } } }",
            json!({"u": agent_id}),
        )
        .await;
    assert_eq!(error_code(&answer), Some("FORBIDDEN"), "{answer}");

    // Another office's admin with an API key: the user does not exist for them.
    let (other_admin, _) = app.store.second_office().await;
    let key = domain::tenants::api_keys::create(&app.store.db, &other_admin, "probe").await.unwrap().secret;
    let answer = app
        .gql(
            &client(),
            Some(&key),
            "query($u: ID) { availability(userId: $u) { own { weekday from to } } }",
            json!({"u": agent_id}),
        )
        .await;
    assert_eq!(error_code(&answer), Some("NOT_FOUND"), "{answer}");
    let answer = app
        .gql(
            &client(),
            Some(&key),
            "mutation($u: ID) { setAvailability(userId: $u, slots: []) { own { weekday } } }",
            json!({"u": agent_id}),
        )
        .await;
    assert_eq!(error_code(&answer), Some("NOT_FOUND"), "{answer}");

    // The agent's own reading through GraphQL is still the Saturday.
    let answer =
        app.gql(&agent, None, "{ availability { own { weekday from to } effective { weekday } } }", json!({})).await;
    assert_eq!(data(&answer)["availability"]["own"], saturday);

    // The AI card's figures: admins only.
    let answer = app.gql(&agent, None, "{ aiUsage { purpose calls costMicros } }", json!({})).await;
    assert_eq!(error_code(&answer), Some("FORBIDDEN"), "{answer}");
    let admin = app.signed_in(ADMIN).await;
    let answer = app
        .gql(&admin, None, "{ aiUsage { purpose } aiStatus { offline defaultCap model embeddingModel } }", json!({}))
        .await;
    assert_eq!(data(&answer)["aiUsage"], json!([]));
    assert_eq!(data(&answer)["aiStatus"]["defaultCap"], true);
    assert_eq!(data(&answer)["aiStatus"]["model"], Value::Null, "no model configured in tests");
}
