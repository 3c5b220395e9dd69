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

mod author;
mod calendar;
mod date;
mod facts;
mod jsonld;
mod layout;
mod text;
mod title;
mod url;
mod visible;

use crate::dom::Dom;
use author::choose_author;
use calendar::prefers_month_first;
use date::choose_date;
use facts::Facts;
use jsonld::JsonLd;
use layout::Layout;
use text::{collapse_ws, norm_key};
use title::{choose_title, clean_site};
use url::{domain_of, resolve_url};

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
    /// E.g. `json-ld datePublished`, `meta article:published_time`, `time[datetime]`, `url path`,
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

/// Shorthands for the tests of this module and its submodules.
#[cfg(test)]
mod test_support {
    use super::{extract_meta, PageMeta};
    use crate::dom::Dom;

    pub(super) fn meta(html: &str) -> PageMeta {
        extract_meta(&Dom::parse(html), None)
    }

    pub(super) fn meta_at(html: &str, url: &str) -> PageMeta {
        extract_meta(&Dom::parse(html), Some(url))
    }

    pub(super) fn date(m: &PageMeta) -> (&str, &str) {
        let d = m.date.as_ref().expect("a date");
        (d.value.as_str(), d.evidence)
    }
}

#[cfg(test)]
mod tests {
    use super::test_support::{date, meta, meta_at};
    use super::*;

    #[test]
    fn german_page_fixture() {
        let html = include_str!("../../tests/fixtures/meta/de_news.html");
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
        let html = include_str!("../../tests/fixtures/meta/zh_news.html");
        let m = meta_at(html, "http://news.example.cn/a/123.html");
        assert_eq!(date(&m), ("2020-03-27", "text"));
        assert_eq!(m.title.as_deref(), Some("市政府发布新的交通规划"));
        assert_eq!(m.language.as_deref(), Some("zh"));
    }

    #[test]
    fn language_and_site() {
        assert_eq!(meta(r#"<html lang="pt-BR"><body></body></html>"#).language.as_deref(), Some("pt"));
        assert_eq!(meta(r#"<meta property="og:locale" content="fr_FR">"#).language.as_deref(), Some("fr"));
        assert_eq!(meta(r#"<html lang="x-klingon">"#).language, None);
        assert_eq!(meta_at("<p>x</p>", "https://www.example.co.uk/a/b").site.as_deref(), Some("example.co.uk"));
        assert_eq!(meta(r#"<meta name="twitter:site" content="@ExampleNews">"#).site.as_deref(), Some("ExampleNews"));
    }

    mod prop {
        use super::*;
        use crate::meta::calendar::{max_date, min_date};
        use chrono::NaiveDate;
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
