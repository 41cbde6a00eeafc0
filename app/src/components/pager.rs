//! Keyset paging: the cursors behind a list and its back/next buttons.

use leptos::prelude::*;
use uuid::Uuid;

use super::BUTTON_SECONDARY;
use crate::i18n::use_i18n;

/// Keyset paging under a filter: the cursors of the pages before the current one. They belong
/// to the filter they were collected under, so a new filter starts again at its first page.
pub struct Cursors<F: Send + Sync + 'static> {
    filter: Memo<F>,
    trail: RwSignal<(F, Vec<Uuid>)>,
}

impl<F: Send + Sync + 'static> Clone for Cursors<F> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<F: Send + Sync + 'static> Copy for Cursors<F> {}

impl<F> Cursors<F>
where
    F: Clone + Default + PartialEq + Send + Sync + 'static,
{
    pub fn new(filter: Memo<F>) -> Self {
        Self { filter, trail: RwSignal::new((F::default(), Vec::new())) }
    }

    /// The cursor of the current page, `None` on the first.
    pub fn after(self) -> Option<Uuid> {
        let current = self.filter.get();
        self.trail.with(|(f, cursors)| if *f == current { cursors.last().copied() } else { None })
    }

    /// Moves on past `last`, the id of the current page's last item.
    pub fn next(self, last: Option<Uuid>) {
        let current = self.filter.get_untracked();
        self.trail.update(|(f, cursors)| {
            if *f != current {
                *f = current;
                cursors.clear();
            }
            cursors.extend(last);
        });
    }

    pub fn prev(self) {
        self.trail.update(|(_, cursors)| {
            cursors.pop();
        });
    }
}

/// "Back" and "next" under a keyset-paged list; nothing when everything fits on one page.
#[component]
pub fn Pager<F>(cursors: Cursors<F>, has_next: bool, last: Option<Uuid>) -> impl IntoView
where
    F: Clone + Default + PartialEq + Send + Sync + 'static,
{
    let i18n = use_i18n();
    let has_prev = cursors.after().is_some();
    (has_prev || has_next).then(|| {
        view! {
            <nav class="mt-4 flex justify-between gap-2" aria-label=move || i18n.t().common.pagination>
                <button class=BUTTON_SECONDARY type="button" data-testid="page-prev" disabled=!has_prev
                    on:click=move |_| cursors.prev()>
                    {move || i18n.t().common.previous_page}
                </button>
                <button class=BUTTON_SECONDARY type="button" data-testid="page-next" disabled=!has_next
                    on:click=move |_| cursors.next(last)>
                    {move || i18n.t().common.next_page}
                </button>
            </nav>
        }
    })
}
