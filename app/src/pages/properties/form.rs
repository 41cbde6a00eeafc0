//! The form for a new or changed property, and the page for a new one.

use leptos::prelude::*;

use crate::api::{create_property, update_property};
use crate::components::{
    Field, INPUT, NewRecordPage, RecordFormRow, SelectField, non_empty, parse_number, save_action,
};
use crate::i18n::{Texts, use_i18n};
use model::{
    Country, EnergyCertificateType, MarketingType, Money, Property, PropertyInput, PropertyStatus, PropertyType,
};

const ENERGY_CLASSES: [&str; 9] = ["A+", "A", "B", "C", "D", "E", "F", "G", "H"];

#[component]
pub fn NewPropertyPage() -> impl IntoView {
    view! {
        <NewRecordPage title=|t| t.properties.new list="/properties" id=|saved: &Property| saved.id.to_string()
            form=|on_saved| view! { <PropertyForm on_saved /> } />
    }
}

/// The form for a new property, or for changing `property`. The price is typed in euros and sent
/// in cents; features are a comma-separated list.
#[component]
pub(super) fn PropertyForm(
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
    let price = number(p.and_then(|p| p.price_cents).map(Money::plain));
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

    let (save, errors) = save_action(id, create_property, update_property, on_saved);
    let errors = errors.on_conflict(|t| t.properties.reference_taken);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut found = Vec::new();
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
            price_cents: parse_number("price", &price.get_untracked(), &mut found),
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
    // A new property's selects start empty, asking for a choice.
    let blank = move |text: fn(&Texts) -> &'static str| {
        creating.then(|| view! { <option value="">{move || text(i18n.t())}</option> })
    };
    let section = "sm:col-span-2 lg:col-span-3 border-t border-slate-100 pt-4 text-sm font-semibold uppercase tracking-wide text-slate-500";

    view! {
        <form class="grid gap-4 sm:grid-cols-2 lg:grid-cols-3" on:submit=submit novalidate data-testid="property-form">
            <div class="sm:col-span-2">
                {text_input("title", |t| t.properties.title_field, title)}
            </div>
            {text_input("reference", |t| t.properties.reference, reference)}
            <SelectField label=|t| t.properties.kind name="property_type" errors value=kind
                all=PropertyType::ALL code=PropertyType::as_str option=|t, v| t.properties.kind(v)>
                {blank(|t| t.common.please_choose)}
            </SelectField>
            <SelectField label=|t| t.properties.marketing name="marketing_type" errors value=marketing
                all=MarketingType::ALL code=MarketingType::as_str option=|t, v| t.properties.marketing(v)>
                {blank(|t| t.common.please_choose)}
            </SelectField>
            <SelectField label=|t| t.properties.status name="status" errors value=status
                all=PropertyStatus::ALL code=PropertyStatus::as_str option=|t, v| t.properties.status(v) />

            <h3 class=section>{move || i18n.t().properties.section_address}</h3>
            <div class="sm:col-span-2">{text_input("street", |t| t.properties.street, street)}</div>
            {text_input("house_number", |t| t.properties.house_number, house_number)}
            <Field label=i18n.signal(|t| t.properties.postcode) name="postcode" error=errors.field("postcode")>
                <input class=INPUT name="postcode" inputmode="numeric" autocomplete="postal-code"
                    value=postcode.get_untracked() bind:value=postcode />
            </Field>
            {text_input("city", |t| t.properties.city, city)}
            <SelectField label=|t| t.properties.country name="country" errors value=country
                all=Country::ALL code=Country::as_str option=|t, v| t.properties.country(v)>
                {blank(|t| t.properties.country_of_office)}
            </SelectField>

            <h3 class=section>{move || i18n.t().properties.section_facts}</h3>
            <Field label=i18n.signal(|t| t.properties.price) name="price" error=errors.field("price")
                unit=i18n.currency_symbol()>
                <input class=INPUT type="number" name="price" step="0.01" min="0" inputmode="decimal"
                    value=price.get_untracked() bind:value=price />
            </Field>
            {number_input("rooms", |t| t.properties.rooms, rooms, "0.5")}
            {number_input("living_area", |t| t.properties.living_area, living_area, "0.01")}
            {number_input("plot_area", |t| t.properties.plot_area, plot_area, "0.01")}
            {number_input("year_built", |t| t.properties.year_built, year_built, "1")}
            {text_input("heating_type", |t| t.properties.heating, heating)}

            <h3 class=section>{move || i18n.t().properties.section_energy}</h3>
            <SelectField label=|t| t.properties.energy_certificate name="energy_certificate_type" errors value=certificate
                all=EnergyCertificateType::ALL code=EnergyCertificateType::as_str option=|t, v| t.properties.energy_certificate(v)>
                <option value="">{move || i18n.t().common.none}</option>
            </SelectField>
            {number_input("energy_value", |t| t.properties.energy_value, energy_value, "0.1")}
            <Field label=i18n.signal(|t| t.properties.energy_class) name="energy_class" error=errors.field("energy_class")>
                <select class=INPUT name="energy_class" prop:value=energy_class
                    on:change=move |ev| energy_class.set(event_target_value(&ev))>
                    <option value="">{move || i18n.t().common.none}</option>
                    {ENERGY_CLASSES
                        .into_iter()
                        .map(|c| view! { <option value=c selected=move || energy_class.with(|v| v == c)>{c}</option> })
                        .collect_view()}
                </select>
            </Field>

            <h3 class=section>{move || i18n.t().properties.section_description}</h3>
            <div class="sm:col-span-2 lg:col-span-3">
                <Field label=i18n.signal(|t| t.properties.description) name="description" error=errors.field("description")>
                    <textarea class=INPUT name="description" rows="6" bind:value=description>
                        {description.get_untracked()}
                    </textarea>
                </Field>
            </div>
            <div class="sm:col-span-2 lg:col-span-3">
                <Field label=i18n.signal(|t| t.properties.features) name="features" error=errors.field("features")>
                    <input class=INPUT name="features" value=features.get_untracked() bind:value=features
                        placeholder=move || i18n.t().properties.features_placeholder />
                </Field>
            </div>

            <RecordFormRow save errors creating on_cancel list="/properties" testid="property"
                class="flex flex-wrap items-center gap-3 sm:col-span-2 lg:col-span-3" />
        </form>
    }
}
