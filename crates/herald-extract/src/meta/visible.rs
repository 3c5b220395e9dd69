//! Dates shown on the page: `<time>` elements and dates written in short texts, scored by their
//! placement near the heading, class hints, nearby words ("Published", "Updated") and repetition
//! in lists; the best-placed one becomes a candidate.

use std::collections::HashMap;

use super::calendar::{find_text_dates_pos, Stamp};
use super::date::{Candidate, T_TEXT};
use super::facts::Facts;
use super::layout::{region_of, shares_container, Layout, Region};
use super::text::{bounded_text, collapse_ws, contains_ci, truncate};
use crate::dom::{Dom, NodeId};

fn class_and_id(dom: &Dom, id: NodeId) -> (&str, &str) {
    (dom.attr(id, "class").unwrap_or(""), dom.attr(id, "id").unwrap_or(""))
}

pub(super) fn is_update_hint(v: &str) -> bool {
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

/// The text just before `id` in document order (up to ~60 bytes), for keywords like "Updated:".
pub(super) fn previous_text(dom: &Dom, id: NodeId) -> String {
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
pub(super) struct Seen {
    pub(super) el: NodeId,
    pub(super) stamp: Stamp,
    /// Text just before the date, for keywords like "Published" or "Updated".
    pub(super) before: String,
    /// Length of the text the date was found in (0 for `<time>` elements).
    pub(super) len: usize,
    pub(super) evidence: &'static str,
}

/// The best-placed date shown on the page (`<time>` elements, bylines, date lines, headers).
pub(super) fn text_candidate(
    dom: &Dom,
    facts: &Facts,
    layout: &Layout,
    mdy: bool,
    times: Vec<Seen>,
) -> Option<Candidate> {
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
