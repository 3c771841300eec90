//! Session-file loading: any bytes, read as the file `MedusaBuilder::load_session` would read,
//! must give a session or an error, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    medusa_blocking::fuzzing::session_file(data);
});
