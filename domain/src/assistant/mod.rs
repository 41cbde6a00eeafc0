//! The assistant, Jarvis: it works the CRM for an agent by talking (a multi-round tool loop over
//! the domain, `agent`), with the request routed to a tool subset (`router`), tools that are thin
//! adapters over the other contexts (`tools`), chats and their summaries (`chats`), actions held
//! for a person's yes (`pending`), what a user asked it to remember (`memory`) and the audit of
//! every tool call (`audit`). It drafts the first reply to every inquiry (`reply`). Without a
//! model, `rules` reads the common German and English requests.
//!
//! Ports: the model through `ai` (which decides between the configured model and the offline
//! one), the database.

pub mod agent;
pub mod audit;
pub mod chats;
pub mod clean;
pub mod memory;
pub mod pending;
pub mod reply;
pub mod router;
pub mod rules;
pub mod tools;

use std::collections::HashSet;
use std::sync::{Arc, Mutex};

use model::ChatId;

/// Chats whose running answer its user asked to stop (the Stop button). Answers run in the
/// process that started them, so this is per process, shared by every clone.
#[derive(Clone, Default)]
pub struct Stops(Arc<Mutex<HashSet<ChatId>>>);

impl Stops {
    /// Asks the running answer of `chat` to stop after its current step (the caller checked that
    /// the chat is the user's).
    pub fn request(&self, chat: ChatId) {
        if let Ok(mut stops) = self.0.lock() {
            stops.insert(chat);
        }
    }

    /// Whether a stop of `chat` was asked for since the last call; forgets the request.
    pub(crate) fn take(&self, chat: ChatId) -> bool {
        self.0.lock().map(|mut s| s.remove(&chat)).unwrap_or(false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stop_request_is_taken_once_and_shared_by_clones() {
        let stops = Stops::default();
        let (chat, other) = (ChatId(uuid::Uuid::now_v7()), ChatId(uuid::Uuid::now_v7()));
        stops.clone().request(chat);
        assert!(!stops.take(other), "only the chat asked for stops");
        assert!(stops.take(chat));
        assert!(!stops.take(chat), "a request stops one answer, not the next");
        // Another process (another `Stops`) does not see this one's requests.
        stops.request(chat);
        assert!(!Stops::default().take(chat));
    }
}
