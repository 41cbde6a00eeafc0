//! Conversations (UserChat): each user's own chats with their turns, and summaries of the older
//! turns (ConversationSummary) so that the model's context stays small however long a chat gets.

use entity::{chat_message, conversation_summary, user_chat};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, QuerySelect, Set};
use uuid::Uuid;

use crate::ai::llm::{Message, Role};
use crate::{Ctx, Db, Error, Result, now};
use model::{ChatEvent, ChatId, ChatRole, ChatSummary, ChatTurn, LeadId};

/// Turns sent to the model as they are; older ones only through their summary.
pub const RECENT_TURNS: usize = 8;
/// A summary is made once this many turns are not yet covered by one.
pub const SUMMARIZE_AFTER: usize = 16;

fn mine(ctx: &Ctx) -> sea_orm::Select<user_chat::Entity> {
    user_chat::Entity::find()
        .filter(user_chat::Column::TenantId.eq(ctx.tenant_id.0))
        .filter(user_chat::Column::UserId.eq(ctx.user_id.0))
}

fn summary_dto(m: user_chat::Model) -> ChatSummary {
    ChatSummary { id: ChatId(m.id), title: m.title, lead_id: m.lead_id.map(LeadId), updated_at: m.updated_at }
}

/// A new chat, titled by its first message.
pub async fn create(db: &Db, ctx: &Ctx, lead_id: Option<LeadId>, first_message: &str) -> Result<ChatSummary> {
    let mut title: String = first_message.split_whitespace().collect::<Vec<_>>().join(" ").chars().take(60).collect();
    if title.is_empty() {
        title = "Chat".into();
    }
    let at = now();
    let tx = db.tenant(ctx.tenant_id).await?;
    let chat = user_chat::ActiveModel {
        id: Set(Uuid::now_v7()),
        tenant_id: Set(ctx.tenant_id.0),
        user_id: Set(ctx.user_id.0),
        lead_id: Set(lead_id.map(|l| l.0)),
        title: Set(title),
        created_at: Set(at),
        updated_at: Set(at),
    }
    .insert(&tx)
    .await?;
    tx.commit().await?;
    Ok(summary_dto(chat))
}

/// The user's chats, most recently used first.
pub async fn list(db: &Db, ctx: &Ctx, lead_id: Option<LeadId>) -> Result<Vec<ChatSummary>> {
    let mut q = mine(ctx).order_by_desc(user_chat::Column::UpdatedAt).limit(100);
    if let Some(l) = lead_id {
        q = q.filter(user_chat::Column::LeadId.eq(l.0));
    }
    let tx = db.tenant_read(ctx.tenant_id).await?;
    let rows = q.all(&tx).await?;
    tx.commit().await?;
    Ok(rows.into_iter().map(summary_dto).collect())
}

pub async fn get(db: &Db, ctx: &Ctx, id: ChatId) -> Result<ChatSummary> {
    let tx = db.tenant_read(ctx.tenant_id).await?;
    let found = mine(ctx).filter(user_chat::Column::Id.eq(id.0)).one(&tx).await?.ok_or(Error::NotFound("chat"))?;
    tx.commit().await?;
    Ok(summary_dto(found))
}

pub async fn delete(db: &Db, ctx: &Ctx, id: ChatId) -> Result<()> {
    let tx = db.tenant(ctx.tenant_id).await?;
    let found = mine(ctx).filter(user_chat::Column::Id.eq(id.0)).one(&tx).await?.ok_or(Error::NotFound("chat"))?;
    user_chat::Entity::delete_by_id(found.id).exec(&tx).await?;
    tx.commit().await?;
    Ok(())
}

/// The turns of a chat as the page shows them, oldest first.
pub async fn turns(db: &Db, ctx: &Ctx, id: ChatId) -> Result<Vec<ChatTurn>> {
    get(db, ctx, id).await?;
    let tx = db.tenant_read(ctx.tenant_id).await?;
    let rows = chat_message::Entity::find()
        .filter(chat_message::Column::TenantId.eq(ctx.tenant_id.0))
        .filter(chat_message::Column::ChatId.eq(id.0))
        .order_by_asc(chat_message::Column::Id)
        .all(&tx)
        .await?;
    tx.commit().await?;
    rows.into_iter()
        .filter_map(|m| {
            let role = match m.role.as_str() {
                "user" => ChatRole::User,
                "assistant" => ChatRole::Assistant,
                _ => return None,
            };
            let events: Result<Vec<ChatEvent>> = match m.events {
                Some(v) => serde_json::from_value(v).map_err(|e| Error::Internal(format!("stored chat events: {e}"))),
                None => Ok(Vec::new()),
            };
            Some(events.map(|events| ChatTurn { role, content: m.content, events, created_at: m.created_at }))
        })
        .collect()
}

/// Appends a turn and touches the chat.
pub async fn append(
    db: &Db,
    ctx: &Ctx,
    id: ChatId,
    role: Role,
    content: &str,
    tool_calls: Option<serde_json::Value>,
    events: &[ChatEvent],
) -> Result<Uuid> {
    let role = match role {
        Role::User => "user",
        Role::Assistant => "assistant",
        Role::System | Role::Tool => return Err(Error::Internal("only user and assistant turns are kept".into())),
    };
    let events = if events.is_empty() {
        None
    } else {
        Some(serde_json::to_value(events).map_err(|e| Error::Internal(format!("chat events: {e}")))?)
    };
    let tx = db.tenant(ctx.tenant_id).await?;
    let chat = mine(ctx).filter(user_chat::Column::Id.eq(id.0)).one(&tx).await?.ok_or(Error::NotFound("chat"))?;
    let message_id = Uuid::now_v7();
    chat_message::ActiveModel {
        id: Set(message_id),
        tenant_id: Set(ctx.tenant_id.0),
        chat_id: Set(id.0),
        role: Set(role.to_owned()),
        content: Set(content.to_owned()),
        tool_calls: Set(tool_calls),
        tool_call_id: Set(None),
        events: Set(events),
        created_at: Set(now()),
    }
    .insert(&tx)
    .await?;
    let mut am = chat.into_active_model();
    am.updated_at = Set(now());
    am.update(&tx).await?;
    tx.commit().await?;
    Ok(message_id)
}

/// What the model is given of a chat's past: the newest summary, and the turns after it (at
/// most `RECENT_TURNS`, newest last).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Context {
    pub summary: Option<String>,
    pub recent: Vec<Message>,
    /// Turns after the summary that are not in `recent` and not yet summarised.
    pub unsummarised: Vec<(Uuid, Message)>,
}

pub async fn context(db: &Db, ctx: &Ctx, id: ChatId) -> Result<Context> {
    let tx = db.tenant_read(ctx.tenant_id).await?;
    let summary = conversation_summary::Entity::find()
        .filter(conversation_summary::Column::TenantId.eq(ctx.tenant_id.0))
        .filter(conversation_summary::Column::ChatId.eq(id.0))
        .order_by_desc(conversation_summary::Column::Id)
        .one(&tx)
        .await?;
    let mut q = chat_message::Entity::find()
        .filter(chat_message::Column::TenantId.eq(ctx.tenant_id.0))
        .filter(chat_message::Column::ChatId.eq(id.0))
        .order_by_asc(chat_message::Column::Id);
    if let Some(s) = &summary {
        q = q.filter(chat_message::Column::Id.gt(s.covers_until));
    }
    let rows = q.all(&tx).await?;
    tx.commit().await?;
    let mut turns: Vec<(Uuid, Message)> = rows
        .into_iter()
        .filter_map(|m| match m.role.as_str() {
            "user" => Some((m.id, Message::user(m.content))),
            "assistant" => Some((m.id, Message::assistant(m.content, Vec::new()))),
            _ => None,
        })
        .collect();
    let split = turns.len().saturating_sub(RECENT_TURNS);
    let recent = turns.split_off(split).into_iter().map(|(_, m)| m).collect();
    Ok(Context { summary: summary.map(|s| s.summary), recent, unsummarised: turns })
}

/// Stores a summary that covers the chat up to `until` (a message id).
pub async fn store_summary(db: &Db, ctx: &Ctx, id: ChatId, summary: &str, until: Uuid) -> Result<()> {
    let tx = db.tenant(ctx.tenant_id).await?;
    conversation_summary::ActiveModel {
        id: Set(Uuid::now_v7()),
        tenant_id: Set(ctx.tenant_id.0),
        chat_id: Set(id.0),
        summary: Set(summary.to_owned()),
        covers_until: Set(until),
        created_at: Set(now()),
    }
    .insert(&tx)
    .await?;
    tx.commit().await?;
    Ok(())
}
