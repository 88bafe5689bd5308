//! The page's heading with its main action, the banner shown once the session has ended, and the
//! notice of what a bulk action did.

use super::context::PageContext;
use super::page_view::PageView;
use super::view_heading::ViewHeading;
use crate::components::{icons, PageLink};
use crate::i18n::Text;
use leptos::prelude::*;

/// `at_limit`: the account holds as many keys as the backend allows. "New secret" then says why
/// it cannot be used, next to it, and stays focusable so the reason can be found.
#[component]
pub fn PageHeader(on_create: Callback<()>, at_limit: Signal<bool>, focus: bool) -> impl IntoView {
    let ctx = expect_context::<PageContext>();
    let i18n = ctx.i18n;
    let reason_id = ctx.id("limit-reason");
    let reason = move || {
        let max = ctx
            .policy
            .with(|policy| policy.max_keys.unwrap_or_default());
        i18n.n(Text::LimitReason, max, &[])
    };
    view! {
        <header class="ak-page__header">
            <div>
                <ViewHeading text=i18n.t(Text::PageTitle) focus/>
                <p class="ak-subtitle">{i18n.t(Text::PageIntro)}</p>
            </div>
            <div class="ak-page__action">
                <Show when=move || ctx.policy.with(|policy| policy.has_activity())>
                    <PageLink to=PageView::Activity.path() class="ak-btn ak-btn--secondary ak-activity-link">{i18n.t(Text::ActivityTitle)}</PageLink>
                </Show>
                <button type="button" class="ak-btn ak-btn--primary ak-new-key" node_ref=ctx.focus.main_action
                    disabled=move || ctx.status.session_ended.get()
                    aria-disabled=move || at_limit.get().then_some("true")
                    aria-describedby=move || at_limit.get().then(|| reason_id.clone())
                    on:click=move |_| if !at_limit.get_untracked() { on_create.run(()) }>
                    {icons::plus()} {i18n.t(Text::NewSecret)}
                </button>
                <Show when=move || at_limit.get()>
                    <p class="ak-limit-reason" id=ctx.id("limit-reason")>{reason}</p>
                </Show>
            </div>
        </header>
    }
}

/// Says how many keys have a secret found in public, and what to do, above the list.
#[component]
pub fn ExposedNotice(count: Signal<usize>) -> impl IntoView {
    let ctx = expect_context::<PageContext>();
    view! {
        <Show when=move || { count.get() > 0 }>
            <div class="ak-banner ak-banner--danger ak-exposed-notice">
                <p>{move || ctx.i18n.n(Text::ExposedNotice, count.get(), &[])}</p>
            </div>
        </Show>
    }
}

/// Offers to sign in again when `on_sign_in_again` is given (the standalone shell); an embedding
/// host hears `appkeys:unauthorized` instead.
#[component]
pub fn SessionEnded(on_sign_in_again: Option<Callback<()>>) -> impl IntoView {
    let ctx = expect_context::<PageContext>();
    view! {
        <Show when=move || ctx.status.session_ended.get()>
            <div class="ak-banner" role="alert">
                <p>{ctx.t(Text::SessionEnded)}</p>
                {on_sign_in_again.map(|sign_in| view! {
                    <button type="button" class="ak-btn ak-btn--primary" on:click=move |_| sign_in.run(())>{ctx.t(Text::SignInAgain)}</button>
                })}
            </div>
        </Show>
    }
}

/// What the last bulk action did ("3 keys deleted."), until dismissed.
#[component]
pub fn Notice() -> impl IntoView {
    let ctx = expect_context::<PageContext>();
    let text = move || ctx.status.notice.get().unwrap_or_default();
    let dismiss = ctx.t(Text::Dismiss);
    view! {
        <div class="ak-notice-slot" role="status">
            <Show when=move || ctx.status.notice.with(Option::is_some)>
                <div class="ak-notice">
                    {icons::check()}
                    <p>{text}</p>
                    <button type="button" class="ak-btn ak-btn--ghost ak-btn--icon ak-btn--small" aria-label=dismiss title=dismiss
                        on:click=move |_| ctx.status.notice.set(None)>
                        {icons::close()}
                    </button>
                </div>
            </Show>
        </div>
    }
}
