//! The first step of "New secret": an optional description, checked as the contract checks it.

use super::request_id::new_request_id;
use super::DESCRIPTION_MAX;
use crate::api::CreatedKey;
use crate::page::context::PageContext;
use crate::request::Request;
use leptos::prelude::*;

#[component]
pub fn DescriptionForm(
    request: Request,
    title_id: String,
    #[prop(into)] on_generated: Callback<CreatedKey>,
    #[prop(into)] on_cancel: Callback<()>,
) -> impl IntoView {
    let ctx = expect_context::<PageContext>();
    let description = RwSignal::new(String::new());
    // One id per attempt: a repeated Generate after a lost answer gets the same key back
    // from the server instead of making a second one. Editing the description starts anew.
    let request_id = RwSignal::new(new_request_id());
    let length = move || description.with(|d| d.trim().chars().count());
    let too_long = move || length() > DESCRIPTION_MAX;

    let generate = move || {
        if too_long() {
            return request.fail(format!(
                "The description can be at most {DESCRIPTION_MAX} characters; it has {}.",
                length()
            ));
        }
        let (text, id) = (description.get_untracked(), request_id.get_untracked());
        request.run(
            |client| async move {
                let trimmed = text.trim();
                let description = (!trimmed.is_empty()).then_some(trimmed);
                client.create_key(description, &id).await
            },
            move |created| {
                if let Ok(key) = created {
                    on_generated.run(key);
                }
            },
        );
    };

    let [hint_id, input_id, count_id, error_id] = [
        "create-hint",
        "create-description",
        "create-count",
        "create-error",
    ]
    .map(|name| ctx.id(name));
    view! {
        <form class="ak-dialog__body" on:submit=move |ev| { ev.prevent_default(); generate(); }>
            <h2 class="ak-dialog__title" id=title_id>"New secret"</h2>
            <DescriptionField description request_id described_by=format!("{hint_id} {count_id} {error_id}")
                ids=[input_id, hint_id, count_id]/>
            <p id=error_id class="ak-error" role="alert">{move || request.error()}</p>
            <div class="ak-dialog__actions">
                <button type="button" class="ak-btn ak-btn--secondary" disabled=move || request.busy() on:click=move |_| on_cancel.run(())>"Cancel"</button>
                <button type="submit" class="ak-btn ak-btn--primary" aria-disabled=move || request.busy().to_string() class:ak-btn--busy=move || request.busy()>
                    {move || if request.busy() { "Generating…" } else { "Generate now" }}
                </button>
            </div>
        </form>
    }
}

/// The description input with its hint and its count against the limit. `ids`: the input's,
/// the hint's and the count's.
#[component]
fn DescriptionField(
    description: RwSignal<String>,
    request_id: RwSignal<String>,
    described_by: String,
    ids: [String; 3],
) -> impl IntoView {
    let [input_id, hint_id, count_id] = ids;
    let length = move || description.with(|d| d.trim().chars().count());
    let too_long = move || length() > DESCRIPTION_MAX;
    view! {
            <div class="ak-field">
                <label class="ak-label" for=input_id.clone()>"Description " <span class="ak-optional">"(optional)"</span></label>
                <input id=input_id class="ak-input" class:ak-input--invalid=too_long type="text"
                    autocomplete="off" spellcheck="false" placeholder="e.g. Nightly billing export"
                    data-autofocus aria-describedby=described_by aria-invalid=move || too_long().to_string()
                    prop:value=move || description.get()
                    on:input=move |ev| {
                        description.set(event_target_value(&ev));
                        request_id.set(new_request_id());
                    }/>
                <div class="ak-field__meta">
                    <span id=hint_id class="ak-hint">"Recommended: say which program or person uses this key, so that it is easy to manage later."</span>
                    <span id=count_id class="ak-count" class:ak-count--over=too_long>{length} " / " {DESCRIPTION_MAX}</span>
                </div>
            </div>
    }
}
