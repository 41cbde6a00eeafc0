//! Reusable pieces of the UI.

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos::text_prop::TextProp;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_query_map};
use uuid::Uuid;

use model::LeadStatus;
use model::error::{ApiError, ErrorCode, FieldError};

use crate::i18n::{I18n, Locale, Texts, use_i18n};

/// Data a component loads in the browser only, once the page is interactive: the server and the
/// hydrating browser both render its empty state (`None`). For components that sit inside a
/// `Suspend`, where a `Resource` would not hydrate (docs/architecture.md, "Where a page's data
/// loads"). Signals read by `fetch` before its future starts load it again when they change; an
/// answer that a newer load has overtaken is dropped.
pub struct BrowserData<T: Send + Sync + 'static> {
    value: RwSignal<Option<T>>,
    version: RwSignal<u64>,
}

impl<T: Send + Sync + 'static> Clone for BrowserData<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for BrowserData<T> {}

impl<T: Clone + Send + Sync + 'static> BrowserData<T> {
    pub fn new<Fut>(fetch: impl Fn() -> Fut + 'static) -> Self
    where
        Fut: std::future::Future<Output = T> + 'static,
    {
        let value = RwSignal::new(None);
        let version = RwSignal::new(0_u64);
        let latest = StoredValue::new(0_u64);
        // Effects run only in the browser, after hydration.
        Effect::new(move |_| {
            version.track();
            let load = latest.get_value() + 1;
            latest.set_value(load);
            let pending = fetch();
            leptos::task::spawn_local(async move {
                let answer = pending.await;
                if latest.get_value() == load {
                    value.set(Some(answer));
                }
            });
        });
        Self { value, version }
    }

    /// The last answer; `None` until the first one arrives.
    pub fn get(&self) -> Option<T> {
        self.value.get()
    }

    /// Loads again, showing the last answer meanwhile.
    pub fn refetch(&self) {
        self.version.update(|v| *v += 1);
    }
}

/// The loading line shown inside `<Suspense>`/`<Transition>`.
#[component]
pub fn Loading() -> impl IntoView {
    let i18n = use_i18n();
    view! { <p class="p-6 text-sm text-slate-500" data-testid="loading">{move || i18n.t().loading}</p> }
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
            ErrorCode::NotFound => t.not_found.to_owned(),
            ErrorCode::Forbidden => t.forbidden.to_owned(),
            ErrorCode::RateLimited => t.too_many_attempts.to_owned(),
            ErrorCode::BadUserInput if !error.fields.is_empty() => error
                .fields
                .iter()
                .map(|f| format!("{}: {}", f.field, t.field_error(&f.code)))
                .collect::<Vec<_>>()
                .join(" · "),
            _ => t.error_generic.to_owned(),
        }
    };
    view! {
        <div role="alert" class="rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800">
            {text}
        </div>
    }
}

/// Shows the error of a failed result, nothing otherwise.
pub fn error_view(e: Option<ApiError>) -> impl IntoView {
    e.map(|error| view! { <ErrorBox error /> })
}

pub fn status_classes(s: LeadStatus) -> &'static str {
    match s {
        LeadStatus::New => "bg-sky-100 text-sky-800",
        LeadStatus::Contacted => "bg-amber-100 text-amber-800",
        LeadStatus::Conversation => "bg-violet-100 text-violet-800",
        LeadStatus::Booked => "bg-emerald-100 text-emerald-800",
        LeadStatus::Lost => "bg-slate-200 text-slate-600",
    }
}

#[component]
pub fn StatusBadge(status: LeadStatus) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <span class=format!("inline-flex rounded-full px-2 py-0.5 text-xs font-medium {}", status_classes(status))>
            {move || i18n.t().status(status)}
        </span>
    }
}

#[component]
pub fn ScoreBadge(score: i32) -> impl IntoView {
    let color = match score {
        70.. => "bg-emerald-600",
        40..=69 => "bg-amber-500",
        _ => "bg-slate-400",
    };
    view! {
        <span class=format!("inline-flex h-7 w-9 items-center justify-center rounded-md text-xs font-semibold text-white {color}")>
            {score}
        </span>
    }
}

/// How complete a lead's data is: a short bar with the percentage beside it.
#[component]
pub fn CompletenessBar(percent: i32) -> impl IntoView {
    let i18n = use_i18n();
    let percent = percent.clamp(0, 100);
    let color = if percent >= 70 {
        "bg-emerald-500"
    } else if percent >= 40 {
        "bg-amber-400"
    } else {
        "bg-slate-300"
    };
    view! {
        <span class="inline-flex items-center gap-2" data-testid="completeness" data-value=percent
            title=move || format!("{} {percent} %", i18n.t().lead_completeness)>
            <span class="h-1.5 w-16 rounded-full bg-slate-100" aria-hidden="true">
                <span class=format!("block h-1.5 rounded-full {color}") style=format!("width: {percent}%")></span>
            </span>
            <span class="text-xs tabular-nums text-slate-600">{format!("{percent} %")}</span>
        </span>
    }
}

/// A labelled form field with the server's error for it below.
#[component]
pub fn Field(
    label: Signal<&'static str>,
    name: &'static str,
    #[prop(into)] error: Signal<Option<String>>,
    children: Children,
) -> impl IntoView {
    view! {
        <label class="block text-sm" data-field=name>
            <span class="mb-1 block font-medium text-slate-700">{label}</span>
            {children()}
            <Show when=move || error.get().is_some()>
                <span class="mt-1 block text-xs text-red-700" data-error=name data-testid=format!("error-{name}")>
                    {move || error.get()}
                </span>
            </Show>
        </label>
    }
}

pub const INPUT: &str = "w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-sky-500 focus:outline-none focus:ring-1 focus:ring-sky-500";
pub const BUTTON: &str = "inline-flex items-center justify-center rounded-md bg-sky-700 px-4 py-2 text-sm font-medium text-white shadow-sm hover:bg-sky-800 disabled:opacity-50";
pub const BUTTON_SECONDARY: &str = "inline-flex items-center justify-center rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-700 hover:bg-slate-50";
pub const CARD: &str = "rounded-lg border border-slate-200 bg-white p-5 shadow-sm";

/// A page's heading, with the page's actions (links, buttons) beside it.
#[component]
pub fn PageHeader(#[prop(into)] title: TextProp, #[prop(optional)] children: Option<Children>) -> impl IntoView {
    view! {
        <div class="mb-6 flex flex-wrap items-center justify-between gap-3">
            <h1 class="text-2xl font-bold" data-testid="page-title">{move || title.get()}</h1>
            <div class="flex flex-wrap items-center gap-2">{children.map(|c| c())}</div>
        </div>
    }
}

/// What a list shows when nothing matches.
#[component]
pub fn EmptyState(#[prop(into)] text: TextProp) -> impl IntoView {
    view! {
        <p class="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center text-sm text-slate-500"
            data-testid="empty-state">
            {move || text.get()}
        </p>
    }
}

/// One labelled value of a detail view, inside a `<dl>`.
#[component]
pub fn Fact(#[prop(into)] label: TextProp, children: Children) -> impl IntoView {
    view! {
        <div>
            <dt class="text-xs font-medium uppercase tracking-wide text-slate-500">{move || label.get()}</dt>
            <dd class="mt-0.5 text-sm text-slate-900">{children()}</dd>
        </div>
    }
}

/// `<option>`s for a closed set of values, the current one marked `selected` so that server-rendered
/// HTML shows it too.
pub fn enum_options<T>(
    all: &'static [T],
    code: fn(T) -> &'static str,
    label: fn(&Texts, T) -> &'static str,
    current: Signal<String>,
) -> impl IntoView + use<T>
where
    T: Copy + Send + Sync + 'static,
{
    let i18n = use_i18n();
    all.iter()
        .map(|&value| {
            let c = code(value);
            view! { <option value=c selected=move || current.with(|v| v == c)>{move || label(i18n.t(), value)}</option> }
        })
        .collect_view()
}

/// The error of an action's last result, without cloning a successful one.
pub fn failure<T>(value: MappedSignal<Option<Result<T, ApiError>>>) -> Signal<Option<ApiError>>
where
    T: Send + Sync + 'static,
{
    Signal::derive(move || value.with(|v| v.as_ref().and_then(|r| r.as_ref().err().cloned())))
}

/// An action that runs `run` and, when it succeeds, `reload` (refetching what it changed): the
/// shape of every button that changes a listed row.
pub fn reloading_action<I, O, Fut>(
    reload: impl Fn() + Copy + Send + Sync + 'static,
    run: impl Fn(I) -> Fut + Copy + Send + Sync + 'static,
) -> Action<I, Result<O, ApiError>>
where
    I: Clone + Send + Sync + 'static,
    O: Send + Sync + 'static,
    Fut: std::future::Future<Output = Result<O, ApiError>> + Send + 'static,
{
    Action::new(move |input: &I| {
        let done = run(input.clone());
        async move {
            let done = done.await;
            if done.is_ok() {
                reload();
            }
            done
        }
    })
}

/// What went wrong with a form's last submission: the checks made in the browser (numbers that
/// do not parse) first, else the server's answer. Field messages are in the user's language.
#[derive(Clone, Copy)]
pub struct FormErrors {
    i18n: I18n,
    server: Signal<Option<ApiError>>,
    local: RwSignal<Vec<FieldError>>,
    conflict: Option<fn(&Texts) -> &'static str>,
}

impl FormErrors {
    pub fn new(server: Signal<Option<ApiError>>) -> Self {
        Self { i18n: use_i18n(), server, local: RwSignal::new(Vec::new()), conflict: None }
    }

    /// The text to show when the server answers `CONFLICT` (a value that is taken already).
    pub fn on_conflict(self, text: fn(&Texts) -> &'static str) -> Self {
        Self { conflict: Some(text), ..self }
    }

    /// Records the browser's own findings; true when there are none and the form may be sent.
    pub fn check(self, found: Vec<FieldError>) -> bool {
        let ok = found.is_empty();
        self.local.set(found);
        ok
    }

    /// The message for one field, if the last submission failed on it.
    pub fn field(self, name: &'static str) -> Signal<Option<String>> {
        Signal::derive(move || {
            let t = self.i18n.t();
            let local = self.local.with(|l| l.iter().find(|f| f.field == name).map(|f| t.field_message(f)));
            if local.is_some() || self.local.with(|l| !l.is_empty()) {
                return local;
            }
            self.server.with(|e| e.as_ref().and_then(|e| e.field(name)).map(|f| t.field_message(f)))
        })
    }
}

/// The form-level line above a form's submit button: "check the marked fields", a conflict, or
/// the server's error.
#[component]
pub fn FormAlert(errors: FormErrors) -> impl IntoView {
    let i18n = use_i18n();
    let invalid = move || {
        view! { <p role="alert" class="text-sm text-red-700" data-testid="form-error">{move || i18n.t().form_invalid}</p> }
            .into_any()
    };
    move || {
        if errors.local.with(|l| !l.is_empty()) {
            return Some(invalid());
        }
        errors.server.get().map(|error| match (error.code, errors.conflict) {
            (ErrorCode::BadUserInput, _) if !error.fields.is_empty() => invalid(),
            (ErrorCode::Conflict, Some(text)) => view! {
                <p role="alert" class="text-sm text-red-700" data-testid="form-error">{move || text(i18n.t())}</p>
            }
            .into_any(),
            _ => view! { <ErrorBox error /> }.into_any(),
        })
    }
}

/// Keyset paging under a filter: the cursors of the pages before the current one. They belong
/// to the filter they were collected under, so a new filter starts again at its first page.
pub struct Cursors<F: Send + Sync + 'static> {
    filter: Memo<F>,
    trail: RwSignal<(F, Vec<Uuid>)>,
}

impl<F: Send + Sync + 'static> Clone for Cursors<F> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<F: Send + Sync + 'static> Copy for Cursors<F> {}

impl<F> Cursors<F>
where
    F: Clone + Default + PartialEq + Send + Sync + 'static,
{
    pub fn new(filter: Memo<F>) -> Self {
        Self { filter, trail: RwSignal::new((F::default(), Vec::new())) }
    }

    /// The cursor of the current page, `None` on the first.
    pub fn after(self) -> Option<Uuid> {
        let current = self.filter.get();
        self.trail.with(|(f, cursors)| if *f == current { cursors.last().copied() } else { None })
    }

    /// Moves on past `last`, the id of the current page's last item.
    pub fn next(self, last: Option<Uuid>) {
        let current = self.filter.get_untracked();
        self.trail.update(|(f, cursors)| {
            if *f != current {
                *f = current;
                cursors.clear();
            }
            cursors.extend(last);
        });
    }

    pub fn prev(self) {
        self.trail.update(|(_, cursors)| {
            cursors.pop();
        });
    }
}

/// "Back" and "next" under a keyset-paged list; nothing when everything fits on one page.
#[component]
pub fn Pager<F>(cursors: Cursors<F>, has_next: bool, last: Option<Uuid>) -> impl IntoView
where
    F: Clone + Default + PartialEq + Send + Sync + 'static,
{
    let i18n = use_i18n();
    let has_prev = cursors.after().is_some();
    (has_prev || has_next).then(|| {
        view! {
            <nav class="mt-4 flex justify-between gap-2" aria-label=move || i18n.t().pagination>
                <button class=BUTTON_SECONDARY type="button" data-testid="page-prev" disabled=!has_prev
                    on:click=move |_| cursors.prev()>
                    {move || i18n.t().previous_page}
                </button>
                <button class=BUTTON_SECONDARY type="button" data-testid="page-next" disabled=!has_next
                    on:click=move |_| cursors.next(last)>
                    {move || i18n.t().next_page}
                </button>
            </nav>
        }
    })
}

/// A short confirmation line after a successful save.
#[component]
pub fn SavedNote(#[prop(into)] when: Signal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Show when=move || when.get()>
            <span role="status" class="text-sm text-emerald-700" data-testid="saved">{move || i18n.t().saved}</span>
        </Show>
    }
}

/// Whether `action` has just saved: its last run succeeded and none is running.
pub fn saved<I, O>(action: Action<I, Result<O, ApiError>>) -> Signal<bool>
where
    I: Send + Sync + 'static,
    O: Send + Sync + 'static,
{
    Signal::derive(move || !action.pending().get() && action.value().with(|v| matches!(v, Some(Ok(_)))))
}

/// A form's last row: the submit button (off while `action` runs), the "saved" note after a
/// success, and the form's error line.
#[component]
pub fn SubmitRow<I, O>(
    action: Action<I, Result<O, ApiError>>,
    errors: FormErrors,
    label: fn(&Texts) -> &'static str,
    testid: &'static str,
) -> impl IntoView
where
    I: Send + Sync + 'static,
    O: Send + Sync + 'static,
{
    let i18n = use_i18n();
    view! {
        <div class="flex flex-wrap items-center gap-3">
            <button class=BUTTON type="submit" data-testid=testid disabled=move || action.pending().get()>
                {move || label(i18n.t())}
            </button>
            <SavedNote when=saved(action) />
            <FormAlert errors />
        </div>
    }
}

/// Asks the user in the browser's own dialog; false where there is no browser.
pub fn confirm(question: &str) -> bool {
    window().confirm_with_message(question).unwrap_or(false)
}

/// Trimmed text, or `None` when empty.
pub fn non_empty(raw: &str) -> Option<String> {
    let trimmed = raw.trim();
    (!trimmed.is_empty()).then(|| trimmed.to_owned())
}

/// A number typed into a form: empty is `None`; a decimal comma is accepted; anything else that
/// does not parse is recorded as an `invalid` error of `field`.
pub fn parse_number<T: std::str::FromStr>(field: &str, raw: &str, errors: &mut Vec<FieldError>) -> Option<T> {
    let cleaned = raw.trim().replace(',', ".");
    if cleaned.is_empty() {
        return None;
    }
    match cleaned.parse() {
        Ok(v) => Some(v),
        Err(_) => {
            errors.push(FieldError {
                field: field.to_owned(),
                code: "invalid".to_owned(),
                message: "is not a number".to_owned(),
            });
            None
        }
    }
}

/// The query string of the `current` parameters with `key` set to `value` (removed when empty),
/// empty values left out: `?status=NEW&q=garten`.
pub fn query_with<'a>(current: impl IntoIterator<Item = (&'a str, &'a str)>, key: &str, value: &str) -> String {
    let mut pairs: Vec<(&str, &str)> = current.into_iter().filter(|(k, v)| *k != key && !v.trim().is_empty()).collect();
    if !value.trim().is_empty() {
        pairs.push((key, value.trim()));
    }
    let joined = pairs.iter().map(|(k, v)| format!("{}={}", escape(k), escape(v))).collect::<Vec<_>>().join("&");
    if joined.is_empty() { joined } else { format!("?{joined}") }
}

/// Sets one parameter of the URL's query (`/leads?status=NEW`), keeping the others; an empty
/// value removes it. Navigates only when the URL changes.
pub fn use_query_setter(path: &'static str) -> Callback<(&'static str, String)> {
    let query = use_query_map();
    let navigate = use_navigate();
    Callback::new(move |(key, value): (&'static str, String)| {
        let (now, next) = query.with_untracked(|q| {
            let pairs = || q.latest_values().map(|(k, v)| (k.as_ref(), v));
            (query_with(pairs(), "", ""), query_with(pairs(), key, &value))
        });
        if now != next {
            navigate(&format!("{path}{next}"), NavigateOptions::default());
        }
    })
}

/// One parameter of the URL's query, empty when absent.
pub fn query_param(key: &'static str) -> Signal<String> {
    let query = use_query_map();
    Signal::derive(move || query.with(|q| q.get(key).unwrap_or_default()))
}

/// Percent-encodes all but the unreserved characters of RFC 3986, the same in both builds.
fn escape(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for byte in raw.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// A date in the user's language: 24.03.2025 or 2025-03-24. Times are UTC on both sides of
/// hydration, so the server's HTML and the browser's agree.
pub fn format_date(at: DateTime<Utc>, t: &Texts) -> String {
    at.format(t.date_format).to_string()
}

pub fn format_date_time(at: DateTime<Utc>, t: &Texts) -> String {
    at.format(t.date_time_format).to_string()
}

/// A decimal without trailing zeros, with a decimal comma in German: 3,5 or 84.25.
pub fn format_decimal(value: f64, locale: Locale) -> String {
    let text = format!("{value:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    match locale {
        Locale::De => text.replace('.', ","),
        Locale::En => text.to_owned(),
    }
}

/// Whole euros from cents, German grouping: 489.000 €.
pub fn format_money(cents: i64) -> String {
    format_euros(cents / 100)
}

pub fn format_euros(euros: i64) -> String {
    let digits = euros.abs().to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(ch);
    }
    format!("{}{out} €", if euros < 0 { "-" } else { "" })
}

/// US dollars from cents, as the locale writes them: 1,23 $ or $1.23.
pub fn format_dollars(cents: i64, locale: Locale) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let (whole, rest) = (cents.abs() / 100, cents.abs() % 100);
    match locale {
        Locale::De => format!("{sign}{},{rest:02} $", format_euros(whole).trim_end_matches(" €")),
        Locale::En => format!("{sign}${whole}.{rest:02}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_is_grouped_the_german_way() {
        assert_eq!(format_money(48_900_000), "489.000 €");
        assert_eq!(format_euros(1_290_000), "1.290.000 €");
        assert_eq!(format_euros(950), "950 €");
        assert_eq!(format_dollars(123, Locale::De), "1,23 $");
        assert_eq!(format_dollars(500_000, Locale::De), "5.000,00 $");
        assert_eq!(format_dollars(5, Locale::En), "$0.05");
        assert_eq!(format_dollars(-250, Locale::En), "-$2.50");
    }

    #[test]
    fn decimals_drop_trailing_zeros() {
        assert_eq!(format_decimal(3.5, Locale::De), "3,5");
        assert_eq!(format_decimal(84.0, Locale::En), "84");
        assert_eq!(format_decimal(84.25, Locale::En), "84.25");
    }

    #[test]
    fn numbers_from_forms() {
        let mut errors = Vec::new();
        assert_eq!(parse_number::<f64>("rooms", " 3,5 ", &mut errors), Some(3.5));
        assert_eq!(parse_number::<i64>("budget_min", "", &mut errors), None);
        assert!(errors.is_empty());
        assert_eq!(parse_number::<i64>("budget_min", "viel", &mut errors), None);
        assert_eq!(errors[0].field, "budget_min");
    }

    #[test]
    fn query_strings_leave_out_empty_values() {
        let current = [("status", "NEW"), ("q", "")];
        assert_eq!(query_with(current, "source", "EMAIL"), "?status=NEW&source=EMAIL");
        assert_eq!(query_with(current, "status", ""), "");
        assert_eq!(query_with(current, "q", "Haus am See"), "?status=NEW&q=Haus%20am%20See");
        assert_eq!(query_with([], "q", "Müller & Co"), "?q=M%C3%BCller%20%26%20Co");
    }
}
