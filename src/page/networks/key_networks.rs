//! A key's allowed networks on its own page: the list (or "From anywhere") and, to change it, the
//! list editor.

use super::editor::{draft_problem_text, NetworksEditor};
use crate::api::KeyChange;
use crate::i18n::Text;
use crate::keys::{KeyStore, Lookup, NetworkDraft};
use crate::page::context::PageContext;
use crate::page::editable_section::{EditableSection, SectionTexts};
use leptos::prelude::*;

const TEXTS: SectionTexts = SectionTexts {
    title: Text::NetworksLabel,
    edit: Text::EditNetworks,
    saved: Text::NetworksSaved,
};

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
    let draft = RwSignal::new(NetworkDraft::default());
    let shown = move || {
        networks.with(|list| {
            let anywhere = list.is_empty().then(|| {
                view! { <p class="ak-networks__anywhere">{i18n.t(Text::NetworksAnywhere)}</p> }
            });
            let items = list
                .iter()
                .map(|net| view! { <li><code class="ak-mono" translate="no">{net.clone()}</code></li> })
                .collect_view();
            view! {
                {anywhere}
                <ul class="ak-network-list">{items}</ul>
            }
        })
    };
    let open = move |()| draft.set(networks.with_untracked(|list| NetworkDraft::of(list)));
    let fields = move || view! { <NetworksEditor draft form="key"/> };
    let check = move |()| {
        draft
            .with_untracked(NetworkDraft::to_send)
            .map(KeyChange::AllowedNetworks)
            .map_err(|problem| draft_problem_text(&i18n, problem))
    };
    view! {
        <EditableSection client_id store name="networks" texts=TEXTS on_edit=Callback::new(open)
            shown=ViewFn::from(shown) fields=ViewFn::from(fields) check=Callback::new(check)/>
    }
}
