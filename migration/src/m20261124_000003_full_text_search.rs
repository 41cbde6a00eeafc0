//! German full-text search over properties and leads. PostgreSQL: a generated, weighted
//! `tsvector` column with a GIN index. SQLite: an FTS5 table per entity kept in step by triggers,
//! ranked with bm25 weights that mirror the A/B/C weights.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

const PG_UP: &str = r#"
ALTER TABLE properties ADD COLUMN search tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('german', coalesce(title, '')), 'A') ||
    setweight(to_tsvector('german', coalesce(street, '') || ' ' || coalesce(postcode, '') || ' ' || coalesce(city, '')), 'B') ||
    setweight(to_tsvector('german', coalesce(description, '')), 'C')
) STORED;
CREATE INDEX idx_properties_search ON properties USING GIN (search);
ALTER TABLE leads ADD COLUMN search tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('simple', coalesce(first_name, '') || ' ' || coalesce(last_name, '')), 'A') ||
    setweight(to_tsvector('simple', coalesce(email, '') || ' ' || coalesce(phone, '')), 'B') ||
    setweight(to_tsvector('german', coalesce(message, '')), 'C')
) STORED;
CREATE INDEX idx_leads_search ON leads USING GIN (search);
"#;

const PG_DOWN: &str = r#"
DROP INDEX IF EXISTS idx_leads_search;
ALTER TABLE leads DROP COLUMN IF EXISTS search;
DROP INDEX IF EXISTS idx_properties_search;
ALTER TABLE properties DROP COLUMN IF EXISTS search;
"#;

const SQLITE_UP: &str = r#"
CREATE VIRTUAL TABLE properties_fts USING fts5(id UNINDEXED, title, address, description, tokenize = 'unicode61 remove_diacritics 2');
CREATE TRIGGER properties_fts_ai AFTER INSERT ON properties BEGIN
    INSERT INTO properties_fts (id, title, address, description)
    VALUES (new.id, new.title, coalesce(new.street, '') || ' ' || coalesce(new.postcode, '') || ' ' || new.city, coalesce(new.description, ''));
END;
CREATE TRIGGER properties_fts_au AFTER UPDATE ON properties BEGIN
    DELETE FROM properties_fts WHERE id = old.id;
    INSERT INTO properties_fts (id, title, address, description)
    VALUES (new.id, new.title, coalesce(new.street, '') || ' ' || coalesce(new.postcode, '') || ' ' || new.city, coalesce(new.description, ''));
END;
CREATE TRIGGER properties_fts_ad AFTER DELETE ON properties BEGIN
    DELETE FROM properties_fts WHERE id = old.id;
END;
CREATE VIRTUAL TABLE leads_fts USING fts5(id UNINDEXED, name, contact, message, tokenize = 'unicode61 remove_diacritics 2');
CREATE TRIGGER leads_fts_ai AFTER INSERT ON leads BEGIN
    INSERT INTO leads_fts (id, name, contact, message)
    VALUES (new.id, coalesce(new.first_name, '') || ' ' || coalesce(new.last_name, ''), coalesce(new.email, '') || ' ' || coalesce(new.phone, ''), coalesce(new.message, ''));
END;
CREATE TRIGGER leads_fts_au AFTER UPDATE ON leads BEGIN
    DELETE FROM leads_fts WHERE id = old.id;
    INSERT INTO leads_fts (id, name, contact, message)
    VALUES (new.id, coalesce(new.first_name, '') || ' ' || coalesce(new.last_name, ''), coalesce(new.email, '') || ' ' || coalesce(new.phone, ''), coalesce(new.message, ''));
END;
CREATE TRIGGER leads_fts_ad AFTER DELETE ON leads BEGIN
    DELETE FROM leads_fts WHERE id = old.id;
END;
"#;

const SQLITE_DOWN: &str = r#"
DROP TRIGGER IF EXISTS leads_fts_ad;
DROP TRIGGER IF EXISTS leads_fts_au;
DROP TRIGGER IF EXISTS leads_fts_ai;
DROP TABLE IF EXISTS leads_fts;
DROP TRIGGER IF EXISTS properties_fts_ad;
DROP TRIGGER IF EXISTS properties_fts_au;
DROP TRIGGER IF EXISTS properties_fts_ai;
DROP TABLE IF EXISTS properties_fts;
"#;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let sql = match m.get_database_backend() {
            DbBackend::Postgres => PG_UP,
            _ => SQLITE_UP,
        };
        m.get_connection().execute_unprepared(sql).await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let sql = match m.get_database_backend() {
            DbBackend::Postgres => PG_DOWN,
            _ => SQLITE_DOWN,
        };
        m.get_connection().execute_unprepared(sql).await?;
        Ok(())
    }
}
