//! The platform view for super-admins: every office with its counts.

use leptos::prelude::*;

use crate::api::get_platform_stats;
use crate::components::{CARD, EmptyState, ErrorBox, Loading, NoAccess, PageHeader, format_date};
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
    let stats = Resource::new(|| (), |_| get_platform_stats());
    view! {
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match stats.await {
                    Err(error) => view! { <ErrorBox error /> }.into_any(),
                    Ok(stats) => view! { <Stats stats /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Stats(stats: PlatformStats) -> impl IntoView {
    let i18n = use_i18n();
    let th = "px-4 py-3 text-left text-xs font-medium uppercase tracking-wide text-slate-500";
    let th_num = "px-4 py-3 text-right text-xs font-medium uppercase tracking-wide text-slate-500";
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
                <div class="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
                    <table class="min-w-full divide-y divide-slate-200 text-sm" data-testid="tenant-table">
                        <thead class="bg-slate-50">
                            <tr>
                                <th class=th scope="col">{move || i18n.t().platform.office}</th>
                                <th class=format!("{th} hidden md:table-cell") scope="col">{move || i18n.t().properties.country}</th>
                                <th class=format!("{th} hidden md:table-cell") scope="col">{move || i18n.t().platform.plan}</th>
                                <th class=th_num scope="col">{move || i18n.t().platform.users}</th>
                                <th class=th_num scope="col">{move || i18n.t().platform.leads}</th>
                                <th class=th_num scope="col">{move || i18n.t().platform.properties}</th>
                                <th class=format!("{th} hidden md:table-cell") scope="col">{move || i18n.t().common.created_at}</th>
                            </tr>
                        </thead>
                        <tbody class="divide-y divide-slate-100">
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
            .into_any()
        }}
    }
}
