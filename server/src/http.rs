//! The axum router: the Leptos app and its server functions, GraphQL, health, and the layers
//! every response passes through (request ids, tracing, compression, security headers, body
//! limit, same-origin check for cookie-authenticated writes).

use std::net::SocketAddr;
use std::time::Duration;

use app::services::ClientIp;
use app::{App, shell};
use axum::Router;
use axum::body::Body;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderName, HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use leptos::prelude::provide_context;
use leptos_axum::{LeptosRoutes, generate_route_list};
use tower::ServiceBuilder;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

use crate::state::AppState;

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
    let services_for_fns = state.services.clone();
    let options = state.leptos_options.clone();
    let max_body = state.config.max_body_bytes;
    let hsts = state.config.secure_cookies();
    let trust_proxy = state.config.trust_proxy;

    let mut router = Router::new()
        .route("/health", get(health))
        .route("/graphql", post(crate::graphql::handler).get(crate::graphql::playground))
        .route("/inbound/email/{token}", post(crate::inbound::raw_email))
        .route("/inbound/sns/{token}", post(crate::sns::notification))
        .route(
            "/api/{*fn_name}",
            post(move |req: Request| {
                let services = services_for_fns.clone();
                leptos_axum::handle_server_fns_with_context(move || provide_context(services.clone()), req)
            }),
        )
        .leptos_routes_with_context(
            &state,
            routes,
            move || provide_context(services.clone()),
            move || shell(options.clone()),
        )
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .layer(middleware::from_fn(same_origin_writes))
        // Merged after the same-origin layer: the widget API answers cross-site posts by each
        // office's own origin allow-list (see widget.rs).
        .merge(crate::widget::router(&state.config))
        .layer(middleware::from_fn(move |req, next| client_ip(trust_proxy, req, next)));

    let headers = ServiceBuilder::new()
        .layer(SetResponseHeaderLayer::overriding(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")))
        .layer(SetResponseHeaderLayer::overriding(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("strict-origin-when-cross-origin"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP)));
    router = router.layer(headers);
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

/// Cookie-authenticated writes must come from our own pages: a browser sends `Origin` on every
/// cross-site POST, and we refuse one that names another site. Bearer-token clients (GraphQL
/// integrations, mobile apps) carry no ambient credentials and are not affected.
async fn same_origin_writes(req: Request, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS)
        || req.headers().contains_key(header::AUTHORIZATION)
    {
        return next.run(req).await;
    }
    let host = req.headers().get(header::HOST).and_then(|h| h.to_str().ok()).map(str::to_owned);
    if let Some(origin) = req.headers().get(header::ORIGIN).and_then(|o| o.to_str().ok()) {
        let origin_host = url::Url::parse(origin).ok().and_then(|u| {
            u.host_str().map(|h| match u.port() {
                Some(p) => format!("{h}:{p}"),
                None => h.to_owned(),
            })
        });
        if origin_host.is_none() || origin_host != host {
            return (StatusCode::FORBIDDEN, "cross-site request refused").into_response();
        }
    }
    next.run(req).await
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
