//! Server functions: the web app's API. Each one resolves the caller, calls one domain function
//! and maps its error; the bodies exist only in the server build.

use leptos::prelude::*;
use server_fn::codec::Json;

use model::error::ApiError;
use model::*;

#[cfg(feature = "ssr")]
mod server {
    use leptos::prelude::use_context;

    use domain::Ctx;
    use domain::services::Services;
    use model::error::{ApiError, ErrorCode};

    pub fn services() -> Result<Services, ApiError> {
        use_context::<Services>().ok_or_else(|| ApiError::new(ErrorCode::Internal, "services missing"))
    }

    pub async fn headers() -> Result<http::HeaderMap, ApiError> {
        let parts: http::request::Parts =
            leptos_axum::extract().await.map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))?;
        Ok(parts.headers)
    }

    /// The signed-in caller, or `UNAUTHENTICATED`.
    pub async fn caller() -> Result<(Services, Ctx), ApiError> {
        let services = services()?;
        let ctx = services.authenticate(&headers().await?).await?;
        Ok((services, ctx))
    }

    pub fn set_cookie(value: &str) {
        if let (Some(response), Ok(value)) =
            (use_context::<leptos_axum::ResponseOptions>(), http::HeaderValue::from_str(value))
        {
            response.append_header(http::header::SET_COOKIE, value);
        }
    }

    /// The client's address as the server's `ClientIp` layer recorded it.
    pub async fn client_ip() -> String {
        let parts: Option<http::request::Parts> = leptos_axum::extract().await.ok();
        parts
            .and_then(|p| p.extensions.get::<domain::services::ClientIp>().cloned())
            .map(|ip| ip.0)
            .unwrap_or_else(|| "unknown".to_owned())
    }
}

#[server(input = Json, endpoint = "login")]
pub async fn login(email: String, password: String) -> Result<Me, ApiError> {
    let services = server::services()?;
    let ip = server::client_ip().await;
    let (ctx, token) = services.sign_in(&ip, &email, &password).await?;
    server::set_cookie(&services.session_cookie(&token));
    Ok(services.me(&ctx).await?)
}

/// Ends this browser's session on the server and clears its cookie.
#[server(input = Json, endpoint = "logout")]
pub async fn logout() -> Result<(), ApiError> {
    let services = server::services()?;
    if let Some(claims) = services.session_claims(&server::headers().await?) {
        domain::tenants::sessions::close(&services.db, &claims).await?;
    }
    server::set_cookie(&services.clear_session_cookie());
    Ok(())
}

/// Ends every session of the signed-in user, on every device, this one included.
#[server(input = Json, endpoint = "logout_everywhere")]
pub async fn logout_everywhere() -> Result<(), ApiError> {
    let (services, ctx) = server::caller().await?;
    domain::tenants::sessions::close_all(&services.db, &ctx).await?;
    server::set_cookie(&services.clear_session_cookie());
    Ok(())
}

/// The signed-in user, or `None` for a visitor.
#[server(input = Json, endpoint = "current_user")]
pub async fn current_user() -> Result<Option<Me>, ApiError> {
    // A visitor is an answer here, not an error: match before the conversion sets a 401.
    let services = server::services()?;
    match services.authenticate(&server::headers().await?).await {
        Ok(ctx) => Ok(Some(services.me(&ctx).await?)),
        Err(domain::Error::Unauthenticated) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

#[server(input = Json, endpoint = "set_locale")]
pub async fn set_locale(locale: Locale) -> Result<(), ApiError> {
    server::set_cookie(&format!(
        "{}={}; Path=/; SameSite=Lax; Max-Age=31536000",
        domain::services::LOCALE_COOKIE,
        locale.as_str()
    ));
    Ok(())
}

#[server(input = Json, endpoint = "change_password")]
pub async fn change_password(current: String, new: String) -> Result<(), ApiError> {
    let (services, ctx) = server::caller().await?;
    domain::tenants::users::change_password(&services.db, &ctx, &current, &new).await?;
    // Every session ended with the old password; this browser gets a new one.
    server::set_cookie(&services.session_cookie(&services.open_session(&ctx).await?));
    Ok(())
}

#[server(input = Json, endpoint = "accept_invitation")]
pub async fn accept_invitation(token: String, password: String) -> Result<Me, ApiError> {
    let services = server::services()?;
    let ctx = domain::tenants::users::accept_invitation(&services.db, &token, &password).await?;
    server::set_cookie(&services.session_cookie(&services.open_session(&ctx).await?));
    Ok(services.me(&ctx).await?)
}

#[server(input = Json, endpoint = "load_dashboard")]
pub async fn load_dashboard() -> Result<Dashboard, ApiError> {
    let (s, ctx) = server::caller().await?;
    Ok(domain::leads::dashboard(&s.db, &ctx).await?)
}

#[server(input = Json, endpoint = "list_leads")]
pub async fn list_leads(filter: LeadFilter, page: PageRequest) -> Result<Page<Lead>, ApiError> {
    let (s, ctx) = server::caller().await?;
    Ok(domain::leads::list(&s.db, &ctx, &filter, &page).await?)
}

/// A lead with what its page shows beside it.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct LeadDetail {
    pub lead: Lead,
    pub activities: Vec<Activity>,
    pub property: Option<Property>,
    pub assignee: Option<User>,
    /// The inquiries the lead was made from or merged with, oldest first.
    pub inquiries: Vec<InboundEmailSummary>,
    /// The conversation: every message to and from the lead, oldest first.
    pub thread: Vec<ThreadMessage>,
    /// Where the lead's follow-ups stand; none before a mail of ours left.
    pub follow_up: Option<FollowUp>,
}

#[server(input = Json, endpoint = "get_lead_detail")]
pub async fn get_lead_detail(id: LeadId) -> Result<LeadDetail, ApiError> {
    use domain::tenants::users;
    use domain::{leads, properties};
    let (s, ctx) = server::caller().await?;
    let lead = leads::get(&s.db, &ctx, id).await?;
    let inquiries = domain::intake::originals::for_lead(&s.db, &ctx, id).await?;
    let activities = leads::activities(&s.db, &ctx, id).await?;
    let property = match lead.property_id {
        Some(p) => properties::get_many(&s.db, &ctx, &[p]).await?.remove(&p),
        None => None,
    };
    let assignee = match lead.assigned_to {
        Some(u) => users::get_many(&s.db, &ctx, &[u]).await?.remove(&u),
        None => None,
    };
    let thread = domain::conversations::thread::of_lead(&s.db, &ctx, id).await?;
    let follow_up = domain::conversations::followups::of_lead(&s.db, &ctx, id).await?;
    Ok(LeadDetail { lead, activities, property, assignee, inquiries, thread, follow_up })
}

/// Pauses the lead's running follow-ups (none running is a conflict).
#[server(input = Json, endpoint = "pause_follow_ups")]
pub async fn pause_follow_ups(id: LeadId) -> Result<FollowUp, ApiError> {
    let (s, ctx) = server::caller().await?;
    Ok(domain::conversations::followups::pause(&s.db, &ctx, id).await?)
}

/// Resumes the lead's paused follow-ups where they stood.
#[server(input = Json, endpoint = "resume_follow_ups")]
pub async fn resume_follow_ups(id: LeadId) -> Result<FollowUp, ApiError> {
    let (s, ctx) = server::caller().await?;
    Ok(domain::conversations::followups::resume(&s.db, &ctx, id).await?)
}

/// Writes a mail to the lead: sent through the caller's (or the office's) account, or kept in
/// the outbox when none sends.
#[server(input = Json, endpoint = "send_lead_mail")]
pub async fn send_lead_mail(id: LeadId, subject: String, body: String) -> Result<MailStatus, ApiError> {
    let (s, ctx) = server::caller().await?;
    use domain::conversations::outbox::{Letter, send};
    Ok(send(&s.db, &ctx, id, &Letter::reply(&subject, &body)).await?.status)
}

#[server(input = Json, endpoint = "create_lead")]
pub async fn create_lead(input: LeadInput) -> Result<Lead, ApiError> {
    let (s, ctx) = server::caller().await?;
    Ok(domain::leads::create(&s.db, &ctx, input).await?)
}

#[server(input = Json, endpoint = "update_lead")]
pub async fn update_lead(id: LeadId, input: LeadInput) -> Result<Lead, ApiError> {
    let (s, ctx) = server::caller().await?;
    Ok(domain::leads::update(&s.db, &ctx, id, input).await?)
}

#[server(input = Json, endpoint = "change_lead_status")]
pub async fn change_lead_status(id: LeadId, status: LeadStatus, reason: Option<String>) -> Result<Lead, ApiError> {
    let (s, ctx) = server::caller().await?;
    Ok(domain::leads::change_status(&s.db, &ctx, id, status, reason).await?)
}

#[server(input = Json, endpoint = "assign_lead")]
pub async fn assign_lead(id: LeadId, to: Option<UserId>) -> Result<Lead, ApiError> {
    let (s, ctx) = server::caller().await?;
    Ok(domain::leads::assign(&s.db, &ctx, id, to).await?)
}

#[server(input = Json, endpoint = "add_lead_note")]
pub async fn add_lead_note(id: LeadId, text: String) -> Result<Activity, ApiError> {
    let (s, ctx) = server::caller().await?;
    Ok(domain::leads::add_note(&s.db, &ctx, id, &text).await?)
}

#[server(input = Json, endpoint = "delete_lead")]
pub async fn delete_lead(id: LeadId) -> Result<(), ApiError> {
    let (s, ctx) = server::caller().await?;
    Ok(domain::leads::delete(&s.db, &ctx, id).await?)
}

#[server(input = Json, endpoint = "list_properties")]
pub async fn list_properties(filter: PropertyFilter, page: PageRequest) -> Result<Page<Property>, ApiError> {
    let (s, ctx) = server::caller().await?;
    Ok(domain::properties::list(&s.db, &ctx, &filter, &page).await?)
}

#[server(input = Json, endpoint = "get_property")]
pub async fn get_property(id: PropertyId) -> Result<Property, ApiError> {
    let (s, ctx) = server::caller().await?;
    Ok(domain::properties::get(&s.db, &ctx, id).await?)
}

#[server(input = Json, endpoint = "create_property")]
pub async fn create_property(input: PropertyInput) -> Result<Property, ApiError> {
    let (s, ctx) = server::caller().await?;
    Ok(domain::properties::create(&s.db, &ctx, input).await?)
}

#[server(input = Json, endpoint = "update_property")]
pub async fn update_property(id: PropertyId, input: PropertyInput) -> Result<Property, ApiError> {
    let (s, ctx) = server::caller().await?;
    Ok(domain::properties::update(&s.db, &ctx, id, input).await?)
}

#[server(input = Json, endpoint = "archive_property")]
pub async fn archive_property(id: PropertyId) -> Result<Property, ApiError> {
    let (s, ctx) = server::caller().await?;
    Ok(domain::properties::archive(&s.db, &ctx, id).await?)
}

#[server(input = Json, endpoint = "list_users")]
pub async fn list_users() -> Result<Vec<User>, ApiError> {
    let (s, ctx) = server::caller().await?;
    Ok(domain::tenants::users::list(&s.db, &ctx).await?)
}

#[server(input = Json, endpoint = "invite_user")]
pub async fn invite_user(email: String, name: String, role: Role) -> Result<Invitation, ApiError> {
    let (s, ctx) = server::caller().await?;
    Ok(domain::tenants::users::invite(&s.db, &ctx, &email, &name, role).await?)
}

#[server(input = Json, endpoint = "update_user")]
pub async fn update_user(id: UserId, role: Option<Role>, active: Option<bool>) -> Result<User, ApiError> {
    let (s, ctx) = server::caller().await?;
    Ok(domain::tenants::users::update(&s.db, &ctx, id, role, active, None).await?)
}

#[server(input = Json, endpoint = "get_tenant_settings")]
pub async fn get_tenant_settings() -> Result<TenantSettings, ApiError> {
    let (s, ctx) = server::caller().await?;
    Ok(domain::tenants::settings(&s.db, &ctx).await?)
}

#[server(input = Json, endpoint = "update_tenant_settings")]
pub async fn update_tenant_settings(input: TenantSettingsInput) -> Result<TenantSettings, ApiError> {
    let (s, ctx) = server::caller().await?;
    Ok(domain::tenants::update_settings(&s.db, &ctx, input).await?)
}

/// A user's viewing times: the caller's without `user_id`, another user's for admins.
#[server(input = Json, endpoint = "get_availability")]
pub async fn get_availability(user_id: Option<UserId>) -> Result<Availability, ApiError> {
    let (s, ctx) = server::caller().await?;
    Ok(domain::viewings::availability::get(&s.db, &ctx, user_id.unwrap_or(ctx.user_id)).await?)
}

/// Sets a user's own viewing times; `slots: None` returns them to the office's.
#[server(input = Json, endpoint = "set_availability")]
pub async fn set_availability(
    user_id: Option<UserId>,
    slots: Option<Vec<ViewingSlot>>,
) -> Result<Availability, ApiError> {
    let (s, ctx) = server::caller().await?;
    Ok(domain::viewings::availability::set(&s.db, &ctx, user_id.unwrap_or(ctx.user_id), slots).await?)
}

#[server(input = Json, endpoint = "list_api_keys")]
pub async fn list_api_keys() -> Result<Vec<ApiKey>, ApiError> {
    let (s, ctx) = server::caller().await?;
    Ok(domain::tenants::api_keys::list(&s.db, &ctx).await?)
}

#[server(input = Json, endpoint = "create_api_key")]
pub async fn create_api_key(name: String) -> Result<CreatedApiKey, ApiError> {
    let (s, ctx) = server::caller().await?;
    Ok(domain::tenants::api_keys::create(&s.db, &ctx, &name).await?)
}

#[server(input = Json, endpoint = "revoke_api_key")]
pub async fn revoke_api_key(id: ApiKeyId) -> Result<ApiKey, ApiError> {
    let (s, ctx) = server::caller().await?;
    Ok(domain::tenants::api_keys::revoke(&s.db, &ctx, id).await?)
}

#[server(input = Json, endpoint = "get_platform_stats")]
pub async fn get_platform_stats() -> Result<PlatformStats, ApiError> {
    let (s, ctx) = server::caller().await?;
    Ok(domain::tenants::platform_stats(&s.db, &ctx).await?)
}

/// The office's inbound mail address (admins).
#[server(input = Json, endpoint = "inbound_address")]
pub async fn inbound_address() -> Result<String, ApiError> {
    let (s, ctx) = server::caller().await?;
    let token = domain::intake::receive::inbound_token(&s.db, &ctx).await?;
    Ok(s.inbound_url(&token))
}

/// A new inbound address; the old one stops working at once (admins).
#[server(input = Json, endpoint = "rotate_inbound_address")]
pub async fn rotate_inbound_address() -> Result<String, ApiError> {
    let (s, ctx) = server::caller().await?;
    let token = domain::intake::receive::rotate_inbound_token(&s.db, &ctx).await?;
    Ok(s.inbound_url(&token))
}

/// The office's received mail, newest first (admins).
#[server(input = Json, endpoint = "list_inbound_emails")]
pub async fn list_inbound_emails(status: Option<InboundStatus>) -> Result<Vec<InboundEmailSummary>, ApiError> {
    let (s, ctx) = server::caller().await?;
    Ok(domain::intake::receive::list(&s.db, &ctx, status, 50).await?)
}

/// Parses a received mail again and runs intake (admins).
#[server(input = Json, endpoint = "reprocess_inbound_email")]
pub async fn reprocess_inbound_email(id: InboundEmailId) -> Result<InboundEmailSummary, ApiError> {
    let (s, ctx) = server::caller().await?;
    Ok(domain::intake::receive::reprocess(&s.db, &ctx, id).await?)
}

/// A received mail as it arrived: decoded text and raw source (admins, or the lead's agent).
#[server(input = Json, endpoint = "inbound_email_source")]
pub async fn inbound_email_source(id: InboundEmailId) -> Result<InboundSource, ApiError> {
    let (s, ctx) = server::caller().await?;
    Ok(domain::intake::originals::source(&s.db, &ctx, id).await?)
}

/// Counts per background queue (admins: their office; super-admins: all).
#[server(input = Json, endpoint = "job_queue_stats")]
pub async fn job_queue_stats() -> Result<Vec<QueueStats>, ApiError> {
    let (s, ctx) = server::caller().await?;
    Ok(domain::jobs::stats(&s.db, &ctx).await?)
}

/// Jobs that failed on their last attempt, most recent first (admins).
#[server(input = Json, endpoint = "list_dead_jobs")]
pub async fn list_dead_jobs() -> Result<Vec<JobSummary>, ApiError> {
    let (s, ctx) = server::caller().await?;
    Ok(domain::jobs::dead_jobs(&s.db, &ctx, 100).await?)
}

/// Puts a dead job back in its queue (admins).
#[server(input = Json, endpoint = "retry_dead_job")]
pub async fn retry_dead_job(id: JobId) -> Result<JobSummary, ApiError> {
    let (s, ctx) = server::caller().await?;
    Ok(domain::jobs::retry_dead(&s.db, &ctx, id).await?)
}

/// Where the widget script is served: the site's public URL, so that the snippet works when
/// pasted into another site.
#[cfg(feature = "ssr")]
fn widget_setup(s: &domain::services::Services, widget: WidgetSettings) -> WidgetSetup {
    WidgetSetup { widget, script_url: format!("{}/widget.js", s.public_url.trim_end_matches('/')) }
}

/// The office's website widget: key, allowed origins, script address (admins).
#[server(input = Json, endpoint = "widget_settings")]
pub async fn get_widget_settings() -> Result<WidgetSetup, ApiError> {
    let (s, ctx) = server::caller().await?;
    let widget = domain::intake::channels::widget::settings(&s.db, &ctx).await?;
    Ok(widget_setup(&s, widget))
}

/// Replaces the site origins allowed to post inquiries through the widget (admins).
#[server(input = Json, endpoint = "update_widget_origins")]
pub async fn update_widget_origins(origins: Vec<String>) -> Result<WidgetSetup, ApiError> {
    let (s, ctx) = server::caller().await?;
    let widget = domain::intake::channels::widget::update_origins(&s.db, &ctx, origins).await?;
    Ok(widget_setup(&s, widget))
}

/// A new widget key; snippets with the old one stop working at once (admins).
#[server(input = Json, endpoint = "rotate_widget_key")]
pub async fn rotate_widget_key() -> Result<WidgetSetup, ApiError> {
    let (s, ctx) = server::caller().await?;
    let widget = domain::intake::channels::widget::rotate_key(&s.db, &ctx).await?;
    Ok(widget_setup(&s, widget))
}

// --- IMAP mailboxes (lead intake): admins manage the office's, agents their own ---

#[server(input = Json, endpoint = "list_mailboxes")]
pub async fn list_mailboxes() -> Result<Vec<Mailbox>, ApiError> {
    let (s, ctx) = server::caller().await?;
    Ok(domain::intake::channels::mailboxes::list(&s.db, &ctx).await?)
}

#[server(input = Json, endpoint = "create_mailbox")]
pub async fn create_mailbox(input: MailboxInput) -> Result<Mailbox, ApiError> {
    let (s, ctx) = server::caller().await?;
    Ok(domain::intake::channels::mailboxes::create(&s.db, &ctx, &s.secrets, input).await?)
}

/// Changes a mailbox; a missing or blank password keeps the stored one.
#[server(input = Json, endpoint = "update_mailbox")]
pub async fn update_mailbox(id: MailboxId, input: MailboxInput) -> Result<Mailbox, ApiError> {
    let (s, ctx) = server::caller().await?;
    Ok(domain::intake::channels::mailboxes::update(&s.db, &ctx, &s.secrets, id, input).await?)
}

#[server(input = Json, endpoint = "delete_mailbox")]
pub async fn delete_mailbox(id: MailboxId) -> Result<(), ApiError> {
    let (s, ctx) = server::caller().await?;
    Ok(domain::intake::channels::mailboxes::delete(&s.db, &ctx, id).await?)
}

/// Connects to the mailbox's server with its stored settings and reports what happened.
#[server(input = Json, endpoint = "test_mailbox")]
pub async fn test_mailbox(id: MailboxId) -> Result<MailboxCheck, ApiError> {
    let (s, ctx) = server::caller().await?;
    Ok(domain::intake::channels::mailboxes::test_connection(&s.db, &ctx, &s.secrets, s.mailbox_reader.as_ref(), id)
        .await?)
}

// ---- Jarvis ---------------------------------------------------------------------------------

/// Asks Jarvis; the answer streams back as it happens: one `ChatEvent` as JSON per line. The
/// lines are pure ASCII (other characters escaped), so however the network cuts the stream,
/// every piece is valid text. Closing the stream (the page's Stop) ends the answer after its
/// current step; what was said so far is kept in the chat.
#[server(input = Json, output = server_fn::codec::StreamingText, endpoint = "jarvis_ask")]
pub async fn jarvis_ask(
    chat_id: Option<ChatId>,
    lead_id: Option<LeadId>,
    text: String,
) -> Result<server_fn::codec::TextStream<ApiError>, ApiError> {
    use domain::assistant::agent;
    use domain::assistant::agent::Ask;
    use futures::StreamExt;
    let (s, ctx) = server::caller().await?;
    // Refused here, before the stream starts, so that the answer is a 422 and not a stream
    // that ends in an error event.
    domain::validate::Checks::one_text("text", &text, agent::MAX_MESSAGE_CHARS)?;
    if let Some(id) = chat_id {
        domain::assistant::chats::get(&s.db, &ctx, id).await?;
    }
    let (tx, mut rx) = tokio::sync::mpsc::channel::<ChatEvent>(256);
    let (db, ai, texts, stops) = (s.db.clone(), s.ai.clone(), s.texts.clone(), s.stops.clone());
    tokio::spawn(async move {
        let errors = tx.clone();
        if let Err(e) = agent::answer(&db, &ctx, ai, texts, &stops, Ask { chat_id, lead_id, text }, tx).await {
            let _ = errors.send(ChatEvent::Error { message: e.to_api().message }).await;
        }
    });
    let lines = futures::stream::poll_fn(move |cx| rx.poll_recv(cx)).map(|event| Ok(model::event_line(&event)));
    Ok(server_fn::codec::TextStream::new(lines))
}

/// Stops the running answer of a chat after its current step (this server's answers).
#[server(input = Json, endpoint = "jarvis_stop")]
pub async fn jarvis_stop(chat_id: ChatId) -> Result<(), ApiError> {
    let (s, ctx) = server::caller().await?;
    domain::assistant::chats::get(&s.db, &ctx, chat_id).await?;
    s.stops.request(chat_id);
    Ok(())
}

#[server(input = Json, endpoint = "jarvis_status")]
pub async fn jarvis_status() -> Result<AiStatus, ApiError> {
    let (s, ctx) = server::caller().await?;
    Ok(s.ai.status(&s.db, &ctx).await?)
}

/// Admins: this month's model calls by purpose.
#[server(input = Json, endpoint = "ai_usage")]
pub async fn ai_usage() -> Result<Vec<PurposeUsage>, ApiError> {
    let (s, ctx) = server::caller().await?;
    Ok(s.ai.usage(&s.db, &ctx).await?)
}

#[server(input = Json, endpoint = "list_chats")]
pub async fn list_chats(lead_id: Option<LeadId>) -> Result<Vec<ChatSummary>, ApiError> {
    let (s, ctx) = server::caller().await?;
    Ok(domain::assistant::chats::list(&s.db, &ctx, lead_id).await?)
}

#[server(input = Json, endpoint = "chat_turns")]
pub async fn chat_turns(chat_id: ChatId) -> Result<Vec<ChatTurn>, ApiError> {
    let (s, ctx) = server::caller().await?;
    Ok(domain::assistant::chats::turns(&s.db, &ctx, chat_id).await?)
}

#[server(input = Json, endpoint = "delete_chat")]
pub async fn delete_chat(chat_id: ChatId) -> Result<(), ApiError> {
    let (s, ctx) = server::caller().await?;
    Ok(domain::assistant::chats::delete(&s.db, &ctx, chat_id).await?)
}

#[server(input = Json, endpoint = "list_pending_actions")]
pub async fn list_pending_actions() -> Result<Vec<PendingAction>, ApiError> {
    let (s, ctx) = server::caller().await?;
    Ok(domain::assistant::pending::list(&s.db, &ctx, Some(PendingStatus::Pending), 50).await?)
}

/// Runs a pending action with the caller's rights.
#[server(input = Json, endpoint = "approve_action")]
pub async fn approve_action(id: PendingActionId) -> Result<PendingAction, ApiError> {
    let (s, ctx) = server::caller().await?;
    Ok(domain::assistant::pending::approve(&s.db, &ctx, s.ai.clone(), s.texts.clone(), id).await?)
}

#[server(input = Json, endpoint = "reject_action")]
pub async fn reject_action(id: PendingActionId) -> Result<PendingAction, ApiError> {
    let (s, ctx) = server::caller().await?;
    Ok(domain::assistant::pending::reject(&s.db, &ctx, id).await?)
}

/// Properties and leads by meaning and words together (the app's search box).
#[server(input = Json, endpoint = "semantic_search")]
pub async fn semantic_search(query: String, kind: Option<SearchKind>) -> Result<Vec<SearchHit>, ApiError> {
    let (s, ctx) = server::caller().await?;
    Ok(domain::search::hybrid(&s.db, &ctx, &s.ai, &query, kind, 20).await?)
}
