//! Bad input: odd capitalisation, look-alike letters, combining marks, endless capitalised runs
//! and articles naming thousands of people. None of it may panic, take unbounded time or merge
//! what the text does not support.

use herald_entities::{parse_day, Annotator};
use herald_model::EntityType;
use proptest::prelude::*;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

fn annotator() -> &'static Annotator {
    static A: OnceLock<Annotator> = OnceLock::new();
    A.get_or_init(|| Annotator::embedded().expect("embedded models"))
}

/// Debug builds are many times slower than release; the bound is generous but finite.
const BOUND: Duration = Duration::from_secs(if cfg!(debug_assertions) { 60 } else { 6 });

#[test]
fn all_capitals_and_all_lowercase_do_not_panic_or_invent_merges() {
    for text in [
        "RUSSIAN FOREIGN MINISTER SERGEI LAVROV MET JOHN KERRY IN SOCHI.\nKERRY SAID THE TALKS WENT WELL.",
        "russian foreign minister sergei lavrov met john kerry in sochi.\nkerry said the talks went well.",
    ] {
        let a = annotator().annotate_text(text, parse_day("2015-05-12"));
        for e in &a.entities {
            // No entity may gather the names of two different people.
            let people: Vec<&String> =
                e.aliases.iter().chain([&e.name]).filter(|n| n.to_lowercase().contains("lavrov")).collect();
            if !people.is_empty() {
                assert!(!e.aliases.iter().chain([&e.name]).any(|n| n.to_lowercase().contains("kerry")), "{e:?}");
            }
        }
    }
}

#[test]
fn cyrillic_look_alikes_and_combining_marks_are_not_silently_merged() {
    // "Кerry" starts with a Cyrillic capital Ka; "Kerry" is Latin. A different script is a
    // different name unless the text says otherwise.
    let text = "John Kerry met Sergei Lavrov.\nJohn \u{041a}erry was not there.\nJose\u{0301} Mari\u{0301}a spoke.";
    let a = annotator().annotate_text(text, parse_day("2015-05-12"));
    let latin = a.mentions.iter().find(|m| m.text.contains("John Kerry")).expect("Latin Kerry");
    if let Some(cyr) = a.mentions.iter().find(|m| m.text.contains('\u{041a}')) {
        assert_ne!(cyr.entity, latin.entity, "a look-alike name joined the real one");
    }
    for m in &a.mentions {
        assert!(a.entities.iter().any(|e| e.id == m.entity), "dangling mention {m:?}");
        assert!(text.is_char_boundary(m.start) && text.is_char_boundary(m.end));
    }
}

#[test]
fn an_endless_capitalised_run_takes_bounded_time() {
    let run = "Alpha Bravo Charlie Delta Echo Foxtrot Golf Hotel India Juliet ".repeat(2_000);
    let text = format!("{run}said nothing.");
    let t = Instant::now();
    let a = annotator().annotate_text(&text, None);
    assert!(t.elapsed() < BOUND, "took {:?}", t.elapsed());
    for m in &a.mentions {
        assert!(m.end - m.start < 2_000, "a mention spans {} bytes", m.end - m.start);
    }
}

#[test]
fn ten_thousand_distinct_names_take_bounded_time_and_stay_apart() {
    // Distinct surnames built from syllables, each a full name with a title.
    // Syllables that differ from each other in two letters, so that no two surnames are a
    // slip of the keyboard or a transliteration apart.
    let syllables = ["bar", "cel", "dim", "fon", "gup", "kas", "lot", "mev", "niw", "paz"];
    let mut text = String::new();
    for i in 0..10_000 {
        let a = syllables[i % 10];
        let b = syllables[(i / 10) % 10];
        let c = syllables[(i / 100) % 10];
        let d = syllables[(i / 1000) % 10];
        let mut surname = format!("{a}{b}{c}{d}");
        surname[..1].make_ascii_uppercase();
        text.push_str(&format!("Mr. John {surname} spoke.\n"));
    }
    let t = Instant::now();
    let a = annotator().annotate_text(&text, None);
    assert!(t.elapsed() < BOUND * 3, "took {:?}", t.elapsed());
    let people = a.entities.iter().filter(|e| e.kind == EntityType::Person).count();
    assert!(people >= 9_900, "only {people} people for 10,000 distinct names");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Random capitalised word soups: mentions are in bounds, every mention has its entity,
    /// and no entity takes both of two different given names.
    #[test]
    fn random_names_never_panic(words in proptest::collection::vec("[A-Z][a-z]{1,8}|al-[A-Z][a-z]{2,6}|[A-Z]{2,4}|the|of|said|and|\u{0301}|\u{0410}", 1..60)) {
        let text = words.join(" ");
        let a = annotator().annotate_text(&text, None);
        for m in &a.mentions {
            prop_assert!(m.start < m.end && m.end <= text.len());
            prop_assert!(text.is_char_boundary(m.start) && text.is_char_boundary(m.end));
            prop_assert!(a.entities.iter().any(|e| e.id == m.entity));
        }
    }
}
