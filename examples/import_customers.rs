//! Imports customers from a CSV file through the Admin API, so that a batch job can run it
//! again: a rerun over the same rows creates nothing. One result line per row on stdout
//! (`created`, `already there`, `conflict`, `failed`, tab-separated with the row's reference,
//! e-mail and the customer id or the reason); progress and the summary on stderr; the exit
//! status is 1 when a row failed or conflicts with an existing customer.
//!
//! ```text
//! cargo run --example import_customers [customers.csv | -]     # no file: a built-in sample
//! ```
//!
//! The CSV has a header line and the columns `reference,email,first_name,last_name,phone,groups`
//! (`groups`: group names separated by `;`, created when missing). E-mails are lower-cased
//! (Medusa v1 stores them so; v2 matches them exactly). Medusa v1 needs a first and a last name.
//!
//! Backend: as every example (`examples/common/mod.rs`). Without a URL it runs on the embedded
//! Medusa v2 demo backend, with its secret API key. On a real v2 backend it uses
//! `MEDUSA_V2_SECRET_API_KEY` (or `MEDUSA_ADMIN_EMAIL` and `MEDUSA_ADMIN_PASSWORD`); on v1
//! `MEDUSA_ADMIN_API_TOKEN` (or the e-mail and password). `IMPORT_THREADS` (default 4).

mod common;

use std::collections::HashMap;
use std::error::Error;
use std::io::Write;
use std::process::ExitCode;

use common::{Target, env};
use medusa_blocking::import::{ImportOptions, ImportRow, ImportSummary, RowOutcome};

/// The sample imported when no file is given: the same rows every run, so a second run shows
/// the rerun creating nothing (on a real backend; the demo forgets at exit).
const SAMPLE: &str = "\
reference,email,first_name,last_name,phone,groups
legacy-1001,ada.lovelace@example.com,Ada,Lovelace,+441000000001,VIP;Newsletter
legacy-1002,alan.turing@example.com,Alan,Turing,,Newsletter
legacy-1003,Grace.Hopper@Example.com,Grace,Hopper,+15550001003,
legacy-1004,edsger.dijkstra@example.com,Edsger,Dijkstra,,VIP
legacy-1005,barbara.liskov@example.com,Barbara,Liskov,,
legacy-1006,donald.knuth@example.com,Donald,Knuth,,Newsletter
";

fn main() -> ExitCode {
    let rows = match read_rows() {
        Ok(rows) => rows,
        Err(e) => {
            eprintln!("import_customers: {e}");
            return ExitCode::FAILURE;
        }
    };
    let threads = env("IMPORT_THREADS")
        .and_then(|t| t.parse().ok())
        .unwrap_or(4);
    let options = ImportOptions::default().threads(threads);
    let outcome = common::choose().and_then(|target| match target {
        Target::V2(backend, _) => v2(&backend, rows, &options),
        Target::V1(backend) => v1(&backend, rows, &options),
    });
    match outcome {
        Ok(summary) => {
            eprintln!("import_customers: {summary}");
            if summary.is_clean() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Err(e) => {
            eprintln!("import_customers: {e}");
            ExitCode::FAILURE
        }
    }
}

/// A row and its group names (resolved to ids per backend).
struct Source {
    row: ImportRow,
    groups: Vec<String>,
}

fn read_rows() -> Result<Vec<Source>, Box<dyn Error>> {
    let text = match std::env::args().nth(1).as_deref() {
        None => SAMPLE.to_string(),
        Some("-") => std::io::read_to_string(std::io::stdin())?,
        Some(path) => std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?,
    };
    let mut lines = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty());
    let header = lines.next().ok_or("the CSV is empty")?.1;
    let columns = split_csv(header);
    let at = |name: &str| columns.iter().position(|c| c.trim() == name);
    let (Some(reference), Some(email)) = (at("reference"), at("email")) else {
        return Err("the CSV needs the columns reference and email".into());
    };
    let mut rows = Vec::new();
    for (n, line) in lines {
        let fields = split_csv(line);
        let get = |i: Option<usize>| {
            i.and_then(|i| fields.get(i))
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
        };
        let mut row = ImportRow::new(
            get(Some(reference)).unwrap_or_default(),
            get(Some(email)).unwrap_or_default().to_lowercase(),
        );
        if row.reference.is_empty() {
            return Err(format!("line {}: no reference", n + 1).into());
        }
        row.first_name = get(at("first_name"));
        row.last_name = get(at("last_name"));
        row.phone = get(at("phone"));
        let groups = get(at("groups"))
            .map(|g| {
                g.split(';')
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect()
            })
            .unwrap_or_default();
        rows.push(Source { row, groups });
    }
    Ok(rows)
}

/// One CSV line: fields separated by commas, `"…"` quoting with `""` for a quote.
fn split_csv(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        let field = fields.last_mut().expect("one field at least");
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            ('"', _) => quoted = !quoted,
            (',', false) => fields.push(String::new()),
            (c, _) => field.push(c),
        }
    }
    fields
}

/// The rows with their group names replaced by ids (`resolve` finds or makes a group).
fn with_group_ids(
    sources: Vec<Source>,
    mut resolve: impl FnMut(&str) -> medusa_blocking::Result<String>,
) -> Result<Vec<ImportRow>, Box<dyn Error>> {
    let mut ids: HashMap<String, String> = HashMap::new();
    let mut rows = Vec::new();
    for Source { mut row, groups } in sources {
        for name in groups {
            let id = match ids.get(&name) {
                Some(id) => id.clone(),
                None => {
                    let id = resolve(&name).map_err(|e| format!("group {name:?}: {e}"))?;
                    ids.insert(name, id.clone());
                    id
                }
            };
            row.groups.push(id);
        }
        rows.push(row);
    }
    Ok(rows)
}

/// Prints one line per row, and progress every 100 rows.
fn reporter<C>(
    total: usize,
    id: impl Fn(&C) -> &str,
) -> impl FnMut(usize, &ImportRow, RowOutcome<C>) {
    let stdout = std::io::stdout();
    let mut done = 0usize;
    move |_, row, outcome| {
        let detail = match &outcome {
            RowOutcome::Failed(e) => e.to_string(),
            RowOutcome::Conflict { existing, reason } => format!("{} ({reason})", id(existing)),
            other => other
                .customer()
                .map(|c| id(c).to_string())
                .unwrap_or_default(),
        };
        let _ = writeln!(
            stdout.lock(),
            "{}\t{}\t{}\t{detail}",
            outcome.label(),
            row.reference,
            row.email
        );
        done += 1;
        if done.is_multiple_of(100) || done == total {
            eprintln!("import_customers: {done}/{total} rows");
        }
    }
}

fn v2(
    backend: &medusa_testkit::demo::v2::Backend,
    sources: Vec<Source>,
    options: &ImportOptions,
) -> Result<ImportSummary, Box<dyn Error>> {
    use medusa_blocking::v2::admin::Admin;
    use medusa_blocking::v2::admin::params::{CreateCustomerGroup, ListCustomerGroups};
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
    let groups = admin.customer_groups();
    let find = |name: &str| -> medusa_blocking::Result<Option<String>> {
        let page = groups.list(&ListCustomerGroups {
            name: vec![name.to_string()],
            ..Default::default()
        })?;
        Ok(page.customer_groups.into_iter().next().map(|g| g.id))
    };
    let rows = with_group_ids(sources, |name| match find(name)? {
        Some(id) => Ok(id),
        None => match groups.create(&CreateCustomerGroup::new(name)) {
            Ok(group) => Ok(group.id),
            // Made meanwhile by another run: use it.
            Err(e) => find(name)?.ok_or(e),
        },
    })?;
    let report = reporter(rows.len(), |c: &medusa_blocking::v2::models::Customer| {
        c.id.as_str()
    });
    Ok(admin.customers().import(&rows, options, report))
}

fn v1(
    backend: &medusa_testkit::demo::v1::Backend,
    sources: Vec<Source>,
    options: &ImportOptions,
) -> Result<ImportSummary, Box<dyn Error>> {
    use medusa_blocking::v1::admin::Admin;
    use medusa_blocking::v1::admin::params::{CreateCustomerGroup, ListCustomerGroups};
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
    let groups = admin.customer_groups();
    let find = |name: &str| -> medusa_blocking::Result<Option<String>> {
        let page = groups.list(&ListCustomerGroups {
            name: vec![name.to_string()],
            ..Default::default()
        })?;
        Ok(page.customer_groups.into_iter().next().map(|g| g.id))
    };
    let rows = with_group_ids(sources, |name| match find(name)? {
        Some(id) => Ok(id),
        None => match groups.create(&CreateCustomerGroup::new(name)) {
            Ok(group) => Ok(group.id),
            Err(e) => find(name)?.ok_or(e),
        },
    })?;
    let report = reporter(rows.len(), |c: &medusa_blocking::v1::models::Customer| {
        c.id.as_str()
    });
    Ok(admin.customers().import(&rows, options, report))
}

#[cfg(test)]
mod tests {
    use super::split_csv;

    #[test]
    fn csv_fields_with_quotes_and_commas() {
        assert_eq!(
            split_csv(r#"r1,"Doe, Jane","say ""hi""",,x"#),
            ["r1", "Doe, Jane", r#"say "hi""#, "", "x"]
        );
    }
}
