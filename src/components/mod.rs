//! Reusable pieces of the page; none of them knows about keys or the shell.

mod copyable;
pub mod icons;
mod in_language;
mod modal;
mod page_link;
mod sentence;
mod timestamp;

pub use copyable::Copyable;
pub use in_language::InLanguage;
pub use modal::Modal;
pub use page_link::PageLink;
pub use sentence::sentence;
pub use timestamp::Timestamp;
