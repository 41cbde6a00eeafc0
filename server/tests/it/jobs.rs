//! The job queue on both databases: enqueue, claim, retries, dead jobs, admin views with tenant
//! isolation, and the worker runtime end to end.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::helpers::*;
use crate::on_both;
use chrono::Utc;
use domain::jobs::{self, ClaimedJob, Failure, NewJob, RetryPolicy};
use domain::{Ctx, Error};
use entity::job;
use immivo_server::jobs::worker::{CancellationToken, JobError, JobHandler, Worker, WorkerConfig};
use model::{JobId, JobStatus, Queue};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, TransactionTrait};
use serde_json::json;

const VISIBLE: Duration = Duration::from_secs(60);

fn mail(kind: &str) -> NewJob {
    NewJob::new(Queue::EmailSend, kind, json!({ "to": "max@example.at" }))
}

async fn add(t: &TestDb, job: NewJob) -> JobId {
    let tx = t.db.platform().await.unwrap();
    let id = jobs::enqueue(&tx, job).await.unwrap();
    tx.commit().await.unwrap();
    id
}

async fn add_for(t: &TestDb, ctx: &Ctx, job: NewJob) -> JobId {
    let tx = t.db.tenant(ctx.tenant_id).await.unwrap();
    let id = jobs::enqueue(&tx, job.for_tenant(ctx.tenant_id)).await.unwrap();
    tx.commit().await.unwrap();
    id
}

async fn row(t: &TestDb, id: JobId) -> job::Model {
    let tx = t.db.platform().await.unwrap();
    let found = job::Entity::find_by_id(id.0).one(&tx).await.unwrap().unwrap();
    tx.commit().await.unwrap();
    found
}

async fn count(t: &TestDb, status: JobStatus) -> u64 {
    let tx = t.db.platform().await.unwrap();
    let n = job::Entity::find().filter(job::Column::Status.eq(status.as_str())).count(&tx).await.unwrap();
    tx.commit().await.unwrap();
    n
}

/// Moves a job's `run_at` into the past, instead of waiting for its backoff.
async fn make_due(t: &TestDb, id: JobId) {
    let tx = t.db.platform().await.unwrap();
    job::Entity::update_many()
        .col_expr(job::Column::RunAt, Expr::value(Utc::now() - chrono::Duration::seconds(1)))
        .filter(job::Column::Id.eq(id.0))
        .exec(&tx)
        .await
        .unwrap();
    tx.commit().await.unwrap();
}

async fn claim(t: &TestDb, queue: Queue, worker: &str) -> Vec<ClaimedJob> {
    jobs::claim(&t.db, queue, worker, 50, VISIBLE).await.unwrap()
}

fn ids(claimed: &[ClaimedJob]) -> Vec<JobId> {
    claimed.iter().map(|j| j.id).collect()
}

/// Polls until `check` holds; the deadline only stops a broken test from hanging.
async fn wait_until<F, Fut>(what: &str, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let deadline = tokio::time::Instant::now() + Duration::from_secs(120);
    while !check().await {
        assert!(tokio::time::Instant::now() < deadline, "gave up waiting for {what}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

fn conflict<T: std::fmt::Debug>(result: Result<T, Error>) {
    assert!(matches!(result, Err(Error::Conflict(_))), "expected a conflict, got {result:?}");
}

fn not_found<T: std::fmt::Debug>(result: Result<T, Error>) {
    assert!(matches!(result, Err(Error::NotFound(_))), "expected not found, got {result:?}");
}

struct Record(Arc<Mutex<Vec<JobId>>>);

#[async_trait::async_trait]
impl JobHandler for Record {
    async fn run(&self, job: &ClaimedJob) -> Result<(), JobError> {
        self.0.lock().unwrap().push(job.id);
        Ok(())
    }
}

struct Broken(Arc<Mutex<u32>>);

#[async_trait::async_trait]
impl JobHandler for Broken {
    async fn run(&self, _job: &ClaimedJob) -> Result<(), JobError> {
        *self.0.lock().unwrap() += 1;
        Err(JobError::retry("Zielserver antwortet nicht"))
    }
}

/// Waits, once started, until the test lets it finish.
struct Gate {
    started: Arc<tokio::sync::Notify>,
    release: Arc<tokio::sync::Notify>,
}

#[async_trait::async_trait]
impl JobHandler for Gate {
    async fn run(&self, _job: &ClaimedJob) -> Result<(), JobError> {
        let released = self.release.notified();
        self.started.notify_one();
        released.await;
        Ok(())
    }
}

fn test_config(queues: Vec<Queue>) -> WorkerConfig {
    WorkerConfig {
        worker_id: format!("test-{}", uuid::Uuid::new_v4().simple()),
        queues,
        concurrency: 4,
        poll_interval: Duration::from_millis(50),
        visibility: Duration::from_secs(30),
        retry: RetryPolicy { base: Duration::from_millis(5), cap: Duration::from_millis(20), jitter: 0.2 },
        ..WorkerConfig::default()
    }
}

on_both! {
    async fn enqueue_claim_complete(backend: Backend) {
        let t = TestDb::migrated(backend).await;
        let id = add(&t, mail("mail.send")).await;
        let stored = row(&t, id).await;
        assert_eq!((stored.status.as_str(), stored.attempts, stored.max_attempts), ("QUEUED", 0, 5));

        let claimed = claim(&t, Queue::EmailSend, "w1").await;
        assert_eq!(ids(&claimed), [id]);
        let job = &claimed[0];
        assert_eq!((job.kind.as_str(), job.attempts, job.max_attempts, job.locked_by.as_str()), ("mail.send", 1, 5, "w1"));
        assert_eq!(job.queue, Queue::EmailSend);
        assert_eq!(job.tenant_id, None);
        assert_eq!(job.payload, json!({ "to": "max@example.at" }));
        assert!(job.locked_until > Utc::now());
        assert_eq!(row(&t, id).await.status, "RUNNING");

        // Held: nobody else gets it; other queues are separate.
        assert!(claim(&t, Queue::EmailSend, "w2").await.is_empty());
        assert!(claim(&t, Queue::Embedding, "w2").await.is_empty());

        jobs::complete(&t.db, id, "w1").await.unwrap();
        let done = row(&t, id).await;
        assert_eq!(done.status, "DONE");
        assert!(done.finished_at.is_some() && done.locked_until.is_none());
        conflict(jobs::complete(&t.db, id, "w1").await);
        assert!(claim(&t, Queue::EmailSend, "w1").await.is_empty());

        // A job commits with the caller's transaction, or not at all.
        let tx = t.db.platform().await.unwrap();
        jobs::enqueue(&tx, mail("mail.send")).await.unwrap();
        tx.rollback().await.unwrap();
        assert!(claim(&t, Queue::EmailSend, "w1").await.is_empty());

        let tx = t.db.platform().await.unwrap();
        let invalid = jobs::enqueue(&tx, mail(" ").max_attempts(0)).await.unwrap_err();
        assert!(matches!(invalid, Error::Invalid(_)), "{invalid:?}");
    }

    async fn idempotency_key_returns_the_existing_job(backend: Backend) {
        let t = TestDb::migrated(backend).await;
        let first = add(&t, mail("mail.send").idempotency_key("lead-42/first-reply")).await;
        let again = add(&t, mail("mail.send").idempotency_key("lead-42/first-reply")).await;
        assert_eq!(first, again);
        // Keys are per queue; jobs without a key never collide.
        let elsewhere = add(&t, NewJob::new(Queue::Embedding, "embed", json!({})).idempotency_key("lead-42/first-reply")).await;
        assert_ne!(elsewhere, first);
        let a = add(&t, mail("mail.send")).await;
        let b = add(&t, mail("mail.send")).await;
        assert_ne!(a, b);
        assert_eq!(count(&t, JobStatus::Queued).await, 4);

        // Concurrent enqueuers of one key: one row, one id for all.
        let mut tasks = Vec::new();
        for _ in 0..6 {
            let db = t.db.clone();
            tasks.push(tokio::spawn(async move {
                let tx = db.platform().await.unwrap();
                let id = jobs::enqueue(&tx, mail("mail.send").idempotency_key("race")).await.unwrap();
                tx.commit().await.unwrap();
                id
            }));
        }
        let mut got = Vec::new();
        for task in tasks {
            got.push(task.await.unwrap());
        }
        assert!(got.windows(2).all(|w| w[0] == w[1]), "{got:?}");
        assert_eq!(count(&t, JobStatus::Queued).await, 5);
    }

    async fn delayed_job_waits_for_run_at(backend: Backend) {
        let t = TestDb::migrated(backend).await;
        let later = add(&t, mail("mail.send").run_at(Utc::now() + chrono::Duration::hours(1))).await;
        let also_later = add(&t, mail("mail.send").delay(Duration::from_secs(600))).await;
        let due = add(&t, mail("mail.send").run_at(Utc::now() - chrono::Duration::seconds(1))).await;
        assert_eq!(ids(&claim(&t, Queue::EmailSend, "w1").await), [due]);
        assert!(claim(&t, Queue::EmailSend, "w1").await.is_empty());
        make_due(&t, later).await;
        assert_eq!(ids(&claim(&t, Queue::EmailSend, "w1").await), [later]);
        assert!(row(&t, also_later).await.run_at > Utc::now() + chrono::Duration::seconds(590));
    }

    async fn failures_back_off_then_die(backend: Backend) {
        let t = TestDb::migrated(backend).await;
        let id = add(&t, mail("mail.send").max_attempts(3)).await;
        for attempt in 1..=2u32 {
            let claimed = claim(&t, Queue::EmailSend, "w1").await;
            assert_eq!(ids(&claimed), [id]);
            assert_eq!(claimed[0].attempts, attempt);
            let before = Utc::now();
            let failed = jobs::fail(&t.db, id, "w1", &format!("SMTP 451 (attempt {attempt})")).await.unwrap();
            let after = Utc::now();
            let Failure::Retrying { run_at } = failed else { panic!("attempt {attempt} should retry: {failed:?}") };
            // 2 s × 2^(attempt-1), ± 20 %.
            let expected_ms = 2_000.0 * 2f64.powi(attempt as i32 - 1);
            let low = before + chrono::Duration::milliseconds((expected_ms * 0.8) as i64 - 1);
            let high = after + chrono::Duration::milliseconds((expected_ms * 1.2) as i64 + 1);
            assert!(low <= run_at && run_at <= high, "attempt {attempt}: {run_at} not in [{low}, {high}]");
            let stored = row(&t, id).await;
            assert_eq!(stored.status, "QUEUED");
            assert_eq!(stored.last_error.as_deref(), Some(format!("SMTP 451 (attempt {attempt})").as_str()));
            assert!((stored.run_at - run_at).num_milliseconds().abs() <= 1);
            // Not before its backoff has passed.
            assert!(claim(&t, Queue::EmailSend, "w1").await.is_empty());
            make_due(&t, id).await;
        }
        let last = claim(&t, Queue::EmailSend, "w1").await;
        assert_eq!(last[0].attempts, 3);
        assert!(last[0].is_last_attempt());
        assert_eq!(jobs::fail(&t.db, id, "w1", "SMTP 550 mailbox unavailable").await.unwrap(), Failure::Dead);
        let dead = row(&t, id).await;
        assert_eq!((dead.status.as_str(), dead.attempts), ("DEAD", 3));
        assert_eq!(dead.last_error.as_deref(), Some("SMTP 550 mailbox unavailable"));
        assert!(dead.finished_at.is_some());
        make_due(&t, id).await;
        assert!(claim(&t, Queue::EmailSend, "w1").await.is_empty());

        // A permanent error buries the job on its first attempt.
        let bad = add(&t, mail("mail.send")).await;
        claim(&t, Queue::EmailSend, "w1").await;
        jobs::bury(&t.db, bad, "w1", "invalid payload").await.unwrap();
        let buried = row(&t, bad).await;
        assert_eq!((buried.status.as_str(), buried.attempts), ("DEAD", 1));
    }

    async fn lapsed_lock_is_claimed_again_and_the_stale_worker_loses(backend: Backend) {
        let t = TestDb::migrated(backend).await;
        let id = add(&t, mail("mail.send")).await;
        // A zero visibility timeout: the lock lapses at once, as if the worker had crashed.
        let first = jobs::claim(&t.db, Queue::EmailSend, "crashed", 10, Duration::ZERO).await.unwrap();
        assert_eq!(ids(&first), [id]);
        let second = claim(&t, Queue::EmailSend, "w2").await;
        assert_eq!(ids(&second), [id]);
        assert_eq!((second[0].attempts, second[0].locked_by.as_str()), (2, "w2"));

        // The first worker comes back: it can neither finish nor fail nor extend the job.
        conflict(jobs::complete(&t.db, id, "crashed").await);
        conflict(jobs::fail(&t.db, id, "crashed", "late").await);
        conflict(jobs::extend_lock(&t.db, id, "crashed", VISIBLE).await);
        let held = row(&t, id).await;
        assert_eq!((held.status.as_str(), held.locked_by.as_deref(), held.last_error), ("RUNNING", Some("w2"), None));
        jobs::extend_lock(&t.db, id, "w2", VISIBLE).await.unwrap();
        jobs::complete(&t.db, id, "w2").await.unwrap();
        assert_eq!(row(&t, id).await.status, "DONE");

        // A job whose lock lapses on its last attempt is dead, not run again.
        let last = add(&t, mail("mail.send").max_attempts(1)).await;
        jobs::claim(&t.db, Queue::EmailSend, "crashed", 10, Duration::ZERO).await.unwrap();
        assert!(claim(&t, Queue::EmailSend, "w2").await.is_empty());
        let dead = row(&t, last).await;
        assert_eq!(dead.status, "DEAD");
        assert!(dead.last_error.unwrap().contains("lock expired"));
    }

    async fn concurrent_claimers_take_every_job_exactly_once(backend: Backend) {
        let t = TestDb::migrated(backend).await;
        let tx = t.db.platform().await.unwrap();
        let mut enqueued = Vec::new();
        for n in 0..200 {
            enqueued.push(jobs::enqueue(&tx, NewJob::new(Queue::LeadEnrichment, "lead.enrich", json!({ "n": n }))).await.unwrap());
        }
        tx.commit().await.unwrap();

        let mut claimers = Vec::new();
        for w in 0..4 {
            let db = t.db.clone();
            claimers.push(tokio::spawn(async move {
                let worker = format!("w{w}");
                let mut mine = Vec::new();
                loop {
                    let got = jobs::claim(&db, Queue::LeadEnrichment, &worker, 7, VISIBLE).await.unwrap();
                    if got.is_empty() {
                        break;
                    }
                    assert!(got.iter().all(|j| j.locked_by == worker && j.attempts == 1));
                    mine.extend(got.iter().map(|j| j.id));
                    tokio::task::yield_now().await;
                }
                mine
            }));
        }
        let mut all = Vec::new();
        let mut per_worker = Vec::new();
        for claimer in claimers {
            let mine = claimer.await.unwrap();
            per_worker.push(mine.len());
            all.extend(mine);
        }
        assert_eq!(all.len(), 200, "claims per worker: {per_worker:?}");
        all.sort();
        all.dedup();
        enqueued.sort();
        assert_eq!(all, enqueued, "every job claimed exactly once");
        assert_eq!(count(&t, JobStatus::Running).await, 200);
    }

    async fn admins_see_and_retry_only_their_office_jobs(backend: Backend) {
        let t = TestDb::seeded(backend).await;
        let admin = t.ctx(ADMIN).await;
        let agent = t.ctx(AGENT).await;
        let staff = t.ctx(STAFF).await;
        let (other, _) = t.second_office().await;

        add_for(&t, &admin, mail("mail.send")).await;
        add_for(&t, &admin, mail("mail.send")).await;
        let sentiment = |n: u32| NewJob::new(Queue::SentimentAnalysis, "lead.sentiment", json!({ "n": n })).max_attempts(1);
        let ours = add_for(&t, &admin, sentiment(1)).await;
        let theirs = add_for(&t, &other, sentiment(2)).await;
        add(&t, NewJob::new(Queue::Embedding, "embed.rebuild", json!({}))).await;
        for job in claim(&t, Queue::SentimentAnalysis, "w1").await {
            assert_eq!(jobs::fail(&t.db, job.id, "w1", "model overloaded").await.unwrap(), Failure::Dead);
        }

        let stats = jobs::stats(&t.db, &admin).await.unwrap();
        assert_eq!(stats.len(), Queue::ALL.len());
        let of = |stats: &[model::QueueStats], q: Queue| stats.iter().find(|s| s.queue == q).unwrap().clone();
        let mail_stats = of(&stats, Queue::EmailSend);
        assert_eq!((mail_stats.queued, mail_stats.running, mail_stats.done, mail_stats.dead), (2, 0, 0, 0));
        assert!(mail_stats.oldest_queued_at.is_some());
        assert_eq!(of(&stats, Queue::SentimentAnalysis).dead, 1);
        assert_eq!(of(&stats, Queue::Embedding).queued, 0, "platform jobs are not an office's");
        assert_eq!(of(&stats, Queue::Embedding).oldest_queued_at, None);
        let all = jobs::stats(&t.db, &staff).await.unwrap();
        assert_eq!((of(&all, Queue::SentimentAnalysis).dead, of(&all, Queue::Embedding).queued), (2, 1));
        assert!(matches!(jobs::stats(&t.db, &agent).await, Err(Error::Forbidden)));
        assert!(matches!(jobs::dead_jobs(&t.db, &agent, 10).await, Err(Error::Forbidden)));

        let dead = jobs::dead_jobs(&t.db, &admin, 10).await.unwrap();
        assert_eq!(dead.iter().map(|j| j.id).collect::<Vec<_>>(), [ours]);
        assert_eq!(dead[0].last_error.as_deref(), Some("model overloaded"));
        assert_eq!((dead[0].status, dead[0].tenant_id), (JobStatus::Dead, Some(admin.tenant_id)));
        assert_eq!(jobs::dead_jobs(&t.db, &other, 10).await.unwrap().iter().map(|j| j.id).collect::<Vec<_>>(), [theirs]);
        let mut everyone: Vec<JobId> = jobs::dead_jobs(&t.db, &staff, 10).await.unwrap().iter().map(|j| j.id).collect();
        everyone.sort();
        let mut both = vec![ours, theirs];
        both.sort();
        assert_eq!(everyone, both);

        // Another office's job does not exist for this admin.
        not_found(jobs::retry_dead(&t.db, &admin, theirs).await);
        not_found(jobs::get(&t.db, &admin, theirs).await);
        assert_eq!(row(&t, theirs).await.status, "DEAD");

        let retried = jobs::retry_dead(&t.db, &admin, ours).await.unwrap();
        assert_eq!((retried.status, retried.attempts, retried.finished_at), (JobStatus::Queued, 0, None));
        conflict(jobs::retry_dead(&t.db, &admin, ours).await);
        let again = claim(&t, Queue::SentimentAnalysis, "w1").await;
        assert_eq!(ids(&again), [ours]);
        assert_eq!(again[0].attempts, 1);
        // Super-admins may retry any office's job.
        jobs::retry_dead(&t.db, &staff, theirs).await.unwrap();

        if backend == Backend::Postgres {
            // The second wall: an unfiltered query in one office's scope sees only its jobs, and
            // platform jobs are out of every office's reach.
            let tx = t.db.tenant(admin.tenant_id).await.unwrap();
            let visible = job::Entity::find().all(&tx).await.unwrap();
            assert_eq!(visible.len(), 3);
            assert!(visible.iter().all(|j| j.tenant_id == Some(admin.tenant_id.0)));
            tx.commit().await.unwrap();
            let tx = t.db.tenant(admin.tenant_id).await.unwrap();
            assert!(jobs::enqueue(&tx, NewJob::new(Queue::Embedding, "embed", json!({}))).await.is_err());
            drop(tx);
            let tx = t.db.connection().begin().await.unwrap();
            assert_eq!(job::Entity::find().count(&tx).await.unwrap(), 0);
        }
    }

    async fn a_committed_job_wakes_the_workers_of_its_queue(backend: Backend) {
        let t = TestDb::migrated(backend).await;
        let seen = Arc::new(Mutex::new(Vec::new()));
        // A poll interval longer than the test's deadline: a job runs within it only when the
        // wake-up reaches the worker.
        let config = WorkerConfig { poll_interval: Duration::from_secs(3600), ..test_config(vec![Queue::EmailSend]) };
        let first = add(&t, mail("test.record")).await;
        let shutdown = CancellationToken::new();
        let handle =
            Worker::new(t.db.clone(), config).handler("test.record", Arc::new(Record(Arc::clone(&seen)))).spawn(shutdown);
        let ran = |id: JobId| {
            let seen = Arc::clone(&seen);
            move || {
                let seen = Arc::clone(&seen);
                async move { seen.lock().unwrap().contains(&id) }
            }
        };
        // The first claim finds the job that was there at start; then the worker sleeps.
        wait_until("the job there at start", ran(first)).await;

        let second = add(&t, mail("test.record")).await;
        // Woken through the handle the test holds: the worker's clone shares its wake-ups.
        t.db.wakeups().wake(Queue::EmailSend);
        wait_until("the job after the wake-up", ran(second)).await;
        handle.stop().await;
        assert_eq!(seen.lock().unwrap().len(), 2);
    }

    async fn worker_runs_every_job_once_and_buries_failures(backend: Backend) {
        let t = TestDb::migrated(backend).await;
        let seen = Arc::new(Mutex::new(Vec::new()));
        let broken_calls = Arc::new(Mutex::new(0));
        let mut enqueued = Vec::new();
        for n in 0..50 {
            enqueued.push(add(&t, mail("test.record").payload_n(n)).await);
        }
        let broken = add(&t, mail("test.broken").max_attempts(3)).await;
        let unknown = add(&t, NewJob::new(Queue::Embedding, "test.unknown", json!({})).max_attempts(2)).await;

        let shutdown = CancellationToken::new();
        let handle = Worker::new(t.db.clone(), test_config(vec![Queue::EmailSend, Queue::Embedding]))
            .handler("test.record", Arc::new(Record(Arc::clone(&seen))))
            .handler("test.broken", Arc::new(Broken(Arc::clone(&broken_calls))))
            .spawn(shutdown.clone());
        // Jobs enqueued while it runs are picked up too.
        for n in 50..100 {
            enqueued.push(add(&t, mail("test.record").payload_n(n)).await);
        }
        let store = &t;
        wait_until("all jobs finished", || async move {
            count(store, JobStatus::Done).await == 100 && count(store, JobStatus::Dead).await == 2
        })
        .await;
        handle.stop().await;
        assert!(shutdown.is_cancelled());

        let mut ran = seen.lock().unwrap().clone();
        assert_eq!(ran.len(), 100, "each job ran exactly once");
        ran.sort();
        enqueued.sort();
        assert_eq!(ran, enqueued);
        assert_eq!(*broken_calls.lock().unwrap(), 3);
        let dead = row(&t, broken).await;
        assert_eq!((dead.status.as_str(), dead.attempts), ("DEAD", 3));
        assert_eq!(dead.last_error.as_deref(), Some("Zielserver antwortet nicht"));
        let dead = row(&t, unknown).await;
        assert_eq!((dead.status.as_str(), dead.attempts), ("DEAD", 2));
        assert_eq!(dead.last_error.as_deref(), Some("no handler registered for job kind 'test.unknown'"));
    }

    async fn worker_shutdown_lets_running_jobs_finish(backend: Backend) {
        let t = TestDb::migrated(backend).await;
        let started = Arc::new(tokio::sync::Notify::new());
        let release = Arc::new(tokio::sync::Notify::new());
        let shutdown = CancellationToken::new();
        // Polls only when woken, so nothing is claimed behind the test's back.
        let config = WorkerConfig { poll_interval: Duration::from_secs(3600), ..test_config(vec![Queue::PdfGenerate]) };
        let handle = Worker::new(t.db.clone(), config)
            .handler("pdf.render", Arc::new(Gate { started: Arc::clone(&started), release: Arc::clone(&release) }))
            .spawn(shutdown.clone());
        let id = add(&t, NewJob::new(Queue::PdfGenerate, "pdf.render", json!({}))).await;
        t.db.wakeups().wake(Queue::PdfGenerate);
        started.notified().await;
        shutdown.cancel();
        // Claimed after the shutdown signal: never.
        let later = add(&t, NewJob::new(Queue::PdfGenerate, "pdf.render", json!({}))).await;
        release.notify_one();
        handle.join().await;
        assert_eq!(row(&t, id).await.status, "DONE");
        assert_eq!(row(&t, later).await.status, "QUEUED");
    }
}

trait PayloadN {
    fn payload_n(self, n: u32) -> Self;
}

impl PayloadN for NewJob {
    fn payload_n(mut self, n: u32) -> Self {
        self.payload = json!({ "n": n });
        self
    }
}

#[tokio::test]
async fn jobs_table_has_forced_row_security() {
    let t = TestDb::migrated(Backend::Postgres).await;
    let sql = "SELECT relrowsecurity AND relforcerowsecurity AS forced FROM pg_class WHERE relname = 'jobs'";
    let found = sea_orm::ConnectionTrait::query_one(
        t.db.connection(),
        sea_orm::Statement::from_string(sea_orm::DbBackend::Postgres, sql.to_owned()),
    )
    .await
    .unwrap()
    .unwrap();
    assert!(found.try_get::<bool>("", "forced").unwrap());
}
