//! RSS 2.0, RSS 1.0 and Atom feeds (parsed with feed-rs): one record per item, its full content
//! when the feed carries it, else its summary or description.

use crate::charset;
use crate::error::IngestError;
use crate::payload;
use feed_rs::model::{Entry, Feed};
use herald_model::{ContentKind, DocId, InputMeta, Locator, Origin, RawArticle, Rejected};
use std::borrow::Cow;
use std::collections::HashMap;
use std::panic::AssertUnwindSafe;

/// Reads the items of a feed that has been read whole.
pub(crate) struct FeedReader {
    input: String,
    /// Each remaining item with its locator id (its id, made unique within the feed).
    items: std::vec::IntoIter<(String, Entry)>,
    source: Option<String>,
    encoding: String,
    failure: Option<IngestError>,
    last_item: Option<String>,
    finished: bool,
}

impl FeedReader {
    /// Parses `bytes` (or takes the error that kept them from being read) and skips the items up
    /// to and including `resume_after`, when that item is in the feed.
    pub(crate) fn new(input: String, bytes: Result<Vec<u8>, IngestError>, resume_after: Option<&str>) -> Self {
        let mut reader = FeedReader {
            input,
            items: Vec::new().into_iter(),
            source: None,
            encoding: String::new(),
            failure: None,
            last_item: resume_after.map(str::to_string),
            finished: false,
        };
        match bytes.and_then(|bytes| parse(&bytes)) {
            Ok((feed, encoding)) => {
                reader.source = feed.title.as_ref().map(|t| t.content.clone()).filter(|t| !t.is_empty());
                reader.encoding = encoding;
                let mut items = with_unique_ids(feed.entries);
                if let Some(last) = resume_after {
                    if let Some(position) = items.iter().position(|(id, _)| id == last) {
                        items.drain(..=position);
                    }
                }
                reader.items = items.into_iter();
            }
            Err(error) => reader.failure = Some(error),
        }
        reader
    }

    pub(crate) fn last_item(&self) -> Option<&str> {
        self.last_item.as_deref()
    }

    pub(crate) fn finished(&self) -> bool {
        self.finished
    }

    pub(crate) fn next_record(&mut self) -> Option<Result<RawArticle, Rejected>> {
        if let Some(error) = self.failure.take() {
            self.finished = true;
            return Some(Err(error.reject(Origin::whole(self.input.clone()))));
        }
        let Some((id, entry)) = self.items.next() else {
            self.finished = true;
            return None;
        };
        if self.items.len() == 0 {
            self.finished = true;
        }
        self.last_item = Some(id.clone());
        Some(self.record(id, entry))
    }

    fn record(&self, id: String, entry: Entry) -> Result<RawArticle, Rejected> {
        let origin = Origin { input: self.input.clone(), locator: Locator::Item(id.clone()) };
        let body = entry
            .content
            .as_ref()
            .and_then(|c| c.body.as_ref().map(|body| (body.clone(), c.content_type.to_string())))
            .filter(|(body, _)| !body.trim().is_empty())
            .or_else(|| entry.summary.as_ref().map(|s| (s.content.clone(), s.content_type.to_string())))
            .filter(|(body, _)| !body.trim().is_empty());
        let Some((content, media_type)) = body else {
            let message = format!("feed item `{id}` has neither content nor a summary or description");
            return Err(IngestError::MissingContent(message).reject(origin));
        };
        payload::check_bytes(content.as_bytes()).map_err(|error| error.reject(origin.clone()))?;
        let kind = if media_type.starts_with("text/plain") { ContentKind::Text } else { ContentKind::Html };
        let mut identity = Vec::with_capacity(self.input.len() + id.len() + content.len() + 2);
        identity.extend_from_slice(self.input.as_bytes());
        identity.push(0);
        identity.extend_from_slice(id.as_bytes());
        identity.push(0);
        identity.extend_from_slice(content.as_bytes());
        let meta = InputMeta {
            external_id: Some(entry.id.clone()).filter(|id| !id.is_empty()),
            url: entry.links.first().map(|link| link.href.clone()),
            title: entry.title.as_ref().map(|t| t.content.clone()).filter(|t| !t.is_empty()),
            published: entry.published.or(entry.updated).map(|date| date.to_rfc3339()),
            source: self.source.clone(),
            author: entry.authors.iter().find_map(|person| person.name.clone()).filter(|name| !name.is_empty()),
            extra: serde_json::Map::new(),
        };
        Ok(RawArticle { id: DocId::of_bytes(&identity), origin, kind, content, encoding: self.encoding.clone(), meta })
    }
}

/// Decodes the feed's bytes (BOM, XML prolog, detection) and parses the UTF-8 result.
fn parse(bytes: &[u8]) -> Result<(Feed, String), IngestError> {
    payload::check_bytes(bytes)?;
    let declared = charset::xml_declared_encoding(bytes);
    let (text, encoding) = charset::decode_with(bytes, declared.as_deref().map(|name| (name, "xml")));
    let xml = without_xml_declarations(&text);
    let parser = feed_rs::parser::Builder::new()
        .id_generator(|links, _title, _base| links.first().map(|link| link.href.clone()).unwrap_or_default())
        .build();
    // feed-rs panics on some inputs (e.g. an e-mail address next to a multi-byte character in an
    // author field, an overlong media time); such a panic rejects the feed instead of the run.
    let parsed = std::panic::catch_unwind(AssertUnwindSafe(|| parser.parse(xml.as_bytes())));
    match parsed {
        Ok(Ok(feed)) => Ok((feed, encoding)),
        Ok(Err(e)) => Err(IngestError::MalformedFeed(e.to_string())),
        Err(panic) => {
            let message = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown error".to_string());
            Err(IngestError::MalformedFeed(format!("the feed parser failed on this input ({message})")))
        }
    }
}

/// Removes the XML declarations (`<?xml …?>`) the XML parser would see, outside comments, CDATA
/// sections and tags. The text is UTF-8 now: a declaration naming another encoding would make the
/// parser decode it a second time (at the start) or panic (anywhere later).
fn without_xml_declarations(xml: &str) -> Cow<'_, str> {
    let bytes = xml.as_bytes();
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut i = 0;
    while let Some(found) = memchr::memchr(b'<', &bytes[i..]) {
        let at = i + found;
        let after = |from: usize, close: &[u8]| {
            memchr::memmem::find(&bytes[from..], close).map_or(bytes.len(), |end| from + end + close.len())
        };
        // Where each construct ends is found no later than the parser finds it, so that no
        // declaration it would see is passed over.
        i = match bytes.get(at + 1..at + 3) {
            Some(b"!-") => after(at + 2, b"-->"),
            Some(b"![") => after(at + 2, b"]]>"),
            Some([b'!', _]) => at + 2,
            Some([b'?', _]) => {
                let end = after(at + 1, b"?>");
                if is_declaration(&bytes[at..end]) {
                    let kept = out.get_or_insert_with(|| String::with_capacity(xml.len()));
                    kept.push_str(&xml[copied..at]);
                    copied = end;
                }
                end
            }
            _ => end_of_tag(bytes, at + 1),
        };
    }
    match out {
        None => Cow::Borrowed(xml),
        Some(mut kept) => {
            kept.push_str(&xml[copied..]);
            Cow::Owned(kept)
        }
    }
}

/// Whether a processing instruction `<?…?>` is an XML declaration (`<?xml?>`, `<?xml …?>`).
fn is_declaration(pi: &[u8]) -> bool {
    if pi.len() < 7 || !pi.ends_with(b"?>") {
        return false;
    }
    let content = &pi[2..pi.len() - 2];
    content.starts_with(b"xml") && content.get(3).is_none_or(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
}

/// The index after the `>` closing a tag whose name starts at `from`; quoted `>` do not close it.
fn end_of_tag(bytes: &[u8], from: usize) -> usize {
    let mut quote = None;
    for (i, &b) in bytes.iter().enumerate().skip(from) {
        match (quote, b) {
            (None, b'>') => return i + 1,
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), _) if q == b => quote = None,
            _ => {}
        }
    }
    bytes.len()
}

/// Pairs each entry with a locator id unique within the feed: its id (guid, or first link),
/// `item-N` when it has neither, with `~N` added to repeats.
fn with_unique_ids(entries: Vec<Entry>) -> Vec<(String, Entry)> {
    let mut seen: HashMap<String, u32> = HashMap::new();
    entries
        .into_iter()
        .enumerate()
        .map(|(index, entry)| {
            let base = if entry.id.trim().is_empty() { format!("item-{}", index + 1) } else { entry.id.clone() };
            let count = seen.entry(base.clone()).or_default();
            *count += 1;
            let id = if *count == 1 { base } else { format!("{base}~{count}") };
            (id, entry)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::read_all;
    use herald_model::{ContentKind, Locator};

    const RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>Example Wire</title>
  <link>https://example.org/</link>
  <item>
    <title>Storm hits coast</title>
    <link>https://example.org/storm</link>
    <guid>https://example.org/storm#1</guid>
    <pubDate>Mon, 06 May 2013 14:30:00 GMT</pubDate>
    <dc:creator>Jane Doe</dc:creator>
    <description>Short teaser.</description>
    <content:encoded><![CDATA[<p>The full <b>story</b> of the storm.</p>]]></content:encoded>
  </item>
  <item>
    <title>Second</title>
    <link>https://example.org/second</link>
    <description>&lt;p&gt;Only a description.&lt;/p&gt;</description>
  </item>
  <item>
    <title>Nothing here</title>
    <guid>empty-1</guid>
  </item>
</channel>
</rss>"#;

    #[test]
    fn rss2_with_content_encoded() {
        let (records, rejected) = read_all("wire.rss", RSS.as_bytes());
        assert_eq!(records.len(), 2);
        let first = &records[0];
        assert_eq!(first.kind, ContentKind::Html);
        assert_eq!(first.content, "<p>The full <b>story</b> of the storm.</p>");
        assert_eq!(first.origin.locator, Locator::Item("https://example.org/storm#1".into()));
        assert_eq!(first.meta.external_id.as_deref(), Some("https://example.org/storm#1"));
        assert_eq!(first.meta.title.as_deref(), Some("Storm hits coast"));
        assert_eq!(first.meta.url.as_deref(), Some("https://example.org/storm"));
        assert_eq!(first.meta.published.as_deref(), Some("2013-05-06T14:30:00+00:00"));
        assert_eq!(first.meta.author.as_deref(), Some("Jane Doe"));
        assert_eq!(first.meta.source.as_deref(), Some("Example Wire"));
        assert_eq!(first.encoding, "utf-8 (xml)");
        let second = &records[1];
        assert_eq!(second.content, "<p>Only a description.</p>");
        assert_eq!(second.origin.locator, Locator::Item("https://example.org/second".into()));
        assert_eq!(rejected.len(), 1);
        assert_eq!(rejected[0].reason, "missing-content");
        assert_eq!(rejected[0].origin.locator, Locator::Item("empty-1".into()));
        // Stable across re-reads, and different for another input name.
        let (again, _) = read_all("wire.rss", RSS.as_bytes());
        assert_eq!(again[0].id, first.id);
        let (elsewhere, _) = read_all("other.rss", RSS.as_bytes());
        assert_ne!(elsewhere[0].id, first.id);
    }

    #[test]
    fn atom_entries() {
        let atom = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Atom News</title>
  <id>urn:feed</id>
  <updated>2024-03-01T00:00:00Z</updated>
  <entry>
    <title>Full</title>
    <id>urn:entry:1</id>
    <link href="https://example.org/1"/>
    <updated>2024-03-01T10:00:00Z</updated>
    <author><name>Ann</name></author>
    <summary>Teaser</summary>
    <content type="html">&lt;p&gt;Full body&lt;/p&gt;</content>
  </entry>
  <entry>
    <title>Plain</title>
    <id>urn:entry:2</id>
    <published>2024-02-29T08:00:00+02:00</published>
    <summary type="text">Just text.</summary>
  </entry>
</feed>"#;
        let (records, rejected) = read_all("news.atom", atom.as_bytes());
        assert!(rejected.is_empty(), "{rejected:?}");
        assert_eq!(records.len(), 2);
        assert_eq!(records[0].content, "<p>Full body</p>");
        assert_eq!(records[0].kind, ContentKind::Html);
        assert_eq!(records[0].meta.published.as_deref(), Some("2024-03-01T10:00:00+00:00"));
        assert_eq!(records[0].meta.author.as_deref(), Some("Ann"));
        assert_eq!(records[0].meta.source.as_deref(), Some("Atom News"));
        assert_eq!(records[1].content, "Just text.");
        assert_eq!(records[1].kind, ContentKind::Text);
        assert_eq!(records[1].meta.published.as_deref(), Some("2024-02-29T06:00:00+00:00"));
    }

    #[test]
    fn rss1_and_latin1_prolog() {
        let rdf = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>
<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns=\"http://purl.org/rss/1.0/\">
  <channel rdf:about=\"https://example.org/\"><title>Le Journal</title><link>https://example.org/</link></channel>
  <item rdf:about=\"https://example.org/a\"><title>Caf\xe9</title><link>https://example.org/a</link>
    <description>Un caf\xe9 cr\xe8me.</description></item>
</rdf:RDF>";
        let (records, rejected) = read_all("journal.xml", rdf);
        assert!(rejected.is_empty(), "{rejected:?}");
        assert_eq!(records.len(), 1);
        assert_eq!(records[0].content, "Un café crème.");
        assert_eq!(records[0].meta.title.as_deref(), Some("Café"));
        assert_eq!(records[0].encoding, "windows-1252 (xml)");
    }

    #[test]
    fn broken_xml_is_one_rejection() {
        let broken = "<rss version=\"2.0\"><channel><title>x</title><item><title>a</titl></item></channel></rss>";
        let (records, rejected) = read_all("broken.rss", broken.as_bytes());
        assert!(records.is_empty());
        assert_eq!(rejected.len(), 1, "{rejected:?}");
        assert_eq!(rejected[0].reason, "malformed-feed");
        assert_eq!(rejected[0].origin.locator, Locator::Whole);
        let (_, rejected) = read_all("not-a-feed.xml", b"<html><body>hi</body></html>");
        assert_eq!(rejected[0].reason, "malformed-feed");
        assert!(rejected[0].detail.contains("no root element"), "{}", rejected[0].detail);
    }

    #[test]
    fn repeated_ids_get_distinct_locators() {
        let rss = r#"<rss version="2.0"><channel><title>t</title>
<item><guid>same</guid><description>one</description></item>
<item><guid>same</guid><description>two</description></item>
<item><description>three</description></item>
</channel></rss>"#;
        let (records, _) = read_all("dup.rss", rss.as_bytes());
        let locators: Vec<_> = records.iter().map(|r| r.origin.locator.clone()).collect();
        assert_eq!(
            locators,
            [Locator::Item("same".into()), Locator::Item("same~2".into()), Locator::Item("item-3".into())]
        );
    }

    #[test]
    fn declarations_after_the_start_are_dropped() {
        let rss = "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>t</title>\
                   <?xml version=\"1.0\" encoding=\"latin1\"?><item><guid>g</guid>\
                   <description><![CDATA[<?xml version=\"1.0\" encoding=\"latin1\"?> kept]]></description></item>\
                   <!-- <?xml encoding=\"koi8-r\"?> --></channel></rss>";
        let (records, rejected) = read_all("d.rss", rss.as_bytes());
        assert!(rejected.is_empty(), "{rejected:?}");
        assert_eq!(records[0].content, "<?xml version=\"1.0\" encoding=\"latin1\"?> kept");
        assert_eq!(
            super::without_xml_declarations("<a b='<?xml x?>'/><?xml?><?xml-stylesheet?>"),
            "<a b='<?xml x?>'/><?xml-stylesheet?>"
        );
    }

    #[test]
    fn a_parser_panic_rejects_the_feed() {
        let rss = "<rss version=\"2.0\"><channel><title>t</title><item><guid>g</guid>\
                   <author>\u{ab}writer@example.org\u{bb}</author><description>x</description></item></channel></rss>";
        let (records, rejected) = read_all("p.rss", rss.as_bytes());
        // Whether feed-rs still panics here or not, the input comes out as records or one rejection.
        assert!(records.len() == 1 || (rejected.len() == 1 && rejected[0].reason == "malformed-feed"));
    }

    #[test]
    fn fuzz_regression_declaration_inside_an_element() {
        // Found by the `feed` fuzz target: quick-xml panicked on a second declaration naming
        // another encoding.
        let atom = r#"<feed xmlns="http://www.w3.org/2005/Atom"><title>N</title><entry><id>e1</id>
<updated><?xml version="1.0" encoding="ISO-8859-1"?></updated><content>Body</content></entry></feed>"#;
        let (records, rejected) = read_all("f.atom", atom.as_bytes());
        assert!(rejected.is_empty(), "{rejected:?}");
        assert_eq!(records[0].content, "Body");
    }
}
