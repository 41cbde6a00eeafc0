//! One's own account: the password, and signing out everywhere.

use leptos::prelude::*;

use crate::api::{change_password, logout_everywhere};
use crate::components::{BUTTON_SECONDARY, CARD, Card, ErrorBox, Field, FormErrors, INPUT, SubmitRow, failure, saved};
use crate::i18n::use_i18n;
use model::error::FieldError;

#[component]
pub(super) fn PasswordForm() -> impl IntoView {
    let i18n = use_i18n();
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let repeat = RwSignal::new(String::new());
    let change = Action::new(|(current, new): &(String, String)| change_password(current.clone(), new.clone()));
    let errors = FormErrors::new(failure(change.value()));
    let saved = saved(change);
    Effect::new(move |_| {
        if saved.get() {
            current.set(String::new());
            new.set(String::new());
            repeat.set(String::new());
        }
    });
    view! {
        <Card title=|t| t.settings.password testid="password-settings">
            <form
                class="space-y-4"
                data-testid="password-form"
                novalidate
                on:submit=move |ev| {
                    ev.prevent_default();
                    let mismatch = new.get_untracked() != repeat.get_untracked();
                    let found = if mismatch {
                        vec![FieldError {
                            field: "password_repeat".to_owned(),
                            code: "mismatch".to_owned(),
                            message: "does not match".to_owned(),
                        }]
                    } else {
                        Vec::new()
                    };
                    if errors.check(found) {
                        change.dispatch((current.get_untracked(), new.get_untracked()));
                    }
                }
            >
                <Field label=i18n.signal(|t| t.settings.current_password) name="current_password"
                    error=errors.field("current_password")>
                    <input class=INPUT type="password" name="current_password" autocomplete="current-password"
                        bind:value=current />
                </Field>
                <Field label=i18n.signal(|t| t.settings.new_password) name="password" error=errors.field("password")>
                    <input class=INPUT type="password" name="password" autocomplete="new-password" bind:value=new />
                </Field>
                <Field label=i18n.signal(|t| t.settings.repeat_password) name="password_repeat"
                    error=errors.field("password_repeat")>
                    <input class=INPUT type="password" name="password_repeat" autocomplete="new-password" bind:value=repeat />
                </Field>
                <SubmitRow action=change errors label=|t| t.settings.password testid="password-submit" />
            </form>
        </Card>
    }
}

/// Ends every session of the user's account; this browser lands on the login page.
#[component]
pub(super) fn SignOutEverywhere() -> impl IntoView {
    let i18n = use_i18n();
    let end = Action::new(|_: &()| logout_everywhere());
    Effect::new(move |_| {
        if matches!(end.value().get(), Some(Ok(()))) {
            let _ = window().location().set_href("/login");
        }
    });
    let error = move || end.value().get().and_then(Result::err);
    view! {
        <section class=CARD data-testid="session-settings">
            <h2 class="mb-2 text-lg font-semibold">{move || i18n.t().settings.sessions}</h2>
            <p class="mb-4 text-sm text-slate-600">{move || i18n.t().settings.sessions_hint}</p>
            <button class=BUTTON_SECONDARY type="button" data-testid="sign-out-everywhere"
                disabled=move || end.pending().get() on:click=move |_| { end.dispatch(()); }>
                {move || i18n.t().settings.sign_out_everywhere}
            </button>
            {move || error().map(|e| view! { <ErrorBox error=e /> })}
        </section>
    }
}
