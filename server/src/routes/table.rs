//! The route table: each resource declares its routes once, with [`get`], [`post`] and [`delete`]
//! as in axum, and the table yields both the router and the list of operations that a test holds
//! against `api/openapi.yaml`.

use axum::handler::Handler;
use axum::routing::{MethodFilter, MethodRouter};
use axum::Router;

use crate::state::AppState;

/// The handlers of one path, with the names of their methods.
pub struct Methods {
    router: MethodRouter<AppState>,
    names: Vec<&'static str>,
}

pub fn get<H: Handler<T, AppState>, T: 'static>(handler: H) -> Methods {
    Methods::new().get(handler)
}

pub fn post<H: Handler<T, AppState>, T: 'static>(handler: H) -> Methods {
    Methods::new().post(handler)
}

pub fn delete<H: Handler<T, AppState>, T: 'static>(handler: H) -> Methods {
    Methods::new().delete(handler)
}

impl Methods {
    fn new() -> Self {
        Self {
            router: MethodRouter::new(),
            names: Vec::new(),
        }
    }

    pub fn get<H: Handler<T, AppState>, T: 'static>(self, handler: H) -> Self {
        self.on(MethodFilter::GET, "GET", handler)
    }

    pub fn post<H: Handler<T, AppState>, T: 'static>(self, handler: H) -> Self {
        self.on(MethodFilter::POST, "POST", handler)
    }

    pub fn delete<H: Handler<T, AppState>, T: 'static>(self, handler: H) -> Self {
        self.on(MethodFilter::DELETE, "DELETE", handler)
    }

    fn on<H: Handler<T, AppState>, T: 'static>(
        mut self,
        filter: MethodFilter,
        name: &'static str,
        handler: H,
    ) -> Self {
        self.router = self.router.on(filter, handler);
        self.names.push(name);
        self
    }
}

/// Routes by path (relative to the API base, in OpenAPI path syntax).
#[derive(Default)]
pub struct Routes {
    paths: Vec<(&'static str, Methods)>,
}

impl Routes {
    pub fn route(mut self, path: &'static str, methods: Methods) -> Self {
        self.paths.push((path, methods));
        self
    }

    pub fn merge(mut self, other: Self) -> Self {
        self.paths.extend(other.paths);
        self
    }

    /// Every operation as (method, path).
    pub fn operations(&self) -> Vec<(&'static str, &'static str)> {
        self.paths
            .iter()
            .flat_map(|(path, methods)| methods.names.iter().map(move |name| (*name, *path)))
            .collect()
    }

    pub fn into_router(self) -> Router<AppState> {
        self.paths
            .into_iter()
            .fold(Router::new(), |router, (path, methods)| {
                router.route(path, methods.router)
            })
    }
}
