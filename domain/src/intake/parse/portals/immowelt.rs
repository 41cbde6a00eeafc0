//! immowelt and immonet (Germany, one company since 2015; immonet mails still carry their own
//! brand and labels, both land in immowelt's provider area).

use crate::intake::parse::portals::Layout;

pub(super) const DOMAINS: &[&str] = &["immowelt.de", "immowelt.at", "immowelt.ch", "immonet.de"];

pub(super) fn is_forwarded(body: &str) -> bool {
    body.contains("immowelt.de") || body.contains("immonet.de") || body.contains("immonet-nr")
}

pub(super) const LAYOUT: Layout = Layout {
    salutation: &["Anrede"],
    first_name: &["Vorname"],
    last_name: &["Nachname"],
    full_name: &["Name", "Interessent"],
    email: &["E-Mail", "E-Mail-Adresse"],
    phone: &["Telefon", "Telefonnummer", "Tel."],
    street: &["Straße", "Straße, Nr.", "Straße/Hausnr."],
    postcode_city: &["PLZ, Ort", "PLZ/Ort", "PLZ / Ort"],
    message: &[
        "Nachricht",
        "Ihre Nachricht",
        "Nachricht an den Anbieter",
        "Nachricht des Interessenten",
        "Nachricht der Interessentin",
        "Anfragetext",
    ],
    listing_id: &["Online-ID", "immowelt-ID", "Immonet-Nr.", "Immonet-ID"],
    object_number: &["Ihre Objektnummer", "Ihre Objekt-Nr.", "Objekt-Nr.", "Objektnummer", "Anbieter-Objekt-ID"],
    viewing_fields: &["Besichtigungswunsch", "Besichtigung gewünscht"],
    viewing_phrases: &["ich möchte das objekt besichtigen", "der interessent möchte das objekt besichtigen"],
    other_labels: &["Objekt", "Objektadresse", "Angebot", "Kontaktdaten", "Erreichbarkeit"],
    stops: &["Ihr immowelt-Team", "Ihr Immonet-Team", "Ihr immowelt Team", "Anfrage im Anbieterbereich"],
    contact_link: &["immowelt.de/anbieterbereich/", "immonet.de/anbieter/"],
    ..Layout::EMPTY
};
