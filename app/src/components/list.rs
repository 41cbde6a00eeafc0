//! A keyset-paged list under the filter of the URL's query: its count, its items or the empty
//! state, and the pager.

use std::future::Future;

use super::page_data;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use leptos_router::params::ParamsMap;
use serde::Serialize;
use serde::de::DeserializeOwned;
use uuid::Uuid;

use model::error::ApiError;
use model::{Page, PageRequest};

use super::{Cursors, EmptyState, ErrorBox, Loading, Pager};
use crate::i18n::{Texts, use_i18n};

/// Loads the page of `load` that the URL's filter (`filter_from`) and the pager's cursor ask for,
/// `page_size` items at a time, and shows it with `items`; `id` is an item's key for the pager.
#[component]
pub fn PagedList<F, T, Fut, V>(
    filter_from: fn(&ParamsMap) -> F,
    load: fn(F, PageRequest) -> Fut,
    page_size: u64,
    /// The `data-testid` of the line with the count.
    total_testid: &'static str,
    empty: fn(&Texts) -> &'static str,
    id: fn(&T) -> Uuid,
    items: fn(Vec<T>) -> V,
) -> impl IntoView
where
    F: Clone + Default + PartialEq + Send + Sync + 'static,
    T: Serialize + DeserializeOwned + Clone + Send + Sync + 'static,
    Fut: Future<Output = Result<Page<T>, ApiError>> + Send + 'static,
    V: IntoView + 'static,
{
    let i18n = use_i18n();
    let query = use_query_map();
    let filter = Memo::new(move |_| query.with(filter_from));
    let cursors = Cursors::new(filter);
    let page = page_data(
        move || (filter.get(), cursors.after(), page_size),
        move |(filter, after, page_size)| load(filter, PageRequest::new(page_size, after)),
    );
    view! {
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match page.await {
                    Err(error) => view! { <ErrorBox error /> }.into_any(),
                    Ok(page) => {
                        let (found, total, has_next) = (page.items, page.total, page.has_next);
                        let last = found.last().map(id);
                        view! {
                            <p class="mb-2 text-sm text-slate-500" data-testid=total_testid>
                                {total} " " {move || i18n.t().common.total}
                            </p>
                            {if found.is_empty() {
                                view! { <EmptyState text=move || empty(i18n.t()) /> }.into_any()
                            } else {
                                items(found).into_any()
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
