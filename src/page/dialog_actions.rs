//! The end of every dialog that asks the backend something, written once: the line that says
//! what went wrong (`role="alert"`), Cancel (disabled while the request runs) and the button that
//! sends it (busy: `aria-disabled`, so it keeps focus, and its busy label).

use crate::request::Request;
use leptos::prelude::*;

/// How the sending button looks.
#[derive(Clone, Copy)]
pub enum Confirm {
    /// A form's submit button.
    Submit,
    /// A button that deletes, with its click.
    Danger(Callback<()>),
}

#[component]
pub fn DialogActions(
    request: Request,
    /// The error line's id, for the fields it describes.
    #[prop(optional, into)]
    error_id: Option<String>,
    /// Cancel's click (already ignored while busy: `Request::unless_busy`).
    on_cancel: Callback<()>,
    /// Focus Cancel first: confirmations of what cannot be undone.
    #[prop(optional)]
    cancel_first: bool,
    confirm: Confirm,
    /// The sending button's label, and its label while the request runs.
    #[prop(into)]
    label: String,
    #[prop(into)] busy_label: String,
    /// Cancel's label.
    #[prop(into)]
    cancel: String,
) -> impl IntoView {
    let busy = move || request.busy();
    let (kind, class, on_click) = match confirm {
        Confirm::Submit => ("submit", "ak-btn ak-btn--primary", None),
        Confirm::Danger(run) => ("button", "ak-btn ak-btn--danger", Some(run)),
    };
    let send = move |_| {
        if let Some(run) = on_click {
            run.run(());
        }
    };
    view! {
        <p id=error_id class="ak-error" role="alert">{move || request.error()}</p>
        <div class="ak-dialog__actions">
            <button type="button" class="ak-btn ak-btn--secondary" data-autofocus=cancel_first.then_some("")
                disabled=busy on:click=move |_| on_cancel.run(())>{cancel}</button>
            <button type=kind class=class aria-disabled=move || busy().to_string() class:ak-btn--busy=busy on:click=send>
                {move || if busy() { busy_label.clone() } else { label.clone() }}
            </button>
        </div>
    }
}
