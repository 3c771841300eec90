//! A base URL with a user-info part (`http://user:password@host`) is refused at `build()`, and
//! neither that error nor any other a base URL can cause, nor the builder's `Debug`, quotes the
//! password: also when the URL comes from `MEDUSA_BACKEND_URL`, as the examples read it, and
//! whatever else is wrong with the URL.

use medusa_blocking::{Error, v1::Medusa};

/// URLs holding the password `SECRET_PW` (or a part of it), each refused for some reason.
const URLS: &[&str] = &[
    "http://user:SECRET_PW@localhost:9000",
    "https://user:SECRET_PW@shop.example/",
    "http://:SECRET_PW@localhost:9000",
    "http://SECRET_PW@localhost:9000",
    "http://user%3ASECRET_PW@localhost:9000",
    "  http://user:SECRET_PW@localhost:9000  ",
    // And something else wrong too: the check that fails first must not quote it either.
    "http://user:SECRET_PW@localhost:9000/?region=eu",
    "http://user:SECRET_PW@localhost:9000/#top",
    "http://user:SECRET_PW@localhost:notaport",
    "http://user:SECRET_PW@localhost:99999",
    "http://user:SECRET_PW@",
    "http://user:SECRET_PW@[::1",
    "http://user:SECRET_PW@local host:9000",
    // A password with `/`, `?` or `#` unencoded, which a URL parser takes for the path,
    // query or fragment: the user then looks like a host and the password like a port.
    "http://user:SECRET/PW@localhost:9000",
    "http://user:SECRET?PW@localhost:9000",
    "http://user:SECRET#PW@localhost:9000",
    "http://user:SECRET_PW@localhost:9000@evil.example",
    "user:SECRET_PW@localhost:9000",
    "ftp://user:SECRET_PW@localhost",
];

fn assert_quiet(url: &str, shown: &str) {
    for part in ["SECRET", "_PW", "/PW", "?PW", "#PW"] {
        assert!(!shown.contains(part), "{url:?} shows {part:?}: {shown}");
    }
}

#[test]
fn base_url_credentials_are_refused_and_never_quoted() {
    for url in URLS {
        let builder = Medusa::builder(url);
        assert_quiet(url, &format!("{builder:?}"));
        let err = builder.build().unwrap_err();
        assert!(matches!(err, Error::Config(_)), "{url:?}: {err:?}");
        assert_quiet(url, &format!("{err} {err:?} {err:#?}"));

        let err = Medusa::new(url).unwrap_err();
        assert_quiet(url, &format!("{err} {err:?}"));
        #[cfg(feature = "v2")]
        {
            let builder = medusa_blocking::v2::Medusa::builder(url).publishable_api_key("pk");
            assert_quiet(url, &format!("{builder:?}"));
            let err = builder.build().unwrap_err();
            assert_quiet(url, &format!("{err} {err:?}"));
        }
        let err = medusa_blocking::detect(url).unwrap_err();
        assert!(matches!(err, Error::Config(_)), "{url:?}: {err:?}");
        assert_quiet(url, &format!("{err} {err:?}"));
    }
}

#[test]
fn the_error_still_says_what_is_wrong() {
    let err = Medusa::new("http://user:SECRET_PW@localhost:9000").unwrap_err();
    let shown = err.to_string();
    assert!(shown.contains("credentials"), "{shown}");
    assert!(shown.contains("http://***@localhost:9000"), "{shown}");
    let err = Medusa::new("http://localhost:9000/?region=eu").unwrap_err();
    assert!(err.to_string().contains("query"), "{err}");
}

#[test]
fn medusa_backend_url_as_the_examples_read_it() {
    // Only this test of this binary changes the environment, and only this variable, which it
    // puts back as it was: the live tests of the same binary (`exactly_once`) read it, under the
    // same lock.
    let _env = crate::support::env_lock();
    let before = std::env::var_os("MEDUSA_BACKEND_URL");
    for url in URLS {
        // SAFETY: every other reader of the environment in this binary holds `env_lock()`, or
        // reads it through std, which takes the environment's own lock.
        unsafe { std::env::set_var("MEDUSA_BACKEND_URL", url) };
        let url = match std::env::var("MEDUSA_BACKEND_URL") {
            Ok(url) if !url.trim().is_empty() => url,
            _ => unreachable!(),
        };
        let err = Medusa::builder(&url).max_retries(2).build().unwrap_err();
        // What `fn main() -> Result<(), Box<dyn Error>>` prints.
        let boxed: Box<dyn std::error::Error> = Box::new(err);
        assert_quiet(&url, &format!("Error: {boxed:?} {boxed}"));
    }
    // SAFETY: as above.
    unsafe {
        match before {
            Some(value) => std::env::set_var("MEDUSA_BACKEND_URL", value),
            None => std::env::remove_var("MEDUSA_BACKEND_URL"),
        }
    }
}
