//! Gives focus back when a component goes away (a dialog closing): to the element that had it
//! when the component appeared, or, when that element is gone too, to a fallback.

use super::focus::{active_element, focus};
use leptos::prelude::*;
use web_sys::Element;

/// The element that had focus when a dialog was asked for, for a dialog that appears later (its
/// code loading first, see page/lazy_dialog.rs) while focus sits in a stand-in.
#[derive(Clone, Copy)]
pub struct Opener(StoredValue<Option<Element>, LocalStorage>);

impl Opener {
    /// The element focused now.
    pub fn here() -> Self {
        Self(StoredValue::new_local(active_element()))
    }
}

/// Call when the component appears; focus goes back to the provided [`Opener`] if there is one. `fallback` runs when the element that had focus is no
/// longer in the document (a deleted row, the empty state's button).
///
/// Focus moves in the same turn as the component leaves, so neither a person nor a screen
/// reader ever finds it on `<body>`. If the owner has already put focus somewhere else outside
/// `inside`, it stays there.
pub fn use_focus_return(inside: NodeRef<leptos::html::Div>, fallback: Option<Callback<()>>) {
    let opener = use_context::<Opener>().unwrap_or_else(Opener::here).0;
    on_cleanup(move || {
        let body = document().body();
        let moved_elsewhere = active_element().is_some_and(|active| {
            let in_component = inside
                .get_untracked()
                .is_some_and(|element| element.contains(Some(&active)));
            let on_body = body.is_some_and(|body| *body == active);
            !in_component && !on_body
        });
        if moved_elsewhere {
            return;
        }
        match opener.get_value().filter(|opener| opener.is_connected()) {
            Some(opener) => focus(&opener),
            None => {
                if let Some(fallback) = fallback {
                    fallback.run(());
                }
            }
        }
    });
}
