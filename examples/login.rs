//! Logs in with e-mail and password from the environment and saves the session to a file, so that
//! later runs (and the other examples) start logged in.
//!
//! ```text
//! MEDUSA_EMAIL=jane@example.com MEDUSA_PASSWORD=secret \
//!   MEDUSA_BACKEND_URL=http://localhost:9000 cargo run --example login [session-file]
//! ```
//!
//! Without `MEDUSA_BACKEND_URL` it runs against the embedded demo backend, registering a demo
//! customer first when no credentials are given.

use std::process::ExitCode;

use medusa_blocking::Medusa;
use medusa_blocking::customers::CreateCustomer;
use medusa_testkit::demo::v1::Backend;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("login: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let backend = Backend::from_env()?;
    if let Some(notice) = backend.notice() {
        eprintln!("{notice}");
    }
    let demo = backend.is_demo();
    // The demo backend lives only as long as this process: its session goes to a scratch file.
    let default_path = if demo {
        std::env::temp_dir()
            .join("medusa-blocking-demo-session.json")
            .display()
            .to_string()
    } else {
        "medusa-session.json".to_string()
    };
    let path = std::env::args().nth(1).unwrap_or(default_path);
    let mut builder = Medusa::builder(backend.url()).max_retries(2);
    if !demo {
        builder = builder.load_session(&path);
    }
    let medusa = builder.build()?;

    if let Ok(me) = medusa.customers().retrieve() {
        println!("already logged in as {} (session from {path})", me.email);
        return Ok(());
    }

    let (email, password) = match (
        std::env::var("MEDUSA_EMAIL"),
        std::env::var("MEDUSA_PASSWORD"),
    ) {
        (Ok(e), Ok(p)) => (e, p),
        _ if demo => {
            let email = format!("login.{}@example.com", std::process::id());
            let password = "demo-password".to_string();
            medusa.customers().create(&CreateCustomer {
                email: email.clone(),
                password: password.clone(),
                ..Default::default()
            })?;
            eprintln!("demo: registered {email}");
            (email, password)
        }
        _ => return Err("set MEDUSA_EMAIL and MEDUSA_PASSWORD".into()),
    };
    let me = medusa.auth().authenticate(&email, &password)?;
    medusa.save_session(&path)?;
    println!(
        "logged in as {} ({}); session saved to {path}",
        me.email, me.id
    );
    Ok(())
}
