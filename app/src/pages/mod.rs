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

#[component]
pub fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    view! { <p class="p-10 text-center text-slate-600">{move || i18n.t().not_found}</p> }
}
