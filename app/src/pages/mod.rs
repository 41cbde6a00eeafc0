//! One module per area of the app.

pub mod admin;
pub mod ai_settings;
pub mod availability;
pub mod dashboard;
pub mod inbound;
pub mod intake;
pub mod jarvis;
pub mod layout;
pub mod leads;
pub mod login;
pub mod mailboxes;
pub mod pipeline;
pub mod platform;
pub mod properties;
pub mod search;
pub mod widget_settings;

use leptos::prelude::*;

use crate::i18n::use_i18n;

/// A page's "not found" (an id in the address that is no id). The page that renders it sets the
/// 404 (`components::answer_with`), as for a "not found" from the server.
pub fn not_found(message: &str) -> model::error::ApiError {
    model::error::ApiError::new(model::error::ErrorCode::NotFound, message)
}

#[component]
pub fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    crate::components::answer_with(&not_found("no such page"));
    view! { <p class="p-10 text-center text-slate-600">{move || i18n.t().not_found}</p> }
}
