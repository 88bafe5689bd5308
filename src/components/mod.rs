//! Reusable pieces of the page; none of them knows about routes or the shell.

pub mod copy_button;
pub mod icons;
pub mod modal;

pub use copy_button::CopyButton;
pub use modal::Modal;
