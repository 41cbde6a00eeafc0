//! The office's AI (admins): whether Jarvis has a model and which, what the office spent on it
//! this month by purpose, and the monthly budget after which Jarvis answers offline.

use crate::components::page_data;
use leptos::prelude::*;

use crate::api::{ai_usage, jarvis_status, update_tenant_settings};
use crate::components::{
    CARD, ErrorBox, Field, FormErrors, INPUT, Loading, SubmitRow, failure, format_dollars, parse_number,
};
use crate::i18n::{Locale, use_i18n};
use model::error::FieldError;
use model::{AiStatus, OfflineReason, PurposeUsage, TenantSettingsInput};

/// A purpose's cost: to the cent, and "< 0,01 $" for a cost too small to show in cents.
fn cost_text(micros: i64, locale: Locale) -> String {
    match micros {
        0 => format_dollars(0, locale),
        m if m < 10_000 => format!("< {}", format_dollars(1, locale)),
        m => format_dollars((m + 5_000) / 10_000, locale),
    }
}

/// The largest budget the form takes, in dollars (the server takes the same).
const MAX_DOLLARS: f64 = 100_000.0;

#[component]
pub fn AiSettings() -> impl IntoView {
    let i18n = use_i18n();
    let status = page_data(|| (), |_| jarvis_status());
    let usage = page_data(|| (), |_| ai_usage());
    // The form keeps its own first reading, so that a save refreshes the figures above it
    // without redrawing the form (and its "saved" note).
    let initial = page_data(|| (), |_| jarvis_status());
    let reload = Callback::new(move |()| {
        status.refetch();
        usage.refetch();
    });
    view! {
        <section class=format!("{CARD} self-start") data-testid="ai-settings">
            <h2 class="mb-1 text-lg font-semibold">{move || i18n.t().settings.ai_title}</h2>
            <p class="mb-4 text-sm text-slate-500">{move || i18n.t().settings.ai_hint}</p>
            <Transition fallback=Loading>
                {move || Suspend::new(async move {
                    match (status.await, usage.await) {
                        (Err(error), _) | (_, Err(error)) => view! { <ErrorBox error /> }.into_any(),
                        (Ok(status), Ok(usage)) => view! {
                            <AiState status=status.clone() />
                            <UsageTable usage status />
                        }.into_any(),
                    }
                })}
            </Transition>
            <Transition fallback=Loading>
                {move || Suspend::new(async move {
                    match initial.await {
                        Err(error) => view! { <ErrorBox error /> }.into_any(),
                        Ok(status) => view! { <BudgetForm status reload /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// Online with its models, or offline and why.
#[component]
fn AiState(status: AiStatus) -> impl IntoView {
    let i18n = use_i18n();
    let online = !status.offline;
    let reason = status.offline_reason;
    let models =
        [status.model.clone(), status.small_model.clone()].into_iter().flatten().collect::<Vec<_>>().join(" · ");
    let embedding = status.embedding_model.clone();
    view! {
        <div class=if online { "mb-4 rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-900" }
                   else { "mb-4 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900" }
            data-testid="ai-state" data-online=online.to_string()>
            <p class="font-medium">{move || {
                let t = i18n.t();
                match reason {
                    None => t.settings.ai_online,
                    Some(OfflineReason::BudgetReached) => t.assistant.offline_budget,
                    Some(OfflineReason::NotConfigured) => t.settings.ai_not_configured,
                }
            }}</p>
            <Show when=move || online>
                <p class="mt-1 text-xs" data-testid="ai-models">{models.clone()}</p>
            </Show>
            <p class="mt-1 text-xs">{move || format!("{}: {}", i18n.t().settings.ai_embeddings, embedding)}</p>
        </div>
    }
}

/// This month's spending against the budget, and the calls by purpose.
#[component]
fn UsageTable(usage: Vec<PurposeUsage>, status: AiStatus) -> impl IntoView {
    let i18n = use_i18n();
    let share = if status.monthly_cap_cents > 0 {
        (status.month_cost_cents.saturating_mul(100) / status.monthly_cap_cents).clamp(0, 100)
    } else {
        100
    };
    let bar = if share >= 90 {
        "bg-red-600"
    } else if share >= 70 {
        "bg-amber-500"
    } else {
        "bg-sky-600"
    };
    let empty = usage.is_empty();
    view! {
        <div class="mb-4">
            <p class="mb-1 text-sm text-slate-700" data-testid="ai-spent">{move || {
                let t = i18n.t();
                format!("{}: {} / {}", t.settings.ai_this_month, format_dollars(status.month_cost_cents, t.locale),
                    format_dollars(status.monthly_cap_cents, t.locale))
            }}</p>
            <div class="h-2 w-full rounded-full bg-slate-100" role="progressbar" aria-valuemin="0" aria-valuemax="100"
                aria-valuenow=share.to_string()>
                <div class=format!("h-2 rounded-full {bar}") style=format!("width: {share}%")></div>
            </div>
        </div>
        <Show when=move || !empty fallback=move || view! {
            <p class="mb-4 text-sm text-slate-500">{move || i18n.t().settings.ai_no_calls}</p>
        }>
            <div class="mb-4 overflow-x-auto">
                <table class="min-w-full text-sm" data-testid="ai-usage">
                    <thead class="text-left text-xs uppercase text-slate-500">
                        <tr>
                            <th class="py-1 pr-3">{move || i18n.t().settings.ai_purpose}</th>
                            <th class="py-1 pr-3 text-right">{move || i18n.t().settings.ai_calls}</th>
                            <th class="py-1 pr-3 text-right">{move || i18n.t().settings.ai_tokens}</th>
                            <th class="py-1 text-right">{move || i18n.t().settings.ai_cost}</th>
                        </tr>
                    </thead>
                    <tbody class="divide-y divide-slate-100">
                        {usage.clone().into_iter().map(|u| view! {
                            <tr data-purpose=u.purpose.clone()>
                                <td class="py-1 pr-3">{let p = u.purpose.clone(); move || i18n.t().settings.ai_purpose_name(&p)}</td>
                                <td class="py-1 pr-3 text-right tabular-nums">{u.calls}</td>
                                <td class="whitespace-nowrap py-1 pr-3 text-right tabular-nums">{format!("{} / {}", u.input_tokens, u.output_tokens)}</td>
                                <td class="whitespace-nowrap py-1 text-right tabular-nums">{move || cost_text(u.cost_micros, i18n.t().locale)}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </Show>
    }
}

/// The office's own monthly budget in dollars, or the platform's default.
#[component]
fn BudgetForm(status: AiStatus, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let use_default = RwSignal::new(status.default_cap);
    let dollars = RwSignal::new(format!("{:.2}", status.monthly_cap_cents as f64 / 100.0));
    let save = Action::new(move |cents: &i64| {
        let cents = *cents;
        async move {
            let input = TenantSettingsInput { ai_monthly_cap_cents: Some(cents), ..TenantSettingsInput::default() };
            let result = update_tenant_settings(input).await;
            if result.is_ok() {
                reload.run(());
            }
            result
        }
    });
    let errors = FormErrors::new(failure(save.value()));
    view! {
        <form class="space-y-3" data-testid="ai-budget-form" novalidate
            on:submit=move |ev| {
                ev.prevent_default();
                if use_default.get_untracked() {
                    // A negative budget clears the office's own: the default applies again.
                    save.dispatch(-1);
                    return;
                }
                let mut found = Vec::new();
                let value = parse_number::<f64>("ai_monthly_cap_cents", &dollars.get_untracked(), &mut found);
                if found.is_empty() && !value.is_some_and(|d| (0.0..=MAX_DOLLARS).contains(&d)) {
                    found.push(FieldError {
                        field: "ai_monthly_cap_cents".into(),
                        code: "out_of_range".into(),
                        message: String::new(),
                    });
                }
                if errors.check(found)
                    && let Some(d) = value
                {
                    save.dispatch((d * 100.0).round() as i64);
                }
            }
        >
            <label class="flex items-center gap-2 text-sm">
                <input type="checkbox" class="h-4 w-4 rounded border-slate-300" data-testid="ai-budget-default"
                    prop:checked=move || use_default.get()
                    on:change=move |ev| use_default.set(event_target_checked(&ev)) />
                <span class="font-medium text-slate-700">{move || i18n.t().settings.ai_budget_default}</span>
            </label>
            <Field label=i18n.signal(|t| t.settings.ai_budget) name="ai_monthly_cap_cents" error=errors.field("ai_monthly_cap_cents")>
                <div class="flex items-center gap-2">
                    <input class=format!("{INPUT} max-w-40 tabular-nums") name="ai_monthly_cap_cents" inputmode="decimal"
                        data-testid="ai-budget" prop:value=move || dollars.get()
                        on:input=move |ev| dollars.set(event_target_value(&ev))
                        disabled=move || use_default.get() />
                    <span class="text-sm text-slate-500">"USD"</span>
                </div>
            </Field>
            <SubmitRow action=save errors label=|t| t.common.save testid="ai-budget-save" />
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn costs_below_a_cent_are_not_rounded_up_to_one() {
        assert_eq!(cost_text(0, Locale::De), "0,00 $");
        assert_eq!(cost_text(3_500, Locale::De), "< 0,01 $");
        assert_eq!(cost_text(14_999, Locale::En), "$0.01");
        assert_eq!(cost_text(15_000, Locale::En), "$0.02");
        assert_eq!(cost_text(1_234_567, Locale::De), "1,23 $");
    }
}
