//! ImmobilienScout24 (Germany): "Kontaktanfrage" mails from the Scout-Manager, plain text and HTML.

use crate::intake::parse::portals::Layout;

pub(super) const DOMAINS: &[&str] = &["immobilienscout24.de", "is24.de", "immoscout24.de"];

pub(super) fn is_forwarded(body: &str) -> bool {
    body.contains("scout-id") || body.contains("immobilienscout24.de")
}

pub(super) const LAYOUT: Layout = Layout {
    salutation: &["Anrede"],
    first_name: &["Vorname"],
    last_name: &["Nachname"],
    full_name: &["Name"],
    email: &["E-Mail", "E-Mail-Adresse"],
    phone: &["Telefon", "Telefonnummer", "Tel."],
    street: &["Straße/Nr.", "Straße / Nr.", "Straße", "Straße und Hausnummer"],
    postcode_city: &["PLZ/Ort", "PLZ / Ort"],
    message: &[
        "Nachricht",
        "Nachricht des Interessenten",
        "Nachricht Ihrer Interessent",
        "Nachricht Ihres Interessenten",
        "Ihre Nachricht",
    ],
    listing_id: &["Scout-ID"],
    object_number: &["Objekt-Nr.", "Objektnummer", "Ihre Objektnummer", "Anbieter-Objekt-ID"],
    viewing_fields: &["Besichtigung gewünscht", "Besichtigungswunsch"],
    viewing_phrases: &["ich möchte das objekt besichtigen"],
    other_labels: &[
        "Objekt",
        "Adresse",
        "Kontaktdaten des Interessenten",
        "Haushaltsgröße",
        "Einzugstermin",
        "Bonitätsauskunft",
    ],
    stops: &["Ihr ImmobilienScout24-Team", "Ihr ImmoScout24-Team", "Anfrage im Anbieterbereich"],
    contact_link: &["immobilienscout24.de/anbieter/", "immobilienscout24.de/scoutmanager/"],
    ..Layout::EMPTY
};
