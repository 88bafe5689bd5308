//! A section of a key's page that shows one of its settings and changes it in place (its access,
//! its networks), written once: the setting with Edit; the editor with Save and Cancel, busy while
//! the change is sent; a failed save keeps the draft and says why; after Save or Cancel, focus is
//! back on Edit. The section owns whether it is editing; the caller owns the draft, which
//! outlives the views that show it.

use crate::api::KeyChange;
use crate::hooks::{use_focus_on_mount, FocusTarget};
use crate::i18n::Text;
use crate::keys::KeyStore;
use crate::page::context::PageContext;
use crate::page::dialog_actions::{Confirm, DialogActions};
use leptos::html::Button;
use leptos::prelude::*;

/// What Save sends: the change the draft stands for, or the sentence that says why it cannot.
pub type Checked = Result<KeyChange, String>;

/// The words of one section.
#[derive(Clone, Copy)]
pub struct SectionTexts {
    pub title: Text,
    pub edit: Text,
    /// Announced once the change is saved.
    pub saved: Text,
}

#[component]
pub fn EditableSection(
    client_id: String,
    store: RwSignal<KeyStore>,
    /// Names the section's classes and ids: `ak-key-{name}`, `ak-edit-{name}`.
    name: &'static str,
    texts: SectionTexts,
    /// Edit was pressed: fill the draft from the key.
    on_edit: Callback<()>,
    /// The setting as it is.
    shown: ViewFn,
    /// The editor's fields, over the draft.
    fields: ViewFn,
    /// The draft, checked.
    check: Callback<(), Checked>,
) -> impl IntoView {
    let ctx = expect_context::<PageContext>();
    let editing = RwSignal::new(false);
    // Back from editing, focus returns to Edit; not on the first showing.
    let back = StoredValue::new(false);
    let heading_id = ctx.id(&format!("key-{name}"));
    let labelled_by = heading_id.clone();

    let showing = move || {
        let edit = NodeRef::<Button>::new();
        if back.get_value() {
            use_focus_on_mount(edit, FocusTarget::Element);
        }
        view! {
            {shown.run()}
            <button node_ref=edit type="button" class=format!("ak-btn ak-btn--secondary ak-edit-{name}")
                on:click=move |_| {
                    on_edit.run(());
                    editing.set(true);
                }>
                {ctx.t(texts.edit)}
            </button>
        }
    };
    let editor = move || {
        let request = ctx.request();
        let error_id = ctx.id(&format!("key-{name}-error"));
        let close = move || {
            back.set_value(true);
            editing.set(false);
        };
        let cancel = request.unless_busy(Callback::new(move |()| close()));
        let client_id = client_id.clone();
        // A Callback: an event handler's body stays in the first module (see the create form).
        let save = Callback::new(move |()| {
            let change = match check.run(()) {
                Ok(change) => change,
                Err(message) => return request.fail(message),
            };
            let id = client_id.clone();
            request.run(
                |client| async move { client.change_key(&id, &change).await },
                move |changed| {
                    if let Ok(key) = changed {
                        store.update(|store| {
                            store.replace(key);
                        });
                        ctx.status.announce(ctx.t(texts.saved));
                        close();
                    }
                },
            );
        });
        view! {
            <form class="ak-key-section__form" novalidate on:submit=move |ev| { ev.prevent_default(); save.run(()); }>
                {fields.run()}
                <DialogActions request error_id on_cancel=cancel confirm=Confirm::Submit
                    label=ctx.t(Text::Save) busy_label=ctx.t(Text::Saving) cancel=ctx.t(Text::Cancel)/>
            </form>
        }
    };
    view! {
        <section class=format!("ak-key-section ak-key-{name}") aria-labelledby=labelled_by>
            <h2 class="ak-section-title" id=heading_id>{ctx.t(texts.title)}</h2>
            {move || match editing.get() {
                false => showing().into_any(),
                true => editor().into_any(),
            }}
        </section>
    }
}
