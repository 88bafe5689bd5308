//! Where focus continues when the element that had it is gone (a deleted row, a row rebuilt
//! while a dialog was open).

use leptos::html::{Button, Div};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

#[derive(Clone, Copy)]
pub struct PageFocus {
    root: NodeRef<Div>,
    /// "New secret", the page's main action.
    pub main_action: NodeRef<Button>,
}

impl PageFocus {
    pub fn new(root: NodeRef<Div>) -> Self {
        Self {
            root,
            main_action: NodeRef::new(),
        }
    }

    pub fn main_action(&self) {
        if let Some(button) = self.main_action.get_untracked() {
            let _ = button.focus();
        }
    }

    /// Focuses the element `selector` finds in the row of `client_id`, else the main action.
    pub fn in_row(&self, client_id: &str, selector: &str) {
        let target = self
            .root
            .get_untracked()
            .and_then(|root| root.query_selector_all("tr[data-client-id]").ok())
            .and_then(|rows| {
                (0..rows.length())
                    .filter_map(|i| rows.item(i)?.dyn_into::<web_sys::Element>().ok())
                    .find(|row| row.get_attribute("data-client-id").as_deref() == Some(client_id))
            })
            .and_then(|row| row.query_selector(selector).ok().flatten())
            .and_then(|target| target.dyn_into::<web_sys::HtmlElement>().ok());
        match target {
            Some(target) => {
                let _ = target.focus();
            }
            None => self.main_action(),
        }
    }
}
