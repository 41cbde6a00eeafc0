//! Properties (Objekte): the filtered list, one property's page, and the form for a new or
//! changed property.

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use leptos_router::params::ParamsMap;

use crate::api::{archive_property, create_property, get_property, list_leads, list_properties, update_property};
use crate::components::{
    BUTTON, BUTTON_SECONDARY, BrowserData, CARD, Cursors, EmptyState, ErrorBox, Fact, Field, FormAlert, FormErrors,
    INPUT, Loading, PageHeader, Pager, ScoreBadge, StatusBadge, answer_with, confirm, enum_options, failure,
    format_date_time, format_decimal, format_money, non_empty, parse_number, query_param, use_query_setter,
};
use crate::i18n::{Texts, use_i18n};
use model::error::ErrorCode;
use model::{
    Country, EnergyCertificateType, LeadFilter, Locale, MarketingType, PageRequest, Property, PropertyFilter,
    PropertyId, PropertyInput, PropertyStatus, PropertyType,
};

const PAGE_SIZE: u64 = 24;
const FILTER_LABEL: &str = "mb-1 block text-xs font-medium text-slate-500";
const ENERGY_CLASSES: [&str; 9] = ["A+", "A", "B", "C", "D", "E", "F", "G", "H"];

/// The filter the URL asks for: `/properties?type=HOUSE&marketing=BUY&city=Graz&max_price=500000`.
/// The maximum price is in whole euros there, in cents in the filter.
fn filter_from(query: &ParamsMap) -> PropertyFilter {
    PropertyFilter {
        property_type: query.get_str("type").and_then(|s| s.parse().ok()),
        marketing_type: query.get_str("marketing").and_then(|s| s.parse().ok()),
        status: query.get_str("status").and_then(|s| s.parse().ok()),
        city: query.get_str("city").and_then(non_empty),
        max_price_cents: query.get_str("max_price").and_then(|s| s.trim().parse::<i64>().ok()).map(|e| e * 100),
        query: query.get_str("q").and_then(non_empty),
        ..PropertyFilter::default()
    }
}

fn status_classes(s: PropertyStatus) -> &'static str {
    match s {
        PropertyStatus::Draft => "bg-slate-100 text-slate-700",
        PropertyStatus::Active => "bg-emerald-100 text-emerald-800",
        PropertyStatus::Reserved => "bg-amber-100 text-amber-800",
        PropertyStatus::Sold | PropertyStatus::Rented => "bg-sky-100 text-sky-800",
        PropertyStatus::Archived => "bg-slate-200 text-slate-500",
    }
}

#[component]
fn PropertyStatusBadge(status: PropertyStatus) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <span class=format!("inline-flex rounded-full px-2 py-0.5 text-xs font-medium {}", status_classes(status))
            data-testid="property-status">
            {move || i18n.t().property_status(status)}
        </span>
    }
}

/// "489.000 €", or "1.250 € / Monat" for rent.
fn price_text(t: &Texts, p: &Property) -> String {
    match (p.price_cents, p.marketing_type) {
        (None, _) => t.price_on_request.to_owned(),
        (Some(cents), MarketingType::Buy) => format_money(cents),
        (Some(cents), MarketingType::Rent) => format!("{} {}", format_money(cents), t.per_month),
    }
}

fn address_text(p: &Property) -> String {
    let street = [p.street.as_deref(), p.house_number.as_deref()].into_iter().flatten().collect::<Vec<_>>().join(" ");
    let town = [p.postcode.as_deref(), Some(p.city.as_str())].into_iter().flatten().collect::<Vec<_>>().join(" ");
    [street, town].into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join(", ")
}

#[component]
pub fn PropertiesPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let filter = Memo::new(move |_| query.with(filter_from));
    let cursors = Cursors::new(filter);
    let properties = Resource::new(
        move || (filter.get(), cursors.after()),
        |(filter, after)| list_properties(filter, PageRequest::new(PAGE_SIZE, after)),
    );
    let set_param = use_query_setter("/properties");
    let search = NodeRef::<leptos::html::Input>::new();
    let text_filter =
        move |key: &'static str, testid: &'static str, kind: &'static str, label: fn(&Texts) -> &'static str| {
            view! {
                <label>
                    <span class=FILTER_LABEL>{move || label(i18n.t())}</span>
                    <input class=INPUT type=kind name=key data-testid=testid
                        value=query_param(key).get_untracked() prop:value=query_param(key)
                        on:change=move |ev| set_param.run((key, event_target_value(&ev))) />
                </label>
            }
        };

    view! {
        <PageHeader title=move || i18n.t().properties_title>
            <A href="/properties/new" attr:class=BUTTON attr:data-testid="new-property">{move || i18n.t().property_new}</A>
        </PageHeader>
        <form
            class="mb-6 grid gap-3 sm:grid-cols-2 lg:grid-cols-3 xl:grid-cols-6"
            role="search"
            on:submit=move |ev| {
                ev.prevent_default();
                if let Some(input) = search.get_untracked() {
                    set_param.run(("q", input.value()));
                }
            }
        >
            <label>
                <span class=FILTER_LABEL>{move || i18n.t().property_type}</span>
                <select class=INPUT name="type" data-testid="filter-type" prop:value=query_param("type")
                    on:change=move |ev| set_param.run(("type", event_target_value(&ev)))>
                    <option value="">{move || i18n.t().filter_all}</option>
                    {enum_options(PropertyType::ALL, PropertyType::as_str, Texts::property_type, query_param("type"))}
                </select>
            </label>
            <label>
                <span class=FILTER_LABEL>{move || i18n.t().property_marketing}</span>
                <select class=INPUT name="marketing" data-testid="filter-marketing" prop:value=query_param("marketing")
                    on:change=move |ev| set_param.run(("marketing", event_target_value(&ev)))>
                    <option value="">{move || i18n.t().filter_all}</option>
                    {enum_options(MarketingType::ALL, MarketingType::as_str, Texts::marketing_type, query_param("marketing"))}
                </select>
            </label>
            <label>
                <span class=FILTER_LABEL>{move || i18n.t().property_status}</span>
                <select class=INPUT name="status" data-testid="filter-status" prop:value=query_param("status")
                    on:change=move |ev| set_param.run(("status", event_target_value(&ev)))>
                    <option value="">{move || i18n.t().filter_not_archived}</option>
                    {enum_options(PropertyStatus::ALL, PropertyStatus::as_str, Texts::property_status, query_param("status"))}
                </select>
            </label>
            {text_filter("city", "filter-city", "text", |t| t.property_city)}
            {text_filter("max_price", "filter-max-price", "number", |t| t.property_max_price)}
            <label>
                <span class=FILTER_LABEL>{move || i18n.t().search_label}</span>
                <span class="flex gap-2">
                    <input class=INPUT type="search" name="q" node_ref=search data-testid="filter-query"
                        placeholder=move || i18n.t().search
                        value=query_param("q").get_untracked() prop:value=query_param("q")
                        on:change=move |ev| set_param.run(("q", event_target_value(&ev))) />
                    <button class=BUTTON_SECONDARY type="submit" data-testid="filter-submit">
                        {move || i18n.t().search_button}
                    </button>
                </span>
            </label>
        </form>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match properties.await {
                    Err(error) => view! { <ErrorBox error /> }.into_any(),
                    Ok(page) => {
                        let (items, total, has_next) = (page.items, page.total, page.has_next);
                        let last = items.last().map(|p| p.id.0);
                        view! {
                            <p class="mb-2 text-sm text-slate-500" data-testid="property-total">
                                {total} " " {move || i18n.t().total}
                            </p>
                            {if items.is_empty() {
                                view! { <EmptyState text=move || i18n.t().properties_empty /> }.into_any()
                            } else {
                                view! {
                                    <ul class="grid gap-4 sm:grid-cols-2 xl:grid-cols-3" data-testid="property-list">
                                        {items.into_iter().map(|property| view! { <PropertyCard property /> }).collect_view()}
                                    </ul>
                                }
                                .into_any()
                            }}
                            <Pager cursors has_next last />
                        }
                        .into_any()
                    }
                }
            })}
        </Transition>
    }
}

#[component]
fn PropertyCard(property: Property) -> impl IntoView {
    let i18n = use_i18n();
    let href = format!("/properties/{}", property.id);
    let row_id = property.id.to_string();
    let (kind, marketing, status) = (property.property_type, property.marketing_type, property.status);
    let locale = move || i18n.locale.get();
    let rooms = property.rooms;
    let area = property.living_area;
    let price = {
        let p = property.clone();
        move || price_text(i18n.t(), &p)
    };
    let address = address_text(&property);
    view! {
        <li class=format!("{CARD} flex flex-col gap-2") data-testid="property-card" data-id=row_id>
            <div class="flex items-start justify-between gap-2">
                <A href=href attr:class="font-semibold text-sky-900 hover:underline" attr:data-testid="property-link">
                    {property.title}
                </A>
                <PropertyStatusBadge status />
            </div>
            <p class="text-xs text-slate-500">
                {move || format!("{} · {}", i18n.t().property_type(kind), i18n.t().marketing_type(marketing))}
                {property.reference.map(|r| format!(" · {r}"))}
            </p>
            <p class="text-lg font-semibold" data-testid="property-price">{price}</p>
            <dl class="grid grid-cols-2 gap-2 text-sm">
                <Fact label=move || i18n.t().property_rooms>
                    {move || rooms.map(|r| format_decimal(r, locale())).unwrap_or_else(|| i18n.t().none.to_owned())}
                </Fact>
                <Fact label=move || i18n.t().property_living_area_short>
                    {move || area.map(|a| format!("{} m²", format_decimal(a, locale()))).unwrap_or_else(|| i18n.t().none.to_owned())}
                </Fact>
            </dl>
            <p class="mt-auto text-sm text-slate-600" data-testid="property-city">{address}</p>
        </li>
    }
}

#[component]
pub fn NewPropertyPage() -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let on_saved =
        Callback::new(move |p: Property| navigate(&format!("/properties/{}", p.id), NavigateOptions::default()));
    view! {
        <PageHeader title=move || i18n.t().property_new />
        <section class=CARD>
            <PropertyForm on_saved />
        </section>
    }
}

#[component]
pub fn PropertyDetailPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get_str("id").and_then(|s| s.parse::<PropertyId>().ok())));
    let property = Resource::new(
        move || id.get(),
        |id| async move {
            match id {
                Some(id) => get_property(id).await,
                None => Err(super::not_found("not a property id")),
            }
        },
    );
    let refresh = Callback::new(move |()| property.refetch());
    view! {
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match property.await {
                    Ok(property) => view! { <PropertyView property refresh /> }.into_any(),
                    Err(e) if e.code == ErrorCode::NotFound => {
                        answer_with(&e);
                        view! {
                        <div class=CARD data-testid="not-found">
                            <p class="mb-3 text-slate-700">{move || i18n.t().property_not_found}</p>
                            <A href="/properties" attr:class="text-sm text-sky-800 hover:underline">
                                {move || i18n.t().back_to_properties}
                            </A>
                        </div>
                    }
                    .into_any()
                    }
                    Err(error) => view! { <ErrorBox error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn PropertyView(property: Property, refresh: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let id = property.id;
    let editing = RwSignal::new(false);
    let archive = Action::new(move |_: &()| async move {
        let archived = archive_property(id).await;
        if archived.is_ok() {
            refresh.run(());
        }
        archived
    });
    let archive_error = failure(archive.value());
    let saved = Callback::new(move |_: Property| {
        editing.set(false);
        refresh.run(());
    });
    let cancel = Callback::new(move |()| editing.set(false));
    let archived = property.status == PropertyStatus::Archived;
    let form_property = property.clone();
    view! {
        <PageHeader title=property.title.clone()>
            <PropertyStatusBadge status=property.status />
            <Show when=move || !editing.get()>
                <button class=BUTTON_SECONDARY type="button" data-testid="edit-property" on:click=move |_| editing.set(true)>
                    {move || i18n.t().edit}
                </button>
            </Show>
            {(!archived).then(|| view! {
                <button class=BUTTON_SECONDARY type="button" data-testid="archive-property"
                    disabled=move || archive.pending().get()
                    on:click=move |_| {
                        if confirm(i18n.t().property_archive_confirm) {
                            archive.dispatch(());
                        }
                    }>
                    {move || i18n.t().property_archive}
                </button>
            })}
        </PageHeader>
        {move || archive_error.get().map(|error| view! { <div class="mb-4"><ErrorBox error /></div> })}
        <div class="grid gap-6 lg:grid-cols-3">
            <div class="space-y-6 lg:col-span-2">
                <Show
                    when=move || editing.get()
                    fallback={
                        let property = property.clone();
                        move || view! { <PropertyFacts property=property.clone() /> }
                    }
                >
                    <section class=CARD>
                        <h2 class="mb-4 text-lg font-semibold">{move || i18n.t().property_edit}</h2>
                        <PropertyForm property=form_property.clone() on_saved=saved on_cancel=cancel />
                    </section>
                </Show>
            </div>
            <PropertyLeads id />
        </div>
    }
}

#[component]
fn PropertyFacts(property: Property) -> impl IntoView {
    let i18n = use_i18n();
    let locale = move || i18n.locale.get();
    let none = move || i18n.t().none.to_owned();
    let (kind, marketing, country) = (property.property_type, property.marketing_type, property.country);
    let (rooms, living, plot) = (property.rooms, property.living_area, property.plot_area);
    let (year, certificate, energy) = (property.year_built, property.energy_certificate_type, property.energy_value);
    let (created, updated) = (property.created_at, property.updated_at);
    let price = {
        let p = property.clone();
        move || price_text(i18n.t(), &p)
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
                <Fact label=move || i18n.t().property_reference>{reference}</Fact>
                <Fact label=move || i18n.t().property_type>{move || i18n.t().property_type(kind)}</Fact>
                <Fact label=move || i18n.t().property_marketing>{move || i18n.t().marketing_type(marketing)}</Fact>
                <Fact label=move || i18n.t().property_address>{address}</Fact>
                <Fact label=move || i18n.t().property_country>{move || i18n.t().country(country)}</Fact>
                <Fact label=move || i18n.t().property_rooms>
                    {move || rooms.map(|r| format_decimal(r, locale())).unwrap_or_else(none)}
                </Fact>
                <Fact label=move || i18n.t().property_living_area>
                    {move || living.map(|a| format_decimal(a, locale())).unwrap_or_else(none)}
                </Fact>
                <Fact label=move || i18n.t().property_plot_area>
                    {move || plot.map(|a| format_decimal(a, locale())).unwrap_or_else(none)}
                </Fact>
                <Fact label=move || i18n.t().property_year_built>
                    {move || year.map(|y| y.to_string()).unwrap_or_else(none)}
                </Fact>
                <Fact label=move || i18n.t().property_energy_certificate>
                    {move || certificate.map(|c| i18n.t().energy_certificate_type(c).to_owned()).unwrap_or_else(none)}
                </Fact>
                <Fact label=move || i18n.t().property_energy_value>
                    {move || energy.map(|e| format_decimal(e, locale())).unwrap_or_else(none)}
                </Fact>
                <Fact label=move || i18n.t().property_energy_class>{energy_class}</Fact>
                <Fact label=move || i18n.t().property_heating>{heating}</Fact>
                <Fact label=move || i18n.t().created_at>{move || format_date_time(created, i18n.t())}</Fact>
                <Fact label=move || i18n.t().updated_at>{move || format_date_time(updated, i18n.t())}</Fact>
            </dl>
            {(!features.is_empty()).then(|| view! {
                <div class="mt-5 border-t border-slate-100 pt-4">
                    <h2 class="mb-2 text-xs font-medium uppercase tracking-wide text-slate-500">
                        {move || i18n.t().property_features_title}
                    </h2>
                    <ul class="flex flex-wrap gap-2" data-testid="property-features">
                        {features
                            .into_iter()
                            .map(|f| view! { <li class="rounded-full bg-slate-100 px-3 py-1 text-xs text-slate-700">{f}</li> })
                            .collect_view()}
                    </ul>
                </div>
            })}
            {description.map(|d| view! {
                <div class="mt-5 border-t border-slate-100 pt-4">
                    <h2 class="mb-2 text-xs font-medium uppercase tracking-wide text-slate-500">
                        {move || i18n.t().property_description}
                    </h2>
                    <p class="whitespace-pre-line text-sm text-slate-800" data-testid="property-description">{d}</p>
                </div>
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
            <h2 class="mb-3 text-lg font-semibold">{move || i18n.t().property_leads}</h2>
            {move || match leads.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(error)) => view! { <ErrorBox error /> }.into_any(),
                Some(Ok(page)) if page.items.is_empty() => {
                    view! { <p class="text-sm text-slate-500">{move || i18n.t().leads_empty}</p> }.into_any()
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
                            {total} " " {move || i18n.t().total}
                        </p>
                    }
                    .into_any()
                }
            }}
        </section>
    }
}

/// The form for a new property, or for changing `property`. The price is typed in euros and sent
/// in cents; features are a comma-separated list.
#[component]
fn PropertyForm(
    #[prop(optional)] property: Option<Property>,
    on_saved: Callback<Property>,
    /// Where "cancel" goes when editing; a new property's form links to the list instead.
    #[prop(optional)]
    on_cancel: Option<Callback<()>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let p = property.as_ref();
    let id = p.map(|p| p.id);
    let text = |v: Option<&String>| RwSignal::new(v.cloned().unwrap_or_default());
    let number = |v: Option<String>| RwSignal::new(v.unwrap_or_default());
    let code = |v: Option<&'static str>| RwSignal::new(v.unwrap_or_default().to_owned());

    let title = text(p.map(|p| &p.title));
    let reference = text(p.and_then(|p| p.reference.as_ref()));
    let kind = code(p.map(|p| p.property_type.as_str()));
    let marketing = code(p.map(|p| p.marketing_type.as_str()));
    let status = code(Some(p.map_or(PropertyStatus::Draft, |p| p.status).as_str()));
    let street = text(p.and_then(|p| p.street.as_ref()));
    let house_number = text(p.and_then(|p| p.house_number.as_ref()));
    let postcode = text(p.and_then(|p| p.postcode.as_ref()));
    let city = text(p.map(|p| &p.city));
    let country = code(p.map(|p| p.country.as_str()));
    // Euros with cents only where there are some: 489000 or 1250.5.
    let price = number(p.and_then(|p| p.price_cents).map(|c| format_decimal(c as f64 / 100.0, Locale::En)));
    let rooms = number(p.and_then(|p| p.rooms).map(|v| v.to_string()));
    let living_area = number(p.and_then(|p| p.living_area).map(|v| v.to_string()));
    let plot_area = number(p.and_then(|p| p.plot_area).map(|v| v.to_string()));
    let year_built = number(p.and_then(|p| p.year_built).map(|v| v.to_string()));
    let certificate = code(p.and_then(|p| p.energy_certificate_type).map(EnergyCertificateType::as_str));
    let energy_value = number(p.and_then(|p| p.energy_value).map(|v| v.to_string()));
    let energy_class = text(p.and_then(|p| p.energy_class.as_ref()));
    let heating = text(p.and_then(|p| p.heating_type.as_ref()));
    let description = text(p.and_then(|p| p.description.as_ref()));
    let features = RwSignal::new(p.map(|p| p.features.join(", ")).unwrap_or_default());

    let save = Action::new(move |input: &PropertyInput| {
        let input = input.clone();
        async move {
            match id {
                Some(id) => update_property(id, input).await,
                None => create_property(input).await,
            }
        }
    });
    let errors = FormErrors::new(failure(save.value())).on_conflict(|t| t.property_reference_taken);
    Effect::new(move |_| {
        if let Some(Ok(property)) = save.value().get() {
            on_saved.run(property);
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut found = Vec::new();
        let price_euros: Option<f64> = parse_number("price", &price.get_untracked(), &mut found);
        let input = PropertyInput {
            reference: non_empty(&reference.get_untracked()),
            title: non_empty(&title.get_untracked()),
            property_type: kind.get_untracked().parse().ok(),
            marketing_type: marketing.get_untracked().parse().ok(),
            status: status.get_untracked().parse().ok(),
            street: non_empty(&street.get_untracked()),
            house_number: non_empty(&house_number.get_untracked()),
            postcode: non_empty(&postcode.get_untracked()),
            city: non_empty(&city.get_untracked()),
            country: country.get_untracked().parse().ok(),
            price_cents: price_euros.map(|e| (e * 100.0).round() as i64),
            rooms: parse_number("rooms", &rooms.get_untracked(), &mut found),
            living_area: parse_number("living_area", &living_area.get_untracked(), &mut found),
            plot_area: parse_number("plot_area", &plot_area.get_untracked(), &mut found),
            year_built: parse_number("year_built", &year_built.get_untracked(), &mut found),
            energy_certificate_type: certificate.get_untracked().parse().ok(),
            energy_value: parse_number("energy_value", &energy_value.get_untracked(), &mut found),
            energy_class: non_empty(&energy_class.get_untracked()),
            heating_type: non_empty(&heating.get_untracked()),
            description: non_empty(&description.get_untracked()),
            // Always sent, so that emptying the list clears it.
            features: Some(features.get_untracked().split(',').filter_map(non_empty).collect()),
            external_ids: None,
        };
        if errors.check(found) {
            save.dispatch(input);
        }
    };
    let creating = id.is_none();
    let text_input = move |name: &'static str, label: fn(&Texts) -> &'static str, value: RwSignal<String>| {
        view! {
            <Field label=i18n.signal(label) name error=errors.field(name)>
                <input class=INPUT name=name value=value.get_untracked() bind:value=value />
            </Field>
        }
    };
    let number_input =
        move |name: &'static str, label: fn(&Texts) -> &'static str, value: RwSignal<String>, step: &'static str| {
            view! {
                <Field label=i18n.signal(label) name error=errors.field(name)>
                    <input class=INPUT type="number" name=name step=step min="0" inputmode="decimal"
                        value=value.get_untracked() bind:value=value />
                </Field>
            }
        };
    let section = "sm:col-span-2 lg:col-span-3 border-t border-slate-100 pt-4 text-sm font-semibold uppercase tracking-wide text-slate-500";

    view! {
        <form class="grid gap-4 sm:grid-cols-2 lg:grid-cols-3" on:submit=submit novalidate data-testid="property-form">
            <div class="sm:col-span-2">
                {text_input("title", |t| t.property_title, title)}
            </div>
            {text_input("reference", |t| t.property_reference, reference)}
            <Field label=i18n.signal(|t| t.property_type) name="property_type" error=errors.field("property_type")>
                <select class=INPUT name="property_type" prop:value=kind on:change=move |ev| kind.set(event_target_value(&ev))>
                    {creating.then(|| view! { <option value="">{move || i18n.t().please_choose}</option> })}
                    {enum_options(PropertyType::ALL, PropertyType::as_str, Texts::property_type, kind.into())}
                </select>
            </Field>
            <Field label=i18n.signal(|t| t.property_marketing) name="marketing_type" error=errors.field("marketing_type")>
                <select class=INPUT name="marketing_type" prop:value=marketing
                    on:change=move |ev| marketing.set(event_target_value(&ev))>
                    {creating.then(|| view! { <option value="">{move || i18n.t().please_choose}</option> })}
                    {enum_options(MarketingType::ALL, MarketingType::as_str, Texts::marketing_type, marketing.into())}
                </select>
            </Field>
            <Field label=i18n.signal(|t| t.property_status) name="status" error=errors.field("status")>
                <select class=INPUT name="status" prop:value=status on:change=move |ev| status.set(event_target_value(&ev))>
                    {enum_options(PropertyStatus::ALL, PropertyStatus::as_str, Texts::property_status, status.into())}
                </select>
            </Field>

            <h3 class=section>{move || i18n.t().property_section_address}</h3>
            <div class="sm:col-span-2">{text_input("street", |t| t.property_street, street)}</div>
            {text_input("house_number", |t| t.property_house_number, house_number)}
            <Field label=i18n.signal(|t| t.property_postcode) name="postcode" error=errors.field("postcode")>
                <input class=INPUT name="postcode" inputmode="numeric" autocomplete="postal-code"
                    value=postcode.get_untracked() bind:value=postcode />
            </Field>
            {text_input("city", |t| t.property_city, city)}
            <Field label=i18n.signal(|t| t.property_country) name="country" error=errors.field("country")>
                <select class=INPUT name="country" prop:value=country on:change=move |ev| country.set(event_target_value(&ev))>
                    {creating.then(|| view! { <option value="">{move || i18n.t().country_of_office}</option> })}
                    {enum_options(Country::ALL, Country::as_str, Texts::country, country.into())}
                </select>
            </Field>

            <h3 class=section>{move || i18n.t().property_section_facts}</h3>
            {number_input("price", |t| t.property_price, price, "0.01")}
            {number_input("rooms", |t| t.property_rooms, rooms, "0.5")}
            {number_input("living_area", |t| t.property_living_area, living_area, "0.01")}
            {number_input("plot_area", |t| t.property_plot_area, plot_area, "0.01")}
            {number_input("year_built", |t| t.property_year_built, year_built, "1")}
            {text_input("heating_type", |t| t.property_heating, heating)}

            <h3 class=section>{move || i18n.t().property_section_energy}</h3>
            <Field label=i18n.signal(|t| t.property_energy_certificate) name="energy_certificate_type"
                error=errors.field("energy_certificate_type")>
                <select class=INPUT name="energy_certificate_type" prop:value=certificate
                    on:change=move |ev| certificate.set(event_target_value(&ev))>
                    <option value="">{move || i18n.t().none}</option>
                    {enum_options(EnergyCertificateType::ALL, EnergyCertificateType::as_str, Texts::energy_certificate_type, certificate.into())}
                </select>
            </Field>
            {number_input("energy_value", |t| t.property_energy_value, energy_value, "0.1")}
            <Field label=i18n.signal(|t| t.property_energy_class) name="energy_class" error=errors.field("energy_class")>
                <select class=INPUT name="energy_class" prop:value=energy_class
                    on:change=move |ev| energy_class.set(event_target_value(&ev))>
                    <option value="">{move || i18n.t().none}</option>
                    {ENERGY_CLASSES
                        .into_iter()
                        .map(|c| view! { <option value=c selected=move || energy_class.with(|v| v == c)>{c}</option> })
                        .collect_view()}
                </select>
            </Field>

            <h3 class=section>{move || i18n.t().property_section_description}</h3>
            <div class="sm:col-span-2 lg:col-span-3">
                <Field label=i18n.signal(|t| t.property_description) name="description" error=errors.field("description")>
                    <textarea class=INPUT name="description" rows="6" bind:value=description>
                        {description.get_untracked()}
                    </textarea>
                </Field>
            </div>
            <div class="sm:col-span-2 lg:col-span-3">
                <Field label=i18n.signal(|t| t.property_features) name="features" error=errors.field("features")>
                    <input class=INPUT name="features" value=features.get_untracked() bind:value=features
                        placeholder=move || i18n.t().property_features_placeholder />
                </Field>
            </div>

            <div class="flex flex-wrap items-center gap-3 sm:col-span-2 lg:col-span-3">
                <button class=BUTTON type="submit" data-testid="property-submit" disabled=move || save.pending().get()>
                    {move || if creating { i18n.t().create } else { i18n.t().save }}
                </button>
                {match on_cancel {
                    Some(cancel) => view! {
                        <button class=BUTTON_SECONDARY type="button" data-testid="property-cancel"
                            on:click=move |_| cancel.run(())>
                            {move || i18n.t().cancel}
                        </button>
                    }
                    .into_any(),
                    None => view! {
                        <A href="/properties" attr:class=BUTTON_SECONDARY attr:data-testid="property-cancel">
                            {move || i18n.t().cancel}
                        </A>
                    }
                    .into_any(),
                }}
                <FormAlert errors />
            </div>
        </form>
    }
}
