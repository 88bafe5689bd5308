//! Focus helpers the focus hooks and the modal share.

use leptos::prelude::document;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, KeyboardEvent};

const FOCUSABLE: &str = "a[href], button:not([disabled]), input:not([disabled]), \
     textarea:not([disabled]), select:not([disabled]), [tabindex]:not([tabindex='-1'])";

/// The elements inside `container` that Tab stops at, in document order.
pub fn focusables(container: &Element) -> Vec<Element> {
    let Ok(list) = container.query_selector_all(FOCUSABLE) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|node| node.dyn_into::<Element>().ok())
        .collect()
}

/// The focused element, also inside a shadow root (the page in `<appkeys-page shadow>`), where
/// `document.activeElement` is only the shadow host.
pub fn active_element() -> Option<Element> {
    let mut active = document().active_element()?;
    while let Some(inner) = active.shadow_root().and_then(|root| root.active_element()) {
        active = inner;
    }
    Some(active)
}

pub fn focus(element: &Element) {
    if let Some(element) = element.dyn_ref::<HtmlElement>() {
        let _ = element.focus();
    }
}

/// Keeps Tab inside `container`: Tab from the last element goes to the first, Shift+Tab from the
/// first (or from the container itself) to the last.
pub fn trap_tab(container: &Element, ev: &KeyboardEvent) {
    let items = focusables(container);
    let (Some(first), Some(last)) = (items.first(), items.last()) else {
        ev.prevent_default();
        return;
    };
    let active = active_element();
    let at_container = active.as_ref().is_none_or(|a| a == container);
    let wrap_to = if ev.shift_key() {
        (at_container || active.as_ref() == Some(first)).then_some(last)
    } else {
        (active.as_ref() == Some(last)).then_some(first)
    };
    if let Some(target) = wrap_to {
        ev.prevent_default();
        focus(target);
    }
}
