//! The chat panel. The answer streams in as the server sends events: text, a tool tag per call
//! (pulsing while it runs, then a check or a cross), inline images, and approve/reject cards for
//! pending actions.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{approve_action, chat_turns, jarvis_ask, jarvis_status, jarvis_stop, reject_action};
use crate::components::{BUTTON, BUTTON_SECONDARY, BrowserData, CARD, ErrorBox, failure};
use crate::i18n::use_i18n;
use crate::markdown::Markdown;
use model::{ChatEvent, ChatId, ChatRole, LeadId, OfflineReason, PendingAction, PendingStatus};

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
                        Some(OfflineReason::BudgetReached) => i18n.t().assistant.offline_budget,
                        _ => i18n.t().assistant.offline,
                    }}
                </p>
            })}
            <div class="flex-1 space-y-4 overflow-y-auto" data-testid="chat-turns" aria-live="polite">
                <Show when=move || turns.with(Vec::is_empty)>
                    <p class="text-sm text-slate-500" data-testid="chat-hint">{move || i18n.t().assistant.hint}</p>
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
                    placeholder=move || i18n.t().assistant.placeholder
                    aria-label=move || i18n.t().assistant.placeholder
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
                        <button type="submit" class=BUTTON data-testid="chat-send">{move || i18n.t().assistant.send}</button>
                    }
                >
                    <button type="button" class=BUTTON_SECONDARY data-testid="chat-stop" on:click=move |_| {
                        stop.set(true);
                        if let Some(id) = chat.get_untracked() {
                            spawn_local(async move { let _ = jarvis_stop(id).await; });
                        }
                    }>{move || i18n.t().assistant.stop}</button>
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
                    {move || i18n.t().assistant.tool_label(&tool)}
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
                    {move || i18n.t().assistant.tool_label(&tool)}
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
                            on:click=move |_| { approve.dispatch(()); }>{move || i18n.t().assistant.approve}</button>
                        <button class=BUTTON_SECONDARY data-testid="reject" disabled=move || reject.pending().get()
                            on:click=move |_| { reject.dispatch(()); }>{move || i18n.t().assistant.reject}</button>
                    </div>
                }.into_any(),
                s => view! {
                    <p class="text-xs text-slate-600" data-testid="pending-outcome" data-status=s.as_str()>
                        {move || i18n.t().assistant.pending_status(s)}
                        {move || state.with(|a| a.outcome.clone()).map(|o| format!(" – {o}"))}
                    </p>
                }.into_any(),
            }}
            {move || approve_error.get().or(reject_error.get()).map(|error| view! { <div class="mt-2"><ErrorBox error /></div> })}
        </div>
    }
}
