//! The sign-in page (`/login`).

use leptos::prelude::*;

use crate::api::Login;
use crate::components::{BUTTON, INPUT};
use crate::i18n::use_i18n;
use model::error::ErrorCode;

#[component]
pub fn LoginPage() -> impl IntoView {
    let i18n = use_i18n();
    let login = ServerAction::<Login>::new();
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    Effect::new(move |_| {
        if let Some(Ok(_)) = login.value().get() {
            let _ = window().location().set_href("/");
        }
    });
    let error = move || {
        login.value().get().and_then(Result::err).map(|e| match e.code {
            ErrorCode::RateLimited => i18n.t().errors.too_many_attempts,
            ErrorCode::Unauthenticated | ErrorCode::BadUserInput => i18n.t().auth.wrong_credentials,
            _ => i18n.t().errors.error_generic,
        })
    };
    view! {
        <div class="flex min-h-screen items-center justify-center bg-gradient-to-br from-slate-800 to-sky-900 p-4">
            <form
                class="w-full max-w-sm rounded-xl bg-white p-8 shadow-xl"
                on:submit=move |ev| {
                    ev.prevent_default();
                    login.dispatch(Login { email: email.get(), password: password.get() });
                }
            >
                <h1 class="text-2xl font-bold text-slate-900">{move || i18n.t().auth.login_title}</h1>
                <p class="mb-6 mt-1 text-sm text-slate-500">{move || i18n.t().auth.login_subtitle}</p>
                <label class="mb-4 block text-sm">
                    <span class="mb-1 block font-medium">{move || i18n.t().common.email}</span>
                    <input class=INPUT type="email" name="email" autocomplete="username" required
                        bind:value=email />
                </label>
                <label class="mb-6 block text-sm">
                    <span class="mb-1 block font-medium">{move || i18n.t().auth.password}</span>
                    <input class=INPUT type="password" name="password" autocomplete="current-password" required
                        bind:value=password />
                </label>
                <Show when=move || error().is_some()>
                    <p role="alert" class="mb-4 text-sm text-red-700">{error}</p>
                </Show>
                <button class=format!("{BUTTON} w-full") type="submit" disabled=move || login.pending().get()>
                    {move || i18n.t().auth.sign_in}
                </button>
            </form>
        </div>
    }
}
