use app::domain::{api_keys, tenants};
use app::graphql_types::{GqlResult, caller};
use app::model::{
    ApiKey, ApiKeyId, CreatedApiKey, Me, NewOffice, OfficeCreated, PlatformStats, TenantSettings, TenantSettingsInput,
};
use async_graphql::{Context, Object, Result};

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
