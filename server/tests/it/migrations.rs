use migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectionTrait, Statement};

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
