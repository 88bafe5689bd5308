//! Browser glue, one hook per module in the style of leptos-use: components call a hook and
//! keep to rendering.

mod download;
mod focus;
mod use_clipboard;
mod use_focus_on_mount;
mod use_focus_return;
mod use_near_viewport;
mod use_page_location;

pub use download::download_text;
pub use focus::trap_tab;
pub use use_clipboard::{use_clipboard, CopyState, UseClipboard};
pub use use_focus_on_mount::{use_focus_on_mount, FocusTarget};
pub use use_focus_return::{use_focus_return, Opener};
pub use use_near_viewport::use_near_viewport;
pub use use_page_location::{use_history_location, PageLocation};
