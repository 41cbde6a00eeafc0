//! Mail to leads as it travels: where an outbound message stands, shown on the lead's timeline
//! and in the API.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use uuid::Uuid;

use crate::UnknownValue;

id_type!(MessageId);

text_enum!(
    /// Who wrote a message of a lead's conversation: the lead (IN) or the office (OUT).
    MessageDirection { In => "IN", Out => "OUT" }
);

/// One message of a lead's conversation: the inquiry, our mails and the lead's answers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "graphql", derive(async_graphql::SimpleObject))]
pub struct ThreadMessage {
    pub id: MessageId,
    pub direction: MessageDirection,
    pub subject: Option<String>,
    pub body: String,
    pub from: Option<String>,
    pub to: Option<String>,
    /// Outbound mail: where it stands.
    pub status: Option<MailStatus>,
    /// Outbound mail: the server's refusal, or why the last attempt failed.
    pub error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
}

text_enum!(
    /// Where an outbound mail stands. QUEUED waits for the `mail.send` job; SENDING is handed to
    /// the account's server right now; SENT was accepted by it (with its id); FAILED was refused
    /// (the reason is kept) or kept failing; UNCONFIRMED was being handed over when its worker
    /// stopped, so whether it left is unknown and it is not sent again by itself; KEPT stays in
    /// the outbox because no mail account of the office can send.
    MailStatus {
        Queued => "QUEUED",
        Sending => "SENDING",
        Sent => "SENT",
        Failed => "FAILED",
        Unconfirmed => "UNCONFIRMED",
        Kept => "KEPT",
    }
);

impl MailStatus {
    /// Nothing more happens to the mail by itself.
    pub fn is_final(self) -> bool {
        matches!(self, MailStatus::Sent | MailStatus::Failed | MailStatus::Unconfirmed | MailStatus::Kept)
    }
}
