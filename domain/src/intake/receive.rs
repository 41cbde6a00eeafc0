//! Receiving inbound mail: every delivery is stored with its raw bytes before anything else
//! happens, so a parser bug, a crash or a refused inquiry never loses a mail. Then the mail is
//! parsed and handed to intake, and the row records the outcome: PARSED (with the lead),
//! UNRECOGNISED (not an inquiry, with the parser's reason) or FAILED (with the error).
//! A redelivery with a Message-ID already stored for the office answers with the first row.
//!
//! Structured submissions (the website widget's JSON) take the same path: their raw bytes are
//! the row's raw, the inquiry is read from them instead of from MIME, and reprocessing reads
//! them again by the row's channel.
//!
//! A mail left RECEIVED (the process died between storing and processing) is taken in by the
//! workers' recovery sweep (`recover_received`).

use entity::{inbound_email, tenant_settings};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, QuerySelect,
    Set,
};
use uuid::Uuid;

use model::{InboundChannel, InboundEmailId, InboundEmailSummary, InboundStatus, LeadId, TenantId, UserId};

use crate::conversations::answers;
use crate::intake::{
    enrich, model_extract,
    parse::{ParsedInquiry, parse_inquiry},
    upsert,
};
use crate::tenants::{audit, auth};
use crate::{Ctx, Db, Error, Result, now, stored};

/// The office an inbound token names. Unknown tokens are "not found", like every other id.
pub async fn tenant_for_token(db: &Db, token: &str) -> Result<TenantId> {
    if token.is_empty() {
        return Err(Error::NotFound("inbound address"));
    }
    let tx = db.platform_read().await?;
    let found =
        tenant_settings::Entity::find().filter(tenant_settings::Column::InboundToken.eq(token)).one(&tx).await?;
    tx.commit().await?;
    found.map(|s| TenantId(s.tenant_id)).ok_or(Error::NotFound("inbound address"))
}

/// The office's inbound token (admins), made on first use for offices that predate it.
pub async fn inbound_token(db: &Db, ctx: &Ctx) -> Result<String> {
    ctx.require_admin()?;
    let tx = db.tenant(ctx.tenant_id).await?;
    let settings = office_settings(&tx, ctx).await?;
    let token = match settings.inbound_token.clone() {
        Some(token) => token,
        None => new_token(&tx, settings).await?,
    };
    tx.commit().await?;
    Ok(token)
}

/// A new token; the old address stops working at once (admins).
pub async fn rotate_inbound_token(db: &Db, ctx: &Ctx) -> Result<String> {
    ctx.require_admin()?;
    let tx = db.tenant(ctx.tenant_id).await?;
    let token = new_token(&tx, office_settings(&tx, ctx).await?).await?;
    audit::record(&tx, ctx, "inbound_token.rotate", None, None).await?;
    tx.commit().await?;
    Ok(token)
}

async fn office_settings(tx: &impl ConnectionTrait, ctx: &Ctx) -> Result<tenant_settings::Model> {
    tenant_settings::Entity::find_by_id(ctx.tenant_id.0).one(tx).await?.ok_or(Error::NotFound("tenant"))
}

async fn new_token(tx: &impl ConnectionTrait, settings: tenant_settings::Model) -> Result<String> {
    let token = auth::random_token(24);
    let mut am = settings.into_active_model();
    am.inbound_token = Set(Some(token.clone()));
    am.updated_at = Set(now());
    am.update(tx).await?;
    Ok(token)
}

/// Stores the mail, then parses it and runs intake. Only a database failure while storing is an
/// error: whatever happens after that is recorded on the stored row. `owner` is the agent whose
/// own mailbox it came to (new leads are theirs); `None` for the office's channels.
#[tracing::instrument(skip(db, raw), fields(tenant_id = %tenant, bytes = raw.len()))]
pub async fn receive(
    db: &Db,
    tenant: TenantId,
    channel: InboundChannel,
    owner: Option<UserId>,
    raw: &[u8],
) -> Result<InboundEmailSummary> {
    if raw.is_empty() {
        return Err(Error::invalid("body", "required", "the mail is empty"));
    }
    // Parsing is pure and cannot panic; it runs first only to learn the Message-ID to store.
    store_and_process(db, tenant, channel, owner, raw, parse_inquiry(raw)).await
}

/// Stores a structured submission (raw bytes as received) and runs intake on the inquiry its
/// adapter read from it. An inquiry without a portal is stored as UNRECOGNISED with its warnings
/// as the reason, and never becomes a lead.
#[tracing::instrument(skip(db, raw, inquiry), fields(tenant_id = %tenant, bytes = raw.len()))]
pub async fn receive_structured(
    db: &Db,
    tenant: TenantId,
    channel: InboundChannel,
    raw: &[u8],
    inquiry: ParsedInquiry,
) -> Result<InboundEmailSummary> {
    if raw.is_empty() {
        return Err(Error::invalid("body", "required", "the submission is empty"));
    }
    store_and_process(db, tenant, channel, None, raw, Ok(inquiry)).await
}

/// Reads a stored row again the way it was first read: by its channel.
fn parse_stored(row: &inbound_email::Model) -> std::result::Result<ParsedInquiry, crate::intake::parse::ParseError> {
    match stored::<InboundChannel>(&row.channel) {
        Ok(InboundChannel::Widget) => crate::intake::channels::widget::read_stored(&row.raw),
        _ => parse_inquiry(&row.raw),
    }
}

async fn store_and_process(
    db: &Db,
    tenant: TenantId,
    channel: InboundChannel,
    owner: Option<UserId>,
    raw: &[u8],
    parsed: std::result::Result<ParsedInquiry, crate::intake::parse::ParseError>,
) -> Result<InboundEmailSummary> {
    let parsed = parsed.map(ParsedInquiry::without_controls);
    let header = parsed.as_ref().ok();
    let message_id = header.and_then(|p| p.message_id.clone()).filter(|id| !id.is_empty());

    if let Some(existing) = by_message_id(db, tenant, message_id.as_deref()).await? {
        return summary(existing, true);
    }
    let row = inbound_email::ActiveModel {
        id: Set(Uuid::now_v7()),
        tenant_id: Set(tenant.0),
        channel: Set(channel.as_str().to_owned()),
        message_id: Set(message_id.clone()),
        raw: Set(raw.to_vec()),
        size_bytes: Set(i32::try_from(raw.len()).unwrap_or(i32::MAX)),
        from_address: Set(header.and_then(|p| p.from.clone())),
        subject: Set(header.and_then(|p| p.subject.clone())),
        status: Set(InboundStatus::Received.as_str().to_owned()),
        portal: Set(None),
        error: Set(None),
        warnings: Set(serde_json::json!([])),
        lead_id: Set(None),
        owner_id: Set(owner.map(|u| u.0)),
        received_at: Set(now()),
        processed_at: Set(None),
    };
    let tx = db.tenant(tenant).await?;
    let stored_row = match row.insert(&tx).await {
        Ok(m) => {
            tx.commit().await?;
            m
        }
        // The same Message-ID delivered twice at once: the unique index lets one through.
        Err(e) => {
            drop(tx);
            return match by_message_id(db, tenant, message_id.as_deref()).await? {
                Some(existing) => summary(existing, true),
                None => Err(e.into()),
            };
        }
    };
    let processed = process(db, tenant, stored_row, parsed).await?;
    summary(processed, false)
}

/// Parses a stored mail again and runs intake (admins): for mail that failed or was not
/// recognised before a parser fix, or that was left RECEIVED by a crash.
pub async fn reprocess(db: &Db, ctx: &Ctx, id: InboundEmailId) -> Result<InboundEmailSummary> {
    ctx.require_admin()?;
    summary(reprocess_row(db, ctx.tenant_id, id).await?, false)
}

/// What `reprocess_all` did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReprocessReport {
    pub examined: usize,
    pub parsed: usize,
    pub unrecognised: usize,
    pub failed: usize,
}

/// Every stored mail of every office that did not become a lead, parsed again: the
/// `immivo reprocess` command after a parser fix. Platform-level; no caller to check.
pub async fn reprocess_all(db: &Db) -> Result<ReprocessReport> {
    let tx = db.platform().await?;
    let pending: Vec<(Uuid, Uuid)> = inbound_email::Entity::find()
        .select_only()
        .column(inbound_email::Column::Id)
        .column(inbound_email::Column::TenantId)
        .filter(inbound_email::Column::Status.ne(InboundStatus::Parsed.as_str()))
        .order_by_asc(inbound_email::Column::Id)
        .into_tuple()
        .all(&tx)
        .await?;
    tx.commit().await?;
    let mut report = ReprocessReport { examined: pending.len(), ..Default::default() };
    for (id, tenant) in pending {
        let row = reprocess_row(db, TenantId(tenant), InboundEmailId(id)).await?;
        match stored::<InboundStatus>(&row.status)? {
            InboundStatus::Parsed => report.parsed += 1,
            InboundStatus::Unrecognised => report.unrecognised += 1,
            InboundStatus::Failed | InboundStatus::Received => report.failed += 1,
        }
    }
    Ok(report)
}

async fn reprocess_row(db: &Db, tenant: TenantId, id: InboundEmailId) -> Result<inbound_email::Model> {
    let tx = db.tenant(tenant).await?;
    let row = inbound_email::Entity::find_by_id(id.0)
        .filter(inbound_email::Column::TenantId.eq(tenant.0))
        .one(&tx)
        .await?
        .ok_or(Error::NotFound("inbound mail"))?;
    tx.commit().await?;
    if stored::<InboundStatus>(&row.status)? == InboundStatus::Parsed {
        return Err(Error::Conflict("this mail already became a lead".to_owned()));
    }
    let parsed = parse_stored(&row);
    process(db, tenant, row, parsed).await
}

/// The office's received mail, newest first, optionally of one status (admins).
pub async fn list(db: &Db, ctx: &Ctx, status: Option<InboundStatus>, limit: u64) -> Result<Vec<InboundEmailSummary>> {
    ctx.require_admin()?;
    let tx = db.tenant_read(ctx.tenant_id).await?;
    let mut q = inbound_email::Entity::find().filter(inbound_email::Column::TenantId.eq(ctx.tenant_id.0));
    if let Some(s) = status {
        q = q.filter(inbound_email::Column::Status.eq(s.as_str()));
    }
    let rows = q.order_by_desc(inbound_email::Column::Id).limit(limit.min(500)).all(&tx).await?;
    tx.commit().await?;
    rows.into_iter().map(|r| summary(r, false)).collect()
}

async fn by_message_id(db: &Db, tenant: TenantId, message_id: Option<&str>) -> Result<Option<inbound_email::Model>> {
    let Some(message_id) = message_id else { return Ok(None) };
    let tx = db.tenant(tenant).await?;
    let found = inbound_email::Entity::find()
        .filter(inbound_email::Column::TenantId.eq(tenant.0))
        .filter(inbound_email::Column::MessageId.eq(message_id))
        .one(&tx)
        .await?;
    tx.commit().await?;
    Ok(found)
}

/// Runs intake for a stored mail and records the outcome on its row. The row is claimed first
/// (a write conditional on the status it was read with), in the same transaction as the lead:
/// a crash leaves the mail either untouched or PARSED with its lead, and of two processes
/// handling the same row (a redelivery racing a recovery sweep) only the first takes it in;
/// the second finds the status changed and returns the row as it is now.
pub(crate) async fn process(
    db: &Db,
    tenant: TenantId,
    row: inbound_email::Model,
    parsed: std::result::Result<ParsedInquiry, crate::intake::parse::ParseError>,
) -> Result<inbound_email::Model> {
    let raw_ref = format!("inbound_email:{}", row.id);
    let inquiry = match parsed {
        Err(e) => return record_outcome(db, tenant, &row, Outcome::failed(None, e.to_string(), Vec::new())).await,
        Ok(inquiry) => inquiry,
    };
    let portal = inquiry.portal.map(|p| p.as_str().to_owned());
    if let Some(filed) = answer(db, tenant, &row, &inquiry, &raw_ref).await? {
        return Ok(filed);
    }
    if inquiry.portal.is_none() {
        // Looks like an inquiry that no extractor could read: the model may (`model_extract`).
        let unreadable = inquiry.warnings.iter().any(|w| w == crate::intake::parse::W_NO_DETAILS);
        let outcome = Outcome { warnings: inquiry.warnings, ..Outcome::new(InboundStatus::Unrecognised) };
        // The job goes in with the outcome that asks for it: a crash leaves both or neither.
        let tx = db.tenant(tenant).await?;
        let updated = write_outcome(&tx, &row, outcome).await?;
        let ask_model = unreadable && updated.is_some();
        if ask_model {
            crate::jobs::enqueue(&tx, model_extract::job(tenant, row.id)).await?;
        }
        tx.commit().await?;
        if ask_model {
            db.wakeups().wake(model::Queue::LeadEnrichment);
        }
        return written_or_current(db, tenant, &row, updated).await;
    }
    let tx = db.tenant(tenant).await?;
    if !claim(&tx, &row).await? {
        tx.commit().await?;
        return current(db, tenant, &row).await;
    }
    match upsert::upsert_in(&tx, tenant, &inquiry, Some(&raw_ref), row.owner_id.map(UserId)).await {
        Ok(taken) => {
            let outcome = Outcome {
                portal,
                warnings: inquiry.warnings.clone(),
                lead_id: Some(taken.lead_id),
                ..Outcome::new(InboundStatus::Parsed)
            };
            let updated = write_outcome(&tx, &row, outcome).await?;
            tx.commit().await?;
            enrich::notify_enqueued(db, &taken.jobs);
            written_or_current(db, tenant, &row, updated).await
        }
        Err(e) => {
            drop(tx);
            // Logged once here with its cause; the row keeps the client-safe text.
            tracing::warn!(error = %e, inbound = %row.id, "intake failed for an inbound mail");
            let outcome = Outcome::failed(portal, e.to_api().message, inquiry.warnings.clone());
            record_outcome(db, tenant, &row, outcome).await
        }
    }
}

/// Files a lead's answer in its conversation (`conversations::answers`); `None` when the mail
/// continues no conversation of the office and is intake's to read.
async fn answer(
    db: &Db,
    tenant: TenantId,
    row: &inbound_email::Model,
    inquiry: &ParsedInquiry,
    raw_ref: &str,
) -> Result<Option<inbound_email::Model>> {
    let tx = db.tenant(tenant).await?;
    let Some(found) = answers::thread_of(&tx, tenant, inquiry).await? else {
        tx.commit().await?;
        return Ok(None);
    };
    if !claim(&tx, row).await? {
        tx.commit().await?;
        return current(db, tenant, row).await.map(Some);
    }
    let lead = found.clone();
    let filed = answers::file_in(&tx, tenant, found, inquiry, Some(raw_ref)).await?;
    let mut kinds = Vec::new();
    if !filed.automatic {
        kinds = enrich::enqueue_after_intake(&tx, tenant, &lead, false, filed.message_id, None).await?;
    }
    let mut warnings = vec![answers::ANSWER.to_owned()];
    warnings.extend(inquiry.warnings.iter().cloned());
    let outcome = Outcome {
        portal: inquiry.portal.map(|p| p.as_str().to_owned()),
        warnings,
        lead_id: Some(filed.lead_id),
        ..Outcome::new(InboundStatus::Parsed)
    };
    let updated = write_outcome(&tx, row, outcome).await?;
    tx.commit().await?;
    enrich::notify_enqueued(db, &kinds);
    written_or_current(db, tenant, row, updated).await.map(Some)
}

struct Outcome {
    status: InboundStatus,
    portal: Option<String>,
    error: Option<String>,
    warnings: Vec<String>,
    lead_id: Option<LeadId>,
}

impl Outcome {
    fn new(status: InboundStatus) -> Self {
        Self { status, portal: None, error: None, warnings: Vec::new(), lead_id: None }
    }

    fn failed(portal: Option<String>, error: String, warnings: Vec<String>) -> Self {
        Self { status: InboundStatus::Failed, portal, error: Some(error), warnings, lead_id: None }
    }
}

/// Takes the row for processing: touches it only if its status is still the one it was read
/// with, which also holds its lock until the transaction ends.
async fn claim(tx: &impl ConnectionTrait, row: &inbound_email::Model) -> Result<bool> {
    let claimed = inbound_email::Entity::update_many()
        .col_expr(inbound_email::Column::ProcessedAt, Expr::value(Some(now())))
        .filter(inbound_email::Column::Id.eq(row.id))
        .filter(inbound_email::Column::TenantId.eq(row.tenant_id))
        .filter(inbound_email::Column::Status.eq(row.status.as_str()))
        .exec(tx)
        .await?;
    Ok(claimed.rows_affected == 1)
}

/// Writes the outcome if the row still has the status it was read with; `None` when another
/// process got there first.
async fn write_outcome(
    tx: &impl ConnectionTrait,
    row: &inbound_email::Model,
    outcome: Outcome,
) -> Result<Option<inbound_email::Model>> {
    let written = inbound_email::Entity::update_many()
        .col_expr(inbound_email::Column::Status, Expr::value(outcome.status.as_str()))
        .col_expr(inbound_email::Column::Portal, Expr::value(outcome.portal))
        .col_expr(inbound_email::Column::Error, Expr::value(outcome.error))
        .col_expr(inbound_email::Column::Warnings, Expr::value(serde_json::json!(outcome.warnings)))
        .col_expr(inbound_email::Column::LeadId, Expr::value(outcome.lead_id.map(|l| l.0)))
        .col_expr(inbound_email::Column::ProcessedAt, Expr::value(Some(now())))
        .filter(inbound_email::Column::Id.eq(row.id))
        .filter(inbound_email::Column::TenantId.eq(row.tenant_id))
        .filter(inbound_email::Column::Status.eq(row.status.as_str()))
        .exec(tx)
        .await?;
    if written.rows_affected == 0 {
        return Ok(None);
    }
    let updated = inbound_email::Entity::find_by_id(row.id).one(tx).await?.ok_or(Error::NotFound("inbound mail"))?;
    Ok(Some(updated))
}

async fn record_outcome(
    db: &Db,
    tenant: TenantId,
    row: &inbound_email::Model,
    outcome: Outcome,
) -> Result<inbound_email::Model> {
    let tx = db.tenant(tenant).await?;
    let updated = write_outcome(&tx, row, outcome).await?;
    tx.commit().await?;
    written_or_current(db, tenant, row, updated).await
}

/// The row as this process wrote it, or as another process left it when that one got there first.
async fn written_or_current(
    db: &Db,
    tenant: TenantId,
    row: &inbound_email::Model,
    written: Option<inbound_email::Model>,
) -> Result<inbound_email::Model> {
    match written {
        Some(written) => Ok(written),
        None => current(db, tenant, row).await,
    }
}

async fn current(db: &Db, tenant: TenantId, row: &inbound_email::Model) -> Result<inbound_email::Model> {
    let tx = db.tenant(tenant).await?;
    let found = inbound_email::Entity::find_by_id(row.id)
        .filter(inbound_email::Column::TenantId.eq(tenant.0))
        .one(&tx)
        .await?
        .ok_or(Error::NotFound("inbound mail"))?;
    tx.commit().await?;
    Ok(found)
}

/// Mail a crash left RECEIVED (stored, never processed) for longer than `older_than`, processed
/// now: the recovery sweep the workers run at start and periodically, so that every accepted
/// mail becomes a lead or a visible failure without an admin. At most `limit` mails per call,
/// oldest first. Platform-level; concurrent sweeps are safe (`process` claims each row).
pub async fn recover_received(db: &Db, older_than: std::time::Duration, limit: u64) -> Result<ReprocessReport> {
    let cutoff = now()
        - chrono::Duration::from_std(older_than)
            .map_err(|e| Error::Internal(format!("recovery age out of range: {e}")))?;
    let tx = db.platform().await?;
    let stale: Vec<(Uuid, Uuid)> = inbound_email::Entity::find()
        .select_only()
        .column(inbound_email::Column::Id)
        .column(inbound_email::Column::TenantId)
        .filter(inbound_email::Column::Status.eq(InboundStatus::Received.as_str()))
        .filter(inbound_email::Column::ReceivedAt.lte(cutoff))
        .order_by_asc(inbound_email::Column::Id)
        .limit(limit)
        .into_tuple()
        .all(&tx)
        .await?;
    tx.commit().await?;
    let mut report = ReprocessReport { examined: stale.len(), ..Default::default() };
    for (id, tenant) in stale {
        let tenant = TenantId(tenant);
        let tx = db.tenant(tenant).await?;
        let row = inbound_email::Entity::find_by_id(id)
            .filter(inbound_email::Column::TenantId.eq(tenant.0))
            .filter(inbound_email::Column::Status.eq(InboundStatus::Received.as_str()))
            .one(&tx)
            .await?;
        tx.commit().await?;
        // Processed by someone else since the list was read.
        let Some(row) = row else { continue };
        tracing::warn!(inbound = %row.id, tenant_id = %tenant, "processing a mail left unprocessed (a crash?)");
        let parsed = parse_stored(&row);
        let done = process(db, tenant, row, parsed).await?;
        match stored::<InboundStatus>(&done.status)? {
            InboundStatus::Parsed => report.parsed += 1,
            InboundStatus::Unrecognised => report.unrecognised += 1,
            InboundStatus::Failed | InboundStatus::Received => report.failed += 1,
        }
    }
    Ok(report)
}

pub(super) fn summary(m: inbound_email::Model, duplicate: bool) -> Result<InboundEmailSummary> {
    let warnings: Vec<String> =
        serde_json::from_value(m.warnings).map_err(|e| Error::Internal(format!("stored warnings: {e}")))?;
    Ok(InboundEmailSummary {
        id: InboundEmailId(m.id),
        channel: stored(&m.channel)?,
        status: stored(&m.status)?,
        message_id: m.message_id,
        from_address: m.from_address,
        subject: m.subject,
        portal: m.portal,
        error: m.error,
        warnings,
        lead_id: m.lead_id.map(LeadId),
        size_bytes: m.size_bytes,
        received_at: m.received_at,
        duplicate,
    })
}
