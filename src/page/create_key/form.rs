//! The first step of "New secret": an optional description and, when the backend supports them,
//! when the key expires, the networks it may be used from and what it may do; checked as the
//! contract checks them.

use super::expiry_field::ExpiryField;
use crate::api::{CreatedKey, Policy};
use crate::format::{end_of_local_day, now};
use crate::i18n::{I18n, Text};
use crate::keys::{checked_description, AccessDraft, Lifetime, NetworkDraft, NoExpiry};
use crate::page::context::PageContext;
use crate::page::description_field::{too_long_text, DescriptionField, FieldIds};
use crate::page::dialog_actions::{Confirm, DialogActions};
use crate::page::networks::{draft_problem_text, NetworksEditor};
use crate::page::request_id::new_request_id;
use crate::page::scopes::{no_scope_text, AccessField};
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
    let i18n = ctx.i18n;
    let description = RwSignal::new(String::new());
    // Read once: the form offers what the backend supported when it opened, and sends the same.
    let expiry_offered = ctx.policy.with_untracked(Policy::can_expire);
    let max_days = ctx.policy.with_untracked(|p| p.max_expiry_days);
    let lifetime = RwSignal::new(Lifetime::default_for(max_days));
    let networks_offered = ctx.policy.with_untracked(Policy::has_networks);
    let networks = RwSignal::new(NetworkDraft::default());
    let scopes_offered = ctx.policy.with_untracked(Policy::has_scopes);
    let access = RwSignal::new(ctx.policy.with_untracked(|p| AccessDraft::new(&p.scopes)));
    let date = RwSignal::new(String::new());
    // One id per attempt: a repeated Generate after a lost answer gets the same key back
    // from the server instead of making a second one. Editing the form starts anew.
    let request_id = RwSignal::new(new_request_id());
    let edited = Callback::new(move |()| request_id.set(new_request_id()));

    // A Callback, not a closure inlined into the handler: wasm-split keeps every event handler's
    // body in the first module, and this one checks networks with the address parser.
    let generate = Callback::new(move |()| {
        let expires_at = match expiry_offered {
            true => lifetime.get_untracked().expires_at(
                now(),
                date.with_untracked(|d| end_of_local_day(d)),
                max_days,
            ),
            false => Ok(None),
        };
        let checked =
            description.with_untracked(|d| checked_description(d).map(|d| d.map(str::to_string)));
        let (description, expires_at) = match (checked, expires_at) {
            (Ok(description), Ok(expires_at)) => (description, expires_at),
            (Err(too_long), _) => return request.fail(too_long_text(&i18n, too_long)),
            (_, Err(no_expiry)) => return request.fail(no_expiry_text(&i18n, no_expiry)),
        };
        let allowed_networks = match networks.with_untracked(NetworkDraft::to_send) {
            Ok(list) => list,
            Err(problem) => return request.fail(draft_problem_text(&i18n, problem)),
        };
        // Full access is left out: every scope the backend has, as on the base contract.
        let scopes = match access.with_untracked(|a| (a.is_full(), a.to_send())) {
            _ if !scopes_offered => None,
            (true, _) => None,
            (false, Ok(scopes)) => Some(scopes),
            (false, Err(none)) => return request.fail(no_scope_text(&i18n, none)),
        };
        let id = request_id.get_untracked();
        request.run(
            |client| async move {
                client
                    .create_key(
                        description.as_deref(),
                        expires_at,
                        &allowed_networks,
                        scopes.as_deref(),
                        &id,
                    )
                    .await
            },
            move |created| {
                if let Ok(key) = created {
                    on_generated.run(key);
                }
            },
        );
    });

    let ids = FieldIds::new(&ctx, "create");
    let error_id = ctx.id("create-error");
    view! {
        <form class="ak-dialog__body" novalidate on:submit=move |ev| { ev.prevent_default(); generate.run(()); }>
            <h2 class="ak-dialog__title" id=title_id>{i18n.t(Text::NewSecret)}</h2>
            <DescriptionField description ids also_described_by=error_id.clone() on_input=edited
                hint=Text::DescriptionHintCreate/>
            {expiry_offered.then(|| view! { <ExpiryField lifetime date max_days on_change=edited/> })}
            {scopes_offered.then(|| view! { <AccessField draft=access form="create" on_change=edited/> })}
            {networks_offered.then(|| view! { <NetworksEditor draft=networks form="create" on_change=edited/> })}
            <DialogActions request error_id on_cancel confirm=Confirm::Submit
                label=i18n.t(Text::Generate) busy_label=i18n.t(Text::Generating) cancel=i18n.t(Text::Cancel)/>
        </form>
    }
}

/// What to change about the custom date.
fn no_expiry_text(i18n: &I18n, why: NoExpiry) -> String {
    match why {
        NoExpiry::NoDate => i18n.t(Text::ChooseDate).to_string(),
        NoExpiry::NotAfterToday => i18n.t(Text::DateAfterToday).to_string(),
        NoExpiry::BeyondLongest(days) => i18n.n(Text::DateWithin, days as usize, &[]),
    }
}
