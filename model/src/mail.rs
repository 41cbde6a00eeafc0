//! Mail to leads as it travels: where an outbound message stands, shown on the lead's timeline
//! and in the API.

use serde::{Deserialize, Serialize};

use crate::UnknownValue;

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
