//! The browser bundle: the standalone app, or only the mount API in a host page.

fn main() {
    appkeys::start();
}
