//! Inbound mail from AWS SES through an SNS HTTP(S) subscription: `POST /inbound/sns/{token}`,
//! the token naming the office as for `/inbound/email/{token}`. Every message's signature is
//! checked against a certificate fetched only from an allowed SNS host before anything happens;
//! then a subscription is confirmed, or the mail in the SES notification (inline, or in S3) is
//! handed to `intake::receive`, which stores it first and recognises redeliveries.

mod message;
mod ses;
mod signature;

use domain::intake::receive;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use crate::config::{Config, S3Config};
use crate::state::AppState;
use aws_sdk_s3::config::Region;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use domain::Error;
use model::error::{ApiError, ErrorCode};
use model::{InboundChannel, TenantId};
use serde_json::json;
use tokio::sync::{OnceCell, RwLock};

pub use message::{MessageError, MessageType, SignatureVersion, SnsMessage};
pub use ses::{SesError, SesMail, decode as decode_ses_notification};
pub use signature::{SignatureError, SigningCert, UrlPolicy};

/// A PEM certificate is a few kilobytes; anything much larger is not one.
const MAX_CERT_BYTES: usize = 64 * 1024;
/// SES accepts mail up to 40 MB; an S3 object beyond that did not come from SES.
const MAX_S3_MAIL_BYTES: i64 = 40 * 1024 * 1024;
/// SNS signs with a handful of certificates; a full cache means someone is feeding us URLs.
const MAX_CACHED_CERTS: usize = 32;

/// The SNS adapter's long-lived parts: URL policy, certificate cache, HTTP and S3 clients.
pub struct SnsInbound {
    policy: UrlPolicy,
    topic_arns: Vec<String>,
    http: reqwest::Client,
    certs: RwLock<HashMap<String, Arc<SigningCert>>>,
    s3_config: S3Config,
    // Built on the first S3 receipt: most installations never need it.
    s3: OnceCell<aws_sdk_s3::Client>,
}

/// Why a message was not processed, with the status SNS (and the operator reading its delivery
/// logs) sees.
#[derive(Debug)]
enum Refusal {
    BadRequest(String),
    Forbidden(String),
    Upstream(String),
    Domain(Error),
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        let (status, body) = match self {
            Refusal::BadRequest(m) => (StatusCode::BAD_REQUEST, ApiError::new(ErrorCode::BadUserInput, m)),
            Refusal::Forbidden(m) => {
                tracing::warn!(reason = %m, "sns: message refused");
                (StatusCode::FORBIDDEN, ApiError::new(ErrorCode::Forbidden, m))
            }
            Refusal::Upstream(m) => {
                tracing::warn!(error = %m, "sns: upstream failure");
                (StatusCode::BAD_GATEWAY, ApiError::new(ErrorCode::Internal, m))
            }
            Refusal::Domain(e) => {
                let api = e.to_api();
                (api.code.http_status(), api)
            }
        };
        (status, Json(body)).into_response()
    }
}

impl From<SignatureError> for Refusal {
    fn from(e: SignatureError) -> Self {
        Refusal::Forbidden(e.to_string())
    }
}

impl SnsInbound {
    pub fn new(config: &Config) -> Self {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            // A redirect could lead off the allowed hosts.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap_or_default();
        Self {
            policy: UrlPolicy {
                host: config.sns.cert_host.clone(),
                allow_insecure: config.sns.allow_insecure_cert_url,
            },
            topic_arns: config.sns.topic_arns.clone(),
            http,
            certs: RwLock::new(HashMap::new()),
            s3_config: config.s3.clone(),
            s3: OnceCell::new(),
        }
    }

    /// The message is from SNS, for a topic we accept; otherwise a 403 (or 502 if the
    /// certificate cannot be fetched).
    async fn verify(&self, message: &SnsMessage) -> Result<(), Refusal> {
        let url = self.policy.check("SigningCertURL", &message.signing_cert_url)?;
        let cert = self.cert(url).await?;
        cert.verify(message, SystemTime::now())?;
        if !self.topic_arns.is_empty() && !self.topic_arns.contains(&message.topic_arn) {
            return Err(Refusal::Forbidden(format!("topic {} is not in IMMIVO_SNS_TOPIC_ARNS", message.topic_arn)));
        }
        Ok(())
    }

    async fn cert(&self, url: url::Url) -> Result<Arc<SigningCert>, Refusal> {
        if let Some(cert) = self.certs.read().await.get(url.as_str()) {
            return Ok(cert.clone());
        }
        let mut response = self
            .http
            .get(url.clone())
            .send()
            .await
            .and_then(reqwest::Response::error_for_status)
            .map_err(|e| Refusal::Upstream(format!("cannot fetch the signing certificate {url}: {e}")))?;
        let mut pem = Vec::new();
        while let Some(chunk) =
            response.chunk().await.map_err(|e| Refusal::Upstream(format!("reading the signing certificate: {e}")))?
        {
            pem.extend_from_slice(&chunk);
            if pem.len() > MAX_CERT_BYTES {
                return Err(Refusal::Forbidden("the signing certificate is too large".into()));
            }
        }
        let cert = Arc::new(SigningCert::from_pem(&pem)?);
        let mut certs = self.certs.write().await;
        if certs.len() >= MAX_CACHED_CERTS {
            certs.clear();
        }
        certs.insert(url.to_string(), cert.clone());
        Ok(cert)
    }

    async fn confirm(&self, message: &SnsMessage) -> Result<(), Refusal> {
        let raw = message.subscribe_url.as_deref().unwrap_or_default();
        let url = self.policy.check("SubscribeURL", raw)?;
        self.http
            .get(url)
            .send()
            .await
            .and_then(reqwest::Response::error_for_status)
            .map_err(|e| Refusal::Upstream(format!("confirming the subscription failed: {e}")))?;
        Ok(())
    }

    async fn s3_client(&self) -> &aws_sdk_s3::Client {
        self.s3
            .get_or_init(|| async {
                let mut loader = aws_config::defaults(aws_config::BehaviorVersion::latest());
                if let Some(region) = &self.s3_config.region {
                    loader = loader.region(Region::new(region.clone()));
                }
                let shared = loader.load().await;
                let mut builder = aws_sdk_s3::config::Builder::from(&shared);
                if let Some(endpoint) = &self.s3_config.endpoint {
                    // Emulators and S3-compatible stores serve buckets under the path, not as hosts.
                    builder = builder.endpoint_url(endpoint).force_path_style(true);
                }
                aws_sdk_s3::Client::from_conf(builder.build())
            })
            .await
    }

    async fn s3_object(&self, bucket: &str, key: &str) -> Result<Vec<u8>, Refusal> {
        let unreadable = |e: String| Refusal::Upstream(format!("cannot read s3://{bucket}/{key}: {e}"));
        let object = self
            .s3_client()
            .await
            .get_object()
            .bucket(bucket)
            .key(key)
            .send()
            .await
            .map_err(|e| unreadable(aws_sdk_s3::error::DisplayErrorContext(e).to_string()))?;
        if object.content_length().is_some_and(|n| n > MAX_S3_MAIL_BYTES) {
            return Err(Refusal::BadRequest(format!("s3://{bucket}/{key} is larger than SES's 40 MB mail limit")));
        }
        let body = object.body.collect().await.map_err(|e| unreadable(e.to_string()))?;
        Ok(body.into_bytes().to_vec())
    }
}

/// `POST /inbound/sns/{token}`. SNS sends JSON as `text/plain`, so any content type is taken.
pub async fn notification(State(state): State<AppState>, Path(token): Path<String>, body: Bytes) -> Response {
    match handle(&state, &token, &body).await {
        Ok(answer) => answer,
        Err(refusal) => refusal.into_response(),
    }
}

async fn handle(state: &AppState, token: &str, body: &[u8]) -> Result<Response, Refusal> {
    let message = SnsMessage::parse(body).map_err(|e| Refusal::BadRequest(e.to_string()))?;
    // The office first: an unknown address makes us fetch nothing.
    let tenant = receive::tenant_for_token(&state.services.db, token).await.map_err(Refusal::Domain)?;
    state.sns.verify(&message).await?;
    process(state, tenant, &message).await
}

#[tracing::instrument(skip_all, fields(tenant_id = %tenant, message_id = %message.message_id, topic = %message.topic_arn, kind = message.kind.as_str()))]
async fn process(state: &AppState, tenant: TenantId, message: &SnsMessage) -> Result<Response, Refusal> {
    match message.kind {
        MessageType::SubscriptionConfirmation => {
            state.sns.confirm(message).await?;
            tracing::info!("sns: subscription confirmed");
            Ok(Json(json!({"confirmed": true, "topic_arn": message.topic_arn})).into_response())
        }
        MessageType::UnsubscribeConfirmation => {
            // Nothing to do: SNS stops on its own. Re-subscribing would need a human decision.
            tracing::info!("sns: subscription ended");
            Ok(Json(json!({"unsubscribed": true, "topic_arn": message.topic_arn})).into_response())
        }
        MessageType::Notification => {
            let raw = match ses::decode(&message.message).map_err(|e| Refusal::BadRequest(e.to_string()))? {
                SesMail::Inline(raw) => raw,
                SesMail::S3 { bucket, key } => state.sns.s3_object(&bucket, &key).await?,
                SesMail::NoMail(what) => {
                    // Answered 200 so SNS does not retry what will never carry mail.
                    tracing::info!(what = %what, "sns: notification without mail");
                    return Ok(Json(json!({"ignored": what})).into_response());
                }
            };
            let summary = receive::receive(&state.services.db, tenant, InboundChannel::Sns, None, &raw)
                .await
                .map_err(Refusal::Domain)?;
            Ok((StatusCode::OK, Json(summary)).into_response())
        }
    }
}
