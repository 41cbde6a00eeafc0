use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "tenant_settings")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    pub locale: String,
    pub time_zone: String,
    pub auto_reply: bool,
    pub reply_tone: String,
    pub email_signature: Option<String>,
    /// Secret that names the office in its inbound mail address (`/inbound/email/<token>`).
    pub inbound_token: Option<String>,
    /// Public key the website widget sends with each inquiry; names the office, grants nothing else.
    pub widget_key: Option<String>,
    /// Website origins (`https://host[:port]`) allowed to post inquiries with the widget key.
    pub widget_origins: Json,
    /// The office's monthly AI budget in cents (USD); `None` takes the platform default.
    pub ai_monthly_cap_cents: Option<i64>,
    /// The month (`2026-11`) the admins were last told that the budget is used up.
    pub ai_cap_notified_month: Option<String>,
    /// When viewings can be offered: JSON list of `{weekday, from, to}` (`app::model::ViewingSlot`).
    pub viewing_slots: Option<Json>,
    /// The follow-up plan (`model::FollowUpPlan`); `None` takes the default.
    pub follow_ups: Option<Json>,
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
}

impl ActiveModelBehavior for ActiveModel {}
