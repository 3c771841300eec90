//! Registers customers read from stdin, one `email,password,first_name,last_name` line each, with
//! retries; prints one result line per input line; never stops at the first failure; exits
//! non-zero when any failed. On Medusa v2 or v1.
//!
//! ```text
//! printf 'a@example.com,pw1,Ann,Lee\nb@example.com,pw2,Bo,Ng\n' | cargo run --example batch_register
//! ```
//!
//! The API is detected (or `MEDUSA_API=v1|v2`); see `examples/common/mod.rs`. Without a backend
//! URL it runs against the embedded demo backend (v2 unless `MEDUSA_API=v1`).

mod common;

use std::io::BufRead;
use std::process::ExitCode;

use common::Target;

/// One line of input.
struct NewCustomer<'a> {
    email: &'a str,
    password: &'a str,
    first_name: Option<String>,
    last_name: Option<String>,
}

/// The id and e-mail of a registered customer.
type Registered = medusa_blocking::Result<(String, String)>;

fn main() -> ExitCode {
    let target = match common::choose() {
        Ok(target) => target,
        Err(e) => return fail(e),
    };
    match &target {
        Target::V1(backend) => {
            use medusa_blocking::v1::Medusa;
            use medusa_blocking::v1::store::params::CreateCustomer;
            if let Some(notice) = backend.notice() {
                eprintln!("{notice}");
            }
            let client = match Medusa::builder(backend.url()).max_retries(3).build() {
                Ok(c) => c,
                Err(e) => return fail(e),
            };
            register_all(|c| {
                // Registration logs each new customer in; start each one from an empty session.
                client.clear_session();
                let created = client.customers().create(&CreateCustomer {
                    email: c.email.to_string(),
                    password: c.password.to_string(),
                    first_name: c.first_name,
                    last_name: c.last_name,
                    ..Default::default()
                })?;
                Ok((created.id, created.email))
            })
        }
        Target::V2(backend, _) => {
            use medusa_blocking::v2::store::params::CreateCustomer;
            if let Some(notice) = backend.notice() {
                eprintln!("{notice}");
            }
            let client = match common::v2_client(backend, 3).build() {
                Ok(c) => c,
                Err(e) => return fail(e),
            };
            register_all(|c| {
                // v2's create logs the new customer in too (a token, not a cookie).
                client.clear_session();
                let created = client.customers().create(&CreateCustomer {
                    first_name: c.first_name,
                    last_name: c.last_name,
                    ..CreateCustomer::new(c.email, c.password)
                })?;
                Ok((created.id, created.email))
            })
        }
    }
}

fn fail(e: impl std::fmt::Display) -> ExitCode {
    eprintln!("batch_register: {e}");
    ExitCode::FAILURE
}

/// Reads stdin and registers each line with `register`, counting what was created and what
/// failed.
fn register_all(register: impl Fn(NewCustomer) -> Registered) -> ExitCode {
    let (mut ok, mut failed) = (0u32, 0u32);
    for (i, line) in std::io::stdin().lock().lines().enumerate() {
        let line_no = i + 1;
        let line = match line {
            Ok(l) => l,
            Err(e) => {
                println!("line {line_no}: error: cannot read stdin: {e}");
                failed += 1;
                break;
            }
        };
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split(',').map(str::trim).collect();
        let [email, password, first_name, last_name] = fields[..] else {
            println!("line {line_no}: error: expected email,password,first_name,last_name");
            failed += 1;
            continue;
        };
        let request = NewCustomer {
            email,
            password,
            first_name: (!first_name.is_empty()).then(|| first_name.to_string()),
            last_name: (!last_name.is_empty()).then(|| last_name.to_string()),
        };
        match register(request) {
            Ok((id, email)) => {
                println!("line {line_no}: ok {id} {email}");
                ok += 1;
            }
            Err(e) => {
                println!("line {line_no}: error {email}: {e}");
                failed += 1;
            }
        }
    }
    eprintln!("{ok} registered, {failed} failed");
    if failed > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
