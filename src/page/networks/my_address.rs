//! The address the backend sees this browser at (`GET /session`'s `client_ip`), for "Add my
//! address". Asked for quietly, like the policy: a failure, or a backend that does not say, leaves
//! the button out, and is nobody's business (a 401 here would end the session in the middle of
//! typing; the person's own Generate or Save reports it when it matters).

use crate::page::context::PageContext;
use crate::request::Request;
use leptos::prelude::*;

pub fn use_my_address(ctx: PageContext) -> ReadSignal<Option<String>> {
    let address = RwSignal::new(None);
    // A request of its own, which tells neither the host nor the page about a failure.
    let quiet = Request::new(ctx.client.get_value(), |_| String::new());
    quiet.run(
        |client| async move { client.caller_address().await },
        move |caller| {
            if let Ok(caller) = caller {
                address.try_set(caller.client_ip);
            }
        },
    );
    address.read_only()
}
