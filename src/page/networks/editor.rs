//! The list of allowed networks as a form field: one input per entry, each checked as it is typed
//! with its message beside it, Add network, Add my address, and a note that the list holds at once.

use super::my_address::use_my_address;
use crate::components::icons;
use crate::hooks::{use_focus_on_mount, FocusTarget};
use crate::i18n::{I18n, Text};
use crate::keys::{DraftProblem, EntryProblem, NetworkDraft};
use crate::page::context::PageContext;
use appkeys_rules::networks::MAX_NETWORKS;
use leptos::prelude::*;

/// An example for the empty input: documentation addresses (RFC 5737), never a real network.
const PLACEHOLDER: &str = "203.0.113.0/24";

/// The sentence for what is wrong with one entry.
fn entry_problem_text(i18n: &I18n, problem: &EntryProblem) -> String {
    match problem {
        EntryProblem::Malformed => i18n.t(Text::NetworkMalformed).to_string(),
        EntryProblem::HostBitsSet(suggestion) => {
            i18n.f(Text::NetworkHostBits, &[("suggestion", suggestion)])
        }
        EntryProblem::Duplicate => i18n.t(Text::NetworkDuplicate).to_string(),
    }
}

/// The sentence for a list that cannot be sent, for the form's error line.
pub fn draft_problem_text(i18n: &I18n, problem: DraftProblem) -> String {
    match problem {
        DraftProblem::Entry(_) => i18n.t(Text::NetworksFix).to_string(),
        DraftProblem::TooMany => {
            i18n.f(Text::NetworksTooMany, &[("max", &MAX_NETWORKS.to_string())])
        }
    }
}

#[component]
pub fn NetworksEditor(
    draft: RwSignal<NetworkDraft>,
    /// Makes the element ids unique: "create", "key".
    form: &'static str,
    /// The person changed the list.
    #[prop(into, optional)]
    on_change: Option<Callback<()>>,
) -> impl IntoView {
    let ctx = expect_context::<PageContext>();
    let i18n = ctx.i18n;
    let my_address = use_my_address(ctx);
    let changed = move || {
        if let Some(on_change) = on_change {
            on_change.run(());
        }
    };
    let (hint_id, note_id) = (
        ctx.id(&format!("{form}-networks-hint")),
        ctx.id(&format!("{form}-networks-note")),
    );
    let described = format!("{hint_id} {note_id}");
    let entry_hint = hint_id.clone();
    // The entries' ids change only when one is added or removed (typing keeps them), and then the
    // rows are drawn again from the draft: no keyed `<For>`, whose machinery would cost the first
    // module about 1 KB (wasm-split keeps it there) and this chunk about 5 KB.
    let ids =
        Memo::new(move |_| draft.with(|d| d.entries().iter().map(|e| e.id).collect::<Vec<_>>()));
    // The entry "Add network" made, to be typed into; after a removal, focus goes to "Add network".
    let added = StoredValue::new(None::<u32>);
    let add_button = NodeRef::<leptos::html::Button>::new();
    let entry = move |id: u32| {
        let input = NodeRef::<leptos::html::Input>::new();
        if added.get_value() == Some(id) {
            use_focus_on_mount(input, FocusTarget::Element);
        }
        let input_id = ctx.id(&format!("{form}-network-{id}"));
        let problem_id = format!("{input_id}-problem");
        let position = move || {
            draft.with(|d| {
                d.entries()
                    .iter()
                    .position(|e| e.id == id)
                    .map_or(0, |i| i + 1)
                    .to_string()
            })
        };
        let problem = Memo::new(move |_| draft.with(|d| d.problem(id)));
        let text = move || {
            draft.with(|d| {
                d.entries()
                    .iter()
                    .find(|e| e.id == id)
                    .map(|e| e.text.clone())
                    .unwrap_or_default()
            })
        };
        view! {
            <li class="ak-network">
                <label class="ak-sr-only" for=input_id.clone()>{move || i18n.f(Text::NetworkEntry, &[("n", &position())])}</label>
                <input node_ref=input id=input_id class="ak-input ak-mono" class:ak-input--invalid=move || problem.with(Option::is_some)
                    type="text" autocomplete="off" spellcheck="false" translate="no" placeholder=PLACEHOLDER
                    aria-invalid=move || problem.with(Option::is_some).to_string()
                    aria-describedby=format!("{problem_id} {entry_hint}")
                    prop:value=text
                    on:input=move |ev| { draft.update(|d| d.set(id, event_target_value(&ev))); changed(); }/>
                <button type="button" class="ak-btn ak-btn--ghost ak-btn--icon"
                    aria-label=move || i18n.f(Text::RemoveNetwork, &[("n", &position())])
                    on:click=move |_| {
                        // The rows are drawn again: only "Add network" takes focus.
                        added.set_value(None);
                        draft.update(|d| d.remove(id));
                        changed();
                        if let Some(button) = add_button.get_untracked() {
                            let _ = button.focus();
                        }
                    }>
                    {icons::close()}
                </button>
                <p id=problem_id class="ak-error ak-network__problem">
                    {move || problem.get().map(|p| entry_problem_text(&i18n, &p))}
                </p>
            </li>
        }
    };
    let add = move |_| {
        let mut id = 0;
        draft.update(|d| id = d.add(String::new()));
        added.set_value(Some(id));
        changed();
    };
    // A Callback: an event handler's body stays in the first module, and this one parses.
    let add_mine = Callback::new(move |()| {
        if let Some(address) = my_address.get_untracked() {
            added.set_value(None);
            draft.update(|d| d.add_address(&address));
            changed();
        }
    });
    let anywhere = move || draft.with(|d| d.entries().is_empty());
    view! {
        <fieldset class="ak-field ak-networks" aria-describedby=described>
            <legend class="ak-label">{i18n.t(Text::NetworksLabel)}</legend>
            <p id=hint_id.clone() class="ak-hint">{i18n.t(Text::NetworksHint)}</p>
            <Show when=anywhere>
                <p class="ak-networks__anywhere">{i18n.t(Text::NetworksAnywhere)}</p>
            </Show>
            <ul class="ak-networks__list">
                {move || ids.get().into_iter().map(&entry).collect_view()}
            </ul>
            <div class="ak-networks__add">
                <button node_ref=add_button type="button" class="ak-btn ak-btn--secondary" on:click=add>
                    {icons::plus()} {i18n.t(Text::AddNetwork)}
                </button>
                {move || my_address.get().map(|address| view! {
                    <button type="button" class="ak-btn ak-btn--secondary ak-add-mine" on:click=move |_| add_mine.run(())>
                        {i18n.f(Text::AddMyAddress, &[("ip", &address)])}
                    </button>
                })}
            </div>
            <p id=note_id class="ak-hint" class:ak-sr-only=anywhere>{i18n.t(Text::NetworksNote)}</p>
        </fieldset>
    }
}
