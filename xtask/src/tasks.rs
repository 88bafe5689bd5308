//! The commands themselves.

use crate::run::{cmd, copy_dir, root, run, Result};
use crate::size;
use crate::tools;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Release bundle in dist/ (what `serve` ships and the size budget measures), plus the
/// npm-style package in dist/pkg for host pages.
pub fn build_release() -> Result {
    tools::app_build()?;
    crate::bundle::release(&root().join("dist"))
}

/// The reference server, built once so that several instances can start from it.
fn release_server() -> Result<PathBuf> {
    run(cmd(
        "cargo",
        &["build", "--release", "--package", "appkeys-server"],
    ))?;
    Ok(root().join("target/release/appkeys-server"))
}

/// The host pages under examples/ that are served as they are, with the package copied in
/// (`serve --example`, the browser tests); react-shell is built by Vite instead.
const EXAMPLES: [&str; 3] = ["console-shell", "custom-element", "themed-cross-origin"];

pub fn serve(listen: &str, example: Option<&str>, db: Option<&str>) -> Result {
    build_release()?;
    let server = release_server()?;
    fs::create_dir_all(root().join("data")).map_err(|e| e.to_string())?;
    let (site, path) = match example {
        None => ("dist".to_string(), "/"),
        Some(name @ "console-shell") => (
            assemble_example(name, "dist", "target/examples")?,
            "/console/security/application-keys",
        ),
        Some(name @ "custom-element") => (assemble_example(name, "dist", "target/examples")?, "/"),
        Some("react-shell") => (
            build_react_shell("dist", "target/examples")?,
            "/security/application-keys",
        ),
        Some("themed-cross-origin") => return serve_cross_origin(&server, listen),
        Some(other) => {
            return Err(format!(
                "no example {other:?}; there are: {}, react-shell",
                EXAMPLES.join(", ")
            ))
        }
    };
    println!("\nOpen http://{listen}{path} (Ctrl-C stops the server).");
    let db = db.map_or_else(|| data_db("appkeys.db"), str::to_string);
    run(server_cmd(&server, listen, &db, &site, &["--demo"]))
}

/// The themed example: the page on `listen`, the API on the next port, a cross-origin call.
fn serve_cross_origin(server: &Path, listen: &str) -> Result {
    let site = assemble_example("themed-cross-origin", "dist", "target/examples")?;
    let (host, port) = listen
        .rsplit_once(':')
        .and_then(|(h, p)| Some((h, p.parse::<u16>().ok()?)))
        .ok_or_else(|| format!("--listen must be HOST:PORT, got {listen}"))?;
    let page_origin = format!("http://{host}:{port}");
    let api_listen = format!("{host}:{}", port + 1);
    let api_origin = format!("http://{api_listen}");
    // The API on its own origin, allowing the host page's origin to call it.
    let mut api = server_cmd(
        server,
        &api_listen,
        &data_db("appkeys.db"),
        "",
        &["--demo", "--cors-origin", &page_origin],
    );
    let mut api = api
        .spawn()
        .map_err(|e| format!("starting the API server: {e}"))?;
    println!("\nAPI on {api_origin}; open {page_origin}/ (Ctrl-C stops both).");
    let served = run(server_cmd(
        server,
        listen,
        &data_db("example-host.db"),
        &site,
        &["--connect-src", &api_origin],
    ));
    let _ = api.kill();
    served
}

/// A database file under data/, kept between `serve` runs.
fn data_db(name: &str) -> String {
    root().join("data").join(name).display().to_string()
}

fn server_cmd(server: &Path, listen: &str, db: &str, site: &str, extra: &[&str]) -> Command {
    let mut command = cmd(
        &server.display().to_string(),
        &["--listen", listen, "--db", db],
    );
    if !site.is_empty() {
        command.args(["--static", site]);
    }
    command.args(extra);
    command
}

/// examples/NAME plus the package built into `dist`, as one directory under `out` that the
/// server can serve.
fn assemble_example(name: &str, dist: &str, out: &str) -> Result<String> {
    let site = root().join(out).join(name);
    let _ = fs::remove_dir_all(&site);
    copy_dir(&root().join("examples").join(name), &site)?;
    copy_dir(&root().join(dist).join("pkg"), &site.join("pkg"))?;
    Ok(site.display().to_string())
}

/// examples/react-shell built by Vite into `out`/react-shell, with the package built into `dist`:
/// for dist/ the one its package.json installs (a link to dist/pkg), for another build (`e2e`'s)
/// that build's package instead.
fn build_react_shell(dist: &str, out: &str) -> Result<String> {
    tools::react_shell_packages()?;
    let site = root().join(out).join("react-shell").display().to_string();
    let mut vite = cmd(
        "npx",
        &[
            "vite",
            "build",
            "--outDir",
            &site,
            "--emptyOutDir",
            "--logLevel",
            "warn",
        ],
    );
    vite.current_dir(root().join("examples/react-shell"));
    if dist != "dist" {
        vite.env("APPKEYS_PKG", root().join(dist).join("pkg"));
    }
    run(vite)?;
    Ok(site)
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
    crate::postgres::server_tests(&[])?;
    crate::reliability::contract_fuzz(false)?;
    wasm_tests()?;
    // The release bundle: its bytes are checked against the budget, and the browser tests run
    // against exactly what ships.
    build_release()?;
    size::check(&root().join("dist"))?;
    e2e_against("dist", &[])
}

pub fn size(floor: bool) -> Result {
    build_release()?;
    size::contributors()?;
    if floor {
        size::floor()?;
    }
    size::check(&root().join("dist"))
}

pub fn bench(what: &str) -> Result {
    match what {
        "all" => {
            bench("browser")?;
            bench("server")
        }
        "browser" | "dialogs" => {
            tools::chromium()?;
            tools::bench_packages()?;
            build_release()?;
            let server = release_server()?;
            // `dialogs`: only a dialog opened for the first time; with APPKEYS_DIST_B (another
            // build's dist/) that build too.
            let mode: &[&str] = if what == "dialogs" {
                &["--dialogs"]
            } else {
                &[]
            };
            let mut browser = cmd("node", &["bench/browser.mjs"]);
            browser.args(mode);
            browser
                .env("APPKEYS_SERVER_BIN", server)
                .env("APPKEYS_DIST", root().join("dist"));
            run(browser)
        }
        "server" => {
            tools::wrk()?;
            // APPKEYS_BENCH_SERVER: another build of the server (an A/B against main, say).
            let server = match std::env::var_os("APPKEYS_BENCH_SERVER") {
                Some(bin) => PathBuf::from(bin),
                None => release_server()?,
            };
            // The PostgreSQL rows: a throwaway cluster (installed when missing) with fsync on, one
            // database for the one-instance runs and one for the two instances, stopped when this
            // returns.
            let cluster = crate::postgres::start_durable()?;
            let databases = [
                cluster.create_database("bench_one")?,
                cluster.create_database("bench_two")?,
            ];
            let mut load = cmd("node", &["bench/server-load.mjs"]);
            load.env("APPKEYS_SERVER_BIN", server)
                .env("APPKEYS_BENCH_POSTGRES", databases.join(" "));
            run(load)
        }
        other => Err(format!(
            "no benchmark {other:?}; there are: all, browser, dialogs, server"
        )),
    }
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

/// The Playwright suite (or the specs `args` name) against the release bundle in dist/: the
/// chunks only exist in it.
pub fn e2e(args: &[String]) -> Result {
    build_release()?;
    e2e_against("dist", args)
}

/// The Playwright suite against the app built into `dist` (with its package in `dist/pkg`).
fn e2e_against(dist: &str, args: &[String]) -> Result {
    tools::chromium()?;
    tools::e2e_packages()?;
    for example in EXAMPLES {
        assemble_example(example, dist, "target/e2e-examples")?;
    }
    build_react_shell(dist, "target/e2e-examples")?;
    run(cmd("cargo", &["build", "--package", "appkeys-server"]))?;
    let mut playwright = cmd("npx", &["playwright", "test"]);
    playwright
        .args(args)
        .current_dir(root().join("tests/e2e"))
        .env("APPKEYS_DIST", root().join(dist))
        .env("APPKEYS_EXAMPLES", root().join("target/e2e-examples"))
        .env(
            "APPKEYS_SERVER_BIN",
            root().join("target/debug/appkeys-server"),
        )
        .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
    run(playwright)
}
