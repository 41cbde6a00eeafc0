//! The worker runtime: runs the jobs of `domain::jobs`. For each queue one poll loop claims
//! up to its concurrency in due jobs, runs each on its own task through the handler registered
//! for the job's `kind`, and completes or fails it. A loop sleeps between polls, wakes early when
//! a job is enqueued in this process, and relies on polling alone for jobs enqueued elsewhere.
//! While a job runs its lock is extended (a heartbeat), so only a dead worker's jobs are taken
//! over. On shutdown the loops stop claiming and wait for the jobs they run.
//!
//! ```ignore
//! let handle = Worker::new(db, WorkerConfig::default())
//!     .handler("lead.enrich", Arc::new(EnrichLead { .. }))
//!     .spawn(shutdown.clone());
//! // … on SIGTERM:
//! handle.stop().await;
//! ```

use std::collections::HashMap;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use domain::jobs::{self, ClaimedJob, Failure, Queue, RetryPolicy};
use domain::{Db, Error};
use futures::FutureExt;
use tokio::task::{JoinError, JoinSet};
use tracing::Instrument;

pub use tokio_util::sync::CancellationToken;

/// How a handler failed. Retryable errors go back to the queue with backoff until the job's
/// attempts are used up; permanent ones (a payload no retry can fix) make the job DEAD at once.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct JobError {
    message: String,
    permanent: bool,
}

impl JobError {
    pub fn retry(message: impl Into<String>) -> Self {
        Self { message: message.into(), permanent: false }
    }

    pub fn permanent(message: impl Into<String>) -> Self {
        Self { message: message.into(), permanent: true }
    }

    pub fn is_permanent(&self) -> bool {
        self.permanent
    }

    pub fn message(&self) -> &str {
        &self.message
    }
}

/// Domain errors keep their cause in the job's `last_error` (admins read it; clients never do).
/// A missing or invalid target will not appear by retrying.
impl From<Error> for JobError {
    fn from(e: Error) -> Self {
        match e {
            Error::Db(db) => JobError::retry(format!("database error: {db}")),
            Error::Internal(m) => JobError::retry(format!("internal error: {m}")),
            e @ (Error::NotFound(_) | Error::Invalid(_) | Error::Forbidden | Error::Unauthenticated) => {
                JobError::permanent(e.to_api().message)
            }
            e @ (Error::Conflict(_) | Error::RateLimited { .. } | Error::Unavailable(_)) => {
                JobError::retry(e.to_string())
            }
        }
    }
}

impl From<serde_json::Error> for JobError {
    fn from(e: serde_json::Error) -> Self {
        JobError::permanent(format!("invalid payload: {e}"))
    }
}

/// Runs the jobs of one `kind`. Implementations are adapters: read the payload, call the domain.
#[async_trait]
pub trait JobHandler: Send + Sync {
    async fn run(&self, job: &ClaimedJob) -> Result<(), JobError>;
}

pub type Handlers = HashMap<&'static str, Arc<dyn JobHandler>>;

#[derive(Clone, Debug)]
pub struct WorkerConfig {
    /// Written into `locked_by`; unique per process so a stale worker is recognised.
    pub worker_id: String,
    /// The queues this worker serves.
    pub queues: Vec<Queue>,
    /// Jobs run at once per queue, unless `queue_concurrency` says otherwise.
    pub concurrency: usize,
    pub queue_concurrency: HashMap<Queue, usize>,
    /// The longest a loop sleeps before looking for due jobs again.
    pub poll_interval: Duration,
    /// How long a claim holds before another worker may take the job over; extended every
    /// third of it while the job runs.
    pub visibility: Duration,
    pub retry: RetryPolicy,
}

impl Default for WorkerConfig {
    fn default() -> Self {
        Self {
            worker_id: format!("worker-{}-{}", std::process::id(), uuid::Uuid::new_v4().simple()),
            queues: Queue::ALL.to_vec(),
            concurrency: 3,
            queue_concurrency: HashMap::new(),
            poll_interval: Duration::from_secs(2),
            visibility: Duration::from_secs(300),
            retry: RetryPolicy::default(),
        }
    }
}

impl WorkerConfig {
    pub fn concurrency_of(&self, queue: Queue) -> usize {
        self.queue_concurrency.get(&queue).copied().unwrap_or(self.concurrency).max(1)
    }
}

pub struct Worker {
    db: Db,
    config: WorkerConfig,
    handlers: Handlers,
}

impl Worker {
    pub fn new(db: Db, config: WorkerConfig) -> Self {
        Self { db, config, handlers: HashMap::new() }
    }

    /// Registers the handler for jobs of `kind` (replacing an earlier one).
    pub fn handler(mut self, kind: &'static str, handler: Arc<dyn JobHandler>) -> Self {
        self.register(kind, handler);
        self
    }

    pub fn register(&mut self, kind: &'static str, handler: Arc<dyn JobHandler>) {
        self.handlers.insert(kind, handler);
    }

    /// Starts one poll loop per queue on the current tokio runtime. Cancelling `shutdown` (or
    /// `WorkerHandle::stop`) ends them gracefully; dropping the handle aborts them.
    pub fn spawn(self, shutdown: CancellationToken) -> WorkerHandle {
        let mut queues: Vec<Queue> = Vec::new();
        for queue in &self.config.queues {
            if !queues.contains(queue) {
                queues.push(*queue);
            }
        }
        let shared = Arc::new(Shared { db: self.db, config: self.config, handlers: self.handlers });
        let mut tasks = JoinSet::new();
        for queue in queues {
            tasks.spawn(poll_queue(Arc::clone(&shared), queue, shutdown.clone()));
        }
        tracing::info!(worker_id = %shared.config.worker_id, kinds = shared.handlers.len(), "job worker started");
        WorkerHandle { shutdown, tasks }
    }
}

/// The running worker.
pub struct WorkerHandle {
    shutdown: CancellationToken,
    tasks: JoinSet<()>,
}

impl WorkerHandle {
    pub fn shutdown_token(&self) -> CancellationToken {
        self.shutdown.clone()
    }

    /// Stops claiming and waits until every running job has finished.
    pub async fn stop(self) {
        self.shutdown.cancel();
        self.join().await;
    }

    /// Waits until the worker has stopped (after its shutdown token was cancelled).
    pub async fn join(mut self) {
        while let Some(done) = self.tasks.join_next().await {
            log_join(done);
        }
    }
}

struct Shared {
    db: Db,
    config: WorkerConfig,
    handlers: Handlers,
}

async fn poll_queue(shared: Arc<Shared>, queue: Queue, shutdown: CancellationToken) {
    let limit = shared.config.concurrency_of(queue);
    let mut running: JoinSet<()> = JoinSet::new();
    loop {
        while let Some(done) = running.try_join_next() {
            log_join(done);
        }
        if shutdown.is_cancelled() {
            break;
        }
        let free = limit.saturating_sub(running.len());
        if free == 0 {
            tokio::select! {
                _ = shutdown.cancelled() => break,
                Some(done) = running.join_next() => log_join(done),
            }
            continue;
        }
        // Listen before claiming, so an enqueue during the claim is not missed.
        let wakeup = shared.db.wakeups().of(queue).notified();
        tokio::pin!(wakeup);
        wakeup.as_mut().enable();
        let batch = u32::try_from(free).unwrap_or(u32::MAX);
        let claimed =
            match jobs::claim(&shared.db, queue, &shared.config.worker_id, batch, shared.config.visibility).await {
                Ok(claimed) => claimed,
                Err(e) => {
                    tracing::warn!(%queue, error = ?e, "claiming jobs failed; retrying after the poll interval");
                    Vec::new()
                }
            };
        let got = claimed.len();
        for job in claimed {
            let shared = Arc::clone(&shared);
            running.spawn(run_job(shared, job));
        }
        if got == free {
            // Every slot filled: there may be more due right now.
            continue;
        }
        // Woken only after a commit (`Wakeups::wake`), so a wake-up always finds the new jobs.
        tokio::select! {
            _ = shutdown.cancelled() => break,
            _ = &mut wakeup => {}
            _ = tokio::time::sleep(shared.config.poll_interval) => {}
        }
    }
    // Graceful: the jobs already claimed run to their end and are recorded.
    while let Some(done) = running.join_next().await {
        log_join(done);
    }
}

async fn run_job(shared: Arc<Shared>, job: ClaimedJob) {
    let span = tracing::info_span!(
        "job",
        id = %job.id,
        queue = %job.queue,
        kind = %job.kind,
        attempt = job.attempts,
        tenant_id = ?job.tenant_id.map(|t| t.0),
    );
    async move {
        let outcome = match shared.handlers.get(job.kind.as_str()) {
            None => Err(JobError::retry(format!("no handler registered for job kind '{}'", job.kind))),
            Some(handler) => run_with_heartbeat(&shared, &job, handler.as_ref()).await,
        };
        let worker_id = shared.config.worker_id.as_str();
        let recorded =
            match &outcome {
                Ok(()) => jobs::complete(&shared.db, job.id, worker_id).await,
                Err(e) if e.is_permanent() => jobs::bury(&shared.db, job.id, worker_id, e.message()).await,
                Err(e) => jobs::fail_with(&shared.db, job.id, worker_id, e.message(), &shared.config.retry).await.map(
                    |failure| match failure {
                        Failure::Retrying { run_at } => tracing::info!(error = %e, %run_at, "job failed; will retry"),
                        Failure::Dead => tracing::warn!(error = %e, "job failed on its last attempt; it is dead"),
                    },
                ),
            };
        match (&outcome, recorded) {
            (Ok(()), Ok(())) => tracing::debug!("job done"),
            (Err(e), Ok(())) if e.is_permanent() => tracing::warn!(error = %e, "job failed permanently; it is dead"),
            (_, Ok(())) => {}
            (_, Err(e)) => tracing::warn!(error = ?e, "could not record the job's outcome"),
        }
    }
    .instrument(span)
    .await
}

/// Runs the handler, extending the job's lock every third of the visibility timeout until it
/// returns; a panic counts as a failed attempt.
async fn run_with_heartbeat(shared: &Shared, job: &ClaimedJob, handler: &dyn JobHandler) -> Result<(), JobError> {
    let visibility = shared.config.visibility;
    let work = AssertUnwindSafe(handler.run(job)).catch_unwind();
    tokio::pin!(work);
    let mut beat = tokio::time::interval((visibility / 3).max(Duration::from_millis(10)));
    beat.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    beat.tick().await;
    loop {
        tokio::select! {
            result = &mut work => {
                return result.unwrap_or_else(|_| Err(JobError::retry("the job handler panicked")));
            }
            _ = beat.tick() => {
                if let Err(e) = jobs::extend_lock(&shared.db, job.id, &job.locked_by, visibility).await {
                    tracing::warn!(error = ?e, "could not extend the job's lock");
                }
            }
        }
    }
}

fn log_join(done: Result<(), JoinError>) {
    if let Err(e) = done
        && !e.is_cancelled()
    {
        tracing::error!(error = %e, "a job worker task ended abnormally");
    }
}
