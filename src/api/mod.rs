//! Everything the page knows about the REST backend: wire types, the one error type,
//! decoding of the `{code, data, message}` envelope, and a client over a swappable transport.

mod activity;
mod client;
mod decode;
mod early;
mod error;
mod scope;
mod transport;
mod types;

pub use activity::{Actor, Details, Event, EventPage, EventQuery, Usage, UsageDay};
pub(crate) use client::ApiClient;
pub use client::KeyChange;
pub use client::TokenSource;
pub use decode::decode;
pub(crate) use early::WithEarlyAnswers;
pub use error::ApiError;
pub use scope::{Labels, Scope, ScopeAccess};
pub(crate) use transport::{FetchTransport, REQUEST_TIMEOUT};
pub use transport::{HttpRequest, HttpResponse, Method, ResponseFuture, Transport, TransportError};
pub use types::{
    CallerAddress, CreatedKey, DeletedKeys, Exposure, Key, KeyList, Policy, RotatedKey, Secret,
    Session,
};
