//! Any bytes may arrive by mail: the parser must return, never panic. `scripts/fuzz` seeds the
//! corpus with the saved mails (domain/src/intake/parse/fixtures/inbound/*.eml) and runs it for a bounded time.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(inquiry) = domain::intake::parse::parse_inquiry(data) {
        // What the parser returns must also survive the trip to the API.
        let _ = format!("{inquiry:?}");
    }
});
