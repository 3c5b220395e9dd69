//! Page regions: where the article's own heading is, and whether a piece of evidence lies in the
//! article, on neutral ground, or in a region of other content (related articles, comments,
//! navigation, sidebars away from the article).

use super::facts::Facts;
use super::text::{bounded_text, collapse_ws, norm_key};
use super::title::strip_site;
use crate::dom::{Dom, NodeData, NodeId};

/// Where the article's own heading is, so evidence near it can be preferred and evidence in other
/// regions (related articles, sidebars, comments) ignored.
pub(super) struct Layout {
    pub(super) main: Option<NodeId>,
    /// `main` and its ancestors: markers such as "sidebar" on these do not make a region foreign
    /// (some sites wrap the whole page in a "layout-with-sidebar" element).
    chain: Vec<NodeId>,
}

impl Layout {
    pub(super) fn find(dom: &Dom, facts: &Facts, site: Option<&str>) -> Layout {
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
pub(super) enum Region {
    Article,
    Neutral,
    Elsewhere,
}

pub(super) fn region_of(dom: &Dom, layout: &Layout, id: NodeId) -> Region {
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
pub(super) fn shares_container(dom: &Dom, layout: &Layout, id: NodeId) -> bool {
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

#[cfg(test)]
mod tests {
    use crate::meta::test_support::meta;

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
}
