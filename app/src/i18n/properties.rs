//! Properties (Objekte): the list, a property's page and form; the names of its values.

use super::Locale;
use model::{Country, EnergyCertificateType, MarketingType, PropertyStatus, PropertyType};

super::area_texts! {
    /// Properties (Objekte): the list, a property's page and form; the names of its values.
    PropertyTexts {
        title: "Objekte", "Properties";
        new: "Neues Objekt", "New property";
        title_field: "Titel", "Title";
        reference: "Objekt-Nr.", "Object no.";
        kind: "Objektart", "Type";
        marketing: "Vermarktung", "Marketing";
        status: "Status", "Status";
        street: "Straße", "Street";
        house_number: "Hausnummer", "House number";
        postcode: "PLZ", "Postcode";
        city: "Ort", "City";
        country: "Land", "Country";
        price: "Preis", "Price";
        rooms: "Zimmer", "Rooms";
        living_area: "Wohnfläche (m²)", "Living area (m²)";
        plot_area: "Grundstück (m²)", "Plot (m²)";
        year_built: "Baujahr", "Year built";
        energy_class: "Energieklasse", "Energy class";
        energy_value: "Energiekennwert (kWh/m²a)", "Energy value (kWh/m²a)";
        heating: "Heizung", "Heating";
        description: "Beschreibung", "Description";
        features: "Ausstattung (durch Komma getrennt)", "Features (comma separated)";
        archive: "Archivieren", "Archive";
        empty: "Keine Objekte gefunden.", "No properties found.";
        price_on_request: "Preis auf Anfrage", "Price on request";
        per_month: "/ Monat", "/ month";
        filter_not_archived: "Alle außer archivierten", "All but archived";
        max_price: "Preis bis", "Max. price";
        living_area_short: "Wohnfläche", "Living area";
        not_found: "Dieses Objekt gibt es nicht.", "This property does not exist.";
        back_to_list: "Zurück zu den Objekten", "Back to properties";
        archive_confirm:
            "Dieses Objekt archivieren? Es verschwindet aus Listen und Portal-Exporten, seine Leads bleiben.",
            "Archive this property? It leaves lists and portal exports; its leads stay.";
        edit: "Objekt bearbeiten", "Edit property";
        address: "Adresse", "Address";
        energy_certificate: "Energieausweis", "Energy certificate";
        features_title: "Ausstattung", "Features";
        leads: "Anfragen zu diesem Objekt", "Enquiries for this property";
        reference_taken: "Diese Objekt-Nr. ist bereits vergeben.", "This object number is in use already.";
        country_of_office: "Wie das Büro", "Same as the office";
        section_address: "Lage", "Location";
        section_facts: "Eckdaten", "Key facts";
        section_energy: "Energie", "Energy";
        section_description: "Beschreibung und Ausstattung", "Description and features";
        features_placeholder: "Balkon, Einbauküche, Aufzug", "Balcony, fitted kitchen, lift";
    }
}

impl PropertyTexts {
    pub fn kind(&self, t: PropertyType) -> &'static str {
        match (t, self.locale) {
            (PropertyType::Apartment, Locale::De) => "Wohnung",
            (PropertyType::House, Locale::De) => "Haus",
            (PropertyType::Land, Locale::De) => "Grundstück",
            (PropertyType::Commercial, Locale::De) => "Gewerbe",
            (PropertyType::Other, Locale::De) => "Sonstiges",
            (PropertyType::Apartment, Locale::En) => "Apartment",
            (PropertyType::House, Locale::En) => "House",
            (PropertyType::Land, Locale::En) => "Land",
            (PropertyType::Commercial, Locale::En) => "Commercial",
            (PropertyType::Other, Locale::En) => "Other",
        }
    }

    pub fn marketing(&self, m: MarketingType) -> &'static str {
        match (m, self.locale) {
            (MarketingType::Buy, Locale::De) => "Kauf",
            (MarketingType::Rent, Locale::De) => "Miete",
            (MarketingType::Buy, Locale::En) => "Sale",
            (MarketingType::Rent, Locale::En) => "Rent",
        }
    }

    pub fn status(&self, s: PropertyStatus) -> &'static str {
        match (s, self.locale) {
            (PropertyStatus::Draft, Locale::De) => "Entwurf",
            (PropertyStatus::Active, Locale::De) => "Aktiv",
            (PropertyStatus::Reserved, Locale::De) => "Reserviert",
            (PropertyStatus::Sold, Locale::De) => "Verkauft",
            (PropertyStatus::Rented, Locale::De) => "Vermietet",
            (PropertyStatus::Archived, Locale::De) => "Archiviert",
            (PropertyStatus::Draft, Locale::En) => "Draft",
            (PropertyStatus::Active, Locale::En) => "Active",
            (PropertyStatus::Reserved, Locale::En) => "Reserved",
            (PropertyStatus::Sold, Locale::En) => "Sold",
            (PropertyStatus::Rented, Locale::En) => "Rented",
            (PropertyStatus::Archived, Locale::En) => "Archived",
        }
    }

    pub fn country(&self, c: Country) -> &'static str {
        match (c, self.locale) {
            (Country::De, Locale::De) => "Deutschland",
            (Country::At, Locale::De) => "Österreich",
            (Country::Ch, Locale::De) => "Schweiz",
            (Country::De, Locale::En) => "Germany",
            (Country::At, Locale::En) => "Austria",
            (Country::Ch, Locale::En) => "Switzerland",
        }
    }

    pub fn energy_certificate(&self, e: EnergyCertificateType) -> &'static str {
        match (e, self.locale) {
            (EnergyCertificateType::Consumption, Locale::De) => "Verbrauchsausweis",
            (EnergyCertificateType::Demand, Locale::De) => "Bedarfsausweis",
            (EnergyCertificateType::Consumption, Locale::En) => "Consumption certificate",
            (EnergyCertificateType::Demand, Locale::En) => "Demand certificate",
        }
    }
}
