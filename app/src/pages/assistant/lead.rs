//! Jarvis on a lead's page: the lead's chat and its speed-to-lead card.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::chat::ChatPanel;
use crate::api::list_chats;
use crate::components::CARD;
use crate::i18n::use_i18n;
use model::{ChatId, LeadId, duration_text};

/// Jarvis on a lead's page: the lead's latest chat, or a new one about this lead.
#[component]
pub fn LeadChat(lead: LeadId) -> impl IntoView {
    let i18n = use_i18n();
    let chat = RwSignal::new(None::<ChatId>);
    // In the browser only: an effect never runs while the server renders the page (a task
    // spawned during server rendering has no local task set to run on).
    Effect::new(move |_| {
        spawn_local(async move {
            if let Ok(list) = list_chats(Some(lead)).await
                && let Some(latest) = list.first()
            {
                chat.set(Some(latest.id));
            }
        });
    });
    view! {
        <div data-testid="lead-chat">
            <h2 class="mb-3 text-lg font-semibold">{move || i18n.t().assistant.lead_chat}</h2>
            <ChatPanel chat on_chat=Callback::new(|_| ()) lead=Some(lead) compact=true />
        </div>
    }
}

/// Speed-to-lead of one lead: arrival, first reply drafted, first reply sent.
#[component]
pub fn SpeedCard(lead: model::Lead) -> impl IntoView {
    let i18n = use_i18n();
    let arrived = lead.created_at;
    let step = move |at: Option<chrono::DateTime<chrono::Utc>>| {
        at.map(|t| {
            let secs = (t - arrived).num_seconds().max(0);
            format!("{} (+{})", i18n.date_time(t), duration_text(secs))
        })
    };
    let (drafted, sent) = (step(lead.reply_drafted_at), step(lead.reply_sent_at));
    view! {
        <section class=CARD data-testid="speed-card">
            <h2 class="mb-3 text-lg font-semibold">{move || i18n.t().assistant.speed_to_lead}</h2>
            <dl class="space-y-2 text-sm">
                <div><dt class="text-slate-500">{move || i18n.t().assistant.speed_arrived}</dt>
                    <dd>{move || i18n.date_time(arrived)}</dd></div>
                <div><dt class="text-slate-500">{move || i18n.t().assistant.speed_drafted}</dt>
                    <dd data-testid="speed-drafted">{let d = drafted.clone(); move || d.clone().unwrap_or_else(|| i18n.t().assistant.speed_none.to_owned())}</dd></div>
                <div><dt class="text-slate-500">{move || i18n.t().assistant.speed_sent}</dt>
                    <dd data-testid="speed-sent">{let s = sent.clone(); move || s.clone().unwrap_or_else(|| i18n.t().assistant.speed_none.to_owned())}</dd></div>
            </dl>
        </section>
    }
}
