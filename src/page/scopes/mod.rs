//! Keys limited to scopes in the page: the Access choice of "New secret" and of a key's page
//! (Full access, Read only, or None, Read or Write per resource), and the words for a key's
//! access that the list, the secret dialog and the key's page show. Only where the policy lists
//! `scopes`.

mod access_field;
mod key_access;
mod words;

pub use access_field::{no_scope_text, AccessField};
pub use key_access::KeyAccess;
pub use words::{access_names, access_text};
