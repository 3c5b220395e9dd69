//! Arbitrary bytes through the feed reader (RSS 2.0, RSS 1.0, Atom via feed-rs, after charset
//! decoding).
//!
//! herald-ingest runs feed-rs under `catch_unwind`, because feed-rs 3.0 panics on some inputs,
//! and turns such a panic into a `malformed-feed` rejection. libfuzzer-sys's panic hook aborts
//! before unwinding, which would report those handled panics as crashes, so this target replaces
//! the hook: a panic that escapes herald-ingest still aborts (libfuzzer-sys aborts on any panic
//! that reaches the fuzz target), one caught inside it does not.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::Once;

#[path = "common.rs"]
mod common;

static HOOK: Once = Once::new();

fuzz_target!(|data: &[u8]| {
    HOOK.call_once(|| {
        std::panic::set_hook(Box::new(|info| {
            let upstream = info.location().is_some_and(|at| at.file().contains("/feed-rs-"));
            if !upstream {
                eprintln!("panic: {info}");
            }
        }));
    });
    let (records, rejected) = herald_ingest::read_all("fuzz.rss", data);
    common::check(&records, &rejected);
    let (text, _) = herald_ingest::charset::decode(data, None);
    let _ = text.len();
});
