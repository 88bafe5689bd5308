//! The address the backend sees this browser at (`GET /session`'s `client_ip`), for "Add my
//! address". Asked for quietly, like the policy: a failure, or a backend that does not say, leaves
//! the button out, and is nobody's business (a 401 here would end the session in the middle of
//! typing; the person's own Generate or Save reports it when it matters).

use crate::page::context::PageContext;
use leptos::prelude::*;

pub fn use_my_address(ctx: PageContext) -> ReadSignal<Option<String>> {
    let address = RwSignal::new(None);
    let client = ctx.quiet_client();
    leptos::task::spawn_local(async move {
        if let Ok(caller) = client.caller_address().await {
            address.try_set(caller.client_ip);
        }
    });
    address.read_only()
}
