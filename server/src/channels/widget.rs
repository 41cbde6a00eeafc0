//! The website widget's API: `POST /api/v1/inquiries` (and its CORS preflight) takes an inquiry
//! from the form an office embeds on its own site.
//!
//! The widget key (body field `key` or header `X-Immivo-Widget-Key`) names the office. Browsers
//! may post only from the office's allowed origins: those get `Access-Control-Allow-Origin`
//! echoed back; a browser on any other site is refused with 403 before anything is stored.
//! Requests without `Origin` are no browser's and need no CORS answer. This route's own CORS
//! check replaces the app's same-origin rule for writes, which is why `router()` is merged
//! outside that layer in `http.rs`; nothing here reads cookies, so no session can be abused.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Extension, Json, Router};

use crate::config::Config;
use crate::state::AppState;
use domain::Error;
use domain::intake::channels::widget::{self, WidgetSubmission};
use domain::services::ClientIp;
use domain::tenants::auth::RateLimiter;

pub const PATH: &str = "/api/v1/inquiries";
pub static KEY_HEADER: HeaderName = HeaderName::from_static("x-immivo-widget-key");
/// A form's worth of text; the message itself is limited to 5000 characters.
const MAX_BODY: usize = 32 * 1024;
/// How long a browser may reuse a preflight answer.
const PREFLIGHT_MAX_AGE: &str = "600";

struct Limits {
    per_ip: RateLimiter,
    per_key: RateLimiter,
}

/// The widget's routes, with their own rate limits (`IMMIVO_WIDGET_*`).
pub fn router(config: &Config) -> Router<AppState> {
    let limits = Arc::new(Limits {
        per_ip: RateLimiter::new(config.widget_requests_per_ip, config.widget_window),
        per_key: RateLimiter::new(config.widget_requests_per_key, config.widget_window),
    });
    Router::new()
        .route(PATH, post(submit).options(preflight))
        .layer(Extension(limits))
        .layer(DefaultBodyLimit::max(MAX_BODY))
}

#[tracing::instrument(skip_all)]
async fn submit(
    State(state): State<AppState>,
    Extension(limits): Extension<Arc<Limits>>,
    ip: Option<Extension<ClientIp>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let db = &state.services.db;
    // Every post counts against its address, whatever becomes of it.
    let ip = ip.map_or_else(|| "unknown".to_owned(), |Extension(ClientIp(ip))| ip);
    let ip_allowed = limits.per_ip.check(&ip);

    let parsed = WidgetSubmission::from_json(&body);
    let key = headers
        .get(&KEY_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
        .or_else(|| parsed.as_ref().ok().and_then(|s| s.key.clone()))
        .unwrap_or_default();
    let site = match widget::site_for_key(db, &key).await {
        Ok(site) => site,
        // Without a key, a body that is no JSON is the more useful answer.
        Err(e) => return error_response(&if key.trim().is_empty() { parsed.err().unwrap_or(e) } else { e }, None),
    };
    let origin = headers.get(header::ORIGIN).and_then(|o| o.to_str().ok());
    let cors = match origin {
        None => None,
        Some(o) if site.allows(o) => Some(o.to_owned()),
        Some(o) => {
            tracing::info!(tenant_id = %site.tenant, origin = o, "widget post from an origin the office does not allow");
            return error_response(&Error::Forbidden, None);
        }
    };
    let cors = cors.as_deref();
    if let Err(e) = ip_allowed.and_then(|()| limits.per_key.check(&key)) {
        return error_response(&e, cors);
    }
    let submission = match parsed {
        Ok(s) => s,
        Err(e) => return error_response(&e, cors),
    };
    match widget::submit(db, site.tenant, &body, &submission).await {
        // Spam gets this answer too: bots learn nothing from it.
        Ok(_) => {
            with_cors((StatusCode::CREATED, Json(serde_json::json!({ "status": "received" }))).into_response(), cors)
        }
        Err(e) => error_response(&e, cors),
    }
}

/// A preflight names no office (it carries neither body nor header values), so it is answered
/// for origins that some office allows; the post itself is checked against its own office.
async fn preflight(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let Some(origin) = headers.get(header::ORIGIN).and_then(|o| o.to_str().ok()) else {
        return with_vary(StatusCode::NO_CONTENT.into_response());
    };
    match widget::origin_known(&state.services.db, origin).await {
        Ok(true) => {
            let mut r = with_cors(StatusCode::NO_CONTENT.into_response(), Some(origin));
            let h = r.headers_mut();
            h.insert(header::ACCESS_CONTROL_ALLOW_METHODS, HeaderValue::from_static("POST, OPTIONS"));
            h.insert(
                header::ACCESS_CONTROL_ALLOW_HEADERS,
                HeaderValue::from_static("content-type, x-immivo-widget-key"),
            );
            h.insert(header::ACCESS_CONTROL_MAX_AGE, HeaderValue::from_static(PREFLIGHT_MAX_AGE));
            r
        }
        Ok(false) => with_vary(StatusCode::FORBIDDEN.into_response()),
        Err(e) => error_response(&e, None),
    }
}

fn error_response(e: &Error, cors: Option<&str>) -> Response {
    let api = e.to_api();
    let mut r = (api.code.http_status(), Json(api)).into_response();
    if let Error::RateLimited { retry_after_secs } = e {
        r.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(*retry_after_secs));
    }
    with_cors(r, cors)
}

/// Echoes an allowed origin; the answer depends on `Origin`, so caches must key on it.
fn with_cors(mut r: Response, origin: Option<&str>) -> Response {
    if let Some(value) = origin.and_then(|o| HeaderValue::from_str(o).ok()) {
        r.headers_mut().insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, value);
        // The widget shows the wait from a 429.
        r.headers_mut().insert(header::ACCESS_CONTROL_EXPOSE_HEADERS, HeaderValue::from_static("retry-after"));
    }
    with_vary(r)
}

fn with_vary(mut r: Response) -> Response {
    r.headers_mut().append(header::VARY, HeaderValue::from_static("origin"));
    r
}
