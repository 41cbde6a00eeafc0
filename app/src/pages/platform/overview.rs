//! The platform view for super-admins: every office with its counts.

use crate::components::page_data;
use leptos::prelude::*;

use crate::api::get_platform_stats;
use crate::components::{CARD, Column, EmptyState, Loaded, NoAccess, PageHeader, Table};
use crate::i18n::{Texts, use_i18n};
use crate::pages::layout::use_me;
use model::{PlatformStats, Role};

#[component]
pub fn PlatformPage() -> impl IntoView {
    let i18n = use_i18n();
    let me = use_me();
    let allowed = Signal::derive(move || me.with(|m| m.as_ref().is_some_and(|m| m.user.role == Role::SuperAdmin)));
    view! {
        <PageHeader title=move || i18n.t().platform.title />
        <Show
            when=move || allowed.get()
            fallback=NoAccess
        >
            <Platform />
        </Show>
    }
}

/// Loaded only for super-admins: the server refuses everyone else anyway.
#[component]
fn Platform() -> impl IntoView {
    let stats = page_data(|| (), |_| get_platform_stats());
    view! {
        <Loaded resource=stats view=move |stats| view! { <Stats stats /> } />
    }
}

#[component]
fn Stats(stats: PlatformStats) -> impl IntoView {
    let i18n = use_i18n();
    let count = |testid: &'static str, label: fn(&Texts) -> &'static str, value: u64| {
        view! {
            <div class=CARD data-testid=testid>
                <div class="text-xs text-slate-500">{move || label(i18n.t())}</div>
                <div class="mt-2 text-3xl font-semibold">{value}</div>
            </div>
        }
    };
    view! {
        <div class="mb-8 grid grid-cols-2 gap-4 md:grid-cols-4">
            {count("stat-tenants", |t| t.platform.tenants, stats.tenants)}
            {count("stat-users", |t| t.platform.users, stats.users)}
            {count("stat-leads", |t| t.platform.leads, stats.leads)}
            {count("stat-properties", |t| t.platform.properties, stats.properties)}
        </div>
        {if stats.per_tenant.is_empty() {
            view! { <EmptyState text=move || i18n.t().platform.no_tenants /> }.into_any()
        } else {
            view! {
                <Table testid="tenant-table" card=true columns=vec![
                    Column::new(|t| t.platform.office),
                    Column::wide(|t| t.properties.country),
                    Column::wide(|t| t.platform.plan),
                    Column::numeric(|t| t.platform.users),
                    Column::numeric(|t| t.platform.leads),
                    Column::numeric(|t| t.platform.properties),
                    Column::wide(|t| t.common.created_at),
                ]>
                    {stats
                        .per_tenant
                        .into_iter()
                        .map(|o| {
                            let (country, created) = (o.tenant.country, o.tenant.created_at);
                            let row_id = o.tenant.id.to_string();
                            view! {
                                <tr data-testid="tenant-row" data-id=row_id>
                                    <td class="px-4 py-3">
                                        <div class="font-medium">{o.tenant.name}</div>
                                        <div class="text-xs text-slate-500">{o.tenant.slug}</div>
                                    </td>
                                    <td class="hidden px-4 py-3 md:table-cell">{move || i18n.t().properties.country(country)}</td>
                                    <td class="hidden px-4 py-3 md:table-cell">{o.tenant.plan}</td>
                                    <td class="px-4 py-3 text-right tabular-nums">{o.users}</td>
                                    <td class="px-4 py-3 text-right tabular-nums">{o.leads}</td>
                                    <td class="px-4 py-3 text-right tabular-nums">{o.properties}</td>
                                    <td class="hidden whitespace-nowrap px-4 py-3 md:table-cell">
                                        {move || i18n.date(created)}
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </Table>
            }
            .into_any()
        }}
    }
}
