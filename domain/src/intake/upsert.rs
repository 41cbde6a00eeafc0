//! Lead intake: a parsed inbound inquiry becomes a lead, or joins the lead it came from.
//!
//! In one tenant transaction: match the property the inquiry is about, find a lead of the same
//! person, create or merge, store the inquiry as an inbound message, normalise the phone number,
//! score the lead, and enqueue the follow-up jobs (`pipeline`: sentiment, auto-click) so they
//! commit with the lead or not at all. Everything is looked up within the tenant: a property or
//! lead of another office is never matched, whatever the inquiry says.
//!
//! The actor is the system (`Actor::System`): inbound mail has no signed-in user, so this path
//! takes a `TenantId` rather than a `Ctx` (see `Actor` for why there is no "system Ctx").

use std::collections::HashMap;

use chrono::{DateTime, Duration};
use chrono_tz::Tz;
use entity::{lead, message, property};
use sea_orm::sea_query::{Alias, Expr, LikeExpr};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseTransaction, EntityTrait, IntoActiveModel,
    QueryFilter, QueryOrder, Set,
};
use uuid::Uuid;

use model::{
    ActivityDetail, ActivityKind, Financing, LeadFlag, LeadId, LeadStatus, PropertyId, StatusCause, TenantId,
    Timeframe, UserId, ViewingWish,
};

use crate::intake::{
    enrich,
    parse::{self, ParsedInquiry, Portal},
};
use crate::leads::{flags_json, flags_of, is_active_user, record_activity, rescore, set_viewing_wish, transition};
use crate::validate::{Email, PhoneReading};
use crate::{Actor, Db, Error, Result, now, stored, tenants};

/// A lead with the same name asking about the same property counts as the same person for this
/// long after the lead was last touched.
pub const SAME_NAME_WINDOW_DAYS: i64 = 30;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IntakeOutcome {
    pub lead_id: LeadId,
    /// The inquiry joined an existing lead.
    pub merged: bool,
    /// The property this inquiry is about, when it could be matched.
    pub property_id: Option<PropertyId>,
    /// The inbound message stored for this inquiry (`messages.id`).
    pub message_id: Uuid,
    /// Jobs enqueued with the lead, by kind (`enrich::SENTIMENT`, `enrich::AUTO_CLICK`).
    pub jobs: Vec<&'static str>,
}

/// Creates or merges the lead for an inquiry and enqueues its follow-up jobs.
///
/// `raw_message_ref` says where the raw mail is kept (blob key or raw-message id); it is stored
/// with the message so the lead's inquiry can be traced back to the bytes it was parsed from.
#[tracing::instrument(skip(db, inquiry), fields(tenant_id = %tenant))]
pub async fn upsert_from_inquiry(
    db: &Db,
    tenant: TenantId,
    inquiry: &ParsedInquiry,
    raw_message_ref: Option<&str>,
) -> Result<IntakeOutcome> {
    let tx = db.tenant(tenant).await?;
    let outcome = upsert_in(&tx, tenant, inquiry, raw_message_ref, None).await?;
    tx.commit().await?;
    enrich::notify_enqueued(db, &outcome.jobs);
    Ok(outcome)
}

/// As `upsert_from_inquiry`, in the caller's tenant transaction: `intake::receive` marks the
/// stored mail PARSED in the same transaction, so a crash leaves either both or neither. The
/// caller commits, then calls `enrich::notify_enqueued` so this process's workers start at once.
///
/// `owner` is the agent whose own mailbox the inquiry came to: a new lead is theirs, and so is
/// an unassigned one it merges into (an assigned lead keeps its agent). An owner who is no longer
/// an active user of the office is ignored.
pub async fn upsert_in(
    tx: &DatabaseTransaction,
    tenant: TenantId,
    inquiry: &ParsedInquiry,
    raw_message_ref: Option<&str>,
    owner: Option<UserId>,
) -> Result<IntakeOutcome> {
    let Some(portal) = inquiry.portal else {
        return Err(Error::invalid("inquiry", "not_an_inquiry", inquiry.warnings.join("; ")));
    };
    let country = tenants::country_of(tx, tenant).await?;
    // "Donnerstag" means the Thursday after the mail was written, not after it was read; a date
    // header from the future is no reference.
    let written = inquiry.received_at.filter(|at| *at <= now()).unwrap_or_else(now);
    let written = written.with_timezone(&tenants::zone_of(tx, tenant).await?);
    let contact = Contact::read(inquiry, country, written);
    let property_id = match_property(tx, tenant, portal, inquiry).await?;
    let existing = find_same_person(tx, tenant, &contact, property_id).await?;
    let assignee = match owner {
        Some(u) if is_active_user(tx, tenant, u).await? => Some(u.0),
        _ => None,
    };

    let merged = matches!(existing, Known::Same(_));
    let (lead, message_id) = match existing {
        Known::Same(found) => {
            merge(tx, tenant, portal, inquiry, &contact, property_id, assignee, *found, raw_message_ref).await?
        }
        Known::Possibly(other) => {
            let new = New { property_id, assignee, possible_duplicate_of: Some(other) };
            create(tx, tenant, portal, inquiry, &contact, new, raw_message_ref).await?
        }
        Known::Unknown => {
            let new = New { property_id, assignee, possible_duplicate_of: None };
            create(tx, tenant, portal, inquiry, &contact, new, raw_message_ref).await?
        }
    };
    let mut jobs =
        enrich::enqueue_after_intake(tx, tenant, &lead, !merged, message_id, inquiry.contact_link.as_deref()).await?;
    crate::search::enqueue_embed(tx, tenant, crate::search::Kind::Leads, lead.id).await?;
    jobs.push(crate::search::EMBED);
    let lead_id = LeadId(lead.id);
    tracing::info!(lead_id = %lead_id, merged, portal = ?portal, jobs = ?jobs, "inquiry taken in");
    Ok(IntakeOutcome { lead_id, merged, property_id, message_id, jobs })
}

/// Contact fields as the lead stores them: trimmed, bounded, the phone normalised or kept.
struct Contact {
    salutation: Option<String>,
    first_name: Option<String>,
    last_name: Option<String>,
    /// Lower-cased by `Email::parse`, as every stored address is: equality is case-insensitive.
    email: Option<String>,
    phone: Option<PhoneReading>,
    message: Option<String>,
    viewing_wish: Option<ViewingWish>,
    flags: Vec<LeadFlag>,
}

/// Trimmed; empty is `None`; longer than `max` characters is cut (a form would refuse it, but a
/// mail cannot be sent back, and the full text stays in the message).
pub(crate) fn clip(value: Option<&str>, max: usize) -> Option<String> {
    let value = value.map(str::trim).filter(|v| !v.is_empty())?;
    Some(value.chars().take(max).collect())
}

impl Contact {
    fn read(i: &ParsedInquiry, country: model::Country, written: DateTime<Tz>) -> Self {
        let mut flags = Vec::new();
        let email = match i.email.as_deref().map(str::trim).filter(|e| !e.is_empty()) {
            Some(raw) => match Email::parse(raw) {
                Ok(e) => Some(e.into_inner()),
                Err(_) => {
                    flags.push(LeadFlag::EmailInvalid);
                    None
                }
            },
            None => None,
        };
        let phone =
            i.phone.as_deref().and_then(|p| PhoneReading::read(&p.chars().take(40).collect::<String>(), country));
        if phone.as_ref().is_some_and(|p| !p.is_valid()) {
            flags.push(LeadFlag::PhoneInvalid);
        }
        Self {
            salutation: clip(i.salutation.as_deref(), 40),
            first_name: clip(i.first_name.as_deref(), 100),
            last_name: clip(i.last_name.as_deref(), 100),
            email,
            phone,
            message: clip(i.message.as_deref(), 20_000),
            viewing_wish: i.message.as_deref().and_then(|m| parse::viewing_wish(m, written)),
            flags,
        }
    }

    fn valid_phone(&self) -> Option<&str> {
        self.phone.as_ref().filter(|p| p.is_valid()).map(PhoneReading::as_str)
    }
}

/// `messages.channel`: portals (and OpenImmo-Feedback, which portals send) vs the office's
/// website form vs a person's own mail.
fn channel(p: Portal) -> &'static str {
    match p {
        Portal::Website => "WIDGET",
        Portal::Direct => "EMAIL",
        _ => "PORTAL",
    }
}

/// Escapes `LIKE` wildcards; `\` is the escape character.
fn like_escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
}

/// The tenant's property the inquiry is about: by the office's object number first (unique per
/// tenant, and what the office itself typed into the portal), then by the portal's listing id.
///
/// `external_ids` is a JSON object `{"IMMOSCOUT24": "151234567"}`. SQLite and PostgreSQL spell
/// JSON access differently (`json_extract` vs `->>`), so the database only narrows: the JSON
/// text must contain the id as a JSON string (`LIKE '%"151234567"%'`, the same on both, over
/// this tenant's rows only), and the exact portal key and value are then checked in Rust on
/// the few rows that pass. The Rust check is authoritative; the `LIKE` is just a cheap filter.
async fn match_property(
    tx: &impl ConnectionTrait,
    tenant: TenantId,
    portal: Portal,
    inquiry: &ParsedInquiry,
) -> Result<Option<PropertyId>> {
    let of_tenant = || property::Entity::find().filter(property::Column::TenantId.eq(tenant.0));
    if let Some(number) = inquiry.object_number.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
        let found = of_tenant().filter(property::Column::Reference.eq(number)).one(tx).await?;
        if let Some(p) = found {
            return Ok(Some(PropertyId(p.id)));
        }
    }
    let Some(listing) = inquiry.portal_listing_id.as_deref().map(str::trim).filter(|n| !n.is_empty()) else {
        return Ok(None);
    };
    let quoted = serde_json::to_string(listing).map_err(|e| Error::Internal(format!("listing id to JSON: {e}")))?;
    let text = Expr::expr(Expr::col((property::Entity, property::Column::ExternalIds)).cast_as(Alias::new("TEXT")));
    let candidates = of_tenant()
        .filter(text.like(LikeExpr::new(format!("%{}%", like_escape(&quoted))).escape('\\')))
        .order_by_asc(property::Column::Id)
        .all(tx)
        .await?;
    // OpenImmo-Feedback and personal mails do not say reliably which portal the id is from:
    // any portal's id counts, if it points at one property only.
    let key = match portal {
        Portal::OpenImmoFeedback | Portal::Direct => None,
        p => Some(p.lead_source().as_str()),
    };
    let mut matches = Vec::new();
    for p in candidates {
        let ids: HashMap<String, String> = serde_json::from_value(p.external_ids.clone())
            .map_err(|e| Error::Internal(format!("stored external ids: {e}")))?;
        if ids.iter().any(|(k, v)| v == listing && key.is_none_or(|key| k == key)) {
            matches.push(PropertyId(p.id));
        }
    }
    Ok(match matches.as_slice() {
        [one] => Some(*one),
        [first, ..] if key.is_some() => Some(*first),
        _ => None,
    })
}

/// What the tenant's leads say about the person behind an inquiry.
enum Known {
    /// The same person: the inquiry joins this lead.
    Same(Box<lead::Model>),
    /// The same valid phone number, but another name or e-mail address: perhaps a colleague, a
    /// partner or a number passed on, perhaps the same person. The inquiry becomes a lead of its
    /// own that points at this one, and the agent decides.
    Possibly(LeadId),
    Unknown,
}

/// The tenant's lead of the same person: same e-mail address, else same (valid, normalised)
/// phone number with no conflicting name or address, else same first and last name asking about
/// the same property within `SAME_NAME_WINDOW_DAYS` (unless both give different addresses). The
/// newest wins among several; among leads of one number, the newest that names no other person. Numbers kept as entered are not compared: a typo would merge
/// strangers. A phone or name match that names another person is `Known::Possibly`.
async fn find_same_person(
    tx: &impl ConnectionTrait,
    tenant: TenantId,
    c: &Contact,
    property: Option<PropertyId>,
) -> Result<Known> {
    let of_tenant = || lead::Entity::find().filter(lead::Column::TenantId.eq(tenant.0));
    let mut any = Condition::any();
    if let Some(e) = &c.email {
        any = any.add(lead::Column::Email.eq(e.as_str()));
    }
    if let Some(p) = c.valid_phone() {
        any = any.add(lead::Column::Phone.eq(p));
    }
    let mut possibly = None;
    if !any.is_empty() {
        let rows = of_tenant().filter(any).order_by_desc(lead::Column::Id).all(tx).await?;
        if let Some(l) = rows.iter().find(|l| c.email.is_some() && l.email == c.email) {
            return Ok(Known::Same(Box::new(l.clone())));
        }
        let same_phone = |l: &&lead::Model| c.valid_phone().is_some() && l.phone.as_deref() == c.valid_phone();
        if let Some(l) = rows.iter().filter(same_phone).find(|l| !conflicts(l, c)) {
            return Ok(Known::Same(Box::new(l.clone())));
        }
        possibly = rows.iter().find(same_phone).map(|l| LeadId(l.id));
    }
    let unknown = || possibly.map_or(Known::Unknown, Known::Possibly);
    let (Some(first), Some(last), Some(property)) = (&c.first_name, &c.last_name, property) else {
        return Ok(unknown());
    };
    let since = now() - Duration::days(SAME_NAME_WINDOW_DAYS);
    let recent = of_tenant()
        .filter(lead::Column::PropertyId.eq(property.0))
        .filter(lead::Column::UpdatedAt.gte(since))
        .order_by_desc(lead::Column::Id)
        .all(tx)
        .await?;
    let Some(found) = recent
        .into_iter()
        .find(|l| same_name(l.first_name.as_deref(), first) && same_name(l.last_name.as_deref(), last))
    else {
        return Ok(unknown());
    };
    // Same name, same property, but another e-mail address: two people of one name, or one
    // person with two addresses. Not for the intake to decide.
    if found.email.is_some() && c.email.is_some() {
        return Ok(Known::Possibly(possibly.unwrap_or(LeadId(found.id))));
    }
    Ok(Known::Same(Box::new(found)))
}

/// Names compared in Rust: SQLite's LOWER() knows only ASCII ("Größl" vs "GRÖSSL").
fn same_name(stored: Option<&str>, given: &str) -> bool {
    stored.is_some_and(|s| s.to_lowercase() == given.to_lowercase())
}

/// The stored lead names another person than the inquiry: both give an e-mail address and
/// they differ, or both give a first (or last) name and it differs. A missing field is no
/// conflict: portals often send only a surname.
fn conflicts(stored: &lead::Model, c: &Contact) -> bool {
    let differs = |stored: Option<&str>, given: Option<&str>| match (stored, given) {
        (Some(s), Some(g)) => !same_name(Some(s), g),
        _ => false,
    };
    differs(stored.email.as_deref(), c.email.as_deref())
        || differs(stored.first_name.as_deref(), c.first_name.as_deref())
        || differs(stored.last_name.as_deref(), c.last_name.as_deref())
}

/// What a new lead gets besides the inquiry's contact fields.
struct New {
    property_id: Option<PropertyId>,
    assignee: Option<Uuid>,
    possible_duplicate_of: Option<LeadId>,
}

async fn create(
    tx: &impl ConnectionTrait,
    tenant: TenantId,
    portal: Portal,
    inquiry: &ParsedInquiry,
    c: &Contact,
    New { property_id, assignee, possible_duplicate_of }: New,
    raw_ref: Option<&str>,
) -> Result<(lead::Model, Uuid)> {
    let at = now();
    let mut flags = c.flags.clone();
    if possible_duplicate_of.is_some() {
        flags.push(LeadFlag::PossibleDuplicate);
    }
    let mut new = lead::Model {
        id: Uuid::now_v7(),
        tenant_id: tenant.0,
        status: LeadStatus::New.as_str().to_owned(),
        source: portal.lead_source().as_str().to_owned(),
        salutation: c.salutation.clone(),
        first_name: c.first_name.clone(),
        last_name: c.last_name.clone(),
        email: c.email.clone(),
        phone: c.phone.as_ref().map(|p| p.as_str().to_owned()),
        message: c.message.clone(),
        budget_min: None,
        budget_max: None,
        timeframe: Timeframe::Unknown.as_str().to_owned(),
        financing: Financing::Unknown.as_str().to_owned(),
        score: 0,
        score_factors: serde_json::json!([]),
        property_id: property_id.map(|p| p.0),
        assigned_to: assignee,
        flags: flags_json(&flags),
        viewing_requested: inquiry.viewing_requested || c.viewing_wish.is_some(),
        viewing_wish_from: None,
        viewing_wish_to: None,
        viewing_wish_precision: None,
        reply_drafted_at: None,
        reply_sent_at: None,
        possible_duplicate_of: possible_duplicate_of.map(|l| l.0),
        created_at: at,
        updated_at: at,
    };
    set_viewing_wish(&mut new, c.viewing_wish.as_ref());
    // Scored before its message exists: no replies yet, which is what the first message means.
    rescore(tx, tenant, &mut new).await?;
    let lead = LeadId(new.id);
    let inserted = new.into_active_model().reset_all().insert(tx).await?;
    let detail = ActivityDetail::Created { portal: Some(portal.as_str().to_owned()), flags: flags.clone() };
    let data = serde_json::json!({
        "message_id": inquiry.message_id,
        "possible_duplicate_of": possible_duplicate_of,
        "warnings": inquiry.warnings,
        "contact_link": inquiry.contact_link,
    });
    record_activity(tx, tenant, Actor::System, lead, ActivityKind::Created, detail, Some(data)).await?;
    let message_id = store_message(tx, tenant, lead, portal, inquiry, c, raw_ref).await?;
    Ok((inserted, message_id))
}

/// Fills what the lead lacks and never overwrites with nothing. A phone number kept as entered
/// gives way to a valid one. A LOST lead asking again is reopened.
#[allow(clippy::too_many_arguments)]
async fn merge(
    tx: &impl ConnectionTrait,
    tenant: TenantId,
    portal: Portal,
    inquiry: &ParsedInquiry,
    c: &Contact,
    property_id: Option<PropertyId>,
    assignee: Option<Uuid>,
    found: lead::Model,
    raw_ref: Option<&str>,
) -> Result<(lead::Model, Uuid)> {
    let lead = LeadId(found.id);
    let message_id = store_message(tx, tenant, lead, portal, inquiry, c, raw_ref).await?;

    let mut m = found;
    let mut flags = flags_of(&m)?;
    let mut filled: Vec<&str> = Vec::new();
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
    fill!(salutation, c.salutation.clone());
    fill!(first_name, c.first_name.clone());
    fill!(last_name, c.last_name.clone());
    fill!(message, c.message.clone());
    fill!(property_id, property_id.map(|p| p.0));
    if m.email.is_none() {
        match &c.email {
            Some(e) => {
                m.email = Some(e.clone());
                filled.push("email");
                flags.retain(|f| *f != LeadFlag::EmailInvalid);
            }
            None if c.flags.contains(&LeadFlag::EmailInvalid) => flags.push(LeadFlag::EmailInvalid),
            None => {}
        }
    }
    let kept_as_entered = flags.contains(&LeadFlag::PhoneInvalid);
    match &c.phone {
        Some(p) if m.phone.is_none() || (kept_as_entered && p.is_valid()) => {
            m.phone = Some(p.as_str().to_owned());
            filled.push("phone");
            flags.retain(|f| *f != LeadFlag::PhoneInvalid);
            if !p.is_valid() {
                flags.push(LeadFlag::PhoneInvalid);
            }
        }
        _ => {}
    }
    m.viewing_requested |= inquiry.viewing_requested || c.viewing_wish.is_some();
    // The newest inquiry's wish is the one to answer.
    if let Some(wish) = &c.viewing_wish {
        set_viewing_wish(&mut m, Some(wish));
    }
    m.assigned_to = m.assigned_to.or(assignee);
    m.flags = flags_json(&flags);
    m.updated_at = now();
    rescore(tx, tenant, &mut m).await?;
    let status: LeadStatus = stored(&m.status)?;
    let updated = m.into_active_model().reset_all().update(tx).await?;

    let detail = ActivityDetail::Inquiry {
        portal: portal.as_str().to_owned(),
        filled: filled.iter().map(|f| (*f).to_owned()).collect(),
    };
    let data = serde_json::json!({
        "message_id": inquiry.message_id,
        // What the inquiry said differently from the lead: shown, never applied.
        "other_email": c.email.as_ref().filter(|e| updated.email.as_ref() != Some(*e)),
        "other_phone": c.phone.as_ref().map(PhoneReading::as_str).filter(|p| updated.phone.as_deref() != Some(*p)),
        "other_property_id": property_id.map(|p| p.0).filter(|p| updated.property_id != Some(*p)),
        "warnings": inquiry.warnings,
        "contact_link": inquiry.contact_link,
    });
    record_activity(tx, tenant, Actor::System, lead, ActivityKind::Inquiry, detail, Some(data)).await?;
    let updated = if status == LeadStatus::Lost {
        let cause = StatusCause::NewInquiry { portal: portal.as_str().to_owned() };
        transition(tx, tenant, Actor::System, updated, LeadStatus::New, None, Some(cause)).await?
    } else {
        updated
    };
    Ok((updated, message_id))
}

async fn store_message(
    tx: &impl ConnectionTrait,
    tenant: TenantId,
    lead: LeadId,
    portal: Portal,
    inquiry: &ParsedInquiry,
    c: &Contact,
    raw_ref: Option<&str>,
) -> Result<Uuid> {
    let id = Uuid::now_v7();
    message::ActiveModel {
        id: Set(id),
        tenant_id: Set(tenant.0),
        lead_id: Set(Some(lead.0)),
        direction: Set("IN".to_owned()),
        channel: Set(channel(portal).to_owned()),
        subject: Set(clip(inquiry.subject.as_deref(), 500)),
        // The full text; the lead's `message` is bounded, this is not.
        body: Set(inquiry.message.clone().or_else(|| c.message.clone()).unwrap_or_default()),
        from_address: Set(clip(inquiry.from.as_deref(), 320)),
        to_address: Set(None),
        external_id: Set(clip(inquiry.message_id.as_deref(), 998)),
        raw_ref: Set(raw_ref.map(str::to_owned)),
        created_at: Set(inquiry.received_at.unwrap_or_else(now)),
        ..Default::default()
    }
    .insert(tx)
    .await?;
    Ok(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_patterns_match_literally() {
        assert_eq!(like_escape(r#""12_3%\""#), r#""12\_3\%\\""#);
    }

    #[test]
    fn contact_fields_are_normalised_and_flagged() {
        let inquiry = ParsedInquiry {
            first_name: Some("  Anna ".into()),
            email: Some("Anna.Huber@GMX.de".into()),
            phone: Some("0171 2345678".into()),
            ..Default::default()
        };
        let written = chrono::Utc::now().with_timezone(&chrono_tz::Europe::Berlin);
        let c = Contact::read(&inquiry, model::Country::De, written);
        assert_eq!(c.first_name.as_deref(), Some("Anna"));
        assert_eq!(c.email.as_deref(), Some("anna.huber@gmx.de"));
        assert_eq!(c.valid_phone(), Some("+491712345678"));
        assert!(c.flags.is_empty());

        let bad = ParsedInquiry { email: Some("anna@".into()), phone: Some("12 34".into()), ..Default::default() };
        let c = Contact::read(&bad, model::Country::At, written);
        assert_eq!((c.email.as_deref(), c.valid_phone()), (None, None));
        assert_eq!(c.phone.as_ref().map(PhoneReading::as_str), Some("12 34"), "kept as entered");
        assert_eq!(c.flags, [LeadFlag::EmailInvalid, LeadFlag::PhoneInvalid]);
        assert_eq!(clip(Some(&"ä".repeat(50)), 40).map(|s| s.chars().count()), Some(40));
    }

    #[test]
    fn every_portal_has_its_code_and_a_channel() {
        for p in [Portal::Immoscout24, Portal::Immoscout24Ch, Portal::OpenImmoFeedback, Portal::Website, Portal::Direct]
        {
            assert_eq!(serde_json::to_value(p).unwrap(), p.as_str(), "the code is what is serialised");
        }
        assert_eq!(channel(Portal::Website), "WIDGET");
        assert_eq!(channel(Portal::Direct), "EMAIL");
        assert_eq!(channel(Portal::OpenImmoFeedback), "PORTAL");
    }
}
