use sea_orm::entity::prelude::*;

/// A lead's follow-up sequence (`domain::conversations::followups`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "follow_ups")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub tenant_id: Uuid,
    pub lead_id: Uuid,
    /// `ACTIVE`, `PAUSED`, `STOPPED` or `DONE` (`model::FollowUpStatus`).
    pub status: String,
    /// Counts (re)starts and resumes: a step job of an earlier one is stale.
    pub generation: i32,
    /// The step that fires next, 0-based into `days`.
    pub next_step: i32,
    /// The days after `anchor_at` each step fires on: JSON list of numbers.
    pub days: Json,
    /// Steps are sent at once; otherwise held for approval.
    pub automatic: bool,
    /// When the mail the sequence follows left.
    pub anchor_at: DateTimeUtc,
    /// The lead's status when the sequence started; any other status ends it.
    pub lead_status: String,
    /// When the next step fires, while ACTIVE.
    pub next_at: Option<DateTimeUtc>,
    /// Why it stopped (`model::FollowUpStop`).
    pub stop_cause: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::lead::Entity",
        from = "Column::LeadId",
        to = "super::lead::Column::Id",
        on_delete = "Cascade"
    )]
    Lead,
}

impl ActiveModelBehavior for ActiveModel {}
