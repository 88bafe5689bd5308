//! A point in time as a person reads it, with the machine-readable instant and the exact UTC
//! time on hover.

use crate::format::exact_utc;
use chrono::{DateTime, Utc};
use leptos::prelude::*;

#[component]
pub fn Timestamp(
    at: DateTime<Utc>,
    /// `at` in the reader's locale and time zone.
    #[prop(into)]
    shown: String,
) -> impl IntoView {
    view! { <time datetime=at.to_rfc3339() title=exact_utc(&at)>{shown}</time> }
}
