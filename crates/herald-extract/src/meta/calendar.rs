//! Reading dates: machine formats (ISO 8601, Unix time, RFC 2822), dates written in text in many
//! languages and scripts, month names, the plausible range of dates, and which pages put the month
//! first.

use std::collections::HashMap;
use std::sync::LazyLock;

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};
use regex::Regex;

use super::url::{host_of, url_path};

/// A date as published, with its UTC instant when a time and offset were given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Stamp {
    pub(super) date: NaiveDate,
    pub(super) utc: Option<NaiveDateTime>,
    /// The UTC offset in seconds, when a time with an offset was given.
    pub(super) offset: Option<i64>,
}

impl Stamp {
    pub(super) fn day(date: NaiveDate) -> Stamp {
        Stamp { date, utc: None, offset: None }
    }
}

pub(super) fn min_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(1995, 1, 1).unwrap_or_default()
}

pub(super) fn max_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2030, 12, 31).unwrap_or_default()
}

pub(super) fn make_date(y: i64, m: i64, d: i64) -> Option<NaiveDate> {
    let date = NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, u32::try_from(m).ok()?, u32::try_from(d).ok()?)?;
    (min_date()..=max_date()).contains(&date).then_some(date)
}

pub(super) fn num(s: Option<regex::Match<'_>>) -> Option<i64> {
    s?.as_str().parse().ok()
}

static ISO_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)^\s*(\d{4})-?(\d{2})-?(\d{2})
        (?:[T\s]+(\d{1,2}):?(\d{2})(?::?(\d{2}))?(?:[.,]\d+)?\s*
        (Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?)?",
    )
    .expect("iso regex")
});

/// Parses a machine-readable date value (meta content, JSON-LD, `datetime` attribute): ISO 8601
/// (also compact), Unix timestamps, RFC 2822 and other forms the text parser understands.
pub(super) fn parse_machine_date(s: &str, mdy: bool) -> Option<Stamp> {
    let s = s.trim();
    if s.is_empty() || s.len() > 200 {
        return None;
    }
    // Unix time in seconds or milliseconds.
    if (9..=13).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()) {
        let n: i64 = s.parse().ok()?;
        let secs = if s.len() == 13 { n / 1000 } else { n };
        if let Some(dt) = chrono::DateTime::from_timestamp(secs, 0).map(|t| t.naive_utc()) {
            if (min_date()..=max_date()).contains(&dt.date()) {
                return Some(Stamp { date: dt.date(), utc: Some(dt), offset: Some(0) });
            }
        }
    }
    if let Some(c) = ISO_RE.captures(s) {
        let (y, m, d) = (num(c.get(1))?, num(c.get(2))?, num(c.get(3))?);
        let date = make_date(y, m, d)?;
        let timed = (|| {
            let h = u32::try_from(num(c.get(4))?).ok()?;
            let mi = u32::try_from(num(c.get(5))?).ok()?;
            let sec = c.get(6).and_then(|x| x.as_str().parse::<u32>().ok()).unwrap_or(0);
            let time = NaiveTime::from_hms_opt(h, mi, sec)?;
            let off = parse_offset(c.get(7)?.as_str())?;
            Some((date.and_time(time) - Duration::seconds(off), off))
        })();
        return Some(Stamp { date, utc: timed.map(|t| t.0), offset: timed.map(|t| t.1) });
    }
    find_text_date(s, mdy).map(Stamp::day)
}

/// Offset in seconds east of UTC.
fn parse_offset(s: &str) -> Option<i64> {
    match s {
        "Z" | "UTC" | "GMT" => return Some(0),
        _ => {}
    }
    let sign = if s.starts_with('-') { -1 } else { 1 };
    let digits: String = s[1..].chars().filter(char::is_ascii_digit).collect();
    let h: i64 = digits.get(0..2)?.parse().ok()?;
    let m: i64 = digits.get(2..4).and_then(|x| x.parse().ok()).unwrap_or(0);
    (h <= 14 && m < 60).then_some(sign * (h * 3600 + m * 60))
}

static NUMERIC_YMD_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^\d])(\d{4})\s*([-/.])\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})(?:[^\d]|$)").expect("ymd regex")
});
static NUMERIC_DMY_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^\d.])(\d{1,2})\s?([-/.|])\s?(\d{1,2})\s?[-/.|]\s?(\d{4})(?:[^\d]|$)").expect("dmy regex")
});
static CJK_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\d{4})\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})").expect("cjk regex"));
static DAY_MONTH_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:^|[^\d])(\d{1,2})(?:st|nd|rd|th|er|º|°)?\.?\s*(?:de\s+|of\s+)?(\p{L}{3,})\.?\s*,?\s*(?:de\s+|del\s+)?(\d{4})(?:[^\d]|$)")
        .expect("day month regex")
});
static MONTH_DAY_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(\p{L}{3,})\.?\s+(\d{1,2})(?:st|nd|rd|th)?\s*,?\s+(\d{4})(?:[^\d]|$)").expect("month day regex")
});
static CTIME_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(\p{L}{3,})\.?\s+(\d{1,2}),?\s+\d{1,2}:\d{2}(?::\d{2})?\s*(?:[AaPp][Mm]\s*)?(?:[A-Z]{2,5}\s+)?(\d{4})")
        .expect("ctime regex")
});

/// Month names and their common abbreviations in the languages we see most.
static MONTHS: LazyLock<HashMap<&'static str, u32>> = LazyLock::new(|| {
    let lists: &[[&str; 12]] = &[
        // English
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
        // German
        [
            "januar",
            "februar",
            "märz",
            "april",
            "mai",
            "juni",
            "juli",
            "august",
            "september",
            "oktober",
            "november",
            "dezember",
        ],
        [
            "jänner",
            "feber",
            "maerz",
            "april",
            "mai",
            "juni",
            "juli",
            "august",
            "september",
            "oktober",
            "november",
            "dezember",
        ],
        // French
        [
            "janvier",
            "février",
            "mars",
            "avril",
            "mai",
            "juin",
            "juillet",
            "août",
            "septembre",
            "octobre",
            "novembre",
            "décembre",
        ],
        [
            "janvier",
            "fevrier",
            "mars",
            "avril",
            "mai",
            "juin",
            "juillet",
            "aout",
            "septembre",
            "octobre",
            "novembre",
            "decembre",
        ],
        // Spanish
        [
            "enero",
            "febrero",
            "marzo",
            "abril",
            "mayo",
            "junio",
            "julio",
            "agosto",
            "septiembre",
            "octubre",
            "noviembre",
            "diciembre",
        ],
        [
            "enero",
            "febrero",
            "marzo",
            "abril",
            "mayo",
            "junio",
            "julio",
            "agosto",
            "setiembre",
            "octubre",
            "noviembre",
            "diciembre",
        ],
        // Portuguese
        [
            "janeiro",
            "fevereiro",
            "março",
            "abril",
            "maio",
            "junho",
            "julho",
            "agosto",
            "setembro",
            "outubro",
            "novembro",
            "dezembro",
        ],
        // Italian
        [
            "gennaio",
            "febbraio",
            "marzo",
            "aprile",
            "maggio",
            "giugno",
            "luglio",
            "agosto",
            "settembre",
            "ottobre",
            "novembre",
            "dicembre",
        ],
        // Dutch
        [
            "januari",
            "februari",
            "maart",
            "april",
            "mei",
            "juni",
            "juli",
            "augustus",
            "september",
            "oktober",
            "november",
            "december",
        ],
        // Russian: genitive and nominative
        [
            "января",
            "февраля",
            "марта",
            "апреля",
            "мая",
            "июня",
            "июля",
            "августа",
            "сентября",
            "октября",
            "ноября",
            "декабря",
        ],
        [
            "январь",
            "февраль",
            "март",
            "апрель",
            "май",
            "июнь",
            "июль",
            "август",
            "сентябрь",
            "октябрь",
            "ноябрь",
            "декабрь",
        ],
        // Ukrainian (genitive)
        [
            "січня",
            "лютого",
            "березня",
            "квітня",
            "травня",
            "червня",
            "липня",
            "серпня",
            "вересня",
            "жовтня",
            "листопада",
            "грудня",
        ],
        // Polish: genitive and nominative
        [
            "stycznia",
            "lutego",
            "marca",
            "kwietnia",
            "maja",
            "czerwca",
            "lipca",
            "sierpnia",
            "września",
            "października",
            "listopada",
            "grudnia",
        ],
        [
            "styczeń",
            "luty",
            "marzec",
            "kwiecień",
            "maj",
            "czerwiec",
            "lipiec",
            "sierpień",
            "wrzesień",
            "październik",
            "listopad",
            "grudzień",
        ],
        // Turkish
        ["ocak", "şubat", "mart", "nisan", "mayıs", "haziran", "temmuz", "ağustos", "eylül", "ekim", "kasım", "aralık"],
        // Indonesian / Malay
        [
            "januari",
            "februari",
            "maret",
            "april",
            "mei",
            "juni",
            "juli",
            "agustus",
            "september",
            "oktober",
            "november",
            "desember",
        ],
        // Swedish / Danish / Norwegian
        [
            "januari",
            "februari",
            "mars",
            "april",
            "maj",
            "juni",
            "juli",
            "augusti",
            "september",
            "oktober",
            "november",
            "december",
        ],
        [
            "januar",
            "februar",
            "marts",
            "april",
            "maj",
            "juni",
            "juli",
            "august",
            "september",
            "oktober",
            "november",
            "december",
        ],
        // Czech (genitive)
        [
            "ledna",
            "února",
            "března",
            "dubna",
            "května",
            "června",
            "července",
            "srpna",
            "září",
            "října",
            "listopadu",
            "prosince",
        ],
        // Romanian
        [
            "ianuarie",
            "februarie",
            "martie",
            "aprilie",
            "mai",
            "iunie",
            "iulie",
            "august",
            "septembrie",
            "octombrie",
            "noiembrie",
            "decembrie",
        ],
        // Hungarian
        [
            "január",
            "február",
            "március",
            "április",
            "május",
            "június",
            "július",
            "augusztus",
            "szeptember",
            "október",
            "november",
            "december",
        ],
        // Greek (genitive)
        [
            "ιανουαρίου",
            "φεβρουαρίου",
            "μαρτίου",
            "απριλίου",
            "μαΐου",
            "ιουνίου",
            "ιουλίου",
            "αυγούστου",
            "σεπτεμβρίου",
            "οκτωβρίου",
            "νοεμβρίου",
            "δεκεμβρίου",
        ],
    ];
    let mut map: HashMap<&'static str, u32> = HashMap::new();
    // Full names first.
    for list in lists {
        for (i, name) in list.iter().enumerate() {
            map.insert(name, i as u32 + 1);
        }
    }
    map
});

/// Prefixes of month names (abbreviations such as "Sept", "févr", "окт") that name one month in all
/// languages above.
static MONTH_PREFIXES: LazyLock<HashMap<String, u32>> = LazyLock::new(|| {
    let mut seen: HashMap<String, Option<u32>> = HashMap::new();
    for (name, &m) in MONTHS.iter() {
        let chars: Vec<char> = name.chars().collect();
        for len in 3..chars.len() {
            let p: String = chars[..len].iter().collect();
            let e = seen.entry(p).or_insert(Some(m));
            if *e != Some(m) {
                *e = None;
            }
        }
    }
    seen.into_iter().filter_map(|(k, v)| v.map(|m| (k, m))).filter(|(k, _)| !MONTHS.contains_key(k.as_str())).collect()
});

fn month_number(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_lowercase();
    if let Some(&m) = MONTHS.get(w.as_str()) {
        return Some(m);
    }
    if w.chars().count() > 9 {
        return None;
    }
    MONTH_PREFIXES.get(&w).copied()
}

/// Finds the first full date written in a short text, in any of the supported forms.
fn find_text_date(s: &str, mdy: bool) -> Option<NaiveDate> {
    find_text_dates(s, mdy, 1).into_iter().next()
}

/// All full dates in `s` (at most `limit`), ordered by position.
fn find_text_dates(s: &str, mdy: bool, limit: usize) -> Vec<NaiveDate> {
    find_text_dates_pos(s, mdy, limit).into_iter().map(|d| d.date).collect()
}

/// A date found in text, with the byte span it was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct FoundDate {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) date: NaiveDate,
}

/// Like [`find_text_dates`], with where each date was written.
pub(super) fn find_text_dates_pos(s: &str, mdy: bool, limit: usize) -> Vec<FoundDate> {
    let mut found: Vec<FoundDate> = Vec::new();
    if !s.as_bytes().windows(4).any(|w| w.iter().all(u8::is_ascii_digit)) {
        return found;
    }
    let mut push = |c: &regex::Captures<'_>, first: usize, date: Option<NaiveDate>| {
        if let (Some(date), Some(m0), Some(m1)) = (date, c.get(0), c.get(first)) {
            found.push(FoundDate { start: m1.start(), end: m0.end(), date });
        }
    };
    for c in NUMERIC_YMD_RE.captures_iter(s) {
        push(&c, 1, (|| make_date(num(c.get(1))?, num(c.get(3))?, num(c.get(4))?))());
    }
    for c in NUMERIC_DMY_RE.captures_iter(s) {
        let (Some(a), Some(b), Some(y)) = (num(c.get(1)), num(c.get(3)), num(c.get(4))) else { continue };
        let sep = c.get(2).map_or("", |m| m.as_str());
        let month_first = if a > 12 {
            false
        } else if b > 12 {
            true
        } else {
            sep == "/" && mdy
        };
        push(&c, 1, if month_first { make_date(y, a, b) } else { make_date(y, b, a) });
    }
    for c in CJK_RE.captures_iter(s) {
        push(&c, 1, (|| make_date(num(c.get(1))?, num(c.get(2))?, num(c.get(3))?))());
    }
    if s.bytes().any(|b| b.is_ascii_alphabetic() || b >= 0x80) {
        for c in DAY_MONTH_RE.captures_iter(s) {
            let Some(m) = c.get(2).and_then(|w| month_number(w.as_str())) else { continue };
            push(&c, 1, (|| make_date(num(c.get(3))?, i64::from(m), num(c.get(1))?))());
        }
        for c in MONTH_DAY_RE.captures_iter(s).chain(CTIME_RE.captures_iter(s)) {
            let Some(m) = c.get(1).and_then(|w| month_number(w.as_str())) else { continue };
            push(&c, 1, (|| make_date(num(c.get(3))?, i64::from(m), num(c.get(2))?))());
        }
    }
    found.sort_by_key(|d| d.start);
    // Overlapping readings of the same characters: keep the first.
    let mut out: Vec<FoundDate> = Vec::new();
    for d in found {
        if out.last().is_none_or(|p| d.start >= p.end) {
            out.push(d);
        }
    }
    out.truncate(limit);
    out
}

/// Whether an ambiguous `01/02/2020` should read as January 2nd: American English pages (an
/// `en-US` language tag, or plain `en` on a host outside the Commonwealth country domains).
pub(super) fn prefers_month_first(lang: Option<&str>, url: Option<&str>) -> bool {
    let Some(lang) = lang else { return false };
    let lang = lang.trim().to_ascii_lowercase().replace('_', "-");
    let (primary, region) = lang.split_once('-').unwrap_or((&lang, ""));
    if primary != "en" {
        return false;
    }
    if !region.is_empty() {
        return matches!(region, "us" | "ph" | "ca");
    }
    let host = url.and_then(host_of).unwrap_or_default();
    let path = url.map(url_path).unwrap_or("").to_ascii_lowercase();
    !([".uk", ".au", ".nz", ".ie", ".in", ".za", ".sg", ".pk", ".ng", ".ke"].iter().any(|t| host.ends_with(t))
        || path.contains("/en-gb/")
        || path.contains("/uk/"))
}

/// Whether a text contains something that looks like a four-digit year (19xx or 20xx).
pub(super) fn has_year(s: &str) -> bool {
    let b = s.as_bytes();
    let mut from = 0;
    while let Some(rel) = memchr::memchr2(b'1', b'2', &b[from..]) {
        let i = from + rel;
        from = i + 1;
        if i + 4 > b.len() {
            return false;
        }
        if (b[i] == b'1' && b[i + 1] == b'9' || b[i] == b'2' && b[i + 1] == b'0')
            && b[i + 2].is_ascii_digit()
            && b[i + 3].is_ascii_digit()
            && (i == 0 || !b[i - 1].is_ascii_digit())
            && (i + 4 == b.len() || !b[i + 4].is_ascii_digit())
        {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::meta::test_support::meta;

    #[test]
    fn textual_dates_in_many_languages() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        let cases: &[(&str, bool, Option<NaiveDate>)] = &[
            ("27.03.2020", false, d(2020, 3, 27)),
            ("27. März 2020, 14:05 Uhr", false, d(2020, 3, 27)),
            ("2020年3月27日 10:30", false, d(2020, 3, 27)),
            ("2020년 3월 27일", false, d(2020, 3, 27)),
            ("27 de marzo de 2020", false, d(2020, 3, 27)),
            ("27 de março de 2020", false, d(2020, 3, 27)),
            ("le 1er avril 2020 à 10h", false, d(2020, 4, 1)),
            ("27 marzo 2020", false, d(2020, 3, 27)),
            ("27 maart 2020", false, d(2020, 3, 27)),
            ("27 марта 2020 г.", false, d(2020, 3, 27)),
            ("27 marca 2020", false, d(2020, 3, 27)),
            ("27 Mart 2020 Cuma", false, d(2020, 3, 27)),
            ("Jumat, 27 Maret 2020", false, d(2020, 3, 27)),
            ("March 27, 2020", false, d(2020, 3, 27)),
            ("Posted Mar. 27th, 2020", false, d(2020, 3, 27)),
            ("Fri, 27 Mar 2020 09:00:00 +0100", false, d(2020, 3, 27)),
            ("Tue Jul 30 09:35:14 CEST 2019", false, d(2019, 7, 30)),
            ("2020/03/27", false, d(2020, 3, 27)),
            ("2020. 3. 27.", false, d(2020, 3, 27)),
            ("03/04/2020", false, d(2020, 4, 3)),
            ("03/04/2020", true, d(2020, 3, 4)),
            ("13/04/2020", true, d(2020, 4, 13)),
            ("26 | 01 | 2022", false, d(2022, 1, 26)),
            ("© 2020 Example", false, None),
            ("in 2020 about 27 things", false, None),
        ];
        for (text, mdy, want) in cases {
            assert_eq!(find_text_date(text, *mdy), *want, "{text}");
        }
    }

    #[test]
    fn invalid_or_implausible_dates_are_rejected() {
        for bad in ["2020-02-30", "1990-01-01", "2031-01-01", "2020-13-01", "32.01.2020", "0000-00-00", "29.02.2021"] {
            assert_eq!(parse_machine_date(bad, false), None, "{bad}");
            let m = meta(&format!(r#"<meta property="article:published_time" content="{bad}">"#));
            assert_eq!(m.date, None, "{bad}");
        }
        assert_eq!(parse_machine_date("2020-02-29", false).map(|s| s.date), NaiveDate::from_ymd_opt(2020, 2, 29));
        assert_eq!(parse_machine_date("1585303200", false).map(|s| s.date), NaiveDate::from_ymd_opt(2020, 3, 27));
        assert_eq!(
            parse_machine_date("20200924T15:04:34Z", false).and_then(|s| s.utc.map(|u| u.date())),
            NaiveDate::from_ymd_opt(2020, 9, 24)
        );
    }

    #[test]
    fn month_first_only_for_american_english() {
        assert!(prefers_month_first(Some("en-US"), None));
        assert!(!prefers_month_first(Some("en-GB"), None));
        assert!(prefers_month_first(Some("en"), Some("https://example.com/x")));
        assert!(!prefers_month_first(Some("en"), Some("https://example.co.uk/x")));
        assert!(!prefers_month_first(Some("de"), None));
        assert!(!prefers_month_first(None, None));
    }
}
