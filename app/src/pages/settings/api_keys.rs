//! The office's API keys (admins): create, list, revoke.

use crate::components::page_data;
use leptos::prelude::*;

use crate::api::{create_api_key, list_api_keys, revoke_api_key};
use crate::components::{
    BUTTON, Card, Column, ConfirmButton, ErrorBox, Field, FormAlert, FormErrors, INPUT, Loading, Table, failure,
    reloading_action,
};
use crate::i18n::use_i18n;
use model::error::ApiError;
use model::{ApiKey, ApiKeyId};

#[component]
pub(super) fn ApiKeys() -> impl IntoView {
    let i18n = use_i18n();
    let keys = page_data(|| (), |_| list_api_keys());
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
        <Card title=|t| t.settings.api_keys hint=|t| t.settings.api_keys_hint testid="api-keys">
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
                    <Field label=i18n.signal(|t| t.settings.api_key_name) name="name" error=errors.field("name")>
                        <input class=INPUT name="name" autocomplete="off" bind:value=name />
                    </Field>
                </div>
                <button class=BUTTON type="submit" data-testid="api-key-submit" disabled=move || create.pending().get()>
                    {move || i18n.t().settings.api_key_create}
                </button>
                <FormAlert errors />
            </form>
            {move || secret().map(|secret| view! {
                <div class="mb-4 rounded-md border border-emerald-200 bg-emerald-50 p-3 text-sm" role="status">
                    <p class="mb-1 text-emerald-900">{move || i18n.t().settings.api_key_shown_once}</p>
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
                        Ok(keys) if keys.is_empty() => view! { <p class="text-sm text-slate-500">{move || i18n.t().settings.api_keys_empty}</p> }.into_any(),
                        Ok(keys) => view! { <ApiKeyTable keys revoke /> }.into_any(),
                    }
                })}
            </Transition>
        </Card>
    }
}

#[component]
fn ApiKeyTable(keys: Vec<ApiKey>, revoke: Action<ApiKeyId, Result<ApiKey, ApiError>>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Table testid="api-key-table" columns=vec![
            Column::new(|t| t.settings.api_key_name),
            Column::new(|t| t.settings.api_key_prefix),
            Column::new(|t| t.common.created_at),
            Column::new(|t| t.settings.api_key_last_used),
            Column::actions(),
        ]>
            {keys
                .into_iter()
                .map(|key| {
                    let (id, created, last_used, revoked) = (key.id, key.created_at, key.last_used_at, key.revoked_at.is_some());
                    let row_id = id.to_string();
                    view! {
                        <tr data-testid="api-key-row" data-id=row_id class=if revoked { "text-slate-400" } else { "" }>
                            <td class="px-3 py-2 font-medium">{key.name}</td>
                            <td class="px-3 py-2 font-mono text-xs">{key.prefix}</td>
                            <td class="whitespace-nowrap px-3 py-2">{move || i18n.date(created)}</td>
                            <td class="whitespace-nowrap px-3 py-2">
                                {move || last_used.map(|at| i18n.date(at)).unwrap_or_else(|| i18n.t().common.never.to_owned())}
                            </td>
                            <td class="px-3 py-2 text-right">
                                {if revoked {
                                    view! { <span class="text-xs" data-testid="api-key-revoked">{move || i18n.t().settings.api_key_revoked}</span> }.into_any()
                                } else {
                                    view! {
                                        <ConfirmButton action=revoke input=id question=|t| t.settings.api_key_revoke_confirm
                                            label=|t| t.settings.api_key_revoke testid="revoke-key" />
                                    }
                                    .into_any()
                                }}
                            </td>
                        </tr>
                    }
                })
                .collect_view()}
        </Table>
    }
}
