//! The cards beside a lead's facts: status steps, assignment, score.

use leptos::prelude::*;

use crate::api::{assign_lead, change_lead_status, list_users};
use crate::components::{
    BUTTON_SECONDARY, BrowserData, CARD, CompletenessBar, ErrorBox, INPUT, Loading, ScoreBadge, StatusBadge, failure,
    non_empty,
};
use crate::i18n::use_i18n;
use model::error::ErrorCode;
use model::{LeadId, LeadStatus, ScoreFactor, UserId};

/// The buttons for the steps the status rules allow from here, with an optional reason.
#[component]
pub(super) fn StatusCard(id: LeadId, status: LeadStatus, refresh: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let reason = RwSignal::new(String::new());
    let change = Action::new(move |next: &LeadStatus| {
        let (next, reason) = (*next, non_empty(&reason.get_untracked()));
        async move {
            let changed = change_lead_status(id, next, reason).await;
            if changed.is_ok() {
                refresh.run(());
            }
            changed
        }
    });
    let change_error = failure(change.value());
    let allowed: Vec<LeadStatus> = LeadStatus::ALL.iter().copied().filter(|s| status.can_become(*s)).collect();
    view! {
        <section class=CARD data-testid="status-card">
            <h2 class="mb-3 text-lg font-semibold">{move || i18n.t().leads.change_status}</h2>
            <p class="mb-3 flex items-center gap-2 text-sm text-slate-600">
                {move || i18n.t().leads.current_status} <StatusBadge status />
            </p>
            <input class=format!("{INPUT} mb-3") name="reason" data-testid="status-reason"
                placeholder=move || i18n.t().leads.status_reason bind:value=reason />
            <div class="flex flex-wrap gap-2">
                {allowed
                    .into_iter()
                    .map(|next| {
                        view! {
                            <button class=BUTTON_SECONDARY type="button"
                                data-testid=format!("status-{}", next.as_str())
                                disabled=move || change.pending().get()
                                on:click=move |_| { change.dispatch(next); }>
                                {move || format!("{} {}", i18n.t().leads.move_to, i18n.t().leads.status(next))}
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
            {move || change_error.get().map(|error| {
                if error.code == ErrorCode::Conflict {
                    view! { <p role="alert" class="mt-3 text-sm text-red-700">{move || i18n.t().errors.invalid_transition}</p> }.into_any()
                } else {
                    view! { <div class="mt-3"><ErrorBox error /></div> }.into_any()
                }
            })}
        </section>
    }
}

/// Admins hand a lead to an active colleague, or take it back.
#[component]
pub(super) fn AssignCard(id: LeadId, assigned_to: Option<UserId>, refresh: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    // Inside the lead's `Suspend`: loaded in the browser (docs/architecture.md).
    let users = BrowserData::new(list_users);
    let assign = Action::new(move |to: &Option<UserId>| {
        let to = *to;
        async move {
            let assigned = assign_lead(id, to).await;
            if assigned.is_ok() {
                refresh.run(());
            }
            assigned
        }
    });
    let assign_error = failure(assign.value());
    let current = assigned_to.map(|u| u.to_string()).unwrap_or_default();
    view! {
        <section class=CARD data-testid="assign-card">
            <label class="block">
                <span class="mb-3 block text-lg font-semibold">{move || i18n.t().leads.assigned}</span>
                // Not a <Transition>: on the server and while hydrating both sides render the
                // loading line; the select follows once the browser has the list.
                {move || match users.get() {
                    None => view! { <Loading /> }.into_any(),
                    Some(Err(error)) => view! { <ErrorBox error /> }.into_any(),
                    Some(Ok(users)) => view! {
                        <select class=INPUT name="assigned_to" data-testid="assign-select"
                            disabled=move || assign.pending().get()
                            on:change=move |ev| {
                                assign.dispatch(event_target_value(&ev).parse().ok());
                            }>
                            <option value="" selected=current.is_empty()>{move || i18n.t().leads.unassigned}</option>
                            {users
                                .into_iter()
                                .filter(|u| u.active || Some(u.id) == assigned_to)
                                .map(|u| {
                                    let value = u.id.to_string();
                                    let selected = value == current;
                                    view! { <option value=value selected=selected>{u.name}</option> }
                                })
                                .collect_view()}
                        </select>
                    }
                    .into_any(),
                }}
            </label>
            {move || assign_error.get().map(|error| view! { <div class="mt-3"><ErrorBox error /></div> })}
        </section>
    }
}

#[component]
pub(super) fn ScoreCard(score: i32, factors: Vec<ScoreFactor>, completeness: i32) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class=CARD data-testid="score-card">
            <h2 class="mb-3 flex items-center justify-between text-lg font-semibold">
                {move || i18n.t().leads.score_factors}
                <ScoreBadge score />
            </h2>
            <p class="mb-4 flex items-center justify-between text-sm text-slate-600">
                {move || i18n.t().leads.completeness}
                <CompletenessBar percent=completeness />
            </p>
            {if factors.is_empty() {
                view! { <p class="text-sm text-slate-500">{move || i18n.t().leads.no_score_yet}</p> }.into_any()
            } else {
                view! {
                    <ul class="space-y-3">
                        {factors
                            .into_iter()
                            .map(|f| {
                                let width = if f.max_points > 0 { (f.points.clamp(0, f.max_points) * 100) / f.max_points } else { 0 };
                                let (factor, reason) = (f.factor, f.reason);
                                view! {
                                    <li data-testid="score-factor" data-factor=factor.as_str()>
                                        <div class="flex justify-between text-sm">
                                            <span class="font-medium">{move || i18n.t().leads.score_factor(factor)}</span>
                                            <span class="text-slate-500">{format!("{}/{}", f.points, f.max_points)}</span>
                                        </div>
                                        <div class="mt-1 h-1.5 rounded-full bg-slate-100">
                                            <div class="h-1.5 rounded-full bg-sky-600" style=format!("width: {width}%")></div>
                                        </div>
                                        <p class="mt-1 text-xs text-slate-500">{move || i18n.t().leads.score_reason(&reason)}</p>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
                .into_any()
            }}
        </section>
    }
}
