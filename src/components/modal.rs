//! The one modal dialog: labelled, focus moved in and trapped while open, given back on close.
//! Escape and the backdrop ask the owner to dismiss; the owner may say no (e.g. while a secret
//! is shown).

use crate::hooks::{trap_tab, use_focus_on_mount, use_focus_return, FocusTarget};
use leptos::html::Div;
use leptos::prelude::*;

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
    /// Where focus goes on close when the element that opened the dialog is gone.
    #[prop(into, optional)]
    on_focus_lost: Option<Callback<()>>,
    /// `alertdialog` for confirmations that interrupt.
    #[prop(optional)]
    alert: bool,
    children: Children,
) -> impl IntoView {
    let panel = NodeRef::<Div>::new();
    use_focus_return(panel, on_focus_lost);
    use_focus_on_mount(panel, FocusTarget::Inside);

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
