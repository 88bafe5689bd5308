//! Allowed networks in the page: the list editor of "New secret" and of a key's page, the address
//! the backend sees this browser at ("Add my address"), and the key page's section. Only where
//! the policy lists `networks`.

mod editor;
mod key_networks;
mod my_address;

pub use editor::{draft_problem_text, NetworksEditor};
pub use key_networks::KeyNetworks;
