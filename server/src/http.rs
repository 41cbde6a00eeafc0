//! The axum router: the Leptos app and its server functions, GraphQL, health, and the layers
//! every response passes through (request ids, tracing, compression, security headers, body
//! limit, same-origin check for cookie-authenticated writes).

use std::net::SocketAddr;
use std::time::Duration;

use crate::state::AppState;
use app::{App, shell};
use axum::Router;
use axum::body::Body;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderName, HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use domain::services::ClientIp;
use leptos::prelude::provide_context;
use leptos_axum::{LeptosRoutes, generate_route_list};
use tower::ServiceBuilder;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

static X_REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The app works under this policy: its own scripts and the wasm module, inline styles from
/// Leptos' hydration, no framing, no plugins. `'unsafe-inline'` for scripts is needed by the
/// hydration bootstrap that Leptos inlines; `'wasm-unsafe-eval'` to instantiate the module.
const CSP: &str = "default-src 'self'; script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval'; \
    style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self' ws: wss:; \
    font-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'";

pub fn router(state: AppState) -> Router {
    let routes = generate_route_list(App);
    let services = state.services.clone();
    let options = state.leptos_options.clone();
    let max_body = state.config.max_body_bytes;
    let hsts = state.config.secure_cookies();
    let trust_proxy = state.config.trust_proxy;
    let origins = Origins::new(&state.config.public_url, trust_proxy);

    let mut router = Router::new()
        .route("/health", get(health))
        .route("/graphql", post(crate::graphql::handler).get(crate::graphql::playground))
        .route("/inbound/email/{token}", post(crate::channels::http::raw_email))
        .route("/inbound/sns/{token}", post(crate::channels::sns::notification))
        .leptos_routes_with_context(
            &state,
            routes,
            move || {
                provide_context(services.clone());
                // One per page render: the page's data is read once (app::components::page_data).
                provide_context(app::components::RenderMemo::default());
            },
            move || shell(options.clone()),
        )
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .layer(middleware::from_fn(json_server_fns))
        .layer(middleware::from_fn(page_redirects))
        .layer(middleware::from_fn(move |req, next| same_origin_writes(origins.clone(), req, next)))
        // Merged after the same-origin layer: the widget API answers cross-site posts by each
        // office's own origin allow-list (see widget.rs).
        .merge(crate::channels::widget::router(&state.config))
        .layer(middleware::from_fn(move |req, next| client_ip(trust_proxy, req, next)));

    let headers = ServiceBuilder::new()
        .layer(SetResponseHeaderLayer::overriding(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")))
        .layer(SetResponseHeaderLayer::overriding(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("strict-origin-when-cross-origin"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP)));
    router = router.layer(headers).layer(middleware::map_response(no_store));
    if hsts {
        router = router.layer(SetResponseHeaderLayer::overriding(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=63072000; includeSubDomains"),
        ));
    }
    router
        .layer(RequestBodyLimitLayer::new(max_body))
        .layer(CompressionLayer::new())
        .layer(
            ServiceBuilder::new()
                .layer(SetRequestIdLayer::new(X_REQUEST_ID.clone(), MakeRequestUuid))
                .layer(TraceLayer::new_for_http().make_span_with(|req: &Request<Body>| {
                    let id = req.headers().get(&X_REQUEST_ID).and_then(|v| v.to_str().ok()).unwrap_or("-");
                    tracing::info_span!("request", method = %req.method(), uri = %req.uri().path(), request_id = %id)
                }))
                .layer(PropagateRequestIdLayer::new(X_REQUEST_ID.clone())),
        )
        .with_state(state)
}

async fn health(State(state): State<AppState>) -> Response {
    match tokio::time::timeout(Duration::from_secs(3), state.services.db.ping()).await {
        Ok(Ok(())) => {
            (StatusCode::OK, axum::Json(serde_json::json!({"status": "ok", "database": "ok"}))).into_response()
        }
        Ok(Err(e)) => {
            tracing::error!(error = %e, "health check: database unreachable");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                axum::Json(serde_json::json!({"status": "error", "database": "unreachable"})),
            )
                .into_response()
        }
        Err(_) => {
            (StatusCode::SERVICE_UNAVAILABLE, axum::Json(serde_json::json!({"status": "error", "database": "timeout"})))
                .into_response()
        }
    }
}

/// The origins our own pages are served from: the public URL's, and the one the request names
/// in `Host` under the public URL's scheme (or the proxy's `X-Forwarded-Proto`, when trusted).
#[derive(Clone)]
struct Origins {
    public: Option<url::Origin>,
    scheme: String,
    trust_proxy: bool,
}

impl Origins {
    fn new(public_url: &str, trust_proxy: bool) -> Self {
        let public = url::Url::parse(public_url).ok();
        let scheme = public.as_ref().map_or("http", url::Url::scheme).to_owned();
        Self { public: public.map(|u| u.origin()), scheme, trust_proxy }
    }

    fn allows(&self, origin: &str, headers: &axum::http::HeaderMap) -> bool {
        let Some(origin) = url::Url::parse(origin).ok().map(|u| u.origin()).filter(url::Origin::is_tuple) else {
            return false;
        };
        if self.public.as_ref() == Some(&origin) {
            return true;
        }
        let scheme = self
            .trust_proxy
            .then(|| headers.get("x-forwarded-proto").and_then(|v| v.to_str().ok()))
            .flatten()
            .and_then(|v| v.split(',').next())
            .map(str::trim)
            .unwrap_or(&self.scheme);
        let own = headers
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .and_then(|host| url::Url::parse(&format!("{scheme}://{host}")).ok())
            .map(|u| u.origin());
        own.as_ref() == Some(&origin)
    }
}

/// Writes must come from our own pages: a browser sends `Origin` on every cross-site POST, and
/// one that names another site (or another scheme) is refused. Only a request that carries a
/// bearer token skips the check — and such a request is authenticated by that token alone,
/// never by the cookie beside it (`Services::authenticate`), so an invalid token gets nothing.
async fn same_origin_writes(origins: Origins, req: Request, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS)
        || domain::services::bearer(req.headers()).is_some()
    {
        return next.run(req).await;
    }
    let allowed = match req.headers().get(header::ORIGIN) {
        Some(origin) => origin.to_str().is_ok_and(|o| origins.allows(o, req.headers())),
        // No Origin: not a browser's cross-site request, unless it says it is one.
        None => req.headers().get("sec-fetch-site").is_none_or(|v| v.as_bytes() != b"cross-site"),
    };
    if !allowed {
        return (StatusCode::FORBIDDEN, "cross-site request refused").into_response();
    }
    next.run(req).await
}

/// Server functions (`/api/…`, routed by Leptos) take JSON only: no cross-site form can send it
/// without the browser asking first (CORS), and every other body is refused before it is read.
/// Their error answers (Leptos sends each with status 500) get the status the error's code
/// deserves, and `Retry-After` when it says when to try again.
async fn json_server_fns(req: Request, next: Next) -> Response {
    if req.method() == Method::POST && req.uri().path().starts_with("/api/") && !is_json(&req) {
        return unsupported_media_type();
    }
    let response = next.run(req).await;
    if response.headers().contains_key(leptos::server_fn::error::SERVER_FN_ERROR_HEADER) {
        return with_error_status(response).await;
    }
    response
}

async fn with_error_status(response: Response) -> Response {
    // An error answer is one small JSON object; anything larger is passed on as it was.
    const MAX_ERROR_BODY: usize = 64 * 1024;
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_ERROR_BODY).await else {
        return (StatusCode::INTERNAL_SERVER_ERROR, "error answer too large").into_response();
    };
    if let Ok(error) = serde_json::from_slice::<model::error::ApiError>(&bytes) {
        parts.status = error.code.http_status();
        if let Some(secs) = error.retry_after_secs {
            parts.headers.insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// A page that sends the visitor elsewhere (Leptos' `<Redirect>` while rendering sets `Location`)
/// answers 302, also to clients that do not say they accept HTML (Leptos answers those 200).
async fn page_redirects(req: Request, next: Next) -> Response {
    let page = req.method() == Method::GET;
    let mut response = next.run(req).await;
    if page && response.status() == StatusCode::OK && response.headers().contains_key(header::LOCATION) {
        *response.status_mut() = StatusCode::FOUND;
    }
    response
}

fn is_json(req: &Request) -> bool {
    req.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/json"))
}

fn unsupported_media_type() -> Response {
    let error = model::error::ApiError::new(
        model::error::ErrorCode::BadUserInput,
        "server functions take their arguments as JSON (Content-Type: application/json)",
    );
    (StatusCode::UNSUPPORTED_MEDIA_TYPE, axum::Json(error)).into_response()
}

/// Pages and API answers hold a user's data: no cache, shared or private, keeps them. Static
/// files (scripts, styles, images) keep what the file service says.
async fn no_store(mut response: Response) -> Response {
    let dynamic = response.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|t| {
        ["text/html", "application/json", "text/plain", "text/event-stream"].iter().any(|d| t.starts_with(d))
    });
    if dynamic && !response.headers().contains_key(header::CACHE_CONTROL) {
        response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

/// Records the client's address for rate limits: the socket's, or the first `X-Forwarded-For`
/// hop when a trusted proxy sits in front.
async fn client_ip(trust_proxy: bool, mut req: Request, next: Next) -> Response {
    let forwarded = trust_proxy
        .then(|| req.headers().get("x-forwarded-for").and_then(|v| v.to_str().ok()))
        .flatten()
        .and_then(|v| v.split(',').next())
        .map(|v| v.trim().to_owned());
    let socket = req.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip().to_string());
    let ip = forwarded.or(socket).unwrap_or_else(|| "unknown".to_owned());
    req.extensions_mut().insert(ClientIp(ip));
    next.run(req).await
}
