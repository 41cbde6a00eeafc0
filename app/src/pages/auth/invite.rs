//! Accepting an invitation (`/invite/:token`): choosing a password.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api::AcceptInvitation;
use crate::components::{BUTTON, INPUT};
use crate::i18n::use_i18n;
use model::error::ErrorCode;

#[component]
pub fn InvitePage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let accept = ServerAction::<AcceptInvitation>::new();
    let password = RwSignal::new(String::new());
    Effect::new(move |_| {
        if let Some(Ok(_)) = accept.value().get() {
            let _ = window().location().set_href("/");
        }
    });
    let error = move || {
        accept.value().get().and_then(Result::err).map(|e| match e.field("password") {
            Some(f) => i18n.t().errors.field_error(&f.code),
            None if e.code == ErrorCode::NotFound => i18n.t().errors.not_found,
            None => i18n.t().errors.error_generic,
        })
    };
    view! {
        <div class="flex min-h-screen items-center justify-center bg-slate-100 p-4">
            <form
                class="w-full max-w-sm rounded-xl bg-white p-8 shadow"
                data-testid="invite-form"
                on:submit=move |ev| {
                    ev.prevent_default();
                    let token = params.with_untracked(|p| p.get("token").unwrap_or_default());
                    accept.dispatch(AcceptInvitation { token, password: password.get() });
                }
            >
                <h1 class="mb-6 text-xl font-bold">{move || i18n.t().auth.invite_title}</h1>
                <label class="mb-6 block text-sm">
                    <span class="mb-1 block font-medium">{move || i18n.t().auth.password}</span>
                    <input class=INPUT type="password" name="password" autocomplete="new-password" required bind:value=password />
                </label>
                <Show when=move || error().is_some()>
                    <p role="alert" class="mb-4 text-sm text-red-700">{error}</p>
                </Show>
                <button class=format!("{BUTTON} w-full") type="submit">{move || i18n.t().auth.invite_accept}</button>
            </form>
        </div>
    }
}
