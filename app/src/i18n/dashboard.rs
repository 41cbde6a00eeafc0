//! The dashboard.

use super::Locale;

super::area_texts! {
    /// The dashboard.
    DashboardTexts {
        title: "Übersicht", "Dashboard";
        newest: "Neueste Leads", "Newest leads";
        active_properties: "Aktive Objekte", "Active properties";
    }
}
