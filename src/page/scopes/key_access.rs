//! A key's access on its own page: in short, the scopes it grants, and, to change it, the Access
//! field with Save and Cancel, which says that taking access away holds at once for live access
//! tokens. A failed save keeps the choice.

use super::access_field::{no_scope_text, AccessField};
use super::words::access_text;
use crate::hooks::{use_focus_on_mount, FocusTarget};
use crate::i18n::Text;
use crate::keys::{summary, AccessDraft, KeyStore, Lookup};
use crate::page::context::PageContext;
use crate::page::dialog_actions::{Confirm, DialogActions};
use leptos::html::Button;
use leptos::prelude::*;

#[component]
pub fn KeyAccess(client_id: String, store: RwSignal<KeyStore>) -> impl IntoView {
    let ctx = expect_context::<PageContext>();
    let i18n = ctx.i18n;
    let scopes = {
        let client_id = client_id.clone();
        Memo::new(move |_| {
            store.with(|store| match store.lookup(&client_id) {
                Lookup::Found(key) => key.scopes.clone(),
                _ => Vec::new(),
            })
        })
    };
    // Owned here, not by the view that opens the editor: that view is gone once the editor shows.
    let draft = RwSignal::new(AccessDraft::new(&[]));
    let editing = RwSignal::new(false);
    // Back from editing, focus returns to Edit; not on the first showing.
    let back = StoredValue::new(false);
    let (heading_id, labelled_by) = (ctx.id("key-access"), ctx.id("key-access"));

    let shown = move || {
        let edit = NodeRef::<Button>::new();
        if back.get_value() {
            use_focus_on_mount(edit, FocusTarget::Element);
        }
        let (short, list) = scopes.with(|scopes| {
            let short = ctx
                .policy
                .with_untracked(|policy| summary(scopes, &policy.scopes))
                .map(|summary| access_text(&i18n, &summary));
            let list = scopes
                .iter()
                .map(|scope| view! { <li><code class="ak-mono" translate="no">{scope.clone()}</code></li> })
                .collect_view();
            (short, list)
        });
        view! {
            <p class="ak-access__short">{short}</p>
            <ul class="ak-scope-list">{list}</ul>
            <button node_ref=edit type="button" class="ak-btn ak-btn--secondary ak-edit-access"
                on:click=move |_| {
                    let opened = scopes.with_untracked(|scopes| {
                        ctx.policy.with_untracked(|policy| AccessDraft::of(scopes, &policy.scopes))
                    });
                    draft.set(opened);
                    editing.set(true);
                }>
                {i18n.t(Text::EditAccess)}
            </button>
        }
    };
    let editor = move || {
        let request = ctx.request();
        let error_id = ctx.id("key-access-error");
        let close = move || {
            back.set_value(true);
            editing.set(false);
        };
        let cancel = request.unless_busy(Callback::new(move |()| close()));
        let client_id = client_id.clone();
        // A Callback: an event handler's body stays in the first module (see the create form).
        let save = Callback::new(move |()| {
            let chosen = match draft.with_untracked(AccessDraft::to_send) {
                Ok(chosen) => chosen,
                Err(none) => return request.fail(no_scope_text(&i18n, none)),
            };
            let id = client_id.clone();
            request.run(
                |client| async move { client.change_scopes(&id, &chosen).await },
                move |changed| {
                    if let Ok(key) = changed {
                        store.update(|store| {
                            store.replace(key);
                        });
                        ctx.status.announce(i18n.t(Text::AccessSaved));
                        close();
                    }
                },
            );
        });
        view! {
            <form class="ak-networks-form" novalidate on:submit=move |ev| { ev.prevent_default(); save.run(()); }>
                <AccessField draft form="key"/>
                <p class="ak-hint ak-access__note">{i18n.t(Text::AccessNote)}</p>
                <DialogActions request error_id on_cancel=cancel confirm=Confirm::Submit
                    label=i18n.t(Text::Save) busy_label=i18n.t(Text::Saving) cancel=i18n.t(Text::Cancel)/>
            </form>
        }
    };
    view! {
        <section class="ak-key-networks ak-key-access" aria-labelledby=labelled_by>
            <h2 class="ak-section-title" id=heading_id>{i18n.t(Text::AccessLabel)}</h2>
            {move || match editing.get() {
                false => shown().into_any(),
                true => editor().into_any(),
            }}
        </section>
    }
}
