//! Properties (Objekte): the list, one property's page, and the form.

mod detail;
mod form;
mod list;

pub use detail::PropertyDetailPage;
pub use form::NewPropertyPage;
pub use list::PropertiesPage;

use leptos::prelude::*;

use crate::i18n::{I18n, use_i18n};
use model::{MarketingType, Property, PropertyStatus};

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
            {move || i18n.t().properties.status(status)}
        </span>
    }
}

/// "489.000 €", or "1.250 € / Monat" for rent.
fn price_text(i18n: I18n, p: &Property) -> String {
    let t = i18n.t();
    match (p.price_cents, p.marketing_type) {
        (None, _) => t.properties.price_on_request.to_owned(),
        (Some(price), MarketingType::Buy) => i18n.money(price),
        (Some(price), MarketingType::Rent) => format!("{} {}", i18n.money(price), t.properties.per_month),
    }
}

fn address_text(p: &Property) -> String {
    let street = [p.street.as_deref(), p.house_number.as_deref()].into_iter().flatten().collect::<Vec<_>>().join(" ");
    let town = [p.postcode.as_deref(), Some(p.city.as_str())].into_iter().flatten().collect::<Vec<_>>().join(" ");
    [street, town].into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join(", ")
}
