//! AWS Cognito as the identity provider: password sign-in through `InitiateAuth`
//! (`USER_PASSWORD_AUTH`, our own login page, no hosted UI) and verification of the ID and access
//! tokens mobile clients present, against the user pool's published JWKS.

use std::time::{Duration, Instant};

use async_trait::async_trait;
use aws_sdk_cognitoidentityprovider::Client;
use aws_sdk_cognitoidentityprovider::config::Region;
use aws_sdk_cognitoidentityprovider::operation::initiate_auth::InitiateAuthError;
use aws_sdk_cognitoidentityprovider::types::AuthFlowType;
use domain::services::{Identity, IdentityProvider};
use domain::{Error, Result};
use jsonwebtoken::jwk::JwkSet;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde::Deserialize;
use tokio::sync::RwLock;

use crate::config::CognitoConfig;

/// Keys are re-read at most this often, and at once when a token names a key we do not know
/// (Cognito rotates keys) — but an unknown `kid` cannot make us fetch more than once a minute.
const JWKS_MAX_AGE: Duration = Duration::from_secs(3600);
const JWKS_MIN_REFRESH: Duration = Duration::from_secs(60);

pub struct Cognito {
    client: Client,
    config: CognitoConfig,
    http: reqwest::Client,
    keys: RwLock<Option<(Instant, JwkSet)>>,
}

#[derive(Deserialize)]
struct Claims {
    sub: String,
    token_use: String,
    #[serde(default)]
    aud: Option<String>,
    #[serde(default)]
    client_id: Option<String>,
    #[serde(default)]
    email: Option<String>,
    /// Cognito sends `true` or `"true"`.
    #[serde(default)]
    email_verified: Option<serde_json::Value>,
}

impl Cognito {
    pub async fn new(config: CognitoConfig) -> Self {
        let mut loader =
            aws_config::defaults(aws_config::BehaviorVersion::latest()).region(Region::new(config.region.clone()));
        if let Some(endpoint) = &config.endpoint {
            loader = loader.endpoint_url(endpoint);
        }
        let client = Client::new(&loader.load().await);
        let http = reqwest::Client::builder().timeout(Duration::from_secs(10)).build().unwrap_or_default();
        Self { client, config, http, keys: RwLock::new(None) }
    }

    async fn decoding_key(&self, kid: &str) -> Result<DecodingKey> {
        if let Some((fetched, set)) = &*self.keys.read().await {
            if let Some(jwk) = set.find(kid) {
                if fetched.elapsed() < JWKS_MAX_AGE {
                    return DecodingKey::from_jwk(jwk).map_err(|e| Error::Internal(format!("cognito jwk: {e}")));
                }
            } else if fetched.elapsed() < JWKS_MIN_REFRESH {
                return Err(Error::Unauthenticated);
            }
        }
        let set: JwkSet = self
            .http
            .get(&self.config.jwks_url)
            .send()
            .await
            .and_then(reqwest::Response::error_for_status)
            .map_err(|e| Error::Internal(format!("cognito jwks {}: {e}", self.config.jwks_url)))?
            .json()
            .await
            .map_err(|e| Error::Internal(format!("cognito jwks: {e}")))?;
        let key = set.find(kid).map(DecodingKey::from_jwk);
        *self.keys.write().await = Some((Instant::now(), set));
        match key {
            Some(k) => k.map_err(|e| Error::Internal(format!("cognito jwk: {e}"))),
            None => Err(Error::Unauthenticated),
        }
    }
}

impl Cognito {
    /// The user's verified email from `GetUser`, for pools whose ID tokens do not carry it.
    async fn verified_email(&self, access_token: &str) -> Result<Option<String>> {
        let user = self
            .client
            .get_user()
            .access_token(access_token)
            .send()
            .await
            .map_err(|e| Error::Internal(format!("cognito GetUser: {}", e.into_service_error())))?;
        let attribute = |name: &str| user.user_attributes().iter().find(|a| a.name() == name).and_then(|a| a.value());
        Ok(match (attribute("email"), attribute("email_verified")) {
            (Some(email), Some("true")) => Some(email.to_owned()),
            _ => None,
        })
    }
}

#[async_trait]
impl IdentityProvider for Cognito {
    async fn sign_in(&self, email: &str, password: &str) -> Result<(Identity, String)> {
        let out = self
            .client
            .initiate_auth()
            .auth_flow(AuthFlowType::UserPasswordAuth)
            .client_id(&self.config.client_id)
            .auth_parameters("USERNAME", email)
            .auth_parameters("PASSWORD", password)
            .send()
            .await
            .map_err(|e| match e.into_service_error() {
                InitiateAuthError::NotAuthorizedException(_) | InitiateAuthError::UserNotFoundException(_) => {
                    Error::Unauthenticated
                }
                InitiateAuthError::TooManyRequestsException(_) => Error::RateLimited { retry_after_secs: 60 },
                InitiateAuthError::PasswordResetRequiredException(_)
                | InitiateAuthError::UserNotConfirmedException(_) => {
                    Error::Conflict("the account must be confirmed or its password reset in Cognito first".into())
                }
                other => Error::Internal(format!("cognito InitiateAuth: {other}")),
            })?;
        if let Some(challenge) = out.challenge_name() {
            return Err(Error::Conflict(format!(
                "Cognito asks for a further step ({challenge}) this login page does not offer"
            )));
        }
        let result =
            out.authentication_result().ok_or_else(|| Error::Internal("cognito: no tokens in the answer".into()))?;
        let (Some(token), Some(access)) = (result.id_token(), result.access_token()) else {
            return Err(Error::Internal("cognito: id or access token missing".into()));
        };
        let mut identity = self.verify(token).await?;
        if identity.email.is_none() {
            identity.email = self.verified_email(access).await?;
        }
        Ok((identity, token.to_owned()))
    }

    async fn verify(&self, token: &str) -> Result<Identity> {
        let header = jsonwebtoken::decode_header(token).map_err(|_| Error::Unauthenticated)?;
        if header.alg != Algorithm::RS256 {
            return Err(Error::Unauthenticated);
        }
        let kid = header.kid.ok_or(Error::Unauthenticated)?;
        let key = self.decoding_key(&kid).await?;
        let mut validation = Validation::new(Algorithm::RS256);
        validation.set_issuer(&[&self.config.issuer]);
        validation.set_required_spec_claims(&["exp", "iss", "sub"]);
        // Cognito puts the app client in `aud` (ID tokens) or `client_id` (access tokens); both
        // are checked below, by token use.
        validation.validate_aud = false;
        let claims = jsonwebtoken::decode::<Claims>(token, &key, &validation)
            .map_err(|e| {
                tracing::debug!(error = %e, "cognito token refused");
                Error::Unauthenticated
            })?
            .claims;
        let client = match claims.token_use.as_str() {
            "id" => claims.aud.as_deref(),
            "access" => claims.client_id.as_deref(),
            _ => None,
        };
        if client != Some(self.config.client_id.as_str()) {
            return Err(Error::Unauthenticated);
        }
        // An account is linked by email only when Cognito has verified that address: otherwise a
        // self-registered pool user could claim someone else's Immivo account.
        let verified = matches!(&claims.email_verified, Some(serde_json::Value::Bool(true)))
            || matches!(&claims.email_verified, Some(serde_json::Value::String(s)) if s == "true");
        Ok(Identity { sub: claims.sub, email: claims.email.filter(|_| verified) })
    }
}
