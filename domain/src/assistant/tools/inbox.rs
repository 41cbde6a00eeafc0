//! Mail tools: inbound mail that was not recognised, reprocessing, reply drafts, sending a reply
//! (with approval), and the office's reply settings (tone, signature, auto-reply, viewing times).

use crate::intake::receive;
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::json;

use crate::assistant::{
    reply,
    rules::Category,
    tools::{Access, Def, NoArgs, Tool, ToolEnv, ToolInfo, ToolOutput, resolve_lead},
};
use crate::conversations::outbox;
use crate::{Result, tenants};
use model::{InboundEmailId, InboundStatus, LeadId, Phrase, TenantSettingsInput};

const MAIL: &[Category] = &[Category::Email];
const MAIL_CRM: &[Category] = &[Category::Email, Category::Crm];

pub(super) fn register(tools: &mut Vec<Box<dyn Tool>>) {
    tools.push(Box::new(Def::new(
        ToolInfo {
            name: "list_unrecognised_mail",
            description: "Inbound mail that did not become a lead (not recognised as an inquiry, or failed), newest first. Admins only.",
            categories: MAIL,
            access: Access::Admin,
            needs_approval: false,
        },
        |env, a: Limit| Box::pin(unrecognised(env, a)),
    )));
    tools.push(Box::new(Def::new(
        ToolInfo {
            name: "reprocess_mail",
            description: "Parse a stored inbound mail again and run intake (after a parser fix, or a mail that failed). Admins only.",
            categories: MAIL,
            access: Access::Admin,
            needs_approval: false,
        },
        |env, a: Reprocess| Box::pin(reprocess(env, a)),
    )));
    tools.push(Box::new(Def::new(
        ToolInfo {
            name: "draft_reply",
            description: "Draft a reply to a lead's inquiry in the lead's language, with the property's facts, the office's tone and viewing times. Returns subject and body; does not send.",
            categories: MAIL_CRM,
            access: Access::Anyone,
            needs_approval: false,
        },
        |env, a: DraftReply| Box::pin(draft(env, a)),
    )));
    tools.push(Box::new(
        Def::new(
            ToolInfo {
                name: "send_reply",
                description: "Send an e-mail to a lead (subject and body). Needs the user's approval; moves a NEW lead to CONTACTED.",
                categories: MAIL_CRM,
                access: Access::Anyone,
                needs_approval: true,
            },
            |env, a: SendReply| Box::pin(send(env, a)),
        )
        .describe(|env, a| {
            env.say(Phrase::SendEmailAsk { subject: a.subject.clone() })
        }),
    ));
    tools.push(Box::new(Def::new(
        ToolInfo {
            name: "get_reply_settings",
            description: "The office's reply templates and settings: tone, e-mail signature, whether first replies are sent automatically, viewing times.",
            categories: MAIL_CRM,
            access: Access::Anyone,
            needs_approval: false,
        },
        |env, _: NoArgs| Box::pin(settings(env)),
    )));
    tools.push(Box::new(Def::new(
        ToolInfo {
            name: "update_reply_settings",
            description: "Change the office's reply tone, e-mail signature, or whether first replies are sent automatically. Admins only.",
            categories: MAIL_CRM,
            access: Access::Admin,
            needs_approval: false,
        },
        |env, a: ReplySettings| Box::pin(update_settings(env, a)),
    )));
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Limit {
    /// How many (1–50, default 10).
    pub limit: Option<u64>,
}

async fn unrecognised(env: ToolEnv, a: Limit) -> Result<ToolOutput> {
    let limit = a.limit.unwrap_or(10).clamp(1, 50);
    let mut mails = receive::list(&env.db, &env.ctx, Some(InboundStatus::Unrecognised), limit).await?;
    mails.extend(receive::list(&env.db, &env.ctx, Some(InboundStatus::Failed), limit).await?);
    mails.sort_by_key(|m| std::cmp::Reverse(m.received_at));
    mails.truncate(usize::try_from(limit).unwrap_or(10));
    let items: Vec<String> = mails
        .iter()
        .map(|m| {
            let why = m.error.clone().or_else(|| m.warnings.first().cloned()).unwrap_or_default();
            format!(
                "{} – {} ({})",
                m.subject.clone().unwrap_or_default(),
                m.from_address.clone().unwrap_or_default(),
                why
            )
        })
        .collect();
    let summary = env.say(Phrase::UnrecognisedMails { count: mails.len() });
    Ok(ToolOutput::new(summary, json!({ "mails": mails, "items": items })))
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Reprocess {
    pub inbound_id: InboundEmailId,
}

async fn reprocess(env: ToolEnv, a: Reprocess) -> Result<ToolOutput> {
    let m = receive::reprocess(&env.db, &env.ctx, a.inbound_id).await?;
    let summary = env.say(Phrase::Reprocessed { status: m.status });
    Ok(ToolOutput::new(summary, json!({ "mail": m })))
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DraftReply {
    pub lead_id: Option<LeadId>,
    /// The lead's name, when the id is not known.
    pub lead_name: Option<String>,
    /// What the agent wants said besides the usual (e.g. "mention the garage").
    pub instructions: Option<String>,
}

async fn draft(env: ToolEnv, a: DraftReply) -> Result<ToolOutput> {
    let lead = resolve_lead(&env, a.lead_id, a.lead_name.as_deref()).await?;
    let d = reply::draft(&env.db, &env.ai, env.ctx.tenant_id, Some(env.ctx.user_id), &lead, a.instructions.as_deref())
        .await?;
    outbox::mark_drafted(&env.db, env.ctx.tenant_id, lead.id).await?;
    let summary = env.say(Phrase::ReplyDrafted { lead: lead.display_name() });
    let items = vec![format!("**{}**\n\n{}", d.subject, d.body)];
    Ok(ToolOutput::new(
        summary,
        json!({ "lead_id": lead.id, "subject": d.subject, "body": d.body, "language": d.language.code(), "items": items }),
    )
    .about(lead.id))
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SendReply {
    pub lead_id: LeadId,
    pub subject: String,
    pub body: String,
    /// Set by a held follow-up (`conversations::followups`), not offered to the model: the
    /// mail is that step and does not restart the lead's follow-ups.
    #[serde(default)]
    #[schemars(skip)]
    pub follow_up_step: Option<u32>,
}

async fn send(env: ToolEnv, a: SendReply) -> Result<ToolOutput> {
    // The caller must see the lead: an agent sends only to their own.
    let letter = outbox::Letter { subject: &a.subject, body: &a.body, follow_up_step: a.follow_up_step };
    let sent = outbox::send(&env.db, &env.ctx, a.lead_id, &letter).await?;
    let summary = match &sent.from {
        Some(from) => env.say(Phrase::EmailQueued { to: sent.to.clone(), from: from.clone() }),
        None => env.say(Phrase::EmailInOutbox { to: sent.to.clone() }),
    };
    Ok(ToolOutput::new(summary, json!({ "message_id": sent.message_id, "status": sent.status, "from": sent.from }))
        .about(a.lead_id))
}

async fn settings(env: ToolEnv) -> Result<ToolOutput> {
    let s = tenants::settings(&env.db, &env.ctx).await?;
    let summary = env.say(Phrase::ReplySettings { tone: s.reply_tone.clone(), auto_reply: s.auto_reply });
    Ok(ToolOutput::new(summary, serde_json::to_value(&s).unwrap_or_default()))
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReplySettings {
    pub reply_tone: Option<String>,
    pub email_signature: Option<String>,
    /// Send first replies at once (true) or hold them for approval (false).
    pub auto_reply: Option<bool>,
}

async fn update_settings(env: ToolEnv, a: ReplySettings) -> Result<ToolOutput> {
    let input = TenantSettingsInput {
        reply_tone: a.reply_tone,
        email_signature: a.email_signature,
        auto_reply: a.auto_reply,
        ..Default::default()
    };
    let s = tenants::update_settings(&env.db, &env.ctx, input).await?;
    Ok(ToolOutput::new(env.say(Phrase::SettingsSaved), serde_json::to_value(&s).unwrap_or_default()))
}
