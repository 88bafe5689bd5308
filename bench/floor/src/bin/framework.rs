//! Leptos and leptos_router with one route and one reactive button: what any page pays.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

fn main() {
    mount_to_body(|| {
        let count = RwSignal::new(0);
        view! {
            <Router>
                <Routes fallback=|| "Not found">
                    <Route path=path!("/") view=move || view! {
                        <button on:click=move |_| count.update(|c| *c += 1)>{move || count.get()}</button>
                    }/>
                </Routes>
            </Router>
        }
    })
}
