use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "lead_activities")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub tenant_id: Uuid,
    pub lead_id: Uuid,
    /// `CREATED`, `STATUS_CHANGED`, `NOTE`, `UPDATED`, `ASSIGNED`, `EMAIL_IN`, `EMAIL_OUT`, ...
    pub kind: String,
    /// What happened as codes (`model::ActivityDetail`, tagged by `code`), beside the jobs'
    /// bookkeeping (`message_id`, …). Never a sentence: the reader's language renders it.
    pub data: Option<Json>,
    /// The user who caused it; `None` for the system (jobs, Jarvis, inbound mail).
    pub actor_id: Option<Uuid>,
    pub created_at: DateTimeUtc,
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

impl Related<super::lead::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Lead.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
