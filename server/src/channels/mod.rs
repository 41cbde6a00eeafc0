//! The doors inbound mail and form posts come in by, each a thin adapter that hands the raw
//! message to `domain::intake`: a mail relay's HTTP post (`http`), Amazon SES through SNS
//! (`sns`), the offices' IMAP mailboxes (`imap`, a poller per mailbox) and the website widget's
//! form posts (`widget`).

pub mod http;
pub mod imap;
pub mod sns;
pub mod widget;
