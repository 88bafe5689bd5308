//! The page's dialogs, one open at a time, each in a wasm chunk of its own that loads when it is
//! first opened, or earlier, when the browser is idle after the first screen ([`prefetch`]).

use super::create_key::CreateKeyDialog;
use super::delete_key_dialog::DeleteKeyDialog;
use super::delete_keys_dialog::DeleteKeysDialog;
use super::lazy_dialog::lazy_dialog;
use super::rename_key_dialog::RenameKeyDialog;
use super::rotate_key_dialog::RotateKeyDialog;
use crate::api::{DeletedKeys, Key};
use crate::lazy::{lazy_view, Loading};
use leptos::prelude::*;
use std::sync::Arc;

/// The dialog that is open, if any.
#[derive(Clone)]
pub enum Dialog {
    Closed,
    Create,
    Rename(Arc<Key>),
    Rotate(Arc<Key>),
    Delete(Arc<Key>),
    DeleteMany(Vec<Arc<Key>>),
}

/// What the dialogs tell the page.
#[derive(Clone, Copy)]
pub struct DialogOutcomes {
    pub created: Callback<Key>,
    pub renamed: Callback<Key>,
    pub rotated: Callback<Key>,
    pub deleted: Callback<Arc<Key>>,
    pub deleted_many: Callback<DeletedKeys>,
}

#[component]
pub fn OpenDialog(dialog: RwSignal<Dialog>, outcomes: DialogOutcomes) -> impl IntoView {
    let close = Callback::new(move |()| dialog.set(Dialog::Closed));
    let o = outcomes;
    move || {
        let load: Box<dyn Fn() -> Loading> = match dialog.get() {
            Dialog::Closed => return ().into_any(),
            Dialog::Create => Box::new(move || Box::pin(create(close, o.created))),
            Dialog::Rename(key) => {
                Box::new(move || Box::pin(rename(key.clone(), close, o.renamed)))
            }
            Dialog::Rotate(key) => {
                Box::new(move || Box::pin(rotate(key.clone(), close, o.rotated)))
            }
            Dialog::Delete(key) => {
                Box::new(move || Box::pin(delete(key.clone(), close, o.deleted)))
            }
            Dialog::DeleteMany(keys) => {
                Box::new(move || Box::pin(delete_many(keys.clone(), close, o.deleted_many)))
            }
        };
        lazy_dialog(load, close).into_any()
    }
}

/// Fetches every dialog's chunk, so that opening one waits on nothing. Failures are left for
/// the dialog to report when it is opened.
pub async fn prefetch() {
    // One after another: the first screen's own requests are done, nothing waits on these.
    let _ = preload_create().await;
    let _ = preload_rename().await;
    let _ = preload_rotate().await;
    let _ = preload_delete().await;
    let _ = preload_delete_many().await;
}

lazy_view! {
    fn create(on_close: Callback<()>, on_created: Callback<Key>) preload preload_create {
        view! { <CreateKeyDialog on_close on_created/> }
    }
}

lazy_view! {
    fn rename(key: Arc<Key>, on_close: Callback<()>, on_renamed: Callback<Key>) preload preload_rename {
        view! { <RenameKeyDialog key on_close on_renamed/> }
    }
}

lazy_view! {
    fn rotate(key: Arc<Key>, on_close: Callback<()>, on_rotated: Callback<Key>) preload preload_rotate {
        view! { <RotateKeyDialog key on_close on_rotated/> }
    }
}

lazy_view! {
    fn delete(key: Arc<Key>, on_close: Callback<()>, on_deleted: Callback<Arc<Key>>) preload preload_delete {
        view! { <DeleteKeyDialog key on_close on_deleted/> }
    }
}

lazy_view! {
    fn delete_many(keys: Vec<Arc<Key>>, on_close: Callback<()>, on_deleted: Callback<DeletedKeys>)
        preload preload_delete_many {
        view! { <DeleteKeysDialog keys on_close on_deleted/> }
    }
}
