//! IMAP mailboxes the poller reads inquiries from: an office's shared mailbox (no `user_id`) or an
//! agent's own. The password is stored sealed (AES-256-GCM, `app::domain::crypto`), never in
//! plain text. `uid_validity`/`last_uid` remember how far the mailbox was read, so a restart
//! neither reads a mail twice nor skips one.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

use crate::ddl::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Mailboxes {
    Table,
    Id,
    TenantId,
    UserId,
    Host,
    Port,
    Security,
    Username,
    PasswordSealed,
    Folder,
    Enabled,
    UidValidity,
    LastUid,
    LastPolledAt,
    LastError,
    CreatedAt,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Mailboxes::Table)
                .col(uuid_pk(Mailboxes::Id))
                .col(uuid_col(Mailboxes::TenantId))
                .col(uuid_null(Mailboxes::UserId))
                .col(text(Mailboxes::Host))
                .col(ColumnDef::new(Mailboxes::Port).integer().not_null())
                .col(text(Mailboxes::Security))
                .col(text(Mailboxes::Username))
                .col(ColumnDef::new(Mailboxes::PasswordSealed).binary().not_null())
                .col(text(Mailboxes::Folder))
                .col(ColumnDef::new(Mailboxes::Enabled).boolean().not_null().default(true))
                // UIDVALIDITY and UIDs are unsigned 32-bit numbers: a 64-bit column holds them.
                .col(ColumnDef::new(Mailboxes::UidValidity).big_integer().null())
                .col(ColumnDef::new(Mailboxes::LastUid).big_integer().not_null().default(0))
                .col(timestamp_null(Mailboxes::LastPolledAt))
                .col(long_text_null(Mailboxes::LastError))
                .col(timestamp(Mailboxes::CreatedAt))
                .col(timestamp(Mailboxes::UpdatedAt))
                .foreign_key(&mut fk_tenant(Mailboxes::Table))
                .foreign_key(
                    &mut ForeignKey::create()
                        .from_tbl(Mailboxes::Table)
                        .from_col(Mailboxes::UserId)
                        .to_tbl(Alias::new("users"))
                        .to_col(Alias::new("id"))
                        .on_delete(ForeignKeyAction::Cascade)
                        .take(),
                )
                .take(),
        )
        .await?;
        m.create_index(tenant_index("mailboxes")).await?;
        if m.get_database_backend() == DbBackend::Postgres {
            m.get_connection().execute_unprepared(&row_security("mailboxes")).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // The table's index and policy go with it.
        m.drop_table(Table::drop().table(Mailboxes::Table).take()).await
    }
}
