//! `lead.auto_reply` (queue email-send): Jarvis drafts the first reply to a new lead's inquiry
//! and sends it or holds it for approval, per the office's setting (`enrich::auto_reply`). A
//! model that does not answer is retried with backoff; the draft is made again on each attempt.

use std::sync::Arc;

use crate::jobs::worker::{JobError, JobHandler, Worker};
use async_trait::async_trait;
use domain::Db;
use domain::ai::Ai;
use domain::intake::enrich::{self, LeadMessage, ReplyOutcome};
use domain::jobs::ClaimedJob;
use model::Render;

use super::{Deps, tenant_of};

pub fn register(worker: &mut Worker, deps: &Deps) {
    let handler = AutoReply { db: deps.db.clone(), ai: Arc::clone(&deps.ai), texts: Arc::clone(&deps.texts) };
    worker.register(enrich::AUTO_REPLY, Arc::new(handler));
}

struct AutoReply {
    db: Db,
    ai: Arc<Ai>,
    texts: Arc<dyn Render>,
}

#[async_trait]
impl JobHandler for AutoReply {
    async fn run(&self, job: &ClaimedJob) -> Result<(), JobError> {
        let tenant = tenant_of(job)?;
        let payload: LeadMessage = job.payload()?;
        match enrich::auto_reply(&self.db, &self.ai, self.texts.as_ref(), tenant, &payload).await? {
            ReplyOutcome::Sent => tracing::info!("first reply sent"),
            ReplyOutcome::Held(action) => tracing::info!(%action, "first reply held for approval"),
            ReplyOutcome::NoAddress => tracing::info!("no first reply: the lead has no e-mail address"),
            ReplyOutcome::AlreadyDone => tracing::info!("the first reply was made by an earlier run"),
        }
        Ok(())
    }
}
