//! The one modal dialog: labelled, focus moved in and trapped while open, restored on close,
//! Escape and the backdrop ask the owner to dismiss (the owner may say no, e.g. while a
//! secret is shown).

use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

const FOCUSABLE: &str = "a[href], button:not([disabled]), input:not([disabled]), \
     textarea:not([disabled]), select:not([disabled]), [tabindex]:not([tabindex='-1'])";

#[component]
pub fn Modal(
    /// Id of the element that names the dialog.
    #[prop(into)]
    labelled_by: String,
    /// Id of the element that describes it.
    #[prop(into, optional)]
    described_by: Option<String>,
    /// Escape, a click on the backdrop or the close button.
    #[prop(into)]
    on_dismiss: Callback<()>,
    /// `alertdialog` for confirmations that interrupt.
    #[prop(optional)]
    alert: bool,
    children: Children,
) -> impl IntoView {
    let panel = NodeRef::<Div>::new();
    let opener = StoredValue::new_local(document().active_element());

    // Move focus in once the panel is in the DOM: to the element marked `data-autofocus`,
    // else the first focusable one.
    Effect::new(move |_| {
        if let Some(panel) = panel.get() {
            let target = panel
                .query_selector("[data-autofocus]")
                .ok()
                .flatten()
                .or_else(|| focusables(&panel).into_iter().next());
            match target.and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok()) {
                Some(target) => {
                    let _ = target.focus();
                }
                None => {
                    let _ = panel.focus();
                }
            }
        }
    });

    // Back to where the person was, unless the owner has already put focus elsewhere (after a
    // delete, the row that opened the dialog is going away) or the opener has gone.
    on_cleanup(move || {
        let focus_left = document().active_element().is_some_and(|active| {
            let in_panel = panel
                .get_untracked()
                .is_some_and(|panel| panel.contains(Some(&active)));
            let on_body = document().body().is_some_and(|body| *body == active);
            !in_panel && !on_body
        });
        if focus_left {
            return;
        }
        if let Some(opener) = opener.get_value() {
            if opener.is_connected() {
                if let Some(opener) = opener.dyn_ref::<web_sys::HtmlElement>() {
                    let _ = opener.focus();
                }
            }
        }
    });

    let on_keydown = move |ev: web_sys::KeyboardEvent| match ev.key().as_str() {
        "Escape" => {
            ev.prevent_default();
            ev.stop_propagation();
            on_dismiss.run(());
        }
        "Tab" => {
            if let Some(panel) = panel.get() {
                trap_tab(&panel, &ev);
            }
        }
        _ => {}
    };

    let on_backdrop = move |ev: web_sys::MouseEvent| {
        // Only a click on the backdrop itself, not one that started inside the panel.
        if ev.target() == ev.current_target() {
            on_dismiss.run(());
        }
    };

    view! {
        <div class="ak-backdrop" on:click=on_backdrop>
            <div
                class="ak-dialog"
                role=if alert { "alertdialog" } else { "dialog" }
                aria-modal="true"
                aria-labelledby=labelled_by
                aria-describedby=described_by
                tabindex="-1"
                node_ref=panel
                on:keydown=on_keydown
            >
                {children()}
            </div>
        </div>
    }
}

fn focusables(panel: &web_sys::HtmlDivElement) -> Vec<web_sys::Element> {
    let Ok(list) = panel.query_selector_all(FOCUSABLE) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|node| node.dyn_into::<web_sys::Element>().ok())
        .collect()
}

/// Tab from the last element goes to the first, Shift+Tab from the first to the last.
fn trap_tab(panel: &web_sys::HtmlDivElement, ev: &web_sys::KeyboardEvent) {
    let items = focusables(panel);
    let (Some(first), Some(last)) = (items.first(), items.last()) else {
        ev.prevent_default();
        return;
    };
    let active = document().active_element();
    let at_panel = active
        .as_ref()
        .map(|a| a == panel.unchecked_ref::<web_sys::Element>())
        .unwrap_or(true);
    let wrap_to = if ev.shift_key() {
        (at_panel || active.as_ref() == Some(first)).then_some(last)
    } else {
        (active.as_ref() == Some(last)).then_some(first)
    };
    if let Some(target) = wrap_to.and_then(|t| t.dyn_ref::<web_sys::HtmlElement>()) {
        ev.prevent_default();
        let _ = target.focus();
    }
}
