//! The rules of the contract (api/openapi.yaml) that both sides apply: the page, to check what is
//! typed as it is typed, and the reference server, to decide. Written once here, so the two can
//! never disagree; each rule's error is a value that each side words in its own way (the server in
//! English, the page in the viewer's language).

pub mod networks;
pub mod scopes;
