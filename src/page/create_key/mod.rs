//! "New secret": an optional description, then the Client ID and the Secret, shown once.

mod expiry_field;
mod form;
mod request_id;
mod secret;

use super::context::PageContext;
use crate::api::{CreatedKey, Key};
use crate::components::{icons, Modal};
use form::DescriptionForm;
use leptos::prelude::*;
use secret::SecretShown;

#[component]
pub fn CreateKeyDialog(
    #[prop(into)] on_close: Callback<()>,
    #[prop(into)] on_created: Callback<Key>,
) -> impl IntoView {
    let ctx = expect_context::<PageContext>();
    let request = ctx.request();
    // The secret lives here and nowhere else; it is dropped (and wiped) with the dialog.
    let created = RwSignal::new(None::<CreatedKey>);
    let confirm_discard = RwSignal::new(false);
    let title_id = ctx.id("create-title");

    let on_generated = move |key: CreatedKey| {
        on_created.run(key.key.clone());
        created.set(Some(key));
        ctx.announce("Key created. Copy the secret now: it is shown only once.");
    };
    let dismiss = move |()| {
        if created.with_untracked(Option::is_some) {
            // Never drop a secret silently: ask first, and a second Escape keeps it open.
            confirm_discard.update(|asking| *asking = !*asking);
        } else if !request.busy() {
            on_close.run(());
        }
    };
    let shown = {
        let title_id = title_id.clone();
        move || match created.get() {
            Some(key) => view! {
                <SecretShown key title_id=title_id.clone() confirm_discard on_close/>
            }
            .into_any(),
            None => view! {
                <DescriptionForm request title_id=title_id.clone() on_generated on_cancel=on_close/>
            }
            .into_any(),
        }
    };
    view! {
        <Modal labelled_by=title_id on_dismiss=dismiss on_focus_lost=move || ctx.focus_main_action()>
            <button type="button" class="ak-dialog__close ak-btn ak-btn--ghost ak-btn--icon" aria-label="Close" on:click=move |_| dismiss(())>
                {icons::close()}
            </button>
            {shown}
        </Modal>
    }
}
