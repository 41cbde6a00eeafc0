use sea_orm::entity::prelude::*;

/// A tool call that waits for a person's approval: see `app::domain::jarvis::pending`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "jarvis_pending_actions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub tenant_id: Uuid,
    pub user_id: Uuid,
    pub chat_id: Option<Uuid>,
    pub lead_id: Option<Uuid>,
    pub tool: String,
    pub arguments: Json,
    pub summary: String,
    /// `PENDING`, `EXECUTED`, `FAILED`, `REJECTED`.
    pub status: String,
    pub result: Option<Json>,
    pub error: Option<String>,
    pub created_at: DateTimeUtc,
    pub decided_at: Option<DateTimeUtc>,
    pub decided_by: Option<Uuid>,
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
