//! `sessions`: one row per signed-in browser, so that a session can end on the server (sign-out,
//! sign-out everywhere, password change, deactivation) instead of living as long as its signed
//! cookie. It replaces `users.session_version`, which could only end all of a user's sessions at
//! once and never the one that signed out.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

use crate::ddl::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Sessions {
    Table,
    Id,
    TenantId,
    UserId,
    CreatedAt,
    ExpiresAt,
    RevokedAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    SessionVersion,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Sessions::Table)
                .col(uuid_pk(Sessions::Id))
                .col(uuid_col(Sessions::TenantId))
                .col(uuid_col(Sessions::UserId))
                .col(timestamp(Sessions::CreatedAt))
                .col(timestamp(Sessions::ExpiresAt))
                .col(timestamp_null(Sessions::RevokedAt))
                .foreign_key(&mut fk_tenant(Sessions::Table))
                .foreign_key(
                    ForeignKey::create()
                        .from(Sessions::Table, Sessions::UserId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .take(),
        )
        .await?;
        m.create_index(tenant_index("sessions")).await?;
        m.create_index(Index::create().name("idx_sessions_user").table(Sessions::Table).col(Sessions::UserId).take())
            .await?;
        if m.get_database_backend() == DbBackend::Postgres {
            m.get_connection().execute_unprepared(&row_security("sessions")).await?;
        }
        m.alter_table(Table::alter().table(Users::Table).drop_column(Users::SessionVersion).take()).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Users::Table)
                .add_column(ColumnDef::new(Users::SessionVersion).integer().not_null().default(0))
                .take(),
        )
        .await?;
        m.drop_table(Table::drop().table(Sessions::Table).take()).await
    }
}
