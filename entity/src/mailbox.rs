use sea_orm::entity::prelude::*;

/// A mail account: the IMAP mailbox the poller reads, and the SMTP server that sends when
/// `smtp_host` is set (`domain::intake::channels::mailboxes`).
#[derive(Clone, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "mailboxes")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub tenant_id: Uuid,
    /// The agent whose mailbox it is; `None` for the office's shared mailbox.
    pub user_id: Option<Uuid>,
    pub host: String,
    pub port: i32,
    /// `TLS` or `STARTTLS` (`app::model::MailboxSecurity`).
    pub security: String,
    pub username: String,
    /// key id || nonce || AES-256-GCM ciphertext (`app::domain::crypto`).
    pub password_sealed: Vec<u8>,
    pub folder: String,
    pub enabled: bool,
    pub smtp_host: Option<String>,
    pub smtp_port: Option<i32>,
    /// `TLS` or `STARTTLS`.
    pub smtp_security: Option<String>,
    pub from_address: Option<String>,
    pub from_name: Option<String>,
    pub uid_validity: Option<i64>,
    /// The highest UID of `uid_validity` that was stored; 0 before the first.
    pub last_uid: i64,
    pub last_polled_at: Option<DateTimeUtc>,
    pub last_error: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

// Written by hand so that the sealed password never reaches a log line, even encrypted.
impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mailbox")
            .field("id", &self.id)
            .field("tenant_id", &self.tenant_id)
            .field("user_id", &self.user_id)
            .field("host", &self.host)
            .field("port", &self.port)
            .field("security", &self.security)
            .field("username", &self.username)
            .field("smtp_host", &self.smtp_host)
            .field("smtp_port", &self.smtp_port)
            .field("from_address", &self.from_address)
            .field("folder", &self.folder)
            .field("enabled", &self.enabled)
            .field("uid_validity", &self.uid_validity)
            .field("last_uid", &self.last_uid)
            .finish_non_exhaustive()
    }
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
        from = "Column::UserId",
        to = "super::user::Column::Id",
        on_delete = "Cascade"
    )]
    User,
}

impl ActiveModelBehavior for ActiveModel {}
