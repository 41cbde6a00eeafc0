//! Follow-ups: the office's plan and where a lead's sequence stands.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::UnknownValue;

/// The most steps a plan may have, and the latest day one may fire on.
pub const MAX_FOLLOW_UP_STEPS: usize = 6;
pub const MAX_FOLLOW_UP_DAY: u16 = 90;

/// How an office follows up a mail the lead has not answered: a step on each of `days` after it
/// (strictly increasing; none switches follow-ups off), each a mail Jarvis drafts in the lead's
/// language, sent at once when `automatic`, else held for an agent's approval. Without an answer
/// after the last step the lead is LOST.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "graphql", derive(async_graphql::SimpleObject, async_graphql::InputObject))]
#[cfg_attr(feature = "graphql", graphql(input_name = "FollowUpPlanInput"))]
pub struct FollowUpPlan {
    pub days: Vec<u16>,
    pub automatic: bool,
}

impl Default for FollowUpPlan {
    fn default() -> Self {
        Self { days: vec![3, 7, 14], automatic: false }
    }
}

impl FollowUpPlan {
    /// The plan's faults as (field, code): too many steps, a day out of 1 ..= 90, or not after
    /// the step before.
    pub fn faults(&self) -> Vec<(&'static str, &'static str)> {
        let mut faults = Vec::new();
        if self.days.len() > MAX_FOLLOW_UP_STEPS {
            faults.push(("days", "too_many"));
        }
        if self.days.iter().any(|d| *d == 0 || *d > MAX_FOLLOW_UP_DAY) {
            faults.push(("days", "out_of_range"));
        }
        if self.days.windows(2).any(|w| w[0] >= w[1]) {
            faults.push(("days", "not_increasing"));
        }
        faults
    }
}

text_enum!(
    /// Where a lead's follow-up sequence stands: ACTIVE waits for its next step; PAUSED was
    /// paused by a person; STOPPED ended early (`FollowUpStop` says why); DONE ran its last
    /// step and the lead went LOST.
    FollowUpStatus { Active => "ACTIVE", Paused => "PAUSED", Stopped => "STOPPED", Done => "DONE" }
);

text_enum!(
    /// Why a sequence stopped: the lead answered; the lead moved to another status (a viewing
    /// booked, lost, reopened); the lead has no address to write to any more; the office
    /// switched follow-ups off.
    FollowUpStop {
        Answered => "ANSWERED",
        StatusChanged => "STATUS_CHANGED",
        NoAddress => "NO_ADDRESS",
        Disabled => "DISABLED",
    }
);

/// A lead's follow-up sequence.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "graphql", derive(async_graphql::SimpleObject))]
pub struct FollowUp {
    pub status: FollowUpStatus,
    /// The days after `since` its steps fire on.
    pub days: Vec<u16>,
    /// How many steps have fired.
    pub done: u32,
    pub automatic: bool,
    /// When the mail it follows left.
    pub since: DateTime<Utc>,
    /// When the next step fires, while ACTIVE.
    pub next_at: Option<DateTime<Utc>>,
    pub stop_cause: Option<FollowUpStop>,
}
