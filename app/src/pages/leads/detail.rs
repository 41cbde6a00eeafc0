//! One lead's page: its facts, the form to change it, and the cards around it.

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use super::budget_text;
use super::cards::{AssignCard, ScoreCard, StatusCard};
use super::form::LeadForm;
use super::history::{Inquiries, NoteBox, Timeline};
use super::thread::Thread;
use crate::api::{LeadDetail, delete_lead, get_lead_detail};
use crate::components::{
    CARD, ConfirmButton, DetailPage, EditButton, Editable, Editing, ErrorBox, Fact, FactSection, PageHeader,
    ScoreBadge, StatusBadge, failure,
};
use crate::i18n::use_i18n;
use crate::pages::assistant::{LeadChat, SpeedCard};
use crate::pages::layout::use_is_admin;
use model::{LeadFlag, LeadId};

const BUTTON_DANGER: &str = "inline-flex items-center justify-center rounded-md border border-red-300 bg-white px-4 py-2 text-sm font-medium text-red-700 hover:bg-red-50 disabled:opacity-50";

#[component]
pub fn LeadDetailPage() -> impl IntoView {
    view! {
        <DetailPage load=get_lead_detail bad_id="not a lead id" missing=|t| t.leads.not_found list="/leads"
            back=|t| t.leads.back_to_list record=|detail, refresh| view! { <LeadView detail refresh /> } />
    }
}

/// A mail or phone link (`scheme`: `mailto`, `tel`), or a dash.
fn contact_link(scheme: &'static str, value: Option<String>) -> AnyView {
    let i18n = use_i18n();
    match value {
        Some(value) => {
            let href = format!("{scheme}:{value}");
            view! { <a class="text-sky-800 hover:underline" href=href>{value}</a> }.into_any()
        }
        None => view! { {move || i18n.t().common.none} }.into_any(),
    }
}

#[component]
fn LeadView(detail: LeadDetail, refresh: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let is_admin = use_is_admin();
    let navigate = use_navigate();
    let LeadDetail { lead, activities, property, assignee, inquiries, thread, follow_up } = detail;
    let id = lead.id;
    let editing = Editing::new(refresh);

    let delete = Action::new(move |_: &()| delete_lead(id));
    let delete_error = failure(delete.value());
    Effect::new(move |_| {
        if let Some(Ok(())) = delete.value().get() {
            navigate("/leads", NavigateOptions::default());
        }
    });

    let name = lead.display_name();
    let (status, score) = (lead.status, lead.score);
    let (source, timeframe, financing) = (lead.source, lead.timeframe, lead.financing);
    let (min, max, created) = (lead.budget_min, lead.budget_max, lead.created_at);
    let email = lead.email.clone();
    let phone = lead.phone.clone();
    let message = lead.message.clone();
    let wish = lead.viewing_wish.clone();
    let factors = lead.score_factors.clone();
    let (completeness, flags, duplicate_of) = (lead.completeness, lead.flags.clone(), lead.possible_duplicate_of);
    let assigned_to = lead.assigned_to;
    let assignee_name = assignee.map(|u| u.name);
    let form_lead = lead.clone();
    let speed_lead = lead.clone();

    view! {
        <PageHeader title=name.clone()>
            <StatusBadge status />
            <ScoreBadge score />
            <EditButton editing testid="edit-lead" />
            <Show when=move || is_admin.get()>
                <ConfirmButton action=delete input=() question=|t| t.leads.delete_confirm
                    label=|t| t.common.delete testid="delete-lead" class=BUTTON_DANGER />
            </Show>
        </PageHeader>
        {move || delete_error.get().map(|error| view! { <div class="mb-4"><ErrorBox error /></div> })}
        <div class="grid gap-6 lg:grid-cols-3">
            <div class="space-y-6 lg:col-span-2">
                <Editable
                    editing
                    title=|t| t.leads.edit
                    facts=move || {
                        let email = email.clone();
                        let phone = phone.clone();
                        let message = message.clone();
                        let wish = wish.clone();
                        let property = property.clone();
                        let assignee_name = assignee_name.clone();
                        view! {
                            <section class=CARD data-testid="lead-facts">
                                <dl class="grid gap-4 sm:grid-cols-2">
                                    <Fact label=move || i18n.t().common.email>{contact_link("mailto", email)}</Fact>
                                    <Fact label=move || i18n.t().leads.phone>{contact_link("tel", phone)}</Fact>
                                    <Fact label=move || i18n.t().leads.source>{move || i18n.t().leads.source(source)}</Fact>
                                    <Fact label=move || i18n.t().leads.budget>{move || budget_text(i18n, min, max)}</Fact>
                                    <Fact label=move || i18n.t().leads.timeframe>{move || i18n.t().leads.timeframe(timeframe)}</Fact>
                                    <Fact label=move || i18n.t().leads.financing>{move || i18n.t().leads.financing(financing)}</Fact>
                                    {wish.map(|w| view! {
                                        <Fact label=move || i18n.t().leads.viewing_wish>
                                            <span data-testid="lead-viewing-wish">{move || i18n.viewing_wish(&w)}</span>
                                        </Fact>
                                    })}
                                    <Fact label=move || i18n.t().leads.property>
                                        {match property {
                                            Some(p) => {
                                                let href = format!("/properties/{}", p.id);
                                                view! {
                                                    <A href=href attr:class="text-sky-800 hover:underline"
                                                        attr:data-testid="lead-property">{p.title}</A>
                                                }
                                                .into_any()
                                            }
                                            None => view! { {move || i18n.t().common.none} }.into_any(),
                                        }}
                                    </Fact>
                                    <Fact label=move || i18n.t().leads.assigned>
                                        <span data-testid="lead-assignee">
                                            {match assignee_name {
                                                Some(n) => n.into_any(),
                                                None => (move || i18n.t().leads.unassigned).into_any(),
                                            }}
                                        </span>
                                    </Fact>
                                    <Fact label=move || i18n.t().leads.created>{move || i18n.date_time(created)}</Fact>
                                </dl>
                                <LeadFlags flags=flags.clone() duplicate_of />
                                {message.map(|m| view! {
                                    <FactSection title=|t| t.leads.message tight=true>
                                        <p class="whitespace-pre-line text-sm text-slate-800" data-testid="lead-message">{m}</p>
                                    </FactSection>
                                })}
                            </section>
                        }
                    }
                >
                    <LeadForm lead=form_lead.clone() on_saved=editing.saved() on_cancel=editing.cancel() />
                </Editable>
                <Inquiries inquiries />
                <Thread id thread follow_up refresh />
                <NoteBox id refresh />
                <LeadChat lead=id />
                <Timeline activities />
            </div>
            <div class="space-y-6">
                <StatusCard id status refresh />
                <Show when=move || is_admin.get()>
                    <AssignCard id assigned_to refresh />
                </Show>
                <ScoreCard score factors completeness />
                <SpeedCard lead=speed_lead />
            </div>
        </div>
    }
}

/// What an agent should check in the lead's data, in words.
#[component]
fn LeadFlags(flags: Vec<LeadFlag>, duplicate_of: Option<LeadId>) -> impl IntoView {
    let i18n = use_i18n();
    (!flags.is_empty()).then(|| view! {
        <div class="mt-5 rounded-md border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900" role="note" data-testid="lead-flags">
            <p class="mb-1 font-medium">{move || i18n.t().leads.check}</p>
            <ul class="list-disc space-y-0.5 pl-5">
                {flags
                    .into_iter()
                    .map(|f| {
                        let other = duplicate_of.filter(|_| f == LeadFlag::PossibleDuplicate);
                        view! {
                            <li data-flag=f.as_str()>
                                {move || i18n.t().leads.flag(f)}
                                {other.map(|id| view! {
                                    " "
                                    <A href=format!("/leads/{id}") attr:class="font-medium underline" attr:data-testid="lead-duplicate-link">
                                        {move || i18n.t().leads.duplicate_open}
                                    </A>
                                })}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </div>
    })
}
