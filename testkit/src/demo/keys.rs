//! Identifiers and signatures of a fake backend: random ids (ULIDs, UUIDs), session ids and their
//! signatures, password hashes, JWT-shaped tokens, and the SHA-1 behind Express's `ETag`.
//!
//! None of this is cryptography: it only has to make cookies and tokens unforgeable for the life
//! of a demo process, with `std` alone (SipHash under per-process random keys). [`sha1`] is the
//! real SHA-1, so that an `ETag` is the one Express would send for the same body.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use super::js::{B64_STD, B64_URL, b64, b64url_decode};
use super::json::{J, parse_json};

/// `{"alg":"HS256","typ":"JWT"}`, base64url-encoded.
const JWT_HEADER: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9";

/// The per-process keys and counter behind every random value and signature.
pub(crate) struct Keys {
    rng_keys: RandomState,
    mac_keys: RandomState,
    counter: AtomicU64,
}

/// A salted password digest.
#[derive(Clone)]
pub(crate) struct PasswordHash {
    salt: Vec<u8>,
    digest: [u8; 32],
}

impl PasswordHash {
    /// Reset tokens are signed with the current hash, so changing the password voids them.
    pub(crate) fn key(&self) -> Vec<u8> {
        let mut k = self.salt.clone();
        k.extend_from_slice(&self.digest);
        k
    }
}

impl Keys {
    /// New random keys.
    pub(crate) fn new() -> Keys {
        Keys {
            rng_keys: RandomState::new(),
            mac_keys: RandomState::new(),
            counter: AtomicU64::new(0),
        }
    }

    /// 64 random bits.
    pub(crate) fn random_u64(&self) -> u64 {
        let mut h = self.rng_keys.build_hasher();
        h.write_u64(self.counter.fetch_add(1, Ordering::Relaxed));
        h.write_u128(
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or(0),
        );
        h.finish()
    }

    /// `n` random bytes.
    pub(crate) fn random_bytes(&self, n: usize) -> Vec<u8> {
        let mut out = Vec::with_capacity(n + 8);
        while out.len() < n {
            out.extend_from_slice(&self.random_u64().to_le_bytes());
        }
        out.truncate(n);
        out
    }

    /// A keyed 256-bit digest of `parts`.
    pub(crate) fn mac(&self, parts: &[&[u8]]) -> [u8; 32] {
        let mut out = [0u8; 32];
        for (i, chunk) in out.chunks_mut(8).enumerate() {
            let mut h = self.mac_keys.build_hasher();
            h.write_usize(i);
            for p in parts {
                h.write_usize(p.len());
                h.write(p);
            }
            chunk.copy_from_slice(&h.finish().to_le_bytes());
        }
        out
    }

    /// A ULID body (26 Crockford base32 characters): 48-bit milliseconds + 80 random bits.
    pub(crate) fn ulid(&self, ms: i64) -> String {
        const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
        let time = (ms.max(0) as u128) & ((1u128 << 48) - 1);
        let rand = (u128::from(self.random_u64()) << 16 | u128::from(self.random_u64() & 0xffff))
            & ((1u128 << 80) - 1);
        let v = time << 80 | rand;
        (0..26)
            .rev()
            .map(|i| ALPHABET[((v >> (i * 5)) & 31) as usize] as char)
            .collect()
    }

    /// `<prefix>_<ULID>`, as Medusa's ids.
    pub(crate) fn new_id(&self, prefix: &str, ms: i64) -> String {
        format!("{prefix}_{}", self.ulid(ms))
    }

    /// A random UUID v4, as `crypto.randomUUID()` (a reset token's `jti`).
    pub(crate) fn uuid(&self) -> String {
        let mut b = self.random_bytes(16);
        b[6] = (b[6] & 0x0f) | 0x40;
        b[8] = (b[8] & 0x3f) | 0x80;
        let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
        format!(
            "{}-{}-{}-{}-{}",
            &hex[..8],
            &hex[8..12],
            &hex[12..16],
            &hex[16..20],
            &hex[20..]
        )
    }

    /// An express-session id: 24 random bytes, base64url.
    pub(crate) fn session_id(&self) -> String {
        b64(&self.random_bytes(24), B64_URL)
    }

    /// The signature of a session id in its `connect.sid` cookie.
    pub(crate) fn sign_session(&self, sid: &str) -> String {
        b64(&self.mac(&[b"connect.sid", sid.as_bytes()]), B64_STD)
    }

    /// A salted hash of `password`.
    pub(crate) fn hash_password(&self, password: &str) -> PasswordHash {
        let salt = self.random_bytes(16);
        let digest = self.mac(&[b"password", &salt, password.as_bytes()]);
        PasswordHash { salt, digest }
    }

    /// Whether `password` is the one `hash` was made from.
    pub(crate) fn password_matches(&self, hash: &PasswordHash, password: &str) -> bool {
        self.mac(&[b"password", &hash.salt, password.as_bytes()]) == hash.digest
    }

    /// A JWT-shaped token: `{"alg":"HS256","typ":"JWT"}`, the JSON payload, a keyed digest.
    pub(crate) fn sign_jwt(&self, purpose: &[u8], key: &[u8], payload: &J) -> String {
        let signing = format!("{JWT_HEADER}.{}", b64(payload.encode().as_bytes(), B64_URL));
        let sig = b64(&self.mac(&[purpose, key, signing.as_bytes()]), B64_URL);
        format!("{signing}.{sig}")
    }

    /// The payload of a token [`Keys::sign_jwt`] made with the same `purpose` and `key`.
    pub(crate) fn verify_jwt(&self, purpose: &[u8], key: &[u8], token: &str) -> Option<J> {
        let (signing, sig) = token.rsplit_once('.')?;
        let (header, payload) = signing.split_once('.')?;
        if header != JWT_HEADER {
            return None;
        }
        if b64(&self.mac(&[purpose, key, signing.as_bytes()]), B64_URL) != sig {
            return None;
        }
        let text = String::from_utf8(b64url_decode(payload)?).ok()?;
        parse_json(&text).ok()
    }
}

/// SHA-1 (FIPS 180-4) of `data`.
pub(crate) fn sha1(data: &[u8]) -> [u8; 20] {
    let mut h: [u32; 5] = [
        0x6745_2301,
        0xefcd_ab89,
        0x98ba_dcfe,
        0x1032_5476,
        0xc3d2_e1f0,
    ];
    let mut message = data.to_vec();
    message.push(0x80);
    while message.len() % 64 != 56 {
        message.push(0);
    }
    message.extend_from_slice(&((data.len() as u64) * 8).to_be_bytes());
    for block in message.chunks(64) {
        let mut w = [0u32; 80];
        for (i, word) in block.chunks(4).enumerate() {
            w[i] = u32::from_be_bytes([word[0], word[1], word[2], word[3]]);
        }
        for i in 16..80 {
            w[i] = (w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16]).rotate_left(1);
        }
        let [mut a, mut b, mut c, mut d, mut e] = h;
        for (i, wi) in w.iter().enumerate() {
            let (f, k) = match i {
                0..=19 => ((b & c) | (!b & d), 0x5a82_7999),
                20..=39 => (b ^ c ^ d, 0x6ed9_eba1),
                40..=59 => ((b & c) | (b & d) | (c & d), 0x8f1b_bcdc),
                _ => (b ^ c ^ d, 0xca62_c1d6),
            };
            let t = a
                .rotate_left(5)
                .wrapping_add(f)
                .wrapping_add(e)
                .wrapping_add(k)
                .wrapping_add(*wi);
            e = d;
            d = c;
            c = b.rotate_left(30);
            b = a;
            a = t;
        }
        for (slot, v) in h.iter_mut().zip([a, b, c, d, e]) {
            *slot = slot.wrapping_add(v);
        }
    }
    let mut out = [0u8; 20];
    for (chunk, v) in out.chunks_mut(4).zip(h) {
        chunk.copy_from_slice(&v.to_be_bytes());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha1_of_known_inputs() {
        let hex = |d: [u8; 20]| d.iter().map(|b| format!("{b:02x}")).collect::<String>();
        assert_eq!(hex(sha1(b"")), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
        assert_eq!(
            hex(sha1(b"abc")),
            "a9993e364706816aba3e25717850c26c9cd0d89d"
        );
        let long = b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
        assert_eq!(hex(sha1(long)), "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
    }

    #[test]
    fn uuids_are_version_4() {
        let keys = Keys::new();
        let (a, b) = (keys.uuid(), keys.uuid());
        assert_ne!(a, b);
        assert_eq!(a.len(), 36);
        assert_eq!(&a[14..15], "4");
        assert!(matches!(&a[19..20], "8" | "9" | "a" | "b"), "{a}");
    }
}
