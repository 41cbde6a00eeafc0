//! The recovery sweep: inbound mail stored but never processed (the process died in between)
//! is processed again once it has been RECEIVED for `after`, at start and every `after`.

use domain::intake::receive;
use std::time::Duration;

use crate::jobs::worker::CancellationToken;
use domain::Db;

/// Mails processed per sweep at most; the next sweep takes the rest.
const BATCH: u64 = 500;

pub async fn run(db: Db, after: Duration, shutdown: CancellationToken) {
    loop {
        sweep(&db, after).await;
        tokio::select! {
            () = shutdown.cancelled() => break,
            () = tokio::time::sleep(after) => {}
        }
    }
}

pub async fn sweep(db: &Db, after: Duration) {
    match receive::recover_received(db, after, BATCH).await {
        Ok(report) if report.examined > 0 => tracing::warn!(
            examined = report.examined,
            parsed = report.parsed,
            unrecognised = report.unrecognised,
            failed = report.failed,
            "recovered inbound mail left unprocessed"
        ),
        Ok(_) => {}
        Err(e) => tracing::warn!(error = ?e, "the inbound recovery sweep failed; it runs again later"),
    }
}
