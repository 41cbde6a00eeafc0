//! What every adapter needs from the process, handed to server functions through Leptos context
//! and to GraphQL and REST handlers through the axum state: the database, the session keys, the
//! sign-in limits and the identity provider port.

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use chrono::Utc;
use http::HeaderMap;

use crate::crypto::Secrets;
use crate::intake::channels::mailboxes::MailboxReader;
use crate::tenants::{
    api_keys,
    auth::{ApiKeyParts, RateLimiter, SessionClaims, SessionKeys},
    sessions, users,
};
use crate::{Ctx, Db, Error, Result};
use model::Me;

pub const SESSION_COOKIE: &str = "immivo_session";
pub const LOCALE_COOKIE: &str = "immivo_locale";

/// A person as an outside identity provider (AWS Cognito) vouches for them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Identity {
    pub sub: String,
    pub email: Option<String>,
}

/// The port to an outside identity provider: password sign-in and bearer-token verification.
#[async_trait]
pub trait IdentityProvider: Send + Sync {
    /// Signs in with email and password; returns the identity and the provider's ID token.
    async fn sign_in(&self, email: &str, password: &str) -> Result<(Identity, String)>;
    /// Verifies a bearer token the provider issued (signature, issuer, audience, expiry, use).
    async fn verify(&self, token: &str) -> Result<Identity>;
}

#[derive(Clone)]
pub struct Services {
    pub db: Db,
    pub sessions: SessionKeys,
    pub session_ttl: Duration,
    /// `Secure` on the session cookie: on unless the site is served over plain http.
    pub secure_cookies: bool,
    pub login_per_ip: Arc<RateLimiter>,
    pub login_per_account: Arc<RateLimiter>,
    pub identity: Option<Arc<dyn IdentityProvider>>,
    /// The site's public URL (`IMMIVO_PUBLIC_URL`), for addresses handed to outside systems.
    pub public_url: String,
    /// Seals and opens the secrets offices store with us (mailbox passwords, later SMTP/FTP/OAuth).
    pub secrets: Secrets,
    /// The port to IMAP servers, for testing a mailbox's settings.
    pub mailbox_reader: Arc<dyn MailboxReader>,
    /// Model access for the assistant, search and intake's jobs (or the offline model).
    pub ai: Arc<crate::ai::Ai>,
    /// The stop requests of the assistant's answers running in this process.
    pub stops: crate::assistant::Stops,
    /// The catalogue, for what the API and the assistant render from codes.
    pub texts: Arc<dyn model::Render>,
}

impl Services {
    /// The address a mail relay posts an office's inbound mail to.
    pub fn inbound_url(&self, token: &str) -> String {
        format!("{}/inbound/email/{token}", self.public_url.trim_end_matches('/'))
    }

    /// Resolves who is asking from a request's headers: a bearer token (API key or Cognito JWT)
    /// or the session cookie. No credentials at all is `Unauthenticated`. A request with an
    /// `Authorization` header is judged by that header alone: it skipped the same-origin check
    /// (`server::http`), so a cookie beside it counts for nothing.
    pub async fn authenticate(&self, headers: &HeaderMap) -> Result<Ctx> {
        if headers.contains_key(http::header::AUTHORIZATION) {
            let token = bearer(headers).ok_or(Error::Unauthenticated)?;
            if let Some(key) = ApiKeyParts::parse(token) {
                return api_keys::resolve(&self.db, &key).await;
            }
            let provider = self.identity.as_ref().ok_or(Error::Unauthenticated)?;
            let identity = provider.verify(token).await?;
            return users::ctx_for_identity(&self.db, &identity.sub, identity.email.as_deref()).await;
        }
        let claims = self.session_claims(headers).ok_or(Error::Unauthenticated)?;
        sessions::resolve(&self.db, &claims).await
    }

    /// The session cookie's claims when its signature holds and it has not expired; whether the
    /// session is still open is `sessions::resolve`'s to say.
    pub fn session_claims(&self, headers: &HeaderMap) -> Option<SessionClaims> {
        let token = cookie(headers, SESSION_COOKIE)?;
        self.sessions.verify(token, Utc::now()).ok()
    }

    /// Signs in with email and password (local accounts, or Cognito when configured), counting
    /// the attempt against the IP and the account. Returns the session cookie's value.
    pub async fn sign_in(&self, ip: &str, email: &str, password: &str) -> Result<(Ctx, String)> {
        let account = email.trim().to_lowercase();
        self.login_per_ip.check(ip)?;
        self.login_per_account.check(&account)?;
        let ctx = match &self.identity {
            Some(provider) => {
                let (identity, _) = provider.sign_in(&account, password).await?;
                users::ctx_for_identity(&self.db, &identity.sub, identity.email.as_deref()).await?
            }
            None => users::authenticate(&self.db, &account, password).await?,
        };
        self.login_per_account.reset(&account);
        let token = self.open_session(&ctx).await?;
        tracing::info!(tenant_id = %ctx.tenant_id, user_id = %ctx.user_id, "signed in");
        Ok((ctx, token))
    }

    /// Opens a session for `ctx` and returns the session cookie's value.
    pub async fn open_session(&self, ctx: &Ctx) -> Result<String> {
        let ttl = chrono::Duration::from_std(self.session_ttl).map_err(|e| Error::Internal(e.to_string()))?;
        let claims = sessions::open(&self.db, ctx, ttl).await?;
        self.sessions.sign(&claims)
    }

    pub fn session_cookie(&self, token: &str) -> String {
        format!(
            "{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{}",
            self.session_ttl.as_secs(),
            if self.secure_cookies { "; Secure" } else { "" }
        )
    }

    pub fn clear_session_cookie(&self) -> String {
        format!(
            "{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{}",
            if self.secure_cookies { "; Secure" } else { "" }
        )
    }

    pub async fn me(&self, ctx: &Ctx) -> Result<Me> {
        crate::tenants::me(&self.db, ctx).await
    }
}

pub fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(http::header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim()).filter(|t| !t.is_empty())
}

pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_bearer_tokens_and_cookies() {
        let mut h = HeaderMap::new();
        h.insert(http::header::AUTHORIZATION, "Bearer imv_abc".parse().unwrap());
        h.insert(http::header::COOKIE, "a=1; immivo_session=tok.sig; b=2".parse().unwrap());
        assert_eq!(bearer(&h), Some("imv_abc"));
        assert_eq!(cookie(&h, SESSION_COOKIE), Some("tok.sig"));
        assert_eq!(cookie(&h, "missing"), None);
        h.insert(http::header::AUTHORIZATION, "Basic xyz".parse().unwrap());
        assert_eq!(bearer(&h), None);
    }
}

/// The client's address, put into request extensions by the server (from the socket, or from
/// `X-Forwarded-For` when the server is configured to trust a proxy).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientIp(pub String);
