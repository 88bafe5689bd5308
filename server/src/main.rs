//! `appkeys-server`: parse the configuration, bind, announce, serve until Ctrl-C or SIGTERM.

use std::io::Write as _;

use anyhow::Context;
use appkeys_server::{App, Config, DEMO_USERS};
use clap::Parser;
use tokio::net::TcpListener;
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let config = Config::parse();
    // Logs go to stderr: stdout carries only the announcement lines that tools wait for.
    tracing_subscriber::fmt()
        // Colour codes only on a terminal: CI logs and log files stay plain text.
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .init();

    let listen = config.listen;
    let demo = config.demo;
    let app = App::build(config).await?;
    let listener = TcpListener::bind(listen)
        .await
        .with_context(|| format!("binding {listen}"))?;
    let addr = listener.local_addr()?;

    let mut out = std::io::stdout().lock();
    writeln!(out, "appkeys-server listening on http://{addr}")?;
    if demo {
        let password = app
            .generated_demo_password
            .as_deref()
            .unwrap_or("(the one given by --demo-password)");
        for user in DEMO_USERS {
            writeln!(out, "demo sign-in: username {user}, password {password}")?;
        }
    }
    out.flush()?;
    drop(out);

    appkeys_server::serve(app, listener, shutdown_signal()).await?;
    tracing::info!("shut down");
    Ok(())
}

/// Completes on Ctrl-C or SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutdown signal received; finishing in-flight requests");
}
