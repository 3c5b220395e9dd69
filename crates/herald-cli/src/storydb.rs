//! The clustering step of `herald ingest`: event clusters and storylines kept in the store,
//! updated incrementally as articles arrive.
//!
//! After an ingest run has committed its documents, [`update`] loads the saved clustering state
//! (herald-stories' snapshot of the online clustering and the storylines), takes the documents
//! stored after its watermark in ingest order ("pending": stored, not yet placed), adds them
//! one by one (title, body, publication day, language, the store's entity ids most mentioned
//! first, the keys of its coded events), and then, for each cluster that took a member: its headline and 3–5 sentence
//! summary (herald-stories `summary`, from at most [`MEMBER_CAP`] of its canonical members),
//! its storyline (herald-stories `storyline`, keyed by the members' entities, the actor dyads of
//! their coded events and their salient terms) and its timeline line. All of it, with the new
//! snapshot and watermark, is one [`StoryUpdate`] committed in one transaction, every
//! [`CHUNK`] documents.
//!
//! Crash-safe and idempotent: a crash before a commit leaves its documents pending for the next
//! run; a rerun with nothing pending writes nothing. The work per article does not grow with
//! the store: the state is restored from its snapshot (never by replaying stored documents) and
//! only the clusters a step touched are summarised again, from a bounded number of members.
//! The snapshot itself is read and written whole once per step (per [`CHUNK`] documents), which
//! is linear in the store; a run of many documents spreads that over all of them.
//!
//! A snapshot of another format version (or one that cannot be decoded) is not an error: the
//! step says so and rebuilds, replaying every stored document once in ingest order and
//! rewriting every cluster and storyline row (cluster ids are the ids of opening documents, so
//! the same documents in the same order give the same ids again).

use anyhow::{Context, Result};
use herald_store::{ClusterWrite, DocPlacement, Store, StoryDoc, StoryState, StoryUpdate, StorylineWrite, SummaryLine};
use herald_stories::format_day;
use herald_stories::storyline::{salient_terms, ClusterProfile, Storylines};
use herald_stories::summary::{self, Member, SentenceIn, TimelineEvent};
use herald_stories::{Article, Stories};
use std::collections::{BTreeMap, HashMap};

/// Documents placed per transaction.
pub const CHUNK: usize = 5_000;
/// Canonical members a cluster's summary and storyline keys are computed from: the first half
/// and the latest half in ingest order.
pub const MEMBER_CAP: usize = 24;

/// What one clustering step did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct StepSummary {
    /// Documents placed.
    pub placed: usize,
    /// Of which near-duplicates of an earlier document.
    pub duplicates: usize,
    /// Of which without a publication day: placed by text, entities and events alone, so they
    /// can join a story of any year.
    pub undated: usize,
    /// Clusters opened; clusters (new or not) whose rows were rewritten; existing clusters that
    /// took new articles.
    pub opened: usize,
    pub touched: usize,
    pub updated: usize,
    /// Storylines opened.
    pub storylines_opened: usize,
    /// The saved state could not be used and every stored document was placed again.
    pub rebuilt: Option<String>,
    /// Clusters and storylines live after the step.
    pub clusters: usize,
    pub storylines: usize,
    /// Wall time of the step; bytes of the saved state.
    pub elapsed: std::time::Duration,
    pub snapshot_bytes: usize,
}

/// herald-stories' snapshot, with errors as text.
mod snap {
    use herald_stories::storyline::Storylines;
    use herald_stories::Stories;

    pub use herald_stories::snapshot::VERSION;

    pub fn encode(stories: &Stories, lines: &Storylines) -> Vec<u8> {
        herald_stories::snapshot::encode(stories, lines)
    }

    pub fn decode(bytes: &[u8]) -> Result<(Stories, Storylines), String> {
        herald_stories::snapshot::decode(bytes).map_err(|e| e.to_string())
    }

    /// Clusters merged into an older one: (merged id, surviving id).
    pub fn merged(stories: &Stories) -> Vec<(String, String)> {
        stories.merged_clusters()
    }
}

/// Places every pending document (see the module doc).
pub fn update(store: &mut dyn Store) -> Result<StepSummary> {
    let started = std::time::Instant::now();
    let mut out = StepSummary::default();
    let saved = store.story_state().context("reading the clustering state")?;
    let saved_seq = saved.as_ref().map_or(0, |s| s.last_seq);
    // Nothing pending and a state this build reads: done, without decoding the state.
    let mut first = None;
    if saved.as_ref().is_none_or(|s| s.version == snap::VERSION) {
        let pending = store.pending_story_docs(saved_seq, CHUNK).context("reading the documents to cluster")?;
        if pending.is_empty() {
            return Ok(out);
        }
        first = Some(pending);
    }
    let (mut stories, mut lines, mut watermark, mut rebuild) = match &saved {
        None => (Stories::default(), Storylines::new(), 0, false),
        Some(s) if s.version == snap::VERSION => match snap::decode(&s.snapshot) {
            Ok((st, sl)) => (st, sl, s.last_seq, false),
            Err(e) => {
                out.rebuilt = Some(format!("the saved clustering state cannot be read ({e})"));
                first = None;
                (Stories::default(), Storylines::new(), 0, true)
            }
        },
        Some(s) => {
            out.rebuilt = Some(format!(
                "the saved clustering state is format {}, this build writes format {}",
                s.version,
                snap::VERSION
            ));
            (Stories::default(), Storylines::new(), 0, true)
        }
    };
    let mut expected = saved_seq;
    loop {
        let pending = match first.take() {
            Some(p) => p,
            None => store.pending_story_docs(watermark, CHUNK).context("reading the documents to cluster")?,
        };
        if pending.is_empty() {
            break;
        }
        let last = pending.last().map_or(watermark, |d| d.seq);
        let update = step(store, &mut stories, &mut lines, &pending, &mut out)?;
        let snapshot = snap::encode(&stories, &lines);
        out.snapshot_bytes = snapshot.len();
        let update = StoryUpdate {
            expected_last_seq: expected,
            rebuild,
            state: Some(StoryState { version: snap::VERSION, last_seq: last, snapshot }),
            ..update
        };
        store.commit_stories(&update).context("storing clusters and storylines")?;
        watermark = last;
        expected = last;
        rebuild = false;
    }
    out.clusters = stories.cluster_count();
    out.storylines = (0..lines.len() as u32).filter(|&s| !lines.storyline(s).clusters.is_empty()).count();
    out.elapsed = started.elapsed();
    Ok(out)
}

fn day_of(dct: Option<&str>) -> Option<i64> {
    dct.and_then(herald_stories::parse_day)
}

/// Places `docs`, then rebuilds the rows of the clusters they touched.
fn step(
    store: &dyn Store,
    stories: &mut Stories,
    lines: &mut Storylines,
    docs: &[StoryDoc],
    out: &mut StepSummary,
) -> Result<StoryUpdate> {
    let before = stories.cluster_count();
    let first_arrival = stories.len();
    let mut opened = 0usize;
    let mut placed: Vec<herald_stories::Placement> = Vec::with_capacity(docs.len());
    for d in docs {
        let entities: Vec<String> = d.entities.iter().map(|(e, _)| e.clone()).collect();
        let mut events: Vec<String> =
            d.events.iter().map(|(s, t, cameo)| herald_stories::event_key(Some(s), Some(t), cameo)).collect();
        events.dedup();
        let lang = d.language.as_deref().or_else(|| herald_stories::language(&d.body));
        let day = day_of(d.dct.as_deref());
        out.undated += usize::from(day.is_none());
        let p = stories.add(&Article {
            id: &d.id.0,
            title: d.title.as_deref().unwrap_or(""),
            text: &d.body,
            day,
            entities: &entities,
            events: &events,
            lang,
        });
        if p.opened {
            opened += 1;
        }
        placed.push(p);
    }
    // Merges (off unless the configuration asks for them) make the live count fall short.
    let merged = if stories.cluster_count() == before + opened { Vec::new() } else { snap::merged(stories) };
    // The clusters touched, by their final id, in the order first touched; with the new
    // canonical members each took (indexes into `docs`).
    let mut touched: Vec<(u32, String, Vec<usize>)> = Vec::new();
    let mut where_: HashMap<String, usize> = HashMap::new();
    let mut placements = Vec::with_capacity(docs.len());
    for (i, (d, p)) in docs.iter().zip(&placed).enumerate() {
        let cluster = stories.cluster_id(p.cluster).to_string();
        let slot = *where_.entry(cluster.clone()).or_insert_with(|| {
            touched.push((p.cluster, cluster.clone(), Vec::new()));
            touched.len() - 1
        });
        if p.duplicate_of.is_none() {
            touched[slot].2.push(i);
        } else {
            out.duplicates += 1;
        }
        let mut flags = Vec::new();
        if p.flags.empty {
            flags.push("empty");
        }
        if p.flags.odd_date {
            flags.push("odd_date");
        }
        placements.push(DocPlacement {
            doc: d.id.clone(),
            arrival: u32::try_from(first_arrival + i).context("more than 4 billion documents")?,
            cluster,
            canonical: p.duplicate_of,
            opened: p.opened,
            score: p.score,
            flags,
        });
    }
    out.placed += docs.len();
    out.opened += opened;
    let opened_here: std::collections::HashSet<&str> =
        placements.iter().filter(|p| p.opened).map(|p| p.cluster.as_str()).collect();
    out.updated += touched.iter().filter(|t| !opened_here.contains(t.1.as_str())).count();

    let mut clusters = Vec::with_capacity(touched.len());
    let mut storylines: BTreeMap<u32, ()> = BTreeMap::new();
    // A merged cluster leaves its storyline (the surviving one is placed again below).
    for (young, _) in &merged {
        if let Some(s) = lines.remove(young) {
            storylines.insert(s, ());
        }
    }
    for (c, id, new_members) in &touched {
        let info = stories.cluster(*c);
        let id = id.clone();
        let mut ids = vec![id.clone()];
        ids.extend(merged.iter().filter(|(_, into)| *into == id).map(|(young, _)| young.clone()));
        let mut members: Vec<StoryDoc> =
            store.cluster_member_docs(&ids, MEMBER_CAP).with_context(|| format!("reading the members of {id}"))?;
        for &i in new_members {
            if !members.iter().any(|m| m.id == docs[i].id) {
                members.push(docs[i].clone());
            }
        }
        members.sort_by_key(|m| m.seq);
        if members.len() > MEMBER_CAP {
            let first = MEMBER_CAP.div_ceil(2);
            let last = MEMBER_CAP - first;
            let tail = members.split_off(members.len() - last);
            members.truncate(first);
            members.extend(tail);
        }
        let (first_day, last_day) = (info.first_day, info.last_day);
        let sum = summarize(&members);
        let headline = if sum.headline.trim().is_empty() {
            members.iter().find_map(|m| m.title.clone()).unwrap_or_else(|| "(no headline)".to_string())
        } else {
            sum.headline.clone()
        };
        // Storyline keys from the same members.
        let mut ents: HashMap<&str, f32> = HashMap::new();
        let mut dyads: Vec<(String, String, u32)> = Vec::new();
        let mut texts: Vec<String> = Vec::with_capacity(members.len());
        for m in &members {
            for (e, n) in &m.entities {
                *ents.entry(e.as_str()).or_insert(0.0) += *n as f32;
            }
            dyads.extend(m.dyads.iter().cloned());
            texts.push(format!("{}\n{}", m.title.as_deref().unwrap_or(""), m.body));
        }
        let mut entities: Vec<(String, f32)> = ents.into_iter().map(|(e, w)| (e.to_string(), w)).collect();
        entities.sort_by(|a, b| a.0.cmp(&b.0));
        let text_refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let terms = salient_terms(&text_refs);
        let placed = lines.add(&ClusterProfile {
            id: &id,
            first_day,
            last_day,
            entities: &entities,
            dyads: &dyads,
            terms: &terms,
        });
        if placed.opened {
            out.storylines_opened += 1;
        }
        storylines.insert(placed.storyline, ());
        let line = summary::timeline(&[TimelineEvent { cluster: &id, first_day, last_day, description: &headline }]);
        let (span, line) = line.into_iter().next().map(|l| (l.span, l.text)).unwrap_or_default();
        clusters.push(ClusterWrite {
            first_day: first_day.map(format_day),
            last_day: last_day.map(format_day),
            size: info.members,
            duplicates: info.duplicates,
            language: info.lang.map(str::to_string),
            headline_doc: sum.headline_doc.map(herald_model::DocId),
            summary: sum
                .sentences
                .into_iter()
                .map(|s| SummaryLine {
                    doc: herald_model::DocId(s.doc),
                    external_id: None,
                    position: s.position,
                    text: s.text,
                })
                .collect(),
            storyline: Some(lines.storyline_id(placed.storyline).to_string()),
            headline,
            span,
            line,
            id,
        });
    }
    out.touched += clusters.len();
    let storylines = storylines
        .keys()
        .map(|&s| {
            let info = lines.storyline(s);
            StorylineWrite {
                id: info.id.to_string(),
                first_day: info.first_day.map(format_day),
                last_day: info.last_day.map(format_day),
                clusters: u32::try_from(info.clusters.len()).unwrap_or(u32::MAX),
            }
        })
        .collect();
    Ok(StoryUpdate { placements, merged, clusters, storylines, ..StoryUpdate::default() })
}

/// Headline and summary of a cluster from its members' titles and body sentences.
fn summarize(members: &[StoryDoc]) -> summary::Summary {
    let days: Vec<Option<i64>> = members.iter().map(|m| day_of(m.dct.as_deref())).collect();
    let heads: Vec<Member> = members
        .iter()
        .zip(&days)
        .filter_map(|(m, day)| m.title.as_deref().map(|t| Member { doc: &m.id.0, title: t, day: *day }))
        .collect();
    let mut sentences: Vec<SentenceIn> = Vec::new();
    for (m, day) in members.iter().zip(&days) {
        sentences.extend(summary::split_body(&m.id.0, *day, &m.body));
    }
    summary::summarize(&heads, &sentences)
}

/// The lines `herald ingest` ends with.
pub fn print_summary(s: &StepSummary) {
    if let Some(why) = &s.rebuilt {
        println!("clusters rebuilt: {why}; every stored document was placed again");
    }
    if s.placed == 0 {
        println!("clusters               (nothing new to place)");
        return;
    }
    println!(
        "clustered     {:>8}  documents ({} near-duplicates): {} clusters opened, {} updated; {} storylines opened",
        s.placed, s.duplicates, s.opened, s.updated, s.storylines_opened
    );
    if s.undated > 0 {
        println!(
            "undated       {:>8}  documents without a publication date were placed by text, entities and events \
             alone and may join a story of any year (`herald ingest --date YYYY-MM-DD` gives them one)",
            s.undated
        );
    }
    println!(
        "clusters      {:>8}  in {} storylines ({:.2}s, state {} KiB; `herald stories`, `herald storylines`)",
        s.clusters,
        s.storylines,
        s.elapsed.as_secs_f64(),
        s.snapshot_bytes.div_ceil(1024)
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use herald_model::{Checkpoint, Dct, DctSource, DocId, Document, Locator, Origin, ParagraphKind};
    use herald_store::{ClusterQuery, SqliteStore};

    fn doc(id: &str, day: &str, title: &str, body: &str) -> Document {
        let (text, paragraphs) =
            Document::assemble([(ParagraphKind::Headline, title.to_string()), (ParagraphKind::Body, body.to_string())]);
        Document {
            id: DocId::of_bytes(id.as_bytes()),
            origin: Origin { input: "t.jsonl".into(), locator: Locator::Line(1) },
            external_id: Some(id.to_string()),
            url: None,
            source: Some(format!("outlet-{id}")),
            title: Some(title.to_string()),
            author: None,
            site: None,
            language: Some("en".into()),
            dct: Some(Dct { value: day.to_string(), source: DctSource::Input }),
            text,
            paragraphs,
            meta: serde_json::Map::new(),
        }
    }

    fn corpus() -> Vec<Document> {
        let sochi = "Secretary of State John Kerry met President Vladimir Putin and Foreign Minister Sergei Lavrov in \
                     Sochi to discuss Ukraine, Syria and Iran. The talks in the Black Sea resort lasted four hours.";
        let harbour = "The harbour authority closed the northern pier after a crane toppled into the water during a \
                       storm. Ferries to the islands were cancelled until engineers inspect the quay.";
        vec![
            doc("a", "2015-05-11", "Kerry meets Putin in Sochi", sochi),
            doc("b", "2015-05-12", "Crane topples into harbour", harbour),
            doc("c", "2015-05-12", "Kerry and Putin talk in Sochi", &sochi.replace("four", "several")),
            doc("d", "2015-05-13", "Harbour pier closed after storm", &harbour.replace("northern", "old")),
            doc("e", "2015-05-13", "Kerry, Putin hold Sochi talks", &format!("{sochi} Lavrov called it useful.")),
        ]
    }

    fn commit(store: &mut SqliteStore, docs: Vec<Document>, n: u64) {
        let cp = Checkpoint { input: "t".into(), fingerprint: "f".into(), offset: n, last_item: None, complete: false };
        store.commit_batch(docs, Vec::new(), &cp).unwrap();
    }

    /// Document external id → its cluster id, from `herald story`'s store calls.
    fn assignment(store: &SqliteStore) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for c in store.clusters(&ClusterQuery::default()).unwrap() {
            for m in store.cluster(&c.id, 0).unwrap().unwrap().members {
                out.push((m.external_id.unwrap(), c.id.clone()));
            }
        }
        out.sort();
        out
    }

    #[test]
    fn incremental_steps_place_like_one_step_and_reruns_change_nothing() {
        let mut once = SqliteStore::in_memory().unwrap();
        commit(&mut once, corpus(), 1);
        let s = update(&mut once).unwrap();
        assert_eq!((s.placed, s.clusters), (5, 2), "{s:?}");
        let state = once.story_state().unwrap().unwrap();
        // Nothing pending: nothing placed, nothing written.
        let again = update(&mut once).unwrap();
        assert_eq!((again.placed, again.rebuilt.clone()), (0, None), "{again:?}");
        assert_eq!(once.story_state().unwrap().unwrap(), state);

        let mut steps = SqliteStore::in_memory().unwrap();
        let docs = corpus();
        commit(&mut steps, docs[..2].to_vec(), 1);
        update(&mut steps).unwrap();
        let early = assignment(&steps);
        commit(&mut steps, docs[2..4].to_vec(), 2);
        update(&mut steps).unwrap();
        commit(&mut steps, docs[4..].to_vec(), 3);
        let last = update(&mut steps).unwrap();
        assert_eq!((last.placed, last.opened), (1, 0));
        let all = assignment(&steps);
        assert_eq!(all, assignment(&once));
        // Ids given in the first step did not move.
        for pair in &early {
            assert!(all.contains(pair), "{pair:?} moved: {all:?}");
        }
        let kerry: Vec<&String> =
            all.iter().filter(|(d, _)| ["a", "c", "e"].contains(&d.as_str())).map(|p| &p.1).collect();
        assert!(kerry.iter().all(|c| *c == kerry[0]), "{all:?}");
        assert_eq!(*kerry[0], DocId::of_bytes(b"a").0, "the cluster id is its first article's");
    }

    #[test]
    fn an_unreadable_state_is_rebuilt_from_the_stored_documents() {
        let mut store = SqliteStore::in_memory().unwrap();
        commit(&mut store, corpus(), 1);
        update(&mut store).unwrap();
        let before = assignment(&store);
        let last_seq = store.story_state().unwrap().unwrap().last_seq;
        let broken = StoryUpdate {
            expected_last_seq: last_seq,
            state: Some(StoryState { version: snap::VERSION, last_seq, snapshot: b"garbage".to_vec() }),
            ..StoryUpdate::default()
        };
        store.commit_stories(&broken).unwrap();
        // With nothing pending the state is not even read; the next document triggers the rebuild.
        assert_eq!(update(&mut store).unwrap().placed, 0);
        let late = doc("f", "2015-05-14", "Putin and Kerry end Sochi talks", "Kerry left Sochi after the talks.");
        commit(&mut store, vec![late], 2);
        let s = update(&mut store).unwrap();
        assert!(s.rebuilt.is_some() && s.placed == 6, "{s:?}");
        let after = assignment(&store);
        for pair in &before {
            assert!(after.contains(pair), "{pair:?} moved: {after:?}");
        }
        assert_eq!(update(&mut store).unwrap().placed, 0);
    }

    #[test]
    fn documents_without_a_day_are_counted_as_undated() {
        let mut store = SqliteStore::in_memory().unwrap();
        let mut docs = corpus();
        docs[1].dct = None;
        docs[3].dct = None;
        commit(&mut store, docs, 1);
        let s = update(&mut store).unwrap();
        assert_eq!((s.placed, s.undated), (5, 2), "{s:?}");
        // A later step counts only what it places.
        let mut more = corpus();
        more.truncate(1);
        more[0].id = DocId::of_bytes(b"f");
        more[0].external_id = Some("f".into());
        commit(&mut store, more, 2);
        let s = update(&mut store).unwrap();
        assert_eq!((s.placed, s.undated), (1, 0), "{s:?}");
    }
}
