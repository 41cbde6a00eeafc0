//! Words every area uses: the navigation, buttons, paging, dates.

use super::Locale;

super::area_texts! {
    /// Words every area uses: the navigation, buttons, paging, dates.
    CommonTexts {
        app_name: "Immivo", "Immivo";
        nav_dashboard: "Übersicht", "Dashboard";
        nav_leads: "Leads", "Leads";
        nav_board: "Pipeline", "Pipeline";
        nav_properties: "Objekte", "Properties";
        nav_users: "Team", "Team";
        nav_settings: "Einstellungen", "Settings";
        nav_platform: "Plattform", "Platform";
        sign_out: "Abmelden", "Sign out";
        language: "Sprache", "Language";
        email: "E-Mail", "Email";
        loading: "Wird geladen …", "Loading …";
        save: "Speichern", "Save";
        saved: "Gespeichert", "Saved";
        cancel: "Abbrechen", "Cancel";
        edit: "Bearbeiten", "Edit";
        create: "Anlegen", "Create";
        search: "Suchen …", "Search …";
        filter_all: "Alle", "All";
        next_page: "Weiter", "Next";
        previous_page: "Zurück", "Back";
        total: "gesamt", "total";
        none: "—", "—";
        nav_jarvis: "Jarvis", "Jarvis";
        nav_intake: "Eingang", "Intake";
        date_format: "%d.%m.%Y", "%Y-%m-%d";
        date_time_format: "%d.%m.%Y, %H:%M %Z", "%Y-%m-%d %H:%M %Z";
        delete: "Löschen", "Delete";
        back: "Zurück", "Back";
        search_label: "Suche", "Search";
        search_button: "Suchen", "Search";
        pagination: "Seiten", "Pages";
        created_at: "Angelegt", "Created";
        updated_at: "Zuletzt geändert", "Last changed";
        please_choose: "Bitte wählen …", "Please choose …";
        actions: "Aktionen", "Actions";
        never: "Nie", "Never";
    }
}

impl CommonTexts {
    /// A language by its own name, as language pickers show it.
    pub fn locale_name(&self, l: Locale) -> &'static str {
        match l {
            Locale::De => "Deutsch",
            Locale::En => "English",
        }
    }
}
