//! Serving the built app: files from `--static DIR`, `index.html` for any other non-API path (deep
//! links), and the page's security headers, with a CSP that admits exactly the inline scripts and
//! stylesheets that were in `index.html` when the server started (the release build writes the
//! script that starts the wasm and the first screen's styles into it).

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

/// The inline `<script>` and `<style>` elements of a page, by the hash sources of their text.
struct Inline {
    scripts: Vec<String>,
    styles: Vec<String>,
}

impl Inline {
    fn of(html: &str) -> Self {
        Self {
            scripts: inline_hashes(html, "script"),
            styles: inline_hashes(html, "style"),
        }
    }
}

/// The `Content-Security-Policy` for the app, given its inline scripts and styles and the other
/// origins it may call.
fn content_security_policy(inline: &Inline, connect_src: &[String]) -> String {
    let hashed = |mut directive: String, hashes: &[String]| {
        for hash in hashes {
            directive.push_str(&format!(" 'sha256-{hash}'"));
        }
        directive
    };
    let script_src = hashed(
        "script-src 'self' 'wasm-unsafe-eval'".into(),
        &inline.scripts,
    );
    let style_src = hashed("style-src 'self'".into(), &inline.styles);
    let mut connect = String::from("connect-src 'self'");
    for origin in connect_src {
        connect.push(' ');
        connect.push_str(origin.trim_end_matches('/'));
    }
    format!(
        "default-src 'self'; {script_src}; {style_src}; img-src 'self' data:; {connect}; \
         frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'"
    )
}

/// Base64 SHA-256 of the text of each `<element>` (script or style) without a `src` attribute,
/// as CSP hash sources expect.
fn inline_hashes(html: &str, element: &str) -> Vec<String> {
    let lower = html.to_ascii_lowercase();
    let (open, close_tag) = (format!("<{element}"), format!("</{element}"));
    let mut hashes = Vec::new();
    let mut from = 0;
    while let Some(start) = lower[from..].find(&open).map(|i| i + from) {
        let Some(tag_end) = lower[start..].find('>').map(|i| i + start) else {
            break;
        };
        let Some(close) = lower[tag_end..].find(&close_tag).map(|i| i + tag_end) else {
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
    let csp = content_security_policy(&Inline::of(&html), connect_src);
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
    fn hashes_only_inline_scripts_and_styles() {
        let html = r#"<html><head><script type="module">import init from '/app.js';init();</script>
            <style>body{margin:0}</style><link rel="stylesheet" href="/page.css">
            <script src="/other.js"></script><SCRIPT>alert(1)</SCRIPT></head></html>"#;
        let inline = Inline::of(html);
        assert_eq!(inline.scripts.len(), 2);
        let hash =
            |text: &[u8]| base64::engine::general_purpose::STANDARD.encode(Sha256::digest(text));
        let script = hash(b"import init from '/app.js';init();");
        assert_eq!(inline.scripts[0], script);
        assert_eq!(inline.styles, [hash(b"body{margin:0}")]);
        let csp = content_security_policy(&inline, &["http://127.0.0.1:9001/".into()]);
        assert!(csp.contains(&format!(
            "script-src 'self' 'wasm-unsafe-eval' 'sha256-{script}'"
        )));
        assert!(csp.contains(&format!("style-src 'self' 'sha256-{}';", inline.styles[0])));
        assert!(csp.contains("connect-src 'self' http://127.0.0.1:9001;"));
    }
}
