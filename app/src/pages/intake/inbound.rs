//! The office's inbound mail (admins): the address portal notifications are posted to, and what
//! became of the mail received there, with a way to process a mail again after a parser fix.

use crate::components::page_data;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::{inbound_address, list_inbound_emails, reprocess_inbound_email, rotate_inbound_address};
use crate::components::{BUTTON_SECONDARY, Card, ConfirmButton, ErrorBox, INPUT, Loading, failure, reloading_action};
use crate::i18n::use_i18n;
use model::error::ApiError;
use model::{InboundEmailId, InboundEmailSummary, InboundStatus};

fn status_classes(s: InboundStatus) -> &'static str {
    match s {
        InboundStatus::Parsed => "bg-emerald-100 text-emerald-800",
        InboundStatus::Unrecognised => "bg-slate-100 text-slate-700",
        InboundStatus::Failed => "bg-red-100 text-red-800",
        InboundStatus::Received => "bg-amber-100 text-amber-800",
    }
}

#[component]
pub fn InboundSettings() -> impl IntoView {
    let i18n = use_i18n();
    let address = page_data(|| (), |_| inbound_address());
    let mails = page_data(|| (), |_| list_inbound_emails(None));
    let rotate = reloading_action(move || address.refetch(), |()| rotate_inbound_address());
    let rotate_error = failure(rotate.value());
    view! {
        <Card title=|t| t.intake.inbound_title hint=|t| t.intake.inbound_hint testid="inbound-settings">
            <Transition fallback=Loading>
                {move || Suspend::new(async move {
                    match address.await {
                        Err(error) => view! { <ErrorBox error /> }.into_any(),
                        Ok(url) => view! {
                            <div class="mb-4 flex flex-wrap items-center gap-3">
                                <input class=INPUT readonly value=url data-testid="inbound-address"
                                    aria-label=move || i18n.t().intake.inbound_title />
                                <ConfirmButton action=rotate input=() question=|t| t.intake.inbound_rotate_confirm
                                    label=|t| t.intake.inbound_rotate testid="inbound-rotate" />
                            </div>
                        }.into_any(),
                    }
                })}
            </Transition>
            {move || rotate_error.get().map(|error| view! { <div class="mb-4"><ErrorBox error /></div> })}
            <h3 class="mb-2 text-sm font-semibold text-slate-700">{move || i18n.t().intake.inbound_recent}</h3>
            <InboundMail mails />
        </Card>
    }
}

/// Received mail with a reprocess button per message; reprocessing reloads `mails`.
#[component]
pub fn InboundMail(mails: Resource<Result<Vec<InboundEmailSummary>, ApiError>>) -> impl IntoView {
    let i18n = use_i18n();
    let reprocess = reloading_action(move || mails.refetch(), reprocess_inbound_email);
    let reprocess_error = failure(reprocess.value());
    view! {
        {move || reprocess_error.get().map(|error| view! { <div class="mb-4"><ErrorBox error /></div> })}
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match mails.await {
                    Err(error) => view! { <ErrorBox error /> }.into_any(),
                    Ok(mails) if mails.is_empty() => {
                        view! { <p class="text-sm text-slate-500" data-testid="inbound-empty">{move || i18n.t().intake.inbound_empty}</p> }.into_any()
                    }
                    Ok(mails) => view! { <InboundList mails reprocess /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn InboundList(
    mails: Vec<InboundEmailSummary>,
    reprocess: Action<InboundEmailId, Result<InboundEmailSummary, ApiError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ul class="divide-y divide-slate-100" data-testid="inbound-list">
            {mails
                .into_iter()
                .map(|mail| {
                    let (id, status, received) = (mail.id, mail.status, mail.received_at);
                    let detail = mail.error.clone().or_else(|| mail.warnings.first().cloned());
                    let retry = matches!(status, InboundStatus::Failed | InboundStatus::Unrecognised | InboundStatus::Received);
                    view! {
                        <li class="flex flex-wrap items-center gap-3 py-2 text-sm" data-testid="inbound-row" data-status=status.as_str()>
                            <span class=format!("rounded px-2 py-0.5 text-xs font-medium {}", status_classes(status))>
                                {move || i18n.t().intake.inbound_status(status)}
                            </span>
                            <div class="min-w-0 flex-1">
                                <p class="truncate font-medium">{mail.subject.unwrap_or_default()}</p>
                                <p class="truncate text-xs text-slate-500">
                                    {mail.from_address.unwrap_or_default()}
                                    {detail.map(|d| move || format!(" · {}", i18n.t().intake.note(&d)))}
                                </p>
                            </div>
                            <span class="whitespace-nowrap text-xs text-slate-500">{move || i18n.date_time(received)}</span>
                            {mail.lead_id.map(|lead| view! {
                                <A href=format!("/leads/{lead}") attr:class="text-xs font-medium text-sky-700 hover:underline">
                                    {move || i18n.t().intake.inbound_open_lead}
                                </A>
                            })}
                            {retry.then(|| view! {
                                <button class=BUTTON_SECONDARY type="button" data-testid="inbound-reprocess"
                                    disabled=move || reprocess.pending().get()
                                    on:click=move |_| { reprocess.dispatch(id); }
                                >{move || i18n.t().intake.inbound_reprocess}</button>
                            })}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}
