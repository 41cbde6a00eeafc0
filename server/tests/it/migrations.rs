use migration::{Migrator, MigratorTrait};
use model::{ActivityDetail, ActivityKind, LeadFilter, LeadStatus, PageRequest, StatusCause};
use sea_orm::{ConnectionTrait, Statement, TransactionTrait};

use crate::helpers::*;
use crate::on_both;

async fn tables(t: &TestDb) -> Vec<String> {
    let sql = match t.backend {
        Backend::Sqlite => {
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        }
        Backend::Postgres => "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
    };
    let rows = t.db.connection().query_all(Statement::from_string(t.db.backend(), sql)).await.unwrap();
    rows.iter().map(|r| r.try_get::<String>("", "name").unwrap()).collect()
}

on_both! {
    async fn up_down_up(backend: Backend) {
        let t = TestDb::empty(backend).await;
        let conn = t.db.connection();
        Migrator::up(conn, None).await.unwrap();
        let after_up = tables(&t).await;
        for table in ["tenants", "tenant_settings", "users", "user_settings", "leads", "lead_activities", "properties",
                      "property_assignments", "messages", "api_keys", "audit_logs", "jobs"] {
            assert!(after_up.iter().any(|n| n == table), "{table} missing after up: {after_up:?}");
        }
        // Idempotent: a second run applies nothing and fails nothing.
        Migrator::up(conn, None).await.unwrap();
        assert!(Migrator::get_pending_migrations(conn).await.unwrap().is_empty());

        Migrator::down(conn, None).await.unwrap();
        let after_down = tables(&t).await;
        assert_eq!(after_down.iter().filter(|n| n.as_str() != "seaql_migrations").count(), 0, "left behind: {after_down:?}");

        Migrator::up(conn, None).await.unwrap();
        assert_eq!(tables(&t).await, after_up);
        // The schema works after the round trip.
        domain::seed::seed_demo(&t.db, PASSWORD).await.unwrap().unwrap();
    }
}

/// Runs `sql` as the platform (row-level security on PostgreSQL hides every office otherwise).
async fn as_platform(t: &TestDb, sql: &str) -> Vec<sea_orm::QueryResult> {
    let tx = t.db.connection().begin().await.unwrap();
    if t.backend == Backend::Postgres {
        tx.execute_unprepared("SELECT set_config('app.platform', 'on', true)").await.unwrap();
    }
    let rows = tx.query_all(Statement::from_string(t.db.backend(), sql.to_owned())).await.unwrap();
    tx.commit().await.unwrap();
    rows
}

on_both! {
    // The sentences stored before texts became codes turn into codes and back, exactly.
    async fn timeline_sentences_become_codes_down_and_up_again(backend: Backend) {
        let t = TestDb::seeded(backend).await;
        let admin = t.ctx(ADMIN).await;
        let all = domain::leads::list(&t.db, &admin, &LeadFilter::default(), &PageRequest::default()).await.unwrap();
        let lead = all.items.iter().find(|l| l.status != LeadStatus::New).unwrap().clone();
        domain::leads::add_note(&t.db, &admin, lead.id, "Rückruf am Montag").await.unwrap();
        let before = domain::leads::activities(&t.db, &admin, lead.id).await.unwrap();
        let conn = t.db.connection();

        undo_from(conn, "m20261207_000017_texts_to_codes").await;
        let texts = as_platform(&t, &format!("SELECT description FROM lead_activities WHERE lead_id = {}", sql_uuid(&t, lead.id.0))).await;
        let texts: Vec<String> = texts.iter().map(|r| r.try_get("", "description").unwrap()).collect();
        assert!(texts.contains(&"Rückruf am Montag".to_owned()), "{texts:?}");
        assert!(texts.iter().any(|d| d.starts_with("Status NEW → ")), "{texts:?}");
        let factors = as_platform(&t, "SELECT score_factors FROM leads").await;
        let factors: serde_json::Value = factors[0].try_get("", "score_factors").unwrap();
        assert_eq!(factors[0]["name"], "Zeitrahmen", "{factors}");
        // A row as the intake wrote it before: a system reason in German.
        let id = uuid::Uuid::now_v7();
        let (tenant, lead_id) = (admin.tenant_id.0, lead.id);
        let data = r#"{"from": "LOST", "to": "NEW", "reason": "erneute Anfrage über willhaben", "by": "SYSTEM"}"#;
        as_platform(&t, &format!(
            "INSERT INTO lead_activities (id, tenant_id, lead_id, kind, description, data, created_at) VALUES \
             ({}, {}, {}, 'STATUS_CHANGED', 'Status LOST → NEW: erneute Anfrage über willhaben', '{data}', '2026-12-01T10:00:00Z')",
            sql_uuid(&t, id), sql_uuid(&t, tenant), sql_uuid(&t, lead_id.0),
        )).await;

        Migrator::up(conn, None).await.unwrap();
        let after = domain::leads::activities(&t.db, &admin, lead.id).await.unwrap();
        let reopened = after.iter().find(|a| a.id.0 == id).unwrap();
        assert_eq!(reopened.kind, ActivityKind::StatusChanged);
        assert_eq!(reopened.detail, ActivityDetail::StatusChanged {
            from: LeadStatus::Lost,
            to: LeadStatus::New,
            reason: None,
            cause: Some(StatusCause::NewInquiry { portal: "WILLHABEN".into() }),
        });
        let round_trip: Vec<_> = after.into_iter().filter(|a| a.id.0 != id).collect();
        assert_eq!(round_trip, before, "down and up again give back every entry");
        let again = domain::leads::get(&t.db, &admin, lead.id).await.unwrap();
        assert_eq!(again.score_factors, lead.score_factors, "and every score reason");
    }
}

on_both! {
    // The intake's notes: codes now, the English sentences they were before, codes again.
    async fn intake_notes_become_codes_down_and_up_again(backend: Backend) {
        let t = TestDb::seeded(backend).await;
        let admin = t.ctx(ADMIN).await;
        let raw = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../domain/src/intake/parse/fixtures/inbound/unrecognised_newsletter.eml")).unwrap();
        let mail = domain::intake::receive::receive(&t.db, admin.tenant_id, model::InboundChannel::Http, None, &raw).await.unwrap();
        assert_eq!(mail.warnings, ["NOT_INQUIRY_BULK"]);
        let conn = t.db.connection();
        let sql = format!("SELECT warnings FROM inbound_emails WHERE id = {}", sql_uuid(&t, mail.id.0));
        let stored = async || -> serde_json::Value { as_platform(&t, &sql).await[0].try_get("", "warnings").unwrap() };

        undo_from(conn, "m20261207_000018_intake_notes_to_codes").await;
        assert_eq!(stored().await, serde_json::json!(["not an inquiry: newsletter or bulk mail"]));
        Migrator::up(conn, None).await.unwrap();
        assert_eq!(stored().await, serde_json::json!(["NOT_INQUIRY_BULK"]));
    }
}

on_both! {
    // Budgets: cents now, whole euros before, cents again — and a score that reads them the same.
    async fn budgets_become_cents_down_and_up_again(backend: Backend) {
        let t = TestDb::seeded(backend).await;
        let admin = t.ctx(ADMIN).await;
        let all = domain::leads::list(&t.db, &admin, &LeadFilter::default(), &PageRequest::default()).await.unwrap();
        let lead = all.items.iter().find(|l| l.budget_max.is_some() && l.property_id.is_some()).unwrap().clone();
        let sql = format!("SELECT budget_min, budget_max FROM leads WHERE id = {}", sql_uuid(&t, lead.id.0));
        let stored = async || -> (Option<i64>, Option<i64>) {
            let row = &as_platform(&t, &sql).await[0];
            (row.try_get("", "budget_min").unwrap(), row.try_get("", "budget_max").unwrap())
        };
        let cents = (lead.budget_min.map(model::Money::cents), lead.budget_max.map(model::Money::cents));
        assert_eq!(stored().await, cents);
        assert!(cents.1.is_some_and(|c| c % 100 == 0 && c >= 100_000), "the seed's budgets are whole euros: {cents:?}");

        let conn = t.db.connection();
        undo_from(conn, "m20261207_000019_budgets_in_cents").await;
        assert_eq!(stored().await, (cents.0.map(|c| c / 100), cents.1.map(|c| c / 100)), "whole euros again");
        Migrator::up(conn, None).await.unwrap();
        assert_eq!(stored().await, cents);
        let rescored = domain::leads::update(&t.db, &admin, lead.id, model::LeadInput::default()).await.unwrap();
        assert_eq!(rescored.score_factors, lead.score_factors, "the budget factor reads the budget as before");
    }
}

/// Undoes the named migration and every one after it.
async fn undo_from(conn: &sea_orm::DatabaseConnection, name: &str) {
    let all = Migrator::migrations();
    let at = all.iter().position(|m| m.name() == name).unwrap_or_else(|| panic!("no migration {name}"));
    Migrator::down(conn, Some((all.len() - at) as u32)).await.unwrap();
}

/// A uuid literal as each backend stores it (PostgreSQL's type, SQLite's blob).
fn sql_uuid(t: &TestDb, id: uuid::Uuid) -> String {
    match t.backend {
        Backend::Postgres => format!("'{id}'"),
        Backend::Sqlite => format!("X'{}'", id.simple()),
    }
}

#[tokio::test]
async fn postgres_has_vector_german_search_and_row_security() {
    let t = TestDb::migrated(Backend::Postgres).await;
    let conn = t.db.connection();
    let one = |sql: &str| Statement::from_string(sea_orm::DbBackend::Postgres, sql.to_owned());
    let ext = conn.query_one(one("SELECT extversion FROM pg_extension WHERE extname = 'vector'")).await.unwrap();
    assert!(ext.is_some(), "pgvector extension missing");
    // The generated search column weighs title over address over description, in German.
    let def = conn
        .query_one(one("SELECT pg_get_expr(d.adbin, d.adrelid) AS expr FROM pg_attrdef d JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum WHERE d.adrelid = 'properties'::regclass AND a.attname = 'search'"))
        .await
        .unwrap()
        .unwrap()
        .try_get::<String>("", "expr")
        .unwrap();
    assert!(def.contains("'german'"), "{def}");
    for weight in ["'A'", "'B'", "'C'"] {
        assert!(def.contains(weight), "weight {weight} missing in {def}");
    }
    let forced = conn
        .query_all(one("SELECT relname::text AS name FROM pg_class WHERE relrowsecurity AND relforcerowsecurity AND relkind = 'r' ORDER BY 1"))
        .await
        .unwrap();
    let forced: Vec<String> = forced.iter().map(|r| r.try_get("", "name").unwrap()).collect();
    // Every table that carries a tenant, whichever migration made it (and `tenants` itself).
    let tenant_tables = conn
        .query_all(one("SELECT table_name::text AS name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'tenant_id' ORDER BY 1"))
        .await
        .unwrap();
    let mut tenant_tables: Vec<String> = tenant_tables.iter().map(|r| r.try_get("", "name").unwrap()).collect();
    assert!(tenant_tables.len() >= migration::TENANT_TABLES.len() + 2, "{tenant_tables:?}");
    tenant_tables.push("tenants".to_owned());
    for table in &tenant_tables {
        assert!(forced.contains(table), "{table} has no forced row-level security: {forced:?}");
    }
    // The test role is an ordinary one: the policies apply to it.
    assert_eq!(t.db.row_security_warning().await, None);
}
