//! The one way the page and the shell send a request a person is waiting for: busy while it
//! runs (a second press does nothing), and when it fails, the sentence to show.

use crate::api::{ApiClient, ApiError};
use leptos::prelude::*;
use std::future::Future;

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
        if self.busy.get_untracked() {
            return;
        }
        self.busy.set(true);
        self.error.set(None);
        let task = work(self.client.get_value());
        let this = *self;
        let answered = async move {
            let result = task.await.map_err(|failure| this.describe.run(failure));
            this.busy.set(false);
            if let Err(message) = &result {
                this.error.set(Some(message.clone()));
            }
            done(result);
        };
        self.owner.with_value(|owner| {
            owner.with(|| leptos::task::spawn_local_scoped_with_cancellation(answered))
        });
    }
}
