use sea_orm::entity::prelude::*;

/// A received mail, kept as received: see `app::domain::ingest::receive`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "inbound_emails")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub tenant_id: Uuid,
    /// `HTTP`, `SNS`, `IMAP`, `WIDGET` (`app::model::InboundChannel`).
    pub channel: String,
    pub message_id: Option<String>,
    pub raw: Vec<u8>,
    pub size_bytes: i32,
    pub from_address: Option<String>,
    pub subject: Option<String>,
    /// `RECEIVED`, `PARSED`, `UNRECOGNISED`, `FAILED` (`app::model::InboundStatus`).
    pub status: String,
    pub portal: Option<String>,
    pub error: Option<String>,
    pub warnings: Json,
    pub lead_id: Option<Uuid>,
    /// The agent whose own mailbox it came from: new leads from it are theirs.
    pub owner_id: Option<Uuid>,
    pub received_at: DateTimeUtc,
    pub processed_at: Option<DateTimeUtc>,
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
