//! Allowed networks on a key's page (issue 32): a failed save says why and keeps the list as
//! typed, the next Save stores it, and the list, the row's lock and the filter follow.

use super::three_keys;
use crate::support::fake_backend::{FakeBackend, Fault};
use crate::support::{mount_at, until, Mounted};
use appkeys::api::Method;
use serde_json::json;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

/// The key "ci deploys" (the second of three_keys).
const CI_DEPLOYS: &str = "00000000-0000-4000-8000-000000000003";

fn with_networks() -> FakeBackend {
    three_keys().with_policy(json!({ "features": ["rename", "networks"] }))
}

fn click(page: &Mounted, selector: &str) {
    page.find(selector)
        .unwrap_or_else(|| panic!("no {selector}"))
        .unchecked_into::<web_sys::HtmlElement>()
        .click();
}

fn entries(page: &Mounted) -> Vec<String> {
    page.all(".ak-network input")
        .into_iter()
        .map(|input| input.unchecked_into::<web_sys::HtmlInputElement>().value())
        .collect()
}

#[wasm_bindgen_test]
async fn a_failed_save_keeps_the_list_as_typed_and_the_next_one_stores_it() {
    let fake = with_networks();
    let page = mount_at(&fake, &format!("/{CI_DEPLOYS}"));
    until("its networks", || page.has_text("From anywhere")).await;
    page.click("Edit allowed networks");
    until("my address", || {
        page.has_text("Add my address (198.51.100.23)")
    })
    .await;
    page.click("Add network");
    until("an entry", || page.find(".ak-network input").is_some()).await;
    page.type_into(".ak-network input", "10.0.0.7/24");
    until("the entry's problem", || {
        page.has_text("This range has host bits set. Did you mean 10.0.0.0/24?")
    })
    .await;
    page.type_into(".ak-network input", "10.0.0.0/24");
    page.click("Add my address (198.51.100.23)");
    until("my address added", || entries(&page).len() == 2).await;
    assert_eq!(entries(&page), ["10.0.0.0/24", "198.51.100.23"]);

    fake.fail_next(Method::Patch, Fault::Respond(500, r#"{"code":50000}"#));
    page.click("Save");
    until("the failure", || {
        page.find(".ak-key-networks [role=alert]")
            .and_then(|e| e.text_content())
            .is_some_and(|t| !t.is_empty())
    })
    .await;
    assert_eq!(
        entries(&page),
        ["10.0.0.0/24", "198.51.100.23"],
        "nothing typed is lost"
    );

    page.click("Save");
    until("saved", || page.find(".ak-key-networks form").is_none()).await;
    let shown: Vec<String> = page
        .all(".ak-network-list li")
        .into_iter()
        .filter_map(|li| li.text_content())
        .collect();
    assert_eq!(shown, ["10.0.0.0/24", "198.51.100.23"]);
    let sent = fake.requests(Method::Patch).pop().unwrap().body.unwrap();
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&sent).unwrap(),
        json!({ "allowed_networks": ["10.0.0.0/24", "198.51.100.23"] })
    );
    // Focus is back on Edit, where the person started.
    let focused = leptos::prelude::document().active_element().unwrap();
    assert!(focused.class_list().contains("ak-edit-networks"));

    // The list marks the key, and its filter finds it by a network.
    click(&page, ".ak-breadcrumb a");
    until("the list", || page.rows().len() == 3).await;
    let lock = page
        .find(&format!("tr[data-client-id='{CI_DEPLOYS}'] .ak-restricted"))
        .unwrap();
    assert_eq!(
        lock.get_attribute("aria-label").as_deref(),
        Some("Only from 2 networks: 10.0.0.0/24, 198.51.100.23")
    );
    page.type_into("input[type=search]", "198.51.100");
    until("filtered", || page.rows().len() == 1).await;
}

#[wasm_bindgen_test]
async fn without_the_networks_feature_there_is_no_editor_and_no_lock() {
    let fake = three_keys().with_policy(json!({ "features": ["rename"] }));
    let page = mount_at(&fake, &format!("/{CI_DEPLOYS}"));
    until("the key's page", || page.has_text("ci deploys")).await;
    assert!(!page.has_text("Allowed networks"));
    assert!(page.find(".ak-restricted").is_none());
}
