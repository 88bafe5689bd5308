//! A translated sentence with elements in it (a name in bold, a date), in the language's order.

use crate::i18n::Part;
use leptos::prelude::*;

/// Renders `parts`, each placeholder by `slot`, called with its name.
pub fn sentence(parts: Vec<Part>, slot: impl Fn(&str) -> AnyView) -> impl IntoView {
    parts
        .into_iter()
        .map(|part| match part {
            Part::Text(text) => text.into_any(),
            Part::Slot(name) => slot(&name),
        })
        .collect_view()
}
