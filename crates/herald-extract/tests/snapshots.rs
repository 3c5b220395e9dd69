//! Snapshots of what extraction makes of three hand-written pages: every paragraph with its kind,
//! and the page's title, date, author, site and language. A change in any of them shows up as a
//! snapshot diff to be looked at, not as a silent shift in the figures.

use herald_extract::extract_html;
use serde_json::{json, Value};
use std::path::Path;

fn extracted(fixture: &str, url: Option<&str>) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(fixture);
    let html = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let a = extract_html(&html, url);
    json!({
        "title": a.title,
        "date": a.date.as_ref().map(|(value, source, evidence)| json!({
            "value": value,
            "source": source.as_str(),
            "evidence": evidence,
        })),
        "author": a.author,
        "site": a.site,
        "language": a.language,
        "paragraphs": a.paragraphs.iter().map(|(kind, text)| json!([kind.as_str(), text])).collect::<Vec<_>>(),
    })
}

/// A news article with navigation, a header, a photo with caption and credit, a list of related
/// stories, a newsletter box, comments and a footer around it.
#[test]
fn news_article_with_furniture() {
    insta::assert_json_snapshot!(extracted(
        "news_article.html",
        Some("https://harbourgazette.example/business/2022/03/15/port-strike-second-day")
    ));
}

/// An article cut into three chunks by advertisement slots, with a sidebar of most-read stories.
#[test]
fn article_split_by_ads() {
    insta::assert_json_snapshot!(extracted("ad_chunks.html", None));
}

/// A blog post whose paragraphs are separated by `<br><br>` rather than `<p>`.
#[test]
fn blog_post_with_br_paragraphs() {
    insta::assert_json_snapshot!(extracted("blog_br.html", None));
}
