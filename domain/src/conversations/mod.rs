//! Conversations with leads. A mail to a lead is stored first (`outbox`: QUEUED with the mail
//! account it goes through, or KEPT when no account of the office sends) and then handed to the
//! account's server by the `mail.send` job, once (`delivery`). The `Mailer` port (`mailer`) is
//! what the server implements against the real systems: SMTP today, the Gmail API and Microsoft
//! Graph beside it later. A lead's answer is filed in its conversation (`answers`), matched by
//! our Message-ID or the lead's address; `thread` is the conversation as the lead's page shows it.
//! `followups` writes again on the office's days when the lead does not answer, and marks the
//! lead LOST after the last step. Needs: `Mailer`, the office's sealed credentials (`crypto`).

pub mod answers;
pub mod delivery;
pub mod followups;
pub mod mailer;
pub mod outbox;
pub mod thread;
