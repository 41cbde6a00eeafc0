//! The domain: every business rule, tenant-scoped, over `entity`; no Leptos, no axum. Adapters
//! (server functions, GraphQL, REST, jobs) call these functions with the request's `Ctx` and
//! never build queries themselves. `services::Services` is what every adapter needs from the
//! process.

pub mod api_keys;
pub mod audit;
pub mod auth;
pub mod autoclick;
pub mod availability;
pub mod crypto;
pub mod ctx;
pub mod db;
pub mod error;
pub mod ingest;
pub mod intake;
pub mod jarvis;
pub mod jobs;
pub mod leads;
pub mod mailboxes;
pub mod outbox;
pub mod pipeline;
pub mod properties;
pub mod scoring;
pub mod search;
pub mod seed;
pub mod sentiment;
pub mod services;
pub mod sessions;
pub mod stats;
pub mod tenants;
pub mod users;
pub mod validate;
pub mod widget;

pub use ctx::{Actor, Ctx};
pub use db::Db;
pub use error::{Error, Result};

/// Reads an enumeration stored as text; an unknown value means the row was written by something
/// other than this code.
pub(crate) fn stored<T: std::str::FromStr>(value: &str) -> Result<T>
where
    T::Err: std::fmt::Display,
{
    value.parse().map_err(|e: T::Err| Error::Internal(format!("stored value: {e}")))
}

pub(crate) fn now() -> chrono::DateTime<chrono::Utc> {
    chrono::Utc::now()
}
