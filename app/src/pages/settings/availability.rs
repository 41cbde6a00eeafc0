//! Viewing times: the week editor (time windows per weekday), used for the office's times in the
//! office settings and for each user's own times, which Jarvis offers to the user's leads.

use crate::components::page_data;
use leptos::prelude::*;

use crate::api::{get_availability, list_users, set_availability};
use crate::components::{CARD, FormErrors, INPUT, Loaded, SubmitRow, failure};
use crate::i18n::use_i18n;
use crate::pages::layout::{use_is_admin, use_me};
use model::{Availability, UserId, ViewingSlot};

/// One time window being edited. Its times are signals of their own, so typing in one input
/// does not redraw the day (which would take the focus away).
#[derive(Clone, Copy)]
struct Window {
    id: usize,
    from: RwSignal<String>,
    to: RwSignal<String>,
}

/// The editor's state: the windows of each weekday (index 0 is Monday).
#[derive(Clone, Copy)]
pub struct Week {
    days: [RwSignal<Vec<Window>>; 7],
    next_id: StoredValue<usize>,
}

impl Week {
    pub fn new(slots: &[ViewingSlot]) -> Self {
        let week = Self { days: std::array::from_fn(|_| RwSignal::new(Vec::new())), next_id: StoredValue::new(0) };
        week.set(slots);
        week
    }

    /// Replaces every window with `slots`.
    pub fn set(&self, slots: &[ViewingSlot]) {
        for (i, day) in self.days.iter().enumerate() {
            let mut windows: Vec<&ViewingSlot> = slots.iter().filter(|s| usize::from(s.weekday) == i + 1).collect();
            windows.sort_by(|a, b| a.from.cmp(&b.from));
            day.set(windows.into_iter().map(|s| self.window(&s.from, &s.to)).collect());
        }
    }

    /// What the editor holds now, in the API's form.
    pub fn slots(&self) -> Vec<ViewingSlot> {
        let mut out = Vec::new();
        for (weekday, day) in (1u8..).zip(self.days.iter()) {
            for w in day.get_untracked() {
                out.push(ViewingSlot { weekday, from: w.from.get_untracked(), to: w.to.get_untracked() });
            }
        }
        out
    }

    fn window(&self, from: &str, to: &str) -> Window {
        let id = self.next_id.get_value();
        self.next_id.set_value(id + 1);
        Window { id, from: RwSignal::new(from.to_owned()), to: RwSignal::new(to.to_owned()) }
    }

    /// A new window after the day's last one (two hours from its end), or 10:00–12:00.
    fn add(&self, day: usize) {
        let last_end = self.days[day].with_untracked(|w| w.last().map(|w| w.to.get_untracked()));
        let hour = last_end.and_then(|t| t.get(..2)?.parse::<u32>().ok()).map_or(10, |h| (h + 1).min(21));
        let window = self.window(&format!("{hour:02}:00"), &format!("{:02}:00", hour + 2));
        self.days[day].update(|w| w.push(window));
    }

    fn remove(&self, day: usize, id: usize) {
        self.days[day].update(|w| w.retain(|w| w.id != id));
    }
}

/// Seven rows, Monday to Sunday, each with its windows, a remove button per window and an add
/// button. `disabled` shows the times without letting them change.
#[component]
pub fn WeekEditor(
    week: Week,
    #[prop(into)] disabled: Signal<bool>,
    #[prop(into)] error: Signal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let time_input = "w-32 rounded-md border border-slate-300 bg-white px-2 py-1 text-sm tabular-nums shadow-sm focus:border-sky-500 focus:outline-none focus:ring-1 focus:ring-sky-500 disabled:bg-slate-50 disabled:text-slate-500";
    view! {
        <div class="divide-y divide-slate-100 rounded-md border border-slate-200" data-testid="week-editor" data-field="viewing_slots">
            {(0..7usize).map(|day| {
                let windows = week.days[day];
                view! {
                    <div class="flex flex-wrap items-center gap-x-3 gap-y-2 px-3 py-2" data-testid=format!("weekday-{}", day + 1)>
                        <span class="w-24 text-sm font-medium text-slate-700">{move || i18n.t().settings.weekdays()[day]}</span>
                        <div class="flex flex-1 flex-wrap items-center gap-2">
                            <Show when=move || windows.with(Vec::is_empty)>
                                <span class="text-sm text-slate-400">{move || i18n.t().settings.availability_none}</span>
                            </Show>
                            <For each=move || windows.get() key=|w| w.id let:w>
                                <span class="inline-flex items-center gap-1" data-testid="window">
                                    <input type="time" step="900" class=time_input data-testid="window-from"
                                        aria-label=move || format!("{} {}", i18n.t().settings.weekdays()[day], i18n.t().settings.availability_from)
                                        prop:value=move || w.from.get() disabled=disabled
                                        on:change=move |ev| w.from.set(event_target_value(&ev)) />
                                    <span class="text-slate-400" aria-hidden="true">"–"</span>
                                    <input type="time" step="900" class=time_input data-testid="window-to"
                                        aria-label=move || format!("{} {}", i18n.t().settings.weekdays()[day], i18n.t().settings.availability_to)
                                        prop:value=move || w.to.get() disabled=disabled
                                        on:change=move |ev| w.to.set(event_target_value(&ev)) />
                                    <Show when=move || !disabled.get()>
                                        <button type="button" class="rounded px-1.5 text-slate-400 hover:bg-slate-100 hover:text-red-700"
                                            data-testid="window-remove" aria-label=move || i18n.t().settings.availability_remove
                                            title=move || i18n.t().settings.availability_remove
                                            on:click=move |_| week.remove(day, w.id)>"×"</button>
                                    </Show>
                                </span>
                            </For>
                        </div>
                        <Show when=move || !disabled.get()>
                            <button type="button" class="text-sm text-sky-700 hover:underline" data-testid="window-add"
                                on:click=move |_| week.add(day)>{move || i18n.t().settings.availability_add}</button>
                        </Show>
                    </div>
                }
            }).collect_view()}
        </div>
        <Show when=move || error.get().is_some()>
            <p class="mt-1 text-xs text-red-700" data-error="viewing_slots" data-testid="error-viewing_slots">{move || error.get()}</p>
        </Show>
    }
}

/// A user's own viewing times (everyone: their own; admins: any colleague's).
#[component]
pub fn AvailabilitySettings() -> impl IntoView {
    let i18n = use_i18n();
    let is_admin = use_is_admin();
    let me = use_me();
    let who = RwSignal::new(None::<UserId>);
    let colleagues = page_data(
        move || is_admin.get(),
        |admin| async move { if admin { list_users().await.unwrap_or_default() } else { Vec::new() } },
    );
    let loaded = page_data(move || who.get(), get_availability);
    view! {
        <section class=CARD data-testid="availability-settings">
            <div class="mb-4 flex flex-wrap items-start justify-between gap-3">
                <div>
                    <h2 class="text-lg font-semibold">{move || i18n.t().settings.availability_title}</h2>
                    <p class="text-sm text-slate-500">{move || i18n.t().settings.availability_hint}</p>
                </div>
                <Show when=move || is_admin.get()>
                    <Transition>
                        {move || Suspend::new(async move {
                            let mine = me.with_untracked(|m| m.as_ref().map(|m| m.user.id));
                            let list: Vec<_> = colleagues.await.into_iter().filter(|u| u.active && Some(u.id) != mine).collect();
                            view! {
                                <label class="text-sm">
                                    <span class="sr-only">{move || i18n.t().settings.availability_for}</span>
                                    <select class=INPUT data-testid="availability-user"
                                        on:change=move |ev| who.set(event_target_value(&ev).parse().ok().map(UserId))>
                                        <option value="">{move || i18n.t().settings.availability_me}</option>
                                        {list.into_iter().map(|u| view! { <option value=u.id.0.to_string()>{u.name}</option> }).collect_view()}
                                    </select>
                                </label>
                            }
                        })}
                    </Transition>
                </Show>
            </div>
            <Loaded resource=loaded view=move |availability| view! { <AvailabilityForm availability /> } />
        </section>
    }
}

#[component]
fn AvailabilityForm(availability: Availability) -> impl IntoView {
    let i18n = use_i18n();
    let user = availability.user_id;
    let office = availability.effective.clone();
    let own = RwSignal::new(availability.own.is_some());
    let week = Week::new(availability.own.as_ref().unwrap_or(&availability.effective));
    let save = Action::new(move |slots: &Option<Vec<ViewingSlot>>| set_availability(Some(user), slots.clone()));
    let errors = FormErrors::new(failure(save.value()));
    Effect::new(move |_| {
        if let Some(Ok(a)) = save.value().get() {
            week.set(&a.effective);
        }
    });
    view! {
        <form class="space-y-4" data-testid="availability-form" novalidate
            on:submit=move |ev| {
                ev.prevent_default();
                save.dispatch(own.get_untracked().then(|| week.slots()));
            }
        >
            <label class="flex items-center gap-2 text-sm">
                <input type="checkbox" class="h-4 w-4 rounded border-slate-300" data-testid="availability-own"
                    prop:checked=move || own.get()
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        // Off shows the office's times again; on starts from them.
                        if !on {
                            week.set(&office);
                        }
                        own.set(on);
                    } />
                <span class="font-medium text-slate-700">{move || i18n.t().settings.availability_own}</span>
            </label>
            <Show when=move || !own.get()>
                <p class="text-sm text-slate-500" data-testid="availability-office-note">{move || i18n.t().settings.availability_office_applies}</p>
            </Show>
            <WeekEditor week disabled=Signal::derive(move || !own.get()) error=errors.field("viewing_slots") />
            <SubmitRow action=save errors label=|t| t.common.save testid="availability-save" />
        </form>
    }
}
