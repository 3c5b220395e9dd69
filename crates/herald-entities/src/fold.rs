//! Normalised keys for names: case, diacritics, apostrophes, Arabic article particles and the
//! usual transliteration variants folded away, so "Sergey Lavrov" and "Sergei Lavrov", "Erdoğan"
//! and "Erdogan", "Bashar al-Assad" and "Bashar Assad" meet on the same key.

/// Lowercase with Latin diacritics removed and typographic apostrophes and dashes made plain.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_into(s, &mut out);
    out
}

/// [`fold`] appended to `out`. ASCII letters take a short path: `base_letter` knows no ASCII
/// letter and an ASCII letter's lowercase is its ASCII lowercase, so the answer is the same.
fn fold_into(s: &str, out: &mut String) {
    if s.is_ascii() && !s.contains('`') {
        let at = out.len();
        out.push_str(s);
        out[at..].make_ascii_lowercase();
        return;
    }
    for c in s.chars() {
        match c {
            '’' | '‘' | '`' | 'ʼ' | '´' => out.push('\''),
            '‐' | '‑' | '‒' | '–' | '—' => out.push('-'),
            c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
            _ => match base_letter(c) {
                Some(b) => out.push_str(b),
                None => out.extend(c.to_lowercase()),
            },
        }
    }
}

/// The plain letters a Latin letter with a diacritic stands for, lowercase.
fn base_letter(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' | 'Ā' | 'Ă' | 'Ą' => {
            "a"
        }
        'æ' | 'Æ' => "ae",
        'ç' | 'ć' | 'č' | 'ĉ' | 'ċ' | 'Ç' | 'Ć' | 'Č' => "c",
        'ď' | 'đ' | 'ð' | 'Ď' | 'Đ' | 'Ð' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' | 'È' | 'É' | 'Ê' | 'Ë' | 'Ē' | 'Ė' | 'Ę' | 'Ě' => {
            "e"
        }
        'ğ' | 'ĝ' | 'ġ' | 'ģ' | 'Ğ' | 'Ġ' | 'Ģ' => "g",
        'ħ' | 'Ħ' => "h",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' | 'Ì' | 'Í' | 'Î' | 'Ï' | 'Ī' | 'İ' => "i",
        'ķ' | 'Ķ' => "k",
        'ł' | 'ľ' | 'ļ' | 'ĺ' | 'Ł' | 'Ľ' | 'Ļ' => "l",
        'ñ' | 'ń' | 'ň' | 'ņ' | 'Ñ' | 'Ń' | 'Ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' | 'Ō' | 'Ő' => {
            "o"
        }
        'œ' | 'Œ' => "oe",
        'ř' | 'ŕ' | 'Ř' => "r",
        'ś' | 'š' | 'ş' | 'ș' | 'Ś' | 'Š' | 'Ş' | 'Ș' => "s",
        'ß' => "ss",
        'ť' | 'ţ' | 'ț' | 'Ť' | 'Ţ' | 'Ț' => "t",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'ų' | 'Ù' | 'Ú' | 'Û' | 'Ü' | 'Ū' | 'Ů' | 'Ű' => "u",
        'ý' | 'ÿ' | 'Ý' => "y",
        'ź' | 'ż' | 'ž' | 'Ź' | 'Ż' | 'Ž' => "z",
        'þ' | 'Þ' => "th",
        _ => return None,
    })
}

/// Particles that some spellings of a name carry and others drop.
const PARTICLES: [&str; 4] = ["al", "el", "ad", "ash"];

/// The words of a name as a lookup key: folded, split on spaces and hyphens, with full stops
/// dropped and the Arabic article particle removed ("al-Assad" → ["assad"]).
pub fn name_words(s: &str) -> Vec<String> {
    fold(s)
        .split(|c: char| c.is_whitespace() || c == '-')
        .map(|w| w.trim_matches(|c: char| c == '.' || c == ',' || c == '\''))
        .map(|w| w.strip_suffix("'s").unwrap_or(w).to_string())
        .filter(|w| !w.is_empty() && !PARTICLES.contains(&w.as_str()))
        .collect()
}

/// The words of an ASCII name without a backtick as `name_words` takes them, in their own
/// case: for such a name `fold` only lowercases, which commutes with splitting and trimming
/// here ("'S" is "'s" once lowercased, "Al" is "al").
fn ascii_words(s: &str) -> impl Iterator<Item = &str> {
    s.split(|c: char| c.is_whitespace() || c == '-')
        .map(|w| w.trim_matches(|c: char| c == '.' || c == ',' || c == '\''))
        .map(|w| match w.as_bytes() {
            [.., b'\'', b's' | b'S'] => &w[..w.len() - 2],
            _ => w,
        })
        .filter(|w| !w.is_empty() && !PARTICLES.iter().any(|p| p.eq_ignore_ascii_case(w)))
}

/// Whether [`ascii_words`] reads `s` as [`name_words`] does.
fn plain_ascii(s: &str) -> bool {
    s.is_ascii() && !s.contains('`')
}

/// Calls `f` with [`name_key`]`(s)`, built on the stack for a short ASCII name: how the
/// dictionaries look a name up without allocating its key.
pub fn with_name_key<R>(s: &str, f: impl FnOnce(&str) -> R) -> R {
    const MAX: usize = 64;
    if s.len() <= MAX && plain_ascii(s) {
        // The key is never longer than the name: each space stands for one separator or more.
        let mut buf = [0u8; MAX];
        let mut n = 0;
        for w in ascii_words(s) {
            if n > 0 {
                buf[n] = b' ';
                n += 1;
            }
            for (o, b) in buf[n..n + w.len()].iter_mut().zip(w.bytes()) {
                *o = b.to_ascii_lowercase();
            }
            n += w.len();
        }
        if let Ok(key) = std::str::from_utf8(&buf[..n]) {
            return f(key);
        }
    }
    f(&name_key(s))
}

/// `name_words` joined by single spaces (for an ASCII name, built in one string without the
/// words' own).
pub fn name_key(s: &str) -> String {
    if plain_ascii(s) {
        let mut out = String::with_capacity(s.len());
        for w in ascii_words(s) {
            if !out.is_empty() {
                out.push(' ');
            }
            let at = out.len();
            out.push_str(w);
            out[at..].make_ascii_lowercase();
        }
        return out;
    }
    // Names with other letters are rare: the words themselves.
    name_words(s).join(" ")
}

/// A word's spelling with the common romanisation variants merged: y/i, doubled letters,
/// ou/u, ph/f, kh/h, j at a syllable start kept. "sergey" and "sergei" both become "sergei";
/// "dmitry" and "dmitri" become "dmitri"; "mohammad", "muhammad" and "mohammed" become
/// "mohammad"/"muhammad"... close enough for `similar` to finish the job.
pub fn translit(word: &str) -> String {
    // A word that holds none of the pairs is what the replacements would leave it: skip them.
    let b = word.as_bytes();
    let pairs = b.windows(2).any(|p| matches!(p, [b'p' | b'k', b'h'] | [b'o', b'u']));
    let replaced;
    let w = if pairs {
        replaced = word.replace("ph", "f").replace("kh", "h").replace("ou", "u");
        replaced.as_str()
    } else {
        word
    };
    let mut out = String::with_capacity(w.len());
    let mut prev = '\0';
    for c in w.chars() {
        let c = if c == 'y' { 'i' } else { c };
        if c != prev {
            out.push(c);
        }
        prev = c;
    }
    // "-ei" / "-ii" endings are the same sound ("Sergei", "Sergey", "Sergii").
    out
}

/// Edit distance between two short strings, an adjacent transposition counting as one edit
/// ("Dijbouti"/"Djibouti"), giving up (returning `limit + 1`) once it must exceed `limit`.
pub fn edit_distance(a: &str, b: &str, limit: usize) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > limit {
        return limit + 1;
    }
    let mut before: Vec<usize> = vec![0; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        let mut row_min = cur[0];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(before[j - 2] + 1);
            }
            cur[j] = d;
            row_min = row_min.min(d);
        }
        if row_min > limit {
            return limit + 1;
        }
        std::mem::swap(&mut before, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// Whether two strings are at most one edit apart, an adjacent transposition counting as one:
/// `edit_distance(a, b, 1) <= 1` without its tables. Past the longest common prefix and then
/// the longest common suffix of what is left, one edit leaves nothing (equal), one character on
/// one side or each (a character added, dropped or changed) or two swapped characters.
pub fn within_one_edit(a: &str, b: &str) -> bool {
    let prefix: usize = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).map(|(x, _)| x.len_utf8()).sum();
    let (a, b) = (&a[prefix..], &b[prefix..]);
    let suffix: usize =
        a.chars().rev().zip(b.chars().rev()).take_while(|(x, y)| x == y).map(|(x, _)| x.len_utf8()).sum();
    let (a, b) = (&a[..a.len() - suffix], &b[..b.len() - suffix]);
    let mut ca = a.chars();
    let mut cb = b.chars();
    match (ca.next(), ca.next(), ca.next(), cb.next(), cb.next(), cb.next()) {
        (None | Some(_), None, _, None | Some(_), None, _) => true,
        (Some(x1), Some(x2), None, Some(y1), Some(y2), None) => x1 == y2 && x2 == y1,
        _ => false,
    }
}

/// Two name words that are spelling variants of each other: equal after transliteration, or
/// one edit apart where a slip or a spelling variant is the likely reading: two letters swapped
/// or one letter added or dropped in a word of six letters or more ("Dijbouti", "Mahamoud"),
/// one vowel changed ("Mohammad"/"Muhammad"), any letter changed in a word of eight or more.
/// Shorter words with one consonant changed are as often two different names
/// ("Kalomi"/"Lalomi").
pub fn similar(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let (ta, tb) = (translit(a), translit(b));
    if ta == tb {
        return true;
    }
    let (la, lb) = (ta.chars().count(), tb.chars().count());
    if la.min(lb) < 6 || edit_distance(&ta, &tb, 1) > 1 {
        return false;
    }
    let swapped = la == lb && {
        let (mut x, mut y): (Vec<char>, Vec<char>) = (ta.chars().collect(), tb.chars().collect());
        x.sort_unstable();
        y.sort_unstable();
        x == y
    };
    // One vowel for another is a transliteration variant ("Mohammad"/"Muhammad", "Osama"/"Usama").
    let vowels = |c: char| "aeiou".contains(c);
    let vowel_swap =
        la == lb && ta.chars().zip(tb.chars()).filter(|(x, y)| x != y).all(|(x, y)| vowels(x) && vowels(y));
    swapped || vowel_swap || la != lb || la >= 8
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn folds_case_diacritics_and_particles() {
        assert_eq!(fold("Erdoğan’s"), "erdogan's");
        assert_eq!(name_key("Bashar al-Assad"), "bashar assad");
        assert_eq!(name_key("Bashar Assad"), "bashar assad");
        assert_eq!(name_key("U.S."), "u.s");
        assert_eq!(name_words("Kerry's"), ["kerry"]);
    }

    #[test]
    fn transliteration_variants_are_similar() {
        assert!(similar("sergei", "sergey"));
        assert!(similar("dmitri", "dmitry"));
        assert!(similar("djibouti", "dijbouti"));
        assert!(similar("mahmoud", "mahamoud"));
        assert!(!similar("john", "joan"));
        assert!(!similar("laura", "george"));
        assert!(!similar("kalomi", "lalomi"));
        assert!(similar("mohammad", "muhammad"));
    }

    #[test]
    fn edit_distance_is_bounded() {
        assert_eq!(edit_distance("kitten", "sitting", 5), 3);
        assert_eq!(edit_distance("kitten", "sitting", 1), 2);
        assert_eq!(edit_distance("", "abc", 5), 3);
    }

    #[test]
    fn ascii_keys() {
        for (name, key) in [
            ("Bashar Al-Assad's", "bashar assad"),
            ("KERRY'S", "kerry"),
            ("U.S.", "u.s"),
            ("Ash-Shabab", "shabab"),
            ("a\u{b}b", "a b"),
            ("O'Neill's", "o'neill"),
            ("'s", "s"),
        ] {
            assert_eq!(name_key(name), key, "{name:?}");
            assert_eq!(with_name_key(name, str::to_string), key, "{name:?}");
            assert_eq!(name_words(name).join(" "), key, "{name:?}");
        }
        let long = "Al ".repeat(30) + "Qaeda";
        assert_eq!(with_name_key(&long, str::to_string), "qaeda");
    }

    #[test]
    fn one_edit_cases() {
        assert!(within_one_edit("djibouti", "dijbouti"));
        assert!(within_one_edit("abc", "abc"));
        assert!(within_one_edit("aa", "a"));
        assert!(within_one_edit("", "x"));
        assert!(within_one_edit("ab", "ba"));
        assert!(!within_one_edit("abc", "cba"));
        assert!(!within_one_edit("ab", "bc"));
        assert!(within_one_edit("čad", "cad"));
    }

    proptest! {
        #[test]
        fn one_edit_is_edit_distance_within_one(a in "[abcé]{0,7}", b in "[abcé]{0,7}") {
            prop_assert_eq!(within_one_edit(&a, &b), edit_distance(&a, &b, 1) <= 1);
        }

        #[test]
        fn name_key_is_name_words_joined(s in "[ a-zA-Z.,'`’\\-éÉ]{0,30}") {
            prop_assert_eq!(name_key(&s), name_words(&s).join(" "));
            prop_assert_eq!(with_name_key(&s, str::to_string), name_words(&s).join(" "));
        }

        #[test]
        fn ascii_name_key_is_name_words_joined(s in "(Al|aL|EL|ad|Ash|ash|'S|'s|[A-Za-z]{1,4}|[ .,'\\-\u{b}\t])*") {
            prop_assert_eq!(name_key(&s), name_words(&s).join(" "));
            prop_assert_eq!(with_name_key(&s, str::to_string), name_words(&s).join(" "));
        }

        #[test]
        fn fold_is_char_by_char(s in "\\PC{0,30}") {
            let slow: String = s.chars().map(|c| match c {
                '’' | '‘' | '`' | 'ʼ' | '´' => "'".to_string(),
                '‐' | '‑' | '‒' | '–' | '—' => "-".to_string(),
                _ => base_letter(c).map(str::to_string).unwrap_or_else(|| c.to_lowercase().collect()),
            }).collect();
            prop_assert_eq!(fold(&s), slow);
        }

        #[test]
        fn keys_never_panic_and_are_lowercase(s in "\\PC{0,40}") {
            let k = name_key(&s);
            prop_assert!(!k.contains("  "));
            prop_assert_eq!(fold(&k), fold(&fold(&k)));
        }

        #[test]
        fn translit_is_the_replacements_then_merging(w in "[phkouy ée]{0,12}") {
            let r = w.replace("ph", "f").replace("kh", "h").replace("ou", "u");
            let mut slow = String::new();
            let mut prev = '\0';
            for c in r.chars().map(|c| if c == 'y' { 'i' } else { c }) {
                if c != prev {
                    slow.push(c);
                }
                prev = c;
            }
            prop_assert_eq!(translit(&w), slow);
        }

        #[test]
        fn similar_is_symmetric(a in "[a-z]{0,10}", b in "[a-z]{0,10}") {
            prop_assert_eq!(similar(&a, &b), similar(&b, &a));
        }
    }
}
