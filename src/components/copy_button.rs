//! A copy-to-clipboard button. When the browser refuses the Clipboard API (insecure origin,
//! denied permission), it selects the value so Ctrl+C works, and says so.

use super::icons;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::time::Duration;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

#[derive(Clone, Copy, PartialEq, Eq)]
enum CopyState {
    Idle,
    Copied,
    Refused,
}

/// `target_id` names the element that shows the value, selected when copying is refused.
#[component]
pub fn CopyButton(
    #[prop(into)] value: String,
    /// Accessible name, e.g. "Copy Client ID".
    #[prop(into)]
    label: String,
    #[prop(into)] target_id: String,
) -> impl IntoView {
    let state = RwSignal::new(CopyState::Idle);
    let reset = StoredValue::new(None::<TimeoutHandle>);
    on_cleanup(move || {
        if let Some(handle) = reset.get_value() {
            handle.clear();
        }
    });

    let copy = move |_| {
        let value = value.clone();
        let target_id = target_id.clone();
        spawn_local(async move {
            let copied = match clipboard_write(&value) {
                Some(promise) => JsFuture::from(promise).await.is_ok(),
                None => false,
            };
            if copied {
                state.set(CopyState::Copied);
                if let Some(old) = reset.get_value() {
                    old.clear();
                }
                let handle = set_timeout_with_handle(
                    move || state.set(CopyState::Idle),
                    Duration::from_millis(2000),
                )
                .ok();
                reset.set_value(handle);
            } else {
                select_contents(&target_id);
                state.set(CopyState::Refused);
            }
        });
    };

    view! {
        <span class="ak-copy">
            <button type="button" class="ak-btn ak-btn--ghost ak-btn--small" title=label.clone() aria-label=label on:click=copy>
                // One reactive piece for icon and word: a list renders one of these per row.
                {move || if state.get() == CopyState::Copied {
                    view! { {icons::check()} <span aria-hidden="true">"Copied"</span> }.into_any()
                } else {
                    view! { {icons::copy()} <span aria-hidden="true">"Copy"</span> }.into_any()
                }}
            </button>
            <span class="ak-copy__status" class:ak-sr-only=move || state.get() != CopyState::Refused role="status">
                {move || match state.get() {
                    CopyState::Copied => "Copied",
                    CopyState::Refused => "The browser blocked copying. The value is selected: press Ctrl+C (⌘C on a Mac).",
                    CopyState::Idle => "",
                }}
            </span>
        </span>
    }
}

/// `navigator.clipboard.writeText`, or `None` where the page has no Clipboard API.
fn clipboard_write(text: &str) -> Option<js_sys::Promise> {
    let navigator = window().navigator();
    let clipboard = js_sys::Reflect::get(&navigator, &"clipboard".into()).ok()?;
    if clipboard.is_undefined() || clipboard.is_null() {
        return None;
    }
    Some(
        clipboard
            .unchecked_into::<web_sys::Clipboard>()
            .write_text(text),
    )
}

fn select_contents(element_id: &str) {
    let Some(element) = document().get_element_by_id(element_id) else {
        return;
    };
    if let Some(selection) = window().get_selection().ok().flatten() {
        let _ = selection.select_all_children(&element);
    }
}
