//! Follow-ups. `follow_ups` holds each lead's one sequence: the mail it follows (`anchor_at`),
//! the plan's days as they were when it started, the next step, and where it stands
//! (`model::FollowUpStatus`); `generation` counts restarts, so a step job of an earlier run
//! finds itself stale. `messages.follow_up_step` marks the mails a sequence sent (1-based), which
//! do not restart it. `tenant_settings.follow_ups` is the office's plan (`model::FollowUpPlan`);
//! none means the default (days 3, 7 and 14, held for approval).

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

use crate::ddl::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum FollowUps {
    Table,
    Id,
    TenantId,
    LeadId,
    Status,
    Generation,
    NextStep,
    Days,
    Automatic,
    AnchorAt,
    LeadStatus,
    NextAt,
    StopCause,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Messages {
    Table,
    FollowUpStep,
}

#[derive(DeriveIden)]
enum TenantSettings {
    Table,
    FollowUps,
}

const LEAD_INDEX: &str = "idx_follow_ups_lead";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(FollowUps::Table)
                .col(uuid_pk(FollowUps::Id))
                .col(uuid_col(FollowUps::TenantId))
                .col(uuid_col(FollowUps::LeadId))
                .col(text(FollowUps::Status))
                .col(ColumnDef::new(FollowUps::Generation).integer().not_null().default(0))
                .col(ColumnDef::new(FollowUps::NextStep).integer().not_null().default(0))
                .col(json(FollowUps::Days))
                .col(ColumnDef::new(FollowUps::Automatic).boolean().not_null().default(false))
                .col(timestamp(FollowUps::AnchorAt))
                .col(text(FollowUps::LeadStatus))
                .col(timestamp_null(FollowUps::NextAt))
                .col(text_null(FollowUps::StopCause))
                .col(timestamp(FollowUps::CreatedAt))
                .col(timestamp(FollowUps::UpdatedAt))
                .foreign_key(&mut fk_tenant(FollowUps::Table))
                .foreign_key(
                    &mut ForeignKey::create()
                        .from_tbl(FollowUps::Table)
                        .from_col(FollowUps::LeadId)
                        .to_tbl(Alias::new("leads"))
                        .to_col(Alias::new("id"))
                        .on_delete(ForeignKeyAction::Cascade)
                        .take(),
                )
                .take(),
        )
        .await?;
        m.create_index(tenant_index("follow_ups")).await?;
        // One sequence per lead: a restart moves it on, it does not add a second.
        m.create_index(Index::create().name(LEAD_INDEX).table(FollowUps::Table).col(FollowUps::LeadId).unique().take())
            .await?;
        if m.get_database_backend() == DbBackend::Postgres {
            m.get_connection().execute_unprepared(&row_security("follow_ups")).await?;
        }
        m.alter_table(
            Table::alter()
                .table(Messages::Table)
                .add_column(ColumnDef::new(Messages::FollowUpStep).integer().null())
                .take(),
        )
        .await?;
        m.alter_table(
            Table::alter().table(TenantSettings::Table).add_column(json_null(TenantSettings::FollowUps)).take(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table(TenantSettings::Table).drop_column(TenantSettings::FollowUps).take())
            .await?;
        m.alter_table(Table::alter().table(Messages::Table).drop_column(Messages::FollowUpStep).take()).await?;
        m.drop_table(Table::drop().table(FollowUps::Table).take()).await
    }
}
