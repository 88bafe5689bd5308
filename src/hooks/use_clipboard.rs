//! Copies text with the Clipboard API. Where the browser refuses (an insecure origin, a denied
//! permission), it selects the element that shows the value, so Ctrl+C works.

use leptos::html::ElementType;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::time::Duration;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// How long "Copied" stays before the button reads "Copy" again.
const COPIED_FOR: Duration = Duration::from_millis(2000);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CopyState {
    Idle,
    Copied,
    /// The browser refused; the value is selected instead.
    Refused,
}

pub struct UseClipboard<F: Fn() + Clone> {
    pub state: ReadSignal<CopyState>,
    /// Copies the value.
    pub copy: F,
}

/// `shown_in` is the element that shows `value`, selected when copying is refused.
pub fn use_clipboard<E>(value: String, shown_in: NodeRef<E>) -> UseClipboard<impl Fn() + Clone>
where
    E: ElementType + 'static,
    E::Output: JsCast + Clone + 'static,
{
    let (state, set_state) = signal(CopyState::Idle);
    let reset = StoredValue::new(None::<TimeoutHandle>);
    let clear_reset = move || {
        if let Some(handle) = reset.try_update_value(Option::take).flatten() {
            handle.clear();
        }
    };
    on_cleanup(clear_reset);
    let value = StoredValue::new(value);
    let copy = move || {
        let text = value.get_value();
        spawn_local(async move {
            let copied = match clipboard_write(&text) {
                Some(promise) => JsFuture::from(promise).await.is_ok(),
                None => false,
            };
            if copied {
                set_state.set(CopyState::Copied);
                clear_reset();
                let idle_again =
                    set_timeout_with_handle(move || set_state.set(CopyState::Idle), COPIED_FOR);
                reset.set_value(idle_again.ok());
            } else {
                if let Some(element) = shown_in.get_untracked() {
                    select_contents(element.unchecked_ref());
                }
                set_state.set(CopyState::Refused);
            }
        });
    };
    UseClipboard { state, copy }
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

fn select_contents(element: &web_sys::Element) {
    if let Some(selection) = window().get_selection().ok().flatten() {
        let _ = selection.select_all_children(element);
    }
}
