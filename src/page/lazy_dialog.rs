//! A dialog whose code loads when first opened (src/lazy.rs). When its chunk is already here
//! (prefetched, or a build without chunks) it opens in the same turn; otherwise a dialog says it
//! is opening, then gives way to it, or says it could not be loaded and offers Retry.

use super::context::PageContext;
use crate::components::Modal;
use crate::hooks::Opener;
use crate::i18n::Text;
use crate::lazy::{LazyLoad, Loading, Phase};
use leptos::prelude::*;

/// `load` starts the chunk's load and gives its view (it may be called again by Retry).
pub fn lazy_dialog(load: Box<dyn Fn() -> Loading>, on_close: Callback<()>) -> impl IntoView {
    // The element that had focus before any of this: the dialog gives focus back to it, not to
    // the "Opening" dialog that may have stood in between.
    provide_context(Opener::here());
    let lazy = LazyLoad::start(load);
    move || match lazy.phase.get() {
        Phase::Ready => lazy.take(),
        Phase::Loading => view! { <Opening on_close/> }.into_any(),
        Phase::Failed => view! { <NotLoaded on_close retry=lazy.retry/> }.into_any(),
    }
}

#[component]
fn Opening(on_close: Callback<()>) -> impl IntoView {
    let ctx = expect_context::<PageContext>();
    let title_id = ctx.id("opening-title");
    view! {
        <Modal labelled_by=title_id.clone() on_dismiss=on_close>
            <div class="ak-dialog__body" aria-busy="true">
                <h2 class="ak-dialog__title" id=title_id>
                    <span class="ak-spinner" aria-hidden="true"></span> {ctx.t(Text::Opening)}
                </h2>
                <div class="ak-dialog__actions">
                    <button type="button" class="ak-btn ak-btn--secondary" on:click=move |_| on_close.run(())>{ctx.t(Text::Cancel)}</button>
                </div>
            </div>
        </Modal>
    }
}

#[component]
fn NotLoaded(on_close: Callback<()>, retry: Callback<()>) -> impl IntoView {
    let ctx = expect_context::<PageContext>();
    let title_id = ctx.id("not-loaded-title");
    let body_id = ctx.id("not-loaded-body");
    view! {
        <Modal labelled_by=title_id.clone() described_by=body_id.clone() on_dismiss=on_close alert=true>
            <div class="ak-dialog__body">
                <h2 class="ak-dialog__title" id=title_id>{ctx.t(Text::NotLoadedTitle)}</h2>
                <p id=body_id class="ak-error" role="alert">{ctx.t(Text::NotLoaded)}</p>
                <div class="ak-dialog__actions">
                    <button type="button" class="ak-btn ak-btn--secondary" on:click=move |_| on_close.run(())>{ctx.t(Text::Cancel)}</button>
                    <button type="button" class="ak-btn ak-btn--primary" data-autofocus on:click=move |_| retry.run(())>{ctx.t(Text::Retry)}</button>
                </div>
            </div>
        </Modal>
    }
}
