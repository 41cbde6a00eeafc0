//! `mail.send` (queue email-send): hands one queued mail to its account's server, exactly once
//! (`domain::conversations::delivery`). A server that cannot take it now is retried with
//! backoff; the last attempt records it as failed, so no mail waits forever in the queue.

use std::sync::Arc;

use async_trait::async_trait;
use domain::Db;
use domain::conversations::delivery::{self, Outcome, SendJob};
use domain::conversations::mailer::Mailer;
use domain::crypto::Secrets;
use domain::jobs::ClaimedJob;

use super::{Deps, tenant_of};
use crate::jobs::worker::{JobError, JobHandler, Worker};

pub fn register(worker: &mut Worker, deps: &Deps) {
    let handler = EmailSend { db: deps.db.clone(), secrets: deps.secrets.clone(), mailer: Arc::clone(&deps.mailer) };
    worker.register(delivery::SEND, Arc::new(handler));
}

struct EmailSend {
    db: Db,
    secrets: Secrets,
    mailer: Arc<dyn Mailer>,
}

#[async_trait]
impl JobHandler for EmailSend {
    async fn run(&self, job: &ClaimedJob) -> Result<(), JobError> {
        let tenant = tenant_of(job)?;
        let payload: SendJob = job.payload()?;
        let last = job.attempts >= job.max_attempts;
        match delivery::send(&self.db, &self.secrets, self.mailer.as_ref(), tenant, payload.message_id, last).await? {
            Outcome::Sent { provider_id } => tracing::info!(provider_id, "mail sent"),
            Outcome::Failed(reason) => tracing::warn!(%reason, "mail not delivered"),
            Outcome::Retry(reason) => return Err(JobError::retry(reason)),
            Outcome::Unconfirmed => tracing::warn!("mail unconfirmed: an earlier attempt stopped while sending"),
            Outcome::Kept => tracing::info!("mail kept in the outbox: its account no longer sends"),
            Outcome::AlreadyDone => tracing::info!("mail already handled by an earlier run"),
        }
        Ok(())
    }
}
