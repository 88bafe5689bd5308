//! The one place that touches the network. The page talks to a `dyn Transport`, so component
//! tests can swap in a fake that injects every fault, while the app uses `fetch` through gloo-net,
//! or the answer index.html asked for early (`early`).

use std::cell::Cell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::time::Duration;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Patch,
    Delete,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpRequest {
    pub method: Method,
    pub url: String,
    pub headers: Vec<(&'static str, String)>,
    pub body: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpResponse {
    pub status: u16,
    pub body: Vec<u8>,
    pub request_id: Option<String>,
}

/// Failures below HTTP: there is no status to read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TransportError {
    Network,
    Timeout,
}

pub type ResponseFuture = Pin<Box<dyn Future<Output = Result<HttpResponse, TransportError>>>>;

pub trait Transport {
    fn send(&self, request: HttpRequest) -> ResponseFuture;
}

/// `fetch` with a hard time limit: the request is aborted when it runs out.
pub struct FetchTransport {
    pub credentials: web_sys::RequestCredentials,
    pub timeout: Duration,
}

/// How long a request may take before it is aborted (and the page says so).
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(15);

impl FetchTransport {
    pub fn new(credentials: web_sys::RequestCredentials) -> Self {
        FetchTransport {
            credentials,
            timeout: REQUEST_TIMEOUT,
        }
    }
}

impl Transport for FetchTransport {
    fn send(&self, request: HttpRequest) -> ResponseFuture {
        let credentials = self.credentials;
        let timeout = self.timeout;
        Box::pin(async move {
            let controller =
                web_sys::AbortController::new().map_err(|_| TransportError::Network)?;
            let timed_out = Rc::new(Cell::new(false));
            let timer = {
                let (controller, timed_out) = (controller.clone(), timed_out.clone());
                leptos::prelude::set_timeout_with_handle(
                    move || {
                        timed_out.set(true);
                        controller.abort();
                    },
                    timeout,
                )
                .ok()
            };
            let result = fetch(request, credentials, &controller.signal()).await;
            if let Some(timer) = timer {
                timer.clear();
            }
            result.map_err(|()| match timed_out.get() {
                true => TransportError::Timeout,
                false => TransportError::Network,
            })
        })
    }
}

/// One request through the browser's `fetch`, aborted by `signal`.
async fn fetch(
    request: HttpRequest,
    credentials: web_sys::RequestCredentials,
    signal: &web_sys::AbortSignal,
) -> Result<HttpResponse, ()> {
    let method = match request.method {
        Method::Get => gloo_net::http::Method::GET,
        Method::Post => gloo_net::http::Method::POST,
        Method::Patch => gloo_net::http::Method::PATCH,
        Method::Delete => gloo_net::http::Method::DELETE,
    };
    let mut builder = gloo_net::http::RequestBuilder::new(&request.url)
        .method(method)
        .credentials(credentials)
        .abort_signal(Some(signal));
    for (name, value) in &request.headers {
        builder = builder.header(name, value);
    }
    let built = match request.body {
        Some(body) => builder.body(body),
        None => builder.build(),
    };
    let response = built.map_err(|_| ())?.send().await.map_err(|_| ())?;
    Ok(HttpResponse {
        status: response.status(),
        request_id: response.headers().get("x-request-id"),
        body: response.binary().await.map_err(|_| ())?,
    })
}
