//! IMAP mailboxes in the settings: the office's (admins) or one's own (agents), with whether the
//! poller reaches them, a connection test, and a form to add or change one. The password is
//! write-only: the form never shows a stored one.

use crate::components::page_data;
use leptos::prelude::*;

use crate::api::{create_mailbox, delete_mailbox, list_mailboxes, test_mailbox, update_mailbox};
use crate::components::{
    BUTTON, BUTTON_SECONDARY, Card, ConfirmButton, ErrorBox, Field, FormAlert, FormErrors, INPUT, Loading,
    enum_options, failure, non_empty, parse_number, reloading_action,
};
use crate::i18n::{Texts, use_i18n};
use model::error::ApiError;
use model::{Mailbox, MailboxCheck, MailboxId, MailboxInput, MailboxSecurity};

type Save = (Option<MailboxId>, MailboxInput);

fn security_label(_: &Texts, s: MailboxSecurity) -> &'static str {
    match s {
        MailboxSecurity::Tls => "SSL/TLS (993)",
        MailboxSecurity::Starttls => "STARTTLS (143)",
    }
}

fn smtp_security_label(_: &Texts, s: MailboxSecurity) -> &'static str {
    match s {
        MailboxSecurity::Tls => "SSL/TLS (465)",
        MailboxSecurity::Starttls => "STARTTLS (587)",
    }
}

#[component]
pub fn MailboxSettings() -> impl IntoView {
    let i18n = use_i18n();
    let mailboxes = page_data(|| (), |_| list_mailboxes());
    // `Some(mailbox)` while one is edited; the form adds a new one otherwise.
    let editing = RwSignal::new(None::<Mailbox>);
    // Bumped after a save: the form starts empty again.
    let saved = RwSignal::new(0u32);
    let save = Action::new(move |(id, input): &Save| {
        let (id, input) = (*id, input.clone());
        async move {
            let result = match id {
                Some(id) => update_mailbox(id, input).await,
                None => create_mailbox(input).await,
            };
            if result.is_ok() {
                editing.set(None);
                saved.update(|n| *n += 1);
                mailboxes.refetch();
            }
            result
        }
    });
    let remove = reloading_action(move || mailboxes.refetch(), delete_mailbox);
    let test = Action::new(|id: &MailboxId| {
        let id = *id;
        async move { (id, test_mailbox(id).await) }
    });
    let remove_error = failure(remove.value());
    view! {
        <Card title=|t| t.settings.mailboxes_title hint=|t| t.settings.mailboxes_hint testid="mailbox-settings">
            {move || remove_error.get().map(|error| view! { <div class="mb-4"><ErrorBox error /></div> })}
            <Transition fallback=Loading>
                {move || Suspend::new(async move {
                    match mailboxes.await {
                        Err(error) => view! { <ErrorBox error /> }.into_any(),
                        Ok(list) if list.is_empty() => view! {
                            <p class="mb-4 text-sm text-slate-500" data-testid="mailboxes-empty">{move || i18n.t().settings.mailboxes_empty}</p>
                        }.into_any(),
                        Ok(list) => view! { <MailboxList list editing remove test /> }.into_any(),
                    }
                })}
            </Transition>
            {move || {
                saved.track();
                let current = editing.get();
                view! { <MailboxForm current save editing /> }
            }}
        </Card>
    }
}

#[component]
fn MailboxList(
    list: Vec<Mailbox>,
    editing: RwSignal<Option<Mailbox>>,
    remove: Action<MailboxId, Result<(), ApiError>>,
    test: Action<MailboxId, (MailboxId, Result<MailboxCheck, ApiError>)>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ul class="mb-4 divide-y divide-slate-100" data-testid="mailbox-list">
            {list
                .into_iter()
                .map(|m| {
                    let id = m.id;
                    let row = m.clone();
                    let polled = m.last_polled_at;
                    let owner = m.user_id.is_some();
                    let result = move || test.value().get().filter(|(tested, _)| *tested == id).map(|(_, r)| r);
                    view! {
                        <li class="py-3 text-sm" data-testid="mailbox-row" data-id=id.to_string()>
                            <div class="flex flex-wrap items-center gap-3">
                                <div class="min-w-0 flex-1">
                                    <p class="truncate font-medium">{format!("{} @ {}:{}", m.username, m.host, m.port)}</p>
                                    <p class="truncate text-xs text-slate-500">
                                        {format!("{} · {} · ", m.folder, m.security.as_str())}
                                        {move || if owner { i18n.t().settings.mailbox_personal } else { i18n.t().settings.mailbox_shared }}
                                        {(!m.enabled).then(|| view! { " · " {move || i18n.t().settings.mailbox_paused} })}
                                    </p>
                                    <p class="text-xs text-slate-500" data-testid="mailbox-polled">
                                        {move || match polled {
                                            Some(at) => format!("{}: {}", i18n.t().settings.mailbox_last_polled, i18n.date_time(at)),
                                            None => i18n.t().settings.mailbox_never_polled.to_owned(),
                                        }}
                                    </p>
                                    {m.smtp_host.clone().map(|smtp| view! {
                                        <p class="truncate text-xs text-slate-500" data-testid="mailbox-sends">
                                            {move || i18n.t().settings.mailbox_sends} " "
                                            {format!("{smtp}:{}", m.smtp_port.unwrap_or_default())}
                                        </p>
                                    })}
                                    {m.last_error.map(|e| view! { <p class="text-xs text-red-700" data-testid="mailbox-error">{e}</p> })}
                                </div>
                                <button class=BUTTON_SECONDARY type="button" data-testid="mailbox-test"
                                    disabled=move || test.pending().get()
                                    on:click=move |_| { test.dispatch(id); }
                                >{move || i18n.t().settings.mailbox_test}</button>
                                <button class=BUTTON_SECONDARY type="button" data-testid="mailbox-edit"
                                    on:click=move |_| editing.set(Some(row.clone()))
                                >{move || i18n.t().common.edit}</button>
                                <ConfirmButton action=remove input=id question=|t| t.settings.mailbox_delete_confirm
                                    label=|t| t.common.delete testid="mailbox-delete" />
                            </div>
                            {move || result().map(|r| match r {
                                Err(error) => view! { <div class="mt-2"><ErrorBox error /></div> }.into_any(),
                                Ok(check) => view! { <CheckResult check /> }.into_any(),
                            })}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

#[component]
fn CheckResult(check: MailboxCheck) -> impl IntoView {
    let i18n = use_i18n();
    let (class, status) = if check.ok {
        ("mt-2 rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-emerald-900", "ok")
    } else {
        ("mt-2 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-red-800", "failed")
    };
    view! {
        <p class=class role="status" data-testid="mailbox-test-result" data-status=status>
            {move || {
                let t = i18n.t();
                if check.ok {
                    let mut text = t.settings.mailbox_test_ok.to_owned();
                    if let Some(n) = check.messages {
                        text.push_str(&format!(" · {n} {}", t.settings.mailbox_test_messages));
                    }
                    if check.idle {
                        text.push_str(&format!(" · {}", t.settings.mailbox_test_idle));
                    }
                    text
                } else {
                    format!("{}: {}", t.settings.mailbox_test_failed, check.error.clone().unwrap_or_default())
                }
            }}
        </p>
    }
}

#[component]
fn MailboxForm(
    current: Option<Mailbox>,
    save: Action<Save, Result<Mailbox, ApiError>>,
    editing: RwSignal<Option<Mailbox>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = current.as_ref().map(|m| m.id);
    let host = RwSignal::new(current.as_ref().map(|m| m.host.clone()).unwrap_or_default());
    let port = RwSignal::new(current.as_ref().map(|m| m.port.to_string()).unwrap_or_default());
    let security = RwSignal::new(current.as_ref().map_or(MailboxSecurity::Tls, |m| m.security).as_str().to_owned());
    let username = RwSignal::new(current.as_ref().map(|m| m.username.clone()).unwrap_or_default());
    let password = RwSignal::new(String::new());
    let folder = RwSignal::new(current.as_ref().map(|m| m.folder.clone()).unwrap_or_else(|| "INBOX".to_owned()));
    let enabled = RwSignal::new(current.as_ref().is_none_or(|m| m.enabled));
    let text_of = |f: fn(&Mailbox) -> Option<String>| RwSignal::new(current.as_ref().and_then(f).unwrap_or_default());
    let smtp_host = text_of(|m| m.smtp_host.clone());
    let smtp_port = text_of(|m| m.smtp_port.map(|p| p.to_string()));
    let smtp_security = RwSignal::new(
        current.as_ref().and_then(|m| m.smtp_security).unwrap_or(MailboxSecurity::Starttls).as_str().to_owned(),
    );
    let from_address = text_of(|m| m.from_address.clone());
    let from_name = text_of(|m| m.from_name.clone());
    let errors = FormErrors::new(failure(save.value()));
    let title = move || if id.is_some() { i18n.t().settings.mailbox_edit } else { i18n.t().settings.mailbox_add };
    view! {
        <form
            class="space-y-4 border-t border-slate-100 pt-4"
            data-testid="mailbox-form"
            novalidate
            on:submit=move |ev| {
                ev.prevent_default();
                let mut found = Vec::new();
                let port = parse_number::<i32>("port", &port.get_untracked(), &mut found);
                let smtp_port = parse_number::<i32>("smtp_port", &smtp_port.get_untracked(), &mut found);
                if errors.check(found) {
                    save.dispatch((id, MailboxInput {
                        host: Some(host.get_untracked()),
                        port,
                        security: security.get_untracked().parse().ok(),
                        username: Some(username.get_untracked()),
                        password: non_empty(&password.get_untracked()),
                        folder: non_empty(&folder.get_untracked()),
                        enabled: Some(enabled.get_untracked()),
                        // Sent as typed: blank switches sending off, or clears the sender.
                        smtp_host: Some(smtp_host.get_untracked()),
                        smtp_port,
                        smtp_security: smtp_security.get_untracked().parse().ok(),
                        from_address: Some(from_address.get_untracked()),
                        from_name: Some(from_name.get_untracked()),
                        user_id: None,
                    }));
                }
            }
        >
            <h3 class="text-sm font-semibold text-slate-700">{title}</h3>
            <div class="grid gap-4 sm:grid-cols-3">
                <div class="sm:col-span-2">
                    <Field label=i18n.signal(|t| t.settings.mailbox_host) name="mailbox_host" error=errors.field("host")>
                        <input class=INPUT name="mailbox_host" autocomplete="off" placeholder="imap.example.de" bind:value=host />
                    </Field>
                </div>
                <Field label=i18n.signal(|t| t.settings.mailbox_security) name="mailbox_security" error=errors.field("security")>
                    <select class=INPUT name="mailbox_security" prop:value=security on:change=move |ev| security.set(event_target_value(&ev))>
                        {enum_options(MailboxSecurity::ALL, MailboxSecurity::as_str, security_label, security.into())}
                    </select>
                </Field>
                <Field label=i18n.signal(|t| t.settings.mailbox_username) name="mailbox_username" error=errors.field("username")>
                    <input class=INPUT name="mailbox_username" autocomplete="off" bind:value=username />
                </Field>
                <Field label=i18n.signal(|t| t.settings.mailbox_password) name="mailbox_password" error=errors.field("password")>
                    <input class=INPUT type="password" name="mailbox_password" autocomplete="new-password"
                        placeholder=move || if id.is_some() { i18n.t().settings.mailbox_password_keep } else { "" }
                        bind:value=password />
                </Field>
                <Field label=i18n.signal(|t| t.settings.mailbox_port) name="mailbox_port" error=errors.field("port")>
                    <input class=INPUT name="mailbox_port" inputmode="numeric" placeholder="993" bind:value=port />
                </Field>
                <Field label=i18n.signal(|t| t.settings.mailbox_folder) name="mailbox_folder" error=errors.field("folder")>
                    <input class=INPUT name="mailbox_folder" bind:value=folder />
                </Field>
            </div>
            <label class="flex items-center gap-2 text-sm" data-field="mailbox_enabled">
                <input type="checkbox" name="mailbox_enabled" class="h-4 w-4 rounded border-slate-300" bind:checked=enabled />
                <span class="font-medium text-slate-700">{move || i18n.t().settings.mailbox_enabled}</span>
            </label>
            <fieldset class="space-y-3 rounded-md border border-slate-200 p-4" data-testid="mailbox-sending">
                <legend class="px-1 text-sm font-semibold text-slate-700">{move || i18n.t().settings.mailbox_sending}</legend>
                <p class="text-xs text-slate-500">{move || i18n.t().settings.mailbox_sending_hint}</p>
                <div class="grid gap-4 sm:grid-cols-3">
                    <div class="sm:col-span-2">
                        <Field label=i18n.signal(|t| t.settings.mailbox_smtp_host) name="mailbox_smtp_host" error=errors.field("smtp_host")>
                            <input class=INPUT name="mailbox_smtp_host" autocomplete="off" placeholder="smtp.example.de" bind:value=smtp_host />
                        </Field>
                    </div>
                    <Field label=i18n.signal(|t| t.settings.mailbox_smtp_security) name="mailbox_smtp_security" error=errors.field("smtp_security")>
                        <select class=INPUT name="mailbox_smtp_security" prop:value=smtp_security on:change=move |ev| smtp_security.set(event_target_value(&ev))>
                            {enum_options(MailboxSecurity::ALL, MailboxSecurity::as_str, smtp_security_label, smtp_security.into())}
                        </select>
                    </Field>
                    <Field label=i18n.signal(|t| t.settings.mailbox_from_address) name="mailbox_from_address" error=errors.field("from_address")>
                        <input class=INPUT type="email" name="mailbox_from_address" autocomplete="off" placeholder=move || username.get() bind:value=from_address />
                    </Field>
                    <Field label=i18n.signal(|t| t.settings.mailbox_from_name) name="mailbox_from_name" error=errors.field("from_name")>
                        <input class=INPUT name="mailbox_from_name" autocomplete="off" bind:value=from_name />
                    </Field>
                    <Field label=i18n.signal(|t| t.settings.mailbox_smtp_port) name="mailbox_smtp_port" error=errors.field("smtp_port")>
                        <input class=INPUT name="mailbox_smtp_port" inputmode="numeric" placeholder="587" bind:value=smtp_port />
                    </Field>
                </div>
            </fieldset>
            <div class="flex flex-wrap items-center gap-3">
                <button class=BUTTON type="submit" data-testid="mailbox-submit" disabled=move || save.pending().get()>
                    {move || i18n.t().common.save}
                </button>
                {id.map(|_| view! {
                    <button class=BUTTON_SECONDARY type="button" on:click=move |_| editing.set(None)>
                        {move || i18n.t().common.cancel}
                    </button>
                })}
                <FormAlert errors />
            </div>
        </form>
    }
}
