//! Loading data: a page's data, data in the browser after hydration, and actions that reload
//! what they changed.

use std::future::Future;

use leptos::prelude::*;
use serde::Serialize;
use serde::de::DeserializeOwned;

use model::error::ApiError;

use super::ErrorBox;
use crate::i18n::use_i18n;

/// A page's data: a `Resource` that the server renders with and the browser hydrates from. Every
/// page loads its data through this, never through `Resource::new` itself.
///
/// Why: the server walks a `<Suspense>`'s children once more after their resources resolve, and
/// the router's `<Outlet/>` builds the page anew each time, so a page body runs twice on the
/// server (once in the browser). Both rounds create their resources, the browser takes the data of
/// the first, the HTML comes from the second: a lead or a model call landing in between made the
/// two disagree and hydration panic. During a render, the second round joins the first round's
/// load (`RenderMemo`), finished or not: the HTML and its data are one reading, and each query
/// runs once. So everything a load depends on goes into `source`, not into the closure: within
/// one render, the same loader asked with the same source is one load.
// The one place a page resource is made (clippy.toml disallows it elsewhere).
#[allow(clippy::disallowed_methods)]
pub fn page_data<S, T, Fut, F>(source: impl Fn() -> S + Send + Sync + 'static, fetch: F) -> Resource<T>
where
    S: PartialEq + Clone + Send + Sync + 'static,
    T: Serialize + DeserializeOwned + Clone + Send + Sync + 'static,
    Fut: Future<Output = T> + Send + 'static,
    F: Fn(S) -> Fut + Send + Sync + 'static,
{
    #[cfg(feature = "ssr")]
    {
        use futures::future::Either::{Left, Right};
        let memo = use_context::<RenderMemo>();
        Resource::new(source, move |source: S| match &memo {
            Some(memo) => Left(memo.load(source, &fetch)),
            None => Right(fetch(source)),
        })
    }
    #[cfg(not(feature = "ssr"))]
    Resource::new(source, fetch)
}

/// The loads of one server render's `page_data`, by loader and source; the server provides a new
/// one for every page it renders, so nothing outlives the request.
#[cfg(feature = "ssr")]
#[derive(Clone, Default)]
pub struct RenderMemo(std::sync::Arc<std::sync::Mutex<Vec<RenderLoad>>>);

/// A load is known by its loader's type (each closure, and each server function's future within
/// it, is a type of its own) and its source: `load` is a `(S, SharedLoad<T>)`.
#[cfg(feature = "ssr")]
struct RenderLoad {
    loader: std::any::TypeId,
    load: Box<dyn std::any::Any + Send + Sync>,
}

#[cfg(feature = "ssr")]
type SharedLoad<T> = futures::future::Shared<futures::future::BoxFuture<'static, T>>;

#[cfg(feature = "ssr")]
impl RenderMemo {
    /// The render's load of `fetch(source)`: the one already under way or done, else a new one.
    fn load<S, T, Fut, F>(&self, source: S, fetch: &F) -> SharedLoad<T>
    where
        S: PartialEq + Clone + Send + Sync + 'static,
        T: Clone + Send + Sync + 'static,
        Fut: Future<Output = T> + Send + 'static,
        F: Fn(S) -> Fut + 'static,
    {
        use futures::FutureExt;
        let loader = std::any::TypeId::of::<F>();
        let mut loads = self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let known = loads
            .iter()
            .filter(|known| known.loader == loader)
            .filter_map(|known| known.load.downcast_ref::<(S, SharedLoad<T>)>())
            .find(|(asked, _)| *asked == source)
            .map(|(_, load)| load.clone());
        known.unwrap_or_else(|| {
            let load = fetch(source.clone()).boxed().shared();
            loads.push(RenderLoad { loader, load: Box::new((source, load.clone())) });
            load
        })
    }
}
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

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicU32, Ordering};

    use super::*;

    /// A page body as the server runs it: the same `page_data` created again in one render.
    fn counted(calls: Arc<AtomicU32>, source: u32) -> Resource<u32> {
        page_data(
            move || source,
            move |n| {
                let call = calls.fetch_add(1, Ordering::SeqCst) + 1;
                async move { n * 100 + call }
            },
        )
    }

    #[tokio::test]
    async fn a_render_reads_each_page_data_once_and_the_next_render_reads_anew() {
        let _ = any_spawner::Executor::init_tokio();
        let calls = Arc::new(AtomicU32::new(0));

        let render = Owner::new();
        render.set();
        provide_context(RenderMemo::default());
        let first = counted(calls.clone(), 7).await;
        let again = counted(calls.clone(), 7).await;
        assert_eq!((first, again), (701, 701), "the second round shows what the first read");
        assert_eq!(counted(calls.clone(), 8).await, 802, "another source is another reading");
        assert_eq!(calls.load(Ordering::SeqCst), 2);

        // The second round may start before the first round's load is done: it joins it.
        let (early, late) = (counted(calls.clone(), 9), counted(calls.clone(), 9));
        assert_eq!((early.await, late.await), (903, 903), "one load for both rounds");
        assert_eq!(calls.load(Ordering::SeqCst), 3);

        let next = Owner::new();
        next.set();
        provide_context(RenderMemo::default());
        assert_eq!(counted(calls.clone(), 7).await, 704, "a new page render reads the data again");
    }
}
