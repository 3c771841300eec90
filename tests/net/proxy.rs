//! Proxies, against a recording proxy of std only on `127.0.0.1:0`: what goes through a proxy
//! set with `proxy(url)` (a `CONNECT` tunnel for every call, plain HTTP included: the proxy can
//! read a plain-HTTP backend's requests, not an HTTPS one's), Basic proxy credentials sent and
//! never shown, `no_proxy()`, and the default: no proxy whatever the environment says, the
//! environment's only with `proxy_from_env()`, `NO_PROXY` honoured.
//!
//! The environment is the process's: every test of this binary holds [`serial`]'s lock, so none
//! reads it (resolving a name reads it too) while one changes it.

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::{Arc, Mutex, OnceLock};
use std::thread;

use medusa_blocking::{Error, v1::Medusa};

#[cfg(feature = "rustls")]
use crate::support::net;
use crate::support::net::{IO_TIMEOUT, Origin, header, read_head, serial};

/// What the proxy was asked, on one connection.
#[derive(Debug, Clone, Default)]
struct Seen {
    /// The request head sent to the proxy: `CONNECT host:port …` or an absolute-form request.
    head: String,
    /// The first bytes the client sent through a `CONNECT` tunnel (what the proxy can read).
    tunnel: Vec<u8>,
}

/// How the proxy treats a request.
#[derive(Clone)]
enum Mode {
    /// Forward it: `CONNECT` opens a tunnel, an absolute-form request is sent on.
    Forward,
    /// Forward it if `Proxy-Authorization` is this value, answer 407 otherwise.
    RequireAuth(String),
    /// Over TLS (an `https://` proxy): accept `CONNECT`, then answer the request sent through
    /// the tunnel itself with the canned customer (no upstream).
    #[cfg(feature = "rustls")]
    TlsAnswering(Arc<rustls::ServerConfig>),
}

/// A recording HTTP proxy. It only connects to loopback targets.
struct Proxy {
    port: u16,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl Proxy {
    fn start(mode: Mode) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let s = Arc::clone(&seen);
        thread::spawn(move || {
            for client in listener.incoming() {
                let Ok(client) = client else { continue };
                client.set_read_timeout(Some(IO_TIMEOUT)).unwrap();
                let (s, mode) = (Arc::clone(&s), mode.clone());
                thread::spawn(move || serve(client, &mode, &s));
            }
        });
        Proxy { port, seen }
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}

/// Whether the proxy may connect to `host`: loopback only.
fn loopback(host: &str) -> bool {
    matches!(host, "127.0.0.1" | "localhost" | "[::1]")
}

fn serve(mut client: TcpStream, mode: &Mode, seen: &Mutex<Vec<Seen>>) {
    #[cfg(feature = "rustls")]
    if let Mode::TlsAnswering(config) = mode {
        let conn = rustls::ServerConnection::new(Arc::clone(config)).unwrap();
        let mut tls = rustls::StreamOwned::new(conn, client);
        let Some(head) = read_head(&mut tls) else {
            return;
        };
        let _ = tls.write_all(b"HTTP/1.1 200 Connection established\r\n\r\n");
        let inner = read_head(&mut tls).unwrap_or_default();
        seen.lock().unwrap().push(Seen {
            head,
            tunnel: inner.into_bytes(),
        });
        let _ = tls.write_all(net::json_response(net::CUSTOMER_BODY).as_bytes());
        let _ = tls.flush();
        return;
    }
    let Some(head) = read_head(&mut client) else {
        return;
    };
    let index = {
        let mut seen = seen.lock().unwrap();
        seen.push(Seen {
            head: head.clone(),
            tunnel: Vec::new(),
        });
        seen.len() - 1
    };
    if let Mode::RequireAuth(expected) = mode
        && header(&head, "proxy-authorization") != Some(expected.as_str())
    {
        let _ = client.write_all(
            b"HTTP/1.1 407 Proxy Authentication Required\r\n\
              Proxy-Authenticate: Basic realm=\"test\"\r\nContent-Length: 0\r\n\r\n",
        );
        return;
    }
    let mut parts = head.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    if method == "CONNECT" {
        let Some((host, port)) = target.rsplit_once(':') else {
            return;
        };
        let upstream = match port.parse::<u16>() {
            Ok(port) if loopback(host) => TcpStream::connect((host.trim_matches(['[', ']']), port)),
            _ => {
                let _ = client.write_all(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n");
                return;
            }
        };
        let Ok(mut upstream) = upstream else {
            let _ = client.write_all(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n");
            return;
        };
        upstream.set_read_timeout(Some(IO_TIMEOUT)).unwrap();
        let _ = client.write_all(b"HTTP/1.1 200 Connection established\r\n\r\n");
        // Upstream to client on a thread; client to upstream here, recording what passes.
        let (mut up_read, mut client_write) =
            (upstream.try_clone().unwrap(), client.try_clone().unwrap());
        let back = thread::spawn(move || {
            let _ = std::io::copy(&mut up_read, &mut client_write);
            let _ = client_write.shutdown(Shutdown::Write);
        });
        let mut buf = [0u8; 4096];
        while let Ok(n @ 1..) = client.read(&mut buf) {
            {
                let mut seen = seen.lock().unwrap();
                let tunnel = &mut seen[index].tunnel;
                if tunnel.len() < 64 * 1024 {
                    tunnel.extend_from_slice(&buf[..n]);
                }
            }
            if upstream.write_all(&buf[..n]).is_err() {
                break;
            }
        }
        let _ = upstream.shutdown(Shutdown::Write);
        let _ = back.join();
    } else if let Some(rest) = target.strip_prefix("http://") {
        // Absolute form (`GET http://host:port/path`): sent on in origin form.
        let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
        let Some((host, port)) = authority.rsplit_once(':') else {
            return;
        };
        let Ok(port) = port.parse::<u16>() else {
            return;
        };
        if !loopback(host) {
            return;
        }
        let Ok(mut upstream) = TcpStream::connect((host, port)) else {
            return;
        };
        let path = if path.is_empty() { "/" } else { path };
        let forwarded = head.replacen(target, path, 1);
        let _ = upstream.write_all(forwarded.as_bytes());
        let _ = std::io::copy(&mut upstream, &mut client);
    }
}

/// Standard base64, for the expected `Proxy-Authorization`.
fn base64(input: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in input.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Every log record of every target at debug level, to check none holds a secret.
fn records() -> &'static Mutex<Vec<String>> {
    struct Capture;
    static RECORDS: OnceLock<Mutex<Vec<String>>> = OnceLock::new();
    impl log::Log for Capture {
        fn enabled(&self, _: &log::Metadata<'_>) -> bool {
            true
        }
        fn log(&self, record: &log::Record<'_>) {
            records()
                .lock()
                .unwrap()
                .push(format!("{} {}", record.target(), record.args()));
        }
        fn flush(&self) {}
    }
    RECORDS.get_or_init(|| {
        static CAPTURE: Capture = Capture;
        let _ = log::set_logger(&CAPTURE);
        log::set_max_level(log::LevelFilter::Debug);
        Mutex::new(Vec::new())
    })
}

#[test]
fn a_plain_http_call_goes_through_a_connect_tunnel_the_proxy_can_read() {
    let _env = serial();
    let origin = Origin::http();
    let proxy = Proxy::start(Mode::Forward);
    let medusa = Medusa::builder(format!("http://127.0.0.1:{}", origin.port))
        .proxy(proxy.url())
        .bearer_token("TOKEN_SECRET")
        .build()
        .unwrap();

    assert_eq!(medusa.customers().retrieve().unwrap().id, "cus_1");

    let seen = proxy.seen();
    assert_eq!(seen.len(), 1, "{seen:?}");
    // ureq tunnels plain HTTP too: CONNECT, never an absolute-form `GET http://…`.
    assert!(
        seen[0]
            .head
            .starts_with(&format!("CONNECT 127.0.0.1:{} HTTP/1.1\r\n", origin.port)),
        "{}",
        seen[0].head
    );
    assert_eq!(header(&seen[0].head, "proxy-authorization"), None);
    // Through the tunnel in clear: the request, its token. The README says so.
    let tunnel = String::from_utf8_lossy(&seen[0].tunnel);
    assert!(
        tunnel.starts_with("GET /store/customers/me HTTP/1.1\r\n"),
        "{tunnel}"
    );
    assert!(tunnel.contains("Bearer TOKEN_SECRET"), "{tunnel}");
    assert_eq!(origin.heads().len(), 1);

    // A proxy given without a scheme is an http:// one.
    let medusa = Medusa::builder(format!("http://127.0.0.1:{}", origin.port))
        .proxy(format!("127.0.0.1:{}", proxy.port))
        .build()
        .unwrap();
    medusa.customers().retrieve().unwrap();
    assert_eq!(proxy.seen().len(), 2);
}

#[cfg(feature = "rustls")]
#[test]
fn an_https_call_goes_through_a_tunnel_the_proxy_cannot_read() {
    let _env = serial();
    let ca = net::TestCa::new("medusa-blocking test CA");
    let origin = Origin::https(&ca);
    let proxy = Proxy::start(Mode::Forward);
    let medusa = Medusa::builder(format!("https://localhost:{}", origin.port))
        .root_certificates_pem(ca.pem())
        .proxy(proxy.url())
        .bearer_token("TOKEN_SECRET")
        .build()
        .unwrap();

    assert_eq!(medusa.customers().retrieve().unwrap().id, "cus_1");

    let seen = proxy.seen();
    assert_eq!(seen.len(), 1, "{seen:?}");
    assert!(
        seen[0]
            .head
            .starts_with(&format!("CONNECT localhost:{} HTTP/1.1\r\n", origin.port)),
        "{}",
        seen[0].head
    );
    // All the proxy sees is a TLS handshake (record type 22) and ciphertext.
    assert_eq!(seen[0].tunnel.first(), Some(&0x16), "{seen:?}");
    let tunnel = String::from_utf8_lossy(&seen[0].tunnel);
    assert!(!tunnel.contains("customers"), "{tunnel}");
    assert!(!tunnel.contains("TOKEN_SECRET"), "{tunnel}");
    assert_eq!(origin.heads().len(), 1);
}

#[cfg(feature = "rustls")]
#[test]
fn an_https_proxy_is_reached_over_tls_with_the_client_roots() {
    let _env = serial();
    let ca = net::TestCa::new("medusa-blocking test CA");
    let proxy = Proxy::start(Mode::TlsAnswering(ca.server_config()));
    // The proxy answers for the backend itself: no backend is listening there.
    let medusa = Medusa::builder("http://127.0.0.1:9")
        .root_certificates_pem(ca.pem())
        .proxy(format!("https://user:SECRET_PW@localhost:{}", proxy.port))
        .build()
        .unwrap();

    assert_eq!(medusa.customers().retrieve().unwrap().id, "cus_1");

    let seen = proxy.seen();
    assert_eq!(seen.len(), 1, "{seen:?}");
    assert!(
        seen[0].head.starts_with("CONNECT 127.0.0.1:9 HTTP/1.1\r\n"),
        "{}",
        seen[0].head
    );
    let expected = format!("Basic {}", base64(b"user:SECRET_PW"));
    assert_eq!(
        header(&seen[0].head, "proxy-authorization"),
        Some(expected.as_str())
    );
    let tunnel = String::from_utf8_lossy(&seen[0].tunnel);
    assert!(tunnel.starts_with("GET /store/customers/me "), "{tunnel}");

    // Without the CA the proxy's certificate is refused.
    let medusa = Medusa::builder("http://127.0.0.1:9")
        .proxy(format!("https://user:SECRET_PW@localhost:{}", proxy.port))
        .build()
        .unwrap();
    let err = medusa.customers().retrieve().unwrap_err();
    assert!(err.to_string().contains("TLS"), "{err}");
    assert!(!format!("{err} {err:?}").contains("SECRET_PW"), "{err:?}");
}

#[test]
fn proxy_credentials_are_sent_and_never_shown() {
    let _env = serial();
    let logged = records();
    let origin = Origin::http();
    // `@` and `:` in a password are percent-encoded in the URL, and sent decoded.
    let proxy = Proxy::start(Mode::RequireAuth(format!(
        "Basic {}",
        base64(b"medusa:s3cr@t:PW")
    )));
    let base = format!("http://127.0.0.1:{}", origin.port);
    let builder = Medusa::builder(&base).proxy(format!(
        "http://medusa:s3cr%40t%3APW@127.0.0.1:{}",
        proxy.port
    ));
    let shown = format!("{builder:?}");
    assert!(!shown.contains("s3cr"), "{shown}");
    assert!(
        shown.contains(&format!("***@127.0.0.1:{}", proxy.port)),
        "{shown}"
    );
    let medusa = builder.build().unwrap();
    assert!(!format!("{medusa:?}").contains("s3cr"));
    assert_eq!(medusa.customers().retrieve().unwrap().id, "cus_1");
    assert_eq!(origin.heads().len(), 1);
    // The credentials went to the proxy only, never through the tunnel to the backend.
    assert_eq!(header(&origin.heads()[0], "proxy-authorization"), None);

    // Wrong credentials: the proxy's 407 is a transport error that quotes no password.
    let medusa = Medusa::builder(&base)
        .proxy(format!("http://medusa:WRONG_PW@127.0.0.1:{}", proxy.port))
        .max_retries(2)
        .sleeper(|_| {})
        .build()
        .unwrap();
    let err = medusa.customers().retrieve().unwrap_err();
    let shown = format!("{err} {err:?}");
    assert!(matches!(err, Error::Transport { .. }), "{shown}");
    assert!(shown.contains("407"), "{shown}");
    assert!(!shown.contains("WRONG_PW"), "{shown}");
    assert!(
        !err.is_retryable(),
        "a refused proxy login is not retried: {shown}"
    );

    // A proxy that is not there: the error quotes no password either.
    let closed = TcpListener::bind("127.0.0.1:0").unwrap();
    let closed_port = closed.local_addr().unwrap().port();
    drop(closed);
    let err = Medusa::builder(&base)
        .proxy(format!("http://medusa:GONE_PW@127.0.0.1:{closed_port}"))
        .build()
        .unwrap()
        .customers()
        .retrieve()
        .unwrap_err();
    let shown = format!("{err} {err:?}");
    assert!(matches!(err, Error::Transport { .. }), "{shown}");
    assert!(!shown.contains("GONE_PW"), "{shown}");

    // Bad proxy URLs are refused at build(), quoting no password.
    for bad in [
        "socks5://medusa:BAD_PW@127.0.0.1:1080",
        "ftp://medusa:BAD_PW@127.0.0.1",
        "http://medusa:BAD_PW@127.0.0.1:3128/path",
        "http://medusa:BAD_PW@:3128",
        "http://medusa:BAD_PW@127.0.0.1:notaport",
    ] {
        let err = Medusa::builder(&base).proxy(bad).build().unwrap_err();
        let shown = format!("{err} {err:?}");
        assert!(matches!(err, Error::Config(_)), "{bad}: {shown}");
        assert!(!shown.contains("BAD_PW"), "{bad}: {shown}");
    }

    let logged = logged.lock().unwrap();
    assert!(!logged.is_empty(), "the logger saw nothing");
    let basic = base64(b"medusa:s3cr@t:PW");
    for secret in ["s3cr", "WRONG_PW", "GONE_PW", "BAD_PW", &basic] {
        for record in logged.iter() {
            assert!(!record.contains(secret), "{secret} logged: {record}");
        }
    }
}

#[test]
fn no_proxy_connects_directly() {
    let _env = serial();
    let origin = Origin::http();
    let proxy = Proxy::start(Mode::Forward);
    let medusa = Medusa::builder(format!("http://127.0.0.1:{}", origin.port))
        .proxy(proxy.url())
        .no_proxy()
        .build()
        .unwrap();
    medusa.customers().retrieve().unwrap();
    assert!(proxy.seen().is_empty(), "{:?}", proxy.seen());
    assert_eq!(origin.heads().len(), 1);
}

/// Sets the proxy variables of the environment (`None`: removed) for the rest of a test, and
/// removes them all when dropped.
struct Env;

const VARIABLES: [&str; 8] = [
    "http_proxy",
    "HTTP_PROXY",
    "https_proxy",
    "HTTPS_PROXY",
    "all_proxy",
    "ALL_PROXY",
    "no_proxy",
    "NO_PROXY",
];

impl Env {
    fn clear() {
        for name in VARIABLES {
            // SAFETY: every test of this binary holds `serial()`, so no other thread reads the
            // environment meanwhile.
            unsafe { std::env::remove_var(name) };
        }
    }

    fn set(vars: &[(&str, &str)]) -> Env {
        Env::clear();
        for (name, value) in vars {
            // SAFETY: as above.
            unsafe { std::env::set_var(name, value) };
        }
        Env
    }
}

impl Drop for Env {
    fn drop(&mut self) {
        Env::clear();
    }
}

#[test]
fn by_default_the_environment_is_not_read() {
    let _env = serial();
    let origin = Origin::http();
    let proxy = Proxy::start(Mode::Forward);
    let url = proxy.url();
    let _vars = Env::set(&[
        ("http_proxy", &url),
        ("HTTP_PROXY", &url),
        ("https_proxy", &url),
        ("HTTPS_PROXY", &url),
        ("all_proxy", &url),
        ("ALL_PROXY", &url),
    ]);
    let medusa = Medusa::new(format!("http://127.0.0.1:{}", origin.port)).unwrap();
    medusa.customers().retrieve().unwrap();
    assert!(proxy.seen().is_empty(), "{:?}", proxy.seen());
    assert_eq!(origin.heads().len(), 1);
}

#[test]
fn proxy_from_env_reads_the_variables_and_honours_no_proxy() {
    let _env = serial();
    let origin = Origin::http();
    let proxy = Proxy::start(Mode::Forward);
    let url = proxy.url();
    let base = format!("http://127.0.0.1:{}", origin.port);
    let through_proxy = |vars: &[(&str, &str)]| {
        let _vars = Env::set(vars);
        let before = proxy.seen().len();
        let medusa = Medusa::builder(&base).proxy_from_env().build().unwrap();
        medusa.customers().retrieve().unwrap();
        proxy.seen().len() > before
    };

    assert!(through_proxy(&[("http_proxy", &url)]));
    assert!(through_proxy(&[("ALL_PROXY", &url)]));
    assert!(through_proxy(&[("all_proxy", &url)]));
    // HTTP_PROXY in capitals is ignored (a CGI server sets it from a request's `Proxy:`).
    assert!(!through_proxy(&[("HTTP_PROXY", &url)]));
    // HTTPS_PROXY is for https:// base URLs.
    assert!(!through_proxy(&[("HTTPS_PROXY", &url)]));
    assert!(!through_proxy(&[]));
    // NO_PROXY: the host, an address range, `*`, the host with its port; another port, another
    // host and `localhost` (not resolved) leave the proxy in place.
    for exempt in [
        "127.0.0.1",
        "example.com, 127.0.0.1",
        "127.0.0.0/8",
        "*",
        &format!("127.0.0.1:{}", origin.port),
    ] {
        assert!(
            !through_proxy(&[("http_proxy", &url), ("NO_PROXY", exempt)]),
            "NO_PROXY={exempt}"
        );
        assert!(
            !through_proxy(&[("http_proxy", &url), ("no_proxy", exempt)]),
            "no_proxy={exempt}"
        );
    }
    for not_exempt in ["127.0.0.2", "localhost", "127.0.0.1:1", "10.0.0.0/8", ""] {
        assert!(
            through_proxy(&[("http_proxy", &url), ("NO_PROXY", not_exempt)]),
            "NO_PROXY={not_exempt}"
        );
    }

    // A proxy variable that does not parse is an error naming the variable, not its value.
    let _vars = Env::set(&[("http_proxy", "socks5://medusa:ENV_PW@127.0.0.1:1080")]);
    let err = Medusa::builder(&base).proxy_from_env().build().unwrap_err();
    let shown = format!("{err} {err:?}");
    assert!(matches!(err, Error::Config(_)), "{shown}");
    assert!(shown.contains("http_proxy"), "{shown}");
    assert!(!shown.contains("ENV_PW"), "{shown}");
}

#[cfg(feature = "rustls")]
#[test]
fn proxy_from_env_takes_https_proxy_for_an_https_backend() {
    let _env = serial();
    let ca = net::TestCa::new("medusa-blocking test CA");
    let origin = Origin::https(&ca);
    let proxy = Proxy::start(Mode::Forward);
    let url = proxy.url();
    let _vars = Env::set(&[("HTTPS_PROXY", &url), ("NO_PROXY", "example.com")]);
    let medusa = Medusa::builder(format!("https://localhost:{}", origin.port))
        .root_certificates_pem(ca.pem())
        .proxy_from_env()
        .build()
        .unwrap();
    medusa.customers().retrieve().unwrap();
    assert_eq!(proxy.seen().len(), 1);
    assert!(
        proxy.seen()[0]
            .head
            .starts_with(&format!("CONNECT localhost:{} ", origin.port))
    );
}
