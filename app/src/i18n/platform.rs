//! The platform admin: every office with its counts.

use super::Locale;

super::area_texts! {
    /// The platform admin: every office with its counts.
    PlatformTexts {
        title: "Plattform", "Platform";
        tenants: "Büros", "Offices";
        users: "Benutzer", "Users";
        leads: "Leads", "Leads";
        properties: "Objekte", "Properties";
        no_tenants: "Noch keine Büros.", "No offices yet.";
        office: "Büro", "Office";
        plan: "Tarif", "Plan";
    }
}
