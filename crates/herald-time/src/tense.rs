//! Tense from a cue window: the nearest tense-bearing word in the same sentence (looking back up
//! to 25 tokens and forward up to 12, nearer first, the word before winning a tie) says whether
//! an expression such as "Tuesday" or "in January" points back or ahead. Cues are modals and
//! future phrases ("will", "'ll", "is set to", "is expected to", "plans to"), past forms ("was",
//! "had", "said", regular "-ed" forms and a list of irregular ones), present forms ("is",
//! "says"). No tagger is needed, so this costs nothing on text without such expressions.

use crate::scan::{Kind, Lex, Tok, W};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Tense {
    Past,
    Present,
    Future,
    Unknown,
}

const BACK: usize = 25;
const AHEAD: usize = 12;

/// The tense around tokens `start..end`.
pub(crate) fn tense_around(text: &str, toks: &[Tok], start: usize, end: usize) -> Tense {
    let Some(sent) = toks.get(start).map(|t| t.sent) else { return Tense::Unknown };
    for d in 1..=BACK {
        if let Some(b) = start.checked_sub(d) {
            if toks[b].sent != sent {
                // Keep looking ahead only.
                return ahead(text, toks, end, d, sent);
            }
            if let Some(t) = cue(text, toks, b) {
                return t;
            }
        }
        if d <= AHEAD {
            let f = end - 1 + d;
            if f < toks.len() && toks[f].sent == sent {
                if let Some(t) = cue(text, toks, f) {
                    return t;
                }
            }
        }
    }
    Tense::Unknown
}

fn ahead(text: &str, toks: &[Tok], end: usize, from: usize, sent: u32) -> Tense {
    for d in from..=AHEAD {
        let f = end - 1 + d;
        if f >= toks.len() || toks[f].sent != sent {
            break;
        }
        if let Some(t) = cue(text, toks, f) {
            return t;
        }
    }
    Tense::Unknown
}

fn followed_by_to(toks: &[Tok], i: usize) -> bool {
    toks.get(i + 1).is_some_and(|t| t.lex == Lex::W(W::To))
}

/// The tense a token signals, if any.
fn cue(text: &str, toks: &[Tok], i: usize) -> Option<Tense> {
    let t = toks[i];
    if t.kind != Kind::Word {
        return None;
    }
    match t.lex {
        Lex::W(W::Ago | W::Yesterday | W::Last) => return Some(Tense::Past),
        Lex::W(W::Tomorrow | W::Next | W::Upcoming | W::Coming) => return Some(Tense::Future),
        Lex::Other => {}
        _ => return None,
    }
    let s = &text[t.start..t.end];
    if s.len() > 14 {
        return None;
    }
    // Capitalised words are names, except at a sentence start.
    let sentence_start = i == 0 || toks[i - 1].sent != t.sent;
    if t.cap && !sentence_start {
        return None;
    }
    let mut buf = [0u8; 14];
    for (d, c) in buf.iter_mut().zip(s.bytes()) {
        *d = c.to_ascii_lowercase();
    }
    let w = std::str::from_utf8(&buf[..s.len()]).unwrap_or("");
    // "'ll", "won't"
    let after_apostrophe = i > 0 && matches!(toks[i - 1].lex, Lex::P('\'' | '\u{2019}')) && !t.space;
    if after_apostrophe {
        return match w {
            "ll" => Some(Tense::Future),
            "s" | "re" | "m" => None,
            "d" => Some(Tense::Past),
            "ve" => Some(Tense::Past),
            _ => None,
        };
    }
    match w {
        "will" | "shall" | "gonna" | "would" => return Some(Tense::Future),
        "won" if toks.get(i + 1).is_some_and(|n| matches!(n.lex, Lex::P('\'' | '\u{2019}')) && !n.space) => {
            return Some(Tense::Future)
        }
        "going" | "set" | "due" | "scheduled" | "expected" | "planned" | "plans" | "plan" | "planning" | "intends"
        | "aims" | "slated" | "poised"
            if followed_by_to(toks, i) =>
        {
            return Some(Tense::Future)
        }
        "scheduled" | "slated" | "due" => return Some(Tense::Future),
        // "is to be held": a plan.
        "is" | "are" if followed_by_to(toks, i) => return Some(Tense::Future),
        "is" | "are" | "am" | "says" | "say" | "does" | "do" | "remains" | "seems" => return Some(Tense::Present),
        "was" | "were" | "had" | "did" | "has" | "have" | "been" => return Some(Tense::Past),
        _ => {}
    }
    let participle = IRREGULAR_PAST.binary_search(&w).is_ok()
        || w.len() >= 4
            && w.ends_with("ed")
            && !NOT_PAST.contains(&w)
            && (!w.ends_with("eed") || PAST_EED.contains(&w));
    if !participle {
        return None;
    }
    // "will be shipped", "is held": a participle after a form of "be" or "get" is passive; the
    // auxiliary before it carries the tense.
    let passive = i > 0
        && toks[i - 1].kind == Kind::Word
        && matches!(
            text[toks[i - 1].start..toks[i - 1].end].to_ascii_lowercase().as_str(),
            "be" | "being" | "been" | "is" | "are" | "was" | "were" | "get" | "gets" | "got" | "getting"
        );
    // "the embattled government": an -ed word before a noun is an adjective, but it still tells
    // of something done; it counts as past.
    (!passive).then_some(Tense::Past)
}

/// Common irregular past forms (sorted, for binary search).
const IRREGULAR_PAST: &[&str] = &[
    "arose",
    "ate",
    "awoke",
    "became",
    "began",
    "bent",
    "bought",
    "broke",
    "brought",
    "built",
    "came",
    "caught",
    "chose",
    "dealt",
    "drew",
    "drove",
    "dug",
    "fell",
    "felt",
    "fled",
    "flew",
    "forgot",
    "fought",
    "found",
    "froze",
    "gave",
    "got",
    "grew",
    "heard",
    "held",
    "hung",
    "kept",
    "knew",
    "laid",
    "led",
    "left",
    "lent",
    "lost",
    "made",
    "meant",
    "met",
    "overtook",
    "paid",
    "ran",
    "rang",
    "rode",
    "rose",
    "said",
    "sank",
    "sat",
    "saw",
    "sent",
    "shook",
    "shot",
    "slept",
    "sold",
    "sought",
    "spent",
    "spoke",
    "stole",
    "stood",
    "struck",
    "swept",
    "swore",
    "taught",
    "thought",
    "threw",
    "told",
    "took",
    "tore",
    "understood",
    "undertook",
    "upheld",
    "went",
    "withdrew",
    "withheld",
    "woke",
    "won",
    "wore",
    "wrote",
];

/// Words ending in "-ed" that are not past forms.
const NOT_PAST: &[&str] = &[
    "united", "hundred", "kindred", "sacred", "naked", "wicked", "rugged", "ragged", "beloved", "shed", "sled", "bred",
    "wed",
];

/// Past forms that end in "-eed".
const PAST_EED: &[&str] = &["agreed", "freed", "decreed", "guaranteed", "refereed", "disagreed"];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::scan;

    fn tense_of(text: &str, word: &str) -> Tense {
        let toks = scan(text);
        let i = toks.iter().position(|t| &text[t.start..t.end] == word).unwrap();
        tense_around(text, &toks, i, i + 1)
    }

    #[test]
    fn irregular_list_is_sorted() {
        let mut sorted = IRREGULAR_PAST.to_vec();
        sorted.sort_unstable();
        assert_eq!(sorted, IRREGULAR_PAST);
    }

    #[test]
    fn cues() {
        assert_eq!(tense_of("The minister will meet his counterpart on Tuesday to talk.", "Tuesday"), Tense::Future);
        assert_eq!(tense_of("The minister met his counterpart on Tuesday.", "Tuesday"), Tense::Past);
        assert_eq!(tense_of("On Wednesday, the envoy will fly to Rome.", "Wednesday"), Tense::Future);
        assert_eq!(tense_of("The company on Tuesday delivered the last jet.", "Tuesday"), Tense::Past);
        assert_eq!(tense_of("The trial is set to begin on Wednesday in London.", "Wednesday"), Tense::Future);
        assert_eq!(tense_of("The United States on Monday.", "Monday"), Tense::Unknown);
        assert_eq!(tense_of("They'll meet Friday.", "Friday"), Tense::Future);
        assert_eq!(tense_of("Talks begin Friday.", "Friday"), Tense::Unknown);
    }

    #[test]
    fn the_window_stays_in_the_sentence() {
        assert_eq!(tense_of("He resigned. Talks resume Friday.", "Friday"), Tense::Unknown);
    }
}
