//! `user_settings.viewing_slots`: an agent's own viewing times (JSON, as the office's in
//! `tenant_settings.viewing_slots`); `NULL` means the office's apply.

use sea_orm_migration::prelude::*;

use crate::ddl::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum UserSettings {
    Table,
    ViewingSlots,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter().table(UserSettings::Table).add_column(json_null(UserSettings::ViewingSlots)).take(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table(UserSettings::Table).drop_column(UserSettings::ViewingSlots).take()).await
    }
}
