//! The web UI: server-rendered pages over the same data as the API (`data.rs`), no script.
//! Home (counts, latest documents, most reported events), documents, one document (its text with
//! mentions linked to their entities, boilerplate shown apart, its entities and events with
//! evidence), entities, one entity (aliases, codes by date, events as source and target,
//! co-mentioned entities, links to relations), events (a filter form and a table with evidence),
//! relations (two actors, the monthly chart inline, the events behind each bucket); stories
//! (home lists the latest and the biggest; a story page has its multi-source summary with
//! citations, its storyline's timeline, its source articles and its coded events) and storylines;
//! search (a form with the filters, ranked articles and stories with their matches marked).
//!
//! Links go document → entity → relations. Every datum is written through `html::esc` (text)
//! or `html::url` (link components).

use crate::api::{
    doc_query, event_query, path_key, relations_query, search_query, story_query, EVENT_PARAMS, SEARCH_PARAMS,
    STORY_PARAMS,
};
use crate::data::{self, DEFAULT_LIMIT, MAX_LIMIT, MAX_SCAN_OFFSET};
use crate::error::ApiError;
use crate::html::{esc, link, respond, url};
use crate::params::{Params, ENTITY_TYPES};
use crate::{blocking, blocking_heavy, Shared};
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use herald_model::ParagraphKind;
use herald_store::{ClusterSummary, EventActor, EventRecord};
use std::fmt::Write as _;

/// Adds the pages to `r`.
pub fn add(r: Router<Shared>) -> Router<Shared> {
    r.route("/", get(home))
        .route("/documents", get(documents))
        .route("/documents/{id}", get(document))
        .route("/entities", get(entities))
        .route("/entities/{id}", get(entity))
        .route("/events", get(events))
        .route("/relations", get(relations))
        .route("/stories", get(stories))
        .route("/stories/{id}", get(story))
        .route("/storylines", get(storylines))
        .route("/search", get(search))
}

/// An error shown as a page with its status.
struct PageError(ApiError);

impl From<ApiError> for PageError {
    fn from(e: ApiError) -> Self {
        PageError(e)
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let title = self.0.status.canonical_reason().unwrap_or("Error");
        let body = format!(
            "<h1>{}</h1><p class=\"err\">{}</p><p><a href=\"/\">Home</a></p>",
            esc(title),
            esc(&self.0.message)
        );
        respond(self.0.status, title, &body)
    }
}

type PageResult = Result<Response, PageError>;

fn ok(title: &str, body: &str) -> PageResult {
    Ok(respond(StatusCode::OK, title, body))
}

fn doc_href(id: &str) -> String {
    format!("/documents/{}", url(id))
}

fn entity_href(id: &str) -> String {
    format!("/entities/{}", url(id))
}

fn relations_href(a: &str, b: &str) -> String {
    format!("/relations?a={}&b={}", url(a), url(b))
}

/// A page's "previous / next" links, keeping the other parameters.
fn pager(base: &str, keep: &[(&str, Option<String>)], limit: usize, offset: usize, next: Option<usize>) -> String {
    let mut q = String::new();
    for (k, v) in keep {
        if let Some(v) = v {
            let _ = write!(q, "{k}={}&", url(v));
        }
    }
    let mut s = String::from("<p class=\"pager\">");
    if offset > 0 {
        let prev = offset.saturating_sub(limit);
        s.push_str(&link(&format!("{base}?{q}limit={limit}&offset={prev}"), "← previous"));
    }
    if let Some(n) = next {
        s.push_str(&link(&format!("{base}?{q}limit={limit}&offset={n}"), "next →"));
    }
    s.push_str("</p>");
    s
}

fn opt(s: &Option<String>) -> &str {
    s.as_deref().unwrap_or("")
}

/// One side of an event: its name linked to the entity when it is one, and its code.
fn actor_html(a: &Option<EventActor>) -> String {
    match a {
        None => "<span class=\"muted\">—</span>".to_string(),
        Some(a) => {
            let name = match &a.entity {
                Some(id) => link(&entity_href(id), &a.text),
                None => esc(&a.text),
            };
            format!("{name} <span class=\"muted\">{}</span>", esc(&a.code))
        }
    }
}

/// The sentence of a report with its evidence marked.
fn evidence_html(sentence: &str, evidence: &str) -> String {
    match (!evidence.is_empty()).then(|| sentence.find(evidence)).flatten() {
        Some(i) => format!(
            "{}<mark class=\"ev\">{}</mark>{}",
            esc(&sentence[..i]),
            esc(evidence),
            esc(&sentence[i + evidence.len()..])
        ),
        None => esc(sentence),
    }
}

/// A table of events with their first report's evidence.
fn events_table(events: &[EventRecord]) -> String {
    if events.is_empty() {
        return "<p class=\"muted\">No events.</p>".to_string();
    }
    let mut s = String::from(
        "<table><tr><th>day</th><th>source</th><th>action</th><th>target</th><th>place</th>\
         <th class=\"num\">Goldstein</th><th class=\"num\">articles</th><th>evidence</th></tr>",
    );
    for e in events {
        let flags = e.flags.names().join(", ");
        let place = e.place.as_ref().map(|p| p.name.as_str()).unwrap_or("");
        let evidence = match e.reports.first() {
            Some(r) => format!(
                "{} <span class=\"muted\">— {}</span>",
                evidence_html(&r.sentence_text, &r.evidence),
                link(&doc_href(data::doc_key(&r.doc)), r.outlet.as_deref().or(r.title.as_deref()).unwrap_or("article"))
            ),
            None => String::new(),
        };
        let dyad = match (&e.source, &e.target) {
            (Some(s), Some(t)) => format!(" {}", link(&relations_href(&s.code, &t.code), "relations")),
            _ => String::new(),
        };
        let _ = write!(
            s,
            "<tr><td>{}</td><td>{}</td><td>{} <span class=\"muted\">{}</span>{}{}</td><td>{}</td><td>{}</td>\
             <td class=\"num\">{:.1}</td><td class=\"num\">{}</td><td>{}</td></tr>",
            esc(opt(&e.day)),
            actor_html(&e.source),
            esc(&e.cameo_name),
            esc(&e.cameo),
            if flags.is_empty() { String::new() } else { format!(" <span class=\"flag\">{}</span>", esc(&flags)) },
            dyad,
            actor_html(&e.target),
            esc(place),
            e.goldstein,
            e.num_articles,
            evidence
        );
    }
    s.push_str("</table>");
    s
}

fn docs_table(docs: &[herald_store::DocSummary]) -> String {
    if docs.is_empty() {
        return "<p class=\"muted\">No documents.</p>".to_string();
    }
    let mut s =
        String::from("<table><tr><th>date</th><th>title</th><th>source</th><th class=\"num\">characters</th></tr>");
    for d in docs {
        let title = d.title.as_deref().unwrap_or("(untitled)");
        let _ = write!(
            s,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td></tr>",
            esc(d.dct.as_ref().map(|d| d.date()).unwrap_or("")),
            link(&doc_href(data::doc_key(&d.id)), title),
            esc(opt(&d.source)),
            d.body_chars
        );
    }
    s.push_str("</table>");
    s
}

async fn home(State(app): State<Shared>, RawQuery(raw): RawQuery) -> PageResult {
    Params::parse(raw.as_deref(), &[])?;
    let (status, docs, top, latest, biggest) = blocking(&app, |s| {
        let status = s.status()?;
        let docs = s.documents(&herald_store::DocQuery { limit: 15, ..Default::default() })?;
        let top = data::most_reported(s, 500, 15)?;
        let latest = s.clusters(&herald_store::ClusterQuery { limit: 10, ..Default::default() })?;
        let biggest = data::biggest_stories(s, 500, 10)?;
        Ok((status, docs, top, latest, biggest))
    })
    .await?;
    let mut b = String::from("<h1>herald</h1>");
    let _ = write!(
        b,
        "<p>{} documents · {} entities · {} events · {} rejected inputs · last ingest {}</p>",
        status.documents,
        status.entities,
        status.events,
        status.rejected,
        esc(status.last_ingest.as_deref().unwrap_or("never"))
    );
    b.push_str("<h2>Latest stories</h2>");
    b.push_str(&stories_table(&latest));
    b.push_str("<h2>Biggest stories</h2><p class=\"muted\">Among the 500 latest stories, most articles first.</p>");
    b.push_str(&stories_table(&biggest));
    let _ = write!(b, "<p>{} · {}</p>", link("/stories", "All stories"), link("/storylines", "Storylines"));
    b.push_str("<h2>Latest documents</h2>");
    b.push_str(&docs_table(&docs));
    b.push_str("<p>");
    b.push_str(&link("/documents", "All documents"));
    b.push_str(
        "</p><h2>Most reported events</h2><p class=\"muted\">Among the 500 latest events, most articles first.</p>",
    );
    b.push_str(&events_table(&top));
    ok("Home", &b)
}

async fn documents(State(app): State<Shared>, RawQuery(raw): RawQuery) -> PageResult {
    let q = Params::parse(raw.as_deref(), &["source", "from", "to", "limit", "offset"])?;
    let dq = doc_query(&q)?;
    let keep = [("source", dq.source.clone()), ("from", dq.from.clone()), ("to", dq.to.clone())];
    let page = blocking(&app, move |s| Ok(data::documents(s, dq)?)).await?;
    let mut b = String::from("<h1>Documents</h1><form method=\"get\" action=\"/documents\">");
    let _ = write!(
        b,
        "source <input name=\"source\" value=\"{}\"> from <input name=\"from\" size=\"10\" value=\"{}\"> \
         to <input name=\"to\" size=\"10\" value=\"{}\"> <button>Show</button></form>",
        esc(q.get("source").unwrap_or("")),
        esc(q.get("from").unwrap_or("")),
        esc(q.get("to").unwrap_or(""))
    );
    b.push_str(&docs_table(&page.items));
    b.push_str(&pager("/documents", &keep, page.limit, page.offset, page.next_offset));
    ok("Documents", &b)
}

/// A paragraph's text with the mentions inside it linked to their entities.
fn linked_text(text: &str, start: usize, end: usize, mentions: &[herald_model::Mention]) -> String {
    let Some(para) = text.get(start..end) else { return String::new() };
    let mut out = String::with_capacity(para.len() + 64);
    let mut at = start;
    for m in mentions.iter().filter(|m| m.start >= start && m.end <= end && m.start < m.end) {
        if m.start < at {
            continue;
        }
        let (Some(before), Some(name)) = (text.get(at..m.start), text.get(m.start..m.end)) else { continue };
        out.push_str(&esc(before));
        out.push_str(&link(&entity_href(&m.entity), name));
        at = m.end;
    }
    out.push_str(&esc(text.get(at..end).unwrap_or("")));
    out
}

async fn document(
    State(app): State<Shared>,
    p: Result<Path<String>, PathRejection>,
    RawQuery(raw): RawQuery,
) -> PageResult {
    Params::parse(raw.as_deref(), &[])?;
    let key = path_key(p)?;
    let k = key.clone();
    let Some(v) = blocking(&app, move |s| Ok(data::document(s, &k)?)).await? else {
        return Err(ApiError::not_found(format!("No document has the id or external id {key:?}.")).into());
    };
    let d = &v.document;
    let title = d.title.as_deref().unwrap_or("(untitled)");
    let mut b = format!("<h1>{}</h1><p class=\"muted\">", esc(title));
    for (label, value) in [
        ("published", d.dct.as_ref().map(|x| x.value.clone())),
        ("source", d.source.clone()),
        ("site", d.site.clone()),
        ("author", d.author.clone()),
        ("language", d.language.clone()),
        ("external id", d.external_id.clone()),
    ] {
        if let Some(value) = value {
            let _ = write!(b, "{} {} · ", esc(label), esc(&value));
        }
    }
    let _ = write!(b, "id {}", esc(d.id.short()));
    if let Some(u) = &d.url {
        // Only web links are made clickable; anything else is shown as text.
        if u.starts_with("https://") || u.starts_with("http://") {
            let _ = write!(b, " · <a href=\"{}\" rel=\"noopener noreferrer\">original</a>", esc(u));
        } else {
            let _ = write!(b, " · {}", esc(u));
        }
    }
    b.push_str("</p>");
    let mut boiler = String::new();
    for p in &d.paragraphs {
        match p.kind {
            ParagraphKind::Body | ParagraphKind::Headline => {
                let tag = if p.kind == ParagraphKind::Headline { "h3" } else { "p" };
                let _ = write!(b, "<{tag}>{}</{tag}>", linked_text(&d.text, p.start, p.end, &v.mentions));
            }
            kind => {
                let _ = write!(
                    boiler,
                    "<p><span class=\"kind\">{}</span> {}</p>",
                    esc(kind.as_str()),
                    esc(d.text.get(p.start..p.end).unwrap_or(""))
                );
            }
        }
    }
    if !boiler.is_empty() {
        let _ = write!(b, "<h2>Removed as boilerplate</h2><div class=\"boiler\">{boiler}</div>");
    }
    b.push_str("<h2>Entities</h2>");
    if v.entities.is_empty() {
        b.push_str("<p class=\"muted\">None found.</p>");
    } else {
        b.push_str("<table><tr><th>entity</th><th>type</th><th>codes</th><th class=\"num\">mentions here</th></tr>");
        for e in &v.entities {
            let codes: Vec<String> = e.codes.iter().map(|c| esc(c)).collect();
            let _ = write!(
                b,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td></tr>",
                link(&entity_href(&e.id), &e.name),
                esc(e.kind.as_str()),
                codes.join(", "),
                e.mentions
            );
        }
        b.push_str("</table>");
    }
    b.push_str("<h2>Events</h2>");
    b.push_str(&events_table(&v.events));
    ok(title, &b)
}

async fn entities(State(app): State<Shared>, RawQuery(raw): RawQuery) -> PageResult {
    let q = Params::parse(raw.as_deref(), &["type", "limit", "offset"])?;
    let (kind, limit, offset) =
        (q.entity_type("type")?, q.limit(DEFAULT_LIMIT, MAX_LIMIT)?, q.offset(MAX_SCAN_OFFSET)?);
    let page = blocking(&app, move |s| Ok(data::entities(s, kind, limit, offset)?)).await?;
    let mut b = String::from("<h1>Entities</h1><form method=\"get\" action=\"/entities\">type <select name=\"type\"><option value=\"\">any</option>");
    for t in ENTITY_TYPES {
        let sel = if Some(t) == kind { " selected" } else { "" };
        let _ = write!(b, "<option{sel}>{}</option>", esc(t.as_str()));
    }
    b.push_str("</select> <button>Show</button></form>");
    if page.items.is_empty() {
        b.push_str("<p class=\"muted\">No entities.</p>");
    } else {
        b.push_str("<table><tr><th>name</th><th>type</th><th class=\"num\">articles</th><th class=\"num\">mentions</th><th>also called</th></tr>");
        for e in &page.items {
            let aliases: Vec<String> = e.aliases.iter().map(|a| esc(&a.alias)).collect();
            let _ = write!(
                b,
                "<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
                link(&entity_href(&e.id), &e.name),
                esc(e.kind.as_str()),
                e.articles,
                e.mentions,
                aliases.join(", ")
            );
        }
        b.push_str("</table>");
    }
    let keep = [("type", kind.map(|k| k.as_str().to_string()))];
    b.push_str(&pager("/entities", &keep, page.limit, page.offset, page.next_offset));
    ok("Entities", &b)
}

async fn entity(
    State(app): State<Shared>,
    p: Result<Path<String>, PathRejection>,
    RawQuery(raw): RawQuery,
) -> PageResult {
    let q = Params::parse(raw.as_deref(), &["limit"])?;
    let limit = q.limit(20, MAX_LIMIT)?;
    let id = path_key(p)?;
    let i = id.clone();
    let Some(v) = blocking(&app, move |s| Ok(data::entity(s, &i, limit)?)).await? else {
        return Err(ApiError::not_found(format!("No entity has the id {id:?}.")).into());
    };
    let r = &v.detail.record;
    let mut b = format!(
        "<h1>{}</h1><p class=\"muted\">{} · {} articles · {} mentions · id {}</p>",
        esc(&r.name),
        esc(r.kind.as_str()),
        r.article_count,
        r.mention_count,
        esc(&r.id)
    );
    if let Some(place) = &r.place {
        if let Ok(text) = serde_json::to_string(place) {
            let _ = write!(b, "<p class=\"muted\">place {}</p>", esc(&text));
        }
    }
    b.push_str("<h2>Also called</h2>");
    if r.aliases.is_empty() {
        b.push_str("<p class=\"muted\">No other names.</p>");
    } else {
        let aliases: Vec<String> = r.aliases.iter().map(|a| format!("{} ({})", esc(&a.alias), a.articles)).collect();
        let _ = write!(b, "<p>{}</p>", aliases.join(", "));
    }
    b.push_str("<h2>Actor codes</h2>");
    if r.codes.is_empty() {
        b.push_str("<p class=\"muted\">No actor code.</p>");
    } else {
        b.push_str("<table><tr><th>code</th><th>first</th><th>last</th><th class=\"num\">articles</th><th></th></tr>");
        for c in &r.codes {
            let _ = write!(
                b,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td>{} · {}</td></tr>",
                esc(&c.code),
                esc(opt(&c.first)),
                esc(opt(&c.last)),
                c.articles,
                link(&format!("/events?actor={}", url(&c.code)), "events"),
                link(&format!("/relations?a={}", url(&c.code)), "relations with…")
            );
        }
        b.push_str("</table>");
    }
    b.push_str("<h2>Events as source</h2>");
    b.push_str(&events_table(&v.events_as_source));
    b.push_str("<h2>Events as target</h2>");
    b.push_str(&events_table(&v.events_as_target));
    b.push_str("<h2>Mentioned with</h2>");
    if v.detail.co_mentioned.is_empty() {
        b.push_str("<p class=\"muted\">No other entity.</p>");
    } else {
        let others: Vec<String> = v
            .detail
            .co_mentioned
            .iter()
            .map(|c| format!("{} <span class=\"muted\">({})</span>", link(&entity_href(&c.id), &c.name), c.articles))
            .collect();
        let _ = write!(b, "<p>{}</p>", others.join(" · "));
    }
    b.push_str("<h2>Articles</h2><table><tr><th>date</th><th>title</th><th>called</th><th>code</th><th class=\"num\">mentions</th></tr>");
    for a in &r.articles {
        let _ = write!(
            b,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td></tr>",
            esc(opt(&a.day)),
            link(&doc_href(data::doc_key(&a.doc)), a.title.as_deref().unwrap_or("(untitled)")),
            esc(&a.name),
            esc(opt(&a.code)),
            a.mentions
        );
    }
    b.push_str("</table>");
    ok(&r.name, &b)
}

async fn events(State(app): State<Shared>, RawQuery(raw): RawQuery) -> PageResult {
    let q = Params::parse(raw.as_deref(), &EVENT_PARAMS)?;
    let eq = event_query(&q)?;
    let (limit, offset) = (q.limit(DEFAULT_LIMIT, MAX_LIMIT)?, q.offset(MAX_SCAN_OFFSET)?);
    let dyad_text = eq.dyad.as_ref().map(|(a, b)| format!("{a},{b}"));
    let keep = [
        ("actor", eq.actor.clone()),
        ("dyad", dyad_text.clone()),
        ("directed", eq.directed.then(|| "true".to_string())),
        ("code", eq.code.clone()),
        ("from", eq.from.clone()),
        ("to", eq.to.clone()),
    ];
    let directed = eq.directed && eq.dyad.is_some();
    let eq = herald_store::EventQuery { directed, ..eq };
    let form_values = eq.clone();
    let page = blocking(&app, move |s| Ok(data::events(s, eq, limit, offset)?)).await?;
    let mut b = String::from("<h1>Events</h1><form method=\"get\" action=\"/events\">");
    let _ = write!(
        b,
        "actor <input name=\"actor\" size=\"8\" value=\"{}\"> dyad <input name=\"dyad\" size=\"10\" placeholder=\"USA,RUS\" value=\"{}\"> \
         <label><input type=\"checkbox\" name=\"directed\"{}> directed</label> \
         CAMEO <input name=\"code\" size=\"4\" value=\"{}\"> from <input name=\"from\" size=\"10\" value=\"{}\"> \
         to <input name=\"to\" size=\"10\" value=\"{}\"> <button>Show</button></form>",
        esc(opt(&form_values.actor)),
        esc(opt(&dyad_text)),
        if directed { " checked" } else { "" },
        esc(opt(&form_values.code)),
        esc(opt(&form_values.from)),
        esc(opt(&form_values.to))
    );
    b.push_str(&events_table(&page.items));
    b.push_str(&pager("/events", &keep, page.limit, page.offset, page.next_offset));
    ok("Events", &b)
}

async fn relations(State(app): State<Shared>, RawQuery(raw): RawQuery) -> PageResult {
    let q = Params::parse(raw.as_deref(), &["a", "b", "by", "directed"])?;
    let asked = relations_query(&q)?;
    let (a, b_code) = (q.actor("a")?, q.actor("b")?);
    let by = q.choice("by", &["day", "week", "month"], "month")?;
    let directed = q.flag("directed")?;
    let mut b = String::from("<h1>Relations</h1><form method=\"get\" action=\"/relations\">");
    let _ = write!(
        b,
        "actor A <input name=\"a\" size=\"8\" placeholder=\"USA\" value=\"{}\"> actor B <input name=\"b\" size=\"8\" \
         placeholder=\"RUS\" value=\"{}\"> per <select name=\"by\">",
        esc(opt(&a)),
        esc(opt(&b_code))
    );
    for choice in ["month", "week", "day"] {
        let sel = if choice == by { " selected" } else { "" };
        let _ = write!(b, "<option{sel}>{choice}</option>");
    }
    let _ = write!(
        b,
        "</select> <label><input type=\"checkbox\" name=\"directed\"{}> only A → B</label> <button>Show</button></form>",
        if directed { " checked" } else { "" }
    );
    let Some((a, bb, by, directed)) = asked else {
        b.push_str("<p>Give two actor codes (country codes such as USA and RUS, or longer ones such as RUSGOV).</p>");
        return ok("Relations", &b);
    };
    let (a2, b2) = (a.clone(), bb.clone());
    let v = blocking_heavy(&app, move |s| Ok(data::relations_view(s, &a2, &b2, by, directed)?)).await?;
    let counted: u32 = v.rel.rows.iter().map(|r| r.total()).sum();
    if counted == 0 {
        let _ = write!(b, "<p>No dated events between {} and {}.</p>", esc(&a), esc(&bb));
        return ok("Relations", &b);
    }
    let svg = herald_stories::relations::to_svg(&v.rel, &data::relations_title(&v));
    // Inline: the XML declaration is for standalone files only.
    let svg = svg.split_once("?>").map_or(svg.as_str(), |(_, rest)| rest).trim_start();
    b.push_str(svg);
    let _ = write!(
        b,
        "<p class=\"muted\">{counted} events in {} buckets; {} undated; {} with a bad QuadClass or Goldstein value; {} earlier buckets cut{}.</p>",
        v.rel.rows.len(),
        v.undated,
        v.rel.skipped,
        v.rel.truncated,
        if v.capped { "; only the latest events were read" } else { "" }
    );
    b.push_str("<h2>Events behind each point</h2>");
    let by_name = data::bucket_name(by);
    for row in v.rel.rows.iter().rev().filter(|r| r.total() > 0) {
        let in_bucket: Vec<&EventRecord> =
            v.events.iter().filter(|e| v.bucket_of(e).as_deref() == Some(row.label.as_str())).collect();
        let (from, to) = match by_name {
            "week" => (herald_stories::format_day(row.start_day), herald_stories::format_day(row.start_day + 6)),
            _ => (row.label.clone(), row.label.clone()),
        };
        let all = format!(
            "/events?dyad={}%2C{}{}&from={}&to={}",
            url(&a),
            url(&bb),
            if directed { "&directed=true" } else { "" },
            url(&from),
            url(&to)
        );
        let _ = write!(
            b,
            "<h3>{} <span class=\"muted\">{} events, mean Goldstein {}</span></h3>",
            esc(&row.label),
            row.total(),
            row.mean_goldstein.map(|g| format!("{g:.1}")).unwrap_or_default()
        );
        let shown: Vec<EventRecord> = in_bucket.iter().take(10).map(|e| (*e).clone()).collect();
        b.push_str(&events_table(&shown));
        if in_bucket.len() > shown.len() {
            let _ = write!(b, "<p>{}</p>", link(&all, &format!("all {} events of {}", in_bucket.len(), row.label)));
        }
    }
    ok("Relations", &b)
}

fn story_href(id: &str) -> String {
    format!("/stories/{}", url(id))
}

fn stories_table(stories: &[ClusterSummary]) -> String {
    if stories.is_empty() {
        return "<p class=\"muted\">No stories yet.</p>".to_string();
    }
    let mut s = String::from(
        "<table><tr><th>dates</th><th>headline</th><th class=\"num\">articles</th><th class=\"num\">outlets</th><th>storyline</th></tr>",
    );
    for c in stories {
        let storyline = match &c.storyline {
            Some(id) => link(&format!("/stories?storyline={}", url(id)), "timeline"),
            None => String::new(),
        };
        let _ = write!(
            s,
            "<tr><td>{}</td><td>{}<br><span class=\"muted\">{}</span></td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
            esc(&c.span),
            link(&story_href(&c.id), &c.headline),
            esc(&c.line),
            c.size,
            c.sources,
            storyline
        );
    }
    s.push_str("</table>");
    s
}

async fn stories(State(app): State<Shared>, RawQuery(raw): RawQuery) -> PageResult {
    let q = Params::parse(raw.as_deref(), &STORY_PARAMS)?;
    let cq = story_query(&q)?;
    let (limit, offset) = (q.limit(DEFAULT_LIMIT, MAX_LIMIT)?, q.offset(MAX_SCAN_OFFSET)?);
    let keep = [("from", cq.from.clone()), ("to", cq.to.clone()), ("storyline", cq.storyline.clone())];
    let in_storyline = cq.storyline.is_some();
    let page = blocking(&app, move |s| Ok(data::stories(s, cq, limit, offset)?)).await?;
    let mut b = String::from(if in_storyline { "<h1>A storyline's timeline</h1>" } else { "<h1>Stories</h1>" });
    let _ = write!(
        b,
        "<form method=\"get\" action=\"/stories\">from <input name=\"from\" size=\"10\" value=\"{}\"> to <input name=\"to\" \
         size=\"10\" value=\"{}\"> <button>Show</button></form>",
        esc(q.get("from").unwrap_or("")),
        esc(q.get("to").unwrap_or(""))
    );
    b.push_str(&stories_table(&page.items));
    b.push_str(&pager("/stories", &keep, page.limit, page.offset, page.next_offset));
    ok("Stories", &b)
}

async fn story(
    State(app): State<Shared>,
    p: Result<Path<String>, PathRejection>,
    RawQuery(raw): RawQuery,
) -> PageResult {
    let q = Params::parse(raw.as_deref(), &["limit"])?;
    let limit = q.limit(DEFAULT_LIMIT, MAX_LIMIT)?;
    let key = path_key(p)?;
    let k = key.clone();
    let Some(v) = blocking(&app, move |s| Ok(data::story(s, &k, limit)?)).await? else {
        return Err(ApiError::not_found(format!("No story has the id or a member document {key:?}.")).into());
    };
    let c = &v.detail.cluster;
    let mut b = format!(
        "<h1>{}</h1><p class=\"muted\">{} · {} ({} near-duplicate{}) · {}</p>",
        esc(&c.headline),
        esc(&c.span),
        count(c.size, "article"),
        c.duplicates,
        if c.duplicates == 1 { "" } else { "s" },
        count(c.sources, "outlet")
    );
    // The summary, each sentence cited to its article by number.
    let mut cited: Vec<&herald_model::DocId> = Vec::new();
    b.push_str("<h2>Summary</h2>");
    if v.detail.summary.is_empty() {
        b.push_str("<p class=\"muted\">No summary.</p>");
    } else {
        b.push_str("<p>");
        for line in &v.detail.summary {
            let n = match cited.iter().position(|d| **d == line.doc) {
                Some(i) => i + 1,
                None => {
                    cited.push(&line.doc);
                    cited.len()
                }
            };
            let _ = write!(
                b,
                "{} <sup>{}</sup> ",
                esc(&line.text),
                link(&doc_href(data::doc_key(&line.doc)), &format!("[{n}]"))
            );
        }
        b.push_str("</p><ol class=\"muted\">");
        for d in &cited {
            let m = v.detail.members.iter().find(|m| m.doc == **d);
            let title = m.and_then(|m| m.title.as_deref()).unwrap_or("(untitled)");
            let outlet = m.and_then(|m| m.source.as_deref()).unwrap_or("");
            let _ = write!(b, "<li>{} {}</li>", link(&doc_href(data::doc_key(d)), title), esc(outlet));
        }
        b.push_str("</ol>");
    }
    if v.timeline.len() > 1 {
        b.push_str("<h2>Timeline of its storyline</h2><table><tr><th>dates</th><th>story</th></tr>");
        for t in &v.timeline {
            let name =
                if t.id == c.id { format!("<b>{}</b>", esc(&t.line)) } else { link(&story_href(&t.id), &t.line) };
            let _ = write!(b, "<tr><td>{}</td><td>{}</td></tr>", esc(&t.span), name);
        }
        b.push_str("</table>");
    }
    // Each entity once, by its canonical name.
    let mut named: Vec<(&str, String)> = Vec::new();
    for a in &v.actors {
        if let (Some(id), Some(name)) = (a.entity.as_deref(), a.entity_name.as_deref()) {
            if !named.iter().any(|(seen, _)| *seen == id) {
                named.push((id, link(&entity_href(id), name)));
            }
        }
    }
    let named: Vec<String> = named.into_iter().map(|(_, l)| l).collect();
    if !named.is_empty() {
        let _ = write!(b, "<h2>Who</h2><p>{}</p>", named.join(" · "));
    }
    b.push_str("<h2>Source articles</h2><p class=\"muted\">Each article's page shows the boilerplate that was removed apart from its text.</p>");
    b.push_str("<table><tr><th>date</th><th>title</th><th>source</th><th></th></tr>");
    for m in &v.detail.members {
        let note = match &m.duplicate_of {
            Some(d) => format!("near-duplicate of {}", link(&doc_href(data::doc_key(d)), d.short())),
            None => String::new(),
        };
        let _ = write!(
            b,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(opt(&m.dct)),
            link(&doc_href(data::doc_key(&m.doc)), m.title.as_deref().unwrap_or("(untitled)")),
            esc(opt(&m.source)),
            note
        );
    }
    b.push_str("</table><h2>Coded events</h2>");
    if v.detail.events.is_empty() {
        b.push_str("<p class=\"muted\">No events.</p>");
    } else {
        b.push_str(
            "<table><tr><th>day</th><th>source</th><th>action</th><th>target</th><th class=\"num\">Goldstein</th>\
             <th class=\"num\">articles</th><th></th></tr>",
        );
        for e in &v.detail.events {
            let side = |name: &Option<String>, code: &Option<String>| {
                let entity = v.actors.iter().find(|a| Some(&a.name) == name.as_ref()).and_then(|a| a.entity.as_deref());
                let shown = match entity {
                    Some(id) => link(&entity_href(id), opt(name)),
                    None => esc(opt(name)),
                };
                format!("{shown} <span class=\"muted\">{}</span>", esc(opt(code)))
            };
            let more = match (&e.source_code, &e.target_code) {
                (Some(s), Some(t)) => format!(
                    "{} · {}",
                    link(&relations_href(s, t), "relations"),
                    link(&format!("/events?dyad={}%2C{}&code={}", url(s), url(t), url(&e.cameo)), "evidence")
                ),
                _ => String::new(),
            };
            let _ = write!(
                b,
                "<tr><td>{}</td><td>{}</td><td>{} <span class=\"muted\">{}</span></td><td>{}</td><td class=\"num\">{:.1}</td>\
                 <td class=\"num\">{}</td><td>{}</td></tr>",
                esc(opt(&e.day)),
                side(&e.source, &e.source_code),
                esc(&e.cameo_name),
                esc(&e.cameo),
                side(&e.target, &e.target_code),
                e.goldstein,
                e.articles,
                more
            );
        }
        b.push_str("</table>");
    }
    ok(&c.headline, &b)
}

async fn storylines(State(app): State<Shared>, RawQuery(raw): RawQuery) -> PageResult {
    let q = Params::parse(raw.as_deref(), &["limit", "offset"])?;
    let (limit, offset) = (q.limit(20, MAX_LIMIT)?, q.offset(MAX_SCAN_OFFSET)?);
    let page = blocking(&app, move |s| Ok(data::storylines(s, limit, offset, 10)?)).await?;
    let mut b = String::from("<h1>Storylines</h1>");
    if page.items.is_empty() {
        b.push_str("<p class=\"muted\">No storylines yet.</p>");
    }
    for sl in &page.items {
        let _ = write!(b, "<h2>{} – {}</h2>", esc(opt(&sl.first_day)), esc(opt(&sl.last_day)));
        b.push_str(&stories_table(&sl.clusters));
        let _ = write!(b, "<p>{}</p>", link(&format!("/stories?storyline={}", url(&sl.id)), "whole timeline"));
    }
    b.push_str(&pager("/storylines", &[], page.limit, page.offset, page.next_offset));
    ok("Storylines", &b)
}

/// A snippet with its matches in `<mark>`: every piece is escaped, and the marks come from the
/// pieces' flags, never from the text.
fn snippet_html(parts: &[herald_store::SnippetPart]) -> String {
    let mut s = String::new();
    for p in parts {
        if p.hit {
            let _ = write!(s, "<mark>{}</mark>", esc(&p.text));
        } else {
            s.push_str(&esc(&p.text));
        }
    }
    s
}

const SEARCH_HELP: &str = "<p class=\"muted\">Every word is required (case and accents do not matter); \
    <code>\"a phrase\"</code> in double quotes; <code>sanction*</code> for any word that begins so. Quotes, dashes \
    and other signs only separate words. Filters narrow the articles; a story shows when one of its articles \
    passes them. Only the latest matches are ranked (the articles stored last, the stories opened last): add \
    words or filters to reach older ones.</p>";

async fn search(State(app): State<Shared>, RawQuery(raw): RawQuery) -> PageResult {
    let q = Params::parse(raw.as_deref(), &SEARCH_PARAMS)?;
    let value = |k: &str| esc(q.get(k).unwrap_or(""));
    let scope = q.get("in").unwrap_or("all");
    let option = |v: &str, label: &str| {
        format!("<option value=\"{v}\"{}>{label}</option>", if scope == v { " selected" } else { "" })
    };
    let mut b = String::from("<h1>Search</h1><form method=\"get\" action=\"/search\">");
    let _ = write!(
        b,
        "<input name=\"q\" size=\"40\" value=\"{}\" placeholder=\"sanctions &quot;Sergei Lavrov&quot;\" autofocus> \
         in <select name=\"in\">{}{}{}</select> <button>Search</button><br>\
         actor <input name=\"actor\" size=\"8\" value=\"{}\"> dyad <input name=\"dyad\" size=\"10\" placeholder=\"USA,RUS\" \
         value=\"{}\"> <label><input type=\"checkbox\" name=\"directed\"{}> directed</label> \
         CAMEO <input name=\"code\" size=\"4\" value=\"{}\"> entity <input name=\"entity\" size=\"14\" value=\"{}\"> \
         source <input name=\"source\" size=\"10\" value=\"{}\"> from <input name=\"from\" size=\"10\" value=\"{}\"> \
         to <input name=\"to\" size=\"10\" value=\"{}\"></form>",
        value("q"),
        option("all", "articles and stories"),
        option("documents", "articles"),
        option("stories", "stories"),
        value("actor"),
        value("dyad"),
        if q.flag("directed").unwrap_or(false) { " checked" } else { "" },
        value("code"),
        value("entity"),
        value("source"),
        value("from"),
        value("to"),
    );
    let sq = match search_query(&q) {
        Ok(Some(sq)) => sq,
        Ok(None) => {
            b.push_str(SEARCH_HELP);
            return ok("Search", &b);
        }
        Err(e) => {
            let _ = write!(b, "<p class=\"err\">{}</p>{SEARCH_HELP}", esc(&e.message));
            return Ok(respond(e.status, "Search", &b));
        }
    };
    let keep: Vec<(&str, Option<String>)> =
        ["q", "in", "actor", "dyad", "directed", "code", "entity", "source", "from", "to"]
            .iter()
            .map(|k| (*k, q.text(k)))
            .collect();
    let title = format!("Search: {}", sq.text);
    let page = match blocking_heavy(&app, move |s| Ok(data::search(s, sq)?)).await {
        Ok(page) => page,
        Err(e) if e.status == StatusCode::BAD_REQUEST => {
            let _ = write!(b, "<p class=\"err\">{}</p>{SEARCH_HELP}", esc(&e.message));
            return Ok(respond(e.status, &title, &b));
        }
        Err(e) => return Err(e.into()),
    };
    if page.items.is_empty() {
        b.push_str("<p class=\"muted\">Nothing matches.</p>");
        b.push_str(SEARCH_HELP);
        return ok(&title, &b);
    }
    let _ = write!(
        b,
        "<p class=\"muted\">Hits {}–{}, best first (ranked among the latest {} matches at most).</p><ol class=\"hits\" start=\"{}\">",
        page.offset + 1,
        page.offset + page.items.len(),
        herald_store::search::SEARCH_WINDOW,
        page.offset + 1
    );
    for hit in &page.items {
        match hit {
            herald_store::SearchHit::Document(d) => {
                let name = d
                    .title
                    .clone()
                    .unwrap_or_else(|| d.external_id.clone().unwrap_or_else(|| d.id.short().to_string()));
                let _ = write!(
                    b,
                    "<li><span class=\"kind\">article</span> {} <span class=\"muted\">{} · {}</span><br>{}</li>",
                    link(&doc_href(&d.id.0), &name),
                    esc(opt(&d.day)),
                    esc(opt(&d.source)),
                    snippet_html(&d.snippet)
                );
            }
            herald_store::SearchHit::Story(st) => {
                let days = match (&st.first_day, &st.last_day) {
                    (Some(a), Some(z)) if a != z => format!("{a} – {z}"),
                    (Some(a), _) | (None, Some(a)) => a.clone(),
                    (None, None) => String::new(),
                };
                let _ = write!(
                    b,
                    "<li><span class=\"kind\">story</span> {} <span class=\"muted\">{} · {} article{}</span><br>{}</li>",
                    link(&story_href(&st.cluster), &st.headline),
                    esc(&days),
                    st.size,
                    if st.size == 1 { "" } else { "s" },
                    snippet_html(&st.snippet)
                );
            }
        }
    }
    b.push_str("</ol>");
    b.push_str(&pager("/search", &keep, page.limit, page.offset, page.next_offset));
    ok(&title, &b)
}

/// "1 article", "2 articles".
fn count(n: impl Into<u64>, noun: &str) -> String {
    let n = n.into();
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}
