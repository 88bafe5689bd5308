//! The framework page plus the libraries the app uses for its data: gloo-net fetches the list,
//! serde_json decodes it into types, chrono parses RFC 3339, and the page renders it.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;
use serde::Deserialize;

#[derive(Clone, Deserialize)]
struct Key {
    client_id: String,
    description: Option<String>,
    created_at: String,
}

#[derive(Deserialize)]
struct Envelope {
    code: u32,
    data: Option<Vec<Key>>,
}

fn main() {
    mount_to_body(|| {
        let keys = RwSignal::new(Vec::<Key>::new());
        spawn_local(async move {
            let Ok(response) = gloo_net::http::Request::get("/api/1.0/application-keys")
                .send()
                .await
            else {
                return;
            };
            let Ok(text) = response.text().await else {
                return;
            };
            if let Ok(Envelope { code: 20000, data }) = serde_json::from_str(&text) {
                keys.set(data.unwrap_or_default());
            }
        });
        view! {
            <Router>
                <Routes fallback=|| "Not found">
                    <Route path=path!("/") view=move || view! {
                        <ul>{move || keys.get().into_iter().map(|key| {
                            let created = chrono::DateTime::parse_from_rfc3339(&key.created_at)
                                .map(|at| at.timestamp())
                                .unwrap_or_default();
                            view! { <li>{key.client_id} " " {key.description} " " {created}</li> }
                        }).collect_view()}</ul>
                    }/>
                </Routes>
            </Router>
        }
    })
}
