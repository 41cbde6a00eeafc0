//! `inbound.model_extract` (queue lead-enrichment): the model reads a stored mail that no
//! extractor could (`domain::intake::model_extract`). A model that does not answer is retried
//! with backoff; without a model the mail stays unrecognised.

use std::sync::Arc;

use crate::jobs::worker::{JobError, JobHandler, Worker};
use async_trait::async_trait;
use domain::Db;
use domain::ai::Ai;
use domain::intake::model_extract::{self, ModelOutcome, StoredMail};
use domain::jobs::ClaimedJob;

use super::{Deps, tenant_of};

pub fn register(worker: &mut Worker, deps: &Deps) {
    worker.register(
        model_extract::MODEL_EXTRACT,
        Arc::new(ModelExtract { db: deps.db.clone(), ai: Arc::clone(&deps.ai) }),
    );
}

struct ModelExtract {
    db: Db,
    ai: Arc<Ai>,
}

#[async_trait]
impl JobHandler for ModelExtract {
    async fn run(&self, job: &ClaimedJob) -> Result<(), JobError> {
        let tenant = tenant_of(job)?;
        let payload: StoredMail = job.payload()?;
        match model_extract::read_with_model(&self.db, &self.ai, tenant, &payload).await? {
            ModelOutcome::Taken => {
                tracing::info!(inbound = %payload.inbound_id, "the model read the mail; it became a lead")
            }
            ModelOutcome::NoInquiry(why) => {
                tracing::info!(inbound = %payload.inbound_id, why, "the model read no inquiry")
            }
            ModelOutcome::Offline => {
                tracing::info!(inbound = %payload.inbound_id, "no model: the mail stays unrecognised")
            }
            ModelOutcome::AlreadyDone => {
                tracing::info!(inbound = %payload.inbound_id, "the mail was taken in meanwhile")
            }
        }
        Ok(())
    }
}
