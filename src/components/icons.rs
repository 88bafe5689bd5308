//! Inline SVG icons: no font or image request, and they inherit `currentColor`. Stroke and fill
//! come from `.ak-icon` in the stylesheet, not from attributes: a row holds two icons, and each
//! attribute is one more DOM call per row.

use leptos::prelude::*;

fn icon(path: &'static str) -> impl IntoView {
    view! {
        <svg class="ak-icon" viewBox="0 0 24 24" width="16" height="16" aria-hidden="true">
            <path d=path/>
        </svg>
    }
}

pub fn plus() -> impl IntoView {
    icon("M12 5v14M5 12h14")
}

pub fn trash() -> impl IntoView {
    icon("M4 7h16M10 11v6M14 11v6M6 7l1 12a2 2 0 0 0 2 2h6a2 2 0 0 0 2-2l1-12M9 7V4h6v3")
}

pub fn pencil() -> impl IntoView {
    icon("M4 20h4L19 9l-4-4L4 16zM13.5 6.5l4 4")
}

pub fn copy() -> impl IntoView {
    icon("M9 9h10v10H9zM5 15V5h10")
}

pub fn check() -> impl IntoView {
    icon("M5 12l5 5L20 7")
}

pub fn warning() -> impl IntoView {
    icon("M12 3l9.5 17h-19zM12 10v4M12 17.5v.01")
}

pub fn close() -> impl IntoView {
    icon("M6 6l12 12M18 6L6 18")
}

pub fn key() -> impl IntoView {
    icon("M15 7a4 4 0 1 1-3.9 4.9L4 19v2h3v-2h2v-2h2l1.1-1.1A4 4 0 0 1 15 7z")
}

pub fn search() -> impl IntoView {
    icon("M11 18a7 7 0 1 1 0-14 7 7 0 0 1 0 14zM20 20l-4-4")
}

pub fn menu() -> impl IntoView {
    icon("M4 6h16M4 12h16M4 18h16")
}

pub fn download() -> impl IntoView {
    icon("M12 4v11M7 10l5 5 5-5M5 20h14")
}

pub fn lock() -> impl IntoView {
    icon("M6 11h12v9H6zM8 11V8a4 4 0 0 1 8 0v3")
}

pub fn rotate() -> impl IntoView {
    icon("M20 11a8 8 0 1 0-2.3 5.7M20 4v7h-7")
}
