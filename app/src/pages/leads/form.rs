//! The form for a new or changed lead, and the page for a new one.

use crate::components::page_data;
use leptos::prelude::*;

use crate::api::{create_lead, list_properties, update_lead};
use crate::components::{
    ErrorBox, Field, INPUT, NewRecordPage, RecordFormRow, SelectField, non_empty, parse_number, save_action,
};
use crate::i18n::use_i18n;
use model::{Financing, Lead, LeadInput, LeadSource, Money, PageRequest, PropertyFilter, Timeframe};

#[component]
pub fn NewLeadPage() -> impl IntoView {
    view! {
        <NewRecordPage title=|t| t.leads.new list="/leads" id=|saved: &Lead| saved.id.to_string()
            form=|on_saved| view! { <LeadForm on_saved /> } />
    }
}

/// The form for a new lead, or for changing `lead`. Empty fields are not sent: on a change they
/// keep their value.
#[component]
pub(super) fn LeadForm(
    #[prop(optional)] lead: Option<Lead>,
    on_saved: Callback<Lead>,
    /// Where "cancel" goes back to when editing; a new lead's form links to the list instead.
    #[prop(optional)]
    on_cancel: Option<Callback<()>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = lead.as_ref().map(|l| l.id);
    let text =
        |get: fn(&Lead) -> Option<&String>| RwSignal::new(lead.as_ref().and_then(get).cloned().unwrap_or_default());
    let salutation = text(|l| l.salutation.as_ref());
    let first_name = text(|l| l.first_name.as_ref());
    let last_name = text(|l| l.last_name.as_ref());
    let email = text(|l| l.email.as_ref());
    let phone = text(|l| l.phone.as_ref());
    let message = text(|l| l.message.as_ref());
    let amount = |get: fn(&Lead) -> Option<Money>| {
        RwSignal::new(lead.as_ref().and_then(get).map(Money::plain).unwrap_or_default())
    };
    let budget_min = amount(|l| l.budget_min);
    let budget_max = amount(|l| l.budget_max);
    let code = |value: Option<&'static str>, default: &'static str| RwSignal::new(value.unwrap_or(default).to_owned());
    let source = code(lead.as_ref().map(|l| l.source.as_str()), LeadSource::Manual.as_str());
    let timeframe = code(lead.as_ref().map(|l| l.timeframe.as_str()), Timeframe::Unknown.as_str());
    let financing = code(lead.as_ref().map(|l| l.financing.as_str()), Financing::Unknown.as_str());
    let property = RwSignal::new(lead.as_ref().and_then(|l| l.property_id).map(|p| p.to_string()).unwrap_or_default());

    let properties =
        page_data(|| (), |_| list_properties(PropertyFilter::default(), PageRequest::new(PageRequest::MAX, None)));
    let (save, errors) = save_action(id, create_lead, update_lead, on_saved);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut found = Vec::new();
        let budget_min = parse_number("budget_min", &budget_min.get_untracked(), &mut found);
        let budget_max = parse_number("budget_max", &budget_max.get_untracked(), &mut found);
        if !errors.check(found) {
            return;
        }
        save.dispatch(LeadInput {
            source: source.get_untracked().parse().ok(),
            salutation: non_empty(&salutation.get_untracked()),
            first_name: non_empty(&first_name.get_untracked()),
            last_name: non_empty(&last_name.get_untracked()),
            email: non_empty(&email.get_untracked()),
            phone: non_empty(&phone.get_untracked()),
            message: non_empty(&message.get_untracked()),
            budget_min,
            budget_max,
            timeframe: timeframe.get_untracked().parse().ok(),
            financing: financing.get_untracked().parse().ok(),
            property_id: property.get_untracked().parse().ok(),
            assigned_to: None,
        });
    };
    view! {
        <form class="grid gap-4 sm:grid-cols-2" on:submit=submit novalidate data-testid="lead-form">
            <Field label=i18n.signal(|t| t.leads.salutation) name="salutation" error=errors.field("salutation")>
                <input class=INPUT name="salutation" autocomplete="honorific-prefix" list="salutations"
                    value=salutation.get_untracked() bind:value=salutation />
                <datalist id="salutations">
                    <option value=move || i18n.t().leads.salutation_ms />
                    <option value=move || i18n.t().leads.salutation_mr />
                </datalist>
            </Field>
            <div class="hidden sm:block"></div>
            <Field label=i18n.signal(|t| t.leads.first_name) name="first_name" error=errors.field("first_name")>
                <input class=INPUT name="first_name" autocomplete="given-name"
                    value=first_name.get_untracked() bind:value=first_name />
            </Field>
            <Field label=i18n.signal(|t| t.leads.last_name) name="last_name" error=errors.field("last_name")>
                <input class=INPUT name="last_name" autocomplete="family-name"
                    value=last_name.get_untracked() bind:value=last_name />
            </Field>
            <Field label=i18n.signal(|t| t.common.email) name="email" error=errors.field("email")>
                <input class=INPUT type="email" name="email" autocomplete="email"
                    value=email.get_untracked() bind:value=email />
            </Field>
            <Field label=i18n.signal(|t| t.leads.phone) name="phone" error=errors.field("phone")>
                <input class=INPUT type="tel" name="phone" autocomplete="tel"
                    value=phone.get_untracked() bind:value=phone />
            </Field>
            <Field label=i18n.signal(|t| t.leads.budget_min) name="budget_min" error=errors.field("budget_min")
                unit=i18n.currency_symbol()>
                <input class=INPUT type="number" name="budget_min" min="0" step="1000" inputmode="numeric"
                    value=budget_min.get_untracked() bind:value=budget_min />
            </Field>
            <Field label=i18n.signal(|t| t.leads.budget_max) name="budget_max" error=errors.field("budget_max")
                unit=i18n.currency_symbol()>
                <input class=INPUT type="number" name="budget_max" min="0" step="1000" inputmode="numeric"
                    value=budget_max.get_untracked() bind:value=budget_max />
            </Field>
            <SelectField label=|t| t.leads.timeframe name="timeframe" errors value=timeframe
                all=Timeframe::ALL code=Timeframe::as_str option=|t, v| t.leads.timeframe(v) />
            <SelectField label=|t| t.leads.financing name="financing" errors value=financing
                all=Financing::ALL code=Financing::as_str option=|t, v| t.leads.financing(v) />
            <SelectField label=|t| t.leads.source name="source" errors value=source
                all=LeadSource::ALL code=LeadSource::as_str option=|t, v| t.leads.source(v) />
            <Field label=i18n.signal(|t| t.leads.property) name="property_id" error=errors.field("property_id")>
                <Transition fallback=move || view! {
                    <select class=INPUT name="property_id" disabled>
                        <option>{move || i18n.t().common.loading}</option>
                    </select>
                }>
                    {move || Suspend::new(async move {
                        match properties.await {
                            Err(error) => view! { <ErrorBox error /> }.into_any(),
                            Ok(page) => view! {
                                <select class=INPUT name="property_id" prop:value=property
                                    on:change=move |ev| property.set(event_target_value(&ev))>
                                    <option value="">{move || i18n.t().leads.no_property}</option>
                                    {page
                                        .items
                                        .into_iter()
                                        .map(|p| {
                                            let value = p.id.to_string();
                                            let selected = property.with_untracked(|v| *v == value);
                                            let title = match &p.reference {
                                                Some(r) => format!("{} ({r})", p.title),
                                                None => p.title.clone(),
                                            };
                                            view! { <option value=value selected=selected>{title}</option> }
                                        })
                                        .collect_view()}
                                </select>
                            }
                            .into_any(),
                        }
                    })}
                </Transition>
            </Field>
            <div class="sm:col-span-2">
                <Field label=i18n.signal(|t| t.leads.message) name="message" error=errors.field("message")>
                    <textarea class=INPUT name="message" rows="4" bind:value=message>{message.get_untracked()}</textarea>
                </Field>
            </div>
            <RecordFormRow save errors creating=id.is_none() on_cancel list="/leads" testid="lead"
                class="flex flex-wrap items-center gap-3 sm:col-span-2" />
        </form>
    }
}
