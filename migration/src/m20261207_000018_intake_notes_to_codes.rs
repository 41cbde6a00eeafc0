//! What the intake notes about a mail — its warnings and why it is no inquiry — becomes codes
//! (`NO_CONTACT`, `NOT_INQUIRY_BULK`, …) that the UI says in the reader's language, in
//! `inbound_emails.warnings` and in the `warnings` a created lead's timeline entry keeps.
//! Down writes the English sentences back.

use sea_orm::{ConnectionTrait, DbBackend, Statement};
use sea_orm_migration::prelude::*;
use serde_json::Value;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The sentences the parser wrote until this migration, and their codes.
const NOTES: [(&str, &str); 12] = [
    ("NO_CONTACT", "no email or phone found"),
    ("REPLY_TO_DIFFERS", "reply-to differs from extracted email"),
    ("OPENIMMO_UNREADABLE", "OpenImmo-Feedback attachment could not be read"),
    ("NOT_INQUIRY_NO_DETAILS", "not an inquiry: no contact details found"),
    ("NOT_INQUIRY_BOUNCE", "not an inquiry: delivery failure notice"),
    ("NOT_INQUIRY_AUTO_REPLY", "not an inquiry: automatic reply"),
    ("NOT_INQUIRY_BULK", "not an inquiry: newsletter or bulk mail"),
    ("NOT_INQUIRY_AUTOMATED", "not an inquiry: sent by an automated sender"),
    ("NOT_INQUIRY_UNREADABLE", "not an inquiry: the text does not read as a person writing"),
    ("NOT_INQUIRY_TOO_LONG", "not an inquiry: the text is longer than a personal inquiry"),
    ("SPAM_HONEYPOT", "spam: the hidden honeypot field was filled"),
    ("WIDGET_EMAIL_INVALID", "email address is not valid"),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        rewrite(m.get_connection(), |note| NOTES.iter().find(|(_, s)| *s == note).map(|(c, _)| *c)).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        rewrite(m.get_connection(), |note| NOTES.iter().find(|(c, _)| *c == note).map(|(_, s)| *s)).await
    }
}

/// Rewrites every note that `map` knows, in both places; others stay as they are.
async fn rewrite(db: &SchemaManagerConnection<'_>, map: fn(&str) -> Option<&'static str>) -> Result<(), DbErr> {
    let backend = db.get_database_backend();
    if backend == DbBackend::Postgres {
        // Row-level security: act for the platform, for this transaction only.
        db.execute_unprepared("SELECT set_config('app.platform', 'on', true)").await?;
    }
    let mapped = |notes: &Value| -> Option<Value> {
        let list = notes.as_array()?;
        let next: Vec<Value> = list
            .iter()
            .map(|n| match n.as_str().and_then(map) {
                Some(other) => Value::from(other),
                None => n.clone(),
            })
            .collect();
        (next != *list).then_some(Value::Array(next))
    };
    let param = |n: usize| if backend == DbBackend::Postgres { format!("${n}") } else { "?".to_owned() };
    let rows = db.query_all(Statement::from_string(backend, "SELECT id, warnings FROM inbound_emails")).await?;
    for row in rows {
        let (id, warnings): (sea_orm::prelude::Uuid, Value) = (row.try_get("", "id")?, row.try_get("", "warnings")?);
        if let Some(next) = mapped(&warnings) {
            let sql = format!("UPDATE inbound_emails SET warnings = {} WHERE id = {}", param(1), param(2));
            db.execute(Statement::from_sql_and_values(backend, sql, [next.into(), id.into()])).await?;
        }
    }
    let sql = "SELECT id, data FROM lead_activities WHERE kind = 'CREATED'";
    for row in db.query_all(Statement::from_string(backend, sql)).await? {
        let id: sea_orm::prelude::Uuid = row.try_get("", "id")?;
        let Some(mut data) = row.try_get::<Option<Value>>("", "data")? else { continue };
        if let Some(next) = mapped(&data["warnings"]) {
            data["warnings"] = next;
            let sql = format!("UPDATE lead_activities SET data = {} WHERE id = {}", param(1), param(2));
            db.execute(Statement::from_sql_and_values(backend, sql, [data.into(), id.into()])).await?;
        }
    }
    Ok(())
}
