//! Page metadata: title, publication date, author, site name, language, description, canonical URL.
//!
//! Everything is gathered in one pass over the parsed [`Dom`]: `<meta>` tags, JSON-LD blocks,
//! `<time>` and `itemprop` elements, headings, and the short texts that contain a year. The
//! publication date is chosen from these and the page URL by a fixed order of trust:
//!
//! 1. JSON-LD `datePublished` of the page's own article (not of nested comments or list items),
//! 2. publication meta tags (`article:published_time`, `parsely-pub-date`, `DC.date.issued`, ...),
//! 3. elements marked as the publication time (`itemprop=datePublished`, `time[pubdate]`),
//! 4. JSON-LD `dateCreated`, 5. a full date in the URL path,
//! 6. a date shown on the page in a strong position (a date-classed element right below the
//!    heading, after "Published"/"Veröffentlicht"...), 7. generic `date` meta tags,
//! 8. other dates shown on the page, scored by placement, 9. modification dates.
//!
//! Every date must be a valid calendar date between 1995 and 2030. Evidence in regions of other
//! content (related articles, sidebars away from the article, comments, navigation, lists of
//! same-looking dated items) is ignored; a year and month in the URL rule out other months. The
//! day is the day as published: a UTC timestamp yields to visible evidence of the neighbouring
//! local day, and a UTC instant is given in `value` only when it falls on that same day.

use std::collections::HashMap;
use std::sync::LazyLock;

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use regex::Regex;
use serde_json::Value;

use crate::dom::{Dom, NodeData, NodeId};

/// Metadata of one page. Every field is optional: pages often lack some of them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageMeta {
    pub title: Option<String>,
    pub author: Option<String>,
    pub site: Option<String>,
    pub date: Option<PageDate>,
    /// From `<html lang>`, `og:locale` or `content-language`: 2-letter lowercase code.
    pub language: Option<String>,
    pub description: Option<String>,
    /// Canonical URL (`<link rel=canonical>` or `og:url`).
    pub url: Option<String>,
}

/// A publication date and where it was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageDate {
    /// `YYYY-MM-DD` as published on the page, or `YYYY-MM-DDThh:mm:ssZ` (UTC) when a time with a
    /// UTC offset is known and converting it to UTC keeps the published day.
    pub value: String,
    /// E.g. "json-ld datePublished", "meta article:published_time", "time[datetime]", "url path",
    /// "text".
    pub evidence: &'static str,
}

/// Extracts the metadata of a parsed page. `url` is the page's address when known (used for the
/// date in the path, the site name and resolving a relative canonical link).
pub fn extract_meta(dom: &Dom, url: Option<&str>) -> PageMeta {
    let facts = Facts::collect(dom);
    let language = facts.language();
    let mdy = prefers_month_first(facts.lang.as_deref().or(facts.meta_value(&["og:locale"])), url);
    let ld = JsonLd::parse(&facts.json_ld);
    let page_title = facts.meta_value(&["og:title"]).map(norm_key);
    let site = facts
        .meta_value(&["og:site_name", "application-name"])
        .map(clean_site)
        .or_else(|| ld.publisher.clone())
        // A Twitter handle, not a link to the profile.
        .or_else(|| {
            facts.meta_value(&["twitter:site"]).filter(|h| !h.contains('/') && !h.contains('.')).map(clean_site)
        })
        .filter(|s| !s.is_empty() && s.chars().count() <= 80 && page_title.as_deref() != Some(norm_key(s).as_str()))
        .or_else(|| url.and_then(domain_of));
    let layout = Layout::find(dom, &facts, site.as_deref());
    let date = choose_date(dom, &facts, &layout, &ld, url, mdy);
    let title = choose_title(dom, &facts, &layout, &ld, site.as_deref());
    let author = choose_author(dom, &facts, &layout, &ld);
    let description = facts
        .meta_value(&["description", "og:description", "twitter:description"])
        .map(collapse_ws)
        .filter(|s| !s.is_empty())
        .or_else(|| ld.description.clone());
    let canonical = facts
        .canonical
        .clone()
        .or_else(|| facts.meta_value(&["og:url"]).map(str::to_string))
        .map(|c| resolve_url(c.trim(), url))
        .filter(|c| c.starts_with("http"));
    PageMeta { title, author, site, date, language, description, url: canonical }
}

// ---------------------------------------------------------------------------------------------
// Collection pass
// ---------------------------------------------------------------------------------------------

struct MetaTag {
    key: String,
    content: String,
}

/// Everything of interest found in one walk over the page.
#[derive(Default)]
struct Facts {
    lang: Option<String>,
    metas: Vec<MetaTag>,
    canonical: Option<String>,
    title: Option<String>,
    json_ld: Vec<String>,
    /// `<time>` elements and elements with a date `itemprop` or hAtom class.
    time_nodes: Vec<NodeId>,
    h1: Vec<NodeId>,
    /// `h2`/`h3` elements (the article's heading on some sites).
    headings: Vec<NodeId>,
    /// Visible text nodes that contain a four-digit year.
    year_texts: Vec<NodeId>,
}

impl Facts {
    fn collect(dom: &Dom) -> Facts {
        let mut f = Facts::default();
        // The arena holds nodes in document order (the parser appends them as it reads), so a
        // plain index walk visits them like `descendants` does, without its stack.
        for id in 0..dom.nodes.len() {
            let (name, attrs) = match &dom.nodes[id].data {
                NodeData::Element { name, attrs } => (name, attrs),
                NodeData::Text(t) => {
                    // Dates deep inside long paragraphs are not looked at (see `text_candidate`).
                    let head = if t.len() > 250 { truncate(t, 120) } else { t };
                    if f.year_texts.len() < 1000 && has_year(head) {
                        let p = dom.parent(id).and_then(|p| dom.name(p)).unwrap_or("");
                        if !matches!(p, "script" | "title" | "style" | "textarea" | "option") {
                            f.year_texts.push(id);
                        }
                    }
                    continue;
                }
                NodeData::Document => continue,
            };
            let get = |k: &str| attrs.iter().find(|(a, _)| &**a == k).map(|(_, v)| v.as_str());
            match &**name {
                "html" if f.lang.is_none() => {
                    f.lang = get("lang").or_else(|| get("xml:lang")).map(str::to_string);
                }
                "meta" => {
                    let key = get("property")
                        .or_else(|| get("name"))
                        .or_else(|| get("itemprop"))
                        .or_else(|| get("http-equiv"));
                    if let (Some(k), Some(c)) = (key, get("content")) {
                        if f.metas.len() < 400 {
                            f.metas
                                .push(MetaTag { key: k.trim().to_ascii_lowercase(), content: decode_again(c.trim()) });
                        }
                    }
                    // A meta with both itemprop and name/property: record the itemprop too.
                    if let (Some(ip), Some(c), true) =
                        (get("itemprop"), get("content"), get("property").or_else(|| get("name")).is_some())
                    {
                        f.metas.push(MetaTag { key: ip.trim().to_ascii_lowercase(), content: c.trim().to_string() });
                    }
                    continue;
                }
                "link" => {
                    if let Some(rel) = get("rel") {
                        if rel.eq_ignore_ascii_case("canonical") && f.canonical.is_none() {
                            f.canonical = get("href").map(str::to_string);
                        }
                    }
                    continue;
                }
                "title" => {
                    if f.title.is_none() && !dom.has_ancestor(id, &["svg", "body"]) {
                        let t = collapse_ws(&decode_again(&dom.text_content(id)));
                        if !t.is_empty() {
                            f.title = Some(t);
                        }
                    }
                    continue;
                }
                "script" => {
                    if let Some(&c) = dom.children(id).first() {
                        if let Some(t) = dom.text(c) {
                            f.json_ld.push(t.to_string());
                        }
                    }
                    continue;
                }
                "time" => f.time_nodes.push(id),
                "h1" => f.h1.push(id),
                "h2" | "h3" if f.headings.len() < 200 => f.headings.push(id),
                _ => {}
            }
            let (mut class, mut itemprop, mut has_title) = ("", "", false);
            for (k, v) in attrs {
                match &**k {
                    "class" => class = v,
                    "itemprop" => itemprop = v,
                    "title" => has_title = true,
                    _ => {}
                }
            }
            if name.as_ref() != "time" {
                if !itemprop.is_empty()
                    && (contains_ci(itemprop, "datepublished")
                        || contains_ci(itemprop, "datecreated")
                        || contains_ci(itemprop, "datemodified"))
                {
                    f.time_nodes.push(id);
                } else if has_title && (has_token(class, "published") || has_token(class, "updated")) {
                    // hAtom: <abbr class="published" title="2020-03-27T10:00:00+01:00">.
                    f.time_nodes.push(id);
                }
            }
        }
        f
    }

    fn meta_value(&self, keys: &[&str]) -> Option<&str> {
        keys.iter()
            .find_map(|k| self.metas.iter().find(|m| m.key == *k && !m.content.is_empty()).map(|m| m.content.as_str()))
    }

    fn language(&self) -> Option<String> {
        let raw = self
            .lang
            .as_deref()
            .filter(|l| !l.trim().is_empty())
            .or_else(|| self.meta_value(&["og:locale", "content-language", "language", "dc.language"]))?;
        let code: String = raw.trim().chars().take_while(|c| c.is_ascii_alphabetic()).collect();
        (code.len() == 2).then(|| code.to_ascii_lowercase())
    }
}

/// Whether a space-separated attribute value contains `token` (ASCII case-insensitive).
fn has_token(list: &str, token: &str) -> bool {
    list.split_ascii_whitespace().any(|t| t.eq_ignore_ascii_case(token))
}

/// Whether `hay` contains `needle` ignoring ASCII case; `needle` must be lowercase.
fn contains_ci(hay: &str, needle: &str) -> bool {
    if hay.len() < needle.len() {
        return false;
    }
    if !hay.bytes().any(|b| b.is_ascii_uppercase()) {
        return hay.contains(needle);
    }
    hay.to_ascii_lowercase().contains(needle)
}

fn is_authorish(name: &str, class: &str, id: &str, itemprop: &str, rel: &str) -> bool {
    if has_token(rel, "author") || itemprop.eq_ignore_ascii_case("author") || itemprop.eq_ignore_ascii_case("creator") {
        return true;
    }
    if matches!(name, "body" | "html" | "article" | "main" | "section") {
        return false;
    }
    static AUTHORISH: LazyLock<Regex> =
        LazyLock::new(|| Regex::new("(?i)byline|author|autor|auteur|writer|reporter").expect("author regex"));
    (!class.is_empty() && AUTHORISH.is_match(class)) || (!id.is_empty() && AUTHORISH.is_match(id))
}

// ---------------------------------------------------------------------------------------------
// Dates: parsing
// ---------------------------------------------------------------------------------------------

/// A date as published, with its UTC instant when a time and offset were given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    date: NaiveDate,
    utc: Option<NaiveDateTime>,
    /// The UTC offset in seconds, when a time with an offset was given.
    offset: Option<i64>,
}

impl Stamp {
    fn day(date: NaiveDate) -> Stamp {
        Stamp { date, utc: None, offset: None }
    }
}

fn min_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(1995, 1, 1).unwrap_or_default()
}

fn max_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2030, 12, 31).unwrap_or_default()
}

fn make_date(y: i64, m: i64, d: i64) -> Option<NaiveDate> {
    let date = NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, u32::try_from(m).ok()?, u32::try_from(d).ok()?)?;
    (min_date()..=max_date()).contains(&date).then_some(date)
}

fn num(s: Option<regex::Match<'_>>) -> Option<i64> {
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
fn parse_machine_date(s: &str, mdy: bool) -> Option<Stamp> {
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
struct FoundDate {
    start: usize,
    end: usize,
    date: NaiveDate,
}

/// Like [`find_text_dates`], with where each date was written.
fn find_text_dates_pos(s: &str, mdy: bool, limit: usize) -> Vec<FoundDate> {
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
fn prefers_month_first(lang: Option<&str>, url: Option<&str>) -> bool {
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

// ---------------------------------------------------------------------------------------------
// JSON-LD
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum LdKind {
    Published,
    Created,
    Modified,
}

struct LdDate {
    kind: LdKind,
    /// 0 article-like, 1 page, 2 untyped or media, 3 other (comments, reviews, people...).
    type_rank: u8,
    raw: String,
}

#[derive(Default)]
struct JsonLd {
    dates: Vec<LdDate>,
    headline: Option<String>,
    authors: Vec<String>,
    publisher: Option<String>,
    description: Option<String>,
}

static LD_DATE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#""(datePublished|dateCreated|dateModified|uploadDate)"\s*:\s*"([^"]{6,60})""#).expect("ld date regex")
});
static TRAILING_COMMA_RE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r",\s*([}\]])").expect("comma regex"));

impl JsonLd {
    fn parse(blocks: &[String]) -> JsonLd {
        let mut ld = JsonLd::default();
        for raw in blocks {
            let values = parse_json_tolerant(raw);
            if values.is_empty() {
                // Unparseable: pick the dates out of the raw text.
                for c in LD_DATE_RE.captures_iter(raw) {
                    let kind = match &c[1] {
                        "datePublished" | "uploadDate" => LdKind::Published,
                        "dateCreated" => LdKind::Created,
                        _ => LdKind::Modified,
                    };
                    ld.dates.push(LdDate { kind, type_rank: 2, raw: c[2].to_string() });
                }
                continue;
            }
            for v in &values {
                ld.walk(v, 0);
            }
        }
        ld
    }

    fn walk(&mut self, v: &Value, depth: usize) {
        if depth > 24 {
            return;
        }
        match v {
            Value::Array(items) => {
                for item in items.iter().take(200) {
                    self.walk(item, depth + 1);
                }
            }
            Value::Object(obj) => {
                let rank = obj.get("@type").map(type_rank).unwrap_or(2);
                for (key, kind) in [
                    ("datePublished", LdKind::Published),
                    ("uploadDate", LdKind::Published),
                    ("dateCreated", LdKind::Created),
                    ("dateModified", LdKind::Modified),
                ] {
                    if let Some(s) = obj.get(key).and_then(first_string) {
                        let r = if key == "uploadDate" { rank.max(1) } else { rank };
                        self.dates.push(LdDate { kind, type_rank: r, raw: s.to_string() });
                    }
                }
                if rank == 0 {
                    if self.headline.is_none() {
                        self.headline = obj
                            .get("headline")
                            .and_then(first_string)
                            .map(|h| collapse_ws(&decode_again(h)))
                            .filter(|s| !s.is_empty());
                    }
                    if self.authors.is_empty() {
                        if let Some(a) = obj.get("author").or_else(|| obj.get("creator")) {
                            collect_names(a, &mut self.authors, 0, clean_author);
                        }
                    }
                    if self.description.is_none() {
                        self.description =
                            obj.get("description").and_then(first_string).map(collapse_ws).filter(|s| !s.is_empty());
                    }
                }
                if self.publisher.is_none() && rank <= 1 {
                    if let Some(p) = obj.get("publisher") {
                        let mut names = Vec::new();
                        collect_names(p, &mut names, 0, clean_site_name);
                        self.publisher = names.into_iter().next();
                    }
                }
                // Only the page's own objects: a graph, or the main entity. Objects nested
                // elsewhere (comments, reviews, live-blog updates, other works) carry other dates.
                for key in ["@graph", "mainEntity", "mainEntityOfPage"] {
                    if let Some(child @ (Value::Object(_) | Value::Array(_))) = obj.get(key) {
                        self.walk(child, depth + 1);
                    }
                }
            }
            _ => {}
        }
    }
}

fn first_string(v: &Value) -> Option<&str> {
    match v {
        Value::String(s) => Some(s),
        Value::Array(a) => a.iter().find_map(first_string),
        Value::Object(o) => o.get("@value").and_then(first_string),
        _ => None,
    }
}

fn clean_site_name(s: &str) -> Option<String> {
    Some(clean_site(s)).filter(|s| !s.is_empty() && s.len() < 120)
}

fn collect_names(v: &Value, out: &mut Vec<String>, depth: usize, clean: fn(&str) -> Option<String>) {
    if depth > 4 || out.len() >= 8 {
        return;
    }
    match v {
        Value::String(s) => {
            if let Some(a) = clean(s) {
                out.push(a);
            }
        }
        Value::Array(a) => {
            for x in a {
                collect_names(x, out, depth + 1, clean);
            }
        }
        Value::Object(o) => {
            if let Some(n) = o.get("name") {
                collect_names(n, out, depth + 1, clean);
            }
        }
        _ => {}
    }
}

fn type_rank(t: &Value) -> u8 {
    let mut best = 3;
    let mut consider = |s: &str| {
        let s = s.rsplit(['/', ':']).next().unwrap_or(s);
        let r = if s.contains("Article") || s.contains("Posting") || s.contains("Report") || s == "Blog" {
            0
        } else if s.ends_with("Page") {
            1
        } else if matches!(
            s,
            "Comment"
                | "Answer"
                | "Question"
                | "Review"
                | "Rating"
                | "AggregateRating"
                | "Person"
                | "Organization"
                | "NewsMediaOrganization"
                | "Corporation"
                | "LocalBusiness"
                | "Offer"
                | "ListItem"
                | "ItemList"
                | "BreadcrumbList"
                | "SiteNavigationElement"
                | "WebSite"
                | "Brand"
                | "Place"
                | "PostalAddress"
        ) {
            3
        } else {
            // Media objects, recipes, how-tos, events and other creative works.
            2
        };
        best = best.min(r);
    };
    match t {
        Value::String(s) => consider(s),
        Value::Array(a) => a.iter().filter_map(Value::as_str).for_each(&mut consider),
        _ => {}
    }
    best
}

/// Parses a JSON-LD block, tolerating several concatenated values, trailing commas, raw control
/// characters in strings and HTML-escaped quotes.
fn parse_json_tolerant(raw: &str) -> Vec<Value> {
    let attempt = |s: &str| -> Vec<Value> {
        let mut out = Vec::new();
        for v in serde_json::Deserializer::from_str(s).into_iter::<Value>() {
            match v {
                Ok(v) => out.push(v),
                Err(_) => return out,
            }
        }
        out
    };
    let trimmed = raw.trim().trim_start_matches("<!--").trim_end_matches("-->").trim();
    let trimmed = trimmed.trim_start_matches("//<![CDATA[").trim_end_matches("//]]>").trim();
    let v = attempt(trimmed);
    if !v.is_empty() {
        return v;
    }
    let mut fixed: String = trimmed.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    if fixed.contains("&quot;") {
        let mut d = String::with_capacity(fixed.len());
        crate::dom::decode_entities_into(&fixed, &mut d);
        fixed = d;
    }
    let fixed = TRAILING_COMMA_RE.replace_all(&fixed, "$1");
    attempt(&fixed)
}

// ---------------------------------------------------------------------------------------------
// Dates: choosing
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy)]
struct Candidate {
    stamp: Stamp,
    evidence: &'static str,
    /// Lower is more trusted.
    tier: u8,
    /// Within a tier of page-text evidence: how well placed it is.
    score: i32,
}

/// Tiers of trust, most trusted first.
const T_LD_PUB: u8 = 0;
const T_META_PUB: u8 = 1;
const T_ELEM_PUB: u8 = 2;
const T_LD_CREATED: u8 = 3;
const T_URL: u8 = 4;
/// A date in the page text with a strong context score (see [`STRONG_TEXT`]).
const T_TEXT_STRONG: u8 = 5;
const T_META_DATE: u8 = 6;
const T_TEXT: u8 = 7;
const T_MODIFIED: u8 = 8;

/// What a meta key says about its date, if anything.
fn meta_date_kind(key: &str) -> Option<(u8, &'static str)> {
    let k = key;
    if k.contains("expir") || k.contains("valid") || k.contains("end") || k.contains("start") || k.contains("event") {
        return None;
    }
    if k.contains("modif") || k.contains("updat") || k.contains("revis") {
        return Some((T_MODIFIED, "meta modified"));
    }
    let named = |e: &'static str| Some((T_META_PUB, e));
    match k {
        "article:published_time" => return named("meta article:published_time"),
        "og:article:published_time" | "og:published_time" => return named("meta og:published_time"),
        "datepublished" => return named("meta datePublished"),
        "parsely-pub-date" => return named("meta parsely-pub-date"),
        "sailthru.date" => return named("meta sailthru.date"),
        "dc.date.issued" | "dcterms.issued" => return named("meta DC.date.issued"),
        "citation_publication_date" | "citation_date" | "citation_online_date" => return named("meta citation date"),
        _ => {}
    }
    if k.contains("publish")
        || k.contains("pubdate")
        || k.contains("pub_date")
        || k.contains("pub-date")
        || k.contains("issued")
    {
        return named("meta published");
    }
    if k.contains("creat") {
        return Some((T_LD_CREATED, "meta created"));
    }
    if k == "date"
        || k.ends_with(".date")
        || k.ends_with(":date")
        || k.ends_with("_date")
        || k == "uploaddate"
        || k.contains("release")
    {
        return Some((T_META_DATE, "meta date"));
    }
    None
}

static URL_YMD_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[/_\-.])((?:19|20)\d{2})[/_\-.]?(\d{1,2})[/_\-.]?(\d{1,2})(?:[/_\-.]|$)").expect("url ymd regex")
});
static URL_DMY_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[/_\-])(\d{2})[_\-](\d{2})[_\-]((?:19|20)\d{2})(?:[/_\-.]|$)").expect("url dmy regex")
});
static URL_YM_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"/((?:19|20)\d{2})/(\d{1,2})/").expect("url ym regex"));

/// A full date in the URL path: `/2020/03/27/`, `/20200327/`, `2020-03-27`, `27-03-2020`.
fn url_date(url: &str) -> Option<NaiveDate> {
    let path = url_path(url);
    for c in URL_YMD_RE.captures_iter(path) {
        let (y, m, d) = (c.get(1)?, c.get(2)?, c.get(3)?);
        // Compact forms need exactly eight digits; separated forms need separators.
        let compact = y.end() == m.start() && m.end() == d.start();
        if compact && (m.len() != 2 || d.len() != 2) {
            continue;
        }
        if !compact && (y.end() == m.start() || m.end() == d.start()) {
            continue;
        }
        if let Some(date) = make_date(num(Some(y))?, num(Some(m))?, num(Some(d))?) {
            return Some(date);
        }
    }
    for c in URL_DMY_RE.captures_iter(path) {
        if let Some(date) = make_date(num(c.get(3))?, num(c.get(2))?, num(c.get(1))?) {
            return Some(date);
        }
    }
    None
}

/// Year and month in the URL path (`/2020/03/`), used to check other evidence.
fn url_year_month(url: &str) -> Option<(i32, u32)> {
    let c = URL_YM_RE.captures(url_path(url))?;
    let y = i32::try_from(num(c.get(1))?).ok()?;
    let m = u32::try_from(num(c.get(2))?).ok()?;
    ((1..=12).contains(&m)).then_some((y, m))
}

fn url_path(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    rest.find('/').map_or("", |i| &rest[i..])
}

fn host_of(url: &str) -> Option<String> {
    let rest = url.split_once("://").map(|(_, r)| r)?;
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.rsplit('@').next()?.split(':').next()?;
    (!host.is_empty()).then(|| host.to_ascii_lowercase())
}

fn domain_of(url: &str) -> Option<String> {
    let h = host_of(url)?;
    Some(h.strip_prefix("www.").unwrap_or(&h).to_string())
}

fn resolve_url(href: &str, base: Option<&str>) -> String {
    if href.starts_with("http://") || href.starts_with("https://") {
        return href.to_string();
    }
    let Some(base) = base else { return href.to_string() };
    let Some((scheme, rest)) = base.split_once("://") else { return href.to_string() };
    if let Some(r) = href.strip_prefix("//") {
        return format!("{scheme}://{r}");
    }
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    if href.starts_with('/') {
        format!("{scheme}://{host}{href}")
    } else {
        href.to_string()
    }
}

/// Where the article's own heading is, so evidence near it can be preferred and evidence in other
/// regions (related articles, sidebars, comments) ignored.
struct Layout {
    main: Option<NodeId>,
    /// `main` and its ancestors: markers such as "sidebar" on these do not make a region foreign
    /// (some sites wrap the whole page in a "layout-with-sidebar" element).
    chain: Vec<NodeId>,
}

impl Layout {
    fn find(dom: &Dom, facts: &Facts, site: Option<&str>) -> Layout {
        let hint = facts
            .meta_value(&["og:title", "twitter:title"])
            .map(str::to_string)
            .or_else(|| facts.title.clone())
            .map(|t| strip_site(&collapse_ws(&t), site));
        let hint_key = hint.as_deref().map(norm_key).unwrap_or_default();
        let matches = |id: NodeId| {
            let k = norm_key(&bounded_text(dom, id, 400));
            k.len() >= 6
                && !hint_key.is_empty()
                && (hint_key.contains(&k) || k.contains(&hint_key))
                && k.len() * 3 >= hint_key.len()
        };
        let main = facts
            .h1
            .iter()
            .take(20)
            .copied()
            .find(|&id| matches(id))
            .or_else(|| facts.headings.iter().take(100).copied().find(|&id| matches(id)))
            .or_else(|| {
                let empty = Layout { main: None, chain: Vec::new() };
                facts.h1.iter().take(20).copied().find(|&id| {
                    region_of(dom, &empty, id) != Region::Elsewhere && !bounded_text(dom, id, 50).is_empty()
                })
            });
        let mut chain = Vec::new();
        let mut cur = main;
        while let Some(c) = cur {
            chain.push(c);
            cur = dom.parent(c);
        }
        Layout { main, chain }
    }
}

/// Ancestors that mark a region of other articles, navigation or comments, or the article itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Region {
    Article,
    Neutral,
    Elsewhere,
}

fn region_of(dom: &Dom, layout: &Layout, id: NodeId) -> Region {
    let total = dom.nodes.len().max(1);
    // Share of the page below `p`: a "sidebar" marker on a wrapper of most of the page (a layout
    // class like "with-aside") says nothing about the candidate.
    let share = |p: NodeId| (subtree_end(dom, p) - p + 1) as f64 / total as f64;
    // The element itself counts (a `<footer>` holding the text).
    let mut cur = if dom.name(id).is_some() { Some(id) } else { dom.parent(id) };
    let mut steps = 0;
    let mut in_article = false;
    let mut weak = false;
    while let Some(p) = cur {
        if let Some(i) = layout.chain.iter().position(|&c| c == p) {
            // Above this the candidate shares its ancestors with the heading. Asides and footers
            // close to the heading belong to the article (its byline box, its date line).
            if weak && (i > 5 || matches!(dom.name(p), Some("body" | "html"))) {
                return Region::Elsewhere;
            }
            return if i <= 3 || in_article { Region::Article } else { Region::Neutral };
        }
        if let NodeData::Element { name, attrs } = &dom.nodes[p].data {
            if matches!(&**name, "article" | "main") {
                in_article = true;
            }
            match &**name {
                "nav" => return Region::Elsewhere,
                "aside" | "footer" => weak = true,
                _ => {}
            }
            for (k, v) in attrs {
                if &**k == "class" || &**k == "id" {
                    match marker_of(v) {
                        Marker::Strong if share(p) < 0.6 => return Region::Elsewhere,
                        Marker::Weak if share(p) < 0.25 => weak = true,
                        _ => {}
                    }
                }
            }
        }
        cur = dom.parent(p);
        steps += 1;
        if steps > 64 {
            break;
        }
    }
    if weak {
        Region::Elsewhere
    } else if in_article {
        Region::Article
    } else {
        Region::Neutral
    }
}

/// Whether `id` and the main heading meet below the page-wide wrappers: in a container that is
/// neither `body` nor most of the page.
fn shares_container(dom: &Dom, layout: &Layout, id: NodeId) -> bool {
    let mut cur = Some(id);
    while let Some(p) = cur {
        if layout.chain.contains(&p) {
            let share = (subtree_end(dom, p) - p + 1) as f64 / dom.nodes.len().max(1) as f64;
            return !matches!(dom.name(p), Some("body" | "html") | None) && share < 0.5;
        }
        cur = dom.parent(p);
    }
    false
}

/// The last node (in document order) of the subtree rooted at `id`.
fn subtree_end(dom: &Dom, mut id: NodeId) -> NodeId {
    while let Some(&last) = dom.children(id).last() {
        id = last;
    }
    id
}

/// Calls `f` on each word of a class or id value: split at non-alphanumerics and camelCase humps.
fn any_word(v: &str, mut f: impl FnMut(&str) -> bool) -> bool {
    for part in v.split(|c: char| !c.is_ascii_alphanumeric()) {
        if part.is_empty() {
            continue;
        }
        let b = part.as_bytes();
        let mut start = 0;
        for i in 1..b.len() {
            if b[i].is_ascii_uppercase() && b[i - 1].is_ascii_lowercase() {
                if f(&part[start..i]) {
                    return true;
                }
                start = i;
            }
        }
        if f(&part[start..]) {
            return true;
        }
    }
    false
}

enum Marker {
    None,
    /// Asides, footers, widgets: foreign unless close to the article's heading.
    Weak,
    /// Comments, related and recommended articles, navigation.
    Strong,
}

fn marker_of(v: &str) -> Marker {
    const STRONG: &[&str] = &[
        "related",
        "comment",
        "comments",
        "commentlist",
        "recommend",
        "recommended",
        "recommendations",
        "popular",
        "trending",
        "teaser",
        "teasers",
        "promo",
        "more",
        "most",
        "latest",
        "similar",
        "also",
        "carousel",
        "ticker",
        "newsfeed",
        "nav",
        "navbar",
        "navigation",
        "menu",
        "breadcrumb",
        "breadcrumbs",
        "pagination",
        "newsletter",
        "other",
        "next",
        "prev",
        "previous",
        "readmore",
        "relatedposts",
        "archive",
        "calendar",
        "agenda",
        "upcoming",
        "events",
        "rail",
    ];
    const WEAK: &[&str] = &["sidebar", "widget", "footer", "aside"];
    // "nav meta", "post-info-nav": a box of the article's own metadata.
    if v.len() > 300
        || any_word(v, |w| ["meta", "byline", "date", "dateline", "info"].iter().any(|b| w.eq_ignore_ascii_case(b)))
    {
        return Marker::None;
    }
    let mut weak = false;
    let strong = any_word(v, |w| {
        if WEAK.iter().any(|b| w.eq_ignore_ascii_case(b)) {
            weak = true;
        }
        STRONG.iter().any(|b| w.eq_ignore_ascii_case(b))
    });
    if strong {
        Marker::Strong
    } else if weak {
        Marker::Weak
    } else {
        Marker::None
    }
}

/// Whether a text contains something that looks like a four-digit year (19xx or 20xx).
fn has_year(s: &str) -> bool {
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

fn class_and_id(dom: &Dom, id: NodeId) -> (&str, &str) {
    (dom.attr(id, "class").unwrap_or(""), dom.attr(id, "id").unwrap_or(""))
}

fn is_update_hint(v: &str) -> bool {
    ["updat", "modif", "lastmod", "aktualisier", "changed", "edited"].iter().any(|p| contains_ci(v, p))
}

fn is_date_hint(v: &str) -> bool {
    ["date", "datum", "time", "publi", "posted", "byline", "fecha", "meta", "submitted", "info", "dateline", "stamp"]
        .iter()
        .any(|p| contains_ci(v, p))
}

const PUBLISHED_WORDS: &[&str] = &[
    "publ",
    "posted",
    "veröffentlicht",
    "erschienen",
    "gepost",
    "opublikowano",
    "опубликован",
    "yayın",
    "diterbitkan",
    "released",
    "créé",
    "written",
    "datum",
    "date",
    "fecha",
    "data:",
    "erstellt",
];
const UPDATED_WORDS: &[&str] = &[
    "updat",
    "aktualisiert",
    "geändert",
    "änderung",
    "modifi",
    "mis à jour",
    "actualiza",
    "atualiza",
    "aggiorna",
    "bijgewerkt",
    "обновл",
    "zaktualizowano",
    "güncel",
    "edited",
    "revised",
];

/// How much a date found at `id` (an element or text node) looks like the page's publication date.
fn context_score(dom: &Dom, layout: &Layout, id: NodeId, before: &str) -> i32 {
    let mut score = 0;
    // Class hints on the element and two ancestors.
    let mut cur = if dom.name(id).is_some() { Some(id) } else { dom.parent(id) };
    let (mut date_hint, mut update_hint, mut link) = (false, false, false);
    for _ in 0..3 {
        let Some(c) = cur else { break };
        link |= dom.name(c) == Some("a");
        let (class, idattr) = class_and_id(dom, c);
        let ip = dom.attr(c, "itemprop").unwrap_or("");
        date_hint |= is_date_hint(class) || is_date_hint(idattr) || contains_ci(ip, "date");
        update_hint |= is_update_hint(class) || is_update_hint(idattr) || contains_ci(ip, "modified");
        cur = dom.parent(c);
    }
    if date_hint {
        score += 3;
    } else if link {
        // A dated link is usually another item (an issue, an older article).
        score -= 2;
    }
    if update_hint {
        score -= 4;
    }
    let before = before.to_lowercase();
    let tail: String = before.chars().rev().take(40).collect::<Vec<_>>().into_iter().rev().collect();
    if UPDATED_WORDS.iter().any(|w| tail.contains(w)) {
        score -= 4;
    } else if PUBLISHED_WORDS.iter().any(|w| tail.contains(w)) {
        score += 2;
    }
    if let Some(m) = layout.main {
        // Outside the heading's own container: the site's header or a later section.
        if !shares_container(dom, layout, id) {
            score -= if id < m { 2 } else { 1 };
        }
        if id > m {
            let d = id - m;
            score += if d < 60 {
                3
            } else if d < 250 {
                2
            } else if d < 800 {
                1
            } else {
                0
            };
        } else {
            let d = m - id;
            score += if d < 40 {
                2
            } else if d < 150 {
                1
            } else {
                -1
            };
        }
    }
    score
}

fn choose_date(
    dom: &Dom,
    facts: &Facts,
    layout: &Layout,
    ld: &JsonLd,
    url: Option<&str>,
    mdy: bool,
) -> Option<PageDate> {
    let mut cands: Vec<Candidate> = Vec::new();

    // JSON-LD.
    let mut ld_sorted: Vec<&LdDate> = ld.dates.iter().collect();
    ld_sorted.sort_by_key(|d| (d.kind, d.type_rank));
    for d in ld_sorted {
        if d.type_rank >= 3 {
            continue;
        }
        let Some(stamp) = parse_machine_date(&d.raw, mdy) else { continue };
        let (tier, ev) = match d.kind {
            LdKind::Published => (T_LD_PUB, "json-ld datePublished"),
            LdKind::Created => (T_LD_CREATED, "json-ld dateCreated"),
            LdKind::Modified => (T_MODIFIED, "json-ld dateModified"),
        };
        cands.push(Candidate { stamp, evidence: ev, tier, score: 0 });
    }

    // Meta tags.
    for m in &facts.metas {
        let Some((tier, ev)) = meta_date_kind(&m.key) else { continue };
        if let Some(stamp) = parse_machine_date(&m.content, mdy) {
            cands.push(Candidate { stamp, evidence: ev, tier, score: 0 });
        }
    }

    // Time elements and itemprop dates.
    let mut seen_times: Vec<Seen> = Vec::new();
    for &id in &facts.time_nodes {
        let itemprop = dom.attr(id, "itemprop").unwrap_or("").to_ascii_lowercase();
        let class = dom.attr(id, "class").unwrap_or("");
        let region = region_of(dom, layout, id);
        let value = dom
            .attr(id, "datetime")
            .or_else(|| dom.attr(id, "content"))
            .or_else(|| if dom.name(id) != Some("time") { dom.attr(id, "title") } else { None })
            .map(str::to_string)
            .filter(|v| !v.trim().is_empty())
            .unwrap_or_else(|| bounded_text(dom, id, 200));
        let Some(stamp) = parse_machine_date(&value, mdy) else { continue };
        if region == Region::Elsewhere {
            continue;
        }
        let modified = itemprop.contains("modified") || (is_update_hint(class) && !contains_ci(class, "publish"));
        let published = itemprop.contains("published")
            || itemprop.contains("created")
            || dom.attr(id, "pubdate").is_some()
            || contains_ci(class, "publish")
            || contains_ci(class, "pubdate");
        if modified {
            cands.push(Candidate { stamp, evidence: "time modified", tier: T_MODIFIED, score: 0 });
        } else if published {
            let ev = if itemprop.contains("published") { "itemprop datePublished" } else { "time[pubdate]" };
            cands.push(Candidate { stamp, evidence: ev, tier: T_ELEM_PUB, score: 0 });
        } else {
            seen_times.push(Seen { el: id, stamp, before: previous_text(dom, id), len: 0, evidence: "time[datetime]" });
        }
    }

    // URL.
    if let Some(d) = url.and_then(url_date) {
        cands.push(Candidate { stamp: Stamp::day(d), evidence: "url path", tier: T_URL, score: 0 });
    }

    // Dates written in the page's text.
    if let Some(c) = text_candidate(dom, facts, layout, mdy, seen_times) {
        cands.push(c);
    }

    let url_ym = url.and_then(url_year_month);
    // A year and month in the URL path rule out dates of other months, unless nothing agrees
    // with them (sites that file articles by the month they were drafted in).
    if let Some((y, m)) = url_ym {
        let agrees = |c: &Candidate| c.stamp.date.year() == y && c.stamp.date.month() == m;
        if cands.iter().any(|c| c.tier < T_MODIFIED && agrees(c)) {
            cands.retain(agrees);
        }
    }
    for c in cands.iter_mut() {
        if c.tier == T_TEXT && c.score >= STRONG_TEXT {
            c.tier = T_TEXT_STRONG;
        } else if c.tier == T_TEXT && c.score < 0 {
            // Labelled "updated", far from the heading, or buried in a paragraph.
            c.tier = T_MODIFIED;
        }
    }
    cands.sort_by_key(|c| (c.tier, -c.score));
    let mut best = *cands.first()?;
    if let Some(local) = local_day_of_utc(&best, &cands) {
        best.stamp = Stamp::day(local);
    }
    Some(PageDate { value: format_stamp(best.stamp), evidence: best.evidence })
}

/// Context score from which a date in the text outranks generic date metadata.
const STRONG_TEXT: i32 = 6;

/// Many sites store times in UTC but show the local day, which for evening articles in the
/// Americas (or early-morning ones east of Greenwich) is a day apart. When the chosen date is a UTC
/// time and other evidence that carries the local day (a date without time, a time with its real
/// offset, the URL, the visible byline) names the neighbouring day, that day is the published one.
fn local_day_of_utc(best: &Candidate, cands: &[Candidate]) -> Option<NaiveDate> {
    if best.tier >= T_MODIFIED || best.stamp.offset != Some(0) {
        return None;
    }
    let utc = best.stamp.utc?;
    let hour = utc.hour();
    let day = best.stamp.date;
    // Visible evidence that carries the local day of this same instant.
    let local_days = cands.iter().filter(|c| {
        matches!(c.tier, T_URL | T_TEXT | T_TEXT_STRONG | T_ELEM_PUB)
            && (c.tier != T_TEXT || c.score >= 4)
            && match c.stamp.utc {
                Some(u) => u == utc && c.stamp.offset != Some(0),
                None => true,
            }
    });
    let mut other = None;
    for c in local_days {
        let d = c.stamp.date;
        if d == day {
            return None;
        }
        if other.is_none() && ((Some(d) == day.pred_opt() && hour < 12) || (Some(d) == day.succ_opt() && hour >= 10)) {
            other = Some(d);
        }
    }
    other
}

fn format_stamp(s: Stamp) -> String {
    match s.utc {
        Some(u) if u.date() == s.date => u.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        _ => s.date.format("%Y-%m-%d").to_string(),
    }
}

/// The text just before `id` in document order (up to ~60 bytes), for keywords like "Updated:".
fn previous_text(dom: &Dom, id: NodeId) -> String {
    let mut out = String::new();
    let mut cur = id;
    for _ in 0..6 {
        let Some(p) = dom.parent(cur) else { break };
        let siblings = dom.children(p);
        let pos = siblings.iter().position(|&s| s == cur).unwrap_or(0);
        for &s in siblings[..pos].iter().rev() {
            let t = if let Some(t) = dom.text(s) { t.to_string() } else { bounded_text(dom, s, 60) };
            out = format!("{t} {out}");
            if out.trim().len() > 30 {
                return out;
            }
        }
        cur = p;
    }
    out
}

/// A date seen in the page: a `<time>` element or a date written in text.
struct Seen {
    el: NodeId,
    stamp: Stamp,
    /// Text just before the date, for keywords like "Published" or "Updated".
    before: String,
    /// Length of the text the date was found in (0 for `<time>` elements).
    len: usize,
    evidence: &'static str,
}

/// The best-placed date shown on the page (`<time>` elements, bylines, date lines, headers).
fn text_candidate(dom: &Dom, facts: &Facts, layout: &Layout, mdy: bool, times: Vec<Seen>) -> Option<Candidate> {
    let mut found = times;
    let mut seen: Vec<NodeId> = Vec::new();
    for &t in facts.year_texts.iter().take(400) {
        let Some(parent) = dom.parent(t) else { continue };
        // A date split over a few elements (<span>27</span> <span>März 2020</span>): read the
        // enclosing date-ish element.
        let mut el = parent;
        for cand in [Some(parent), dom.parent(parent)].into_iter().flatten() {
            let (c, i) = class_and_id(dom, cand);
            if is_date_hint(c) || is_date_hint(i) {
                el = cand;
                break;
            }
        }
        let whole = el != parent;
        if whole {
            if seen.contains(&el) {
                continue;
            }
            seen.push(el);
        }
        let full = if whole { bounded_text(dom, el, 300) } else { collapse_ws(dom.text(t).unwrap_or("")) };
        let text: &str = if full.len() > 250 { truncate(&full, 120) } else { &full };
        let dates = find_text_dates_pos(text, mdy, 3);
        if dates.is_empty() || region_of(dom, layout, el) == Region::Elsewhere {
            continue;
        }
        let mut prev_end = 0;
        for d in dates {
            let mut before = text[prev_end..d.start].to_string();
            prev_end = d.end;
            if d.start < 3 {
                before = previous_text(dom, if whole { el } else { t }) + &before;
            }
            found.push(Seen { el, stamp: Stamp::day(d.date), before, len: full.len(), evidence: "text" });
        }
    }
    // Dates repeated in same-looking elements are a list (of other articles, issues, events).
    let signature = |el: NodeId| (dom.name(el), dom.attr(el, "class"), dom.parent(el).and_then(|p| dom.name(p)));
    let mut counts: HashMap<_, usize> = HashMap::new();
    for f in &found {
        *counts.entry(signature(f.el)).or_default() += 1;
    }
    let mut best: Option<Candidate> = None;
    for f in &found {
        let repeats = counts.get(&signature(f.el)).copied().unwrap_or(0);
        let mut score = context_score(dom, layout, f.el, &f.before);
        if f.len > 250 {
            score -= 2;
        } else if f.len < 60 {
            // A short text or a machine-readable time element.
            score += 1;
        }
        if repeats >= 3 {
            score -= 3;
        }
        if best.is_none_or(|b| score > b.score) {
            best = Some(Candidate { stamp: f.stamp, evidence: f.evidence, tier: T_TEXT, score });
        }
    }
    best
}

fn truncate(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut i = max;
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    &s[..i]
}

/// Text below `id`, whitespace collapsed, stopping once it exceeds `max` bytes.
fn bounded_text(dom: &Dom, id: NodeId, max: usize) -> String {
    let mut out = String::new();
    if let Some(t) = dom.text(id) {
        out.push_str(t);
    }
    for d in dom.descendants(id) {
        if let Some(t) = dom.text(d) {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(t);
            if out.len() > max {
                break;
            }
        }
    }
    collapse_ws(&out)
}

// ---------------------------------------------------------------------------------------------
// Title, author, site
// ---------------------------------------------------------------------------------------------

/// Decodes character references left in a value that was escaped twice (`&amp;#039;`).
fn decode_again(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    crate::dom::decode_entities_into(s, &mut out);
    out
}

fn collapse_ws(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

fn norm_key(s: &str) -> String {
    s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

fn clean_site(s: &str) -> String {
    let s = s.trim().trim_start_matches(['@', '/']);
    if s.starts_with("http://") || s.starts_with("https://") {
        return domain_of(s).unwrap_or_default();
    }
    collapse_ws(s)
}

const TITLE_SEPARATORS: &[&str] =
    &[" | ", " - ", " – ", " — ", " :: ", " · ", " » ", " « ", " • ", " / ", " ~ ", " : "];

/// Removes a site name prefix or suffix (" | Site", "Site - ") from a title.
fn strip_site(title: &str, site: Option<&str>) -> String {
    let site_key = site.map(norm_key).unwrap_or_default();
    for sep in TITLE_SEPARATORS {
        if !title.contains(sep) {
            continue;
        }
        let parts: Vec<&str> = title.split(sep).collect();
        // A known site name at either end.
        if !site_key.is_empty() {
            if let Some(last) = parts.last() {
                if norm_key(last) == site_key || (site_key.len() > 3 && norm_key(last).contains(&site_key)) {
                    return parts[..parts.len() - 1].join(sep).trim().to_string();
                }
            }
            if norm_key(parts[0]) == site_key {
                return parts[1..].join(sep).trim().to_string();
            }
        }
        // Otherwise a short last segment is probably the site.
        if matches!(*sep, " | " | " - " | " – " | " — " | " :: " | " · " | " » " | " • ") {
            let last = parts[parts.len() - 1];
            let head = parts[..parts.len() - 1].join(sep);
            if last.split_whitespace().count() <= 4 && head.chars().count() > last.chars().count() {
                return head.trim().to_string();
            }
        }
    }
    title.trim().to_string()
}

/// Whether `key` (a normalized heading) is `title` or a run of its separator-delimited parts
/// ("Opinion | Heading - Site" contains "Heading").
fn is_title_part(key: &str, title: &str) -> bool {
    if key.len() < 4 {
        return false;
    }
    if norm_key(title) == key {
        return true;
    }
    let mut parts: Vec<&str> = vec![title];
    // Also the tighter separators some sites use ("Heading_Section_Site", "Heading｜Site").
    for sep in TITLE_SEPARATORS.iter().chain(&["_", "｜", "|"]) {
        parts = parts.iter().flat_map(|p| p.split(sep)).collect();
    }
    if parts.len() < 2 || parts.len() > 12 {
        return false;
    }
    let keys: Vec<String> = parts.iter().map(|p| norm_key(p)).collect();
    (0..keys.len()).any(|i| (i + 1..=keys.len()).any(|j| (j - i) < keys.len() && keys[i..j].concat() == key))
}

fn choose_title(dom: &Dom, facts: &Facts, layout: &Layout, ld: &JsonLd, site: Option<&str>) -> Option<String> {
    let og = facts.meta_value(&["og:title", "twitter:title"]).map(collapse_ws).filter(|s| !s.is_empty());
    let headline = ld.headline.clone();
    let title_tag = facts.title.clone();
    // Headings: the article's own first, then h1s inside the article, then the rest.
    let mut headings: Vec<(u8, String)> = Vec::new();
    if let Some(m) = layout.main {
        headings.push((0, bounded_text(dom, m, 400)));
    }
    for &id in facts.h1.iter().take(10) {
        let rank = if region_of(dom, layout, id) == Region::Article { 1 } else { 2 };
        headings.push((rank, bounded_text(dom, id, 400)));
    }
    headings.retain(|(_, t)| !t.is_empty() && t.len() < 400);
    headings.sort_by_key(|(r, _)| *r);
    let og = og.map(|t| strip_site(&t, site));
    let title_tag = title_tag.map(|t| strip_site(&t, site));
    let metadata: Vec<&String> = [&og, &headline, &title_tag].into_iter().flatten().collect();
    // A heading that the metadata agrees with, whole or as a part ("Opinion | Heading").
    for (_, h) in &headings {
        let k = norm_key(h);
        if metadata.iter().any(|m| is_title_part(&k, m)) {
            return Some(h.clone());
        }
    }
    // Two metadata titles that agree.
    let stripped: Vec<&String> = [&og, &headline, &title_tag].into_iter().flatten().collect();
    for (i, a) in stripped.iter().enumerate() {
        let k = norm_key(a);
        if k.len() > 3 && stripped[i + 1..].iter().any(|b| norm_key(b) == k) {
            return Some((*a).clone());
        }
    }
    og.or(headline).or(title_tag).or_else(|| headings.into_iter().next().map(|(_, t)| t)).filter(|t| !t.is_empty())
}

static BY_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\s*(?:by|von|par|por|di|door|av|af|от|autor(?:in)?|author|автор|written by|posted by|reporting by|analysis by|text|texto|texte|текст|eingestellt von|publié par|publicado por|pubblicato da)\s*:?\s+",
    )
    .expect("by regex")
});

fn clean_author(s: &str) -> Option<String> {
    let s = collapse_ws(&decode_again(s));
    let s = BY_RE.replace(&s, "");
    let s = s.trim().trim_matches(|c: char| matches!(c, ',' | '|' | '-' | '·' | '~' | '/' | ':' | '–' | '—')).trim();
    if s.is_empty()
        || s.len() > 120
        || s.starts_with("http")
        || s.contains("://")
        || s.contains('@') && !s.contains(' ')
    {
        return None;
    }
    if s.chars().filter(char::is_ascii_digit).count() > 3 || s.split_whitespace().count() > 12 {
        return None;
    }
    // A file name or a bare domain ("humans.txt", "example.com").
    if !s.contains(' ')
        && s.rsplit_once('.').is_some_and(|(a, b)| {
            !a.is_empty() && (2..=4).contains(&b.len()) && b.chars().all(|c| c.is_ascii_alphabetic())
        })
    {
        return None;
    }
    Some(s.to_string())
}

fn choose_author(dom: &Dom, facts: &Facts, layout: &Layout, ld: &JsonLd) -> Option<String> {
    if !ld.authors.is_empty() {
        let mut names: Vec<String> = Vec::new();
        for a in &ld.authors {
            if !names.iter().any(|n| n == a) {
                names.push(a.clone());
            }
        }
        return Some(names.join(", "));
    }
    if let Some(a) = facts
        .meta_value(&[
            "author",
            "article:author",
            "parsely-author",
            "sailthru.author",
            "dc.creator",
            "byl",
            "citation_author",
        ])
        .and_then(clean_author)
    {
        return Some(a);
    }
    let authorish = dom.descendants(dom.root()).filter(|&id| match &dom.nodes[id].data {
        NodeData::Element { name, attrs } => {
            let get = |k: &str| attrs.iter().find(|(a, _)| &**a == k).map_or("", |(_, v)| v.as_str());
            is_authorish(name, get("class"), get("id"), get("itemprop"), get("rel"))
        }
        _ => false,
    });
    for id in authorish.take(100) {
        if region_of(dom, layout, id) == Region::Elsewhere {
            continue;
        }
        // Prefer a nested itemprop=name.
        let name_node = dom.descendants(id).find(|&d| dom.attr(d, "itemprop") == Some("name"));
        let text = match name_node {
            Some(n) => dom.attr(n, "content").map(str::to_string).unwrap_or_else(|| bounded_text(dom, n, 200)),
            None => dom.attr(id, "content").map(str::to_string).unwrap_or_else(|| bounded_text(dom, id, 200)),
        };
        if text.len() > 150 {
            continue;
        }
        if let Some(a) = clean_author(&text) {
            if a.chars().any(char::is_alphabetic) {
                return Some(a);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(html: &str) -> PageMeta {
        extract_meta(&Dom::parse(html), None)
    }

    fn meta_at(html: &str, url: &str) -> PageMeta {
        extract_meta(&Dom::parse(html), Some(url))
    }

    fn date(m: &PageMeta) -> (&str, &str) {
        let d = m.date.as_ref().expect("a date");
        (d.value.as_str(), d.evidence)
    }

    #[test]
    fn json_ld_date_in_graph_with_author_and_publisher() {
        let m = meta(
            r#"<html><head><script type="application/ld+json">
            {"@context":"https://schema.org","@graph":[
              {"@type":"WebSite","name":"Example"},
              {"@type":"NewsArticle","headline":"Rates rise again","datePublished":"2020-03-27T10:00:00+01:00",
               "dateModified":"2020-03-29T08:00:00+01:00",
               "author":[{"@type":"Person","name":"Jane Doe"},{"@type":"Person","name":"John Roe"}],
               "publisher":{"@type":"Organization","name":"Example News"}}]}
            </script></head><body><h1>Rates rise again</h1></body></html>"#,
        );
        assert_eq!(date(&m), ("2020-03-27T09:00:00Z", "json-ld datePublished"));
        assert_eq!(m.author.as_deref(), Some("Jane Doe, John Roe"));
        assert_eq!(m.site.as_deref(), Some("Example News"));
        assert_eq!(m.title.as_deref(), Some("Rates rise again"));
    }

    #[test]
    fn json_ld_dates_of_nested_comments_are_ignored() {
        let m = meta(
            r#"<script type="application/ld+json">{"@type":"BlogPosting","datePublished":"2019-05-02",
              "comment":[{"@type":"Comment","datePublished":"2019-04-01"}]}</script>"#,
        );
        assert_eq!(date(&m).0, "2019-05-02");
        let m = meta(r#"<script type="application/ld+json">{"@type":"Comment","datePublished":"2019-04-01"}</script>"#);
        assert_eq!(m.date, None);
    }

    #[test]
    fn invalid_json_ld_is_tolerated() {
        // Trailing commas and a raw line break inside a string.
        let m = meta(
            "<script type=\"application/ld+json\">{\"@type\":\"Article\",\"headline\":\"Two\nlines\",\"datePublished\":\"2021-06-01T12:00:00Z\",}</script>",
        );
        assert_eq!(date(&m), ("2021-06-01T12:00:00Z", "json-ld datePublished"));
        // Hopeless JSON: the date is still picked out of the text.
        let m = meta(
            r#"<script type="application/ld+json">{"@type":"Article" "datePublished": "2021-06-02" ,,, </script>"#,
        );
        assert_eq!(date(&m), ("2021-06-02", "json-ld datePublished"));
        // Several objects one after another.
        let m = meta(
            r#"<script type="application/ld+json">{"@type":"Organization","name":"X"} {"@type":"Article","datePublished":"2021-06-03"}</script>"#,
        );
        assert_eq!(date(&m).0, "2021-06-03");
    }

    #[test]
    fn meta_tags_published_beats_modified() {
        let m = meta(
            r#"<head><meta property="article:modified_time" content="2020-04-02T10:00:00Z">
            <meta property="article:published_time" content="2020-04-01T10:00:00Z"></head>"#,
        );
        assert_eq!(date(&m), ("2020-04-01T10:00:00Z", "meta article:published_time"));
        for key in
            ["name=\"pubdate\"", "name=\"parsely-pub-date\"", "name=\"DC.date.issued\"", "itemprop=\"datePublished\""]
        {
            let m = meta(&format!(r#"<meta {key} content="2018-11-05">"#));
            assert_eq!(date(&m).0, "2018-11-05", "{key}");
        }
    }

    #[test]
    fn modified_date_is_a_last_resort() {
        let m = meta(r#"<meta property="article:modified_time" content="2020-04-02">"#);
        assert_eq!(date(&m), ("2020-04-02", "meta modified"));
    }

    #[test]
    fn the_day_as_published_is_kept_when_utc_would_change_it() {
        let m = meta(r#"<meta property="article:published_time" content="2020-03-27T01:00:00+02:00">"#);
        assert_eq!(date(&m).0, "2020-03-27");
        // Same day in UTC: the instant is given.
        let m = meta(r#"<meta property="article:published_time" content="2020-03-27T13:00:00+02:00">"#);
        assert_eq!(date(&m).0, "2020-03-27T11:00:00Z");
    }

    #[test]
    fn utc_stamp_yields_to_the_visible_local_day() {
        let m = meta(
            r#"<head><meta property="og:title" content="Two hurt in crash">
            <script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2023-11-09T02:11:03Z"}</script></head>
            <body><article><h1>Two hurt in crash</h1><div class="byline">By Staff <span class="date">November 8, 2023</span></div>
            <p>Story.</p></article></body>"#,
        );
        assert_eq!(date(&m), ("2023-11-08", "json-ld datePublished"));
    }

    #[test]
    fn time_element_in_article_beats_related_list() {
        let m = meta(
            r#"<body><aside class="sidebar"><ul>
            <li><a href="/1">Older story</a> <time datetime="2020-01-02">2 Jan</time></li>
            <li><a href="/2">Older story</a> <time datetime="2020-01-03">3 Jan</time></li></ul></aside>
            <article><h1>The story</h1><p>By A. Writer, <time datetime="2020-02-14T09:30:00+01:00">14 Feb 2020</time></p>
            <p>Text.</p></article>
            <div class="related-posts"><time datetime="2020-02-20">20 Feb</time></div></body>"#,
        );
        assert_eq!(date(&m).0, "2020-02-14T08:30:00Z");
        let m = meta(r#"<article><h1>T</h1><time pubdate datetime="2019-07-07">7.7.</time></article>"#);
        assert_eq!(date(&m), ("2019-07-07", "time[pubdate]"));
    }

    #[test]
    fn url_path_dates() {
        assert_eq!(url_date("https://x.com/2020/03/27/story"), NaiveDate::from_ymd_opt(2020, 3, 27));
        assert_eq!(url_date("https://x.com/news/20200327/story.html"), NaiveDate::from_ymd_opt(2020, 3, 27));
        assert_eq!(url_date("https://x.com/news/story-2020-03-27.html"), NaiveDate::from_ymd_opt(2020, 3, 27));
        assert_eq!(url_date("https://x.com/news/12345678/story"), None);
        assert_eq!(url_date("https://x.com/2020/13/45/story"), None);
        let m = meta_at("<p>No dates here.</p>", "https://x.com/2021/12/01/story/");
        assert_eq!(date(&m), ("2021-12-01", "url path"));
    }

    #[test]
    fn url_year_and_month_rule_out_other_months() {
        let m = meta_at(
            r#"<meta name="date" content="2020-05-30"><article><h1>T</h1><div class="date">27.03.2020</div></article>"#,
            "https://x.com/2020/03/story",
        );
        assert_eq!(date(&m).0, "2020-03-27");
    }

    #[test]
    fn german_page_fixture() {
        let html = include_str!("../tests/fixtures/meta/de_news.html");
        let m = meta_at(html, "https://lokalblatt.example/lokales/stadtrat-radweg-123");
        assert_eq!(date(&m), ("2020-03-27", "text"));
        assert_eq!(m.title.as_deref(), Some("Stadtrat beschließt neuen Radweg"));
        assert_eq!(m.author.as_deref(), Some("Anna Beispiel"));
        assert_eq!(m.site.as_deref(), Some("Lokalblatt"));
        assert_eq!(m.language.as_deref(), Some("de"));
        assert_eq!(m.url.as_deref(), Some("https://lokalblatt.example/lokales/stadtrat-radweg-123"));
        assert_eq!(m.description.as_deref(), Some("Der Stadtrat hat am Donnerstag den Bau eines Radwegs beschlossen."));
    }

    #[test]
    fn chinese_page_fixture() {
        let html = include_str!("../tests/fixtures/meta/zh_news.html");
        let m = meta_at(html, "http://news.example.cn/a/123.html");
        assert_eq!(date(&m), ("2020-03-27", "text"));
        assert_eq!(m.title.as_deref(), Some("市政府发布新的交通规划"));
        assert_eq!(m.language.as_deref(), Some("zh"));
    }

    #[test]
    fn copyright_years_and_other_articles_are_not_the_date() {
        let m = meta(
            r#"<body><div class="teaser-list"><div class="teaser"><a href="/x">Other</a><span class="date">01.02.2020</span></div></div>
            <h1>Headline</h1><p>Some text without a date.</p>
            <div class="comments"><div class="comment"><span class="date">05.02.2020</span></div></div>
            <footer>© 2020 Site. Updated 03.02.2020</footer></body>"#,
        );
        assert_eq!(m.date, None);
    }

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
    fn title_suffixes_are_stripped() {
        let m = meta(
            r#"<title>Budget passes Senate | The Daily Example</title><meta property="og:site_name" content="The Daily Example">"#,
        );
        assert_eq!(m.title.as_deref(), Some("Budget passes Senate"));
        let m = meta("<title>Budget passes Senate - Daily Example</title>");
        assert_eq!(m.title.as_deref(), Some("Budget passes Senate"));
        // A heading that is one part of the metadata title wins ("Section | Heading - Site").
        let m = meta(
            r#"<meta property="og:title" content="Opinion | Budget passes Senate"><title>Opinion | Budget passes Senate - The Times</title>
            <body><h1><span>Budget passes Senate</span></h1></body>"#,
        );
        assert_eq!(m.title.as_deref(), Some("Budget passes Senate"));
        // Titles with a dash inside are left alone when nothing suggests a suffix.
        let m = meta("<title>Spider-Man returns - and this time it is personal, says studio</title>");
        assert_eq!(m.title.as_deref(), Some("Spider-Man returns - and this time it is personal, says studio"));
        // Double-escaped entities.
        let m = meta(r#"<meta property="og:title" content="Australia&amp;#039;s megablaze">"#);
        assert_eq!(m.title.as_deref(), Some("Australia's megablaze"));
    }

    #[test]
    fn author_forms() {
        let ld = |a: &str| {
            meta(&format!(r#"<script type="application/ld+json">{{"@type":"Article","author":{a}}}</script>"#))
        };
        assert_eq!(ld(r#""Jane Doe""#).author.as_deref(), Some("Jane Doe"));
        assert_eq!(ld(r#"{"@type":"Person","name":"Jane Doe"}"#).author.as_deref(), Some("Jane Doe"));
        assert_eq!(ld(r#"[{"name":"Jane Doe"},{"name":"John Roe"}]"#).author.as_deref(), Some("Jane Doe, John Roe"));
        assert_eq!(meta(r#"<meta name="author" content="By Jane Doe">"#).author.as_deref(), Some("Jane Doe"));
        // A profile URL is not a name; the byline then speaks.
        let m = meta(
            r#"<meta property="article:author" content="https://facebook.com/jane"><h1>T</h1>
            <div class="byline">By <a rel="author" href="/jane">Jane Doe</a></div>"#,
        );
        assert_eq!(m.author.as_deref(), Some("Jane Doe"));
        let m = meta(r#"<p class="author-name">Von Max Mustermann</p>"#);
        assert_eq!(m.author.as_deref(), Some("Max Mustermann"));
        assert_eq!(meta(r#"<meta rel="author" content="humans.txt">"#).author, None);
    }

    #[test]
    fn language_and_site() {
        assert_eq!(meta(r#"<html lang="pt-BR"><body></body></html>"#).language.as_deref(), Some("pt"));
        assert_eq!(meta(r#"<meta property="og:locale" content="fr_FR">"#).language.as_deref(), Some("fr"));
        assert_eq!(meta(r#"<html lang="x-klingon">"#).language, None);
        assert_eq!(meta_at("<p>x</p>", "https://www.example.co.uk/a/b").site.as_deref(), Some("example.co.uk"));
        assert_eq!(meta(r#"<meta name="twitter:site" content="@ExampleNews">"#).site.as_deref(), Some("ExampleNews"));
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

    mod prop {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(300))]

            #[test]
            fn never_panics_on_arbitrary_strings(s in ".{0,400}") {
                let _ = extract_meta(&Dom::parse(&s), Some("https://example.com/2020/01/02/x"));
            }

            #[test]
            fn never_panics_on_html_like_strings(
                s in r#"(<(meta|time|h1|div|script|title|html|a)( (class|property|content|datetime|itemprop|type|lang)="[^"]{0,30}")*>|[^<]{0,30}|</[a-z0-9]{1,6}>|\{"@type":"Article","datePublished":"[0-9T:+-]{0,25}"\}|[0-9]{1,4}[./年-][0-9]{1,2}[./月-][0-9]{1,4}){0,40}"#
            ) {
                let dom = Dom::parse(&s);
                let m = extract_meta(&dom, None);
                if let Some(d) = m.date {
                    let day = NaiveDate::parse_from_str(&d.value[..10], "%Y-%m-%d");
                    prop_assert!(day.is_ok_and(|day| (min_date()..=max_date()).contains(&day)));
                }
            }
        }
    }
}
