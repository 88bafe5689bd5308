//! The first screen's answers, asked for by the standalone index.html before the wasm arrived.
//! Its inline script reads each one into `window.appkeysEarly` as it comes; the app's first call
//! of that URL takes it instead of asking again. An answer already read completes the call at
//! once, so the shell, the page and its rows are drawn in one go, in one frame, instead of a
//! frame with "Loading" first and the rows a frame later. A host page without the script has
//! none; the app then asks as usual. [`WithEarlyAnswers`] is that, as a layer over any transport.

use super::transport::{
    HttpRequest, HttpResponse, Method, ResponseFuture, Transport, TransportError,
};
use js_sys::{Object, Promise, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// The global index.html fills: `{ [url]: { reading: Promise, read?: { status, body, requestId } } }`.
const ANSWERS: &str = "appkeysEarly";

/// `inner`, except that a GET whose answer index.html has asked for takes that answer.
pub struct WithEarlyAnswers<T>(pub T);

impl<T: Transport> Transport for WithEarlyAnswers<T> {
    fn send(&self, request: HttpRequest) -> ResponseFuture {
        if request.method != Method::Get {
            // A change (a sign-in, above all) makes the answers read before it stale.
            forget();
        } else {
            match take(&request.url) {
                Some(EarlyAnswer::Read(response)) => {
                    return Box::pin(std::future::ready(Ok(response)))
                }
                Some(EarlyAnswer::Reading(reading)) => return Box::pin(arrival(reading)),
                None => {}
            }
        }
        self.0.send(request)
    }
}

enum EarlyAnswer {
    /// Read already.
    Read(HttpResponse),
    /// Still on its way: the promise resolves to the answer read.
    Reading(Promise),
}

/// Takes the early answer for `url`, if index.html asked for one; it is taken once.
fn take(url: &str) -> Option<EarlyAnswer> {
    let answers = answers()?;
    let url = JsValue::from_str(url);
    let entry = Reflect::get(&answers, &url)
        .ok()
        .filter(JsValue::is_object)?;
    let _ = Reflect::delete_property(&answers, &url);
    match Reflect::get(&entry, &"read".into())
        .ok()
        .and_then(|read| response(&read))
    {
        Some(read) => Some(EarlyAnswer::Read(read)),
        None => Reflect::get(&entry, &"reading".into())
            .ok()?
            .dyn_into()
            .ok()
            .map(EarlyAnswer::Reading),
    }
}

/// Drops the answers nobody took, at the app's first change: those a signed-out document got
/// are 401s that the calls after a sign-in must not take.
fn forget() {
    let _ = Reflect::delete_property(&js_sys::global(), &ANSWERS.into());
}

/// The answer that was still on its way. index.html gives it the same time limit as the app's
/// own calls.
async fn arrival(reading: Promise) -> Result<HttpResponse, TransportError> {
    match JsFuture::from(reading).await {
        Ok(read) => response(&read).ok_or(TransportError::Network),
        Err(error) if error_name(&error).as_deref() == Some("TimeoutError") => {
            Err(TransportError::Timeout)
        }
        Err(_) => Err(TransportError::Network),
    }
}

fn answers() -> Option<Object> {
    Reflect::get(&js_sys::global(), &ANSWERS.into())
        .ok()?
        .dyn_into()
        .ok()
}

fn response(read: &JsValue) -> Option<HttpResponse> {
    let field = |name: &str| Reflect::get(read, &name.into()).ok();
    Some(HttpResponse {
        status: field("status")?.as_f64()? as u16,
        body: field("body")?.dyn_into::<Uint8Array>().ok()?.to_vec(),
        request_id: field("requestId")?.as_string(),
    })
}

fn error_name(error: &JsValue) -> Option<String> {
    Reflect::get(error, &"name".into()).ok()?.as_string()
}
