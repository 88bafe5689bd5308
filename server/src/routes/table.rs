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

    pub fn patch<H: Handler<T, AppState>, T: 'static>(self, handler: H) -> Self {
        self.on(MethodFilter::PATCH, "PATCH", handler)
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

/// The handlers of one path (relative to the API base, in OpenAPI path syntax).
struct Route {
    path: &'static str,
    methods: Methods,
    /// Part of the API, so in `api/openapi.yaml`; `false` for routes that exist for tests only.
    documented: bool,
}

/// Routes by path.
#[derive(Default)]
pub struct Routes {
    paths: Vec<Route>,
}

impl Routes {
    pub fn route(self, path: &'static str, methods: Methods) -> Self {
        self.add(path, methods, true)
    }

    /// A route that only tests use (served only when its flag is on), never part of the contract.
    pub fn test_only(self, path: &'static str, methods: Methods) -> Self {
        self.add(path, methods, false)
    }

    fn add(mut self, path: &'static str, methods: Methods, documented: bool) -> Self {
        self.paths.push(Route {
            path,
            methods,
            documented,
        });
        self
    }

    pub fn merge(mut self, other: Self) -> Self {
        self.paths.extend(other.paths);
        self
    }

    /// Every operation of the API as (method, path). Test-only routes are left out on purpose: this
    /// is the list that `tests/contract.rs` holds against `api/openapi.yaml`, which does not (and
    /// must not) document them.
    pub fn operations(&self) -> Vec<(&'static str, &'static str)> {
        self.paths
            .iter()
            .filter(|route| route.documented)
            .flat_map(|route| {
                let path = route.path;
                route.methods.names.iter().map(move |name| (*name, path))
            })
            .collect()
    }

    pub fn into_router(self) -> Router<AppState> {
        self.paths.into_iter().fold(Router::new(), |router, route| {
            router.route(route.path, route.methods.router)
        })
    }
}
