//! "Rename": a key's description changed or cleared. Enter or Save stores it; Escape or Cancel
//! leaves it as it was; a failure keeps what was typed.

use super::context::PageContext;
use super::description_field::{too_long_text, DescriptionField, FieldIds};
use super::dialog_actions::{Confirm, DialogActions};
use crate::api::{Key, KeyChange};
use crate::components::{sentence, Modal};
use crate::i18n::Text;
use crate::keys::checked_description;
use leptos::prelude::*;
use std::sync::Arc;

#[component]
pub fn RenameKeyDialog(
    key: Arc<Key>,
    #[prop(into)] on_close: Callback<()>,
    /// The backend stored the new description; its answer.
    #[prop(into)]
    on_renamed: Callback<Key>,
) -> impl IntoView {
    let ctx = expect_context::<PageContext>();
    let i18n = ctx.i18n;
    let request = ctx.request();
    let description = RwSignal::new(key.description.clone().unwrap_or_default());
    let title_id = ctx.id("rename-title");
    let error_id = ctx.id("rename-error");

    let client_id = key.client_id.clone();
    let unchanged = key.description.clone();
    let save = move || {
        let text = match description
            .with_untracked(|d| checked_description(d).map(|d| d.map(str::to_string)))
        {
            Ok(text) => text,
            Err(too_long) => return request.fail(too_long_text(&i18n, too_long)),
        };
        if text == unchanged {
            return on_close.run(());
        }
        let id = client_id.clone();
        request.run(
            |client| async move { client.change_key(&id, &KeyChange::Description(text)).await },
            move |renamed| {
                if let Ok(key) = renamed {
                    on_renamed.run(key);
                }
            },
        );
    };
    let dismiss = request.unless_busy(on_close);
    // The row is rebuilt with the new description: focus goes to its Rename button.
    let row = key.client_id.clone();
    let focus_row = move || ctx.focus.in_row(&row, ".ak-rename");
    let shown_id = key.client_id.clone();
    let client_id_lead = sentence(i18n.parts(Text::ClientIdLead), move |_| {
        view! { <code class="ak-mono ak-break">{shown_id.clone()}</code> }.into_any()
    });
    view! {
        <Modal labelled_by=title_id.clone() on_dismiss=dismiss on_focus_lost=focus_row>
            <form class="ak-dialog__body" novalidate on:submit=move |ev| { ev.prevent_default(); save(); }>
                <h2 class="ak-dialog__title" id=title_id>{i18n.t(Text::RenameTitle)}</h2>
                <p class="ak-dialog__lead">{client_id_lead}</p>
                <DescriptionField description ids=FieldIds::new(&ctx, "rename") also_described_by=error_id.clone()
                    hint=Text::DescriptionHintRename/>
                <DialogActions request error_id on_cancel=dismiss confirm=Confirm::Submit
                    label=i18n.t(Text::Save) busy_label=i18n.t(Text::Saving) cancel=i18n.t(Text::Cancel)/>
            </form>
        </Modal>
    }
}
