//! The office's own administration: the team (admins) and the settings page (office settings and
//! API keys for admins, the password and the sign-ins for everyone).

use leptos::prelude::*;

use super::availability::{Week, WeekEditor};
use super::layout::use_me;
use crate::api::{
    change_password, create_api_key, get_tenant_settings, invite_user, list_api_keys, list_users, logout_everywhere,
    revoke_api_key, update_tenant_settings, update_user,
};
use crate::components::{
    BUTTON, BUTTON_SECONDARY, CARD, EmptyState, ErrorBox, Field, FormAlert, FormErrors, INPUT, Loading, PageHeader,
    SubmitRow, confirm, enum_options, failure, format_date, non_empty, reloading_action, saved,
};
use crate::i18n::{Texts, use_i18n};
use model::error::{ApiError, ErrorCode, FieldError};
use model::{ApiKey, ApiKeyId, Locale, Role, TenantSettings, TenantSettingsInput, User, UserId};

/// Time zones offered in the settings; any IANA name can be typed.
const TIME_ZONES: [&str; 6] =
    ["Europe/Berlin", "Europe/Vienna", "Europe/Zurich", "Europe/Luxembourg", "Europe/Amsterdam", "Europe/London"];

/// The roles an office admin may give; super-admins may give every role.
const INVITABLE: &[Role] = &[Role::Admin, Role::Agent];

/// A change to a colleague: a new role, or (de)activation.
type UserChange = (UserId, Option<Role>, Option<bool>);

/// Whether the signed-in user may manage the office.
pub(crate) fn use_is_admin() -> Signal<bool> {
    let me = use_me();
    Signal::derive(move || me.with(|m| m.as_ref().is_some_and(|m| m.user.role.is_admin())))
}

#[component]
pub(crate) fn NoAccess() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class=CARD data-testid="no-access">
            <p class="text-slate-700">{move || i18n.t().forbidden}</p>
        </div>
    }
}

#[component]
pub fn UsersPage() -> impl IntoView {
    let i18n = use_i18n();
    let is_admin = use_is_admin();
    view! {
        <PageHeader title=move || i18n.t().users_title />
        <Show when=move || is_admin.get() fallback=NoAccess>
            <Team />
        </Show>
    }
}

#[component]
fn Team() -> impl IntoView {
    let i18n = use_i18n();
    let me = use_me();
    let my_id = Signal::derive(move || me.with(|m| m.as_ref().map(|m| m.user.id)));
    let i_am_super = Signal::derive(move || me.with(|m| m.as_ref().is_some_and(|m| m.user.role == Role::SuperAdmin)));
    let users = Resource::new(|| (), |_| list_users());
    let refresh = Callback::new(move |()| users.refetch());
    let change = Action::new(move |(id, role, active): &UserChange| {
        let (id, role, active) = (*id, *role, *active);
        async move {
            let changed = update_user(id, role, active).await;
            if changed.is_ok() {
                refresh.run(());
            }
            changed
        }
    });
    let change_error = failure(change.value());
    view! {
        <div class="grid gap-6 xl:grid-cols-3">
            <section class="xl:col-span-2">
                {move || change_error.get().map(|error| {
                    let alert = if error.code == ErrorCode::Conflict {
                        view! { <p role="alert" class="text-sm text-red-700">{move || i18n.t().user_cannot_change_self}</p> }.into_any()
                    } else {
                        view! { <ErrorBox error /> }.into_any()
                    };
                    view! { <div class="mb-4">{alert}</div> }
                })}
                <Transition fallback=Loading>
                    {move || Suspend::new(async move {
                        match users.await {
                            Err(error) => view! { <ErrorBox error /> }.into_any(),
                            Ok(users) if users.is_empty() => view! { <EmptyState text=move || i18n.t().users_empty /> }.into_any(),
                            Ok(users) => view! { <UserTable users my_id i_am_super change /> }.into_any(),
                        }
                    })}
                </Transition>
            </section>
            <InviteForm i_am_super refresh />
        </div>
    }
}

#[component]
fn UserTable(
    users: Vec<User>,
    my_id: Signal<Option<UserId>>,
    i_am_super: Signal<bool>,
    change: Action<UserChange, Result<User, ApiError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let th = "px-4 py-3 text-left text-xs font-medium uppercase tracking-wide text-slate-500";
    view! {
        <div class="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
            <table class="min-w-full divide-y divide-slate-200 text-sm" data-testid="user-table">
                <thead class="bg-slate-50">
                    <tr>
                        <th class=th scope="col">{move || i18n.t().user_name}</th>
                        <th class=th scope="col">{move || i18n.t().user_role}</th>
                        <th class=th scope="col">{move || i18n.t().user_state}</th>
                        <th class=th scope="col"><span class="sr-only">{move || i18n.t().actions}</span></th>
                    </tr>
                </thead>
                <tbody class="divide-y divide-slate-100">
                    {users
                        .into_iter()
                        .map(|user| {
                            let (id, role, active, activated) = (user.id, user.role, user.active, user.activated);
                            let row_id = id.to_string();
                            let is_me = move || my_id.get() == Some(id);
                            // Nobody changes themselves; only super-admins touch super-admins.
                            let locked = move || is_me() || (role == Role::SuperAdmin && !i_am_super.get());
                            let roles = move || {
                                Role::ALL
                                    .iter()
                                    .copied()
                                    .filter(|r| *r != Role::SuperAdmin || i_am_super.get() || role == Role::SuperAdmin)
                                    .map(|r| {
                                        view! {
                                            <option value=r.as_str() selected=r == role>{move || i18n.t().role(r)}</option>
                                        }
                                    })
                                    .collect_view()
                            };
                            let state = move || {
                                let t = i18n.t();
                                match (active, activated) {
                                    (false, _) => (t.user_inactive, "bg-slate-200 text-slate-600"),
                                    (true, false) => (t.user_invited, "bg-amber-100 text-amber-800"),
                                    (true, true) => (t.user_active, "bg-emerald-100 text-emerald-800"),
                                }
                            };
                            view! {
                                <tr data-testid="user-row" data-id=row_id>
                                    <td class="px-4 py-3">
                                        <div class="font-medium">{user.name}</div>
                                        <div class="text-xs text-slate-500" data-testid="user-email">{user.email}</div>
                                    </td>
                                    <td class="px-4 py-3">
                                        <select class=INPUT name="role" data-testid="role-select" aria-label=move || i18n.t().user_role
                                            disabled=move || locked() || change.pending().get()
                                            on:change=move |ev| {
                                                if let Ok(r) = event_target_value(&ev).parse::<Role>() {
                                                    change.dispatch((id, Some(r), None));
                                                }
                                            }>
                                            {roles}
                                        </select>
                                    </td>
                                    <td class="px-4 py-3">
                                        <span class=move || format!("inline-flex rounded-full px-2 py-0.5 text-xs font-medium {}", state().1)
                                            data-testid="user-state">
                                            {move || state().0}
                                        </span>
                                    </td>
                                    <td class="px-4 py-3 text-right">
                                        <Show when=move || !locked()>
                                            <button class=BUTTON_SECONDARY type="button" data-testid="toggle-active"
                                                disabled=move || change.pending().get()
                                                on:click=move |_| {
                                                    if !active || confirm(i18n.t().user_deactivate_confirm) {
                                                        change.dispatch((id, None, Some(!active)));
                                                    }
                                                }>
                                                {move || if active { i18n.t().user_deactivate } else { i18n.t().user_activate }}
                                            </button>
                                        </Show>
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// Invites a colleague; the invitation link is shown once, right here.
#[component]
fn InviteForm(i_am_super: Signal<bool>, refresh: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let email = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let role = RwSignal::new(Role::Agent.as_str().to_owned());
    let invite = Action::new(move |(email, name, role): &(String, String, Role)| {
        let (email, name, role) = (email.clone(), name.clone(), *role);
        async move {
            let invited = invite_user(email, name, role).await;
            if invited.is_ok() {
                refresh.run(());
            }
            invited
        }
    });
    let errors = FormErrors::new(failure(invite.value())).on_conflict(|t| t.user_email_taken);
    Effect::new(move |_| {
        if let Some(Ok(_)) = invite.value().get() {
            email.set(String::new());
            name.set(String::new());
        }
    });
    let link = move || {
        invite.value().with(|v| match v {
            Some(Ok(invitation)) => {
                let origin = window().location().origin().unwrap_or_default();
                Some((invitation.user.email.clone(), format!("{origin}/invite/{}", invitation.token)))
            }
            _ => None,
        })
    };
    let select_all = |ev: leptos::ev::FocusEvent| event_target::<leptos::web_sys::HtmlInputElement>(&ev).select();
    let roles = move || if i_am_super.get() { Role::ALL } else { INVITABLE };
    view! {
        <section class=CARD>
            <h2 class="mb-4 text-lg font-semibold">{move || i18n.t().user_invite}</h2>
            <form
                class="space-y-4"
                data-testid="invite-form"
                novalidate
                on:submit=move |ev| {
                    ev.prevent_default();
                    let role = role.get_untracked().parse().unwrap_or(Role::Agent);
                    invite.dispatch((email.get_untracked(), name.get_untracked(), role));
                }
            >
                <Field label=i18n.signal(|t| t.email) name="email" error=errors.field("email")>
                    <input class=INPUT type="email" name="email" autocomplete="off" bind:value=email />
                </Field>
                <Field label=i18n.signal(|t| t.user_name) name="name" error=errors.field("name")>
                    <input class=INPUT name="name" autocomplete="off" bind:value=name />
                </Field>
                <Field label=i18n.signal(|t| t.user_role) name="role" error=errors.field("role")>
                    <select class=INPUT name="role" prop:value=role on:change=move |ev| role.set(event_target_value(&ev))>
                        {move || enum_options(roles(), Role::as_str, Texts::role, role.into())}
                    </select>
                </Field>
                <div class="flex flex-wrap items-center gap-3">
                    <button class=BUTTON type="submit" data-testid="invite-submit" disabled=move || invite.pending().get()>
                        {move || i18n.t().user_invite_send}
                    </button>
                    <FormAlert errors />
                </div>
            </form>
            {move || link().map(|(email, link)| view! {
                <div class="mt-4 rounded-md border border-emerald-200 bg-emerald-50 p-3 text-sm" role="status">
                    <p class="mb-1 text-emerald-900">{move || i18n.t().user_invite_link}</p>
                    <input class=format!("{INPUT} font-mono text-xs") readonly value=link.clone() data-testid="invite-link"
                        on:focus=select_all />
                    <p class="mt-1 text-xs text-emerald-900" data-testid="invite-email">{email.clone()}</p>
                </div>
            })}
        </section>
    }
}

#[component]
pub fn SettingsPage() -> impl IntoView {
    let i18n = use_i18n();
    let is_admin = use_is_admin();
    view! {
        <PageHeader title=move || i18n.t().settings_title />
        <div class="grid gap-6 xl:grid-cols-2">
            <Show when=move || is_admin.get()>
                <OfficeSettings />
                <super::ai_settings::AiSettings />
            </Show>
            <div class="xl:col-span-2"><super::availability::AvailabilitySettings /></div>
            <PasswordForm />
            <SignOutEverywhere />
            <div class="xl:col-span-2"><super::mailboxes::MailboxSettings /></div>
            <Show when=move || is_admin.get()>
                <div class="xl:col-span-2">
                    <super::inbound::InboundSettings />
                </div>
                <div class="xl:col-span-2"><super::widget_settings::WidgetSettings /></div>
                <div class="xl:col-span-2">
                    <ApiKeys />
                </div>
            </Show>
        </div>
    }
}

#[component]
fn OfficeSettings() -> impl IntoView {
    let i18n = use_i18n();
    let settings = Resource::new(|| (), |_| get_tenant_settings());
    view! {
        <section class=CARD data-testid="office-settings">
            <h2 class="mb-4 text-lg font-semibold">{move || i18n.t().settings_office}</h2>
            <Transition fallback=Loading>
                {move || Suspend::new(async move {
                    match settings.await {
                        Err(error) => view! { <ErrorBox error /> }.into_any(),
                        Ok(settings) => view! { <OfficeSettingsForm settings /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn OfficeSettingsForm(settings: TenantSettings) -> impl IntoView {
    let i18n = use_i18n();
    let locale = RwSignal::new(settings.locale.as_str().to_owned());
    let time_zone = RwSignal::new(settings.time_zone);
    let auto_reply = RwSignal::new(settings.auto_reply);
    let reply_tone = RwSignal::new(settings.reply_tone);
    let signature = RwSignal::new(settings.email_signature.unwrap_or_default());
    let week = Week::new(&settings.viewing_slots);
    let save = Action::new(|input: &TenantSettingsInput| update_tenant_settings(input.clone()));
    let errors = FormErrors::new(failure(save.value()));
    view! {
        <form
            class="space-y-4"
            data-testid="settings-form"
            novalidate
            on:submit=move |ev| {
                ev.prevent_default();
                save.dispatch(TenantSettingsInput {
                    locale: locale.get_untracked().parse().ok(),
                    time_zone: non_empty(&time_zone.get_untracked()),
                    auto_reply: Some(auto_reply.get_untracked()),
                    reply_tone: non_empty(&reply_tone.get_untracked()),
                    // Sent even when empty: that removes the signature.
                    email_signature: Some(signature.get_untracked()),
                    viewing_slots: Some(week.slots()),
                    ..TenantSettingsInput::default()
                });
            }
        >
            <div class="grid gap-4 sm:grid-cols-2">
                <Field label=i18n.signal(|t| t.settings_locale) name="locale" error=errors.field("locale")>
                    <select class=INPUT name="locale" prop:value=locale on:change=move |ev| locale.set(event_target_value(&ev))>
                        {enum_options(Locale::ALL, Locale::as_str, Texts::locale_name, locale.into())}
                    </select>
                </Field>
                <Field label=i18n.signal(|t| t.settings_time_zone) name="time_zone" error=errors.field("time_zone")>
                    <input class=INPUT name="time_zone" list="time-zones" value=time_zone.get_untracked() bind:value=time_zone />
                    <datalist id="time-zones">
                        {TIME_ZONES.into_iter().map(|z| view! { <option value=z /> }).collect_view()}
                    </datalist>
                </Field>
            </div>
            <label class="flex items-center gap-2 text-sm" data-field="auto_reply">
                <input type="checkbox" name="auto_reply" class="h-4 w-4 rounded border-slate-300"
                    checked=auto_reply.get_untracked() bind:checked=auto_reply />
                <span class="font-medium text-slate-700">{move || i18n.t().settings_auto_reply}</span>
            </label>
            <Field label=i18n.signal(|t| t.settings_reply_tone) name="reply_tone" error=errors.field("reply_tone")>
                <input class=INPUT name="reply_tone" value=reply_tone.get_untracked() bind:value=reply_tone />
            </Field>
            <Field label=i18n.signal(|t| t.settings_signature) name="email_signature" error=errors.field("email_signature")>
                <textarea class=INPUT name="email_signature" rows="4" bind:value=signature>{signature.get_untracked()}</textarea>
            </Field>
            <div data-testid="office-viewing-times">
                <h3 class="text-sm font-medium text-slate-700">{move || i18n.t().settings_viewing_times}</h3>
                <p class="mb-2 text-xs text-slate-500">{move || i18n.t().settings_viewing_times_hint}</p>
                <WeekEditor week disabled=false error=errors.field("viewing_slots") />
            </div>
            <SubmitRow action=save errors label=|t| t.save testid="settings-submit" />
        </form>
    }
}

#[component]
fn PasswordForm() -> impl IntoView {
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
        <section class=CARD data-testid="password-settings">
            <h2 class="mb-4 text-lg font-semibold">{move || i18n.t().settings_password}</h2>
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
                <Field label=i18n.signal(|t| t.settings_current_password) name="current_password"
                    error=errors.field("current_password")>
                    <input class=INPUT type="password" name="current_password" autocomplete="current-password"
                        bind:value=current />
                </Field>
                <Field label=i18n.signal(|t| t.settings_new_password) name="password" error=errors.field("password")>
                    <input class=INPUT type="password" name="password" autocomplete="new-password" bind:value=new />
                </Field>
                <Field label=i18n.signal(|t| t.settings_repeat_password) name="password_repeat"
                    error=errors.field("password_repeat")>
                    <input class=INPUT type="password" name="password_repeat" autocomplete="new-password" bind:value=repeat />
                </Field>
                <SubmitRow action=change errors label=|t| t.settings_password testid="password-submit" />
            </form>
        </section>
    }
}

/// Ends every session of the user's account; this browser lands on the login page.
#[component]
fn SignOutEverywhere() -> impl IntoView {
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
            <h2 class="mb-2 text-lg font-semibold">{move || i18n.t().settings_sessions}</h2>
            <p class="mb-4 text-sm text-slate-600">{move || i18n.t().settings_sessions_hint}</p>
            <button class=BUTTON_SECONDARY type="button" data-testid="sign-out-everywhere"
                disabled=move || end.pending().get() on:click=move |_| { end.dispatch(()); }>
                {move || i18n.t().settings_sign_out_everywhere}
            </button>
            {move || error().map(|e| view! { <ErrorBox error=e /> })}
        </section>
    }
}

#[component]
fn ApiKeys() -> impl IntoView {
    let i18n = use_i18n();
    let keys = Resource::new(|| (), |_| list_api_keys());
    let name = RwSignal::new(String::new());
    let create = reloading_action(move || keys.refetch(), create_api_key);
    let revoke = reloading_action(move || keys.refetch(), revoke_api_key);
    let errors = FormErrors::new(failure(create.value()));
    let revoke_error = failure(revoke.value());
    let secret = move || create.value().with(|v| v.as_ref().and_then(|r| r.as_ref().ok()).map(|k| k.secret.clone()));
    Effect::new(move |_| {
        if secret().is_some() {
            name.set(String::new());
        }
    });
    view! {
        <section class=CARD data-testid="api-keys">
            <h2 class="mb-1 text-lg font-semibold">{move || i18n.t().settings_api_keys}</h2>
            <p class="mb-4 text-sm text-slate-500">{move || i18n.t().api_keys_hint}</p>
            <form
                class="mb-4 flex flex-wrap items-end gap-3"
                data-testid="api-key-form"
                novalidate
                on:submit=move |ev| {
                    ev.prevent_default();
                    create.dispatch(name.get_untracked());
                }
            >
                <div class="min-w-48 flex-1">
                    <Field label=i18n.signal(|t| t.api_key_name) name="name" error=errors.field("name")>
                        <input class=INPUT name="name" autocomplete="off" bind:value=name />
                    </Field>
                </div>
                <button class=BUTTON type="submit" data-testid="api-key-submit" disabled=move || create.pending().get()>
                    {move || i18n.t().api_key_create}
                </button>
                <FormAlert errors />
            </form>
            {move || secret().map(|secret| view! {
                <div class="mb-4 rounded-md border border-emerald-200 bg-emerald-50 p-3 text-sm" role="status">
                    <p class="mb-1 text-emerald-900">{move || i18n.t().api_key_shown_once}</p>
                    <code class="block break-all rounded bg-white px-2 py-1 font-mono text-xs" data-testid="api-key-secret">
                        {secret}
                    </code>
                </div>
            })}
            {move || revoke_error.get().map(|error| view! { <div class="mb-4"><ErrorBox error /></div> })}
            <Transition fallback=Loading>
                {move || Suspend::new(async move {
                    match keys.await {
                        Err(error) => view! { <ErrorBox error /> }.into_any(),
                        Ok(keys) if keys.is_empty() => view! { <p class="text-sm text-slate-500">{move || i18n.t().api_keys_empty}</p> }.into_any(),
                        Ok(keys) => view! { <ApiKeyTable keys revoke /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn ApiKeyTable(keys: Vec<ApiKey>, revoke: Action<ApiKeyId, Result<ApiKey, ApiError>>) -> impl IntoView {
    let i18n = use_i18n();
    let th = "px-3 py-2 text-left text-xs font-medium uppercase tracking-wide text-slate-500";
    view! {
        <div class="overflow-x-auto">
            <table class="min-w-full divide-y divide-slate-200 text-sm" data-testid="api-key-table">
                <thead>
                    <tr>
                        <th class=th scope="col">{move || i18n.t().api_key_name}</th>
                        <th class=th scope="col">{move || i18n.t().api_key_prefix}</th>
                        <th class=th scope="col">{move || i18n.t().created_at}</th>
                        <th class=th scope="col">{move || i18n.t().api_key_last_used}</th>
                        <th class=th scope="col"><span class="sr-only">{move || i18n.t().actions}</span></th>
                    </tr>
                </thead>
                <tbody class="divide-y divide-slate-100">
                    {keys
                        .into_iter()
                        .map(|key| {
                            let (id, created, last_used, revoked) = (key.id, key.created_at, key.last_used_at, key.revoked_at.is_some());
                            let row_id = id.to_string();
                            view! {
                                <tr data-testid="api-key-row" data-id=row_id class=if revoked { "text-slate-400" } else { "" }>
                                    <td class="px-3 py-2 font-medium">{key.name}</td>
                                    <td class="px-3 py-2 font-mono text-xs">{key.prefix}</td>
                                    <td class="whitespace-nowrap px-3 py-2">{move || format_date(created, i18n.t())}</td>
                                    <td class="whitespace-nowrap px-3 py-2">
                                        {move || last_used.map(|at| format_date(at, i18n.t())).unwrap_or_else(|| i18n.t().never.to_owned())}
                                    </td>
                                    <td class="px-3 py-2 text-right">
                                        {if revoked {
                                            view! { <span class="text-xs" data-testid="api-key-revoked">{move || i18n.t().api_key_revoked}</span> }.into_any()
                                        } else {
                                            view! {
                                                <button class=BUTTON_SECONDARY type="button" data-testid="revoke-key"
                                                    disabled=move || revoke.pending().get()
                                                    on:click=move |_| {
                                                        if confirm(i18n.t().api_key_revoke_confirm) {
                                                            revoke.dispatch(id);
                                                        }
                                                    }>
                                                    {move || i18n.t().api_key_revoke}
                                                </button>
                                            }
                                            .into_any()
                                        }}
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}
