//! Rotation and bulk delete: shown only when the backend's policy lists them.

use super::three_keys;
use crate::support::fake_backend::{FakeBackend, Fault};
use crate::support::{mount, until, Mounted};
use appkeys::api::Method;
use appkeys::events;
use serde_json::{json, Value};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

const FILTER: &str = "input[type=search]";

fn rotating() -> FakeBackend {
    three_keys().with_policy(json!({ "max_keys": 100, "features": ["rotate", "bulk_delete"] }))
}

fn posts(fake: &FakeBackend) -> Vec<Value> {
    fake.requests(Method::Post)
        .iter()
        .map(|r| serde_json::from_str(r.body.as_deref().unwrap()).unwrap())
        .collect()
}

fn event_details(page: &Mounted, name: &str) -> Vec<String> {
    page.events
        .borrow()
        .iter()
        .filter(|(n, _)| n == name)
        .map(|(_, detail)| detail.clone())
        .collect()
}

/// Ticks the checkbox named `label`, as a click does.
fn tick_box(page: &Mounted, label: &str) {
    let input: web_sys::HtmlInputElement = page
        .all("input[type=checkbox]")
        .into_iter()
        .find(|b| b.get_attribute("aria-label").as_deref() == Some(label))
        .unwrap_or_else(|| panic!("no checkbox {label:?}"))
        .unchecked_into();
    input.click();
}

fn is_ticked(page: &Mounted, label: &str) -> bool {
    page.all("input[type=checkbox]")
        .into_iter()
        .find(|b| b.get_attribute("aria-label").as_deref() == Some(label))
        .map(|b| b.unchecked_into::<web_sys::HtmlInputElement>().checked())
        .unwrap_or_else(|| panic!("no checkbox {label:?}"))
}

/// Clicks the dialog's own button `label` (the toolbar may have one of the same name).
fn click_in_dialog(page: &Mounted, label: &str) {
    let dialog = page.dialog().expect("a dialog");
    let buttons = dialog.query_selector_all("button").unwrap();
    let button = (0..buttons.length())
        .filter_map(|i| buttons.item(i))
        .map(|b| b.unchecked_into::<web_sys::HtmlElement>())
        .find(|b| b.text_content().unwrap_or_default().trim() == label)
        .unwrap_or_else(|| panic!("no button {label:?} in the dialog"));
    button.click();
}

async fn rotate_dialog(page: &Mounted, name: &str) {
    until("rotate offered", || page.find(".ak-rotate").is_some()).await;
    page.click(&format!("Rotate secret of key {name}"));
    until("dialog", || page.dialog().is_some()).await;
}

#[wasm_bindgen_test]
async fn without_the_features_there_is_no_rotate_and_no_ticking() {
    let fake = three_keys().with_policy(json!({ "max_keys": 100, "features": ["rename"] }));
    let page = mount(&fake);
    until("rename offered", || page.find(".ak-rename").is_some()).await;
    assert!(page.find(".ak-rotate").is_none());
    assert!(page.find("input[type=checkbox]").is_none());
}

#[wasm_bindgen_test]
async fn rotation_shows_the_new_secret_once_and_when_the_old_one_stops() {
    let fake = rotating();
    let page = mount(&fake);
    rotate_dialog(&page, "ci deploys").await;
    assert!(page.has_text("gets a new Secret; its Client ID stays the same"));
    let checked: web_sys::HtmlInputElement = page
        .find("[role=dialog] input[type=radio]:checked")
        .unwrap()
        .unchecked_into();
    assert_eq!(
        checked.value(),
        "1h",
        "an hour to switch over unless chosen otherwise"
    );
    page.click("Rotate secret");
    until("new secret", || page.find(".ak-secret").is_some()).await;
    assert_eq!(
        page.find(".ak-secret").unwrap().text_content().unwrap(),
        format!("R0t4t3d{:033}", 1)
    );
    assert!(
        page.has_text("New secret for ci deploys"),
        "{}",
        page.text()
    );
    assert!(page.has_text("The previous secret keeps working until"));
    let body = &posts(&fake)[0];
    assert_eq!(body["previous_secret_expires_in"], 3600);
    assert!(body["request_id"].as_str().is_some_and(|id| id.len() == 36));
    assert!(fake.requests(Method::Post)[0]
        .url
        .ends_with("/application-keys/00000000-0000-4000-8000-000000000003/rotate"));
    // The row tells of the rotation; the host hears of it, without the secret.
    until("row rotated", || page.find("tbody .ak-cell-note").is_some()).await;
    let rotated = event_details(&page, events::ROTATED);
    assert_eq!(rotated.len(), 1);
    assert!(rotated[0].contains("000000000003") && !rotated[0].contains("R0t4t3d"));

    // The secret is not dropped without asking.
    page.press("Escape", false);
    until("asked", || page.has_text("Close anyway?")).await;
    page.click("Close anyway");
    until("closed", || page.dialog().is_none()).await;
    assert!(!page.has_text("R0t4t3d"));
}

#[wasm_bindgen_test]
async fn immediately_says_the_old_secret_no_longer_works() {
    let fake = rotating();
    let page = mount(&fake);
    rotate_dialog(&page, "billing export").await;
    page.find("[role=dialog] input[value=now]")
        .unwrap()
        .unchecked_into::<web_sys::HtmlElement>()
        .click();
    until("warned", || {
        page.has_text("Choose this if the secret has leaked")
    })
    .await;
    page.click("Rotate secret");
    until("new secret", || page.find(".ak-secret").is_some()).await;
    assert_eq!(posts(&fake)[0]["previous_secret_expires_in"], 0);
    assert!(page.has_text("The previous secret no longer works"));
}

#[wasm_bindgen_test]
async fn a_lost_answer_is_asked_for_again_and_rotates_once() {
    let fake = rotating();
    let page = mount(&fake);
    rotate_dialog(&page, "ci deploys").await;
    fake.fail_next(Method::Post, Fault::LoseResponse);
    page.click("Rotate secret");
    until("new secret", || page.find(".ak-secret").is_some()).await;
    let bodies = posts(&fake);
    assert_eq!(bodies.len(), 2, "one retry");
    assert_eq!(bodies[0]["request_id"], bodies[1]["request_id"]);
    assert_eq!(fake.rotations(), 1, "the retry got the first answer");
    assert_eq!(
        page.find(".ak-secret").unwrap().text_content().unwrap(),
        format!("R0t4t3d{:033}", 1)
    );
}

#[wasm_bindgen_test]
async fn a_refused_rotation_says_why_and_keeps_the_dialog() {
    let fake = rotating();
    let page = mount(&fake);
    rotate_dialog(&page, "ci deploys").await;
    fake.fail_next(
        Method::Post,
        Fault::Respond(
            409,
            r#"{"code":40009,"message":"This key has expired and cannot be rotated."}"#,
        ),
    );
    page.click("Rotate secret");
    until("error", || {
        page.has_text("This key has expired and cannot be rotated.")
    })
    .await;
    assert!(page.dialog().is_some());
    assert!(page.find(".ak-secret").is_none());
    assert!(
        page.find("tbody .ak-cell-note").is_none(),
        "the row is unchanged"
    );
}

#[wasm_bindgen_test]
async fn ticked_keys_survive_the_filter_and_go_in_one_request() {
    let fake = rotating();
    let page = mount(&fake);
    until("ticking offered", || {
        page.find("tbody input[type=checkbox]").is_some()
    })
    .await;
    page.type_into(FILTER, "i");
    until("filtered", || page.all("tbody tr").len() == 2).await;
    tick_box(&page, "Select all 2 shown keys");
    until("two ticked", || page.has_text("2 selected")).await;
    page.type_into(FILTER, "");
    until("all rows", || page.all("tbody tr").len() == 3).await;
    assert!(
        is_ticked(&page, "Select key ci deploys") && is_ticked(&page, "Select key billing export")
    );
    assert!(!is_ticked(
        &page,
        "Select key 00000000-0000-4000-8000-000000000002"
    ));
    let select_all: web_sys::HtmlInputElement = page
        .find(".ak-toolbar input[type=checkbox]")
        .unwrap()
        .unchecked_into();
    assert!(
        select_all.indeterminate(),
        "some of the shown keys are ticked"
    );

    page.click("Delete 2 keys");
    until("dialog", || page.dialog().is_some()).await;
    let dialog = page.dialog().unwrap().text_content().unwrap();
    assert!(
        dialog.contains("Delete 2 keys?")
            && dialog.contains("ci deploys")
            && dialog.contains("billing export")
    );
    // One of them is deleted elsewhere meanwhile.
    fake.remove(0);
    click_in_dialog(&page, "Delete 2 keys");
    until("closed", || page.dialog().is_none()).await;
    let bodies = posts(&fake);
    assert_eq!(bodies.len(), 1, "one request");
    assert_eq!(
        bodies[0]["client_ids"],
        json!([
            "00000000-0000-4000-8000-000000000003",
            "00000000-0000-4000-8000-000000000001"
        ])
    );
    assert_eq!(page.rows().len(), 1);
    until("reported", || {
        page.has_text("1 key deleted. 1 key was already gone.")
    })
    .await;
    assert!(!page.has_text("selected"), "the selection is cleared");
    assert_eq!(
        event_details(&page, events::DELETED).len(),
        1,
        "hosts hear of the key deleted now"
    );
}

#[wasm_bindgen_test]
async fn a_failed_bulk_delete_keeps_the_keys_and_the_ticks() {
    let fake = rotating();
    let page = mount(&fake);
    until("ticking offered", || {
        page.find("tbody input[type=checkbox]").is_some()
    })
    .await;
    tick_box(&page, "Select key ci deploys");
    until("ticked", || page.has_text("1 selected")).await;
    page.click("Delete 1 key");
    until("dialog", || page.dialog().is_some()).await;
    fake.fail_next(
        Method::Post,
        Fault::Respond(500, r#"{"code":50000,"message":"Internal error."}"#),
    );
    click_in_dialog(&page, "Delete 1 key");
    until("error", || {
        page.dialog().is_some_and(|d| {
            !d.query_selector(".ak-error")
                .unwrap()
                .unwrap()
                .text_content()
                .unwrap_or_default()
                .is_empty()
        })
    })
    .await;
    page.press("Escape", false);
    until("closed", || page.dialog().is_none()).await;
    assert_eq!(page.rows().len(), 3);
    assert!(is_ticked(&page, "Select key ci deploys"));
    assert!(page.has_text("1 selected"));
}
