//! A small, tolerant HTML parser into an arena tree.
//!
//! It is not a spec-complete HTML5 tree builder: it implements what article extraction needs
//! (raw-text elements, void elements, the common implied end tags, entity decoding) and is built to
//! be fast and robust: one pass, no recursion anywhere (so a page nested 10,000 levels deep parses
//! like any other), nesting capped at [`MAX_DEPTH`] (deeper elements become siblings at the cap),
//! and every byte sequence accepted.

use memchr::memchr;

/// Elements deeper than this are attached at this depth instead of nesting further.
pub const MAX_DEPTH: usize = 256;

pub type NodeId = usize;

#[derive(Debug, Clone)]
pub enum NodeData {
    Document,
    Element { name: Box<str>, attrs: Vec<(Box<str>, String)> },
    Text(String),
}

#[derive(Debug, Clone)]
pub struct Node {
    pub data: NodeData,
    pub parent: Option<NodeId>,
    pub children: Vec<NodeId>,
}

/// A parsed page: `nodes[0]` is the document root.
#[derive(Debug, Clone)]
pub struct Dom {
    /// Every node, in document order: a node's id is larger than its parent's and than the ids of
    /// everything before it in the page. Body scoring (walking ids backwards is a post-order walk)
    /// and metadata (comparing positions by id) rely on this.
    pub nodes: Vec<Node>,
}

const VOID: &[&str] =
    &["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"];

/// Elements whose content is not markup.
const RAW_TEXT: &[&str] = &["script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript"];

/// Start tags that close an open `<p>`.
const CLOSES_P: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "details",
    "div",
    "dl",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "ul",
    "li",
];

impl Dom {
    pub fn parse(html: &str) -> Dom {
        Builder::new(html.len()).run(html)
    }

    pub fn root(&self) -> NodeId {
        0
    }

    pub fn name(&self, id: NodeId) -> Option<&str> {
        match &self.nodes[id].data {
            NodeData::Element { name, .. } => Some(name),
            _ => None,
        }
    }

    pub fn attr(&self, id: NodeId, key: &str) -> Option<&str> {
        match &self.nodes[id].data {
            NodeData::Element { attrs, .. } => attrs.iter().find(|(k, _)| &**k == key).map(|(_, v)| v.as_str()),
            _ => None,
        }
    }

    pub fn text(&self, id: NodeId) -> Option<&str> {
        match &self.nodes[id].data {
            NodeData::Text(t) => Some(t),
            _ => None,
        }
    }

    pub fn children(&self, id: NodeId) -> &[NodeId] {
        &self.nodes[id].children
    }

    pub fn parent(&self, id: NodeId) -> Option<NodeId> {
        self.nodes[id].parent
    }

    /// All nodes below `id` in document order (pre-order), not including `id`.
    pub fn descendants(&self, id: NodeId) -> Descendants<'_> {
        let mut stack: Vec<NodeId> = self.nodes[id].children.iter().rev().copied().collect();
        stack.reserve(64);
        Descendants { dom: self, stack }
    }

    /// Elements named `name` anywhere in the page, in document order.
    pub fn elements<'a>(&'a self, name: &'a str) -> impl Iterator<Item = NodeId> + 'a {
        self.descendants(0).filter(move |&n| self.name(n) == Some(name))
    }

    /// The concatenated text below `id` (raw, whitespace not collapsed).
    pub fn text_content(&self, id: NodeId) -> String {
        let mut out = String::new();
        if let Some(t) = self.text(id) {
            out.push_str(t);
        }
        for d in self.descendants(id) {
            if let Some(t) = self.text(d) {
                out.push_str(t);
            }
        }
        out
    }

    /// Whether `id` lies below an element named one of `names`.
    pub fn has_ancestor(&self, id: NodeId, names: &[&str]) -> bool {
        let mut cur = self.parent(id);
        while let Some(p) = cur {
            if let Some(n) = self.name(p) {
                if names.contains(&n) {
                    return true;
                }
            }
            cur = self.parent(p);
        }
        false
    }
}

pub struct Descendants<'a> {
    dom: &'a Dom,
    stack: Vec<NodeId>,
}

impl Iterator for Descendants<'_> {
    type Item = NodeId;
    fn next(&mut self) -> Option<NodeId> {
        let id = self.stack.pop()?;
        self.stack.extend(self.dom.nodes[id].children.iter().rev());
        Some(id)
    }
}

struct Builder {
    nodes: Vec<Node>,
    open: Vec<NodeId>,
}

impl Builder {
    fn new(len: usize) -> Self {
        let mut nodes = Vec::with_capacity(len / 40 + 16);
        nodes.push(Node { data: NodeData::Document, parent: None, children: Vec::new() });
        Builder { nodes, open: vec![0] }
    }

    fn current(&self) -> NodeId {
        *self.open.last().unwrap_or(&0)
    }

    fn append(&mut self, data: NodeData) -> NodeId {
        let parent = self.current();
        let id = self.nodes.len();
        self.nodes.push(Node { data, parent: Some(parent), children: Vec::new() });
        self.nodes[parent].children.push(id);
        id
    }

    fn text(&mut self, raw: &str) {
        if raw.is_empty() {
            return;
        }
        let cur = self.current();
        if let Some(&last) = self.nodes[cur].children.last() {
            if let NodeData::Text(t) = &mut self.nodes[last].data {
                decode_entities_into(raw, t);
                return;
            }
        }
        let mut t = String::with_capacity(raw.len());
        decode_entities_into(raw, &mut t);
        self.append(NodeData::Text(t));
    }

    fn open_name(&self, i: usize) -> &str {
        match &self.nodes[self.open[i]].data {
            NodeData::Element { name, .. } => name,
            _ => "",
        }
    }

    /// Pops open elements up to and including the nearest `name`, unless a `boundary` element
    /// comes first.
    fn close(&mut self, name: &str, boundary: &[&str]) -> bool {
        for i in (1..self.open.len()).rev() {
            let n = self.open_name(i);
            if n == name {
                self.open.truncate(i);
                return true;
            }
            if boundary.contains(&n) {
                return false;
            }
        }
        false
    }

    fn start_tag(&mut self, name: &str, attrs: Vec<(Box<str>, String)>, self_closing: bool) {
        if CLOSES_P.contains(&name) {
            self.close("p", &["div", "td", "th", "li", "article", "section", "blockquote", "table", "body"]);
        }
        match name {
            "li" => {
                self.close("li", &["ul", "ol", "menu", "div", "table"]);
            }
            "dt" | "dd" if !self.close("dt", &["dl", "div"]) => {
                self.close("dd", &["dl", "div"]);
            }
            "tr" => {
                self.close("tr", &["table", "tbody", "thead", "tfoot"]);
            }
            "td" | "th" if !self.close("td", &["tr", "table"]) => {
                self.close("th", &["tr", "table"]);
            }
            "option" => {
                self.close("option", &["select", "datalist"]);
            }
            "html" | "body" | "head" => {
                if name == "body" {
                    self.close("head", &[]);
                }
                // Repeated structural tags only contribute attributes; never nest them.
                if self
                    .open
                    .iter()
                    .any(|&id| matches!(&self.nodes[id].data, NodeData::Element { name: n, .. } if &**n == name))
                {
                    return;
                }
            }
            _ => {}
        }
        let id = self.append(NodeData::Element { name: name.into(), attrs });
        if !(self_closing || VOID.contains(&name)) && self.open.len() < MAX_DEPTH {
            self.open.push(id);
        }
    }

    fn run(mut self, html: &str) -> Dom {
        let bytes = html.as_bytes();
        let mut pos = 0;
        let mut text_start = 0;
        while let Some(rel) = memchr(b'<', &bytes[pos..]) {
            let lt = pos + rel;
            let next = bytes.get(lt + 1).copied().unwrap_or(0);
            if next.is_ascii_alphabetic() {
                self.text(&html[text_start..lt]);
                let (end, name, attrs, self_closing) = parse_start_tag(html, lt + 1);
                pos = end;
                text_start = end;
                if RAW_TEXT.contains(&name.as_str()) && !self_closing {
                    let close = find_close_tag(bytes, end, name.as_bytes());
                    let (content_end, after) = close.unwrap_or((bytes.len(), bytes.len()));
                    self.start_tag(&name, attrs, false);
                    // Keep title text (it is metadata); drop scripts and styles except JSON-LD.
                    let keep =
                        matches!(name.as_str(), "title" | "textarea") || (name == "script" && self.script_is_json_ld());
                    if keep {
                        let raw = &html[end..content_end];
                        let id = self.current();
                        let mut t = String::with_capacity(raw.len());
                        if name == "script" {
                            t.push_str(raw);
                        } else {
                            decode_entities_into(raw, &mut t);
                        }
                        let tid = self.nodes.len();
                        self.nodes.push(Node { data: NodeData::Text(t), parent: Some(id), children: Vec::new() });
                        self.nodes[id].children.push(tid);
                    }
                    self.close(&name, &[]);
                    pos = after;
                    text_start = after;
                } else {
                    self.start_tag(&name, attrs, self_closing);
                }
            } else if next == b'/' {
                self.text(&html[text_start..lt]);
                let name_start = lt + 2;
                let mut i = name_start;
                while i < bytes.len() && !matches!(bytes[i], b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/' | b'>') {
                    i += 1;
                }
                let name = html[name_start..i].to_ascii_lowercase();
                let end = memchr(b'>', &bytes[i..]).map(|r| i + r + 1).unwrap_or(bytes.len());
                if !name.is_empty() {
                    if name == "p" && !self.close("p", &[]) {
                        // A stray </p> makes an empty paragraph in browsers; it carries nothing here.
                    } else if name != "p" && !matches!(name.as_str(), "html" | "body") {
                        self.close(&name, &[]);
                    }
                }
                pos = end;
                text_start = end;
            } else if next == b'!' {
                self.text(&html[text_start..lt]);
                let end = if html[lt..].starts_with("<!--") {
                    find_sub(bytes, lt + 4, b"-->").map(|i| i + 3).unwrap_or(bytes.len())
                } else if html[lt..].starts_with("<![CDATA[") {
                    let close = find_sub(bytes, lt + 9, b"]]>").unwrap_or(bytes.len());
                    self.text(&html[lt + 9..close]);
                    (close + 3).min(bytes.len())
                } else {
                    memchr(b'>', &bytes[lt..]).map(|r| lt + r + 1).unwrap_or(bytes.len())
                };
                pos = end;
                text_start = end;
            } else if next == b'?' {
                self.text(&html[text_start..lt]);
                let end = memchr(b'>', &bytes[lt..]).map(|r| lt + r + 1).unwrap_or(bytes.len());
                pos = end;
                text_start = end;
            } else {
                // A literal '<' in text.
                pos = lt + 1;
            }
        }
        self.text(&html[text_start..]);
        Dom { nodes: self.nodes }
    }

    fn script_is_json_ld(&self) -> bool {
        let id = self.current();
        matches!(&self.nodes[id].data, NodeData::Element { attrs, .. }
            if attrs.iter().any(|(k, v)| &**k == "type" && v.trim().eq_ignore_ascii_case("application/ld+json")))
    }
}

/// Parses a start tag whose name begins at `start`; returns (position after '>', name, attributes,
/// self-closing).
fn parse_start_tag(html: &str, start: usize) -> (usize, String, Vec<(Box<str>, String)>, bool) {
    let bytes = html.as_bytes();
    let mut i = start;
    while i < bytes.len() && !matches!(bytes[i], b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/' | b'>') {
        i += 1;
    }
    let name = html[start..i].to_ascii_lowercase();
    let mut attrs = Vec::new();
    let mut self_closing = false;
    loop {
        while i < bytes.len() && matches!(bytes[i], b' ' | b'\t' | b'\n' | b'\r' | b'\x0c') {
            i += 1;
        }
        if i >= bytes.len() {
            return (bytes.len(), name, attrs, self_closing);
        }
        match bytes[i] {
            b'>' => return (i + 1, name, attrs, self_closing),
            b'/' => {
                i += 1;
                if bytes.get(i) == Some(&b'>') {
                    self_closing = true;
                }
                continue;
            }
            _ => {}
        }
        let key_start = i;
        while i < bytes.len() && !matches!(bytes[i], b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/' | b'>' | b'=') {
            i += 1;
        }
        if i == key_start {
            // A lone '=' or similar: skip it.
            i += 1;
            continue;
        }
        let key = html[key_start..i].to_ascii_lowercase();
        while i < bytes.len() && matches!(bytes[i], b' ' | b'\t' | b'\n' | b'\r') {
            i += 1;
        }
        let mut value = String::new();
        if bytes.get(i) == Some(&b'=') {
            i += 1;
            while i < bytes.len() && matches!(bytes[i], b' ' | b'\t' | b'\n' | b'\r') {
                i += 1;
            }
            match bytes.get(i) {
                Some(&q @ (b'"' | b'\'')) => {
                    let vs = i + 1;
                    let ve = memchr(q, &bytes[vs..]).map(|r| vs + r).unwrap_or(bytes.len());
                    decode_entities_into(&html[vs..ve], &mut value);
                    i = (ve + 1).min(bytes.len());
                }
                Some(_) => {
                    let vs = i;
                    while i < bytes.len() && !matches!(bytes[i], b' ' | b'\t' | b'\n' | b'\r' | b'>') {
                        i += 1;
                    }
                    decode_entities_into(&html[vs..i], &mut value);
                }
                None => {}
            }
        }
        if attrs.len() < 64 && !attrs.iter().any(|(k, _): &(Box<str>, String)| **k == *key) {
            attrs.push((key.into_boxed_str(), value));
        }
    }
}

/// Finds `</name` (ASCII case-insensitive) from `from`; returns (content end, position after '>').
fn find_close_tag(bytes: &[u8], from: usize, name: &[u8]) -> Option<(usize, usize)> {
    let mut pos = from;
    while let Some(rel) = memchr(b'<', &bytes[pos..]) {
        let lt = pos + rel;
        if bytes.get(lt + 1) == Some(&b'/') {
            let s = lt + 2;
            if bytes.len() >= s + name.len() && bytes[s..s + name.len()].eq_ignore_ascii_case(name) {
                let after_name = bytes.get(s + name.len()).copied().unwrap_or(b'>');
                if !after_name.is_ascii_alphanumeric() {
                    let end = memchr(b'>', &bytes[s..]).map(|r| s + r + 1).unwrap_or(bytes.len());
                    return Some((lt, end));
                }
            }
        }
        pos = lt + 1;
    }
    None
}

fn find_sub(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    if from >= hay.len() {
        return None;
    }
    hay[from..].windows(needle.len()).position(|w| w == needle).map(|p| from + p)
}

/// Appends `raw` to `out` with character references decoded.
pub fn decode_entities_into(raw: &str, out: &mut String) {
    let bytes = raw.as_bytes();
    let mut last = 0;
    let mut pos = 0;
    while let Some(rel) = memchr(b'&', &bytes[pos..]) {
        let amp = pos + rel;
        out.push_str(&raw[last..amp]);
        let (decoded, consumed) = decode_reference(&raw[amp + 1..]);
        match decoded {
            Some(c) => {
                out.push(c);
                last = amp + 1 + consumed;
            }
            None => {
                out.push('&');
                last = amp + 1;
            }
        }
        pos = last;
    }
    out.push_str(&raw[last..]);
}

fn decode_reference(s: &str) -> (Option<char>, usize) {
    let b = s.as_bytes();
    if b.first() == Some(&b'#') {
        let (hex, start) = match b.get(1) {
            Some(b'x' | b'X') => (true, 2),
            _ => (false, 1),
        };
        let mut i = start;
        while i < b.len() && i - start < 8 && (if hex { b[i].is_ascii_hexdigit() } else { b[i].is_ascii_digit() }) {
            i += 1;
        }
        if i == start {
            return (None, 0);
        }
        let n = u32::from_str_radix(&s[start..i], if hex { 16 } else { 10 }).unwrap_or(0xFFFD);
        let c = match n {
            0 => '\u{FFFD}',
            // Windows-1252 remapping, as browsers do for these code points.
            0x80..=0x9F => windows_1252_c1(n),
            _ => char::from_u32(n).unwrap_or('\u{FFFD}'),
        };
        let consumed = if b.get(i) == Some(&b';') { i + 1 } else { i };
        return (Some(c), consumed);
    }
    let mut i = 0;
    while i < b.len() && i < 32 && b[i].is_ascii_alphanumeric() {
        i += 1;
    }
    if i == 0 {
        return (None, 0);
    }
    let name = &s[..i];
    let with_semi = b.get(i) == Some(&b';');
    match named_entity(name) {
        Some(d) => (Some(d), if with_semi { i + 1 } else { i }),
        None => (None, 0),
    }
}

fn windows_1252_c1(n: u32) -> char {
    const MAP: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž', '\u{8F}', '\u{90}', '‘',
        '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}', 'ž', 'Ÿ',
    ];
    MAP[(n - 0x80) as usize]
}

fn named_entity(name: &str) -> Option<char> {
    let c = match name {
        "amp" | "AMP" => '&',
        "lt" | "LT" => '<',
        "gt" | "GT" => '>',
        "quot" | "QUOT" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "ensp" => '\u{2002}',
        "emsp" => '\u{2003}',
        "thinsp" => '\u{2009}',
        "zwnj" => '\u{200c}',
        "zwj" => '\u{200d}',
        "shy" => '\u{ad}',
        "mdash" => '—',
        "ndash" => '–',
        "hellip" => '…',
        "lsquo" => '‘',
        "rsquo" => '’',
        "sbquo" => '‚',
        "ldquo" => '“',
        "rdquo" => '”',
        "bdquo" => '„',
        "laquo" => '«',
        "raquo" => '»',
        "lsaquo" => '‹',
        "rsaquo" => '›',
        "bull" => '•',
        "middot" => '·',
        "copy" => '©',
        "reg" => '®',
        "trade" => '™',
        "deg" => '°',
        "plusmn" => '±',
        "times" => '×',
        "divide" => '÷',
        "frac12" => '½',
        "frac14" => '¼',
        "frac34" => '¾',
        "euro" => '€',
        "pound" => '£',
        "yen" => '¥',
        "cent" => '¢',
        "sect" => '§',
        "para" => '¶',
        "dagger" => '†',
        "Dagger" => '‡',
        "prime" => '′',
        "Prime" => '″',
        "iexcl" => '¡',
        "iquest" => '¿',
        "ordf" => 'ª',
        "ordm" => 'º',
        "sup1" => '¹',
        "sup2" => '²',
        "sup3" => '³',
        "micro" => 'µ',
        "larr" => '←',
        "rarr" => '→',
        "uarr" => '↑',
        "darr" => '↓',
        "szlig" => 'ß',
        "aelig" => 'æ',
        "AElig" => 'Æ',
        "oslash" => 'ø',
        "Oslash" => 'Ø',
        "aring" => 'å',
        "Aring" => 'Å',
        "ccedil" => 'ç',
        "Ccedil" => 'Ç',
        "ntilde" => 'ñ',
        "Ntilde" => 'Ñ',
        "eth" => 'ð',
        "thorn" => 'þ',
        "oelig" => 'œ',
        "OElig" => 'Œ',
        "scaron" => 'š',
        "Scaron" => 'Š',
        "zcaron" => 'ž',
        "Zcaron" => 'Ž',
        "yuml" => 'ÿ',
        "Yuml" => 'Ÿ',
        _ => return accented(name),
    };
    Some(c)
}

/// `&eacute;`-style references: a base letter and a diacritic name.
fn accented(name: &str) -> Option<char> {
    const MARKS: [(&str, &str, &str); 5] = [
        ("acute", "aeiouyAEIOUY", "áéíóúýÁÉÍÓÚÝ"),
        ("grave", "aeiouAEIOU", "àèìòùÀÈÌÒÙ"),
        ("circ", "aeiouAEIOU", "âêîôûÂÊÎÔÛ"),
        ("uml", "aeiouAEIOU", "äëïöüÄËÏÖÜ"),
        ("tilde", "aoAO", "ãõÃÕ"),
    ];
    let mut chars = name.chars();
    let base = chars.next()?;
    let mark = chars.as_str();
    let (_, bases, out) = MARKS.iter().find(|(m, _, _)| *m == mark)?;
    let idx = bases.chars().position(|c| c == base)?;
    out.chars().nth(idx)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(dom: &Dom) -> Vec<String> {
        dom.descendants(0).filter_map(|n| dom.text(n).map(str::to_string)).collect()
    }

    #[test]
    fn parses_nested_elements_and_attributes() {
        let dom = Dom::parse(r#"<html><body><div class="a b" id=x><p>One &amp; two</p><p>Three<br>four</div>"#);
        let div = dom.elements("div").next().unwrap();
        assert_eq!(dom.attr(div, "class"), Some("a b"));
        assert_eq!(dom.attr(div, "id"), Some("x"));
        let ps: Vec<_> = dom.elements("p").collect();
        assert_eq!(ps.len(), 2);
        assert_eq!(dom.text_content(ps[0]), "One & two");
        assert_eq!(dom.text_content(ps[1]), "Threefour");
        assert_eq!(dom.parent(ps[1]), Some(div));
    }

    #[test]
    fn implied_end_tags() {
        let dom = Dom::parse("<p>a<p>b<ul><li>x<li>y</ul><my-widget>w</my-widget><p>c");
        let p3 = dom.elements("p").nth(2).unwrap();
        assert_eq!(dom.parent(p3), Some(0), "custom elements close");
        let ps: Vec<_> = dom.elements("p").collect();
        assert_eq!(ps.len(), 3);
        assert_eq!(dom.parent(ps[1]), Some(0));
        let lis: Vec<_> = dom.elements("li").collect();
        assert_eq!(dom.parent(lis[0]), dom.parent(lis[1]));
    }

    #[test]
    fn scripts_and_comments_are_dropped_json_ld_is_kept() {
        let dom = Dom::parse(
            "<script>var a = '<p>no</p>';</script><!-- <p>no</p> --><script type=\"application/ld+json\">{\"a\":1}</script><p>yes</p>",
        );
        assert_eq!(texts(&dom), vec!["{\"a\":1}".to_string(), "yes".to_string()]);
    }

    #[test]
    fn entities() {
        let mut s = String::new();
        decode_entities_into("&ldquo;Hi&rdquo; &#8212; &#x27;x&#39; &eacute; &unknown; & &nbsp;&#150;", &mut s);
        assert_eq!(s, "“Hi” — 'x' é &unknown; & \u{a0}–");
    }

    #[test]
    fn deep_nesting_is_capped_not_recursive() {
        let html = "<div>".repeat(10_000) + "deep" + &"</div>".repeat(10_000);
        let dom = Dom::parse(&html);
        assert_eq!(dom.text_content(0), "deep");
        let mut depth = 0;
        let mut cur = dom.descendants(0).find(|&n| dom.text(n).is_some());
        while let Some(n) = cur {
            depth += 1;
            cur = dom.parent(n);
        }
        assert!(depth <= MAX_DEPTH + 2);
    }

    #[test]
    fn unterminated_constructs_do_not_panic() {
        for s in ["<", "<a", "<a href='x", "</", "<!--", "<script>", "&#", "&#x;", "<p a=\"", "<![CDATA[x", "<?xml"] {
            let _ = Dom::parse(s);
        }
    }
}
#[cfg(test)]
mod head_tests {
    #[test]
    fn body_is_not_inside_head() {
        for html in [
            "<html><head><title>t</title></head><body><p>x</p></body></html>",
            "<html><head><title>t</title><body><p>x</p>",
        ] {
            let dom = super::Dom::parse(html);
            let p = dom.elements("p").next().unwrap();
            assert!(!dom.has_ancestor(p, &["head"]), "{html}");
        }
    }
}
