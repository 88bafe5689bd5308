//! A secret shown this once, by "New secret" and by "Rotate secret": the dialog that first asks
//! (its form) and then shows the Client ID and the Secret, with copy and download, and that never
//! closes on a shown secret without asking.

use super::context::PageContext;
use crate::api::{CreatedKey, Key, Policy, RotatedKey, Secret};
use crate::components::{icons, sentence, Copyable, Modal, Timestamp};
use crate::hooks::{download_text, use_focus_on_mount, FocusTarget};
use crate::i18n::{use_i18n, Text};
use crate::keys::{credentials_file_name, credentials_json, summary};
use crate::page::scopes::{access_names, access_text};
use chrono::{DateTime, Utc};
use leptos::prelude::*;

/// A key with the secret just made for it. The secret is dropped (and wiped) with the dialog.
#[derive(Clone)]
pub struct OneTimeSecret {
    pub key: Key,
    pub secret: Secret,
    pub made: Made,
}

#[derive(Clone, Copy)]
pub enum Made {
    Created,
    /// The secret before works until `previous_until`; `None`: it stopped at once.
    Rotated {
        previous_until: Option<DateTime<Utc>>,
    },
}

impl From<CreatedKey> for OneTimeSecret {
    fn from(created: CreatedKey) -> Self {
        OneTimeSecret {
            key: created.key,
            secret: created.secret,
            made: Made::Created,
        }
    }
}

impl From<RotatedKey> for OneTimeSecret {
    fn from(rotated: RotatedKey) -> Self {
        OneTimeSecret {
            key: rotated.key,
            secret: rotated.secret,
            made: Made::Rotated {
                previous_until: rotated.previous_secret_expires_at,
            },
        }
    }
}

/// The dialog: `form` until `shown` holds a secret, then the secret. Escape, the backdrop and
/// the close button close the form (unless it is `busy`), but ask before dropping a secret.
#[component]
pub fn SecretDialog(
    title_id: String,
    shown: RwSignal<Option<OneTimeSecret>>,
    #[prop(into)] busy: Signal<bool>,
    #[prop(into)] on_close: Callback<()>,
    /// Where focus goes on close when the element that opened the dialog is gone.
    #[prop(into)]
    on_focus_lost: Callback<()>,
    form: ViewFn,
) -> impl IntoView {
    let confirm_discard = RwSignal::new(false);
    let close = use_i18n().t(Text::Close);
    let dismiss = move |()| {
        if shown.with_untracked(Option::is_some) {
            // Never drop a secret silently: ask first, and a second Escape keeps it open.
            confirm_discard.update(|asking| *asking = !*asking);
        } else if !busy.get_untracked() {
            on_close.run(());
        }
    };
    let step = {
        let title_id = title_id.clone();
        move || match shown.get() {
            Some(shown) => view! {
                <SecretShown shown title_id=title_id.clone() confirm_discard on_close/>
            }
            .into_any(),
            None => form.run(),
        }
    };
    view! {
        <Modal labelled_by=title_id on_dismiss=dismiss on_focus_lost>
            <button type="button" class="ak-dialog__close ak-btn ak-btn--ghost ak-btn--icon" aria-label=close on:click=move |_| dismiss(())>
                {icons::close()}
            </button>
            {step}
        </Modal>
    }
}

#[component]
fn SecretShown(
    shown: OneTimeSecret,
    title_id: String,
    /// "Close anyway?" is being asked.
    confirm_discard: RwSignal<bool>,
    #[prop(into)] on_close: Callback<()>,
) -> impl IntoView {
    // The form that had focus is gone: keep focus (and Escape) inside the dialog.
    let body = NodeRef::<leptos::html::Div>::new();
    use_focus_on_mount(body, FocusTarget::Element);
    let ctx = expect_context::<PageContext>();
    let i18n = ctx.i18n;
    let title = match shown.made {
        Made::Created => i18n.t(Text::YourNewKey).to_string(),
        Made::Rotated { .. } => i18n.f(Text::NewSecretFor, &[("name", shown.key.name())]),
    };
    let lifetime = lifetime_note(&ctx, &shown);
    let access = access_note(&ctx, &shown.key);
    let download = {
        let file_name = credentials_file_name(&shown.key);
        let contents = credentials_json(&shown.key, &shown.secret, &ctx.token_url());
        move |_| {
            if download_text(&file_name, &contents, "application/json") {
                ctx.status
                    .announce(i18n.f(Text::Downloaded, &[("file", &file_name)]));
            }
        }
    };
    view! {
        <div class="ak-dialog__body" tabindex="-1" node_ref=body>
            <h2 class="ak-dialog__title ak-break" id=title_id>{title}</h2>
            <div class="ak-alert ak-alert--warning">
                {icons::warning()}
                <p>{i18n.t(Text::ShownOnce)}</p>
            </div>
            <div class="ak-field">
                <span class="ak-label">{i18n.t(Text::ColClientId)}</span>
                <div class="ak-copyable">
                    <Copyable value=shown.key.client_id.clone() label=i18n.t(Text::CopyClientId)/>
                </div>
            </div>
            <div class="ak-field">
                <span class="ak-label">{i18n.t(Text::LabelSecret)}</span>
                <div class="ak-copyable">
                    <Copyable value=shown.secret.expose().to_string() label=i18n.t(Text::CopySecret) class="ak-mono ak-secret"/>
                </div>
            </div>
            {access}
            <div class="ak-download">
                <button type="button" class="ak-btn ak-btn--secondary ak-btn--small" on:click=download>
                    {icons::download()} {i18n.t(Text::DownloadCredentials)}
                </button>
                <span class="ak-hint">{i18n.t(Text::DownloadHint)}</span>
            </div>
            {lifetime}
            <Show when=move || confirm_discard.get()>
                <DiscardQuestion on_keep=move || confirm_discard.set(false) on_discard=on_close/>
            </Show>
            <div class="ak-dialog__actions">
                <button type="button" class="ak-btn ak-btn--primary" on:click=move |_| on_close.run(())>{i18n.t(Text::CopiedIt)}</button>
            </div>
        </div>
    }
}

/// When the new key expires (where the backend has expiry), or until when the secret before it
/// still works.
fn lifetime_note(ctx: &PageContext, shown: &OneTimeSecret) -> Option<AnyView> {
    let i18n = ctx.i18n;
    let dated = |text, at| {
        let shown = ctx.local_time(&at);
        let note = sentence(i18n.parts(text), move |_| {
            view! { <Timestamp at shown=shown.clone()/> }.into_any()
        });
        view! { <p class="ak-hint">{note}</p> }.into_any()
    };
    let plain = |text| view! { <p class="ak-hint">{i18n.t(text)}</p> }.into_any();
    let note = match shown.made {
        Made::Rotated {
            previous_until: Some(at),
        } => dated(Text::PreviousUntil, at),
        Made::Rotated {
            previous_until: None,
        } => plain(Text::PreviousStopped),
        Made::Created if !ctx.policy.with_untracked(Policy::can_expire) => return None,
        Made::Created => match shown.key.expires_at {
            Some(at) => dated(Text::ExpiresOn, at),
            None => plain(Text::NeverExpires),
        },
    };
    Some(note)
}

/// What the key may do, in short and by scope name (where the backend has scopes): what a
/// program may ask /token for.
fn access_note(ctx: &PageContext, key: &Key) -> Option<impl IntoView> {
    let summary = ctx
        .policy
        .with_untracked(|policy| summary(&key.scopes, &policy.scopes))?;
    view! {
        <div class="ak-field ak-secret-access">
            <span class="ak-label">{ctx.t(Text::AccessLabel)}</span>
            <p class="ak-secret-access__value">
                <span>{access_text(&ctx.i18n, &summary)}</span>
                <code class="ak-mono" translate="no">{access_names(&key.scopes)}</code>
            </p>
        </div>
    }
    .into()
}

/// "Close anyway?": takes focus when it appears, on the safe choice.
#[component]
fn DiscardQuestion(
    #[prop(into)] on_keep: Callback<()>,
    #[prop(into)] on_discard: Callback<()>,
) -> impl IntoView {
    let keep = NodeRef::<leptos::html::Button>::new();
    use_focus_on_mount(keep, FocusTarget::Element);
    let i18n = use_i18n();
    view! {
        <div class="ak-alert ak-alert--danger" role="alert">
            <p>{i18n.t(Text::DiscardQuestion)}</p>
            <div class="ak-alert__actions">
                <button type="button" class="ak-btn ak-btn--secondary" node_ref=keep on:click=move |_| on_keep.run(())>{i18n.t(Text::KeepOpen)}</button>
                <button type="button" class="ak-btn ak-btn--danger" on:click=move |_| on_discard.run(())>{i18n.t(Text::CloseAnyway)}</button>
            </div>
        </div>
    }
}
