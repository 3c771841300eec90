//! The body reader with its limit: any body, read size and failure point give a prefix of the
//! body at most one byte past the limit, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    medusa_blocking::fuzzing::body(data);
});
