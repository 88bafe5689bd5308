//! "New secret": an optional description (and expiry), then the Client ID and the Secret, shown
//! once.

mod expiry_field;
mod form;

use super::context::PageContext;
use super::secret_view::{OneTimeSecret, SecretDialog};
use crate::api::{CreatedKey, Key};
use crate::i18n::Text;
use form::DescriptionForm;
use leptos::prelude::*;

#[component]
pub fn CreateKeyDialog(
    #[prop(into)] on_close: Callback<()>,
    #[prop(into)] on_created: Callback<Key>,
) -> impl IntoView {
    let ctx = expect_context::<PageContext>();
    let request = ctx.request();
    let shown = RwSignal::new(None::<OneTimeSecret>);
    let title_id = ctx.id("create-title");

    let on_generated = move |key: CreatedKey| {
        on_created.run(key.key.clone());
        shown.set(Some(key.into()));
        ctx.status.announce(ctx.t(Text::KeyCreated));
    };
    let form = {
        let title_id = title_id.clone();
        move || {
            view! {
                <DescriptionForm request title_id=title_id.clone() on_generated on_cancel=on_close/>
            }
        }
    };
    view! {
        <SecretDialog title_id shown busy=move || request.busy() on_close
            on_focus_lost=move || ctx.focus.main_action() form=ViewFn::from(form)/>
    }
}
