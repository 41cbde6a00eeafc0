//! The filter bar above a list: each filter is a parameter of the URL's query, so a filtered list
//! has an address of its own and survives a reload.

use leptos::prelude::*;

use super::{BUTTON_SECONDARY, INPUT, enum_options, query_param, use_query_setter, with_unit};
use crate::i18n::{Texts, use_i18n};

const FILTER_LABEL: &str = "mb-1 block text-xs font-medium text-slate-500";

/// Sets one query parameter of the list the filters belong to.
#[derive(Clone, Copy)]
struct SetFilter(Callback<(&'static str, String)>);

impl SetFilter {
    fn run(key: &'static str, value: String) {
        if let Some(SetFilter(set)) = use_context::<SetFilter>() {
            set.run((key, value));
        }
    }
}

/// The filters of the list at `path` (`/leads`), then the search field (`q`), in a search form:
/// a change sets its parameter in the URL, submitting sets the search text.
#[component]
pub fn FilterBar(path: &'static str, class: &'static str, children: Children) -> impl IntoView {
    let i18n = use_i18n();
    let set_param = use_query_setter(path);
    provide_context(SetFilter(set_param));
    let search = NodeRef::<leptos::html::Input>::new();
    view! {
        <form
            class=class
            role="search"
            on:submit=move |ev| {
                ev.prevent_default();
                if let Some(input) = search.get_untracked() {
                    set_param.run(("q", input.value()));
                }
            }
        >
            {children()}
            <label>
                <span class=FILTER_LABEL>{move || i18n.t().common.search_label}</span>
                <span class="flex gap-2">
                    <input class=INPUT type="search" name="q" node_ref=search data-testid="filter-query"
                        placeholder=move || i18n.t().common.search
                        value=query_param("q").get_untracked() prop:value=query_param("q")
                        on:change=move |ev| set_param.run(("q", event_target_value(&ev))) />
                    <button class=BUTTON_SECONDARY type="submit" data-testid="filter-submit">
                        {move || i18n.t().common.search_button}
                    </button>
                </span>
            </label>
        </form>
    }
}

/// A filter by one of a closed set of values (parameter `key`); `any` names the empty choice.
#[component]
pub fn FilterSelect<T>(
    key: &'static str,
    testid: &'static str,
    label: fn(&Texts) -> &'static str,
    any: fn(&Texts) -> &'static str,
    all: &'static [T],
    code: fn(T) -> &'static str,
    name: fn(&Texts, T) -> &'static str,
) -> impl IntoView
where
    T: Copy + Send + Sync + 'static,
{
    let i18n = use_i18n();
    view! {
        <label>
            <span class=FILTER_LABEL>{move || label(i18n.t())}</span>
            <select class=INPUT name=key data-testid=testid prop:value=query_param(key)
                on:change=move |ev| SetFilter::run(key, event_target_value(&ev))>
                <option value="">{move || any(i18n.t())}</option>
                {enum_options(all, code, name, query_param(key))}
            </select>
        </label>
    }
}

/// A filter by typed text or a number (parameter `key`), set when the field changes.
#[component]
pub fn FilterInput(
    key: &'static str,
    testid: &'static str,
    label: fn(&Texts) -> &'static str,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] min: Option<&'static str>,
    #[prop(optional)] max: Option<&'static str>,
    #[prop(optional)] inputmode: Option<&'static str>,
    /// Written after the label ("Preis bis (CHF)").
    #[prop(optional, into)]
    unit: Option<Signal<&'static str>>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <label>
            <span class=FILTER_LABEL>{move || label(i18n.t())}{move || with_unit(unit)}</span>
            <input class=INPUT type=kind name=key min=min max=max inputmode=inputmode data-testid=testid
                value=query_param(key).get_untracked() prop:value=query_param(key)
                on:change=move |ev| SetFilter::run(key, event_target_value(&ev)) />
        </label>
    }
}
