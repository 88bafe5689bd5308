//! A throwaway PostgreSQL cluster for a test run: Debian's PostgreSQL (installed when missing),
//! initdb in a temporary folder, listening on a free loopback port (and a Unix socket in that
//! folder), stopped and deleted when the [`Cluster`] is dropped, so also when the run fails. As
//! root, the cluster runs as the `postgres` user, which PostgreSQL requires.

use std::fs;
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::Command;
use std::time::Instant;

use crate::run::{cmd, output, run, Result};
use crate::tools;

/// Where Debian puts each major version's programs.
const DEBIAN_BINARIES: &str = "/usr/lib/postgresql";

pub struct Cluster {
    bin: PathBuf,
    dir: PathBuf,
    port: u16,
    /// postgres://postgres@127.0.0.1:PORT/postgres: a superuser, so tests may create databases.
    pub url: String,
}

/// Starts a cluster for tests (fsync off: it dies with the run), installing PostgreSQL first if it
/// is missing.
pub fn start() -> Result<Cluster> {
    start_with(false)
}

/// Starts a cluster that syncs its commits to disk as a production one does (for the benchmark,
/// beside SQLite's `synchronous=FULL`), installing PostgreSQL first if it is missing.
pub fn start_durable() -> Result<Cluster> {
    start_with(true)
}

fn start_with(fsync: bool) -> Result<Cluster> {
    let bin = match installed() {
        Some(bin) => {
            println!("PostgreSQL: using {}", bin.display());
            bin
        }
        None => install()?,
    };
    let dir = std::env::temp_dir().join(format!("appkeys-postgres-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(dir.join("socket"))
        .map_err(|e| format!("creating {}: {e}", dir.display()))?;
    let port = free_port()?;
    let cluster = Cluster {
        url: format!("postgres://postgres@127.0.0.1:{port}/postgres"),
        bin,
        dir,
        port,
    };
    let started = Instant::now();
    if is_root() {
        // PostgreSQL refuses to run as root: the cluster's folder goes to the `postgres` user
        // (created by Debian's package), who must also be able to reach it.
        run(cmd(
            "chown",
            &["-R", "postgres:postgres", &cluster.path("")],
        ))?;
        run(cluster.as_owner("test", &["-w", &cluster.path("")])).map_err(|_| {
            format!(
                "the postgres user cannot write to {} (is a folder above it private? set TMPDIR to one it can reach, e.g. /tmp)",
                cluster.path("")
            )
        })?;
    }
    // The locale and encoding are named, so that initdb works whatever LANG says (C.UTF-8 is
    // built into Debian's glibc; a LANG whose locale was never generated would fail), and text
    // sorts byte-wise, as in SQLite.
    run(cluster.as_owner(
        "initdb",
        &[
            "-D",
            &cluster.path("data"),
            "-U",
            "postgres",
            "-A",
            "trust",
            "--encoding=UTF8",
            "--locale=C.UTF-8",
        ],
    ))?;
    // Loopback only; for tests fsync off, as the cluster dies with the run (the server's own
    // durability is SQLite's and PostgreSQL's business, not this test cluster's).
    let options = format!(
        "-k {} -p {port} -c listen_addresses=127.0.0.1 -c max_connections=500 -c fsync={}",
        cluster.path("socket"),
        if fsync { "on" } else { "off" }
    );
    run(cluster.as_owner(
        "pg_ctl",
        &[
            "-D",
            &cluster.path("data"),
            "-l",
            &cluster.path("log"),
            "-o",
            &options,
            "-w",
            "start",
        ],
    ))?;
    println!(
        "PostgreSQL throwaway cluster on 127.0.0.1:{port} (fsync {}), started in {:.1} s",
        if fsync { "on" } else { "off" },
        started.elapsed().as_secs_f64()
    );
    Ok(cluster)
}

impl Cluster {
    fn path(&self, name: &str) -> String {
        self.dir.join(name).display().to_string()
    }

    /// One of PostgreSQL's programs (or, given a plain name like `test`, a system one), run as
    /// the cluster's owner, in the cluster's folder: initdb fails ("could not identify current
    /// directory") when the owner cannot read the folder it starts in, e.g. a checkout in /root.
    fn as_owner(&self, program: &str, args: &[&str]) -> Command {
        let bin = self.bin.join(program);
        let program = if bin.exists() {
            bin.display().to_string()
        } else {
            program.to_string()
        };
        let mut command = if is_root() {
            let mut full = vec!["-u", "postgres", "--", program.as_str()];
            full.extend_from_slice(args);
            cmd("runuser", &full)
        } else {
            cmd(&program, args)
        };
        command.current_dir(&self.dir);
        command
    }

    /// Creates a database `name` on the cluster; returns its URL.
    pub fn create_database(&self, name: &str) -> Result<String> {
        let port = self.port.to_string();
        run(self.as_owner(
            "createdb",
            &["-h", "127.0.0.1", "-p", &port, "-U", "postgres", name],
        ))?;
        Ok(format!("postgres://postgres@127.0.0.1:{port}/{name}"))
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = run(self.as_owner("pg_ctl", &["-D", &self.path("data"), "-m", "fast", "stop"]));
        let _ = fs::remove_dir_all(&self.dir);
    }
}

/// The bin directory of the newest PostgreSQL that Debian installed, if any.
fn installed() -> Option<PathBuf> {
    let mut versions: Vec<(u32, PathBuf)> = fs::read_dir(DEBIAN_BINARIES)
        .ok()?
        .filter_map(|entry| {
            let entry = entry.ok()?;
            let version = entry.file_name().to_str()?.parse().ok()?;
            let bin = entry.path().join("bin");
            bin.join("initdb").exists().then_some((version, bin))
        })
        .collect();
    versions.sort();
    versions.pop().map(|(_, bin)| bin)
}

/// Debian's PostgreSQL, on a machine that has none. As root only (otherwise: an error naming the
/// package). `tools::apt_install` runs `apt-get update` first (a fresh image has no package lists),
/// then installs with `DEBIAN_FRONTEND=noninteractive`, waiting for the dpkg lock if another apt
/// runs. The package creates the `postgres` user, and its post-install script also creates
/// Debian's default cluster (`main`, port 5432) and starts it where services can start; the runs
/// here never use it, they start a cluster of their own.
fn install() -> Result<PathBuf> {
    println!(
        "PostgreSQL: none in {DEBIAN_BINARIES}; installing Debian's `postgresql` package (apt-get update, then apt-get install)"
    );
    tools::apt_install(&["postgresql"])?;
    let bin = installed().ok_or(format!(
        "PostgreSQL was installed, but no {DEBIAN_BINARIES}/*/bin/initdb is there"
    ))?;
    if output("id", &["-u", "postgres"]).is_none() {
        return Err("PostgreSQL was installed, but there is no `postgres` user".into());
    }
    println!("PostgreSQL: installed {}", bin.display());
    Ok(bin)
}

fn is_root() -> bool {
    output("id", &["-u"]).is_some_and(|id| id.trim() == "0")
}

/// A loopback port free now (the kernel's pick, released at once for PostgreSQL to take).
fn free_port() -> Result<u16> {
    let listener =
        TcpListener::bind("127.0.0.1:0").map_err(|e| format!("finding a free port: {e}"))?;
    listener
        .local_addr()
        .map(|addr| addr.port())
        .map_err(|e| e.to_string())
}

/// The server's test suite (or what `cargo_test`'s arguments pick of it) on a throwaway cluster:
/// each test gets a database of its own there.
pub fn server_tests(cargo_test: &[String]) -> Result {
    let started = Instant::now();
    let cluster = start()?;
    let mut tests = cmd("cargo", &["test", "--package", "appkeys-server"]);
    tests.args(cargo_test);
    tests.env("APPKEYS_TEST_POSTGRES", &cluster.url);
    let passed = run(tests);
    drop(cluster);
    println!(
        "the server's tests on PostgreSQL took {:.0} s in all",
        started.elapsed().as_secs_f64()
    );
    passed
}
