//! Credentials: password hashes, signed session tokens, API keys and the sign-in rate limiter.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use rand::RngCore;
use rand::rngs::OsRng;
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use model::{TenantId, UserId};

use crate::error::{Error, Result};

pub const MIN_PASSWORD_LEN: usize = 10;

pub fn hash_password(password: &str) -> Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| Error::Internal(format!("password hashing failed: {e}")))
}

pub fn verify_password(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc)
        .map(|hash| Argon2::default().verify_password(password.as_bytes(), &hash).is_ok())
        .unwrap_or(false)
}

/// A hash to verify against when the account does not exist, so that a wrong email costs the
/// same time as a wrong password and does not reveal which accounts exist.
pub fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| hash_password("no such account, no such password").unwrap_or_default())
}

/// Random bytes, URL-safe base64.
pub fn random_token(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    OsRng.fill_bytes(&mut buf);
    URL_SAFE_NO_PAD.encode(buf)
}

pub fn sha256_hex(s: &str) -> String {
    Sha256::digest(s.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// What a session cookie proves: which session (`sessions` row) of which user. The signature
/// makes it unforgeable; whether the session is still open is the row's to say (`sessions`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionClaims {
    pub session_id: uuid::Uuid,
    pub user_id: UserId,
    pub tenant_id: TenantId,
    pub expires_at: DateTime<Utc>,
}

/// Signs and checks session tokens: `base64(json claims).base64(hmac-sha256)`.
#[derive(Clone)]
pub struct SessionKeys {
    key: SecretString,
}

impl std::fmt::Debug for SessionKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SessionKeys([redacted])")
    }
}

impl SessionKeys {
    pub fn new(key: SecretString) -> Self {
        Self { key }
    }

    fn mac(&self) -> Hmac<Sha256> {
        // HMAC takes keys of any length; this cannot fail.
        #[allow(clippy::expect_used)]
        Hmac::<Sha256>::new_from_slice(self.key.expose_secret().as_bytes()).expect("any key length")
    }

    pub fn sign(&self, claims: &SessionClaims) -> Result<String> {
        let payload = serde_json::to_vec(claims).map_err(|e| Error::Internal(e.to_string()))?;
        let payload = URL_SAFE_NO_PAD.encode(payload);
        let mut mac = self.mac();
        mac.update(payload.as_bytes());
        let sig = URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes());
        Ok(format!("{payload}.{sig}"))
    }

    pub fn verify(&self, token: &str, now: DateTime<Utc>) -> Result<SessionClaims> {
        let (payload, sig) = token.split_once('.').ok_or(Error::Unauthenticated)?;
        let sig = URL_SAFE_NO_PAD.decode(sig).map_err(|_| Error::Unauthenticated)?;
        let mut mac = self.mac();
        mac.update(payload.as_bytes());
        mac.verify_slice(&sig).map_err(|_| Error::Unauthenticated)?;
        let payload = URL_SAFE_NO_PAD.decode(payload).map_err(|_| Error::Unauthenticated)?;
        let claims: SessionClaims = serde_json::from_slice(&payload).map_err(|_| Error::Unauthenticated)?;
        if claims.expires_at <= now {
            return Err(Error::Unauthenticated);
        }
        Ok(claims)
    }
}

/// An API key as handed out: `imv_<prefix>_<secret>`. Only the prefix and a hash of the secret are
/// stored.
pub struct ApiKeyParts {
    pub prefix: String,
    pub secret: String,
}

impl ApiKeyParts {
    pub fn generate() -> Self {
        let prefix: String = random_token(6).chars().filter(|c| c.is_ascii_alphanumeric()).take(8).collect();
        let prefix = format!("{prefix:0<8}");
        Self { prefix, secret: random_token(32) }
    }

    pub fn parse(token: &str) -> Option<Self> {
        let rest = token.strip_prefix("imv_")?;
        let (prefix, secret) = rest.split_once('_')?;
        (prefix.len() == 8 && !secret.is_empty()).then(|| Self { prefix: prefix.to_owned(), secret: secret.to_owned() })
    }

    pub fn token(&self) -> String {
        format!("imv_{}_{}", self.prefix, self.secret)
    }

    pub fn secret_hash(&self) -> String {
        sha256_hex(&self.secret)
    }

    pub fn matches(&self, stored_hash: &str) -> bool {
        self.secret_hash().as_bytes().ct_eq(stored_hash.as_bytes()).into()
    }
}

/// Sliding-window counter per key (an IP address, an account). In-process: each server counts
/// its own attempts; the limits are per instance.
pub struct RateLimiter {
    limit: usize,
    window: Duration,
    hits: Mutex<HashMap<String, Vec<Instant>>>,
}

impl RateLimiter {
    pub fn new(limit: usize, window: Duration) -> Self {
        Self { limit, window, hits: Mutex::new(HashMap::new()) }
    }

    /// Counts one attempt; fails when the key has used up its window.
    pub fn check(&self, key: &str) -> Result<()> {
        let now = Instant::now();
        let mut hits = self.hits.lock().map_err(|_| Error::Internal("rate limiter poisoned".into()))?;
        if hits.len() > 100_000 {
            hits.retain(|_, v| v.last().is_some_and(|t| now.duration_since(*t) < self.window));
        }
        let entry = hits.entry(key.to_owned()).or_default();
        entry.retain(|t| now.duration_since(*t) < self.window);
        if entry.len() >= self.limit {
            let oldest = entry.first().copied().unwrap_or(now);
            let retry = self.window.saturating_sub(now.duration_since(oldest));
            return Err(Error::RateLimited { retry_after_secs: retry.as_secs().max(1) });
        }
        entry.push(now);
        Ok(())
    }

    /// A successful sign-in clears the account's count.
    pub fn reset(&self, key: &str) {
        if let Ok(mut hits) = self.hits.lock() {
            hits.remove(key);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_verify_only_themselves() {
        let hash = hash_password("correct horse battery").unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("correct horse battery", &hash));
        assert!(!verify_password("wrong horse battery", &hash));
        assert!(!verify_password("anything", "not a hash"));
    }

    #[test]
    fn session_tokens_reject_tampering_and_expiry() {
        let keys = SessionKeys::new(SecretString::from("k".repeat(32)));
        let now = Utc::now();
        let claims = SessionClaims {
            session_id: uuid::Uuid::new_v4(),
            user_id: UserId(uuid::Uuid::now_v7()),
            tenant_id: TenantId(uuid::Uuid::now_v7()),
            expires_at: now + chrono::Duration::hours(1),
        };
        let token = keys.sign(&claims).unwrap();
        assert_eq!(keys.verify(&token, now).unwrap(), claims);
        assert!(keys.verify(&token, now + chrono::Duration::hours(2)).is_err());
        let other = SessionKeys::new(SecretString::from("x".repeat(32)));
        assert!(other.verify(&token, now).is_err());
        let (payload, sig) = token.split_once('.').unwrap();
        let forged = format!("{}A.{sig}", payload);
        assert!(keys.verify(&forged, now).is_err());
    }

    #[test]
    fn api_keys_round_trip() {
        let key = ApiKeyParts::generate();
        let parsed = ApiKeyParts::parse(&key.token()).unwrap();
        assert_eq!(parsed.prefix, key.prefix);
        assert!(parsed.matches(&key.secret_hash()));
        assert!(!ApiKeyParts::generate().matches(&key.secret_hash()));
        assert!(ApiKeyParts::parse("Bearer something").is_none());
    }

    #[test]
    fn rate_limiter_blocks_after_the_limit() {
        let limiter = RateLimiter::new(3, Duration::from_secs(60));
        for _ in 0..3 {
            limiter.check("1.2.3.4").unwrap();
        }
        assert!(matches!(limiter.check("1.2.3.4"), Err(Error::RateLimited { .. })));
        limiter.check("5.6.7.8").unwrap();
        limiter.reset("1.2.3.4");
        limiter.check("1.2.3.4").unwrap();
    }
}
