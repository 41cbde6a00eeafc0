//! `lead.auto_click` (queue auto-click): fetch the inquiry's portal contact link (SSRF-safe,
//! `PageFetcher`), read the contact data (`intake::parse::scrape_contact_page`) and fill what the lead
//! lacks (`autoclick::apply_page`). A refused fetch is permanent and recorded on the lead; a
//! network failure or a 5xx is retried, and recorded when the last attempt fails too.

use std::sync::Arc;

use crate::jobs::worker::{JobError, JobHandler, Worker};
use crate::page_fetcher::{FetchError, PageFetcher};
use async_trait::async_trait;
use domain::Db;
use domain::intake::{
    autoclick::{self, AutoClickOutcome},
    enrich::{self, AutoClick},
    parse,
};
use domain::jobs::ClaimedJob;

use super::{Deps, tenant_of};

pub fn register(worker: &mut Worker, deps: &Deps) {
    worker.register(
        enrich::AUTO_CLICK,
        Arc::new(AutoClickHandler { db: deps.db.clone(), fetcher: Arc::clone(&deps.fetcher) }),
    );
}

struct AutoClickHandler {
    db: Db,
    fetcher: Arc<PageFetcher>,
}

#[async_trait]
impl JobHandler for AutoClickHandler {
    async fn run(&self, job: &ClaimedJob) -> Result<(), JobError> {
        let tenant = tenant_of(job)?;
        let payload: AutoClick = job.payload()?;
        // A run that did its work but died before completing the job: nothing left to fetch.
        if autoclick::already_done(&self.db, tenant, &payload).await? {
            tracing::info!("auto-click was done by an earlier run");
            return Ok(());
        }
        match self.fetcher.fetch(&payload.url).await {
            Ok(page) => {
                let found = parse::scrape_contact_page(&page.html);
                match autoclick::apply_page(&self.db, tenant, &payload, &found).await? {
                    AutoClickOutcome::Applied(applied) => {
                        tracing::info!(filled = ?applied.filled, score = applied.score_after, "auto-click applied")
                    }
                    AutoClickOutcome::AlreadyDone => tracing::info!("auto-click was done by an earlier run"),
                }
                Ok(())
            }
            Err(FetchError::Refused(reason)) => {
                autoclick::record_not_fetched(&self.db, tenant, &payload, &reason).await?;
                Err(JobError::permanent(format!("auto-click refused: {reason}")))
            }
            Err(FetchError::Unavailable(reason)) => {
                if job.is_last_attempt() {
                    let note = format!("{reason} (aufgegeben nach {} Versuchen)", job.attempts);
                    autoclick::record_not_fetched(&self.db, tenant, &payload, &note).await?;
                }
                Err(JobError::retry(format!("auto-click failed: {reason}")))
            }
        }
    }
}
