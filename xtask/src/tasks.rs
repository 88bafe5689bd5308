//! The commands themselves.

use crate::run::{cmd, root, run, Result};
use crate::tools;

/// Release bundle in dist/ (what `serve` ships and the size budget measures).
pub fn build_release() -> Result {
    tools::app_build()?;
    run(cmd("trunk", &["build", "--release"]))
}

pub fn serve(listen: &str) -> Result {
    build_release()?;
    std::fs::create_dir_all(root().join("data")).map_err(|e| e.to_string())?;
    println!("\nStarting the reference server; open http://{listen}/ (Ctrl-C stops it).");
    run(cmd(
        "cargo",
        &[
            "run",
            "--release",
            "--package",
            "appkeys-server",
            "--",
            "--demo",
            "--listen",
            listen,
            "--db",
            "data/appkeys.db",
            "--static",
            "dist",
        ],
    ))
}

pub fn test() -> Result {
    tools::app_build()?;
    tools::chromium()?;
    run(cmd("cargo", &["fmt", "--all", "--", "--check"]))?;
    run(cmd(
        "cargo",
        &[
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ],
    ))?;
    run(cmd(
        "cargo",
        &[
            "clippy",
            "--package",
            "appkeys",
            "--target",
            "wasm32-unknown-unknown",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ],
    ))?;
    run(cmd("cargo", &["test", "--workspace"]))?;
    wasm_tests()?;
    e2e()
}

/// The page's component tests in headless Chromium (flags in webdriver.json).
fn wasm_tests() -> Result {
    let mut test = cmd(
        "cargo",
        &[
            "test",
            "--package",
            "appkeys",
            "--target",
            "wasm32-unknown-unknown",
        ],
    );
    test.env("CHROMEDRIVER", tools::CHROMEDRIVER);
    run(test)
}

/// The Playwright suite against the reference server and a fresh build of the app.
pub fn e2e() -> Result {
    tools::app_build()?;
    tools::chromium()?;
    tools::e2e_packages()?;
    // A dev build: the journeys test behaviour, and CI has two cores to build with.
    run(cmd("trunk", &["build", "--dist", "target/e2e-dist"]))?;
    run(cmd("cargo", &["build", "--package", "appkeys-server"]))?;
    let mut playwright = cmd("npx", &["playwright", "test"]);
    playwright
        .current_dir(root().join("tests/e2e"))
        .env("APPKEYS_DIST", root().join("target/e2e-dist"))
        .env(
            "APPKEYS_SERVER_BIN",
            root().join("target/debug/appkeys-server"),
        )
        .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
    run(playwright)
}
