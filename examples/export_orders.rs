//! Writes every order of the logged-in customer as JSON Lines on stdout (one order per line, for
//! shell pipelines); progress goes to stderr.
//!
//! ```text
//! MEDUSA_BACKEND_URL=http://localhost:9000 cargo run --example export_orders [session-file] > orders.jsonl
//! ```
//!
//! It starts from the session saved by the `login` example. Without `MEDUSA_BACKEND_URL` it runs
//! against the embedded demo backend with a freshly registered demo customer.

#[path = "support/demo_backend.rs"]
mod demo_backend;

use std::io::{BufWriter, Write};
use std::process::ExitCode;

use medusa_blocking::Medusa;
use medusa_blocking::customers::{CreateCustomer, ListOrders};

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("export_orders: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "medusa-session.json".to_string());
    let (demo, url) = match std::env::var("MEDUSA_BACKEND_URL") {
        Ok(url) if !url.trim().is_empty() => (None, url),
        _ => {
            let demo = demo_backend::DemoBackend::start()?;
            let url = demo.url();
            eprintln!("MEDUSA_BACKEND_URL is not set: using the embedded demo backend at {url}");
            (Some(demo), url)
        }
    };
    let medusa = if demo.is_some() {
        let medusa = Medusa::new(&url)?;
        medusa.customers().create(&CreateCustomer {
            email: format!("export.{}@example.com", std::process::id()),
            password: "demo-password".into(),
            ..Default::default()
        })?;
        medusa
    } else {
        Medusa::builder(&url)
            .max_retries(3)
            .load_session(&path)
            .build()?
    };

    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut n = 0u64;
    let params = ListOrders {
        limit: Some(50),
        ..Default::default()
    };
    for order in medusa.customers().iter_orders(&params) {
        let order = order.map_err(|e| match e.status() {
            Some(401) => format!("not logged in (run the login example first): {e}"),
            _ => e.to_string(),
        })?;
        serde_json::to_writer(&mut out, &order)?;
        out.write_all(b"\n")?;
        n += 1;
        if n.is_multiple_of(50) {
            eprintln!("exported {n} orders…");
        }
    }
    out.flush()?;
    eprintln!("exported {n} orders");
    Ok(())
}
