//! The mails behind a lead: every inquiry it was created from or merged with, as the lead's page
//! shows them, and one mail's original text on request. An agent sees the mails of the leads
//! they see; admins every mail of their office.

use entity::inbound_email;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use model::{InboundEmailId, InboundEmailSummary, InboundSource, LeadId};

use crate::intake::{parse::mime, receive::summary};
use crate::{Ctx, Db, Error, Result, leads};

/// More inquiries than this on one lead are not inquiries but a loop; the page shows the first.
const MAX_PER_LEAD: u64 = 100;
/// The raw source shown on screen is cut here; the stored mail stays whole.
const MAX_SOURCE_BYTES: usize = 256 * 1024;

/// The inquiries that made or joined this lead, oldest first.
pub async fn for_lead(db: &Db, ctx: &Ctx, lead: LeadId) -> Result<Vec<InboundEmailSummary>> {
    // Visibility is the lead's: an agent asking about another agent's lead gets "not found".
    leads::get(db, ctx, lead).await?;
    let tx = db.tenant_read(ctx.tenant_id).await?;
    let rows = inbound_email::Entity::find()
        .filter(inbound_email::Column::TenantId.eq(ctx.tenant_id.0))
        .filter(inbound_email::Column::LeadId.eq(lead.0))
        .order_by_asc(inbound_email::Column::Id)
        .limit(MAX_PER_LEAD)
        .all(&tx)
        .await?;
    tx.commit().await?;
    rows.into_iter().map(|r| summary(r, false)).collect()
}

/// One received mail as it arrived: its decoded text and its raw source (cut at 256 KiB).
pub async fn source(db: &Db, ctx: &Ctx, id: InboundEmailId) -> Result<InboundSource> {
    let tx = db.tenant_read(ctx.tenant_id).await?;
    let row = inbound_email::Entity::find_by_id(id.0)
        .filter(inbound_email::Column::TenantId.eq(ctx.tenant_id.0))
        .one(&tx)
        .await?
        .ok_or(Error::NotFound("inbound mail"))?;
    tx.commit().await?;
    if !ctx.role.is_admin() {
        // Agents reach a mail only through a lead they see; unassigned mail is the admins'.
        let lead = row.lead_id.ok_or(Error::NotFound("inbound mail"))?;
        leads::get(db, ctx, LeadId(lead)).await.map_err(|e| match e {
            Error::NotFound(_) => Error::NotFound("inbound mail"),
            other => other,
        })?;
    }
    Ok(render(&row.raw))
}

fn render(raw: &[u8]) -> InboundSource {
    let text = mime::read(raw).ok().map(|mail| mail.text).filter(|t| !t.trim().is_empty());
    let cut = raw.len() > MAX_SOURCE_BYTES;
    let shown = &raw[..raw.len().min(MAX_SOURCE_BYTES)];
    InboundSource { text, raw: String::from_utf8_lossy(shown).into_owned(), truncated: cut }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_the_decoded_text_beside_the_raw_source() {
        let raw = b"From: a@example.com\r\nSubject: Frage\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nGr=C3=BC=C3=9Fe aus M=C3=BCnchen\r\n";
        let shown = render(raw);
        assert_eq!(shown.text.as_deref().map(str::trim), Some("Grüße aus München"));
        assert!(shown.raw.contains("Gr=C3=BC=C3=9Fe"));
        assert!(!shown.truncated);
    }

    #[test]
    fn cuts_a_huge_source_and_keeps_non_mail_input_readable() {
        let raw = vec![b'x'; MAX_SOURCE_BYTES + 10];
        let shown = render(&raw);
        assert!(shown.truncated);
        assert_eq!(shown.raw.len(), MAX_SOURCE_BYTES);
        let json = render(br#"{"name":"Anna"}"#);
        assert_eq!(json.raw, r#"{"name":"Anna"}"#);
    }
}
