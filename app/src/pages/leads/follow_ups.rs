//! Where the lead's follow-ups stand, above its conversation: the next step and when, paused,
//! or why they ended; with the button that pauses or resumes them.

use leptos::prelude::*;

use crate::api::{pause_follow_ups, resume_follow_ups};
use crate::components::{BUTTON_SECONDARY, error_view, failure};
use crate::i18n::use_i18n;
use model::{FollowUp, FollowUpStatus, LeadId};

#[component]
pub(super) fn FollowUps(id: LeadId, follow_up: FollowUp, refresh: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let status = follow_up.status;
    let toggle = Action::new(move |pause: &bool| {
        let pause = *pause;
        async move {
            let done = if pause { pause_follow_ups(id).await } else { resume_follow_ups(id).await };
            if done.is_ok() {
                refresh.run(());
            }
            done
        }
    });
    let problem = failure(toggle.value());
    let of = follow_up.days.len();
    let step = follow_up.done as usize + 1;
    let day = follow_up.days.get(follow_up.done as usize).copied();
    let (next_at, cause) = (follow_up.next_at, follow_up.stop_cause);
    let line = move || {
        let t = i18n.t();
        match status {
            FollowUpStatus::Active => match (next_at, day) {
                (Some(at), Some(day)) => t.leads.follow_up_next(step, of, day, &i18n.date_time(at)),
                _ => t.leads.follow_up_active.to_owned(),
            },
            FollowUpStatus::Paused => t.leads.follow_up_paused.to_owned(),
            FollowUpStatus::Stopped => match cause {
                Some(cause) => format!("{}: {}", t.leads.follow_up_stopped, t.leads.follow_up_stop(cause)),
                None => t.leads.follow_up_stopped.to_owned(),
            },
            FollowUpStatus::Done => t.leads.follow_up_done.to_owned(),
        }
    };
    let button = match status {
        FollowUpStatus::Active => Some(true),
        FollowUpStatus::Paused => Some(false),
        FollowUpStatus::Stopped | FollowUpStatus::Done => None,
    };
    view! {
        <div class="mb-3 flex flex-wrap items-center gap-3 rounded-md bg-slate-50 px-3 py-2 text-sm"
            data-testid="lead-follow-up" data-status=status.as_str()>
            <span class="font-medium">{move || i18n.t().leads.follow_ups}</span>
            <span class="text-slate-700" data-testid="follow-up-line">{line}</span>
            {button.map(|pause| view! {
                <button class=BUTTON_SECONDARY type="button" data-testid="follow-up-toggle"
                    disabled=move || toggle.pending().get()
                    on:click=move |_| { toggle.dispatch(pause); }>
                    {move || if pause { i18n.t().leads.follow_up_pause } else { i18n.t().leads.follow_up_resume }}
                </button>
            })}
            {move || error_view(problem.get())}
        </div>
    }
}
