//! The whole pure response path: status, headers and body to a typed result or an error, for
//! every response type. Must never panic.
//!
//! Input format (the same decoding is used by the `fuzzing::regressions` unit tests in
//! `src/lib.rs`, which replay `tests/fixtures/fuzz-regressions/response/`; keep them in step):
//!
//! - bytes 0..2: the status, `u16` little-endian (the entry point takes it modulo 600);
//! - then the header block, up to the first `\n\n` (all the rest when there is none): one header
//!   per line, `name: value`, split at the first `:`, spaces and tabs before the value dropped, a
//!   trailing `\r` dropped; lines without `:` are skipped;
//! - then, after the `\n\n`, the body, as it is.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (status, headers, body) = decode(data);
    medusa_blocking::fuzzing::response(status, &headers, body);
});

type Header<'a> = (&'a [u8], &'a [u8]);

fn decode(data: &[u8]) -> (u16, Vec<Header<'_>>, &[u8]) {
    let (status, rest) = match data {
        [lo, hi, rest @ ..] => (u16::from_le_bytes([*lo, *hi]), rest),
        _ => (0, &[][..]),
    };
    let (block, body) = match rest.windows(2).position(|w| w == b"\n\n") {
        Some(i) => (&rest[..i], &rest[i + 2..]),
        None => (rest, &[][..]),
    };
    let headers = block
        .split(|&b| b == b'\n')
        .filter_map(|line| {
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            let colon = line.iter().position(|&b| b == b':')?;
            let value = &line[colon + 1..];
            let skip = value
                .iter()
                .take_while(|&&b| b == b' ' || b == b'\t')
                .count();
            Some((&line[..colon], &value[skip..]))
        })
        .collect();
    (status, headers, body)
}
