//! `lead.sentiment` (queue sentiment-analysis): the sentiment of an inbound message, recorded
//! once as a SENTIMENT activity (`enrich::record_sentiment`).

use std::sync::Arc;

use crate::jobs::worker::{JobError, JobHandler, Worker};
use async_trait::async_trait;
use domain::Db;
use domain::intake::enrich::{self, LeadMessage, SentimentOutcome};
use domain::jobs::ClaimedJob;
use domain::text::sentiment::SentimentAnalyzer;

use super::{Deps, tenant_of};

pub fn register(worker: &mut Worker, deps: &Deps) {
    worker
        .register(enrich::SENTIMENT, Arc::new(Sentiment { db: deps.db.clone(), analyzer: Arc::clone(&deps.analyzer) }));
}

struct Sentiment {
    db: Db,
    analyzer: Arc<dyn SentimentAnalyzer>,
}

#[async_trait]
impl JobHandler for Sentiment {
    async fn run(&self, job: &ClaimedJob) -> Result<(), JobError> {
        let tenant = tenant_of(job)?;
        let payload: LeadMessage = job.payload()?;
        match enrich::record_sentiment(&self.db, tenant, &payload, self.analyzer.as_ref()).await? {
            SentimentOutcome::Recorded(s) => tracing::debug!(score = s.score, "sentiment recorded"),
            SentimentOutcome::AlreadyRecorded => tracing::info!("sentiment was recorded by an earlier run"),
        }
        Ok(())
    }
}
