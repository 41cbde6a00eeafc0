//! One module per area of the app; an area with more than one page is a folder.

pub mod assistant;
pub mod auth;
pub mod dashboard;
pub mod intake;
pub mod layout;
pub mod leads;
pub mod platform;
pub mod properties;
pub mod search;
pub mod settings;
pub mod users;

use leptos::prelude::*;

use crate::components::{answer_with, not_found};
use crate::i18n::use_i18n;

#[component]
pub fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    answer_with(&not_found("no such page"));
    view! { <p class="p-10 text-center text-slate-600">{move || i18n.t().errors.not_found}</p> }
}
