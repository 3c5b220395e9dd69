//! Word tokens, following the Universal Dependencies English conventions as the GUM corpus
//! applies them, so that a tagger or parser trained on GUM sees the tokens it was trained on.
//!
//! * Punctuation is split off: `"`, `(`, `,`, sentence-final `.`; runs of periods (`...`),
//!   hyphens (`--`), backquotes (` `` `), two single quotes (`''`) and underscores are one
//!   token; `…` is one token; other marks (`?!`) are one token each.
//! * Clitics are split the UD way (GUM writes them as multi-word tokens; we return the
//!   syntactic words): `Kerry's` → `Kerry` `'s`, `players'` → `players` `'`, `don't` → `do`
//!   `n't`, `can't` → `ca` `n't`, `won't` → `wo` `n't`, `I'm` → `I` `'m`, `they'll`, `we've`,
//!   `it'd`, `you're` likewise (also with `’`); `cannot` → `can` `not`, `gonna` → `gon` `na`,
//!   `wanna` → `wan` `na`, `gotta` → `got` `ta`.
//! * Hyphens: GUM splits most hyphenated compounds (`decision-making` → `decision` `-`
//!   `making`, `four-year-old` → five tokens, `US-Russian` → three) but keeps words with a bound
//!   prefix whole (`non-avian`, `re-elected`, `pro-Beijing`, `anti-`, `co-`, `pre-`, `post-`,
//!   `mid-`, `semi-`, `cross-`, `e-mail`, ...) and number ranges and codes made only of digits
//!   (`944-2034`). We do the same. A word cut off by a hyphen keeps it (`th-`, `pre-`).
//! * Numbers stay whole with their separators (`1,800`, `3.5`, `1/2`, `10:30`); currency signs
//!   and `%` are split (`$` `15`, `40` `%`).
//! * Abbreviations keep their period (`U.S.`, `Mr.`, `e.g.`, `J.`), except at the very end of
//!   a sentence, where the period is the sentence's own (`in the U.S.` → `U.S` `.`, as GUM does).
//!   A glued abbreviation is cut after its period: `US.Secretary` → `US.` `Secretary`.
//! * URLs, e-mail addresses and domains are one token (trailing punctuation split off).
//! * Each emoji (with its modifiers, variation selectors, ZWJ sequences, flag pairs) is one
//!   token.
//!
//! Every non-whitespace character of the input is covered by exactly one token; tokens are
//! non-empty, ordered, on char boundaries. O(n) time, O(tokens) memory.

use crate::sentences::{is_url_like, split_sentences, Span};

/// A token: a half-open byte range `[start, end)` into the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Token {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Token {
    /// The token's text.
    ///
    /// # Panics
    /// When the token is out of `text`'s bounds or not on char boundaries.
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        &text[self.start..self.end]
    }

    /// The token as a [`Span`].
    pub fn span(&self) -> Span {
        Span::new(self.start, self.end)
    }
}

/// Tokens of one sentence (or any span) of `text`.
pub fn tokenize(text: &str, sentence: Span) -> Vec<Token> {
    let mut out = Vec::new();
    tokenize_into(text, sentence, &mut out);
    out
}

/// Tokens of every sentence of `text`, in order, and of the noise the splitter leaves between
/// sentences (markup tags, separator runs, page numbers), so that every non-whitespace
/// character is in one token.
pub fn tokenize_all(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut prev = 0;
    for s in split_sentences(text) {
        if s.start > prev {
            tokenize_into(text, Span::new(prev, s.start), &mut out);
        }
        tokenize_into(text, s, &mut out);
        prev = s.end;
    }
    if prev < text.len() {
        tokenize_into(text, Span::new(prev, text.len()), &mut out);
    }
    out
}

/// The texts of `tokens`.
pub fn token_texts<'a>(text: &'a str, tokens: &[Token]) -> Vec<&'a str> {
    tokens.iter().map(|t| t.text(text)).collect()
}

/// Appends the tokens of `text[span]` to `out`.
pub fn tokenize_into(text: &str, span: Span, out: &mut Vec<Token>) {
    let s = &text[span.start..span.end];
    // The last non-whitespace chunk ends where the trimmed span ends.
    let content_end = span.start + s.trim_end().len();
    let mut run_start: Option<usize> = None;
    for (i, c) in s.char_indices() {
        if c.is_whitespace() {
            if let Some(r) = run_start.take() {
                let end = span.start + i;
                chunk(text, span.start + r, end, end == content_end, out);
            }
        } else if run_start.is_none() {
            run_start = Some(i);
        }
    }
    if let Some(r) = run_start {
        chunk(text, span.start + r, span.end, true, out);
    }
}

fn push(out: &mut Vec<Token>, start: usize, end: usize) {
    if end > start {
        out.push(Token { start, end });
    }
}

fn chunk(text: &str, start: usize, end: usize, last: bool, out: &mut Vec<Token>) {
    let s = &text[start..end];
    if is_url_like(s) || looks_like_domain(s) {
        url_chunk(text, start, end, out);
        return;
    }
    let mut p = start;
    while p < end {
        p = next_token(text, p, end, last, out);
    }
}

/// `example.com`, `www.flag.govt.nz`, `podiobooks.com.`: lower-case labels joined by periods,
/// the last a plausible top-level domain.
fn looks_like_domain(s: &str) -> bool {
    let core = s.trim_start_matches(|c: char| !c.is_alphanumeric()).trim_end_matches(|c: char| !c.is_alphanumeric());
    let Some(dot) = core.rfind('.') else {
        return false;
    };
    let tld = &core[dot + 1..];
    let head = &core[..dot];
    matches!(
        tld,
        "com"
            | "org"
            | "net"
            | "edu"
            | "gov"
            | "io"
            | "uk"
            | "de"
            | "fr"
            | "nz"
            | "au"
            | "ca"
            | "info"
            | "biz"
            | "ru"
            | "cn"
            | "jp"
            | "in"
            | "us"
            | "eu"
            | "ly"
            | "tv"
            | "me"
            | "co"
            | "mx"
            | "es"
            | "it"
            | "nl"
            | "ch"
            | "dk"
            | "se"
            | "no"
            | "be"
            | "at"
    ) && head.len() >= 2
        && head.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
        && head.chars().any(|c| c.is_ascii_lowercase())
}

fn url_chunk(text: &str, start: usize, end: usize, out: &mut Vec<Token>) {
    let s = &text[start..end];
    let mut a = 0;
    for (i, c) in s.char_indices() {
        if is_url_lead(c) {
            push(out, start + i, start + i + c.len_utf8());
            a = i + c.len_utf8();
        } else {
            break;
        }
    }
    let rest = &s[a..];
    let core = rest.trim_end_matches(|c: char| {
        matches!(c, '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '}' | '"' | '\'' | '”' | '’' | '>')
    });
    // Keep a closing parenthesis that belongs to the URL (`.../Foo_(bar)`).
    let mut core_len = core.len();
    if rest[core_len..].starts_with(')') && core.contains('(') {
        core_len += 1;
    }
    push(out, start + a, start + a + core_len);
    let mut p = start + a + core_len;
    while p < end {
        p = next_token(text, p, end, true, out);
    }
}

fn is_url_lead(c: char) -> bool {
    matches!(c, '"' | '\'' | '“' | '‘' | '(' | '[' | '{' | '<' | '«')
}

/// Characters that form words: letters, digits, marks, `_`, and anything outside the
/// punctuation and symbol blocks.
fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric() || c == '_';
    }
    if c.is_alphanumeric() {
        return true;
    }
    let u = c as u32;
    if u < 0x300 {
        return false;
    }
    !(matches!(u,
        0x2000..=0x200B | 0x200E..=0x206F | 0x20A0..=0x20CF | 0x2100..=0x2BFF | 0x2E00..=0x2E7F
        | 0x3000..=0x303F | 0xFE10..=0xFE1F | 0xFE30..=0xFE6F | 0xFF00..=0xFF0F
        | 0xFF1A..=0xFF20 | 0xFF3B..=0xFF40 | 0xFF5B..=0xFF65 | 0x1F000..=0x1FAFF
        | 0xE0000..=0xE007F | 0xFFF0..=0xFFFF)
        || c.is_control())
}

fn is_emoji(c: char) -> bool {
    matches!(c as u32,
        0x1F000..=0x1FAFF | 0x2600..=0x27BF | 0x2300..=0x23FF | 0x2B00..=0x2BFF | 0x2190..=0x21FF
        | 0x3030 | 0x303D | 0x3297 | 0x3299 | 0x00A9 | 0x00AE | 0x203C | 0x2049 | 0x2122
        | 0x2139 | 0x24C2 | 0x25AA..=0x25FE)
}

fn is_emoji_modifier(c: char) -> bool {
    matches!(c as u32, 0xFE0E | 0xFE0F | 0x1F3FB..=0x1F3FF | 0x20E3 | 0xE0020..=0xE007F)
}

fn is_regional(c: char) -> bool {
    matches!(c as u32, 0x1F1E6..=0x1F1FF)
}

fn char_at(text: &str, p: usize) -> Option<char> {
    text[p..].chars().next()
}

fn char_before(text: &str, p: usize) -> Option<char> {
    text[..p].chars().next_back()
}

/// Emits the token starting at `p` (and possibly a few more) and returns where scanning goes
/// on; always advances.
fn next_token(text: &str, p: usize, end: usize, last: bool, out: &mut Vec<Token>) -> usize {
    let c = char_at(text, p).expect("p < end");
    let cl = c.len_utf8();
    if is_word_char(c) {
        return word(text, p, end, last, out);
    }
    let run = |ch: char| -> usize {
        let mut q = p;
        while q < end && text[q..].starts_with(ch) {
            q += ch.len_utf8();
        }
        q
    };
    let q = match c {
        '.' | '-' | '`' | '_' => run(c),
        '\'' | '’' => {
            if let Some(cl_end) = clitic_at(text, p, end) {
                cl_end
            } else if c == '\'' && text[p + 1..end].starts_with('\'') {
                p + 2
            } else {
                p + cl
            }
        }
        _ if is_emoji(c) || is_regional(c) => emoji_end(text, p, end),
        _ => p + cl,
    };
    push(out, p, q);
    q
}

/// A clitic that stands alone at `p` (`'s` in tokenised text `Kerry 's`): its end.
fn clitic_at(text: &str, p: usize, end: usize) -> Option<usize> {
    let s = &text[p..end];
    let apo = s.chars().next()?.len_utf8();
    let rest = &s[apo..];
    let word_len = rest.char_indices().find(|&(_, c)| !c.is_alphabetic()).map_or(rest.len(), |(i, _)| i);
    let w = &rest[..word_len];
    let mut buf = [0u8; 8];
    let lw = lower(w, &mut buf)?;
    matches!(lw, "s" | "re" | "ve" | "ll" | "d" | "m").then_some(p + apo + word_len)
}

fn emoji_end(text: &str, p: usize, end: usize) -> usize {
    let first = char_at(text, p).expect("p < end");
    let mut q = p + first.len_utf8();
    if is_regional(first) {
        if let Some(c) = char_at(text, q).filter(|_| q < end) {
            if is_regional(c) {
                q += c.len_utf8();
            }
        }
        return q;
    }
    while q < end {
        let c = char_at(text, q).expect("q < end");
        if is_emoji_modifier(c) {
            q += c.len_utf8();
        } else if c == '\u{200D}' {
            let after = q + c.len_utf8();
            match char_at(text, after).filter(|_| after < end) {
                Some(e) if is_emoji(e) => q = after + e.len_utf8(),
                _ => break,
            }
        } else {
            break;
        }
    }
    q
}

fn lower<'b>(w: &str, buf: &'b mut [u8; 8]) -> Option<&'b str> {
    if w.len() > buf.len() || !w.is_ascii() {
        return None;
    }
    let b = &mut buf[..w.len()];
    b.copy_from_slice(w.as_bytes());
    b.make_ascii_lowercase();
    std::str::from_utf8(b).ok()
}

/// Prefixes GUM keeps attached to the word after the hyphen.
fn is_bound_prefix(seg: &str) -> bool {
    let mut buf = [0u8; 8];
    let Some(l) = lower(seg, &mut buf) else {
        return false;
    };
    matches!(
        l,
        "non"
            | "co"
            | "re"
            | "pre"
            | "pro"
            | "anti"
            | "mid"
            | "counter"
            | "mini"
            | "post"
            | "semi"
            | "inter"
            | "sub"
            | "proto"
            | "socio"
            | "ex"
            | "e"
            | "cross"
            | "multi"
            | "neo"
            | "intra"
            | "trans"
            | "ultra"
            | "micro"
            | "macro"
            | "bio"
            | "geo"
            | "pseudo"
            | "quasi"
            | "vice"
            | "un"
    )
}

/// Scans a word from `p`, splits its clitics, and returns where it ends (after an attached
/// abbreviation period when there is one).
fn word(text: &str, p: usize, end: usize, last: bool, out: &mut Vec<Token>) -> usize {
    let bytes = text.as_bytes();
    let mut q = p;
    let mut seg_start = p;
    let mut all_digits_seg = true;
    let mut glued_cut = false;
    let mut seen_dot = false;
    while q < end {
        // ASCII fast path.
        let b = bytes[q];
        if b.is_ascii_alphanumeric() || b == b'_' {
            all_digits_seg &= b.is_ascii_digit();
            q += 1;
            continue;
        }
        let c = char_at(text, q).expect("q < end");
        let cl = c.len_utf8();
        if is_word_char(c) {
            if !c.is_ascii_digit() {
                all_digits_seg = false;
            }
            q += cl;
            continue;
        }
        let prev = char_before(text, q);
        let next = if q + cl < end { char_at(text, q + cl) } else { None };
        let (Some(prev), Some(next)) = (prev, next) else {
            break;
        };
        let joins = match c {
            '.' if prev.is_alphanumeric() && next.is_alphanumeric() => {
                if !seen_dot && glued_here(text, q, end) {
                    glued_cut = true;
                    false
                } else {
                    true
                }
            }
            ',' | '/' | ':' => prev.is_ascii_digit() && next.is_ascii_digit(),
            '\'' | '’' => prev.is_alphabetic() && next.is_alphabetic(),
            '&' => prev.is_ascii_uppercase() && next.is_ascii_uppercase(),
            '-' | '‐' => {
                if !(prev.is_alphanumeric() && next.is_alphanumeric()) {
                    false
                } else {
                    let digits_both = all_digits_seg && next.is_ascii_digit();
                    let joined = digits_both || is_bound_prefix(&text[seg_start..q]);
                    if joined {
                        seg_start = q + cl;
                        all_digits_seg = true;
                    }
                    joined
                }
            }
            _ => false,
        };
        if !joins {
            break;
        }
        seen_dot |= c == '.';
        q += cl;
    }
    // A word cut off by a hyphen (`th-`, `re-`, `pre- and post-war`) keeps it, as GUM does.
    if q < end
        && bytes[q] == b'-'
        && (q + 1 == end || !(bytes[q + 1] == b'-' || bytes[q + 1].is_ascii_alphanumeric()))
        && char_before(text, q).is_some_and(char::is_alphabetic)
    {
        q += 1;
    }
    let w_end = q;
    // An abbreviation keeps its period unless the period ends the sentence.
    if w_end < end && bytes[w_end] == b'.' {
        let after = w_end + 1;
        let only_closers_after =
            text[after..end].chars().all(|c| matches!(c, '"' | '\'' | '”' | '’' | ')' | ']' | '}' | '»'));
        let sentence_final = last && only_closers_after;
        let next_is_dot = text[after..end].starts_with('.');
        let w = &text[p..w_end];
        if !sentence_final && !next_is_dot && crate::sentences::keeps_period(w, glued_cut) {
            push(out, p, after);
            return after;
        }
    }
    split_clitics(text, p, w_end, out);
    w_end
}

/// Whether the period at `q` is glued between a word and a capitalised word (`US.Secretary`).
fn glued_here(text: &str, q: usize, end: usize) -> bool {
    let mut it = text[q + 1..end].chars();
    let (Some(a), Some(b)) = (it.next(), it.next()) else {
        return false;
    };
    if !(a.is_uppercase() && b.is_lowercase()) {
        return false;
    }
    let rest = &text[q + 1..end];
    let wl = rest.char_indices().find(|&(_, c)| !c.is_alphabetic()).map_or(rest.len(), |(j, _)| j);
    let after = &rest[wl..];
    !(after.starts_with('.') && after[1..].starts_with(|c: char| c.is_alphanumeric()))
}

fn split_clitics(text: &str, start: usize, end: usize, out: &mut Vec<Token>) {
    let w = &text[start..end];
    let mut buf = [0u8; 8];
    if let Some(l) = lower(w, &mut buf) {
        let cut = match l {
            "cannot" => Some(3),
            "gonna" | "wanna" => Some(3),
            "gotta" => Some(3),
            _ => None,
        };
        if let Some(k) = cut {
            push(out, start, start + k);
            push(out, start + k, end);
            return;
        }
    }
    // n't
    for nt in ["n't", "n’t", "N'T", "N’T"] {
        if w.len() > nt.len() && w.ends_with(nt) {
            let base = w.len() - nt.len();
            push(out, start, start + base);
            push(out, start + base, end);
            return;
        }
    }
    for apo in ['\'', '’'] {
        if let Some(i) = w.rfind(apo) {
            let suffix = &w[i + apo.len_utf8()..];
            let mut b2 = [0u8; 8];
            let is_clitic = lower(suffix, &mut b2).is_some_and(|s| matches!(s, "s" | "re" | "ve" | "ll" | "d" | "m"));
            if i > 0 && is_clitic {
                push(out, start, start + i);
                push(out, start + i, end);
                return;
            }
        }
    }
    push(out, start, end);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(t: &str) -> Vec<&str> {
        token_texts(t, &tokenize_all(t))
    }

    #[test]
    fn punctuation_and_clitics() {
        assert_eq!(
            toks("Kerry's aides don't know; I'm sure they'll see."),
            ["Kerry", "'s", "aides", "do", "n't", "know", ";", "I", "'m", "sure", "they", "'ll", "see", "."]
        );
        assert_eq!(toks("can't won't it’s"), ["ca", "n't", "wo", "n't", "it", "’s"]);
        assert_eq!(toks("the players' union"), ["the", "players", "'", "union"]);
    }

    #[test]
    fn numbers_currency_percent() {
        assert_eq!(
            toks("It cost $15, or 40% of 1,800 at 3.5 points."),
            ["It", "cost", "$", "15", ",", "or", "40", "%", "of", "1,800", "at", "3.5", "points", "."]
        );
    }

    #[test]
    fn abbreviations_and_final_period() {
        assert_eq!(
            toks("Mr. Smith went to the U.S. on Monday."),
            ["Mr.", "Smith", "went", "to", "the", "U.S.", "on", "Monday", "."]
        );
        assert_eq!(toks("He went to the U.S."), ["He", "went", "to", "the", "U.S", "."]);
        assert_eq!(toks("US.Secretary of State"), ["US.", "Secretary", "of", "State"]);
    }

    #[test]
    fn hyphens_follow_gum() {
        assert_eq!(
            toks("a four-year-old US-Russian non-avian re-elected 944-2034"),
            ["a", "four", "-", "year", "-", "old", "US", "-", "Russian", "non-avian", "re-elected", "944-2034"]
        );
    }

    #[test]
    fn urls_emails_ellipsis_quotes() {
        assert_eq!(
            toks("See https://example.com/a-b?x=1. Write jane.doe@example.com \"now\"..."),
            ["See", "https://example.com/a-b?x=1", ".", "Write", "jane.doe@example.com", "\"", "now", "\"", "..."]
        );
    }

    #[test]
    fn emoji() {
        assert_eq!(toks("Great👍🏽!🇺🇸"), ["Great", "👍🏽", "!", "🇺🇸"]);
    }

    #[test]
    fn tokenize_all_covers_what_sentences_leave_out() {
        let text = "=====\n<p>Stocks fell.</p>\n12";
        let all: Vec<&str> = tokenize_all(text).iter().map(|t| t.text(text)).collect();
        let joined: String = all.concat();
        assert_eq!(joined, text.split_whitespace().collect::<String>());
        assert!(all.contains(&"Stocks") && all.contains(&"12"));
    }
}
