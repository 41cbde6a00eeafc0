//! ImmoScout24 Switzerland: a different company's portal from the German ImmobilienScout24, with
//! its own ids ("Inserat-ID") and Swiss spelling.

use crate::intake::parse::portals::Layout;

pub(super) const DOMAINS: &[&str] = &["immoscout24.ch"];

pub(super) fn is_forwarded(body: &str) -> bool {
    body.contains("immoscout24.ch")
}

pub(super) const LAYOUT: Layout = Layout {
    salutation: &["Anrede"],
    first_name: &["Vorname"],
    last_name: &["Nachname"],
    full_name: &["Name", "Absender"],
    email: &["E-Mail"],
    phone: &["Telefon", "Telefonnummer", "Mobile"],
    street: &["Strasse", "Strasse/Nr."],
    postcode_city: &["PLZ/Ort", "PLZ / Ort"],
    message: &["Mitteilung", "Nachricht"],
    listing_id: &["Inserat-ID", "ImmoScout24-ID", "Inserate-Nr."],
    object_number: &["Objekt-Referenz", "Ihre Referenz", "Referenz"],
    viewing_fields: &["Besichtigung gewünscht", "Besichtigungstermin gewünscht"],
    viewing_phrases: &["möchte das objekt besichtigen"],
    other_labels: &["Inserat", "Objekt", "Kontaktangaben", "Bevorzugte Kontaktart"],
    stops: &["Freundliche Grüsse", "Ihr ImmoScout24-Team", "Anfrage im"],
    contact_link: &["immoscout24.ch/de/anbieter/", "immoscout24.ch/anbieter/"],
    listing_link: &["immoscout24.ch/de/d/", "immoscout24.ch/fr/d/", "immoscout24.ch/it/d/", "immoscout24.ch/en/d/"],
    ..Layout::EMPTY
};
