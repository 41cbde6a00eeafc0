use crate::graphql::support::{GqlResult, caller};
use async_graphql::{Context, Object, Result};
use domain::intake::receive;
use domain::tenants::{self, api_keys};
use model::{
    ApiKey, ApiKeyId, CreatedApiKey, InboundEmailId, InboundEmailSummary, InboundStatus, Me, NewOffice, OfficeCreated,
    PlatformStats, TenantSettings, TenantSettingsInput,
};

use super::services;

#[derive(Default)]
pub struct TenantQuery;

#[Object]
impl TenantQuery {
    /// Who is asking, and for which office.
    async fn me(&self, cx: &Context<'_>) -> Result<Me> {
        tenants::me(&services(cx).db, &caller(cx)?).await.gql()
    }

    async fn tenant_settings(&self, cx: &Context<'_>) -> Result<TenantSettings> {
        tenants::settings(&services(cx).db, &caller(cx)?).await.gql()
    }

    /// Where a mail relay posts the office's inbound mail (raw RFC 5322 body); admins only.
    async fn inbound_address(&self, cx: &Context<'_>) -> Result<String> {
        let s = services(cx);
        let token = receive::inbound_token(&s.db, &caller(cx)?).await.gql()?;
        Ok(s.inbound_url(&token))
    }

    /// Received mail, newest first, with what became of it (admins only; at most 500).
    async fn inbound_emails(
        &self,
        cx: &Context<'_>,
        status: Option<InboundStatus>,
        #[graphql(default = 50)] first: u64,
    ) -> Result<Vec<InboundEmailSummary>> {
        receive::list(&services(cx).db, &caller(cx)?, status, first).await.gql()
    }

    /// The office's API keys, without their secrets (admins only).
    async fn api_keys(&self, cx: &Context<'_>) -> Result<Vec<ApiKey>> {
        api_keys::list(&services(cx).db, &caller(cx)?).await.gql()
    }

    /// Counts across all offices (super-admins only).
    async fn platform_stats(&self, cx: &Context<'_>) -> Result<PlatformStats> {
        tenants::platform_stats(&services(cx).db, &caller(cx)?).await.gql()
    }
}

#[derive(Default)]
pub struct TenantMutation;

#[Object]
impl TenantMutation {
    /// Admins only.
    async fn update_tenant_settings(&self, cx: &Context<'_>, input: TenantSettingsInput) -> Result<TenantSettings> {
        tenants::update_settings(&services(cx).db, &caller(cx)?, input).await.gql()
    }

    /// A new inbound address; the old one stops working at once (admins only).
    async fn rotate_inbound_address(&self, cx: &Context<'_>) -> Result<String> {
        let s = services(cx);
        let token = receive::rotate_inbound_token(&s.db, &caller(cx)?).await.gql()?;
        Ok(s.inbound_url(&token))
    }

    /// Parses a received mail again and runs intake, after a parser fix (admins only).
    async fn reprocess_inbound_email(&self, cx: &Context<'_>, id: InboundEmailId) -> Result<InboundEmailSummary> {
        receive::reprocess(&services(cx).db, &caller(cx)?, id).await.gql()
    }

    /// Admins only. The secret is in the answer and nowhere else, ever.
    async fn create_api_key(&self, cx: &Context<'_>, name: String) -> Result<CreatedApiKey> {
        api_keys::create(&services(cx).db, &caller(cx)?, &name).await.gql()
    }

    /// Super-admins only: opens an office and invites its first admin (the token is shown once).
    async fn create_office(&self, cx: &Context<'_>, input: NewOffice) -> Result<OfficeCreated> {
        tenants::provision(&services(cx).db, &caller(cx)?, input).await.gql()
    }

    async fn revoke_api_key(&self, cx: &Context<'_>, id: ApiKeyId) -> Result<ApiKey> {
        api_keys::revoke(&services(cx).db, &caller(cx)?, id).await.gql()
    }
}
