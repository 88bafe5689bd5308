//! A view of the page whose code loads when first shown (src/lazy.rs): the loading state in its
//! place, then the view, or a failure with Retry.

use super::states::{LoadFailed, Loading as LoadingState};
use crate::i18n::{use_i18n, Text};
use crate::lazy::{LazyLoad, Loading, Phase};
use leptos::prelude::*;

pub fn lazy_section(load: Box<dyn Fn() -> Loading>) -> impl IntoView {
    let lazy = LazyLoad::start(load);
    let i18n = use_i18n();
    move || match lazy.phase.get() {
        Phase::Ready => lazy.take(),
        Phase::Loading => view! { <LoadingState text=Text::Opening/> }.into_any(),
        Phase::Failed => {
            let message = i18n.t(Text::NotLoaded).to_string();
            view! { <LoadFailed message on_retry=lazy.retry title=Text::NotLoadedTitle/> }
                .into_any()
        }
    }
}
