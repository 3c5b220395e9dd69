//! The reading layer: everything that looks at running text rather than markup. For now it tells
//! which language a text is in (which extraction reports and later stages use to decide whether
//! English-only models apply), splits sentences ([`sentences`]) and words ([`tokens`]); syntax
//! arrives here later, behind the same crate boundary.

pub mod scoring;
pub mod sentences;
pub mod tokens;

pub use sentences::{split_sentences, Span};
pub use tokens::{tokenize, tokenize_all, Token};

/// The ISO 639-1 code of `text`'s language, when it can be told with reasonable confidence.
///
/// Uses a trigram model (whatlang); very short inputs (under 20 letters) give `None` rather than a
/// guess.
pub fn detect_language(text: &str) -> Option<&'static str> {
    let letters = text.chars().filter(|c| c.is_alphabetic()).count();
    if letters < 20 {
        return None;
    }
    // Long texts: the first 1.5 KiB are plenty for a trigram model and keep this O(1) per document.
    let mut cut = text.len().min(1536);
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let info = whatlang::detect(&text[..cut])?;
    if !info.is_reliable() && info.confidence() < 0.5 {
        return None;
    }
    Some(iso639_1(info.lang()))
}

fn iso639_1(lang: whatlang::Lang) -> &'static str {
    use whatlang::Lang::*;
    match lang {
        Eng => "en",
        Rus => "ru",
        Cmn => "zh",
        Spa => "es",
        Por => "pt",
        Ita => "it",
        Ben => "bn",
        Fra => "fr",
        Deu => "de",
        Ukr => "uk",
        Kat => "ka",
        Ara => "ar",
        Hin => "hi",
        Jpn => "ja",
        Heb => "he",
        Yid => "yi",
        Pol => "pl",
        Amh => "am",
        Jav => "jv",
        Kor => "ko",
        Nob => "nb",
        Dan => "da",
        Swe => "sv",
        Fin => "fi",
        Tur => "tr",
        Nld => "nl",
        Hun => "hu",
        Ces => "cs",
        Ell => "el",
        Bul => "bg",
        Bel => "be",
        Mar => "mr",
        Kan => "kn",
        Ron => "ro",
        Slv => "sl",
        Hrv => "hr",
        Srp => "sr",
        Mkd => "mk",
        Lit => "lt",
        Lav => "lv",
        Est => "et",
        Tam => "ta",
        Vie => "vi",
        Urd => "ur",
        Tha => "th",
        Guj => "gu",
        Uzb => "uz",
        Pan => "pa",
        Aze => "az",
        Ind => "id",
        Tel => "te",
        Pes => "fa",
        Mal => "ml",
        Ori => "or",
        Mya => "my",
        Nep => "ne",
        Sin => "si",
        Khm => "km",
        Tuk => "tk",
        Aka => "ak",
        Zul => "zu",
        Sna => "sn",
        Afr => "af",
        Lat => "la",
        Slk => "sk",
        Cat => "ca",
        Tgl => "tl",
        Hye => "hy",
        Epo => "eo",
        _ => "und",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_english_and_german() {
        assert_eq!(
            detect_language("The foreign minister was on her way to the capital this evening amid fresh unrest."),
            Some("en")
        );
        assert_eq!(
            detect_language("Die Bundesregierung hat am Dienstag neue Maßnahmen gegen die Inflation beschlossen."),
            Some("de")
        );
    }

    #[test]
    fn too_short_is_unknown() {
        assert_eq!(detect_language("Hi there"), None);
    }
}
