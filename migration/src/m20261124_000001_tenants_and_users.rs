use sea_orm_migration::prelude::*;

use crate::ddl::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Tenants {
    Table,
    Id,
    Name,
    Slug,
    Country,
    Plan,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum TenantSettings {
    Table,
    TenantId,
    Locale,
    TimeZone,
    AutoReply,
    ReplyTone,
    EmailSignature,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    TenantId,
    Email,
    Name,
    Role,
    PasswordHash,
    CognitoSub,
    SessionVersion,
    Active,
    InviteTokenHash,
    InviteExpiresAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum UserSettings {
    Table,
    UserId,
    TenantId,
    Locale,
    Phone,
    Signature,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ApiKeys {
    Table,
    Id,
    TenantId,
    UserId,
    Name,
    Prefix,
    SecretHash,
    LastUsedAt,
    RevokedAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum AuditLogs {
    Table,
    Id,
    TenantId,
    ActorId,
    Action,
    TargetType,
    TargetId,
    Details,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Tenants::Table)
                .col(uuid_pk(Tenants::Id))
                .col(text(Tenants::Name))
                .col(text(Tenants::Slug).unique_key().take())
                .col(text(Tenants::Country))
                .col(text(Tenants::Plan))
                .col(timestamp(Tenants::CreatedAt))
                .col(timestamp(Tenants::UpdatedAt))
                .take(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(TenantSettings::Table)
                .col(uuid_pk(TenantSettings::TenantId))
                .col(text(TenantSettings::Locale))
                .col(text(TenantSettings::TimeZone))
                .col(ColumnDef::new(TenantSettings::AutoReply).boolean().not_null())
                .col(text(TenantSettings::ReplyTone))
                .col(long_text_null(TenantSettings::EmailSignature))
                .col(timestamp(TenantSettings::UpdatedAt))
                .foreign_key(&mut fk_tenant(TenantSettings::Table))
                .take(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Users::Table)
                .col(uuid_pk(Users::Id))
                .col(uuid_col(Users::TenantId))
                .col(text(Users::Email).unique_key().take())
                .col(text(Users::Name))
                .col(text(Users::Role))
                .col(text_null(Users::PasswordHash))
                .col(text_null(Users::CognitoSub).unique_key().take())
                .col(ColumnDef::new(Users::SessionVersion).integer().not_null().default(0))
                .col(ColumnDef::new(Users::Active).boolean().not_null().default(true))
                .col(text_null(Users::InviteTokenHash))
                .col(timestamp_null(Users::InviteExpiresAt))
                .col(timestamp(Users::CreatedAt))
                .col(timestamp(Users::UpdatedAt))
                .foreign_key(&mut fk_tenant(Users::Table))
                .take(),
        )
        .await?;
        m.create_index(tenant_index("users")).await?;

        m.create_table(
            Table::create()
                .table(UserSettings::Table)
                .col(uuid_pk(UserSettings::UserId))
                .col(uuid_col(UserSettings::TenantId))
                .col(text(UserSettings::Locale))
                .col(text_null(UserSettings::Phone))
                .col(long_text_null(UserSettings::Signature))
                .col(timestamp(UserSettings::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(UserSettings::Table, UserSettings::UserId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .take(),
        )
        .await?;
        m.create_index(tenant_index("user_settings")).await?;

        m.create_table(
            Table::create()
                .table(ApiKeys::Table)
                .col(uuid_pk(ApiKeys::Id))
                .col(uuid_col(ApiKeys::TenantId))
                .col(uuid_col(ApiKeys::UserId))
                .col(text(ApiKeys::Name))
                .col(text(ApiKeys::Prefix).unique_key().take())
                .col(text(ApiKeys::SecretHash))
                .col(timestamp_null(ApiKeys::LastUsedAt))
                .col(timestamp_null(ApiKeys::RevokedAt))
                .col(timestamp(ApiKeys::CreatedAt))
                .foreign_key(&mut fk_tenant(ApiKeys::Table))
                .foreign_key(
                    ForeignKey::create()
                        .from(ApiKeys::Table, ApiKeys::UserId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .take(),
        )
        .await?;
        m.create_index(tenant_index("api_keys")).await?;

        m.create_table(
            Table::create()
                .table(AuditLogs::Table)
                .col(uuid_pk(AuditLogs::Id))
                .col(uuid_col(AuditLogs::TenantId))
                .col(uuid_null(AuditLogs::ActorId))
                .col(text(AuditLogs::Action))
                .col(text_null(AuditLogs::TargetType))
                .col(uuid_null(AuditLogs::TargetId))
                .col(json_null(AuditLogs::Details))
                .col(timestamp(AuditLogs::CreatedAt))
                .foreign_key(&mut fk_tenant(AuditLogs::Table))
                .take(),
        )
        .await?;
        m.create_index(tenant_index("audit_logs")).await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in ["audit_logs", "api_keys", "user_settings", "users", "tenant_settings", "tenants"] {
            m.drop_table(Table::drop().table(Alias::new(table)).take()).await?;
        }
        Ok(())
    }
}
