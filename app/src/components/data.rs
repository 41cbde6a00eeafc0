//! Loading data: in the browser after hydration, and actions that reload what they changed.

use leptos::prelude::*;

use model::error::ApiError;

use super::ErrorBox;
use crate::i18n::use_i18n;

/// Data a component loads in the browser only, once the page is interactive: the server and the
/// hydrating browser both render its empty state (`None`). For components that sit inside a
/// `Suspend`, where a `Resource` would not hydrate (docs/architecture.md, "Where a page's data
/// loads"). Signals read by `fetch` before its future starts load it again when they change; an
/// answer that a newer load has overtaken is dropped.
pub struct BrowserData<T: Send + Sync + 'static> {
    value: RwSignal<Option<T>>,
    version: RwSignal<u64>,
}

impl<T: Send + Sync + 'static> Clone for BrowserData<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for BrowserData<T> {}

impl<T: Clone + Send + Sync + 'static> BrowserData<T> {
    pub fn new<Fut>(fetch: impl Fn() -> Fut + 'static) -> Self
    where
        Fut: std::future::Future<Output = T> + 'static,
    {
        let value = RwSignal::new(None);
        let version = RwSignal::new(0_u64);
        let latest = StoredValue::new(0_u64);
        // Effects run only in the browser, after hydration.
        Effect::new(move |_| {
            version.track();
            let load = latest.get_value() + 1;
            latest.set_value(load);
            let pending = fetch();
            leptos::task::spawn_local(async move {
                let answer = pending.await;
                if latest.get_value() == load {
                    value.set(Some(answer));
                }
            });
        });
        Self { value, version }
    }

    /// The last answer; `None` until the first one arrives.
    pub fn get(&self) -> Option<T> {
        self.value.get()
    }

    /// Loads again, showing the last answer meanwhile.
    pub fn refetch(&self) {
        self.version.update(|v| *v += 1);
    }
}

/// The loading line shown inside `<Suspense>`/`<Transition>`.
#[component]
pub fn Loading() -> impl IntoView {
    let i18n = use_i18n();
    view! { <p class="p-6 text-sm text-slate-500" data-testid="loading">{move || i18n.t().common.loading}</p> }
}

/// An action that runs `run` and, when it succeeds, `reload` (refetching what it changed): the
/// shape of every button that changes a listed row.
pub fn reloading_action<I, O, Fut>(
    reload: impl Fn() + Copy + Send + Sync + 'static,
    run: impl Fn(I) -> Fut + Copy + Send + Sync + 'static,
) -> Action<I, Result<O, ApiError>>
where
    I: Clone + Send + Sync + 'static,
    O: Send + Sync + 'static,
    Fut: std::future::Future<Output = Result<O, ApiError>> + Send + 'static,
{
    Action::new(move |input: &I| {
        let done = run(input.clone());
        async move {
            let done = done.await;
            if done.is_ok() {
                reload();
            }
            done
        }
    })
}

/// What `resource` loaded, shown by `view`, or its error; the loading line until the first answer,
/// the last answer while it loads again (a `<Transition>`).
#[component]
pub fn Loaded<T, V, F>(resource: Resource<Result<T, ApiError>>, view: F) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    V: IntoView + 'static,
    F: Fn(T) -> V + Copy + Send + Sync + 'static,
{
    view! {
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match resource.await {
                    Err(error) => view! { <ErrorBox error /> }.into_any(),
                    Ok(found) => view(found).into_any(),
                }
            })}
        </Transition>
    }
}
