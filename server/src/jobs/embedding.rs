//! `search.embed` (queue embedding): embeds a property or lead after it changed
//! (`search::embed_entity`), skipping the model call when text and model are unchanged.

use std::sync::Arc;

use crate::jobs::worker::{JobError, JobHandler, Worker};
use async_trait::async_trait;
use domain::Db;
use domain::ai::Ai;
use domain::jobs::ClaimedJob;
use domain::search::{self, EmbedJob, Embedded};

use super::{Deps, tenant_of};

pub fn register(worker: &mut Worker, deps: &Deps) {
    worker.register(search::EMBED, Arc::new(Embed { db: deps.db.clone(), ai: Arc::clone(&deps.ai) }));
}

struct Embed {
    db: Db,
    ai: Arc<Ai>,
}

#[async_trait]
impl JobHandler for Embed {
    async fn run(&self, job: &ClaimedJob) -> Result<(), JobError> {
        let tenant = tenant_of(job)?;
        let payload: EmbedJob = job.payload()?;
        match search::embed_entity(&self.db, &self.ai, tenant, payload.kind, payload.id).await? {
            Embedded::Stored => tracing::debug!("embedded"),
            Embedded::Unchanged => tracing::debug!("embedding unchanged"),
            Embedded::Gone => tracing::debug!("entity gone; embedding removed"),
        }
        Ok(())
    }
}
