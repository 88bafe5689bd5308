//! A value in monospace with its copy button. The button owns the element that shows the value,
//! so a refused copy can select it without looking anything up by id.

use super::icons;
use crate::hooks::{use_clipboard, CopyState, UseClipboard};
use crate::i18n::{use_i18n, Text};
use leptos::prelude::*;

#[component]
pub fn Copyable(
    #[prop(into)] value: String,
    /// Accessible name of the button, e.g. "Copy Client ID".
    #[prop(into)]
    label: String,
    /// Classes of the `<code>` that shows the value, e.g. "ak-mono ak-secret".
    #[prop(default = "ak-mono")]
    class: &'static str,
    /// Only the icon, for a table row; the dialogs say "Copy" in words.
    #[prop(optional)]
    compact: bool,
) -> impl IntoView {
    let shown = NodeRef::<leptos::html::Code>::new();
    let UseClipboard { state, copy } = use_clipboard(value.clone(), shown);
    let i18n = use_i18n();
    let [copy_word, copied_word, refused] =
        [Text::Copy, Text::Copied, Text::CopyRefused].map(|text| i18n.t(text));
    let status = move || match state.get() {
        CopyState::Copied => copied_word,
        CopyState::Refused => refused,
        CopyState::Idle => "",
    };
    view! {
        <code class=class node_ref=shown>{value}</code>
        <span class="ak-copy">
            <button type="button" class="ak-btn ak-btn--ghost ak-btn--small" class:ak-btn--icon=compact title=label.clone() aria-label=label on:click=move |_| copy()>
                // One reactive piece for icon and word: a list renders one of these per row.
                {move || match (state.get() == CopyState::Copied, compact) {
                    (true, true) => icons::check().into_any(),
                    (false, true) => icons::copy().into_any(),
                    (true, false) => view! { {icons::check()} <span aria-hidden="true">{copied_word}</span> }.into_any(),
                    (false, false) => view! { {icons::copy()} <span aria-hidden="true">{copy_word}</span> }.into_any(),
                }}
            </button>
            <span class="ak-copy__status" class:ak-sr-only=move || state.get() != CopyState::Refused role="status">
                {status}
            </span>
        </span>
    }
}
