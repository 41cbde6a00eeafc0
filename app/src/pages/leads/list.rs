//! The lead list: filters from the URL, the table, and keyset paging.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::params::ParamsMap;

use super::budget_text;
use crate::api::list_leads;
use crate::components::{
    BUTTON, Column, CompletenessBar, FilterBar, FilterInput, FilterSelect, PageHeader, PagedList, ScoreBadge,
    StatusBadge, Table, non_empty,
};
use crate::i18n::use_i18n;
use model::{Lead, LeadFilter, LeadFlag, LeadSource, LeadStatus};

const PAGE_SIZE: u64 = 25;

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

#[component]
pub fn LeadsPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageHeader title=move || i18n.t().leads.title>
            <A href="/leads/new" attr:class=BUTTON attr:data-testid="new-lead">{move || i18n.t().leads.new}</A>
        </PageHeader>
        <FilterBar path="/leads" class="mb-6 grid gap-3 sm:grid-cols-2 lg:grid-cols-[repeat(3,minmax(0,1fr))_minmax(0,2fr)]">
            <FilterSelect key="status" testid="filter-status" label=|t| t.leads.status any=|t| t.common.filter_all
                all=LeadStatus::ALL code=LeadStatus::as_str name=|t, v| t.leads.status(v) />
            <FilterSelect key="source" testid="filter-source" label=|t| t.leads.source any=|t| t.common.filter_all
                all=LeadSource::ALL code=LeadSource::as_str name=|t, v| t.leads.source(v) />
            <FilterInput key="min_score" testid="filter-min-score" label=|t| t.leads.min_score kind="number"
                min="0" max="100" inputmode="numeric" />
        </FilterBar>
        <PagedList filter_from load=list_leads page_size=PAGE_SIZE total_testid="lead-total"
            empty=|t| t.leads.empty id=|l: &Lead| l.id.0 items=|leads| view! { <LeadTable leads /> } />
    }
}

#[component]
fn LeadTable(leads: Vec<Lead>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Table testid="lead-table" card=true columns=vec![
            Column::new(|t| t.leads.name),
            Column::new(|t| t.leads.score),
            Column::new(|t| t.leads.status),
            Column::wide(|t| t.leads.completeness),
            Column::wide(|t| t.leads.source),
            Column::wide(|t| t.leads.budget),
            Column::wide(|t| t.leads.created),
        ]>
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
                                {move || i18n.t().leads.source(source)}
                            </td>
                            <td class="hidden whitespace-nowrap px-4 py-3 text-slate-600 md:table-cell">
                                {move || budget_text(i18n, min, max)}
                            </td>
                            <td class="hidden whitespace-nowrap px-4 py-3 text-slate-600 md:table-cell">
                                {move || i18n.date(created)}
                            </td>
                        </tr>
                    }
                })
                .collect_view()}
        </Table>
    }
}

/// A warning sign beside a lead's name when something in its data needs checking.
#[component]
fn FlagMark(flags: Vec<LeadFlag>) -> impl IntoView {
    let i18n = use_i18n();
    (!flags.is_empty()).then(|| {
        let title =
            Signal::derive(move || flags.iter().map(|f| i18n.t().leads.flag(*f)).collect::<Vec<_>>().join(" "));
        view! {
            <span class="ml-2 inline-flex h-5 w-5 items-center justify-center rounded-full bg-amber-100 text-xs font-bold text-amber-800"
                data-testid="lead-flag" title=title role="img" aria-label=title>"!"</span>
        }
    })
}
