//! Property tests: no page or text makes extraction panic, the parsed tree is a tree, and what
//! extraction returns is well formed (trimmed, non-empty paragraphs; documents whose spans hold;
//! publication dates that are real ISO dates).

use chrono::NaiveDate;
use herald_extract::dom::{Dom, NodeData, MAX_DEPTH};
use herald_extract::{extract_html, extract_text, normalise_published, Article, ExtractStage};
use herald_model::{ContentKind, DocId, InputMeta, Locator, Origin, ParagraphKind, RawArticle};
use herald_pipeline::Stage as _;
use proptest::prelude::*;

/// Pieces that, strung together, make HTML-like soup: tags opened and closed out of order, raw
/// text elements, entities cut short, comments, quotes, attributes, non-ASCII.
const HTML_ALPHABET: &[&str] = &[
    "<",
    ">",
    "/",
    "p",
    "div",
    "script",
    "&amp;",
    "&#",
    "=",
    "\"",
    "'",
    "<!--",
    "-->",
    "br",
    " ",
    "a",
    "é",
    "<p>",
    "</p>",
    "<div>",
    "</div>",
    "<br>",
    "<script>",
    "</script>",
    "<a href=",
    "\n",
    "x",
    "1",
    ";",
    "&#x",
    "<![CDATA[",
    "]]>",
    "<title>",
    "</title>",
    "<meta ",
    "<article>",
    "</article>",
    "<li>",
    "<table>",
    "<td>",
    "<style>",
    "<!",
    "?",
    "\u{a0}",
];

fn html_soup() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(HTML_ALPHABET), 0..300).prop_map(|v| v.concat())
}

/// Soup plus runs of ordinary words, so that some inputs hold enough text to be an article.
fn html_with_words() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => prop::sample::select(HTML_ALPHABET).prop_map(str::to_string),
        1 => "[A-Za-z]{1,10}( [A-Za-z,.]{1,10}){0,30}",
        1 => Just("The minister said on Monday that the talks would go on, and that a deal was close. ".to_string()),
    ];
    prop::collection::vec(piece, 0..200).prop_map(|v| v.concat())
}

/// Every node but the root has exactly one parent that lists it once, parents come before their
/// children (ids grow downwards), every node is reachable from the root, text nodes have no
/// children, and nesting never goes deeper than the cap.
fn check_tree(dom: &Dom) -> Result<(), TestCaseError> {
    let n = dom.nodes.len();
    prop_assert!(n >= 1);
    prop_assert!(matches!(dom.nodes[0].data, NodeData::Document));
    prop_assert_eq!(dom.nodes[0].parent, None);
    let mut listed = vec![0u32; n];
    for (id, node) in dom.nodes.iter().enumerate() {
        if id != 0 {
            let parent = node.parent;
            prop_assert!(parent.is_some(), "node {} has no parent", id);
            let parent = parent.unwrap();
            prop_assert!(parent < id, "node {} has parent {} after it", id, parent);
            prop_assert!(dom.children(parent).contains(&id), "node {} is not among its parent's children", id);
            prop_assert!(!matches!(dom.nodes[parent].data, NodeData::Text(_)), "node {} hangs below a text", id);
        }
        if matches!(node.data, NodeData::Text(_)) {
            prop_assert!(node.children.is_empty(), "text node {} has children", id);
        }
        for &child in &node.children {
            prop_assert!(child < n, "child {} of {} out of range", child, id);
            prop_assert_eq!(dom.nodes[child].parent, Some(id), "child {} of {} names another parent", child, id);
            listed[child] += 1;
        }
    }
    prop_assert_eq!(listed[0], 0);
    for (id, &times) in listed.iter().enumerate().skip(1) {
        prop_assert_eq!(times, 1, "node {} is listed {} times", id, times);
    }
    // Reachability, without recursion.
    let mut seen = vec![false; n];
    let mut stack = vec![(0usize, 0usize)];
    while let Some((id, depth)) = stack.pop() {
        prop_assert!(!seen[id], "node {} reached twice", id);
        seen[id] = true;
        prop_assert!(depth <= MAX_DEPTH, "node {} at depth {}", id, depth);
        stack.extend(dom.children(id).iter().map(|&c| (c, depth + 1)));
    }
    prop_assert!(seen.iter().all(|&s| s), "unreachable nodes");
    // The iterator agrees with the arena.
    prop_assert_eq!(dom.descendants(0).count(), n - 1);
    Ok(())
}

fn check_paragraphs(a: &Article) -> Result<(), TestCaseError> {
    for (kind, text) in &a.paragraphs {
        prop_assert!(!text.is_empty(), "empty {:?} paragraph in {:?}", kind, a.paragraphs);
        prop_assert!(!text.starts_with(char::is_whitespace), "{:?} starts with whitespace", text);
        prop_assert!(!text.ends_with(char::is_whitespace), "{:?} ends with whitespace", text);
    }
    if let Some((value, _, _)) = &a.date {
        prop_assert!(
            value.len() >= 10 && NaiveDate::parse_from_str(&value[..10], "%Y-%m-%d").is_ok(),
            "date {}",
            value
        );
    }
    Ok(())
}

fn raw(kind: ContentKind, content: String, meta: InputMeta) -> RawArticle {
    RawArticle {
        id: DocId::of_bytes(content.as_bytes()),
        origin: Origin { input: "prop".into(), locator: Locator::Line(1) },
        kind,
        content,
        encoding: "utf-8".into(),
        meta,
    }
}

fn input_meta() -> impl Strategy<Value = InputMeta> {
    (
        prop::option::of("\\PC{0,30}"),
        prop::option::of(prop_oneof!["\\PC{0,30}", "20[0-9]{2}-[01][0-9]-[0-3][0-9]"]),
        prop::option::of("\\PC{0,20}"),
    )
        .prop_map(|(title, published, source)| InputMeta { title, published, source, ..InputMeta::default() })
}

fn check_document(stage: &ExtractStage, raw: RawArticle) -> Result<(), TestCaseError> {
    let input_title = raw.meta.title.clone();
    match stage.run(raw) {
        Ok(doc) => {
            prop_assert!(doc.check_invariants().is_ok(), "{:?}", doc.check_invariants());
            prop_assert!(doc.body().next().is_some(), "a document without body");
            for p in &doc.paragraphs {
                let t = doc.paragraph_text(p);
                prop_assert!(!t.is_empty() && t.trim() == t, "paragraph {:?}", t);
            }
            // Paragraphs are separated by exactly one blank line.
            for w in doc.paragraphs.windows(2) {
                prop_assert_eq!(&doc.text[w[0].end..w[1].start], "\n\n");
            }
            if let (Some(first), Some(last)) = (doc.paragraphs.first(), doc.paragraphs.last()) {
                prop_assert_eq!(first.start, 0);
                prop_assert_eq!(last.end, doc.text.len());
            }
            if let Some(d) = &doc.dct {
                prop_assert!(NaiveDate::parse_from_str(d.date(), "%Y-%m-%d").is_ok(), "dct {:?}", d);
            }
            if input_title.as_deref().is_some_and(|t| !t.trim().is_empty()) {
                prop_assert_eq!(doc.paragraphs[0].kind, ParagraphKind::Headline);
            }
        }
        Err(rejection) => {
            prop_assert_eq!(rejection.reason, "no-article-text");
            prop_assert_eq!(rejection.origin.input, "prop");
        }
    }
    Ok(())
}

proptest! {
    #[test]
    fn dom_of_any_string_is_a_tree(s in "\\PC{0,400}") {
        check_tree(&Dom::parse(&s))?;
    }

    #[test]
    fn dom_of_html_soup_is_a_tree(s in html_soup()) {
        check_tree(&Dom::parse(&s))?;
    }

    #[test]
    fn dom_of_deep_nesting_is_a_tree(depth in 0usize..2000, open in prop::sample::select(&["<div>", "<p>", "<b>", "<li>", "<table><tr><td>"][..])) {
        let html = format!("{}text{}", open.repeat(depth), "</div>".repeat(depth / 2));
        check_tree(&Dom::parse(&html))?;
    }

    #[test]
    fn extract_html_of_any_string_is_well_formed(s in "\\PC{0,400}") {
        check_paragraphs(&extract_html(&s, None))?;
    }

    #[test]
    fn extract_html_of_soup_is_well_formed(s in html_with_words(), url in prop::option::of("https?://[a-z]{1,8}\\.example/(20[0-9]{2}/[01][0-9]/[0-3][0-9]/)?[a-z-]{0,20}")) {
        let a = extract_html(&s, url.as_deref());
        check_paragraphs(&a)?;
        if let Some(t) = &a.title {
            prop_assert_eq!(a.paragraphs.first(), Some(&(ParagraphKind::Headline, t.clone())));
        }
    }

    #[test]
    fn extract_text_of_any_string_is_well_formed(s in "\\PC{0,400}") {
        check_paragraphs(&extract_text(&s))?;
    }

    #[test]
    fn extract_text_of_lines_is_well_formed(lines in prop::collection::vec(prop_oneof![
        "\\PC{0,60}",
        Just("RELATED: Another story".to_string()),
        Just("Jane Doe/AP".to_string()),
        Just("You've read 3 of 5 free articles. Subscribe to continue.".to_string()),
        Just("May 6, 2013 -- The minister spoke.".to_string()),
        Just(" \u{a0}\t".to_string()),
        // Lines of zero-width spaces only are left out: see `zero_width_only_lines_make_no_paragraph`.
        Just("\u{200b}x\u{feff}".to_string()),
    ], 0..20)) {
        let a = extract_text(&lines.join("\n"));
        check_paragraphs(&a)?;
        if let Some((first, _)) = a.paragraphs.first() {
            prop_assert_eq!(*first, ParagraphKind::Headline);
        }
    }

    #[test]
    fn extract_stage_documents_hold_their_invariants(
        content in prop_oneof![html_with_words(), "\\PC{0,400}", html_soup()],
        html in any::<bool>(),
        meta in input_meta(),
        default_day in prop::option::of(0u32..20000),
        source in prop::option::of("[A-Za-z ]{0,12}"),
    ) {
        let stage = ExtractStage {
            source,
            default_date: default_day.map(|d| NaiveDate::from_ymd_opt(1990, 1, 1).unwrap() + chrono::Days::new(d.into())),
        };
        let kind = if html { ContentKind::Html } else { ContentKind::Text };
        check_document(&stage, raw(kind, content, meta))?;
    }

    #[test]
    fn normalise_published_gives_an_iso_date_or_nothing(s in prop_oneof![
        "\\PC{0,40}",
        "[0-9]{4}-[0-9]{2}-[0-9]{2}",
        "[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]{1,9})?)?(Z|[+-][0-9]{2}:?[0-9]{2})?",
        "(Mon|Tue|Sun), [0-9]{1,2} (Jan|May|Dec) [0-9]{2,4} [0-9]{2}:[0-9]{2}(:[0-9]{2})? (GMT|UT|EST|[+-][0-9]{4})",
        "(January|May|Sep|Dec) [0-9]{1,2}, [0-9]{4}",
        "[0-9]{1,2} (March|Jun|Nov) [0-9]{4}",
        "[0-9]{8}",
        "[0-9]{4}/[0-9]{2}/[0-9]{2}",
    ]) {
        if let Some(v) = normalise_published(&s) {
            prop_assert!(v.len() >= 10, "{:?} -> {:?}", s, v);
            let day = NaiveDate::parse_from_str(&v[..10], "%Y-%m-%d");
            prop_assert!(day.is_ok(), "{:?} -> {:?}", s, v);
            prop_assert_eq!(&day.unwrap().to_string(), &v[..10], "not zero-padded: {:?} -> {:?}", s, v);
            // Either a bare date or a UTC time to the second.
            if v.len() > 10 {
                prop_assert!(chrono::DateTime::parse_from_rfc3339(&v).is_ok() && v.ends_with('Z') && v.len() == 20, "{:?} -> {:?}", s, v);
            }
            // Stable: normalising the output gives it back.
            let again = normalise_published(&v);
            prop_assert_eq!(again.as_deref(), Some(v.as_str()));
        }
    }
}

#[test]
fn zero_width_only_lines_make_no_paragraph() {
    // Lines that hold nothing but zero-width spaces or byte-order marks collapse to nothing.
    let a = extract_text("Title\n\u{200b}\nBody line of the article.\n\u{feff}\u{200b}");
    assert!(a.paragraphs.iter().all(|(_, t)| !t.is_empty()), "{:?}", a.paragraphs);
    // Such a line before the headline must not take the headline's place.
    let a = extract_text("\u{200b}\nKerry heads to Moscow\nMay 6, 2013 -- The foreign minister left for the capital.");
    assert_eq!(a.title.as_deref(), Some("Kerry heads to Moscow"));
    assert_eq!(a.paragraphs[0], (ParagraphKind::Headline, "Kerry heads to Moscow".to_string()));
}

#[test]
fn a_page_nested_ten_thousand_levels_deep_parses_and_extracts() {
    let html = format!(
        "<html><body>{}<p>Deep text of the article, long enough to be read.</p></body></html>",
        "<div>".repeat(10_000)
    );
    let dom = Dom::parse(&html);
    check_tree(&dom).unwrap();
    let a = extract_html(&html, None);
    assert!(a.body_text().contains("Deep text of the article"), "{:?}", a.paragraphs);
}
