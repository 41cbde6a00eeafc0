//! Forms on the office's own website (WordPress Contact Form 7, exposé request forms of the
//! website builders): labelled fields, sent from the web server with the visitor in Reply-To.

use crate::intake::parse::{
    mime::Mail,
    portals::Layout,
    text::{self, Labelled},
};

const MARKERS: &[&str] = &[
    "kontaktformular",
    "anfrageformular",
    "webformular",
    "über ihre website",
    "über ihre webseite",
    "über ihre homepage",
    "über das formular",
    "exposé-anfrage über",
    // English-language office websites
    "contact form",
    "enquiry form",
    "inquiry form",
    "via your website",
    "via the website",
];

/// A marker alone would also match a person writing "Ihr Kontaktformular geht nicht", so the
/// form's e-mail field must be there too.
pub(super) fn is_form_mail(mail: &Mail, subject: &str, body: &str) -> bool {
    (text::contains_any(subject, MARKERS) || text::contains_any(body, MARKERS))
        && Labelled::new(&mail.text, LAYOUT.email).value(LAYOUT.email).is_some()
}

pub(super) const LAYOUT: Layout = Layout {
    salutation: &["Anrede"],
    first_name: &["Vorname"],
    last_name: &["Nachname"],
    full_name: &["Name", "Ihr Name", "Vor- und Nachname", "Your name", "Full name"],
    email: &["E-Mail", "E-Mail-Adresse", "Ihre E-Mail", "Ihre E-Mail-Adresse", "Email", "Email address", "Your email"],
    phone: &[
        "Telefon",
        "Telefonnummer",
        "Ihre Telefonnummer",
        "Tel.",
        "Rückrufnummer",
        "Phone",
        "Phone number",
        "Telephone",
    ],
    street: &["Straße", "Straße/Nr.", "Straße und Hausnummer"],
    postcode_city: &["PLZ/Ort", "PLZ / Ort", "PLZ und Ort"],
    postcode: &["PLZ", "Postleitzahl"],
    city: &["Ort", "Wohnort"],
    message: &["Nachricht", "Ihre Nachricht", "Mitteilung", "Anfrage", "Message", "Your message"],
    object_number: &["Objektnummer", "Objekt-Nr.", "Objekt-ID", "Ihre Referenz", "Property reference", "Reference"],
    viewing_fields: &["Besichtigung gewünscht", "Besichtigungstermin gewünscht", "Besichtigungswunsch"],
    viewing_phrases: &["ich möchte das objekt besichtigen"],
    other_labels: &[
        "Betreff",
        "Objekt",
        "Datenschutz",
        "Einwilligung",
        "Rückruf gewünscht",
        "Gesendet am",
        "Subject",
        "Consent",
    ],
    stops: &[
        "-- ",
        "--",
        "Diese E-Mail wurde von einem Kontaktformular",
        "Diese Nachricht wurde über",
        "This e-mail was sent from",
        "This email was sent from",
    ],
    ..Layout::EMPTY
};
