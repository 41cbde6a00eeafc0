//! `lead.auto_reply` (queue email-send): Jarvis drafts the first reply to a new lead's inquiry
//! and sends it or holds it for approval, per the office's setting (`pipeline::auto_reply`). A
//! model that does not answer is retried with backoff; the draft is made again on each attempt.

use std::sync::Arc;

use async_trait::async_trait;
use domain::Db;
use domain::jarvis::Jarvis;
use domain::jobs::ClaimedJob;
use domain::pipeline::{self, LeadMessage, ReplyOutcome};

use super::{Deps, tenant_of};
use crate::worker::{JobError, JobHandler, Worker};

pub fn register(worker: &mut Worker, deps: &Deps) {
    worker
        .register(pipeline::AUTO_REPLY, Arc::new(AutoReply { db: deps.db.clone(), jarvis: Arc::clone(&deps.jarvis) }));
}

struct AutoReply {
    db: Db,
    jarvis: Arc<Jarvis>,
}

#[async_trait]
impl JobHandler for AutoReply {
    async fn run(&self, job: &ClaimedJob) -> Result<(), JobError> {
        let tenant = tenant_of(job)?;
        let payload: LeadMessage = job.payload()?;
        match pipeline::auto_reply(&self.db, &self.jarvis, tenant, &payload).await? {
            ReplyOutcome::Sent => tracing::info!("first reply sent"),
            ReplyOutcome::Held(action) => tracing::info!(%action, "first reply held for approval"),
            ReplyOutcome::NoAddress => tracing::info!("no first reply: the lead has no e-mail address"),
            ReplyOutcome::AlreadyDone => tracing::info!("the first reply was made by an earlier run"),
        }
        Ok(())
    }
}
