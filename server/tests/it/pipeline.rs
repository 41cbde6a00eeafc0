//! The intake pipeline with its workers running: a mail posted to the inbound endpoint is a lead
//! at once and gets its sentiment from a job, exactly once even when a worker dies after the
//! work; a mail a crash left RECEIVED is taken in by the recovery sweep.

use domain::intake::receive;
use std::time::Duration;

use crate::helpers::*;
use crate::on_both;
use chrono::Utc;
use domain::intake::enrich;
use domain::{Db, leads};
use entity::{inbound_email, job, lead_activity};
use model::{ActivityKind, InboundStatus, LeadId, TenantId};
use reqwest::StatusCode;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use serde_json::Value;
use uuid::Uuid;

pub fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/../domain/src/intake/parse/fixtures/inbound/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

pub async fn post_mail(app: &TestApp, token: &str, body: Vec<u8>) -> Value {
    let r = client()
        .post(format!("{}/inbound/email/{token}", app.base))
        .header("content-type", "message/rfc822")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    r.json().await.unwrap()
}

/// The jobs of one kind, oldest first (platform scope: every office).
pub async fn jobs_of(db: &Db, kind: &str) -> Vec<job::Model> {
    let tx = db.platform().await.unwrap();
    let rows =
        job::Entity::find().filter(job::Column::Kind.eq(kind)).order_by_asc(job::Column::Id).all(&tx).await.unwrap();
    tx.commit().await.unwrap();
    rows
}

/// A lead's activities of one kind, with their data.
pub async fn activities(db: &Db, tenant: TenantId, lead: LeadId, kind: ActivityKind) -> Vec<lead_activity::Model> {
    let tx = db.tenant(tenant).await.unwrap();
    let rows = lead_activity::Entity::find()
        .filter(lead_activity::Column::TenantId.eq(tenant.0))
        .filter(lead_activity::Column::LeadId.eq(lead.0))
        .filter(lead_activity::Column::Kind.eq(kind.as_str()))
        .order_by_asc(lead_activity::Column::Id)
        .all(&tx)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    rows
}

/// Waits until every job of `kind` is finished (DONE or DEAD) and there is at least `n`.
pub async fn finished_jobs(db: &Db, kind: &str, n: usize) -> Vec<job::Model> {
    wait_for(&format!("{n} finished {kind} jobs"), 20, || async {
        let rows = jobs_of(db, kind).await;
        (rows.len() >= n && rows.iter().all(|j| j.status == "DONE" || j.status == "DEAD")).then_some(rows)
    })
    .await
}

/// What a worker killed after the work but before completing the job leaves behind: the job
/// RUNNING under a lock that has lapsed. The next claim runs it again.
pub async fn as_if_the_worker_died(db: &Db, id: Uuid) {
    let tx = db.platform().await.unwrap();
    job::Entity::update_many()
        .col_expr(job::Column::Status, Expr::value("RUNNING"))
        .col_expr(job::Column::LockedBy, Expr::value("a-worker-that-was-killed"))
        .col_expr(job::Column::LockedUntil, Expr::value(Utc::now() - chrono::Duration::seconds(1)))
        .col_expr(job::Column::FinishedAt, Expr::value(Option::<chrono::DateTime<Utc>>::None))
        .filter(job::Column::Id.eq(id))
        .exec(&tx)
        .await
        .unwrap();
    tx.commit().await.unwrap();
}

/// A mail as a crash between storing and processing leaves it: RECEIVED, `age` ago.
pub async fn stored_unprocessed(db: &Db, tenant: TenantId, raw: Vec<u8>, age: Duration) -> Uuid {
    let id = Uuid::now_v7();
    let tx = db.tenant(tenant).await.unwrap();
    inbound_email::ActiveModel {
        id: Set(id),
        tenant_id: Set(tenant.0),
        channel: Set("HTTP".into()),
        message_id: Set(Some(format!("{id}@crash.test"))),
        size_bytes: Set(i32::try_from(raw.len()).unwrap()),
        raw: Set(raw),
        from_address: Set(None),
        subject: Set(None),
        status: Set(InboundStatus::Received.as_str().into()),
        portal: Set(None),
        error: Set(None),
        warnings: Set(serde_json::json!([])),
        lead_id: Set(None),
        owner_id: Set(None),
        received_at: Set(Utc::now() - chrono::Duration::from_std(age).unwrap()),
        processed_at: Set(None),
    }
    .insert(&tx)
    .await
    .unwrap();
    tx.commit().await.unwrap();
    id
}

pub async fn inbound_row(db: &Db, tenant: TenantId, id: Uuid) -> inbound_email::Model {
    let tx = db.tenant(tenant).await.unwrap();
    let row = inbound_email::Entity::find_by_id(id).one(&tx).await.unwrap().unwrap();
    tx.commit().await.unwrap();
    row
}

const FAST: &[(&str, &str)] = &[("IMMIVO_WORKER_POLL_MS", "100")];

on_both! {
    async fn posted_mail_becomes_a_lead_then_gets_its_sentiment_once(backend: Backend) {
        let (app, workers) = spawn_app_with_workers(backend, FAST).await;
        let admin = app.store.ctx(ADMIN).await;
        let token = receive::inbound_token(&app.store.db, &admin).await.unwrap();

        let started = std::time::Instant::now();
        let received = post_mail(&app, &token, fixture("immoscout24_text.eml")).await;
        assert_eq!(received["status"], "PARSED", "{received}");
        let lead_id: LeadId = serde_json::from_value(received["lead_id"].clone()).unwrap();
        // The lead exists when the answer comes, well within a second.
        let lead = leads::get(&app.store.db, &admin, lead_id).await.unwrap();
        assert!(started.elapsed() < Duration::from_secs(1), "{:?}", started.elapsed());
        assert!(lead.score > 0);

        let done = finished_jobs(&app.store.db, enrich::SENTIMENT, 1).await;
        assert_eq!(done.len(), 1, "one sentiment job per inquiry");
        let job = &done[0];
        assert_eq!((job.status.as_str(), job.attempts, job.queue.as_str()), ("DONE", 1, "sentiment-analysis"));
        assert_eq!(job.tenant_id, Some(admin.tenant_id.0));
        assert!(jobs_of(&app.store.db, enrich::AUTO_CLICK).await.is_empty(), "e-mail and phone given: no auto-click");
        let sentiments = activities(&app.store.db, admin.tenant_id, lead_id, ActivityKind::Sentiment).await;
        assert_eq!(sentiments.len(), 1);
        let data = sentiments[0].data.clone().unwrap();
        assert_eq!((&data["code"], &data["sentiment"]["label"]), (&serde_json::json!("SENTIMENT"), &serde_json::json!("POSITIVE")), "{data}");

        // The worker was killed after recording the sentiment, before completing the job: the
        // job runs again, finds its activity, and adds nothing.
        as_if_the_worker_died(&app.store.db, job.id).await;
        let rerun = wait_for("the re-run job", 20, || async {
            let rows = jobs_of(&app.store.db, enrich::SENTIMENT).await;
            rows.into_iter().find(|j| j.status == "DONE" && j.attempts == 2)
        })
        .await;
        assert_eq!(rerun.id, job.id);
        assert_eq!(activities(&app.store.db, admin.tenant_id, lead_id, ActivityKind::Sentiment).await.len(), 1);

        // A redelivery of the same mail enqueues nothing new.
        let again = post_mail(&app, &token, fixture("immoscout24_text.eml")).await;
        assert_eq!(again["duplicate"], true);
        // Another mail from the same person: merged, its own message, its own sentiment.
        let mut second = String::from_utf8(fixture("immoscout24_text.eml")).unwrap();
        second = second.replace("20240312091403.5f1c2a@mail.immobilienscout24.de", "second-inquiry@mail.immobilienscout24.de");
        let merged = post_mail(&app, &token, second.into_bytes()).await;
        assert_eq!(merged["lead_id"], received["lead_id"]);
        finished_jobs(&app.store.db, enrich::SENTIMENT, 2).await;
        assert_eq!(activities(&app.store.db, admin.tenant_id, lead_id, ActivityKind::Sentiment).await.len(), 2);
        assert_eq!(jobs_of(&app.store.db, enrich::SENTIMENT).await.len(), 2);

        workers.stop().await;
    }

    async fn a_mail_left_received_by_a_crash_is_taken_in_by_the_sweep(backend: Backend) {
        let t = TestDb::seeded(backend).await;
        let admin = t.ctx(ADMIN).await;
        let (other, _) = t.second_office().await;
        let crashed = stored_unprocessed(&t.db, other.tenant_id, fixture("willhaben_text.eml"), Duration::from_secs(120)).await;
        let broken = stored_unprocessed(&t.db, other.tenant_id, b"\x00 not a mail".to_vec(), Duration::from_secs(120)).await;
        // Still within the minute: its own receive may be running right now.
        let fresh = stored_unprocessed(&t.db, admin.tenant_id, fixture("immowelt_multipart.eml"), Duration::from_secs(5)).await;

        let report = receive::recover_received(&t.db, Duration::from_secs(60), 100).await.unwrap();
        assert_eq!(report, receive::ReprocessReport { examined: 2, parsed: 1, unrecognised: 0, failed: 1 });

        let row = inbound_row(&t.db, other.tenant_id, crashed).await;
        assert_eq!(row.status, "PARSED");
        let lead_id = LeadId(row.lead_id.unwrap());
        let lead = leads::get(&t.db, &other, lead_id).await.unwrap();
        assert_eq!(lead.email.as_deref(), Some("lukas.gruber@gmx.at"));
        // The lead's jobs came with it; in the office of the mail, not another.
        let sentiment = jobs_of(&t.db, enrich::SENTIMENT).await;
        assert_eq!(sentiment.len(), 1);
        assert_eq!(sentiment[0].tenant_id, Some(other.tenant_id.0));
        assert!(matches!(leads::get(&t.db, &admin, lead_id).await, Err(domain::Error::NotFound(_))));
        // A mail that is no mail is a visible failure, not a silent RECEIVED.
        let row = inbound_row(&t.db, other.tenant_id, broken).await;
        assert_eq!(row.status, "FAILED");
        assert!(row.error.is_some());
        assert_eq!(inbound_row(&t.db, admin.tenant_id, fresh).await.status, "RECEIVED");

        // A second sweep (another worker process) finds nothing left.
        let again = receive::recover_received(&t.db, Duration::from_secs(60), 100).await.unwrap();
        assert_eq!(again.examined, 0);
        // The young one is taken in once it is old enough.
        let later = receive::recover_received(&t.db, Duration::ZERO, 100).await.unwrap();
        assert_eq!((later.examined, later.parsed), (1, 1));
        assert_eq!(inbound_row(&t.db, admin.tenant_id, fresh).await.status, "PARSED");
    }

    async fn the_workers_sweep_at_start(backend: Backend) {
        let store = TestDb::seeded(backend).await;
        let admin = store.ctx(ADMIN).await;
        let crashed = stored_unprocessed(&store.db, admin.tenant_id, fixture("willhaben_text.eml"), Duration::from_secs(120)).await;
        let config = test_config(&store.url, FAST);
        let ai = immivo_server::llm::ai(&config);
        let workers =
            immivo_server::jobs::start(store.db.clone(), &config, ai, immivo_server::jobs::worker::CancellationToken::new());
        let row = wait_for("the swept mail", 20, || async {
            let row = inbound_row(&store.db, admin.tenant_id, crashed).await;
            (row.status != "RECEIVED").then_some(row)
        })
        .await;
        assert_eq!(row.status, "PARSED");
        let lead_id = LeadId(row.lead_id.unwrap());
        finished_jobs(&store.db, enrich::SENTIMENT, 1).await;
        assert_eq!(activities(&store.db, admin.tenant_id, lead_id, ActivityKind::Sentiment).await.len(), 1);
        workers.stop().await;
    }
}
