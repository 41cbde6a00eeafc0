//! `inbound_emails.owner_id`: the agent whose own mailbox a message came from. A lead created
//! from it is assigned to that agent, also when the message is processed again later. No foreign
//! key: a user who is gone simply leaves the lead unassigned (intake checks the user).

use sea_orm_migration::prelude::*;

use crate::ddl::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum InboundEmails {
    Table,
    OwnerId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table(InboundEmails::Table).add_column(uuid_null(InboundEmails::OwnerId)).take())
            .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table(InboundEmails::Table).drop_column(InboundEmails::OwnerId).take()).await
    }
}
