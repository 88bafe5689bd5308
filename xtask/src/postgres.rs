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
    /// postgres://postgres@127.0.0.1:PORT/postgres: a superuser, so tests may create databases.
    pub url: String,
}

/// Starts a cluster, installing PostgreSQL first if it is missing.
pub fn start() -> Result<Cluster> {
    let bin = match installed() {
        Some(bin) => bin,
        None => {
            tools::apt_install(&["postgresql"])?;
            installed()
                .ok_or("PostgreSQL was installed, but no initdb is in /usr/lib/postgresql")?
        }
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
    };
    let started = Instant::now();
    if is_root() {
        run(cmd(
            "chown",
            &["-R", "postgres:postgres", &cluster.path("")],
        ))?;
    }
    run(cluster.as_owner(
        "initdb",
        &["-D", &cluster.path("data"), "-U", "postgres", "-A", "trust"],
    ))?;
    // Loopback only; fsync off, as the cluster dies with the run (the server's own durability
    // is SQLite's and PostgreSQL's business, not this test cluster's).
    let options = format!(
        "-k {} -p {port} -c listen_addresses=127.0.0.1 -c max_connections=500 -c fsync=off",
        cluster.path("socket")
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
        "PostgreSQL test cluster on 127.0.0.1:{port}, started in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok(cluster)
}

impl Cluster {
    fn path(&self, name: &str) -> String {
        self.dir.join(name).display().to_string()
    }

    /// One of PostgreSQL's programs, run as the cluster's owner.
    fn as_owner(&self, program: &str, args: &[&str]) -> Command {
        let program = self.bin.join(program).display().to_string();
        if !is_root() {
            return cmd(&program, args);
        }
        let mut full = vec!["-u", "postgres", "--", program.as_str()];
        full.extend_from_slice(args);
        cmd("runuser", &full)
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

/// The server's test suite on a throwaway cluster: each test gets a database of its own there.
pub fn server_tests() -> Result {
    let started = Instant::now();
    let cluster = start()?;
    let mut tests = cmd("cargo", &["test", "--package", "appkeys-server"]);
    tests.env("APPKEYS_TEST_POSTGRES", &cluster.url);
    let passed = run(tests);
    drop(cluster);
    println!(
        "the server's tests on PostgreSQL took {:.0} s in all",
        started.elapsed().as_secs_f64()
    );
    passed
}
