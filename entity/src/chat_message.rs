use sea_orm::entity::prelude::*;

/// One turn of a chat (user, assistant, or a tool result the model saw).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "chat_messages")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub tenant_id: Uuid,
    pub chat_id: Uuid,
    /// `user`, `assistant`, `tool` (`app::domain::jarvis::llm::Role`).
    pub role: String,
    pub content: String,
    /// Assistant turns: the tool calls as the model made them.
    pub tool_calls: Option<Json>,
    pub tool_call_id: Option<String>,
    /// Assistant turns: the tool tags and pending actions shown with the answer.
    pub events: Option<Json>,
    pub created_at: DateTimeUtc,
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
