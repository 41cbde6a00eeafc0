//! Lead intake: what inbound inquiries need beyond the first lead schema.
//! - `leads.flags`: data-quality flags kept on the lead (e.g. a phone number that could not be
//!   normalised and was kept as entered), a JSON array of text values.
//! - `leads.viewing_requested`: the inquiry asked for a viewing; an input of the lead score that
//!   must survive later edits, so it is stored rather than re-read from the mail.
//! - `messages.raw_ref`: where the raw inbound mail is stored (blob key or raw-message id), so a
//!   message can always be traced back to the bytes it was parsed from.
//! - indexes for de-duplication by phone and for a lead's messages.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Leads {
    Table,
    TenantId,
    Phone,
    Flags,
    ViewingRequested,
}

#[derive(DeriveIden)]
enum Messages {
    Table,
    TenantId,
    LeadId,
    RawRef,
}

const IDX_LEADS_PHONE: &str = "idx_leads_tenant_phone";
const IDX_MESSAGES_LEAD: &str = "idx_messages_tenant_lead";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // SQLite adds one column per ALTER TABLE.
        m.alter_table(
            Table::alter()
                .table(Leads::Table)
                .add_column(ColumnDef::new(Leads::Flags).json_binary().not_null().default("[]"))
                .take(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Leads::Table)
                .add_column(ColumnDef::new(Leads::ViewingRequested).boolean().not_null().default(false))
                .take(),
        )
        .await?;
        m.alter_table(
            Table::alter().table(Messages::Table).add_column(ColumnDef::new(Messages::RawRef).string().null()).take(),
        )
        .await?;
        m.create_index(
            Index::create().name(IDX_LEADS_PHONE).table(Leads::Table).col(Leads::TenantId).col(Leads::Phone).take(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name(IDX_MESSAGES_LEAD)
                .table(Messages::Table)
                .col(Messages::TenantId)
                .col(Messages::LeadId)
                .take(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(Index::drop().name(IDX_MESSAGES_LEAD).table(Messages::Table).to_owned()).await?;
        m.drop_index(Index::drop().name(IDX_LEADS_PHONE).table(Leads::Table).to_owned()).await?;
        m.alter_table(Table::alter().table(Messages::Table).drop_column(Messages::RawRef).take()).await?;
        m.alter_table(Table::alter().table(Leads::Table).drop_column(Leads::ViewingRequested).take()).await?;
        m.alter_table(Table::alter().table(Leads::Table).drop_column(Leads::Flags).take()).await?;
        Ok(())
    }
}
