//! The ways inquiries reach an office that the office configures: its website widget and the IMAP
//! mailboxes it reads. (Mail forwarded to the office's inbound address needs no setting beyond
//! its token, `receive::inbound_token`.)

pub mod mailboxes;
pub mod widget;
