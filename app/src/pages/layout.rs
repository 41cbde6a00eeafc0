//! The signed-in frame: sidebar, language switch, and the current user for every page below.

use crate::components::page_data;
use leptos::prelude::*;
use leptos_router::components::{A, Outlet, Redirect};

use crate::api::{current_user, logout, set_locale};
use crate::components::{ErrorBox, Loading};
use crate::i18n::{DEFAULT_ZONE, Locale, use_i18n};
use model::{Me, Role};

/// The signed-in user, provided by the layout to every page inside it.
pub fn use_me() -> Signal<Option<Me>> {
    use_context::<Signal<Option<Me>>>().unwrap_or_else(|| Signal::derive(|| None))
}

/// Whether the signed-in user may manage the office.
pub fn use_is_admin() -> Signal<bool> {
    let me = use_me();
    Signal::derive(move || me.with(|m| m.as_ref().is_some_and(|m| m.user.role.is_admin())))
}

#[component]
pub fn AppLayout() -> impl IntoView {
    let me = page_data(|| (), |_| current_user());
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match me.await {
                    Ok(Some(user)) => view! { <Frame me=user /> }.into_any(),
                    Ok(None) => view! { <Redirect path="/login" /> }.into_any(),
                    Err(error) => view! { <div class="p-6"><ErrorBox error /></div> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Frame(me: Me) -> impl IntoView {
    let i18n = use_i18n();
    let role = me.user.role;
    let name = me.user.name.clone();
    let office = me.tenant.name.clone();
    // Before the page below renders a time, on the server and in the hydrating browser alike.
    i18n.zone.set(me.time_zone.parse().unwrap_or(DEFAULT_ZONE));
    i18n.currency.set(me.tenant.currency);
    provide_context(Signal::derive(move || Some(me.clone())));
    let sign_out = Action::new(|_: &()| logout());
    Effect::new(move |_| {
        if sign_out.value().get().is_some() {
            let _ = window().location().set_href("/login");
        }
    });
    let switch = Action::new(move |l: &Locale| {
        let l = *l;
        i18n.locale.set(l);
        async move { set_locale(l).await }
    });
    let link = "block rounded-md px-3 py-2 text-sm font-medium text-slate-200 hover:bg-slate-700 aria-[current=page]:bg-slate-900 aria-[current=page]:text-white";
    view! {
        <div class="min-h-screen md:flex">
            <nav class="bg-slate-800 md:w-60 md:shrink-0 md:min-h-screen p-4 flex flex-col gap-1" aria-label="main">
                <div class="mb-4 px-3">
                    <div class="text-lg font-bold text-white">"Immivo"</div>
                    <div class="text-xs text-slate-400" data-testid="office">{office}</div>
                </div>
                <form method="get" action="/search" class="mb-3 px-1" role="search">
                    <input type="search" name="q" data-testid="search-box"
                        class="w-full rounded-md border border-slate-600 bg-slate-700 px-3 py-1.5 text-sm text-white placeholder:text-slate-400 focus:border-sky-400 focus:outline-none"
                        placeholder=move || i18n.t().search.placeholder aria-label=move || i18n.t().search.placeholder />
                </form>
                <A href="/" attr:class=link exact=true>{move || i18n.t().common.nav_dashboard}</A>
                <A href="/leads" attr:class=link>{move || i18n.t().common.nav_leads}</A>
                <A href="/pipeline" attr:class=link>{move || i18n.t().common.nav_board}</A>
                <A href="/properties" attr:class=link>{move || i18n.t().common.nav_properties}</A>
                <A href="/jarvis" attr:class=link>{move || i18n.t().common.nav_jarvis}</A>
                <Show when=move || role.is_admin()>
                    <A href="/users" attr:class=link>{move || i18n.t().common.nav_users}</A>
                    <A href="/intake" attr:class=link>{move || i18n.t().common.nav_intake}</A>
                </Show>
                <A href="/settings" attr:class=link>{move || i18n.t().common.nav_settings}</A>
                <Show when=move || role == Role::SuperAdmin>
                    <A href="/admin" attr:class=link>{move || i18n.t().common.nav_platform}</A>
                </Show>
                <div class="mt-auto border-t border-slate-700 pt-4 px-3 text-sm text-slate-300">
                    <div class="mb-2" data-testid="user-name">{name}</div>
                    <div class="mb-3 flex gap-2" role="group" aria-label=move || i18n.t().common.language>
                        <button
                            class="rounded px-2 py-1 text-xs aria-pressed:bg-slate-600"
                            aria-pressed=move || (i18n.locale.get() == Locale::De).to_string()
                            data-testid="lang-de"
                            on:click=move |_| { switch.dispatch(Locale::De); }
                        >"DE"</button>
                        <button
                            class="rounded px-2 py-1 text-xs aria-pressed:bg-slate-600"
                            aria-pressed=move || (i18n.locale.get() == Locale::En).to_string()
                            data-testid="lang-en"
                            on:click=move |_| { switch.dispatch(Locale::En); }
                        >"EN"</button>
                    </div>
                    <button class="text-slate-300 hover:text-white" on:click=move |_| { sign_out.dispatch(()); }>
                        {move || i18n.t().common.sign_out}
                    </button>
                </div>
            </nav>
            <main class="flex-1 p-4 md:p-8">
                <Outlet />
            </main>
        </div>
    }
}
