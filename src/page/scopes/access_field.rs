//! "Access" as a form field: Full access, Read only or Custom, and for Custom a grid of the
//! backend's resources with None, Read or Write for each, as radio groups (arrow keys move
//! within one, Tab from one to the next).

use super::words::{level_text, resource_hint, resource_label};
use crate::i18n::{I18n, Text};
use crate::keys::{AccessDraft, AccessMode, Level, NoScope};
use crate::page::context::PageContext;
use leptos::prelude::*;

/// The sentence for a choice that cannot be sent, for the form's error line.
pub fn no_scope_text(i18n: &I18n, _: NoScope) -> String {
    i18n.t(Text::ScopesNone).to_string()
}

#[component]
pub fn AccessField(
    draft: RwSignal<AccessDraft>,
    /// Makes the element ids unique: "create", "key".
    form: &'static str,
    /// The person changed the access.
    #[prop(into, optional)]
    on_change: Option<Callback<()>>,
) -> impl IntoView {
    let ctx = expect_context::<PageContext>();
    let i18n = ctx.i18n;
    let changed = move || {
        if let Some(on_change) = on_change {
            on_change.run(());
        }
    };
    let hint_id = ctx.id(&format!("{form}-access-hint"));
    let group = ctx.id(&format!("{form}-access"));
    let mode = move |mode: AccessMode, (word, label, hint): (&str, Text, Text)| {
        let id = format!("{group}-{word}");
        let hint_id = format!("{id}-hint");
        view! {
            <div class="ak-choice">
                <input type="radio" class="ak-check" id=id.clone() name=group.clone() aria-describedby=hint_id.clone()
                    prop:checked=move || draft.with(|d| d.mode() == mode)
                    on:change=move |_| { draft.update(|d| d.set_mode(mode)); changed(); }/>
                <label for=id>{i18n.t(label)}</label>
                <span id=hint_id class="ak-hint">{i18n.t(hint)}</span>
            </div>
        }
    };
    let modes = [
        (
            AccessMode::Full,
            ("full", Text::AccessFull, Text::AccessFullHint),
        ),
        (
            AccessMode::ReadOnly,
            ("read", Text::AccessReadOnly, Text::AccessReadOnlyHint),
        ),
        (
            AccessMode::Custom,
            ("custom", Text::AccessCustom, Text::AccessCustomHint),
        ),
    ]
    .map(|(access, words)| mode(access, words));
    let custom = move || draft.with(|d| d.mode() == AccessMode::Custom);
    let described = hint_id.clone();
    view! {
        <fieldset class="ak-field ak-access" aria-describedby=described>
            <legend class="ak-label">{i18n.t(Text::AccessLabel)}</legend>
            <p id=hint_id class="ak-hint">{i18n.t(Text::AccessHint)}</p>
            <div class="ak-access__modes">{modes.into_iter().collect_view()}</div>
            <Show when=custom>
                <ScopeGrid draft form on_change=Callback::new(move |()| changed())/>
            </Show>
        </fieldset>
    }
}

/// One radio group per resource, drawn once: the resources do not change while it shows.
#[component]
fn ScopeGrid(
    draft: RwSignal<AccessDraft>,
    form: &'static str,
    on_change: Callback<()>,
) -> impl IntoView {
    let ctx = expect_context::<PageContext>();
    let i18n = ctx.i18n;
    let resources = draft.with_untracked(|d| d.resources().to_vec());
    let rows = resources.into_iter().enumerate().map(|(index, resource)| {
        let group = ctx.id(&format!("{form}-scope-{index}"));
        let hint = resource_hint(&i18n, &resource);
        let hint_id = hint.as_ref().map(|_| format!("{group}-hint"));
        let radios = resource.levels().map(|level| {
            let id = format!("{group}-{}", level_word(level));
            view! {
                <span class="ak-choice ak-choice--inline">
                    <input type="radio" class="ak-check" id=id.clone() name=group.clone()
                        prop:checked=move || draft.with(|d| d.level(index) == level)
                        on:change=move |_| { draft.update(|d| d.set_level(index, level)); on_change.run(()); }/>
                    <label for=id>{level_text(&i18n, level)}</label>
                </span>
            }
        }).collect_view();
        let described = hint_id.clone();
        view! {
            <fieldset class="ak-scope" aria-describedby=described>
                <legend class="ak-scope__name">{resource_label(&i18n, &resource)}</legend>
                {hint.map(|hint| view! { <p id=hint_id.unwrap_or_default() class="ak-hint">{hint}</p> })}
                <div class="ak-scope__levels">{radios}</div>
            </fieldset>
        }
    }).collect_view();
    view! { <div class="ak-scopes">{rows}</div> }
}

fn level_word(level: Level) -> &'static str {
    match level {
        Level::None => "none",
        Level::Read => "read",
        Level::Write => "write",
    }
}
