//! The durable job queue: background work (enrichment, sentiment, auto-click, mail, embeddings,
//! PDFs, images) stored in the `jobs` table, so a restart or a crashed worker loses nothing.
//!
//! * `enqueue` takes the caller's connection or transaction: a business row and the jobs it causes
//!   commit together or not at all. An idempotency key (unique per queue) makes enqueuing twice
//!   return the first job.
//! * `claim` atomically hands due jobs to one worker for a visibility timeout. A job whose worker
//!   vanished (its lock lapsed) is claimed again, counting as a new attempt.
//! * `complete` / `fail` / `bury` finish a claim; only the worker still holding the job may.
//!   `fail` retries with exponential backoff and jitter until `max_attempts`, then the job is DEAD
//!   and keeps its last error for admins (`dead_jobs`, `retry_dead`).
//!
//! Worker functions run in platform scope (they serve every tenant); admin functions take `&Ctx`
//! and see their own office's jobs, super-admins all of them.

use std::time::Duration;

use chrono::{DateTime, Utc};
use entity::job;
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseTransaction, DbBackend, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    Set, Statement,
};
use serde::de::DeserializeOwned;
use tokio::sync::Notify;
use uuid::Uuid;

pub use model::{JobId, JobStatus, JobSummary, Queue, QueueStats};
use model::{Role, TenantId};

use crate::tenants::audit;
use crate::{Ctx, Db, Error, Result, now, stored};

/// Attempts a job gets unless its `NewJob` says otherwise.
pub const DEFAULT_MAX_ATTEMPTS: u32 = 5;

const MAX_KIND_LEN: usize = 100;
const MAX_KEY_LEN: usize = 200;
/// Longer error texts are cut: a job's error is for a human to read, not a log archive.
const MAX_ERROR_LEN: usize = 4_000;

/// A job to enqueue; build with `NewJob::new` and the `with`-style setters.
#[derive(Clone, Debug, PartialEq)]
pub struct NewJob {
    /// `None` for platform jobs (visible in platform scope only).
    pub tenant_id: Option<TenantId>,
    pub queue: Queue,
    /// Names the handler that runs it, e.g. `lead.enrich`.
    pub kind: String,
    pub payload: serde_json::Value,
    /// Not before this time; `None` means now.
    pub run_at: Option<DateTime<Utc>>,
    pub max_attempts: u32,
    /// Unique per queue: a second job with the same key is not inserted. Include the tenant (or
    /// the business row's id) in the key; keys of other tenants are not visible to compare with.
    pub idempotency_key: Option<String>,
}

impl NewJob {
    pub fn new(queue: Queue, kind: impl Into<String>, payload: serde_json::Value) -> Self {
        Self {
            tenant_id: None,
            queue,
            kind: kind.into(),
            payload,
            run_at: None,
            max_attempts: DEFAULT_MAX_ATTEMPTS,
            idempotency_key: None,
        }
    }

    pub fn for_tenant(mut self, tenant: TenantId) -> Self {
        self.tenant_id = Some(tenant);
        self
    }

    pub fn run_at(mut self, at: DateTime<Utc>) -> Self {
        self.run_at = Some(at);
        self
    }

    pub fn delay(self, delay: Duration) -> Self {
        let at = now() + chrono::Duration::from_std(delay).unwrap_or(chrono::Duration::MAX);
        self.run_at(at)
    }

    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts;
        self
    }

    pub fn idempotency_key(mut self, key: impl Into<String>) -> Self {
        self.idempotency_key = Some(key.into());
        self
    }
}

/// A job a worker holds until `locked_until` (or until it completes or fails it).
#[derive(Clone, Debug, PartialEq)]
pub struct ClaimedJob {
    pub id: JobId,
    pub tenant_id: Option<TenantId>,
    pub queue: Queue,
    pub kind: String,
    pub payload: serde_json::Value,
    /// This attempt's number, starting at 1.
    pub attempts: u32,
    pub max_attempts: u32,
    pub locked_by: String,
    pub locked_until: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
}

impl ClaimedJob {
    /// The payload as the handler's own type.
    pub fn payload<T: DeserializeOwned>(&self) -> serde_json::Result<T> {
        serde_json::from_value(self.payload.clone())
    }

    pub fn is_last_attempt(&self) -> bool {
        self.attempts >= self.max_attempts
    }
}

/// What `fail` did with the job.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Failure {
    /// Queued again, not before `run_at`.
    Retrying { run_at: DateTime<Utc> },
    /// No attempts left (or a permanent error): kept as DEAD with its error.
    Dead,
}

/// Exponential backoff: `base × 2^(attempt-1)`, ± `jitter` (a fraction), never more than `cap`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RetryPolicy {
    pub base: Duration,
    pub cap: Duration,
    pub jitter: f64,
}

impl Default for RetryPolicy {
    /// 2 s, 4 s, 8 s, … up to one hour, ± 20 %.
    fn default() -> Self {
        Self { base: Duration::from_secs(2), cap: Duration::from_secs(3600), jitter: 0.2 }
    }
}

impl RetryPolicy {
    /// The wait after failed attempt number `attempt` (1-based). `unit` in [0, 1] places the
    /// jitter: 0 is the shortest, 0.5 none, 1 the longest wait. Pure, for tests.
    pub fn delay(&self, attempt: u32, unit: f64) -> Duration {
        let exponent = i32::try_from(attempt.saturating_sub(1).min(64)).unwrap_or(64);
        let cap = self.cap.as_secs_f64();
        let raw = (self.base.as_secs_f64() * 2f64.powi(exponent)).min(cap);
        let unit = if unit.is_finite() { unit.clamp(0.0, 1.0) } else { 0.5 };
        let jitter = if self.jitter.is_finite() { self.jitter.clamp(0.0, 1.0) } else { 0.0 };
        let secs = (raw * (1.0 + jitter * (2.0 * unit - 1.0))).clamp(0.0, cap);
        Duration::try_from_secs_f64(secs).unwrap_or(self.cap)
    }

    /// `delay` with random jitter.
    pub fn next_delay(&self, attempt: u32) -> Duration {
        self.delay(attempt, rand::random::<f64>())
    }
}

/// The in-process signal that a queue may have new work, one per queue. Workers wait on it
/// besides polling, so a job committed in this process starts at once; jobs from other processes
/// wait for the poll. Each database handle has one (`Db::wakeups`), shared by its clones.
#[derive(Debug)]
pub struct Wakeups(Vec<Notify>);

impl Default for Wakeups {
    fn default() -> Self {
        Self(Queue::ALL.iter().map(|_| Notify::new()).collect())
    }
}

impl Wakeups {
    /// What the workers of `queue` wait on.
    pub fn of(&self, queue: Queue) -> &Notify {
        let index = Queue::ALL.iter().position(|q| *q == queue).unwrap_or(0);
        &self.0[index.min(self.0.len() - 1)]
    }

    /// Wakes this process's workers of `queue`. Call it after committing the transaction that
    /// enqueued jobs: before the commit they are not visible to the workers yet.
    pub fn wake(&self, queue: Queue) {
        self.of(queue).notify_waiters();
    }
}

/// Adds a job on `conn` (the caller's transaction, so it commits with the caller's rows; after
/// the commit, `db.wakeups().wake(queue)` starts this process's workers at once). With an
/// idempotency key already used in the queue, returns that job's id and inserts nothing; the
/// unique index decides races between concurrent enqueuers on both backends.
pub async fn enqueue(conn: &impl ConnectionTrait, job: NewJob) -> Result<JobId> {
    let kind = job.kind.trim();
    if kind.is_empty() || kind.len() > MAX_KIND_LEN {
        return Err(Error::invalid("kind", "invalid", format!("a job kind has 1 to {MAX_KIND_LEN} characters")));
    }
    if job.max_attempts == 0 || i32::try_from(job.max_attempts).is_err() {
        return Err(Error::invalid("max_attempts", "invalid_range", "a job needs at least one attempt"));
    }
    if job.idempotency_key.as_ref().is_some_and(|k| k.is_empty() || k.len() > MAX_KEY_LEN) {
        return Err(Error::invalid(
            "idempotency_key",
            "invalid",
            format!("an idempotency key has 1 to {MAX_KEY_LEN} characters"),
        ));
    }
    let at = now();
    let id = Uuid::now_v7();
    let model = job::ActiveModel {
        id: Set(id),
        tenant_id: Set(job.tenant_id.map(|t| t.0)),
        queue: Set(job.queue.as_str().to_owned()),
        kind: Set(kind.to_owned()),
        payload: Set(job.payload),
        status: Set(JobStatus::Queued.as_str().to_owned()),
        attempts: Set(0),
        max_attempts: Set(i32::try_from(job.max_attempts).unwrap_or(i32::MAX)),
        run_at: Set(job.run_at.unwrap_or(at)),
        locked_until: Set(None),
        locked_by: Set(None),
        last_error: Set(None),
        idempotency_key: Set(job.idempotency_key.clone()),
        created_at: Set(at),
        updated_at: Set(at),
        finished_at: Set(None),
    };
    let Some(key) = job.idempotency_key else {
        job::Entity::insert(model).exec_without_returning(conn).await?;
        return Ok(JobId(id));
    };
    let inserted = job::Entity::insert(model)
        .on_conflict(OnConflict::columns([job::Column::Queue, job::Column::IdempotencyKey]).do_nothing().to_owned())
        .exec_without_returning(conn)
        .await?;
    if inserted > 0 {
        return Ok(JobId(id));
    }
    let existing = job::Entity::find()
        .select_only()
        .column(job::Column::Id)
        .filter(job::Column::Queue.eq(job.queue.as_str()))
        .filter(job::Column::IdempotencyKey.eq(key))
        .into_tuple::<Uuid>()
        .one(conn)
        .await?;
    // Not visible: the key belongs to a job of another tenant.
    existing.map(JobId).ok_or_else(|| Error::Conflict("idempotency key already used in this queue".into()))
}

/// Hands up to `limit` due jobs of `queue` to `worker_id` for `visibility`: QUEUED jobs whose
/// `run_at` has come, and RUNNING jobs whose lock lapsed (their worker crashed). Each claim counts
/// as an attempt. A lapsed job that has used its last attempt becomes DEAD instead.
///
/// PostgreSQL: `SELECT … FOR UPDATE SKIP LOCKED`, so concurrent claimers take disjoint rows
/// without waiting on each other. SQLite: one `UPDATE … WHERE id IN (SELECT … LIMIT n)
/// RETURNING *`; SQLite runs one writer at a time, so claims cannot overlap.
pub async fn claim(
    db: &Db,
    queue: Queue,
    worker_id: &str,
    limit: u32,
    visibility: Duration,
) -> Result<Vec<ClaimedJob>> {
    if limit == 0 {
        return Ok(Vec::new());
    }
    let at = db.now();
    let until = at
        + chrono::Duration::from_std(visibility)
            .map_err(|e| Error::Internal(format!("visibility timeout out of range: {e}")))?;
    let tx = db.platform().await?;
    // The write comes first: on SQLite a transaction that reads first may not write later.
    job::Entity::update_many()
        .col_expr(job::Column::Status, Expr::value(JobStatus::Dead.as_str()))
        .col_expr(
            job::Column::LastError,
            Expr::value("the worker's lock expired on the last attempt (crashed or too slow)"),
        )
        .col_expr(job::Column::LockedUntil, Expr::value(Option::<DateTime<Utc>>::None))
        .col_expr(job::Column::FinishedAt, Expr::value(at))
        .col_expr(job::Column::UpdatedAt, Expr::value(at))
        .filter(job::Column::Queue.eq(queue.as_str()))
        .filter(job::Column::Status.eq(JobStatus::Running.as_str()))
        .filter(job::Column::LockedUntil.lte(at))
        .filter(Expr::col(job::Column::Attempts).gte(Expr::col(job::Column::MaxAttempts)))
        .exec(&tx)
        .await?;
    let backend = tx.get_database_backend();
    let sql = match backend {
        DbBackend::Postgres => {
            "WITH picked AS (
                SELECT id FROM jobs
                WHERE queue = $1
                  AND ((status = 'QUEUED' AND run_at <= $2) OR (status = 'RUNNING' AND locked_until <= $2))
                ORDER BY run_at, id
                LIMIT $3
                FOR UPDATE SKIP LOCKED
            )
            UPDATE jobs SET status = 'RUNNING', attempts = jobs.attempts + 1, locked_until = $4, locked_by = $5,
                updated_at = $2
            FROM picked WHERE jobs.id = picked.id
            RETURNING jobs.*"
        }
        _ => {
            "UPDATE jobs SET status = 'RUNNING', attempts = attempts + 1, locked_until = ?4, locked_by = ?5,
                updated_at = ?2
            WHERE id IN (
                SELECT id FROM jobs
                WHERE queue = ?1
                  AND ((status = 'QUEUED' AND run_at <= ?2) OR (status = 'RUNNING' AND locked_until <= ?2))
                ORDER BY run_at, id
                LIMIT ?3
            )
            RETURNING *"
        }
    };
    let statement = Statement::from_sql_and_values(
        backend,
        sql,
        [queue.as_str().into(), at.into(), i64::from(limit).into(), until.into(), worker_id.into()],
    );
    let rows = job::Entity::find().from_raw_sql(statement).all(&tx).await?;
    tx.commit().await?;
    let mut claimed = rows.into_iter().map(to_claimed).collect::<Result<Vec<_>>>()?;
    claimed.sort_by_key(|j| j.id);
    Ok(claimed)
}

/// Marks a claimed job DONE. Only the worker holding it may: after its lock lapsed and another
/// worker took the job, this is `Conflict` and changes nothing.
pub async fn complete(db: &Db, id: JobId, worker_id: &str) -> Result<()> {
    let at = db.now();
    let tx = db.platform().await?;
    let done = held(job::Entity::update_many(), id, worker_id)
        .col_expr(job::Column::Status, Expr::value(JobStatus::Done.as_str()))
        .col_expr(job::Column::LockedUntil, Expr::value(Option::<DateTime<Utc>>::None))
        .col_expr(job::Column::FinishedAt, Expr::value(at))
        .col_expr(job::Column::UpdatedAt, Expr::value(at))
        .exec(&tx)
        .await?;
    if done.rows_affected == 0 {
        return Err(lock_lost(id, worker_id));
    }
    tx.commit().await?;
    Ok(())
}

/// Records a failed attempt with the default `RetryPolicy`.
pub async fn fail(db: &Db, id: JobId, worker_id: &str, error: &str) -> Result<Failure> {
    fail_with(db, id, worker_id, error, &RetryPolicy::default()).await
}

/// Records a failed attempt: queued again after the policy's backoff, or DEAD when it was the
/// last attempt. Only the worker holding the job may (else `Conflict`).
pub async fn fail_with(db: &Db, id: JobId, worker_id: &str, error: &str, policy: &RetryPolicy) -> Result<Failure> {
    finish_failed(db, id, worker_id, error, Some(policy)).await
}

/// Marks a claimed job DEAD at once, for errors no retry can fix (a malformed payload).
pub async fn bury(db: &Db, id: JobId, worker_id: &str, error: &str) -> Result<()> {
    finish_failed(db, id, worker_id, error, None).await.map(|_| ())
}

async fn finish_failed(
    db: &Db,
    id: JobId,
    worker_id: &str,
    error: &str,
    retry: Option<&RetryPolicy>,
) -> Result<Failure> {
    let at = db.now();
    let tx = db.platform().await?;
    // Lock the row (and check the claim) with a write before reading it.
    let touched = held(job::Entity::update_many(), id, worker_id)
        .col_expr(job::Column::UpdatedAt, Expr::value(at))
        .exec(&tx)
        .await?;
    if touched.rows_affected == 0 {
        return Err(lock_lost(id, worker_id));
    }
    let row = job::Entity::find_by_id(id.0).one(&tx).await?.ok_or(Error::NotFound("job"))?;
    let error = truncate(error, MAX_ERROR_LEN);
    let outcome = match retry {
        Some(policy) if row.attempts < row.max_attempts => {
            let attempt = u32::try_from(row.attempts).unwrap_or(1);
            let delay = chrono::Duration::from_std(policy.next_delay(attempt)).unwrap_or(chrono::Duration::hours(1));
            Failure::Retrying { run_at: at + delay }
        }
        _ => Failure::Dead,
    };
    let update = job::Entity::update_many()
        .col_expr(job::Column::LockedUntil, Expr::value(Option::<DateTime<Utc>>::None))
        .col_expr(job::Column::LastError, Expr::value(error))
        .col_expr(job::Column::UpdatedAt, Expr::value(at))
        .filter(job::Column::Id.eq(id.0));
    let update = match outcome {
        Failure::Retrying { run_at } => update
            .col_expr(job::Column::Status, Expr::value(JobStatus::Queued.as_str()))
            .col_expr(job::Column::RunAt, Expr::value(run_at)),
        Failure::Dead => update
            .col_expr(job::Column::Status, Expr::value(JobStatus::Dead.as_str()))
            .col_expr(job::Column::FinishedAt, Expr::value(at)),
    };
    update.exec(&tx).await?;
    tx.commit().await?;
    Ok(outcome)
}

/// Moves a held job's lock forward (a heartbeat for long jobs); `Conflict` once it is lost.
pub async fn extend_lock(db: &Db, id: JobId, worker_id: &str, visibility: Duration) -> Result<DateTime<Utc>> {
    let at = db.now();
    let until = at
        + chrono::Duration::from_std(visibility)
            .map_err(|e| Error::Internal(format!("visibility timeout out of range: {e}")))?;
    let tx = db.platform().await?;
    let extended = held(job::Entity::update_many(), id, worker_id)
        .col_expr(job::Column::LockedUntil, Expr::value(until))
        .col_expr(job::Column::UpdatedAt, Expr::value(at))
        .exec(&tx)
        .await?;
    if extended.rows_affected == 0 {
        return Err(lock_lost(id, worker_id));
    }
    tx.commit().await?;
    Ok(until)
}

fn held<Q: QueryFilter>(query: Q, id: JobId, worker_id: &str) -> Q {
    query
        .filter(job::Column::Id.eq(id.0))
        .filter(job::Column::Status.eq(JobStatus::Running.as_str()))
        .filter(job::Column::LockedBy.eq(worker_id))
}

fn lock_lost(id: JobId, worker_id: &str) -> Error {
    Error::Conflict(format!("job {id} is no longer held by worker {worker_id}"))
}

fn truncate(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_owned(),
    }
}

fn count(value: i32) -> u32 {
    u32::try_from(value).unwrap_or(0)
}

fn to_claimed(m: job::Model) -> Result<ClaimedJob> {
    Ok(ClaimedJob {
        id: JobId(m.id),
        tenant_id: m.tenant_id.map(TenantId),
        queue: stored(&m.queue)?,
        kind: m.kind,
        payload: m.payload,
        attempts: count(m.attempts),
        max_attempts: count(m.max_attempts),
        locked_by: m.locked_by.unwrap_or_default(),
        locked_until: m.locked_until.ok_or_else(|| Error::Internal("claimed job without lock".into()))?,
        created_at: m.created_at,
    })
}

fn to_summary(m: job::Model) -> Result<JobSummary> {
    Ok(JobSummary {
        id: JobId(m.id),
        tenant_id: m.tenant_id.map(TenantId),
        queue: stored(&m.queue)?,
        kind: m.kind,
        status: stored(&m.status)?,
        attempts: count(m.attempts),
        max_attempts: count(m.max_attempts),
        run_at: m.run_at,
        last_error: m.last_error,
        created_at: m.created_at,
        updated_at: m.updated_at,
        finished_at: m.finished_at,
    })
}

/// Admins see their office's jobs; super-admins every job, platform jobs included.
async fn admin_scope(db: &Db, ctx: &Ctx) -> Result<(DatabaseTransaction, Option<TenantId>)> {
    ctx.require_admin()?;
    if ctx.role == Role::SuperAdmin {
        Ok((db.platform().await?, None))
    } else {
        Ok((db.tenant(ctx.tenant_id).await?, Some(ctx.tenant_id)))
    }
}

fn scoped<Q: QueryFilter>(query: Q, tenant: Option<TenantId>) -> Q {
    match tenant {
        Some(t) => query.filter(job::Column::TenantId.eq(t.0)),
        None => query,
    }
}

/// Counts per queue and status, one entry for every queue (zeros included).
pub async fn stats(db: &Db, ctx: &Ctx) -> Result<Vec<QueueStats>> {
    let (tx, tenant) = admin_scope(db, ctx).await?;
    let rows: Vec<(String, String, i64, Option<DateTime<Utc>>)> = scoped(job::Entity::find(), tenant)
        .select_only()
        .column(job::Column::Queue)
        .column(job::Column::Status)
        .column_as(Expr::col(job::Column::Id).count(), "n")
        .column_as(Expr::col(job::Column::RunAt).min(), "oldest")
        .group_by(job::Column::Queue)
        .group_by(job::Column::Status)
        .into_tuple()
        .all(&tx)
        .await?;
    tx.commit().await?;
    let mut stats: Vec<QueueStats> = Queue::ALL
        .iter()
        .map(|&queue| QueueStats { queue, queued: 0, running: 0, done: 0, dead: 0, oldest_queued_at: None })
        .collect();
    for (queue, status, n, oldest) in rows {
        let queue: Queue = stored(&queue)?;
        let n = u64::try_from(n).unwrap_or(0);
        let Some(entry) = stats.iter_mut().find(|s| s.queue == queue) else { continue };
        match stored::<JobStatus>(&status)? {
            JobStatus::Queued => {
                entry.queued = n;
                entry.oldest_queued_at = oldest;
            }
            JobStatus::Running => entry.running = n,
            JobStatus::Done => entry.done = n,
            JobStatus::Dead => entry.dead = n,
        }
    }
    Ok(stats)
}

/// Dead jobs, most recently died first.
pub async fn dead_jobs(db: &Db, ctx: &Ctx, limit: u64) -> Result<Vec<JobSummary>> {
    let (tx, tenant) = admin_scope(db, ctx).await?;
    let rows = scoped(job::Entity::find(), tenant)
        .filter(job::Column::Status.eq(JobStatus::Dead.as_str()))
        .order_by_desc(job::Column::FinishedAt)
        .order_by_desc(job::Column::Id)
        .limit(limit.clamp(1, 500))
        .all(&tx)
        .await?;
    tx.commit().await?;
    rows.into_iter().map(to_summary).collect()
}

/// One job as admins see it; another office's job is `NotFound`.
pub async fn get(db: &Db, ctx: &Ctx, id: JobId) -> Result<JobSummary> {
    let (tx, tenant) = admin_scope(db, ctx).await?;
    let row = scoped(job::Entity::find_by_id(id.0), tenant).one(&tx).await?.ok_or(Error::NotFound("job"))?;
    tx.commit().await?;
    to_summary(row)
}

/// Puts a DEAD job back in its queue, due now, with its attempts reset (its last error stays
/// until the next attempt). Another office's job is `NotFound`; a job that is not dead, `Conflict`.
pub async fn retry_dead(db: &Db, ctx: &Ctx, id: JobId) -> Result<JobSummary> {
    let (tx, tenant) = admin_scope(db, ctx).await?;
    let at = db.now();
    let revived = scoped(job::Entity::update_many(), tenant)
        .col_expr(job::Column::Status, Expr::value(JobStatus::Queued.as_str()))
        .col_expr(job::Column::Attempts, Expr::value(0))
        .col_expr(job::Column::RunAt, Expr::value(at))
        .col_expr(job::Column::LockedUntil, Expr::value(Option::<DateTime<Utc>>::None))
        .col_expr(job::Column::FinishedAt, Expr::value(Option::<DateTime<Utc>>::None))
        .col_expr(job::Column::UpdatedAt, Expr::value(at))
        .filter(job::Column::Id.eq(id.0))
        .filter(job::Column::Status.eq(JobStatus::Dead.as_str()))
        .exec(&tx)
        .await?;
    let row = scoped(job::Entity::find_by_id(id.0), tenant).one(&tx).await?.ok_or(Error::NotFound("job"))?;
    if revived.rows_affected == 0 {
        return Err(Error::Conflict("only a dead job can be retried".into()));
    }
    audit::record(
        &tx,
        ctx,
        "job.retried",
        Some(("job", id.0)),
        Some(serde_json::json!({ "queue": row.queue, "kind": row.kind })),
    )
    .await?;
    tx.commit().await?;
    let summary = to_summary(row)?;
    db.wakeups().wake(summary.queue);
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secs(d: Duration) -> f64 {
        d.as_secs_f64()
    }

    #[test]
    fn backoff_doubles_from_two_seconds() {
        let p = RetryPolicy::default();
        let plain: Vec<f64> = (1..=6).map(|a| secs(p.delay(a, 0.5))).collect();
        assert_eq!(plain, [2.0, 4.0, 8.0, 16.0, 32.0, 64.0]);
    }

    #[test]
    fn backoff_jitter_stays_within_twenty_percent() {
        let p = RetryPolicy::default();
        assert!((secs(p.delay(3, 0.0)) - 6.4).abs() < 1e-9);
        assert!((secs(p.delay(3, 1.0)) - 9.6).abs() < 1e-9);
        for _ in 0..1000 {
            let d = secs(p.next_delay(4));
            assert!((12.8..=19.2).contains(&d), "{d}");
        }
    }

    #[test]
    fn backoff_is_capped_at_one_hour() {
        let p = RetryPolicy::default();
        // 2 s × 2^11 = 4096 s > 3600 s.
        assert_eq!(p.delay(12, 0.5), Duration::from_secs(3600));
        assert_eq!(p.delay(12, 1.0), Duration::from_secs(3600));
        assert!((secs(p.delay(12, 0.0)) - 2880.0).abs() < 1e-9);
        assert_eq!(p.delay(u32::MAX, 0.5), Duration::from_secs(3600));
    }

    #[test]
    fn backoff_tolerates_odd_input() {
        let p = RetryPolicy { base: Duration::from_millis(10), cap: Duration::from_millis(40), jitter: 5.0 };
        assert_eq!(p.delay(0, 0.5), Duration::from_millis(10));
        assert_eq!(p.delay(1, f64::NAN), Duration::from_millis(10));
        assert_eq!(p.delay(1, 0.0), Duration::ZERO);
        assert_eq!(p.delay(9, 2.0), Duration::from_millis(40));
    }

    #[test]
    fn every_queue_has_its_own_wakeup() {
        let wakeups = Wakeups::default();
        let all: Vec<*const Notify> = Queue::ALL.iter().map(|q| wakeups.of(*q) as *const Notify).collect();
        for (i, a) in all.iter().enumerate() {
            assert!(all[i + 1..].iter().all(|b| b != a));
        }
    }

    #[test]
    fn long_errors_are_cut_on_a_character_boundary() {
        assert_eq!(truncate("äöü", 2), "äö…");
        assert_eq!(truncate("abc", 3), "abc");
    }
}
