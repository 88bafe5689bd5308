//! "Rotate secret": a new Secret for the same Client ID, while the one before keeps working for
//! the grace period chosen here, so running programs can switch over without downtime.

use super::context::PageContext;
use super::dialog_actions::{Confirm, DialogActions};
use super::request_id::new_request_id;
use super::secret_view::{OneTimeSecret, SecretDialog};
use crate::api::{Key, RotatedKey};
use crate::components::sentence;
use crate::i18n::Text;
use crate::keys::Grace;
use crate::request::Request;
use leptos::prelude::*;
use std::sync::Arc;

#[component]
pub fn RotateKeyDialog(
    key: Arc<Key>,
    #[prop(into)] on_close: Callback<()>,
    /// The backend made the new secret; the key as it is now.
    #[prop(into)]
    on_rotated: Callback<Key>,
) -> impl IntoView {
    let ctx = expect_context::<PageContext>();
    let request = ctx.request();
    let shown = RwSignal::new(None::<OneTimeSecret>);
    let title_id = ctx.id("rotate-title");
    let on_made = Callback::new(move |rotated: RotatedKey| {
        on_rotated.run(rotated.key.clone());
        shown.set(Some(rotated.into()));
        ctx.status.announce(ctx.t(Text::SecretRotated));
    });
    let form = {
        let (key, title_id) = (key.clone(), title_id.clone());
        move || view! { <RotateForm key=key.clone() request title_id=title_id.clone() on_made on_cancel=on_close/> }
    };
    // The row is rebuilt with its new rotation time: focus goes to its Rotate button.
    let row = key.client_id.clone();
    view! {
        <SecretDialog title_id shown busy=move || request.busy() on_close
            on_focus_lost=move || ctx.focus.in_row(&row, ".ak-rotate") form=ViewFn::from(form)/>
    }
}

#[component]
fn RotateForm(
    key: Arc<Key>,
    request: Request,
    title_id: String,
    on_made: Callback<RotatedKey>,
    #[prop(into)] on_cancel: Callback<()>,
) -> impl IntoView {
    let ctx = expect_context::<PageContext>();
    let i18n = ctx.i18n;
    let exposed = key.exposed.is_some();
    let grace = RwSignal::new(Grace::default_for(exposed));
    // One id per attempt, as for "New secret": a repeated Rotate after a lost answer gets the
    // same new secret instead of rotating twice. Another grace period is another attempt.
    let request_id = RwSignal::new(new_request_id());
    let client_id = key.client_id.clone();
    let rotate = move || {
        let (id, attempt, seconds) = (
            client_id.clone(),
            request_id.get_untracked(),
            grace.get_untracked().seconds(),
        );
        request.run(
            |client| async move { client.rotate_key(&id, seconds, &attempt).await },
            move |rotated| {
                if let Ok(rotated) = rotated {
                    on_made.run(rotated);
                }
            },
        );
    };
    let error_id = ctx.id("rotate-error");
    let choices = Grace::choices_for(exposed)
        .iter()
        .map(|&choice| {
            view! {
                <label class="ak-choice">
                    <input type="radio" name=ctx.id("rotate-grace") value=choice.name()
                        prop:checked=move || grace.get() == choice
                        on:change=move |_| {
                            grace.set(choice);
                            request_id.set(new_request_id());
                        }/>
                    {i18n.t(match choice {
                        Grace::Immediately => Text::GraceNow,
                        Grace::OneHour => Text::GraceHour,
                        Grace::OneDay => Text::GraceDay,
                    })}
                </label>
            }
        })
        .collect_view();
    let consequence = move || match grace.get() {
        _ if exposed => i18n.t(Text::GraceExposedHint),
        Grace::Immediately => i18n.t(Text::GraceNowHint),
        _ => i18n.t(Text::GraceLaterHint),
    };
    let name = key.name().to_string();
    let lead = sentence(i18n.parts(Text::RotateLead), move |_| {
        view! { <strong class="ak-break">{name.clone()}</strong> }.into_any()
    });
    view! {
        <form class="ak-dialog__body" novalidate on:submit=move |ev| { ev.prevent_default(); rotate(); }>
            <h2 class="ak-dialog__title" id=title_id>{i18n.t(Text::RotateTitle)}</h2>
            <p class="ak-dialog__lead">{lead}</p>
            <fieldset class="ak-field ak-choices" aria-describedby=error_id.clone()>
                <legend class="ak-label">{i18n.t(Text::RotateLegend)}</legend>
                {choices}
                <span class="ak-hint">{consequence}</span>
            </fieldset>
            <DialogActions request error_id on_cancel confirm=Confirm::Submit
                label=i18n.t(Text::RotateTitle) busy_label=i18n.t(Text::Rotating) cancel=i18n.t(Text::Cancel)/>
        </form>
    }
}
