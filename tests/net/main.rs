//! Real networks, one test binary: `cargo test --test net`. HTTPS end to end ([`tls`]) and
//! explicit proxies ([`proxy`]), against local servers (`support::net`). A binary of their own:
//! their tests change the process environment (proxy variables, `SSL_CERT_FILE`) and so run one
//! at a time (`support::net::serial`), `proxy` installs a logger, and CI runs `tls` again in
//! other builds (`--no-default-features --features v1,v2`, `--features platform-roots`).

#[path = "../support/mod.rs"]
mod support;

mod proxy;
mod tls;
