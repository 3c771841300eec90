//! Cold start: a whole process that makes one `customers().retrieve()` and exits, for
//! `benches/cold_start.sh`, which times it next to the same call made with `@medusajs/medusa-js` on
//! Node.
//!
//! ```text
//! cargo run --release --example cold_start                 # against an in-process canned server
//! MEDUSA_BACKEND_URL=http://127.0.0.1:9000 \
//!   MEDUSA_SESSION_FILE=medusa-session.json \
//!   cargo run --release --example cold_start               # against a backend (a saved session)
//! cargo run --release --example cold_start -- serve 127.0.0.1:0
//!                                                          # only serve the canned backend: prints
//!                                                          # its URL, then serves until killed
//! ```
//!
//! The canned server (`medusa_testkit::canned`) answers `GET /store/customers/me` with a real
//! Medusa 1.20 customer body of about 1.5 KB, as `benches/calls.rs` uses it.

use std::io::Write;
use std::process::ExitCode;

use medusa_blocking::v1::Medusa;
use medusa_testkit::canned;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("serve") {
        let addr = args.get(1).map_or("127.0.0.1:0", String::as_str);
        let server = match canned::Server::start_on(addr, canned::Orders::Fixed) {
            Ok(server) => server,
            Err(e) => {
                eprintln!("cannot serve on {addr}: {e}");
                return ExitCode::FAILURE;
            }
        };
        println!("{}", server.url());
        let _ = std::io::stdout().flush();
        loop {
            std::thread::park();
        }
    }

    // Against a backend when one is named, else against a canned server in this process.
    let (base_url, _server) = match std::env::var("MEDUSA_BACKEND_URL") {
        Ok(url) if !url.is_empty() => (url, None),
        _ => {
            let server = canned::Server::start(canned::Orders::Fixed).expect("canned server");
            (server.url(), Some(server))
        }
    };
    let mut builder = Medusa::builder(&base_url);
    if let Ok(path) = std::env::var("MEDUSA_SESSION_FILE") {
        builder = builder.load_session(path);
    }
    let medusa = match builder.build() {
        Ok(medusa) => medusa,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    match medusa.customers().retrieve() {
        Ok(customer) => {
            println!("{}", customer.email);
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("retrieve failed: {e}");
            ExitCode::FAILURE
        }
    }
}
