//! Lead intake (admins): the inbound mail address and what became of each received message, and
//! the background queues.

mod inbound;
mod monitor;

pub use inbound::InboundSettings;
pub use monitor::IntakePage;
