//! Token bodies, JWT claims, envelopes and pages of both wings, and redaction: never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    medusa_blocking::fuzzing::tokens(data);
});
