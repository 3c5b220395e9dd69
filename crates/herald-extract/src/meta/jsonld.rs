//! JSON-LD: tolerant parsing of `ld+json` blocks, and the dates, headline, authors, publisher and
//! description of the page's own objects (not of nested comments, reviews or list items).

use std::sync::LazyLock;

use regex::Regex;
use serde_json::Value;

use super::author::clean_author;
use super::text::{collapse_ws, decode_again};
use super::title::clean_site;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum LdKind {
    Published,
    Created,
    Modified,
}

pub(super) struct LdDate {
    pub(super) kind: LdKind,
    /// 0 article-like, 1 page, 2 untyped or media, 3 other (comments, reviews, people...).
    pub(super) type_rank: u8,
    pub(super) raw: String,
}

#[derive(Default)]
pub(super) struct JsonLd {
    pub(super) dates: Vec<LdDate>,
    pub(super) headline: Option<String>,
    pub(super) authors: Vec<String>,
    pub(super) publisher: Option<String>,
    pub(super) description: Option<String>,
}

static LD_DATE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#""(datePublished|dateCreated|dateModified|uploadDate)"\s*:\s*"([^"]{6,60})""#).expect("ld date regex")
});
static TRAILING_COMMA_RE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r",\s*([}\]])").expect("comma regex"));

impl JsonLd {
    pub(super) fn parse(blocks: &[String]) -> JsonLd {
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

#[cfg(test)]
mod tests {
    use crate::meta::test_support::{date, meta};

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
}
