//! `cargo xtask …`: what a newcomer and CI run. Each command installs the tools it needs first.

mod bundle;
mod package;
mod postgres;
mod reliability;
mod run;
mod short_imports;
mod size;
mod tasks;
mod tools;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "cargo xtask", about = "Build, run and test appkeys")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the app in release and serve it with the reference server and demo accounts.
    Serve {
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1:8080")]
        listen: String,
        /// Serve a host page from examples/ instead of the standalone app
        /// (console-shell, custom-element, themed-cross-origin, react-shell).
        #[arg(long)]
        example: Option<String>,
        /// The server's database: a PostgreSQL URL (postgres://user@host/db, a server that
        /// already runs) or a SQLite file; by default data/appkeys.db.
        #[arg(long)]
        db: Option<String>,
    },
    /// Everything CI checks: format, lints, native, server (on SQLite, then on a throwaway
    /// PostgreSQL cluster), wasm and browser tests.
    Test,
    /// Only the server's tests on a throwaway PostgreSQL cluster (installed when missing);
    /// arguments after `--` go to `cargo test` (`cargo xtask test-postgres -- --test webhooks`).
    TestPostgres {
        #[arg(last = true)]
        cargo_test: Vec<String>,
    },
    /// Only the Playwright end-to-end suite (tests/e2e) against the release bundle; arguments
    /// after `--` go to Playwright (`cargo xtask e2e -- specs/01 --repeat-each 10`).
    E2e {
        #[arg(last = true)]
        playwright: Vec<String>,
    },
    /// Build the release bundle into dist/.
    Build,
    /// Build the release bundle and print its bytes, the budget and the largest contributors.
    Size {
        /// Also build and measure the floor: the smallest Leptos pages built the same way
        /// (bench/floor).
        #[arg(long)]
        floor: bool,
    },
    /// Benchmarks that print figures: `browser` (the page against a plain-JS baseline in
    /// Chromium), `dialogs` (a dialog opened for the first time; APPKEYS_DIST_B adds another
    /// build), `server` (wrk load on list, create, token), or `all` (browser and server).
    Bench {
        #[arg(default_value = "all")]
        what: String,
    },
    /// Long fuzzing: schemathesis with 300 examples per operation, then the property tests with
    /// more cases.
    Fuzz {
        #[arg(long, default_value_t = 5000)]
        cases: u32,
    },
    /// Crash safety with many runs: SIGKILL the server mid-load, restart, count lost keys.
    Crash {
        #[arg(long, default_value_t = 200)]
        runs: u32,
    },
    /// Soak: 10 minutes of mixed traffic at 32 connections; errors, p99 drift, server RSS.
    Soak,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Serve {
            listen,
            example,
            db,
        } => tasks::serve(&listen, example.as_deref(), db.as_deref()),
        Command::Test => tasks::test(),
        Command::TestPostgres { cargo_test } => postgres::server_tests(&cargo_test),
        Command::E2e { playwright } => tasks::e2e(&playwright),
        Command::Build => tasks::build_release(),
        Command::Size { floor } => tasks::size(floor),
        Command::Bench { what } => tasks::bench(&what),
        Command::Fuzz { cases } => reliability::fuzz(cases),
        Command::Crash { runs } => reliability::crash(runs),
        Command::Soak => reliability::soak(),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}
