//! Jarvis: the chat page (chat list, new chat) and the chat panel the lead page embeds. The
//! answer streams in as the server sends events: text, a tool tag per call (pulsing while it
//! runs, then a check or a cross), inline images, and approve/reject cards for pending actions.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{
    approve_action, chat_turns, delete_chat, jarvis_ask, jarvis_status, jarvis_stop, list_chats, reject_action,
};
use crate::components::{BUTTON, BUTTON_SECONDARY, BrowserData, CARD, ErrorBox, PageHeader, failure, format_date_time};
use crate::i18n::use_i18n;
use crate::markdown::Markdown;
use model::{ChatEvent, ChatId, ChatRole, LeadId, OfflineReason, PendingAction, PendingStatus, duration_text};

#[component]
pub fn JarvisPage() -> impl IntoView {
    let i18n = use_i18n();
    let current = RwSignal::new(None::<ChatId>);
    let chats = Resource::new(|| (), |_| list_chats(None));
    let remove = Action::new(move |id: &ChatId| {
        let id = *id;
        async move {
            let done = delete_chat(id).await;
            if done.is_ok() {
                if current.get_untracked() == Some(id) {
                    current.set(None);
                }
                chats.refetch();
            }
            done
        }
    });
    let on_chat = Callback::new(move |id: ChatId| {
        current.set(Some(id));
        chats.refetch();
    });
    view! {
        <PageHeader title=move || i18n.t().jarvis_title />
        <div class="grid gap-6 lg:grid-cols-[16rem_1fr]">
            <aside class=CARD data-testid="chat-list">
                <button class=format!("{BUTTON} mb-3 w-full") data-testid="new-chat" on:click=move |_| current.set(None)>
                    {move || i18n.t().jarvis_new_chat}
                </button>
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        match chats.await {
                            Err(error) => view! { <ErrorBox error /> }.into_any(),
                            Ok(list) => view! {
                                <ul class="space-y-1 text-sm">
                                    {list.into_iter().map(|c| {
                                        let id = c.id;
                                        view! {
                                            <li class="group flex items-center gap-1">
                                                <button
                                                    class="flex-1 truncate rounded px-2 py-1 text-left hover:bg-slate-100 aria-pressed:bg-sky-50 aria-pressed:text-sky-900"
                                                    aria-pressed=move || (current.get() == Some(id)).to_string()
                                                    title=format_date_time(c.updated_at, i18n.t())
                                                    on:click=move |_| current.set(Some(id))
                                                >{c.title}</button>
                                                <button class="invisible px-1 text-slate-400 hover:text-red-700 group-hover:visible"
                                                    aria-label=move || i18n.t().delete
                                                    on:click=move |_| { remove.dispatch(id); }>"×"</button>
                                            </li>
                                        }
                                    }).collect_view()}
                                </ul>
                            }.into_any(),
                        }
                    })}
                </Transition>
            </aside>
            <ChatPanel chat=current on_chat lead=None />
        </div>
    }
}

/// A turn as the panel shows it; the last assistant turn grows while it streams.
#[derive(Clone, Debug, PartialEq)]
struct Turn {
    role: ChatRole,
    content: String,
    events: Vec<ChatEvent>,
}

/// The chat itself: turns, the streaming answer, the input. `chat` is the open chat (`None`: a
/// new one starts with the next message); `on_chat` hears which chat a new answer belongs to.
#[component]
pub fn ChatPanel(
    chat: RwSignal<Option<ChatId>>,
    on_chat: Callback<ChatId>,
    lead: Option<LeadId>,
    /// Smaller when it sits on another page (the lead's).
    #[prop(optional)]
    compact: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    // The panel also sits inside the lead page's `Suspend`: loaded in the browser
    // (docs/architecture.md).
    let status = BrowserData::new(jarvis_status);
    let turns = RwSignal::new(Vec::<Turn>::new());
    let input = RwSignal::new(String::new());
    let streaming = RwSignal::new(false);
    let stop = RwSignal::new(false);
    // A chat picked from the list: load its turns (not while this panel streams into it).
    Effect::new(move |_| {
        let Some(id) = chat.get() else {
            if !streaming.get_untracked() {
                turns.set(Vec::new());
            }
            return;
        };
        if streaming.get_untracked() {
            return;
        }
        spawn_local(async move {
            if let Ok(loaded) = chat_turns(id).await {
                turns.set(
                    loaded.into_iter().map(|t| Turn { role: t.role, content: t.content, events: t.events }).collect(),
                );
            }
        });
    });
    let send = move || {
        let text = input.get_untracked().trim().to_owned();
        if text.is_empty() || streaming.get_untracked() {
            return;
        }
        input.set(String::new());
        stop.set(false);
        streaming.set(true);
        turns.update(|t| {
            t.push(Turn { role: ChatRole::User, content: text.clone(), events: Vec::new() });
            t.push(Turn { role: ChatRole::Assistant, content: String::new(), events: Vec::new() });
        });
        let chat_id = chat.get_untracked();
        spawn_local(async move {
            stream_answer(chat_id, lead, text, turns, stop, chat, on_chat).await;
            streaming.set(false);
            status.refetch();
        });
    };
    view! {
        <section class=format!("{CARD} flex flex-col {}", if compact { "min-h-[12rem]" } else { "min-h-[28rem]" })
            data-testid="jarvis-chat">
            {move || status.get().and_then(Result::ok).filter(|s| s.offline).map(|s| view! {
                <p class="mb-3 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="ai-offline">
                    {move || match s.offline_reason {
                        Some(OfflineReason::BudgetReached) => i18n.t().jarvis_offline_budget,
                        _ => i18n.t().jarvis_offline,
                    }}
                </p>
            })}
            <div class="flex-1 space-y-4 overflow-y-auto" data-testid="chat-turns" aria-live="polite">
                <Show when=move || turns.with(Vec::is_empty)>
                    <p class="text-sm text-slate-500" data-testid="chat-hint">{move || i18n.t().jarvis_hint}</p>
                </Show>
                <For each=move || turns.get().into_iter().enumerate() key=|(i, t)| (*i, t.content.clone(), t.events.len(), t.events.iter().filter(|e| matches!(e, ChatEvent::ToolFinished { .. })).count()) let:item>
                    <TurnView turn=item.1 />
                </For>
            </div>
            <form class="mt-4 flex gap-2" on:submit=move |ev| { ev.prevent_default(); send(); }>
                <textarea
                    class="min-h-[2.75rem] flex-1 resize-y rounded-md border border-slate-300 px-3 py-2 text-sm focus:border-sky-500 focus:outline-none focus:ring-1 focus:ring-sky-500"
                    rows="2"
                    data-testid="chat-input"
                    placeholder=move || i18n.t().jarvis_placeholder
                    aria-label=move || i18n.t().jarvis_placeholder
                    prop:value=move || input.get()
                    on:input=move |ev| input.set(event_target_value(&ev))
                    on:keydown=move |ev| {
                        if ev.key() == "Enter" && !ev.shift_key() {
                            ev.prevent_default();
                            send();
                        }
                    }
                ></textarea>
                <Show
                    when=move || streaming.get()
                    fallback=move || view! {
                        <button type="submit" class=BUTTON data-testid="chat-send">{move || i18n.t().jarvis_send}</button>
                    }
                >
                    <button type="button" class=BUTTON_SECONDARY data-testid="chat-stop" on:click=move |_| {
                        stop.set(true);
                        if let Some(id) = chat.get_untracked() {
                            spawn_local(async move { let _ = jarvis_stop(id).await; });
                        }
                    }>{move || i18n.t().jarvis_stop}</button>
                </Show>
            </form>
        </section>
    }
}

/// Reads the answer stream line by line and applies each event to the last turn.
async fn stream_answer(
    chat_id: Option<ChatId>,
    lead: Option<LeadId>,
    text: String,
    turns: RwSignal<Vec<Turn>>,
    stop: RwSignal<bool>,
    chat: RwSignal<Option<ChatId>>,
    on_chat: Callback<ChatId>,
) {
    use futures::StreamExt;
    let apply = move |event: ChatEvent| {
        if let ChatEvent::Started { chat_id, .. } = &event
            && chat.get_untracked() != Some(*chat_id)
        {
            chat.set(Some(*chat_id));
            on_chat.run(*chat_id);
        }
        turns.update(|t| {
            if let Some(last) = t.last_mut() {
                apply_event(last, event);
            }
        });
    };
    let stream = match jarvis_ask(chat_id, lead, text).await {
        Ok(s) => s,
        Err(e) => return apply(ChatEvent::Error { message: e.message }),
    };
    let mut stream = stream.into_inner();
    let mut buffer = String::new();
    while let Some(piece) = stream.next().await {
        if stop.get_untracked() {
            break;
        }
        match piece {
            Ok(piece) => buffer.push_str(&piece),
            Err(e) => return apply(ChatEvent::Error { message: e.message }),
        }
        while let Some(end) = buffer.find('\n') {
            let line: String = buffer.drain(..=end).collect();
            if let Ok(event) = serde_json::from_str::<ChatEvent>(line.trim()) {
                apply(event);
            }
        }
    }
}

fn apply_event(turn: &mut Turn, event: ChatEvent) {
    match event {
        ChatEvent::Started { .. } => {}
        ChatEvent::Text { delta } => turn.content.push_str(&delta),
        ChatEvent::Done { content } => turn.content = content,
        ChatEvent::ToolFinished { ref call_id, .. } => {
            // The finished tag takes the running one's place.
            match turn
                .events
                .iter_mut()
                .find(|e| matches!(e, ChatEvent::ToolStarted { call_id: c, .. } if c == call_id))
            {
                Some(slot) => *slot = event,
                None => turn.events.push(event),
            }
        }
        other => turn.events.push(other),
    }
}

#[component]
fn TurnView(turn: Turn) -> impl IntoView {
    let is_user = turn.role == ChatRole::User;
    let content = turn.content.clone();
    let events = turn.events;
    view! {
        <div class=if is_user { "flex justify-end" } else { "flex justify-start" } data-testid=if is_user { "turn-user" } else { "turn-assistant" }>
            <div class=if is_user {
                "max-w-[85%] rounded-lg bg-sky-700 px-4 py-2 text-sm text-white whitespace-pre-wrap"
            } else {
                "max-w-[85%] rounded-lg bg-slate-100 px-4 py-2 text-sm text-slate-900"
            }>
                {(!events.is_empty()).then(|| view! {
                    <div class="mb-2 flex flex-wrap gap-1.5">
                        {events.iter().filter_map(tool_tag).collect_view()}
                    </div>
                })}
                {if is_user {
                    view! { <span>{content}</span> }.into_any()
                } else {
                    view! { <div data-testid="answer"><Markdown text=Signal::stored(content) /></div> }.into_any()
                }}
                {events.iter().filter_map(|e| match e {
                    ChatEvent::Image { url, alt } if url.starts_with('/') || url.starts_with("https://") => Some(view! {
                        <img src=url.clone() alt=alt.clone() class="mt-2 max-h-64 rounded-md border border-slate-200" />
                    }.into_any()),
                    ChatEvent::Pending { action } => Some(view! { <PendingCard action=action.clone() /> }.into_any()),
                    ChatEvent::Error { message } => Some(view! {
                        <p role="alert" class="mt-2 text-sm text-red-800" data-testid="chat-error">{message.clone()}</p>
                    }.into_any()),
                    _ => None,
                }).collect_view()}
            </div>
        </div>
    }
}

fn tool_tag(event: &ChatEvent) -> Option<AnyView> {
    let i18n = use_i18n();
    match event {
        ChatEvent::ToolStarted { tool, .. } => {
            let (tool, attr) = (tool.clone(), tool.clone());
            Some(view! {
                <span class="inline-flex animate-pulse items-center gap-1 rounded-full bg-sky-100 px-2 py-0.5 text-xs font-medium text-sky-800"
                    data-testid="tool-tag" data-state="running" data-tool=attr>
                    <span class="h-1.5 w-1.5 rounded-full bg-sky-500"></span>
                    {move || i18n.t().tool_label(&tool)}
                </span>
            }.into_any())
        }
        ChatEvent::ToolFinished { tool, ok, summary, .. } => {
            let (tool, attr, ok) = (tool.clone(), tool.clone(), *ok);
            Some(view! {
                <span class=if ok {
                    "inline-flex items-center gap-1 rounded-full bg-emerald-50 px-2 py-0.5 text-xs font-medium text-emerald-800"
                } else {
                    "inline-flex items-center gap-1 rounded-full bg-red-50 px-2 py-0.5 text-xs font-medium text-red-800"
                }
                    title=summary.clone() data-testid="tool-tag" data-state=if ok { "done" } else { "failed" } data-tool=attr>
                    {if ok { "✓" } else { "✗" }}
                    {move || i18n.t().tool_label(&tool)}
                </span>
            }.into_any())
        }
        _ => None,
    }
}

/// An action waiting for the user's yes, with its outcome once decided.
#[component]
fn PendingCard(action: PendingAction) -> impl IntoView {
    let i18n = use_i18n();
    let state = RwSignal::new(action.clone());
    let id = action.id;
    let approve = Action::new(move |_: &()| async move {
        let done = approve_action(id).await;
        if let Ok(a) = &done {
            state.set(a.clone());
        }
        done
    });
    let reject = Action::new(move |_: &()| async move {
        let done = reject_action(id).await;
        if let Ok(a) = &done {
            state.set(a.clone());
        }
        done
    });
    let approve_error = failure(approve.value());
    let reject_error = failure(reject.value());
    view! {
        <div class="mt-3 rounded-md border border-amber-200 bg-white p-3" data-testid="pending-card">
            <p class="mb-2 text-sm font-medium text-slate-800">{move || state.with(|a| a.summary.clone())}</p>
            {move || match state.with(|a| a.status) {
                PendingStatus::Pending => view! {
                    <div class="flex gap-2">
                        <button class=BUTTON data-testid="approve" disabled=move || approve.pending().get()
                            on:click=move |_| { approve.dispatch(()); }>{move || i18n.t().jarvis_approve}</button>
                        <button class=BUTTON_SECONDARY data-testid="reject" disabled=move || reject.pending().get()
                            on:click=move |_| { reject.dispatch(()); }>{move || i18n.t().jarvis_reject}</button>
                    </div>
                }.into_any(),
                s => view! {
                    <p class="text-xs text-slate-600" data-testid="pending-outcome" data-status=s.as_str()>
                        {move || i18n.t().pending_status(s)}
                        {move || state.with(|a| a.outcome.clone()).map(|o| format!(" – {o}"))}
                    </p>
                }.into_any(),
            }}
            {move || approve_error.get().or(reject_error.get()).map(|error| view! { <div class="mt-2"><ErrorBox error /></div> })}
        </div>
    }
}

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
            <h2 class="mb-3 text-lg font-semibold">{move || i18n.t().jarvis_lead_chat}</h2>
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
            format!("{} (+{})", format_date_time(t, i18n.t()), duration_text(secs))
        })
    };
    let (drafted, sent) = (step(lead.reply_drafted_at), step(lead.reply_sent_at));
    view! {
        <section class=CARD data-testid="speed-card">
            <h2 class="mb-3 text-lg font-semibold">{move || i18n.t().speed_to_lead}</h2>
            <dl class="space-y-2 text-sm">
                <div><dt class="text-slate-500">{move || i18n.t().speed_arrived}</dt>
                    <dd>{move || format_date_time(arrived, i18n.t())}</dd></div>
                <div><dt class="text-slate-500">{move || i18n.t().speed_drafted}</dt>
                    <dd data-testid="speed-drafted">{let d = drafted.clone(); move || d.clone().unwrap_or_else(|| i18n.t().speed_none.to_owned())}</dd></div>
                <div><dt class="text-slate-500">{move || i18n.t().speed_sent}</dt>
                    <dd data-testid="speed-sent">{let s = sent.clone(); move || s.clone().unwrap_or_else(|| i18n.t().speed_none.to_owned())}</dd></div>
            </dl>
        </section>
    }
}
