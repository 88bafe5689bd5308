//! Rename, expiry and the key limit: shown only when the backend's policy lists them.

use super::{three_keys, DESCRIPTION_INPUT};
use crate::support::fake_backend::{FakeBackend, Fault};
use crate::support::{focused_text, mount, until, Mounted};
use appkeys::api::Method;
use appkeys::events;
use chrono::{DateTime, Duration, SecondsFormat, Utc};
use serde_json::{json, Value};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

const EXPIRY_SELECT: &str = "[role=dialog] select";
const DATE_INPUT: &str = "[role=dialog] input[type=date]";

fn policy(max_keys: u32, max_expiry_days: Option<u32>) -> Value {
    json!({ "max_keys": max_keys, "features": ["rename", "expiry", "some_future_feature"], "max_expiry_days": max_expiry_days })
}

fn browser_now() -> DateTime<Utc> {
    DateTime::from_timestamp_millis(js_sys::Date::now() as i64).unwrap()
}

fn rfc3339(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn headings(page: &Mounted) -> Vec<String> {
    page.all(".ak-table thead th")
        .iter()
        .map(|th| th.text_content().unwrap_or_default())
        .collect()
}

fn aria_label_of_focused() -> Option<String> {
    leptos::prelude::document()
        .active_element()
        .and_then(|e| e.get_attribute("aria-label"))
}

fn select_option(page: &Mounted, selector: &str, value: &str) {
    let select: web_sys::HtmlSelectElement = page.find(selector).unwrap().unchecked_into();
    select.set_value(value);
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    select
        .dispatch_event(&web_sys::Event::new_with_event_init_dict("change", &init).unwrap())
        .unwrap();
}

fn option_labels(page: &Mounted) -> Vec<String> {
    page.all(&format!("{EXPIRY_SELECT} option"))
        .iter()
        .map(|o| o.text_content().unwrap_or_default())
        .collect()
}

fn last_post_body(fake: &FakeBackend) -> Value {
    let posts = fake.requests(Method::Post);
    serde_json::from_str(posts.last().unwrap().body.as_deref().unwrap()).unwrap()
}

/// Clicks the button `label` and waits for its dialog.
async fn open_dialog(page: &Mounted, label: &str) {
    page.click(label);
    until("dialog", || page.dialog().is_some()).await;
}

/// An empty account on a backend whose policy has arrived, with New secret open at its Expires
/// choice.
async fn new_secret_with_expiry(fake: &FakeBackend) -> Mounted {
    let page = mount(fake);
    until("empty", || page.has_text("No application keys yet")).await;
    until("policy", || fake.requests(Method::Get).len() == 2).await;
    page.click("New secret");
    until("expiry choice", || page.find(EXPIRY_SELECT).is_some()).await;
    page
}

#[wasm_bindgen_test]
async fn a_backend_with_only_the_base_contract_gets_todays_page_and_no_visible_failure() {
    let fake = three_keys();
    let page = mount(&fake);
    until("rows", || page.rows().len() == 3).await;
    until("policy asked", || fake.requests(Method::Get).len() == 2).await;
    let gets = fake.requests(Method::Get);
    // The policy first: answered together, the table is built once with the policy's columns.
    assert!(
        gets[0].url.ends_with("/application-keys/policy"),
        "the policy leaves first"
    );
    assert!(gets[1].url.ends_with("/application-keys"));
    crate::support::tick().await;
    assert_eq!(
        headings(&page),
        [
            "Description",
            "Client ID",
            "Last used",
            "Created at",
            "Actions"
        ]
    );
    assert!(page.find(".ak-rename").is_none(), "no rename control");
    assert!(
        page.has_text("3 keys") && !page.has_text("of"),
        "{}",
        page.text()
    );
    assert!(page.find("[role=alert]").is_none(), "no error shown");
    assert_eq!(
        page.event_names(),
        Vec::<String>::new(),
        "the host hears of no failure"
    );

    page.click("New secret");
    until("dialog", || page.find(DESCRIPTION_INPUT).is_some()).await;
    assert!(page.find(EXPIRY_SELECT).is_none(), "no expiry choice");
    assert!(page.find(".ak-access").is_none(), "no access choice");
    page.click("Generate now");
    until("secret", || page.find(".ak-secret").is_some()).await;
    assert!(
        last_post_body(&fake).get("expires_at").is_none(),
        "no field the backend does not know"
    );
    assert!(last_post_body(&fake).get("scopes").is_none());
    assert!(page.find(".ak-secret-access").is_none(), "no access named");
    assert!(!page.has_text("expire"), "{}", page.text());
}

#[wasm_bindgen_test]
async fn rename_stores_trimmed_text_clears_it_and_gives_focus_back() {
    let fake = three_keys().with_policy(policy(100, None));
    let page = mount(&fake);
    until("rename offered", || page.find(".ak-rename").is_some()).await;
    open_dialog(&page, "Rename key ci deploys").await;
    assert_eq!(page.input_value(DESCRIPTION_INPUT), "ci deploys");
    assert!(page.has_text("00000000-0000-4000-8000-000000000003"));
    page.type_into(DESCRIPTION_INPUT, "  release pipeline ");
    page.click("Save");
    until("row renamed", || {
        page.rows().iter().any(|r| r[0] == "release pipeline")
    })
    .await;
    assert!(page.dialog().is_none());
    let patch = &fake.requests(Method::Patch)[0];
    assert!(patch
        .url
        .ends_with("/application-keys/00000000-0000-4000-8000-000000000003"));
    assert_eq!(
        patch.body.as_deref(),
        Some(r#"{"description":"release pipeline"}"#)
    );
    assert_eq!(
        aria_label_of_focused().as_deref(),
        Some("Rename key release pipeline")
    );
    let updated = page
        .events
        .borrow()
        .iter()
        .find(|(n, _)| n == events::UPDATED)
        .cloned()
        .unwrap();
    assert!(updated.1.contains("000000000003") && updated.1.contains("release pipeline"));
    assert_eq!(
        page.rows()[1][0],
        "release pipeline",
        "the row keeps its place"
    );

    // Enter in the field saves; an empty description clears it.
    open_dialog(&page, "Rename key release pipeline").await;
    page.type_into(DESCRIPTION_INPUT, "   ");
    let form: web_sys::HtmlFormElement = page.find("[role=dialog] form").unwrap().unchecked_into();
    form.request_submit().unwrap();
    until("cleared", || page.rows()[1][0] == "-").await;
    assert_eq!(
        fake.requests(Method::Patch)[1].body.as_deref(),
        Some(r#"{"description":null}"#)
    );
    until("announced", || page.has_text("Description removed.")).await;
}

#[wasm_bindgen_test]
async fn escape_restores_and_a_refused_rename_keeps_what_was_typed() {
    let fake = three_keys().with_policy(policy(100, None));
    let page = mount(&fake);
    until("rename offered", || page.find(".ak-rename").is_some()).await;
    open_dialog(&page, "Rename key billing export").await;
    page.type_into(DESCRIPTION_INPUT, "something else");
    page.press("Escape", false);
    until("closed", || page.dialog().is_none()).await;
    assert!(page.rows().iter().any(|r| r[0] == "billing export"));
    assert!(fake.requests(Method::Patch).is_empty());
    assert_eq!(
        aria_label_of_focused().as_deref(),
        Some("Rename key billing export")
    );

    open_dialog(&page, "Rename key billing export").await;
    page.type_into(DESCRIPTION_INPUT, &"x".repeat(257));
    page.click("Save");
    until("length refused", || {
        page.has_text("at most 256 characters; it has 257")
    })
    .await;
    assert!(fake.requests(Method::Patch).is_empty(), "nothing sent");

    fake.fail_next(
        Method::Patch,
        Fault::Respond(
            400,
            r#"{"code":40000,"message":"The description must not contain control characters."}"#,
        ),
    );
    page.type_into(DESCRIPTION_INPUT, "billing\u{7}");
    page.click("Save");
    until("server's reason", || {
        page.has_text("must not contain control characters")
    })
    .await;
    assert_eq!(
        page.input_value(DESCRIPTION_INPUT),
        "billing\u{7}",
        "the typed text stays"
    );
    assert!(page.dialog().is_some());

    fake.fail_next(Method::Patch, Fault::Network);
    page.type_into(DESCRIPTION_INPUT, "billing v2");
    page.click("Save");
    until("network", || page.has_text("Could not reach the server")).await;
    assert_eq!(page.input_value(DESCRIPTION_INPUT), "billing v2");
    page.click("Save");
    until("saved on retry", || {
        page.rows().iter().any(|r| r[0] == "billing v2")
    })
    .await;
}

#[wasm_bindgen_test]
async fn the_expires_column_says_never_the_date_soon_or_expired() {
    let now = browser_now();
    let fake = three_keys()
        .set(0, "expires_at", json!("2020-01-01T00:00:00Z"))
        .set(
            1,
            "expires_at",
            json!(rfc3339(now + Duration::days(3) - Duration::hours(1))),
        )
        .set(2, "expires_at", json!("2099-06-01T12:00:00Z"))
        .with_policy(policy(100, None));
    let page = mount(&fake);
    until("expires column", || {
        headings(&page).contains(&"Expires".to_string())
    })
    .await;
    assert_eq!(
        headings(&page),
        [
            "Description",
            "Client ID",
            "Expires",
            "Last used",
            "Created at",
            "Actions"
        ]
    );
    let expires: Vec<String> = page.rows().iter().map(|r| r[2].clone()).collect();
    // Newest first: the key without a description (soon), ci deploys (2099), billing export (past).
    assert_eq!(expires[0], "Expires in 3 days");
    assert_eq!(expires[1], "Jun 1, 2099, 12:00 PM");
    assert_eq!(expires[2], "Expired");
    assert!(page
        .find("tbody tr:nth-child(1) .ak-badge--warning")
        .is_some());
    assert!(page
        .find("tbody tr:nth-child(3) .ak-badge--danger")
        .is_some());
    assert_eq!(
        page.find("tbody tr:nth-child(3) .ak-cell-expires time")
            .unwrap()
            .get_attribute("title")
            .as_deref(),
        Some("2020-01-01 00:00:00 UTC")
    );
}

#[wasm_bindgen_test]
async fn a_key_without_expiry_reads_never() {
    let fake = FakeBackend::with_keys(&[(Some("forever"), "2026-11-01T00:00:00Z")])
        .with_policy(policy(100, None));
    let page = mount(&fake);
    until("expires column", || {
        headings(&page).contains(&"Expires".to_string())
    })
    .await;
    assert_eq!(page.rows()[0][2], "Never");
}

#[wasm_bindgen_test]
async fn new_secret_offers_lifetimes_and_sends_the_end() {
    let fake = FakeBackend::default().with_policy(policy(100, None));
    let page = new_secret_with_expiry(&fake).await;
    assert_eq!(
        option_labels(&page),
        ["No expiry", "30 days", "90 days", "1 year", "Custom date"]
    );
    let select: web_sys::HtmlSelectElement = page.find(EXPIRY_SELECT).unwrap().unchecked_into();
    assert_eq!(
        select.value(),
        "never",
        "no expiry unless the person chooses one"
    );

    select_option(&page, EXPIRY_SELECT, "30");
    let before = browser_now();
    page.click("Generate now");
    until("secret", || page.find(".ak-secret").is_some()).await;
    let sent = last_post_body(&fake)["expires_at"]
        .as_str()
        .unwrap()
        .to_string();
    let sent: DateTime<Utc> = DateTime::parse_from_rfc3339(&sent).unwrap().into();
    let expected = before + Duration::days(30);
    assert!(
        (sent - expected).num_seconds().abs() <= 2,
        "{sent} vs {expected}"
    );
    assert!(page.has_text("This key expires on"), "{}", page.text());
}

#[wasm_bindgen_test]
async fn a_longest_lifetime_hides_longer_choices_and_checks_a_custom_date() {
    let fake = FakeBackend::default().with_policy(policy(100, Some(90)));
    let page = new_secret_with_expiry(&fake).await;
    assert_eq!(option_labels(&page), ["30 days", "90 days", "Custom date"]);
    let select: web_sys::HtmlSelectElement = page.find(EXPIRY_SELECT).unwrap().unchecked_into();
    assert_eq!(select.value(), "90", "the longest allowed is the default");
    assert!(page.has_text("expire within 90 days"));

    select_option(&page, EXPIRY_SELECT, "custom");
    until("date input", || page.find(DATE_INPUT).is_some()).await;
    page.click("Generate now");
    until("asks for a date", || {
        page.has_text("Choose the date the key expires.")
    })
    .await;
    page.type_into(DATE_INPUT, "2999-01-01");
    page.click("Generate now");
    until("refuses beyond the limit", || {
        page.has_text("Choose a date within 90 days")
    })
    .await;
    page.type_into(DATE_INPUT, "2000-01-01");
    page.click("Generate now");
    until("refuses the past", || {
        page.has_text("Choose a date after today.")
    })
    .await;
    assert!(fake.requests(Method::Post).is_empty(), "nothing sent");

    let in_ten_days = page.find(DATE_INPUT).unwrap().get_attribute("min").unwrap();
    page.type_into(DATE_INPUT, &in_ten_days);
    page.click("Generate now");
    until("secret", || page.find(".ak-secret").is_some()).await;
    let sent = last_post_body(&fake)["expires_at"]
        .as_str()
        .unwrap()
        .to_string();
    let sent: DateTime<Utc> = DateTime::parse_from_rfc3339(&sent).unwrap().into();
    let left = sent - browser_now();
    assert!(
        left > Duration::days(1) && left <= Duration::days(2),
        "the end of tomorrow: {sent}"
    );
}

#[wasm_bindgen_test]
async fn at_the_key_limit_new_secret_says_why_it_cannot_be_used() {
    let fake = three_keys().with_policy(policy(3, None));
    let page = mount(&fake);
    until("limit shown", || page.has_text("3 of 3 keys")).await;
    let new_secret = page.button("New secret");
    assert_eq!(
        new_secret.get_attribute("aria-disabled").as_deref(),
        Some("true")
    );
    assert!(page.has_text(
        "This account has reached its limit of 3 keys. Delete a key to create a new one."
    ));
    let reason = new_secret.get_attribute("aria-describedby").unwrap();
    assert!(leptos::prelude::document()
        .get_element_by_id(&reason)
        .is_some());
    page.click("New secret");
    crate::support::tick().await;
    assert!(page.dialog().is_none(), "no dialog at the limit");
    assert_eq!(focused_text(), "New secret", "it stays focusable");

    page.click("Delete key ci deploys");
    until("confirm", || page.dialog().is_some()).await;
    page.click("Confirm");
    until("below the limit", || page.has_text("2 of 3 keys")).await;
    assert_eq!(
        page.button("New secret").get_attribute("aria-disabled"),
        None
    );
    assert!(!page.has_text("reached its limit"));
    page.click("New secret");
    until("dialog", || page.dialog().is_some()).await;
}
