//! For a key that expires: when its owner's systems were told, that is the server's `key.expiring`
//! notices (which its webhooks send), read from the log. Asked for quietly: a failure leaves the
//! line out, and the log below says what failed.

use crate::api::{Event, EventQuery};
use crate::i18n::Text;
use crate::page::context::PageContext;
use crate::request::Request;
use leptos::prelude::*;

/// At most this many notices (the server sends three by default).
const NOTICES: u32 = 10;

/// The "Notices sent" field of a key's facts, once there is one.
#[component]
pub fn ExpiryNotices(client_id: String) -> impl IntoView {
    let ctx = expect_context::<PageContext>();
    let notices = RwSignal::new(Vec::<Event>::new());
    let query = EventQuery {
        client_id: Some(client_id),
        kind: Some("key.expiring".into()),
        limit: NOTICES,
        ..EventQuery::default()
    };
    let quiet = Request::new(ctx.client.get_value(), |_| String::new());
    quiet.run(
        |client| async move { client.events(&query).await },
        move |answer| {
            if let Ok(page) = answer {
                notices.try_set(page.events);
            }
        },
    );
    let i18n = ctx.i18n;
    let line = move |event: &Event| {
        let days = event.details.notice_days.unwrap_or_default() as usize;
        let date = ctx.local_time(&event.at);
        view! { <li>{i18n.n(Text::NoticeSent, days, &[("date", &date)])}</li> }
    };
    move || {
        notices.with(|notices| {
            (!notices.is_empty()).then(|| {
                let lines = notices.iter().map(line).collect_view();
                view! {
                    <div class="ak-expiry-notices">
                        <dt>{i18n.t(Text::FieldNotices)}</dt>
                        <dd><ul class="ak-scope-list">{lines}</ul></dd>
                    </div>
                }
            })
        })
    }
}
