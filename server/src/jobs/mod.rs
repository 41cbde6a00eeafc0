//! The process's job workers: the handlers (thin adapters over the domain, one file per job
//! kind, each with a `register` function), the recovery sweep for inbound mail a crash left
//! unprocessed, and `start`/`Workers::stop` for `immivo serve` and `immivo worker`.

mod auto_reply;
mod autoclick;
mod email_send;
mod embedding;
mod follow_up;
mod model_extract;
mod recovery;
mod sentiment;
pub mod worker;

use std::sync::Arc;

use crate::config::Config;
use crate::jobs::worker::{CancellationToken, JobError, Worker, WorkerConfig, WorkerHandle};
use crate::page_fetcher::PageFetcher;
use crate::smtp::SmtpMailer;
use domain::Db;
use domain::ai::{Ai, sentiment::ModelSentiment};
use domain::conversations::mailer::Mailer;
use domain::crypto::Secrets;
use domain::jobs::ClaimedJob;
use domain::text::sentiment::{KeywordSentiment, SentimentAnalyzer};
use model::{Render, TenantId};
use tokio::task::JoinHandle;

/// What the handlers need, built once per process.
#[derive(Clone)]
pub struct Deps {
    pub db: Db,
    /// The model's reading when a model is configured, else the keyword score.
    pub analyzer: Arc<dyn SentimentAnalyzer>,
    pub fetcher: Arc<PageFetcher>,
    pub ai: Arc<Ai>,
    /// The catalogue, for what a job writes in the office's language (a held reply's question).
    pub texts: Arc<dyn Render>,
    /// Opens the office's sealed credentials (the mail accounts' passwords).
    pub secrets: Secrets,
    /// Sends mail through the office's accounts.
    pub mailer: Arc<dyn Mailer>,
}

impl Deps {
    /// `jarvis` is the process's one instance (the app state's, in `immivo serve`).
    pub fn new(db: Db, config: &Config, ai: Arc<Ai>) -> Self {
        // With a model, the model reads the mood (the keywords stand in when it cannot).
        let analyzer: Arc<dyn SentimentAnalyzer> = if ai.has_model() {
            Arc::new(ModelSentiment { db: db.clone(), ai: ai.clone() })
        } else {
            Arc::new(KeywordSentiment)
        };
        Self {
            db,
            analyzer,
            fetcher: Arc::new(PageFetcher::new(config.autoclick.clone())),
            ai,
            texts: Arc::new(app::i18n::Catalogue),
            secrets: config.secrets.clone(),
            mailer: Arc::new(SmtpMailer::from_config(config)),
        }
    }
}

/// Registers every job kind's handler.
pub fn register_all(worker: &mut Worker, deps: &Deps) {
    sentiment::register(worker, deps);
    autoclick::register(worker, deps);
    auto_reply::register(worker, deps);
    email_send::register(worker, deps);
    follow_up::register(worker, deps);
    embedding::register(worker, deps);
    model_extract::register(worker, deps);
}

/// The running workers and recovery sweep.
pub struct Workers {
    handle: WorkerHandle,
    sweep: JoinHandle<()>,
}

impl Workers {
    /// Stops claiming, lets running jobs finish and be recorded, ends the sweep.
    pub async fn stop(self) {
        let token = self.handle.shutdown_token();
        token.cancel();
        self.handle.join().await;
        if let Err(e) = self.sweep.await {
            tracing::error!(error = %e, "the recovery sweep ended abnormally");
        }
        tracing::info!("job workers stopped");
    }
}

/// Starts the workers for every queue with the configured concurrency and poll interval, and
/// the recovery sweep (at once, then every `recovery_after`). Cancelling `shutdown` (or
/// `Workers::stop`) ends both.
pub fn start(db: Db, config: &Config, ai: Arc<Ai>, shutdown: CancellationToken) -> Workers {
    let deps = Deps::new(db.clone(), config, ai);
    let worker_config = WorkerConfig {
        concurrency: config.worker.concurrency,
        poll_interval: config.worker.poll_interval,
        ..WorkerConfig::default()
    };
    let mut worker = Worker::new(db.clone(), worker_config);
    register_all(&mut worker, &deps);
    let handle = worker.spawn(shutdown.clone());
    let sweep = tokio::spawn(recovery::run(db, config.worker.recovery_after, shutdown));
    Workers { handle, sweep }
}

/// `immivo serve`'s workers: started unless `IMMIVO_WORKER=false`.
pub fn start_with_server(db: &Db, config: &Config, ai: &Arc<Ai>) -> Option<Workers> {
    if !config.worker.enabled {
        tracing::info!("job workers are off in this process (IMMIVO_WORKER=false)");
        return None;
    }
    Some(start(db.clone(), config, ai.clone(), CancellationToken::new()))
}

/// The office a lead job belongs to; a lead job without one is malformed.
fn tenant_of(job: &ClaimedJob) -> Result<TenantId, JobError> {
    job.tenant_id.ok_or_else(|| JobError::permanent(format!("a {} job needs the office it belongs to", job.kind)))
}
