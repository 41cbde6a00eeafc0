//! Semantic search: embeddings of properties and leads, nearest-neighbour search, the hybrid
//! ranking with the German full-text search, and property recommendations for a lead.
//!
//! Vectors live in `embeddings`, one row per entity with the model that made it: PostgreSQL
//! searches them with pgvector's HNSW cosine index; SQLite keeps them as little-endian `f32`
//! BLOBs and compares them in process. A query is compared only with vectors of the model that
//! embeds it now; a model change re-embeds (`stale`).

use std::collections::HashMap;

use chrono::Utc;
use sea_orm::{ConnectionTrait, DbBackend, Statement, Value as DbValue};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::jobs::{self, NewJob};
use super::validate::{SearchText, message_for};
use super::{Ctx, Db, Error, Result, leads, properties};
use crate::ai::{
    Ai,
    llm::LlmProvider,
    usage::{self, Purpose},
};
use model::{Lead, LeadId, MarketingType, Phrase, Property, PropertyId, PropertyStatus, Queue, TenantId};

/// The dimension of every stored vector (the column is `vector(1536)` on PostgreSQL).
pub const DIMENSIONS: usize = 1536;
/// Job kind: embed one property or lead (queue `embedding`).
pub const EMBED: &str = "search.embed";

pub use model::SearchHit as Hit;
pub use model::SearchKind as Kind;

/// How `embeddings.entity_kind` names a kind.
fn entity_kind(kind: Kind) -> &'static str {
    match kind {
        Kind::Properties => "property",
        Kind::Leads => "lead",
    }
}

/// The entity's table and its SQLite full-text table.
fn tables(kind: Kind) -> (&'static str, &'static str) {
    match kind {
        Kind::Properties => ("properties", "properties_fts"),
        Kind::Leads => ("leads", "leads_fts"),
    }
}

/// The job payload: what to embed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmbedJob {
    pub kind: Kind,
    pub id: Uuid,
}

/// Enqueues embedding an entity after it changed (on the caller's transaction). The idempotency
/// key holds one waiting job per entity; the job reads the entity as it is when it runs.
pub async fn enqueue_embed(conn: &impl ConnectionTrait, tenant: TenantId, kind: Kind, id: Uuid) -> Result<()> {
    let payload = serde_json::to_value(EmbedJob { kind, id }).map_err(|e| Error::Internal(format!("payload: {e}")))?;
    let key = format!("{EMBED}:{}:{}:{id}:{}", tenant.0, entity_kind(kind), Utc::now().timestamp_millis());
    jobs::enqueue(conn, NewJob::new(Queue::Embedding, EMBED, payload).for_tenant(tenant).idempotency_key(key)).await?;
    Ok(())
}

/// The text a property is embedded from: what a buyer would say they look for.
pub fn property_text(p: &Property) -> String {
    let mut parts = vec![
        p.title.clone(),
        format!("{} zum {}", p.property_type, if p.marketing_type == MarketingType::Buy { "Kauf" } else { "Mieten" }),
        format!("{} {}", p.postcode.clone().unwrap_or_default(), p.city),
    ];
    if let Some(r) = p.rooms {
        parts.push(format!("{r} Zimmer"));
    }
    if let Some(a) = p.living_area {
        parts.push(format!("{a} m² Wohnfläche"));
    }
    if let Some(c) = p.price_cents {
        parts.push(format!("{} Euro", c.whole()));
    }
    if !p.features.is_empty() {
        parts.push(p.features.join(", "));
    }
    if let Some(d) = &p.description {
        parts.push(d.chars().take(4000).collect());
    }
    parts.join(". ")
}

/// The text a lead is embedded from: what they asked for.
pub fn lead_text(l: &Lead) -> String {
    let mut parts = vec![l.display_name()];
    if let Some(m) = &l.message {
        parts.push(m.chars().take(4000).collect());
    }
    match (l.budget_min, l.budget_max) {
        (Some(a), Some(b)) => parts.push(format!("Budget {} bis {} Euro", a.whole(), b.whole())),
        (None, Some(b)) => parts.push(format!("Budget bis {} Euro", b.whole())),
        (Some(a), None) => parts.push(format!("Budget ab {} Euro", a.whole())),
        (None, None) => {}
    }
    parts.join(". ")
}

fn content_hash(model: &str, text: &str) -> String {
    let digest = Sha256::digest(format!("{model}\n{text}").as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

fn sql(backend: DbBackend, pg: &str, values: Vec<DbValue>) -> Statement {
    // Written with `$n`; SQLite takes `?n` for the same numbered parameters.
    let text = if backend == DbBackend::Postgres { pg.to_owned() } else { pg.replace('$', "?") };
    Statement::from_sql_and_values(backend, text, values)
}

fn vector_literal(v: &[f32]) -> String {
    let inner: Vec<String> = v.iter().map(|x| x.to_string()).collect();
    format!("[{}]", inner.join(","))
}

fn to_blob(v: &[f32]) -> Vec<u8> {
    v.iter().flat_map(|x| x.to_le_bytes()).collect()
}

fn from_blob(b: &[u8]) -> Vec<f32> {
    b.chunks_exact(4).map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect()
}

pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    let (mut dot, mut na, mut nb) = (0f32, 0f32, 0f32);
    for (x, y) in a.iter().zip(b) {
        dot += x * y;
        na += x * x;
        nb += y * y;
    }
    if na == 0.0 || nb == 0.0 { 0.0 } else { dot / (na.sqrt() * nb.sqrt()) }
}

/// What an embedding job did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Embedded {
    Stored,
    /// Text and model unchanged since the stored vector.
    Unchanged,
    /// The entity is gone (deleted since the job was queued).
    Gone,
}

/// Embeds one entity (a job's work, tenant-scoped, no user). Skips the call when text and model
/// are what the stored vector was made from.
pub async fn embed_entity(db: &Db, ai: &Ai, tenant: TenantId, kind: Kind, id: Uuid) -> Result<Embedded> {
    let Some(text) = entity_text(db, tenant, kind, id).await? else {
        remove(db, tenant, kind, id).await?;
        return Ok(Embedded::Gone);
    };
    let embedder = ai.embedder();
    let model = embedder.embedding_model().to_owned();
    let hash = content_hash(&model, &text);
    let tx = db.tenant_read(tenant).await?;
    let existing = tx
        .query_one(sql(
            db.backend(),
            "SELECT content_hash FROM embeddings WHERE tenant_id = $1 AND entity_kind = $2 AND entity_id = $3",
            vec![tenant.0.into(), entity_kind(kind).into(), id.into()],
        ))
        .await?;
    tx.commit().await?;
    if existing.and_then(|r| r.try_get::<String>("", "content_hash").ok()).as_deref() == Some(hash.as_str()) {
        return Ok(Embedded::Unchanged);
    }
    let vector = embed_one(db, &*embedder, ai, tenant, &text).await?;
    store(db, tenant, kind, id, &model, &hash, &vector).await?;
    Ok(Embedded::Stored)
}

/// A job has no user: it reads the office's row directly (no agent restriction applies).
async fn entity_text(db: &Db, tenant: TenantId, kind: Kind, id: Uuid) -> Result<Option<String>> {
    use entity::{lead, property};
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let tx = db.tenant_read(tenant).await?;
    let text = match kind {
        Kind::Properties => property::Entity::find_by_id(id)
            .filter(property::Column::TenantId.eq(tenant.0))
            .one(&tx)
            .await?
            .map(properties::to_dto)
            .transpose()?
            .map(|p| property_text(&p)),
        Kind::Leads => lead::Entity::find_by_id(id)
            .filter(lead::Column::TenantId.eq(tenant.0))
            .one(&tx)
            .await?
            .map(leads::to_dto)
            .transpose()?
            .map(|l| lead_text(&l)),
    };
    tx.commit().await?;
    Ok(text)
}

async fn embed_one(db: &Db, embedder: &dyn LlmProvider, ai: &Ai, tenant: TenantId, text: &str) -> Result<Vec<f32>> {
    let started = std::time::Instant::now();
    let out = embedder.embed(&[text.to_owned()]).await?;
    usage::record(
        db,
        &ai.prices,
        usage::Call {
            tenant,
            user: None,
            purpose: Purpose::Embedding,
            offline: embedder.is_offline(),
            model: &out.model,
            usage: out.usage,
            latency: started.elapsed(),
        },
    )
    .await?;
    let vector = out.vectors.into_iter().next().ok_or_else(|| Error::Unavailable("no embedding returned".into()))?;
    if vector.len() != DIMENSIONS {
        return Err(Error::Unavailable(format!("the embedding has {} dimensions, not {DIMENSIONS}", vector.len())));
    }
    Ok(vector)
}

async fn store(db: &Db, tenant: TenantId, kind: Kind, id: Uuid, model: &str, hash: &str, v: &[f32]) -> Result<()> {
    let backend = db.backend();
    let vector: DbValue = if backend == DbBackend::Postgres { vector_literal(v).into() } else { to_blob(v).into() };
    let cast = if backend == DbBackend::Postgres { "$7::vector" } else { "$7" };
    let tx = db.tenant(tenant).await?;
    tx.execute(sql(
        backend,
        &format!(
            "INSERT INTO embeddings (id, tenant_id, entity_kind, entity_id, model, content_hash, vector, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, {cast}, $8)
             ON CONFLICT (tenant_id, entity_kind, entity_id) DO UPDATE SET
                 model = excluded.model, content_hash = excluded.content_hash, vector = excluded.vector,
                 updated_at = excluded.updated_at"
        ),
        vec![
            Uuid::now_v7().into(),
            tenant.0.into(),
            entity_kind(kind).into(),
            id.into(),
            model.into(),
            hash.into(),
            vector,
            Utc::now().into(),
        ],
    ))
    .await?;
    tx.commit().await?;
    Ok(())
}

async fn remove(db: &Db, tenant: TenantId, kind: Kind, id: Uuid) -> Result<()> {
    let tx = db.tenant(tenant).await?;
    tx.execute(sql(
        db.backend(),
        "DELETE FROM embeddings WHERE tenant_id = $1 AND entity_kind = $2 AND entity_id = $3",
        vec![tenant.0.into(), entity_kind(kind).into(), id.into()],
    ))
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The entities of an office of `kind` nearest to `query`, by cosine similarity (best first),
/// among vectors made by `model`.
pub async fn nearest(
    db: &Db,
    tenant: TenantId,
    kind: Kind,
    model: &str,
    query: &[f32],
    k: usize,
) -> Result<Vec<(Uuid, f32)>> {
    let backend = db.backend();
    let tx = db.tenant_read(tenant).await?;
    let limit = i64::try_from(k).unwrap_or(i64::MAX);
    let found = if backend == DbBackend::Postgres {
        // More candidates from the HNSW graph than the default 40, for the tenant filter after it.
        tx.execute_unprepared("SET LOCAL hnsw.ef_search = 200").await?;
        let rows = tx
            .query_all(sql(
                backend,
                "SELECT entity_id, 1 - (vector <=> $4::vector) AS similarity FROM embeddings
                 WHERE tenant_id = $1 AND entity_kind = $2 AND model = $3
                 ORDER BY vector <=> $4::vector LIMIT $5",
                vec![
                    tenant.0.into(),
                    entity_kind(kind).into(),
                    model.into(),
                    vector_literal(query).into(),
                    limit.into(),
                ],
            ))
            .await?;
        rows.iter()
            .map(|r| Ok((r.try_get::<Uuid>("", "entity_id")?, r.try_get::<f64>("", "similarity")? as f32)))
            .collect::<std::result::Result<Vec<_>, sea_orm::DbErr>>()?
    } else {
        let rows = tx
            .query_all(sql(
                backend,
                "SELECT entity_id, vector FROM embeddings WHERE tenant_id = $1 AND entity_kind = $2 AND model = $3",
                vec![tenant.0.into(), entity_kind(kind).into(), model.into()],
            ))
            .await?;
        let mut scored = rows
            .iter()
            .map(|r| {
                let blob: Vec<u8> = r.try_get("", "vector")?;
                Ok((r.try_get::<Uuid>("", "entity_id")?, cosine(query, &from_blob(&blob))))
            })
            .collect::<std::result::Result<Vec<_>, sea_orm::DbErr>>()?;
        scored.sort_by(|a, b| b.1.total_cmp(&a.1));
        scored.truncate(k);
        scored
    };
    tx.commit().await?;
    Ok(found)
}

/// Ids matching the query's words, best full-text rank first: the rows with all of the words,
/// then, when those are fewer than `k`, the rows with any of them.
async fn full_text(db: &Db, tenant: TenantId, kind: Kind, search: &SearchText, k: usize) -> Result<Vec<Uuid>> {
    // Letters and digits only (the ranking query's syntax has no room for more), and no words
    // too short to rank.
    let words: Vec<String> = search
        .words()
        .iter()
        .map(|w| w.chars().filter(|c| c.is_alphanumeric()).collect::<String>())
        .filter(|w| w.chars().count() > 2)
        .collect();
    if words.is_empty() {
        return Ok(Vec::new());
    }
    let mut found = matching(db, tenant, kind, &words, Words::All, k).await?;
    if found.len() < k && words.len() > 1 {
        let any = matching(db, tenant, kind, &words, Words::Any, k + found.len()).await?;
        for id in any {
            if found.len() == k {
                break;
            }
            if !found.contains(&id) {
                found.push(id);
            }
        }
    }
    Ok(found)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Words {
    All,
    Any,
}

/// Rows with `words` (as prefixes), best rank first. PostgreSQL ranks every match with
/// `ts_rank`, which reads each matching row's vector: a query of common words can match most of
/// an office's rows, so "any of the words" ranks only the first `ANY_CANDIDATES` matches.
async fn matching(db: &Db, tenant: TenantId, kind: Kind, words: &[String], join: Words, k: usize) -> Result<Vec<Uuid>> {
    const ANY_CANDIDATES: i64 = 2_000;
    let (table, fts) = tables(kind);
    let limit = i64::try_from(k).unwrap_or(i64::MAX);
    let backend = db.backend();
    let statement = if backend == DbBackend::Postgres {
        let op = if join == Words::All { " & " } else { " | " };
        let tsquery = words.iter().map(|w| format!("{w}:*")).collect::<Vec<_>>().join(op);
        let candidates = if join == Words::All { "" } else { " LIMIT $4" };
        let mut values: Vec<DbValue> = vec![tenant.0.into(), tsquery.into(), limit.into()];
        if join == Words::Any {
            values.push(ANY_CANDIDATES.into());
        }
        sql(
            backend,
            &format!(
                "SELECT id FROM (SELECT id, search FROM {table}
                                 WHERE tenant_id = $1 AND search @@ to_tsquery('german', $2){candidates}) m
                 ORDER BY ts_rank(search, to_tsquery('german', $2)) DESC LIMIT $3"
            ),
            values,
        )
    } else {
        let op = if join == Words::All { " AND " } else { " OR " };
        let matcher = words.iter().map(|w| format!("\"{w}\"*")).collect::<Vec<_>>().join(op);
        sql(
            backend,
            &format!(
                "SELECT t.id AS id FROM {fts} f JOIN {table} t ON t.id = f.id
                 WHERE {fts} MATCH $1 AND t.tenant_id = $2 ORDER BY f.rank LIMIT $3"
            ),
            vec![matcher.into(), tenant.0.into(), limit.into()],
        )
    };
    let tx = db.tenant_read(tenant).await?;
    let rows = tx.query_all(statement).await?;
    tx.commit().await?;
    Ok(rows.iter().filter_map(|r| r.try_get::<Uuid>("", "id").ok()).collect())
}

/// Reciprocal-rank fusion: each ranking adds 1 / (60 + rank). Robust to the two scores' scales.
fn fuse(semantic: &[(Uuid, f32)], text: &[Uuid]) -> Vec<(Uuid, f64, Option<f32>, bool)> {
    const K: f64 = 60.0;
    let mut scores: HashMap<Uuid, (f64, Option<f32>, bool)> = HashMap::new();
    for (rank, (id, sim)) in semantic.iter().enumerate() {
        let e = scores.entry(*id).or_insert((0.0, None, false));
        e.0 += 1.0 / (K + rank as f64 + 1.0);
        e.1 = Some(*sim);
    }
    for (rank, id) in text.iter().enumerate() {
        let e = scores.entry(*id).or_insert((0.0, None, false));
        e.0 += 1.0 / (K + rank as f64 + 1.0);
        e.2 = true;
    }
    let mut out: Vec<_> = scores.into_iter().map(|(id, (s, sim, t))| (id, s, sim, t)).collect();
    out.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    out
}

/// Semantic and full-text search together, over what the caller may see.
#[tracing::instrument(skip(db, ai), fields(tenant_id = %ctx.tenant_id))]
pub async fn hybrid(db: &Db, ctx: &Ctx, ai: &Ai, query: &str, kind: Option<Kind>, limit: usize) -> Result<Vec<Hit>> {
    let search = SearchText::parse(query).map_err(|code| Error::invalid("query", code, message_for(code)))?;
    let embedder = ai.embedder();
    let vector = embed_one(db, &*embedder, ai, ctx.tenant_id, search.text()).await?;
    let model = embedder.embedding_model().to_owned();
    let kinds: &[Kind] = match kind {
        Some(Kind::Properties) => &[Kind::Properties],
        Some(Kind::Leads) => &[Kind::Leads],
        None => &[Kind::Properties, Kind::Leads],
    };
    let candidates = (limit * 3).max(30);
    let mut hits = Vec::new();
    for &kind in kinds {
        let near = nearest(db, ctx.tenant_id, kind, &model, &vector, candidates).await?;
        let text = full_text(db, ctx.tenant_id, kind, &search, candidates).await?;
        let fused = fuse(&near, &text);
        hits.extend(visible_hits(db, ctx, kind, fused).await?);
    }
    hits.sort_by(|a, b| b.score.total_cmp(&a.score));
    hits.truncate(limit);
    Ok(hits)
}

/// Keeps what the caller may see (agents: their own leads), with titles.
async fn visible_hits(db: &Db, ctx: &Ctx, kind: Kind, fused: Vec<(Uuid, f64, Option<f32>, bool)>) -> Result<Vec<Hit>> {
    let hit = |id, title: String, subtitle: String, url: String, (score, similarity, text_match)| Hit {
        kind,
        id,
        title,
        subtitle,
        url,
        score,
        similarity,
        text_match,
    };
    Ok(match kind {
        Kind::Properties => {
            let ids: Vec<PropertyId> = fused.iter().map(|f| PropertyId(f.0)).collect();
            let found = properties::get_many(db, ctx, &ids).await?;
            fused
                .into_iter()
                .filter_map(|(id, s, sim, t)| {
                    let p = found.get(&PropertyId(id))?;
                    (p.status != PropertyStatus::Archived)
                        .then(|| hit(id, p.title.clone(), p.city.clone(), format!("/properties/{id}"), (s, sim, t)))
                })
                .collect()
        }
        Kind::Leads => {
            let ids: Vec<LeadId> = fused.iter().map(|f| LeadId(f.0)).collect();
            let found = leads::get_many(db, ctx, &ids).await?;
            fused
                .into_iter()
                .filter_map(|(id, s, sim, t)| {
                    let l = found.get(&LeadId(id))?;
                    Some(hit(id, l.display_name(), l.status.to_string(), format!("/leads/{id}"), (s, sim, t)))
                })
                .collect()
        }
    })
}

/// A property for a lead, with why it fits.
#[derive(Clone, Debug, PartialEq)]
pub struct Recommendation {
    pub property: Property,
    /// 0–100: the rules' share plus the semantic boost.
    pub score: i32,
    pub reasons: Vec<Phrase>,
}

/// Properties for a lead: the rules (active, within budget ±10 %, the type and place the lead's
/// property of interest has) decide what qualifies; the similarity of the lead's inquiry to the
/// property decides the order among them.
pub async fn recommend_for_lead(db: &Db, ctx: &Ctx, ai: &Ai, lead: &Lead, limit: usize) -> Result<Vec<Recommendation>> {
    use model::{PageRequest, PropertyFilter};
    let interest = match lead.property_id {
        Some(id) => properties::get(db, ctx, id).await.ok(),
        None => None,
    };
    let filter = PropertyFilter { status: Some(PropertyStatus::Active), ..Default::default() };
    let all = properties::list(db, ctx, &filter, &PageRequest::new(PageRequest::MAX, None)).await?.items;
    let embedder = ai.embedder();
    let vector = embed_one(db, &*embedder, ai, ctx.tenant_id, &lead_text(lead)).await?;
    let near: HashMap<Uuid, f32> =
        nearest(db, ctx.tenant_id, Kind::Properties, embedder.embedding_model(), &vector, 200)
            .await?
            .into_iter()
            .collect();
    let mut out: Vec<Recommendation> = all
        .into_iter()
        .filter(|p| Some(p.id) != lead.property_id)
        .filter_map(|p| {
            let mut reasons = Vec::new();
            let mut points = 0;
            let price = p.price_cents;
            if let (Some(price), Some(max)) = (price, lead.budget_max) {
                if price > max.scaled(110) {
                    return None;
                }
                points += 30;
                reasons.push(Phrase::MatchInBudget);
            }
            if let (Some(price), Some(min)) = (price, lead.budget_min)
                && price < min.scaled(70)
            {
                return None;
            }
            if let Some(i) = &interest {
                if i.marketing_type != p.marketing_type {
                    return None;
                }
                if i.property_type == p.property_type {
                    points += 20;
                    reasons.push(Phrase::MatchSameType { property_type: p.property_type });
                }
                if i.city == p.city {
                    points += 20;
                    reasons.push(Phrase::MatchSameCity { city: p.city.clone() });
                }
                if let (Some(a), Some(b)) = (i.rooms, p.rooms)
                    && (a - b).abs() <= 1.0
                {
                    points += 10;
                    reasons.push(Phrase::MatchRooms { rooms: b });
                }
                if let (Some(a), Some(b)) = (i.living_area, p.living_area)
                    && (a - b).abs() <= a * 0.25
                {
                    points += 10;
                    reasons.push(Phrase::MatchArea { square_metres: b });
                }
            }
            let similarity = near.get(&p.id.0).copied().unwrap_or(0.0).max(0.0);
            if similarity > 0.0 {
                reasons.push(Phrase::MatchSimilar { percent: (similarity * 100.0).round() as u32 });
            }
            let score = (points + (similarity * 10.0).round() as i32).clamp(0, 100);
            Some(Recommendation { property: p, score, reasons })
        })
        .collect();
    out.sort_by(|a, b| b.score.cmp(&a.score).then(a.property.id.cmp(&b.property.id)));
    out.truncate(limit);
    Ok(out)
}

/// Embedding jobs for every property and lead whose vector is missing or was made by another
/// model than the current one (a model change): `immivo reembed`, and a worker sweep.
pub async fn enqueue_stale(db: &Db, ai: &Ai, limit: u64) -> Result<usize> {
    let model = ai.embedder().embedding_model().to_owned();
    let backend = db.backend();
    let tx = db.platform().await?;
    let mut enqueued = 0;
    for kind in [Kind::Properties, Kind::Leads] {
        let (table, _) = tables(kind);
        let rows = tx
            .query_all(sql(
                backend,
                &format!(
                    "SELECT t.tenant_id AS tenant_id, t.id AS id FROM {table} t
                     LEFT JOIN embeddings e ON e.tenant_id = t.tenant_id AND e.entity_kind = $1 AND e.entity_id = t.id
                     WHERE e.id IS NULL OR e.model <> $2 LIMIT $3"
                ),
                vec![entity_kind(kind).into(), model.clone().into(), i64::try_from(limit).unwrap_or(i64::MAX).into()],
            ))
            .await?;
        for r in rows {
            let (tenant, id): (Uuid, Uuid) = (r.try_get("", "tenant_id")?, r.try_get("", "id")?);
            let payload = serde_json::to_value(EmbedJob { kind, id }).map_err(|e| Error::Internal(e.to_string()))?;
            // One waiting re-embed per entity and model.
            let key = format!("{EMBED}:stale:{tenant}:{}:{id}:{model}", entity_kind(kind));
            jobs::enqueue(
                &tx,
                NewJob::new(Queue::Embedding, EMBED, payload).for_tenant(TenantId(tenant)).idempotency_key(key),
            )
            .await?;
            enqueued += 1;
        }
    }
    tx.commit().await?;
    if enqueued > 0 {
        db.wakeups().wake(Queue::Embedding);
    }
    Ok(enqueued)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blobs_round_trip_and_cosine_is_bounded() {
        let v = vec![0.5f32, -1.25, 3.0];
        assert_eq!(from_blob(&to_blob(&v)), v);
        assert!((cosine(&v, &v) - 1.0).abs() < 1e-6);
        assert!((cosine(&[1.0, 0.0], &[0.0, 1.0])).abs() < 1e-6);
        assert_eq!(cosine(&[0.0, 0.0], &[1.0, 0.0]), 0.0);
    }

    #[test]
    fn fusion_rewards_agreement() {
        let (a, b, c) = (Uuid::from_u128(1), Uuid::from_u128(2), Uuid::from_u128(3));
        let fused = fuse(&[(a, 0.9), (b, 0.8)], &[b, c]);
        assert_eq!(fused[0].0, b, "found by both rankings: first");
        assert_eq!(fused[0].2, Some(0.8));
        assert!(fused[0].3);
        assert_eq!(fused.len(), 3);
    }
}
