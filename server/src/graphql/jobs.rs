use crate::graphql::support::{GqlResult, caller};
use async_graphql::{Context, Object, Result};
use domain::jobs;
use model::{JobId, JobSummary, QueueStats};

use super::services;

#[derive(Default)]
pub struct JobQuery;

#[Object]
impl JobQuery {
    /// Counts per background queue, one entry for every queue (admins: their office's jobs;
    /// super-admins: every job).
    async fn job_queues(&self, cx: &Context<'_>) -> Result<Vec<QueueStats>> {
        jobs::stats(&services(cx).db, &caller(cx)?).await.gql()
    }

    /// Jobs that failed on their last attempt, most recently died first (admins; at most 500).
    async fn dead_jobs(&self, cx: &Context<'_>, #[graphql(default = 50)] first: u64) -> Result<Vec<JobSummary>> {
        jobs::dead_jobs(&services(cx).db, &caller(cx)?, first).await.gql()
    }
}

#[derive(Default)]
pub struct JobMutation;

#[Object]
impl JobMutation {
    /// Puts a dead job back in its queue, due now, with its attempts reset (admins).
    async fn retry_job(&self, cx: &Context<'_>, id: JobId) -> Result<JobSummary> {
        jobs::retry_dead(&services(cx).db, &caller(cx)?, id).await.gql()
    }
}
