//! Leads: the filtered list, the form for a new or changed lead, and one lead's page with its
//! status, assignment, notes and history.

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use leptos_router::params::ParamsMap;

use super::jarvis::{LeadChat, SpeedCard};
use super::layout::use_me;
use crate::api::{
    LeadDetail, add_lead_note, assign_lead, change_lead_status, create_lead, delete_lead, get_lead_detail,
    inbound_email_source, list_leads, list_properties, list_users, update_lead,
};
use crate::components::{
    BUTTON, BUTTON_SECONDARY, BrowserData, CARD, CompletenessBar, Cursors, EmptyState, ErrorBox, Fact, Field,
    FormAlert, FormErrors, INPUT, Loading, PageHeader, Pager, ScoreBadge, StatusBadge, answer_with, confirm,
    enum_options, failure, format_date, format_date_time, format_euros, non_empty, parse_number, query_param,
    use_query_setter,
};
use crate::i18n::{Texts, use_i18n};
use model::error::ErrorCode;
use model::{
    Activity, Financing, InboundEmailSummary, Lead, LeadFilter, LeadFlag, LeadId, LeadInput, LeadSource, LeadStatus,
    PageRequest, PropertyFilter, ScoreFactor, Timeframe, UserId,
};

const PAGE_SIZE: u64 = 25;
const FILTER_LABEL: &str = "mb-1 block text-xs font-medium text-slate-500";

/// The filter the URL asks for: `/leads?status=NEW&source=EMAIL&min_score=50&q=garten`.
fn filter_from(query: &ParamsMap) -> LeadFilter {
    LeadFilter {
        status: query.get_str("status").and_then(|s| s.parse().ok()),
        source: query.get_str("source").and_then(|s| s.parse().ok()),
        min_score: query.get_str("min_score").and_then(|s| s.trim().parse().ok()),
        query: query.get_str("q").and_then(non_empty),
        ..LeadFilter::default()
    }
}

/// "300.000 € – 450.000 €", "ab 300.000 €", "bis 450.000 €" or a dash.
fn budget_text(t: &Texts, min: Option<i64>, max: Option<i64>) -> String {
    match (min, max) {
        (Some(min), Some(max)) if min == max => format_euros(min),
        (Some(min), Some(max)) => format!("{} – {}", format_euros(min), format_euros(max)),
        (Some(min), None) => format!("{} {}", t.budget_from, format_euros(min)),
        (None, Some(max)) => format!("{} {}", t.budget_up_to, format_euros(max)),
        (None, None) => t.none.to_owned(),
    }
}

#[component]
pub fn LeadsPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let filter = Memo::new(move |_| query.with(filter_from));
    let cursors = Cursors::new(filter);
    let leads = Resource::new(
        move || (filter.get(), cursors.after()),
        |(filter, after)| list_leads(filter, PageRequest::new(PAGE_SIZE, after)),
    );
    let set_param = use_query_setter("/leads");
    let search = NodeRef::<leptos::html::Input>::new();

    view! {
        <PageHeader title=move || i18n.t().leads_title>
            <A href="/leads/new" attr:class=BUTTON attr:data-testid="new-lead">{move || i18n.t().lead_new}</A>
        </PageHeader>
        <form
            class="mb-6 grid gap-3 sm:grid-cols-2 lg:grid-cols-[repeat(3,minmax(0,1fr))_minmax(0,2fr)]"
            role="search"
            on:submit=move |ev| {
                ev.prevent_default();
                if let Some(input) = search.get_untracked() {
                    set_param.run(("q", input.value()));
                }
            }
        >
            <label>
                <span class=FILTER_LABEL>{move || i18n.t().lead_status}</span>
                <select class=INPUT name="status" data-testid="filter-status" prop:value=query_param("status")
                    on:change=move |ev| set_param.run(("status", event_target_value(&ev)))>
                    <option value="">{move || i18n.t().filter_all}</option>
                    {enum_options(LeadStatus::ALL, LeadStatus::as_str, Texts::status, query_param("status"))}
                </select>
            </label>
            <label>
                <span class=FILTER_LABEL>{move || i18n.t().lead_source}</span>
                <select class=INPUT name="source" data-testid="filter-source" prop:value=query_param("source")
                    on:change=move |ev| set_param.run(("source", event_target_value(&ev)))>
                    <option value="">{move || i18n.t().filter_all}</option>
                    {enum_options(LeadSource::ALL, LeadSource::as_str, Texts::source, query_param("source"))}
                </select>
            </label>
            <label>
                <span class=FILTER_LABEL>{move || i18n.t().lead_min_score}</span>
                <input class=INPUT type="number" name="min_score" min="0" max="100" inputmode="numeric"
                    data-testid="filter-min-score"
                    value=query_param("min_score").get_untracked() prop:value=query_param("min_score")
                    on:change=move |ev| set_param.run(("min_score", event_target_value(&ev))) />
            </label>
            <label>
                <span class=FILTER_LABEL>{move || i18n.t().search_label}</span>
                <span class="flex gap-2">
                    <input class=INPUT type="search" name="q" node_ref=search data-testid="filter-query"
                        placeholder=move || i18n.t().search
                        value=query_param("q").get_untracked() prop:value=query_param("q")
                        on:change=move |ev| set_param.run(("q", event_target_value(&ev))) />
                    <button class=BUTTON_SECONDARY type="submit" data-testid="filter-submit">
                        {move || i18n.t().search_button}
                    </button>
                </span>
            </label>
        </form>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match leads.await {
                    Err(error) => view! { <ErrorBox error /> }.into_any(),
                    Ok(page) => {
                        let (items, total, has_next) = (page.items, page.total, page.has_next);
                        let last = items.last().map(|l| l.id.0);
                        view! {
                            <p class="mb-2 text-sm text-slate-500" data-testid="lead-total">
                                {total} " " {move || i18n.t().total}
                            </p>
                            {if items.is_empty() {
                                view! { <EmptyState text=move || i18n.t().leads_empty /> }.into_any()
                            } else {
                                view! { <LeadTable leads=items /> }.into_any()
                            }}
                            <Pager cursors has_next last />
                        }
                        .into_any()
                    }
                }
            })}
        </Transition>
    }
}

#[component]
fn LeadTable(leads: Vec<Lead>) -> impl IntoView {
    let i18n = use_i18n();
    let th = "px-4 py-3 text-left text-xs font-medium uppercase tracking-wide text-slate-500";
    let th_wide = "hidden px-4 py-3 text-left text-xs font-medium uppercase tracking-wide text-slate-500 md:table-cell";
    view! {
        <div class="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
            <table class="min-w-full divide-y divide-slate-200 text-sm" data-testid="lead-table">
                <thead class="bg-slate-50">
                    <tr>
                        <th class=th scope="col">{move || i18n.t().lead_name}</th>
                        <th class=th scope="col">{move || i18n.t().lead_score}</th>
                        <th class=th scope="col">{move || i18n.t().lead_status}</th>
                        <th class=th_wide scope="col">{move || i18n.t().lead_completeness}</th>
                        <th class=th_wide scope="col">{move || i18n.t().lead_source}</th>
                        <th class=th_wide scope="col">{move || i18n.t().lead_budget}</th>
                        <th class=th_wide scope="col">{move || i18n.t().lead_created}</th>
                    </tr>
                </thead>
                <tbody class="divide-y divide-slate-100">
                    {leads
                        .into_iter()
                        .map(|lead| {
                            let (href, row_id, name) =
                                (format!("/leads/{}", lead.id), lead.id.to_string(), lead.display_name());
                            let (source, min, max, created) =
                                (lead.source, lead.budget_min, lead.budget_max, lead.created_at);
                            let flags = lead.flags.clone();
                            view! {
                                <tr class="hover:bg-slate-50" data-testid="lead-row" data-id=row_id>
                                    <td class="px-4 py-3 font-medium">
                                        <A href=href attr:class="text-sky-800 hover:underline" attr:data-testid="lead-link">
                                            {name}
                                        </A>
                                        <FlagMark flags />
                                    </td>
                                    <td class="px-4 py-3"><ScoreBadge score=lead.score /></td>
                                    <td class="px-4 py-3"><StatusBadge status=lead.status /></td>
                                    <td class="hidden px-4 py-3 md:table-cell"><CompletenessBar percent=lead.completeness /></td>
                                    <td class="hidden px-4 py-3 text-slate-600 md:table-cell">
                                        {move || i18n.t().source(source)}
                                    </td>
                                    <td class="hidden whitespace-nowrap px-4 py-3 text-slate-600 md:table-cell">
                                        {move || budget_text(i18n.t(), min, max)}
                                    </td>
                                    <td class="hidden whitespace-nowrap px-4 py-3 text-slate-600 md:table-cell">
                                        {move || format_date(created, i18n.t())}
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// A warning sign beside a lead's name when something in its data needs checking.
#[component]
fn FlagMark(flags: Vec<LeadFlag>) -> impl IntoView {
    let i18n = use_i18n();
    (!flags.is_empty()).then(|| {
        let title =
            Signal::derive(move || flags.iter().map(|f| i18n.t().lead_flag(*f)).collect::<Vec<_>>().join(" "));
        view! {
            <span class="ml-2 inline-flex h-5 w-5 items-center justify-center rounded-full bg-amber-100 text-xs font-bold text-amber-800"
                data-testid="lead-flag" title=title role="img" aria-label=title>"!"</span>
        }
    })
}

#[component]
pub fn NewLeadPage() -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let on_saved =
        Callback::new(move |lead: Lead| navigate(&format!("/leads/{}", lead.id), NavigateOptions::default()));
    view! {
        <PageHeader title=move || i18n.t().lead_new />
        <section class=CARD>
            <LeadForm on_saved />
        </section>
    }
}

/// The form for a new lead, or for changing `lead`. Empty fields are not sent: on a change they
/// keep their value.
#[component]
fn LeadForm(
    #[prop(optional)] lead: Option<Lead>,
    on_saved: Callback<Lead>,
    /// Where "cancel" goes back to when editing; a new lead's form links to the list instead.
    #[prop(optional)]
    on_cancel: Option<Callback<()>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = lead.as_ref().map(|l| l.id);
    let text =
        |get: fn(&Lead) -> Option<&String>| RwSignal::new(lead.as_ref().and_then(get).cloned().unwrap_or_default());
    let salutation = text(|l| l.salutation.as_ref());
    let first_name = text(|l| l.first_name.as_ref());
    let last_name = text(|l| l.last_name.as_ref());
    let email = text(|l| l.email.as_ref());
    let phone = text(|l| l.phone.as_ref());
    let message = text(|l| l.message.as_ref());
    let number = |get: fn(&Lead) -> Option<i64>| {
        RwSignal::new(lead.as_ref().and_then(get).map(|v| v.to_string()).unwrap_or_default())
    };
    let budget_min = number(|l| l.budget_min);
    let budget_max = number(|l| l.budget_max);
    let code = |value: Option<&'static str>, default: &'static str| RwSignal::new(value.unwrap_or(default).to_owned());
    let source = code(lead.as_ref().map(|l| l.source.as_str()), LeadSource::Manual.as_str());
    let timeframe = code(lead.as_ref().map(|l| l.timeframe.as_str()), Timeframe::Unknown.as_str());
    let financing = code(lead.as_ref().map(|l| l.financing.as_str()), Financing::Unknown.as_str());
    let property = RwSignal::new(lead.as_ref().and_then(|l| l.property_id).map(|p| p.to_string()).unwrap_or_default());

    let properties =
        Resource::new(|| (), |_| list_properties(PropertyFilter::default(), PageRequest::new(PageRequest::MAX, None)));
    let save = Action::new(move |input: &LeadInput| {
        let input = input.clone();
        async move {
            match id {
                Some(id) => update_lead(id, input).await,
                None => create_lead(input).await,
            }
        }
    });
    let errors = FormErrors::new(failure(save.value()));
    Effect::new(move |_| {
        if let Some(Ok(lead)) = save.value().get() {
            on_saved.run(lead);
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut found = Vec::new();
        let budget_min = parse_number("budget_min", &budget_min.get_untracked(), &mut found);
        let budget_max = parse_number("budget_max", &budget_max.get_untracked(), &mut found);
        if !errors.check(found) {
            return;
        }
        save.dispatch(LeadInput {
            source: source.get_untracked().parse().ok(),
            salutation: non_empty(&salutation.get_untracked()),
            first_name: non_empty(&first_name.get_untracked()),
            last_name: non_empty(&last_name.get_untracked()),
            email: non_empty(&email.get_untracked()),
            phone: non_empty(&phone.get_untracked()),
            message: non_empty(&message.get_untracked()),
            budget_min,
            budget_max,
            timeframe: timeframe.get_untracked().parse().ok(),
            financing: financing.get_untracked().parse().ok(),
            property_id: property.get_untracked().parse().ok(),
            assigned_to: None,
        });
    };
    view! {
        <form class="grid gap-4 sm:grid-cols-2" on:submit=submit novalidate data-testid="lead-form">
            <Field label=i18n.signal(|t| t.lead_salutation) name="salutation" error=errors.field("salutation")>
                <input class=INPUT name="salutation" autocomplete="honorific-prefix" list="salutations"
                    value=salutation.get_untracked() bind:value=salutation />
                <datalist id="salutations">
                    <option value=move || i18n.t().salutation_ms />
                    <option value=move || i18n.t().salutation_mr />
                </datalist>
            </Field>
            <div class="hidden sm:block"></div>
            <Field label=i18n.signal(|t| t.lead_first_name) name="first_name" error=errors.field("first_name")>
                <input class=INPUT name="first_name" autocomplete="given-name"
                    value=first_name.get_untracked() bind:value=first_name />
            </Field>
            <Field label=i18n.signal(|t| t.lead_last_name) name="last_name" error=errors.field("last_name")>
                <input class=INPUT name="last_name" autocomplete="family-name"
                    value=last_name.get_untracked() bind:value=last_name />
            </Field>
            <Field label=i18n.signal(|t| t.email) name="email" error=errors.field("email")>
                <input class=INPUT type="email" name="email" autocomplete="email"
                    value=email.get_untracked() bind:value=email />
            </Field>
            <Field label=i18n.signal(|t| t.lead_phone) name="phone" error=errors.field("phone")>
                <input class=INPUT type="tel" name="phone" autocomplete="tel"
                    value=phone.get_untracked() bind:value=phone />
            </Field>
            <Field label=i18n.signal(|t| t.lead_budget_min) name="budget_min" error=errors.field("budget_min")>
                <input class=INPUT type="number" name="budget_min" min="0" step="1000" inputmode="numeric"
                    value=budget_min.get_untracked() bind:value=budget_min />
            </Field>
            <Field label=i18n.signal(|t| t.lead_budget_max) name="budget_max" error=errors.field("budget_max")>
                <input class=INPUT type="number" name="budget_max" min="0" step="1000" inputmode="numeric"
                    value=budget_max.get_untracked() bind:value=budget_max />
            </Field>
            <Field label=i18n.signal(|t| t.lead_timeframe) name="timeframe" error=errors.field("timeframe")>
                <select class=INPUT name="timeframe" prop:value=timeframe
                    on:change=move |ev| timeframe.set(event_target_value(&ev))>
                    {enum_options(Timeframe::ALL, Timeframe::as_str, Texts::timeframe, timeframe.into())}
                </select>
            </Field>
            <Field label=i18n.signal(|t| t.lead_financing) name="financing" error=errors.field("financing")>
                <select class=INPUT name="financing" prop:value=financing
                    on:change=move |ev| financing.set(event_target_value(&ev))>
                    {enum_options(Financing::ALL, Financing::as_str, Texts::financing, financing.into())}
                </select>
            </Field>
            <Field label=i18n.signal(|t| t.lead_source) name="source" error=errors.field("source")>
                <select class=INPUT name="source" prop:value=source on:change=move |ev| source.set(event_target_value(&ev))>
                    {enum_options(LeadSource::ALL, LeadSource::as_str, Texts::source, source.into())}
                </select>
            </Field>
            <Field label=i18n.signal(|t| t.lead_property) name="property_id" error=errors.field("property_id")>
                <Transition fallback=move || view! {
                    <select class=INPUT name="property_id" disabled>
                        <option>{move || i18n.t().loading}</option>
                    </select>
                }>
                    {move || Suspend::new(async move {
                        match properties.await {
                            Err(error) => view! { <ErrorBox error /> }.into_any(),
                            Ok(page) => view! {
                                <select class=INPUT name="property_id" prop:value=property
                                    on:change=move |ev| property.set(event_target_value(&ev))>
                                    <option value="">{move || i18n.t().no_property}</option>
                                    {page
                                        .items
                                        .into_iter()
                                        .map(|p| {
                                            let value = p.id.to_string();
                                            let selected = property.with_untracked(|v| *v == value);
                                            let title = match &p.reference {
                                                Some(r) => format!("{} ({r})", p.title),
                                                None => p.title.clone(),
                                            };
                                            view! { <option value=value selected=selected>{title}</option> }
                                        })
                                        .collect_view()}
                                </select>
                            }
                            .into_any(),
                        }
                    })}
                </Transition>
            </Field>
            <div class="sm:col-span-2">
                <Field label=i18n.signal(|t| t.lead_message) name="message" error=errors.field("message")>
                    <textarea class=INPUT name="message" rows="4" bind:value=message>{message.get_untracked()}</textarea>
                </Field>
            </div>
            <div class="flex flex-wrap items-center gap-3 sm:col-span-2">
                <button class=BUTTON type="submit" data-testid="lead-submit" disabled=move || save.pending().get()>
                    {move || if id.is_some() { i18n.t().save } else { i18n.t().create }}
                </button>
                {match on_cancel {
                    Some(cancel) => view! {
                        <button class=BUTTON_SECONDARY type="button" data-testid="lead-cancel"
                            on:click=move |_| cancel.run(())>
                            {move || i18n.t().cancel}
                        </button>
                    }
                    .into_any(),
                    None => view! {
                        <A href="/leads" attr:class=BUTTON_SECONDARY attr:data-testid="lead-cancel">
                            {move || i18n.t().cancel}
                        </A>
                    }
                    .into_any(),
                }}
                <FormAlert errors />
            </div>
        </form>
    }
}

#[component]
pub fn LeadDetailPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get_str("id").and_then(|s| s.parse::<LeadId>().ok())));
    let detail = Resource::new(
        move || id.get(),
        |id| async move {
            match id {
                Some(id) => get_lead_detail(id).await,
                None => Err(super::not_found("not a lead id")),
            }
        },
    );
    let refresh = Callback::new(move |()| detail.refetch());
    view! {
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match detail.await {
                    Ok(detail) => view! { <LeadView detail refresh /> }.into_any(),
                    Err(e) if e.code == ErrorCode::NotFound => {
                        answer_with(&e);
                        view! {
                        <div class=CARD data-testid="not-found">
                            <p class="mb-3 text-slate-700">{move || i18n.t().lead_not_found}</p>
                            <A href="/leads" attr:class="text-sm text-sky-800 hover:underline">
                                {move || i18n.t().back_to_leads}
                            </A>
                        </div>
                    }
                    .into_any()
                    }
                    Err(error) => view! { <ErrorBox error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn LeadView(detail: LeadDetail, refresh: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let me = use_me();
    let is_admin = Signal::derive(move || me.with(|m| m.as_ref().is_some_and(|m| m.user.role.is_admin())));
    let navigate = use_navigate();
    let LeadDetail { lead, activities, property, assignee, inquiries } = detail;
    let id = lead.id;
    let editing = RwSignal::new(false);

    let delete = Action::new(move |_: &()| delete_lead(id));
    let delete_error = failure(delete.value());
    Effect::new(move |_| {
        if let Some(Ok(())) = delete.value().get() {
            navigate("/leads", NavigateOptions::default());
        }
    });
    let saved = Callback::new(move |_: Lead| {
        editing.set(false);
        refresh.run(());
    });
    let cancel = Callback::new(move |()| editing.set(false));

    let name = lead.display_name();
    let (status, score) = (lead.status, lead.score);
    let (source, timeframe, financing) = (lead.source, lead.timeframe, lead.financing);
    let (min, max, created) = (lead.budget_min, lead.budget_max, lead.created_at);
    let email = lead.email.clone();
    let phone = lead.phone.clone();
    let message = lead.message.clone();
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
            <Show when=move || !editing.get()>
                <button class=BUTTON_SECONDARY type="button" data-testid="edit-lead" on:click=move |_| editing.set(true)>
                    {move || i18n.t().edit}
                </button>
            </Show>
            <Show when=move || is_admin.get()>
                <button
                    class="inline-flex items-center justify-center rounded-md border border-red-300 bg-white px-4 py-2 text-sm font-medium text-red-700 hover:bg-red-50 disabled:opacity-50"
                    type="button"
                    data-testid="delete-lead"
                    disabled=move || delete.pending().get()
                    on:click=move |_| {
                        if confirm(i18n.t().lead_delete_confirm) {
                            delete.dispatch(());
                        }
                    }
                >
                    {move || i18n.t().delete}
                </button>
            </Show>
        </PageHeader>
        {move || delete_error.get().map(|error| view! { <div class="mb-4"><ErrorBox error /></div> })}
        <div class="grid gap-6 lg:grid-cols-3">
            <div class="space-y-6 lg:col-span-2">
                <Show
                    when=move || editing.get()
                    fallback=move || {
                        let email = email.clone();
                        let phone = phone.clone();
                        let message = message.clone();
                        let property = property.clone();
                        let assignee_name = assignee_name.clone();
                        view! {
                            <section class=CARD data-testid="lead-facts">
                                <dl class="grid gap-4 sm:grid-cols-2">
                                    <Fact label=move || i18n.t().email>
                                        {match email {
                                            Some(e) => {
                                                let href = format!("mailto:{e}");
                                                view! { <a class="text-sky-800 hover:underline" href=href>{e}</a> }.into_any()
                                            }
                                            None => view! { {move || i18n.t().none} }.into_any(),
                                        }}
                                    </Fact>
                                    <Fact label=move || i18n.t().lead_phone>
                                        {match phone {
                                            Some(p) => {
                                                let href = format!("tel:{p}");
                                                view! { <a class="text-sky-800 hover:underline" href=href>{p}</a> }.into_any()
                                            }
                                            None => view! { {move || i18n.t().none} }.into_any(),
                                        }}
                                    </Fact>
                                    <Fact label=move || i18n.t().lead_source>{move || i18n.t().source(source)}</Fact>
                                    <Fact label=move || i18n.t().lead_budget>{move || budget_text(i18n.t(), min, max)}</Fact>
                                    <Fact label=move || i18n.t().lead_timeframe>{move || i18n.t().timeframe(timeframe)}</Fact>
                                    <Fact label=move || i18n.t().lead_financing>{move || i18n.t().financing(financing)}</Fact>
                                    <Fact label=move || i18n.t().lead_property>
                                        {match property {
                                            Some(p) => {
                                                let href = format!("/properties/{}", p.id);
                                                view! {
                                                    <A href=href attr:class="text-sky-800 hover:underline"
                                                        attr:data-testid="lead-property">{p.title}</A>
                                                }
                                                .into_any()
                                            }
                                            None => view! { {move || i18n.t().none} }.into_any(),
                                        }}
                                    </Fact>
                                    <Fact label=move || i18n.t().lead_assigned>
                                        <span data-testid="lead-assignee">
                                            {match assignee_name {
                                                Some(n) => n.into_any(),
                                                None => (move || i18n.t().unassigned).into_any(),
                                            }}
                                        </span>
                                    </Fact>
                                    <Fact label=move || i18n.t().lead_created>{move || format_date_time(created, i18n.t())}</Fact>
                                </dl>
                                <LeadFlags flags=flags.clone() duplicate_of />
                                {message.map(|m| view! {
                                    <div class="mt-5 border-t border-slate-100 pt-4">
                                        <h2 class="mb-1 text-xs font-medium uppercase tracking-wide text-slate-500">
                                            {move || i18n.t().lead_message}
                                        </h2>
                                        <p class="whitespace-pre-line text-sm text-slate-800" data-testid="lead-message">{m}</p>
                                    </div>
                                })}
                            </section>
                        }
                    }
                >
                    <section class=CARD>
                        <h2 class="mb-4 text-lg font-semibold">{move || i18n.t().lead_edit}</h2>
                        <LeadForm lead=form_lead.clone() on_saved=saved on_cancel=cancel />
                    </section>
                </Show>
                <Inquiries inquiries />
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

/// The buttons for the steps the pipeline allows from here, with an optional reason.
#[component]
fn StatusCard(id: LeadId, status: LeadStatus, refresh: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let reason = RwSignal::new(String::new());
    let change = Action::new(move |next: &LeadStatus| {
        let (next, reason) = (*next, non_empty(&reason.get_untracked()));
        async move {
            let changed = change_lead_status(id, next, reason).await;
            if changed.is_ok() {
                refresh.run(());
            }
            changed
        }
    });
    let change_error = failure(change.value());
    let allowed: Vec<LeadStatus> = LeadStatus::ALL.iter().copied().filter(|s| status.can_become(*s)).collect();
    view! {
        <section class=CARD data-testid="status-card">
            <h2 class="mb-3 text-lg font-semibold">{move || i18n.t().lead_change_status}</h2>
            <p class="mb-3 flex items-center gap-2 text-sm text-slate-600">
                {move || i18n.t().lead_current_status} <StatusBadge status />
            </p>
            <input class=format!("{INPUT} mb-3") name="reason" data-testid="status-reason"
                placeholder=move || i18n.t().lead_status_reason bind:value=reason />
            <div class="flex flex-wrap gap-2">
                {allowed
                    .into_iter()
                    .map(|next| {
                        view! {
                            <button class=BUTTON_SECONDARY type="button"
                                data-testid=format!("status-{}", next.as_str())
                                disabled=move || change.pending().get()
                                on:click=move |_| { change.dispatch(next); }>
                                {move || format!("{} {}", i18n.t().pipeline_move_to, i18n.t().status(next))}
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
            {move || change_error.get().map(|error| {
                if error.code == ErrorCode::Conflict {
                    view! { <p role="alert" class="mt-3 text-sm text-red-700">{move || i18n.t().field_invalid_transition}</p> }.into_any()
                } else {
                    view! { <div class="mt-3"><ErrorBox error /></div> }.into_any()
                }
            })}
        </section>
    }
}

/// Admins hand a lead to an active colleague, or take it back.
#[component]
fn AssignCard(id: LeadId, assigned_to: Option<UserId>, refresh: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    // Inside the lead's `Suspend`: loaded in the browser (docs/architecture.md).
    let users = BrowserData::new(list_users);
    let assign = Action::new(move |to: &Option<UserId>| {
        let to = *to;
        async move {
            let assigned = assign_lead(id, to).await;
            if assigned.is_ok() {
                refresh.run(());
            }
            assigned
        }
    });
    let assign_error = failure(assign.value());
    let current = assigned_to.map(|u| u.to_string()).unwrap_or_default();
    view! {
        <section class=CARD data-testid="assign-card">
            <label class="block">
                <span class="mb-3 block text-lg font-semibold">{move || i18n.t().lead_assigned}</span>
                // Not a <Transition>: on the server and while hydrating both sides render the
                // loading line; the select follows once the browser has the list.
                {move || match users.get() {
                    None => view! { <Loading /> }.into_any(),
                    Some(Err(error)) => view! { <ErrorBox error /> }.into_any(),
                    Some(Ok(users)) => view! {
                        <select class=INPUT name="assigned_to" data-testid="assign-select"
                            disabled=move || assign.pending().get()
                            on:change=move |ev| {
                                assign.dispatch(event_target_value(&ev).parse().ok());
                            }>
                            <option value="" selected=current.is_empty()>{move || i18n.t().unassigned}</option>
                            {users
                                .into_iter()
                                .filter(|u| u.active || Some(u.id) == assigned_to)
                                .map(|u| {
                                    let value = u.id.to_string();
                                    let selected = value == current;
                                    view! { <option value=value selected=selected>{u.name}</option> }
                                })
                                .collect_view()}
                        </select>
                    }
                    .into_any(),
                }}
            </label>
            {move || assign_error.get().map(|error| view! { <div class="mt-3"><ErrorBox error /></div> })}
        </section>
    }
}

#[component]
fn ScoreCard(score: i32, factors: Vec<ScoreFactor>, completeness: i32) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class=CARD data-testid="score-card">
            <h2 class="mb-3 flex items-center justify-between text-lg font-semibold">
                {move || i18n.t().lead_score_factors}
                <ScoreBadge score />
            </h2>
            <p class="mb-4 flex items-center justify-between text-sm text-slate-600">
                {move || i18n.t().lead_completeness}
                <CompletenessBar percent=completeness />
            </p>
            {if factors.is_empty() {
                view! { <p class="text-sm text-slate-500">{move || i18n.t().lead_no_score_yet}</p> }.into_any()
            } else {
                view! {
                    <ul class="space-y-3">
                        {factors
                            .into_iter()
                            .map(|f| {
                                let width = if f.max_points > 0 { (f.points.clamp(0, f.max_points) * 100) / f.max_points } else { 0 };
                                view! {
                                    <li data-testid="score-factor">
                                        <div class="flex justify-between text-sm">
                                            <span class="font-medium">{f.name}</span>
                                            <span class="text-slate-500">{format!("{}/{}", f.points, f.max_points)}</span>
                                        </div>
                                        <div class="mt-1 h-1.5 rounded-full bg-slate-100">
                                            <div class="h-1.5 rounded-full bg-sky-600" style=format!("width: {width}%")></div>
                                        </div>
                                        <p class="mt-1 text-xs text-slate-500">{f.reason}</p>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
                .into_any()
            }}
        </section>
    }
}

/// What an agent should check in the lead's data, in words.
#[component]
fn LeadFlags(flags: Vec<LeadFlag>, duplicate_of: Option<LeadId>) -> impl IntoView {
    let i18n = use_i18n();
    (!flags.is_empty()).then(|| view! {
        <div class="mt-5 rounded-md border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900" role="note" data-testid="lead-flags">
            <p class="mb-1 font-medium">{move || i18n.t().lead_check}</p>
            <ul class="list-disc space-y-0.5 pl-5">
                {flags
                    .into_iter()
                    .map(|f| {
                        let other = duplicate_of.filter(|_| f == LeadFlag::PossibleDuplicate);
                        view! {
                            <li data-flag=f.as_str()>
                                {move || i18n.t().lead_flag(f)}
                                {other.map(|id| view! {
                                    " "
                                    <A href=format!("/leads/{id}") attr:class="font-medium underline" attr:data-testid="lead-duplicate-link">
                                        {move || i18n.t().lead_duplicate_open}
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

/// The inquiries behind the lead: where each came from, what the parser warned about, and the
/// original mail on request. More than one means duplicates were merged into this lead.
#[component]
fn Inquiries(inquiries: Vec<InboundEmailSummary>) -> impl IntoView {
    let i18n = use_i18n();
    let count = inquiries.len();
    view! {
        <section class=CARD data-testid="lead-inquiries">
            <h2 class="mb-1 text-lg font-semibold">{move || i18n.t().lead_inquiries} " (" {count} ")"</h2>
            {match count {
                0 => view! { <p class="text-sm text-slate-500">{move || i18n.t().lead_inquiries_none}</p> }.into_any(),
                1 => ().into_any(),
                n => view! {
                    <p class="text-sm text-slate-600" data-testid="inquiries-merged">
                        {n} " " {move || i18n.t().lead_inquiries_merged}
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
                    {move || portal.as_deref().map(|p| i18n.t().portal(p)).unwrap_or_default()}
                    <span class="ml-2 text-xs font-normal text-slate-500">{move || i18n.t().inbound_channel(channel)}</span>
                </span>
                <time class="text-xs text-slate-500" datetime=received.to_rfc3339()>
                    {move || format_date_time(received, i18n.t())}
                </time>
            </div>
            <p class="truncate text-slate-600">{mail.subject.unwrap_or_default()}</p>
            {(!mail.warnings.is_empty()).then(|| view! {
                <ul class="mt-1 space-y-0.5 text-xs text-amber-800" data-testid="inquiry-warnings">
                    {mail.warnings.into_iter().map(|w| view! { <li>"⚠ " {w}</li> }).collect_view()}
                </ul>
            })}
            <button class="mt-2 text-xs font-medium text-sky-700 hover:underline" type="button"
                data-testid="inquiry-toggle" aria-expanded=move || open.get().to_string()
                on:click=move |_| open.update(|o| *o = !*o)>
                {move || if open.get() { i18n.t().lead_inquiry_hide } else { i18n.t().lead_inquiry_show }}
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
                                {move || i18n.t().lead_inquiry_source}
                                {shown.truncated.then(|| view! { " " {move || i18n.t().lead_inquiry_truncated} })}
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
fn NoteBox(id: LeadId, refresh: Callback<()>) -> impl IntoView {
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
                <Field label=i18n.signal(|t| t.lead_add_note) name="text" error=errors.field("text")>
                    <textarea class=INPUT name="text" rows="3" data-testid="note-input"
                        placeholder=move || i18n.t().lead_note_placeholder bind:value=text></textarea>
                </Field>
                <div class="flex items-center gap-3">
                    <button class=BUTTON type="submit" data-testid="note-submit" disabled=move || add.pending().get()>
                        {move || i18n.t().lead_add_note}
                    </button>
                    <FormAlert errors />
                </div>
            </form>
        </section>
    }
}

/// What happened to the lead, newest first.
#[component]
fn Timeline(activities: Vec<Activity>) -> impl IntoView {
    let i18n = use_i18n();
    let mut activities = activities;
    activities.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(b.id.cmp(&a.id)));
    view! {
        <section class=CARD>
            <h2 class="mb-4 text-lg font-semibold">{move || i18n.t().lead_activities}</h2>
            <ol class="space-y-4 border-l-2 border-slate-100 pl-4" data-testid="timeline">
                {activities
                    .into_iter()
                    .map(|a| {
                        let (kind, at) = (a.kind, a.created_at);
                        view! {
                            <li class="relative" data-testid="activity" data-kind=kind.as_str()>
                                <span class="absolute -left-[1.4rem] top-1.5 h-2.5 w-2.5 rounded-full bg-sky-600"></span>
                                <div class="flex flex-wrap items-baseline justify-between gap-2">
                                    <span class="text-sm font-medium">{move || i18n.t().activity_kind(kind)}</span>
                                    <time class="text-xs text-slate-500" datetime=at.to_rfc3339()>
                                        {move || format_date_time(at, i18n.t())}
                                    </time>
                                </div>
                                <p class="mt-0.5 whitespace-pre-line text-sm text-slate-700">{a.description}</p>
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        </section>
    }
}
