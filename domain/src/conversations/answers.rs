//! A lead's answer, into its conversation. An inbound mail that answers one of our mails (its
//! In-Reply-To or References names our Message-ID) belongs to that mail's lead; a mail written
//! straight from the address of a lead we are talking to (CONTACTED or CONVERSATION) belongs to
//! that lead too. Either becomes an inbound message of the lead — never a new lead — recorded on
//! the timeline, and a CONTACTED lead moves to CONVERSATION. An automatic reply (out of office)
//! is kept in the thread but moves nothing: the lead has not answered yet. A real answer stops
//! the lead's follow-ups.

use entity::{lead, message};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use uuid::Uuid;

use crate::conversations::followups;
use crate::intake::parse::{ParsedInquiry, Portal};
use crate::intake::upsert::clip;
use crate::leads::{record_activity, transition};
use crate::{Actor, Result, now, stored};
use model::{ActivityDetail, ActivityKind, FollowUpStop, LeadId, LeadStatus, StatusCause, TenantId};

/// Intake's note on a mail filed as an answer.
pub const ANSWER: &str = "ANSWER";
/// The parser's codes for mail no person wrote just now.
const AUTOMATIC: [&str; 2] = ["NOT_INQUIRY_AUTO_REPLY", "NOT_INQUIRY_BOUNCE"];

/// The lead whose conversation `mail` continues, if any.
pub async fn thread_of(
    tx: &impl ConnectionTrait,
    tenant: TenantId,
    mail: &ParsedInquiry,
) -> Result<Option<lead::Model>> {
    for id in &mail.answers {
        let ours = message::Entity::find()
            .filter(message::Column::TenantId.eq(tenant.0))
            .filter(message::Column::Direction.eq("OUT"))
            .filter(message::Column::ExternalId.eq(id.as_str()))
            .one(tx)
            .await?;
        if let Some(lead_id) = ours.and_then(|m| m.lead_id) {
            let found = lead::Entity::find_by_id(lead_id).filter(lead::Column::TenantId.eq(tenant.0)).one(tx).await?;
            if found.is_some() {
                return Ok(found);
            }
        }
    }
    // Written straight from a lead's own address: a portal's mail is a new inquiry instead.
    if !matches!(mail.portal, None | Some(Portal::Direct)) {
        return Ok(None);
    }
    let Some(from) = mail.from.as_deref().and_then(|f| crate::validate::Email::parse(f).ok()) else {
        return Ok(None);
    };
    let talking = [LeadStatus::Contacted.as_str(), LeadStatus::Conversation.as_str()];
    Ok(lead::Entity::find()
        .filter(lead::Column::TenantId.eq(tenant.0))
        .filter(lead::Column::Email.eq(from.as_str()))
        .filter(lead::Column::Status.is_in(talking))
        .order_by_desc(lead::Column::UpdatedAt)
        .one(tx)
        .await?)
}

/// What filing an answer did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Filed {
    pub lead_id: LeadId,
    pub message_id: Uuid,
    /// An out-of-office or a delivery report: kept, but the lead did not answer.
    pub automatic: bool,
}

/// Files `mail` as the lead's inbound message, in the caller's transaction.
pub async fn file_in(
    tx: &impl ConnectionTrait,
    tenant: TenantId,
    found: lead::Model,
    mail: &ParsedInquiry,
    raw_ref: Option<&str>,
) -> Result<Filed> {
    let lead_id = LeadId(found.id);
    let automatic = mail.warnings.iter().any(|w| AUTOMATIC.contains(&w.as_str()));
    let id = Uuid::now_v7();
    message::ActiveModel {
        id: Set(id),
        tenant_id: Set(tenant.0),
        lead_id: Set(Some(found.id)),
        direction: Set("IN".into()),
        channel: Set("EMAIL".into()),
        subject: Set(clip(mail.subject.as_deref(), 500)),
        body: Set(mail.message.clone().unwrap_or_default()),
        from_address: Set(clip(mail.from.as_deref(), 320)),
        to_address: Set(None),
        external_id: Set(clip(mail.message_id.as_deref(), 998)),
        raw_ref: Set(raw_ref.map(str::to_owned)),
        created_at: Set(mail.received_at.unwrap_or_else(now)),
        in_reply_to: Set(clip(mail.answers.first().map(String::as_str), 998)),
        ..Default::default()
    }
    .insert(tx)
    .await?;
    let detail = ActivityDetail::EmailIn {
        from: mail.from.clone().unwrap_or_default(),
        subject: mail.subject.clone().unwrap_or_default(),
        automatic,
    };
    let data = serde_json::json!({ "message_id": id });
    record_activity(tx, tenant, Actor::System, lead_id, ActivityKind::EmailIn, detail, Some(data)).await?;
    if !automatic {
        followups::stop_in(tx, tenant, lead_id, FollowUpStop::Answered, now()).await?;
    }
    if !automatic && stored::<LeadStatus>(&found.status)? == LeadStatus::Contacted {
        transition(tx, tenant, Actor::System, found, LeadStatus::Conversation, None, Some(StatusCause::LeadAnswered))
            .await?;
    }
    Ok(Filed { lead_id, message_id: id, automatic })
}
