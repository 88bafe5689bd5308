//! The real server binary in a process of its own, for what only a process can show: a SIGKILL at
//! any moment. Demo accounts alice and bob with [`super::PASSWORD`].

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, ChildStdout, Command, Stdio};

/// The server binary, running on `db`; killed (SIGKILL) when dropped.
pub struct Running {
    child: Child,
    /// e.g. http://127.0.0.1:PORT/api/1.0
    pub base: String,
    _stdout: BufReader<ChildStdout>,
}

impl Running {
    pub fn start(db: &Path, extra: &[&str]) -> Running {
        let mut child = Command::new(env!("CARGO_BIN_EXE_appkeys-server"))
            .args(["--listen", "127.0.0.1:0", "--db"])
            .arg(db)
            .args([
                "--demo",
                "--demo-password",
                super::PASSWORD,
                "--light-password-hash",
            ])
            .args(extra)
            .env("RUST_LOG", "warn")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start the server binary");
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        stdout.read_line(&mut line).expect("the start line");
        let root = line
            .trim()
            .strip_prefix("appkeys-server listening on ")
            .unwrap_or_else(|| panic!("unexpected start line: {line:?}"))
            .to_string();
        Running {
            child,
            base: format!("{root}/api/1.0"),
            _stdout: stdout,
        }
    }

    /// SIGKILL (what `Child::kill` sends on Unix): no shutdown code runs at all.
    pub fn kill(&mut self) {
        self.child.kill().expect("SIGKILL");
        self.child.wait().expect("reap");
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
