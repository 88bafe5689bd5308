//! Everything the page knows about the REST backend: wire types, the one error type,
//! decoding of the `{code, data, message}` envelope, and a client over a swappable transport.

mod client;
mod decode;
mod error;
mod transport;
mod types;

pub use client::{ApiClient, TokenSource};
pub use decode::decode;
pub use error::ApiError;
pub use transport::{
    FetchTransport, HttpRequest, HttpResponse, Method, ResponseFuture, Transport, TransportError,
};
pub use types::{CreatedKey, Key, KeyList, Secret, Session};
