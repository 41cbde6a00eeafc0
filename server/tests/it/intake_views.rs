//! What the intake screens read, through the server functions and GraphQL: a lead's inquiries
//! (merged duplicates included) with the original mail, and the job queues with their dead jobs.
//! Every read is tried across agents and offices.

use domain::intake::receive;
use std::time::Duration;

use crate::helpers::*;
use crate::on_both;
use domain::jobs::{self, NewJob};
use model::{JobId, LeadId, Queue};
use reqwest::StatusCode;
use serde_json::{Value, json};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/../domain/src/intake/parse/fixtures/inbound/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// The same mail again under a new Message-ID: the person asks a second time.
fn asked_again(raw: &[u8], n: u32) -> Vec<u8> {
    String::from_utf8_lossy(raw)
        .lines()
        .map(|l| {
            if l.to_ascii_lowercase().starts_with("message-id:") {
                format!("Message-ID: <again-{n}@example.test>")
            } else {
                l.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\r\n")
        .into_bytes()
}

async fn post(app: &TestApp, token: &str, body: Vec<u8>) -> Value {
    let r = client().post(format!("{}/inbound/email/{token}", app.base)).body(body).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    r.json().await.unwrap()
}

async fn sign_in_as(app: &TestApp, email: &str) -> reqwest::Client {
    let c = client();
    let r = c
        .post(format!("{}/api/login", app.base))
        .json(&json!({"email": email, "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    c
}

on_both! {
    async fn lead_page_shows_its_inquiries_and_the_original_mail(backend: Backend) {
        let app = spawn_app(backend).await;
        let admin = app.store.ctx(ADMIN).await;
        let agent = app.store.ctx(AGENT).await;
        let token = receive::inbound_token(&app.store.db, &admin).await.unwrap();
        let raw = fixture("immoscout24_text.eml");
        let first = post(&app, &token, raw.clone()).await;
        let second = post(&app, &token, asked_again(&raw, 1)).await;
        assert_eq!(second["status"], "PARSED", "{second}");
        assert_eq!(second["duplicate"], false, "a new Message-ID is a new mail");
        assert_eq!(second["lead_id"], first["lead_id"], "the same person: merged into one lead");
        let lead: LeadId = serde_json::from_value(first["lead_id"].clone()).unwrap();

        let web = app.signed_in(ADMIN).await;
        let (status, detail) = app.server_fn(&web, "get_lead_detail", json!({"id": lead})).await;
        assert_eq!(status, StatusCode::OK, "{detail}");
        let inquiries = detail["inquiries"].as_array().unwrap();
        assert_eq!(inquiries.len(), 2, "both inquiries, oldest first: {detail}");
        assert_eq!(inquiries[0]["id"], first["id"]);
        assert_eq!(inquiries[1]["id"], second["id"]);
        assert_eq!(inquiries[0]["portal"], "IMMOSCOUT24");
        assert_eq!(inquiries[0]["channel"], "HTTP");

        let (status, source) = app.server_fn(&web, "inbound_email_source", json!({"id": first["id"]})).await;
        assert_eq!(status, StatusCode::OK, "{source}");
        let stored = String::from_utf8_lossy(&raw).into_owned();
        assert_eq!(source["raw"], stored.as_str(), "the stored bytes, unchanged");
        assert_eq!(source["truncated"], false);
        let text = source["text"].as_str().unwrap();
        assert!(text.contains("Huber") || text.contains("Anna"), "the decoded body: {text}");
        assert!(!text.contains("Message-ID"), "the body, not the headers: {text}");

        // An agent reaches the mail only through a lead assigned to them.
        let agent_web = app.signed_in(AGENT).await;
        let (status, _) = app.server_fn(&agent_web, "get_lead_detail", json!({"id": lead})).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, body) = app.server_fn(&agent_web, "inbound_email_source", json!({"id": first["id"]})).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
        domain::leads::assign(&app.store.db, &admin, lead, Some(agent.user_id)).await.unwrap();
        let (status, detail) = app.server_fn(&agent_web, "get_lead_detail", json!({"id": lead})).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(detail["inquiries"].as_array().unwrap().len(), 2);
        let (status, _) = app.server_fn(&agent_web, "inbound_email_source", json!({"id": first["id"]})).await;
        assert_eq!(status, StatusCode::OK);

        // Unrecognised mail belongs to no lead: admins read it, agents do not.
        let ooo = post(&app, &token, fixture("unrecognised_out_of_office.eml")).await;
        let (status, _) = app.server_fn(&agent_web, "inbound_email_source", json!({"id": ooo["id"]})).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, _) = app.server_fn(&web, "inbound_email_source", json!({"id": ooo["id"]})).await;
        assert_eq!(status, StatusCode::OK);

        // Another office's admin finds neither the lead nor the mail.
        app.store.second_office().await;
        let other = sign_in_as(&app, "chefin@wohnwert.de").await;
        let (status, _) = app.server_fn(&other, "inbound_email_source", json!({"id": first["id"]})).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, _) = app.server_fn(&other, "get_lead_detail", json!({"id": lead})).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }

    async fn job_queues_and_dead_jobs_through_the_apis(backend: Backend) {
        let app = spawn_app(backend).await;
        let admin = app.store.ctx(ADMIN).await;
        let (other_admin, _) = app.store.second_office().await;
        let enqueue = |ctx: domain::Ctx, n: u32| {
            let db = app.store.db.clone();
            async move {
                let tx = db.tenant(ctx.tenant_id).await.unwrap();
                let job = NewJob::new(Queue::AutoClick, "lead.auto_click", json!({ "n": n })).for_tenant(ctx.tenant_id).max_attempts(1);
                let id = jobs::enqueue(&tx, job).await.unwrap();
                tx.commit().await.unwrap();
                id
            }
        };
        let ours = enqueue(admin, 1).await;
        let theirs = enqueue(other_admin, 2).await;
        for job in jobs::claim(&app.store.db, Queue::AutoClick, "w", 10, Duration::from_secs(60)).await.unwrap() {
            jobs::fail(&app.store.db, job.id, "w", "portal page answered 503").await.unwrap();
        }

        let web = app.signed_in(ADMIN).await;
        let (status, stats) = app.server_fn(&web, "job_queue_stats", json!({})).await;
        assert_eq!(status, StatusCode::OK, "{stats}");
        assert_eq!(stats.as_array().unwrap().len(), Queue::ALL.len());
        let auto = stats.as_array().unwrap().iter().find(|q| q["queue"] == "AUTO_CLICK").unwrap();
        assert_eq!((auto["dead"].as_u64(), auto["queued"].as_u64()), (Some(1), Some(0)), "only our office's job: {auto}");

        let (status, dead) = app.server_fn(&web, "list_dead_jobs", json!({})).await;
        assert_eq!(status, StatusCode::OK);
        let dead_ids: Vec<JobId> = serde_json::from_value(json!(dead.as_array().unwrap().iter().map(|j| j["id"].clone()).collect::<Vec<_>>())).unwrap();
        assert_eq!(dead_ids, [ours]);
        assert_eq!(dead[0]["last_error"], "portal page answered 503");

        // Agents see no queues; another office's dead job cannot be retried from here.
        let agent = app.signed_in(AGENT).await;
        assert_eq!(app.server_fn(&agent, "job_queue_stats", json!({})).await.0, StatusCode::FORBIDDEN);
        assert_eq!(app.server_fn(&agent, "retry_dead_job", json!({"id": ours})).await.0, StatusCode::FORBIDDEN);
        assert_eq!(app.server_fn(&web, "retry_dead_job", json!({"id": theirs})).await.0, StatusCode::NOT_FOUND);

        let (status, retried) = app.server_fn(&web, "retry_dead_job", json!({"id": ours})).await;
        assert_eq!(status, StatusCode::OK, "{retried}");
        assert_eq!(retried["status"], "QUEUED");
        assert_eq!(app.server_fn(&web, "retry_dead_job", json!({"id": ours})).await.0, StatusCode::CONFLICT);

        // GraphQL: the same view for an API key of the other office.
        let key = domain::tenants::api_keys::create(&app.store.db, &other_admin, "ops").await.unwrap().secret;
        let answer = app.gql(&client(), Some(&key), "{ jobQueues { queue dead queued } deadJobs { id kind lastError attempts maxAttempts } }", json!({})).await;
        let d = data(&answer);
        let auto = d["jobQueues"].as_array().unwrap().iter().find(|q| q["queue"] == "AUTO_CLICK").unwrap();
        assert_eq!(auto["dead"], 1, "{answer}");
        assert_eq!(d["deadJobs"][0]["id"], json!(theirs.to_string()));
        assert_eq!(d["deadJobs"][0]["kind"], "lead.auto_click");
        let refused = app.gql(&client(), Some(&key), "mutation($id: ID!) { retryJob(id: $id) { id } }", json!({"id": ours.to_string()})).await;
        assert_eq!(error_code(&refused), Some("NOT_FOUND"), "{refused}");
        let retried = app.gql(&client(), Some(&key), "mutation($id: ID!) { retryJob(id: $id) { status attempts } }", json!({"id": theirs.to_string()})).await;
        assert_eq!(data(&retried)["retryJob"], json!({"status": "QUEUED", "attempts": 0}));
    }
}
