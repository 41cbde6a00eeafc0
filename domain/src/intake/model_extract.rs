//! The model fallback: a stored mail that looks like an inquiry but that no extractor could read
//! (`NOT_INQUIRY_NO_DETAILS`) goes to the small model with a structured-output schema of the
//! inquiry's fields. What the model reads is checked against the mail — an e-mail address and a
//! phone number must occur in it, the message must be there — then taken in like any inquiry,
//! marked `MODEL_EXTRACTED`. Without a model (none configured, the month's budget spent) the mail
//! stays UNRECOGNISED, visible and reprocessable. Runs as a job (`MODEL_EXTRACT`), so that
//! receiving a mail never waits for a model and a failing model is retried.

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde::{Deserialize, Serialize};
use serde_json::json;
use uuid::Uuid;

use crate::ai::{
    Ai,
    llm::{ChatRequest, JsonSchema, Message, Tier},
    usage::Purpose,
};
use crate::intake::parse::{ParsedInquiry, Portal, parse_with_text, text};
use crate::jobs::NewJob;
use crate::{Db, Error, Result};
use entity::inbound_email;
use model::{InboundStatus, Queue, TenantId};

/// Job kind: read one stored mail with the model.
pub const MODEL_EXTRACT: &str = "inbound.model_extract";
/// The warning an inquiry the model read carries.
pub const W_MODEL_EXTRACTED: &str = "MODEL_EXTRACTED";

/// The job's payload: the stored mail.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredMail {
    pub inbound_id: Uuid,
}

/// The job for a mail no extractor could read; one per mail.
pub(crate) fn job(tenant: TenantId, inbound_id: Uuid) -> NewJob {
    NewJob::new(Queue::LeadEnrichment, MODEL_EXTRACT, json!(StoredMail { inbound_id }))
        .for_tenant(tenant)
        .idempotency_key(format!("{MODEL_EXTRACT}:{}:{inbound_id}", tenant.0))
}

/// What came of the model's reading.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ModelOutcome {
    /// Taken in: the mail is PARSED now, with its lead.
    Taken,
    /// The model says it is no inquiry, or what it read did not hold up against the mail.
    NoInquiry(&'static str),
    /// No model to ask: the mail stays UNRECOGNISED.
    Offline,
    /// The mail was taken in (or reprocessed) meanwhile.
    AlreadyDone,
}

#[derive(Debug, Deserialize)]
struct Reading {
    is_inquiry: bool,
    first_name: Option<String>,
    last_name: Option<String>,
    email: Option<String>,
    phone: Option<String>,
    message: Option<String>,
    object_number: Option<String>,
    viewing_requested: bool,
}

fn request(mail_text: &str) -> ChatRequest {
    let text_or_null = json!({"type": ["string", "null"]});
    ChatRequest {
        response_schema: Some(JsonSchema {
            name: "inquiry".into(),
            schema: json!({
                "type": "object",
                "properties": {
                    "is_inquiry": {"type": "boolean", "description": "a person asks about a property (not a newsletter, bounce, auto-reply or advertising)"},
                    "first_name": text_or_null, "last_name": text_or_null,
                    "email": {"type": ["string", "null"], "description": "the person's address, as written in the mail"},
                    "phone": {"type": ["string", "null"], "description": "the person's number, as written in the mail"},
                    "message": {"type": ["string", "null"], "description": "the person's own words, without portal text, signatures of others or quoted history"},
                    "object_number": {"type": ["string", "null"], "description": "the office's reference of the property, if named"},
                    "viewing_requested": {"type": "boolean"},
                },
                "required": ["is_inquiry", "first_name", "last_name", "email", "phone", "message", "object_number", "viewing_requested"],
                "additionalProperties": false,
            }),
        }),
        max_completion_tokens: Some(800),
        ..ChatRequest::new(
            Tier::Small,
            vec![
                Message::system(
                    "You read an e-mail that reached a real-estate office and may be an inquiry from a portal, a \
                     website form or a person. Copy the inquiring person's details exactly as they are written; \
                     never take the office's own people, a forwarder or the portal for the person. Answer as JSON.",
                ),
                Message::user(mail_text.chars().take(8000).collect::<String>()),
            ],
        )
    }
}

/// Why a reading does not hold up against the mail, if it does not.
fn check(reading: &Reading, mail_text: &str) -> Option<&'static str> {
    let mail_lower = mail_text.to_lowercase();
    let mail_digits: String = mail_text.chars().filter(char::is_ascii_digit).collect();
    if !reading.is_inquiry {
        return Some("NOT_INQUIRY_MODEL");
    }
    if reading.email.as_deref().is_some_and(|e| !mail_lower.contains(&e.trim().to_lowercase())) {
        return Some("MODEL_EMAIL_NOT_IN_MAIL");
    }
    let phone_digits = |p: &str| p.chars().filter(char::is_ascii_digit).collect::<String>();
    if reading.phone.as_deref().is_some_and(|p| phone_digits(p).len() < 6 || !mail_digits.contains(&phone_digits(p))) {
        return Some("MODEL_PHONE_NOT_IN_MAIL");
    }
    if reading.email.is_none() && reading.phone.is_none()
        || reading.message.as_deref().is_none_or(|m| m.trim().is_empty())
    {
        return Some(crate::intake::parse::W_NO_DETAILS);
    }
    None
}

/// The job's work for one stored mail.
#[tracing::instrument(skip(db, ai), fields(tenant_id = %tenant))]
pub async fn read_with_model(db: &Db, ai: &Ai, tenant: TenantId, job: &StoredMail) -> Result<ModelOutcome> {
    let row = {
        let tx = db.tenant(tenant).await?;
        let row = inbound_email::Entity::find_by_id(job.inbound_id)
            .filter(inbound_email::Column::TenantId.eq(tenant.0))
            .one(&tx)
            .await?;
        tx.commit().await?;
        row.ok_or_else(|| Error::NotFound("inbound mail"))?
    };
    if row.status != InboundStatus::Unrecognised.as_str() {
        return Ok(ModelOutcome::AlreadyDone);
    }
    let chosen = ai.provider_for(db, tenant).await?;
    if chosen.offline_reason.is_some() {
        return Ok(ModelOutcome::Offline);
    }
    let Ok((headers, mail_text)) = parse_with_text(&row.raw) else {
        return Ok(ModelOutcome::NoInquiry("NOT_INQUIRY_UNREADABLE"));
    };
    // A model that does not answer is an error: the job is retried, then kept as dead.
    let answer = ai.chat_logged(db, &chosen, tenant, None, Purpose::Extraction, &request(&mail_text)).await??;
    let reading: Reading = match serde_json::from_str(crate::assistant::clean::json_payload(&answer.message.content)) {
        Ok(r) => r,
        Err(e) => {
            tracing::warn!(error = %e, "the model's reading of a mail was not the asked JSON");
            return Ok(ModelOutcome::NoInquiry("MODEL_ANSWER_UNREADABLE"));
        }
    };
    if let Some(reason) = check(&reading, &mail_text) {
        return Ok(ModelOutcome::NoInquiry(reason));
    }
    let clean = |v: Option<String>| v.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
    let inquiry = ParsedInquiry {
        portal: Some(Portal::Direct),
        first_name: clean(reading.first_name),
        last_name: clean(reading.last_name),
        email: clean(reading.email).and_then(|e| text::clean_email(&e)),
        phone: clean(reading.phone).and_then(|p| text::clean_phone(&p)),
        message: clean(reading.message),
        object_number: clean(reading.object_number),
        viewing_requested: reading.viewing_requested,
        warnings: vec![W_MODEL_EXTRACTED.to_owned()],
        ..headers
    };
    let taken = crate::intake::receive::process(db, tenant, row, Ok(inquiry.without_controls())).await?;
    Ok(if taken.status == InboundStatus::Parsed.as_str() { ModelOutcome::Taken } else { ModelOutcome::AlreadyDone })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reading(email: Option<&str>, phone: Option<&str>, message: Option<&str>) -> Reading {
        Reading {
            is_inquiry: true,
            first_name: Some("Eva".into()),
            last_name: None,
            email: email.map(str::to_owned),
            phone: phone.map(str::to_owned),
            message: message.map(str::to_owned),
            object_number: None,
            viewing_requested: false,
        }
    }

    #[test]
    fn a_reading_holds_only_with_what_the_mail_says() {
        let mail = "Von: Eva <eva@example.at>\nTel. 0664 / 123 45 67\nIst die Wohnung frei?";
        assert_eq!(
            check(&reading(Some("EVA@example.at"), Some("0664 1234567"), Some("Ist die Wohnung frei?")), mail),
            None
        );
        assert_eq!(check(&reading(Some("eve@example.at"), None, Some("frei?")), mail), Some("MODEL_EMAIL_NOT_IN_MAIL"));
        assert_eq!(check(&reading(None, Some("0664 7654321"), Some("frei?")), mail), Some("MODEL_PHONE_NOT_IN_MAIL"));
        assert_eq!(check(&reading(None, None, Some("frei?")), mail), Some("NOT_INQUIRY_NO_DETAILS"));
        assert_eq!(check(&reading(Some("eva@example.at"), None, None), mail), Some("NOT_INQUIRY_NO_DETAILS"));
        let no = Reading { is_inquiry: false, ..reading(Some("eva@example.at"), None, Some("x")) };
        assert_eq!(check(&no, mail), Some("NOT_INQUIRY_MODEL"));
    }
}
