//! The status board (`/pipeline`): one column per lead status, cards moved along by the steps
//! the status rules allow.

use crate::components::page_data;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::{change_lead_status, list_leads, list_properties};
use crate::components::{ErrorBox, Loading, PageHeader, ScoreBadge, failure, status_classes};
use crate::i18n::use_i18n;
use model::error::{ApiError, ErrorCode};
use model::{Lead, LeadFilter, LeadId, LeadStatus, Page, PageRequest, Property, PropertyFilter};

/// Cards per column; the rest are a click away in the filtered list.
const CARDS_PER_COLUMN: u64 = 50;

type Properties = Resource<Result<Page<Property>, ApiError>>;
/// Every column's cards, in `LeadStatus::ALL`'s order: read together, so that a moved card leaves
/// its column in the same moment it arrives in the next.
type Board = Resource<Vec<Result<Page<Lead>, ApiError>>>;

#[component]
pub fn BoardPage() -> impl IntoView {
    let i18n = use_i18n();
    // Bumped after every move: each column loads again.
    let version = RwSignal::new(0_u32);
    let properties: Properties = page_data(
        || (),
        |_| {
            list_properties(
                PropertyFilter { include_archived: true, ..PropertyFilter::default() },
                PageRequest::new(PageRequest::MAX, None),
            )
        },
    );
    let board: Board = page_data(
        move || version.get(),
        |_| {
            futures::future::join_all(LeadStatus::ALL.iter().map(|&status| {
                list_leads(
                    LeadFilter { status: Some(status), ..LeadFilter::default() },
                    PageRequest::new(CARDS_PER_COLUMN, None),
                )
            }))
        },
    );
    let mover = Action::new(move |(id, next): &(LeadId, LeadStatus)| {
        let (id, next) = (*id, *next);
        async move {
            let moved = change_lead_status(id, next, None).await;
            if moved.is_ok() {
                version.update(|v| *v += 1);
            }
            moved
        }
    });
    let move_error = failure(mover.value());
    view! {
        <PageHeader title=move || i18n.t().leads.board_title />
        {move || move_error.get().map(|error| {
            let text = if error.code == ErrorCode::Conflict {
                view! { <p role="alert" class="text-sm text-red-700">{move || i18n.t().errors.invalid_transition}</p> }.into_any()
            } else {
                view! { <ErrorBox error /> }.into_any()
            };
            view! { <div class="mb-4">{text}</div> }
        })}
        <Transition>
            {move || Suspend::new(async move {
                properties.await.err().map(|error| view! { <div class="mb-4"><ErrorBox error /></div> })
            })}
        </Transition>
        <div class="-mx-4 flex snap-x gap-4 overflow-x-auto px-4 pb-4 md:mx-0 md:px-0 2xl:grid 2xl:grid-cols-5 2xl:overflow-visible"
            data-testid="pipeline">
            {LeadStatus::ALL
                .iter()
                .map(|&status| view! { <Column status board properties mover /> })
                .collect_view()}
        </div>
    }
}

#[component]
fn Column(
    status: LeadStatus,
    board: Board,
    properties: Properties,
    mover: Action<(LeadId, LeadStatus), Result<Lead, ApiError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let index = LeadStatus::ALL.iter().position(|s| *s == status).unwrap_or_default();
    view! {
        <section class="flex w-72 shrink-0 snap-start flex-col rounded-lg bg-slate-100 p-3 2xl:w-auto"
            data-testid=format!("column-{}", status.as_str()) aria-label=move || i18n.t().leads.status(status)>
            <Transition fallback=Loading>
                {move || Suspend::new(async move {
                    let page = match board.await.into_iter().nth(index) {
                        Some(Ok(page)) => page,
                        Some(Err(error)) => return view! { <ErrorBox error /> }.into_any(),
                        None => return ().into_any(),
                    };
                    // A failed property list is reported once above the board; cards then go without titles.
                    let titles = properties.await.map(|p| p.items).unwrap_or_default();
                    let more = page.total.saturating_sub(page.items.len() as u64);
                    view! {
                        <h2 class="mb-3 flex items-center justify-between">
                            <span class=format!("rounded px-2 py-0.5 text-sm font-semibold {}", status_classes(status))>
                                {move || i18n.t().leads.status(status)}
                            </span>
                            <span class="text-sm font-medium text-slate-500" data-testid="column-count">{page.total}</span>
                        </h2>
                        <ul class="flex flex-col gap-2">
                            {page
                                .items
                                .into_iter()
                                .map(|lead| {
                                    let property = lead
                                        .property_id
                                        .and_then(|id| titles.iter().find(|p| p.id == id))
                                        .map(|p| p.title.clone());
                                    view! { <Card lead property mover /> }
                                })
                                .collect_view()}
                        </ul>
                        {(more > 0).then(|| view! {
                            <A href=format!("/leads?status={}", status.as_str())
                                attr:class="mt-3 block text-center text-sm text-sky-800 hover:underline">
                                {move || format!("{} (+{more})", i18n.t().leads.board_show_all)}
                            </A>
                        })}
                    }
                    .into_any()
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Card(
    lead: Lead,
    property: Option<String>,
    mover: Action<(LeadId, LeadStatus), Result<Lead, ApiError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let (id, status, score) = (lead.id, lead.status, lead.score);
    let (href, name) = (format!("/leads/{id}"), lead.display_name());
    let next: Vec<LeadStatus> = LeadStatus::ALL.iter().copied().filter(|s| status.can_become(*s)).collect();
    view! {
        <li class="rounded-md border border-slate-200 bg-white p-3 shadow-sm" data-testid="pipeline-card" data-id=id.to_string()>
            <div class="flex items-start gap-2">
                <ScoreBadge score />
                <div class="min-w-0 flex-1">
                    <A href=href attr:class="block truncate font-medium text-sky-900 hover:underline" attr:data-testid="lead-link">
                        {name}
                    </A>
                    {property.map(|title| view! {
                        <p class="truncate text-xs text-slate-500" data-testid="card-property">{title}</p>
                    })}
                </div>
            </div>
            <div class="mt-2 flex flex-wrap gap-1" role="group" aria-label=move || i18n.t().leads.move_to>
                {next
                    .into_iter()
                    .map(|to| {
                        view! {
                            <button type="button"
                                class="rounded border border-slate-200 px-2 py-0.5 text-xs text-slate-600 hover:bg-slate-50 disabled:opacity-50"
                                data-testid=format!("status-{}", to.as_str())
                                title=move || format!("{} {}", i18n.t().leads.move_to, i18n.t().leads.status(to))
                                disabled=move || mover.pending().get()
                                on:click=move |_| { mover.dispatch((id, to)); }>
                                "→ " {move || i18n.t().leads.status(to)}
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
        </li>
    }
}
