//! The website widget: each office gets a public widget key (`tenant_settings.widget_key`, unique,
//! random, rotatable) that the embeddable form sends with every inquiry, and the list of website
//! origins allowed to post with it (`widget_origins`, a JSON array of `scheme://host[:port]`).
//! Offices that exist already get their key on first use, as with the inbound token.

use sea_orm_migration::prelude::*;

use crate::ddl::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum TenantSettings {
    Table,
    WidgetKey,
    WidgetOrigins,
}

const IDX_KEY: &str = "idx_tenant_settings_widget_key";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters one column at a time.
        m.alter_table(
            Table::alter().table(TenantSettings::Table).add_column(text_null(TenantSettings::WidgetKey)).take(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(TenantSettings::Table)
                .add_column(json(TenantSettings::WidgetOrigins).default("[]").take())
                .take(),
        )
        .await?;
        m.create_index(
            Index::create().name(IDX_KEY).table(TenantSettings::Table).col(TenantSettings::WidgetKey).unique().take(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(Index::drop().name(IDX_KEY).table(TenantSettings::Table).to_owned()).await?;
        m.alter_table(Table::alter().table(TenantSettings::Table).drop_column(TenantSettings::WidgetOrigins).take())
            .await?;
        m.alter_table(Table::alter().table(TenantSettings::Table).drop_column(TenantSettings::WidgetKey).take()).await
    }
}
