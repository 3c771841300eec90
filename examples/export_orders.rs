//! Writes every order of the logged-in customer as JSON Lines on stdout (one order per line, for
//! shell pipelines); progress goes to stderr. On Medusa v2 or v1.
//!
//! ```text
//! MEDUSA_BACKEND_URL=http://localhost:9000 cargo run --example export_orders [session-file] > orders.jsonl
//! ```
//!
//! It starts from the session saved by the `login` example (the file says which API it is
//! for). The API is detected (or `MEDUSA_API=v1|v2`); see `examples/common/mod.rs`. Without a
//! backend URL it runs against the embedded demo backend (v2 unless `MEDUSA_API=v1`) with a
//! freshly registered demo customer.

mod common;

use std::error::Error;
use std::io::{BufWriter, Write};
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
            eprintln!("export_orders: {e}");
            ExitCode::FAILURE
        }
    }
}

fn session_path() -> String {
    std::env::args()
        .nth(1)
        .unwrap_or_else(|| "medusa-session.json".to_string())
}

fn demo_email() -> String {
    format!("export.{}@example.com", std::process::id())
}

/// Writes each order as one JSON line; progress every 50 orders.
fn export<T: serde::Serialize>(
    orders: impl Iterator<Item = medusa_blocking::Result<T>>,
) -> Result<(), Box<dyn Error>> {
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut n = 0u64;
    for order in orders {
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

fn run_v1(backend: &v1::Backend) -> Result<(), Box<dyn Error>> {
    use medusa_blocking::v1::Medusa;
    use medusa_blocking::v1::store::params::{CreateCustomer, ListOrders};

    let path = session_path();
    if let Some(notice) = backend.notice() {
        eprintln!("{notice}");
    }
    let medusa = if backend.is_demo() {
        let medusa = Medusa::new(backend.url())?;
        medusa.customers().create(&CreateCustomer {
            email: demo_email(),
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
    let params = ListOrders {
        limit: Some(50),
        ..Default::default()
    };
    export(medusa.customers().iter_orders(&params))
}

fn run_v2(backend: &v2::Backend) -> Result<(), Box<dyn Error>> {
    use medusa_blocking::v2::store::params::{CreateCustomer, ListOrders};

    let path = session_path();
    if let Some(notice) = backend.notice() {
        eprintln!("{notice}");
    }
    let demo = backend.is_demo();
    let medusa = if demo {
        let medusa = common::v2_client(backend, 0).build()?;
        medusa
            .customers()
            .create(&CreateCustomer::new(demo_email(), "demo-password"))?;
        medusa
    } else {
        common::v2_client(backend, 3).load_session(&path).build()?
    };
    let saved = medusa.bearer_token();
    let params = ListOrders {
        limit: Some(50),
        ..Default::default()
    };
    export(medusa.customers().iter_orders(&params))?;
    // The client refreshes a token that is about to run out: keep the fresh one for next time.
    if !demo && medusa.bearer_token() != saved {
        medusa.save_session(&path)?;
        eprintln!("session refreshed and saved to {path}");
    }
    Ok(())
}
