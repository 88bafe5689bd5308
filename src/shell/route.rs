//! The console's addresses below its base path. Three are all the shell has, so it reads them
//! itself instead of through a router: leptos_router cost the first load 30 KB brotli
//! (docs/performance.md).

/// Where the page lives in the console; the page's own views (a key, the activity) are below.
pub const KEYS: &str = "/application-keys";

/// The sign-in page.
pub const SIGN_IN: &str = "/sign-in";

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ShellRoute {
    /// The console's start: it shows the keys.
    Start,
    SignIn,
    /// The keys page, whichever of its views.
    Keys,
    NotFound,
}

impl ShellRoute {
    /// `path` is below the base path: "", "/sign-in", "/application-keys/activity".
    pub fn parse(path: &str) -> Self {
        let path = match path.trim_end_matches('/') {
            "" => return ShellRoute::Start,
            path => path,
        };
        if path == SIGN_IN {
            ShellRoute::SignIn
        } else if path
            .strip_prefix(KEYS)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
        {
            ShellRoute::Keys
        } else {
            ShellRoute::NotFound
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_address_has_its_route() {
        for (path, route) in [
            ("", ShellRoute::Start),
            ("/", ShellRoute::Start),
            ("/sign-in", ShellRoute::SignIn),
            ("/sign-in/", ShellRoute::SignIn),
            ("/application-keys", ShellRoute::Keys),
            ("/application-keys/", ShellRoute::Keys),
            ("/application-keys/activity", ShellRoute::Keys),
            ("/application-keys/0b6c2b8e-9d7e-4c35", ShellRoute::Keys),
            ("/application-keysx", ShellRoute::NotFound),
            ("/sign-in/again", ShellRoute::NotFound),
            ("/elsewhere", ShellRoute::NotFound),
        ] {
            assert_eq!(ShellRoute::parse(path), route, "{path}");
        }
    }
}
