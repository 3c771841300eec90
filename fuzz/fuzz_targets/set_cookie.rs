//! What a server's Set-Cookie headers do to the session: never a panic, and the session always sends
//! what a plain store fed the same cookies sends (skip cache included).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    medusa_blocking::fuzzing::set_cookie(data);
});
