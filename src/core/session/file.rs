//! A session that outlives the process: cookies and bearer token saved to a file.
//!
//! The file is JSON with a format name and version, the API version (`v1`, `v2`) and base URL it
//! belongs to, the bearer token
//! (if any) and every unexpired cookie, session cookies included. It is written to a temporary file
//! in the same folder with mode 0600, flushed, then renamed over the old one, so a reader never sees
//! half a file and a failed write leaves the old file as it was.

use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use cookie_store::CookieStore;
use serde::{Deserialize, Serialize};

use crate::core::error::{Error, Result};
use crate::core::secret::AccessToken;

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
    let file = match fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok((None, None)),
        Err(e) => return Err(file_error(path, "cannot be opened", Some(e))),
    };
    let mut bytes = Vec::new();
    file.take(MAX_FILE_SIZE + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| file_error(path, "cannot be read", Some(e)))?;
    if bytes.len() as u64 > MAX_FILE_SIZE {
        return Err(file_error(path, "is too large to be a session file", None));
    }
    parse(&bytes, api, base_url).map_err(|reason| file_error(path, reason, None))
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
    let store = CookieStore::from_cookies(file.cookies.into_iter().map(Ok::<_, ()>), false)
        .map_err(|()| "has unreadable cookies".to_string())?;
    Ok((Some(store), file.bearer_token.map(AccessToken::from)))
}

/// Serializes the session.
pub(crate) fn to_bytes(
    store: &CookieStore,
    token: Option<&AccessToken>,
    api: &str,
    base_url: &str,
) -> Result<Vec<u8>> {
    let file = FileV1 {
        format: FORMAT.to_string(),
        version: VERSION,
        api: api.to_string(),
        base_url: base_url.to_string(),
        bearer_token: token.map(|t| t.secret().to_string()),
        cookies: store
            .iter_any()
            .filter(|c| !c.is_expired())
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
}
