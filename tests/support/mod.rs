//! Mounting the real page into a fresh element, and reading and driving it as a person would.

pub mod fake_backend;

use appkeys::api::TokenSource;
use appkeys::{events, ApplicationKeysPage, PageConfig};
use fake_backend::FakeBackend;
use leptos::prelude::*;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Element, HtmlElement};

pub struct Mounted {
    pub root: HtmlElement,
    /// `(type, JSON of detail)` of every appkeys:* event that reached the mount element.
    pub events: Rc<RefCell<Vec<(String, String)>>>,
    _listeners: Vec<Closure<dyn Fn(web_sys::Event)>>,
    _handle: Box<dyn std::any::Any>,
}

impl Drop for Mounted {
    fn drop(&mut self) {
        self.root.remove();
    }
}

pub fn mount(fake: &FakeBackend) -> Mounted {
    mount_with(fake, None)
}

pub fn mount_with(fake: &FakeBackend, on_sign_in_again: Option<Callback<()>>) -> Mounted {
    mount_page(fake, on_sign_in_again, None, None)
}

/// Mounted where a host says the page lives (`basePath`), at `path` below it (e.g. a key's page).
pub fn mount_at(fake: &FakeBackend, path: &str) -> Mounted {
    let url = format!("{BASE_PATH}{path}");
    window()
        .history()
        .unwrap()
        .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url))
        .unwrap();
    mount_page(fake, None, None, Some(BASE_PATH.to_string()))
}

/// Where [`mount_at`] mounts the page.
pub const BASE_PATH: &str = "/wasm-tests/application-keys";

/// Mounted as a host with bearer tokens mounts it: `token` stands for the host's `getToken`.
pub fn mount_with_token(fake: &FakeBackend, token: fn() -> Option<String>) -> Mounted {
    let source: TokenSource = Rc::new(move || Box::pin(std::future::ready(token())));
    mount_page(fake, None, Some(source), None)
}

fn mount_page(
    fake: &FakeBackend,
    on_sign_in_again: Option<Callback<()>>,
    token: Option<TokenSource>,
    base_path: Option<String>,
) -> Mounted {
    let root: HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&root).unwrap();
    let events = Rc::new(RefCell::new(Vec::new()));
    let mut listeners = Vec::new();
    for name in [
        events::CREATED,
        events::UPDATED,
        events::DELETED,
        events::ROTATED,
        events::EXPOSED,
        events::UNAUTHORIZED,
        events::ERROR,
    ] {
        let events = events.clone();
        let listener = Closure::<dyn Fn(web_sys::Event)>::new(move |ev: web_sys::Event| {
            let detail = ev.unchecked_ref::<web_sys::CustomEvent>().detail();
            let json = js_sys::JSON::stringify(&detail)
                .map(String::from)
                .unwrap_or_default();
            events.borrow_mut().push((ev.type_(), json));
        });
        root.add_event_listener_with_callback(name, listener.as_ref().unchecked_ref())
            .unwrap();
        listeners.push(listener);
    }
    let config = PageConfig {
        transport: Some(Rc::new(fake.clone())),
        locale: Some("en-US".into()),
        time_zone: Some("UTC".into()),
        token,
        base_path,
        ..PageConfig::default()
    };
    let handle = leptos::mount::mount_to(root.clone(), move || match on_sign_in_again {
        Some(callback) => {
            view! { <ApplicationKeysPage config on_sign_in_again=callback/> }.into_any()
        }
        None => view! { <ApplicationKeysPage config/> }.into_any(),
    });
    Mounted {
        root,
        events,
        _listeners: listeners,
        _handle: Box::new(handle),
    }
}

/// Lets the page's effects and futures run: one macrotask.
pub async fn tick() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        window()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0)
            .unwrap();
    });
    JsFuture::from(promise).await.unwrap();
}

/// Waits until `condition` holds, by turns of the event loop rather than by the clock.
pub async fn until(what: &str, condition: impl Fn() -> bool) {
    for _ in 0..200 {
        if condition() {
            return;
        }
        tick().await;
    }
    panic!("timed out waiting until {what}");
}

impl Mounted {
    pub fn find(&self, selector: &str) -> Option<Element> {
        self.root.query_selector(selector).unwrap()
    }

    pub fn all(&self, selector: &str) -> Vec<Element> {
        let list = self.root.query_selector_all(selector).unwrap();
        (0..list.length())
            .filter_map(|i| list.item(i))
            .map(|n| n.unchecked_into())
            .collect()
    }

    pub fn text(&self) -> String {
        self.root.text_content().unwrap_or_default()
    }

    pub fn has_text(&self, text: &str) -> bool {
        self.text().contains(text)
    }

    /// The visible text of each row's cells.
    pub fn rows(&self) -> Vec<Vec<String>> {
        self.all(".ak-table tbody tr")
            .iter()
            .map(|row| {
                let cells = row.query_selector_all("td").unwrap();
                (0..cells.length())
                    .map(|i| {
                        cells
                            .item(i)
                            .unwrap()
                            .text_content()
                            .unwrap_or_default()
                            .trim()
                            .to_string()
                    })
                    .collect()
            })
            .collect()
    }

    pub fn button(&self, label: &str) -> HtmlElement {
        self.all("button")
            .into_iter()
            .find(|b| {
                b.text_content().unwrap_or_default().trim() == label
                    || b.get_attribute("aria-label").as_deref() == Some(label)
            })
            .unwrap_or_else(|| panic!("no button {label:?} in: {}", self.text()))
            .unchecked_into()
    }

    pub fn click(&self, label: &str) {
        let button = self.button(label);
        button.focus().unwrap();
        button.click();
    }

    pub fn dialog(&self) -> Option<Element> {
        self.find("[role=dialog], [role=alertdialog]")
    }

    pub fn type_into(&self, selector: &str, value: &str) {
        let input: web_sys::HtmlInputElement = self.find(selector).unwrap().unchecked_into();
        input.set_value(value);
        let event = web_sys::Event::new_with_event_init_dict("input", &{
            let init = web_sys::EventInit::new();
            init.set_bubbles(true);
            init
        })
        .unwrap();
        input.dispatch_event(&event).unwrap();
    }

    pub fn input_value(&self, selector: &str) -> String {
        self.find(selector)
            .unwrap()
            .unchecked_into::<web_sys::HtmlInputElement>()
            .value()
    }

    /// A keydown as the browser sends it to the focused element.
    pub fn press(&self, key: &str, shift: bool) {
        let init = web_sys::KeyboardEventInit::new();
        init.set_key(key);
        init.set_shift_key(shift);
        init.set_bubbles(true);
        init.set_cancelable(true);
        let event =
            web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
        let target = document().active_element().unwrap();
        target.dispatch_event(&event).unwrap();
    }

    pub fn event_names(&self) -> Vec<String> {
        self.events
            .borrow()
            .iter()
            .map(|(name, _)| name.clone())
            .collect()
    }
}

pub fn focused_text() -> String {
    document()
        .active_element()
        .map(|e| e.text_content().unwrap_or_default().trim().to_string())
        .unwrap_or_default()
}

/// Replaces `navigator.clipboard` for the page: `accept` decides whether writeText succeeds.
/// Returns what was written.
pub fn fake_clipboard(accept: bool) -> Rc<RefCell<Vec<String>>> {
    let written = Rc::new(RefCell::new(Vec::new()));
    let log = written.clone();
    let write = Closure::<dyn Fn(String) -> js_sys::Promise>::new(move |text: String| {
        log.borrow_mut().push(text);
        if accept {
            js_sys::Promise::resolve(&JsValue::UNDEFINED)
        } else {
            js_sys::Promise::reject(&JsValue::from_str("NotAllowedError"))
        }
    });
    let clipboard = js_sys::Object::new();
    js_sys::Reflect::set(&clipboard, &"writeText".into(), write.as_ref()).unwrap();
    write.forget();
    let descriptor = js_sys::Object::new();
    js_sys::Reflect::set(&descriptor, &"value".into(), &clipboard).unwrap();
    js_sys::Reflect::set(&descriptor, &"configurable".into(), &JsValue::TRUE).unwrap();
    js_sys::Object::define_property(&window().navigator(), &"clipboard".into(), &descriptor);
    written
}
