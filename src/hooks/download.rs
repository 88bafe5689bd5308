//! Saves text as a file the browser downloads, made in memory: a Blob behind an object URL that is
//! revoked as soon as the download has started, so nothing of it stays in the page or on the origin.

use wasm_bindgen::JsCast;

/// Starts the download of `contents` as `file_name`; `false` if the browser refused.
pub fn download_text(file_name: &str, contents: &str, mime: &str) -> bool {
    save(file_name, contents, mime).is_some()
}

fn save(file_name: &str, contents: &str, mime: &str) -> Option<()> {
    let parts = js_sys::Array::of1(&contents.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).ok()?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
    // A link that is never put in the document: it works the same in a shadow root.
    let link = web_sys::window()?
        .document()?
        .create_element("a")
        .ok()?
        .unchecked_into::<web_sys::HtmlAnchorElement>();
    link.set_href(&url);
    link.set_download(file_name);
    link.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Some(())
}
