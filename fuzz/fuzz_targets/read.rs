//! Arbitrary bytes as text through the reading layer (`herald read`): sentences and tokens are
//! ordered spans inside the text, on character boundaries, each sentence one rooted tree.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "models.rs"]
mod models;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut last = 0;
    for s in models::get().read(&text) {
        assert!(last <= s.start && s.start < s.end && s.end <= text.len());
        last = s.end;
        let mut tok_last = s.start;
        for t in &s.tokens {
            assert!(tok_last <= t.start && t.start < t.end && t.end <= s.end);
            assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
            assert!(t.analysis.head <= s.tokens.len());
            tok_last = t.end;
        }
        assert_eq!(s.tokens.iter().filter(|t| t.analysis.head == 0).count(), 1);
    }
});
