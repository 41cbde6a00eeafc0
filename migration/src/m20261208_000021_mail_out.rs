//! Mail out. `mailboxes` grow into mail accounts: an SMTP server (host, port, security) and the
//! sender's address and name; the IMAP user name and sealed password sign in there too. Outbound
//! `messages` get where they stand (`status`, `model::MailStatus`), the account they go through,
//! the server's id for them, the refusal's text, when they left, and the Message-ID they answer
//! (threading). `external_id` holds our own Message-ID on outbound mail, so an index on it finds
//! the message a lead's answer refers to.

use sea_orm_migration::prelude::*;

use crate::ddl::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Mailboxes {
    Table,
    SmtpHost,
    SmtpPort,
    SmtpSecurity,
    FromAddress,
    FromName,
}

#[derive(DeriveIden)]
enum Messages {
    Table,
    TenantId,
    ExternalId,
    Status,
    MailboxId,
    ProviderId,
    Error,
    SentAt,
    InReplyTo,
}

const INDEX: &str = "idx_messages_tenant_external_id";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters one at a time.
        for column in [
            text_null(Mailboxes::SmtpHost),
            ColumnDef::new(Mailboxes::SmtpPort).integer().null().take(),
            text_null(Mailboxes::SmtpSecurity),
            text_null(Mailboxes::FromAddress),
            text_null(Mailboxes::FromName),
        ] {
            m.alter_table(Table::alter().table(Mailboxes::Table).add_column(column).take()).await?;
        }
        for column in [
            text_null(Messages::Status),
            uuid_null(Messages::MailboxId),
            text_null(Messages::ProviderId),
            long_text_null(Messages::Error),
            timestamp_null(Messages::SentAt),
            text_null(Messages::InReplyTo),
        ] {
            m.alter_table(Table::alter().table(Messages::Table).add_column(column).take()).await?;
        }
        m.create_index(
            Index::create().name(INDEX).table(Messages::Table).col(Messages::TenantId).col(Messages::ExternalId).take(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(Index::drop().name(INDEX).table(Messages::Table).to_owned()).await?;
        for column in [
            Messages::InReplyTo,
            Messages::SentAt,
            Messages::Error,
            Messages::ProviderId,
            Messages::MailboxId,
            Messages::Status,
        ] {
            m.alter_table(Table::alter().table(Messages::Table).drop_column(column).take()).await?;
        }
        for column in [
            Mailboxes::FromName,
            Mailboxes::FromAddress,
            Mailboxes::SmtpSecurity,
            Mailboxes::SmtpPort,
            Mailboxes::SmtpHost,
        ] {
            m.alter_table(Table::alter().table(Mailboxes::Table).drop_column(column).take()).await?;
        }
        Ok(())
    }
}
