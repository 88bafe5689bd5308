//! Reusable pieces of the page; none of them knows about keys, routes or the shell.

mod copyable;
pub mod icons;
mod modal;
mod sentence;
mod timestamp;

pub use copyable::Copyable;
pub use modal::Modal;
pub use sentence::sentence;
pub use timestamp::Timestamp;
