//! The types the browser and the server share: ids, enumerations, DTOs, filters, pages, the
//! error a client sees and the assistant's markdown. Nothing here touches the database or the
//! network; the wasm build compiles all of it. Features add only derives: `schema` (JSON Schema
//! for the assistant's tools), `graphql` (the API's types), `ssr` (HTTP statuses).

pub mod error;
#[cfg(feature = "graphql")]
pub mod graphql;
pub mod markdown;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A typed id: a lead id cannot be passed where a property id is meant.
macro_rules! id_type {
    ($($name:ident),+ $(,)?) => {$(
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
        #[serde(transparent)]
        pub struct $name(pub Uuid);

        #[cfg(feature = "graphql")]
        crate::graphql::id_scalar!($name);

        impl From<Uuid> for $name {
            fn from(id: Uuid) -> Self {
                Self(id)
            }
        }

        impl From<$name> for Uuid {
            fn from(id: $name) -> Self {
                id.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }

        impl std::str::FromStr for $name {
            type Err = uuid::Error;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s).map(Self)
            }
        }
    )+};
}

id_type!(TenantId, UserId, LeadId, PropertyId, ActivityId, ApiKeyId, JobId, InboundEmailId, ChatId, PendingActionId);

/// A closed set of values, stored as text (`as_str`) and sent under one name everywhere
/// (`Variant => "STORED" as "WIRE"`: server functions and GraphQL alike; without `as`, the stored
/// text is the name sent). GraphQL names allow no `-`, hence the two.
macro_rules! text_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $text:literal as $wire:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
        #[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
        pub enum $name {
            $(
                #[serde(rename = $wire)]
                #[cfg_attr(feature = "graphql", graphql(name = $wire))]
                $variant
            ),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }
        }

        impl std::str::FromStr for $name {
            type Err = UnknownValue;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($text => Ok($name::$variant),)+
                    other => Err(UnknownValue {
                        kind: stringify!($name),
                        value: other.to_owned(),
                        allowed: &[$($text),+],
                    }),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        text_enum!($(#[$meta])* $name { $($variant => $text as $text),+ });
    };
}

mod activity;
mod follow_up;
mod mail;
mod money;
mod phrase;
mod render;
mod score;

pub use activity::{ActivityDetail, Keyword, PageAddress, ReplyOutcome, SentimentLabel, SentimentReading, StatusCause};
pub use follow_up::{FollowUp, FollowUpPlan, FollowUpStatus, FollowUpStop, MAX_FOLLOW_UP_DAY, MAX_FOLLOW_UP_STEPS};
pub use mail::{MailStatus, MessageDirection, MessageId, ThreadMessage};
pub use money::{Currency, Money};
pub use phrase::Phrase;
pub use render::Render;
pub use score::{ScoreFactor, ScoreFactorCode, ScoreReason};

/// A text that names no value of an enumeration.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown {kind} '{value}' (allowed: {})", allowed.join(", "))]
pub struct UnknownValue {
    pub kind: &'static str,
    pub value: String,
    pub allowed: &'static [&'static str],
}

text_enum!(
    /// What a user may do: agents work their own leads, admins their office, super-admins the platform.
    Role { SuperAdmin => "SUPER_ADMIN", Admin => "ADMIN", Agent => "AGENT" }
);

impl Role {
    pub fn is_admin(self) -> bool {
        matches!(self, Role::Admin | Role::SuperAdmin)
    }
}

text_enum!(
    LeadStatus {
        New => "NEW",
        Contacted => "CONTACTED",
        Conversation => "CONVERSATION",
        Booked => "BOOKED",
        Lost => "LOST",
    }
);

impl LeadStatus {
    /// The pipeline moves forward one step at a time (a reply can skip CONTACTED, a viewing can be
    /// booked straight from CONTACTED); any open lead can be lost; a lost lead can be reopened.
    pub fn can_become(self, next: LeadStatus) -> bool {
        use LeadStatus::*;
        matches!(
            (self, next),
            (New, Contacted)
                | (New, Conversation)
                | (Contacted, Conversation)
                | (Contacted, Booked)
                | (Conversation, Booked)
                | (New | Contacted | Conversation | Booked, Lost)
                | (Lost, New)
        )
    }

    pub fn is_open(self) -> bool {
        !matches!(self, LeadStatus::Lost)
    }
}

text_enum!(
    LeadSource {
        Immoscout24 => "IMMOSCOUT24",
        Willhaben => "WILLHABEN",
        Immowelt => "IMMOWELT",
        Kleinanzeigen => "KLEINANZEIGEN",
        Homegate => "HOMEGATE",
        Immoscout24Ch => "IMMOSCOUT24_CH",
        Website => "WEBSITE",
        Email => "EMAIL",
        Phone => "PHONE",
        Referral => "REFERRAL",
        Manual => "MANUAL",
    }
);

text_enum!(
    Timeframe {
        Immediate => "IMMEDIATE",
        ThreeMonths => "THREE_MONTHS",
        SixMonths => "SIX_MONTHS",
        TwelveMonths => "TWELVE_MONTHS",
        Unknown => "UNKNOWN",
    }
);

text_enum!(
    Financing {
        Cash => "CASH",
        Approved => "APPROVED",
        InProgress => "IN_PROGRESS",
        None => "NONE",
        Unknown => "UNKNOWN",
    }
);

text_enum!(
    PropertyType {
        Apartment => "APARTMENT",
        House => "HOUSE",
        Land => "LAND",
        Commercial => "COMMERCIAL",
        Other => "OTHER",
    }
);

text_enum!(MarketingType { Buy => "BUY", Rent => "RENT" });

text_enum!(
    PropertyStatus {
        Draft => "DRAFT",
        Active => "ACTIVE",
        Reserved => "RESERVED",
        Sold => "SOLD",
        Rented => "RENTED",
        Archived => "ARCHIVED",
    }
);

text_enum!(
    EnergyCertificateType { Consumption => "CONSUMPTION", Demand => "DEMAND" }
);

text_enum!(
    ActivityKind {
        Created => "CREATED",
        Updated => "UPDATED",
        StatusChanged => "STATUS_CHANGED",
        Assigned => "ASSIGNED",
        Note => "NOTE",
        EmailIn => "EMAIL_IN",
        EmailOut => "EMAIL_OUT",
        EmailDelivery => "EMAIL_DELIVERY",
        Inquiry => "INQUIRY",
        Sentiment => "SENTIMENT",
        AutoClick => "AUTO_CLICK",
        ReplyDrafted => "REPLY_DRAFTED",
        FollowUp => "FOLLOW_UP",
    }
);

text_enum!(
    /// Something about a lead's data an agent should check. `PHONE_INVALID`: the number could
    /// not be read as a phone number and was kept as entered. `EMAIL_INVALID`: the inquiry's
    /// address is malformed and was not stored as the lead's address.
    LeadFlag {
        PhoneInvalid => "PHONE_INVALID",
        EmailInvalid => "EMAIL_INVALID",
        PossibleDuplicate => "POSSIBLE_DUPLICATE",
    }
);

text_enum!(Country { De => "DE", At => "AT", Ch => "CH" });

text_enum!(Locale { De => "de" as "DE", En => "en" as "EN" });

text_enum!(
    /// The named background queues; each has its own workers and concurrency. Stored as the
    /// kebab-case text.
    Queue {
        LeadEnrichment => "lead-enrichment" as "LEAD_ENRICHMENT",
        SentimentAnalysis => "sentiment-analysis" as "SENTIMENT_ANALYSIS",
        AutoClick => "auto-click" as "AUTO_CLICK",
        EmailSend => "email-send" as "EMAIL_SEND",
        Embedding => "embedding" as "EMBEDDING",
        PdfGenerate => "pdf-generate" as "PDF_GENERATE",
        ImageProcess => "image-process" as "IMAGE_PROCESS",
    }
);

text_enum!(
    /// A job's life: QUEUED (waiting, possibly delayed or backing off) → RUNNING (claimed by a
    /// worker) → DONE, or DEAD after its last allowed attempt failed.
    JobStatus { Queued => "QUEUED", Running => "RUNNING", Done => "DONE", Dead => "DEAD" }
);

/// Counts per status for one queue, for the admin view.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "graphql", derive(async_graphql::SimpleObject))]
pub struct QueueStats {
    pub queue: Queue,
    pub queued: u64,
    pub running: u64,
    pub done: u64,
    pub dead: u64,
    /// The earliest `run_at` among queued jobs: how long the longest-waiting job has been due.
    pub oldest_queued_at: Option<DateTime<Utc>>,
}

/// A job as admins see it (the payload stays out: it may carry personal data).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "graphql", derive(async_graphql::SimpleObject))]
pub struct JobSummary {
    pub id: JobId,
    /// `None` for platform jobs.
    pub tenant_id: Option<TenantId>,
    pub queue: Queue,
    pub kind: String,
    pub status: JobStatus,
    pub attempts: u32,
    pub max_attempts: u32,
    pub run_at: DateTime<Utc>,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
}

/// A listing's id on a portal, e.g. `IMMOSCOUT24` / `123456789`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "graphql", derive(async_graphql::SimpleObject, async_graphql::InputObject))]
#[cfg_attr(feature = "graphql", graphql(input_name = "ExternalIdInput"))]
pub struct ExternalId {
    pub portal: String,
    pub id: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "graphql", derive(async_graphql::SimpleObject), graphql(complex))]
pub struct Lead {
    pub id: LeadId,
    pub status: LeadStatus,
    pub source: LeadSource,
    pub salutation: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub message: Option<String>,
    /// Whole euros (francs for Swiss offices).
    // The API has always counted budgets in whole units; the model counts cents.
    #[cfg_attr(
        feature = "graphql",
        graphql(
            skip_output,
            derived(name = "budget_min", into = "Option<i64>", with = "crate::graphql::whole_units", owned)
        )
    )]
    pub budget_min: Option<Money>,
    #[cfg_attr(
        feature = "graphql",
        graphql(
            skip_output,
            derived(name = "budget_max", into = "Option<i64>", with = "crate::graphql::whole_units", owned)
        )
    )]
    pub budget_max: Option<Money>,
    pub timeframe: Timeframe,
    pub financing: Financing,
    pub score: i32,
    pub score_factors: Vec<ScoreFactor>,
    /// Share of contact and qualification fields filled in, 0–100.
    pub completeness: i32,
    pub flags: Vec<LeadFlag>,
    pub viewing_requested: bool,
    /// The time the inquiry named for a viewing, when it named one.
    pub viewing_wish: Option<ViewingWish>,
    pub property_id: Option<PropertyId>,
    pub assigned_to: Option<UserId>,
    /// Speed-to-lead: when the first reply was drafted and sent (the inquiry arrived at
    /// `created_at`).
    pub reply_drafted_at: Option<DateTime<Utc>>,
    pub reply_sent_at: Option<DateTime<Utc>>,
    /// The lead this one may duplicate (same phone number, another name or e-mail address).
    pub possible_duplicate_of: Option<LeadId>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Lead {
    pub fn display_name(&self) -> String {
        let name =
            [self.first_name.as_deref(), self.last_name.as_deref()].into_iter().flatten().collect::<Vec<_>>().join(" ");
        if name.is_empty() { self.email.clone().unwrap_or_else(|| "—".to_owned()) } else { name }
    }
}

/// Fields of a lead as a client sends them; on update, `None` leaves a field as it is.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "graphql", derive(async_graphql::InputObject))]
pub struct LeadInput {
    pub source: Option<LeadSource>,
    pub salutation: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub message: Option<String>,
    // The API sends whole euros (francs); the model counts cents.
    #[cfg_attr(feature = "graphql", graphql(process_with = "crate::graphql::from_whole_units"))]
    pub budget_min: Option<Money>,
    #[cfg_attr(feature = "graphql", graphql(process_with = "crate::graphql::from_whole_units"))]
    pub budget_max: Option<Money>,
    pub timeframe: Option<Timeframe>,
    pub financing: Option<Financing>,
    pub property_id: Option<PropertyId>,
    pub assigned_to: Option<UserId>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "graphql", derive(async_graphql::InputObject))]
pub struct LeadFilter {
    pub status: Option<LeadStatus>,
    pub source: Option<LeadSource>,
    pub min_score: Option<i32>,
    pub max_score: Option<i32>,
    pub assigned_to: Option<UserId>,
    pub property_id: Option<PropertyId>,
    /// Full-text search over name, contact and message.
    pub query: Option<String>,
    /// Only leads that arrived at or after this moment.
    pub created_after: Option<DateTime<Utc>>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Activity {
    pub id: ActivityId,
    pub lead_id: LeadId,
    pub kind: ActivityKind,
    /// What happened, as codes; GraphQL renders it as `description` (`graphql.rs`).
    pub detail: ActivityDetail,
    pub actor_id: Option<UserId>,
    pub created_at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "graphql", derive(async_graphql::SimpleObject))]
pub struct Property {
    pub id: PropertyId,
    pub reference: Option<String>,
    pub title: String,
    pub property_type: PropertyType,
    pub marketing_type: MarketingType,
    pub status: PropertyStatus,
    pub street: Option<String>,
    pub house_number: Option<String>,
    pub postcode: Option<String>,
    pub city: String,
    pub country: Country,
    /// Purchase price or monthly rent in cents.
    pub price_cents: Option<Money>,
    pub rooms: Option<f64>,
    /// Square metres.
    pub living_area: Option<f64>,
    pub plot_area: Option<f64>,
    pub year_built: Option<i32>,
    pub energy_certificate_type: Option<EnergyCertificateType>,
    /// kWh/(m²·a).
    pub energy_value: Option<f64>,
    pub energy_class: Option<String>,
    pub heating_type: Option<String>,
    pub description: Option<String>,
    pub features: Vec<String>,
    /// Portal listing ids, e.g. `("IMMOSCOUT24", "123456789")`.
    pub external_ids: Vec<ExternalId>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Fields of a property as a client sends them; on update, `None` leaves a field as it is.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "graphql", derive(async_graphql::InputObject))]
pub struct PropertyInput {
    pub reference: Option<String>,
    pub title: Option<String>,
    pub property_type: Option<PropertyType>,
    pub marketing_type: Option<MarketingType>,
    pub status: Option<PropertyStatus>,
    pub street: Option<String>,
    pub house_number: Option<String>,
    pub postcode: Option<String>,
    pub city: Option<String>,
    pub country: Option<Country>,
    pub price_cents: Option<Money>,
    pub rooms: Option<f64>,
    pub living_area: Option<f64>,
    pub plot_area: Option<f64>,
    pub year_built: Option<i32>,
    pub energy_certificate_type: Option<EnergyCertificateType>,
    pub energy_value: Option<f64>,
    pub energy_class: Option<String>,
    pub heating_type: Option<String>,
    pub description: Option<String>,
    pub features: Option<Vec<String>>,
    pub external_ids: Option<Vec<ExternalId>>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "graphql", derive(async_graphql::InputObject))]
pub struct PropertyFilter {
    pub status: Option<PropertyStatus>,
    pub property_type: Option<PropertyType>,
    pub marketing_type: Option<MarketingType>,
    pub city: Option<String>,
    pub max_price_cents: Option<Money>,
    pub min_price_cents: Option<Money>,
    pub min_rooms: Option<f64>,
    pub max_rooms: Option<f64>,
    /// Square metres of living area, at least.
    pub min_area: Option<f64>,
    pub query: Option<String>,
    /// Archived properties are left out unless asked for.
    #[serde(default)]
    #[cfg_attr(feature = "graphql", graphql(default))]
    pub include_archived: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "graphql", derive(async_graphql::SimpleObject))]
pub struct User {
    pub id: UserId,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub active: bool,
    /// False while an invitation is open.
    pub activated: bool,
    pub created_at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "graphql", derive(async_graphql::SimpleObject))]
pub struct Tenant {
    pub id: TenantId,
    pub name: String,
    pub slug: String,
    pub country: Country,
    /// The currency of the office's prices and budgets, its country's.
    pub currency: Currency,
    pub plan: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "graphql", derive(async_graphql::SimpleObject))]
pub struct TenantSettings {
    pub locale: Locale,
    pub time_zone: String,
    /// Jarvis's first reply to an inquiry is sent at once; off, it waits for an agent's approval.
    pub auto_reply: bool,
    pub reply_tone: String,
    pub email_signature: Option<String>,
    /// When viewings are offered; the defaults when the office set none.
    pub viewing_slots: Vec<ViewingSlot>,
    /// The office's monthly AI budget in US cents; `None` takes the platform default.
    pub ai_monthly_cap_cents: Option<i64>,
    pub follow_ups: FollowUpPlan,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "graphql", derive(async_graphql::InputObject))]
pub struct TenantSettingsInput {
    pub locale: Option<Locale>,
    pub time_zone: Option<String>,
    pub auto_reply: Option<bool>,
    pub reply_tone: Option<String>,
    pub email_signature: Option<String>,
    pub viewing_slots: Option<Vec<ViewingSlot>>,
    /// Negative clears it (back to the platform default).
    pub ai_monthly_cap_cents: Option<i64>,
    pub follow_ups: Option<FollowUpPlan>,
}

/// A new office as a super-admin opens it: the tenant and its first admin, who gets an invitation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "graphql", derive(async_graphql::InputObject))]
pub struct NewOffice {
    pub name: String,
    /// Lower-case letters, digits and dashes; unique on the platform.
    pub slug: String,
    pub country: Country,
    pub admin_email: String,
    pub admin_name: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "graphql", derive(async_graphql::SimpleObject))]
pub struct OfficeCreated {
    pub tenant: Tenant,
    pub invitation: Invitation,
}

/// Who is signed in, as the app shell needs it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "graphql", derive(async_graphql::SimpleObject))]
pub struct Me {
    pub user: User,
    pub tenant: Tenant,
    /// The office's time zone (IANA), in which the UI shows times.
    #[cfg_attr(feature = "graphql", graphql(skip))]
    pub time_zone: String,
}

/// A newly created API key: the only time its secret is visible.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "graphql", derive(async_graphql::SimpleObject))]
pub struct CreatedApiKey {
    pub key: ApiKey,
    pub secret: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "graphql", derive(async_graphql::SimpleObject))]
pub struct ApiKey {
    pub id: ApiKeyId,
    pub name: String,
    pub prefix: String,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

/// An invitation just issued: the link carries the token, shown once.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "graphql", derive(async_graphql::SimpleObject))]
pub struct Invitation {
    pub user: User,
    pub token: String,
}

/// Keyset paging: `after` is the cursor of the last item seen (newest first). `first` is always
/// 1–`MAX`: built in code it is clamped, sent by a client out of range it is refused.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "PageArgs")]
pub struct PageRequest {
    first: u64,
    after: Option<Uuid>,
}

/// `PageRequest` as it arrives, before its bounds are checked.
#[derive(Deserialize)]
struct PageArgs {
    first: u64,
    after: Option<Uuid>,
}

impl TryFrom<PageArgs> for PageRequest {
    type Error = String;

    fn try_from(a: PageArgs) -> Result<Self, String> {
        if (1..=Self::MAX).contains(&a.first) {
            Ok(Self { first: a.first, after: a.after })
        } else {
            Err(format!("first must be between 1 and {}, not {}", Self::MAX, a.first))
        }
    }
}

impl PageRequest {
    pub const MAX: u64 = 100;

    pub fn new(first: u64, after: Option<Uuid>) -> Self {
        Self { first: first.clamp(1, Self::MAX), after }
    }

    pub fn first(&self) -> u64 {
        self.first
    }

    pub fn after(&self) -> Option<Uuid> {
        self.after
    }
}

impl Default for PageRequest {
    fn default() -> Self {
        Self::new(25, None)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub has_next: bool,
    pub total: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "graphql", derive(async_graphql::SimpleObject))]
pub struct StatusCount {
    pub status: LeadStatus,
    pub count: u64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "graphql", derive(async_graphql::SimpleObject))]
pub struct Dashboard {
    pub by_status: Vec<StatusCount>,
    pub newest: Vec<Lead>,
    pub properties_active: u64,
    pub response_times: ResponseTimes,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "graphql", derive(async_graphql::SimpleObject))]
pub struct TenantOverview {
    pub tenant: Tenant,
    pub users: u64,
    pub leads: u64,
    pub properties: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "graphql", derive(async_graphql::SimpleObject))]
pub struct PlatformStats {
    pub tenants: u64,
    pub users: u64,
    pub leads: u64,
    pub properties: u64,
    pub per_tenant: Vec<TenantOverview>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_enums_round_trip_and_reject_unknown_values() {
        for status in LeadStatus::ALL {
            assert_eq!(status.as_str().parse::<LeadStatus>(), Ok(*status));
        }
        let err = "DONE".parse::<LeadStatus>().unwrap_err();
        assert_eq!(err.to_string(), "unknown LeadStatus 'DONE' (allowed: NEW, CONTACTED, CONVERSATION, BOOKED, LOST)");
    }

    #[test]
    fn pipeline_transitions() {
        use LeadStatus::*;
        assert!(New.can_become(Contacted));
        assert!(Contacted.can_become(Booked));
        assert!(Booked.can_become(Lost));
        assert!(Lost.can_become(New));
        assert!(!New.can_become(Booked));
        assert!(!Booked.can_become(New));
        assert!(!Lost.can_become(Booked));
        assert!(!New.can_become(New));
    }

    #[test]
    fn page_size_is_bounded() {
        assert_eq!(PageRequest::new(0, None).first(), 1);
        assert_eq!(PageRequest::new(10_000, None).first(), PageRequest::MAX);
        let read = |json: &str| serde_json::from_str::<PageRequest>(json);
        assert_eq!(read(r#"{"first":7,"after":null}"#).unwrap().first(), 7);
        for bad in [r#"{"first":0,"after":null}"#, r#"{"first":1000000000000,"after":null}"#, r#"{"first":-1}"#] {
            assert!(read(bad).is_err(), "{bad} refused");
        }
    }
}

text_enum!(
    /// How a mail reached us.
    InboundChannel {
        Http => "HTTP",
        Sns => "SNS",
        Imap => "IMAP",
        Widget => "WIDGET",
    }
);

text_enum!(
    /// What became of a received mail. RECEIVED only while it is being processed (or when the
    /// process died in between: reprocessing picks it up).
    InboundStatus {
        Received => "RECEIVED",
        Parsed => "PARSED",
        Unrecognised => "UNRECOGNISED",
        Failed => "FAILED",
    }
);

/// The answer to a delivered mail, and one row of the admins' inbound list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "graphql", derive(async_graphql::SimpleObject))]
pub struct InboundEmailSummary {
    pub id: InboundEmailId,
    pub channel: InboundChannel,
    pub status: InboundStatus,
    pub message_id: Option<String>,
    pub from_address: Option<String>,
    pub subject: Option<String>,
    pub portal: Option<String>,
    pub error: Option<String>,
    pub warnings: Vec<String>,
    pub lead_id: Option<LeadId>,
    pub size_bytes: i32,
    pub received_at: DateTime<Utc>,
    /// This delivery repeated a Message-ID already received; nothing new was stored.
    pub duplicate: bool,
}

/// A received mail as it arrived, for the lead's page: the decoded body and the raw source.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "graphql", derive(async_graphql::SimpleObject))]
pub struct InboundSource {
    /// The body as plain text (the HTML rendered when there is no text part); `None` when the
    /// input is no mail (a widget submission is stored as its JSON).
    pub text: Option<String>,
    /// The stored bytes, read as UTF-8 (invalid bytes replaced), cut at 256 KiB.
    pub raw: String,
    pub truncated: bool,
}

/// The office's website widget (admins): the public key its embed snippet carries and the site
/// origins browsers may post inquiries from.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "graphql", derive(async_graphql::SimpleObject))]
pub struct WidgetSettings {
    pub key: String,
    pub origins: Vec<String>,
}

/// What the settings page needs to show the embed snippet: the widget's settings and where the
/// script is served from.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WidgetSetup {
    pub widget: WidgetSettings,
    pub script_url: String,
}

// --- IMAP mailboxes (lead intake) ---

id_type!(MailboxId);

text_enum!(
    /// How the connection to an IMAP server is protected: TLS from the first byte (port 993),
    /// or a plain connection upgraded with STARTTLS (port 143). Never unencrypted.
    MailboxSecurity {
        Tls => "TLS",
        Starttls => "STARTTLS",
    }
);

/// A mail account of the office or of an agent: the poller reads inquiries from its IMAP folder,
/// and with an SMTP server set it sends the mails to leads (from `from_address`, signed in with the
/// same user name and password). The password is write-only: it is never sent back.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "graphql", derive(async_graphql::SimpleObject))]
pub struct Mailbox {
    pub id: MailboxId,
    /// The agent whose own mailbox it is; `None` for the office's shared mailbox.
    pub user_id: Option<UserId>,
    pub host: String,
    pub port: i32,
    pub security: MailboxSecurity,
    pub username: String,
    pub folder: String,
    pub enabled: bool,
    /// Where mail is sent; `None`: this account does not send.
    pub smtp_host: Option<String>,
    pub smtp_port: Option<i32>,
    pub smtp_security: Option<MailboxSecurity>,
    /// The sender's address on outbound mail (the user name when that is an address).
    pub from_address: Option<String>,
    /// The sender's name on outbound mail; the agent's or the office's name when unset.
    pub from_name: Option<String>,
    pub last_polled_at: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A new mailbox, or changes to one: on update, `None` keeps a value (the password too).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailboxInput {
    pub host: Option<String>,
    pub port: Option<i32>,
    pub security: Option<MailboxSecurity>,
    pub username: Option<String>,
    pub password: Option<String>,
    pub folder: Option<String>,
    pub enabled: Option<bool>,
    /// A blank host switches sending off; the port follows the security when unset.
    pub smtp_host: Option<String>,
    pub smtp_port: Option<i32>,
    pub smtp_security: Option<MailboxSecurity>,
    /// Blank: the user name (which must then be an address).
    pub from_address: Option<String>,
    /// Blank: the agent's or the office's name.
    pub from_name: Option<String>,
    /// On creation by an admin: the agent it belongs to (`None`: the office's shared mailbox).
    /// An agent's mailboxes are always their own; the owner does not change on update.
    pub user_id: Option<UserId>,
}

/// What a connection test found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "graphql", derive(async_graphql::SimpleObject))]
pub struct MailboxCheck {
    pub ok: bool,
    /// Messages in the folder, when the test got that far.
    pub messages: Option<u32>,
    /// The server's IMAP IDLE support (new mail arrives at once instead of at the next poll).
    pub idle: bool,
    pub error: Option<String>,
}

// ---- Jarvis, the assistant ------------------------------------------------------------------

/// What the assistant's answer consists of, sent to the page as it happens (one JSON object per
/// line) and kept with the answer, so a reloaded chat shows the same tool tags and cards.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ChatEvent {
    /// First event of every answer: which chat it belongs to, and whether AI is offline.
    Started {
        chat_id: ChatId,
        offline: bool,
        offline_reason: Option<OfflineReason>,
    },
    /// The next piece of the answer's text (markdown).
    Text {
        delta: String,
    },
    /// A tool began to run: the tag pulses until its `ToolFinished`.
    ToolStarted {
        call_id: String,
        tool: String,
    },
    ToolFinished {
        call_id: String,
        tool: String,
        ok: bool,
        summary: String,
    },
    /// An image to show inline (image tools).
    Image {
        url: String,
        alt: String,
    },
    /// An action that waits for the user's approval.
    Pending {
        action: PendingAction,
    },
    /// The answer is complete and stored: its final, cleaned text (the page shows this one).
    Done {
        content: String,
    },
    /// The answer could not be completed; what was streamed so far stands.
    Error {
        message: String,
    },
}

text_enum!(
    /// Why the assistant answers with the offline rules instead of a model: no model endpoint
    /// configured (`IMMIVO_OPENAI_API_KEY`), or the office's monthly AI budget is used up (the
    /// model is back next month).
    OfflineReason {
        NotConfigured => "NOT_CONFIGURED",
        BudgetReached => "BUDGET_REACHED",
    }
);

text_enum!(ChatRole { User => "USER", Assistant => "ASSISTANT" });

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChatSummary {
    pub id: ChatId,
    pub title: String,
    pub lead_id: Option<LeadId>,
    pub updated_at: DateTime<Utc>,
}

/// One turn of a chat as the page shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChatTurn {
    pub role: ChatRole,
    pub content: String,
    /// Tool tags, images and pending actions of an assistant turn, in order.
    pub events: Vec<ChatEvent>,
    pub created_at: DateTime<Utc>,
}

text_enum!(
    /// Where an action waiting for approval stands. WITHDRAWN: the system took it back because
    /// it no longer fits (a follow-up after the lead answered, or one a later step replaced).
    PendingStatus {
        Pending => "PENDING",
        Executed => "EXECUTED",
        Failed => "FAILED",
        Rejected => "REJECTED",
        Withdrawn => "WITHDRAWN",
    }
);

/// Something Jarvis wants to do that needs a person's yes: sending mail, deleting, changing
/// many records.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "graphql", derive(async_graphql::SimpleObject))]
pub struct PendingAction {
    pub id: PendingActionId,
    pub tool: String,
    /// What will happen, in the office's language.
    pub summary: String,
    pub status: PendingStatus,
    pub lead_id: Option<LeadId>,
    /// What came of it, once decided.
    pub outcome: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// Whether the assistant has a model, and the office's AI spending this month.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "graphql", derive(async_graphql::SimpleObject))]
pub struct AiStatus {
    pub offline: bool,
    pub offline_reason: Option<OfflineReason>,
    /// US cents spent on model calls this calendar month (UTC), rounded up.
    pub month_cost_cents: i64,
    pub monthly_cap_cents: i64,
    /// The budget is the platform's default: the office set none of its own.
    pub default_cap: bool,
    /// The model for answers, tools and replies; `None` when no model is configured.
    pub model: Option<String>,
    /// The model for routing, smalltalk, summaries, sentiment.
    pub small_model: Option<String>,
    /// What embeddings come from (the offline n-gram model's name without a model).
    pub embedding_model: String,
}

/// This month's model calls of one purpose (`chat`, `router`, `summary`, `auto_reply`,
/// `sentiment`, `embedding`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "graphql", derive(async_graphql::SimpleObject))]
pub struct PurposeUsage {
    pub purpose: String,
    pub calls: u64,
    pub input_tokens: u64,
    pub output_tokens: u64,
    /// Millionths of a US dollar: one call often costs less than a cent.
    pub cost_micros: i64,
}

/// When the office offers viewings: a weekday (1 = Monday … 7 = Sunday) and a time window in the
/// office's time zone (`"10:00"`–`"12:00"`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "graphql", derive(async_graphql::SimpleObject, async_graphql::InputObject))]
#[cfg_attr(feature = "graphql", graphql(input_name = "ViewingSlotInput"))]
pub struct ViewingSlot {
    pub weekday: u8,
    pub from: String,
    pub to: String,
}

text_enum!(
    /// How precisely a text named a moment: a whole day or days ("am Donnerstag", "nächste
    /// Woche"), a part of the day ("Donnerstag nachmittags"), or a clock time ("um 17 Uhr").
    TimePrecision { Day => "DAY", PartOfDay => "PART_OF_DAY", Time => "TIME" }
);

/// When a lead wishes to view, as their inquiry named it ("wäre eine Besichtigung am Donnerstag
/// nachmittags möglich"), read against the inquiry's arrival in the office's time zone: the
/// stretch from `from` to `to` (the last moment included), in UTC.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "graphql", derive(async_graphql::SimpleObject))]
pub struct ViewingWish {
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    pub precision: TimePrecision,
}

/// A user's viewing times: their own week, or the office's when they set none.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "graphql", derive(async_graphql::SimpleObject))]
pub struct Availability {
    pub user_id: UserId,
    /// The user's own windows; `None`: the office's apply.
    pub own: Option<Vec<ViewingSlot>>,
    /// What applies now: the own windows, else the office's.
    pub effective: Vec<ViewingSlot>,
}

text_enum!(SearchKind { Properties => "PROPERTIES", Leads => "LEADS" });

/// One result of the semantic search (hybrid with full-text), best first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "graphql", derive(async_graphql::SimpleObject))]
pub struct SearchHit {
    pub kind: SearchKind,
    pub id: Uuid,
    pub title: String,
    pub subtitle: String,
    /// The page in the app.
    pub url: String,
    /// Reciprocal-rank fusion of the semantic and the full-text ranking (higher is better).
    pub score: f64,
    /// Cosine similarity to the query, when the semantic side found it.
    pub similarity: Option<f32>,
    /// Whether the full-text side found it.
    pub text_match: bool,
}

/// A chat event as one line of the answer stream: JSON with every non-ASCII character escaped
/// (`\u00fc`), so a stream cut anywhere is still valid UTF-8, ended by a newline.
pub fn event_line(event: &ChatEvent) -> String {
    let json = serde_json::to_string(event).unwrap_or_else(|_| r#"{"type":"error","message":"encoding"}"#.to_owned());
    let mut out = String::with_capacity(json.len() + 8);
    for c in json.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        }
    }
    out.push('\n');
    out
}

/// Speed-to-lead over an office's leads: from an inquiry's arrival to its first reply drafted
/// and sent, in seconds.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "graphql", derive(async_graphql::SimpleObject))]
pub struct ResponseTimes {
    pub leads: u64,
    pub drafted: u64,
    pub sent: u64,
    pub median_draft_secs: Option<i64>,
    pub median_send_secs: Option<i64>,
    pub average_send_secs: Option<i64>,
}

/// `95` → `1 min 35 s`.
pub fn duration_text(secs: i64) -> String {
    match secs {
        s if s < 60 => format!("{s} s"),
        s if s < 3600 => format!("{} min {} s", s / 60, s % 60),
        s if s < 86_400 => format!("{} h {} min", s / 3600, (s % 3600) / 60),
        s => format!("{} d {} h", s / 86_400, (s % 86_400) / 3600),
    }
}
