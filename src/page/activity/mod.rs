//! The views beyond the list, each in a wasm chunk of its own (src/lazy.rs) that loads when first
//! shown: a key's details with its usage and activity, and the account's activity log.

mod account_activity;
mod csv;
mod event_feed;
mod event_log;
mod event_text;
mod expiry_notices;
mod key_detail;
mod usage_bars;
mod usage_chart;

use super::key_table::RowActions;
use crate::keys::KeyStore;
use crate::lazy::lazy_view;
use account_activity::AccountActivity;
use key_detail::KeyDetail;
use leptos::prelude::*;

lazy_view! {
    pub fn key_detail(
        client_id: String,
        store: RwSignal<KeyStore>,
        actions: RowActions,
        on_retry: Callback<()>,
        focus: bool,
    ) preload preload_key_detail {
        view! { <KeyDetail client_id store actions on_retry focus/> }
    }
}

lazy_view! {
    pub fn account_activity(focus: bool) preload preload_account_activity {
        view! { <AccountActivity focus/> }
    }
}

/// Fetches both views' chunks, for when the browser is idle.
pub async fn prefetch() {
    let _ = preload_key_detail().await;
    let _ = preload_account_activity().await;
}
