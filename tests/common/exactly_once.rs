//! Exactly-once outcomes against the REAL servers: a fault proxy between the client and Medusa
//! forwards a request, lets the server act on it, then drops the response; the client's retry
//! goes through. Registration and password reset must still succeed exactly once, and the
//! customer must exist exactly once.
//!
//! The tests of [`live`] are live tests, `#[ignore]`d like the wings' `live` suites
//! (`tests/v1/live.rs`, `tests/v2/live.rs`): they need `MEDUSA_BACKEND_URL` (v1,
//! `tests/backend/start.sh v1`) and `MEDUSA_V2_BACKEND_URL` with `MEDUSA_V2_PUBLISHABLE_KEY` (v2,
//! `tests/backend/start.sh v2`), and run with `cargo test --test common -- --include-ignored
//! live::` (as `.ci/run` does), where a missing backend fails them. The two other tests need no
//! server: what the client says when it cannot tell whether the server acted.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use medusa_blocking::Error;

use crate::support;

fn unique_email(tag: &str) -> String {
    static N: AtomicU64 = AtomicU64::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    format!(
        "once-{tag}-{nanos}-{}-{}@example.com",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    )
}

/// One request as the proxy saw it.
#[derive(Debug, Clone)]
struct Seen {
    line: String,
    dropped: bool,
}

/// A proxy that forwards every request to `upstream` and drops the answer to the first one
/// whose request line starts with `drop_first` (the server has acted on it by then).
struct LossyProxy {
    url: String,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl LossyProxy {
    fn start(upstream: &str, drop_first: &str) -> LossyProxy {
        let upstream = upstream
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_string();
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let seen = Arc::new(Mutex::new(Vec::new()));
        let dropped = Arc::new(AtomicUsize::new(0));
        let drop_first = drop_first.to_string();
        let seen2 = Arc::clone(&seen);
        std::thread::spawn(move || {
            for client in listener.incoming() {
                let Ok(client) = client else { return };
                let upstream = upstream.clone();
                let drop_first = drop_first.clone();
                let seen = Arc::clone(&seen2);
                let dropped = Arc::clone(&dropped);
                std::thread::spawn(move || {
                    let _ = serve(client, &upstream, &drop_first, &seen, &dropped);
                });
            }
        });
        LossyProxy { url, seen }
    }

    fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }

    fn count(&self, line_start: &str) -> usize {
        self.seen()
            .iter()
            .filter(|s| s.line.starts_with(line_start))
            .count()
    }
}

/// Reads one request (head and `Content-Length` body) from `reader`.
fn read_request(reader: &mut BufReader<TcpStream>) -> std::io::Result<Option<(String, Vec<u8>)>> {
    let mut head = String::new();
    let mut length = 0usize;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 {
            return Ok(None);
        }
        if let Some((name, value)) = line.split_once(':')
            && name.eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse().unwrap_or(0);
        }
        // Each request is forwarded on a connection of its own.
        if line.to_ascii_lowercase().starts_with("connection:") {
            continue;
        }
        if line == "\r\n" {
            head.push_str("Connection: close\r\n\r\n");
            break;
        }
        head.push_str(&line);
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    Ok(Some((head, body)))
}

fn serve(
    client: TcpStream,
    upstream: &str,
    drop_first: &str,
    seen: &Mutex<Vec<Seen>>,
    dropped: &AtomicUsize,
) -> std::io::Result<()> {
    let mut reader = BufReader::new(client.try_clone()?);
    let mut client = client;
    let Some((head, body)) = read_request(&mut reader)? else {
        return Ok(());
    };
    let line = head.lines().next().unwrap_or("").to_string();
    let mut server = TcpStream::connect(upstream)?;
    server.write_all(head.as_bytes())?;
    server.write_all(&body)?;
    let mut answer = Vec::new();
    server.read_to_end(&mut answer)?;
    let drop = line.starts_with(drop_first) && dropped.fetch_add(1, Ordering::SeqCst) == 0;
    seen.lock().unwrap().push(Seen {
        line: line.clone(),
        dropped: drop,
    });
    if !drop {
        client.write_all(&answer)?;
    }
    // Dropped: the server has acted and the client never hears of it. Forwarded: the upstream
    // closed after its answer, so does the proxy, and the client reconnects for the next call.
    let _ = client.shutdown(Shutdown::Both);
    Ok(())
}

/// The password-reset token the server's test hook handed out, read with the v1 client on
/// either server (the escape hatch).
#[cfg(feature = "v1")]
fn reset_token(url: &str, email: &str) -> String {
    use std::time::Instant;

    let hook = medusa_blocking::v1::Medusa::new(url).unwrap();
    let path = format!(
        "/test-hooks/password-reset-token?email={}",
        email.replace('@', "%40").replace('+', "%2B")
    );
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        match hook.get::<serde_json::Value>(&path) {
            Ok(v) => return v["token"].as_str().unwrap().to_string(),
            Err(e) if e.status() == Some(404) && Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(200))
            }
            Err(e) => panic!("no reset token for {email}: {e}"),
        }
    }
}

#[cfg(feature = "v1")]
fn v1_client(url: &str) -> medusa_blocking::v1::Medusa {
    medusa_blocking::v1::Medusa::builder(url)
        .max_retries(2)
        .retry_delays(Duration::from_millis(20), Duration::from_millis(100))
        .build()
        .unwrap()
}

#[cfg(feature = "v2")]
fn v2_client(url: &str, key: &str) -> medusa_blocking::v2::Medusa {
    medusa_blocking::v2::Medusa::builder(url)
        .publishable_api_key(key)
        .max_retries(2)
        .retry_delays(Duration::from_millis(20), Duration::from_millis(100))
        .build()
        .unwrap()
}

#[cfg(feature = "v1")]
fn v1_backend() -> Vec<String> {
    vec![support::live::backend(&support::live::V1).url]
}

#[cfg(feature = "v2")]
fn v2_backend() -> Vec<String> {
    let b = support::live::backend(&support::live::V2);
    vec![b.url, b.key]
}

#[cfg(feature = "v1")]
#[test]
fn when_the_check_cannot_answer_the_outcome_is_unknown() {
    // No server answers: the registration, its retries and the check's log-in are all lost.
    let black_hole = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", black_hole.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in black_hole.incoming().flatten() {
            // Read the request, answer nothing, close.
            let mut reader = BufReader::new(stream);
            let _ = read_request(&mut reader);
        }
    });
    let medusa = v1_client(&url);
    let e = medusa
        .customers()
        .create(&medusa_blocking::v1::store::params::CreateCustomer::new(
            unique_email("unknown"),
            "pw-Secret-1",
        ))
        .unwrap_err();
    assert!(
        matches!(
            &e,
            Error::OutcomeUnknown {
                operation: "create customer",
                ..
            }
        ),
        "{e:?}"
    );
    assert!(e.to_string().contains("unknown"), "{e}");
}

#[cfg(feature = "v2")]
#[test]
fn a_transfer_whose_response_was_lost_is_an_unknown_outcome_not_the_retrys_400() {
    use medusa_testkit::fault::{Script, Server};
    let answer = || {
        let body = r#"{"type":"invalid_data","message":"Order (order_01) already has an existing active order change, cancel it first"}"#;
        format!(
            "HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )
        .into_bytes()
    };
    let server = Server::start([Script::new().close(), Script::reply(answer())]);
    let medusa = medusa_blocking::v2::Medusa::builder(server.url())
        .publishable_api_key("pk_test")
        .max_retries(1)
        .retry_delays(Duration::from_millis(1), Duration::from_millis(5))
        .build()
        .unwrap();
    let e = medusa
        .orders()
        .request_transfer("order_01", &Default::default())
        .unwrap_err();
    assert!(
        matches!(
            &e,
            Error::OutcomeUnknown {
                operation: "order transfer",
                ..
            }
        ),
        "{e:?}"
    );
    assert_eq!(server.requests().len(), 2);
    // Without a lost response the server's 400 stands.
    let server = Server::start([Script::reply(answer())]);
    let medusa = medusa_blocking::v2::Medusa::builder(server.url())
        .publishable_api_key("pk_test")
        .max_retries(1)
        .build()
        .unwrap();
    let e = medusa
        .orders()
        .request_transfer("order_01", &Default::default())
        .unwrap_err();
    assert_eq!(e.status(), Some(400), "{e:?}");
}

/// The live half: against the real servers, `#[ignore]`d.
mod live {
    use super::*;

    #[cfg(feature = "v1")]
    #[test]
    #[ignore = "live: needs MEDUSA_BACKEND_URL (tests/backend/start.sh v1)"]
    fn v1_create_with_a_lost_response_succeeds_once() {
        let vars = v1_backend();
        let proxy = LossyProxy::start(&vars[0], "POST /store/customers ");
        let medusa = v1_client(&proxy.url);
        let email = unique_email("v1create");
        let customer = medusa
            .customers()
            .create(&medusa_blocking::v1::store::params::CreateCustomer::new(
                &email,
                "once-Secret-1",
            ))
            .unwrap();
        assert_eq!(customer.email, email);
        // As if the first attempt had answered: logged in.
        assert_eq!(medusa.customers().retrieve().unwrap().id, customer.id);
        assert_eq!(
            proxy.count("POST /store/customers "),
            2,
            "{:?}",
            proxy.seen()
        );
        assert!(proxy.seen()[0].dropped);
        // Exactly once: the e-mail has one account, and registering again is a real duplicate.
        let direct = v1_client(&vars[0]);
        assert!(direct.auth().exists(&email).unwrap());
        let again = direct
            .customers()
            .create(&medusa_blocking::v1::store::params::CreateCustomer::new(
                &email,
                "once-Secret-1",
            ))
            .unwrap_err();
        assert_eq!(again.status(), Some(422), "{again}");
    }

    #[cfg(feature = "v1")]
    #[test]
    #[ignore = "live: needs MEDUSA_BACKEND_URL (tests/backend/start.sh v1)"]
    fn v1_reset_password_with_a_lost_response_succeeds_once() {
        let vars = v1_backend();
        let url = &vars[0];
        let email = unique_email("v1reset");
        let direct = v1_client(url);
        direct
            .customers()
            .create(&medusa_blocking::v1::store::params::CreateCustomer::new(
                &email,
                "old-Secret-1",
            ))
            .unwrap();
        direct.customers().generate_password_token(&email).unwrap();
        let token = reset_token(url, &email);
        let proxy = LossyProxy::start(url, "POST /store/customers/password-reset ");
        let medusa = v1_client(&proxy.url);
        let customer = medusa
            .customers()
            .reset_password(&medusa_blocking::v1::store::params::ResetPassword::new(
                &email,
                token,
                "new-Secret-2",
            ))
            .unwrap();
        assert_eq!(customer.email, email);
        assert_eq!(proxy.count("POST /store/customers/password-reset "), 2);
        let fresh = v1_client(url);
        assert!(fresh.auth().authenticate(&email, "new-Secret-2").is_ok());
        let old = fresh
            .auth()
            .authenticate(&email, "old-Secret-1")
            .unwrap_err();
        assert_eq!(old.status(), Some(401));
    }

    #[cfg(feature = "v2")]
    #[test]
    #[ignore = "live: needs MEDUSA_V2_BACKEND_URL and MEDUSA_V2_PUBLISHABLE_KEY (tests/backend/start.sh v2)"]
    fn v2_create_with_a_lost_response_succeeds_once() {
        let vars = v2_backend();
        let proxy = LossyProxy::start(&vars[0], "POST /store/customers ");
        let medusa = v2_client(&proxy.url, &vars[1]);
        let email = unique_email("v2create");
        let customer = medusa
            .customers()
            .create(&medusa_blocking::v2::store::params::CreateCustomer::new(
                &email,
                "once-Secret-1",
            ))
            .unwrap();
        assert_eq!(customer.email, email);
        assert_eq!(medusa.customers().retrieve().unwrap().id, customer.id);
        assert_eq!(
            proxy.count("POST /store/customers "),
            2,
            "{:?}",
            proxy.seen()
        );
        assert!(proxy.seen().iter().any(|s| s.dropped));
        // Exactly once: creating again is the typed duplicate, for the same customer id.
        let direct = v2_client(&vars[0], &vars[1]);
        let again = direct
            .customers()
            .create(&medusa_blocking::v2::store::params::CreateCustomer::new(
                &email,
                "once-Secret-1",
            ))
            .unwrap_err();
        assert_eq!(again.status(), Some(422), "{again}");
        direct.auth().login(&email, "once-Secret-1").unwrap();
        assert_eq!(direct.customers().retrieve().unwrap().id, customer.id);
    }

    // The v1 wing too: the reset token is read from the test hook with the v1 client.
    #[cfg(all(feature = "v1", feature = "v2"))]
    #[test]
    #[ignore = "live: needs MEDUSA_V2_BACKEND_URL and MEDUSA_V2_PUBLISHABLE_KEY (tests/backend/start.sh v2)"]
    fn v2_reset_password_with_a_lost_response_succeeds_once() {
        let vars = v2_backend();
        let (url, key) = (&vars[0], &vars[1]);
        let email = unique_email("v2reset");
        let direct = v2_client(url, key);
        direct
            .customers()
            .create(&medusa_blocking::v2::store::params::CreateCustomer::new(
                &email,
                "old-Secret-1",
            ))
            .unwrap();
        direct.customers().generate_password_token(&email).unwrap();
        let token = reset_token(url, &email);
        let proxy = LossyProxy::start(url, "POST /auth/customer/emailpass/update ");
        let medusa = v2_client(&proxy.url, key);
        medusa
            .customers()
            .reset_password(&medusa_blocking::v2::store::params::ResetPassword::new(
                &email,
                token.as_str(),
                "new-Secret-2",
            ))
            .unwrap();
        assert_eq!(proxy.count("POST /auth/customer/emailpass/update "), 2);
        // The token was used once: using it again is the server's 401.
        let reused = direct
            .customers()
            .reset_password(&medusa_blocking::v2::store::params::ResetPassword::new(
                &email,
                token.as_str(),
                "third-Secret-3",
            ))
            .unwrap_err();
        assert_eq!(reused.status(), Some(401), "{reused}");
        assert!(direct.auth().login(&email, "new-Secret-2").is_ok());
        assert_eq!(
            direct
                .auth()
                .login(&email, "old-Secret-1")
                .unwrap_err()
                .status(),
            Some(401)
        );
    }

    #[cfg(feature = "v2")]
    #[test]
    #[ignore = "live: needs MEDUSA_V2_BACKEND_URL and MEDUSA_V2_PUBLISHABLE_KEY (tests/backend/start.sh v2)"]
    fn v2_add_address_with_a_lost_response_adds_it_once() {
        use medusa_blocking::v2::store::params::{AddressCreate, CreateCustomer, ListAddresses};
        let vars = v2_backend();
        let (url, key) = (&vars[0], &vars[1]);
        let email = unique_email("v2address");
        let direct = v2_client(url, key);
        direct
            .customers()
            .create(&CreateCustomer::new(&email, "once-Secret-1"))
            .unwrap();
        let home = AddressCreate::new("Jane", "Doe", "1 Main St", "Toronto", "ca", "M5V 2T6");
        // One equal address already: it must stay, and exactly one more must be added.
        direct.customers().addresses().add_address(&home).unwrap();
        let token = direct.bearer_token().unwrap();
        let proxy = LossyProxy::start(url, "POST /store/customers/me/addresses ");
        let medusa = medusa_blocking::v2::Medusa::builder(&proxy.url)
            .publishable_api_key(key)
            .bearer_token(token)
            .max_retries(2)
            .retry_delays(Duration::from_millis(20), Duration::from_millis(100))
            .build()
            .unwrap();
        let customer = medusa
            .customers()
            .addresses()
            .add_address(&AddressCreate {
                is_default_shipping: Some(true),
                ..home.clone()
            })
            .unwrap();
        assert_eq!(
            proxy.count("POST /store/customers/me/addresses "),
            2,
            "{:?}",
            proxy.seen()
        );
        let page = direct
            .customers()
            .addresses()
            .list(&ListAddresses::default())
            .unwrap();
        assert_eq!(page.count, 2, "{:?}", page.addresses);
        assert_eq!(customer.addresses.len(), 2);
        // Each call marked its address with an id of its own (both clients retry).
        let marks: std::collections::HashSet<String> = page
            .addresses
            .iter()
            .filter_map(|a| {
                a.metadata.as_ref()?[medusa_blocking::v2::store::params::CALL_ID_KEY]
                    .as_str()
                    .map(str::to_string)
            })
            .collect();
        assert_eq!(marks.len(), 2, "{:?}", page.addresses);
        // The one kept is the one the server made default.
        assert_eq!(
            page.addresses
                .iter()
                .filter(|a| a.is_default_shipping)
                .count(),
            1
        );
    }

    #[cfg(feature = "v2")]
    #[test]
    #[ignore = "live: needs MEDUSA_V2_BACKEND_URL and MEDUSA_V2_PUBLISHABLE_KEY (tests/backend/start.sh v2)"]
    fn v2_delete_address_with_a_lost_response_succeeds_once() {
        use medusa_blocking::v2::store::params::{AddressCreate, CreateCustomer, ListAddresses};
        let vars = v2_backend();
        let (url, key) = (&vars[0], &vars[1]);
        let email = unique_email("v2delete");
        let direct = v2_client(url, key);
        let customer = direct
            .customers()
            .create(&CreateCustomer::new(&email, "once-Secret-1"))
            .unwrap();
        let me = direct
            .customers()
            .addresses()
            .add_address(&AddressCreate::new(
                "Jane",
                "Doe",
                "1 Main St",
                "Toronto",
                "ca",
                "M5V",
            ))
            .unwrap();
        let id = me.addresses[0].id.clone();
        let proxy = LossyProxy::start(url, "DELETE /store/customers/me/addresses/");
        let medusa = medusa_blocking::v2::Medusa::builder(&proxy.url)
            .publishable_api_key(key)
            .bearer_token(direct.bearer_token().unwrap())
            .max_retries(2)
            .retry_delays(Duration::from_millis(20), Duration::from_millis(100))
            .build()
            .unwrap();
        // The retry meets a 404 for the address the lost attempt deleted: still a success.
        let deleted = medusa.customers().addresses().delete_address(&id).unwrap();
        assert!(deleted.deleted);
        assert_eq!(deleted.id, customer.id, "v2's envelope names the customer");
        assert_eq!(proxy.count("DELETE /store/customers/me/addresses/"), 2);
        let left = direct
            .customers()
            .addresses()
            .list(&ListAddresses::default())
            .unwrap();
        assert_eq!(left.count, 0);
    }

    #[cfg(feature = "v1")]
    #[test]
    #[ignore = "live: needs MEDUSA_BACKEND_URL (tests/backend/start.sh v1)"]
    fn v1_reset_password_with_a_lost_response_keeps_the_clients_login() {
        use medusa_blocking::v1::store::params::{CreateCustomer, ResetPassword};
        let vars = v1_backend();
        let url = &vars[0];
        let email = unique_email("v1resetlogin");
        let direct = v1_client(url);
        direct
            .customers()
            .create(&CreateCustomer::new(&email, "old-Secret-1"))
            .unwrap();
        direct.customers().generate_password_token(&email).unwrap();
        let token = reset_token(url, &email);
        // A second customer, logged in with the cookie session on the client that resets.
        let other = unique_email("v1resetother");
        let proxy = LossyProxy::start(url, "POST /store/customers/password-reset ");
        let medusa = v1_client(&proxy.url);
        let me = medusa
            .customers()
            .create(&CreateCustomer::new(&other, "other-Secret-1"))
            .unwrap();
        medusa
            .customers()
            .reset_password(&ResetPassword::new(&email, token, "new-Secret-2"))
            .unwrap();
        assert_eq!(proxy.count("POST /store/customers/password-reset "), 2);
        // Still logged in, as the same customer.
        assert_eq!(medusa.customers().retrieve().unwrap().id, me.id);
        assert!(
            v1_client(url)
                .auth()
                .authenticate(&email, "new-Secret-2")
                .is_ok()
        );
    }

    #[cfg(feature = "v1")]
    #[test]
    #[ignore = "live: needs MEDUSA_BACKEND_URL (tests/backend/start.sh v1)"]
    fn v1_create_with_a_lost_response_of_an_account_that_was_there_is_a_duplicate() {
        use medusa_blocking::v1::store::params::CreateCustomer;
        let vars = v1_backend();
        let email = unique_email("v1there");
        v1_client(&vars[0])
            .customers()
            .create(&CreateCustomer::new(&email, "there-Secret-1"))
            .unwrap();
        // Older than the call by more than the 2 s the check allows for clocks.
        std::thread::sleep(Duration::from_millis(3100));
        let proxy = LossyProxy::start(&vars[0], "POST /store/customers ");
        let medusa = v1_client(&proxy.url);
        let e = medusa
            .customers()
            .create(&CreateCustomer::new(&email, "there-Secret-1"))
            .unwrap_err();
        assert_eq!(e.status(), Some(422), "{e:?}");
        assert!(proxy.seen()[0].dropped);
        // Not logged in by the check.
        assert_eq!(
            medusa.customers().retrieve().unwrap_err().status(),
            Some(401)
        );
    }

    #[cfg(feature = "v2")]
    #[test]
    #[ignore = "live: needs MEDUSA_V2_BACKEND_URL and MEDUSA_V2_PUBLISHABLE_KEY (tests/backend/start.sh v2)"]
    fn v2_delete_address_of_an_id_that_never_existed_with_a_lost_response_is_a_404() {
        use medusa_blocking::v2::store::params::CreateCustomer;
        let vars = v2_backend();
        let (url, key) = (&vars[0], &vars[1]);
        let direct = v2_client(url, key);
        direct
            .customers()
            .create(&CreateCustomer::new(
                unique_email("v2nodelete"),
                "once-Secret-1",
            ))
            .unwrap();
        let proxy = LossyProxy::start(url, "DELETE /store/customers/me/addresses/");
        let medusa = medusa_blocking::v2::Medusa::builder(&proxy.url)
            .publishable_api_key(key)
            .bearer_token(direct.bearer_token().unwrap())
            .max_retries(2)
            .retry_delays(Duration::from_millis(20), Duration::from_millis(100))
            .build()
            .unwrap();
        let e = medusa
            .customers()
            .addresses()
            .delete_address("cuaddr_01NEVER0EXISTED0000000000")
            .unwrap_err();
        assert_eq!(e.status(), Some(404), "{e:?}");
    }
}
