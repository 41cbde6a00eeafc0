//! A lead's conversation as its page and the API show it: every message of the lead — the
//! inquiries, our mails with where they stand, the lead's answers — oldest first. Whoever may
//! see the lead may read its thread; anyone else finds no such lead.

use entity::message;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::{Ctx, Db, Result, leads, stored};
use model::{LeadId, MessageId, ThreadMessage};

pub async fn of_lead(db: &Db, ctx: &Ctx, lead: LeadId) -> Result<Vec<ThreadMessage>> {
    leads::get(db, ctx, lead).await?;
    let tx = db.tenant_read(ctx.tenant_id).await?;
    let rows = message::Entity::find()
        .filter(message::Column::TenantId.eq(ctx.tenant_id.0))
        .filter(message::Column::LeadId.eq(lead.0))
        .order_by_asc(message::Column::CreatedAt)
        .order_by_asc(message::Column::Id)
        .all(&tx)
        .await?;
    tx.commit().await?;
    rows.into_iter().map(to_dto).collect()
}

fn to_dto(m: message::Model) -> Result<ThreadMessage> {
    Ok(ThreadMessage {
        id: MessageId(m.id),
        direction: stored(&m.direction)?,
        subject: m.subject,
        body: m.body,
        from: m.from_address,
        to: m.to_address,
        status: m.status.as_deref().map(stored).transpose()?,
        error: m.error,
        created_at: m.created_at,
        sent_at: m.sent_at,
    })
}
