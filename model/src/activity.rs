//! What a lead's timeline records: codes and their arguments, never a sentence. The browser and
//! the API render them in the reader's language (`app::i18n`), and later the mails will too.
//!
//! Stored as the JSON of `lead_activities.data`, tagged by `code`; the jobs keep their own
//! bookkeeping (`message_id`, the drafted text, the page found) beside it in the same object.

use serde::{Deserialize, Serialize};

use crate::UnknownValue;

use crate::{FollowUpStop, LeadFlag, LeadStatus, MailStatus, UserId};

fn kept() -> MailStatus {
    MailStatus::Kept
}

text_enum!(
    /// How keen an inquiry sounds.
    SentimentLabel { Positive => "POSITIVE", Neutral => "NEUTRAL", Negative => "NEGATIVE" }
);

/// What happened to a lead. Portals are the intake's codes (`IMMOSCOUT24`, `DIRECT`, …), fields
/// the lead's field names (`first_name`, `budget_max`, …).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ActivityDetail {
    /// Entered by a person (no portal), or made from an inquiry that came through `portal`,
    /// with what the intake found worth checking.
    Created {
        #[serde(default)]
        portal: Option<String>,
        #[serde(default)]
        flags: Vec<LeadFlag>,
    },
    /// A known lead asked again; `filled` are the fields the new inquiry supplied.
    Inquiry {
        portal: String,
        #[serde(default)]
        filled: Vec<String>,
    },
    /// A person changed these fields.
    Updated { fields: Vec<String> },
    /// Another lead of the same person (`name`, or its id when it had none) was merged into
    /// this one, filling `filled`.
    Merged {
        name: String,
        #[serde(default)]
        filled: Vec<String>,
    },
    /// `reason` is what a person wrote; `cause` what made the system move the lead.
    StatusChanged {
        from: LeadStatus,
        to: LeadStatus,
        #[serde(default)]
        reason: Option<String>,
        #[serde(default)]
        cause: Option<StatusCause>,
    },
    /// Assigned to a colleague, or (none) unassigned.
    Assigned { assigned_to: Option<UserId> },
    /// A person's note.
    Note { text: String },
    /// A mail to the lead was written: QUEUED for sending, or KEPT in the outbox when no account
    /// sends. Entries from before mail was sent have no status: they were all kept.
    EmailOut {
        to: String,
        subject: String,
        #[serde(default = "kept")]
        status: MailStatus,
    },
    /// A mail from the lead in its conversation; `automatic` for an out-of-office or a delivery
    /// report, which is kept but is no answer.
    EmailIn {
        from: String,
        subject: String,
        #[serde(default)]
        automatic: bool,
    },
    /// What became of a queued mail: SENT (through `account`, the sending address), FAILED with
    /// the server's `reason`, or UNCONFIRMED.
    EmailDelivery {
        to: String,
        status: MailStatus,
        #[serde(default)]
        account: Option<String>,
        #[serde(default)]
        reason: Option<String>,
    },
    /// How the lead's message sounds, with the keywords that said so.
    Sentiment { sentiment: SentimentReading },
    /// The portal's contact page was read: the contact fields it filled, the score before and
    /// after, and the address the page gave.
    AutoClick {
        #[serde(default)]
        filled: Vec<String>,
        score_before: i32,
        score_after: i32,
        #[serde(default)]
        found: PageAddress,
    },
    /// The portal's contact page could not be read; `error` is the technical reason.
    AutoClickFailed { error: String },
    /// The first reply was drafted in `language` and sent or held for approval, or (no
    /// address) could not be drafted.
    ReplyDrafted {
        outcome: ReplyOutcome,
        #[serde(default)]
        language: Option<String>,
    },
    /// Follow-ups planned on these days after the mail that left (started, restarted after our
    /// next mail, or resumed), sent at once when `automatic`, else held for approval.
    FollowUpPlanned { days: Vec<u16>, automatic: bool },
    /// Follow-up `step` of `of` was drafted and sent or held for approval, or (no address) not.
    FollowUpStep { step: u32, of: u32, outcome: ReplyOutcome },
    /// A person paused the lead's follow-ups.
    FollowUpPaused,
    /// The lead's follow-ups ended early.
    FollowUpStopped { cause: FollowUpStop },
}

/// Why the system moved a lead.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "SCREAMING_SNAKE_CASE")]
pub enum StatusCause {
    /// A reply went to the lead.
    ReplySent,
    /// The lead answered our mail.
    LeadAnswered,
    /// A lost lead asked again through `portal`.
    NewInquiry { portal: String },
    /// The lead did not answer our mail in `days` days of follow-ups.
    NoAnswer { days: u16 },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReplyOutcome {
    Sent,
    Held,
    NoAddress,
}

/// The part of a sentiment reading the timeline shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SentimentReading {
    pub score: i32,
    pub label: SentimentLabel,
    #[serde(default)]
    pub matched: Vec<Keyword>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Keyword {
    pub keyword: String,
}

/// The address a portal's contact page gave.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageAddress {
    #[serde(default)]
    pub street: Option<String>,
    #[serde(default)]
    pub postcode: Option<String>,
    #[serde(default)]
    pub city: Option<String>,
}

impl PageAddress {
    /// "Leopoldstraße 12 80802 München", or empty.
    pub fn line(&self) -> String {
        [&self.street, &self.postcode, &self.city]
            .into_iter()
            .flatten()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_stored_object_beside_the_jobs_bookkeeping() {
        let stored = serde_json::json!({
            "code": "AUTO_CLICK", "message_id": "0190f0e0-0000-7000-8000-000000000000",
            "found": {"street": "Leopoldstraße 12", "city": "München", "email": "a@b.de"},
            "filled": ["email"], "score_before": 40, "score_after": 52,
        });
        let detail: ActivityDetail = serde_json::from_value(stored).unwrap();
        let ActivityDetail::AutoClick { filled, score_after, found, .. } = &detail else { panic!("{detail:?}") };
        assert_eq!((filled.as_slice(), *score_after), (["email".to_owned()].as_slice(), 52));
        assert_eq!(found.line(), "Leopoldstraße 12 München");
        let status = serde_json::json!({"code": "STATUS_CHANGED", "from": "LOST", "to": "NEW",
            "cause": {"code": "NEW_INQUIRY", "portal": "WILLHABEN"}, "by": "SYSTEM"});
        assert_eq!(
            serde_json::from_value::<ActivityDetail>(status).unwrap(),
            ActivityDetail::StatusChanged {
                from: LeadStatus::Lost,
                to: LeadStatus::New,
                reason: None,
                cause: Some(StatusCause::NewInquiry { portal: "WILLHABEN".into() }),
            }
        );
        assert!(serde_json::from_value::<ActivityDetail>(serde_json::json!({"code": "SHOUTED"})).is_err());
    }
}
