//! The one way the page and the shell send a request a person is waiting for: busy while it
//! runs (a second press does nothing), and when it fails, the sentence to show.

use crate::api::{ApiClient, ApiError};
use leptos::prelude::*;
use std::future::Future;
use std::pin::Pin;

#[derive(Clone, Copy)]
pub struct Request {
    busy: RwSignal<bool>,
    error: RwSignal<Option<String>>,
    client: StoredValue<ApiClient, LocalStorage>,
    /// Turns a failure into the sentence shown (and may tell someone, e.g. the host).
    describe: Callback<ApiError, String>,
    /// The component that made the request: unmounting it drops the request.
    owner: StoredValue<Owner>,
}

impl Request {
    pub fn new(
        client: ApiClient,
        describe: impl Fn(ApiError) -> String + Send + Sync + 'static,
    ) -> Self {
        Request {
            busy: RwSignal::new(false),
            error: RwSignal::new(None),
            client: StoredValue::new_local(client),
            describe: Callback::new(describe),
            owner: StoredValue::new(Owner::current().unwrap_or_default()),
        }
    }

    pub fn busy(&self) -> bool {
        self.busy.get()
    }

    /// The sentence for the last failure, until the next attempt.
    pub fn error(&self) -> Option<String> {
        self.error.get()
    }

    /// `close`, unless a request is running: what Escape, the backdrop and Cancel do in a dialog
    /// that is waiting on the backend.
    pub fn unless_busy(self, close: Callback<()>) -> Callback<()> {
        Callback::new(move |()| {
            if !self.busy.get_untracked() {
                close.run(());
            }
        })
    }

    /// A check before sending failed: shown like a failure of the request.
    pub fn fail(&self, message: String) {
        self.error.set(Some(message));
    }

    /// Sends `work` with the client, unless a request is already running. `done` gets the
    /// result, its failure already described (and shown by [`Request::error`]).
    pub fn run<T, F, Fut>(&self, work: F, done: impl FnOnce(Result<T, String>) + 'static)
    where
        F: FnOnce(ApiClient) -> Fut,
        Fut: Future<Output = Result<T, ApiError>> + 'static,
        T: 'static,
    {
        if !self.begin() {
            return;
        }
        let task = work(self.client.get_value());
        let this = *self;
        self.spawn(Box::pin(async move {
            let result = task.await;
            let message = this.finish(result.as_ref().err());
            done(result.map_err(|_| message.unwrap_or_default()));
        }));
    }

    /// Busy from now on, unless it already was.
    fn begin(&self) -> bool {
        if self.busy.get_untracked() {
            return false;
        }
        self.busy.set(true);
        self.error.set(None);
        true
    }

    /// Not busy any more; a failure is described and shown. (Not generic: one copy in the bundle
    /// for every kind of request.)
    fn finish(&self, failure: Option<&ApiError>) -> Option<String> {
        self.busy.set(false);
        let message = failure.map(|failure| self.describe.run(failure.clone()));
        if message.is_some() {
            self.error.set(message.clone());
        }
        message
    }

    fn spawn(&self, task: Pin<Box<dyn Future<Output = ()>>>) {
        self.owner.with_value(|owner| {
            owner.with(|| leptos::task::spawn_local_scoped_with_cancellation(task))
        });
    }
}
