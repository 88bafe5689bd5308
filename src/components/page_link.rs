//! A link to another view of the page: a real `<a href>` (open in a new tab, copy the address),
//! that a plain click follows inside the page, without a reload.

use crate::hooks::PageLocation;
use leptos::ev::MouseEvent;
use leptos::prelude::*;

#[component]
pub fn PageLink(
    /// The path below the page: "", "/{client_id}", "/activity".
    #[prop(into)]
    to: String,
    #[prop(optional, into)] class: Option<&'static str>,
    /// The accessible name, where the text does not say enough.
    #[prop(optional_no_strip)]
    label: Option<String>,
    /// Marks the link as the page the person is on (`aria-current="page"`).
    #[prop(optional)]
    current: bool,
    children: Children,
) -> impl IntoView {
    let location = expect_context::<PageLocation>();
    let href = location.href(&to);
    let follow = move |event: MouseEvent| {
        let modified = event.ctrl_key() || event.meta_key() || event.shift_key() || event.alt_key();
        if event.button() == 0 && !modified {
            event.prevent_default();
            location.go(to.clone());
        }
    };
    view! { <a href=href class=class aria-label=label aria-current=current.then_some("page") on:click=follow>{children()}</a> }
}
