//! `follow_up.step` (queue email-send): one step of a lead's follow-up sequence, due on its day
//! (`domain::conversations::followups`). A model that does not answer is retried with backoff;
//! the step fires once however many workers run it.

use std::sync::Arc;

use async_trait::async_trait;
use domain::Db;
use domain::ai::Ai;
use domain::conversations::followups::{self, Fired, StepJob};
use domain::jobs::ClaimedJob;
use model::Render;

use super::{Deps, tenant_of};
use crate::jobs::worker::{JobError, JobHandler, Worker};

pub fn register(worker: &mut Worker, deps: &Deps) {
    let handler = FollowUpStep { db: deps.db.clone(), ai: Arc::clone(&deps.ai), texts: Arc::clone(&deps.texts) };
    worker.register(followups::STEP, Arc::new(handler));
}

struct FollowUpStep {
    db: Db,
    ai: Arc<Ai>,
    texts: Arc<dyn Render>,
}

#[async_trait]
impl JobHandler for FollowUpStep {
    async fn run(&self, job: &ClaimedJob) -> Result<(), JobError> {
        let tenant = tenant_of(job)?;
        let payload: StepJob = job.payload()?;
        match followups::fire(&self.db, &self.ai, self.texts.as_ref(), tenant, &payload).await? {
            Fired::Step { step, outcome, lost } => tracing::info!(step, ?outcome, lost, "follow-up step fired"),
            Fired::Stopped(cause) => tracing::info!(%cause, "follow-ups ended before this step"),
            Fired::Stale => tracing::info!("follow-up step already fired or no longer due"),
        }
        Ok(())
    }
}
