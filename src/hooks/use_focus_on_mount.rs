//! Moves focus to an element as soon as it is in the document.

use super::focus::{focus, focusables};
use leptos::html::ElementType;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Where in the element focus goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FocusTarget {
    /// The element itself.
    Element,
    /// The descendant marked `data-autofocus`, else the first focusable one, else the element.
    Inside,
}

pub fn use_focus_on_mount<E>(node: NodeRef<E>, target: FocusTarget)
where
    E: ElementType + 'static,
    E::Output: JsCast + Clone + 'static,
{
    node.on_load(move |element| focus_target(element.unchecked_ref(), target));
}

fn focus_target(element: &web_sys::Element, target: FocusTarget) {
    let inside = match target {
        FocusTarget::Element => None,
        FocusTarget::Inside => element
            .query_selector("[data-autofocus]")
            .ok()
            .flatten()
            .or_else(|| focusables(element).into_iter().next()),
    };
    focus(inside.as_ref().unwrap_or(element));
}
