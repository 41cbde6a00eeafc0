//! A lead's budget is counted in cents, like a property's price: one unit for every amount of
//! money, so a budget compares with a price as stored. Down goes back to whole euros (francs),
//! dropping any cents.

use sea_orm::{ConnectionTrait, DbBackend};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        rescale(m.get_connection(), "* 100").await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        rescale(m.get_connection(), "/ 100").await
    }
}

async fn rescale(db: &SchemaManagerConnection<'_>, by: &str) -> Result<(), DbErr> {
    if db.get_database_backend() == DbBackend::Postgres {
        // Row-level security: act for the platform, for this transaction only.
        db.execute_unprepared("SELECT set_config('app.platform', 'on', true)").await?;
    }
    db.execute_unprepared(&format!(
        "UPDATE leads SET budget_min = budget_min {by}, budget_max = budget_max {by} \
         WHERE budget_min IS NOT NULL OR budget_max IS NOT NULL"
    ))
    .await?;
    Ok(())
}
