//! The office's settings (admins): time zone, language, replies, viewing times, follow-ups.

use crate::components::page_data;
use leptos::prelude::*;

use super::availability::{Week, WeekEditor};
use crate::api::{get_tenant_settings, update_tenant_settings};
use crate::components::{Card, Field, FormErrors, INPUT, Loaded, SelectField, SubmitRow, failure, non_empty};
use crate::i18n::use_i18n;
use model::{FollowUpPlan, Locale, TenantSettings, TenantSettingsInput};

/// Time zones offered in the settings; any IANA name can be typed.
const TIME_ZONES: [&str; 6] =
    ["Europe/Berlin", "Europe/Vienna", "Europe/Zurich", "Europe/Luxembourg", "Europe/Amsterdam", "Europe/London"];

#[component]
pub(super) fn OfficeSettings() -> impl IntoView {
    let _i18n = use_i18n();
    let settings = page_data(|| (), |_| get_tenant_settings());
    view! {
        <Card title=|t| t.settings.office testid="office-settings">
            <Loaded resource=settings view=move |settings| view! { <OfficeSettingsForm settings /> } />
        </Card>
    }
}

/// "3, 7 14" as days; what is no day stays in as 0, which the server names at the field.
fn days_of(text: &str) -> Vec<u16> {
    text.split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .filter(|d| !d.is_empty())
        .map(|d| d.parse().unwrap_or(0))
        .collect()
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
    let follow_up_days =
        RwSignal::new(settings.follow_ups.days.iter().map(u16::to_string).collect::<Vec<_>>().join(", "));
    let follow_up_automatic = RwSignal::new(settings.follow_ups.automatic);
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
                    follow_ups: Some(FollowUpPlan {
                        days: days_of(&follow_up_days.get_untracked()),
                        automatic: follow_up_automatic.get_untracked(),
                    }),
                    ..TenantSettingsInput::default()
                });
            }
        >
            <div class="grid gap-4 sm:grid-cols-2">
                <SelectField label=|t| t.settings.office_language name="locale" errors value=locale
                    all=Locale::ALL code=Locale::as_str option=|t, v| t.common.locale_name(v) />
                <Field label=i18n.signal(|t| t.settings.time_zone) name="time_zone" error=errors.field("time_zone")>
                    <input class=INPUT name="time_zone" list="time-zones" value=time_zone.get_untracked() bind:value=time_zone />
                    <datalist id="time-zones">
                        {TIME_ZONES.into_iter().map(|z| view! { <option value=z /> }).collect_view()}
                    </datalist>
                </Field>
            </div>
            <label class="flex items-center gap-2 text-sm" data-field="auto_reply">
                <input type="checkbox" name="auto_reply" class="h-4 w-4 rounded border-slate-300"
                    checked=auto_reply.get_untracked() bind:checked=auto_reply />
                <span class="font-medium text-slate-700">{move || i18n.t().settings.auto_reply}</span>
            </label>
            <Field label=i18n.signal(|t| t.settings.reply_tone) name="reply_tone" error=errors.field("reply_tone")>
                <input class=INPUT name="reply_tone" value=reply_tone.get_untracked() bind:value=reply_tone />
            </Field>
            <Field label=i18n.signal(|t| t.settings.signature) name="email_signature" error=errors.field("email_signature")>
                <textarea class=INPUT name="email_signature" rows="4" bind:value=signature>{signature.get_untracked()}</textarea>
            </Field>
            <div data-testid="office-viewing-times">
                <h3 class="text-sm font-medium text-slate-700">{move || i18n.t().settings.viewing_times}</h3>
                <p class="mb-2 text-xs text-slate-500">{move || i18n.t().settings.viewing_times_hint}</p>
                <WeekEditor week disabled=false error=errors.field("viewing_slots") />
            </div>
            <div data-testid="office-follow-ups" class="space-y-2">
                <h3 class="text-sm font-medium text-slate-700">{move || i18n.t().settings.follow_ups}</h3>
                <p class="text-xs text-slate-500">{move || i18n.t().settings.follow_ups_hint}</p>
                <Field label=i18n.signal(|t| t.settings.follow_up_days) name="follow_ups.days" error=errors.field("follow_ups.days")>
                    <input class=INPUT name="follow_ups.days" inputmode="numeric" data-testid="follow-up-days"
                        value=follow_up_days.get_untracked() bind:value=follow_up_days />
                </Field>
                <label class="flex items-center gap-2 text-sm" data-field="follow_ups.automatic">
                    <input type="checkbox" name="follow_ups.automatic" class="h-4 w-4 rounded border-slate-300"
                        checked=follow_up_automatic.get_untracked() bind:checked=follow_up_automatic />
                    <span class="font-medium text-slate-700">{move || i18n.t().settings.follow_up_automatic}</span>
                </label>
            </div>
            <SubmitRow action=save errors label=|t| t.common.save testid="settings-submit" />
        </form>
    }
}
