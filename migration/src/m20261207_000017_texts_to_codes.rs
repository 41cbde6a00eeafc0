//! Timeline entries and score reasons become codes: the German sentences the domain stored in
//! `lead_activities.description` and `leads.score_factors` turn into `model::ActivityDetail` and
//! `model::ScoreReason` (tagged by `code`), which the UI renders in the reader's language. The
//! description column goes. Down writes the same German sentences back.
//!
//! The sentences below are the ones the domain wrote until this migration; they are history,
//! kept here so that both directions stay exact.

use sea_orm::prelude::Uuid;
use sea_orm::{ConnectionTrait, DbBackend, Statement};
use sea_orm_migration::prelude::*;
use serde_json::{Map, Value, json};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum LeadActivities {
    Table,
    Description,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        see_every_office(db).await?;
        for (id, kind, description, data) in activities(db, true).await? {
            let data = activity_up(&kind, &description, data);
            update(db, "UPDATE lead_activities SET data = {} WHERE id = {}", data, id).await?;
        }
        for (id, source, factors) in leads(db).await? {
            let factors = Value::Array(factors.iter().map(|f| factor_up(f, &source)).collect());
            update(db, "UPDATE leads SET score_factors = {} WHERE id = {}", factors, id).await?;
        }
        m.alter_table(Table::alter().table(LeadActivities::Table).drop_column(LeadActivities::Description).take()).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(LeadActivities::Table)
                .add_column(ColumnDef::new(LeadActivities::Description).text().not_null().default(""))
                .take(),
        )
        .await?;
        let db = m.get_connection();
        see_every_office(db).await?;
        for (id, kind, _, data) in activities(db, false).await? {
            let (description, data) = activity_down(&kind, data.unwrap_or(Value::Null));
            let sql = "UPDATE lead_activities SET description = {}, data = {} WHERE id = {}";
            let (backend, sql) = (db.get_database_backend(), placeholders(db.get_database_backend(), sql));
            let values = vec![description.into(), json_value(data), id.into()];
            db.execute(Statement::from_sql_and_values(backend, sql, values)).await?;
        }
        for (id, _, factors) in leads(db).await? {
            let factors = Value::Array(factors.iter().map(factor_down).collect());
            update(db, "UPDATE leads SET score_factors = {} WHERE id = {}", factors, id).await?;
        }
        Ok(())
    }
}

/// Row-level security hides every office's rows from a migration on PostgreSQL unless it acts
/// for the platform, for this transaction only.
async fn see_every_office(db: &SchemaManagerConnection<'_>) -> Result<(), DbErr> {
    if db.get_database_backend() == DbBackend::Postgres {
        db.execute_unprepared("SELECT set_config('app.platform', 'on', true)").await?;
    }
    Ok(())
}

type ActivityRow = (Uuid, String, String, Option<Value>);

async fn activities(db: &SchemaManagerConnection<'_>, with_description: bool) -> Result<Vec<ActivityRow>, DbErr> {
    let columns = if with_description { "id, kind, description, data" } else { "id, kind, data" };
    let sql = format!("SELECT {columns} FROM lead_activities");
    let rows = db.query_all(Statement::from_string(db.get_database_backend(), sql)).await?;
    rows.iter()
        .map(|r| {
            let description = if with_description { r.try_get("", "description")? } else { String::new() };
            Ok((r.try_get("", "id")?, r.try_get("", "kind")?, description, r.try_get("", "data")?))
        })
        .collect()
}

async fn leads(db: &SchemaManagerConnection<'_>) -> Result<Vec<(Uuid, String, Vec<Value>)>, DbErr> {
    let sql = "SELECT id, source, score_factors FROM leads";
    let rows = db.query_all(Statement::from_string(db.get_database_backend(), sql)).await?;
    rows.iter()
        .map(|r| {
            let factors: Value = r.try_get("", "score_factors")?;
            let factors = factors.as_array().cloned().unwrap_or_default();
            Ok((r.try_get("", "id")?, r.try_get("", "source")?, factors))
        })
        .collect()
}

async fn update(db: &SchemaManagerConnection<'_>, sql: &str, json: Value, id: Uuid) -> Result<(), DbErr> {
    let backend = db.get_database_backend();
    let values = vec![json_value(json), id.into()];
    db.execute(Statement::from_sql_and_values(backend, placeholders(backend, sql), values)).await?;
    Ok(())
}

/// `{}` become the backend's placeholders, in order.
fn placeholders(backend: DbBackend, sql: &str) -> String {
    let mut n = 0;
    let mut out = String::new();
    for (i, part) in sql.split("{}").enumerate() {
        if i > 0 {
            n += 1;
            out.push_str(&match backend {
                DbBackend::Postgres => format!("${n}"),
                _ => "?".to_owned(),
            });
        }
        out.push_str(part);
    }
    out
}

fn json_value(v: Value) -> sea_orm::Value {
    match v {
        Value::Null => sea_orm::Value::Json(None),
        v => v.into(),
    }
}

const MANUAL_SOURCES: [&str; 3] = ["MANUAL", "PHONE", "REFERRAL"];

/// How the domain named portals in its sentences, by their codes.
const PORTAL_LABELS: [(&str, &str); 9] = [
    ("IMMOSCOUT24", "ImmobilienScout24"),
    ("WILLHABEN", "willhaben"),
    ("IMMOWELT", "immowelt"),
    ("KLEINANZEIGEN", "Kleinanzeigen"),
    ("HOMEGATE", "Homegate"),
    ("IMMOSCOUT24_CH", "ImmoScout24.ch"),
    ("OPENIMMO_FEEDBACK", "OpenImmo-Feedback"),
    ("WEBSITE", "Website"),
    ("DIRECT", "E-Mail"),
];

fn portal_label(code: &str) -> &str {
    PORTAL_LABELS.iter().find(|(c, _)| *c == code).map(|(_, l)| *l).unwrap_or(code)
}

fn portal_code(label: &str) -> String {
    PORTAL_LABELS.iter().find(|(_, l)| *l == label).map(|(c, _)| *c).unwrap_or(label).to_owned()
}

const FLAG_NOTES: [(&str, &str); 3] = [
    ("PHONE_INVALID", "Telefonnummer ungültig, wie angegeben übernommen"),
    ("EMAIL_INVALID", "E-Mail-Adresse ungültig, nicht übernommen"),
    ("POSSIBLE_DUPLICATE", "mögliches Duplikat: gleiche Telefonnummer, andere Person"),
];

const FIELD_LABELS: [(&str, &str); 5] = [
    ("salutation", "Anrede"),
    ("first_name", "Vorname"),
    ("last_name", "Nachname"),
    ("email", "E-Mail"),
    ("phone", "Telefon"),
];

const OUTBOX_NOTE: &str = " (im Postausgang; kein Mailversand eingerichtet)";
const REPLY_SENT: &str = "Antwort gesendet";
const NEW_INQUIRY: &str = "erneute Anfrage über ";

fn text(v: &Value) -> &str {
    v.as_str().unwrap_or_default()
}

fn texts(v: &Value) -> Vec<&str> {
    v.as_array().map(|a| a.iter().map(text).collect()).unwrap_or_default()
}

/// One stored entry as codes. An entry whose sentence cannot be read is kept as a note with the
/// sentence, so that nothing is lost.
fn activity_up(kind: &str, description: &str, data: Option<Value>) -> Value {
    let mut d = match data {
        Some(Value::Object(d)) => d,
        _ => Map::new(),
    };
    let as_note = |mut d: Map<String, Value>| {
        d.insert("code".into(), json!("NOTE"));
        d.insert("text".into(), json!(description));
        Value::Object(d)
    };
    let code = match kind {
        "CREATED" => {
            if !d.contains_key("portal")
                && let Some(source) = description.strip_prefix("Anfrage über ")
                && !MANUAL_SOURCES.contains(&source)
            {
                d.insert("portal".into(), json!(source));
            }
            "CREATED"
        }
        "UPDATED" if d.contains_key("merged") => {
            let name = description.strip_prefix("Zusammengeführt mit ").unwrap_or(description);
            d.insert("name".into(), json!(name));
            "MERGED"
        }
        "UPDATED" if d.contains_key("fields") => "UPDATED",
        "STATUS_CHANGED" => {
            if !d.contains_key("from") {
                // Written without data (the demo office): "Status NEW → CONTACTED[: reason]".
                let Some((from, rest)) = description.strip_prefix("Status ").and_then(|s| s.split_once(" → ")) else {
                    return as_note(d);
                };
                let (to, reason) = match rest.split_once(": ") {
                    Some((to, reason)) => (to, Some(reason)),
                    None => (rest, None),
                };
                d.insert("from".into(), json!(from));
                d.insert("to".into(), json!(to));
                d.insert("reason".into(), json!(reason));
            }
            let reason = d.get("reason").map(text).unwrap_or_default().to_owned();
            if reason == REPLY_SENT {
                d.insert("reason".into(), Value::Null);
                d.insert("cause".into(), json!({"code": "REPLY_SENT"}));
            } else if let Some(label) = reason.strip_prefix(NEW_INQUIRY) {
                d.insert("reason".into(), Value::Null);
                d.insert("cause".into(), json!({"code": "NEW_INQUIRY", "portal": portal_code(label)}));
            }
            "STATUS_CHANGED"
        }
        "ASSIGNED" => {
            d.entry("assigned_to").or_insert(Value::Null);
            "ASSIGNED"
        }
        "NOTE" => return as_note(d),
        "EMAIL_OUT" => {
            let Some((to, subject)) = description.strip_prefix("E-Mail an ").and_then(|s| s.split_once(": ")) else {
                return as_note(d);
            };
            d.insert("to".into(), json!(to));
            d.insert("subject".into(), json!(subject.strip_suffix(OUTBOX_NOTE).unwrap_or(subject)));
            d.entry("delivered").or_insert(json!(false));
            "EMAIL_OUT"
        }
        "INQUIRY" if d.contains_key("portal") => "INQUIRY",
        "SENTIMENT" if d.contains_key("sentiment") => "SENTIMENT",
        "AUTO_CLICK" if d.contains_key("error") => "AUTO_CLICK_FAILED",
        "AUTO_CLICK" if d.contains_key("score_after") => "AUTO_CLICK",
        "REPLY_DRAFTED" if d.contains_key("outcome") => "REPLY_DRAFTED",
        _ => return as_note(d),
    };
    d.insert("code".into(), json!(code));
    Value::Object(d)
}

/// The sentence the domain wrote for an entry, and its data without what `activity_up` added.
fn activity_down(kind: &str, data: Value) -> (String, Value) {
    let Value::Object(mut d) = data else { return (String::new(), Value::Null) };
    let code = d.remove("code").map(|c| text(&c).to_owned()).unwrap_or_default();
    let description = match code.as_str() {
        "CREATED" => match d.get("portal").map(text) {
            None => "Lead angelegt".to_owned(),
            Some(portal) => {
                let mut s = format!("Lead aus Anfrage über {} angelegt", portal_label(portal));
                let notes: Vec<&str> = d
                    .get("flags")
                    .map(texts)
                    .unwrap_or_default()
                    .into_iter()
                    .filter_map(|f| FLAG_NOTES.iter().find(|(c, _)| *c == f).map(|(_, n)| *n))
                    .collect();
                if !notes.is_empty() {
                    s.push_str(&format!(" ({})", notes.join("; ")));
                }
                s
            }
        },
        "UPDATED" => format!("Geändert: {}", d.get("fields").map(texts).unwrap_or_default().join(", ")),
        "MERGED" => format!("Zusammengeführt mit {}", d.remove("name").as_ref().map(text).unwrap_or_default()),
        "STATUS_CHANGED" => {
            // A system cause becomes the sentence it was; no cause stays as written.
            let cause = d.get("cause").cloned().unwrap_or_default();
            if !Value::is_null(&cause) {
                d.remove("cause");
            }
            let reason = match text(&cause["code"]) {
                "REPLY_SENT" => Some(REPLY_SENT.to_owned()),
                "NEW_INQUIRY" => Some(format!("{NEW_INQUIRY}{}", portal_label(text(&cause["portal"])))),
                _ => d.get("reason").and_then(Value::as_str).map(str::to_owned),
            };
            let step = format!("Status {} → {}", text(&d["from"]), text(&d["to"]));
            d.insert("reason".into(), json!(reason));
            match reason {
                Some(r) => format!("{step}: {r}"),
                None => step,
            }
        }
        "ASSIGNED" => match d.get("assigned_to") {
            Some(Value::String(_)) => "Zugewiesen".to_owned(),
            _ => "Zuweisung aufgehoben".to_owned(),
        },
        "NOTE" => d.remove("text").as_ref().map(text).unwrap_or_default().to_owned(),
        "EMAIL_OUT" => {
            let (to, subject) = (d.remove("to"), d.remove("subject"));
            let (to, subject) =
                (to.as_ref().map(text).unwrap_or_default(), subject.as_ref().map(text).unwrap_or_default());
            format!("E-Mail an {to}: {subject}{OUTBOX_NOTE}")
        }
        "INQUIRY" => {
            let mut s = format!("Erneute Anfrage über {}", portal_label(d.get("portal").map(text).unwrap_or_default()));
            let filled = d.get("filled").map(texts).unwrap_or_default();
            if !filled.is_empty() {
                s.push_str(&format!(" (ergänzt: {})", filled.join(", ")));
            }
            s
        }
        "SENTIMENT" => {
            let reading = &d["sentiment"];
            let label = match text(&reading["label"]) {
                "POSITIVE" => "positiv",
                "NEGATIVE" => "zurückhaltend",
                _ => "neutral",
            };
            let mut s = format!("Stimmung: {label} ({:+})", reading["score"].as_i64().unwrap_or_default());
            let words: Vec<&str> =
                reading["matched"].as_array().into_iter().flatten().map(|m| text(&m["keyword"])).collect();
            if !words.is_empty() {
                s.push_str(" – ");
                s.push_str(&words.join(", "));
            }
            s
        }
        "AUTO_CLICK" => {
            let filled = d.get("filled").map(texts).unwrap_or_default();
            let mut s = if filled.is_empty() {
                "Portal-Link abgerufen: keine fehlenden Kontaktdaten gefunden".to_owned()
            } else {
                let names: Vec<&str> = filled
                    .iter()
                    .map(|f| FIELD_LABELS.iter().find(|(c, _)| c == f).map(|(_, l)| *l).unwrap_or("Feld"))
                    .collect();
                format!(
                    "Portal-Link abgerufen: ergänzt {} (Score {} → {})",
                    names.join(", "),
                    d["score_before"].as_i64().unwrap_or_default(),
                    d["score_after"].as_i64().unwrap_or_default()
                )
            };
            let found = &d["found"];
            let address: Vec<&str> = ["street", "postcode", "city"].iter().filter_map(|k| found[*k].as_str()).collect();
            if !address.is_empty() {
                s.push_str(&format!("; Adresse laut Portal: {}", address.join(" ")));
            }
            s
        }
        "AUTO_CLICK_FAILED" => format!("Portal-Link nicht abgerufen: {}", d.get("error").map(text).unwrap_or_default()),
        "REPLY_DRAFTED" => {
            let language = d.get("language").map(text).unwrap_or_default().to_owned();
            match d.get("outcome").map(text) {
                Some("sent") => format!("Antwort entworfen und gesendet ({language})"),
                Some("held") => format!("Antwort entworfen, wartet auf Freigabe ({language})"),
                _ => "Keine Antwort entworfen: der Lead hat keine E-Mail-Adresse".to_owned(),
            }
        }
        _ => kind.to_owned(),
    };
    let data = if d.is_empty() { Value::Null } else { Value::Object(d) };
    (description, data)
}

const TIMEFRAMES: [(&str, &str); 5] = [
    ("IMMEDIATE", "Möchte sofort einziehen bzw. kaufen"),
    ("THREE_MONTHS", "Entscheidung innerhalb von 3 Monaten"),
    ("SIX_MONTHS", "Entscheidung innerhalb von 6 Monaten"),
    ("TWELVE_MONTHS", "Entscheidung erst in 12 Monaten"),
    ("UNKNOWN", "Zeitrahmen unbekannt"),
];

const FINANCINGS: [(&str, &str); 5] = [
    ("CASH", "Eigenkapital / Barzahlung"),
    ("APPROVED", "Finanzierungszusage liegt vor"),
    ("IN_PROGRESS", "Finanzierung wird geprüft"),
    ("NONE", "Keine Finanzierung vorhanden"),
    ("UNKNOWN", "Finanzierung unbekannt"),
];

const BUDGETS: [(&str, &str); 6] = [
    ("NO_BUDGET", "Kein Budget angegeben"),
    ("BUDGET_WITHOUT_PRICE", "Budget angegeben, kein Objektpreis zum Abgleich"),
    ("BUDGET_COVERS_PRICE", "Budget deckt den Objektpreis"),
    ("BUDGET_SLIGHTLY_BELOW", "Budget bis zu 10 % unter dem Objektpreis"),
    ("BUDGET_BELOW", "Budget 10–20 % unter dem Objektpreis"),
    ("BUDGET_FAR_BELOW", "Budget deutlich unter dem Objektpreis"),
];

const SOURCES: [(&str, &str); 7] = [
    ("REFERRAL", "Empfehlung"),
    ("WEBSITE", "Anfrage über die eigene Website"),
    ("EMAIL", "Direkte Anfrage per E-Mail"),
    ("PHONE", "Direkte Anfrage per Telefon"),
    ("MANUAL", "Manuell erfasst"),
    ("KLEINANZEIGEN", "Anfrage über Kleinanzeigen"),
    ("", "Anfrage über ein Immobilienportal"),
];

const FACTOR_NAMES: [(&str, &str); 6] = [
    ("TIMEFRAME", "Zeitrahmen"),
    ("FINANCING", "Finanzierung"),
    ("BUDGET", "Budget"),
    ("SOURCE", "Quelle"),
    ("ENGAGEMENT", "Engagement"),
    ("COMPLETENESS", "Vollständigkeit"),
];

fn code_of<'a>(table: &[(&'a str, &str)], sentence: &str, otherwise: &'a str) -> &'a str {
    table.iter().find(|(_, s)| *s == sentence).map(|(c, _)| *c).unwrap_or(otherwise)
}

fn sentence_of<'a>(table: &[(&str, &'a str)], code: &str) -> &'a str {
    table.iter().find(|(c, _)| *c == code).map(|(_, s)| *s).unwrap_or_default()
}

/// `{name, points, max_points, reason}` in German to `{factor, points, max_points, reason}` as
/// codes. The source reason is the lead's source, which the factor reads.
fn factor_up(f: &Value, source: &str) -> Value {
    let (name, said) = (text(&f["name"]), text(&f["reason"]));
    let factor = code_of(&FACTOR_NAMES, name, "COMPLETENESS");
    let reason = match factor {
        "TIMEFRAME" => json!({"code": "TIMEFRAME", "timeframe": code_of(&TIMEFRAMES, said, "UNKNOWN")}),
        "FINANCING" => json!({"code": "FINANCING", "financing": code_of(&FINANCINGS, said, "UNKNOWN")}),
        "BUDGET" => json!({"code": code_of(&BUDGETS, said, "NO_BUDGET")}),
        "SOURCE" => json!({"code": "SOURCE", "source": source}),
        "ENGAGEMENT" => {
            let said = said.to_lowercase();
            let parts: Vec<&str> = said.split(", ").collect();
            let replies = parts
                .iter()
                .find_map(|p| p.strip_suffix(" weitere nachricht").or(p.strip_suffix(" weitere nachrichten")))
                .and_then(|n| n.parse::<u32>().ok())
                .unwrap_or_default();
            let detailed = parts.contains(&"ausführliche nachricht");
            json!({
                "code": "ENGAGEMENT",
                "message": detailed || parts.contains(&"nachricht"),
                "detailed": detailed,
                "question": parts.contains(&"stellt fragen"),
                "viewing": parts.contains(&"möchte besichtigen"),
                "replies": replies,
            })
        }
        _ => {
            let percent = said.split(' ').next().and_then(|n| n.parse::<i64>().ok()).unwrap_or_default();
            json!({"code": "COMPLETENESS", "percent": percent})
        }
    };
    json!({"factor": factor, "points": f["points"], "max_points": f["max_points"], "reason": reason})
}

fn factor_down(f: &Value) -> Value {
    let factor = text(&f["factor"]);
    let r = &f["reason"];
    let reason = match factor {
        "TIMEFRAME" => sentence_of(&TIMEFRAMES, text(&r["timeframe"])).to_owned(),
        "FINANCING" => sentence_of(&FINANCINGS, text(&r["financing"])).to_owned(),
        "BUDGET" => sentence_of(&BUDGETS, text(&r["code"])).to_owned(),
        "SOURCE" => match text(&r["source"]) {
            s if SOURCES.iter().any(|(c, _)| *c == s) => sentence_of(&SOURCES, s).to_owned(),
            _ => sentence_of(&SOURCES, "").to_owned(),
        },
        "ENGAGEMENT" => {
            let mut parts = Vec::new();
            if r["detailed"].as_bool().unwrap_or_default() {
                parts.push("ausführliche Nachricht".to_owned());
            } else if r["message"].as_bool().unwrap_or_default() {
                parts.push("Nachricht".to_owned());
            }
            if r["question"].as_bool().unwrap_or_default() {
                parts.push("stellt Fragen".to_owned());
            }
            if r["viewing"].as_bool().unwrap_or_default() {
                parts.push("möchte besichtigen".to_owned());
            }
            match r["replies"].as_u64().unwrap_or_default() {
                0 => {}
                1 => parts.push("1 weitere Nachricht".to_owned()),
                n => parts.push(format!("{n} weitere Nachrichten")),
            }
            let joined = parts.join(", ");
            let mut chars = joined.chars();
            match chars.next() {
                Some(first) => first.to_uppercase().chain(chars).collect(),
                None => "Keine Nachricht".to_owned(),
            }
        }
        _ => format!("{} % der Angaben vorhanden", r["percent"].as_i64().unwrap_or_default()),
    };
    json!({"name": sentence_of(&FACTOR_NAMES, factor), "points": f["points"], "max_points": f["max_points"], "reason": reason})
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_become_codes_and_come_back() {
        let entries = [
            ("CREATED", "Lead angelegt", Value::Null),
            (
                "CREATED",
                "Lead aus Anfrage über willhaben angelegt (Telefonnummer ungültig, wie angegeben übernommen)",
                json!({"portal": "WILLHABEN", "flags": ["PHONE_INVALID"], "message_id": "m@x"}),
            ),
            (
                "STATUS_CHANGED",
                "Status LOST → NEW: erneute Anfrage über willhaben",
                json!({"from": "LOST", "to": "NEW", "reason": "erneute Anfrage über willhaben", "by": "SYSTEM"}),
            ),
            (
                "STATUS_CHANGED",
                "Status NEW → CONTACTED",
                json!({"code": "STATUS_CHANGED", "from": "NEW", "to": "CONTACTED", "reason": null, "cause": null}),
            ),
            (
                "STATUS_CHANGED",
                "Status NEW → LOST: meldet sich nicht",
                json!({"from": "NEW", "to": "LOST", "reason": "meldet sich nicht", "by": "USER"}),
            ),
            ("NOTE", "Rückruf am Montag", Value::Null),
            (
                "EMAIL_OUT",
                "E-Mail an a@b.de: Ihre Anfrage: Wohnung (im Postausgang; kein Mailversand eingerichtet)",
                json!({"message_id": "x", "delivered": false}),
            ),
            ("UPDATED", "Zusammengeführt mit Anna Huber", json!({"merged": "x", "filled": ["phone"]})),
            (
                "SENTIMENT",
                "Stimmung: positiv (+80) – dringend, kaufen",
                json!({"analyzer": "keywords", "sentiment": {"score": 80, "label": "POSITIVE",
                    "matched": [{"keyword": "dringend", "signal": "URGENCY"}, {"keyword": "kaufen", "signal": "BUYING"}]}}),
            ),
        ];
        for (kind, description, data) in entries {
            let up = activity_up(kind, description, Some(data.clone()));
            assert!(up["code"].is_string(), "{up}");
            let (back, back_data) = activity_down(kind, up.clone());
            assert_eq!(back, description, "{up}");
            assert_eq!(activity_up(kind, &back, Some(back_data.clone())), up, "up, down, up again");
        }
        let reopened = activity_up(
            "STATUS_CHANGED",
            "",
            Some(json!({"from": "LOST", "to": "NEW", "reason": "erneute Anfrage über ImmoScout24.ch"})),
        );
        assert_eq!(reopened["cause"], json!({"code": "NEW_INQUIRY", "portal": "IMMOSCOUT24_CH"}));
        assert_eq!(reopened["reason"], Value::Null);
        let seeded = activity_up("STATUS_CHANGED", "Status NEW → CONTACTED", None);
        assert_eq!((&seeded["from"], &seeded["to"]), (&json!("NEW"), &json!("CONTACTED")));
        assert_eq!(activity_up("CREATED", "Anfrage über MANUAL", None), json!({"code": "CREATED"}));
        let unreadable = activity_up("EMAIL_IN", "irgendwas", None);
        assert_eq!(unreadable, json!({"code": "NOTE", "text": "irgendwas"}), "kept as a note, not lost");
    }

    #[test]
    fn score_reasons_become_codes_and_come_back() {
        let factors = [
            json!({"name": "Zeitrahmen", "points": 20, "max_points": 25, "reason": "Entscheidung innerhalb von 3 Monaten"}),
            json!({"name": "Finanzierung", "points": 0, "max_points": 25, "reason": "Finanzierung unbekannt"}),
            json!({"name": "Budget", "points": 10, "max_points": 15, "reason": "Budget bis zu 10 % unter dem Objektpreis"}),
            json!({"name": "Quelle", "points": 10, "max_points": 15, "reason": "Anfrage über ein Immobilienportal"}),
            json!({"name": "Engagement", "points": 9, "max_points": 10, "reason": "Ausführliche Nachricht, stellt Fragen, 2 weitere Nachrichten"}),
            json!({"name": "Engagement", "points": 0, "max_points": 10, "reason": "Keine Nachricht"}),
            json!({"name": "Vollständigkeit", "points": 6, "max_points": 10, "reason": "63 % der Angaben vorhanden"}),
        ];
        for f in factors {
            let up = factor_up(&f, "IMMOSCOUT24");
            assert_eq!(factor_down(&up), f, "{up}");
        }
        let engagement = factor_up(
            &json!({"name": "Engagement", "points": 6, "max_points": 10,
            "reason": "Nachricht, möchte besichtigen, 1 weitere Nachricht"}),
            "WEBSITE",
        );
        assert_eq!(
            engagement["reason"],
            json!({"code": "ENGAGEMENT", "message": true, "detailed": false, "question": false, "viewing": true, "replies": 1})
        );
        assert_eq!(
            factor_up(&json!({"name": "Quelle", "reason": "Empfehlung"}), "REFERRAL")["reason"]["source"],
            "REFERRAL"
        );
    }
}
