//! Local servers for the network tests (`tests/net/`: `tls`, `proxy`): a test CA made at test
//! time (rcgen), and an origin server on `127.0.0.1:0`, plain or HTTPS (rustls, the copy ureq
//! uses), that answers every request with one canned Medusa body and records the request heads it
//! read. Every connection has a read timeout and the servers only ever talk to the loopback
//! interface. [`serial`] is the lock every test of the `net` binary holds.

// Each test binary uses part of this module.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread;
use std::time::Duration;

/// How long a test server waits for a peer before giving up on it.
pub const IO_TIMEOUT: Duration = Duration::from_secs(10);

/// One test at a time, for every test of the `net` binary: some change the environment (the
/// proxy variables, `SSL_CERT_FILE`), which the others read (resolving `localhost` does too).
pub fn serial() -> MutexGuard<'static, ()> {
    super::env_lock()
}

/// The canned answer to `GET /store/customers/me`: a Medusa 1.x customer, as few fields as the
/// model needs.
pub const CUSTOMER_BODY: &str = r#"{"customer":{"id":"cus_1","email":"a@b.c","has_account":true,"created_at":"2024-01-01T00:00:00.000Z","updated_at":"2024-01-01T00:00:00.000Z"}}"#;

/// A certificate authority made for one test.
#[cfg(feature = "rustls")]
pub struct TestCa {
    issuer: rcgen::Issuer<'static, rcgen::KeyPair>,
    pem: String,
}

#[cfg(feature = "rustls")]
impl TestCa {
    /// A new CA (its own key pair) named `name`.
    pub fn new(name: &str) -> TestCa {
        let mut params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
        params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        params
            .distinguished_name
            .push(rcgen::DnType::CommonName, name);
        params.key_usages = vec![
            rcgen::KeyUsagePurpose::KeyCertSign,
            rcgen::KeyUsagePurpose::CrlSign,
            rcgen::KeyUsagePurpose::DigitalSignature,
        ];
        let key = rcgen::KeyPair::generate().unwrap();
        let cert = params.self_signed(&key).unwrap();
        TestCa {
            pem: cert.pem(),
            issuer: rcgen::Issuer::new(params, key),
        }
    }

    /// The CA's certificate, PEM: what a client is told to trust.
    pub fn pem(&self) -> &str {
        &self.pem
    }

    /// A rustls server configuration with a certificate for `localhost` and `127.0.0.1` signed
    /// by this CA.
    pub fn server_config(&self) -> Arc<rustls::ServerConfig> {
        let mut params =
            rcgen::CertificateParams::new(vec!["localhost".to_string(), "127.0.0.1".to_string()])
                .unwrap();
        params
            .distinguished_name
            .push(rcgen::DnType::CommonName, "localhost");
        params.use_authority_key_identifier_extension = true;
        params.key_usages = vec![rcgen::KeyUsagePurpose::DigitalSignature];
        params.extended_key_usages = vec![rcgen::ExtendedKeyUsagePurpose::ServerAuth];
        let key = rcgen::KeyPair::generate().unwrap();
        let cert = params.signed_by(&key, &self.issuer).unwrap();
        let key = rustls::pki_types::PrivateKeyDer::Pkcs8(key.serialize_der().into());
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let config = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_no_client_auth()
            .with_single_cert(vec![cert.der().clone()], key)
            .unwrap();
        Arc::new(config)
    }
}

/// Reads one request head (up to the blank line) byte by byte, so nothing after it is
/// consumed. `None` when the peer closed or broke off first.
pub fn read_head(stream: &mut impl Read) -> Option<String> {
    let mut head = Vec::new();
    let mut byte = [0u8];
    while !head.ends_with(b"\r\n\r\n") {
        match stream.read(&mut byte) {
            Ok(1) => head.push(byte[0]),
            _ => return None,
        }
        if head.len() > 64 * 1024 {
            return None;
        }
    }
    Some(String::from_utf8_lossy(&head).into_owned())
}

/// The value of header `name` in a request head, if present.
pub fn header<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    head.lines().skip(1).find_map(|line| {
        let (n, v) = line.split_once(':')?;
        n.trim().eq_ignore_ascii_case(name).then(|| v.trim())
    })
}

/// A `200` with a JSON body and `Connection: close`.
pub fn json_response(body: &str) -> String {
    format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
}

/// An origin server on `127.0.0.1:0` that answers every request with [`CUSTOMER_BODY`], over
/// TLS or not, and records each request head it read (one request per connection).
pub struct Origin {
    /// Its port.
    pub port: u16,
    heads: Arc<Mutex<Vec<String>>>,
    connections: Arc<Mutex<usize>>,
}

impl Origin {
    /// A plain-HTTP origin.
    pub fn http() -> Origin {
        Origin::start(None)
    }

    /// An HTTPS origin whose certificate `ca` signed.
    #[cfg(feature = "rustls")]
    pub fn https(ca: &TestCa) -> Origin {
        Origin::start(Some(ca.server_config()))
    }

    #[cfg(feature = "rustls")]
    fn start(tls: Option<Arc<rustls::ServerConfig>>) -> Origin {
        Origin::spawn(move |tcp| match &tls {
            Some(config) => {
                let conn = rustls::ServerConnection::new(Arc::clone(config)).unwrap();
                Box::new(rustls::StreamOwned::new(conn, tcp))
            }
            None => Box::new(tcp),
        })
    }

    #[cfg(not(feature = "rustls"))]
    fn start(_tls: Option<()>) -> Origin {
        Origin::spawn(|tcp| Box::new(tcp))
    }

    fn spawn(wrap: impl Fn(TcpStream) -> Box<dyn ReadWrite> + Send + Sync + 'static) -> Origin {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let heads = Arc::new(Mutex::new(Vec::new()));
        let connections = Arc::new(Mutex::new(0));
        let wrap = Arc::new(wrap);
        let (h, c) = (Arc::clone(&heads), Arc::clone(&connections));
        thread::spawn(move || {
            for tcp in listener.incoming() {
                let Ok(tcp) = tcp else { continue };
                *c.lock().unwrap() += 1;
                tcp.set_read_timeout(Some(IO_TIMEOUT)).unwrap();
                let (h, wrap) = (Arc::clone(&h), Arc::clone(&wrap));
                thread::spawn(move || {
                    let mut stream = wrap(tcp);
                    // A client that refuses the certificate ends here: no head.
                    let Some(head) = read_head(&mut stream) else {
                        return;
                    };
                    h.lock().unwrap().push(head);
                    let _ = stream.write_all(json_response(CUSTOMER_BODY).as_bytes());
                    let _ = stream.flush();
                });
            }
        });
        Origin {
            port,
            heads,
            connections,
        }
    }

    /// The request heads read so far.
    pub fn heads(&self) -> Vec<String> {
        self.heads.lock().unwrap().clone()
    }

    /// How many connections were accepted (TLS handshakes that failed included).
    pub fn connections(&self) -> usize {
        *self.connections.lock().unwrap()
    }
}

/// A stream a server reads and writes: a `TcpStream`, or rustls over one.
pub trait ReadWrite: Read + Write + Send {}
impl<T: Read + Write + Send> ReadWrite for T {}
