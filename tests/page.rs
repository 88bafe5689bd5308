//! The real page, mounted in headless Chromium, driven through a fake transport.
//! Run: `cargo xtask test` (or `cargo test --target wasm32-unknown-unknown --test page`).
#![cfg(target_arch = "wasm32")]

#[path = "page/activity.rs"]
mod activity;
#[path = "page/lifecycle.rs"]
mod lifecycle;
#[path = "page/networks.rs"]
mod networks;
#[path = "page/rotation.rs"]
mod rotation;
#[path = "page/scopes.rs"]
mod scopes;
mod support;

use appkeys::api::Method;
use appkeys::events;
use support::fake_backend::{FakeBackend, Fault};
use support::{fake_clipboard, focused_text, mount, mount_with, until};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const DESCRIPTION_INPUT: &str = "[role=dialog] input[type=text]";

/// Mounts the page on an empty account and opens "New secret".
async fn new_secret_dialog(fake: &FakeBackend) -> support::Mounted {
    let page = mount(fake);
    until("loaded", || page.has_text("No application keys yet")).await;
    page.click("New secret");
    until("dialog", || page.find(DESCRIPTION_INPUT).is_some()).await;
    page
}

fn three_keys() -> FakeBackend {
    FakeBackend::with_keys(&[
        (Some("billing export"), "2026-11-20T08:00:00Z"),
        (None, "2026-11-26T21:14:43Z"),
        (Some("ci deploys"), "2026-11-24T10:30:00Z"),
    ])
}

#[wasm_bindgen_test]
async fn lists_keys_newest_first_with_dash_for_no_description() {
    let page = mount(&three_keys());
    until("rows show", || page.rows().len() == 3).await;
    let rows = page.rows();
    assert_eq!(rows[0][0], "-");
    assert_eq!(rows[1][0], "ci deploys");
    assert_eq!(rows[2][0], "billing export");
    assert!(rows[0][1].starts_with("00000000-0000-4000-8000-000000000002"));
    assert_eq!(rows[0][2], "Never");
    // Created at in the configured locale and zone, exact UTC on hover.
    assert_eq!(rows[0][3], "Nov 26, 2026, 9:14 PM");
    let time = page.find("tbody tr .ak-cell-created time").unwrap();
    assert_eq!(
        time.get_attribute("title").unwrap(),
        "2026-11-26 21:14:43 UTC"
    );
    assert!(page.has_text("3 keys"));
}

/// Keys stamped in the same second, sent in their exact order (Client IDs ...3, ...2, ...1): the page
/// shows them as sent instead of re-sorting by the coarser timestamp and the Client ID.
#[wasm_bindgen_test]
async fn keys_from_the_same_second_stay_in_the_order_sent() {
    let same_second = "2026-11-26T21:14:43Z";
    let fake = FakeBackend::with_keys(&[
        (Some("first"), same_second),
        (Some("second"), same_second),
        (Some("third"), same_second),
    ]);
    let page = mount(&fake);
    until("rows", || page.rows().len() == 3).await;
    let descriptions: Vec<String> = page.rows().into_iter().map(|row| row[0].clone()).collect();
    assert_eq!(descriptions, ["third", "second", "first"]);
}

#[wasm_bindgen_test]
async fn empty_list_invites_the_first_key() {
    let page = mount(&FakeBackend::default());
    until("empty state", || page.has_text("No application keys yet")).await;
    page.click("Create your first key");
    until("dialog opens", || page.dialog().is_some()).await;
    assert!(page.has_text("Recommended: say which program or person uses this key"));
}

#[wasm_bindgen_test]
async fn create_with_description_shows_the_secret_once_and_adds_the_row_on_top() {
    let fake = three_keys();
    let page = mount(&fake);
    until("rows show", || page.rows().len() == 3).await;
    page.click("New secret");
    until("dialog opens", || page.find(DESCRIPTION_INPUT).is_some()).await;
    page.type_into(DESCRIPTION_INPUT, "  nightly report  ");
    until("counts trimmed characters", || page.has_text("14 / 256")).await;
    page.click("Generate now");
    until("secret shows", || page.find(".ak-secret").is_some()).await;

    let secret = page.find(".ak-secret").unwrap().text_content().unwrap();
    assert_eq!(secret.len(), 40);
    assert!(page.has_text("only time the Secret is shown"));
    let body: serde_json::Value =
        serde_json::from_str(fake.requests(Method::Post)[0].body.as_deref().unwrap()).unwrap();
    assert_eq!(body["description"], "nightly report");
    assert!(!body["request_id"].as_str().unwrap().is_empty());

    page.click("OK, I have copied it");
    until("dialog closes", || page.dialog().is_none()).await;
    assert!(!page.has_text(&secret), "the secret is gone from the page");
    assert_eq!(page.rows().len(), 4);
    assert_eq!(page.rows()[0][0], "nightly report");
    let created = page
        .events
        .borrow()
        .iter()
        .find(|(n, _)| n == events::CREATED)
        .cloned()
        .unwrap();
    assert!(created.1.contains("nightly report"));
    assert!(
        !created.1.contains(&secret),
        "events never carry the secret"
    );
}

#[wasm_bindgen_test]
async fn create_without_description_sends_null_and_shows_dash() {
    let fake = FakeBackend::default();
    let page = new_secret_dialog(&fake).await;
    page.click("Generate now");
    until("secret", || page.find(".ak-secret").is_some()).await;
    let body = fake.requests(Method::Post)[0].body.clone().unwrap();
    assert!(body.contains(r#""description":null"#), "{body}");
    page.click("OK, I have copied it");
    until("row", || page.rows().len() == 1).await;
    assert_eq!(page.rows()[0][0], "-");
}

#[wasm_bindgen_test]
async fn description_over_256_characters_is_refused_with_the_rule() {
    let fake = FakeBackend::default();
    let page = new_secret_dialog(&fake).await;
    let long = "x".repeat(257);
    page.type_into(DESCRIPTION_INPUT, &long);
    page.click("Generate now");
    until("message", || {
        page.has_text("at most 256 characters; it has 257")
    })
    .await;
    assert!(fake.requests(Method::Post).is_empty());
    assert_eq!(page.input_value(DESCRIPTION_INPUT), long);
}

#[wasm_bindgen_test]
async fn copy_writes_the_exact_value_and_says_copied() {
    let written = fake_clipboard(true);
    let page = new_secret_dialog(&FakeBackend::default()).await;
    page.click("Generate now");
    until("secret", || page.find(".ak-secret").is_some()).await;
    let secret = page.find(".ak-secret").unwrap().text_content().unwrap();
    page.click("Copy Secret");
    until("copied", || {
        page.all("button")
            .iter()
            .any(|b| b.text_content().unwrap().contains("Copied"))
    })
    .await;
    assert_eq!(written.borrow().as_slice(), [secret]);
}

#[wasm_bindgen_test]
async fn refused_copy_selects_the_value_and_says_how_to_copy() {
    fake_clipboard(false);
    let page = mount(&three_keys());
    until("rows", || page.rows().len() == 3).await;
    page.all("button[aria-label='Copy Client ID']")[0]
        .unchecked_ref::<web_sys::HtmlElement>()
        .click();
    until("hint", || page.has_text("The browser blocked copying")).await;
    let selected = leptos::prelude::window()
        .get_selection()
        .unwrap()
        .unwrap()
        .to_string();
    assert_eq!(
        String::from(selected),
        "00000000-0000-4000-8000-000000000002"
    );
}

#[wasm_bindgen_test]
async fn closing_a_shown_secret_asks_first() {
    let page = new_secret_dialog(&FakeBackend::default()).await;
    page.click("Generate now");
    until("secret", || page.find(".ak-secret").is_some()).await;
    let secret = page.find(".ak-secret").unwrap().text_content().unwrap();

    page.press("Escape", false);
    until("question", || {
        page.has_text("You won't see this secret again. Close anyway?")
    })
    .await;
    assert_eq!(focused_text(), "Keep it open");
    page.click("Keep it open");
    until("question gone", || !page.has_text("Close anyway?")).await;
    assert!(page.has_text(&secret));

    // The backdrop and the close button ask too.
    page.find(".ak-backdrop")
        .unwrap()
        .unchecked_into::<web_sys::HtmlElement>()
        .click();
    until("question again", || page.has_text("Close anyway?")).await;
    page.click("Close anyway");
    until("closed", || page.dialog().is_none()).await;
    assert!(!page.has_text(&secret));
    assert_eq!(page.rows().len(), 1, "the key itself is kept");
}

#[wasm_bindgen_test]
async fn delete_asks_and_cancel_keeps_the_key() {
    let fake = three_keys();
    let page = mount(&fake);
    until("rows", || page.rows().len() == 3).await;
    page.click("Delete key ci deploys");
    until("confirm", || page.dialog().is_some()).await;
    assert!(page.has_text("“ci deploys”"));
    assert!(page.has_text("00000000-0000-4000-8000-000000000003"));
    assert!(page.has_text("can no longer be used to access the API"));
    page.click("Cancel");
    until("closed", || page.dialog().is_none()).await;
    assert_eq!(page.rows().len(), 3);
    assert!(fake.requests(Method::Delete).is_empty());
    assert_eq!(focused_text(), "", "focus is back on the row's icon button");
    assert_eq!(
        leptos::prelude::document()
            .active_element()
            .unwrap()
            .get_attribute("aria-label")
            .as_deref(),
        Some("Delete key ci deploys")
    );

    page.click("Delete key ci deploys");
    until("confirm", || page.dialog().is_some()).await;
    page.click("Confirm");
    until("row gone", || page.rows().len() == 2).await;
    assert!(page.dialog().is_none());
    until("focus moves to New secret", || {
        focused_text() == "New secret"
    })
    .await;
    assert_eq!(fake.key_count(), 2);
    assert!(!page.rows().iter().any(|r| r[0] == "ci deploys"));
    assert!(page
        .events
        .borrow()
        .iter()
        .any(|(n, d)| n == events::DELETED
            && d.contains("000000000003")
            && d.contains(r#""description":"ci deploys""#)));
}

#[wasm_bindgen_test]
async fn each_create_error_shows_its_message_and_keeps_the_description() {
    let cases: [(Fault, &str); 6] = [
        (
            Fault::Respond(500, r#"{"code":50000,"message":"boom"}"#),
            "The server had a problem (HTTP 500)",
        ),
        (
            Fault::Respond(429, r#"{"code":40029,"message":"slow down"}"#),
            "Too many requests right now",
        ),
        (
            Fault::Respond(
                400,
                r#"{"code":40000,"message":"The description must not contain control characters."}"#,
            ),
            "must not contain control characters",
        ),
        (
            Fault::Respond(
                409,
                r#"{"code":40009,"message":"You have reached the limit of 100 keys."}"#,
            ),
            "limit of 100 keys",
        ),
        (
            Fault::Respond(200, "{not json"),
            "could not read (HTTP 200)",
        ),
        (Fault::Respond(502, "<html>bad gateway</html>"), "HTTP 502"),
    ];
    for (fault, message) in cases {
        let fake = FakeBackend::default();
        let page = new_secret_dialog(&fake).await;
        page.type_into(DESCRIPTION_INPUT, "kept text");
        fake.fail_next(Method::Post, fault);
        page.click("Generate now");
        until(message, || page.has_text(message)).await;
        assert_eq!(page.input_value(DESCRIPTION_INPUT), "kept text");
        assert!(page.dialog().is_some());
        assert!(page.event_names().contains(&events::ERROR.to_string()));
    }
}

#[wasm_bindgen_test]
async fn network_failures_on_both_tries_and_timeouts_keep_the_dialog() {
    for (first, second, message) in [
        (Fault::Network, Fault::Network, "Could not reach the server"),
        (
            Fault::Timeout,
            Fault::Timeout,
            "did not answer within 15 seconds",
        ),
    ] {
        let fake = FakeBackend::default();
        let page = new_secret_dialog(&fake).await;
        page.type_into(DESCRIPTION_INPUT, "kept");
        fake.fail_next(Method::Post, first);
        fake.fail_next(Method::Post, second);
        page.click("Generate now");
        until(message, || page.has_text(message)).await;
        assert_eq!(page.input_value(DESCRIPTION_INPUT), "kept");
        assert_eq!(fake.requests(Method::Post).len(), 2, "one retry, no more");
    }
}

#[wasm_bindgen_test]
async fn a_lost_answer_is_retried_with_the_same_request_id_and_makes_one_key() {
    let fake = FakeBackend::default();
    let page = new_secret_dialog(&fake).await;
    fake.fail_next(Method::Post, Fault::LoseResponse);
    page.click("Generate now");
    until("secret", || page.find(".ak-secret").is_some()).await;
    let posts = fake.requests(Method::Post);
    assert_eq!(posts.len(), 2);
    assert_eq!(posts[0].body, posts[1].body, "same request_id both times");
    assert_eq!(fake.key_count(), 1);
}

#[wasm_bindgen_test]
async fn session_end_says_so_offers_sign_in_and_tells_the_host() {
    let fake = three_keys();
    fake.fail_next(
        Method::Get,
        Fault::Respond(401, r#"{"code":40001,"message":"Sign in."}"#),
    );
    let signed_in_again = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let flag = signed_in_again.clone();
    let callback = leptos::prelude::Callback::new(move |()| {
        flag.store(true, std::sync::atomic::Ordering::SeqCst)
    });
    let page = mount_with(&fake, Some(callback));
    until("banner", || page.has_text("Your session has ended")).await;
    assert!(page
        .event_names()
        .contains(&events::UNAUTHORIZED.to_string()));
    page.click("Sign in again");
    assert!(signed_in_again.load(std::sync::atomic::Ordering::SeqCst));
}

/// A host whose `getToken` gives nothing (it threw, rejected or has no token): no request goes out
/// (it would carry the browser's cookies), and the page shows that the session has ended.
#[wasm_bindgen_test]
async fn no_token_from_the_host_sends_no_request_and_ends_the_session() {
    let fake = three_keys();
    let page = support::mount_with_token(&fake, || None);
    until("banner", || page.has_text("Your session has ended")).await;
    assert!(fake.requests(Method::Get).is_empty(), "nothing was sent");
    assert!(page
        .event_names()
        .contains(&events::UNAUTHORIZED.to_string()));
    assert!(page.rows().is_empty());
}

#[wasm_bindgen_test]
async fn list_failure_offers_retry() {
    let fake = three_keys();
    fake.fail_next(Method::Get, Fault::Network);
    let page = mount(&fake);
    until("error", || page.has_text("Could not load your keys.")).await;
    assert!(page.has_text("Could not reach the server"));
    page.click("Retry");
    until("rows", || page.rows().len() == 3).await;
}

#[wasm_bindgen_test]
async fn filter_narrows_by_description_or_client_id() {
    let page = mount(&three_keys());
    until("rows", || page.rows().len() == 3).await;
    page.type_into("input[type=search]", "BILLING");
    until("one row", || page.rows().len() == 1).await;
    assert_eq!(page.rows()[0][0], "billing export");
    assert!(page.has_text("1 of 3 keys"));
    page.type_into("input[type=search]", "8000-000000000002");
    until("by id", || {
        page.rows().len() == 1 && page.rows()[0][0] == "-"
    })
    .await;
    page.type_into("input[type=search]", "nothing like this");
    until("none", || {
        page.has_text("No key matches “nothing like this”.")
    })
    .await;
}

/// Text beyond ASCII is lower-cased by the browser (src/text.rs), in the key and in the filter.
#[wasm_bindgen_test]
async fn filter_ignores_case_beyond_ascii() {
    let page = mount(&FakeBackend::with_keys(&[
        (Some("Überweisungen EXPORT"), "2026-11-20T08:00:00Z"),
        (Some("ΟΔΟΣ sync"), "2026-11-21T08:00:00Z"),
        (Some("部署 Deploy"), "2026-11-22T08:00:00Z"),
    ]));
    until("rows", || page.rows().len() == 3).await;
    for (typed, found) in [
        ("überweisungen", "Überweisungen EXPORT"),
        ("ÜBERWEISUNGEN export", "Überweisungen EXPORT"),
        ("οδος", "ΟΔΟΣ sync"),
        ("部署 deploy", "部署 Deploy"),
    ] {
        page.type_into("input[type=search]", typed);
        until(typed, || {
            let rows = page.rows();
            rows.len() == 1 && rows[0][0] == found
        })
        .await;
    }
}

#[wasm_bindgen_test]
async fn dialog_traps_focus_and_gives_it_back() {
    let page = mount(&three_keys());
    until("rows", || page.rows().len() == 3).await;
    page.button("New secret").focus().unwrap();
    page.click("New secret");
    until("dialog", || page.find(DESCRIPTION_INPUT).is_some()).await;
    until("focus in dialog", || {
        leptos::prelude::document()
            .active_element()
            .map(|e| e.tag_name())
            == Some("INPUT".into())
    })
    .await;
    let dialog = page.dialog().unwrap();
    assert_eq!(dialog.get_attribute("aria-modal").as_deref(), Some("true"));
    let title = dialog.get_attribute("aria-labelledby").unwrap();
    assert_eq!(
        leptos::prelude::document()
            .get_element_by_id(&title)
            .unwrap()
            .text_content()
            .unwrap(),
        "New secret"
    );

    // Shift+Tab from the first element wraps to the last, Tab from the last back to the first.
    page.button("Close").focus().unwrap();
    page.press("Tab", true);
    assert_eq!(focused_text(), "Generate now");
    page.press("Tab", false);
    assert_eq!(
        leptos::prelude::document()
            .active_element()
            .unwrap()
            .get_attribute("aria-label")
            .as_deref(),
        Some("Close")
    );

    page.press("Escape", false);
    until("closed", || page.dialog().is_none()).await;
    assert_eq!(focused_text(), "New secret");
}

/// The button that opened the dialog is gone (the empty state made way for the list): focus goes
/// to New secret as the dialog closes, not an animation frame later (a screen reader would
/// announce `<body>` in between).
#[wasm_bindgen_test]
async fn closing_after_the_first_key_moves_focus_to_new_secret_at_once() {
    let page = mount(&FakeBackend::default());
    until("empty state", || page.has_text("No application keys yet")).await;
    page.click("Create your first key");
    until("dialog", || page.find(DESCRIPTION_INPUT).is_some()).await;
    page.click("Generate now");
    until("secret", || page.find(".ak-secret").is_some()).await;
    page.click("OK, I have copied it");
    support::tick().await;
    assert!(page.dialog().is_none());
    assert_eq!(focused_text(), "New secret");
}

#[wasm_bindgen_test]
async fn long_lists_render_in_batches_and_the_filter_searches_all() {
    let page = mount(&FakeBackend::with_many(250));
    until("first batch", || !page.rows().is_empty()).await;
    let first = page.rows().len();
    assert!(first < 50, "{first} rows at first: about a window's worth");
    assert_eq!(page.rows()[0][0], "key 250", "newest first");
    assert!(page.has_text(&format!("{} more keys below", 250 - first)));
    assert!(page.has_text("250 keys"));

    // Scrolling the placeholder into view loads more, until there are none left.
    while let Some(more) = page.find(".ak-table-more") {
        let before = page.rows().len();
        more.scroll_into_view();
        until("next batch", || page.rows().len() > before).await;
    }
    assert_eq!(page.rows().len(), 250);
    assert_eq!(page.rows()[249][0], "key 1");

    // The filter looks at every key, rendered or not, and its matches start from the top again.
    page.type_into("input[type=search]", "key 7");
    until("matches", || page.rows().len() == 11).await; // key 7, 70–79
    page.type_into("input[type=search]", "key");
    until("first batch again", || page.rows().len() == first).await;
    assert!(page.has_text(&format!("{} more keys below", 250 - first)));
}
