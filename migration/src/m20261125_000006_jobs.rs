//! The durable job queue: one `jobs` table for every queue, claimed by workers with row locks
//! (PostgreSQL) or a single serialised `UPDATE … RETURNING` (SQLite). Tenant jobs carry their
//! `tenant_id`; platform jobs have none. On PostgreSQL the table gets the same row-level security
//! policy as the other tenant tables; a NULL tenant never matches `app.tenant_id`, so platform jobs
//! are visible in platform scope only.
//!
//! The policy comes from `ddl::row_security`, as for every tenant table; the table is not added
//! to `TENANT_TABLES`, which the row-level-security migration iterates: a migration must not
//! change what it did when later ones are added.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

use crate::ddl::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Jobs {
    Table,
    Id,
    TenantId,
    Queue,
    Kind,
    Payload,
    Status,
    Attempts,
    MaxAttempts,
    RunAt,
    LockedUntil,
    LockedBy,
    LastError,
    IdempotencyKey,
    CreatedAt,
    UpdatedAt,
    FinishedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Jobs::Table)
                .col(uuid_pk(Jobs::Id))
                .col(uuid_null(Jobs::TenantId))
                .col(text(Jobs::Queue))
                .col(text(Jobs::Kind))
                .col(json(Jobs::Payload))
                .col(text(Jobs::Status))
                .col(ColumnDef::new(Jobs::Attempts).integer().not_null().default(0))
                .col(ColumnDef::new(Jobs::MaxAttempts).integer().not_null())
                .col(timestamp(Jobs::RunAt))
                .col(timestamp_null(Jobs::LockedUntil))
                .col(text_null(Jobs::LockedBy))
                .col(long_text_null(Jobs::LastError))
                .col(text_null(Jobs::IdempotencyKey))
                .col(timestamp(Jobs::CreatedAt))
                .col(timestamp(Jobs::UpdatedAt))
                .col(timestamp_null(Jobs::FinishedAt))
                .foreign_key(&mut fk_tenant(Jobs::Table))
                .take(),
        )
        .await?;
        m.create_index(tenant_index("jobs")).await?;
        // Claiming: due jobs of one queue and status, oldest first.
        m.create_index(
            Index::create()
                .name("idx_jobs_claim")
                .table(Jobs::Table)
                .col(Jobs::Queue)
                .col(Jobs::Status)
                .col(Jobs::RunAt)
                .take(),
        )
        .await?;
        // NULL keys never collide (on both backends), so only keyed jobs are de-duplicated.
        m.create_index(
            Index::create()
                .name("idx_jobs_queue_idempotency_key")
                .table(Jobs::Table)
                .col(Jobs::Queue)
                .col(Jobs::IdempotencyKey)
                .unique()
                .take(),
        )
        .await?;
        if m.get_database_backend() == DbBackend::Postgres {
            m.get_connection().execute_unprepared(&row_security("jobs")).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // Dropping the table drops its indexes and its policy with it.
        m.drop_table(Table::drop().table(Jobs::Table).take()).await
    }
}
