//! willhaben (Austria): "Anfrage zu Ihrer Anzeige" mails; the interested party ticks preset
//! options ("Ich möchte das Objekt besichtigen") besides writing a message.

use crate::intake::parse::portals::Layout;

pub(super) const DOMAINS: &[&str] = &["willhaben.at"];

pub(super) fn is_forwarded(body: &str) -> bool {
    body.contains("willhaben-code") || body.contains("willhaben.at")
}

pub(super) const LAYOUT: Layout = Layout {
    salutation: &["Anrede"],
    first_name: &["Vorname"],
    last_name: &["Nachname"],
    full_name: &["Name"],
    email: &["E-Mail", "E-Mail-Adresse"],
    phone: &["Telefon", "Telefonnummer"],
    street: &["Straße", "Adresse"],
    postcode_city: &["PLZ/Ort", "PLZ / Ort"],
    message: &["Nachricht", "Ihre Nachricht"],
    listing_id: &["willhaben-Code", "willhaben Code", "Anzeigen-Code"],
    object_number: &["Ihre Objektnummer", "Objektnummer", "Objekt-Nr."],
    viewing_phrases: &["ich möchte das objekt besichtigen", "ich möchte einen besichtigungstermin vereinbaren"],
    other_labels: &["Anzeige", "Ausgewählte Optionen", "Anfrage von", "Der Interessent wünscht"],
    stops: &["Ihr willhaben-Team", "Ihr willhaben Team", "Anfrage ansehen", "Zur Anfrage"],
    contact_link: &["willhaben.at/iad/myprofile/", "willhaben.at/iad/anbieter/"],
    ..Layout::EMPTY
};
