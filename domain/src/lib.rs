//! The domain: every business rule, tenant-scoped, over `entity`; no Leptos, no axum. Adapters
//! (server functions, GraphQL, REST, jobs) call these functions with the request's `Ctx` and
//! never build queries themselves. `services::Services` is what every adapter needs from the
//! process.
//!
//! One folder per context (docs/architecture.md has the map): `intake` (inquiry → lead), `leads`,
//! `conversations` (mail to and from leads),
//! `properties`, `viewings`, `tenants` (offices, users, sign-in), `assistant` (Jarvis), `ai` (the
//! model gateway), `text` (reading what people write), `search`, `jobs`. Shared by all: `ctx`,
//! `db`, `clock`, `error`, `validate`, `crypto`, `services`; `seed` creates the demo office.

pub mod ai;
pub mod assistant;
pub mod clock;
pub mod conversations;
pub mod crypto;
pub mod ctx;
pub mod db;
pub mod error;
pub mod intake;
pub mod jobs;
pub mod leads;
pub mod properties;
pub mod search;
pub mod seed;
pub mod services;
pub mod tenants;
pub mod text;
pub mod validate;
pub mod viewings;

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

/// The wall clock, for stamping rows. What is scheduled runs on `Db::now` (the clock port).
pub(crate) fn now() -> chrono::DateTime<chrono::Utc> {
    chrono::Utc::now()
}
