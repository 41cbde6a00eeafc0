use sea_orm_migration::prelude::*;

use crate::ddl::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Properties {
    Table,
    Id,
    TenantId,
    Reference,
    Title,
    PropertyType,
    MarketingType,
    Status,
    Street,
    HouseNumber,
    Postcode,
    City,
    Country,
    PriceCents,
    RoomsTenths,
    LivingAreaCm2,
    PlotAreaCm2,
    YearBuilt,
    EnergyCertificateType,
    EnergyValueTenths,
    EnergyClass,
    HeatingType,
    Description,
    Features,
    ExternalIds,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum PropertyAssignments {
    Table,
    PropertyId,
    UserId,
    TenantId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Leads {
    Table,
    Id,
    TenantId,
    Status,
    Source,
    Salutation,
    FirstName,
    LastName,
    Email,
    Phone,
    Message,
    BudgetMin,
    BudgetMax,
    Timeframe,
    Financing,
    Score,
    ScoreFactors,
    PropertyId,
    AssignedTo,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum LeadActivities {
    Table,
    Id,
    TenantId,
    LeadId,
    Kind,
    Description,
    Data,
    ActorId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Messages {
    Table,
    Id,
    TenantId,
    LeadId,
    Direction,
    Channel,
    Subject,
    Body,
    FromAddress,
    ToAddress,
    ExternalId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

fn big_null<T: IntoIden>(name: T) -> ColumnDef {
    ColumnDef::new(name).big_integer().null().take()
}

fn int_null<T: IntoIden>(name: T) -> ColumnDef {
    ColumnDef::new(name).integer().null().take()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Properties::Table)
                .col(uuid_pk(Properties::Id))
                .col(uuid_col(Properties::TenantId))
                .col(text_null(Properties::Reference))
                .col(text(Properties::Title))
                .col(text(Properties::PropertyType))
                .col(text(Properties::MarketingType))
                .col(text(Properties::Status))
                .col(text_null(Properties::Street))
                .col(text_null(Properties::HouseNumber))
                .col(text_null(Properties::Postcode))
                .col(text(Properties::City))
                .col(text(Properties::Country))
                .col(big_null(Properties::PriceCents))
                .col(int_null(Properties::RoomsTenths))
                .col(big_null(Properties::LivingAreaCm2))
                .col(big_null(Properties::PlotAreaCm2))
                .col(int_null(Properties::YearBuilt))
                .col(text_null(Properties::EnergyCertificateType))
                .col(int_null(Properties::EnergyValueTenths))
                .col(text_null(Properties::EnergyClass))
                .col(text_null(Properties::HeatingType))
                .col(long_text_null(Properties::Description))
                .col(json(Properties::Features))
                .col(json(Properties::ExternalIds))
                .col(timestamp(Properties::CreatedAt))
                .col(timestamp(Properties::UpdatedAt))
                .foreign_key(&mut fk_tenant(Properties::Table))
                .take(),
        )
        .await?;
        m.create_index(tenant_index("properties")).await?;
        m.create_index(
            Index::create()
                .name("idx_properties_tenant_reference")
                .table(Properties::Table)
                .col(Properties::TenantId)
                .col(Properties::Reference)
                .unique()
                .take(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(PropertyAssignments::Table)
                .col(uuid_col(PropertyAssignments::PropertyId))
                .col(uuid_col(PropertyAssignments::UserId))
                .col(uuid_col(PropertyAssignments::TenantId))
                .col(timestamp(PropertyAssignments::CreatedAt))
                .primary_key(Index::create().col(PropertyAssignments::PropertyId).col(PropertyAssignments::UserId))
                .foreign_key(&mut fk_tenant(PropertyAssignments::Table))
                .foreign_key(
                    ForeignKey::create()
                        .from(PropertyAssignments::Table, PropertyAssignments::PropertyId)
                        .to(Properties::Table, Properties::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(PropertyAssignments::Table, PropertyAssignments::UserId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .take(),
        )
        .await?;
        m.create_index(tenant_index("property_assignments")).await?;

        m.create_table(
            Table::create()
                .table(Leads::Table)
                .col(uuid_pk(Leads::Id))
                .col(uuid_col(Leads::TenantId))
                .col(text(Leads::Status))
                .col(text(Leads::Source))
                .col(text_null(Leads::Salutation))
                .col(text_null(Leads::FirstName))
                .col(text_null(Leads::LastName))
                .col(text_null(Leads::Email))
                .col(text_null(Leads::Phone))
                .col(long_text_null(Leads::Message))
                .col(big_null(Leads::BudgetMin))
                .col(big_null(Leads::BudgetMax))
                .col(text(Leads::Timeframe))
                .col(text(Leads::Financing))
                .col(ColumnDef::new(Leads::Score).integer().not_null().default(0))
                .col(json(Leads::ScoreFactors))
                .col(uuid_null(Leads::PropertyId))
                .col(uuid_null(Leads::AssignedTo))
                .col(timestamp(Leads::CreatedAt))
                .col(timestamp(Leads::UpdatedAt))
                .foreign_key(&mut fk_tenant(Leads::Table))
                .foreign_key(
                    ForeignKey::create()
                        .from(Leads::Table, Leads::PropertyId)
                        .to(Properties::Table, Properties::Id)
                        .on_delete(ForeignKeyAction::SetNull),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Leads::Table, Leads::AssignedTo)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::SetNull),
                )
                .take(),
        )
        .await?;
        m.create_index(tenant_index("leads")).await?;
        for (name, col) in [
            ("idx_leads_tenant_status", Leads::Status),
            ("idx_leads_tenant_assigned", Leads::AssignedTo),
            ("idx_leads_tenant_email", Leads::Email),
        ] {
            m.create_index(Index::create().name(name).table(Leads::Table).col(Leads::TenantId).col(col).take()).await?;
        }

        m.create_table(
            Table::create()
                .table(LeadActivities::Table)
                .col(uuid_pk(LeadActivities::Id))
                .col(uuid_col(LeadActivities::TenantId))
                .col(uuid_col(LeadActivities::LeadId))
                .col(text(LeadActivities::Kind))
                .col(ColumnDef::new(LeadActivities::Description).text().not_null())
                .col(json_null(LeadActivities::Data))
                .col(uuid_null(LeadActivities::ActorId))
                .col(timestamp(LeadActivities::CreatedAt))
                .foreign_key(&mut fk_tenant(LeadActivities::Table))
                .foreign_key(
                    ForeignKey::create()
                        .from(LeadActivities::Table, LeadActivities::LeadId)
                        .to(Leads::Table, Leads::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .take(),
        )
        .await?;
        m.create_index(tenant_index("lead_activities")).await?;
        m.create_index(
            Index::create()
                .name("idx_lead_activities_lead")
                .table(LeadActivities::Table)
                .col(LeadActivities::LeadId)
                .col(LeadActivities::CreatedAt)
                .take(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Messages::Table)
                .col(uuid_pk(Messages::Id))
                .col(uuid_col(Messages::TenantId))
                .col(uuid_null(Messages::LeadId))
                .col(text(Messages::Direction))
                .col(text(Messages::Channel))
                .col(text_null(Messages::Subject))
                .col(ColumnDef::new(Messages::Body).text().not_null())
                .col(text_null(Messages::FromAddress))
                .col(text_null(Messages::ToAddress))
                .col(text_null(Messages::ExternalId))
                .col(timestamp(Messages::CreatedAt))
                .foreign_key(&mut fk_tenant(Messages::Table))
                .foreign_key(
                    ForeignKey::create()
                        .from(Messages::Table, Messages::LeadId)
                        .to(Leads::Table, Leads::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .take(),
        )
        .await?;
        m.create_index(tenant_index("messages")).await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in ["messages", "lead_activities", "leads", "property_assignments", "properties"] {
            m.drop_table(Table::drop().table(Alias::new(table)).take()).await?;
        }
        Ok(())
    }
}
