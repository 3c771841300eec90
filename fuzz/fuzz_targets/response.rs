//! The whole pure response path: status, headers and body to a typed result or an error, for
//! every response type. Must never panic.
//!
//! Input format (decoded by `medusa_blocking::fuzzing::response_input`, which the
//! `fuzzing::regressions` unit tests also use to replay `tests/fixtures/fuzz-regressions/response/`):
//!
//! - bytes 0..2: the status, `u16` little-endian (the entry point takes it modulo 600);
//! - then the header block, up to the first `\n\n` (all the rest when there is none): one header
//!   per line, `name: value`, split at the first `:`, spaces and tabs before the value dropped, a
//!   trailing `\r` dropped; lines without `:` are skipped;
//! - then, after the `\n\n`, the body, as it is.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    medusa_blocking::fuzzing::response_input(data);
});
