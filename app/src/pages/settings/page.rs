//! The settings page (`/settings`): one card per setting, the office's for admins only.

use leptos::prelude::*;

use super::account::{PasswordForm, SignOutEverywhere};
use super::api_keys::ApiKeys;
use super::office::OfficeSettings;

use crate::components::PageHeader;
use crate::i18n::use_i18n;
use crate::pages::layout::use_is_admin;

#[component]
pub fn SettingsPage() -> impl IntoView {
    let i18n = use_i18n();
    let is_admin = use_is_admin();
    view! {
        <PageHeader title=move || i18n.t().settings.title />
        <div class="grid gap-6 xl:grid-cols-2">
            <Show when=move || is_admin.get()>
                <OfficeSettings />
                <super::ai::AiSettings />
            </Show>
            <div class="xl:col-span-2"><super::availability::AvailabilitySettings /></div>
            <PasswordForm />
            <SignOutEverywhere />
            <div class="xl:col-span-2"><super::mailboxes::MailboxSettings /></div>
            <Show when=move || is_admin.get()>
                <div class="xl:col-span-2">
                    <crate::pages::intake::InboundSettings />
                </div>
                <div class="xl:col-span-2"><super::widget::WidgetSettings /></div>
                <div class="xl:col-span-2">
                    <ApiKeys />
                </div>
            </Show>
        </div>
    }
}
