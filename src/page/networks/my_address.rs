//! The address the backend sees this browser at (`GET /session`'s `client_ip`), for "Add my
//! address". Asked for quietly: a failure, or a backend that does not say, leaves the button out.

use crate::page::context::PageContext;
use leptos::prelude::*;

pub fn use_my_address(ctx: PageContext) -> ReadSignal<Option<String>> {
    let address = RwSignal::new(None);
    ctx.request().run(
        |client| async move { client.caller_address().await },
        move |caller| {
            if let Ok(caller) = caller {
                address.try_set(caller.client_ip);
            }
        },
    );
    address.read_only()
}
