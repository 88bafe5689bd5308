//! Tells when an element comes near the viewport (an IntersectionObserver), for rendering more of
//! a long list before the person reaches its end.

use leptos::html::ElementType;
use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{IntersectionObserver, IntersectionObserverEntry, IntersectionObserverInit};

type OnEntries = Closure<dyn Fn(js_sys::Array, IntersectionObserver)>;

/// Runs `on_near` when `target` comes within `margin` (CSS, e.g. "800px 0px") of the viewport,
/// and again after each run while it is still that near: the caller has added content above it,
/// so the next batch follows until the target is out of range. Disconnects on cleanup.
pub fn use_near_viewport<E>(target: NodeRef<E>, margin: &'static str, on_near: Callback<()>)
where
    E: ElementType + 'static,
    E::Output: JsCast + Clone + 'static,
{
    let observer = StoredValue::new_local(None::<(IntersectionObserver, OnEntries)>);
    target.on_load(move |element| {
        let element: web_sys::Element = element.unchecked_into();
        let watched = element.clone();
        let callback = OnEntries::new(
            move |entries: js_sys::Array, observer: IntersectionObserver| {
                let near = entries
                    .iter()
                    .filter_map(|entry| entry.dyn_into::<IntersectionObserverEntry>().ok())
                    .any(|entry| entry.is_intersecting());
                if near {
                    on_near.run(());
                    // Observing anew reports the position again, after the new content.
                    observer.unobserve(&watched);
                    observer.observe(&watched);
                }
            },
        );
        let options = IntersectionObserverInit::new();
        options.set_root_margin(margin);
        if let Ok(watch) =
            IntersectionObserver::new_with_options(callback.as_ref().unchecked_ref(), &options)
        {
            watch.observe(&element);
            observer.set_value(Some((watch, callback)));
        }
    });
    on_cleanup(move || {
        if let Some((watch, _callback)) = observer.try_update_value(Option::take).flatten() {
            watch.disconnect();
        }
    });
}
