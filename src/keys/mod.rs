//! The page's model of the account's keys: what has loaded, in which order, what the filter
//! shows, what a description may be and how a key's expiry reads. Plain Rust with native unit
//! tests; the page holds one [`KeyStore`] in a signal.

mod description;
mod expiry;
mod store;

pub use description::{checked_description, description_length, DESCRIPTION_MAX};
pub use expiry::{ExpiryStatus, Lifetime};
pub use store::{Body, KeyStore};
