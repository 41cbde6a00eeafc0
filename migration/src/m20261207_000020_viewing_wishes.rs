//! `leads.viewing_wish_*`: the time an inquiry named for a viewing ("am Donnerstag
//! nachmittags"), so that the first reply offers it and the agent sees it on the lead.

use sea_orm_migration::prelude::*;

use crate::ddl::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Leads {
    Table,
    ViewingWishFrom,
    ViewingWishTo,
    ViewingWishPrecision,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters one at a time.
        for column in [
            timestamp_null(Leads::ViewingWishFrom),
            timestamp_null(Leads::ViewingWishTo),
            text_null(Leads::ViewingWishPrecision),
        ] {
            m.alter_table(Table::alter().table(Leads::Table).add_column(column).take()).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for column in [Leads::ViewingWishPrecision, Leads::ViewingWishTo, Leads::ViewingWishFrom] {
            m.alter_table(Table::alter().table(Leads::Table).drop_column(column).take()).await?;
        }
        Ok(())
    }
}
