//! Leads: the list, a lead's page and form, the status board; the names of a lead's values.

use super::Locale;
use model::{ActivityKind, Financing, LeadFlag, LeadSource, LeadStatus, Timeframe};

super::area_texts! {
    /// Leads: the list, a lead's page and form, the status board; the names of a lead's values.
    LeadTexts {
        title: "Leads", "Leads";
        new: "Neuer Lead", "New lead";
        name: "Name", "Name";
        first_name: "Vorname", "First name";
        last_name: "Nachname", "Last name";
        salutation: "Anrede", "Salutation";
        phone: "Telefon", "Phone";
        message: "Nachricht", "Message";
        source: "Quelle", "Source";
        status: "Status", "Status";
        score: "Score", "Score";
        budget: "Budget", "Budget";
        viewing_wish: "Besichtigungswunsch", "Viewing wish";
        budget_min: "Budget von", "Budget from";
        budget_max: "Budget bis", "Budget to";
        timeframe: "Zeitrahmen", "Time frame";
        financing: "Finanzierung", "Financing";
        property: "Objekt", "Property";
        assigned: "Zuständig", "Assigned to";
        created: "Eingegangen", "Received";
        activities: "Verlauf", "Activity";
        thread: "Gespräch", "Conversation";
        thread_empty: "Noch keine Nachrichten.", "No messages yet.";
        thread_subject: "Betreff", "Subject";
        thread_body: "Nachricht", "Message";
        thread_send: "Senden", "Send";
        thread_default_subject: "Ihre Anfrage", "Your inquiry";
        follow_ups: "Nachfassen", "Follow-ups";
        follow_up_active: "geplant", "planned";
        follow_up_paused: "pausiert", "paused";
        follow_up_stopped: "beendet", "ended";
        follow_up_done: "abgeschlossen: keine Antwort, Lead verloren", "finished: no answer, lead lost";
        follow_up_pause: "Pausieren", "Pause";
        follow_up_resume: "Fortsetzen", "Resume";
        mail_queued: "wird gesendet", "being sent";
        mail_sent: "gesendet", "sent";
        mail_failed: "nicht zugestellt", "not delivered";
        mail_unconfirmed: "Zustellung unbestätigt", "delivery unconfirmed";
        mail_kept: "im Postausgang: kein Postfach versendet (Einstellungen → Postfächer)", "in the outbox: no mailbox sends (Settings → Mailboxes)";
        add_note: "Notiz hinzufügen", "Add note";
        note_placeholder: "Notiz zum Gespräch …", "Note about the conversation …";
        change_status: "Status ändern", "Change status";
        score_factors: "Score-Faktoren", "Score factors";
        no_score_yet: "Noch nicht bewertet.", "Not scored yet.";
        empty: "Keine Leads gefunden.", "No leads found.";
        board_title: "Pipeline", "Pipeline";
        move_to: "Verschieben nach", "Move to";
        completeness: "Vollständigkeit", "Completeness";
        check: "Bitte prüfen", "Please check";
        duplicate_open: "Anderen Lead öffnen", "Open the other lead";
        inquiries: "Anfragen", "Inquiries";
        inquiries_merged:
            "Anfragen derselben Person wurden zu diesem Lead zusammengeführt.",
            "inquiries from the same person were merged into this lead.";
        inquiries_none:
            "Dieser Lead stammt nicht aus einer empfangenen Anfrage.",
            "This lead did not come from a received inquiry.";
        inquiry_show: "Original anzeigen", "Show original";
        inquiry_hide: "Original ausblenden", "Hide original";
        inquiry_source: "Quelltext der Nachricht", "Message source";
        inquiry_truncated: "(gekürzt)", "(truncated)";
        budget_from: "ab", "from";
        budget_up_to: "bis", "up to";
        min_score: "Score ab", "Minimum score";
        no_property: "Kein Objekt", "No property";
        salutation_ms: "Frau", "Ms";
        salutation_mr: "Herr", "Mr";
        not_found:
            "Diesen Lead gibt es nicht – oder Sie dürfen ihn nicht sehen.",
            "This lead does not exist, or you may not see it.";
        back_to_list: "Zurück zu den Leads", "Back to leads";
        unassigned: "Nicht zugewiesen", "Not assigned";
        edit: "Lead bearbeiten", "Edit lead";
        delete_confirm:
            "Diesen Lead mit seinem Verlauf endgültig löschen?",
            "Delete this lead and its history for good?";
        current_status: "Aktuell:", "Currently:";
        status_reason: "Begründung (optional)", "Reason (optional)";
        board_show_all: "Alle anzeigen", "Show all";
    }
}

impl LeadTexts {
    /// "Schritt 2 von 3 (Tag 7) am 14.12.2026, 09:30".
    pub fn follow_up_next(&self, step: usize, of: usize, day: u16, at: &str) -> String {
        match self.locale {
            Locale::De => format!("Schritt {step} von {of} (Tag {day}) am {at}"),
            Locale::En => format!("step {step} of {of} (day {day}) on {at}"),
        }
    }

    pub fn flag(&self, f: LeadFlag) -> &'static str {
        match (f, self.locale) {
            (LeadFlag::PhoneInvalid, Locale::De) => {
                "Die Telefonnummer ist nicht lesbar und wurde wie eingegeben gespeichert."
            }
            (LeadFlag::EmailInvalid, Locale::De) => {
                "Die E-Mail-Adresse der Anfrage ist ungültig und wurde nicht übernommen."
            }
            (LeadFlag::PossibleDuplicate, Locale::De) => {
                "Ein anderer Lead hat dieselbe Telefonnummer, aber einen anderen Namen oder eine andere E-Mail-Adresse: vielleicht dieselbe Person."
            }
            (LeadFlag::PhoneInvalid, Locale::En) => "The phone number could not be read and was kept as entered.",
            (LeadFlag::EmailInvalid, Locale::En) => "The inquiry's e-mail address is invalid and was not taken over.",
            (LeadFlag::PossibleDuplicate, Locale::En) => {
                "Another lead has the same phone number but another name or e-mail address: perhaps the same person."
            }
        }
    }

    /// A portal as intake stores it (`IMMOSCOUT24`, `OPENIMMO_FEEDBACK`, `DIRECT` ...).
    pub fn portal(&self, stored: &str) -> String {
        match (stored, self.locale) {
            ("OPENIMMO_FEEDBACK", _) => "OpenImmo-Feedback".to_owned(),
            ("DIRECT", Locale::De) => "Direkte E-Mail".to_owned(),
            ("DIRECT", Locale::En) => "Direct e-mail".to_owned(),
            (other, _) => match other.parse::<LeadSource>() {
                Ok(source) => self.source(source).to_owned(),
                Err(_) => other.to_owned(),
            },
        }
    }

    pub fn status(&self, s: LeadStatus) -> &'static str {
        let de = self.locale == Locale::De;
        match (s, de) {
            (LeadStatus::New, true) => "Neu",
            (LeadStatus::Contacted, true) => "Kontaktiert",
            (LeadStatus::Conversation, true) => "Im Gespräch",
            (LeadStatus::Booked, true) => "Termin gebucht",
            (LeadStatus::Lost, true) => "Verloren",
            (LeadStatus::New, false) => "New",
            (LeadStatus::Contacted, false) => "Contacted",
            (LeadStatus::Conversation, false) => "In conversation",
            (LeadStatus::Booked, false) => "Viewing booked",
            (LeadStatus::Lost, false) => "Lost",
        }
    }

    pub fn source(&self, s: LeadSource) -> &'static str {
        match (s, self.locale) {
            (LeadSource::Immoscout24, _) => "ImmobilienScout24",
            (LeadSource::Willhaben, _) => "willhaben",
            (LeadSource::Immowelt, _) => "immowelt",
            (LeadSource::Kleinanzeigen, _) => "Kleinanzeigen",
            (LeadSource::Homegate, _) => "Homegate",
            (LeadSource::Immoscout24Ch, _) => "ImmoScout24.ch",
            (LeadSource::Website, _) => "Website",
            (LeadSource::Email, Locale::De) => "E-Mail",
            (LeadSource::Phone, Locale::De) => "Telefon",
            (LeadSource::Referral, Locale::De) => "Empfehlung",
            (LeadSource::Manual, Locale::De) => "Manuell",
            (LeadSource::Email, Locale::En) => "Email",
            (LeadSource::Phone, Locale::En) => "Phone",
            (LeadSource::Referral, Locale::En) => "Referral",
            (LeadSource::Manual, Locale::En) => "Manual",
        }
    }

    pub fn timeframe(&self, t: Timeframe) -> &'static str {
        match (t, self.locale) {
            (Timeframe::Immediate, Locale::De) => "Sofort",
            (Timeframe::ThreeMonths, Locale::De) => "In 3 Monaten",
            (Timeframe::SixMonths, Locale::De) => "In 6 Monaten",
            (Timeframe::TwelveMonths, Locale::De) => "In 12 Monaten",
            (Timeframe::Unknown, Locale::De) => "Unbekannt",
            (Timeframe::Immediate, Locale::En) => "Immediately",
            (Timeframe::ThreeMonths, Locale::En) => "Within 3 months",
            (Timeframe::SixMonths, Locale::En) => "Within 6 months",
            (Timeframe::TwelveMonths, Locale::En) => "Within 12 months",
            (Timeframe::Unknown, Locale::En) => "Unknown",
        }
    }

    pub fn financing(&self, f: Financing) -> &'static str {
        match (f, self.locale) {
            (Financing::Cash, Locale::De) => "Eigenkapital",
            (Financing::Approved, Locale::De) => "Finanzierung bestätigt",
            (Financing::InProgress, Locale::De) => "Finanzierung in Prüfung",
            (Financing::None, Locale::De) => "Keine Finanzierung",
            (Financing::Unknown, Locale::De) => "Unbekannt",
            (Financing::Cash, Locale::En) => "Cash",
            (Financing::Approved, Locale::En) => "Financing approved",
            (Financing::InProgress, Locale::En) => "Financing in progress",
            (Financing::None, Locale::En) => "No financing",
            (Financing::Unknown, Locale::En) => "Unknown",
        }
    }

    pub fn activity_kind(&self, k: ActivityKind) -> &'static str {
        match (k, self.locale) {
            (ActivityKind::Created, Locale::De) => "Angelegt",
            (ActivityKind::Updated, Locale::De) => "Geändert",
            (ActivityKind::StatusChanged, Locale::De) => "Status geändert",
            (ActivityKind::Assigned, Locale::De) => "Zuweisung",
            (ActivityKind::Note, Locale::De) => "Notiz",
            (ActivityKind::EmailIn, Locale::De) => "E-Mail erhalten",
            (ActivityKind::EmailOut, Locale::De) => "E-Mail geschrieben",
            (ActivityKind::EmailDelivery, Locale::De) => "E-Mail-Zustellung",
            (ActivityKind::Inquiry, Locale::De) => "Anfrage",
            (ActivityKind::Sentiment, Locale::De) => "Stimmung",
            (ActivityKind::Created, Locale::En) => "Created",
            (ActivityKind::Updated, Locale::En) => "Updated",
            (ActivityKind::StatusChanged, Locale::En) => "Status changed",
            (ActivityKind::Assigned, Locale::En) => "Assignment",
            (ActivityKind::Note, Locale::En) => "Note",
            (ActivityKind::EmailIn, Locale::En) => "Email received",
            (ActivityKind::EmailOut, Locale::En) => "Email written",
            (ActivityKind::EmailDelivery, Locale::En) => "Email delivery",
            (ActivityKind::Inquiry, Locale::En) => "Inquiry",
            (ActivityKind::Sentiment, Locale::En) => "Sentiment",
            // Auto-click (the job that follows a portal's contact link)
            (ActivityKind::AutoClick, Locale::De) => "Portal-Link abgerufen",
            (ActivityKind::AutoClick, Locale::En) => "Portal link followed",
            (ActivityKind::ReplyDrafted, Locale::De) => "Antwort entworfen",
            (ActivityKind::ReplyDrafted, Locale::En) => "Reply drafted",
            (ActivityKind::FollowUp, Locale::De) => "Nachfassen",
            (ActivityKind::FollowUp, Locale::En) => "Follow-up",
        }
    }
}
