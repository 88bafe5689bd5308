//! Keys limited to scopes (issue 31): New secret's Access choice sends what the grid says and
//! refuses a key that can do nothing without losing the form; the secret dialog and the list
//! name the scopes; a key's page narrows them, and a failed save keeps the choice.

use super::three_keys;
use crate::support::fake_backend::{FakeBackend, Fault};
use crate::support::{mount, mount_at, until, Mounted};
use appkeys::api::Method;
use serde_json::{json, Value};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

/// The key "ci deploys" (the third of three_keys).
const CI_DEPLOYS: &str = "00000000-0000-4000-8000-000000000003";

fn default_scopes() -> Value {
    let list: Vec<Value> = ["clusters", "warehouses", "users", "billing"]
        .iter()
        .flat_map(|r| {
            ["read", "write"]
                .map(|a| json!({ "name": format!("{r}:{a}"), "resource": r, "access": a }))
        })
        .collect();
    json!(list)
}

fn with_scopes(fake: FakeBackend) -> FakeBackend {
    fake.with_policy(json!({ "features": ["rename", "scopes"], "scopes": default_scopes() }))
}

/// Clicks the `n`th (from 0) radio button of the element at `selector`.
fn choose(page: &Mounted, selector: &str, n: usize) {
    let radios = page.all(&format!("{selector} input[type=radio]"));
    radios
        .get(n)
        .unwrap_or_else(|| panic!("no radio {n} in {selector}"))
        .clone()
        .unchecked_into::<web_sys::HtmlElement>()
        .click();
}

/// The `n`th resource's row of the grid.
fn resource(n: usize) -> String {
    format!(".ak-scope:nth-of-type({})", n + 1)
}

fn alert_text(page: &Mounted, within: &str) -> String {
    page.find(&format!("{within} [role=alert]"))
        .and_then(|e| e.text_content())
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn custom_access_sends_the_grid_and_a_key_that_can_do_nothing_is_refused_in_place() {
    let fake = with_scopes(FakeBackend::with_keys(&[]));
    let page = mount(&fake);
    until("loaded", || page.has_text("No application keys yet")).await;
    page.click("New secret");
    until("access", || page.find(".ak-access").is_some()).await;
    assert!(
        page.find(".ak-scopes").is_none(),
        "Full access shows no grid"
    );
    page.type_into("[role=dialog] input[type=text]", "reporting");
    choose(&page, ".ak-access__modes", 2);
    until("the grid", || page.all(".ak-scope").len() == 4).await;
    assert!(page.has_text("Clusters") && page.has_text("Billing"));

    page.click("Generate now");
    until("refused", || {
        alert_text(&page, "[role=dialog]").starts_with("Give the key Read or Write")
    })
    .await;
    assert!(fake.requests(Method::Post).is_empty(), "nothing sent");
    assert_eq!(
        page.input_value("[role=dialog] input[type=text]"),
        "reporting"
    );

    choose(&page, &resource(0), 2); // Clusters: Write
    choose(&page, &resource(3), 1); // Billing: Read
    page.click("Generate now");
    until("secret", || page.find(".ak-secret").is_some()).await;
    let sent: Value =
        serde_json::from_str(&fake.requests(Method::Post).pop().unwrap().body.unwrap()).unwrap();
    assert_eq!(sent["scopes"], json!(["billing:read", "clusters:write"]));
    let named = page
        .find(".ak-secret-access")
        .unwrap()
        .text_content()
        .unwrap();
    assert!(
        named.contains("2 scopes") && named.contains("billing:read clusters:write"),
        "{named}"
    );

    page.click("OK, I have copied it");
    until("the row", || page.rows().len() == 1).await;
    let cell = page.find("tbody .ak-cell-access span").unwrap();
    assert_eq!(cell.text_content().unwrap(), "2 scopes");
    assert_eq!(
        cell.get_attribute("title").unwrap(),
        "billing:read clusters:write"
    );
}

#[wasm_bindgen_test]
async fn full_access_leaves_scopes_out_as_the_base_contract_does() {
    let fake = with_scopes(FakeBackend::with_keys(&[]));
    let page = mount(&fake);
    until("loaded", || page.has_text("No application keys yet")).await;
    page.click("New secret");
    until("access", || page.find(".ak-access").is_some()).await;
    page.click("Generate now");
    until("secret", || page.find(".ak-secret").is_some()).await;
    let sent: Value =
        serde_json::from_str(&fake.requests(Method::Post).pop().unwrap().body.unwrap()).unwrap();
    assert!(sent.get("scopes").is_none(), "{sent}");
    assert!(page
        .find(".ak-secret-access")
        .unwrap()
        .text_content()
        .unwrap()
        .contains("Full access"));
}

#[wasm_bindgen_test]
async fn a_keys_page_narrows_its_access_and_a_failed_save_keeps_the_choice() {
    let every: Vec<String> = default_scopes()
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap().to_string())
        .collect();
    let fake = with_scopes(three_keys()).set(2, "scopes", json!(every));
    let page = mount_at(&fake, &format!("/{CI_DEPLOYS}"));
    until("its access", || {
        page.find(".ak-access__short")
            .is_some_and(|e| e.text_content().unwrap() == "Full access")
    })
    .await;
    page.click("Edit access");
    until("the editor", || page.find(".ak-access").is_some()).await;
    assert!(page.has_text("Taking access away holds at once"));
    choose(&page, ".ak-access__modes", 1); // Read only

    fake.fail_next(Method::Patch, Fault::Respond(500, r#"{"code":50000}"#));
    page.click("Save");
    until("the failure", || {
        !alert_text(&page, ".ak-key-access").is_empty()
    })
    .await;
    let read_only = page.all(".ak-access__modes input[type=radio]")[1]
        .clone()
        .unchecked_into::<web_sys::HtmlInputElement>();
    assert!(read_only.checked(), "the choice is kept");

    page.click("Save");
    until("saved", || page.find(".ak-key-access form").is_none()).await;
    let sent: Value =
        serde_json::from_str(&fake.requests(Method::Patch).pop().unwrap().body.unwrap()).unwrap();
    assert_eq!(
        sent,
        json!({ "scopes": ["billing:read", "clusters:read", "users:read", "warehouses:read"] })
    );
    assert_eq!(
        page.find(".ak-access__short")
            .unwrap()
            .text_content()
            .unwrap(),
        "Read only"
    );
}
