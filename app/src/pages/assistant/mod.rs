//! The assistant, Jarvis: its chat page and the chat and speed card on a lead's page.

mod chat;
mod lead;
mod page;

pub use lead::{LeadChat, SpeedCard};
pub use page::JarvisPage;
