//! The time the domain's schedules run on (the job queue's due times, follow-ups). A port, so
//! that a test runs a fortnight of follow-ups in seconds: `TestClock` runs with the wall clock
//! plus an offset that only grows. Rows stamped with the wall clock elsewhere therefore never
//! lie in a test clock's future, and what was due stays due.

use std::fmt::Debug;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use chrono::{DateTime, Duration, Utc};

pub trait Clock: Debug + Send + Sync {
    fn now(&self) -> DateTime<Utc>;
}

/// The machine's clock.
#[derive(Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// The wall clock moved forward by `advance`; clones share the offset (a test's database
/// handles and workers see the same time).
#[derive(Clone, Debug, Default)]
pub struct TestClock {
    offset_ms: Arc<AtomicI64>,
}

impl TestClock {
    pub fn new() -> Self {
        Self::default()
    }

    /// Moves the clock forward; a negative duration moves nothing (time does not run back).
    pub fn advance(&self, by: Duration) {
        self.offset_ms.fetch_add(by.num_milliseconds().max(0), Ordering::SeqCst);
    }
}

impl Clock for TestClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now() + Duration::milliseconds(self.offset_ms.load(Ordering::SeqCst))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_test_clock_runs_ahead_and_never_back() {
        let clock = TestClock::new();
        let shared = clock.clone();
        let before = Utc::now();
        clock.advance(Duration::days(14));
        assert!(shared.now() >= before + Duration::days(14), "clones share the offset");
        clock.advance(Duration::days(-30));
        assert!(shared.now() >= before + Duration::days(14));
        assert!(SystemClock.now() < before + Duration::days(1));
    }
}
