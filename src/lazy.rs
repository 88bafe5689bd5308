//! Code that loads when first used. In the release build (`--cfg appkeys_split`, see
//! xtask/src/bundle.rs) each [`lazy_view!`] is cut into a wasm chunk of its own, fetched the
//! first time it is shown or earlier by its preload function; everywhere else (dev builds, the
//! tests) it is compiled in and ready at once.

use leptos::prelude::*;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, Waker};

/// A chunk could not be fetched or started (offline, a failed deploy). Trying again fetches it
/// again: a failure is not remembered.
pub type ChunkFailed = leptos::wasm_split::SplitLoaderError;

/// What a lazy view gives: the view, once its chunk is here.
pub type Loading = Pin<Box<dyn Future<Output = Result<AnyView, ChunkFailed>>>>;

/// `lazy_view!(pub fn name(args…) preload preload_name { view })`: an `async fn name(args…)`
/// that gives `Result<AnyView, ChunkFailed>`, and `async fn preload_name()` that only fetches.
/// The arguments cross a wasm module boundary: owned values, no generics.
macro_rules! lazy_view {
    ($(#[$meta:meta])* $vis:vis fn $name:ident($($arg:ident: $ty:ty),* $(,)?)
        preload $preload:ident $body:block) => {
        $(#[$meta])*
        #[cfg(appkeys_split)]
        #[::leptos::wasm_split::wasm_split(
            $name,
            wasm_split_path = ::leptos::wasm_split,
            fallible,
            preload($preload)
        )]
        #[allow(improper_ctypes_definitions)]
        $vis fn $name($($arg: $ty),*)
            -> ::core::result::Result<::leptos::prelude::AnyView, $crate::lazy::ChunkFailed> {
            ::core::result::Result::Ok(::leptos::prelude::IntoAny::into_any($body))
        }

        $(#[$meta])*
        #[cfg(not(appkeys_split))]
        $vis async fn $name($($arg: $ty),*)
            -> ::core::result::Result<::leptos::prelude::AnyView, $crate::lazy::ChunkFailed> {
            ::core::result::Result::Ok(::leptos::prelude::IntoAny::into_any($body))
        }

        /// Compiled in: nothing to fetch.
        #[cfg(not(appkeys_split))]
        $vis async fn $preload() -> ::core::result::Result<(), $crate::lazy::ChunkFailed> {
            ::core::result::Result::Ok(())
        }
    };
}
pub(crate) use lazy_view;

/// The result if the future is ready without waiting (its chunk already here), else the future
/// to wait on. Lets a view that is here render in the same turn, with no loading state between.
pub fn ready_now(mut loading: Loading) -> Result<Result<AnyView, ChunkFailed>, Loading> {
    match loading
        .as_mut()
        .poll(&mut Context::from_waker(Waker::noop()))
    {
        Poll::Ready(view) => Ok(view),
        // Polled again by its task, with a waker that wakes it.
        Poll::Pending => Err(loading),
    }
}

/// Where a lazy view stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// Its chunk is on its way.
    Loading,
    Failed,
    Ready,
}

/// A lazy view being loaded: its phase, the view once ready, and Retry.
#[derive(Clone, Copy)]
pub struct LazyLoad {
    pub phase: RwSignal<Phase>,
    ready: StoredValue<Option<AnyView>, LocalStorage>,
    pub retry: Callback<()>,
}

impl LazyLoad {
    /// Starts `load` (Retry calls it again). When the chunk is here already (prefetched, or a
    /// build without chunks) the view is ready in this same turn, with no loading state between.
    pub fn start(load: Box<dyn Fn() -> Loading>) -> Self {
        let phase = RwSignal::new(Phase::Loading);
        let ready = StoredValue::new_local(None::<AnyView>);
        let settle = move |result: Result<AnyView, ChunkFailed>| match result {
            Ok(view) => {
                ready.set_value(Some(view));
                phase.set(Phase::Ready);
            }
            Err(_) => phase.set(Phase::Failed),
        };
        let load = StoredValue::new_local(load);
        // Retry runs from a click, outside this owner: the view is made, and its load waited on,
        // under this one (not under the failure view that Retry replaces, which goes at once).
        let owner = Owner::current().expect("a lazy view loads inside a view");
        let retry = Callback::new(move |()| {
            owner.with(|| match ready_now(load.with_value(|load| load())) {
                Ok(result) => settle(result),
                Err(loading) => {
                    phase.set(Phase::Loading);
                    leptos::task::spawn_local_scoped_with_cancellation(async move {
                        settle(loading.await)
                    });
                }
            })
        });
        retry.run(());
        LazyLoad {
            phase,
            ready,
            retry,
        }
    }

    /// The view, once: it is mounted where it is taken.
    pub fn take(&self) -> AnyView {
        self.ready
            .try_update_value(Option::take)
            .flatten()
            .unwrap_or_else(|| ().into_any())
    }
}
