//! The page's model of the account's keys: what has loaded, in which order, what the filter
//! shows, which are ticked, what a description may be, how a key's expiry reads, how long a
//! rotated secret lives on, what its credentials file holds, which networks it may be used
//! from and what it may do. Plain Rust with native unit
//! tests; the page holds one [`KeyStore`] in a signal.

mod access;
mod credentials;
mod description;
mod expiry;
mod networks;
mod rotation;
mod selection;
mod store;

pub use access::{summary, AccessDraft, AccessMode, AccessSummary, Level, NoScope, Resource};
pub use credentials::{credentials_file_name, credentials_json};
pub use description::{checked_description, description_length, TooLong, DESCRIPTION_MAX};
pub use expiry::{ExpiryStatus, Lifetime, NoExpiry};
pub use networks::{DraftProblem, EntryProblem, NetworkDraft};
pub use rotation::Grace;
pub use selection::{AllShown, Selection};
pub use store::{Body, KeyStore, Lookup};
