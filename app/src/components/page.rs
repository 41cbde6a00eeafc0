//! The frame of a page's content: heading, cards, facts, the empty list.

use leptos::prelude::*;
use leptos::text_prop::TextProp;

use crate::i18n::{Texts, use_i18n};

pub const CARD: &str = "rounded-lg border border-slate-200 bg-white p-5 shadow-sm";

/// A page's heading, with the page's actions (links, buttons) beside it.
#[component]
pub fn PageHeader(#[prop(into)] title: TextProp, #[prop(optional)] children: Option<Children>) -> impl IntoView {
    view! {
        <div class="mb-6 flex flex-wrap items-center justify-between gap-3">
            <h1 class="text-2xl font-bold" data-testid="page-title">{move || title.get()}</h1>
            <div class="flex flex-wrap items-center gap-2">{children.map(|c| c())}</div>
        </div>
    }
}

/// What a list shows when nothing matches.
#[component]
pub fn EmptyState(#[prop(into)] text: TextProp) -> impl IntoView {
    view! {
        <p class="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center text-sm text-slate-500"
            data-testid="empty-state">
            {move || text.get()}
        </p>
    }
}

/// One labelled value of a detail view, inside a `<dl>`.
#[component]
pub fn Fact(#[prop(into)] label: TextProp, children: Children) -> impl IntoView {
    view! {
        <div>
            <dt class="text-xs font-medium uppercase tracking-wide text-slate-500">{move || label.get()}</dt>
            <dd class="mt-0.5 text-sm text-slate-900">{children()}</dd>
        </div>
    }
}

/// A card with a heading and, with a `hint`, a line that explains it.
#[component]
pub fn Card(
    title: fn(&Texts) -> &'static str,
    #[prop(optional)] hint: Option<fn(&Texts) -> &'static str>,
    #[prop(optional)] testid: Option<&'static str>,
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    let heading = if hint.is_some() { "mb-1 text-lg font-semibold" } else { "mb-4 text-lg font-semibold" };
    view! {
        <section class=CARD data-testid=testid>
            <h2 class=heading>{move || title(i18n.t())}</h2>
            {hint.map(|hint| view! { <p class="mb-4 text-sm text-slate-500">{move || hint(i18n.t())}</p> })}
            {children()}
        </section>
    }
}

/// A titled part of a record's facts below the grid (a message, a list of features); `tight`
/// keeps the heading closer to a single paragraph.
#[component]
pub fn FactSection(
    title: fn(&Texts) -> &'static str,
    #[prop(optional)] tight: bool,
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    let heading = if tight { "mb-1" } else { "mb-2" };
    view! {
        <div class="mt-5 border-t border-slate-100 pt-4">
            <h2 class=format!("{heading} text-xs font-medium uppercase tracking-wide text-slate-500")>
                {move || title(i18n.t())}
            </h2>
            {children()}
        </div>
    }
}
