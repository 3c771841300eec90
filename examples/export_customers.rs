//! Exports every customer with its groups through the Admin API as JSON Lines on stdout (one
//! customer per line: id, e-mail, names, phone, whether it has an account, metadata, the ids and
//! names of its groups, created_at); progress on stderr. Memory stays at one page of customers,
//! however many there are.
//!
//! ```text
//! cargo run --example export_customers > customers.jsonl
//! ```
//!
//! Backend and credentials as the `import_customers` example: without a URL, the embedded
//! Medusa v2 demo backend (which first gets the import's sample rows, so that there is
//! something to export).

mod common;

use std::error::Error;
use std::io::{BufWriter, Write};
use std::process::ExitCode;

use common::{Target, env};
use serde_json::{Value, json};

fn main() -> ExitCode {
    let outcome = common::choose().and_then(|target| match target {
        Target::V2(backend, _) => v2(&backend),
        Target::V1(backend) => v1(&backend),
    });
    match outcome {
        Ok(n) => {
            eprintln!("export_customers: {n} customers");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("export_customers: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Writes each line; progress every 500 customers.
fn export(
    lines: impl Iterator<Item = medusa_blocking::Result<Value>>,
) -> Result<u64, Box<dyn Error>> {
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut n = 0u64;
    for line in lines {
        serde_json::to_writer(&mut out, &line?)?;
        out.write_all(b"\n")?;
        n += 1;
        if n.is_multiple_of(500) {
            eprintln!("export_customers: {n} customers");
        }
    }
    out.flush()?;
    Ok(n)
}

fn v2(backend: &medusa_testkit::demo::v2::Backend) -> Result<u64, Box<dyn Error>> {
    use medusa_blocking::import::{ImportOptions, ImportRow};
    use medusa_blocking::v2::admin::Admin;
    use medusa_blocking::v2::admin::params::ListCustomers;
    if let Some(notice) = backend.notice() {
        eprintln!("{notice}");
    }
    let mut builder = Admin::builder(backend.url()).max_retries(3);
    if let Some(key) = backend.secret_api_key() {
        builder = builder.secret_api_key(key);
    }
    let admin = builder.build()?;
    if backend.secret_api_key().is_none() {
        let (Some(email), Some(password)) =
            (env("MEDUSA_ADMIN_EMAIL"), env("MEDUSA_ADMIN_PASSWORD"))
        else {
            return Err("set MEDUSA_V2_SECRET_API_KEY, or MEDUSA_ADMIN_EMAIL and \
                        MEDUSA_ADMIN_PASSWORD"
                .into());
        };
        admin.auth().login(&email, &password)?;
    }
    if backend.is_demo() {
        let rows: Vec<ImportRow> = ["ada", "alan", "grace"]
            .iter()
            .map(|n| ImportRow::new(format!("demo-{n}"), format!("{n}@example.com")).first_name(*n))
            .collect();
        admin
            .customers()
            .import(&rows, &ImportOptions::default(), |_, _, _| {});
    }
    let all = ListCustomers {
        fields: Some("+groups.id,+groups.name".into()),
        order: Some("created_at".into()),
        limit: Some(200),
        ..Default::default()
    };
    export(admin.customers().iter(&all).map(|c| {
        c.map(|c| {
            let groups: Vec<Value> = c
                .groups
                .iter()
                .flatten()
                .map(|g| json!({"id": g.id, "name": g.name}))
                .collect();
            json!({
                "id": c.id, "email": c.email, "first_name": c.first_name,
                "last_name": c.last_name, "phone": c.phone, "has_account": c.has_account,
                "metadata": c.metadata, "groups": groups, "created_at": c.created_at,
            })
        })
    }))
}

fn v1(backend: &medusa_testkit::demo::v1::Backend) -> Result<u64, Box<dyn Error>> {
    use medusa_blocking::v1::admin::Admin;
    use medusa_blocking::v1::admin::params::ListCustomers;
    if backend.is_demo() {
        return Err("the embedded Medusa v1 demo backend has no Admin API: set \
                    MEDUSA_BACKEND_URL to a Medusa 1.x server (or leave MEDUSA_API unset for \
                    the v2 demo)"
            .into());
    }
    let mut builder = Admin::builder(backend.url()).max_retries(3);
    if let Some(token) = env("MEDUSA_ADMIN_API_TOKEN") {
        builder = builder.api_token(token);
    }
    let admin = builder.build()?;
    if env("MEDUSA_ADMIN_API_TOKEN").is_none() {
        let (Some(email), Some(password)) =
            (env("MEDUSA_ADMIN_EMAIL"), env("MEDUSA_ADMIN_PASSWORD"))
        else {
            return Err(
                "set MEDUSA_ADMIN_API_TOKEN, or MEDUSA_ADMIN_EMAIL and MEDUSA_ADMIN_PASSWORD"
                    .into(),
            );
        };
        admin.auth().login(&email, &password)?;
    }
    let all = ListCustomers {
        expand: Some("groups".into()),
        order: Some("created_at".into()),
        limit: Some(200),
        ..Default::default()
    };
    export(admin.customers().iter(&all).map(|c| {
        c.map(|c| {
            let groups: Vec<Value> = c
                .groups
                .iter()
                .flatten()
                .map(|g| json!({"id": g.id, "name": g.name}))
                .collect();
            json!({
                "id": c.id, "email": c.email, "first_name": c.first_name,
                "last_name": c.last_name, "phone": c.phone, "has_account": c.has_account,
                "metadata": c.metadata, "groups": groups, "created_at": c.created_at,
            })
        })
    }))
}
