//! Form pieces: fields with their errors, the form's error line, the submit row, and the
//! parsing of typed values.

use std::future::Future;

use futures::future::Either;
use leptos::prelude::*;
use leptos_router::components::A;

use model::error::{ApiError, ErrorCode, FieldError};

use super::{ErrorBox, failure};
use crate::i18n::{I18n, Texts, use_i18n};

pub const INPUT: &str = "w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-sky-500 focus:outline-none focus:ring-1 focus:ring-sky-500";
pub const BUTTON: &str = "inline-flex items-center justify-center rounded-md bg-sky-700 px-4 py-2 text-sm font-medium text-white shadow-sm hover:bg-sky-800 disabled:opacity-50";
pub const BUTTON_SECONDARY: &str = "inline-flex items-center justify-center rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-700 hover:bg-slate-50";

/// A labelled form field with the server's error for it below; `unit` is written after the
/// label ("Preis (CHF)").
#[component]
pub fn Field(
    label: Signal<&'static str>,
    name: &'static str,
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(optional, into)] unit: Option<Signal<&'static str>>,
    children: Children,
) -> impl IntoView {
    view! {
        <label class="block text-sm" data-field=name>
            <span class="mb-1 block font-medium text-slate-700">{label}{move || with_unit(unit)}</span>
            {children()}
            <Show when=move || error.get().is_some()>
                <span class="mt-1 block text-xs text-red-700" data-error=name data-testid=format!("error-{name}")>
                    {move || error.get()}
                </span>
            </Show>
        </label>
    }
}

/// " (CHF)" after a label, or nothing.
pub fn with_unit(unit: Option<Signal<&'static str>>) -> Option<String> {
    unit.map(|u| format!(" ({})", u.get()))
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
            let local = self.local.with(|l| l.iter().find(|f| f.field == name).map(|f| t.errors.field_message(f)));
            if local.is_some() || self.local.with(|l| !l.is_empty()) {
                return local;
            }
            self.server.with(|e| e.as_ref().and_then(|e| e.field(name)).map(|f| t.errors.field_message(f)))
        })
    }
}

/// The form-level line above a form's submit button: "check the marked fields", a conflict, or
/// the server's error.
#[component]
pub fn FormAlert(errors: FormErrors) -> impl IntoView {
    let i18n = use_i18n();
    let invalid = move || {
        view! { <p role="alert" class="text-sm text-red-700" data-testid="form-error">{move || i18n.t().errors.form_invalid}</p> }
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

/// A short confirmation line after a successful save.
#[component]
pub fn SavedNote(#[prop(into)] when: Signal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Show when=move || when.get()>
            <span role="status" class="text-sm text-emerald-700" data-testid="saved">{move || i18n.t().common.saved}</span>
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_from_forms() {
        let mut errors = Vec::new();
        assert_eq!(parse_number::<f64>("rooms", " 3,5 ", &mut errors), Some(3.5));
        assert_eq!(parse_number::<i64>("budget_min", "", &mut errors), None);
        assert!(errors.is_empty());
        assert_eq!(parse_number::<i64>("budget_min", "viel", &mut errors), None);
        assert_eq!(errors[0].field, "budget_min");
    }
}

/// The action behind the form for a new record or a changed one: without an `id` it runs
/// `create`, with one `update`; `on_saved` hears the saved record. With the form's errors.
pub fn save_action<Id, I, T, C, U>(
    id: Option<Id>,
    create: fn(I) -> C,
    update: fn(Id, I) -> U,
    on_saved: Callback<T>,
) -> (Action<I, Result<T, ApiError>>, FormErrors)
where
    Id: Copy + Send + Sync + 'static,
    I: Clone + Send + Sync + 'static,
    T: Clone + Send + Sync + 'static,
    C: Future<Output = Result<T, ApiError>> + Send + 'static,
    U: Future<Output = Result<T, ApiError>> + Send + 'static,
{
    let save = Action::new(move |input: &I| {
        let input = input.clone();
        match id {
            Some(id) => Either::Left(update(id, input)),
            None => Either::Right(create(input)),
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(saved)) = save.value().get() {
            on_saved.run(saved);
        }
    });
    (save, FormErrors::new(failure(save.value())))
}

/// The last row of a record's form: "create" or "save" (off while `save` runs), "cancel", and
/// the form's error line. Cancel runs `on_cancel` while editing; a new record's form links back
/// to `list` instead. `testid` names the buttons: `lead` gives `lead-submit` and `lead-cancel`.
#[component]
pub fn RecordFormRow<I, T>(
    save: Action<I, Result<T, ApiError>>,
    errors: FormErrors,
    creating: bool,
    on_cancel: Option<Callback<()>>,
    list: &'static str,
    testid: &'static str,
    class: &'static str,
) -> impl IntoView
where
    I: Send + Sync + 'static,
    T: Send + Sync + 'static,
{
    let i18n = use_i18n();
    let cancel_testid = format!("{testid}-cancel");
    view! {
        <div class=class>
            <button class=BUTTON type="submit" data-testid=format!("{testid}-submit") disabled=move || save.pending().get()>
                {move || if creating { i18n.t().common.create } else { i18n.t().common.save }}
            </button>
            {match on_cancel {
                Some(cancel) => view! {
                    <button class=BUTTON_SECONDARY type="button" data-testid=cancel_testid
                        on:click=move |_| cancel.run(())>
                        {move || i18n.t().common.cancel}
                    </button>
                }
                .into_any(),
                None => view! {
                    <A href=list attr:class=BUTTON_SECONDARY attr:data-testid=cancel_testid>
                        {move || i18n.t().common.cancel}
                    </A>
                }
                .into_any(),
            }}
            <FormAlert errors />
        </div>
    }
}

/// A form field that chooses one of a closed set of values (`all`, sent as `code`, shown as
/// `option`), with the server's error for it below; `children` are options before the set's.
#[component]
pub fn SelectField<T>(
    label: fn(&Texts) -> &'static str,
    name: &'static str,
    errors: FormErrors,
    value: RwSignal<String>,
    all: &'static [T],
    code: fn(T) -> &'static str,
    option: fn(&Texts, T) -> &'static str,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView
where
    T: Copy + Send + Sync + 'static,
{
    let i18n = use_i18n();
    view! {
        <Field label=i18n.signal(label) name error=errors.field(name)>
            <select class=INPUT name=name prop:value=value on:change=move |ev| value.set(event_target_value(&ev))>
                {children.map(|c| c())}
                {enum_options(all, code, option, value.into())}
            </select>
        </Field>
    }
}

/// A button that asks `question` in the browser's dialog and, when the user agrees, runs `action`
/// with `input`; off while the action runs.
#[component]
pub fn ConfirmButton<I, O>(
    action: Action<I, Result<O, ApiError>>,
    input: I,
    question: fn(&Texts) -> &'static str,
    label: fn(&Texts) -> &'static str,
    testid: &'static str,
    #[prop(default = BUTTON_SECONDARY)] class: &'static str,
) -> impl IntoView
where
    I: Clone + Send + Sync + 'static,
    O: Send + Sync + 'static,
{
    let i18n = use_i18n();
    view! {
        <button class=class type="button" data-testid=testid disabled=move || action.pending().get()
            on:click=move |_| {
                if confirm(question(i18n.t())) {
                    action.dispatch(input.clone());
                }
            }>
            {move || label(i18n.t())}
        </button>
    }
}
