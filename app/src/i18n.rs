//! The text catalogue: German first, English second. Every text the UI shows is a field of
//! `Texts`, so a missing translation is a compile error, not a blank on screen.

use leptos::prelude::*;

pub use model::Locale;
use model::error::FieldError;
use model::{
    ActivityKind, Country, EnergyCertificateType, Financing, InboundChannel, InboundStatus, LeadFlag, LeadSource,
    LeadStatus, MarketingType, PendingStatus, PropertyStatus, PropertyType, Queue, Role, Timeframe,
};

/// The locale the request asks for: the `immivo_locale` cookie on the server, the document's
/// `lang` (which the server rendered from that cookie) in the browser. German by default.
pub fn request_locale() -> Locale {
    #[cfg(feature = "ssr")]
    {
        use_context::<http::request::Parts>()
            .and_then(|p| domain::services::cookie(&p.headers, domain::services::LOCALE_COOKIE).map(str::to_owned))
            .and_then(|v| v.parse().ok())
            .unwrap_or(Locale::De)
    }
    #[cfg(not(feature = "ssr"))]
    {
        document()
            .document_element()
            .and_then(|e| e.get_attribute("lang"))
            .and_then(|v| v.parse().ok())
            .unwrap_or(Locale::De)
    }
}

#[derive(Clone, Copy)]
pub struct I18n {
    pub locale: RwSignal<Locale>,
}

impl I18n {
    /// The texts of the current locale; reading it subscribes the view to language changes.
    pub fn t(&self) -> &'static Texts {
        texts(self.locale.get())
    }

    /// One text of the current locale as a signal, for props that take one (`Field`'s label).
    pub fn signal(self, pick: fn(&Texts) -> &'static str) -> Signal<&'static str> {
        Signal::derive(move || pick(self.t()))
    }
}

pub fn provide_i18n() {
    provide_context(I18n { locale: RwSignal::new(request_locale()) });
}

pub fn use_i18n() -> I18n {
    use_context::<I18n>().unwrap_or(I18n { locale: RwSignal::new(Locale::De) })
}

pub fn texts(locale: Locale) -> &'static Texts {
    match locale {
        Locale::De => &DE,
        Locale::En => &EN,
    }
}

pub struct Texts {
    pub locale: Locale,
    pub app_name: &'static str,
    pub nav_dashboard: &'static str,
    pub nav_leads: &'static str,
    pub nav_pipeline: &'static str,
    pub nav_properties: &'static str,
    pub nav_users: &'static str,
    pub nav_settings: &'static str,
    pub nav_admin: &'static str,
    pub sign_out: &'static str,
    pub language: &'static str,
    pub login_title: &'static str,
    pub login_subtitle: &'static str,
    pub email: &'static str,
    pub password: &'static str,
    pub sign_in: &'static str,
    pub wrong_credentials: &'static str,
    pub too_many_attempts: &'static str,
    pub invite_title: &'static str,
    pub invite_accept: &'static str,
    pub loading: &'static str,
    pub error_generic: &'static str,
    pub not_found: &'static str,
    pub save: &'static str,
    pub saved: &'static str,
    pub cancel: &'static str,
    pub edit: &'static str,
    pub create: &'static str,
    pub search: &'static str,
    pub filter_all: &'static str,
    pub next_page: &'static str,
    pub previous_page: &'static str,
    pub total: &'static str,
    pub none: &'static str,
    pub dashboard_title: &'static str,
    pub dashboard_newest: &'static str,
    pub dashboard_active_properties: &'static str,
    pub leads_title: &'static str,
    pub lead_new: &'static str,
    pub lead_name: &'static str,
    pub lead_first_name: &'static str,
    pub lead_last_name: &'static str,
    pub lead_salutation: &'static str,
    pub lead_phone: &'static str,
    pub lead_message: &'static str,
    pub lead_source: &'static str,
    pub lead_status: &'static str,
    pub lead_score: &'static str,
    pub lead_budget: &'static str,
    pub lead_budget_min: &'static str,
    pub lead_budget_max: &'static str,
    pub lead_timeframe: &'static str,
    pub lead_financing: &'static str,
    pub lead_property: &'static str,
    pub lead_assigned: &'static str,
    pub lead_created: &'static str,
    pub lead_activities: &'static str,
    pub lead_add_note: &'static str,
    pub lead_note_placeholder: &'static str,
    pub lead_change_status: &'static str,
    pub lead_score_factors: &'static str,
    pub lead_no_score_yet: &'static str,
    pub leads_empty: &'static str,
    pub pipeline_title: &'static str,
    pub pipeline_move_to: &'static str,
    pub properties_title: &'static str,
    pub property_new: &'static str,
    pub property_title: &'static str,
    pub property_reference: &'static str,
    pub property_type: &'static str,
    pub property_marketing: &'static str,
    pub property_status: &'static str,
    pub property_street: &'static str,
    pub property_house_number: &'static str,
    pub property_postcode: &'static str,
    pub property_city: &'static str,
    pub property_country: &'static str,
    pub property_price: &'static str,
    pub property_rooms: &'static str,
    pub property_living_area: &'static str,
    pub property_plot_area: &'static str,
    pub property_year_built: &'static str,
    pub property_energy_class: &'static str,
    pub property_energy_value: &'static str,
    pub property_heating: &'static str,
    pub property_description: &'static str,
    pub property_features: &'static str,
    pub property_archive: &'static str,
    pub properties_empty: &'static str,
    pub users_title: &'static str,
    pub user_invite: &'static str,
    pub user_name: &'static str,
    pub user_role: &'static str,
    pub user_active: &'static str,
    pub user_invited: &'static str,
    pub user_invite_link: &'static str,
    pub user_deactivate: &'static str,
    pub user_activate: &'static str,
    pub settings_title: &'static str,
    pub settings_office: &'static str,
    pub settings_time_zone: &'static str,
    pub settings_auto_reply: &'static str,
    pub settings_reply_tone: &'static str,
    pub settings_signature: &'static str,
    pub settings_password: &'static str,
    pub settings_sessions: &'static str,
    pub settings_sessions_hint: &'static str,
    pub settings_sign_out_everywhere: &'static str,
    pub settings_current_password: &'static str,
    pub settings_new_password: &'static str,
    pub settings_api_keys: &'static str,
    pub inbound_title: &'static str,
    pub inbound_hint: &'static str,
    pub inbound_rotate: &'static str,
    pub inbound_rotate_confirm: &'static str,
    pub inbound_recent: &'static str,
    pub inbound_empty: &'static str,
    pub inbound_reprocess: &'static str,
    pub inbound_open_lead: &'static str,
    // Jarvis
    pub nav_jarvis: &'static str,
    pub search_title: &'static str,
    pub search_placeholder: &'static str,
    pub search_empty: &'static str,
    pub search_both: &'static str,
    pub search_meaning: &'static str,
    pub search_words: &'static str,
    pub jarvis_title: &'static str,
    pub jarvis_new_chat: &'static str,
    pub jarvis_hint: &'static str,
    pub jarvis_placeholder: &'static str,
    pub jarvis_send: &'static str,
    pub jarvis_stop: &'static str,
    pub jarvis_offline: &'static str,
    pub jarvis_offline_budget: &'static str,
    pub jarvis_approve: &'static str,
    pub jarvis_reject: &'static str,
    pub jarvis_lead_chat: &'static str,
    pub speed_to_lead: &'static str,
    pub speed_arrived: &'static str,
    pub speed_drafted: &'static str,
    pub speed_sent: &'static str,
    pub speed_median: &'static str,
    pub speed_none: &'static str,
    // lead intake: inbox, inquiries on the lead's page, intake and job queues
    pub nav_intake: &'static str,
    pub lead_completeness: &'static str,
    pub lead_check: &'static str,
    pub lead_duplicate_open: &'static str,
    pub lead_inquiries: &'static str,
    pub lead_inquiries_merged: &'static str,
    pub lead_inquiries_none: &'static str,
    pub lead_inquiry_show: &'static str,
    pub lead_inquiry_hide: &'static str,
    pub lead_inquiry_source: &'static str,
    pub lead_inquiry_truncated: &'static str,
    pub intake_title: &'static str,
    pub intake_hint: &'static str,
    pub intake_mail: &'static str,
    pub jobs_title: &'static str,
    pub jobs_queue: &'static str,
    pub jobs_queued: &'static str,
    pub jobs_running: &'static str,
    pub jobs_done: &'static str,
    pub jobs_dead: &'static str,
    pub jobs_waiting_since: &'static str,
    pub jobs_dead_title: &'static str,
    pub jobs_dead_hint: &'static str,
    pub jobs_dead_empty: &'static str,
    pub jobs_attempts: &'static str,
    pub jobs_retry: &'static str,
    // Website widget settings
    pub widget_title: &'static str,
    pub widget_hint: &'static str,
    pub widget_key: &'static str,
    pub widget_rotate: &'static str,
    pub widget_rotate_confirm: &'static str,
    pub widget_snippet: &'static str,
    pub widget_snippet_hint: &'static str,
    pub widget_copy: &'static str,
    pub widget_copied: &'static str,
    pub widget_origins: &'static str,
    pub widget_origins_hint: &'static str,
    pub widget_origins_save: &'static str,
    pub widget_origin_invalid: &'static str,
    pub widget_origin_insecure: &'static str,
    pub widget_origin_path: &'static str,
    pub api_key_name: &'static str,
    pub api_key_create: &'static str,
    pub api_key_shown_once: &'static str,
    pub api_key_revoke: &'static str,
    pub api_key_revoked: &'static str,
    pub admin_title: &'static str,
    pub admin_tenants: &'static str,
    pub admin_users: &'static str,
    pub admin_leads: &'static str,
    pub admin_properties: &'static str,
    pub forbidden: &'static str,
    pub field_required: &'static str,
    pub field_invalid_email: &'static str,
    pub field_invalid_phone: &'static str,
    pub field_too_long: &'static str,
    pub field_out_of_range: &'static str,
    pub field_invalid_range: &'static str,
    pub field_weak_password: &'static str,
    pub field_invalid: &'static str,
    pub field_invalid_transition: &'static str,
    pub date_format: &'static str,
    pub date_time_format: &'static str,
    pub form_invalid: &'static str,
    pub delete: &'static str,
    pub back: &'static str,
    pub search_label: &'static str,
    pub search_button: &'static str,
    pub pagination: &'static str,
    pub budget_from: &'static str,
    pub budget_up_to: &'static str,
    pub lead_min_score: &'static str,
    pub no_property: &'static str,
    pub salutation_ms: &'static str,
    pub salutation_mr: &'static str,
    pub lead_not_found: &'static str,
    pub back_to_leads: &'static str,
    pub unassigned: &'static str,
    pub lead_edit: &'static str,
    pub lead_delete_confirm: &'static str,
    pub lead_current_status: &'static str,
    pub lead_status_reason: &'static str,
    pub pipeline_show_all: &'static str,
    pub price_on_request: &'static str,
    pub per_month: &'static str,
    pub filter_not_archived: &'static str,
    pub property_max_price: &'static str,
    pub property_living_area_short: &'static str,
    pub property_not_found: &'static str,
    pub back_to_properties: &'static str,
    pub property_archive_confirm: &'static str,
    pub property_edit: &'static str,
    pub property_address: &'static str,
    pub property_energy_certificate: &'static str,
    pub created_at: &'static str,
    pub updated_at: &'static str,
    pub property_features_title: &'static str,
    pub property_leads: &'static str,
    pub property_reference_taken: &'static str,
    pub please_choose: &'static str,
    pub country_of_office: &'static str,
    pub property_section_address: &'static str,
    pub property_section_facts: &'static str,
    pub property_section_energy: &'static str,
    pub property_section_description: &'static str,
    pub property_features_placeholder: &'static str,
    pub field_mismatch: &'static str,
    pub user_cannot_change_self: &'static str,
    pub users_empty: &'static str,
    pub user_state: &'static str,
    pub actions: &'static str,
    pub user_inactive: &'static str,
    pub user_deactivate_confirm: &'static str,
    pub user_email_taken: &'static str,
    pub user_invite_send: &'static str,
    pub settings_locale: &'static str,
    pub settings_repeat_password: &'static str,
    pub api_keys_hint: &'static str,
    pub api_keys_empty: &'static str,
    pub api_key_prefix: &'static str,
    pub api_key_last_used: &'static str,
    pub never: &'static str,
    pub api_key_revoke_confirm: &'static str,
    pub admin_no_tenants: &'static str,
    pub admin_office: &'static str,
    pub admin_plan: &'static str,
    // IMAP mailboxes (lead intake)
    pub mailboxes_title: &'static str,
    pub mailboxes_hint: &'static str,
    pub mailboxes_empty: &'static str,
    pub mailbox_add: &'static str,
    pub mailbox_edit: &'static str,
    pub mailbox_host: &'static str,
    pub mailbox_port: &'static str,
    pub mailbox_security: &'static str,
    pub mailbox_username: &'static str,
    pub mailbox_password: &'static str,
    pub mailbox_password_keep: &'static str,
    pub mailbox_folder: &'static str,
    pub mailbox_enabled: &'static str,
    pub mailbox_paused: &'static str,
    pub mailbox_shared: &'static str,
    pub mailbox_personal: &'static str,
    pub mailbox_last_polled: &'static str,
    pub mailbox_never_polled: &'static str,
    pub mailbox_test: &'static str,
    pub mailbox_test_ok: &'static str,
    pub mailbox_test_messages: &'static str,
    pub mailbox_test_idle: &'static str,
    pub mailbox_test_failed: &'static str,
    pub mailbox_delete_confirm: &'static str,
    // Viewing times and AI settings (Jarvis)
    pub weekdays: [&'static str; 7],
    pub field_overlap: &'static str,
    pub field_too_many: &'static str,
    pub settings_viewing_times: &'static str,
    pub settings_viewing_times_hint: &'static str,
    pub availability_title: &'static str,
    pub availability_hint: &'static str,
    pub availability_for: &'static str,
    pub availability_me: &'static str,
    pub availability_none: &'static str,
    pub availability_from: &'static str,
    pub availability_to: &'static str,
    pub availability_remove: &'static str,
    pub availability_add: &'static str,
    pub availability_own: &'static str,
    pub availability_office_applies: &'static str,
    pub ai_title: &'static str,
    pub ai_hint: &'static str,
    pub ai_online: &'static str,
    pub ai_not_configured: &'static str,
    pub ai_embeddings: &'static str,
    pub ai_this_month: &'static str,
    pub ai_no_calls: &'static str,
    pub ai_purpose: &'static str,
    pub ai_calls: &'static str,
    pub ai_tokens: &'static str,
    pub ai_cost: &'static str,
    pub ai_budget: &'static str,
    pub ai_budget_default: &'static str,
}

impl Texts {
    /// The message for a field error code from the server.
    pub fn field_error(&self, code: &str) -> &'static str {
        match code {
            "required" => self.field_required,
            "invalid_email" => self.field_invalid_email,
            "invalid_phone" => self.field_invalid_phone,
            "too_long" => self.field_too_long,
            "out_of_range" => self.field_out_of_range,
            "invalid_range" => self.field_invalid_range,
            "weak_password" => self.field_weak_password,
            "invalid_transition" => self.field_invalid_transition,
            "mismatch" => self.field_mismatch,
            "overlap" => self.field_overlap,
            "too_many" => self.field_too_many,
            _ => self.field_invalid,
        }
    }

    /// A field error in the user's language; codes the catalogue does not know keep the server's
    /// (English) message.
    pub fn field_message(&self, f: &FieldError) -> String {
        match f.code.as_str() {
            "required" | "invalid_email" | "invalid_phone" | "too_long" | "out_of_range" | "invalid_range"
            | "weak_password" | "invalid_transition" | "mismatch" | "overlap" | "too_many" | "invalid" => {
                self.field_error(&f.code).to_owned()
            }
            _ if f.message.is_empty() => self.field_invalid.to_owned(),
            _ => f.message.clone(),
        }
    }

    pub fn lead_flag(&self, f: LeadFlag) -> &'static str {
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

    pub fn inbound_channel(&self, c: InboundChannel) -> &'static str {
        match (c, self.locale) {
            (InboundChannel::Http, _) => "HTTP",
            (InboundChannel::Sns, _) => "Amazon SES",
            (InboundChannel::Imap, _) => "IMAP",
            (InboundChannel::Widget, Locale::De) => "Website-Formular",
            (InboundChannel::Widget, Locale::En) => "Website form",
        }
    }

    /// A portal as `ingest` stores it (`IMMOSCOUT24`, `OPENIMMO_FEEDBACK`, `DIRECT` ...).
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

    pub fn queue(&self, q: Queue) -> &'static str {
        let de = self.locale == Locale::De;
        match (q, de) {
            (Queue::LeadEnrichment, true) => "Lead-Anreicherung",
            (Queue::SentimentAnalysis, true) => "Stimmungsanalyse",
            (Queue::AutoClick, true) => "Kontaktdaten abrufen (Auto-Klick)",
            (Queue::EmailSend, true) => "E-Mail-Versand",
            (Queue::Embedding, true) => "Embeddings",
            (Queue::PdfGenerate, true) => "PDF-Erstellung",
            (Queue::ImageProcess, true) => "Bildbearbeitung",
            (Queue::LeadEnrichment, false) => "Lead enrichment",
            (Queue::SentimentAnalysis, false) => "Sentiment analysis",
            (Queue::AutoClick, false) => "Contact lookup (auto-click)",
            (Queue::EmailSend, false) => "E-mail sending",
            (Queue::Embedding, false) => "Embeddings",
            (Queue::PdfGenerate, false) => "PDF generation",
            (Queue::ImageProcess, false) => "Image processing",
        }
    }

    pub fn inbound_status(&self, s: InboundStatus) -> &'static str {
        let de = self.locale == Locale::De;
        match (s, de) {
            (InboundStatus::Received, true) => "In Verarbeitung",
            (InboundStatus::Parsed, true) => "Lead erstellt",
            (InboundStatus::Unrecognised, true) => "Keine Anfrage",
            (InboundStatus::Failed, true) => "Fehlgeschlagen",
            (InboundStatus::Received, false) => "Processing",
            (InboundStatus::Parsed, false) => "Lead created",
            (InboundStatus::Unrecognised, false) => "Not an inquiry",
            (InboundStatus::Failed, false) => "Failed",
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

    pub fn property_type(&self, t: PropertyType) -> &'static str {
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

    pub fn marketing_type(&self, m: MarketingType) -> &'static str {
        match (m, self.locale) {
            (MarketingType::Buy, Locale::De) => "Kauf",
            (MarketingType::Rent, Locale::De) => "Miete",
            (MarketingType::Buy, Locale::En) => "Sale",
            (MarketingType::Rent, Locale::En) => "Rent",
        }
    }

    pub fn property_status(&self, s: PropertyStatus) -> &'static str {
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

    /// A tool's name on its tag in the chat.
    pub fn tool_label(&self, tool: &str) -> String {
        let de = self.locale == Locale::De;
        let label = match tool {
            "search_leads" => {
                if de {
                    "Leads suchen"
                } else {
                    "Search leads"
                }
            }
            "get_lead" => {
                if de {
                    "Lead lesen"
                } else {
                    "Read lead"
                }
            }
            "create_lead" => {
                if de {
                    "Lead anlegen"
                } else {
                    "Create lead"
                }
            }
            "update_lead" => {
                if de {
                    "Lead ändern"
                } else {
                    "Update lead"
                }
            }
            "change_lead_status" => {
                if de {
                    "Status ändern"
                } else {
                    "Change status"
                }
            }
            "bulk_change_status" => {
                if de {
                    "Status für mehrere"
                } else {
                    "Bulk status"
                }
            }
            "assign_lead" => {
                if de {
                    "Zuweisen"
                } else {
                    "Assign"
                }
            }
            "add_lead_note" => {
                if de {
                    "Notiz"
                } else {
                    "Note"
                }
            }
            "list_lead_activities" => {
                if de {
                    "Verlauf"
                } else {
                    "Timeline"
                }
            }
            "explain_lead_score" => {
                if de {
                    "Score erklären"
                } else {
                    "Explain score"
                }
            }
            "merge_leads" => {
                if de {
                    "Zusammenführen"
                } else {
                    "Merge"
                }
            }
            "delete_lead" => {
                if de {
                    "Lead löschen"
                } else {
                    "Delete lead"
                }
            }
            "search_properties" => {
                if de {
                    "Objekte suchen"
                } else {
                    "Search properties"
                }
            }
            "get_property" => {
                if de {
                    "Objekt lesen"
                } else {
                    "Read property"
                }
            }
            "create_property" => {
                if de {
                    "Objekt anlegen"
                } else {
                    "Create property"
                }
            }
            "update_property" => {
                if de {
                    "Objekt ändern"
                } else {
                    "Update property"
                }
            }
            "archive_property" => {
                if de {
                    "Objekt archivieren"
                } else {
                    "Archive property"
                }
            }
            "recommend_properties" => {
                if de {
                    "Passende Objekte"
                } else {
                    "Matching properties"
                }
            }
            "semantic_search" => {
                if de {
                    "Semantische Suche"
                } else {
                    "Semantic search"
                }
            }
            "pipeline_counts" => "Pipeline",
            "conversion_stats" => "Conversion",
            "leads_by_source" => {
                if de {
                    "Lead-Quellen"
                } else {
                    "Lead sources"
                }
            }
            "response_times" => {
                if de {
                    "Reaktionszeiten"
                } else {
                    "Response times"
                }
            }
            "list_unrecognised_mail" => {
                if de {
                    "Unerkannte Mails"
                } else {
                    "Unrecognised mail"
                }
            }
            "reprocess_mail" => {
                if de {
                    "Mail neu verarbeiten"
                } else {
                    "Reprocess mail"
                }
            }
            "draft_reply" => {
                if de {
                    "Antwort entwerfen"
                } else {
                    "Draft reply"
                }
            }
            "send_reply" => {
                if de {
                    "Antwort senden"
                } else {
                    "Send reply"
                }
            }
            "get_reply_settings" => {
                if de {
                    "Antwort-Vorlagen"
                } else {
                    "Reply templates"
                }
            }
            "update_reply_settings" => {
                if de {
                    "Vorlagen ändern"
                } else {
                    "Update templates"
                }
            }
            "list_agents" => "Team",
            "job_queue_stats" => {
                if de {
                    "Warteschlangen"
                } else {
                    "Queues"
                }
            }
            "retry_dead_job" => {
                if de {
                    "Job wiederholen"
                } else {
                    "Retry job"
                }
            }
            "remember" => {
                if de {
                    "Merken"
                } else {
                    "Remember"
                }
            }
            "recall" => {
                if de {
                    "Erinnern"
                } else {
                    "Recall"
                }
            }
            "forget" => {
                if de {
                    "Vergessen"
                } else {
                    "Forget"
                }
            }
            "propose_viewing_slots" => {
                if de {
                    "Freie Termine"
                } else {
                    "Free slots"
                }
            }
            "list_pending_actions" => {
                if de {
                    "Offene Freigaben"
                } else {
                    "Pending approvals"
                }
            }
            other => return other.replace('_', " "),
        };
        label.to_owned()
    }

    pub fn pending_status(&self, s: PendingStatus) -> &'static str {
        match (s, self.locale) {
            (PendingStatus::Pending, Locale::De) => "Wartet auf Freigabe",
            (PendingStatus::Executed, Locale::De) => "Ausgeführt",
            (PendingStatus::Failed, Locale::De) => "Fehlgeschlagen",
            (PendingStatus::Rejected, Locale::De) => "Abgelehnt",
            (PendingStatus::Pending, Locale::En) => "Awaiting approval",
            (PendingStatus::Executed, Locale::En) => "Done",
            (PendingStatus::Failed, Locale::En) => "Failed",
            (PendingStatus::Rejected, Locale::En) => "Rejected",
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
            (ActivityKind::EmailOut, Locale::De) => "E-Mail gesendet",
            (ActivityKind::Inquiry, Locale::De) => "Anfrage",
            (ActivityKind::Sentiment, Locale::De) => "Stimmung",
            (ActivityKind::Created, Locale::En) => "Created",
            (ActivityKind::Updated, Locale::En) => "Updated",
            (ActivityKind::StatusChanged, Locale::En) => "Status changed",
            (ActivityKind::Assigned, Locale::En) => "Assignment",
            (ActivityKind::Note, Locale::En) => "Note",
            (ActivityKind::EmailIn, Locale::En) => "Email received",
            (ActivityKind::EmailOut, Locale::En) => "Email sent",
            (ActivityKind::Inquiry, Locale::En) => "Inquiry",
            (ActivityKind::Sentiment, Locale::En) => "Sentiment",
            // Auto-click (the job that follows a portal's contact link)
            (ActivityKind::AutoClick, Locale::De) => "Portal-Link abgerufen",
            (ActivityKind::AutoClick, Locale::En) => "Portal link followed",
            (ActivityKind::ReplyDrafted, Locale::De) => "Antwort entworfen",
            (ActivityKind::ReplyDrafted, Locale::En) => "Reply drafted",
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

    pub fn energy_certificate_type(&self, e: EnergyCertificateType) -> &'static str {
        match (e, self.locale) {
            (EnergyCertificateType::Consumption, Locale::De) => "Verbrauchsausweis",
            (EnergyCertificateType::Demand, Locale::De) => "Bedarfsausweis",
            (EnergyCertificateType::Consumption, Locale::En) => "Consumption certificate",
            (EnergyCertificateType::Demand, Locale::En) => "Demand certificate",
        }
    }

    /// A language by its own name, as language pickers show it.
    pub fn locale_name(&self, l: Locale) -> &'static str {
        match l {
            Locale::De => "Deutsch",
            Locale::En => "English",
        }
    }

    /// A usage log purpose (`ai_usage_logs.purpose`) as the AI card names it.
    pub fn ai_purpose_name(&self, purpose: &str) -> String {
        let name = match (purpose, self.locale) {
            ("chat", Locale::De) => "Chat",
            ("router", Locale::De) => "Einordnung der Fragen",
            ("summary", Locale::De) => "Zusammenfassungen",
            ("auto_reply", Locale::De) => "Erstantworten",
            ("sentiment", Locale::De) => "Stimmung der Anfragen",
            ("embedding", Locale::De) => "Suche (Embeddings)",
            ("chat", Locale::En) => "Chat",
            ("router", Locale::En) => "Routing questions",
            ("summary", Locale::En) => "Summaries",
            ("auto_reply", Locale::En) => "First replies",
            ("sentiment", Locale::En) => "Inquiry sentiment",
            ("embedding", Locale::En) => "Search (embeddings)",
            (other, _) => return other.to_owned(),
        };
        name.to_owned()
    }

    pub fn role(&self, r: Role) -> &'static str {
        match (r, self.locale) {
            (Role::SuperAdmin, Locale::De) => "Plattform-Admin",
            (Role::Admin, Locale::De) => "Büro-Admin",
            (Role::Agent, Locale::De) => "Makler:in",
            (Role::SuperAdmin, Locale::En) => "Platform admin",
            (Role::Admin, Locale::En) => "Office admin",
            (Role::Agent, Locale::En) => "Agent",
        }
    }
}

pub static DE: Texts = Texts {
    locale: Locale::De,
    app_name: "Immivo",
    nav_dashboard: "Übersicht",
    nav_leads: "Leads",
    nav_pipeline: "Pipeline",
    nav_properties: "Objekte",
    nav_users: "Team",
    nav_settings: "Einstellungen",
    nav_admin: "Plattform",
    sign_out: "Abmelden",
    language: "Sprache",
    login_title: "Willkommen bei Immivo",
    login_subtitle: "Melden Sie sich mit Ihrem Büro-Konto an.",
    email: "E-Mail",
    password: "Passwort",
    sign_in: "Anmelden",
    wrong_credentials: "E-Mail oder Passwort ist falsch.",
    too_many_attempts: "Zu viele Versuche. Bitte warten Sie kurz.",
    invite_title: "Einladung annehmen",
    invite_accept: "Passwort festlegen und loslegen",
    loading: "Wird geladen …",
    error_generic: "Etwas ist schiefgelaufen. Bitte versuchen Sie es erneut.",
    not_found: "Nicht gefunden.",
    save: "Speichern",
    saved: "Gespeichert",
    cancel: "Abbrechen",
    edit: "Bearbeiten",
    create: "Anlegen",
    search: "Suchen …",
    filter_all: "Alle",
    next_page: "Weiter",
    previous_page: "Zurück",
    total: "gesamt",
    none: "—",
    dashboard_title: "Übersicht",
    dashboard_newest: "Neueste Leads",
    dashboard_active_properties: "Aktive Objekte",
    leads_title: "Leads",
    lead_new: "Neuer Lead",
    lead_name: "Name",
    lead_first_name: "Vorname",
    lead_last_name: "Nachname",
    lead_salutation: "Anrede",
    lead_phone: "Telefon",
    lead_message: "Nachricht",
    lead_source: "Quelle",
    lead_status: "Status",
    lead_score: "Score",
    lead_budget: "Budget",
    lead_budget_min: "Budget von (€)",
    lead_budget_max: "Budget bis (€)",
    lead_timeframe: "Zeitrahmen",
    lead_financing: "Finanzierung",
    lead_property: "Objekt",
    lead_assigned: "Zuständig",
    lead_created: "Eingegangen",
    lead_activities: "Verlauf",
    lead_add_note: "Notiz hinzufügen",
    lead_note_placeholder: "Notiz zum Gespräch …",
    lead_change_status: "Status ändern",
    lead_score_factors: "Score-Faktoren",
    lead_no_score_yet: "Noch nicht bewertet.",
    leads_empty: "Keine Leads gefunden.",
    pipeline_title: "Pipeline",
    pipeline_move_to: "Verschieben nach",
    properties_title: "Objekte",
    property_new: "Neues Objekt",
    property_title: "Titel",
    property_reference: "Objekt-Nr.",
    property_type: "Objektart",
    property_marketing: "Vermarktung",
    property_status: "Status",
    property_street: "Straße",
    property_house_number: "Hausnummer",
    property_postcode: "PLZ",
    property_city: "Ort",
    property_country: "Land",
    property_price: "Preis (€)",
    property_rooms: "Zimmer",
    property_living_area: "Wohnfläche (m²)",
    property_plot_area: "Grundstück (m²)",
    property_year_built: "Baujahr",
    property_energy_class: "Energieklasse",
    property_energy_value: "Energiekennwert (kWh/m²a)",
    property_heating: "Heizung",
    property_description: "Beschreibung",
    property_features: "Ausstattung (durch Komma getrennt)",
    property_archive: "Archivieren",
    properties_empty: "Keine Objekte gefunden.",
    users_title: "Team",
    user_invite: "Kolleg:in einladen",
    user_name: "Name",
    user_role: "Rolle",
    user_active: "Aktiv",
    user_invited: "Eingeladen",
    user_invite_link: "Einladungslink (nur jetzt sichtbar):",
    user_deactivate: "Deaktivieren",
    user_activate: "Aktivieren",
    settings_title: "Einstellungen",
    settings_office: "Büro",
    settings_time_zone: "Zeitzone",
    settings_auto_reply: "Antworten automatisch senden",
    settings_reply_tone: "Tonalität der Antworten",
    settings_signature: "E-Mail-Signatur",
    settings_password: "Passwort ändern",
    settings_sessions: "Anmeldungen",
    settings_sessions_hint: "Ein verlorenes Gerät oder ein geteilter Rechner? Beenden Sie alle Anmeldungen Ihres Kontos, auch diese. API-Schlüssel bleiben gültig.",
    settings_sign_out_everywhere: "Überall abmelden",
    settings_current_password: "Aktuelles Passwort",
    settings_new_password: "Neues Passwort",
    settings_api_keys: "API-Schlüssel",
    inbound_title: "Eingangsadresse für Anfragen",
    inbound_hint: "Ihr Mail-Relay (oder AWS SES) sendet Portal-Benachrichtigungen als Roh-E-Mail per HTTP-POST an diese Adresse; jede Anfrage wird zum Lead.",
    inbound_rotate: "Neue Adresse erzeugen",
    inbound_rotate_confirm: "Die bisherige Adresse funktioniert danach nicht mehr. Fortfahren?",
    inbound_recent: "Zuletzt eingegangen",
    inbound_empty: "Noch keine E-Mails eingegangen.",
    inbound_reprocess: "Erneut verarbeiten",
    inbound_open_lead: "Zum Lead",
    // lead intake: inbox, inquiries on the lead's page, intake and job queues
    nav_jarvis: "Jarvis",
    search_title: "Suche",
    search_placeholder: "Suchen …",
    search_empty: "Nichts gefunden.",
    search_both: "Bedeutung + Wörter",
    search_meaning: "ähnliche Bedeutung",
    search_words: "Worttreffer",
    jarvis_title: "Jarvis – dein Assistent",
    jarvis_new_chat: "Neuer Chat",
    jarvis_hint: "Frag Jarvis nach Leads, Objekten, Zahlen oder Antworten – zum Beispiel „Zeige meine neuen Leads“.",
    jarvis_placeholder: "Nachricht an Jarvis …",
    jarvis_send: "Senden",
    jarvis_stop: "Stopp",
    jarvis_offline: "KI offline: Jarvis antwortet mit festen Regeln (kein KI-Modell eingerichtet).",
    jarvis_offline_budget: "KI offline: das monatliche KI-Budget des Büros ist aufgebraucht; bis Monatsende antwortet Jarvis mit festen Regeln.",
    jarvis_approve: "Freigeben",
    jarvis_reject: "Ablehnen",
    jarvis_lead_chat: "Jarvis zu diesem Lead",
    speed_to_lead: "Reaktionszeit",
    speed_arrived: "Eingang",
    speed_drafted: "Antwort entworfen",
    speed_sent: "Antwort gesendet",
    speed_median: "Erste Antwort (Median)",
    speed_none: "noch keine",
    nav_intake: "Eingang",
    lead_completeness: "Vollständigkeit",
    lead_check: "Bitte prüfen",
    lead_duplicate_open: "Anderen Lead öffnen",
    lead_inquiries: "Anfragen",
    lead_inquiries_merged: "Anfragen derselben Person wurden zu diesem Lead zusammengeführt.",
    lead_inquiries_none: "Dieser Lead stammt nicht aus einer empfangenen Anfrage.",
    lead_inquiry_show: "Original anzeigen",
    lead_inquiry_hide: "Original ausblenden",
    lead_inquiry_source: "Quelltext der Nachricht",
    lead_inquiry_truncated: "(gekürzt)",
    intake_title: "Eingang und Hintergrundaufgaben",
    intake_hint: "Jede empfangene Anfrage wird gespeichert, bevor sie verarbeitet wird. Nicht erkannte oder fehlgeschlagene Nachrichten bleiben hier sichtbar und können nach einer Korrektur erneut verarbeitet werden.",
    intake_mail: "Empfangene Nachrichten",
    jobs_title: "Warteschlangen",
    jobs_queue: "Warteschlange",
    jobs_queued: "Wartend",
    jobs_running: "Läuft",
    jobs_done: "Erledigt",
    jobs_dead: "Abgebrochen",
    jobs_waiting_since: "Wartet seit",
    jobs_dead_title: "Abgebrochene Aufgaben",
    jobs_dead_hint: "Aufgaben, die auch nach allen Wiederholungen fehlschlugen. Sie bleiben mit ihrem letzten Fehler erhalten.",
    jobs_dead_empty: "Keine abgebrochenen Aufgaben.",
    jobs_attempts: "Versuche",
    jobs_retry: "Erneut ausführen",
    // Website widget settings
    widget_title: "Website-Formular",
    widget_hint: "Binden Sie das Anfrageformular auf Ihrer eigenen Website ein: Jede Anfrage wird wie eine Portal-Anfrage zum Lead.",
    widget_key: "Öffentlicher Widget-Schlüssel",
    widget_rotate: "Neuen Schlüssel erzeugen",
    widget_rotate_confirm: "Eingebundene Formulare mit dem bisherigen Schlüssel funktionieren danach nicht mehr. Fortfahren?",
    widget_snippet: "Code zum Einbinden",
    widget_snippet_hint: "Fügen Sie diesen Code dort in Ihre Seite ein, wo das Formular erscheinen soll. data-property ist die Objektnummer des Exposés (optional), data-lang \"de\" oder \"en\".",
    widget_copy: "Kopieren",
    widget_copied: "Kopiert",
    widget_origins: "Erlaubte Websites",
    widget_origins_hint: "Eine Adresse pro Zeile, z. B. https://www.ihre-maklerseite.de (ohne Pfad). Nur von diesen Seiten nimmt das Formular Anfragen an.",
    widget_origins_save: "Websites speichern",
    widget_origin_invalid: "ist keine Website-Adresse",
    widget_origin_insecure: "muss mit https:// beginnen",
    widget_origin_path: "darf keinen Pfad enthalten",
    api_key_name: "Bezeichnung",
    api_key_create: "Schlüssel erzeugen",
    api_key_shown_once: "Nur jetzt sichtbar – bitte sicher speichern:",
    api_key_revoke: "Widerrufen",
    api_key_revoked: "Widerrufen",
    admin_title: "Plattform",
    admin_tenants: "Büros",
    admin_users: "Benutzer",
    admin_leads: "Leads",
    admin_properties: "Objekte",
    forbidden: "Dafür fehlen Ihnen die Rechte.",
    field_required: "Pflichtfeld",
    field_invalid_email: "Keine gültige E-Mail-Adresse",
    field_invalid_phone: "Keine gültige Telefonnummer",
    field_too_long: "Zu lang",
    field_out_of_range: "Außerhalb des erlaubten Bereichs",
    field_invalid_range: "Minimum liegt über dem Maximum",
    field_weak_password: "Mindestens 10 Zeichen",
    field_invalid: "Ungültig",
    field_invalid_transition: "Dieser Statuswechsel ist nicht möglich",
    date_format: "%d.%m.%Y",
    date_time_format: "%d.%m.%Y, %H:%M UTC",
    form_invalid: "Bitte prüfen Sie die markierten Felder.",
    delete: "Löschen",
    back: "Zurück",
    search_label: "Suche",
    search_button: "Suchen",
    pagination: "Seiten",
    budget_from: "ab",
    budget_up_to: "bis",
    lead_min_score: "Score ab",
    no_property: "Kein Objekt",
    salutation_ms: "Frau",
    salutation_mr: "Herr",
    lead_not_found: "Diesen Lead gibt es nicht – oder Sie dürfen ihn nicht sehen.",
    back_to_leads: "Zurück zu den Leads",
    unassigned: "Nicht zugewiesen",
    lead_edit: "Lead bearbeiten",
    lead_delete_confirm: "Diesen Lead mit seinem Verlauf endgültig löschen?",
    lead_current_status: "Aktuell:",
    lead_status_reason: "Begründung (optional)",
    pipeline_show_all: "Alle anzeigen",
    price_on_request: "Preis auf Anfrage",
    per_month: "/ Monat",
    filter_not_archived: "Alle außer archivierten",
    property_max_price: "Preis bis (€)",
    property_living_area_short: "Wohnfläche",
    property_not_found: "Dieses Objekt gibt es nicht.",
    back_to_properties: "Zurück zu den Objekten",
    property_archive_confirm: "Dieses Objekt archivieren? Es verschwindet aus Listen und Portal-Exporten, seine Leads bleiben.",
    property_edit: "Objekt bearbeiten",
    property_address: "Adresse",
    property_energy_certificate: "Energieausweis",
    created_at: "Angelegt",
    updated_at: "Zuletzt geändert",
    property_features_title: "Ausstattung",
    property_leads: "Anfragen zu diesem Objekt",
    property_reference_taken: "Diese Objekt-Nr. ist bereits vergeben.",
    please_choose: "Bitte wählen …",
    country_of_office: "Wie das Büro",
    property_section_address: "Lage",
    property_section_facts: "Eckdaten",
    property_section_energy: "Energie",
    property_section_description: "Beschreibung und Ausstattung",
    property_features_placeholder: "Balkon, Einbauküche, Aufzug",
    field_mismatch: "Stimmt nicht überein",
    user_cannot_change_self: "Die eigene Rolle lässt sich nicht ändern, das eigene Konto nicht deaktivieren.",
    users_empty: "Noch keine Kolleg:innen.",
    user_state: "Zustand",
    actions: "Aktionen",
    user_inactive: "Deaktiviert",
    user_deactivate_confirm: "Dieses Konto deaktivieren? Alle Sitzungen enden sofort.",
    user_email_taken: "Für diese E-Mail-Adresse gibt es schon ein Konto.",
    user_invite_send: "Einladen",
    settings_locale: "Sprache des Büros",
    settings_repeat_password: "Neues Passwort wiederholen",
    api_keys_hint: "Für Schnittstellen zu anderen Systemen. Ein Schlüssel hat Ihre Rechte.",
    api_keys_empty: "Noch keine API-Schlüssel.",
    api_key_prefix: "Präfix",
    api_key_last_used: "Zuletzt benutzt",
    never: "Nie",
    api_key_revoke_confirm: "Diesen Schlüssel widerrufen? Systeme, die ihn nutzen, verlieren sofort den Zugang.",
    admin_no_tenants: "Noch keine Büros.",
    admin_office: "Büro",
    admin_plan: "Tarif",
    // IMAP mailboxes (lead intake)
    mailboxes_title: "Postfächer (IMAP)",
    mailboxes_hint: "Anfragen, die in diesen Postfächern eingehen, werden automatisch zu Leads. Die E-Mails bleiben ungelesen; das Passwort wird verschlüsselt gespeichert und nie wieder angezeigt.",
    mailboxes_empty: "Noch kein Postfach eingerichtet.",
    mailbox_add: "Postfach hinzufügen",
    mailbox_edit: "Postfach bearbeiten",
    mailbox_host: "IMAP-Server",
    mailbox_port: "Port",
    mailbox_security: "Verschlüsselung",
    mailbox_username: "Benutzername",
    mailbox_password: "Passwort",
    mailbox_password_keep: "Leer lassen, um das gespeicherte Passwort zu behalten",
    mailbox_folder: "Ordner",
    mailbox_enabled: "Aktiv: neue E-Mails werden abgerufen",
    mailbox_paused: "Pausiert",
    mailbox_shared: "Büro",
    mailbox_personal: "Persönlich",
    mailbox_last_polled: "Zuletzt abgerufen",
    mailbox_never_polled: "Noch nicht abgerufen",
    mailbox_test: "Verbindung testen",
    mailbox_test_ok: "Verbindung erfolgreich",
    mailbox_test_messages: "Nachrichten im Ordner",
    mailbox_test_idle: "neue E-Mails kommen sofort an (IDLE)",
    mailbox_test_failed: "Verbindung fehlgeschlagen",
    mailbox_delete_confirm: "Dieses Postfach entfernen? Bereits eingegangene Anfragen bleiben erhalten.",
    weekdays: ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"],
    field_overlap: "Zwei Zeitfenster eines Tages überschneiden sich",
    field_too_many: "Zu viele Einträge",
    settings_viewing_times: "Besichtigungszeiten des Büros",
    settings_viewing_times_hint: "Gelten für alle, die keine eigenen Zeiten festgelegt haben. Jarvis bietet Interessent:innen daraus die nächsten Termine an.",
    availability_title: "Meine Besichtigungszeiten",
    availability_hint: "Aus diesen Zeiten schlägt Jarvis Ihren Leads Besichtigungstermine vor, in der Erstantwort und im Chat.",
    availability_for: "Zeiten von",
    availability_me: "Meine Zeiten",
    availability_none: "keine Besichtigungen",
    availability_from: "von",
    availability_to: "bis",
    availability_remove: "Zeitfenster entfernen",
    availability_add: "+ Zeitfenster",
    availability_own: "Eigene Zeiten festlegen",
    availability_office_applies: "Es gelten die Besichtigungszeiten des Büros.",
    ai_title: "KI und Budget",
    ai_hint: "Jarvis nutzt ein KI-Modell für Chat, Erstantworten, Stimmung und Suche. Ist das Monatsbudget aufgebraucht, antwortet Jarvis bis Monatsende mit festen Regeln.",
    ai_online: "KI aktiv",
    ai_not_configured: "KI offline: kein KI-Modell eingerichtet. Jarvis antwortet mit festen Regeln. Der Betrieb richtet es mit IMMIVO_OPENAI_API_KEY oder IMMIVO_OPENAI_BASE_URL ein.",
    ai_embeddings: "Embeddings",
    ai_this_month: "Diesen Monat verbraucht",
    ai_no_calls: "Diesen Monat noch keine KI-Aufrufe.",
    ai_purpose: "Zweck",
    ai_calls: "Aufrufe",
    ai_tokens: "Tokens (ein / aus)",
    ai_cost: "Kosten",
    ai_budget: "Monatsbudget",
    ai_budget_default: "Standardbudget der Plattform verwenden",
};

pub static EN: Texts = Texts {
    locale: Locale::En,
    app_name: "Immivo",
    nav_dashboard: "Dashboard",
    nav_leads: "Leads",
    nav_pipeline: "Pipeline",
    nav_properties: "Properties",
    nav_users: "Team",
    nav_settings: "Settings",
    nav_admin: "Platform",
    sign_out: "Sign out",
    language: "Language",
    login_title: "Welcome to Immivo",
    login_subtitle: "Sign in with your office account.",
    email: "Email",
    password: "Password",
    sign_in: "Sign in",
    wrong_credentials: "Email or password is wrong.",
    too_many_attempts: "Too many attempts. Please wait a moment.",
    invite_title: "Accept invitation",
    invite_accept: "Set password and start",
    loading: "Loading …",
    error_generic: "Something went wrong. Please try again.",
    not_found: "Not found.",
    save: "Save",
    saved: "Saved",
    cancel: "Cancel",
    edit: "Edit",
    create: "Create",
    search: "Search …",
    filter_all: "All",
    next_page: "Next",
    previous_page: "Back",
    total: "total",
    none: "—",
    dashboard_title: "Dashboard",
    dashboard_newest: "Newest leads",
    dashboard_active_properties: "Active properties",
    leads_title: "Leads",
    lead_new: "New lead",
    lead_name: "Name",
    lead_first_name: "First name",
    lead_last_name: "Last name",
    lead_salutation: "Salutation",
    lead_phone: "Phone",
    lead_message: "Message",
    lead_source: "Source",
    lead_status: "Status",
    lead_score: "Score",
    lead_budget: "Budget",
    lead_budget_min: "Budget from (€)",
    lead_budget_max: "Budget to (€)",
    lead_timeframe: "Time frame",
    lead_financing: "Financing",
    lead_property: "Property",
    lead_assigned: "Assigned to",
    lead_created: "Received",
    lead_activities: "Activity",
    lead_add_note: "Add note",
    lead_note_placeholder: "Note about the conversation …",
    lead_change_status: "Change status",
    lead_score_factors: "Score factors",
    lead_no_score_yet: "Not scored yet.",
    leads_empty: "No leads found.",
    pipeline_title: "Pipeline",
    pipeline_move_to: "Move to",
    properties_title: "Properties",
    property_new: "New property",
    property_title: "Title",
    property_reference: "Object no.",
    property_type: "Type",
    property_marketing: "Marketing",
    property_status: "Status",
    property_street: "Street",
    property_house_number: "House number",
    property_postcode: "Postcode",
    property_city: "City",
    property_country: "Country",
    property_price: "Price (€)",
    property_rooms: "Rooms",
    property_living_area: "Living area (m²)",
    property_plot_area: "Plot (m²)",
    property_year_built: "Year built",
    property_energy_class: "Energy class",
    property_energy_value: "Energy value (kWh/m²a)",
    property_heating: "Heating",
    property_description: "Description",
    property_features: "Features (comma separated)",
    property_archive: "Archive",
    properties_empty: "No properties found.",
    users_title: "Team",
    user_invite: "Invite colleague",
    user_name: "Name",
    user_role: "Role",
    user_active: "Active",
    user_invited: "Invited",
    user_invite_link: "Invitation link (visible only now):",
    user_deactivate: "Deactivate",
    user_activate: "Activate",
    settings_title: "Settings",
    settings_office: "Office",
    settings_time_zone: "Time zone",
    settings_auto_reply: "Send replies automatically",
    settings_reply_tone: "Tone of replies",
    settings_signature: "Email signature",
    settings_password: "Change password",
    settings_sessions: "Sign-ins",
    settings_sessions_hint: "A lost device or a shared computer? End every sign-in of your account, this one included. API keys stay valid.",
    settings_sign_out_everywhere: "Sign out everywhere",
    settings_current_password: "Current password",
    settings_new_password: "New password",
    settings_api_keys: "API keys",
    inbound_title: "Inbound address for inquiries",
    inbound_hint: "Your mail relay (or AWS SES) posts portal notifications to this address as raw e-mail over HTTP; every inquiry becomes a lead.",
    inbound_rotate: "New address",
    inbound_rotate_confirm: "The current address will stop working. Continue?",
    inbound_recent: "Recently received",
    inbound_empty: "No mail received yet.",
    inbound_reprocess: "Process again",
    inbound_open_lead: "Open lead",
    // lead intake: inbox, inquiries on the lead's page, intake and job queues
    nav_jarvis: "Jarvis",
    search_title: "Search",
    search_placeholder: "Search …",
    search_empty: "Nothing found.",
    search_both: "meaning + words",
    search_meaning: "similar meaning",
    search_words: "word match",
    jarvis_title: "Jarvis – your assistant",
    jarvis_new_chat: "New chat",
    jarvis_hint: "Ask Jarvis about leads, properties, figures or replies – for example “show my new leads”.",
    jarvis_placeholder: "Message Jarvis …",
    jarvis_send: "Send",
    jarvis_stop: "Stop",
    jarvis_offline: "AI offline: Jarvis answers with fixed rules (no AI model configured).",
    jarvis_offline_budget: "AI offline: the office's monthly AI budget is used up; until the month ends Jarvis answers with fixed rules.",
    jarvis_approve: "Approve",
    jarvis_reject: "Reject",
    jarvis_lead_chat: "Jarvis on this lead",
    speed_to_lead: "Speed to lead",
    speed_arrived: "Arrived",
    speed_drafted: "Reply drafted",
    speed_sent: "Reply sent",
    speed_median: "First reply (median)",
    speed_none: "none yet",
    nav_intake: "Intake",
    lead_completeness: "Completeness",
    lead_check: "Please check",
    lead_duplicate_open: "Open the other lead",
    lead_inquiries: "Inquiries",
    lead_inquiries_merged: "inquiries from the same person were merged into this lead.",
    lead_inquiries_none: "This lead did not come from a received inquiry.",
    lead_inquiry_show: "Show original",
    lead_inquiry_hide: "Hide original",
    lead_inquiry_source: "Message source",
    lead_inquiry_truncated: "(truncated)",
    intake_title: "Intake and background jobs",
    intake_hint: "Every received inquiry is stored before it is processed. Unrecognised or failed messages stay visible here and can be processed again after a fix.",
    intake_mail: "Received messages",
    jobs_title: "Queues",
    jobs_queue: "Queue",
    jobs_queued: "Queued",
    jobs_running: "Running",
    jobs_done: "Done",
    jobs_dead: "Dead",
    jobs_waiting_since: "Waiting since",
    jobs_dead_title: "Dead jobs",
    jobs_dead_hint: "Jobs that failed on every attempt. They are kept with their last error.",
    jobs_dead_empty: "No dead jobs.",
    jobs_attempts: "Attempts",
    jobs_retry: "Retry",
    // Website widget settings
    widget_title: "Website form",
    widget_hint: "Embed the inquiry form on your own website: every inquiry becomes a lead, just like a portal inquiry.",
    widget_key: "Public widget key",
    widget_rotate: "New key",
    widget_rotate_confirm: "Embedded forms with the current key will stop working. Continue?",
    widget_snippet: "Embed code",
    widget_snippet_hint: "Paste this code into your page where the form should appear. data-property is the listing's object number (optional), data-lang \"de\" or \"en\".",
    widget_copy: "Copy",
    widget_copied: "Copied",
    widget_origins: "Allowed websites",
    widget_origins_hint: "One address per line, e.g. https://www.your-agency.com (no path). The form accepts inquiries from these sites only.",
    widget_origins_save: "Save websites",
    widget_origin_invalid: "is not a website address",
    widget_origin_insecure: "must start with https://",
    widget_origin_path: "must not contain a path",
    api_key_name: "Name",
    api_key_create: "Create key",
    api_key_shown_once: "Visible only now – store it safely:",
    api_key_revoke: "Revoke",
    api_key_revoked: "Revoked",
    admin_title: "Platform",
    admin_tenants: "Offices",
    admin_users: "Users",
    admin_leads: "Leads",
    admin_properties: "Properties",
    forbidden: "You are not allowed to do that.",
    field_required: "Required",
    field_invalid_email: "Not a valid email address",
    field_invalid_phone: "Not a valid phone number",
    field_too_long: "Too long",
    field_out_of_range: "Out of range",
    field_invalid_range: "Minimum is above maximum",
    field_weak_password: "At least 10 characters",
    field_invalid: "Invalid",
    field_invalid_transition: "This status change is not possible",
    date_format: "%Y-%m-%d",
    date_time_format: "%Y-%m-%d %H:%M UTC",
    form_invalid: "Please check the marked fields.",
    delete: "Delete",
    back: "Back",
    search_label: "Search",
    search_button: "Search",
    pagination: "Pages",
    budget_from: "from",
    budget_up_to: "up to",
    lead_min_score: "Minimum score",
    no_property: "No property",
    salutation_ms: "Ms",
    salutation_mr: "Mr",
    lead_not_found: "This lead does not exist, or you may not see it.",
    back_to_leads: "Back to leads",
    unassigned: "Not assigned",
    lead_edit: "Edit lead",
    lead_delete_confirm: "Delete this lead and its history for good?",
    lead_current_status: "Currently:",
    lead_status_reason: "Reason (optional)",
    pipeline_show_all: "Show all",
    price_on_request: "Price on request",
    per_month: "/ month",
    filter_not_archived: "All but archived",
    property_max_price: "Max. price (€)",
    property_living_area_short: "Living area",
    property_not_found: "This property does not exist.",
    back_to_properties: "Back to properties",
    property_archive_confirm: "Archive this property? It leaves lists and portal exports; its leads stay.",
    property_edit: "Edit property",
    property_address: "Address",
    property_energy_certificate: "Energy certificate",
    created_at: "Created",
    updated_at: "Last changed",
    property_features_title: "Features",
    property_leads: "Enquiries for this property",
    property_reference_taken: "This object number is in use already.",
    please_choose: "Please choose …",
    country_of_office: "Same as the office",
    property_section_address: "Location",
    property_section_facts: "Key facts",
    property_section_energy: "Energy",
    property_section_description: "Description and features",
    property_features_placeholder: "Balcony, fitted kitchen, lift",
    field_mismatch: "Does not match",
    user_cannot_change_self: "You cannot change your own role or deactivate yourself.",
    users_empty: "No colleagues yet.",
    user_state: "State",
    actions: "Actions",
    user_inactive: "Deactivated",
    user_deactivate_confirm: "Deactivate this account? All its sessions end at once.",
    user_email_taken: "There is an account for this email address already.",
    user_invite_send: "Invite",
    settings_locale: "Office language",
    settings_repeat_password: "Repeat new password",
    api_keys_hint: "For integrations with other systems. A key has your rights.",
    api_keys_empty: "No API keys yet.",
    api_key_prefix: "Prefix",
    api_key_last_used: "Last used",
    never: "Never",
    api_key_revoke_confirm: "Revoke this key? Systems using it lose access at once.",
    admin_no_tenants: "No offices yet.",
    admin_office: "Office",
    admin_plan: "Plan",
    // IMAP mailboxes (lead intake)
    mailboxes_title: "Mailboxes (IMAP)",
    mailboxes_hint: "Inquiries arriving in these mailboxes become leads automatically. The mails stay unread; the password is stored encrypted and never shown again.",
    mailboxes_empty: "No mailbox set up yet.",
    mailbox_add: "Add mailbox",
    mailbox_edit: "Edit mailbox",
    mailbox_host: "IMAP server",
    mailbox_port: "Port",
    mailbox_security: "Encryption",
    mailbox_username: "User name",
    mailbox_password: "Password",
    mailbox_password_keep: "Leave empty to keep the stored password",
    mailbox_folder: "Folder",
    mailbox_enabled: "Enabled: new mail is fetched",
    mailbox_paused: "Paused",
    mailbox_shared: "Office",
    mailbox_personal: "Personal",
    mailbox_last_polled: "Last checked",
    mailbox_never_polled: "Not checked yet",
    mailbox_test: "Test connection",
    mailbox_test_ok: "Connection works",
    mailbox_test_messages: "messages in the folder",
    mailbox_test_idle: "new mail arrives at once (IDLE)",
    mailbox_test_failed: "Connection failed",
    mailbox_delete_confirm: "Remove this mailbox? Inquiries received so far are kept.",
    weekdays: ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
    field_overlap: "Two windows of one day overlap",
    field_too_many: "Too many entries",
    settings_viewing_times: "Office viewing times",
    settings_viewing_times_hint: "Apply to everyone who has not set their own times. Jarvis offers leads the next times from them.",
    availability_title: "My viewing times",
    availability_hint: "Jarvis proposes viewings to your leads from these times, in the first reply and in the chat.",
    availability_for: "Times of",
    availability_me: "My times",
    availability_none: "no viewings",
    availability_from: "from",
    availability_to: "to",
    availability_remove: "Remove window",
    availability_add: "+ Window",
    availability_own: "Set my own times",
    availability_office_applies: "The office's viewing times apply.",
    ai_title: "AI and budget",
    ai_hint: "Jarvis uses an AI model for chat, first replies, sentiment and search. Once the monthly budget is used up, Jarvis answers with fixed rules until the month ends.",
    ai_online: "AI active",
    ai_not_configured: "AI offline: no AI model configured. Jarvis answers with fixed rules. Operations set it up with IMMIVO_OPENAI_API_KEY or IMMIVO_OPENAI_BASE_URL.",
    ai_embeddings: "Embeddings",
    ai_this_month: "Used this month",
    ai_no_calls: "No AI calls this month yet.",
    ai_purpose: "Purpose",
    ai_calls: "Calls",
    ai_tokens: "Tokens (in / out)",
    ai_cost: "Cost",
    ai_budget: "Monthly budget",
    ai_budget_default: "Use the platform's default budget",
};
