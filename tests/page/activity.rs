//! A key's page and the account's activity (issue 30): reached by a row's link or by the URL
//! below the host's base path, each state in its place, the chart's numbers as a table.

use super::three_keys;
use crate::support::fake_backend::{FakeBackend, Fault};
use crate::support::{mount, mount_at, until, Mounted, BASE_PATH};
use appkeys::api::Method;
use leptos::prelude::{document, window};
use serde_json::json;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

/// The key "ci deploys" (the second of three_keys) with 60 events.
const CI_DEPLOYS: &str = "00000000-0000-4000-8000-000000000003";

fn with_activity() -> FakeBackend {
    three_keys()
        .with_policy(json!({ "features": ["rename", "activity"] }))
        .with_events(2, 60)
}

fn heading(page: &Mounted) -> String {
    page.find("h1")
        .and_then(|h| h.text_content())
        .unwrap_or_default()
}

fn event_rows(page: &Mounted) -> usize {
    page.all("table.ak-events tbody tr").len()
}

fn click(page: &Mounted, selector: &str) {
    page.find(selector)
        .unwrap_or_else(|| panic!("no {selector}"))
        .unchecked_into::<web_sys::HtmlElement>()
        .click();
}

#[wasm_bindgen_test]
async fn a_rows_link_opens_the_keys_page_with_its_fields_usage_and_activity() {
    let page = mount(&with_activity());
    until("rows show", || page.rows().len() == 3).await;
    click(
        &page,
        &format!("tr[data-client-id='{CI_DEPLOYS}'] a.ak-key-link"),
    );
    until("the key's page", || heading(&page) == "ci deploys").await;
    // The heading takes focus: the person moved to another view.
    let focused = document().active_element().map(|e| e.tag_name());
    assert_eq!(focused.as_deref(), Some("H1"));
    until("its activity", || event_rows(&page) == 50).await;
    let first = page
        .find("table.ak-events tbody tr")
        .unwrap()
        .text_content()
        .unwrap();
    assert!(
        first.contains("Renamed") && first.contains("From “v59” to “v60”"),
        "{first}"
    );
    assert!(first.contains("203.0.113.7 · Firefox"), "{first}");

    // The chart's numbers: one row per day, the bars' outcomes as columns.
    until("the usage", || page.has_text("19 requests in 30 days")).await;
    let days = page.all(".ak-usage-grid tbody tr");
    assert_eq!(days.len(), 30);
    let cells = |row: &web_sys::Element| -> Vec<String> {
        let cells = row.query_selector_all("th, td").unwrap();
        (0..cells.length())
            .map(|i| cells.item(i).unwrap().text_content().unwrap())
            .collect()
    };
    assert_eq!(cells(&days[28]), ["Nov 29", "5", "2", "0", "0"]);
    assert_eq!(cells(&days[29]), ["Nov 30", "12", "0", "0", "0"]);
    // Day 29 stacks two outcomes; today one; the other days draw nothing.
    assert_eq!(page.all(".ak-chart rect").len(), 3);

    // Load older: the ten older events below the fifty.
    page.click("Load older");
    until("older events", || event_rows(&page) == 60).await;
    assert!(!page.has_text("Load older"));
    let last = page
        .all("table.ak-events tbody tr")
        .pop()
        .unwrap()
        .text_content()
        .unwrap();
    assert!(last.contains("Key created"), "{last}");
}

#[wasm_bindgen_test]
async fn a_key_page_by_its_url_and_a_key_that_is_not_there() {
    let fake = with_activity();
    let page = mount_at(&fake, &format!("/{CI_DEPLOYS}"));
    until("the key's page", || heading(&page) == "ci deploys").await;
    // Opened by its URL: focus stays where the browser put it.
    assert_ne!(
        document().active_element().map(|e| e.tag_name()).as_deref(),
        Some("H1")
    );
    drop(page);

    let page = mount_at(&fake, "/00000000-0000-4000-8000-00000000dead");
    until("gone", || {
        heading(&page) == "This key was deleted or never existed"
    })
    .await;
    click(&page, ".ak-key-gone a");
    until("the list", || page.rows().len() == 3).await;
    assert_eq!(window().location().pathname().unwrap(), BASE_PATH);
}

#[wasm_bindgen_test]
async fn a_failed_activity_load_says_so_and_retry_loads_it() {
    let fake = with_activity();
    fake.fail_next_to("/events?", Fault::Network);
    let page = mount_at(&fake, &format!("/{CI_DEPLOYS}"));
    until("the failure", || {
        page.has_text("Could not load the activity.")
    })
    .await;
    page.click("Retry");
    until("the activity", || event_rows(&page) == 50).await;
}

#[wasm_bindgen_test]
async fn without_the_activity_feature_a_key_page_shows_its_fields_only() {
    let fake = three_keys().with_policy(json!({ "features": ["rename"] }));
    let page = mount_at(&fake, &format!("/{CI_DEPLOYS}"));
    until("the key's page", || heading(&page) == "ci deploys").await;
    assert!(page.has_text("Client ID"));
    assert!(page.find(".ak-usage").is_none());
    assert!(fake
        .requests(Method::Get)
        .iter()
        .all(|r| !r.url.contains("/events") && !r.url.contains("/usage")));
    assert!(page.find(".ak-activity-link").is_none());
}

/// A key whose secret was found in public (issue 33): flagged in its row, counted above the list,
/// and told to the host once, however often the list loads.
#[wasm_bindgen_test]
async fn an_exposed_key_is_flagged_counted_and_told_to_the_host_once() {
    let fake = three_keys()
        .with_policy(json!({ "features": ["rename", "rotate", "activity"] }))
        .set(2, "exposed", json!(true))
        .set(2, "exposed_at", json!("2026-12-01T10:00:00Z"))
        .set(
            2,
            "exposed_url",
            json!("https://github.com/o/r/blob/main/.env"),
        );
    let page = mount(&fake);
    until("rows show", || page.rows().len() == 3).await;
    let flagged = page.all("tr .ak-exposed");
    assert_eq!(flagged.len(), 1);
    assert!(page.has_text("The secret of 1 key was found in public and switched off."));
    let told = |page: &Mounted| {
        page.events
            .borrow()
            .iter()
            .filter(|(name, _)| name == appkeys::events::EXPOSED)
            .map(|(_, detail)| detail.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(told(&page).len(), 1);
    assert!(told(&page)[0].contains(CI_DEPLOYS), "{:?}", told(&page));
    assert!(told(&page)[0].contains("ci deploys"));

    // Its page says where and when, and Rotate offers no grace period.
    click(
        &page,
        &format!("tr[data-client-id='{CI_DEPLOYS}'] a.ak-key-link"),
    );
    until("the banner", || page.find(".ak-exposed-banner").is_some()).await;
    let banner = page
        .find(".ak-exposed-banner")
        .unwrap()
        .text_content()
        .unwrap();
    assert!(
        banner.contains("found in public at https://github.com/o/r/blob/main/.env"),
        "{banner}"
    );
    page.click("Rotate secret of key ci deploys");
    until("the rotate dialog", || page.dialog().is_some()).await;
    assert_eq!(page.all("[role=dialog] input[type=radio]").len(), 1);
    assert!(page.has_text("no grace period"));
    assert_eq!(told(&page).len(), 1, "told once");
}
