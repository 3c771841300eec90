//! A session that outlives the process: cookies and bearer token saved to a file.
//!
//! The file is JSON with a format name and version, the API version (`v1`, `v2`) and base URL it
//! belongs to, the bearer token (if any) and every unexpired cookie of the base URL's host,
//! session cookies included. It is written to a temporary file in the same folder with mode 0600,
//! flushed, then renamed over the old one, so a reader never sees half a file and a failed write
//! leaves the old file as it was.
//!
//! A session file is a credential, read as ssh reads a private key: a symbolic link (or anything
//! but a plain file) is refused, and on Unix so is a file that another user owns or that its
//! group or others may write (someone else could have planted or changed it: session fixation).
//! Its cookies are stored by the same rules as a response's: host-only for the base URL's host
//! (a cookie of another domain is dropped) and within the jar's bound.

use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use cookie_store::CookieStore;
use serde::{Deserialize, Serialize};

use crate::core::error::{Error, Result};
use crate::core::secret::AccessToken;
use crate::core::session::{admit, host_only_loaded};

const FORMAT: &str = "medusa-blocking-session";
const VERSION: u32 = 1;
/// A session file is a few KB; refuse to read anything absurd.
const MAX_FILE_SIZE: u64 = 4 * 1024 * 1024;

#[derive(Serialize, Deserialize)]
struct FileV1 {
    format: String,
    version: u32,
    /// `v1` or `v2`; files written before the field existed are v1 files.
    #[serde(default = "v1")]
    api: String,
    base_url: String,
    #[serde(default)]
    bearer_token: Option<String>,
    #[serde(default)]
    cookies: Vec<cookie_store::Cookie<'static>>,
}

fn v1() -> String {
    "v1".to_string()
}

fn file_error(path: &Path, reason: impl Into<String>, source: Option<io::Error>) -> Error {
    Error::SessionFile {
        path: path.to_path_buf(),
        reason: reason.into(),
        source,
    }
}

/// Reads a session file saved for `base_url`. A missing file is an empty session.
pub(crate) fn load(
    path: &Path,
    api: &str,
    base_url: &str,
) -> Result<(Option<CookieStore>, Option<AccessToken>)> {
    // The link itself, not what it points to.
    let before = match fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok((None, None)),
        Err(e) => return Err(file_error(path, "cannot be opened", Some(e))),
    };
    if before.file_type().is_symlink() {
        return Err(file_error(
            path,
            "is a symbolic link; a session file is read only from a plain file (a link could \
             point anywhere, e.g. at a session someone else planted)",
            None,
        ));
    }
    if !before.is_file() {
        return Err(file_error(path, "is not a plain file", None));
    }
    let file = fs::File::open(path).map_err(|e| file_error(path, "cannot be opened", Some(e)))?;
    let opened = file
        .metadata()
        .map_err(|e| file_error(path, "cannot be opened", Some(e)))?;
    if !same_file(&before, &opened) {
        return Err(file_error(
            path,
            "was replaced while it was being opened; not read",
            None,
        ));
    }
    check_owner_and_mode(&opened).map_err(|reason| file_error(path, reason, None))?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE_SIZE + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| file_error(path, "cannot be read", Some(e)))?;
    if bytes.len() as u64 > MAX_FILE_SIZE {
        return Err(file_error(path, "is too large to be a session file", None));
    }
    parse(&bytes, api, base_url).map_err(|reason| file_error(path, reason, None))
}

/// Whether `a` (of the path) and `b` (of the opened file) are the same file: nothing swapped
/// the path for a link or another file in between.
#[cfg(unix)]
fn same_file(a: &fs::Metadata, b: &fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.dev() == b.dev() && a.ino() == b.ino() && b.is_file()
}

/// Without Unix inode numbers, the opened file is at least a plain file.
#[cfg(not(unix))]
fn same_file(_: &fs::Metadata, b: &fs::Metadata) -> bool {
    b.is_file()
}

/// Refuses, as ssh does with a private key, a file that another user owns or that its group or
/// others may write.
#[cfg(unix)]
fn check_owner_and_mode(meta: &fs::Metadata) -> std::result::Result<(), String> {
    use std::os::unix::fs::MetadataExt;
    // SAFETY: geteuid has no preconditions and cannot fail.
    let me = unsafe { libc::geteuid() };
    owner_and_mode_verdict(meta.mode(), meta.uid(), me)
}

/// Elsewhere (Windows) ownership and access lists are not checked: keep session files in a
/// folder only the user can write.
#[cfg(not(unix))]
fn check_owner_and_mode(_: &fs::Metadata) -> std::result::Result<(), String> {
    Ok(())
}

/// The verdict on a file of Unix `mode` owned by `owner`, read by user `me`.
#[cfg(unix)]
fn owner_and_mode_verdict(mode: u32, owner: u32, me: u32) -> std::result::Result<(), String> {
    if owner != me {
        return Err(format!(
            "belongs to another user (uid {owner}, this process runs as uid {me}); a session \
             file someone else wrote could log this client in as anyone: not read"
        ));
    }
    if mode & 0o022 != 0 {
        return Err(format!(
            "can be written by its group or by other users (mode {:04o}); someone else could \
             have changed the session in it: not read (make it private: chmod 600)",
            mode & 0o7777
        ));
    }
    Ok(())
}

/// Parses the bytes of a session file for a client of API `api` at `base_url`; the error is the
/// reason, for the caller to wrap.
pub(crate) fn parse(
    bytes: &[u8],
    api: &str,
    base_url: &str,
) -> std::result::Result<(Option<CookieStore>, Option<AccessToken>), String> {
    #[derive(Deserialize)]
    struct Header {
        format: Option<String>,
        version: Option<u32>,
    }
    // serde's messages quote the values they reject, which may be cookies or the token: the
    // errors here say where, not what.
    let header: Header = serde_json::from_slice(bytes).map_err(|e| {
        format!(
            "is not a session file (corrupt or truncated JSON at line {} column {})",
            e.line(),
            e.column()
        )
    })?;
    if header.format.as_deref() != Some(FORMAT) {
        return Err("is not a medusa-blocking session file".into());
    }
    match header.version {
        Some(VERSION) => {}
        Some(v) => {
            return Err(format!(
                "has format version {v}; this version of medusa-blocking reads version {VERSION}"
            ));
        }
        None => return Err("has no format version".into()),
    }
    let file: FileV1 = serde_json::from_slice(bytes).map_err(|e| {
        format!(
            "is a damaged session file (line {} column {})",
            e.line(),
            e.column()
        )
    })?;
    if file.api != api {
        return Err(format!(
            "was saved by a Medusa {} client; this client speaks Medusa {api}, whose session is not \
             the same kind (load it with a {} client)",
            file.api, file.api
        ));
    }
    if file.base_url != base_url {
        return Err(format!(
            "was saved for {}, not for {base_url}; its session is not sent to another server",
            file.base_url
        ));
    }
    let url =
        url::Url::parse(base_url).map_err(|_| "is for a base URL that is not a URL".to_string())?;
    // By the rules of a response from the base URL: host-only, within the bound; expired and
    // foreign cookies are dropped.
    let mut store = CookieStore::default();
    for cookie in file.cookies {
        if cookie.is_expired() {
            continue;
        }
        if let Some(cookie) = host_only_loaded(cookie, &url) {
            let _ = admit(&mut store, cookie, &url);
        }
    }
    Ok((Some(store), file.bearer_token.map(AccessToken::from)))
}

/// Serializes the session: the token and the unexpired cookies of `base_url`'s host.
pub(crate) fn to_bytes(
    store: &CookieStore,
    token: Option<&AccessToken>,
    api: &str,
    base_url: &str,
) -> Result<Vec<u8>> {
    let url = url::Url::parse(base_url)
        .map_err(|e| Error::InvalidInput(format!("session cannot be serialized: {e}")))?;
    let file = FileV1 {
        format: FORMAT.to_string(),
        version: VERSION,
        api: api.to_string(),
        base_url: base_url.to_string(),
        bearer_token: token.map(|t| t.secret().to_string()),
        cookies: store
            .iter_any()
            .filter(|c| !c.is_expired() && c.domain.matches(&url))
            .cloned()
            .collect(),
    };
    serde_json::to_vec_pretty(&file)
        .map_err(|e| Error::InvalidInput(format!("session cannot be serialized: {e}")))
}

/// Writes `bytes` to `path` atomically: a temporary file in the same folder (mode 0600 on Unix),
/// flushed to disk, then renamed over `path`.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    write_atomically_with(path, |f| f.write_all(bytes))
}

/// [`write_atomically`] with the writing of the content given as a function (which tests make
/// fail half-way).
fn write_atomically_with(
    path: &Path,
    write: impl FnOnce(&mut fs::File) -> io::Result<()>,
) -> Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if path.file_name().is_none() {
        return Err(file_error(path, "is not a file name", None));
    }
    // A short name of its own, so that a long target name still leaves room for it.
    let tmp = dir.join(format!(
        ".medusa-session-{:016x}.tmp",
        crate::core::rand::random_u64()
    ));

    let result = (|| -> io::Result<()> {
        let mut options = fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let mut f = options.open(&tmp)?;
        write(&mut f)?;
        f.sync_all()?;
        drop(f);
        fs::rename(&tmp, path)
    })();
    if let Err(e) = result {
        let _ = fs::remove_file(&tmp);
        return Err(file_error(path, "cannot be written", Some(e)));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store_with_cookie() -> CookieStore {
        let mut store = CookieStore::default();
        let url = url::Url::parse("http://127.0.0.1:9000/store/customers").unwrap();
        store
            .parse("connect.sid=s%3Aabc.def; Path=/; HttpOnly", &url)
            .unwrap();
        store
    }

    #[test]
    fn round_trip_keeps_session_cookies_and_token() {
        let store = store_with_cookie();
        let token = AccessToken::from("tok.en");
        let bytes = to_bytes(&store, Some(&token), "v1", "http://127.0.0.1:9000").unwrap();
        let text = String::from_utf8(bytes.clone()).unwrap();
        assert!(
            text.contains("\"format\": \"medusa-blocking-session\""),
            "{text}"
        );
        let (loaded, tok) = parse(&bytes, "v1", "http://127.0.0.1:9000").unwrap();
        let loaded = loaded.unwrap();
        let url = url::Url::parse("http://127.0.0.1:9000/store/customers/me").unwrap();
        let values: Vec<_> = loaded.get_request_values(&url).collect();
        assert_eq!(values, [("connect.sid", "s%3Aabc.def")]);
        assert_eq!(tok.unwrap().secret(), "tok.en");
    }

    #[test]
    fn a_write_failing_half_way_leaves_the_old_file_and_no_temporary_file() {
        let dir = std::env::temp_dir().join(format!(
            "medusa-blocking-atomic-{}-{:x}",
            std::process::id(),
            crate::core::rand::random_u64()
        ));
        fs::create_dir(&dir).unwrap();
        let path = dir.join("session.json");
        write_atomically(&path, b"old content").unwrap();
        let err = write_atomically_with(&path, |f| {
            f.write_all(b"new con")?;
            Err(io::Error::other("disk full"))
        })
        .unwrap_err();
        assert!(matches!(err, Error::SessionFile { .. }), "{err:?}");
        assert_eq!(fs::read(&path).unwrap(), b"old content");
        let names: Vec<_> = fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["session.json"]);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
        }
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn corrupt_foreign_and_future_files_are_refused() {
        let good = to_bytes(&store_with_cookie(), None, "v1", "http://h").unwrap();
        let truncated = &good[..good.len() / 2];
        assert!(
            parse(truncated, "v1", "http://h")
                .unwrap_err()
                .contains("corrupt")
        );
        assert!(
            parse(b"{\"a\":1}", "v1", "http://h")
                .unwrap_err()
                .contains("not a medusa-blocking")
        );
        assert!(parse(b"", "v1", "http://h").is_err());
        let future = String::from_utf8(good.clone())
            .unwrap()
            .replace("\"version\": 1", "\"version\": 9");
        assert!(
            parse(future.as_bytes(), "v1", "http://h")
                .unwrap_err()
                .contains("version 9")
        );
        assert!(
            parse(&good, "v1", "http://other")
                .unwrap_err()
                .contains("not for http://other")
        );
    }

    #[test]
    fn a_file_of_the_other_api_version_is_refused_and_old_files_are_v1() {
        let v2 = to_bytes(&store_with_cookie(), None, "v2", "http://h").unwrap();
        let err = parse(&v2, "v1", "http://h").unwrap_err();
        assert!(err.contains("Medusa v2 client"), "{err}");
        assert!(parse(&v2, "v2", "http://h").is_ok());
        let old =
            String::from_utf8(to_bytes(&store_with_cookie(), None, "v1", "http://h").unwrap())
                .unwrap()
                .replace("\"api\": \"v1\",", "");
        assert!(!old.contains("\"api\""), "{old}");
        assert!(parse(old.as_bytes(), "v1", "http://h").is_ok());
        assert!(parse(old.as_bytes(), "v2", "http://h").is_err());
    }

    fn temp_dir(tag: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "medusa-blocking-{tag}-{}-{:x}",
            std::process::id(),
            crate::core::rand::random_u64()
        ));
        fs::create_dir(&dir).unwrap();
        dir
    }

    fn cookie_json(raw: &str, domain: &str) -> String {
        format!(
            r#"{{"raw_cookie":"{raw}","path":["/",true],"domain":{domain},"expires":"SessionEnd"}}"#
        )
    }

    fn file_with(base: &str, cookies: &[String]) -> Vec<u8> {
        format!(
            r#"{{"format":"medusa-blocking-session","version":1,"api":"v1","base_url":"{base}","cookies":[{}]}}"#,
            cookies.join(",")
        )
        .into_bytes()
    }

    fn sent(store: &CookieStore, to: &str) -> Vec<String> {
        let mut v: Vec<String> = store
            .get_request_values(&url::Url::parse(to).unwrap())
            .map(|(n, v)| format!("{n}={v}"))
            .collect();
        v.sort();
        v
    }

    /// Issue 15: a file's cookies are stored by the rules of a response from its base URL.
    #[test]
    fn loaded_cookies_are_host_only_and_foreign_ones_dropped() {
        let bytes = file_with(
            "http://shop.test:9000",
            &[
                cookie_json(
                    "wide=1; Domain=shop.test; Path=/",
                    r#"{"Suffix":"shop.test"}"#,
                ),
                cookie_json("sid=1; Path=/", r#"{"HostOnly":"shop.test"}"#),
                cookie_json("evil=1; Path=/", r#"{"HostOnly":"evil.test"}"#),
                cookie_json("parent=1; Domain=test; Path=/", r#"{"Suffix":"test"}"#),
            ],
        );
        let (store, _) = parse(&bytes, "v1", "http://shop.test:9000").unwrap();
        let store = store.unwrap();
        assert_eq!(
            sent(&store, "http://shop.test/"),
            ["parent=1", "sid=1", "wide=1"]
        );
        for other in [
            "http://api.shop.test/",
            "http://evil.test/",
            "http://other.test/",
        ] {
            assert!(sent(&store, other).is_empty(), "{other}");
        }
    }

    /// Issue 15: a file cannot grow the jar beyond its bound.
    #[test]
    fn a_file_with_too_many_cookies_loads_within_the_bound() {
        let cookies: Vec<String> = (0..400)
            .map(|i| cookie_json(&format!("c{i}=1; Path=/"), r#"{"HostOnly":"h"}"#))
            .collect();
        let (store, _) = parse(&file_with("http://h", &cookies), "v1", "http://h").unwrap();
        assert_eq!(
            store.unwrap().iter_any().count(),
            crate::core::session::MAX_COOKIES
        );
    }

    /// Issue 15: a file labelled with one base URL holds that host's cookies only.
    #[test]
    fn saving_keeps_the_base_urls_host_only() {
        let mut store = store_with_cookie();
        let other = url::Url::parse("http://other.test/").unwrap();
        store.parse("theirs=secret; Path=/", &other).unwrap();
        let text =
            String::from_utf8(to_bytes(&store, None, "v1", "http://127.0.0.1:9000").unwrap())
                .unwrap();
        assert!(text.contains("connect.sid"), "{text}");
        assert!(!text.contains("theirs"), "{text}");
        assert!(!text.contains("other.test"), "{text}");
    }

    /// Issue 15: a link is refused, whatever it points to.
    #[cfg(unix)]
    #[test]
    fn a_symbolic_link_is_refused() {
        let dir = temp_dir("link");
        let real = dir.join("planted.json");
        write_atomically(
            &real,
            &to_bytes(&store_with_cookie(), None, "v1", "http://127.0.0.1:9000").unwrap(),
        )
        .unwrap();
        assert!(load(&real, "v1", "http://127.0.0.1:9000").is_ok());
        let link = dir.join("session.json");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        match load(&link, "v1", "http://127.0.0.1:9000") {
            Err(Error::SessionFile { reason, .. }) => {
                assert!(reason.contains("symbolic link"), "{reason}")
            }
            other => panic!("{:?}", other.map(|_| ())),
        }
        // A dangling link too (not an empty session).
        fs::remove_file(&real).unwrap();
        assert!(load(&link, "v1", "http://127.0.0.1:9000").is_err());
        fs::remove_dir_all(&dir).unwrap();
    }

    /// Issue 15: a file its group or others may write is refused, as ssh refuses such keys.
    #[cfg(unix)]
    #[test]
    fn a_file_others_can_write_is_refused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = temp_dir("mode");
        let path = dir.join("session.json");
        let bytes = to_bytes(&store_with_cookie(), None, "v1", "http://127.0.0.1:9000").unwrap();
        write_atomically(&path, &bytes).unwrap();
        for (mode, ok) in [
            (0o600, true),
            (0o644, true),
            (0o400, true),
            (0o620, false),
            (0o602, false),
            (0o666, false),
        ] {
            fs::set_permissions(&path, fs::Permissions::from_mode(mode)).unwrap();
            match load(&path, "v1", "http://127.0.0.1:9000") {
                Ok(_) => assert!(ok, "{mode:o} accepted"),
                Err(Error::SessionFile { reason, .. }) => {
                    assert!(!ok, "{mode:o} refused: {reason}");
                    assert!(reason.contains("chmod 600"), "{reason}");
                    assert!(!reason.contains("abc.def"), "{reason}");
                }
                Err(e) => panic!("{e:?}"),
            }
        }
        fs::remove_dir_all(&dir).unwrap();
    }

    /// Issue 15: a file another user owns is refused. (The file itself only when the tests run
    /// as root, which can give a file away.)
    #[cfg(unix)]
    #[test]
    fn a_file_another_user_owns_is_refused() {
        let e = owner_and_mode_verdict(0o100600, 1001, 1000).unwrap_err();
        assert!(e.contains("another user"), "{e}");
        assert!(owner_and_mode_verdict(0o100600, 1000, 1000).is_ok());
        // SAFETY: no preconditions.
        if unsafe { libc::geteuid() } == 0 {
            let dir = temp_dir("owner");
            let path = dir.join("session.json");
            let bytes =
                to_bytes(&store_with_cookie(), None, "v1", "http://127.0.0.1:9000").unwrap();
            write_atomically(&path, &bytes).unwrap();
            std::os::unix::fs::chown(&path, Some(65534), None).unwrap();
            match load(&path, "v1", "http://127.0.0.1:9000") {
                Err(Error::SessionFile { reason, .. }) => {
                    assert!(reason.contains("another user"), "{reason}")
                }
                other => panic!("{:?}", other.map(|_| ())),
            }
            fs::remove_dir_all(&dir).unwrap();
        }
    }
}
