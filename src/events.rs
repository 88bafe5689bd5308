//! The page speaks to its host through bubbling CustomEvents on its root element.
//! No event ever carries a secret.

use wasm_bindgen::JsValue;

pub const CREATED: &str = "appkeys:created";
pub const DELETED: &str = "appkeys:deleted";
/// A key's description changed (`{ client_id, description }`, description null when cleared).
pub const UPDATED: &str = "appkeys:updated";
/// A key got a new secret (`{ client_id }`).
pub const ROTATED: &str = "appkeys:rotated";
/// A key's secret was found in public and switched off (`{ client_id, description }`): once per
/// key and page, when the page first sees it so.
pub const EXPOSED: &str = "appkeys:exposed";
pub const UNAUTHORIZED: &str = "appkeys:unauthorized";
pub const ERROR: &str = "appkeys:error";

/// Dispatches `name` with a detail object built from string (or null) fields.
pub(crate) fn dispatch(target: &web_sys::Element, name: &str, detail: &[(&str, Option<&str>)]) {
    let object = js_sys::Object::new();
    for (key, value) in detail {
        let value = value.map_or(JsValue::NULL, JsValue::from_str);
        let _ = js_sys::Reflect::set(&object, &JsValue::from_str(key), &value);
    }
    let init = web_sys::CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_detail(&object);
    if let Ok(event) = web_sys::CustomEvent::new_with_event_init_dict(name, &init) {
        let _ = target.dispatch_event(&event);
    }
}
