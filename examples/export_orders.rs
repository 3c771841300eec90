//! Writes every order of the logged-in customer as JSON Lines on stdout (one order per line, for
//! shell pipelines); progress goes to stderr.
//!
//! ```text
//! MEDUSA_BACKEND_URL=http://localhost:9000 cargo run --example export_orders [session-file] > orders.jsonl
//! ```
//!
//! It starts from the session saved by the `login` example. Without `MEDUSA_BACKEND_URL` it runs
//! against the embedded demo backend with a freshly registered demo customer.

use std::io::{BufWriter, Write};
use std::process::ExitCode;

use medusa_blocking::Medusa;
use medusa_blocking::customers::{CreateCustomer, ListOrders};
use medusa_testkit::demo::v1::Backend;

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
    let backend = Backend::from_env()?;
    if let Some(notice) = backend.notice() {
        eprintln!("{notice}");
    }
    let medusa = if backend.is_demo() {
        let medusa = Medusa::new(backend.url())?;
        medusa.customers().create(&CreateCustomer {
            email: format!("export.{}@example.com", std::process::id()),
            password: "demo-password".into(),
            ..Default::default()
        })?;
        medusa
    } else {
        Medusa::builder(backend.url())
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
