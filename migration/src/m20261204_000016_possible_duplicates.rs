//! `leads.possible_duplicate_of`: an inquiry that shares a phone number with an existing lead
//! but names another person (other name or e-mail) becomes a lead of its own, pointing at the
//! one it may duplicate, for an agent to decide.

use sea_orm_migration::prelude::*;

use crate::ddl::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Leads {
    Table,
    PossibleDuplicateOf,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table(Leads::Table).add_column(uuid_null(Leads::PossibleDuplicateOf)).take()).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table(Leads::Table).drop_column(Leads::PossibleDuplicateOf).take()).await
    }
}
