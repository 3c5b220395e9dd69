//! The facts gathered in one walk over the page: `<meta>` tags, the canonical link, the `<title>`,
//! JSON-LD blocks, `<time>` and date-`itemprop` elements, headings, and short texts with a year.

use super::calendar::has_year;
use super::text::{collapse_ws, contains_ci, decode_again, has_token, truncate};
use crate::dom::{Dom, NodeData, NodeId};

pub(super) struct MetaTag {
    pub(super) key: String,
    pub(super) content: String,
}

/// Everything of interest found in one walk over the page.
#[derive(Default)]
pub(super) struct Facts {
    pub(super) lang: Option<String>,
    pub(super) metas: Vec<MetaTag>,
    pub(super) canonical: Option<String>,
    pub(super) title: Option<String>,
    pub(super) json_ld: Vec<String>,
    /// `<time>` elements and elements with a date `itemprop` or hAtom class.
    pub(super) time_nodes: Vec<NodeId>,
    pub(super) h1: Vec<NodeId>,
    /// `h2`/`h3` elements (the article's heading on some sites).
    pub(super) headings: Vec<NodeId>,
    /// Visible text nodes that contain a four-digit year.
    pub(super) year_texts: Vec<NodeId>,
}

impl Facts {
    pub(super) fn collect(dom: &Dom) -> Facts {
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

    pub(super) fn meta_value(&self, keys: &[&str]) -> Option<&str> {
        keys.iter()
            .find_map(|k| self.metas.iter().find(|m| m.key == *k && !m.content.is_empty()).map(|m| m.content.as_str()))
    }

    pub(super) fn language(&self) -> Option<String> {
        let raw = self
            .lang
            .as_deref()
            .filter(|l| !l.trim().is_empty())
            .or_else(|| self.meta_value(&["og:locale", "content-language", "language", "dc.language"]))?;
        let code: String = raw.trim().chars().take_while(|c| c.is_ascii_alphabetic()).collect();
        (code.len() == 2).then(|| code.to_ascii_lowercase())
    }
}
