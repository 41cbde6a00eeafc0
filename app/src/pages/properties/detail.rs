//! One property's page: its facts, the form to change it, and the leads that asked about it.

use leptos::prelude::*;
use leptos_router::components::A;

use super::form::PropertyForm;
use super::{PropertyStatusBadge, address_text, price_text};
use crate::api::{archive_property, get_property, list_leads};
use crate::components::{
    BrowserData, CARD, ConfirmButton, DetailPage, EditButton, Editable, Editing, ErrorBox, Fact, FactSection, Loading,
    PageHeader, ScoreBadge, StatusBadge, failure, format_decimal, reloading_action,
};
use crate::i18n::use_i18n;
use model::{LeadFilter, PageRequest, Property, PropertyId, PropertyStatus};

#[component]
pub fn PropertyDetailPage() -> impl IntoView {
    view! {
        <DetailPage load=get_property bad_id="not a property id" missing=|t| t.properties.not_found
            list="/properties" back=|t| t.properties.back_to_list
            record=|property, refresh| view! { <PropertyView property refresh /> } />
    }
}

#[component]
fn PropertyView(property: Property, refresh: Callback<()>) -> impl IntoView {
    let _i18n = use_i18n();
    let id = property.id;
    let editing = Editing::new(refresh);
    let archive = reloading_action(move || refresh.run(()), move |()| archive_property(id));
    let archive_error = failure(archive.value());
    let archived = property.status == PropertyStatus::Archived;
    let form_property = property.clone();
    view! {
        <PageHeader title=property.title.clone()>
            <PropertyStatusBadge status=property.status />
            <EditButton editing testid="edit-property" />
            {(!archived).then(|| view! {
                <ConfirmButton action=archive input=() question=|t| t.properties.archive_confirm
                    label=|t| t.properties.archive testid="archive-property" />
            })}
        </PageHeader>
        {move || archive_error.get().map(|error| view! { <div class="mb-4"><ErrorBox error /></div> })}
        <div class="grid gap-6 lg:grid-cols-3">
            <div class="space-y-6 lg:col-span-2">
                <Editable
                    editing
                    title=|t| t.properties.edit
                    facts={
                        let property = property.clone();
                        move || view! { <PropertyFacts property=property.clone() /> }
                    }
                >
                    <PropertyForm property=form_property.clone() on_saved=editing.saved() on_cancel=editing.cancel() />
                </Editable>
            </div>
            <PropertyLeads id />
        </div>
    }
}

#[component]
fn PropertyFacts(property: Property) -> impl IntoView {
    let i18n = use_i18n();
    let locale = move || i18n.locale.get();
    let none = move || i18n.t().common.none.to_owned();
    let (kind, marketing, country) = (property.property_type, property.marketing_type, property.country);
    let (rooms, living, plot) = (property.rooms, property.living_area, property.plot_area);
    let (year, certificate, energy) = (property.year_built, property.energy_certificate_type, property.energy_value);
    let (created, updated) = (property.created_at, property.updated_at);
    let price = {
        let p = property.clone();
        move || price_text(i18n, &p)
    };
    let text = |v: &Option<String>| {
        let v = v.clone();
        move || v.clone().unwrap_or_else(none)
    };
    let address = address_text(&property);
    let reference = text(&property.reference);
    let energy_class = text(&property.energy_class);
    let heating = text(&property.heating_type);
    let features = property.features.clone();
    let description = property.description.clone();
    view! {
        <section class=CARD data-testid="property-facts">
            <p class="mb-4 text-2xl font-semibold" data-testid="property-price">{price}</p>
            <dl class="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
                <Fact label=move || i18n.t().properties.reference>{reference}</Fact>
                <Fact label=move || i18n.t().properties.kind>{move || i18n.t().properties.kind(kind)}</Fact>
                <Fact label=move || i18n.t().properties.marketing>{move || i18n.t().properties.marketing(marketing)}</Fact>
                <Fact label=move || i18n.t().properties.address>{address}</Fact>
                <Fact label=move || i18n.t().properties.country>{move || i18n.t().properties.country(country)}</Fact>
                <Fact label=move || i18n.t().properties.rooms>
                    {move || rooms.map(|r| format_decimal(r, locale())).unwrap_or_else(none)}
                </Fact>
                <Fact label=move || i18n.t().properties.living_area>
                    {move || living.map(|a| format_decimal(a, locale())).unwrap_or_else(none)}
                </Fact>
                <Fact label=move || i18n.t().properties.plot_area>
                    {move || plot.map(|a| format_decimal(a, locale())).unwrap_or_else(none)}
                </Fact>
                <Fact label=move || i18n.t().properties.year_built>
                    {move || year.map(|y| y.to_string()).unwrap_or_else(none)}
                </Fact>
                <Fact label=move || i18n.t().properties.energy_certificate>
                    {move || certificate.map(|c| i18n.t().properties.energy_certificate(c).to_owned()).unwrap_or_else(none)}
                </Fact>
                <Fact label=move || i18n.t().properties.energy_value>
                    {move || energy.map(|e| format_decimal(e, locale())).unwrap_or_else(none)}
                </Fact>
                <Fact label=move || i18n.t().properties.energy_class>{energy_class}</Fact>
                <Fact label=move || i18n.t().properties.heating>{heating}</Fact>
                <Fact label=move || i18n.t().common.created_at>{move || i18n.date_time(created)}</Fact>
                <Fact label=move || i18n.t().common.updated_at>{move || i18n.date_time(updated)}</Fact>
            </dl>
            {(!features.is_empty()).then(|| view! {
                <FactSection title=|t| t.properties.features_title>
                    <ul class="flex flex-wrap gap-2" data-testid="property-features">
                        {features
                            .into_iter()
                            .map(|f| view! { <li class="rounded-full bg-slate-100 px-3 py-1 text-xs text-slate-700">{f}</li> })
                            .collect_view()}
                    </ul>
                </FactSection>
            })}
            {description.map(|d| view! {
                <FactSection title=|t| t.properties.description>
                    <p class="whitespace-pre-line text-sm text-slate-800" data-testid="property-description">{d}</p>
                </FactSection>
            })}
        </section>
    }
}

/// The leads that asked about this property, newest first.
#[component]
fn PropertyLeads(id: PropertyId) -> impl IntoView {
    let i18n = use_i18n();
    // Inside the property's `Suspend`: loaded in the browser (docs/architecture.md).
    let leads = BrowserData::new(move || {
        list_leads(LeadFilter { property_id: Some(id), ..LeadFilter::default() }, PageRequest::new(10, None))
    });
    view! {
        <section class=CARD data-testid="property-leads">
            <h2 class="mb-3 text-lg font-semibold">{move || i18n.t().properties.leads}</h2>
            {move || match leads.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(error)) => view! { <ErrorBox error /> }.into_any(),
                Some(Ok(page)) if page.items.is_empty() => {
                    view! { <p class="text-sm text-slate-500">{move || i18n.t().leads.empty}</p> }.into_any()
                }
                Some(Ok(page)) => {
                    let total = page.total;
                    view! {
                        <ul class="divide-y divide-slate-100">
                            {page
                                .items
                                .into_iter()
                                .map(|lead| {
                                    let href = format!("/leads/{}", lead.id);
                                    let name = lead.display_name();
                                    view! {
                                        <li class="flex items-center gap-2 py-2">
                                            <ScoreBadge score=lead.score />
                                            <A href=href attr:class="flex-1 truncate text-sm font-medium hover:underline">{name}</A>
                                            <StatusBadge status=lead.status />
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                        <p class="mt-3 text-sm text-slate-500" data-testid="property-lead-total">
                            {total} " " {move || i18n.t().common.total}
                        </p>
                    }
                    .into_any()
                }
            }}
        </section>
    }
}
