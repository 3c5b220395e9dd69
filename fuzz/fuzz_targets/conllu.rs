//! Arbitrary bytes as CoNLL-U (`herald read --pretokenized`): every sentence reads or is one error
//! naming a line of the input; the sentences that read get tags, lemmas and one rooted tree.
#![no_main]

use herald_syntax::conllu::{self, ConlluError};
use libfuzzer_sys::fuzz_target;

#[path = "models.rs"]
mod models;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let lines = text.lines().count();
    for sentence in conllu::sentences(&text, "fuzz.conllu") {
        match sentence {
            Ok(mut s) => {
                let forms: Vec<String> = s.words.iter().map(|w| w.form.clone()).collect();
                models::get().annotate(&mut s);
                let n = s.words.len();
                assert!(s.words.iter().map(|w| &w.form).eq(forms.iter()));
                assert!(s.words.iter().enumerate().all(|(i, w)| w.id == i + 1 && w.head <= n));
                assert_eq!(s.words.iter().filter(|w| w.head == 0).count(), usize::from(n > 0));
            }
            Err(ConlluError::Malformed { source_name, line, detail }) => {
                assert_eq!(source_name, "fuzz.conllu");
                assert!((1..=lines).contains(&line) && !detail.is_empty());
            }
            Err(e) => panic!("{e}"),
        }
    }
});
