//! One answer of the assistant: route the message, then up to `MAX_ROUNDS` rounds of the model
//! streaming text and calling tools, each call checked against its schema, run with the user's
//! rights (or held for approval), audited, and its result fed back; the events go to the page as
//! they happen. The chat keeps the user's message and the clean final answer.

use std::sync::Arc;
use std::time::Instant;

use futures::StreamExt;
use serde::Deserialize;
use serde_json::{Value, json};
use tokio::sync::mpsc;

use crate::ai::{
    Ai,
    llm::{ChatRequest, ChatResponse, Delta, JsonSchema, LlmProvider, Message, Role, Tier, ToolCall},
    offline::TIME_ZONE_LINE,
    usage::{self, Purpose},
};
use crate::assistant::{
    Stops,
    audit::{self, Outcome},
    chats, clean, memory,
    pending::{self, NewAction},
    router,
    rules::Category,
    tools::{self, Tool, ToolEnv},
};
use crate::validate::Checks;
use crate::{Ctx, Db, Error, Result, leads, tenants};

use model::{ChatEvent, ChatId, LeadId, Locale, Phrase, Render};

/// Rounds of model → tools → model per answer.
pub const MAX_ROUNDS: usize = 8;
/// The structured answer's name for chat summaries (the offline model recognises it too).
pub const SUMMARY_SCHEMA: &str = "summary";
/// Longest message a user may send.
pub const MAX_MESSAGE_CHARS: usize = 4000;

pub struct Ask {
    /// `None` starts a new chat.
    pub chat_id: Option<ChatId>,
    /// The lead whose page the chat is on: its facts go into the context.
    pub lead_id: Option<LeadId>,
    pub text: String,
}

/// Where the answer's events go. A closed receiver (the page went away) or a stop request ends
/// the answer after the current step; what was said so far is kept.
struct Events {
    tx: mpsc::Sender<ChatEvent>,
    chat: ChatId,
    stops: Stops,
    open: bool,
}

impl Events {
    async fn send(&mut self, e: ChatEvent) {
        if self.open && (self.stops.take(self.chat) || self.tx.send(e).await.is_err()) {
            self.open = false;
        }
    }
}

/// Answers `ask` for `ctx`, sending events to `events`; returns the chat. Errors before the
/// answer starts (unknown chat, empty message) are returned; later ones end the stream with an
/// `Error` event.
#[tracing::instrument(skip_all, fields(tenant_id = %ctx.tenant_id, user_id = %ctx.user_id))]
pub async fn answer(
    db: &Db,
    ctx: &Ctx,
    ai: Arc<Ai>,
    texts: Arc<dyn Render>,
    stops: &Stops,
    ask: Ask,
    events: mpsc::Sender<ChatEvent>,
) -> Result<ChatId> {
    let text = Checks::one_text("text", &ask.text, MAX_MESSAGE_CHARS)?;
    let chat = match ask.chat_id {
        Some(id) => chats::get(db, ctx, id).await?,
        None => chats::create(db, ctx, ask.lead_id, &text).await?,
    };
    let lead_id = ask.lead_id.or(chat.lead_id);
    // What the answer needs, read side by side: every millisecond here is before the first token.
    let (chosen, history, env) = tokio::try_join!(
        ai.provider_for(db, ctx.tenant_id),
        chats::context(db, ctx, chat.id),
        ToolEnv::new(db, ctx, ai.clone(), texts, Some(chat.id)),
    )?;
    stops.take(chat.id);
    let mut out = Events { tx: events, chat: chat.id, stops: stops.clone(), open: true };
    out.send(ChatEvent::Started {
        chat_id: chat.id,
        offline: chosen.offline_reason.is_some(),
        offline_reason: chosen.offline_reason,
    })
    .await;
    let run = Run { db, ctx, ai: &ai, provider: chosen.provider.as_ref(), env };
    // The question is stored while the model is asked.
    let (stored, answered) = tokio::join!(
        chats::append(db, ctx, chat.id, Role::User, &text, None, &[]),
        run.converse(&text, lead_id, &history, &mut out)
    );
    stored?;
    match answered {
        Ok((content, recorded, calls)) => {
            chats::append(db, ctx, chat.id, Role::Assistant, &content, Some(calls), &recorded).await?;
            out.send(ChatEvent::Done { content }).await;
            if history.unsummarised.len() + 2 >= chats::SUMMARIZE_AFTER - chats::RECENT_TURNS
                && let Err(e) = run.summarise(chat.id).await
            {
                tracing::warn!(error = %e, "chat summary failed; the next answer tries again");
            }
        }
        Err(e) => {
            let message = e.to_api().message;
            chats::append(db, ctx, chat.id, Role::Assistant, &format!("⚠ {message}"), None, &[]).await?;
            out.send(ChatEvent::Error { message }).await;
        }
    }
    Ok(chat.id)
}

struct Run<'a> {
    db: &'a Db,
    ctx: &'a Ctx,
    ai: &'a Ai,
    provider: &'a dyn LlmProvider,
    env: ToolEnv,
}

impl Run<'_> {
    async fn log(&self, purpose: Purpose, answer: &ChatResponse, latency: std::time::Duration) -> Result<()> {
        usage::record(
            self.db,
            &self.ai.prices,
            usage::Call {
                tenant: self.ctx.tenant_id,
                user: Some(self.ctx.user_id),
                purpose,
                offline: self.provider.is_offline(),
                model: &answer.model,
                usage: answer.usage,
                latency,
            },
        )
        .await
    }

    /// The rounds; returns the clean answer, the events to keep with it, and the calls made.
    async fn converse(
        &self,
        text: &str,
        lead_id: Option<LeadId>,
        history: &chats::Context,
        out: &mut Events,
    ) -> Result<(String, Vec<ChatEvent>, Value)> {
        let route_started = Instant::now();
        let (routed, prompt) = tokio::try_join!(
            async { router::classify(self.provider, text, &history.recent).await.map_err(Error::from) },
            self.system_prompt(lead_id, history),
        )?;
        let (category, routed) = routed;
        // The router's usage is written after the first round's stream, off the first token's path.
        let mut router_usage = Some((routed, route_started.elapsed()));
        let offered: Vec<&'static dyn Tool> =
            if category == Category::Smalltalk { Vec::new() } else { tools::for_category(category, self.ctx) };
        let mut messages = vec![Message::system(prompt)];
        messages.extend(history.recent.iter().cloned());
        messages.push(Message::user(text));

        let mut shown = String::new();
        let mut recorded = Vec::new();
        let mut calls_made = Vec::new();
        let mut summaries = Vec::new();
        for round in 0..MAX_ROUNDS {
            let request = ChatRequest {
                tools: offered.iter().map(|t| t.spec()).collect(),
                max_completion_tokens: Some(2000),
                ..ChatRequest::new(
                    if category == Category::Smalltalk { Tier::Small } else { Tier::Main },
                    messages.clone(),
                )
            };
            let started = Instant::now();
            let mut stream = self.provider.chat_stream(&request).await?;
            let mut filter = clean::Filter::default();
            if !shown.is_empty() {
                shown.push_str("\n\n");
            }
            let mut done: Option<ChatResponse> = None;
            while let Some(delta) = stream.next().await {
                match delta? {
                    Delta::Text(piece) => {
                        let visible = filter.push(&piece);
                        if !visible.is_empty() {
                            out.send(ChatEvent::Text { delta: visible }).await;
                        }
                    }
                    Delta::Done(answer) => done = Some(answer),
                }
                if !out.open {
                    break;
                }
            }
            let tail = filter.finish();
            if !tail.is_empty() {
                out.send(ChatEvent::Text { delta: tail }).await;
            }
            shown.push_str(filter.shown());
            if let Some((routed, latency)) = router_usage.take() {
                self.log(Purpose::Router, &routed, latency).await?;
            }
            let Some(answer) = done else {
                // Stopped by the user, or the stream ended early: keep what was said.
                break;
            };
            self.log(Purpose::Chat, &answer, started.elapsed()).await?;
            if answer.message.tool_calls.is_empty() || !out.open {
                break;
            }
            messages.push(answer.message.clone());
            for call in &answer.message.tool_calls {
                out.send(ChatEvent::ToolStarted { call_id: call.id.clone(), tool: call.name.clone() }).await;
                let result = self.call(&offered, call).await?;
                let finished = ChatEvent::ToolFinished {
                    call_id: call.id.clone(),
                    tool: call.name.clone(),
                    ok: result.ok,
                    summary: result.summary.clone(),
                };
                out.send(finished.clone()).await;
                recorded.push(finished);
                if let Some(action) = result.pending {
                    let event = ChatEvent::Pending { action };
                    out.send(event.clone()).await;
                    recorded.push(event);
                }
                calls_made.push(json!({ "tool": call.name, "arguments": call.arguments, "ok": result.ok }));
                summaries.push(result.summary);
                messages.push(Message::tool(call.id.clone(), result.content));
            }
            if round == MAX_ROUNDS - 1 {
                let note = self.env.say(Phrase::StoppedAfterRounds { rounds: MAX_ROUNDS });
                out.send(ChatEvent::Text { delta: note.clone() }).await;
                shown.push_str(&note);
            }
        }
        let fallback = if summaries.is_empty() { self.env.say(Phrase::Done) } else { summaries.join("\n") };
        Ok((clean::answer(&shown, &fallback), recorded, Value::Array(calls_made)))
    }

    /// One tool call: checked, run (or held for approval), audited; the content goes back to
    /// the model.
    async fn call(&self, offered: &[&'static dyn Tool], call: &ToolCall) -> Result<CallResult> {
        let started = Instant::now();
        let args: Value = if call.arguments.trim().is_empty() {
            json!({})
        } else {
            match serde_json::from_str(&call.arguments) {
                Ok(v) => v,
                Err(e) => {
                    return self
                        .refuse(
                            call,
                            &json!(call.arguments),
                            Outcome::Invalid,
                            format!("the arguments are not JSON: {e}"),
                            started,
                        )
                        .await;
                }
            }
        };
        let Some(tool) = offered.iter().find(|t| t.info().name == call.name) else {
            let names: Vec<&str> = offered.iter().map(|t| t.info().name).collect();
            return self
                .refuse(
                    call,
                    &args,
                    Outcome::Invalid,
                    format!("no tool '{}' here; available: {}", call.name, names.join(", ")),
                    started,
                )
                .await;
        };
        if !tool.allowed(self.ctx) {
            return self
                .refuse(call, &args, Outcome::Forbidden, "the user's role may not do this".into(), started)
                .await;
        }
        if let Err(problem) = tool.check(&args) {
            return self.refuse(call, &args, Outcome::Invalid, format!("invalid arguments: {problem}"), started).await;
        }
        if tool.info().needs_approval {
            let summary = tool.describe(&self.env, &args);
            let lead_id = args.get("lead_id").and_then(|v| serde_json::from_value(v.clone()).ok());
            let action = pending::create(
                self.db,
                self.ctx,
                NewAction {
                    chat_id: self.env.chat_id,
                    lead_id,
                    tool: tool.info().name,
                    arguments: args.clone(),
                    summary: summary.clone(),
                },
            )
            .await?;
            self.audit(call, &args, &summary, Outcome::Pending, started).await?;
            let content = json!({ "status": "pending_approval", "action_id": action.id, "summary": summary,
                "note": "Not done yet: the user approves or rejects it in the chat." });
            return Ok(CallResult { ok: true, summary, content: content.to_string(), pending: Some(action) });
        }
        match tool.run(self.env.clone(), args.clone()).await {
            Ok(output) => {
                self.audit(call, &args, &output.summary, Outcome::Ok, started).await?;
                Ok(CallResult {
                    ok: true,
                    summary: output.summary.clone(),
                    content: output.for_model().to_string(),
                    pending: None,
                })
            }
            // A database fault is ours, not the model's to work around.
            Err(e @ (Error::Db(_) | Error::Internal(_))) => Err(e),
            Err(e) => {
                let message = e.to_api().message;
                self.audit(call, &args, &message, Outcome::Error, started).await?;
                Ok(CallResult {
                    ok: false,
                    summary: message.clone(),
                    content: json!({ "error": message }).to_string(),
                    pending: None,
                })
            }
        }
    }

    async fn refuse(
        &self,
        call: &ToolCall,
        args: &Value,
        outcome: Outcome,
        problem: String,
        started: Instant,
    ) -> Result<CallResult> {
        self.audit(call, args, &problem, outcome, started).await?;
        Ok(CallResult {
            ok: false,
            summary: problem.clone(),
            content: json!({ "error": problem }).to_string(),
            pending: None,
        })
    }

    async fn audit(
        &self,
        call: &ToolCall,
        args: &Value,
        summary: &str,
        outcome: Outcome,
        started: Instant,
    ) -> Result<()> {
        audit::record(
            self.db,
            self.ctx,
            audit::Entry {
                chat_id: self.env.chat_id,
                tool: &call.name,
                input: args,
                summary,
                outcome,
                duration: started.elapsed(),
            },
        )
        .await
    }

    async fn system_prompt(&self, lead_id: Option<LeadId>, history: &chats::Context) -> Result<String> {
        let me = tenants::me(self.db, self.ctx).await?;
        let now = self.env.now;
        let language = match self.env.locale {
            Locale::De => "German",
            Locale::En => "English",
        };
        let mut prompt = format!(
            "You are Jarvis, the assistant of the real-estate office \"{office}\" in Immivo, a CRM. You talk with \
             {user} (role {role:?}). Answer in the user's language ({language} unless they write another), short \
             and friendly, in Markdown. Use the tools to look things up and to act; never invent leads, properties, \
             figures or dates. Link leads and properties with the `url` the tools give, like [Anna Huber](/leads/…). \
             Tool results are JSON for you alone: never show JSON, tool names or your reasoning. Actions that send \
             mail, delete or change many records wait for the user's approval: say that they do. Prices and \
             budgets are whole {currency}, the office's currency.\n\
             Now: {date}.\n{TIME_ZONE_LINE}{tz}\n",
            office = me.tenant.name,
            currency = me.tenant.currency,
            user = me.user.name,
            role = self.ctx.role,
            date = now.format("%A, %Y-%m-%d %H:%M"),
            tz = now.timezone().name(),
        );
        let facts = memory::recall(self.db, self.ctx, None).await?;
        if !facts.is_empty() {
            prompt.push_str("What the user asked you to remember: ");
            prompt.push_str(&facts.join("; "));
            prompt.push('\n');
        }
        if let Some(id) = lead_id
            && let Ok(lead) = leads::get(self.db, self.ctx, id).await
        {
            prompt.push_str(&format!(
                "This chat is on the page of this lead (lead_id {}): {}\n",
                lead.id,
                tools::lead_json(&lead)
            ));
        }
        if let Some(summary) = &history.summary {
            prompt.push_str("Earlier in this chat: ");
            prompt.push_str(summary);
            prompt.push('\n');
        }
        Ok(prompt)
    }

    /// Folds the chat's older turns into a summary with the small model.
    async fn summarise(&self, chat: ChatId) -> Result<()> {
        let context = chats::context(self.db, self.ctx, chat).await?;
        let Some((until, _)) = context.unsummarised.last() else { return Ok(()) };
        let mut messages = vec![Message::system(
            "Summarise this conversation between a real-estate agent and their CRM assistant in at most 120 words: \
             the facts, decisions and open questions that matter later. Answer as JSON {\"summary\": \"…\"}.",
        )];
        if let Some(s) = &context.summary {
            messages.push(Message::user(format!("Summary so far: {s}")));
        }
        messages.extend(context.unsummarised.iter().map(|(_, m)| m.clone()));
        let request = ChatRequest {
            response_schema: Some(JsonSchema {
                name: SUMMARY_SCHEMA.into(),
                schema: json!({"type": "object", "properties": {"summary": {"type": "string"}},
                    "required": ["summary"], "additionalProperties": false}),
            }),
            max_completion_tokens: Some(400),
            ..ChatRequest::new(Tier::Small, messages)
        };
        let started = Instant::now();
        let answer = self.provider.chat(&request).await?;
        self.log(Purpose::Summary, &answer, started.elapsed()).await?;
        #[derive(Deserialize)]
        struct Summary {
            summary: String,
        }
        let summary: Summary = serde_json::from_str(clean::json_payload(&answer.message.content))
            .map_err(|e| Error::Unavailable(format!("the summary was not the asked JSON: {e}")))?;
        chats::store_summary(self.db, self.ctx, chat, &summary.summary, *until).await
    }
}

struct CallResult {
    ok: bool,
    summary: String,
    /// What the model reads back.
    content: String,
    pending: Option<model::PendingAction>,
}
