use crate::components::page_data;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::load_dashboard;
use crate::components::{CARD, ErrorBox, Loading, ScoreBadge, StatusBadge, status_classes};
use crate::i18n::use_i18n;

#[component]
pub fn DashboardPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = page_data(|| (), |_| load_dashboard());
    view! {
        <h1 class="mb-6 text-2xl font-bold" data-testid="page-title">{move || i18n.t().dashboard.title}</h1>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Err(error) => view! { <ErrorBox error /> }.into_any(),
                    Ok(d) => {
                        let newest = d.newest.clone();
                        view! {
                            <div class="mb-8 grid grid-cols-2 gap-4 md:grid-cols-4 xl:grid-cols-7">
                                {d.by_status.iter().map(|c| {
                                    let status = c.status;
                                    view! {
                                        <a href=format!("/leads?status={}", status.as_str()) class=format!("{CARD} block")
                                            data-testid=format!("count-{}", status.as_str())>
                                            <div class=format!("inline-flex rounded px-2 text-xs {}", status_classes(status))>
                                                {move || i18n.t().leads.status(status)}
                                            </div>
                                            <div class="mt-2 text-3xl font-semibold">{c.count}</div>
                                        </a>
                                    }
                                }).collect_view()}
                                <div class=CARD>
                                    <div class="text-xs text-slate-500">{move || i18n.t().dashboard.active_properties}</div>
                                    <div class="mt-2 text-3xl font-semibold">{d.properties_active}</div>
                                </div>
                                <div class=CARD data-testid="speed-median">
                                    <div class="text-xs text-slate-500">{move || i18n.t().assistant.speed_median}</div>
                                    <div class="mt-2 text-2xl font-semibold">
                                        {let median = d.response_times.median_send_secs;
                                         move || median.map(model::duration_text).unwrap_or_else(|| i18n.t().assistant.speed_none.to_owned())}
                                    </div>
                                </div>
                            </div>
                            <section class=CARD>
                                <h2 class="mb-3 text-lg font-semibold">{move || i18n.t().dashboard.newest}</h2>
                                <ul class="divide-y divide-slate-100" data-testid="newest-leads">
                                    {newest.into_iter().map(|l| {
                                        let href = format!("/leads/{}", l.id);
                                        let (source, status, score, name) = (l.source, l.status, l.score, l.display_name());
                                        view! {
                                            <li class="flex items-center gap-3 py-2">
                                                <ScoreBadge score />
                                                <A href=href attr:class="flex-1 font-medium hover:underline">{name}</A>
                                                <span class="hidden text-sm text-slate-500 md:inline">{move || i18n.t().leads.source(source)}</span>
                                                <StatusBadge status />
                                            </li>
                                        }
                                    }).collect_view()}
                                </ul>
                            </section>
                        }.into_any()
                    }
                }
            })}
        </Transition>
    }
}
