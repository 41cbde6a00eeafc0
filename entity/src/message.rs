use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "messages")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub tenant_id: Uuid,
    pub lead_id: Option<Uuid>,
    /// `IN` or `OUT`.
    pub direction: String,
    /// `EMAIL`, `PORTAL`, `WIDGET`, `NOTE`.
    pub channel: String,
    pub subject: Option<String>,
    pub body: String,
    pub from_address: Option<String>,
    pub to_address: Option<String>,
    /// The mail's Message-ID for inbound mail.
    pub external_id: Option<String>,
    /// Where the raw inbound mail is kept (blob key or raw-message id).
    pub raw_ref: Option<String>,
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

impl ActiveModelBehavior for ActiveModel {}
