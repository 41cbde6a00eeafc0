//! Leads: the pipeline NEW → CONTACTED → CONVERSATION → BOOKED (or LOST), their activities,
//! assignment and search. Agents see only leads assigned to them; an id they may not see is
//! "not found", never "forbidden", so ids of other offices or colleagues reveal nothing.
//!
//! Also here: the score and completeness (`scoring`, pure), the figures about an office's leads
//! (`stats`). Mail to leads is `conversations`'.

pub mod scoring;
pub mod stats;

use std::collections::HashMap;

use entity::{lead, lead_activity, message, property, user};
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DbBackend, EntityTrait, IntoActiveModel, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Select, Set, TryIntoModel,
};
use uuid::Uuid;

use model::{
    Activity, ActivityDetail, ActivityId, ActivityKind, Dashboard, Financing, Lead, LeadFilter, LeadFlag, LeadId,
    LeadInput, LeadSource, LeadStatus, Money, Page, PageRequest, PropertyId, ScoreFactor, StatusCause, StatusCount,
    TenantId, Timeframe, UserId, ViewingWish,
};

use self::scoring::ScoreInput;

use super::validate::{Checks, SearchText};
use super::{Actor, Ctx, Db, Error, Result, now, stored, tenants};

pub(crate) fn to_dto(m: lead::Model) -> Result<Lead> {
    let completeness = scoring::completeness(&score_input(&m, None, 0)?);
    let flags = flags_of(&m)?;
    let viewing_wish = viewing_wish_of(&m)?;
    let score_factors: Vec<ScoreFactor> =
        serde_json::from_value(m.score_factors).map_err(|e| Error::Internal(format!("stored score factors: {e}")))?;
    Ok(Lead {
        completeness,
        flags,
        viewing_requested: m.viewing_requested,
        viewing_wish,
        id: LeadId(m.id),
        status: stored(&m.status)?,
        source: stored(&m.source)?,
        timeframe: stored(&m.timeframe)?,
        financing: stored(&m.financing)?,
        salutation: m.salutation,
        first_name: m.first_name,
        last_name: m.last_name,
        email: m.email,
        phone: m.phone,
        message: m.message,
        budget_min: m.budget_min.map(Money::from_cents),
        budget_max: m.budget_max.map(Money::from_cents),
        score: m.score,
        score_factors,
        property_id: m.property_id.map(PropertyId),
        assigned_to: m.assigned_to.map(UserId),
        reply_drafted_at: m.reply_drafted_at,
        reply_sent_at: m.reply_sent_at,
        possible_duplicate_of: m.possible_duplicate_of.map(LeadId),
        created_at: m.created_at,
        updated_at: m.updated_at,
    })
}

/// The stored wish: all three columns, or none.
fn viewing_wish_of(m: &lead::Model) -> Result<Option<ViewingWish>> {
    match (m.viewing_wish_from, m.viewing_wish_to, &m.viewing_wish_precision) {
        (Some(from), Some(to), Some(precision)) => Ok(Some(ViewingWish { from, to, precision: stored(precision)? })),
        _ => Ok(None),
    }
}

pub(crate) fn set_viewing_wish(m: &mut lead::Model, wish: Option<&ViewingWish>) {
    m.viewing_wish_from = wish.map(|w| w.from);
    m.viewing_wish_to = wish.map(|w| w.to);
    m.viewing_wish_precision = wish.map(|w| w.precision.as_str().to_owned());
}

pub(crate) fn flags_of(m: &lead::Model) -> Result<Vec<LeadFlag>> {
    let texts: Vec<String> =
        serde_json::from_value(m.flags.clone()).map_err(|e| Error::Internal(format!("stored lead flags: {e}")))?;
    texts.iter().map(|t| stored(t)).collect()
}

pub(crate) fn flags_json(flags: &[LeadFlag]) -> serde_json::Value {
    let mut texts: Vec<&str> = flags.iter().map(|f| f.as_str()).collect();
    texts.sort_unstable();
    texts.dedup();
    serde_json::json!(texts)
}

/// What the score reads from a stored lead, plus what lives elsewhere: the linked property's
/// price and how many messages the lead sent after the first.
fn score_input(m: &lead::Model, property_price: Option<Money>, replies: u32) -> Result<ScoreInput<'_>> {
    Ok(ScoreInput {
        source: Some(stored(&m.source)?),
        first_name: m.first_name.as_deref(),
        last_name: m.last_name.as_deref(),
        email: m.email.as_deref(),
        phone: m.phone.as_deref(),
        message: m.message.as_deref(),
        budget_min: m.budget_min.map(Money::from_cents),
        budget_max: m.budget_max.map(Money::from_cents),
        timeframe: Some(stored(&m.timeframe)?),
        financing: Some(stored(&m.financing)?),
        has_property: m.property_id.is_some(),
        property_price,
        viewing_requested: m.viewing_requested,
        replies,
    })
}

/// Recomputes score and factors of a lead about to be written (inserted or updated), from the
/// lead's fields, its property's price and its inbound messages, all within `tenant`.
pub(crate) async fn rescore(tx: &impl ConnectionTrait, tenant: TenantId, m: &mut lead::Model) -> Result<()> {
    let price = match m.property_id {
        Some(p) => property::Entity::find_by_id(p)
            .filter(property::Column::TenantId.eq(tenant.0))
            .one(tx)
            .await?
            .and_then(|p| p.price_cents)
            .map(Money::from_cents),
        None => None,
    };
    let inbound = message::Entity::find()
        .filter(message::Column::TenantId.eq(tenant.0))
        .filter(message::Column::LeadId.eq(m.id))
        .filter(message::Column::Direction.eq("IN"))
        .count(tx)
        .await?;
    let replies = u32::try_from(inbound.saturating_sub(1)).unwrap_or(u32::MAX);
    let (score, factors) = scoring::score(&score_input(m, price, replies)?);
    m.score = score;
    m.score_factors =
        serde_json::to_value(factors).map_err(|e| Error::Internal(format!("score factors to JSON: {e}")))?;
    Ok(())
}

fn activity_dto(m: lead_activity::Model) -> Result<Activity> {
    let data = m.data.unwrap_or_default();
    let detail = serde_json::from_value(data).map_err(|e| Error::Internal(format!("stored activity {}: {e}", m.id)))?;
    Ok(Activity {
        id: ActivityId(m.id),
        lead_id: LeadId(m.lead_id),
        kind: stored(&m.kind)?,
        detail,
        actor_id: m.actor_id.map(UserId),
        created_at: m.created_at,
    })
}

/// The leads this caller may see: their tenant's, and for agents only their own.
pub(crate) fn visible(ctx: &Ctx) -> Select<lead::Entity> {
    let q = lead::Entity::find().filter(lead::Column::TenantId.eq(ctx.tenant_id.0));
    if ctx.sees_only_own() { q.filter(lead::Column::AssignedTo.eq(ctx.user_id.0)) } else { q }
}

async fn find(tx: &impl ConnectionTrait, ctx: &Ctx, id: LeadId) -> Result<lead::Model> {
    visible(ctx).filter(lead::Column::Id.eq(id.0)).one(tx).await?.ok_or(Error::NotFound("lead"))
}

/// Full-text condition: PostgreSQL's weighted tsvector, SQLite's FTS5 table. A search without
/// a single word matches nothing (never "no filter").
pub(crate) fn search_condition(backend: DbBackend, column: &str, fts_table: &str, search: &SearchText) -> Condition {
    let words = search.words();
    if words.is_empty() {
        return Condition::all().add(Expr::val(1).eq(0));
    }
    match backend {
        DbBackend::Postgres => {
            // Prefix match on every word, in both the simple (names) and german (text) configs.
            let tsquery = words
                .iter()
                .map(|w| format!("{}:*", w.replace(['\'', ':', '&', '|', '!'], "")))
                .collect::<Vec<_>>()
                .join(" & ");
            Condition::all().add(Expr::cust_with_values(
                // `$n`, not `?`: sea-query drops `?` values after a quoted literal on PostgreSQL.
                format!("{column} @@ (to_tsquery('simple', $1) || to_tsquery('german', $2))"),
                [tsquery.clone(), tsquery],
            ))
        }
        _ => {
            let fts = words.iter().map(|w| format!("\"{}\"*", w.replace('"', ""))).collect::<Vec<_>>().join(" ");
            Condition::all().add(Expr::cust_with_values(
                format!("id IN (SELECT id FROM {fts_table} WHERE {fts_table} MATCH ?)"),
                [fts],
            ))
        }
    }
}

fn filtered(db: &Db, ctx: &Ctx, filter: &LeadFilter, search: Option<&SearchText>) -> Select<lead::Entity> {
    let mut q = visible(ctx);
    if let Some(s) = filter.status {
        q = q.filter(lead::Column::Status.eq(s.as_str()));
    }
    if let Some(s) = filter.source {
        q = q.filter(lead::Column::Source.eq(s.as_str()));
    }
    if let Some(min) = filter.min_score {
        q = q.filter(lead::Column::Score.gte(min));
    }
    if let Some(max) = filter.max_score {
        q = q.filter(lead::Column::Score.lte(max));
    }
    if let Some(a) = filter.assigned_to {
        q = q.filter(lead::Column::AssignedTo.eq(a.0));
    }
    if let Some(p) = filter.property_id {
        q = q.filter(lead::Column::PropertyId.eq(p.0));
    }
    if let Some(after) = filter.created_after {
        q = q.filter(lead::Column::CreatedAt.gte(after));
    }
    if let Some(search) = search {
        q = q.filter(search_condition(db.backend(), "search", "leads_fts", search));
    }
    q
}

/// Newest first, keyset-paged on the time-ordered id.
#[tracing::instrument(skip(db), fields(tenant_id = %ctx.tenant_id))]
pub async fn list(db: &Db, ctx: &Ctx, filter: &LeadFilter, page: &PageRequest) -> Result<Page<Lead>> {
    let search = SearchText::parse_optional("query", filter.query.as_deref())?;
    let tx = db.tenant_read(ctx.tenant_id).await?;
    let total = filtered(db, ctx, filter, search.as_ref()).count(&tx).await?;
    let mut q = filtered(db, ctx, filter, search.as_ref()).order_by_desc(lead::Column::Id);
    if let Some(after) = page.after() {
        q = q.filter(lead::Column::Id.lt(after));
    }
    let mut rows = q.limit(page.first() + 1).all(&tx).await?;
    tx.commit().await?;
    let has_next = rows.len() as u64 > page.first();
    rows.truncate(page.first() as usize);
    Ok(Page { items: rows.into_iter().map(to_dto).collect::<Result<_>>()?, has_next, total })
}

pub async fn get(db: &Db, ctx: &Ctx, id: LeadId) -> Result<Lead> {
    let tx = db.tenant_read(ctx.tenant_id).await?;
    let found = find(&tx, ctx, id).await?;
    tx.commit().await?;
    to_dto(found)
}

struct Checked {
    source: Option<LeadSource>,
    salutation: Option<String>,
    first_name: Option<String>,
    last_name: Option<String>,
    email: Option<String>,
    phone: Option<String>,
    message: Option<String>,
    budget_min: Option<Money>,
    budget_max: Option<Money>,
    timeframe: Option<Timeframe>,
    financing: Option<Financing>,
    property_id: Option<PropertyId>,
    assigned_to: Option<UserId>,
}

async fn check(
    tx: &impl ConnectionTrait,
    ctx: &Ctx,
    input: LeadInput,
    existing: Option<&lead::Model>,
) -> Result<Checked> {
    let country = tenants::country_of(tx, ctx.tenant_id).await?;
    let mut c = Checks::new();
    let checked = Checked {
        source: input.source,
        salutation: c.text("salutation", input.salutation, 40),
        first_name: c.text("first_name", input.first_name, 100),
        last_name: c.text("last_name", input.last_name, 100),
        email: c.email("email", input.email),
        phone: c.phone("phone", input.phone, country),
        message: c.text("message", input.message, 20_000),
        budget_min: c.range("budget_min", input.budget_min, Money::ZERO, Money::MAX),
        budget_max: c.range("budget_max", input.budget_max, Money::ZERO, Money::MAX),
        timeframe: input.timeframe,
        financing: input.financing,
        property_id: input.property_id,
        assigned_to: input.assigned_to,
    };
    let min = checked.budget_min.or(existing.and_then(|e| e.budget_min.map(Money::from_cents)));
    let max = checked.budget_max.or(existing.and_then(|e| e.budget_max.map(Money::from_cents)));
    if let (Some(min), Some(max)) = (min, max)
        && min > max
    {
        c.fail("budget_max", "invalid_range");
    }
    let has_contact =
        |field: &Option<String>, old: Option<&Option<String>>| field.is_some() || old.is_some_and(Option::is_some);
    let named = has_contact(&checked.last_name, existing.map(|e| &e.last_name))
        || has_contact(&checked.first_name, existing.map(|e| &e.first_name))
        || has_contact(&checked.email, existing.map(|e| &e.email))
        || has_contact(&checked.phone, existing.map(|e| &e.phone));
    if !named && !c.has("email") && !c.has("phone") {
        c.fail("last_name", "required");
    }
    if let Some(p) = checked.property_id {
        let exists = property::Entity::find_by_id(p.0)
            .filter(property::Column::TenantId.eq(ctx.tenant_id.0))
            .one(tx)
            .await?
            .is_some();
        if !exists {
            c.fail("property_id", "invalid");
        }
    }
    if let Some(u) = checked.assigned_to
        && !is_active_user(tx, ctx.tenant_id, u).await?
    {
        c.fail("assigned_to", "invalid");
    }
    c.finish()?;
    Ok(checked)
}

pub(crate) async fn is_active_user(tx: &impl ConnectionTrait, tenant: TenantId, id: UserId) -> Result<bool> {
    Ok(user::Entity::find_by_id(id.0)
        .filter(user::Column::TenantId.eq(tenant.0))
        .filter(user::Column::Active.eq(true))
        .one(tx)
        .await?
        .is_some())
}

async fn add_activity(
    tx: &impl ConnectionTrait,
    ctx: &Ctx,
    lead: LeadId,
    kind: ActivityKind,
    detail: ActivityDetail,
) -> Result<()> {
    record_activity(tx, ctx.tenant_id, Actor::from(ctx), lead, kind, detail, None).await
}

/// Writes one timeline entry: what happened as codes, and beside it in the same JSON object
/// the `bookkeeping` a job reads back (`message_id`, …). `Actor::System` is stored as no actor.
pub(crate) async fn record_activity(
    tx: &impl ConnectionTrait,
    tenant: TenantId,
    actor: Actor,
    lead: LeadId,
    kind: ActivityKind,
    detail: ActivityDetail,
    bookkeeping: Option<serde_json::Value>,
) -> Result<()> {
    let mut data = serde_json::to_value(&detail).map_err(|e| Error::Internal(format!("activity to JSON: {e}")))?;
    if let (Some(object), Some(serde_json::Value::Object(extra))) = (data.as_object_mut(), bookkeeping) {
        for (key, value) in extra {
            // A job's key must not shadow a field of what happened (it would be lost).
            debug_assert!(!object.contains_key(&key), "bookkeeping key {key} collides with the activity's own");
            object.entry(key).or_insert(value);
        }
    }
    lead_activity::ActiveModel {
        id: Set(Uuid::now_v7()),
        tenant_id: Set(tenant.0),
        lead_id: Set(lead.0),
        kind: Set(kind.as_str().to_owned()),
        data: Set(Some(data)),
        actor_id: Set(actor.user_id().map(|u| u.0)),
        created_at: Set(now()),
    }
    .insert(tx)
    .await?;
    Ok(())
}

/// The one place a lead's status changes: refuses a step the pipeline does not allow, records
/// who caused it (a user or the system) and why: a person's `reason`, or the system's `cause`.
pub(crate) async fn transition(
    tx: &impl ConnectionTrait,
    tenant: TenantId,
    actor: Actor,
    found: lead::Model,
    next: LeadStatus,
    reason: Option<String>,
    cause: Option<StatusCause>,
) -> Result<lead::Model> {
    let current: LeadStatus = stored(&found.status)?;
    if !current.can_become(next) {
        return Err(Error::Conflict(format!("a {current} lead cannot become {next}")));
    }
    let id = LeadId(found.id);
    let mut am = found.into_active_model();
    am.status = Set(next.as_str().to_owned());
    am.updated_at = Set(now());
    let updated = am.update(tx).await?;
    let detail = ActivityDetail::StatusChanged { from: current, to: next, reason, cause };
    let by = serde_json::json!({ "by": if actor == Actor::System { "SYSTEM" } else { "USER" } });
    record_activity(tx, tenant, actor, id, ActivityKind::StatusChanged, detail, Some(by)).await?;
    Ok(updated)
}

/// A new lead. An agent's lead is theirs unless they hand it to a colleague.
#[tracing::instrument(skip(db, input), fields(tenant_id = %ctx.tenant_id))]
pub async fn create(db: &Db, ctx: &Ctx, input: LeadInput) -> Result<Lead> {
    let tx = db.tenant(ctx.tenant_id).await?;
    let c = check(&tx, ctx, input, None).await?;
    let assigned = c.assigned_to.or(ctx.sees_only_own().then_some(ctx.user_id));
    let at = now();
    let mut new = lead::Model {
        id: Uuid::now_v7(),
        tenant_id: ctx.tenant_id.0,
        status: LeadStatus::New.as_str().to_owned(),
        source: c.source.unwrap_or(LeadSource::Manual).as_str().to_owned(),
        salutation: c.salutation,
        first_name: c.first_name,
        last_name: c.last_name,
        email: c.email,
        phone: c.phone,
        message: c.message,
        budget_min: c.budget_min.map(Money::cents),
        budget_max: c.budget_max.map(Money::cents),
        timeframe: c.timeframe.unwrap_or(Timeframe::Unknown).as_str().to_owned(),
        financing: c.financing.unwrap_or(Financing::Unknown).as_str().to_owned(),
        score: 0,
        score_factors: serde_json::json!([]),
        property_id: c.property_id.map(|p| p.0),
        assigned_to: assigned.map(|u| u.0),
        flags: flags_json(&[]),
        viewing_requested: false,
        viewing_wish_from: None,
        viewing_wish_to: None,
        viewing_wish_precision: None,
        reply_drafted_at: None,
        reply_sent_at: None,
        possible_duplicate_of: None,
        created_at: at,
        updated_at: at,
    };
    rescore(&tx, ctx.tenant_id, &mut new).await?;
    let model = new.into_active_model().reset_all().insert(&tx).await?;
    let detail = ActivityDetail::Created { portal: None, flags: Vec::new() };
    add_activity(&tx, ctx, LeadId(model.id), ActivityKind::Created, detail).await?;
    crate::search::enqueue_embed(&tx, ctx.tenant_id, crate::search::Kind::Leads, model.id).await?;
    tx.commit().await?;
    db.wakeups().wake(model::Queue::Embedding);
    to_dto(model)
}

/// Changes the given fields; the activity names which ones.
#[tracing::instrument(skip(db, input), fields(tenant_id = %ctx.tenant_id))]
pub async fn update(db: &Db, ctx: &Ctx, id: LeadId, input: LeadInput) -> Result<Lead> {
    let tx = db.tenant(ctx.tenant_id).await?;
    let found = find(&tx, ctx, id).await?;
    if input.assigned_to.is_some_and(|a| Some(a.0) != found.assigned_to) && ctx.sees_only_own() {
        return Err(Error::Forbidden);
    }
    let c = check(&tx, ctx, input, Some(&found)).await?;
    let found_flags = flags_of(&found)?;
    let mut am = found.into_active_model();
    let mut changed = Vec::new();
    macro_rules! set {
        ($field:ident, $value:expr) => {
            if let Some(v) = $value {
                am.$field = Set(v);
                changed.push(stringify!($field));
            }
        };
    }
    set!(source, c.source.map(|v| v.as_str().to_owned()));
    set!(salutation, c.salutation.map(Some));
    set!(first_name, c.first_name.map(Some));
    set!(last_name, c.last_name.map(Some));
    set!(email, c.email.map(Some));
    set!(phone, c.phone.map(Some));
    set!(message, c.message.map(Some));
    set!(budget_min, c.budget_min.map(|b| Some(b.cents())));
    set!(budget_max, c.budget_max.map(|b| Some(b.cents())));
    set!(timeframe, c.timeframe.map(|v| v.as_str().to_owned()));
    set!(financing, c.financing.map(|v| v.as_str().to_owned()));
    set!(property_id, c.property_id.map(|p| Some(p.0)));
    set!(assigned_to, c.assigned_to.map(|u| Some(u.0)));
    if changed.is_empty() {
        tx.commit().await?;
        return get(db, ctx, id).await;
    }
    // A number or address an agent entered passed the checks: the intake flag is settled.
    let settled: Vec<LeadFlag> = [("phone", LeadFlag::PhoneInvalid), ("email", LeadFlag::EmailInvalid)]
        .into_iter()
        .filter(|(field, _)| changed.contains(field))
        .map(|(_, flag)| flag)
        .collect();
    if !settled.is_empty() {
        let flags: Vec<LeadFlag> = found_flags.into_iter().filter(|f| !settled.contains(f)).collect();
        am.flags = Set(flags_json(&flags));
    }
    am.updated_at = Set(now());
    // Every field the score reads may have changed: score the lead as it will be stored.
    let mut next = am.clone().try_into_model()?;
    rescore(&tx, ctx.tenant_id, &mut next).await?;
    am.score = Set(next.score);
    am.score_factors = Set(next.score_factors);
    let updated = am.update(&tx).await?;
    let fields = changed.iter().map(|f| (*f).to_owned()).collect();
    add_activity(&tx, ctx, id, ActivityKind::Updated, ActivityDetail::Updated { fields }).await?;
    crate::search::enqueue_embed(&tx, ctx.tenant_id, crate::search::Kind::Leads, updated.id).await?;
    tx.commit().await?;
    db.wakeups().wake(model::Queue::Embedding);
    to_dto(updated)
}

/// Moves a lead along the pipeline; a step the pipeline does not allow is refused.
#[tracing::instrument(skip(db), fields(tenant_id = %ctx.tenant_id))]
pub async fn change_status(db: &Db, ctx: &Ctx, id: LeadId, next: LeadStatus, reason: Option<String>) -> Result<Lead> {
    let mut checks = Checks::new();
    let reason = checks.text("reason", reason, 500);
    checks.finish()?;
    let tx = db.tenant(ctx.tenant_id).await?;
    let found = find(&tx, ctx, id).await?;
    let updated = transition(&tx, ctx.tenant_id, Actor::from(ctx), found, next, reason, None).await?;
    tx.commit().await?;
    to_dto(updated)
}

/// Admins assign leads to any active colleague; `None` unassigns.
pub async fn assign(db: &Db, ctx: &Ctx, id: LeadId, to: Option<UserId>) -> Result<Lead> {
    ctx.require_admin()?;
    let tx = db.tenant(ctx.tenant_id).await?;
    let found = find(&tx, ctx, id).await?;
    if let Some(u) = to
        && !is_active_user(&tx, ctx.tenant_id, u).await?
    {
        return Err(Error::invalid("assigned_to", "invalid", "is not an active user of this office"));
    }
    let mut am = found.into_active_model();
    am.assigned_to = Set(to.map(|u| u.0));
    am.updated_at = Set(now());
    let updated = am.update(&tx).await?;
    add_activity(&tx, ctx, id, ActivityKind::Assigned, ActivityDetail::Assigned { assigned_to: to }).await?;
    tx.commit().await?;
    to_dto(updated)
}

pub async fn add_note(db: &Db, ctx: &Ctx, id: LeadId, text: &str) -> Result<Activity> {
    let text = Checks::one_text("text", text, 5_000)?;
    let tx = db.tenant(ctx.tenant_id).await?;
    find(&tx, ctx, id).await?;
    add_activity(&tx, ctx, id, ActivityKind::Note, ActivityDetail::Note { text }).await?;
    let latest = lead_activity::Entity::find()
        .filter(lead_activity::Column::TenantId.eq(ctx.tenant_id.0))
        .filter(lead_activity::Column::LeadId.eq(id.0))
        .order_by_desc(lead_activity::Column::Id)
        .one(&tx)
        .await?
        .ok_or(Error::NotFound("activity"))?;
    tx.commit().await?;
    activity_dto(latest)
}

/// Admins only; the lead's activities and messages go with it.
#[tracing::instrument(skip(db), fields(tenant_id = %ctx.tenant_id))]
pub async fn delete(db: &Db, ctx: &Ctx, id: LeadId) -> Result<()> {
    ctx.require_admin()?;
    let tx = db.tenant(ctx.tenant_id).await?;
    let found = find(&tx, ctx, id).await?;
    lead::Entity::delete_by_id(found.id).exec(&tx).await?;
    crate::tenants::audit::record(&tx, ctx, "lead.deleted", Some(("lead", id.0)), None).await?;
    tx.commit().await?;
    Ok(())
}

/// For search results: the visible leads among `ids`, in one query.
pub async fn get_many(db: &Db, ctx: &Ctx, ids: &[LeadId]) -> Result<HashMap<LeadId, Lead>> {
    let tx = db.tenant_read(ctx.tenant_id).await?;
    let rows = visible(ctx).filter(lead::Column::Id.is_in(ids.iter().map(|i| i.0))).all(&tx).await?;
    tx.commit().await?;
    rows.into_iter().map(|m| to_dto(m).map(|l| (l.id, l))).collect()
}

/// Merges `duplicate` into `keep` (the same person twice): `keep`'s empty fields take the
/// duplicate's values, its messages and timeline move over, and the duplicate is deleted. Both
/// must be visible to the caller.
#[tracing::instrument(skip(db), fields(tenant_id = %ctx.tenant_id))]
pub async fn merge(db: &Db, ctx: &Ctx, keep: LeadId, duplicate: LeadId) -> Result<Lead> {
    if keep == duplicate {
        return Err(Error::invalid("duplicate", "same_lead", "a lead cannot be merged into itself"));
    }
    let tx = db.tenant(ctx.tenant_id).await?;
    let mut kept = find(&tx, ctx, keep).await?;
    let gone = find(&tx, ctx, duplicate).await?;
    let mut filled: Vec<&str> = Vec::new();
    macro_rules! fill {
        ($($field:ident),+) => {$(
            if kept.$field.is_none() && gone.$field.is_some() {
                kept.$field = gone.$field.clone();
                filled.push(stringify!($field));
            }
        )+};
    }
    fill!(salutation, first_name, last_name, email, phone, message, budget_min, budget_max, property_id, assigned_to);
    kept.viewing_requested |= gone.viewing_requested;
    if kept.viewing_wish_precision.is_none() {
        set_viewing_wish(&mut kept, viewing_wish_of(&gone)?.as_ref());
    }
    kept.created_at = kept.created_at.min(gone.created_at);
    kept.updated_at = now();
    message::Entity::update_many()
        .col_expr(message::Column::LeadId, Expr::value(keep.0))
        .filter(message::Column::TenantId.eq(ctx.tenant_id.0))
        .filter(message::Column::LeadId.eq(duplicate.0))
        .exec(&tx)
        .await?;
    lead_activity::Entity::update_many()
        .col_expr(lead_activity::Column::LeadId, Expr::value(keep.0))
        .filter(lead_activity::Column::TenantId.eq(ctx.tenant_id.0))
        .filter(lead_activity::Column::LeadId.eq(duplicate.0))
        .exec(&tx)
        .await?;
    entity::inbound_email::Entity::update_many()
        .col_expr(entity::inbound_email::Column::LeadId, Expr::value(keep.0))
        .filter(entity::inbound_email::Column::TenantId.eq(ctx.tenant_id.0))
        .filter(entity::inbound_email::Column::LeadId.eq(duplicate.0))
        .exec(&tx)
        .await?;
    lead::Entity::delete_by_id(gone.id).exec(&tx).await?;
    rescore(&tx, ctx.tenant_id, &mut kept).await?;
    let merged = kept.into_active_model().reset_all().update(&tx).await?;
    let name =
        [gone.first_name.as_deref(), gone.last_name.as_deref()].into_iter().flatten().collect::<Vec<_>>().join(" ");
    let detail = ActivityDetail::Merged {
        name: if name.is_empty() { duplicate.to_string() } else { name },
        filled: filled.iter().map(|f| (*f).to_owned()).collect(),
    };
    let merged_id = serde_json::json!({ "merged": duplicate.0 });
    record_activity(&tx, ctx.tenant_id, Actor::from(ctx), keep, ActivityKind::Updated, detail, Some(merged_id)).await?;
    crate::tenants::audit::record(
        &tx,
        ctx,
        "lead.merged",
        Some(("lead", keep.0)),
        Some(serde_json::json!({ "merged": duplicate.0 })),
    )
    .await?;
    tx.commit().await?;
    to_dto(merged)
}

/// Newest first.
pub async fn activities(db: &Db, ctx: &Ctx, id: LeadId) -> Result<Vec<Activity>> {
    let mut map = activities_of(db, ctx, &[id]).await?;
    if map.is_empty() {
        // Distinguishes "no activities" from "no such lead" for the caller.
        get(db, ctx, id).await?;
    }
    Ok(map.remove(&id).unwrap_or_default())
}

/// For DataLoaders: the activities of many visible leads in one query, newest first.
pub async fn activities_of(db: &Db, ctx: &Ctx, ids: &[LeadId]) -> Result<HashMap<LeadId, Vec<Activity>>> {
    let tx = db.tenant_read(ctx.tenant_id).await?;
    let mut q = lead_activity::Entity::find()
        .filter(lead_activity::Column::TenantId.eq(ctx.tenant_id.0))
        .filter(lead_activity::Column::LeadId.is_in(ids.iter().map(|i| i.0)));
    if ctx.sees_only_own() {
        q = q.filter(
            lead_activity::Column::LeadId.in_subquery(
                Query::select()
                    .column(lead::Column::Id)
                    .from(lead::Entity)
                    .and_where(lead::Column::TenantId.eq(ctx.tenant_id.0))
                    .and_where(lead::Column::AssignedTo.eq(ctx.user_id.0))
                    .to_owned(),
            ),
        );
    }
    let rows = q.order_by_desc(lead_activity::Column::Id).all(&tx).await?;
    tx.commit().await?;
    let mut map: HashMap<LeadId, Vec<Activity>> = HashMap::new();
    for row in rows {
        let a = activity_dto(row)?;
        map.entry(a.lead_id).or_default().push(a);
    }
    Ok(map)
}

pub async fn dashboard(db: &Db, ctx: &Ctx) -> Result<Dashboard> {
    let tx = db.tenant_read(ctx.tenant_id).await?;
    let counts: Vec<(String, i64)> = visible(ctx)
        .select_only()
        .column(lead::Column::Status)
        .column_as(lead::Column::Id.count(), "count")
        .group_by(lead::Column::Status)
        .into_tuple()
        .all(&tx)
        .await?;
    let newest = visible(ctx).order_by_desc(lead::Column::Id).limit(8).all(&tx).await?;
    let properties_active = property::Entity::find()
        .filter(property::Column::TenantId.eq(ctx.tenant_id.0))
        .filter(property::Column::Status.eq("ACTIVE"))
        .count(&tx)
        .await?;
    tx.commit().await?;
    let by_status = LeadStatus::ALL
        .iter()
        .map(|s| StatusCount {
            status: *s,
            count: counts.iter().find(|(k, _)| k == s.as_str()).map_or(0, |(_, n)| *n as u64),
        })
        .collect();
    let response_times = crate::leads::stats::response_times(db, ctx, None).await?;
    Ok(Dashboard {
        by_status,
        newest: newest.into_iter().map(to_dto).collect::<Result<_>>()?,
        properties_active,
        response_times,
    })
}
