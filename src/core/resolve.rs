//! A resolver around ureq's: IP literals inline, host names kept for a second.

use std::time::{Duration, Instant};

use ureq::http;

/// The agent every call goes through, with [`Resolve`] as its resolver.
pub(crate) fn agent(config: ureq::config::Config) -> ureq::Agent {
    ureq::Agent::with_parts(
        config,
        ureq::unversioned::transport::DefaultConnector::default(),
        Resolve::default(),
    )
}

/// How long a host name's addresses are reused (see [`Resolve`]).
const RESOLVE_TTL: Duration = Duration::from_secs(1);

/// ureq's own resolver, minus its per-call thread.
///
/// ureq resolves the host on every call, even when the call then goes out on a pooled
/// connection, and with a timeout set (we always set one) it does so on a new thread so that a
/// slow lookup can time out: a thread spawned and joined per call, about 50 µs on a small VM,
/// more than a whole loopback call. So:
/// - an IP literal (`127.0.0.1`, `[::1]`) is handed to ureq's resolver without a timeout, which
///   makes it resolve inline; `ToSocketAddrs` only parses a literal, it never looks anything up;
/// - a host name is resolved by ureq's resolver as before (thread, timeout), and its addresses are
///   reused for [`RESOLVE_TTL`]: a batch of calls looks the name up once a second rather than once
///   per call. Failed lookups are not kept.
///
/// ureq's resolver API is "unversioned" (it may change in a minor release), so this uses only
/// what ureq 3.1.0 and 3.5.2 both have, unchanged (the crate builds against both): the
/// `Resolver` trait with its `empty()`, `DefaultResolver`, `Agent::with_parts`,
/// `DefaultConnector::default()`, the public `after` field of the `NextTimeout` it is handed
/// (never a `NextTimeout` of its own: the struct gained fields after 3.1), `Duration::NotHappening`,
/// and `ResolvedSocketAddrs` as a slice plus `push`.
#[derive(Debug, Default)]
pub(crate) struct Resolve {
    inner: ureq::unversioned::resolver::DefaultResolver,
    last: std::sync::Mutex<Option<Resolved>>,
}

/// The addresses of the last host name looked up.
#[derive(Debug)]
struct Resolved {
    scheme: String,
    authority: String,
    at: Instant,
    addrs: Vec<std::net::SocketAddr>,
}

/// Whether `host` (as `http::Uri::host` gives it, IPv6 in brackets) is an IP address literal.
fn ip_literal(host: &str) -> bool {
    let bare = host
        .strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .unwrap_or(host);
    bare.parse::<std::net::IpAddr>().is_ok()
}

impl Resolve {
    /// The addresses kept for `scheme://authority`, if they were looked up less than
    /// [`RESOLVE_TTL`] before `now` (copied into ureq's fixed-size array: no allocation).
    fn kept(
        &self,
        scheme: &str,
        authority: &str,
        now: Instant,
    ) -> Option<ureq::unversioned::resolver::ResolvedSocketAddrs> {
        use ureq::unversioned::resolver::Resolver;
        let last = self.last.lock().unwrap_or_else(|e| e.into_inner());
        let hit = last.as_ref().filter(|r| {
            r.scheme == scheme
                && r.authority == authority
                && now.saturating_duration_since(r.at) < RESOLVE_TTL
        })?;
        let mut addrs = self.empty();
        for addr in &hit.addrs {
            addrs.push(*addr);
        }
        Some(addrs)
    }

    /// Keeps the addresses `scheme://authority` resolved to at `at`, replacing the last ones.
    fn keep(&self, scheme: &str, authority: &str, at: Instant, addrs: &[std::net::SocketAddr]) {
        *self.last.lock().unwrap_or_else(|e| e.into_inner()) = Some(Resolved {
            scheme: scheme.to_string(),
            authority: authority.to_string(),
            at,
            addrs: addrs.to_vec(),
        });
    }
}

impl ureq::unversioned::resolver::Resolver for Resolve {
    fn resolve(
        &self,
        uri: &http::Uri,
        config: &ureq::config::Config,
        mut timeout: ureq::unversioned::transport::NextTimeout,
    ) -> Result<ureq::unversioned::resolver::ResolvedSocketAddrs, ureq::Error> {
        if ip_literal(uri.host().unwrap_or("")) {
            timeout.after = ureq::unversioned::transport::time::Duration::NotHappening;
            return self.inner.resolve(uri, config, timeout);
        }
        let scheme = uri.scheme_str().unwrap_or("");
        let authority = uri.authority().map_or("", |a| a.as_str());
        if let Some(kept) = self.kept(scheme, authority, Instant::now()) {
            return Ok(kept);
        }
        let addrs = self.inner.resolve(uri, config, timeout)?;
        self.keep(scheme, authority, Instant::now(), &addrs);
        Ok(addrs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ip_literals_are_told_from_host_names() {
        for host in ["127.0.0.1", "[::1]", "[2001:db8::1]", "10.0.0.255"] {
            assert!(ip_literal(host), "{host}");
        }
        for host in [
            "localhost",
            "shop.example",
            "[localhost]",
            "127.0.0.1.nip.io",
            "",
            "[::1",
        ] {
            assert!(!ip_literal(host), "{host}");
        }
    }

    #[test]
    fn resolved_names_are_kept_for_a_second_per_authority() {
        let resolve = Resolve::default();
        let kept = |scheme, authority, now| {
            resolve
                .kept(scheme, authority, now)
                .map(|addrs| addrs.to_vec())
        };
        let t0 = Instant::now();
        let addrs: Vec<std::net::SocketAddr> = vec!["127.0.0.1:9000".parse().unwrap()];
        assert_eq!(kept("http", "localhost:9000", t0), None);
        resolve.keep("http", "localhost:9000", t0, &addrs);
        let soon = t0 + Duration::from_millis(999);
        assert_eq!(kept("http", "localhost:9000", soon), Some(addrs.clone()));
        assert_eq!(kept("https", "localhost:9000", soon), None, "other scheme");
        assert_eq!(kept("http", "localhost:9001", soon), None, "other port");
        assert_eq!(
            kept("http", "localhost:9000", t0 + RESOLVE_TTL),
            None,
            "expired"
        );
        resolve.keep("http", "shop.example", t0, &addrs);
        assert_eq!(
            kept("http", "localhost:9000", t0),
            None,
            "only the last is kept"
        );
    }

    #[test]
    fn calls_reach_literal_and_named_hosts_with_a_timeout_set() {
        use std::io::{Read, Write};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let server = std::thread::spawn(move || {
            for stream in listener.incoming().take(4) {
                let mut stream = stream.unwrap();
                let mut head = Vec::new();
                let mut byte = [0u8];
                while !head.ends_with(b"\r\n\r\n") && stream.read(&mut byte).unwrap() == 1 {
                    head.push(byte[0]);
                }
                stream
                    .write_all(
                        b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok",
                    )
                    .unwrap();
            }
        });
        let config = ureq::Agent::config_builder()
            .timeout_global(Some(Duration::from_secs(10)))
            .build();
        let agent = agent(config);
        for host in ["127.0.0.1", "localhost", "localhost", "127.0.0.1"] {
            let mut response = agent.get(&format!("http://{host}:{port}/")).call().unwrap();
            assert_eq!(
                response.body_mut().read_to_string().unwrap(),
                "ok",
                "{host}"
            );
        }
        server.join().unwrap();
    }
}
