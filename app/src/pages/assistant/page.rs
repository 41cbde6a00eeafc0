//! The Jarvis page (`/jarvis`): the chat list and the open chat.

use crate::components::page_data;
use leptos::prelude::*;

use super::chat::ChatPanel;
use crate::api::{delete_chat, list_chats};
use crate::components::{BUTTON, CARD, ErrorBox, PageHeader};
use crate::i18n::use_i18n;
use model::ChatId;

#[component]
pub fn JarvisPage() -> impl IntoView {
    let i18n = use_i18n();
    let current = RwSignal::new(None::<ChatId>);
    let chats = page_data(|| (), |_| list_chats(None));
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
        <PageHeader title=move || i18n.t().assistant.title />
        <div class="grid gap-6 lg:grid-cols-[16rem_1fr]">
            <aside class=CARD data-testid="chat-list">
                <button class=format!("{BUTTON} mb-3 w-full") data-testid="new-chat" on:click=move |_| current.set(None)>
                    {move || i18n.t().assistant.new_chat}
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
                                                    title=i18n.date_time(c.updated_at)
                                                    on:click=move |_| current.set(Some(id))
                                                >{c.title}</button>
                                                <button class="invisible px-1 text-slate-400 hover:text-red-700 group-hover:visible"
                                                    aria-label=move || i18n.t().common.delete
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
