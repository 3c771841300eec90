//! Logs in with e-mail and password from the environment and saves the session to a file, so that
//! later runs (and the other examples) start logged in; on Medusa v2 or v1.
//!
//! ```text
//! MEDUSA_EMAIL=jane@example.com MEDUSA_PASSWORD=secret \
//!   MEDUSA_BACKEND_URL=http://localhost:9000 cargo run --example login [session-file]
//! ```
//!
//! The API is detected (or `MEDUSA_API=v1|v2`); a v2 backend also needs
//! `MEDUSA_V2_PUBLISHABLE_KEY` (see `examples/common/mod.rs`). The session file records its API
//! and server: a file of the other API is refused, not overwritten. Without a backend URL it runs
//! against the embedded demo backend (v2 unless `MEDUSA_API=v1`), registering a demo customer
//! first when no credentials are given.

mod common;

use std::error::Error;
use std::process::ExitCode;

use common::Target;
use medusa_testkit::demo::{v1, v2};

fn main() -> ExitCode {
    let outcome = common::choose().and_then(|target| match target {
        Target::V1(backend) => run_v1(&backend),
        Target::V2(backend, _) => run_v2(&backend),
    });
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("login: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The session file: the first argument, else `medusa-session.json`, or for a demo backend
/// (which lives only as long as this process) a scratch file.
fn session_path(demo: bool, api: &str) -> String {
    std::env::args().nth(1).unwrap_or_else(|| {
        if demo {
            common::demo_session_path(api)
        } else {
            "medusa-session.json".to_string()
        }
    })
}

/// `MEDUSA_EMAIL` and `MEDUSA_PASSWORD`, if both are set.
fn credentials() -> Option<(String, String)> {
    Some((
        std::env::var("MEDUSA_EMAIL").ok()?,
        std::env::var("MEDUSA_PASSWORD").ok()?,
    ))
}

fn demo_email() -> String {
    format!("login.{}@example.com", std::process::id())
}

fn run_v1(backend: &v1::Backend) -> Result<(), Box<dyn Error>> {
    use medusa_blocking::v1::Medusa;
    use medusa_blocking::v1::store::params::CreateCustomer;

    if let Some(notice) = backend.notice() {
        eprintln!("{notice}");
    }
    let demo = backend.is_demo();
    let path = session_path(demo, "v1");
    let mut builder = Medusa::builder(backend.url()).max_retries(2);
    if !demo {
        builder = builder.load_session(&path);
    }
    let medusa = builder.build()?;

    if let Ok(me) = medusa.customers().retrieve() {
        println!("already logged in as {} (session from {path})", me.email);
        return Ok(());
    }

    let (email, password) = match credentials() {
        Some(c) => c,
        None if demo => {
            let (email, password) = (demo_email(), "demo-password".to_string());
            medusa.customers().create(&CreateCustomer {
                email: email.clone(),
                password: password.clone(),
                ..Default::default()
            })?;
            eprintln!("demo: registered {email}");
            (email, password)
        }
        None => return Err("set MEDUSA_EMAIL and MEDUSA_PASSWORD".into()),
    };
    let me = medusa.auth().authenticate(&email, &password)?;
    medusa.save_session(&path)?;
    println!(
        "logged in as {} ({}); session saved to {path}",
        me.email, me.id
    );
    Ok(())
}

fn run_v2(backend: &v2::Backend) -> Result<(), Box<dyn Error>> {
    use medusa_blocking::v2::store::params::CreateCustomer;

    if let Some(notice) = backend.notice() {
        eprintln!("{notice}");
    }
    let demo = backend.is_demo();
    let path = session_path(demo, "v2");
    let mut builder = common::v2_client(backend, 2);
    if !demo {
        builder = builder.load_session(&path);
    }
    let medusa = builder.build()?;

    // The saved token works (the client refreshes it when it is about to run out; the fresh one
    // is saved for the next run).
    let saved = medusa.bearer_token();
    if saved.is_some()
        && let Ok(me) = medusa.customers().retrieve()
    {
        if medusa.bearer_token() != saved {
            medusa.save_session(&path)?;
        }
        println!("already logged in as {} (session from {path})", me.email);
        return Ok(());
    }

    let (email, password) = match credentials() {
        Some(c) => c,
        None if demo => {
            let (email, password) = (demo_email(), "demo-password".to_string());
            medusa
                .customers()
                .create(&CreateCustomer::new(&email, &password))?;
            eprintln!("demo: registered {email}");
            (email, password)
        }
        None => return Err("set MEDUSA_EMAIL and MEDUSA_PASSWORD".into()),
    };
    let me = medusa.auth().authenticate(&email, &password)?;
    medusa.save_session(&path)?;
    println!(
        "logged in as {} ({}); session saved to {path}",
        me.email, me.id
    );
    Ok(())
}
