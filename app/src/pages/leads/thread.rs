//! The lead's conversation: every message to and from the lead, oldest first, ours with where it
//! stands (sent, not delivered and why, kept in the outbox), and a composer that writes the next.

use leptos::prelude::*;

use super::follow_ups::FollowUps;
use crate::api::send_lead_mail;
use crate::components::{BUTTON, CARD, Field, FormAlert, FormErrors, INPUT, failure};
use crate::i18n::use_i18n;
use model::{FollowUp, LeadId, MailStatus, MessageDirection, ThreadMessage};

#[component]
pub(super) fn Thread(
    id: LeadId,
    thread: Vec<ThreadMessage>,
    follow_up: Option<FollowUp>,
    refresh: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    // The answer keeps the conversation's subject.
    let last_subject = thread.iter().rev().find_map(|m| m.subject.clone());
    let empty = thread.is_empty();
    view! {
        <section class=CARD data-testid="lead-thread">
            <h2 class="mb-3 text-lg font-semibold">{move || i18n.t().leads.thread}</h2>
            {follow_up.map(|follow_up| view! { <FollowUps id follow_up refresh /> })}
            {empty.then(|| view! { <p class="text-sm text-slate-500">{move || i18n.t().leads.thread_empty}</p> })}
            <ol class="space-y-3">
                {thread.into_iter().map(|m| view! { <Message m /> }).collect_view()}
            </ol>
            <Composer id last_subject refresh />
        </section>
    }
}

#[component]
fn Message(m: ThreadMessage) -> impl IntoView {
    let i18n = use_i18n();
    let out = m.direction == MessageDirection::Out;
    let class = if out {
        "ml-8 rounded-md border border-sky-100 bg-sky-50 px-3 py-2"
    } else {
        "mr-8 rounded-md border border-slate-200 bg-white px-3 py-2"
    };
    let who = if out { m.to.clone().map(|t| format!("→ {t}")) } else { m.from.clone() };
    let at = m.sent_at.unwrap_or(m.created_at);
    let status = m.status;
    let error = m.error.clone();
    view! {
        <li class=class data-testid="thread-message" data-direction=m.direction.as_str()
            data-status=status.map(MailStatus::as_str)>
            <p class="flex flex-wrap gap-x-2 text-xs text-slate-500">
                <span>{who}</span>
                <span>{move || i18n.date_time(at)}</span>
                {status.map(|s| view! {
                    <span class=if matches!(s, MailStatus::Failed | MailStatus::Unconfirmed | MailStatus::Kept) { "font-medium text-amber-800" } else { "" }
                        data-testid="thread-status">
                        {move || {
                            let t = i18n.t();
                            match s {
                                MailStatus::Queued | MailStatus::Sending => t.leads.mail_queued,
                                MailStatus::Sent => t.leads.mail_sent,
                                MailStatus::Failed => t.leads.mail_failed,
                                MailStatus::Unconfirmed => t.leads.mail_unconfirmed,
                                MailStatus::Kept => t.leads.mail_kept,
                            }
                        }}
                    </span>
                })}
            </p>
            {m.subject.map(|s| view! { <p class="text-sm font-medium">{s}</p> })}
            <p class="whitespace-pre-line text-sm text-slate-800">{m.body}</p>
            {error.map(|e| view! { <p class="mt-1 text-xs text-red-700" data-testid="thread-error">{e}</p> })}
        </li>
    }
}

#[component]
fn Composer(id: LeadId, last_subject: Option<String>, refresh: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let subject = RwSignal::new(match last_subject {
        Some(s) if s.to_lowercase().starts_with("re:") => s,
        Some(s) => format!("Re: {s}"),
        None => String::new(),
    });
    let body = RwSignal::new(String::new());
    let send = Action::new(move |(subject, body): &(String, String)| {
        let (subject, body) = (subject.clone(), body.clone());
        async move {
            let sent = send_lead_mail(id, subject, body).await;
            if sent.is_ok() {
                refresh.run(());
            }
            sent
        }
    });
    let errors = FormErrors::new(failure(send.value()));
    view! {
        <form
            class="mt-4 space-y-3 border-t border-slate-100 pt-4"
            data-testid="thread-composer"
            novalidate
            on:submit=move |ev| {
                ev.prevent_default();
                send.dispatch((subject.get_untracked(), body.get_untracked()));
            }
        >
            <Field label=i18n.signal(|t| t.leads.thread_subject) name="subject" error=errors.field("subject")>
                <input class=INPUT name="subject" data-testid="thread-subject"
                    placeholder=move || i18n.t().leads.thread_default_subject bind:value=subject />
            </Field>
            <Field label=i18n.signal(|t| t.leads.thread_body) name="body" error=errors.field("body")>
                <textarea class=INPUT name="body" rows="5" data-testid="thread-body" bind:value=body></textarea>
            </Field>
            <div class="flex items-center gap-3">
                <button class=BUTTON type="submit" data-testid="thread-send" disabled=move || send.pending().get()>
                    {move || i18n.t().leads.thread_send}
                </button>
                <FormAlert errors />
            </div>
        </form>
    }
}
