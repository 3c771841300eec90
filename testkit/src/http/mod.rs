//! HTTP/1.1 plumbing shared by every server of the kit (std only): request parsing with limits
//! and chunked bodies ([`mod@request`]), response bytes ([`mod@response`]), HTTP-dates
//! ([`date`]), and a keep-alive accept loop on `127.0.0.1:0` with a stop flag ([`server`]).
//!
//! ```
//! use medusa_testkit::http::{Options, Server, response};
//! use std::io::{Read, Write};
//!
//! let server = Server::http(Options::default(), |req| {
//!     response(200, &[("Content-Type", "text/plain")], format!("you asked for {}", req.path()))
//! })
//! .unwrap();
//! let mut stream = std::net::TcpStream::connect(server.addr()).unwrap();
//! stream.write_all(b"GET /hello HTTP/1.1\r\nConnection: close\r\n\r\n").unwrap();
//! let mut answer = String::new();
//! stream.read_to_string(&mut answer).unwrap(); // the server closes: the request said so
//! assert!(answer.ends_with("you asked for /hello"));
//! ```

pub mod date;
pub mod request;
pub mod response;
pub mod server;

pub use request::{Limits, Parse, Request, header_value, header_values, parse};
pub use response::{chunked, head, json, reason, response};
pub use server::{Connection, Mode, Next, Options, Reader, Server, lock, serve};
