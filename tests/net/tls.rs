//! HTTPS end to end, against a local rustls server whose certificate a test CA made at test time
//! signed: a client that trusts the CA works, one that does not gets a TLS `Error::Transport`
//! that is not retried, root certificates are checked at `build()`, and a build without the
//! `rustls` feature refuses `https://` at `build()`.
//!
//! `cargo test --test net tls::` runs the TLS half; `cargo test --no-default-features --features
//! v1,v2 --test net tls::` the plain-HTTP half; `--features platform-roots` adds the
//! platform-verifier test.

#[cfg(feature = "rustls")]
mod with_tls {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use medusa_blocking::{Error, v1::Medusa};

    use crate::support::net::{Origin, TestCa, header, serial};

    fn client(url: &str, ca: &TestCa) -> Medusa {
        Medusa::builder(url)
            .root_certificates_pem(ca.pem())
            .build()
            .unwrap()
    }

    #[test]
    fn a_client_trusting_the_test_ca_calls_over_https() {
        let _serial = serial();
        let ca = TestCa::new("medusa-blocking test CA");
        let server = Origin::https(&ca);
        let medusa = client(&format!("https://localhost:{}", server.port), &ca);

        let me = medusa.customers().retrieve().unwrap();
        assert_eq!((me.id.as_str(), me.email.as_str()), ("cus_1", "a@b.c"));

        let heads = server.heads();
        assert_eq!(heads.len(), 1, "{heads:?}");
        assert!(
            heads[0].starts_with("GET /store/customers/me HTTP/1.1\r\n"),
            "{}",
            heads[0]
        );
        assert_eq!(
            header(&heads[0], "host"),
            Some(format!("localhost:{}", server.port).as_str())
        );

        // An IP-literal base URL works too (the certificate names 127.0.0.1).
        let medusa = client(&format!("https://127.0.0.1:{}", server.port), &ca);
        assert_eq!(medusa.customers().retrieve().unwrap().id, "cus_1");
    }

    /// Asserts `err` is a TLS certificate failure: a transport error, never retried.
    fn assert_certificate_refused(err: &Error) {
        let Error::Transport { source } = err else {
            panic!("expected Error::Transport, got {err:?}");
        };
        let shown = err.to_string();
        assert!(
            shown.contains("TLS") && shown.contains("certificate"),
            "Display should say TLS and certificate: {shown}"
        );
        assert!(!source.is_transient(), "{shown}");
        assert!(!err.is_retryable(), "{shown}");
        assert_eq!(err.status(), None);
    }

    #[test]
    fn an_untrusted_ca_is_a_tls_transport_error_that_is_not_retried() {
        let _serial = serial();
        let ca = TestCa::new("the server's CA");
        let other = TestCa::new("another CA");
        let server = Origin::https(&ca);
        let waits = Arc::new(AtomicUsize::new(0));
        let w = Arc::clone(&waits);
        let medusa = Medusa::builder(format!("https://localhost:{}", server.port))
            .root_certificates_pem(other.pem())
            .max_retries(3)
            .sleeper(move |_| {
                w.fetch_add(1, Ordering::SeqCst);
            })
            .build()
            .unwrap();

        let err = medusa.customers().retrieve().unwrap_err();
        assert_certificate_refused(&err);
        assert_eq!(waits.load(Ordering::SeqCst), 0, "a TLS failure is retried");
        assert_eq!(server.connections(), 1, "one attempt, one connection");
        assert!(server.heads().is_empty(), "nothing was sent in clear");
    }

    #[test]
    fn the_bundled_roots_do_not_trust_a_private_ca() {
        let _serial = serial();
        let ca = TestCa::new("medusa-blocking test CA");
        let server = Origin::https(&ca);
        let medusa = Medusa::new(format!("https://localhost:{}", server.port)).unwrap();
        assert_certificate_refused(&medusa.customers().retrieve().unwrap_err());
    }

    #[test]
    fn every_root_given_is_trusted_and_only_those() {
        let _serial = serial();
        let (a, b) = (TestCa::new("CA a"), TestCa::new("CA b"));
        let bundle = format!("{}\n{}", a.pem(), b.pem());
        for (server, other) in [(Origin::https(&a), &b), (Origin::https(&b), &a)] {
            let url = format!("https://localhost:{}", server.port);
            // Two calls, or one PEM text holding both: either way both CAs are trusted.
            let two_calls = Medusa::builder(&url)
                .root_certificates_pem(a.pem())
                .root_certificates_pem(b.pem().as_bytes());
            let one_text = Medusa::builder(&url).root_certificates_pem(&bundle);
            for builder in [two_calls, one_text] {
                let medusa = builder.build().unwrap();
                assert_eq!(medusa.customers().retrieve().unwrap().id, "cus_1");
            }
            // The other CA alone is not enough.
            let medusa = client(&url, other);
            assert_certificate_refused(&medusa.customers().retrieve().unwrap_err());
        }
    }

    #[test]
    fn bad_root_certificates_are_config_errors_that_quote_nothing() {
        let _serial = serial();
        let ca = TestCa::new("medusa-blocking test CA");
        let key_pem = rcgen::KeyPair::generate().unwrap().serialize_pem();
        let key_body = key_pem.lines().nth(1).unwrap().to_string();
        let garbage_cert = "-----BEGIN CERTIFICATE-----\nU0VDUkVUIGJ5dGVzIHRoYXQgYXJlIG5vIGNlcnRpZmljYXRl\n-----END CERTIFICATE-----\n";
        let broken_base64 = "-----BEGIN CERTIFICATE-----\n!!SECRET!!\n-----END CERTIFICATE-----\n";
        let cases: Vec<(&str, Vec<u8>, &str)> = vec![
            ("empty", Vec::new(), "no certificate"),
            ("text", b"SECRET plain text".to_vec(), "no certificate"),
            (
                "a private key only",
                key_pem.clone().into_bytes(),
                "no certificate",
            ),
            ("garbage DER", garbage_cert.into(), "not a valid X.509"),
            ("broken base64", broken_base64.into(), "not valid PEM"),
        ];
        for (what, pem, says) in cases {
            let err = Medusa::builder("https://localhost:9000")
                .root_certificates_pem(&pem)
                .build()
                .unwrap_err();
            let shown = format!("{err} {err:?}");
            assert!(matches!(err, Error::Config(_)), "{what}: {shown}");
            assert!(shown.contains(says), "{what}: {shown}");
            assert!(shown.contains("root_certificates_pem"), "{what}: {shown}");
            assert!(!shown.contains("SECRET"), "{what}: {shown}");
            assert!(!shown.contains(&key_body), "{what}: {shown}");
        }
        // A good CA with a bad one after it: the second call is named.
        let err = Medusa::builder("https://localhost:9000")
            .root_certificates_pem(ca.pem())
            .root_certificates_pem(garbage_cert)
            .build()
            .unwrap_err();
        assert!(err.to_string().contains("call 2"), "{err}");
        // A key next to the certificate is skipped.
        let with_key = format!("{key_pem}{}", ca.pem());
        Medusa::builder("https://localhost:9000")
            .root_certificates_pem(with_key)
            .build()
            .unwrap();
    }

    #[cfg(feature = "platform-roots")]
    #[test]
    fn platform_roots_use_the_system_store() {
        let _serial = serial();
        let ca = TestCa::new("medusa-blocking test CA");
        let server = Origin::https(&ca);
        let url = format!("https://localhost:{}", server.port);

        // rustls-platform-verifier reads the system's certificate files on Linux, where
        // SSL_CERT_FILE and SSL_CERT_DIR name them: here, a store holding only the test CA.
        // (No other test of this binary reads them.)
        let dir = std::env::temp_dir().join(format!("medusa-tls-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("ca.pem");
        std::fs::write(&file, ca.pem()).unwrap();
        // SAFETY: set before any client of this test reads it; no other test reads it.
        unsafe {
            std::env::set_var("SSL_CERT_FILE", &file);
            std::env::set_var("SSL_CERT_DIR", &dir);
        }
        let medusa = Medusa::builder(&url).platform_roots().build().unwrap();
        let me = medusa.customers().retrieve();
        let _ = std::fs::remove_dir_all(&dir);
        assert_eq!(me.unwrap().id, "cus_1");

        let err = Medusa::builder(&url)
            .platform_roots()
            .root_certificates_pem(ca.pem())
            .build()
            .unwrap_err();
        assert!(matches!(err, Error::Config(_)), "{err}");
    }
}

#[cfg(not(feature = "rustls"))]
#[test]
fn https_is_refused_at_build_without_tls() {
    use medusa_blocking::{Error, v1::Medusa};

    let _serial = crate::support::net::serial();

    let err = Medusa::builder("https://localhost:9443")
        .build()
        .unwrap_err();
    let shown = err.to_string();
    assert!(matches!(err, Error::Config(_)), "{err:?}");
    assert!(
        shown.contains("https") && shown.contains("rustls"),
        "the message should say why and what to do: {shown}"
    );
    // detect() builds a client the same way.
    let err = medusa_blocking::detect("https://localhost:9443").unwrap_err();
    assert!(matches!(err, Error::Config(_)), "{err:?}");
    // An https:// proxy needs TLS too.
    let err = Medusa::builder("http://localhost:9000")
        .proxy("https://user:SECRET@localhost:3129")
        .build()
        .unwrap_err();
    assert!(matches!(err, Error::Config(_)), "{err:?}");
    assert!(!format!("{err} {err:?}").contains("SECRET"), "{err:?}");
    // Plain HTTP still builds.
    Medusa::builder("http://localhost:9000").build().unwrap();
}
