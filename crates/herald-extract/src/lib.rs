//! Turns a page or a plain-text article into an article: its paragraphs, each with a kind (body,
//! headline, caption, credit, quote box, related link, subscription appeal, other boilerplate), and
//! its metadata (title, publication date, author, site, language). Nothing is thrown away:
//! boilerplate is kept and marked, so later stages read only the body while the UI can still show
//! what was removed.
//!
//! [`extract_html`] and [`extract_text`] are pure functions of their input; [`ExtractStage`] wraps
//! them as a pipeline stage that also settles the publication date (DCT) from the best evidence:
//! the input's own metadata, then the page's, then a dateline, then `--date`, else unknown.

pub mod body;
pub mod dom;
pub mod kinds;
pub mod meta;
pub mod plain;
pub mod published;

use chrono::NaiveDate;
use herald_model::{ContentKind, Dct, DctSource, Document, ParagraphKind, RawArticle, Rejected, Stage};
pub use published::normalise_published;

/// What extraction finds in one page or text.
#[derive(Debug, Clone, PartialEq)]
pub struct Article {
    pub title: Option<String>,
    pub author: Option<String>,
    pub site: Option<String>,
    /// ISO 639-1 code of the body's language.
    pub language: Option<String>,
    /// The publication date the content itself states, with where it came from.
    pub date: Option<(String, DctSource, &'static str)>,
    /// All paragraphs in reading order, headline first.
    pub paragraphs: Vec<(ParagraphKind, String)>,
}

impl Article {
    /// The body paragraphs joined by blank lines.
    pub fn body_text(&self) -> String {
        let body: Vec<&str> =
            self.paragraphs.iter().filter(|(k, _)| *k == ParagraphKind::Body).map(|(_, t)| t.as_str()).collect();
        body.join("\n\n")
    }
}

/// Extracts the article of an HTML page. `url` helps with dates in paths and the site name.
pub fn extract_html(html: &str, url: Option<&str>) -> Article {
    let dom = dom::Dom::parse(html);
    let meta = meta::extract_meta(&dom, url);
    let blocks = body::extract_blocks(&dom, meta.title.as_deref(), meta.author.as_deref());
    let mut paragraphs = Vec::with_capacity(blocks.len() + 1);
    if let Some(t) = &meta.title {
        paragraphs.push((ParagraphKind::Headline, t.clone()));
    }
    // The title is already the headline: a copy of it inside the article adds nothing.
    paragraphs.extend(blocks.into_iter().filter(|b| b.kind != ParagraphKind::Headline).map(|b| (b.kind, b.text)));
    let mut date = meta.date.map(|d| (d.value, DctSource::Page, d.evidence));
    if date.is_none() {
        date = dateline_of(&paragraphs);
    }
    let language = language_of(&paragraphs).or(meta.language);
    Article { title: meta.title, author: meta.author, site: meta.site, language, date, paragraphs }
}

/// Extracts the article of a plain text: the first non-empty line is the headline.
pub fn extract_text(text: &str) -> Article {
    extract_text_titled(text, None)
}

/// Extracts the article of a plain text whose input may carry its title separately (a JSONL
/// `title` beside `text`, a feed item's title): then the first line is the headline only when it
/// repeats that title, and otherwise the text's first paragraph.
pub fn extract_text_titled(text: &str, title: Option<&str>) -> Article {
    let first_is_headline = match title.filter(|t| !t.trim().is_empty()) {
        None => true,
        Some(t) => text
            .lines()
            .map(body::collapse_ws)
            .find(|l| !l.is_empty())
            .is_some_and(|first| kinds::same_words(t, &first)),
    };
    let paragraphs = plain::classify(text, first_is_headline);
    let title = paragraphs.iter().find(|(k, _)| *k == ParagraphKind::Headline).map(|(_, t)| t.clone());
    let date = dateline_of(&paragraphs);
    let language = language_of(&paragraphs);
    Article { title, author: None, site: None, language, date, paragraphs }
}

fn dateline_of(paragraphs: &[(ParagraphKind, String)]) -> Option<(String, DctSource, &'static str)> {
    let body = paragraphs.iter().filter(|(k, _)| *k == ParagraphKind::Body).map(|(_, t)| t.as_str());
    plain::find_dateline(body).map(|d| (d.to_string(), DctSource::Dateline, "dateline"))
}

fn language_of(paragraphs: &[(ParagraphKind, String)]) -> Option<String> {
    let mut sample = String::new();
    for (_, t) in paragraphs.iter().filter(|(k, _)| *k == ParagraphKind::Body) {
        sample.push_str(t);
        sample.push('\n');
        if sample.len() > 4096 {
            break;
        }
    }
    herald_text::detect_language(&sample).map(str::to_string)
}

/// The extraction stage: a [`RawArticle`] from any input becomes a [`Document`].
#[derive(Debug, Clone, Default)]
pub struct ExtractStage {
    /// `--source`: the outlet name for every document of the run, over what inputs say.
    pub source: Option<String>,
    /// `--date`: the publication date to use when neither the input nor the content states one.
    pub default_date: Option<NaiveDate>,
}

impl herald_pipeline::Stage for ExtractStage {
    type Input = RawArticle;
    type Output = Document;

    fn name(&self) -> &'static str {
        "extract"
    }

    fn run(&self, raw: RawArticle) -> Result<Document, Rejected> {
        let article = match raw.kind {
            ContentKind::Html => extract_html(&raw.content, raw.meta.url.as_deref()),
            ContentKind::Text => extract_text_titled(&raw.content, raw.meta.title.as_deref()),
        };
        if !article.paragraphs.iter().any(|(k, _)| *k == ParagraphKind::Body) {
            return Err(Rejected {
                origin: raw.origin,
                stage: Stage::Extract,
                reason: "no-article-text".into(),
                detail: format!(
                    "no article text found in {} characters of {}; if this page does hold an article, report it with the file",
                    raw.content.len(),
                    if raw.kind == ContentKind::Html { "HTML" } else { "text" }
                ),
            });
        }
        let dct = self.choose_dct(&raw, &article);
        let mut paragraphs = article.paragraphs;
        // An input title (JSONL, feed) stands for the headline when the content has none.
        if let Some(t) = raw.meta.title.as_deref().filter(|t| !t.trim().is_empty()) {
            if !paragraphs.iter().any(|(k, _)| *k == ParagraphKind::Headline) {
                paragraphs.insert(0, (ParagraphKind::Headline, t.trim().to_string()));
            }
        }
        let (text, paragraphs) = Document::assemble(paragraphs);
        let mut meta = raw.meta.extra;
        meta.insert("encoding".into(), raw.encoding.into());
        if let Some(d) = &dct {
            if let Some((_, _, evidence)) = article.date.as_ref().filter(|(_, s, _)| *s == d.source) {
                meta.insert("dct_evidence".into(), (*evidence).into());
            }
        }
        Ok(Document {
            id: raw.id,
            origin: raw.origin,
            external_id: raw.meta.external_id,
            url: raw.meta.url,
            source: self.source.clone().or(raw.meta.source).or_else(|| article.site.clone()),
            title: raw.meta.title.or(article.title),
            author: raw.meta.author.or(article.author),
            site: article.site,
            language: article.language,
            dct,
            text,
            paragraphs,
            meta,
        })
    }
}

impl ExtractStage {
    fn choose_dct(&self, raw: &RawArticle, article: &Article) -> Option<Dct> {
        if let Some(v) = raw.meta.published.as_deref().and_then(normalise_published) {
            return Some(Dct { value: v, source: DctSource::Input });
        }
        if let Some((v, source, _)) = &article.date {
            return Some(Dct { value: v.clone(), source: *source });
        }
        self.default_date.map(|d| Dct { value: d.to_string(), source: DctSource::CommandLine })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use herald_model::{DocId, InputMeta, Origin};
    use herald_pipeline::Stage as _;

    fn raw(kind: ContentKind, content: &str, meta: InputMeta) -> RawArticle {
        RawArticle {
            id: DocId::of_bytes(content.as_bytes()),
            origin: Origin::whole("test"),
            kind,
            content: content.into(),
            encoding: "utf-8".into(),
            meta,
        }
    }

    const TEXT: &str = "Kerry to visit Moscow\nMay 6, 2013 -- The foreign minister flew to the capital for talks.\nRELATED: Another story\nHe will meet Putin on Tuesday.";

    #[test]
    fn dct_prefers_input_then_content_then_command_line() {
        let stage = ExtractStage { source: None, default_date: NaiveDate::from_ymd_opt(2020, 1, 1) };
        let doc = stage.run(raw(ContentKind::Text, TEXT, InputMeta::default())).unwrap();
        assert_eq!(doc.dct, Some(Dct { value: "2013-05-06".into(), source: DctSource::Dateline }));
        let with_input = InputMeta { published: Some("2013-05-07T10:00:00Z".into()), ..Default::default() };
        let doc = stage.run(raw(ContentKind::Text, TEXT, with_input)).unwrap();
        assert_eq!(doc.dct.unwrap().source, DctSource::Input);
        let undated = "Title\nA body line without any date in it.";
        let doc = stage.run(raw(ContentKind::Text, undated, InputMeta::default())).unwrap();
        assert_eq!(doc.dct, Some(Dct { value: "2020-01-01".into(), source: DctSource::CommandLine }));
        let doc = ExtractStage::default().run(raw(ContentKind::Text, undated, InputMeta::default())).unwrap();
        assert_eq!(doc.dct, None, "no evidence: unknown, never invented");
    }

    #[test]
    fn text_documents_keep_every_paragraph_with_its_kind() {
        let doc = ExtractStage::default().run(raw(ContentKind::Text, TEXT, InputMeta::default())).unwrap();
        doc.check_invariants().unwrap();
        let kinds: Vec<_> = doc.paragraphs.iter().map(|p| p.kind).collect();
        assert_eq!(
            kinds,
            vec![ParagraphKind::Headline, ParagraphKind::Body, ParagraphKind::RelatedLink, ParagraphKind::Body]
        );
        assert_eq!(doc.title.as_deref(), Some("Kerry to visit Moscow"));
    }

    #[test]
    fn pages_without_text_are_rejected_with_a_reason() {
        let err = ExtractStage::default()
            .run(raw(ContentKind::Html, "<html><body><nav>Home</nav></body></html>", InputMeta::default()))
            .unwrap_err();
        assert_eq!(err.reason, "no-article-text");
        assert_eq!(err.stage, Stage::Extract);
    }
}
