//! The list of keys: keyed rows, so adding or deleting a key touches one row.

use super::context::PageContext;
use crate::api::Key;
use crate::components::{icons, CopyButton};
use crate::format::exact_utc;
use leptos::prelude::*;
use std::sync::Arc;

/// Case-insensitive match on description or Client ID. `needle` is already lower-case.
pub fn matches_filter(key: &Key, needle: &str) -> bool {
    needle.is_empty()
        || key.client_id.to_lowercase().contains(needle)
        || key
            .description
            .as_deref()
            .is_some_and(|d| d.to_lowercase().contains(needle))
}

#[component]
pub fn KeyTable(
    #[prop(into)] keys: Signal<Vec<Arc<Key>>>,
    #[prop(into)] on_delete: Callback<Arc<Key>>,
) -> impl IntoView {
    view! {
        <div class="ak-table-wrap">
            <table class="ak-table">
                <caption class="ak-sr-only">"Your application keys, newest first"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Description"</th>
                        <th scope="col">"Client ID"</th>
                        <th scope="col">"Last used"</th>
                        <th scope="col">"Created at"</th>
                        <th scope="col"><span class="ak-sr-only">"Actions"</span></th>
                    </tr>
                </thead>
                <tbody>
                    <For each=move || keys.get() key=|key| key.client_id.clone() let:key>
                        <KeyRow key on_delete/>
                    </For>
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn KeyRow(key: Arc<Key>, on_delete: Callback<Arc<Key>>) -> impl IntoView {
    let ctx = expect_context::<PageContext>();
    let client_id_el = ctx.id(&format!("cid-{}", key.client_id));
    let last_used = match &key.last_used_at {
        Some(at) => {
            view! { <time datetime=at.to_rfc3339() title=exact_utc(at)>{ctx.local_time(at)}</time> }
                .into_any()
        }
        None => view! { <span class="ak-muted">"Never"</span> }.into_any(),
    };
    let delete_label = format!(
        "Delete key {}",
        key.description.as_deref().unwrap_or(&key.client_id)
    );
    let created = key.created_at;
    let row_key = key.clone();
    view! {
        <tr data-client-id=key.client_id.clone()>
            <td class="ak-cell-description" class:ak-muted=key.description.is_none()>{key.label().to_string()}</td>
            <td class="ak-cell-client-id">
                <code class="ak-mono" id=client_id_el.clone()>{key.client_id.clone()}</code>
                <CopyButton value=key.client_id.clone() label="Copy Client ID" target_id=client_id_el/>
            </td>
            <td class="ak-cell-last-used">{last_used}</td>
            <td class="ak-cell-created">
                <time datetime=created.to_rfc3339() title=exact_utc(&created)>{ctx.local_time(&created)}</time>
            </td>
            <td class="ak-cell-actions">
                <button type="button" class="ak-btn ak-btn--ghost ak-btn--icon ak-btn--danger-ghost" aria-label=delete_label.clone() title=delete_label
                    on:click=move |_| on_delete.run(row_key.clone())>
                    {icons::trash()}
                </button>
            </td>
        </tr>
    }
}
