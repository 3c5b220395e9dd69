//! The author: JSON-LD authors, author meta tags, or a byline element near the article, with
//! "By"/"Von"/"Par"... prefixes, profile URLs and file names removed.

use std::sync::LazyLock;

use regex::Regex;

use super::facts::Facts;
use super::jsonld::JsonLd;
use super::layout::{region_of, Layout, Region};
use super::text::{bounded_text, collapse_ws, decode_again, has_token};
use crate::dom::{Dom, NodeData};

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

static BY_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\s*(?:by|von|par|por|di|door|av|af|от|autor(?:in)?|author|автор|written by|posted by|reporting by|analysis by|text|texto|texte|текст|eingestellt von|publié par|publicado por|pubblicato da)\s*:?\s+",
    )
    .expect("by regex")
});

pub(super) fn clean_author(s: &str) -> Option<String> {
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

pub(super) fn choose_author(dom: &Dom, facts: &Facts, layout: &Layout, ld: &JsonLd) -> Option<String> {
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
    use crate::meta::test_support::meta;

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
}
