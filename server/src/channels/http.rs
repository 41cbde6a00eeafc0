//! Inbound mail over HTTP: `POST /inbound/email/{token}` with the raw RFC 5322 message as the
//! body, as a mail relay or an SES-to-HTTP forwarder sends it. The token names the office.
//! The answer says what became of the mail; a redelivery answers with the first delivery's row.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use domain::intake::receive;

use crate::state::AppState;
use domain::Error;

use model::InboundChannel;

pub async fn raw_email(State(state): State<AppState>, Path(token): Path<String>, body: Bytes) -> Response {
    let db = &state.services.db;
    let received = match receive::tenant_for_token(db, &token).await {
        Ok(tenant) => receive::receive(db, tenant, InboundChannel::Http, None, &body).await,
        Err(e) => Err(e),
    };
    match received {
        // Stored either way; the status tells whether a lead came of it.
        Ok(summary) => (StatusCode::OK, Json(summary)).into_response(),
        Err(e) => error_response(&e),
    }
}

fn error_response(e: &Error) -> Response {
    let api = e.to_api();
    (api.code.http_status(), Json(api)).into_response()
}
