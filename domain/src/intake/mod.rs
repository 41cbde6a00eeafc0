//! Intake: how an inquiry becomes a lead. Mail and form posts arrive through a channel
//! (`channels`: the website widget, the office's IMAP mailboxes; the server's HTTP, SES and IMAP
//! adapters hand raw mail to `receive`), are stored before anything else, parsed (`parse`, pure),
//! and turned into a lead or merged into the lead they came from (`upsert`). What a new lead then
//! needs — sentiment, the portal's contact page (`autoclick`), its embedding, the first reply —
//! runs as jobs (`enrich`).
//!
//! Ports: the database (`Db`); the contact-page fetcher and the IMAP reader are the server's.

pub mod autoclick;
pub mod channels;
pub mod enrich;
pub mod model_extract;
pub mod originals;
pub mod parse;
pub mod receive;
pub mod upsert;
