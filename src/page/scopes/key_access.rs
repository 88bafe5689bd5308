//! A key's access on its own page: in short, the scopes it grants, and, to change it, the Access
//! field, which says that taking access away holds at once for live access tokens.

use super::access_field::{no_scope_text, AccessField};
use super::words::access_text;
use crate::api::KeyChange;
use crate::i18n::Text;
use crate::keys::{summary, AccessDraft, KeyStore, Lookup};
use crate::page::context::PageContext;
use crate::page::editable_section::{EditableSection, SectionTexts};
use leptos::prelude::*;

const TEXTS: SectionTexts = SectionTexts {
    title: Text::AccessLabel,
    edit: Text::EditAccess,
    saved: Text::AccessSaved,
};

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
    let draft = RwSignal::new(AccessDraft::new(&[]));
    let shown = move || {
        scopes.with(|scopes| {
            let short = ctx
                .policy
                .with_untracked(|policy| summary(scopes, &policy.scopes))
                .map(|summary| access_text(&i18n, &summary));
            let list = scopes
                .iter()
                .map(|scope| view! { <li><code class="ak-mono" translate="no">{scope.clone()}</code></li> })
                .collect_view();
            view! {
                <p class="ak-access__short">{short}</p>
                <ul class="ak-scope-list">{list}</ul>
            }
        })
    };
    let open = move |()| {
        let opened = scopes.with_untracked(|scopes| {
            ctx.policy
                .with_untracked(|policy| AccessDraft::of(scopes, &policy.scopes))
        });
        draft.set(opened);
    };
    let fields = move || {
        view! {
            <AccessField draft form="key"/>
            <p class="ak-hint ak-access__note">{i18n.t(Text::AccessNote)}</p>
        }
    };
    let check = move |()| {
        draft
            .with_untracked(AccessDraft::to_send)
            .map(KeyChange::Scopes)
            .map_err(|none| no_scope_text(&i18n, none))
    };
    view! {
        <EditableSection client_id store name="access" texts=TEXTS on_edit=Callback::new(open)
            shown=ViewFn::from(shown) fields=ViewFn::from(fields) check=Callback::new(check)/>
    }
}
