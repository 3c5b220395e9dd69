//! The reading layer's invariants on arbitrary text: spans inside the text and ordered, one token
//! per span, exactly one root per sentence and every head inside the sentence, with the greedy
//! parser and with the beam.

use herald_syntax::parser::Beam;
use herald_syntax::reading::Models;
use proptest::prelude::*;
use std::sync::OnceLock;

fn models() -> &'static Models {
    static MODELS: OnceLock<Models> = OnceLock::new();
    MODELS.get_or_init(|| Models::embedded().expect("the committed models load"))
}

fn beam_models() -> &'static Models {
    static MODELS: OnceLock<Models> = OnceLock::new();
    MODELS.get_or_init(|| {
        let mut models = Models::embedded().expect("the committed models load");
        models.parser.set_beam(Some(Beam::default()));
        models
    })
}

fn check(text: &str) -> Result<(), TestCaseError> {
    check_with(models(), text)?;
    check_with(beam_models(), text)
}

fn check_with(models: &Models, text: &str) -> Result<(), TestCaseError> {
    let mut last = 0;
    for s in models.read(text) {
        prop_assert!(s.start >= last && s.start < s.end && s.end <= text.len());
        last = s.end;
        let mut tok_last = s.start;
        for t in &s.tokens {
            prop_assert!(t.start >= tok_last && t.start < t.end && t.end <= s.end);
            prop_assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
            prop_assert!(t.analysis.head <= s.tokens.len());
            tok_last = t.end;
        }
        prop_assert_eq!(s.tokens.iter().filter(|t| t.analysis.head == 0).count(), 1);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn any_text_reads_into_well_formed_sentences(text in "\\PC{0,300}") {
        check(&text)?;
    }

    #[test]
    fn news_like_text_reads_into_well_formed_sentences(
        words in prop::collection::vec(prop::sample::select(vec![
            "Kerry", "met", "Putin", "in", "Sochi", ".", "U.S.", "officials", "said", "\"", "it", "'s", "$15", "40%",
            "Mr.", "don't", "—", "(", ")", "?", "\n", "post-Cold", "War", "😀", "\u{0}", "Москва",
        ]), 0..120)
    ) {
        check(&words.join(" "))?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Pretokenized input (`herald read --pretokenized`) keeps its words whatever they hold
    /// (empty forms, spaces, control characters, emoji) and gets one rooted tree, with both
    /// parsers.
    #[test]
    fn any_pretokenized_words_get_one_rooted_tree(forms in prop::collection::vec("\\PC{0,4}|[ \u{0}-\u{1f}]{1,2}", 0..60)) {
        for models in [models(), beam_models()] {
            let mut sentence = herald_syntax::conllu::Sentence {
                words: forms
                    .iter()
                    .enumerate()
                    .map(|(i, f)| herald_syntax::conllu::Word { id: i + 1, form: f.clone(), ..Default::default() })
                    .collect(),
                ..Default::default()
            };
            models.annotate(&mut sentence);
            let n = sentence.words.len();
            prop_assert_eq!(sentence.words.iter().map(|w| &w.form).collect::<Vec<_>>(), forms.iter().collect::<Vec<_>>());
            prop_assert!(sentence.words.iter().all(|w| w.head <= n && !w.upos.is_empty() && !w.deprel.is_empty()));
            prop_assert_eq!(sentence.words.iter().filter(|w| w.head == 0).count(), usize::from(n > 0));
        }
    }
}

#[test]
fn a_long_line_without_punctuation_is_read_in_bounded_windows() {
    let text = "word ".repeat(20_000);
    for models in [models(), beam_models()] {
        let sentences = models.read(&text);
        let tokens: usize = sentences.iter().map(|s| s.tokens.len()).sum();
        assert_eq!(tokens, 20_000);
        for s in &sentences {
            assert_eq!(s.tokens.iter().filter(|t| t.analysis.head == 0).count(), 1);
        }
    }
}

/// Words the tagger saw fewer than three times in GUM take a tag the word-class lexicon allows
/// (each of these was mistagged without it, as in "iodine/JJ" and "waive/JJ" on GUM dev and
/// "sought/NN refuge" in the PLOVER gold sentences); a lowercase word inside a name stays a name.
#[test]
fn rare_words_take_a_tag_the_lexicon_allows() {
    let xpos = |text: &str, word: &str| -> String {
        let s = &models().read(text)[0];
        let t = s.tokens.iter().find(|t| &text[t.start..t.end] == word).expect("the word is a token");
        t.analysis.xpos.to_string()
    };
    assert_eq!(xpos("Add iodine to the water.", "iodine"), "NN");
    assert!(matches!(xpos("They will waive the fee.", "waive").as_str(), "VB" | "VBP"));
    assert!(matches!(xpos("Thousands of villagers sought refuge in the hills.", "sought").as_str(), "VBD" | "VBN"));
    assert!(xpos("Osama bin Laden's network threatened Israel.", "bin").starts_with("NNP"));
    // After a singular determiner and modifiers, a rare word is no base-form verb.
    assert!(xpos("Jordan, a key U.S. ally in the region, refused.", "ally").starts_with("NN"));
    assert!(matches!(xpos("The ministers waive the fee.", "waive").as_str(), "VB" | "VBP"));
}

/// Typewriter quotation marks ("``like this''", "`this'", as older wire copy writes them) are read as
/// quotation marks, not as a preposition and a currency sign, and the words they enclose keep
/// the analysis they have between curly quotes.
#[test]
fn typewriter_quotes_read_as_quotation_marks() {
    type Word = (String, &'static str, usize, String);
    fn read(text: &str) -> Vec<Word> {
        let s = &models().read(text)[0];
        s.tokens
            .iter()
            .map(|t| {
                (text[t.start..t.end].to_string(), t.analysis.xpos, t.analysis.head, t.analysis.deprel.to_string())
            })
            .collect()
    }
    let plain = read("The minister said \u{201c}we will mobilize\u{201d} against them.");
    let typed = read("The minister said ``we will mobilize'' against them.");
    let quote = |r: &[Word], q: &str| r.iter().find(|w| w.0 == q).cloned().unwrap();
    assert_eq!(quote(&typed, "``").1, "``");
    assert_eq!(quote(&typed, "''").1, "''");
    assert_eq!(quote(&typed, "``").3, "punct");
    assert_eq!(quote(&typed, "''").3, "punct");
    let analysis = |r: &[Word]| -> Vec<(&'static str, usize)> { r.iter().map(|w| (w.1, w.2)).collect() };
    assert_eq!(analysis(&typed), analysis(&plain));
    let single = read("Rebels seized the `Victory' barracks.");
    assert_eq!(quote(&single, "`").1, "``");
    assert_eq!(quote(&single, "`").3, "punct");
}
