//! Entities in the store: linking across documents, idempotence, transaction safety, look-ups.

use super::*;
use crate::{Annotated, AnnotatedDocument, EntityQuery};
use herald_model::{ActorCode, Entity, EntityType, MentionForm};

/// A one-paragraph document dated `day`.
pub(crate) fn article(seed: &str, body: &str, day: Option<&str>) -> Document {
    let (text, paragraphs) = Document::assemble([
        (ParagraphKind::Headline, format!("Headline {seed}")),
        (ParagraphKind::Body, body.to_string()),
    ]);
    Document {
        id: DocId::of_bytes(seed.as_bytes()),
        origin: Origin { input: format!("{seed}.txt"), locator: Locator::Whole },
        external_id: Some(format!("ext-{seed}")),
        url: None,
        source: None,
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

pub(crate) fn ent(id: &str, name: &str, kind: EntityType, aliases: &[&str], code: Option<&str>) -> Entity {
    Entity {
        id: id.into(),
        name: name.into(),
        kind,
        aliases: aliases.iter().map(|a| a.to_string()).collect(),
        actor: code.map(|c| ActorCode {
            code: c.into(),
            country: None,
            sector: None,
            role: None,
            basis: "dictionary".into(),
        }),
        place: None,
    }
}

/// Mentions of `entities` at every occurrence of each `(text, entity id)` in the document.
pub(crate) fn mentions(doc: &Document, of: &[(&str, &str, EntityType)]) -> Vec<Mention> {
    let mut out = Vec::new();
    for (text, id, kind) in of {
        for (at, _) in doc.text.match_indices(text) {
            out.push(Mention {
                start: at,
                end: at + text.len(),
                text: text.to_string(),
                kind: *kind,
                form: MentionForm::Name,
                name_span: None,
                sentence: 0,
                entity: id.to_string(),
            });
        }
    }
    out.sort_by_key(|m| m.start);
    out
}

pub(crate) fn annotated(doc: Document, ms: Vec<Mention>, es: Vec<Entity>) -> AnnotatedDocument {
    AnnotatedDocument { doc, annotation: Some(Annotated::Entities { mentions: ms, entities: es, events: Vec::new() }) }
}

pub(crate) fn cp(n: u64) -> Checkpoint {
    Checkpoint { input: "in".into(), fingerprint: "f".into(), offset: n, last_item: None, complete: false }
}

pub(crate) fn rows(store: &dyn TestStore, table: &str) -> i64 {
    store.rows(table)
}

pub(crate) const P: EntityType = EntityType::Person;

pub(crate) fn lavrov_doc(seed: &str, spelling: &str, day: &str) -> AnnotatedDocument {
    let d = article(seed, &format!("{spelling} met John Kerry. Lavrov spoke first."), Some(day));
    let local = format!("person:{}", spelling.to_lowercase().replace(' ', "-"));
    let ms = mentions(&d, &[(spelling, &local, P), ("John Kerry", "person:john-keri", P), ("Lavrov spoke", &local, P)]);
    let es = vec![
        ent(&local, spelling, P, &["Lavrov"], Some("RUSGOV")),
        ent("person:john-keri", "John Kerry", P, &[], Some("USAGOV")),
    ];
    annotated(d, ms, es)
}

fn two_spellings_of_one_name_in_two_documents_are_one_entity(mut store: Boxed) {
    let a = lavrov_doc("a", "Sergei Lavrov", "2013-05-06");
    let b = lavrov_doc("b", "Sergey Lavrov", "2015-05-12");
    assert_eq!(store.commit_annotated(vec![a.clone()], vec![], &cp(1)).unwrap(), 1);
    assert_eq!(store.commit_annotated(vec![b.clone()], vec![], &cp(2)).unwrap(), 1);
    let people = store.entities(&EntityQuery { kind: Some(P), limit: 0 }).unwrap();
    assert_eq!(people.len(), 2, "{people:#?}");
    let lavrov = &people.iter().find(|e| e.name.contains("Lavrov")).unwrap();
    assert_eq!(lavrov.id, "person:sergei-lavrov");
    assert_eq!(lavrov.name, "Sergei Lavrov");
    assert_eq!((lavrov.articles, lavrov.mentions), (2, 4));
    let aliases: Vec<(&str, u64)> = lavrov.aliases.iter().map(|a| (a.alias.as_str(), a.articles)).collect();
    assert_eq!(aliases, vec![("Lavrov", 2), ("Sergey Lavrov", 1)]);

    // Mentions point to the store's entity, whatever the article called it.
    let mb = store.mentions(&b.doc.id).unwrap();
    assert_eq!(mb.len(), 3);
    assert!(mb.iter().filter(|m| m.text.contains("Lavrov")).all(|m| m.entity == "person:sergei-lavrov"));

    // Look-ups: id, any alias (folded), a surname.
    for key in ["person:sergei-lavrov", "Sergey Lavrov", "sergei lavrov", "SERGEY LAVROV", "Lavrov", "Sergeii Lavrov"] {
        let found = store.find_entities(key).unwrap();
        assert_eq!(found.iter().map(|e| e.id.as_str()).collect::<Vec<_>>(), ["person:sergei-lavrov"], "{key}");
    }
    assert!(store.find_entities("Lavrova").unwrap().is_empty());

    let detail = store.entity("person:sergei-lavrov", 0).unwrap().unwrap();
    assert_eq!(detail.record.codes.len(), 1);
    let code = &detail.record.codes[0];
    assert_eq!(
        (code.code.as_str(), code.first.as_deref(), code.last.as_deref(), code.articles),
        ("RUSGOV", Some("2013-05-06"), Some("2015-05-12"), 2)
    );
    let days: Vec<Option<&str>> = detail.record.articles.iter().map(|a| a.day.as_deref()).collect();
    assert_eq!(days, [Some("2013-05-06"), Some("2015-05-12")]);
    assert_eq!(detail.record.articles[1].name, "Sergey Lavrov");
    assert_eq!(detail.record.articles[1].external_id.as_deref(), Some("ext-b"));
    assert_eq!(detail.co_mentioned.len(), 1);
    assert_eq!((detail.co_mentioned[0].id.as_str(), detail.co_mentioned[0].articles), ("person:john-keri", 2));

    let mut exported = Vec::new();
    store
        .for_each_entity(&mut |e| {
            exported.push(e);
            Ok(())
        })
        .unwrap();
    assert_eq!(exported.len(), 2);
    assert_eq!(exported[0], detail.record);
}

fn people_who_share_a_surname_stay_apart_and_the_bare_surname_joins_neither(mut store: Boxed) {
    let george = article("g", "George Bush spoke.", Some("2004-01-01"));
    let ms = mentions(&george, &[("George Bush", "person:george-bush", P)]);
    let g = annotated(george, ms, vec![ent("person:george-bush", "George Bush", P, &["Bush"], None)]);
    let laura = article("l", "Laura Bush spoke.", Some("2004-01-02"));
    let ms = mentions(&laura, &[("Laura Bush", "person:laura-bush", P)]);
    let l = annotated(laura, ms, vec![ent("person:laura-bush", "Laura Bush", P, &["Bush"], None)]);
    store.commit_annotated(vec![g, l], vec![], &cp(1)).unwrap();
    let bush = article("b", "Bush spoke.", Some("2004-01-03"));
    let ms = mentions(&bush, &[("Bush", "person:bush", P)]);
    store
        .commit_annotated(vec![annotated(bush, ms, vec![ent("person:bush", "Bush", P, &[], None)])], vec![], &cp(2))
        .unwrap();
    let mut ids: Vec<String> = store.entities(&EntityQuery::default()).unwrap().into_iter().map(|e| e.id).collect();
    ids.sort();
    assert_eq!(ids, ["person:bush", "person:george-bush", "person:laura-bush"]);
    // "Bush" names all three: the look-up says so by returning them all.
    assert_eq!(store.find_entities("Bush").unwrap().len(), 3);
}

fn a_surname_met_first_takes_the_full_name_it_links_to(mut store: Boxed) {
    let first = article("1", "Assad spoke.", Some("2013-05-06"));
    let ms = mentions(&first, &[("Assad", "person:asad", P)]);
    store
        .commit_annotated(vec![annotated(first, ms, vec![ent("person:asad", "Assad", P, &[], None)])], vec![], &cp(1))
        .unwrap();
    let second = article("2", "Bashar al-Assad spoke.", Some("2015-05-11"));
    let ms = mentions(&second, &[("Bashar al-Assad", "person:bashar-asad", P)]);
    let es = vec![ent("person:bashar-asad", "Bashar al-Assad", P, &["Assad"], Some("SYRGOV"))];
    store.commit_annotated(vec![annotated(second, ms, es)], vec![], &cp(2)).unwrap();
    let third = article("3", "Bashar Assad spoke.", Some("2015-05-12"));
    let ms = mentions(&third, &[("Bashar Assad", "person:bashar-asad", P)]);
    let es = vec![ent("person:bashar-asad", "Bashar Assad", P, &[], Some("SYRGOV"))];
    store.commit_annotated(vec![annotated(third, ms, es)], vec![], &cp(3)).unwrap();
    let all = store.entities(&EntityQuery::default()).unwrap();
    assert_eq!(all.len(), 1, "{all:#?}");
    assert_eq!((all[0].id.as_str(), all[0].name.as_str(), all[0].articles), ("person:asad", "Bashar al-Assad", 3));
    for key in ["Assad", "Bashar Assad", "bashar al-assad"] {
        assert_eq!(store.find_entities(key).unwrap().len(), 1, "{key}");
    }
}

fn storing_the_same_documents_again_changes_nothing(mut store: Boxed) {
    let batch = vec![lavrov_doc("a", "Sergei Lavrov", "2013-05-06"), lavrov_doc("b", "Sergey Lavrov", "2015-05-12")];
    store.commit_annotated(batch.clone(), vec![], &cp(1)).unwrap();
    let tables = ["entities", "entity_keys", "entity_aliases", "doc_entities", "mentions", "doc_annotations"];
    let before: Vec<i64> = tables.iter().map(|t| rows(&*store, t)).collect();
    let listed = store.entities(&EntityQuery::default()).unwrap();
    let detail = store.entity("person:sergei-lavrov", 0).unwrap();
    assert_eq!(store.commit_annotated(batch.clone(), vec![], &cp(1)).unwrap(), 0);
    // A second copy with a different annotation is ignored as well.
    let mut changed = batch[0].clone();
    changed.annotation = Some(Annotated::Failed("boom".into()));
    assert_eq!(store.commit_annotated(vec![changed], vec![], &cp(1)).unwrap(), 0);
    assert!(!store.annotate_document(&batch[0].doc.id, batch[0].annotation.clone().unwrap()).unwrap());
    let after: Vec<i64> = tables.iter().map(|t| rows(&*store, t)).collect();
    assert_eq!(before, after);
    assert_eq!(store.entities(&EntityQuery::default()).unwrap(), listed);
    assert_eq!(store.entity("person:sergei-lavrov", 0).unwrap(), detail);
    let status = store.status().unwrap();
    assert_eq!((status.entities, status.annotated, status.annotation_failures), (2, 2, 0));
}

fn a_failed_batch_leaves_no_entity_behind(mut store: Boxed) {
    let good = lavrov_doc("a", "Sergei Lavrov", "2013-05-06");
    let mut bad = lavrov_doc("b", "Sergey Lavrov", "2015-05-12");
    bad.doc.paragraphs[1].end = bad.doc.text.len() + 10;
    let err = store.commit_annotated(vec![good.clone(), bad], vec![], &cp(1)).unwrap_err();
    assert!(matches!(err, StoreError::InvalidDocument { .. }), "{err}");
    for t in ["documents", "entities", "entity_keys", "entity_aliases", "doc_entities", "mentions", "doc_annotations"] {
        assert_eq!(rows(&*store, t), 0, "{t}");
    }
    // The same good document lands on its own, with its entities.
    assert_eq!(store.commit_annotated(vec![good], vec![], &cp(1)).unwrap(), 1);
    assert_eq!(rows(&*store, "entities"), 2);
}

fn a_failed_or_malformed_annotation_is_recorded_and_the_document_is_kept(mut store: Boxed) {
    let failed = AnnotatedDocument {
        doc: article("f", "Text.", None),
        annotation: Some(Annotated::Failed("the parser panicked".into())),
    };
    let mut malformed = lavrov_doc("m", "Sergei Lavrov", "2013-05-06");
    if let Some(Annotated::Entities { mentions, .. }) = &mut malformed.annotation {
        mentions[0].end = 10_000;
    }
    let plain = AnnotatedDocument { doc: article("p", "Plain.", None), annotation: None };
    assert_eq!(store.commit_annotated(vec![failed, malformed, plain.clone()], vec![], &cp(1)).unwrap(), 3);
    assert_eq!(rows(&*store, "entities"), 0);
    let status = store.status().unwrap();
    assert_eq!((status.documents, status.annotated, status.annotation_failures), (3, 0, 2));
    // A document stored without an annotation can be annotated later, once.
    let doc = plain.doc.clone();
    let ms = mentions(&doc, &[("Plain", "organisation:plain", EntityType::Organisation)]);
    let ann = Annotated::Entities {
        mentions: ms,
        entities: vec![ent("organisation:plain", "Plain", EntityType::Organisation, &[], None)],
        events: Vec::new(),
    };
    assert!(store.annotate_document(&doc.id, ann.clone()).unwrap());
    assert!(!store.annotate_document(&doc.id, ann.clone()).unwrap());
    assert_eq!(store.find_entities("plain").unwrap()[0].mentions, 1);
    assert!(store.annotate_document(&DocId("0".repeat(64)), ann).is_err());
}

fn a_shared_description_does_not_make_two_people_one(mut store: Boxed) {
    let mut docs = Vec::new();
    for (seed, name, id) in [("t", "Donald Trump", "person:donald-trump"), ("b", "Joe Biden", "person:joe-biden")] {
        let d = article(seed, &format!("{name} spoke. The president said more."), None);
        let mut ms = mentions(&d, &[(name, id, P), ("The president", id, P)]);
        ms[1].form = MentionForm::Description;
        docs.push(annotated(d, ms, vec![ent(id, name, P, &["The president"], None)]));
    }
    store.commit_annotated(docs, vec![], &cp(1)).unwrap();
    let all = store.entities(&EntityQuery::default()).unwrap();
    assert_eq!(all.len(), 2, "{all:#?}");
    // The description is still shown and found.
    assert_eq!(all[0].aliases[0].alias, "The president");
    assert_eq!(store.find_entities("the president").unwrap().len(), 2);
    assert_eq!(rows(&*store, "entity_keys WHERE key LIKE '%president%'"), 0);
}

fn initials_link_an_acronym_to_its_expansion_but_never_two_expansions(mut store: Boxed) {
    const O: EntityType = EntityType::Organisation;
    let mut batch = Vec::new();
    for (seed, name, id) in [
        ("1", "Google Stadia", "organisation:google-stadia"),
        ("2", "Grand Slam", "organisation:grand-slam"),
        ("3", "GS", "organisation:gs"),
        ("4", "General Motors", "organisation:general-motors"),
        ("5", "GM", "organisation:gm"),
        ("6", "Grocery Stores", "organisation:grocery-stores"),
    ] {
        let d = article(seed, &format!("{name} said so."), None);
        let ms = mentions(&d, &[(name, id, O)]);
        batch.push(annotated(d, ms, vec![ent(id, name, O, &[], None)]));
    }
    // An article that spells out its own "GS" links by the expansion, not by the acronym.
    let d = article("7", "Goldman Sachs (GS) said so.", None);
    let ms =
        mentions(&d, &[("Goldman Sachs", "organisation:goldman-sachs", O), ("GS)", "organisation:goldman-sachs", O)]);
    batch.push(annotated(d, ms, vec![ent("organisation:goldman-sachs", "Goldman Sachs", O, &["GS"], None)]));
    // One batch, and one at a time: the same outcome.
    for one_by_one in [false, true] {
        let mut store_here = store.another();
        if one_by_one {
            for (i, d) in batch.iter().enumerate() {
                store_here.commit_annotated(vec![d.clone()], vec![], &cp(i as u64)).unwrap();
            }
        } else {
            store_here.commit_annotated(batch.clone(), vec![], &cp(1)).unwrap();
        }
        let mut names: Vec<(String, Vec<String>)> = store_here
            .entities(&EntityQuery::default())
            .unwrap()
            .into_iter()
            .map(|e| (e.name, e.aliases.into_iter().map(|a| a.alias).collect()))
            .collect();
        names.sort();
        assert_eq!(
            names,
            [
                ("General Motors".to_string(), vec!["GM".to_string()]),
                ("Goldman Sachs".to_string(), vec!["GS".to_string()]),
                ("Google Stadia".to_string(), vec!["GS".to_string()]),
                ("Grand Slam".to_string(), vec![]),
                ("Grocery Stores".to_string(), vec![]),
            ],
            "one by one: {one_by_one}"
        );
    }
    store.commit_annotated(batch, vec![], &cp(1)).unwrap();
    // "GS" names two entities now; the look-up gives both.
    assert_eq!(store.find_entities("GS").unwrap().len(), 2);
}

/// Stores one single-entity document per `(seed, name, id, kind)`, one commit each, and returns
/// the store's id for each.
pub(crate) fn one_by_one(store: &mut dyn TestStore, docs: &[(&str, &str, &str, EntityType)]) -> Vec<String> {
    let mut out = Vec::new();
    for (i, (seed, name, id, kind)) in docs.iter().enumerate() {
        let d = article(seed, &format!("{name} said so."), None);
        let ms = mentions(&d, &[(name, id, *kind)]);
        let doc_id = d.id.clone();
        store
            .commit_annotated(vec![annotated(d, ms, vec![ent(id, name, *kind, &[], None)])], vec![], &cp(i as u64))
            .unwrap();
        out.push(store.mentions(&doc_id).unwrap()[0].entity.clone());
    }
    out
}

fn a_bare_surname_joins_a_person_only_while_the_surname_is_unambiguous(mut store: Boxed) {
    let ids = one_by_one(
        &mut *store,
        &[
            ("1", "Assad", "person:asad", P),
            ("2", "Bashar al-Assad", "person:bashar-asad", P),
            ("3", "Assad", "person:asad", P),
            ("4", "Hafez al-Assad", "person:hafez-asad", P),
            ("5", "Assad", "person:asad", P),
            ("6", "Assad", "person:asad", P),
        ],
    );
    // Bashar al-Assad takes the surname met first, and the next bare "Assad" while he is the
    // only Assad; once Hafez is stored, the id `person:asad` no longer says which Assad.
    assert_eq!(ids[..3], ["person:asad", "person:asad", "person:asad"]);
    assert_eq!(ids[3], "person:hafez-asad");
    assert_eq!(ids[4], "person:asad~2");
    assert_eq!(ids[5], "person:asad~2");
    let bashar = store.entity("person:asad", 0).unwrap().unwrap();
    assert_eq!((bashar.record.name.as_str(), bashar.record.article_count), ("Bashar al-Assad", 3));
}

fn acronyms_meet_their_own_letters_not_look_alikes(mut store: Boxed) {
    const O: EntityType = EntityType::Organisation;
    let ids = one_by_one(
        &mut *store,
        &[
            ("1", "Disney Channel", "organisation:disnei-chanel", O),
            ("2", "D.C.", "organisation:d.c", O),
            ("3", "DC", "organisation:dc", O),
            ("4", "UT", "organisation:ut", O),
            ("5", "UK Tories", "organisation:uk-tories", O),
            ("6", "OUT", "organisation:ut", O),
            ("7", "USAF", "organisation:usaf", O),
            ("8", "US Air Force", "organisation:us-air-force", O),
        ],
    );
    assert_eq!(
        ids,
        [
            "organisation:disnei-chanel",
            "organisation:d.c",
            // A bare "DC" is the stored "D.C." (the same letters), not the expansion.
            "organisation:d.c",
            "organisation:ut",
            "organisation:uk-tories",
            "organisation:ut~2",
            "organisation:usaf",
            "organisation:usaf",
        ]
    );
}

backend_tests!(
    two_spellings_of_one_name_in_two_documents_are_one_entity,
    people_who_share_a_surname_stay_apart_and_the_bare_surname_joins_neither,
    a_surname_met_first_takes_the_full_name_it_links_to,
    storing_the_same_documents_again_changes_nothing,
    a_failed_batch_leaves_no_entity_behind,
    a_failed_or_malformed_annotation_is_recorded_and_the_document_is_kept,
    a_shared_description_does_not_make_two_people_one,
    initials_link_an_acronym_to_its_expansion_but_never_two_expansions,
    a_bare_surname_joins_a_person_only_while_the_surname_is_unambiguous,
    acronyms_meet_their_own_letters_not_look_alikes,
);
