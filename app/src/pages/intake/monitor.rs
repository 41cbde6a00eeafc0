//! Intake (admins): every received message by what became of it, with reprocessing after a
//! parser fix, and the background queues with the jobs that died and can be run again.

use crate::components::page_data;
use leptos::prelude::*;

use super::inbound::InboundMail;
use crate::api::{job_queue_stats, list_dead_jobs, list_inbound_emails, retry_dead_job};
use crate::components::{
    BUTTON_SECONDARY, CARD, Card, Column, EmptyState, ErrorBox, Loaded, Loading, NoAccess, PageHeader, Table, failure,
    query_param, reloading_action, use_query_setter,
};
use crate::i18n::use_i18n;
use crate::pages::layout::use_is_admin;
use model::{InboundStatus, JobId, JobSummary, QueueStats};

#[component]
pub fn IntakePage() -> impl IntoView {
    let i18n = use_i18n();
    let is_admin = use_is_admin();
    view! {
        <PageHeader title=move || i18n.t().intake.title />
        <Show when=move || is_admin.get() fallback=NoAccess>
            <p class="mb-6 max-w-3xl text-sm text-slate-600">{move || i18n.t().intake.hint}</p>
            <div class="space-y-6">
                <ReceivedMail />
                <Queues />
            </div>
        </Show>
    }
}

/// The office's received messages, filtered by status through the URL (`/intake?status=FAILED`).
#[component]
fn ReceivedMail() -> impl IntoView {
    let i18n = use_i18n();
    let status = query_param("status");
    let set_param = use_query_setter("/intake");
    let mails = page_data(move || status.get().parse::<InboundStatus>().ok(), list_inbound_emails);
    let tab = move |value: &'static str| {
        let active = move || status.get() == value;
        view! {
            <button type="button" data-testid=format!("intake-tab-{}", if value.is_empty() { "ALL" } else { value })
                class="rounded-md px-3 py-1.5 text-sm font-medium text-slate-600 hover:bg-slate-100 aria-pressed:bg-slate-800 aria-pressed:text-white"
                aria-pressed=move || active().to_string()
                on:click=move |_| set_param.run(("status", value.to_owned()))>
                {move || match value.parse::<InboundStatus>() {
                    Ok(s) => i18n.t().intake.inbound_status(s),
                    Err(_) => i18n.t().common.filter_all,
                }}
            </button>
        }
    };
    view! {
        <section class=CARD data-testid="intake-mail">
            <h2 class="mb-3 text-lg font-semibold">{move || i18n.t().intake.mail}</h2>
            <div class="mb-4 flex flex-wrap gap-2" role="group">
                {tab("")}
                {tab(InboundStatus::Parsed.as_str())}
                {tab(InboundStatus::Unrecognised.as_str())}
                {tab(InboundStatus::Failed.as_str())}
                {tab(InboundStatus::Received.as_str())}
            </div>
            <InboundMail mails />
        </section>
    }
}

#[component]
fn Queues() -> impl IntoView {
    let i18n = use_i18n();
    let stats = page_data(|| (), |_| job_queue_stats());
    let dead = page_data(|| (), |_| list_dead_jobs());
    let retry = reloading_action(
        move || {
            stats.refetch();
            dead.refetch();
        },
        retry_dead_job,
    );
    let retry_error = failure(retry.value());
    view! {
        <section class=CARD data-testid="job-queues">
            <h2 class="mb-3 text-lg font-semibold">{move || i18n.t().intake.jobs_title}</h2>
            <Loaded resource=stats view=move |stats| view! { <QueueTable stats /> } />
        </section>
        <Card title=|t| t.intake.jobs_dead_title hint=|t| t.intake.jobs_dead_hint testid="dead-jobs">
            {move || retry_error.get().map(|error| view! { <div class="mb-4"><ErrorBox error /></div> })}
            <Transition fallback=Loading>
                {move || Suspend::new(async move {
                    match dead.await {
                        Err(error) => view! { <ErrorBox error /> }.into_any(),
                        Ok(jobs) if jobs.is_empty() => {
                            view! { <EmptyState text=move || i18n.t().intake.jobs_dead_empty /> }.into_any()
                        }
                        Ok(jobs) => view! { <DeadJobs jobs retry /> }.into_any(),
                    }
                })}
            </Transition>
        </Card>
    }
}

#[component]
fn QueueTable(stats: Vec<QueueStats>) -> impl IntoView {
    let i18n = use_i18n();
    let num = "px-3 py-2 text-right tabular-nums";
    view! {
        <Table testid="queue-table" columns=vec![
            Column::new(|t| t.intake.jobs_queue),
            Column::new(|t| t.intake.jobs_queued),
            Column::new(|t| t.intake.jobs_running),
            Column::new(|t| t.intake.jobs_done),
            Column::new(|t| t.intake.jobs_dead),
            Column::new(|t| t.intake.jobs_waiting_since),
        ]>
            {stats
                .into_iter()
                .map(|q| {
                    let (queue, oldest) = (q.queue, q.oldest_queued_at);
                    let dead_class = if q.dead > 0 { format!("{num} font-semibold text-red-700") } else { num.to_owned() };
                    view! {
                        <tr data-testid="queue-row" data-queue=queue.as_str()>
                            <td class="px-3 py-2 font-medium">{move || i18n.t().intake.queue(queue)}</td>
                            <td class=num data-testid="queue-queued">{q.queued}</td>
                            <td class=num>{q.running}</td>
                            <td class=num data-testid="queue-done">{q.done}</td>
                            <td class=dead_class data-testid="queue-dead">{q.dead}</td>
                            <td class="px-3 py-2 text-slate-600">
                                {move || oldest.map(|at| i18n.date_time(at)).unwrap_or_else(|| i18n.t().common.none.to_owned())}
                            </td>
                        </tr>
                    }
                })
                .collect_view()}
        </Table>
    }
}

#[component]
fn DeadJobs(jobs: Vec<JobSummary>, retry: Action<JobId, Result<JobSummary, model::error::ApiError>>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ul class="divide-y divide-slate-100" data-testid="dead-job-list">
            {jobs
                .into_iter()
                .map(|job| {
                    let (id, queue, died) = (job.id, job.queue, job.finished_at.unwrap_or(job.updated_at));
                    view! {
                        <li class="flex flex-wrap items-start gap-3 py-3 text-sm" data-testid="dead-job" data-id=id.to_string()>
                            <div class="min-w-0 flex-1">
                                <p class="font-medium">
                                    {move || i18n.t().intake.queue(queue)}
                                    <span class="ml-2 font-mono text-xs text-slate-500">{job.kind}</span>
                                </p>
                                <p class="mt-0.5 break-words text-red-800" data-testid="dead-job-error">{job.last_error.unwrap_or_default()}</p>
                                <p class="mt-0.5 text-xs text-slate-500">
                                    {move || i18n.t().intake.jobs_attempts} ": " {job.attempts} "/" {job.max_attempts} " · "
                                    {move || i18n.date_time(died)}
                                </p>
                            </div>
                            <button class=BUTTON_SECONDARY type="button" data-testid="dead-job-retry"
                                disabled=move || retry.pending().get()
                                on:click=move |_| { retry.dispatch(id); }>
                                {move || i18n.t().intake.jobs_retry}
                            </button>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}
