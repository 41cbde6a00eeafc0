//! Inbound mail is kept before anything else happens to it: `inbound_emails` holds every received
//! message's raw bytes with what became of it (parsed into a lead, unrecognised, failed with the
//! reason), unique per office on its Message-ID so that a redelivery is recognised. Each office
//! gets a secret inbound token (`tenant_settings.inbound_token`) that names it in the address
//! mail relays post to.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

use crate::ddl::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum InboundEmails {
    Table,
    Id,
    TenantId,
    Channel,
    MessageId,
    Raw,
    SizeBytes,
    FromAddress,
    Subject,
    Status,
    Portal,
    Error,
    Warnings,
    LeadId,
    ReceivedAt,
    ProcessedAt,
}

#[derive(DeriveIden)]
enum TenantSettings {
    Table,
    InboundToken,
}

const IDX_TOKEN: &str = "idx_tenant_settings_inbound_token";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter().table(TenantSettings::Table).add_column(text_null(TenantSettings::InboundToken)).take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name(IDX_TOKEN)
                .table(TenantSettings::Table)
                .col(TenantSettings::InboundToken)
                .unique()
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(InboundEmails::Table)
                .col(uuid_pk(InboundEmails::Id))
                .col(uuid_col(InboundEmails::TenantId))
                .col(text(InboundEmails::Channel))
                .col(text_null(InboundEmails::MessageId))
                .col(ColumnDef::new(InboundEmails::Raw).binary().not_null())
                .col(ColumnDef::new(InboundEmails::SizeBytes).integer().not_null())
                .col(text_null(InboundEmails::FromAddress))
                .col(text_null(InboundEmails::Subject))
                .col(text(InboundEmails::Status))
                .col(text_null(InboundEmails::Portal))
                .col(long_text_null(InboundEmails::Error))
                .col(json(InboundEmails::Warnings))
                .col(uuid_null(InboundEmails::LeadId))
                .col(timestamp(InboundEmails::ReceivedAt))
                .col(timestamp_null(InboundEmails::ProcessedAt))
                .foreign_key(&mut fk_tenant(InboundEmails::Table))
                .take(),
        )
        .await?;
        m.create_index(tenant_index("inbound_emails")).await?;
        // NULL Message-IDs never collide: a mail without one is simply kept.
        m.create_index(
            Index::create()
                .name("idx_inbound_emails_message_id")
                .table(InboundEmails::Table)
                .col(InboundEmails::TenantId)
                .col(InboundEmails::MessageId)
                .unique()
                .take(),
        )
        .await?;
        if m.get_database_backend() == DbBackend::Postgres {
            m.get_connection().execute_unprepared(&row_security("inbound_emails")).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(InboundEmails::Table).take()).await?;
        m.drop_index(Index::drop().name(IDX_TOKEN).table(TenantSettings::Table).to_owned()).await?;
        m.alter_table(Table::alter().table(TenantSettings::Table).drop_column(TenantSettings::InboundToken).take())
            .await
    }
}
