//! Finding the article in a page and marking what in it is not news.
//!
//! 1. Every element gets text statistics in one bottom-up pass over the arena (children always have
//!    larger ids than their parents, so walking ids backwards is a post-order walk).
//! 2. Text-holding elements give a score to their ancestors (more for long text with commas, less
//!    further up); an element's final score is damped by its link density and moved by what its
//!    class and id say (`article-body` up, `related`, `share`, `comments` down). The best element is
//!    the article container; siblings that look like more of the same article join it.
//! 3. The container's content is cut into blocks at block-level elements and line breaks, and each
//!    block gets a [`ParagraphKind`] from its elements (figcaption, pull quotes, link lists, ...)
//!    and its wording (photo credits, "RELATED:", paywall appeals, ...).

use crate::dom::{Dom, NodeData, NodeId};
use crate::kinds::classify_block;
use herald_model::ParagraphKind;
use regex::Regex;
use std::sync::LazyLock;

/// A block of text from the article container, with the kind it was given.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    pub kind: ParagraphKind,
    pub text: String,
}

/// Elements whose content is never article text.
const SKIP: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "math", "iframe", "button", "select", "input", "textarea", "nav",
    "head", "object", "embed", "canvas", "video", "audio", "dialog", "menu", "label", "option", "map", "title",
];

/// Elements that start a new block of text.
const BLOCK: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "header",
    "footer",
    "aside",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "table",
    "tr",
    "td",
    "th",
    "tbody",
    "thead",
    "tfoot",
    "caption",
    "blockquote",
    "pre",
    "figure",
    "figcaption",
    "form",
    "fieldset",
    "address",
    "hr",
    "br",
    "center",
    "details",
    "summary",
    "body",
    "html",
    "picture",
];

fn is_block(name: &str) -> bool {
    BLOCK.contains(&name)
}

/// The lower-cased class, id, role and item names of an element: what its author called it.
pub(crate) fn attribute_hay(dom: &Dom, id: NodeId) -> Option<Box<str>> {
    let NodeData::Element { attrs, .. } = &dom.nodes[id].data else { return None };
    let mut hay = String::new();
    for (k, v) in attrs {
        if matches!(&**k, "class" | "id" | "role" | "itemprop" | "data-component" | "data-testid") && !v.is_empty() {
            hay.push(' ');
            hay.push_str(v);
        }
    }
    if hay.is_empty() {
        return None;
    }
    hay.make_ascii_lowercase();
    Some(hay.into_boxed_str())
}

fn has_token(hay: &str, pred: impl Fn(&str) -> bool) -> bool {
    hay.split(|c: char| !c.is_ascii_alphanumeric()).any(pred)
}

/// What an element's names say about it: positive for article text, negative for page chrome.
pub(crate) fn class_weight(hay: Option<&str>) -> i32 {
    let Some(hay) = hay else { return 0 };
    let mut w = 0;
    const NEGATIVE: &[&str] = &[
        "comment",
        "sidebar",
        "related",
        "share",
        "social",
        "promo",
        "advert",
        "sponsor",
        "newsletter",
        "subscri",
        "signup",
        "popup",
        "modal",
        "cookie",
        "breadcrumb",
        "widget",
        "footer",
        "masthead",
        "toolbar",
        "recirc",
        "outbrain",
        "taboola",
        "trending",
        "popular",
        "more-stories",
        "recommend",
        "navigation",
        "pagination",
        "author-bio",
        "byline",
        "disclaimer",
        "rail",
        "teaser",
        "hidden",
        "tags",
        "skip",
        "login",
        "banner",
    ];
    const POSITIVE: &[&str] = &[
        "article-body",
        "articlebody",
        "article__body",
        "article-content",
        "story-body",
        "storybody",
        "post-body",
        "entry-content",
        "post-content",
        "article-text",
        "story-content",
        "body-text",
        "main-content",
        "articletext",
        "content-body",
        "article_body",
        "story_body",
        "body-copy",
        "richtext",
        "rich-text",
    ];
    if POSITIVE.iter().any(|p| hay.contains(p)) {
        w += 35;
    } else if has_token(hay, |t| {
        matches!(t, "article" | "content" | "entry" | "main" | "post" | "text" | "story" | "body" | "blog" | "prose")
    }) {
        w += 20;
    }
    if NEGATIVE.iter().any(|p| hay.contains(p)) {
        w -= 30;
    }
    if has_token(hay, |t| {
        matches!(t, "ad" | "ads" | "nav" | "menu" | "share" | "meta" | "caption" | "credit" | "aside" | "dfp" | "gpt")
    }) {
        w -= 25;
    }
    w
}

fn is_hidden(dom: &Dom, id: NodeId, hay: Option<&str>) -> bool {
    if dom.attr(id, "hidden").is_some() {
        return true;
    }
    if let Some(style) = dom.attr(id, "style") {
        let s: String = style.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_lowercase();
        if s.contains("display:none") || s.contains("visibility:hidden") {
            return true;
        }
    }
    if hay.is_some_and(|h| {
        h.split_whitespace().any(|t| {
            matches!(t, "hidden" | "sr-only" | "visually-hidden" | "visuallyhidden" | "screen-reader-text" | "hide")
        })
    }) {
        return true;
    }
    dom.attr(id, "aria-hidden") == Some("true") && dom.name(id) != Some("p")
}

/// Per-element statistics, indexed by node id.
struct Stats {
    skipped: Vec<bool>,
    /// Non-whitespace characters of text below the element.
    text: Vec<u32>,
    /// The part of `text` inside links.
    link: Vec<u32>,
    /// Characters of text reachable without crossing a block element (its own "paragraph").
    inline: Vec<u32>,
    commas: Vec<u32>,
    score: Vec<f32>,
    /// Inside a region that is never the article (comments, sidebars, related-story rails).
    demoted: Vec<bool>,
    /// [`attribute_hay`] of every element.
    hay: Vec<Option<Box<str>>>,
}

impl Stats {
    fn hay(&self, id: NodeId) -> Option<&str> {
        self.hay[id].as_deref()
    }
}

/// Whether an element's names mark a region that is never the article itself.
fn is_demoting(dom: &Dom, id: NodeId, hay: Option<&str>) -> bool {
    dom.name(id) == Some("footer")
        || hay.is_some_and(|h| {
            has_token(h, |t| {
                matches!(
                    t,
                    "comment"
                        | "comments"
                        | "commentlist"
                        | "disqus"
                        | "discussion"
                        | "respond"
                        | "replies"
                        | "related"
                        | "recirc"
                        | "recirculation"
                        | "newsletter"
                        | "outbrain"
                        | "taboola"
                )
            })
        })
}

fn count_chars(t: &str) -> (u32, u32) {
    let mut n = 0u32;
    let mut commas = 0u32;
    for c in t.chars() {
        if !c.is_whitespace() {
            n += 1;
            if matches!(c, ',' | '，' | '、' | '،') {
                commas += 1;
            }
        }
    }
    (n, commas)
}

fn compute_stats(dom: &Dom) -> Stats {
    let n = dom.nodes.len();
    let mut skipped = vec![false; n];
    let mut in_link = vec![false; n];
    let mut demoted = vec![false; n];
    let hay: Vec<Option<Box<str>>> = (0..n).map(|id| attribute_hay(dom, id)).collect();
    for id in 1..n {
        let parent = dom.nodes[id].parent.unwrap_or(0);
        demoted[id] = demoted[parent] || (dom.name(id).is_some() && is_demoting(dom, id, hay[id].as_deref()));
        let name = dom.name(id);
        skipped[id] = skipped[parent]
            || name.is_some_and(|nm| SKIP.contains(&nm))
            || (name.is_some() && is_hidden(dom, id, hay[id].as_deref()));
        in_link[id] = in_link[parent] || name == Some("a");
    }
    let mut text = vec![0u32; n];
    let mut link = vec![0u32; n];
    let mut inline = vec![0u32; n];
    let mut commas = vec![0u32; n];
    for id in (1..n).rev() {
        if skipped[id] {
            continue;
        }
        if let NodeData::Text(t) = &dom.nodes[id].data {
            let (c, k) = count_chars(t);
            text[id] = c;
            inline[id] = c;
            commas[id] = k;
            if in_link[id] {
                link[id] = c;
            }
        }
        let parent = dom.nodes[id].parent.unwrap_or(0);
        text[parent] += text[id];
        link[parent] += link[id];
        if !dom.name(id).is_some_and(is_block) {
            inline[parent] += inline[id];
            commas[parent] += commas[id];
        }
    }
    let mut stats = Stats { skipped, text, link, inline, commas, score: vec![0.0; n], demoted, hay };
    score_candidates(dom, &mut stats);
    stats
}

fn score_candidates(dom: &Dom, s: &mut Stats) {
    let n = dom.nodes.len();
    for id in 1..n {
        if s.skipped[id] {
            continue;
        }
        let Some(name) = dom.name(id) else { continue };
        let len = s.inline[id];
        if len < 25 || matches!(name, "a" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6") {
            continue;
        }
        if !is_block(name) {
            continue;
        }
        let link_ratio = s.link[id] as f32 / s.text[id].max(1) as f32;
        if link_ratio > 0.5 {
            continue;
        }
        let points = 1.0 + s.commas[id] as f32 + (len as f32 / 100.0).min(3.0);
        // A block that holds its own text (a div with text and <br>s) is a container too.
        let mut target = if name == "p" { dom.parent(id) } else { Some(id) };
        let mut weight = 1.0;
        for _ in 0..3 {
            let Some(t) = target else { break };
            if t == 0 {
                break;
            }
            s.score[t] += points * weight;
            weight = if weight == 1.0 { 0.5 } else { weight * 0.66 };
            target = dom.parent(t);
        }
    }
}

fn final_score(s: &Stats, id: NodeId) -> f32 {
    let link_density = s.link[id] as f32 / s.text[id].max(1) as f32;
    let f = (s.score[id] + class_weight(s.hay(id)) as f32) * (1.0 - link_density);
    if s.demoted[id] {
        f * 0.2
    } else {
        f
    }
}

/// The article container: the best-scoring element, widened by sibling elements that hold more of
/// the same article. Returns the chosen nodes in document order.
fn choose_content(dom: &Dom, s: &Stats) -> Vec<NodeId> {
    let mut best: Option<(NodeId, f32)> = None;
    for id in 1..dom.nodes.len() {
        if s.score[id] <= 0.0 || s.skipped[id] {
            continue;
        }
        let f = final_score(s, id);
        if best.is_none_or(|(_, b)| f > b) {
            best = Some((id, f));
        }
    }
    let Some((mut top, mut top_score)) = best else {
        // No element stands out (a fragment such as a feed item's `<p>…</p>`): read it all.
        return vec![dom.elements("body").next().unwrap_or(dom.root())];
    };
    // A parent that holds much more text of the same quality is the real container (the best node
    // was one of several sections of the article).
    while let Some(p) = dom.parent(top) {
        if p == 0 || dom.name(p).is_none_or(|n| n == "body" || n == "html") {
            break;
        }
        let ps = final_score(s, p);
        if ps >= top_score * 0.85 && s.text[p] as f32 <= s.text[top] as f32 * 1.6 && class_weight(s.hay(p)) >= 0 {
            top = p;
            top_score = ps;
        } else {
            break;
        }
    }
    let Some(parent) = dom.parent(top) else { return vec![top] };
    let threshold = (top_score * 0.2).max(10.0);
    let top_class = dom.attr(top, "class");
    let mut chosen = Vec::new();
    for &sib in dom.children(parent) {
        if sib == top {
            chosen.push(sib);
            continue;
        }
        if s.skipped[sib] || dom.name(sib).is_none() || s.text[sib] == 0 {
            continue;
        }
        let score = final_score(s, sib);
        let link_density = s.link[sib] as f32 / s.text[sib].max(1) as f32;
        let same_class = top_class.is_some() && dom.attr(sib, "class") == top_class;
        let bonus = if same_class { top_score * 0.2 } else { 0.0 };
        let keep = if score + bonus >= threshold && class_weight(s.hay(sib)) >= 0 {
            true
        } else if dom.name(sib) == Some("p") {
            let len = s.inline[sib];
            (len > 80 && link_density < 0.25) || (len > 0 && link_density == 0.0 && len < 80 && ends_sentence(dom, sib))
        } else {
            false
        };
        if keep {
            chosen.push(sib);
        }
    }
    add_interior(dom, s, parent, &mut chosen);
    add_twins(dom, s, top, top_score, &mut chosen);
    chosen
}

/// Lists, tables, quotes and headings that stand between two chosen parts of the article are part
/// of it (tour dates, a quoted statement), unless they are mostly links or named as page chrome.
fn add_interior(dom: &Dom, s: &Stats, parent: NodeId, chosen: &mut Vec<NodeId>) {
    let siblings = dom.children(parent);
    let position = |id: NodeId| siblings.iter().position(|&x| x == id);
    let (Some(first), Some(last)) =
        (chosen.first().and_then(|&c| position(c)), chosen.last().and_then(|&c| position(c)))
    else {
        return;
    };
    for &sib in &siblings[first..=last] {
        if chosen.contains(&sib) || s.skipped[sib] || s.demoted[sib] || s.text[sib] == 0 {
            continue;
        }
        let interior_kind = matches!(
            dom.name(sib),
            Some("ul" | "ol" | "table" | "blockquote" | "pre" | "h2" | "h3" | "h4" | "h5" | "dl")
        );
        let link_density = s.link[sib] as f32 / s.text[sib].max(1) as f32;
        if interior_kind && link_density < 0.5 && class_weight(s.hay(sib)) >= 0 {
            chosen.push(sib);
        }
    }
    chosen.sort_unstable();
}

/// Articles split into several chunks (by ads or "read more" widgets) repeat the container's tag
/// and class for each chunk: those chunks near the best one are part of the article too.
fn add_twins(dom: &Dom, s: &Stats, top: NodeId, top_score: f32, chosen: &mut Vec<NodeId>) {
    let Some(class) = dom.attr(top, "class").filter(|c| !c.trim().is_empty()) else { return };
    let name = dom.name(top);
    let ancestors = |mut id: NodeId| {
        let mut v = Vec::with_capacity(16);
        while let Some(p) = dom.parent(id) {
            v.push(p);
            id = p;
        }
        v
    };
    let top_ancestors = ancestors(top);
    let scope: &[NodeId] = &top_ancestors[..top_ancestors.len().min(5)];
    for id in 1..dom.nodes.len() {
        if id == top || dom.attr(id, "class") != Some(class) || dom.name(id) != name || s.skipped[id] || s.demoted[id] {
            continue;
        }
        let link_density = s.link[id] as f32 / s.text[id].max(1) as f32;
        if link_density > 0.35 || (final_score(s, id) < top_score * 0.1 && s.inline[id] < 100) {
            continue;
        }
        if !ancestors(id).iter().any(|a| scope.contains(a)) {
            continue;
        }
        chosen.push(id);
    }
    chosen.sort_unstable();
    chosen.dedup();
    // Keep only outermost nodes: a chunk inside another chosen node would be read twice.
    let all = chosen.clone();
    chosen.retain(|&id| !ancestors(id).iter().any(|a| all.contains(a)));
}

fn ends_sentence(dom: &Dom, id: NodeId) -> bool {
    let t = dom.text_content(id);
    let t = t.trim_end();
    t.ends_with('.') || t.ends_with('。') || t.ends_with('!') || t.ends_with('?')
}

/// Cuts the chosen nodes into blocks of text at block elements and `<br>`, in document order.
fn collect_blocks(dom: &Dom, s: &Stats, roots: &[NodeId]) -> Vec<(NodeId, String, u32)> {
    struct Pending {
        owner: NodeId,
        text: String,
        link: u32,
    }
    let mut out: Vec<(NodeId, String, u32)> = Vec::new();
    let flush = |p: &mut Pending, out: &mut Vec<(NodeId, String, u32)>| {
        let collapsed = collapse_ws(&p.text);
        if !collapsed.is_empty() {
            out.push((p.owner, collapsed, p.link));
        }
        p.text.clear();
        p.link = 0;
    };
    for &root in roots {
        let mut cur = Pending { owner: root, text: String::new(), link: 0 };
        // (node, leaving?) pairs; leaving a block element flushes its text.
        let mut stack: Vec<(NodeId, bool)> = vec![(root, false)];
        let mut owners: Vec<NodeId> = Vec::new();
        while let Some((id, leaving)) = stack.pop() {
            if leaving {
                flush(&mut cur, &mut out);
                owners.pop();
                cur.owner = owners.last().copied().unwrap_or(root);
                continue;
            }
            if s.skipped[id] {
                continue;
            }
            match &dom.nodes[id].data {
                NodeData::Text(t) => {
                    cur.text.push_str(t);
                    if s.link[id] > 0 {
                        cur.link += s.link[id];
                    }
                }
                NodeData::Element { name, .. } => {
                    if &**name == "br" || &**name == "hr" {
                        flush(&mut cur, &mut out);
                        continue;
                    }
                    if is_block(name) {
                        flush(&mut cur, &mut out);
                        owners.push(id);
                        cur.owner = id;
                        stack.push((id, true));
                    } else if &**name == "img" {
                        continue;
                    }
                    for &c in dom.children(id).iter().rev() {
                        stack.push((c, false));
                    }
                }
                NodeData::Document => {
                    for &c in dom.children(id).iter().rev() {
                        stack.push((c, false));
                    }
                }
            }
        }
        flush(&mut cur, &mut out);
    }
    out
}

/// Collapses runs of whitespace (including no-break spaces) to one space and trims.
pub fn collapse_ws(t: &str) -> String {
    let mut out = String::with_capacity(t.len());
    let mut space = false;
    for c in t.chars() {
        if c.is_whitespace() || c == '\u{200b}' || c == '\u{feff}' {
            space = true;
        } else {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
    }
    out
}

/// Finds the article in `dom` and returns its blocks, each with a kind. `title` and `author` (when
/// the page's metadata names them) let a repeated headline and a byline inside the container be
/// recognised.
pub fn extract_blocks(dom: &Dom, title: Option<&str>, author: Option<&str>) -> Vec<Block> {
    let stats = compute_stats(dom);
    let roots = choose_content(dom, &stats);
    let raw = collect_blocks(dom, &stats, &roots);
    let mut blocks: Vec<Block> = raw
        .into_iter()
        .map(|(owner, text, link)| {
            let kind = classify_block(dom, &stats.hay, owner, &roots, &text, link, title);
            Block { kind, text }
        })
        .collect();
    mark_related_lists(&mut blocks);
    trim_leading_boilerplate(&mut blocks, title, author);
    trim_trailing_boilerplate(&mut blocks);
    blocks
}

/// After a "Most read" / "Don't miss" header, the short teaser lines that follow are the list of
/// other stories, up to the next real paragraph.
fn mark_related_lists(blocks: &mut [Block]) {
    let mut in_list = false;
    for b in blocks.iter_mut() {
        if b.kind == ParagraphKind::RelatedLink && crate::kinds::opens_related_list(&b.text) {
            in_list = true;
            continue;
        }
        if !in_list || b.kind != ParagraphKind::Body {
            continue;
        }
        let len = b.text.chars().count();
        if len >= 160 || (len >= 60 && b.text.trim_end().ends_with(['.', '!', '?', '"', '”', '。'])) {
            in_list = false;
        } else {
            b.kind = ParagraphKind::RelatedLink;
        }
    }
}

static LEADING_META: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?xi)^(?:https?://\S+|(?:by|von|por|par|di|door)\ [\p{L}.'\-]+(?:\ [\p{L}.'\-]+){0,4}.*|.*\|\s*by\ .*|
        .{0,50}\b(?:19|20)\d{2}\b.{0,30}|.{0,40}\b\d{1,2}:\d{2}\b.{0,30}|\d+\ (?:min|minute|minutes)\ read|
        (?:updated|published|posted)\b.*)$",
    )
    .expect("valid regex")
});

/// Before the first real paragraph, a repeated title, a byline, a date line or a bare URL is page
/// furniture, not body.
fn trim_leading_boilerplate(blocks: &mut [Block], title: Option<&str>, author: Option<&str>) {
    // A byline names the author: every word of the name, in a short line.
    let author_words: Vec<String> = author
        .map(|a| a.split_whitespace().filter(|w| w.chars().count() > 1).map(str::to_lowercase).collect())
        .unwrap_or_default();
    let names_author = |t: &str| {
        let lower = t.to_lowercase();
        !author_words.is_empty() && author_words.iter().all(|w| lower.contains(w.as_str()))
    };
    for b in blocks.iter_mut() {
        if b.kind != ParagraphKind::Body {
            continue;
        }
        let t = b.text.trim();
        let len = t.chars().count();
        if title.is_some_and(|title| crate::kinds::same_words(title, t)) {
            b.kind = ParagraphKind::Headline;
            continue;
        }
        if len >= 120 {
            break;
        }
        // A short sentence that mentions a year is the article's; a bare date or byline is not.
        let sentence = t.ends_with(['.', '!', '?', '。']);
        if (LEADING_META.is_match(t) || (names_author(t) && len <= 80))
            && (!sentence || t.to_lowercase().starts_with("by "))
        {
            b.kind = ParagraphKind::OtherBoilerplate;
        }
    }
}

/// Short, unpunctuated fragments after the last long paragraph (bylines, "Share", tags) are not
/// body: a demanding reader stops at the article's end.
fn trim_trailing_boilerplate(blocks: &mut [Block]) {
    let last_long = blocks.iter().rposition(|b| b.kind == ParagraphKind::Body && b.text.chars().count() >= 120);
    let Some(last_long) = last_long else { return };
    for b in blocks.iter_mut().skip(last_long + 1) {
        if b.kind == ParagraphKind::Body {
            let t = b.text.trim();
            let sentence_like = t.ends_with(['.', '!', '?', '"', '”', '。', ')', ':']);
            if t.chars().count() < 40 && !sentence_like {
                b.kind = ParagraphKind::OtherBoilerplate;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body_of(html: &str) -> Vec<String> {
        let dom = Dom::parse(html);
        extract_blocks(&dom, None, None).into_iter().filter(|b| b.kind == ParagraphKind::Body).map(|b| b.text).collect()
    }

    const ARTICLE: &str = r#"<html><body>
        <nav><ul><li><a href="/">Home</a></li><li><a href="/world">World news, politics, business</a></li></ul></nav>
        <div class="sidebar"><p>Most read: <a href="/x">A story about something else entirely, with commas, and more</a></p></div>
        <article><h1>Kerry meets Putin</h1>
          <div class="article-body">
            <p>John Kerry touched down in southern Russia on Tuesday, for an unusual face-to-face session with Vladimir Putin, with three crises to discuss.</p>
            <figure><img src="a.jpg"><figcaption>Kerry and Lavrov in Sochi. Photo: Staff Photographer/AP</figcaption></figure>
            <p>The American diplomat reached the resort, where his Russian counterpart was waiting for him, before the meeting with Putin.</p>
            <p>RELATED: <a href="/r">Another story on a different subject, with its own link</a></p>
            <p>It is Kerry's first visit to the country in two years, after a long freeze, which left relations at a low.</p>
          </div>
        </article>
        <footer><p>Copyright 2015, All rights reserved, Example News, Inc.</p></footer>
        </body></html>"#;

    #[test]
    fn finds_the_article_and_drops_chrome() {
        let body = body_of(ARTICLE);
        assert_eq!(body.len(), 3, "{body:?}");
        assert!(body[0].starts_with("John Kerry touched down"));
        assert!(body[2].starts_with("It is Kerry's first visit"));
    }

    #[test]
    fn marks_captions_and_related_links() {
        let dom = Dom::parse(ARTICLE);
        let blocks = extract_blocks(&dom, Some("Kerry meets Putin"), None);
        let kind_of = |needle: &str| blocks.iter().find(|b| b.text.contains(needle)).map(|b| b.kind);
        assert_eq!(kind_of("Kerry and Lavrov in Sochi"), Some(ParagraphKind::Caption));
        assert_eq!(kind_of("RELATED:"), Some(ParagraphKind::RelatedLink));
    }

    #[test]
    fn br_separated_text_becomes_paragraphs() {
        let html = "<body><div id=main>First paragraph of the story, which is long enough, with commas, to count.<br><br>Second paragraph of the story, also long enough to count, with a comma.</div></body>";
        let body = body_of(html);
        assert_eq!(body.len(), 2, "{body:?}");
    }

    #[test]
    fn empty_and_textless_pages_give_nothing() {
        assert!(body_of("").is_empty());
        assert!(body_of("<html><body><script>x</script></body></html>").is_empty());
    }
}
