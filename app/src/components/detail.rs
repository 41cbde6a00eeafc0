//! A record's page (`/leads/:id`, `/properties/:id`): the record loaded by the address's id, with
//! a "not found" that links back to the list, and the frame of facts that turn into a form.

use std::future::Future;
use std::str::FromStr;

use super::page_data;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};
use serde::Serialize;
use serde::de::DeserializeOwned;

use model::error::{ApiError, ErrorCode};

use super::{BUTTON_SECONDARY, CARD, ErrorBox, Loading, PageHeader, answer_with, not_found};
use crate::i18n::{Texts, use_i18n};

/// Loads the record whose id the address holds (`:id`) with `load` and shows it with `record`,
/// which gets a callback to load it again. An id that does not parse is not found, as is one the
/// server does not know: both answer 404 and link back to `list` (`back` names the link).
#[component]
pub fn DetailPage<I, T, Fut, V>(
    load: fn(I) -> Fut,
    /// Why an id that does not parse is none, for the log: "not a lead id".
    bad_id: &'static str,
    missing: fn(&Texts) -> &'static str,
    list: &'static str,
    back: fn(&Texts) -> &'static str,
    record: fn(T, Callback<()>) -> V,
) -> impl IntoView
where
    I: FromStr + Clone + PartialEq + Send + Sync + 'static,
    T: Serialize + DeserializeOwned + Clone + Send + Sync + 'static,
    Fut: Future<Output = Result<T, ApiError>> + Send + 'static,
    V: IntoView + 'static,
{
    let i18n = use_i18n();
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get_str("id").and_then(|s| s.parse::<I>().ok())));
    let found = page_data(
        move || id.get(),
        move |id| {
            let loading = id.map(load);
            async move {
                match loading {
                    Some(loading) => loading.await,
                    None => Err(not_found(bad_id)),
                }
            }
        },
    );
    let refresh = Callback::new(move |()| found.refetch());
    view! {
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match found.await {
                    Ok(found) => record(found, refresh).into_any(),
                    Err(e) if e.code == ErrorCode::NotFound => {
                        answer_with(&e);
                        view! {
                            <div class=CARD data-testid="not-found">
                                <p class="mb-3 text-slate-700">{move || missing(i18n.t())}</p>
                                <A href=list attr:class="text-sm text-sky-800 hover:underline">
                                    {move || back(i18n.t())}
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

/// Whether a record's page shows its facts or the form to change them.
#[derive(Clone, Copy)]
pub struct Editing {
    on: RwSignal<bool>,
    refresh: Callback<()>,
}

impl Editing {
    pub fn new(refresh: Callback<()>) -> Self {
        Self { on: RwSignal::new(false), refresh }
    }

    /// For the form: after a save, back to the facts, loaded again.
    pub fn saved<T: 'static>(self) -> Callback<T> {
        Callback::new(move |_: T| {
            self.on.set(false);
            self.refresh.run(());
        })
    }

    /// For the form: back to the facts, unchanged.
    pub fn cancel(self) -> Callback<()> {
        Callback::new(move |()| self.on.set(false))
    }
}

/// The "edit" button in a record's header, while the facts show.
#[component]
pub fn EditButton(editing: Editing, testid: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Show when=move || !editing.on.get()>
            <button class=BUTTON_SECONDARY type="button" data-testid=testid on:click=move |_| editing.on.set(true)>
                {move || i18n.t().common.edit}
            </button>
        </Show>
    }
}

/// A record's facts (`facts`), or while editing, a card titled `title` with the form (`children`).
#[component]
pub fn Editable(
    editing: Editing,
    title: fn(&Texts) -> &'static str,
    #[prop(into)] facts: ViewFn,
    children: ChildrenFn,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Show when=move || editing.on.get() fallback=facts>
            <section class=CARD>
                <h2 class="mb-4 text-lg font-semibold">{move || title(i18n.t())}</h2>
                {children()}
            </section>
        </Show>
    }
}

/// The page for a new record: `title`, and `form` in a card; once saved, the new record's page
/// (`{list}/{id}`) opens.
#[component]
pub fn NewRecordPage<T, V>(
    title: fn(&Texts) -> &'static str,
    list: &'static str,
    id: fn(&T) -> String,
    form: fn(Callback<T>) -> V,
) -> impl IntoView
where
    T: Send + Sync + 'static,
    V: IntoView + 'static,
{
    let i18n = use_i18n();
    let navigate = use_navigate();
    let on_saved =
        Callback::new(move |saved: T| navigate(&format!("{list}/{}", id(&saved)), NavigateOptions::default()));
    view! {
        <PageHeader title=move || title(i18n.t()) />
        <section class=CARD>{form(on_saved)}</section>
    }
}
