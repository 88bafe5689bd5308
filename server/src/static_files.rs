//! Serving the built app: files from `--static DIR`, `index.html` for any other non-API path (deep
//! links), and the page's security headers, with a CSP that admits exactly the inline scripts that
//! were in `index.html` when the server started (Trunk writes one to load the wasm).

use std::path::Path;

use anyhow::Context;
use axum::http::{header, HeaderValue};
use axum::response::Html;
use axum::routing::get;
use axum::Router;
use base64::Engine as _;
use sha2::{Digest, Sha256};
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

/// The `Content-Security-Policy` for the app, given the hash sources of its inline scripts and
/// the other origins it may call.
fn content_security_policy(inline_script_hashes: &[String], connect_src: &[String]) -> String {
    let mut script_src = String::from("script-src 'self' 'wasm-unsafe-eval'");
    for hash in inline_script_hashes {
        script_src.push_str(&format!(" 'sha256-{hash}'"));
    }
    let mut connect = String::from("connect-src 'self'");
    for origin in connect_src {
        connect.push(' ');
        connect.push_str(origin.trim_end_matches('/'));
    }
    format!(
        "default-src 'self'; {script_src}; style-src 'self'; img-src 'self' data:; {connect}; \
         frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'"
    )
}

/// Base64 SHA-256 of the text of each `<script>` without a `src` attribute, as CSP hash sources expect.
fn inline_script_hashes(html: &str) -> Vec<String> {
    let lower = html.to_ascii_lowercase();
    let mut hashes = Vec::new();
    let mut from = 0;
    while let Some(start) = lower[from..].find("<script").map(|i| i + from) {
        let Some(tag_end) = lower[start..].find('>').map(|i| i + start) else {
            break;
        };
        let Some(close) = lower[tag_end..].find("</script").map(|i| i + tag_end) else {
            break;
        };
        let tag = &lower[start..tag_end];
        let has_src = tag
            .split(|c: char| c.is_whitespace())
            .any(|attr| attr.starts_with("src="));
        let content = &html[tag_end + 1..close];
        if !has_src && !content.is_empty() {
            hashes.push(
                base64::engine::general_purpose::STANDARD
                    .encode(Sha256::digest(content.as_bytes())),
            );
        }
        from = close;
    }
    hashes
}

/// A router serving `dir`, falling back to `dir/index.html`, with the CSP computed from that file.
/// The index is served from memory, exactly as hashed: a rebuild of `dir` while the server runs
/// cannot put an inline script in front of the browser that the CSP does not admit.
pub fn router(dir: &Path, connect_src: &[String]) -> anyhow::Result<Router> {
    let index = dir.join("index.html");
    let html =
        std::fs::read_to_string(&index).with_context(|| format!("reading {}", index.display()))?;
    let csp = content_security_policy(&inline_script_hashes(&html), connect_src);
    let page = get(move || {
        let html = html.clone();
        async move { Html(html) }
    });
    let serve = ServeDir::new(dir)
        .append_index_html_on_directories(true)
        .fallback(page.clone());
    Ok(Router::new()
        .route("/", page.clone())
        .route("/index.html", page)
        .fallback_service(serve)
        .layer(SetResponseHeaderLayer::overriding(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_str(&csp).context("building the CSP header")?,
        )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_only_inline_scripts() {
        let html = r#"<html><head><script type="module">import init from '/app.js';init();</script>
            <script src="/other.js"></script><SCRIPT>alert(1)</SCRIPT></head></html>"#;
        let hashes = inline_script_hashes(html);
        assert_eq!(hashes.len(), 2);
        let expected = base64::engine::general_purpose::STANDARD
            .encode(Sha256::digest(b"import init from '/app.js';init();"));
        assert_eq!(hashes[0], expected);
        let csp = content_security_policy(&hashes, &["http://127.0.0.1:9001/".into()]);
        assert!(csp.contains(&format!("'sha256-{expected}'")));
        assert!(csp.contains("connect-src 'self' http://127.0.0.1:9001;"));
    }
}
