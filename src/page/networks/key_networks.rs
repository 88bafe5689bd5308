//! A key's allowed networks on its own page: the list (or "From anywhere") and, to change it, the
//! list editor with Save and Cancel. A failed save keeps what was typed.

use super::editor::{draft_problem_text, NetworksEditor};
use crate::hooks::{use_focus_on_mount, FocusTarget};
use crate::i18n::Text;
use crate::keys::{KeyStore, Lookup, NetworkDraft};
use crate::page::context::PageContext;
use crate::page::dialog_actions::{Confirm, DialogActions};
use leptos::html::Button;
use leptos::prelude::*;

#[component]
pub fn KeyNetworks(client_id: String, store: RwSignal<KeyStore>) -> impl IntoView {
    let ctx = expect_context::<PageContext>();
    let i18n = ctx.i18n;
    let networks = {
        let client_id = client_id.clone();
        Memo::new(move |_| {
            store.with(|store| match store.lookup(&client_id) {
                Lookup::Found(key) => key.allowed_networks.clone(),
                _ => Vec::new(),
            })
        })
    };
    // The list being edited, while `editing`. Owned here, not by the view that opens the editor:
    // that view is gone as soon as the editor shows.
    let draft = RwSignal::new(NetworkDraft::default());
    let editing = RwSignal::new(false);
    // Back from editing, focus returns to Edit; not on the first showing.
    let back = StoredValue::new(false);
    let (heading_id, labelled_by) = (ctx.id("key-networks"), ctx.id("key-networks"));

    let shown = move || {
        let edit = NodeRef::<Button>::new();
        if back.get_value() {
            use_focus_on_mount(edit, FocusTarget::Element);
        }
        let list = networks.with(|list| {
            list.iter()
                .map(|net| view! { <li><code class="ak-mono" translate="no">{net.clone()}</code></li> })
                .collect_view()
        });
        let anywhere = networks.with(Vec::is_empty);
        view! {
            {anywhere.then(|| view! { <p class="ak-networks__anywhere">{i18n.t(Text::NetworksAnywhere)}</p> })}
            <ul class="ak-network-list">{list}</ul>
            <button node_ref=edit type="button" class="ak-btn ak-btn--secondary ak-edit-networks"
                on:click=move |_| {
                    draft.set(networks.with_untracked(|n| NetworkDraft::of(n)));
                    editing.set(true);
                }>
                {i18n.t(Text::EditNetworks)}
            </button>
        }
    };
    let editor = {
        let client_id = client_id.clone();
        move || {
            let request = ctx.request();
            let error_id = ctx.id("key-networks-error");
            let close = move || {
                back.set_value(true);
                editing.set(false);
            };
            let cancel = request.unless_busy(Callback::new(move |()| close()));
            let client_id = client_id.clone();
            // A Callback: an event handler's body stays in the first module (see the create form).
            let save = Callback::new(move |()| {
                let list = match draft.with_untracked(NetworkDraft::to_send) {
                    Ok(list) => list,
                    Err(problem) => return request.fail(draft_problem_text(&i18n, problem)),
                };
                let id = client_id.clone();
                request.run(
                    |client| async move { client.change_networks(&id, &list).await },
                    move |changed| {
                        if let Ok(key) = changed {
                            store.update(|store| {
                                store.replace(key);
                            });
                            ctx.status.announce(i18n.t(Text::NetworksSaved));
                            close();
                        }
                    },
                );
            });
            view! {
                <form class="ak-networks-form" novalidate on:submit=move |ev| { ev.prevent_default(); save.run(()); }>
                    <NetworksEditor draft form="key"/>
                    <DialogActions request error_id on_cancel=cancel confirm=Confirm::Submit
                        label=i18n.t(Text::Save) busy_label=i18n.t(Text::Saving) cancel=i18n.t(Text::Cancel)/>
                </form>
            }
        }
    };
    view! {
        <section class="ak-key-networks" aria-labelledby=labelled_by>
            <h2 class="ak-section-title" id=heading_id>{i18n.t(Text::NetworksLabel)}</h2>
            {move || match editing.get() {
                false => shown().into_any(),
                true => editor().into_any(),
            }}
        </section>
    }
}
