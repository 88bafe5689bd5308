//! Reliability runs that print figures: contract fuzzing with schemathesis (short in `test`, long in
//! `fuzz`), longer property tests, and the crash-safety test with many SIGKILL runs.

use crate::run::{cmd, run, Result};

/// schemathesis against api/openapi.yaml on the debug server binary (tests/contract/run_schemathesis.py):
/// 30 examples per operation, or 300 with `long`. Installs schemathesis into target/contract-venv.
pub fn contract_fuzz(long: bool) -> Result {
    run(cmd("cargo", &["build", "--package", "appkeys-server"]))?;
    let mut args = vec!["tests/contract/run_schemathesis.py"];
    if long {
        args.push("--long");
    }
    run(cmd("python3", &args))
}

/// The long fuzzing run: contract fuzzing with 300 examples per operation, then the property tests
/// (description validation over HTTP, the app's response decoder) with `cases` cases each.
pub fn fuzz(cases: u32) -> Result {
    contract_fuzz(true)?;
    for (package, test) in [("appkeys-server", "props"), ("appkeys", "decode_props")] {
        let mut props = cmd(
            "cargo",
            &[
                "test",
                "--package",
                package,
                "--test",
                test,
                "--",
                "--nocapture",
            ],
        );
        props.env("PROPTEST_CASES", cases.to_string());
        run(props)?;
    }
    Ok(())
}

/// The crash-safety test (server/tests/crash.rs) with `runs` SIGKILL runs instead of 20.
pub fn crash(runs: u32) -> Result {
    let mut test = cmd(
        "cargo",
        &[
            "test",
            "--package",
            "appkeys-server",
            "--test",
            "crash",
            "--",
            "--nocapture",
        ],
    );
    test.env("APPKEYS_CRASH_RUNS", runs.to_string());
    run(test)
}

/// The soak (tests/soak/soak.mjs): 10 minutes of mixed traffic from 32 clients against the release
/// server, with the error count, p99 per minute (drift) and the server's RSS at start and end.
pub fn soak() -> Result {
    run(cmd(
        "cargo",
        &["build", "--release", "--package", "appkeys-server"],
    ))?;
    let mut soak = cmd("node", &["tests/soak/soak.mjs"]);
    soak.env(
        "APPKEYS_SERVER_BIN",
        crate::run::root().join("target/release/appkeys-server"),
    );
    run(soak)
}
