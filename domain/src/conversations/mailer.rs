//! The port to the servers that send mail, and what one sending needs: the account (where, as
//! whom, from which address) and the mail itself (our Message-ID, the lead, the text, what it
//! answers). The adapter builds the MIME message; the domain never sees a header line.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use secrecy::SecretString;

use model::{MailboxId, MailboxSecurity};

/// An SMTP server and the account's sign-in there.
#[derive(Clone, Debug)]
pub struct SmtpAccess {
    pub host: String,
    pub port: u16,
    pub security: MailboxSecurity,
    pub username: String,
    pub password: SecretString,
}

/// How an account sends.
#[derive(Clone, Debug)]
pub enum Transport {
    Smtp(SmtpAccess),
}

/// A mail account that sends, as the adapter needs it.
#[derive(Clone, Debug)]
pub struct SendAccount {
    pub mailbox: MailboxId,
    pub from_address: String,
    pub from_name: Option<String>,
    pub transport: Transport,
}

/// One mail to a lead. Subject and addresses are checked single lines (`outbox`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutboundMail {
    /// Our Message-ID without the angle brackets (`<uuid>@<sender's domain>`): the same on every
    /// attempt, so the lead's answer finds its thread.
    pub message_id: String,
    pub to: String,
    pub to_name: Option<String>,
    pub subject: String,
    /// Plain text.
    pub body: String,
    /// The Message-ID this mail answers (the lead's last mail), without angle brackets.
    pub in_reply_to: Option<String>,
    pub date: DateTime<Utc>,
}

/// The server took the mail; `provider_id` is its id for it when it said one ("queued as …").
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Accepted {
    pub provider_id: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SendError {
    /// Refused for good (a 5xx reply: an unknown recipient, a sign-in the server rejects, a
    /// message it will not take): sending it again would be refused again.
    #[error("{0}")]
    Refused(String),
    /// Not handed over (no connection, a 4xx reply, a timeout): worth another attempt later.
    #[error("{0}")]
    NotSent(String),
}

#[async_trait]
pub trait Mailer: Send + Sync {
    async fn send(&self, account: &SendAccount, mail: &OutboundMail) -> Result<Accepted, SendError>;
}
