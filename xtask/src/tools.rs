//! Installs what the build and the tests need, only when it is missing, at the versions the
//! project pins (Trunk.toml and the wasm-bindgen pin in Cargo.toml must agree with these).

use crate::run::{cmd, output, run, Result};
use std::path::Path;

pub const TRUNK: &str = "0.21.14";
pub const WASM_BINDGEN: &str = "0.2.130";
pub const BINARYEN: &str = "132";
/// The compiler of the release bundle only (bundle.rs): a dated nightly, for the flags that
/// compile the standard library with the app and make a panic a trap (docs/performance.md).
pub const RELEASE_TOOLCHAIN: &str = "nightly-2026-05-20";
pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

fn has(program: &str, args: &[&str], needle: &str) -> bool {
    output(program, args).is_some_and(|out| out.contains(needle))
}

pub fn wasm_target() -> Result {
    if has(
        "rustup",
        &["target", "list", "--installed"],
        "wasm32-unknown-unknown",
    ) {
        return Ok(());
    }
    run(cmd("rustup", &["target", "add", "wasm32-unknown-unknown"]))
}

/// The release bundle's nightly, with the standard library's sources it compiles (a minimal
/// profile: no docs, no clippy; about 80 MB, 10 s to fetch here).
pub fn release_toolchain() -> Result {
    let plus = format!("+{RELEASE_TOOLCHAIN}");
    if has("rustc", &[&plus, "--version"], "nightly")
        && has(
            "rustup",
            &[
                "component",
                "list",
                "--installed",
                "--toolchain",
                RELEASE_TOOLCHAIN,
            ],
            "rust-src",
        )
    {
        return Ok(());
    }
    run(cmd(
        "rustup",
        &[
            "toolchain",
            "install",
            RELEASE_TOOLCHAIN,
            "--profile",
            "minimal",
            "--component",
            "rust-src",
        ],
    ))
}

pub fn trunk() -> Result {
    if has("trunk", &["--version"], TRUNK) {
        return Ok(());
    }
    // 0.22 needs a newer Rust than this toolchain; --locked keeps its dependency set buildable.
    run(cmd(
        "cargo",
        &["install", "trunk", "--version", TRUNK, "--locked"],
    ))
}

pub fn wasm_bindgen() -> Result {
    if has("wasm-bindgen", &["--version"], WASM_BINDGEN)
        && has("wasm-bindgen-test-runner", &["--version"], WASM_BINDGEN)
    {
        return Ok(());
    }
    // Not --locked: its lock file names a crate version the registry no longer serves.
    run(cmd(
        "cargo",
        &["install", "wasm-bindgen-cli", "--version", WASM_BINDGEN],
    ))
}

pub fn wasm_opt() -> Result {
    if has("wasm-opt", &["--version"], &format!("version_{BINARYEN}"))
        || has("wasm-opt", &["--version"], &format!("version {BINARYEN}"))
    {
        return Ok(());
    }
    run(cmd(
        "npm",
        &["install", "--global", &format!("binaryen@{BINARYEN}")],
    ))
}

/// Debian's Chromium and its driver (a browser download is not possible here).
pub fn chromium() -> Result {
    if Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists() {
        return Ok(());
    }
    apt_install(&["chromium", "chromium-driver"])
}

pub fn apt_install(packages: &[&str]) -> Result {
    // Root's uid exactly: `has` looks for a substring, which uid 1000 also contains.
    if output("id", &["-u"]).is_none_or(|uid| uid.trim() != "0") {
        return Err(format!("missing: install Debian's {}", packages.join(", ")));
    }
    // A fresh image has no package lists; another apt may hold the dpkg lock for a while (wait
    // up to 5 minutes for it rather than fail at once).
    let lock = ["-o", "DPkg::Lock::Timeout=300"];
    let mut update = cmd("apt-get", &lock);
    update.args(["update", "-qq"]);
    update.env("DEBIAN_FRONTEND", "noninteractive");
    run(update)?;
    let mut install = cmd("apt-get", &lock);
    install.args(["install", "-y", "-qq", "--no-install-recommends"]);
    install.args(packages);
    install.env("DEBIAN_FRONTEND", "noninteractive");
    run(install)
}

/// The HTTP load generator for `bench server` (Debian's package).
pub fn wrk() -> Result {
    if Path::new("/usr/bin/wrk").exists() {
        return Ok(());
    }
    apt_install(&["wrk"])
}

/// Everything the release build needs (bundle.rs). Trunk is not among them: it is the dev
/// loop's tool (`trunk serve`) and builds the floor pages.
pub fn app_build() -> Result {
    wasm_target()?;
    release_toolchain()?;
    wasm_bindgen()?;
    wasm_opt()?;
    js_minifier()
}

/// esbuild, which minifies the release bundle's JavaScript (xtask/js/package-lock.json).
pub fn js_minifier() -> Result {
    npm_ci("xtask/js")
}

/// The Playwright project's packages, exactly as package-lock.json pins them.
pub fn e2e_packages() -> Result {
    npm_ci("tests/e2e")
}

/// The React example's packages (examples/react-shell/package-lock.json): React, React Router,
/// Vite, and the page's own package as a link to dist/pkg.
pub fn react_shell_packages() -> Result {
    npm_ci("examples/react-shell")
}

/// The browser benchmark's Playwright (bench/package-lock.json).
pub fn bench_packages() -> Result {
    npm_ci("bench")
}

/// `npm ci` in `dir` (from the root) unless node_modules is newer than package-lock.json.
fn npm_ci(dir: &str) -> Result {
    let dir = crate::run::root().join(dir);
    let installed = dir.join("node_modules/.package-lock.json");
    let lock = dir.join("package-lock.json");
    let fresh = match (installed.metadata(), lock.metadata()) {
        (Ok(i), Ok(l)) => i.modified().ok() >= l.modified().ok(),
        _ => false,
    };
    if fresh {
        return Ok(());
    }
    let mut npm = cmd("npm", &["ci", "--no-audit", "--no-fund"]);
    npm.current_dir(dir);
    // Playwright must never try to download its own browsers: it runs Debian's Chromium.
    npm.env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
    run(npm)
}
