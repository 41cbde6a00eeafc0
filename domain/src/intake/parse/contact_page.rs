//! The contact page behind a portal's "contact link": the inquiry as the portal's provider area
//! shows it, often with what the notification mail left out (phone, e-mail, address). Read like
//! the mails are: HTML to labelled lines, then the labels portals use; `mailto:`/`tel:` links
//! as a fallback. Pure and panic-free, like the mail parser.

use serde::{Deserialize, Serialize};

use crate::intake::parse::{
    html,
    text::{Labelled, clean_email, clean_phone, normalise_salutation, split_address, split_name, split_postcode_city},
};

/// The contact data a page shows; every field as the page writes it, trimmed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactPage {
    pub salutation: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub street: Option<String>,
    pub postcode: Option<String>,
    pub city: Option<String>,
}

impl ContactPage {
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

const SALUTATION: &[&str] = &["Anrede", "Salutation", "Civilité"];
const FIRST_NAME: &[&str] = &["Vorname", "First name", "Prénom"];
const LAST_NAME: &[&str] = &["Nachname", "Familienname", "Last name", "Nom de famille"];
const FULL_NAME: &[&str] =
    &["Name", "Vor- und Nachname", "Ihr Name", "Interessent", "Interessentin", "Kontaktperson", "Absender", "Nom"];
const EMAIL: &[&str] = &["E-Mail", "E-Mail-Adresse", "Email", "Mail", "E-Mail Adresse", "Adresse e-mail"];
const PHONE: &[&str] = &[
    "Telefon",
    "Telefonnummer",
    "Tel.",
    "Tel",
    "Mobil",
    "Mobilnummer",
    "Handy",
    "Handynummer",
    "Rufnummer",
    "Phone",
    "Téléphone",
];
const ADDRESS: &[&str] = &["Adresse", "Anschrift", "Wohnadresse", "Address"];
const STREET: &[&str] =
    &["Straße", "Strasse", "Straße/Nr.", "Straße und Hausnummer", "Straße / Hausnummer", "Street", "Rue"];
const POSTCODE_CITY: &[&str] = &["PLZ / Ort", "PLZ/Ort", "PLZ Ort", "PLZ und Ort", "NPA / Localité", "Wohnort"];
const POSTCODE: &[&str] = &["PLZ", "Postleitzahl", "NPA"];
const CITY: &[&str] = &["Ort", "Stadt", "City", "Localité"];

/// What a contact page says about the person who asked. Labels win over links; the office's
/// or portal's own addresses and numbers in headers and footers are never labelled as the
/// inquirer's, which is why unlabelled text is not searched.
pub fn scrape_contact_page(page: &str) -> ContactPage {
    let (text, _) = html::to_text(page);
    let labels: Vec<&str> = [SALUTATION, FIRST_NAME, LAST_NAME, FULL_NAME, EMAIL, PHONE, ADDRESS, STREET]
        .into_iter()
        .chain([POSTCODE_CITY, POSTCODE, CITY])
        .flatten()
        .copied()
        .collect();
    let fields = Labelled::new(&text, &labels);
    let value = |aliases: &[&str]| fields.value(aliases).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());

    let mut found = ContactPage::default();
    if let Some(full) = value(FULL_NAME) {
        let name = split_name(&full);
        found.salutation = name.salutation;
        found.first_name = name.first_name;
        found.last_name = name.last_name;
    }
    if let Some(s) = value(SALUTATION).and_then(|s| normalise_salutation(&s)) {
        found.salutation = Some(s);
    }
    if let Some(first) = value(FIRST_NAME) {
        found.first_name = Some(first);
    }
    if let Some(last) = value(LAST_NAME) {
        found.last_name = Some(last);
    }

    found.email = value(EMAIL)
        .and_then(|v| clean_email(&v))
        .or_else(|| html::link_targets(page, "mailto:").iter().find_map(|t| clean_email(t)));
    found.phone = value(PHONE)
        .and_then(|v| clean_phone(&v))
        .or_else(|| html::link_targets(page, "tel:").iter().find_map(|t| clean_phone(t)));

    if let Some(address) = value(ADDRESS) {
        let (street, postcode, city) = split_address(&address);
        (found.street, found.postcode, found.city) = (street, postcode, city);
    }
    if let Some(street) = value(STREET) {
        found.street = Some(street);
    }
    if let Some(place) = value(POSTCODE_CITY) {
        let (postcode, city) = split_postcode_city(&place);
        found.postcode = postcode.or(found.postcode);
        found.city = city.or(found.city);
    }
    if let Some(postcode) = value(POSTCODE) {
        found.postcode = Some(postcode);
    }
    if let Some(city) = value(CITY) {
        found.city = Some(city);
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every `fixtures/contact_pages/*.html` with the expected JSON beside it.
    #[test]
    fn contact_page_fixtures() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/intake/parse/fixtures/contact_pages");
        let mut pages: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "html"))
            .collect();
        pages.sort();
        assert!(pages.len() >= 4, "{pages:?}");
        for page in pages {
            let html = std::fs::read_to_string(&page).unwrap();
            let expected: ContactPage =
                serde_json::from_str(&std::fs::read_to_string(page.with_extension("json")).unwrap()).unwrap();
            assert_eq!(scrape_contact_page(&html), expected, "{}", page.display());
        }
    }

    #[test]
    fn nothing_to_find_and_odd_input() {
        assert!(scrape_contact_page("").is_empty());
        assert!(scrape_contact_page("<html><body><h1>Bitte melden Sie sich an</h1></body></html>").is_empty());
        assert!(scrape_contact_page(&"<dl><dt>E-Mail".repeat(10_000)).email.is_none());
        let links = "<p>Kontakt: <a href=\"mailto:lena.berg@web.de\">schreiben</a>, <a href=\"tel:+4917612345\">anrufen</a></p>";
        let found = scrape_contact_page(links);
        assert_eq!((found.email.as_deref(), found.phone.as_deref()), (Some("lena.berg@web.de"), Some("+4917612345")));
    }
}
