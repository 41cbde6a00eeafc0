//! Errors as the user sees them, with the HTTP status the server answers with.

use leptos::prelude::*;

use model::error::{ApiError, ErrorCode};

use super::CARD;
use crate::i18n::use_i18n;

/// A page's "not found" (an id in the address that is no id). The page that renders it sets the
/// 404 (`answer_with`), as for a "not found" from the server.
pub fn not_found(message: &str) -> ApiError {
    ApiError::new(ErrorCode::NotFound, message)
}

/// While the server renders a page: the page answers with the status its error deserves (a lead
/// of another office is a 404, not a 200 with a message). Server functions get theirs from the
/// server's HTTP layer. In the browser, nothing to do.
pub fn answer_with(error: &ApiError) {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(error.code.http_status());
    }
    #[cfg(not(feature = "ssr"))]
    let _ = error;
}

/// A server error, in the user's language where the code says enough.
#[component]
pub fn ErrorBox(error: ApiError) -> impl IntoView {
    answer_with(&error);
    let i18n = use_i18n();
    let text = move || {
        let t = i18n.t();
        match error.code {
            ErrorCode::NotFound => t.errors.not_found.to_owned(),
            ErrorCode::Forbidden => t.errors.forbidden.to_owned(),
            ErrorCode::RateLimited => t.errors.too_many_attempts.to_owned(),
            ErrorCode::BadUserInput if !error.fields.is_empty() => error
                .fields
                .iter()
                .map(|f| format!("{}: {}", f.field, t.errors.field_error(&f.code)))
                .collect::<Vec<_>>()
                .join(" · "),
            _ => t.errors.error_generic.to_owned(),
        }
    };
    view! {
        <div role="alert" class="rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800">
            {text}
        </div>
    }
}

/// What a page shows someone whose role may not see it.
#[component]
pub fn NoAccess() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class=CARD data-testid="no-access">
            <p class="text-slate-700">{move || i18n.t().errors.forbidden}</p>
        </div>
    }
}

/// Shows the error of a failed result, nothing otherwise.
pub fn error_view(e: Option<ApiError>) -> impl IntoView {
    e.map(|error| view! { <ErrorBox error /> })
}

/// The error of an action's last result, without cloning a successful one.
pub fn failure<T>(value: MappedSignal<Option<Result<T, ApiError>>>) -> Signal<Option<ApiError>>
where
    T: Send + Sync + 'static,
{
    Signal::derive(move || value.with(|v| v.as_ref().and_then(|r| r.as_ref().err().cloned())))
}
