//! A lead score's parts as codes: which factor, its points, and why — rendered in the reader's
//! language by the browser and the API, read as JSON by the assistant's model.

use serde::{Deserialize, Serialize};

use crate::UnknownValue;

use crate::{Financing, LeadSource, Timeframe};

text_enum!(
    /// The six parts of a lead score (`domain::leads::scoring`).
    ScoreFactorCode {
        Timeframe => "TIMEFRAME",
        Financing => "FINANCING",
        Budget => "BUDGET",
        Source => "SOURCE",
        Engagement => "ENGAGEMENT",
        Completeness => "COMPLETENESS",
    }
);

/// One part of a lead's score. GraphQL renders `name` and `reason` as text in the request's
/// language (`graphql.rs`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScoreFactor {
    pub factor: ScoreFactorCode,
    pub points: i32,
    pub max_points: i32,
    pub reason: ScoreReason,
}

/// Why a factor got its points.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ScoreReason {
    Timeframe {
        timeframe: Timeframe,
    },
    Financing {
        financing: Financing,
    },
    NoBudget,
    /// A budget, but no property price to hold it against.
    BudgetWithoutPrice,
    BudgetCoversPrice,
    /// Up to 10 % below the price.
    BudgetSlightlyBelow,
    /// 10–20 % below the price.
    BudgetBelow,
    BudgetFarBelow,
    Source {
        source: LeadSource,
    },
    /// What the lead's messages show: a message (`detailed` when long), a question, a viewing
    /// wish, `replies` messages after the first.
    Engagement {
        message: bool,
        detailed: bool,
        question: bool,
        viewing: bool,
        replies: u32,
    },
    /// The share of the fields an agent needs that are filled, in percent.
    Completeness {
        percent: i32,
    },
}
