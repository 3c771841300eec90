//! Registers customers read from stdin, one `email,password,first_name,last_name` line each, with
//! retries; prints one result line per input line; never stops at the first failure; exits
//! non-zero when any failed.
//!
//! ```text
//! printf 'a@example.com,pw1,Ann,Lee\nb@example.com,pw2,Bo,Ng\n' | cargo run --example batch_register
//! ```
//!
//! Without `MEDUSA_BACKEND_URL` it runs against the embedded demo backend.

use std::io::BufRead;
use std::process::ExitCode;

use medusa_blocking::Medusa;
use medusa_blocking::customers::CreateCustomer;
use medusa_testkit::demo::v1::Backend;

fn main() -> ExitCode {
    let backend = match Backend::from_env() {
        Ok(backend) => backend,
        Err(e) => {
            eprintln!("batch_register: cannot start the demo backend: {e}");
            return ExitCode::FAILURE;
        }
    };
    if let Some(notice) = backend.notice() {
        eprintln!("{notice}");
    }
    let client = match Medusa::builder(backend.url()).max_retries(3).build() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("batch_register: {e}");
            return ExitCode::FAILURE;
        }
    };

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
        // Registration logs each new customer in; start each one from an empty session.
        client.clear_session();
        let request = CreateCustomer {
            email: email.to_string(),
            password: password.to_string(),
            first_name: (!first_name.is_empty()).then(|| first_name.to_string()),
            last_name: (!last_name.is_empty()).then(|| last_name.to_string()),
            ..Default::default()
        };
        match client.customers().create(&request) {
            Ok(c) => {
                println!("line {line_no}: ok {} {}", c.id, c.email);
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
