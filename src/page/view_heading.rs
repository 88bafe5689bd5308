//! A view's heading. It takes focus when the person came from another view of the page, so that
//! a screen reader says where they are now (a reload or a deep link leaves focus alone).

use super::context::PageContext;
use crate::hooks::{use_focus_on_mount, FocusTarget};
use leptos::prelude::*;

#[component]
pub fn ViewHeading(#[prop(into)] text: String, focus: bool) -> impl IntoView {
    let ctx = expect_context::<PageContext>();
    let heading = NodeRef::<leptos::html::H1>::new();
    if focus {
        use_focus_on_mount(heading, FocusTarget::Element);
    }
    view! { <h1 class="ak-title" id=ctx.id("heading") tabindex="-1" node_ref=heading>{text}</h1> }
}
