//! The title and the site name: cleaning site names, stripping them from titles, and choosing the
//! title among the article's heading and the metadata titles.

use super::facts::Facts;
use super::jsonld::JsonLd;
use super::layout::{region_of, Layout, Region};
use super::text::{bounded_text, collapse_ws, norm_key};
use super::url::domain_of;
use crate::dom::Dom;

pub(super) fn clean_site(s: &str) -> String {
    let s = s.trim().trim_start_matches(['@', '/']);
    if s.starts_with("http://") || s.starts_with("https://") {
        return domain_of(s).unwrap_or_default();
    }
    collapse_ws(s)
}

const TITLE_SEPARATORS: &[&str] =
    &[" | ", " - ", " – ", " — ", " :: ", " · ", " » ", " « ", " • ", " / ", " ~ ", " : "];

/// Removes a site name prefix or suffix (" | Site", "Site - ") from a title.
pub(super) fn strip_site(title: &str, site: Option<&str>) -> String {
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

pub(super) fn choose_title(
    dom: &Dom,
    facts: &Facts,
    layout: &Layout,
    ld: &JsonLd,
    site: Option<&str>,
) -> Option<String> {
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

#[cfg(test)]
mod tests {
    use crate::meta::test_support::meta;

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
}
