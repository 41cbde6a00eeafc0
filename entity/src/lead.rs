use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "leads")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub tenant_id: Uuid,
    /// `NEW`, `CONTACTED`, `CONVERSATION`, `BOOKED`, `LOST` (`app::model::LeadStatus`).
    pub status: String,
    /// `IMMOSCOUT24`, `WILLHABEN`, `IMMOWELT`, `KLEINANZEIGEN`, `WEBSITE`, `MANUAL`, ...
    pub source: String,
    pub salutation: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub email: Option<String>,
    /// E.164 when it could be normalised, otherwise as entered.
    pub phone: Option<String>,
    pub message: Option<String>,
    /// Cents, like every amount of money.
    pub budget_min: Option<i64>,
    pub budget_max: Option<i64>,
    /// `IMMEDIATE`, `THREE_MONTHS`, `SIX_MONTHS`, `TWELVE_MONTHS`, `UNKNOWN`.
    pub timeframe: String,
    /// `CASH`, `APPROVED`, `IN_PROGRESS`, `NONE`, `UNKNOWN`.
    pub financing: String,
    pub score: i32,
    pub score_factors: Json,
    pub property_id: Option<Uuid>,
    pub assigned_to: Option<Uuid>,
    /// Data-quality flags as a JSON array of text: `PHONE_INVALID`, `EMAIL_INVALID`, `POSSIBLE_DUPLICATE`
    /// (`app::model::LeadFlag`).
    pub flags: Json,
    /// The inquiry asked for a viewing (an input of the lead score).
    pub viewing_requested: bool,
    /// The time the inquiry named for a viewing: from, to (the last moment included) and
    /// `DAY`, `PART_OF_DAY` or `TIME` (`model::TimePrecision`); all three or none.
    pub viewing_wish_from: Option<DateTimeUtc>,
    pub viewing_wish_to: Option<DateTimeUtc>,
    pub viewing_wish_precision: Option<String>,
    /// Speed-to-lead: when the first reply was drafted, and when it was sent.
    pub reply_drafted_at: Option<DateTimeUtc>,
    pub reply_sent_at: Option<DateTimeUtc>,
    /// An inquiry that shared this other lead's phone number but named another person: kept
    /// apart, for an agent to decide (`POSSIBLE_DUPLICATE` in `flags`).
    pub possible_duplicate_of: Option<Uuid>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::tenant::Entity",
        from = "Column::TenantId",
        to = "super::tenant::Column::Id",
        on_delete = "Cascade"
    )]
    Tenant,
    #[sea_orm(
        belongs_to = "super::user::Entity",
        from = "Column::AssignedTo",
        to = "super::user::Column::Id",
        on_delete = "SetNull"
    )]
    Assignee,
    #[sea_orm(
        belongs_to = "super::property::Entity",
        from = "Column::PropertyId",
        to = "super::property::Column::Id",
        on_delete = "SetNull"
    )]
    Property,
    #[sea_orm(has_many = "super::lead_activity::Entity")]
    Activity,
}

impl Related<super::lead_activity::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Activity.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
