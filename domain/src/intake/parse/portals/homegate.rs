//! Homegate (Switzerland): contact requests in German or French; Swiss spelling ("Strasse").

use crate::intake::parse::portals::Layout;

pub(super) const DOMAINS: &[&str] = &["homegate.ch"];

pub(super) fn is_forwarded(body: &str) -> bool {
    body.contains("homegate.ch") || body.contains("homegate-id")
}

pub(super) const LAYOUT: Layout = Layout {
    salutation: &["Anrede", "Civilité"],
    first_name: &["Vorname", "Prénom"],
    last_name: &["Nachname", "Nom"],
    full_name: &["Name", "Nom complet"],
    email: &["E-Mail", "E-mail", "Courriel"],
    phone: &["Telefon", "Téléphone", "Mobile"],
    street: &["Strasse", "Rue"],
    postcode_city: &["PLZ/Ort", "NPA/Localité"],
    address: &["Adresse"],
    message: &["Nachricht", "Mitteilung", "Message"],
    listing_id: &["Homegate-ID", "Inserate-Nr.", "Inseratenummer", "N° d'annonce", "ID Homegate"],
    object_number: &["Ihre Referenz", "Objekt-Referenz", "Votre référence", "Référence"],
    viewing_fields: &["Besichtigungstermin gewünscht", "Besichtigung gewünscht", "Visite souhaitée"],
    other_labels: &["Inserat", "Annonce", "Kontaktangaben", "Coordonnées"],
    stops: &[
        "Freundliche Grüsse",
        "Ihr Homegate-Team",
        "Meilleures salutations",
        "Votre équipe Homegate",
        "Anfrage im",
    ],
    contact_link: &["homegate.ch/cockpit/", "homegate.ch/fr/cockpit/"],
    listing_link: &[
        "homegate.ch/mieten/",
        "homegate.ch/kaufen/",
        "homegate.ch/louer/",
        "homegate.ch/acheter/",
        "homegate.ch/rent/",
        "homegate.ch/buy/",
    ],
    ..Layout::EMPTY
};
