//! The server and `api/openapi.yaml` agree, and the built app is served with its security headers.

mod common;

use std::collections::BTreeSet;

use common::*;
use serde_json::Value;

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

fn documented_operations() -> BTreeSet<(String, String)> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../api/openapi.yaml");
    let text = std::fs::read_to_string(path).expect("api/openapi.yaml");
    let doc: Value = serde_yaml_ng::from_str(&text).expect("valid YAML");
    assert_eq!(doc["servers"][0]["url"], "/api/1.0");
    let mut ops = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for method in METHODS {
            if item.get(method).is_some() {
                ops.insert((method.to_uppercase(), path.clone()));
            }
        }
    }
    ops
}

#[test]
fn openapi_lists_exactly_the_servers_routes() {
    let served: BTreeSet<(String, String)> = appkeys_server::operations()
        .into_iter()
        .map(|(m, p)| (m.to_string(), p.to_string()))
        .collect();
    assert_eq!(documented_operations(), served);
}

#[test]
fn openapi_names_exactly_the_servers_event_types() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../api/openapi.yaml");
    let doc: Value = serde_yaml_ng::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let documented: Vec<&str> = doc["components"]["schemas"]["EventType"]["enum"]
        .as_array()
        .expect("EventType's enum")
        .iter()
        .map(|name| name.as_str().unwrap())
        .collect();
    assert_eq!(documented, appkeys_server::event_types());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_documented_operation_reaches_a_handler() {
    let db = temp_db();
    // With a resource server, so that introspection is on.
    let resource_server = ["--resource-server", "rs:resource-server-secret"];
    let server = Server::start(&db.path, &resource_server).await;
    for (method, path) in documented_operations() {
        let url = server.url(&path.replace("{client_id}", "00000000-0000-4000-8000-000000000000"));
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let res = plain().request(method.clone(), &url).send().await.unwrap();
        let status = res.status().as_u16();
        let body: Value = res.json().await.unwrap();
        assert_ne!(status, 405, "{method} {path}: {body}");
        assert_ne!(
            body["message"], "There is no such API endpoint.",
            "{method} {path}"
        );
    }
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serves_the_built_app_with_security_headers() {
    use base64::Engine as _;
    use sha2::{Digest, Sha256};

    let site = tempfile::tempdir().unwrap();
    let inline = "import init from '/app.js'; init('/app_bg.wasm');";
    std::fs::write(
        site.path().join("index.html"),
        format!("<!doctype html><html><head><script type=\"module\">{inline}</script></head><body></body></html>"),
    )
    .unwrap();
    std::fs::write(site.path().join("app_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
    let db = temp_db();
    let server = Server::start(&db.path, &["--static", site.path().to_str().unwrap()]).await;

    let expected_hash =
        base64::engine::general_purpose::STANDARD.encode(Sha256::digest(inline.as_bytes()));
    for path in ["/", "/index.html", "/keys/deep/link"] {
        let res = plain()
            .get(format!("{}{path}", server.root))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "{path}");
        let csp = res.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .to_string();
        assert!(csp.contains("'wasm-unsafe-eval'"), "{csp}");
        assert!(csp.contains(&format!("'sha256-{expected_hash}'")), "{csp}");
        assert!(
            csp.contains("frame-ancestors 'none'") && csp.contains("object-src 'none'"),
            "{csp}"
        );
        assert_eq!(res.headers()["x-content-type-options"], "nosniff");
        assert_eq!(res.headers()["referrer-policy"], "no-referrer");
        assert!(
            res.text().await.unwrap().contains(inline),
            "{path} serves index.html"
        );
    }
    let res = plain()
        .get(format!("{}/app_bg.wasm", server.root))
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["content-type"], "application/wasm");

    // API paths never fall back to the page.
    let (status, body) = send(plain().get(server.url("/nothing-here"))).await;
    assert_error(status, &body, 404);
    server.stop().await;
}
