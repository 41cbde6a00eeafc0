//! The frame of a page's content: heading, cards, facts, the empty list.

use leptos::prelude::*;
use leptos::text_prop::TextProp;

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
