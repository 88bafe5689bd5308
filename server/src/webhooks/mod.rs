//! Signed webhooks (Standard Webhooks, standardwebhooks.com) for the keys' events: the endpoints
//! an operator configures (`--webhooks FILE`, [`endpoints`]), each delivery's signature
//! ([`signature`]) and the sender that works through the outbox that `store::webhooks` keeps
//! ([`sender`]). An event and its deliveries are written in one transaction; the sender retries with
//! backoff and never sends a delivery again after a 2xx.

pub mod endpoints;
pub mod sender;
pub mod signature;

pub use endpoints::{Endpoint, Endpoints};
