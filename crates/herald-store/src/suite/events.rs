//! Events in the store: one event across articles with GDELT-like counts, keys that keep two
//! meetings apart, idempotence, entity ids mapped to the store's, and the query filters.

use super::*;
use crate::annotate::event_key;
use crate::{
    Annotated, AnnotatedDocument, EventActor, EventDate, EventFlags, EventInput, EventPlace, EventPlover, EventQuery,
};
use herald_model::{Entity, EntityType, MentionForm};
use proptest::prelude::*;

/// A one-paragraph document from `outlet`, dated `day`.
pub(crate) fn article(seed: &str, body: &str, day: Option<&str>, outlet: Option<&str>) -> Document {
    let (text, paragraphs) = Document::assemble([
        (ParagraphKind::Headline, format!("Headline {seed}")),
        (ParagraphKind::Body, body.to_string()),
    ]);
    Document {
        id: DocId::of_bytes(seed.as_bytes()),
        origin: Origin { input: format!("{seed}.txt"), locator: Locator::Whole },
        external_id: Some(format!("ext-{seed}")),
        url: None,
        source: outlet.map(str::to_string),
        title: Some(format!("Title {seed}")),
        author: None,
        site: None,
        language: Some("en".into()),
        dct: day.map(|d| Dct { value: d.to_string(), source: DctSource::CommandLine }),
        text,
        paragraphs,
        meta: serde_json::Map::new(),
    }
}

pub(crate) fn entity(id: &str, name: &str, kind: EntityType) -> Entity {
    Entity { id: id.into(), name: name.into(), kind, aliases: Vec::new(), actor: None, place: None }
}

/// The span of the first `needle` in the text.
pub(crate) fn span(doc: &Document, needle: &str) -> (usize, usize) {
    let at = doc.text.find(needle).unwrap_or_else(|| panic!("'{needle}' not in '{}'", doc.text));
    (at, at + needle.len())
}

pub(crate) fn actor(entity: Option<&str>, text: &str, code: &str) -> EventActor {
    EventActor {
        entity: entity.map(str::to_string),
        text: text.into(),
        code: code.into(),
        country: Some(code[..3].to_string()),
        sector: code.get(3..).filter(|s| !s.is_empty()).map(str::to_string),
    }
}

/// A meeting (CAMEO 040) of `source` and `target` in `place` on `date`, reported by the body.
pub(crate) fn meeting(
    doc: &Document,
    source: EventActor,
    target: EventActor,
    place: &str,
    date: Option<&str>,
) -> EventInput {
    let body = doc.paragraphs[1];
    let trigger = span(doc, "met");
    EventInput {
        sentence: 1,
        sentence_span: (body.start, body.end),
        source: Some(source),
        target: Some(target),
        cameo: "040".into(),
        cameo_name: "Consult, not specified below".into(),
        plover: Some(EventPlover { kind: "CONSULT".into(), mode: Some("visit".into()), context: vec![] }),
        goldstein: 1.0,
        quad_class: 1,
        date: date.map(|d| EventDate { value: d.into(), precision: "day".into(), basis: "sentence".into() }),
        place: Some(EventPlace {
            name: place.into(),
            entity: Some(format!("place:{}", place.to_lowercase())),
            kind: "city".into(),
            country: "RUS".into(),
            lat: Some(55.75),
            lon: Some(37.62),
            basis: "sentence".into(),
        }),
        evidence: (body.start, body.end),
        trigger_span: trigger,
        trigger: "met".into(),
        flags: EventFlags::default(),
        confidence: 0.8,
        mentions: 1,
        root: true,
    }
}

/// An article where Kerry met Lavrov in `place` (local entity ids given by `kerry_id`).
pub(crate) fn kerry_meets_lavrov(
    seed: &str,
    place: &str,
    day: &str,
    outlet: Option<&str>,
    kerry_id: &str,
    date: Option<&str>,
) -> AnnotatedDocument {
    let body = format!("John Kerry met Sergei Lavrov in {place}.");
    let doc = article(seed, &body, Some(day), outlet);
    let mention = |text: &str, id: &str, kind: EntityType| {
        let (start, end) = span(&doc, text);
        Mention {
            start,
            end,
            text: text.into(),
            kind,
            form: MentionForm::Name,
            name_span: None,
            sentence: 1,
            entity: id.into(),
        }
    };
    let place_id = format!("place:{}", place.to_lowercase());
    let mentions = vec![
        mention("John Kerry", kerry_id, EntityType::Person),
        mention("Sergei Lavrov", "person:lavrov", EntityType::Person),
        mention(place, &place_id, EntityType::Gpe),
    ];
    let entities = vec![
        entity(kerry_id, "John Kerry", EntityType::Person),
        entity("person:lavrov", "Sergei Lavrov", EntityType::Person),
        entity(&place_id, place, EntityType::Gpe),
    ];
    let event = meeting(
        &doc,
        actor(Some(kerry_id), "John Kerry", "USAGOV"),
        actor(Some("person:lavrov"), "Sergei Lavrov", "RUSGOV"),
        place,
        date,
    );
    AnnotatedDocument { doc, annotation: Some(Annotated::Entities { mentions, entities, events: vec![event] }) }
}

pub(crate) fn store_all(store: &mut dyn TestStore, docs: Vec<AnnotatedDocument>) -> usize {
    let cp = Checkpoint { input: "test".into(), fingerprint: "f".into(), offset: 0, last_item: None, complete: false };
    store.commit_annotated(docs, vec![], &cp).unwrap()
}

pub(crate) fn all(store: &dyn TestStore) -> Vec<crate::EventRecord> {
    store.events(&EventQuery::default()).unwrap()
}

fn the_same_event_in_two_articles_is_one_event_with_their_counts(mut store: Boxed) {
    let a = kerry_meets_lavrov("a", "Moscow", "2013-05-07", Some("Monitor"), "person:kerry", Some("2013-05-07"));
    // Another outlet, another local id for Kerry, a date-time for the event: the same event.
    let b =
        kerry_meets_lavrov("b", "Moscow", "2013-05-08", Some("Wire"), "person:john-kerry", Some("2013-05-07T10:00"));
    // A third article from the first outlet.
    let c = kerry_meets_lavrov("c", "Moscow", "2013-05-08", Some("Monitor"), "person:kerry", Some("2013-05-07"));
    assert_eq!(store_all(&mut *store, vec![a, b, c]), 3);
    let events = all(&*store);
    assert_eq!(events.len(), 1, "{events:#?}");
    let e = &events[0];
    assert_eq!((e.num_mentions, e.num_sources, e.num_articles), (3, 2, 3));
    assert_eq!(e.day.as_deref(), Some("2013-05-07"));
    assert_eq!(e.reports.len(), 3);
    assert_eq!(e.reports[0].external_id.as_deref(), Some("ext-a"));
    assert_eq!(e.reports[0].evidence, "John Kerry met Sergei Lavrov in Moscow.");
    assert_eq!(e.reports[0].trigger, "met");
    // Actors and the place point to the store's entities: both local ids of Kerry are one entity.
    let source = e.source.as_ref().unwrap();
    let kerry = store.find_entities("John Kerry").unwrap();
    assert_eq!(kerry.len(), 1);
    assert_eq!(source.entity.as_deref(), Some(kerry[0].id.as_str()));
    assert_eq!(source.code, "USAGOV");
    let place = e.place.as_ref().unwrap();
    assert_eq!(place.entity.as_deref(), Some(store.find_entities("Moscow").unwrap()[0].id.as_str()));
    assert_eq!(store.status().unwrap().events, 1);
}

fn two_events_of_one_sentence_that_share_a_key_count_that_sentence_once(mut store: Boxed) {
    let mut a = kerry_meets_lavrov("a", "Moscow", "2013-05-07", None, "person:kerry", Some("2013-05-07"));
    if let Some(Annotated::Entities { events, .. }) = &mut a.annotation {
        // Kerry met Russian officials and the Kremlin: two events of the article, one key
        // (USAGOV → RUSGOV: sides that are no person are keyed by their code).
        events[0].target = Some(actor(None, "Russian officials", "RUSGOV"));
        let mut kremlin = events[0].clone();
        kremlin.target = Some(actor(None, "the Kremlin", "RUSGOV"));
        kremlin.root = false;
        events.push(kremlin);
    }
    store_all(&mut *store, vec![a]);
    let events = all(&*store);
    assert_eq!(events.len(), 1);
    assert_eq!((events[0].num_mentions, events[0].num_articles), (1, 1));
    assert_eq!(events[0].reports.len(), 2);
}

fn meeting_two_people_of_one_government_is_two_events(mut store: Boxed) {
    let mut a = kerry_meets_lavrov("a", "Moscow", "2013-05-07", None, "person:kerry", Some("2013-05-07"));
    if let Some(Annotated::Entities { events, .. }) = &mut a.annotation {
        // Kerry met Lavrov and Putin: both RUSGOV, but two people, so two events; the side with
        // no stored person (Putin here) is keyed by its code.
        let mut putin = events[0].clone();
        putin.target = Some(actor(None, "Putin", "RUSGOV"));
        putin.root = false;
        events.push(putin);
    }
    store_all(&mut *store, vec![a]);
    let events = all(&*store);
    assert_eq!(events.len(), 2);
    let lavrov = events.iter().find(|e| e.target.as_ref().is_some_and(|t| t.entity.is_some())).expect("Lavrov's event");
    // The name is the stored entity's.
    assert_eq!(lavrov.target.as_ref().unwrap().text, "Sergei Lavrov");
    assert!(events.iter().all(|e| e.num_mentions == 1 && e.reports.len() == 1));
}

fn storing_a_document_again_changes_no_event(mut store: Boxed) {
    let a = kerry_meets_lavrov("a", "Moscow", "2013-05-07", None, "person:kerry", Some("2013-05-07"));
    assert_eq!(store_all(&mut *store, vec![a.clone()]), 1);
    let before = all(&*store);
    assert_eq!(store_all(&mut *store, vec![a.clone(), a.clone()]), 0);
    assert_eq!(all(&*store), before);
    // Annotating it again is refused too.
    assert!(!store.annotate_document(&a.doc.id, a.annotation.clone().unwrap()).unwrap());
    assert_eq!(all(&*store), before);
    assert_eq!((before[0].num_mentions, before[0].num_sources, before[0].num_articles), (1, 1, 1));
}

fn meetings_in_moscow_in_2013_and_in_sochi_in_2015_stay_two_events(mut store: Boxed) {
    let moscow = kerry_meets_lavrov("m", "Moscow", "2013-05-07", None, "person:kerry", Some("2013-05-07"));
    let sochi = kerry_meets_lavrov("s", "Sochi", "2015-05-12", None, "person:kerry", Some("2015-05-12"));
    // Same place, another day: another event too; and an undated event takes the publication day.
    let moscow_later = kerry_meets_lavrov("m2", "Moscow", "2013-05-09", None, "person:kerry", None);
    store_all(&mut *store, vec![moscow, sochi, moscow_later]);
    let events = all(&*store);
    let days: Vec<(Option<&str>, &str)> =
        events.iter().map(|e| (e.day.as_deref(), e.place.as_ref().unwrap().name.as_str())).collect();
    // Latest first.
    assert_eq!(
        days,
        vec![(Some("2015-05-12"), "Sochi"), (Some("2013-05-09"), "Moscow"), (Some("2013-05-07"), "Moscow")]
    );
    assert!(events.iter().all(|e| e.num_articles == 1));
}

fn queries_filter_by_actor_dyad_code_and_day(mut store: Boxed) {
    let a = kerry_meets_lavrov("a", "Moscow", "2013-05-07", None, "person:kerry", Some("2013-05-07"));
    // Lavrov met Kerry: the reverse direction, and a fight (190) between them later.
    let mut b = kerry_meets_lavrov("b", "Sochi", "2015-05-12", None, "person:kerry", Some("2015-05-12"));
    if let Some(Annotated::Entities { events, .. }) = &mut b.annotation {
        let e = &mut events[0];
        std::mem::swap(&mut e.source, &mut e.target);
        let mut fight = e.clone();
        fight.cameo = "190".into();
        fight.cameo_name = "Use conventional military force".into();
        fight.quad_class = 4;
        fight.goldstein = -10.0;
        fight.root = false;
        events.push(fight);
    }
    store_all(&mut *store, vec![a, b]);
    let q = |f: &dyn Fn(&mut EventQuery)| {
        let mut q = EventQuery::default();
        f(&mut q);
        let mut found: Vec<(String, String, String)> = store
            .events(&q)
            .unwrap()
            .into_iter()
            .map(|e| (e.source.unwrap().code, e.target.unwrap().code, e.cameo))
            .collect();
        found.sort();
        found
    };
    let t = |s: &str, d: &str, c: &str| (s.to_string(), d.to_string(), c.to_string());
    assert_eq!(q(&|_| {}).len(), 3);
    assert_eq!(q(&|q| q.actor = Some("USA".into())).len(), 3);
    assert_eq!(q(&|q| q.actor = Some("CHN".into())), vec![]);
    assert_eq!(q(&|q| q.dyad = Some(("USA".into(), "RUS".into()))).len(), 3);
    assert_eq!(
        q(&|q| {
            q.dyad = Some(("USA".into(), "RUS".into()));
            q.directed = true;
        }),
        vec![t("USAGOV", "RUSGOV", "040")]
    );
    assert_eq!(q(&|q| q.code = Some("19".into())), vec![t("RUSGOV", "USAGOV", "190")]);
    assert_eq!(q(&|q| q.code = Some("04".into())).len(), 2);
    assert_eq!(q(&|q| q.from = Some("2014".into())).len(), 2);
    assert_eq!(q(&|q| q.to = Some("2013-05".into())), vec![t("USAGOV", "RUSGOV", "040")]);
    assert_eq!(q(&|q| q.to = Some("2013-05-06".into())), vec![]);
    assert_eq!(q(&|q| q.limit = 1).len(), 1);
    // The most recent first, then the most reported.
    let first = store.events(&EventQuery { limit: 1, ..EventQuery::default() }).unwrap();
    assert_eq!(first[0].day.as_deref(), Some("2015-05-12"));
    assert!(store.events(&EventQuery { from: Some("May 2013".into()), ..EventQuery::default() }).is_err());
    // Streaming sees every event once, in the order they were stored.
    let mut streamed = Vec::new();
    store
        .for_each_event(&mut |e| {
            streamed.push(e.cameo.clone());
            Ok(())
        })
        .unwrap();
    assert_eq!(streamed, vec!["040", "040", "190"]);
}

fn a_malformed_event_is_left_out_and_a_failed_annotation_stores_none(mut store: Boxed) {
    let mut a = kerry_meets_lavrov("a", "Moscow", "2013-05-07", None, "person:kerry", Some("2013-05-07"));
    if let Some(Annotated::Entities { events, .. }) = &mut a.annotation {
        let mut bad = events[0].clone();
        bad.evidence = (0, 10_000);
        bad.cameo = "043".into();
        events.insert(0, bad);
    }
    let failed = AnnotatedDocument {
        doc: article("f", "Nothing here.", None, None),
        annotation: Some(Annotated::Failed("boom".into())),
    };
    assert_eq!(store_all(&mut *store, vec![a, failed]), 2);
    let events = all(&*store);
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].cameo, "040");
    assert_eq!(store.status().unwrap().events, 1);
}

fn an_actor_whose_entity_the_article_does_not_hold_keeps_its_code(mut store: Boxed) {
    let mut a = kerry_meets_lavrov("a", "Moscow", "2013-05-07", None, "person:kerry", Some("2013-05-07"));
    if let Some(Annotated::Entities { events, .. }) = &mut a.annotation {
        events[0].target = Some(actor(Some("organisation:unknown"), "the Kremlin", "RUSGOV"));
    }
    store_all(&mut *store, vec![a]);
    let e = &all(&*store)[0];
    let target = e.target.as_ref().unwrap();
    assert_eq!((target.entity.as_deref(), target.code.as_str()), (None, "RUSGOV"));
    assert_eq!(e.reports[0].target_text.as_deref(), Some("the Kremlin"));
}

proptest! {
    /// A date-time and its day key alike; a coarser value keys as itself; nothing panics.
    #[test]
    fn date_keys_are_days_or_the_value(s in "\\PC{0,24}", y in 1900u32..2100, m in 1u32..13, d in 1u32..29) {
        let _ = event_key(Some(&s), None, None, "040", None);
        let day = format!("{y:04}-{m:02}-{d:02}");
        let with_time = format!("{day}T10:00");
        prop_assert_eq!(event_key(Some(&day), None, None, "040", None), event_key(Some(&with_time), None, None, "040", None));
        let month = format!("{y:04}-{m:02}");
        let month_key = format!("{month}|");
        prop_assert!(event_key(Some(&month), None, None, "040", None).starts_with(&month_key));
        prop_assert_ne!(event_key(Some(&month), None, None, "040", None), event_key(Some(&day), None, None, "040", None));
    }
}

backend_tests!(
    the_same_event_in_two_articles_is_one_event_with_their_counts,
    two_events_of_one_sentence_that_share_a_key_count_that_sentence_once,
    meeting_two_people_of_one_government_is_two_events,
    storing_a_document_again_changes_no_event,
    meetings_in_moscow_in_2013_and_in_sochi_in_2015_stay_two_events,
    queries_filter_by_actor_dyad_code_and_day,
    a_malformed_event_is_left_out_and_a_failed_annotation_stores_none,
    an_actor_whose_entity_the_article_does_not_hold_keeps_its_code,
);
