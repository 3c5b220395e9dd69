//! Router tests: every route through `tower::ServiceExt::oneshot` on a store filled here with
//! three articles (two Kerry–Lavrov meetings two years apart, and a criticism in an article whose
//! title and body carry `<script>`), plus bad input of every kind.

use crate::{router, App, Ingest, IngestReport, StorePool};
use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use herald_model::{
    ActorCode, Checkpoint, Dct, DctSource, DocId, Document, Entity, EntityType, Locator, Mention, MentionForm, Origin,
    ParagraphKind, Rejected, Stage,
};
use herald_store::{
    Annotated, AnnotatedDocument, ClusterWrite, DocPlacement, EventActor, EventDate, EventFlags, EventInput,
    SqliteStore, Store, StoryState, StoryUpdate, StorylineWrite, SummaryLine,
};
use serde_json::Value;
use std::sync::{Arc, Mutex};
use tower::ServiceExt;

const SCRIPT: &str = "<script>alert('x')</script>";

fn span(doc: &Document, needle: &str) -> (usize, usize) {
    let at = doc.text.find(needle).unwrap_or_else(|| panic!("{needle:?} not in {:?}", doc.text));
    (at, at + needle.len())
}

fn person(id: &str, name: &str, code: &str) -> Entity {
    Entity {
        id: id.into(),
        name: name.into(),
        kind: EntityType::Person,
        aliases: Vec::new(),
        actor: Some(ActorCode {
            code: code.into(),
            country: Some(code[..3].into()),
            sector: Some(code[3..].into()),
            role: None,
            basis: "text".into(),
        }),
        place: None,
    }
}

fn side(entity: &str, text: &str, code: &str) -> EventActor {
    EventActor {
        entity: Some(entity.into()),
        text: text.into(),
        code: code.into(),
        country: Some(code[..3].into()),
        sector: Some(code[3..].into()),
    }
}

/// An article in which `source` does `cameo` to `target` on `day`; `extra` paragraphs are
/// boilerplate (a photo credit).
#[allow(clippy::too_many_arguments)]
fn article(
    seed: &str,
    title: &str,
    body: &str,
    credit: Option<&str>,
    day: &str,
    outlet: &str,
    (cameo, cameo_name, quad, goldstein): (&str, &str, u8, f32),
    source_first: bool,
) -> AnnotatedDocument {
    let mut parts = vec![(ParagraphKind::Headline, title.to_string()), (ParagraphKind::Body, body.to_string())];
    if let Some(c) = credit {
        parts.push((ParagraphKind::Credit, c.to_string()));
    }
    let (text, paragraphs) = Document::assemble(parts);
    let doc = Document {
        id: DocId::of_bytes(seed.as_bytes()),
        origin: Origin { input: format!("{seed}.txt"), locator: Locator::Whole },
        external_id: Some(format!("ext-{seed}")),
        url: Some(format!("https://example.org/{seed}")),
        source: Some(outlet.into()),
        title: Some(title.into()),
        author: None,
        site: None,
        language: Some("en".into()),
        dct: Some(Dct { value: day.into(), source: DctSource::CommandLine }),
        text,
        paragraphs,
        meta: serde_json::Map::new(),
    };
    let mention = |text: &str, id: &str| {
        let (start, end) = span(&doc, text);
        Mention {
            start,
            end,
            text: text.into(),
            kind: EntityType::Person,
            form: MentionForm::Name,
            name_span: None,
            sentence: 1,
            entity: id.into(),
        }
    };
    let mentions = vec![mention("John Kerry", "kerry"), mention("Sergei Lavrov", "lavrov")];
    let entities = vec![person("kerry", "John Kerry", "USAGOV"), person("lavrov", "Sergei Lavrov", "RUSGOV")];
    let body_p = doc.paragraphs[1];
    let (kerry, lavrov) = (side("kerry", "John Kerry", "USAGOV"), side("lavrov", "Sergei Lavrov", "RUSGOV"));
    let (source, target) = if source_first { (kerry, lavrov) } else { (lavrov, kerry) };
    let event = EventInput {
        sentence: 1,
        sentence_span: (body_p.start, body_p.end),
        source: Some(source),
        target: Some(target),
        cameo: cameo.into(),
        cameo_name: cameo_name.into(),
        plover: None,
        goldstein,
        quad_class: quad,
        date: Some(EventDate { value: day.into(), precision: "day".into(), basis: "dct".into() }),
        place: None,
        evidence: (body_p.start, body_p.end),
        trigger_span: (body_p.start, body_p.start + 1),
        trigger: "met".into(),
        flags: EventFlags::default(),
        confidence: 0.9,
        mentions: 1,
        root: true,
    };
    AnnotatedDocument { doc, annotation: Some(Annotated::Entities { mentions, entities, events: vec![event] }) }
}

fn filled_store() -> SqliteStore {
    let mut store = SqliteStore::in_memory().unwrap();
    let docs = vec![
        article(
            "sochi",
            "Kerry meets Lavrov in Sochi",
            "John Kerry met Sergei Lavrov in Sochi on Tuesday.",
            Some("Photo: Wire staff"),
            "2015-05-12",
            "Wire",
            ("040", "Consult", 1, 1.0),
            true,
        ),
        article(
            "moscow",
            "Kerry in Moscow",
            "John Kerry met Sergei Lavrov in Moscow.",
            None,
            "2013-05-07",
            "Monitor",
            ("040", "Consult", 1, 1.0),
            true,
        ),
        article(
            "script",
            &format!("{SCRIPT} Lavrov criticises Kerry"),
            &format!("Sergei Lavrov criticised John Kerry. {SCRIPT}"),
            Some(&format!("Photo: {SCRIPT}")),
            "2015-06-01",
            "Herald <Tribune>",
            ("111", "Criticize or denounce", 3, -2.0),
            false,
        ),
    ];
    let cp = Checkpoint { input: "test".into(), fingerprint: "f".into(), offset: 0, last_item: None, complete: false };
    let rejected = vec![Rejected {
        origin: Origin::whole("bad.bin"),
        stage: Stage::Decode,
        reason: "binary".into(),
        detail: format!("looks binary {SCRIPT}"),
    }];
    assert_eq!(store.commit_annotated(docs, rejected, &cp).unwrap(), 3);
    store.commit_stories(&stories()).unwrap();
    store
}

fn doc_id(seed: &str) -> DocId {
    DocId::of_bytes(seed.as_bytes())
}

/// Two stories of one storyline: the 2013 Moscow trip, and the 2015 Sochi meeting reported by
/// two articles (one of them the script article).
fn stories() -> StoryUpdate {
    let place = |arrival: u32, doc: &str, cluster: &str| DocPlacement {
        doc: doc_id(doc),
        arrival,
        cluster: doc_id(cluster).0,
        canonical: None,
        opened: doc == cluster,
        score: 0.5,
        flags: Vec::new(),
    };
    let line =
        |doc: &str, text: &str| SummaryLine { doc: doc_id(doc), external_id: None, position: 0, text: text.into() };
    let cluster = |id: &str, days: (&str, &str), size: u32, headline: &str, summary: Vec<SummaryLine>| ClusterWrite {
        id: doc_id(id).0,
        first_day: Some(days.0.into()),
        last_day: Some(days.1.into()),
        size,
        duplicates: 0,
        language: Some("en".into()),
        headline: headline.into(),
        headline_doc: Some(doc_id(id)),
        summary,
        storyline: Some(doc_id("moscow").0),
        span: format!("{} – {}", days.0, days.1),
        line: format!("{headline} ({size} articles)"),
    };
    StoryUpdate {
        expected_last_seq: 0,
        rebuild: false,
        state: Some(StoryState { version: 1, last_seq: 3, snapshot: vec![1, 2, 3] }),
        placements: vec![place(0, "sochi", "sochi"), place(1, "moscow", "moscow"), place(2, "script", "sochi")],
        merged: Vec::new(),
        clusters: vec![
            cluster(
                "sochi",
                ("2015-05-12", "2015-06-01"),
                2,
                "Kerry and Lavrov meet in Sochi",
                vec![
                    line("sochi", "John Kerry met Sergei Lavrov in Sochi on Tuesday."),
                    line("script", &format!("Sergei Lavrov criticised John Kerry. {SCRIPT}")),
                ],
            ),
            cluster(
                "moscow",
                ("2013-05-07", "2013-05-07"),
                1,
                "Kerry in Moscow",
                vec![line("moscow", "John Kerry met Sergei Lavrov in Moscow.")],
            ),
        ],
        storylines: vec![StorylineWrite {
            id: doc_id("moscow").0,
            first_day: Some("2013-05-07".into()),
            last_day: Some("2015-06-01".into()),
            clusters: 2,
        }],
    }
}

fn app() -> App {
    App::new(StorePool::new(vec![Box::new(filled_store())]).unwrap())
}

/// Ingest that records what it was given.
#[derive(Default)]
struct Recorder(Mutex<Vec<Vec<u8>>>);

impl Ingest for Recorder {
    fn ingest(&self, jsonl: &[u8]) -> Result<IngestReport, String> {
        let lines = jsonl.split(|b| *b == b'\n').filter(|l| !l.is_empty()).count() as u64;
        self.0.lock().unwrap().push(jsonl.to_vec());
        Ok(IngestReport { ingested: lines, ..IngestReport::default() })
    }
}

struct Reply {
    status: StatusCode,
    nosniff: String,
    content_type: String,
    body: String,
}

impl Reply {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    fn error_code(&self) -> String {
        self.json()["error"]["code"].as_str().unwrap_or_default().to_string()
    }
}

async fn reply(res: axum::response::Response) -> Reply {
    let status = res.status();
    let header_text =
        |h| res.headers().get(h).and_then(|v: &header::HeaderValue| v.to_str().ok()).unwrap_or("").to_string();
    let (content_type, nosniff) = (header_text(header::CONTENT_TYPE), header_text(header::X_CONTENT_TYPE_OPTIONS));
    let bytes = axum::body::to_bytes(res.into_body(), usize::MAX).await.unwrap();
    Reply { status, nosniff, content_type, body: String::from_utf8_lossy(&bytes).into_owned() }
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap()
}

fn send(app: App, req: Request<Body>) -> Reply {
    runtime().block_on(async move {
        let res = router(app).oneshot(req).await.unwrap();
        reply(res).await
    })
}

fn get(app: App, uri: &str) -> Reply {
    send(app, Request::get(uri).body(Body::empty()).unwrap())
}

/// Several requests on one app (one store).
fn gets(uris: &[&str]) -> Vec<Reply> {
    let router = router(app());
    runtime().block_on(async move {
        let mut out = Vec::new();
        for uri in uris {
            let res = router.clone().oneshot(Request::get(*uri).body(Body::empty()).unwrap()).await.unwrap();
            out.push(reply(res).await);
        }
        out
    })
}

fn id_of(name: &str) -> String {
    let r = get(app(), "/api/entities?limit=200");
    let items = r.json()["items"].as_array().unwrap().clone();
    items.iter().find(|e| e["name"] == name).unwrap_or_else(|| panic!("{name} not in {items:?}"))["id"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn the_openapi_description_names_exactly_the_routes() {
    let doc = crate::openapi::document();
    assert_eq!(doc["openapi"], "3.1.0");
    let paths = doc["paths"].as_object().unwrap();
    let mut described: Vec<(String, String)> = paths
        .iter()
        .flat_map(|(p, ops)| ops.as_object().unwrap().keys().map(move |m| (p.clone(), m.clone())))
        .collect();
    let mut routed: Vec<(String, String)> = crate::api::routes()
        .iter()
        .flat_map(|r| r.methods.iter().map(move |m| (r.path.to_string(), m.to_string())))
        .collect();
    described.sort();
    routed.sort();
    assert_eq!(described, routed);
    // And each described path is really routed, with each of its methods.
    for (path, method) in &routed {
        let uri = path.replace("{id}", "nope");
        let m = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
        let r = send(app(), Request::builder().method(m).uri(&uri).body(Body::empty()).unwrap());
        assert!(r.status != StatusCode::METHOD_NOT_ALLOWED, "{method} {uri}: {}", r.body);
        if r.content_type.starts_with("application/json") && !r.status.is_success() {
            assert_ne!(r.error_code(), "unknown_route", "{method} {uri}");
        }
    }
    // Served as JSON too.
    assert_eq!(get(app(), "/api/openapi.json").json(), doc);
}

#[test]
fn status_counts_what_is_stored() {
    let r = get(app(), "/api/status");
    assert_eq!(r.status, StatusCode::OK);
    let v = r.json();
    assert_eq!(v["documents"], 3);
    assert_eq!(v["rejected"], 1);
    assert_eq!(v["events"], 3, "{v}");
    assert_eq!(v["ingest_enabled"], false);
    assert!(v["last_ingest"].is_string());
}

#[test]
fn documents_are_paged_filtered_and_capped() {
    let r = gets(&[
        "/api/documents?limit=2",
        "/api/documents?limit=2&offset=2",
        "/api/documents?from=2015&to=2015-05",
        "/api/documents?source=Monitor",
        "/api/documents?source=%27%20OR%201%3D1%20--",
        "/api/documents?limit=201",
        "/api/documents?limit=-3",
        "/api/documents?offset=abc",
        "/api/documents?from=2015-02-30",
        "/api/documents?sort=title",
        "/api/documents?limit=1&limit=2",
    ]);
    let first = r[0].json();
    assert_eq!(first["items"].as_array().unwrap().len(), 2);
    assert_eq!(first["next_offset"], 2);
    // Latest first.
    assert_eq!(first["items"][0]["external_id"], "ext-script");
    let second = r[1].json();
    assert_eq!(second["items"].as_array().unwrap().len(), 1);
    assert_eq!(second["next_offset"], Value::Null);
    assert_eq!(second["items"][0]["external_id"], "ext-moscow");
    let may = r[2].json();
    assert_eq!(may["items"].as_array().unwrap().len(), 1);
    assert_eq!(may["items"][0]["external_id"], "ext-sochi");
    assert_eq!(r[3].json()["items"][0]["external_id"], "ext-moscow");
    assert_eq!(r[4].status, StatusCode::OK);
    assert!(r[4].json()["items"].as_array().unwrap().is_empty());
    for bad in &r[5..] {
        assert_eq!(bad.status, StatusCode::BAD_REQUEST, "{}", bad.body);
        assert_eq!(bad.error_code(), "bad_request");
        assert!(!bad.json()["error"]["message"].as_str().unwrap().is_empty());
    }
    assert!(r[5].body.contains("200"), "the message names the cap: {}", r[5].body);
}

#[test]
fn a_document_comes_with_its_entities_and_events() {
    let r = gets(&[
        "/api/documents/ext-sochi",
        &format!("/api/documents/{}", DocId::of_bytes(b"moscow").0),
        &format!("/api/documents/{}", &DocId::of_bytes(b"moscow").0[..8]),
        "/api/documents/ext-nothing",
        "/api/documents/%27%3B%20DROP%20TABLE%20documents%3B%20--",
        "/api/documents/ext-sochi?x=1",
    ]);
    let v = r[0].json();
    assert_eq!(v["document"]["title"], "Kerry meets Lavrov in Sochi");
    assert_eq!(v["mentions"].as_array().unwrap().len(), 2);
    let names: Vec<&str> = v["entities"].as_array().unwrap().iter().map(|e| e["name"].as_str().unwrap()).collect();
    assert_eq!(names.len(), 2);
    assert!(names.contains(&"John Kerry") && names.contains(&"Sergei Lavrov"));
    let events = v["events"].as_array().unwrap();
    assert_eq!(events.len(), 1, "{events:?}");
    assert_eq!(events[0]["cameo"], "040");
    assert_eq!(events[0]["day"], "2015-05-12");
    assert_eq!(r[1].json()["document"]["external_id"], "ext-moscow");
    assert_eq!(r[2].json()["document"]["external_id"], "ext-moscow");
    for missing in &r[3..5] {
        assert_eq!(missing.status, StatusCode::NOT_FOUND, "{}", missing.body);
        assert_eq!(missing.error_code(), "not_found");
    }
    assert_eq!(r[5].error_code(), "bad_request");
}

#[test]
fn entities_list_and_detail_with_events_both_ways() {
    let kerry = id_of("John Kerry");
    let r = gets(&[
        "/api/entities?type=person&limit=1",
        "/api/entities?type=organisation",
        "/api/entities?type=planet",
        &format!("/api/entities/{kerry}"),
        "/api/entities/no-such-entity",
        "/api/entities?offset=10001",
    ]);
    let page = r[0].json();
    assert_eq!(page["items"].as_array().unwrap().len(), 1);
    assert_eq!(page["next_offset"], 1);
    assert!(r[1].json()["items"].as_array().unwrap().is_empty());
    assert_eq!(r[2].error_code(), "bad_request");
    let v = r[3].json();
    assert_eq!(v["name"], "John Kerry");
    assert_eq!(v["codes"][0]["code"], "USAGOV");
    assert_eq!(v["articles"].as_array().unwrap().len(), 3);
    assert_eq!(v["co_mentioned"][0]["name"], "Sergei Lavrov");
    let as_source = v["events_as_source"].as_array().unwrap();
    let as_target = v["events_as_target"].as_array().unwrap();
    assert_eq!(as_source.len(), 2, "the two meetings: {as_source:?}");
    assert!(as_source.iter().all(|e| e["cameo"] == "040"));
    assert_eq!(as_target.len(), 1);
    assert_eq!(as_target[0]["cameo"], "111");
    assert_eq!(r[4].status, StatusCode::NOT_FOUND);
    assert_eq!(r[4].error_code(), "not_found");
    assert_eq!(r[5].error_code(), "bad_request");
}

#[test]
fn events_filter_by_actor_dyad_code_and_dates() {
    let r = gets(&[
        "/api/events",
        "/api/events?actor=usa&code=04",
        "/api/events?dyad=USA,RUS&directed=true",
        "/api/events?dyad=RUS,USA&directed=true",
        "/api/events?from=2015-06&to=2015-06-30",
        "/api/events?limit=1&offset=1",
        "/api/events?actor=CHN",
        "/api/events?code=4x",
        "/api/events?directed=true",
        "/api/events?dyad=USA",
        "/api/events?actor=USA%27%20OR%20%271%27%3D%271",
        "/api/events?limit=100000000",
    ]);
    let count = |i: usize| r[i].json()["items"].as_array().unwrap().len();
    assert_eq!(count(0), 3);
    // Latest first, with evidence.
    let all = r[0].json();
    assert_eq!(all["items"][0]["day"], "2015-06-01");
    assert!(all["items"][0]["reports"][0]["sentence_text"].as_str().unwrap().contains("criticised"));
    assert_eq!(count(1), 2);
    assert_eq!(count(2), 2);
    assert_eq!(count(3), 1);
    assert_eq!(count(4), 1);
    assert_eq!(count(5), 1);
    assert_eq!(r[5].json()["next_offset"], 2);
    assert_eq!(count(6), 0);
    for bad in &r[7..] {
        assert_eq!(bad.status, StatusCode::BAD_REQUEST, "{}", bad.body);
        assert_eq!(bad.error_code(), "bad_request");
    }
}

#[test]
fn relations_give_rows_and_a_chart() {
    let r = gets(&[
        "/api/relations?a=USA&b=RUS",
        "/api/relations?a=USA&b=RUS&by=day&directed=true",
        "/api/relations.svg?a=USA&b=RUS",
        "/api/relations?a=USA",
        "/api/relations?a=USA&b=RUS&by=year",
        "/api/relations.svg?a=%3Cscript%3E&b=RUS",
        "/api/relations?a=CHN&b=RUS",
    ]);
    let v = r[0].json();
    assert_eq!(v["by"], "month");
    let rows = v["rows"].as_array().unwrap();
    // 2013-05 to 2015-06, every month, empty ones included.
    assert_eq!(rows.len(), 26);
    assert_eq!(rows[0]["bucket"], "2013-05");
    assert_eq!(rows[0]["verbal_cooperation"], 1);
    let last = &rows[25];
    assert_eq!((last["bucket"].as_str(), last["verbal_conflict"].as_u64()), (Some("2015-06"), Some(1)));
    assert_eq!(last["mean_goldstein"], -2.0);
    let directed = r[1].json();
    assert_eq!(directed["rows"].as_array().unwrap().iter().map(|r| r["total"].as_u64().unwrap()).sum::<u64>(), 2);
    assert!(r[2].content_type.starts_with("image/svg+xml"));
    assert!(r[2].body.contains("<svg"));
    for bad in &r[3..6] {
        assert_eq!(bad.error_code(), "bad_request", "{}", bad.body);
    }
    assert!(r[6].json()["rows"].as_array().unwrap().is_empty());
}

#[test]
fn rejections_are_listed() {
    let r = get(app(), "/api/rejected?limit=5");
    let v = r.json();
    assert_eq!(v["items"][0]["reason"], "binary");
    assert_eq!(v["items"][0]["times"], 1);
}

#[test]
fn unknown_routes_and_methods_are_json_errors() {
    let r = get(app(), "/api/nothing");
    assert_eq!(r.nosniff, "nosniff");
    assert_eq!((r.status, r.error_code().as_str()), (StatusCode::NOT_FOUND, "unknown_route"));
    let r = send(app(), Request::post("/api/status").body(Body::empty()).unwrap());
    assert_eq!((r.status, r.error_code().as_str()), (StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed"));
    let r = send(app(), Request::delete("/api/documents/abc").body(Body::empty()).unwrap());
    assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED);
    let r = get(app(), "/no/such/page");
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(r.content_type.starts_with("text/html"));
}

fn post(app: App, token: Option<&str>, body: Vec<u8>) -> Reply {
    let mut req = Request::post("/api/documents").header(header::CONTENT_TYPE, "application/json");
    if let Some(t) = token {
        req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    send(app, req.body(Body::from(body)).unwrap())
}

#[test]
fn ingest_is_off_without_a_token_and_guarded_with_one() {
    let r = post(app(), Some("secret"), b"{\"text\":\"hello\"}".to_vec());
    assert_eq!((r.status, r.error_code().as_str()), (StatusCode::FORBIDDEN, "ingest_disabled"));

    let recorder = Arc::new(Recorder::default());
    let with = || app().with_ingest("secret".into(), recorder.clone());
    let r = post(with(), None, b"{\"text\":\"hello\"}".to_vec());
    assert_eq!((r.status, r.error_code().as_str()), (StatusCode::UNAUTHORIZED, "unauthorized"));
    let r = post(with(), Some("secreT"), b"{\"text\":\"hello\"}".to_vec());
    assert_eq!(r.error_code(), "unauthorized");
    let r = post(with(), Some("secret"), b"not json".to_vec());
    assert_eq!(r.error_code(), "bad_request");
    let r = post(with(), Some("secret"), vec![b' '; crate::MAX_BODY_BYTES + 1]);
    assert_eq!((r.status, r.error_code().as_str()), (StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large"));
    assert!(recorder.0.lock().unwrap().is_empty());

    let r = post(with(), Some("secret"), b"[{\"text\":\"one\"},{\"text\":\"two\"}]".to_vec());
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["ingested"], 2);
    assert_eq!(recorder.0.lock().unwrap().as_slice(), [b"{\"text\":\"one\"}\n{\"text\":\"two\"}\n".to_vec()]);
    assert_eq!(get(with(), "/api/status").json()["ingest_enabled"], true);
    // An empty token leaves ingest off.
    let r = post(app().with_ingest("  ".into(), recorder.clone()), Some(""), b"{}".to_vec());
    assert_eq!(r.error_code(), "ingest_disabled");
}

#[test]
fn pages_render_escape_and_link_document_to_entity_to_relations() {
    let kerry = id_of("John Kerry");
    let r = gets(&[
        "/",
        "/documents?limit=2",
        "/documents/ext-script",
        "/documents/ext-sochi",
        &format!("/entities/{kerry}"),
        "/entities?type=person",
        "/events?dyad=USA%2CRUS&code=&from=&to=",
        "/relations?a=USAGOV&b=RUSGOV",
        "/relations",
        "/documents/nothing-here",
        "/events?limit=999",
    ]);
    for (i, page) in r[..9].iter().enumerate() {
        assert_eq!(page.status, StatusCode::OK, "page {i}: {}", page.body);
        assert!(page.content_type.starts_with("text/html"), "page {i}");
        // No script from the data ever reaches a page; the only tags are ours.
        assert!(!page.body.contains("<script"), "page {i} has a script: {}", page.body);
    }
    let home = &r[0].body;
    assert!(home.contains("3 documents"), "{home}");
    assert!(home.contains("Kerry meets Lavrov in Sochi"));
    // The script article shows its script as text, title, body and boilerplate alike.
    let script = &r[2].body;
    assert!(script.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; Lavrov criticises Kerry"));
    assert!(script.contains("Removed as boilerplate"));
    assert!(script.contains("Photo: &lt;script&gt;"));
    // Document → entity.
    let sochi = &r[3].body;
    assert!(sochi.contains(&format!("href=\"/entities/{}\"", crate::html::url(&kerry))), "{sochi}");
    assert!(sochi.contains("Photo: Wire staff"));
    assert!(sochi.contains("Consult"));
    // Entity → relations.
    let entity = &r[4].body;
    assert!(entity.contains("John Kerry"));
    assert!(entity.contains("USAGOV"));
    assert!(entity.contains("href=\"/relations?a=USAGOV&amp;b=RUSGOV\""), "{entity}");
    assert!(entity.contains("Criticize or denounce"));
    assert!(r[6].body.contains("Moscow") && r[6].body.contains("value=\"USA,RUS\""));
    let rel = &r[7].body;
    assert!(rel.contains("<svg") && !rel.contains("<?xml"));
    assert!(rel.contains("2015-05") && rel.contains("Sochi"));
    assert!(r[8].body.contains("Give two actor codes"));
    assert_eq!(r[9].status, StatusCode::NOT_FOUND);
    assert!(r[9].content_type.starts_with("text/html"));
    assert_eq!(r[10].status, StatusCode::BAD_REQUEST);
    assert!(r[10].body.contains("limit must be"));
}

#[test]
fn hostile_input_never_breaks_a_route() {
    let nasty = [
        "%27%20OR%201%3D1%20--",
        "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        "%FF%FE",
        "%00",
        "..%2F..%2Fetc%2Fpasswd",
        "99999999999999999999999999",
        "-1",
        "",
    ];
    let mut uris = Vec::new();
    for n in nasty {
        for base in ["/api/documents/", "/api/entities/", "/documents/", "/entities/"] {
            uris.push(format!("{base}{n}"));
        }
        for (route, params) in [
            ("/api/documents", &["source", "from", "to", "limit", "offset"][..]),
            ("/api/entities", &["type", "limit", "offset"]),
            ("/api/events", &["actor", "dyad", "code", "from", "to", "limit", "offset", "directed"]),
            ("/api/relations", &["a", "b", "by", "directed"]),
            ("/api/rejected", &["limit", "offset"]),
            ("/events", &["actor", "dyad", "code", "from", "to", "limit", "offset"]),
            ("/relations", &["a", "b", "by"]),
            ("/documents", &["source", "from", "to"]),
            ("/api/search", &["q", "in", "actor", "dyad", "code", "entity", "source", "from", "to", "limit", "offset"]),
            ("/search", &["q", "in", "actor", "dyad", "code", "entity", "source", "from", "to", "limit", "offset"]),
        ] {
            for p in params {
                uris.push(format!("{route}?{p}={n}"));
            }
        }
    }
    uris.push("/api/documents?%ZZ=1".into());
    let refs: Vec<&str> = uris.iter().map(String::as_str).collect();
    for (uri, reply) in refs.iter().zip(gets(&refs)) {
        assert!(reply.status.as_u16() < 500, "{uri}: {} {}", reply.status, reply.body);
        if uri.starts_with("/api/") && !reply.status.is_success() {
            assert!(!reply.error_code().is_empty(), "{uri}: {}", reply.body);
        }
        // Pages show it as text; JSON may carry it in a message, never to be read as HTML.
        if reply.content_type.starts_with("text/html") {
            assert!(!reply.body.contains("<script>alert"), "{uri}");
        } else {
            assert!(reply.content_type.starts_with("application/json"), "{uri}: {}", reply.content_type);
        }
    }
}

#[test]
fn stories_storylines_and_the_story_page() {
    let sochi = doc_id("sochi").0;
    let storyline = doc_id("moscow").0;
    let r = gets(&[
        "/api/stories",
        &format!("/api/stories?storyline={storyline}"),
        &format!("/api/stories/{sochi}"),
        "/api/stories/ext-script",
        "/api/stories/nothing-at-all",
        "/api/storylines",
        "/api/stories?limit=1",
        "/api/storylines?stories=0",
        &format!("/stories/{sochi}"),
        "/",
        &format!("/stories?storyline={storyline}"),
        "/storylines",
        "/stories/nothing-at-all",
    ]);
    let headlines = |v: &Value| -> Vec<String> {
        v["items"].as_array().unwrap().iter().map(|c| c["headline"].as_str().unwrap().to_string()).collect()
    };
    assert_eq!(headlines(&r[0].json()), ["Kerry and Lavrov meet in Sochi", "Kerry in Moscow"]);
    // A storyline's stories come in timeline order.
    assert_eq!(headlines(&r[1].json()), ["Kerry in Moscow", "Kerry and Lavrov meet in Sochi"]);
    let story = r[2].json();
    assert_eq!(story["summary"].as_array().unwrap().len(), 2);
    assert_eq!(story["members"].as_array().unwrap().len(), 2);
    assert_eq!(story["timeline"].as_array().unwrap().len(), 2);
    let actors = story["actors"].as_array().unwrap();
    let lavrov = actors.iter().find(|a| a["name"] == "Sergei Lavrov").expect("Lavrov is a side of the story's events");
    assert_eq!(lavrov["entity"], id_of("Sergei Lavrov"));
    assert_eq!(r[3].json()["id"], sochi, "a member's key names its story");
    assert_eq!((r[4].status, r[4].error_code().as_str()), (StatusCode::NOT_FOUND, "not_found"));
    let lines = r[5].json();
    assert_eq!(lines["items"].as_array().unwrap().len(), 1);
    assert_eq!(lines["items"][0]["clusters"].as_array().unwrap().len(), 2);
    assert_eq!(r[6].json()["next_offset"], 1);
    assert_eq!(r[7].error_code(), "bad_request");
    for (i, page) in r[8..12].iter().enumerate() {
        assert_eq!(page.status, StatusCode::OK, "page {i}: {}", page.body);
        assert!(!page.body.contains("<script"), "page {i}");
    }
    let page = &r[8].body;
    // The summary cites its two articles, in order; the script shows as text.
    assert!(page.contains(&format!("href=\"/documents/{sochi}\">[1]</a>")), "{page}");
    assert!(page.contains(&format!("href=\"/documents/{}\">[2]</a>", doc_id("script").0)));
    assert!(page.contains("criticised John Kerry. &lt;script&gt;"));
    assert!(page.contains("Timeline of its storyline") && page.contains("Kerry in Moscow (1 articles)"));
    assert!(page.contains("Source articles") && page.contains("Herald &lt;Tribune&gt;"));
    assert!(page.contains("Coded events") && page.contains("href=\"/relations?a="));
    // Story → entity.
    let lavrov_link = format!("href=\"/entities/{}\">Sergei Lavrov</a>", crate::html::url(&id_of("Sergei Lavrov")));
    assert!(page.contains(&lavrov_link), "{page}");
    let home = &r[9].body;
    assert!(home.contains("Latest stories") && home.contains("Biggest stories"));
    assert!(home.contains(&format!("href=\"/stories/{sochi}\">Kerry and Lavrov meet in Sochi</a>")));
    assert!(r[10].body.contains("A storyline&#39;s timeline") || r[10].body.contains("timeline"));
    assert!(r[11].body.contains("whole timeline"));
    assert_eq!(r[12].status, StatusCode::NOT_FOUND);
}

#[test]
fn a_pool_on_one_file_serves_concurrent_requests() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("herald.db");
    {
        let mut store = SqliteStore::open(&path).unwrap();
        let cp = Checkpoint { input: "t".into(), fingerprint: "f".into(), offset: 0, last_item: None, complete: false };
        let doc = article(
            "one",
            "T",
            "John Kerry met Sergei Lavrov.",
            None,
            "2015-05-12",
            "W",
            ("040", "Consult", 1, 1.0),
            true,
        );
        store.commit_annotated(vec![doc], vec![], &cp).unwrap();
    }
    let pool = StorePool::open(path.to_str().unwrap(), 3).unwrap();
    assert_eq!(pool.len(), 3);
    let router = router(App::new(pool));
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let statuses = rt.block_on(async move {
        let mut tasks = Vec::new();
        for i in 0..60 {
            let r = router.clone();
            let uri = ["/api/status", "/api/events?actor=USA", "/", "/api/documents/ext-one"][i % 4];
            tasks.push(tokio::spawn(async move {
                r.oneshot(Request::get(uri).body(Body::empty()).unwrap()).await.unwrap().status()
            }));
        }
        let mut out = Vec::new();
        for t in tasks {
            out.push(t.await.unwrap());
        }
        out
    });
    assert_eq!(statuses.len(), 60);
    assert!(statuses.iter().all(|s| *s == StatusCode::OK), "{statuses:?}");
}

/// The kinds and keys (external id, or story headline) of a search answer's hits.
fn hit_keys(r: &Reply) -> Vec<String> {
    r.json()["items"]
        .as_array()
        .unwrap_or_else(|| panic!("no items: {}", r.body))
        .iter()
        .map(|h| match h["kind"].as_str() {
            Some("document") => format!("doc:{}", h["external_id"].as_str().unwrap()),
            Some("story") => format!("story:{}", h["headline"].as_str().unwrap()),
            other => panic!("unknown kind {other:?}"),
        })
        .collect()
}

#[test]
fn search_ranks_filters_pages_and_refuses_bad_queries() {
    let lavrov = id_of("Sergei Lavrov");
    let r = gets(&[
        "/api/search?q=sochi&in=documents",
        "/api/search?q=sochi",
        "/api/search?q=kerry&in=documents&source=Monitor",
        "/api/search?q=kerry&in=documents&from=2015&to=2015-05",
        "/api/search?q=kerry&in=documents&code=11",
        "/api/search?q=kerry&in=documents&dyad=RUS,USA&directed=true",
        &format!("/api/search?q=kerry&in=documents&entity={}", crate::html::url(&lavrov)),
        "/api/search?q=kerry&in=documents&limit=1",
        "/api/search?q=kerry&in=documents&limit=1&offset=1",
        "/api/search?q=%22Lavrov%20criticised%22&in=stories",
        "/api/search?q=kerr*&in=documents",
        // Refused, each with a JSON error and its code.
        "/api/search",
        "/api/search?q=%22%20*%20-",
        "/api/search?q=x&limit=101",
        "/api/search?q=x&offset=1001",
        "/api/search?q=x&in=everything",
        "/api/search?q=x&directed=true",
        "/api/search?q=x&qq=1",
    ]);
    for (i, reply) in r[..11].iter().enumerate() {
        assert_eq!(reply.status, StatusCode::OK, "{i}: {}", reply.body);
    }
    // A title match ranks above a body match; both kinds come back, best first.
    let sochi = hit_keys(&r[0]);
    assert_eq!(sochi[0], "doc:ext-sochi", "{sochi:?}");
    let both = hit_keys(&r[1]);
    assert!(both.contains(&"story:Kerry and Lavrov meet in Sochi".to_string()), "{both:?}");
    let scores: Vec<f64> =
        r[1].json()["items"].as_array().unwrap().iter().map(|h| h["score"].as_f64().unwrap()).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    assert_eq!(hit_keys(&r[2]), ["doc:ext-moscow"]);
    assert_eq!(hit_keys(&r[3]), ["doc:ext-sochi"]);
    assert_eq!(hit_keys(&r[4]), ["doc:ext-script"]);
    assert_eq!(hit_keys(&r[5]), ["doc:ext-script"]);
    assert_eq!(hit_keys(&r[6]).len(), 3);
    // Pages follow each other.
    let (first, second) = (r[7].json(), r[8].json());
    assert_eq!(first["next_offset"], 1);
    assert_eq!(second["offset"], 1);
    assert_ne!(hit_keys(&r[7]), hit_keys(&r[8]));
    // A phrase in a story's summary, with the match marked as data, not markup.
    assert_eq!(hit_keys(&r[9]), ["story:Kerry and Lavrov meet in Sochi"]);
    let snippet = &r[9].json()["items"][0]["snippet"];
    let marked: Vec<&str> = snippet
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["match"] == true)
        .map(|p| p["text"].as_str().unwrap())
        .collect();
    assert_eq!(marked.concat().split_whitespace().collect::<Vec<_>>(), ["Lavrov", "criticised"], "{snippet}");
    assert_eq!(hit_keys(&r[10]).len(), 3);
    for (i, reply) in r[11..].iter().enumerate() {
        assert_eq!(
            (reply.status, reply.error_code().as_str()),
            (StatusCode::BAD_REQUEST, "bad_request"),
            "{i}: {}",
            reply.body
        );
    }
    assert!(r[11].json()["error"]["message"].as_str().unwrap().contains("q is required"));
    assert!(r[12].json()["error"]["message"].as_str().unwrap().contains("no word"));
}

#[test]
fn the_search_page_marks_matches_and_escapes_everything() {
    let r = gets(&[
        "/search",
        "/search?q=criticised&in=all&actor=&dyad=&code=&entity=&source=&from=&to=",
        "/search?q=%3Cscript%3E",
        "/search?q=%22&in=all",
        "/search?q=zzzz",
        "/search?q=kerry&limit=1",
        "/search?q=x&from=May",
    ]);
    for (i, page) in r[..6].iter().enumerate() {
        if i != 3 {
            assert_eq!(page.status, StatusCode::OK, "page {i}: {}", page.body);
        }
        assert!(page.content_type.starts_with("text/html"), "page {i}");
        assert!(!page.body.contains("<script"), "page {i} has a script: {}", page.body);
    }
    assert!(r[0].body.contains("<form method=\"get\" action=\"/search\">") && r[0].body.contains("a phrase"));
    let hits = &r[1].body;
    assert!(hits.contains("<mark>criticised</mark>"), "{hits}");
    assert!(hits.contains(&format!("href=\"/documents/{}\"", doc_id("script").0)), "{hits}");
    assert!(hits.contains(&format!("href=\"/stories/{}\"", doc_id("sochi").0)), "{hits}");
    assert!(hits.contains("&lt;script&gt;"), "the article's script shows as text: {hits}");
    // The page says how far ranking reaches.
    let window = format!("ranked among the latest {} matches", herald_store::search::SEARCH_WINDOW);
    assert!(hits.contains(&window), "{hits}");
    // The query is shown back escaped, and found as words.
    assert!(r[2].body.contains("value=\"&lt;script&gt;\""), "{}", r[2].body);
    assert!(r[2].body.contains("<mark>script</mark>"), "{}", r[2].body);
    assert_eq!(r[3].status, StatusCode::BAD_REQUEST);
    assert!(r[3].body.contains("no word") && r[3].body.contains("action=\"/search\""));
    assert!(r[4].body.contains("Nothing matches"));
    assert!(r[5].body.contains("next →") && r[5].body.contains("q=kerry"), "{}", r[5].body);
    assert_eq!(r[6].status, StatusCode::BAD_REQUEST);
    assert!(r[6].body.contains("from must be"));
}
