//! Schema migrations, one file per change, each reversible. The same list runs on SQLite and
//! PostgreSQL; backend-specific parts (full-text search, row-level security, pgvector) branch on
//! the connection's backend inside their migration.

pub use sea_orm_migration::prelude::*;

mod ddl;
mod m20261124_000001_tenants_and_users;
mod m20261124_000002_leads_and_properties;
mod m20261124_000003_full_text_search;
mod m20261124_000004_row_level_security;
mod m20261124_000005_pgvector;
mod m20261125_000006_jobs;
mod m20261125_000007_lead_intake;
mod m20261125_000008_paging_indexes;
mod m20261125_000009_inbound_emails;
mod m20261129_000010_mailboxes;
mod m20261129_000011_widget;
mod m20261129_000012_inbound_owner;
mod m20261129_000013_jarvis;
mod m20261202_000014_user_availability;
mod m20261204_000015_sessions;
mod m20261204_000016_possible_duplicates;
mod m20261207_000017_texts_to_codes;
mod m20261207_000018_intake_notes_to_codes;
mod m20261207_000019_budgets_in_cents;
mod m20261207_000020_viewing_wishes;
mod m20261208_000021_mail_out;
mod m20261209_000022_follow_ups;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261124_000001_tenants_and_users::Migration),
            Box::new(m20261124_000002_leads_and_properties::Migration),
            Box::new(m20261124_000003_full_text_search::Migration),
            Box::new(m20261124_000004_row_level_security::Migration),
            Box::new(m20261124_000005_pgvector::Migration),
            Box::new(m20261125_000006_jobs::Migration),
            Box::new(m20261125_000007_lead_intake::Migration),
            Box::new(m20261125_000008_paging_indexes::Migration),
            Box::new(m20261125_000009_inbound_emails::Migration),
            Box::new(m20261129_000010_mailboxes::Migration),
            Box::new(m20261129_000011_widget::Migration),
            Box::new(m20261129_000012_inbound_owner::Migration),
            Box::new(m20261129_000013_jarvis::Migration),
            Box::new(m20261202_000014_user_availability::Migration),
            Box::new(m20261204_000015_sessions::Migration),
            Box::new(m20261204_000016_possible_duplicates::Migration),
            Box::new(m20261207_000017_texts_to_codes::Migration),
            Box::new(m20261207_000018_intake_notes_to_codes::Migration),
            Box::new(m20261207_000019_budgets_in_cents::Migration),
            Box::new(m20261207_000020_viewing_wishes::Migration),
            Box::new(m20261208_000021_mail_out::Migration),
            Box::new(m20261209_000022_follow_ups::Migration),
        ]
    }
}

/// Every table that carries `tenant_id`: row-level security covers exactly these.
pub const TENANT_TABLES: &[&str] = &[
    "tenant_settings",
    "users",
    "user_settings",
    "api_keys",
    "audit_logs",
    "properties",
    "property_assignments",
    "leads",
    "lead_activities",
    "messages",
];
