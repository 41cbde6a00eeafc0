//! The team page (`/users`, admins): colleagues, their roles, invitations.

use crate::components::page_data;
use leptos::prelude::*;

use crate::components::{
    BUTTON, BUTTON_SECONDARY, Card, Column, EmptyState, ErrorBox, Field, FormAlert, FormErrors, INPUT, Loading,
    NoAccess, PageHeader, Table, confirm, enum_options, failure,
};
use crate::pages::layout::{use_is_admin, use_me};

use crate::api::{invite_user, list_users, update_user};
use crate::i18n::use_i18n;
use model::error::{ApiError, ErrorCode};
use model::{Role, User, UserId};

/// The roles an office admin may give; super-admins may give every role.
const INVITABLE: &[Role] = &[Role::Admin, Role::Agent];

/// A change to a colleague: a new role, or (de)activation.
type UserChange = (UserId, Option<Role>, Option<bool>);

#[component]
pub fn UsersPage() -> impl IntoView {
    let i18n = use_i18n();
    let is_admin = use_is_admin();
    view! {
        <PageHeader title=move || i18n.t().users.title />
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
    let users = page_data(|| (), |_| list_users());
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
                        view! { <p role="alert" class="text-sm text-red-700">{move || i18n.t().users.cannot_change_self}</p> }.into_any()
                    } else {
                        view! { <ErrorBox error /> }.into_any()
                    };
                    view! { <div class="mb-4">{alert}</div> }
                })}
                <Transition fallback=Loading>
                    {move || Suspend::new(async move {
                        match users.await {
                            Err(error) => view! { <ErrorBox error /> }.into_any(),
                            Ok(users) if users.is_empty() => view! { <EmptyState text=move || i18n.t().users.empty /> }.into_any(),
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
    view! {
        <Table testid="user-table" card=true columns=vec![
            Column::new(|t| t.users.name),
            Column::new(|t| t.users.role),
            Column::new(|t| t.users.state),
            Column::actions(),
        ]>
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
                                    <option value=r.as_str() selected=r == role>{move || i18n.t().users.role(r)}</option>
                                }
                            })
                            .collect_view()
                    };
                    let state = move || {
                        let t = i18n.t();
                        match (active, activated) {
                            (false, _) => (t.users.inactive, "bg-slate-200 text-slate-600"),
                            (true, false) => (t.users.invited, "bg-amber-100 text-amber-800"),
                            (true, true) => (t.users.active, "bg-emerald-100 text-emerald-800"),
                        }
                    };
                    view! {
                        <tr data-testid="user-row" data-id=row_id>
                            <td class="px-4 py-3">
                                <div class="font-medium">{user.name}</div>
                                <div class="text-xs text-slate-500" data-testid="user-email">{user.email}</div>
                            </td>
                            <td class="px-4 py-3">
                                <select class=INPUT name="role" data-testid="role-select" aria-label=move || i18n.t().users.role
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
                                            if !active || confirm(i18n.t().users.deactivate_confirm) {
                                                change.dispatch((id, None, Some(!active)));
                                            }
                                        }>
                                        {move || if active { i18n.t().users.deactivate } else { i18n.t().users.activate }}
                                    </button>
                                </Show>
                            </td>
                        </tr>
                    }
                })
                .collect_view()}
        </Table>
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
    let errors = FormErrors::new(failure(invite.value())).on_conflict(|t| t.users.email_taken);
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
        <Card title=|t| t.users.invite>
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
                <Field label=i18n.signal(|t| t.common.email) name="email" error=errors.field("email")>
                    <input class=INPUT type="email" name="email" autocomplete="off" bind:value=email />
                </Field>
                <Field label=i18n.signal(|t| t.users.name) name="name" error=errors.field("name")>
                    <input class=INPUT name="name" autocomplete="off" bind:value=name />
                </Field>
                <Field label=i18n.signal(|t| t.users.role) name="role" error=errors.field("role")>
                    <select class=INPUT name="role" prop:value=role on:change=move |ev| role.set(event_target_value(&ev))>
                        {move || enum_options(roles(), Role::as_str, |t, v| t.users.role(v), role.into())}
                    </select>
                </Field>
                <div class="flex flex-wrap items-center gap-3">
                    <button class=BUTTON type="submit" data-testid="invite-submit" disabled=move || invite.pending().get()>
                        {move || i18n.t().users.invite_send}
                    </button>
                    <FormAlert errors />
                </div>
            </form>
            {move || link().map(|(email, link)| view! {
                <div class="mt-4 rounded-md border border-emerald-200 bg-emerald-50 p-3 text-sm" role="status">
                    <p class="mb-1 text-emerald-900">{move || i18n.t().users.invite_link}</p>
                    <input class=format!("{INPUT} font-mono text-xs") readonly value=link.clone() data-testid="invite-link"
                        on:focus=select_all />
                    <p class="mt-1 text-xs text-emerald-900" data-testid="invite-email">{email.clone()}</p>
                </div>
            })}
        </Card>
    }
}
