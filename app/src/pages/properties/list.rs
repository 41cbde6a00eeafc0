//! The property list: filters from the URL, the cards, and keyset paging.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::params::ParamsMap;

use super::{PropertyStatusBadge, address_text, price_text};
use crate::api::list_properties;
use crate::components::{
    BUTTON, CARD, Fact, FilterBar, FilterInput, FilterSelect, PageHeader, PagedList, format_decimal, non_empty,
};
use crate::i18n::use_i18n;
use model::{MarketingType, Property, PropertyFilter, PropertyStatus, PropertyType};

const PAGE_SIZE: u64 = 24;

/// The filter the URL asks for: `/properties?type=HOUSE&marketing=BUY&city=Graz&max_price=500000`.
/// The maximum price is in whole euros there, in cents in the filter.
fn filter_from(query: &ParamsMap) -> PropertyFilter {
    PropertyFilter {
        property_type: query.get_str("type").and_then(|s| s.parse().ok()),
        marketing_type: query.get_str("marketing").and_then(|s| s.parse().ok()),
        status: query.get_str("status").and_then(|s| s.parse().ok()),
        city: query.get_str("city").and_then(non_empty),
        max_price_cents: query.get_str("max_price").and_then(|s| s.parse().ok()),
        query: query.get_str("q").and_then(non_empty),
        ..PropertyFilter::default()
    }
}

#[component]
pub fn PropertiesPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageHeader title=move || i18n.t().properties.title>
            <A href="/properties/new" attr:class=BUTTON attr:data-testid="new-property">{move || i18n.t().properties.new}</A>
        </PageHeader>
        <FilterBar path="/properties" class="mb-6 grid gap-3 sm:grid-cols-2 lg:grid-cols-3 xl:grid-cols-6">
            <FilterSelect key="type" testid="filter-type" label=|t| t.properties.kind any=|t| t.common.filter_all
                all=PropertyType::ALL code=PropertyType::as_str name=|t, v| t.properties.kind(v) />
            <FilterSelect key="marketing" testid="filter-marketing" label=|t| t.properties.marketing
                any=|t| t.common.filter_all all=MarketingType::ALL code=MarketingType::as_str
                name=|t, v| t.properties.marketing(v) />
            <FilterSelect key="status" testid="filter-status" label=|t| t.properties.status
                any=|t| t.properties.filter_not_archived all=PropertyStatus::ALL code=PropertyStatus::as_str
                name=|t, v| t.properties.status(v) />
            <FilterInput key="city" testid="filter-city" label=|t| t.properties.city />
            <FilterInput key="max_price" testid="filter-max-price" label=|t| t.properties.max_price kind="number"
                unit=i18n.currency_symbol() />
        </FilterBar>
        <PagedList filter_from load=list_properties page_size=PAGE_SIZE total_testid="property-total"
            empty=|t| t.properties.empty id=|p: &Property| p.id.0
            items=|properties| view! {
                <ul class="grid gap-4 sm:grid-cols-2 xl:grid-cols-3" data-testid="property-list">
                    {properties.into_iter().map(|property| view! { <PropertyCard property /> }).collect_view()}
                </ul>
            } />
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
        move || price_text(i18n, &p)
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
                {move || format!("{} · {}", i18n.t().properties.kind(kind), i18n.t().properties.marketing(marketing))}
                {property.reference.map(|r| format!(" · {r}"))}
            </p>
            <p class="text-lg font-semibold" data-testid="property-price">{price}</p>
            <dl class="grid grid-cols-2 gap-2 text-sm">
                <Fact label=move || i18n.t().properties.rooms>
                    {move || rooms.map(|r| format_decimal(r, locale())).unwrap_or_else(|| i18n.t().common.none.to_owned())}
                </Fact>
                <Fact label=move || i18n.t().properties.living_area_short>
                    {move || area.map(|a| format!("{} m²", format_decimal(a, locale()))).unwrap_or_else(|| i18n.t().common.none.to_owned())}
                </Fact>
            </dl>
            <p class="mt-auto text-sm text-slate-600" data-testid="property-city">{address}</p>
        </li>
    }
}
