//! Small coloured marks: a lead's status, score and completeness.

use leptos::prelude::*;

use model::LeadStatus;

use crate::i18n::use_i18n;

pub fn status_classes(s: LeadStatus) -> &'static str {
    match s {
        LeadStatus::New => "bg-sky-100 text-sky-800",
        LeadStatus::Contacted => "bg-amber-100 text-amber-800",
        LeadStatus::Conversation => "bg-violet-100 text-violet-800",
        LeadStatus::Booked => "bg-emerald-100 text-emerald-800",
        LeadStatus::Lost => "bg-slate-200 text-slate-600",
    }
}

#[component]
pub fn StatusBadge(status: LeadStatus) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <span class=format!("inline-flex rounded-full px-2 py-0.5 text-xs font-medium {}", status_classes(status))>
            {move || i18n.t().leads.status(status)}
        </span>
    }
}

#[component]
pub fn ScoreBadge(score: i32) -> impl IntoView {
    let color = match score {
        70.. => "bg-emerald-600",
        40..=69 => "bg-amber-500",
        _ => "bg-slate-400",
    };
    view! {
        <span class=format!("inline-flex h-7 w-9 items-center justify-center rounded-md text-xs font-semibold text-white {color}")>
            {score}
        </span>
    }
}

/// How complete a lead's data is: a short bar with the percentage beside it.
#[component]
pub fn CompletenessBar(percent: i32) -> impl IntoView {
    let i18n = use_i18n();
    let percent = percent.clamp(0, 100);
    let color = if percent >= 70 {
        "bg-emerald-500"
    } else if percent >= 40 {
        "bg-amber-400"
    } else {
        "bg-slate-300"
    };
    view! {
        <span class="inline-flex items-center gap-2" data-testid="completeness" data-value=percent
            title=move || format!("{} {percent} %", i18n.t().leads.completeness)>
            <span class="h-1.5 w-16 rounded-full bg-slate-100" aria-hidden="true">
                <span class=format!("block h-1.5 rounded-full {color}") style=format!("width: {percent}%")></span>
            </span>
            <span class="text-xs tabular-nums text-slate-600">{format!("{percent} %")}</span>
        </span>
    }
}
