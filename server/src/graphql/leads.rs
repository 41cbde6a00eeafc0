use crate::graphql::support::{GqlResult, caller};
use async_graphql::{Context, Object, Result};
use domain::conversations::{followups, outbox, thread};
use domain::leads;
use model::{Activity, Dashboard, FollowUp, Lead, LeadFilter, LeadId, LeadInput, LeadStatus, ThreadMessage, UserId};

use super::{Connection, connection, page_request, services};

#[derive(Default)]
pub struct LeadQuery;

#[Object]
impl LeadQuery {
    /// Leads newest first; agents see the leads assigned to them, admins their office's.
    // A page of n items costs n times its selection.
    #[graphql(complexity = "first.unwrap_or(25).clamp(1, 100) as usize * child_complexity")]
    async fn leads(
        &self,
        cx: &Context<'_>,
        filter: Option<LeadFilter>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Connection<Lead>> {
        let ctx = caller(cx)?;
        let page = leads::list(&services(cx).db, &ctx, &filter.unwrap_or_default(), &page_request(first, after)?)
            .await
            .gql()?;
        Ok(connection(page, |l| l.id.0))
    }

    async fn lead(&self, cx: &Context<'_>, id: LeadId) -> Result<Lead> {
        leads::get(&services(cx).db, &caller(cx)?, id).await.gql()
    }

    /// A lead's timeline, newest first.
    async fn lead_activities(&self, cx: &Context<'_>, id: LeadId) -> Result<Vec<Activity>> {
        leads::activities(&services(cx).db, &caller(cx)?, id).await.gql()
    }

    /// A lead's conversation, oldest first: its inquiries, our mails with where each stands, and
    /// the lead's answers.
    async fn lead_thread(&self, cx: &Context<'_>, id: LeadId) -> Result<Vec<ThreadMessage>> {
        thread::of_lead(&services(cx).db, &caller(cx)?, id).await.gql()
    }

    /// Where the lead's follow-ups stand; null when none ever started (no mail of ours left yet).
    async fn lead_follow_up(&self, cx: &Context<'_>, id: LeadId) -> Result<Option<FollowUp>> {
        followups::of_lead(&services(cx).db, &caller(cx)?, id).await.gql()
    }

    /// Counts by status and the newest leads, as the dashboard shows them.
    async fn dashboard(&self, cx: &Context<'_>) -> Result<Dashboard> {
        leads::dashboard(&services(cx).db, &caller(cx)?).await.gql()
    }
}

#[derive(Default)]
pub struct LeadMutation;

#[Object]
impl LeadMutation {
    async fn create_lead(&self, cx: &Context<'_>, input: LeadInput) -> Result<Lead> {
        leads::create(&services(cx).db, &caller(cx)?, input).await.gql()
    }

    /// Changes the given fields; fields left out stay as they are.
    async fn update_lead(&self, cx: &Context<'_>, id: LeadId, input: LeadInput) -> Result<Lead> {
        leads::update(&services(cx).db, &caller(cx)?, id, input).await.gql()
    }

    /// Moves a lead along the pipeline; a transition the pipeline does not allow is `CONFLICT`.
    async fn change_lead_status(
        &self,
        cx: &Context<'_>,
        id: LeadId,
        status: LeadStatus,
        reason: Option<String>,
    ) -> Result<Lead> {
        leads::change_status(&services(cx).db, &caller(cx)?, id, status, reason).await.gql()
    }

    /// Admins only; `agentId: null` unassigns.
    async fn assign_lead(&self, cx: &Context<'_>, id: LeadId, agent_id: Option<UserId>) -> Result<Lead> {
        leads::assign(&services(cx).db, &caller(cx)?, id, agent_id).await.gql()
    }

    async fn add_lead_note(&self, cx: &Context<'_>, id: LeadId, text: String) -> Result<Activity> {
        leads::add_note(&services(cx).db, &caller(cx)?, id, &text).await.gql()
    }

    /// Writes a mail to the lead: QUEUED for sending through the caller's own mail account (else
    /// the lead's agent's, else the office's), or KEPT in the outbox when none sends. A subject
    /// with a line break or a body over 50,000 characters is `BAD_USER_INPUT`.
    async fn send_lead_mail(
        &self,
        cx: &Context<'_>,
        id: LeadId,
        subject: String,
        body: String,
    ) -> Result<ThreadMessage> {
        let (db, ctx) = (&services(cx).db, caller(cx)?);
        let sent = outbox::send(db, &ctx, id, &outbox::Letter::reply(&subject, &body)).await.gql()?;
        let written = thread::of_lead(db, &ctx, id).await.gql()?;
        written
            .into_iter()
            .find(|m| m.id.0 == sent.message_id)
            .ok_or_else(|| async_graphql::Error::new("the mail just written is not in the thread"))
    }

    /// Pauses the lead's running follow-ups; none running is `CONFLICT`.
    async fn pause_follow_ups(&self, cx: &Context<'_>, id: LeadId) -> Result<FollowUp> {
        followups::pause(&services(cx).db, &caller(cx)?, id).await.gql()
    }

    /// Resumes paused follow-ups where they stood (a step whose day has passed fires at once);
    /// none paused, or a lead no longer CONTACTED or in CONVERSATION, is `CONFLICT`.
    async fn resume_follow_ups(&self, cx: &Context<'_>, id: LeadId) -> Result<FollowUp> {
        followups::resume(&services(cx).db, &caller(cx)?, id).await.gql()
    }

    /// Admins only. Returns the deleted lead's id.
    async fn delete_lead(&self, cx: &Context<'_>, id: LeadId) -> Result<LeadId> {
        leads::delete(&services(cx).db, &caller(cx)?, id).await.gql()?;
        Ok(id)
    }
}
