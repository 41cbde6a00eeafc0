//! Auto-click, the domain half: what a portal's contact page adds to a lead. The fetch itself
//! (allow-listed hosts, checked addresses, size and time limits) is the server's; it hands over
//! the page's contact data (`intake::parse::scrape_contact_page`) or the reason it could not get it.
//!
//! Only fields the lead lacks are filled: what the agent or the inquiry set stays. The outcome is
//! one AUTO_CLICK activity per inbound message, which is also how a second run of the same job
//! knows it has nothing left to do.

use entity::lead;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter};
use serde::Serialize;

use model::{ActivityDetail, ActivityKind, LeadFlag, PageAddress, TenantId};

use crate::intake::{
    enrich::{AutoClick, activity_for_message, lock_lead},
    parse::ContactPage,
};
use crate::leads::{flags_json, flags_of, record_activity, rescore};
use crate::validate::{Email, PhoneReading};
use crate::{Actor, Db, Error, Result, now, tenants};

/// What applying a contact page did to the lead.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Applied {
    /// Lead fields filled, in the order of `salutation, first_name, last_name, email, phone`.
    pub filled: Vec<&'static str>,
    pub score_before: i32,
    pub score_after: i32,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AutoClickOutcome {
    Applied(Applied),
    /// An earlier run of this job recorded its outcome already.
    AlreadyDone,
}

/// Whether an earlier run of this job recorded its outcome: then there is nothing to fetch.
pub async fn already_done(db: &Db, tenant: TenantId, job: &AutoClick) -> Result<bool> {
    let tx = db.tenant_read(tenant).await?;
    let done = activity_for_message(&tx, tenant, job.lead_id, ActivityKind::AutoClick, job.message_id).await?;
    tx.commit().await?;
    Ok(done.is_some())
}

/// Fills the lead's missing contact fields from the page, rescores it and records what was
/// found; once per job (under the lead's lock, so two runs cannot both apply).
#[tracing::instrument(skip(db, job, page), fields(tenant_id = %tenant, lead_id = %job.lead_id))]
pub async fn apply_page(db: &Db, tenant: TenantId, job: &AutoClick, page: &ContactPage) -> Result<AutoClickOutcome> {
    let tx = db.tenant(tenant).await?;
    lock_lead(&tx, tenant, job.lead_id).await?;
    if activity_for_message(&tx, tenant, job.lead_id, ActivityKind::AutoClick, job.message_id).await?.is_some() {
        tx.commit().await?;
        return Ok(AutoClickOutcome::AlreadyDone);
    }
    let mut m = lead::Entity::find_by_id(job.lead_id.0)
        .filter(lead::Column::TenantId.eq(tenant.0))
        .one(&tx)
        .await?
        .ok_or(Error::NotFound("lead"))?;
    let country = tenants::country_of(&tx, tenant).await?;
    let score_before = m.score;
    let mut flags = flags_of(&m)?;
    let mut filled: Vec<&'static str> = Vec::new();
    let mut ignored: Vec<&'static str> = Vec::new();
    let clip = |v: &Option<String>, max: usize| {
        v.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(|v| v.chars().take(max).collect::<String>())
    };
    macro_rules! fill {
        ($field:ident, $value:expr) => {
            if m.$field.is_none()
                && let Some(v) = $value
            {
                m.$field = Some(v);
                filled.push(stringify!($field));
            }
        };
    }
    fill!(salutation, clip(&page.salutation, 40));
    fill!(first_name, clip(&page.first_name, 100));
    fill!(last_name, clip(&page.last_name, 100));
    if m.email.is_none()
        && let Some(raw) = clip(&page.email, 320)
    {
        match Email::parse(&raw) {
            Ok(e) => {
                m.email = Some(e.into_inner());
                filled.push("email");
                flags.retain(|f| *f != LeadFlag::EmailInvalid);
            }
            Err(_) => ignored.push("email"),
        }
    }
    if m.phone.is_none()
        && let Some(raw) = clip(&page.phone, 40)
    {
        // Only a number that reads as one: the page is a second-hand source, and a number kept
        // as entered would need the agent's eye anyway.
        match PhoneReading::read(&raw, country).filter(PhoneReading::is_valid) {
            Some(p) => {
                m.phone = Some(p.as_str().to_owned());
                filled.push("phone");
                flags.retain(|f| *f != LeadFlag::PhoneInvalid);
            }
            None => ignored.push("phone"),
        }
    }
    if !filled.is_empty() {
        m.flags = flags_json(&flags);
        m.updated_at = now();
        rescore(&tx, tenant, &mut m).await?;
        m.clone().into_active_model().reset_all().update(&tx).await?;
    }
    let applied = Applied { filled, score_before, score_after: m.score };
    let detail = ActivityDetail::AutoClick {
        filled: applied.filled.iter().map(|f| (*f).to_owned()).collect(),
        score_before: applied.score_before,
        score_after: applied.score_after,
        found: PageAddress { street: page.street.clone(), postcode: page.postcode.clone(), city: page.city.clone() },
    };
    let data = serde_json::json!({
        "message_id": job.message_id,
        "url": job.url,
        // The whole page as read; `found` (the detail) is the address the timeline shows.
        "page": page,
        "ignored_invalid": ignored,
    });
    record_activity(&tx, tenant, Actor::System, job.lead_id, ActivityKind::AutoClick, detail, Some(data)).await?;
    tx.commit().await?;
    Ok(AutoClickOutcome::Applied(applied))
}

/// Records why the page could not be read (refused, or still failing on the last attempt), once
/// per job. Returns false when an earlier run recorded the job's outcome already.
pub async fn record_not_fetched(db: &Db, tenant: TenantId, job: &AutoClick, reason: &str) -> Result<bool> {
    let tx = db.tenant(tenant).await?;
    lock_lead(&tx, tenant, job.lead_id).await?;
    if activity_for_message(&tx, tenant, job.lead_id, ActivityKind::AutoClick, job.message_id).await?.is_some() {
        tx.commit().await?;
        return Ok(false);
    }
    let reason: String = reason.chars().take(500).collect();
    let data = serde_json::json!({ "message_id": job.message_id, "url": job.url });
    let detail = ActivityDetail::AutoClickFailed { error: reason };
    record_activity(&tx, tenant, Actor::System, job.lead_id, ActivityKind::AutoClick, detail, Some(data)).await?;
    tx.commit().await?;
    Ok(true)
}
