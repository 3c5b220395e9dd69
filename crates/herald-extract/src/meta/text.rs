//! Small text helpers shared by the metadata modules: attribute tokens, case-insensitive search,
//! truncation, the bounded text of a subtree, re-decoding entities, whitespace and comparison keys.

use crate::dom::{Dom, NodeId};

/// Whether a space-separated attribute value contains `token` (ASCII case-insensitive).
pub(super) fn has_token(list: &str, token: &str) -> bool {
    list.split_ascii_whitespace().any(|t| t.eq_ignore_ascii_case(token))
}

/// Whether `hay` contains `needle` ignoring ASCII case; `needle` must be lowercase.
pub(super) fn contains_ci(hay: &str, needle: &str) -> bool {
    if hay.len() < needle.len() {
        return false;
    }
    if !hay.bytes().any(|b| b.is_ascii_uppercase()) {
        return hay.contains(needle);
    }
    hay.to_ascii_lowercase().contains(needle)
}

pub(super) fn truncate(s: &str, max: usize) -> &str {
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
pub(super) fn bounded_text(dom: &Dom, id: NodeId, max: usize) -> String {
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

/// Decodes character references left in a value that was escaped twice (`&amp;#039;`).
pub(super) fn decode_again(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    crate::dom::decode_entities_into(s, &mut out);
    out
}

pub(super) fn collapse_ws(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

pub(super) fn norm_key(s: &str) -> String {
    s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}
