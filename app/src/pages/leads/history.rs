//! What a lead's page shows of its past: the inquiries behind it, notes, and the timeline.

use leptos::prelude::*;

use crate::api::{add_lead_note, inbound_email_source};
use crate::components::{
    BUTTON, BrowserData, CARD, Card, ErrorBox, Field, FormAlert, FormErrors, INPUT, Loading, failure,
};
use crate::i18n::use_i18n;
use model::{Activity, InboundEmailSummary, LeadId};

/// The inquiries behind the lead: where each came from, what the parser warned about, and the
/// original mail on request. More than one means duplicates were merged into this lead.
#[component]
pub(super) fn Inquiries(inquiries: Vec<InboundEmailSummary>) -> impl IntoView {
    let i18n = use_i18n();
    let count = inquiries.len();
    view! {
        <section class=CARD data-testid="lead-inquiries">
            <h2 class="mb-1 text-lg font-semibold">{move || i18n.t().leads.inquiries} " (" {count} ")"</h2>
            {match count {
                0 => view! { <p class="text-sm text-slate-500">{move || i18n.t().leads.inquiries_none}</p> }.into_any(),
                1 => ().into_any(),
                n => view! {
                    <p class="text-sm text-slate-600" data-testid="inquiries-merged">
                        {n} " " {move || i18n.t().leads.inquiries_merged}
                    </p>
                }
                .into_any(),
            }}
            <ul class="mt-3 divide-y divide-slate-100">
                {inquiries.into_iter().map(|mail| view! { <Inquiry mail /> }).collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn Inquiry(mail: InboundEmailSummary) -> impl IntoView {
    let i18n = use_i18n();
    let (id, channel, received) = (mail.id, mail.channel, mail.received_at);
    let portal = mail.portal.clone();
    let open = RwSignal::new(false);
    // Loaded on the first click only: the source can be large and is rarely read.
    let source = BrowserData::new(move || {
        let open = open.get();
        async move {
            match open {
                true => inbound_email_source(id).await.map(Some),
                false => Ok(None),
            }
        }
    });
    view! {
        <li class="py-3 text-sm" data-testid="inquiry">
            <div class="flex flex-wrap items-baseline justify-between gap-2">
                <span class="font-medium">
                    {move || portal.as_deref().map(|p| i18n.t().leads.portal(p)).unwrap_or_default()}
                    <span class="ml-2 text-xs font-normal text-slate-500">{move || i18n.t().intake.inbound_channel(channel)}</span>
                </span>
                <time class="text-xs text-slate-500" datetime=received.to_rfc3339()>
                    {move || i18n.date_time(received)}
                </time>
            </div>
            <p class="truncate text-slate-600">{mail.subject.unwrap_or_default()}</p>
            {(!mail.warnings.is_empty()).then(|| view! {
                <ul class="mt-1 space-y-0.5 text-xs text-amber-800" data-testid="inquiry-warnings">
                    {mail.warnings.into_iter().map(|w| view! { <li>"⚠ " {move || i18n.t().intake.note(&w)}</li> }).collect_view()}
                </ul>
            })}
            <button class="mt-2 text-xs font-medium text-sky-700 hover:underline" type="button"
                data-testid="inquiry-toggle" aria-expanded=move || open.get().to_string()
                on:click=move |_| open.update(|o| *o = !*o)>
                {move || if open.get() { i18n.t().leads.inquiry_hide } else { i18n.t().leads.inquiry_show }}
            </button>
            {move || open.get().then(|| match source.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(error)) => view! { <ErrorBox error /> }.into_any(),
                Some(Ok(None)) => ().into_any(),
                Some(Ok(Some(shown))) => view! {
                    <div class="mt-2 space-y-2" data-testid="inquiry-original">
                        {shown.text.map(|text| view! {
                            <pre class="max-h-80 overflow-auto whitespace-pre-wrap rounded-md bg-slate-50 p-3 font-sans text-slate-800">{text}</pre>
                        })}
                        <details>
                            <summary class="cursor-pointer text-xs text-slate-500">
                                {move || i18n.t().leads.inquiry_source}
                                {shown.truncated.then(|| view! { " " {move || i18n.t().leads.inquiry_truncated} })}
                            </summary>
                            <pre class="mt-1 max-h-80 overflow-auto whitespace-pre rounded-md bg-slate-900 p-3 text-xs text-slate-100">{shown.raw}</pre>
                        </details>
                    </div>
                }
                .into_any(),
            })}
        </li>
    }
}

#[component]
pub(super) fn NoteBox(id: LeadId, refresh: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let text = RwSignal::new(String::new());
    let add = Action::new(move |note: &String| {
        let note = note.clone();
        async move {
            let added = add_lead_note(id, note).await;
            if added.is_ok() {
                refresh.run(());
            }
            added
        }
    });
    let errors = FormErrors::new(failure(add.value()));
    view! {
        <section class=CARD>
            <form
                class="space-y-3"
                data-testid="note-form"
                on:submit=move |ev| {
                    ev.prevent_default();
                    add.dispatch(text.get_untracked());
                }
            >
                <Field label=i18n.signal(|t| t.leads.add_note) name="text" error=errors.field("text")>
                    <textarea class=INPUT name="text" rows="3" data-testid="note-input"
                        placeholder=move || i18n.t().leads.note_placeholder bind:value=text></textarea>
                </Field>
                <div class="flex items-center gap-3">
                    <button class=BUTTON type="submit" data-testid="note-submit" disabled=move || add.pending().get()>
                        {move || i18n.t().leads.add_note}
                    </button>
                    <FormAlert errors />
                </div>
            </form>
        </section>
    }
}

/// What happened to the lead, newest first.
#[component]
pub(super) fn Timeline(activities: Vec<Activity>) -> impl IntoView {
    let i18n = use_i18n();
    let mut activities = activities;
    activities.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(b.id.cmp(&a.id)));
    view! {
        <Card title=|t| t.leads.activities>
            <ol class="space-y-4 border-l-2 border-slate-100 pl-4" data-testid="timeline">
                {activities
                    .into_iter()
                    .map(|a| {
                        let (kind, at, detail) = (a.kind, a.created_at, a.detail);
                        view! {
                            <li class="relative" data-testid="activity" data-kind=kind.as_str()>
                                <span class="absolute -left-[1.4rem] top-1.5 h-2.5 w-2.5 rounded-full bg-sky-600"></span>
                                <div class="flex flex-wrap items-baseline justify-between gap-2">
                                    <span class="text-sm font-medium">{move || i18n.t().leads.activity_kind(kind)}</span>
                                    <time class="text-xs text-slate-500" datetime=at.to_rfc3339()>
                                        {move || i18n.date_time(at)}
                                    </time>
                                </div>
                                <p class="mt-0.5 whitespace-pre-line text-sm text-slate-700">{move || i18n.t().leads.activity(&detail)}</p>
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        </Card>
    }
}
