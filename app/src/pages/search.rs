//! The app's search box: properties and leads by meaning and words together (`/search?q=…`).

use crate::components::page_data;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::semantic_search;
use crate::components::{CARD, EmptyState, ErrorBox, Loading, PageHeader, query_param};
use crate::i18n::use_i18n;
use model::SearchKind;

#[component]
pub fn SearchPage() -> impl IntoView {
    let i18n = use_i18n();
    let q = query_param("q");
    let hits = page_data(
        move || q.get(),
        |q| async move { if q.trim().is_empty() { Ok(Vec::new()) } else { semantic_search(q, None).await } },
    );
    view! {
        <PageHeader title=move || i18n.t().search.title />
        <form method="get" action="/search" class="mb-6 flex gap-2" role="search">
            <input class="w-full max-w-xl rounded-md border border-slate-300 px-3 py-2 text-sm" type="search" name="q"
                data-testid="search-page-input" prop:value=move || q.get() aria-label=move || i18n.t().search.placeholder
                placeholder=move || i18n.t().search.placeholder />
        </form>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match hits.await {
                    Err(error) => view! { <ErrorBox error /> }.into_any(),
                    Ok(list) if list.is_empty() => {
                        view! { <EmptyState text=move || i18n.t().search.empty /> }.into_any()
                    }
                    Ok(list) => view! {
                        <ul class=format!("{CARD} divide-y divide-slate-100 p-0") data-testid="search-results">
                            {list.into_iter().map(|h| {
                                let kind = match h.kind {
                                    SearchKind::Properties => i18n.t().common.nav_properties,
                                    SearchKind::Leads => i18n.t().common.nav_leads,
                                };
                                let how = match (h.similarity.is_some(), h.text_match) {
                                    (true, true) => i18n.t().search.both,
                                    (true, false) => i18n.t().search.meaning,
                                    _ => i18n.t().search.words,
                                };
                                view! {
                                    <li class="flex items-center gap-3 px-4 py-3" data-testid="search-hit">
                                        <span class="w-20 shrink-0 text-xs uppercase tracking-wide text-slate-500">{kind}</span>
                                        <div class="min-w-0 flex-1">
                                            <A href=h.url attr:class="font-medium text-sky-800 hover:underline">{h.title}</A>
                                            <div class="text-xs text-slate-500">{h.subtitle}</div>
                                        </div>
                                        <span class="rounded bg-slate-100 px-2 py-0.5 text-xs text-slate-600">{how}</span>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                }
            })}
        </Transition>
    }
}
