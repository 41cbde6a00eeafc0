//! The office's website widget (admins): the snippet to paste into the office's own site, the
//! site origins allowed to post inquiries, and a way to retire the public key.

use crate::components::page_data;
use leptos::prelude::*;

use crate::api::{get_widget_settings, rotate_widget_key, update_widget_origins};
use crate::components::{
    BUTTON, BUTTON_SECONDARY, Card, ConfirmButton, ErrorBox, INPUT, Loaded, SavedNote, failure, reloading_action,
};
use crate::i18n::{Texts, use_i18n};
use model::WidgetSetup;
use model::error::{ApiError, ErrorCode};

/// The `<script>` tag an office pastes into its pages.
fn snippet(setup: &WidgetSetup) -> String {
    format!(
        r#"<script src="{}" data-key="{}" data-property="" data-lang="de" async></script>"#,
        setup.script_url, setup.widget.key
    )
}

/// Origin errors in the user's language, naming the line that failed.
fn origin_errors(error: &ApiError, lines: &[String], t: &Texts) -> Option<Vec<String>> {
    if error.code != ErrorCode::BadUserInput || error.fields.is_empty() {
        return None;
    }
    Some(
        error
            .fields
            .iter()
            .map(|f| {
                let line = f
                    .field
                    .strip_prefix("origins.")
                    .and_then(|i| i.parse::<usize>().ok())
                    .and_then(|i| lines.get(i))
                    .cloned()
                    .unwrap_or_else(|| f.field.clone());
                let why = match f.code.as_str() {
                    "insecure_origin" => t.settings.widget_origin_insecure,
                    "origin_with_path" => t.settings.widget_origin_path,
                    "invalid_origin" => t.settings.widget_origin_invalid,
                    other => t.errors.field_error(other),
                };
                format!("{line}: {why}")
            })
            .collect(),
    )
}

#[component]
pub fn WidgetSettings() -> impl IntoView {
    let _i18n = use_i18n();
    let setup = page_data(|| (), |_| get_widget_settings());
    let rotate = reloading_action(move || setup.refetch(), |()| rotate_widget_key());
    let rotate_error = failure(rotate.value());
    view! {
        <Card title=|t| t.settings.widget_title hint=|t| t.settings.widget_hint testid="widget-settings">
            <Loaded resource=setup view=move |loaded| view! { <WidgetForm loaded rotate /> } />
            {move || rotate_error.get().map(|error| view! { <div class="mt-4"><ErrorBox error /></div> })}
        </Card>
    }
}

#[component]
fn WidgetForm(loaded: WidgetSetup, rotate: Action<(), Result<WidgetSetup, ApiError>>) -> impl IntoView {
    let i18n = use_i18n();
    let code = snippet(&loaded);
    let key = loaded.widget.key.clone();
    let origins = RwSignal::new(loaded.widget.origins.join("\n"));
    let copied = RwSignal::new(false);
    let lines = move || origins.get().lines().map(|l| l.trim().to_owned()).collect::<Vec<_>>();
    let save = Action::new(move |lines: &Vec<String>| update_widget_origins(lines.clone()));
    let saved = Signal::derive(move || matches!(save.value().get(), Some(Ok(_))));
    let save_error = failure(save.value());
    Effect::new(move |_| {
        if let Some(Ok(setup)) = save.value().get() {
            origins.set(setup.widget.origins.join("\n"));
        }
    });
    view! {
        <div class="space-y-5">
            <div>
                <label class="mb-1 block text-sm font-medium text-slate-700" for="widget-key">{move || i18n.t().settings.widget_key}</label>
                <div class="flex flex-wrap items-center gap-3">
                    <input id="widget-key" class=INPUT readonly value=key data-testid="widget-key" />
                    <ConfirmButton action=rotate input=() question=|t| t.settings.widget_rotate_confirm
                        label=|t| t.settings.widget_rotate testid="widget-rotate" />
                </div>
            </div>
            <div>
                <label class="mb-1 block text-sm font-medium text-slate-700" for="widget-snippet">{move || i18n.t().settings.widget_snippet}</label>
                <p class="mb-2 text-xs text-slate-500">{move || i18n.t().settings.widget_snippet_hint}</p>
                <textarea id="widget-snippet" class=format!("{INPUT} font-mono text-xs") rows="3" readonly
                    data-testid="widget-snippet" prop:value=code></textarea>
                <div class="mt-2 flex items-center gap-3">
                    // The copy itself is one line of inline script (the CSP allows inline
                    // handlers): web-sys' Clipboard feature would rebuild the whole Leptos stack.
                    <button class=BUTTON_SECONDARY type="button" data-testid="widget-copy"
                        onclick="navigator.clipboard && navigator.clipboard.writeText(document.getElementById('widget-snippet').value)"
                        on:click=move |_| copied.set(true)
                    >{move || i18n.t().settings.widget_copy}</button>
                    <Show when=move || copied.get()>
                        <span class="text-sm text-emerald-700" role="status">{move || i18n.t().settings.widget_copied}</span>
                    </Show>
                </div>
            </div>
            <form on:submit=move |ev| {
                ev.prevent_default();
                save.dispatch(lines());
            }>
                <label class="mb-1 block text-sm font-medium text-slate-700" for="widget-origins">{move || i18n.t().settings.widget_origins}</label>
                <p class="mb-2 text-xs text-slate-500">{move || i18n.t().settings.widget_origins_hint}</p>
                <textarea id="widget-origins" class=INPUT rows="4" data-testid="widget-origins"
                    placeholder="https://www.example.de"
                    prop:value=move || origins.get()
                    on:input=move |ev| origins.set(event_target_value(&ev))
                ></textarea>
                {move || save_error.get().map(|error| {
                    let t = i18n.t();
                    match origin_errors(&error, &lines(), t) {
                        Some(messages) => view! {
                            <ul role="alert" class="mt-2 space-y-1 text-sm text-red-700" data-testid="widget-origin-errors">
                                {messages.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}
                            </ul>
                        }.into_any(),
                        None => view! { <div class="mt-2"><ErrorBox error /></div> }.into_any(),
                    }
                })}
                <div class="mt-3 flex items-center gap-3">
                    <button class=BUTTON type="submit" data-testid="widget-origins-save"
                        disabled=move || save.pending().get()
                    >{move || i18n.t().settings.widget_origins_save}</button>
                    <SavedNote when=saved />
                </div>
            </form>
        </div>
    }
}
