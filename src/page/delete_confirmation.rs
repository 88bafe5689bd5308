//! The confirmation before keys are deleted, for one key and for many: the question, what goes,
//! the warning, Cancel (focused first) and the button that deletes.

use super::context::PageContext;
use super::dialog_actions::{Confirm, DialogActions};
use crate::components::Modal;
use crate::i18n::Text;
use crate::request::Request;
use leptos::prelude::*;

#[component]
pub fn DeleteConfirmation(
    request: Request,
    /// "Delete this key?", "Delete 3 keys?".
    question: String,
    /// The button's label.
    #[prop(into)]
    label: String,
    warning: Text,
    on_close: Callback<()>,
    on_confirm: Callback<()>,
    /// What is deleted: the key named, or the list of keys.
    children: Children,
) -> impl IntoView {
    let ctx = expect_context::<PageContext>();
    let i18n = ctx.i18n;
    let [title_id, body_id] = ["delete-title", "delete-body"].map(|name| ctx.id(name));
    let dismiss = request.unless_busy(on_close);
    view! {
        <Modal labelled_by=title_id.clone() described_by=body_id.clone() on_dismiss=dismiss
            on_focus_lost=move || ctx.focus.main_action() alert=true>
            <div class="ak-dialog__body">
                <h2 class="ak-dialog__title" id=title_id>{question}</h2>
                <div id=body_id>
                    {children()}
                    <p class="ak-alert ak-alert--danger">{i18n.t(warning)}</p>
                </div>
                <DialogActions request on_cancel=dismiss cancel_first=true confirm=Confirm::Danger(on_confirm)
                    label busy_label=i18n.t(Text::Deleting) cancel=i18n.t(Text::Cancel)/>
            </div>
        </Modal>
    }
}
