//! The network settings of a client: trusted roots, the proxy, and URLs shown without secrets.
//!
//! Everything here runs in [`ClientBuilder::build`](super::ClientBuilder::build): a bad setting is
//! an [`Error::Config`] then, never a surprise at the first call, and no message quotes a
//! password, a proxy's credentials or a certificate's bytes.

use std::borrow::Cow;
use std::fmt;
use std::net::IpAddr;

use crate::core::error::{Error, Result};

/// Which proxy a client goes through ([`ClientBuilder::proxy`](super::ClientBuilder::proxy),
/// [`proxy_from_env`](super::ClientBuilder::proxy_from_env),
/// [`no_proxy`](super::ClientBuilder::no_proxy)).
#[derive(Clone, Default)]
pub(crate) enum ProxyChoice {
    /// Straight to the server, whatever the environment says: the default.
    #[default]
    Direct,
    /// This proxy URL, as given (it may hold credentials: never printed as it is).
    Url(String),
    /// The proxy the environment names for the base URL's scheme, unless `NO_PROXY` exempts its
    /// host ([`from_env`]).
    Env,
}

impl fmt::Debug for ProxyChoice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProxyChoice::Direct => f.write_str("Direct"),
            ProxyChoice::Url(url) => write!(f, "Url({:?})", redact_url(url)),
            ProxyChoice::Env => f.write_str("Env"),
        }
    }
}

/// `raw` with everything between the scheme and the last `@` (the user-info part, and a
/// password holding `/`, `?` or `#` with it) replaced by `***`: the form of a URL that messages
/// and `Debug` show. It may hide more than the user-info of an odd URL, never less.
///
/// ```text
/// http://user:pw@shop.example:9000/x   ->  http://***@shop.example:9000/x
/// user:pw@proxy:3128                   ->  ***@proxy:3128
/// ```
pub(crate) fn redact_url(raw: &str) -> Cow<'_, str> {
    let Some(at) = raw.rfind('@') else {
        return Cow::Borrowed(raw);
    };
    let start = raw[..at].find("://").map_or(0, |i| i + 3);
    Cow::Owned(format!("{}***{}", &raw[..start], &raw[at..]))
}

/// The proxy `choice` names for a client of `base` (a checked base URL), as ureq takes it.
pub(crate) fn proxy(choice: &ProxyChoice, base: &str) -> Result<Option<ureq::Proxy>> {
    match choice {
        ProxyChoice::Direct => Ok(None),
        ProxyChoice::Url(raw) => parse_proxy(raw, "proxy URL").map(Some),
        ProxyChoice::Env => {
            let base = url::Url::parse(base)
                .map_err(|e| Error::Config(format!("invalid base URL: {e}")))?;
            from_env(&base, |name| std::env::var(name).ok())
        }
    }
}

/// The variables read for a base URL of `scheme`, in order; the first one set and not empty
/// is taken. Plain `http` skips `HTTP_PROXY` in capitals, as curl does: a CGI server puts a
/// request's `Proxy:` header there ("httpoxy"), so a request could pick the proxy.
fn proxy_variables(scheme: &str) -> &'static [&'static str] {
    if scheme == "https" {
        &["https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"]
    } else {
        &["http_proxy", "all_proxy", "ALL_PROXY"]
    }
}

/// The environment's proxy for `base`, read through `var`: `None` when no variable names one
/// or when `no_proxy`/`NO_PROXY` exempts the base URL's host ([`no_proxy_matches`]). A client
/// talks to its base URL's host only (redirects are never followed), so this is decided once.
fn from_env(base: &url::Url, var: impl Fn(&str) -> Option<String>) -> Result<Option<ureq::Proxy>> {
    let set = |name: &str| var(name).filter(|v| !v.trim().is_empty());
    let Some((name, value)) = proxy_variables(base.scheme())
        .iter()
        .find_map(|name| set(name).map(|value| (*name, value)))
    else {
        return Ok(None);
    };
    let (Some(host), Some(port)) = (base.host(), base.port_or_known_default()) else {
        return Ok(None);
    };
    if let Some(list) = set("no_proxy").or_else(|| set("NO_PROXY"))
        && no_proxy_matches(&list, &host, port)
    {
        return Ok(None);
    }
    parse_proxy(&value, &format!("proxy URL in {name}")).map(Some)
}

/// Whether a `NO_PROXY` list exempts `host:port`. Entries are separated by commas or white
/// space, case does not matter:
/// - `*` exempts every host;
/// - a name (`shop.example`, `.shop.example`, `*.shop.example`) exempts that host and every
///   host under it; names are compared as written, never resolved (`localhost` does not exempt
///   `127.0.0.1`);
/// - an IP address (`127.0.0.1`, `::1`, `[::1]`) exempts that address, a CIDR range
///   (`10.0.0.0/8`, `fd00::/8`) every address in it;
/// - any of these with `:port` (`[::1]:9000`) only exempts that port.
pub(crate) fn no_proxy_matches(list: &str, host: &url::Host<&str>, port: u16) -> bool {
    list.split(|c: char| c == ',' || c.is_whitespace())
        .filter(|entry| !entry.is_empty())
        .any(|entry| entry_matches(entry, host, port))
}

fn entry_matches(entry: &str, host: &url::Host<&str>, port: u16) -> bool {
    if entry == "*" {
        return true;
    }
    let (name, entry_port) = split_port(entry);
    if entry_port.is_some_and(|p| p != port) {
        return false;
    }
    let ip = match host {
        url::Host::Ipv4(ip) => Some(IpAddr::V4(*ip)),
        url::Host::Ipv6(ip) => Some(IpAddr::V6(*ip)),
        url::Host::Domain(_) => None,
    };
    if let Some((net, prefix)) = name.split_once('/') {
        return match (ip, net.parse::<IpAddr>(), prefix.parse::<u8>()) {
            (Some(ip), Ok(net), Ok(prefix)) => in_network(ip, net, prefix),
            _ => false,
        };
    }
    if let Ok(entry_ip) = name.parse::<IpAddr>() {
        return ip == Some(entry_ip);
    }
    let url::Host::Domain(domain) = host else {
        return false;
    };
    let name = name.trim_start_matches('*').trim_start_matches('.');
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    let domain = domain.trim_end_matches('.').to_ascii_lowercase();
    !name.is_empty()
        && (domain == name
            || domain
                .strip_suffix(name.as_str())
                .is_some_and(|rest| rest.ends_with('.')))
}

/// `host[:port]`, `[v6][:port]` or a bare IPv6 address (no port), brackets removed.
fn split_port(entry: &str) -> (&str, Option<u16>) {
    if let Some(rest) = entry.strip_prefix('[') {
        return match rest.split_once(']') {
            Some((ip, tail)) => (ip, tail.strip_prefix(':').and_then(|p| p.parse().ok())),
            None => (entry, None),
        };
    }
    match entry.rsplit_once(':') {
        Some((name, port)) if !name.contains(':') => match port.parse() {
            Ok(port) => (name, Some(port)),
            Err(_) => (entry, None),
        },
        _ => (entry, None),
    }
}

/// Whether `ip` is in `net/prefix` (same address family only).
fn in_network(ip: IpAddr, net: IpAddr, prefix: u8) -> bool {
    match (ip, net) {
        (IpAddr::V4(ip), IpAddr::V4(net)) if prefix <= 32 => {
            let mask = u32::MAX.checked_shl(32 - u32::from(prefix)).unwrap_or(0);
            u32::from(ip) & mask == u32::from(net) & mask
        }
        (IpAddr::V6(ip), IpAddr::V6(net)) if prefix <= 128 => {
            let mask = u128::MAX.checked_shl(128 - u32::from(prefix)).unwrap_or(0);
            u128::from(ip) & mask == u128::from(net) & mask
        }
        _ => false,
    }
}

/// A proxy URL, `http://[user:password@]host[:port]` or `https://…` (no scheme: `http`), as
/// ureq takes it. `what` names it in errors, which show it with its credentials hidden.
pub(crate) fn parse_proxy(raw: &str, what: &str) -> Result<ureq::Proxy> {
    use ureq::ProxyProtocol;

    let raw = raw.trim();
    let shown = redact_url(raw);
    let full: Cow<'_, str> = if raw.contains("://") {
        Cow::Borrowed(raw)
    } else {
        Cow::Owned(format!("http://{raw}"))
    };
    let url = url::Url::parse(&full)
        .map_err(|e| Error::Config(format!("invalid {what} {shown:?}: {e}")))?;
    let protocol = match url.scheme() {
        "http" => ProxyProtocol::Http,
        #[cfg(feature = "rustls")]
        "https" => ProxyProtocol::Https,
        #[cfg(not(feature = "rustls"))]
        "https" => {
            return Err(Error::Config(format!(
                "{what} {shown:?} is https://, but this build has no TLS: enable the `rustls` \
                 feature of medusa-blocking (on by default) or use an http:// proxy"
            )));
        }
        "socks" | "socks4" | "socks4a" | "socks5" | "socks5h" => {
            return Err(Error::Config(format!(
                "{what} {shown:?}: SOCKS proxies are not supported, only http:// and https://"
            )));
        }
        other => {
            return Err(Error::Config(format!(
                "{what} {shown:?} must be http:// or https://, not {other:?}"
            )));
        }
    };
    let host = url.host_str().filter(|h| !h.is_empty());
    let (Some(host), Some(port)) = (host, url.port_or_known_default()) else {
        return Err(Error::Config(format!("{what} {shown:?} has no host")));
    };
    if !matches!(url.path(), "" | "/") || url.query().is_some() || url.fragment().is_some() {
        return Err(Error::Config(format!(
            "{what} {shown:?} must be scheme://[user:password@]host[:port], with no path or query"
        )));
    }
    let mut proxy = ureq::Proxy::builder(protocol).host(host).port(port);
    if !url.username().is_empty() || url.password().is_some() {
        let decode = |s: &str| {
            percent_encoding::percent_decode_str(s)
                .decode_utf8()
                .map(|s| s.into_owned())
                .map_err(|_| {
                    Error::Config(format!(
                        "{what} {shown:?}: its user name or password is not UTF-8 once \
                         percent-decoded"
                    ))
                })
        };
        proxy = proxy.username(&decode(url.username())?);
        if let Some(password) = url.password() {
            proxy = proxy.password(&decode(password)?);
        }
    }
    proxy
        .build()
        .map_err(|_| Error::Config(format!("invalid {what} {shown:?}")))
}

/// Root certificates from PEM texts, each checked as an X.509 certificate: a text with no
/// `CERTIFICATE` section, broken PEM or a certificate that does not parse is an error (naming
/// the text by its position, quoting nothing). Other sections (a private key) are skipped.
#[cfg(feature = "rustls")]
pub(crate) fn root_certificates(pems: &[Vec<u8>]) -> Result<Vec<ureq::tls::Certificate<'static>>> {
    use rustls::pki_types::CertificateDer;
    use rustls::pki_types::pem::{PemObject, SectionKind};

    let mut certs = Vec::new();
    for (i, pem) in pems.iter().enumerate() {
        let which = || {
            if pems.len() == 1 {
                "root_certificates_pem".to_string()
            } else {
                format!("root_certificates_pem (call {})", i + 1)
            }
        };
        let mut found = 0;
        for section in <(SectionKind, Vec<u8>)>::pem_slice_iter(pem) {
            let (kind, der) = section.map_err(|_| {
                Error::Config(format!(
                    "{}: not valid PEM (a broken BEGIN/END line or bad base64)",
                    which()
                ))
            })?;
            if kind != SectionKind::Certificate {
                continue;
            }
            found += 1;
            let der = CertificateDer::from(der);
            rustls::RootCertStore::empty()
                .add(der.clone())
                .map_err(|_| {
                    Error::Config(format!(
                        "{}: certificate {found} is not a valid X.509 certificate",
                        which()
                    ))
                })?;
            certs.push(ureq::tls::Certificate::from_der(&der).to_owned());
        }
        if found == 0 {
            return Err(Error::Config(format!(
                "{}: no certificate found; pass the CA certificate as PEM \
                 (-----BEGIN CERTIFICATE-----)",
                which()
            )));
        }
    }
    Ok(certs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_shown_without_their_user_info() {
        for (raw, shown) in [
            ("http://shop.example:9000/x", "http://shop.example:9000/x"),
            ("http://user:pw@shop.example/x", "http://***@shop.example/x"),
            ("http://:pw@h", "http://***@h"),
            ("user:pw@proxy:3128", "***@proxy:3128"),
            ("http://user:p/w?#x@h:1", "http://***@h:1"),
            ("http://user:p@w@h", "http://***@h"),
        ] {
            assert_eq!(redact_url(raw), shown, "{raw}");
        }
    }

    fn matches(list: &str, url: &str) -> bool {
        let url = url::Url::parse(url).unwrap();
        no_proxy_matches(
            list,
            &url.host().unwrap(),
            url.port_or_known_default().unwrap(),
        )
    }

    #[test]
    fn no_proxy_lists() {
        let yes = [
            ("*", "http://anything.example"),
            ("shop.example", "http://shop.example"),
            ("shop.example", "http://api.shop.example"),
            (".shop.example", "http://api.shop.example"),
            (".shop.example", "http://shop.example"),
            ("*.shop.example", "https://a.b.shop.example"),
            ("SHOP.example", "http://shop.EXAMPLE"),
            ("other, localhost", "http://localhost:9000"),
            ("other localhost", "http://localhost:9000"),
            ("localhost:9000", "http://localhost:9000"),
            ("127.0.0.1", "http://127.0.0.1:9000"),
            ("10.0.0.0/8", "http://10.1.2.3"),
            ("127.0.0.1/32", "http://127.0.0.1"),
            ("0.0.0.0/0", "http://192.0.2.1"),
            ("::1", "http://[::1]:9000"),
            ("[::1]", "http://[::1]:9000"),
            ("[::1]:9000", "http://[::1]:9000"),
            ("fd00::/8", "http://[fd12::1]"),
            ("shop.example:443", "https://shop.example"),
        ];
        for (list, url) in yes {
            assert!(matches(list, url), "{list:?} should exempt {url}");
        }
        let no = [
            ("", "http://localhost"),
            ("shop.example", "http://myshop.example"),
            ("shop.example", "http://shop.example.evil"),
            ("localhost", "http://127.0.0.1"),
            ("127.0.0.1", "http://localhost"),
            ("localhost:9001", "http://localhost:9000"),
            ("10.0.0.0/8", "http://11.0.0.1"),
            ("10.0.0.0/8", "http://[::1]"),
            ("10.0.0.0/40", "http://10.0.0.1"),
            ("[::1]:9001", "http://[::1]:9000"),
            (".", "http://localhost"),
            ("*.", "http://localhost"),
        ];
        for (list, url) in no {
            assert!(!matches(list, url), "{list:?} should not exempt {url}");
        }
    }

    fn env_proxy(base: &str, vars: &[(&str, &str)]) -> Option<String> {
        let base = url::Url::parse(base).unwrap();
        let var = |name: &str| {
            vars.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.to_string())
        };
        from_env(&base, var)
            .unwrap()
            .map(|p| format!("{}:{}", p.host(), p.port()))
    }

    #[test]
    fn environment_variables_by_scheme() {
        let all = [
            ("http_proxy", "http://lower-http:1"),
            ("HTTP_PROXY", "http://upper-http:2"),
            ("https_proxy", "http://lower-https:3"),
            ("HTTPS_PROXY", "http://upper-https:4"),
            ("all_proxy", "http://lower-all:5"),
            ("ALL_PROXY", "http://upper-all:6"),
        ];
        assert_eq!(env_proxy("http://h", &all).as_deref(), Some("lower-http:1"));
        assert_eq!(
            env_proxy("https://h", &all).as_deref(),
            Some("lower-https:3")
        );
        assert_eq!(
            env_proxy("https://h", &all[3..]).as_deref(),
            Some("upper-https:4")
        );
        // HTTP_PROXY in capitals is never read (httpoxy); ALL_PROXY is.
        assert_eq!(env_proxy("http://h", &all[1..2]), None);
        assert_eq!(
            env_proxy("http://h", &all[1..]).as_deref(),
            Some("lower-all:5")
        );
        // HTTPS_PROXY is for https:// base URLs only, http_proxy for http:// only.
        assert_eq!(env_proxy("http://h", &all[2..4]), None);
        assert_eq!(env_proxy("https://h", &all[..2]), None);
        // Empty counts as unset; NO_PROXY exempts; no_proxy wins over NO_PROXY.
        assert_eq!(
            env_proxy("http://h", &[("http_proxy", " "), ("ALL_PROXY", "p:7")]).as_deref(),
            Some("p:7")
        );
        assert_eq!(
            env_proxy("http://h:9", &[("http_proxy", "p:7"), ("NO_PROXY", "h")]),
            None
        );
        assert_eq!(
            env_proxy(
                "http://h:9",
                &[("http_proxy", "p:7"), ("no_proxy", "x"), ("NO_PROXY", "h")]
            )
            .as_deref(),
            Some("p:7")
        );
        assert_eq!(env_proxy("http://h", &[]), None);
    }

    #[test]
    fn proxy_urls() {
        let p = parse_proxy("http://proxy.example:3128", "proxy URL").unwrap();
        assert_eq!((p.host(), p.port()), ("proxy.example", 3128));
        assert_eq!(p.protocol(), ureq::ProxyProtocol::Http);
        let p = parse_proxy("proxy.example", "proxy URL").unwrap();
        assert_eq!((p.host(), p.port()), ("proxy.example", 80));
        let p = parse_proxy("http://us%40er:p%3Aw@[::1]:8080/", "proxy URL").unwrap();
        assert_eq!((p.host(), p.port()), ("[::1]", 8080));
        assert_eq!((p.username(), p.password()), (Some("us@er"), Some("p:w")));
        #[cfg(feature = "rustls")]
        {
            let p = parse_proxy("https://proxy.example", "proxy URL").unwrap();
            assert_eq!((p.protocol(), p.port()), (ureq::ProxyProtocol::Https, 443));
        }
        for bad in [
            "socks5://u:SECRET@h:1080",
            "ftp://u:SECRET@h",
            "http://u:SECRET@h/path",
            "http://u:SECRET@h/?q",
            "http://u:SECRET@",
            "http://u:SECRET@h:99999",
            "http://u:SECRET@h:port",
            "http://u:%FFSECRET@h",
        ] {
            let e = parse_proxy(bad, "proxy URL").unwrap_err();
            let s = format!("{e} {e:?}");
            assert!(matches!(e, Error::Config(_)), "{bad}: {s}");
            assert!(!s.contains("SECRET"), "{bad}: {s}");
        }
    }
}
