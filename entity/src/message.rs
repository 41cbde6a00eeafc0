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
    /// The mail's Message-ID: the sender's on inbound mail, ours on outbound.
    pub external_id: Option<String>,
    /// Where the raw inbound mail is kept (blob key or raw-message id).
    pub raw_ref: Option<String>,
    /// Outbound mail: where it stands (`model::MailStatus`); `None` for inbound messages.
    pub status: Option<String>,
    /// Outbound mail: the mail account it is sent through.
    pub mailbox_id: Option<Uuid>,
    /// Outbound mail: the server's id for it (e.g. the SMTP queue id).
    pub provider_id: Option<String>,
    /// Outbound mail: why the server refused it, or the last failure.
    pub error: Option<String>,
    pub sent_at: Option<DateTimeUtc>,
    /// The Message-ID this mail answers.
    pub in_reply_to: Option<String>,
    /// Outbound mail a follow-up sequence sent: its step, 1-based.
    pub follow_up_step: Option<i32>,
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
