//! The description input of "New secret" and "Rename": its hint and its count against the
//! contract's limit, marked invalid past it.

use crate::i18n::{I18n, Text};
use crate::keys::{description_length, TooLong, DESCRIPTION_MAX};
use leptos::prelude::*;

/// The sentence for a description over the limit.
pub fn too_long_text(i18n: &I18n, TooLong(length): TooLong) -> String {
    i18n.f(
        Text::DescriptionTooLong,
        &[
            ("max", &DESCRIPTION_MAX.to_string()),
            ("length", &length.to_string()),
        ],
    )
}

/// The field's element ids, so the form can point its error and description at them.
pub struct FieldIds {
    pub input: String,
    pub hint: String,
    pub count: String,
}

impl FieldIds {
    /// Ids unique to this page, prefixed with `form`.
    pub fn new(ctx: &super::context::PageContext, form: &str) -> Self {
        FieldIds {
            input: ctx.id(&format!("{form}-description")),
            hint: ctx.id(&format!("{form}-hint")),
            count: ctx.id(&format!("{form}-count")),
        }
    }
}

#[component]
pub fn DescriptionField(
    description: RwSignal<String>,
    ids: FieldIds,
    /// Ids of what else describes the input (the form's error).
    #[prop(into)]
    also_described_by: String,
    hint: Text,
    /// The person typed.
    #[prop(into, optional)]
    on_input: Option<Callback<()>>,
) -> impl IntoView {
    let FieldIds {
        input,
        hint: hint_id,
        count,
    } = ids;
    let i18n = expect_context::<super::context::PageContext>().i18n;
    let length = move || description.with(|d| description_length(d));
    let too_long = move || length() > DESCRIPTION_MAX;
    view! {
        <div class="ak-field">
            <label class="ak-label" for=input.clone()>{i18n.t(Text::DescriptionLabel)} " " <span class="ak-optional">{i18n.t(Text::Optional)}</span></label>
            <input id=input class="ak-input" class:ak-input--invalid=too_long type="text"
                autocomplete="off" spellcheck="false" placeholder=i18n.t(Text::DescriptionPlaceholder)
                data-autofocus aria-describedby=format!("{hint_id} {count} {also_described_by}")
                aria-invalid=move || too_long().to_string()
                prop:value=move || description.get()
                on:input=move |ev| {
                    description.set(event_target_value(&ev));
                    if let Some(on_input) = on_input {
                        on_input.run(());
                    }
                }/>
            <div class="ak-field__meta">
                <span id=hint_id class="ak-hint">{i18n.t(hint)}</span>
                <span id=count class="ak-count" class:ak-count--over=too_long>{length} " / " {DESCRIPTION_MAX}</span>
            </div>
        </div>
    }
}
