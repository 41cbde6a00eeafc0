//! The text catalogue: one file per area, German and English side by side for each text. Every
//! text the UI shows is a field of an area's texts (`t.leads.new`, `t.common.save`), declared
//! with `area_texts!`, which takes both languages for each, so a missing translation is a compile
//! error, not a blank on screen. The names of enumerated values are methods of their area, German
//! and English next to each other in the match arms; a field and a method of the same name are a
//! heading and the name of one of its values (`t.leads.status` is "Status",
//! `t.leads.status(LeadStatus::New)` is "Neu").

use chrono_tz::Tz;
use leptos::prelude::*;

use model::Currency;
pub use model::Locale;

mod assistant;
mod assistant_phrases;
mod auth;
mod common;
mod dashboard;
mod errors;
mod intake;
mod lead_codes;
mod leads;
mod platform;
mod properties;
mod search;
mod settings;
mod users;

pub use assistant::AssistantTexts;
pub use auth::AuthTexts;
pub use common::CommonTexts;
pub use dashboard::DashboardTexts;
pub use errors::ErrorTexts;
pub use intake::IntakeTexts;
pub use lead_codes::Catalogue;
pub use leads::LeadTexts;
pub use platform::PlatformTexts;
pub use properties::PropertyTexts;
pub use search::SearchTexts;
pub use settings::SettingsTexts;
pub use users::UserTexts;

/// Declares an area's texts: `name: "Deutsch", "English";` per text. Makes the struct, with the
/// locale its methods name values in, and its `DE` and `EN` constants.
macro_rules! area_texts {
    ($(#[$doc:meta])* $name:ident { $($field:ident: $de:expr, $en:expr;)* }) => {
        $(#[$doc])*
        pub struct $name {
            pub locale: Locale,
            $(pub $field: &'static str,)*
        }

        impl $name {
            pub const DE: Self = Self { locale: Locale::De, $($field: $de,)* };
            pub const EN: Self = Self { locale: Locale::En, $($field: $en,)* };
        }
    };
}
use area_texts;

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

/// The language and the office's clock the UI speaks in.
#[derive(Clone, Copy)]
pub struct I18n {
    pub locale: RwSignal<Locale>,
    /// The office's time zone; set by the signed-in frame, before any page renders a time.
    pub zone: RwSignal<Tz>,
    /// The office's currency; set with the zone.
    pub currency: RwSignal<Currency>,
}

impl I18n {
    fn new(locale: Locale) -> Self {
        Self {
            locale: RwSignal::new(locale),
            zone: RwSignal::new(DEFAULT_ZONE),
            currency: RwSignal::new(DEFAULT_CURRENCY),
        }
    }

    /// The texts of the current locale; reading it subscribes the view to language changes.
    pub fn t(&self) -> &'static Texts {
        texts(self.locale.get())
    }

    /// One text of the current locale as a signal, for props that take one (`Field`'s label).
    pub fn signal(self, pick: fn(&Texts) -> &'static str) -> Signal<&'static str> {
        Signal::derive(move || pick(self.t()))
    }

    /// The office's currency as written beside an amount, for a field's unit.
    pub fn currency_symbol(self) -> Signal<&'static str> {
        Signal::derive(move || self.currency.get().symbol())
    }
}

pub fn provide_i18n() {
    provide_context(I18n::new(request_locale()));
}

pub fn use_i18n() -> I18n {
    use_context::<I18n>().unwrap_or_else(|| I18n::new(Locale::De))
}

/// The zone before the office's is known (and for an office whose zone no longer parses).
pub const DEFAULT_ZONE: Tz = chrono_tz::Europe::Berlin;
/// The currency before the office's is known.
pub const DEFAULT_CURRENCY: Currency = Currency::Eur;

pub fn texts(locale: Locale) -> &'static Texts {
    match locale {
        Locale::De => &DE,
        Locale::En => &EN,
    }
}

/// Every text of one language, by area.
pub struct Texts {
    pub locale: Locale,
    pub common: CommonTexts,
    pub errors: ErrorTexts,
    pub auth: AuthTexts,
    pub dashboard: DashboardTexts,
    pub leads: LeadTexts,
    pub properties: PropertyTexts,
    pub intake: IntakeTexts,
    pub assistant: AssistantTexts,
    pub search: SearchTexts,
    pub settings: SettingsTexts,
    pub users: UserTexts,
    pub platform: PlatformTexts,
}

pub static DE: Texts = Texts {
    locale: Locale::De,
    common: CommonTexts::DE,
    errors: ErrorTexts::DE,
    auth: AuthTexts::DE,
    dashboard: DashboardTexts::DE,
    leads: LeadTexts::DE,
    properties: PropertyTexts::DE,
    intake: IntakeTexts::DE,
    assistant: AssistantTexts::DE,
    search: SearchTexts::DE,
    settings: SettingsTexts::DE,
    users: UserTexts::DE,
    platform: PlatformTexts::DE,
};

pub static EN: Texts = Texts {
    locale: Locale::En,
    common: CommonTexts::EN,
    errors: ErrorTexts::EN,
    auth: AuthTexts::EN,
    dashboard: DashboardTexts::EN,
    leads: LeadTexts::EN,
    properties: PropertyTexts::EN,
    intake: IntakeTexts::EN,
    assistant: AssistantTexts::EN,
    search: SearchTexts::EN,
    settings: SettingsTexts::EN,
    users: UserTexts::EN,
    platform: PlatformTexts::EN,
};
