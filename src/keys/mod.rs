//! The page's model of the account's keys: what has loaded, in which order, and what the filter
//! shows. Plain Rust with native unit tests; the page holds one [`KeyStore`] in a signal.

mod store;

pub use store::{Body, KeyStore};
