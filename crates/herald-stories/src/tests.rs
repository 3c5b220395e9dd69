use super::*;

fn art<'a>(id: &'a str, text: &'a str, day: Option<i64>, entities: &'a [String]) -> Article<'a> {
    Article { id, title: "", text, day, entities, events: &[], lang: Some("en") }
}

fn ents(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

const VISIT_A: &str = "The foreign minister of Norland flew to Vesta on Monday for talks with the \
    president of Vesta about the border dispute, the grain embargo and the fishing quotas in the \
    northern bay. The minister met the president at his summer residence near the coast.";
const VISIT_B: &str = "Norland's foreign minister held talks with the Vestan president at a coastal \
    residence on Tuesday, discussing the border dispute, the embargo on grain and fishing quotas \
    in the northern bay, officials from both countries said.";
const FLOOD: &str = "Heavy rain flooded the lower districts of Harrowgate overnight; firefighters \
    rescued dozens of residents from rooftops and the river crested two metres above its banks, \
    closing the railway bridge and three schools.";

#[test]
fn same_event_joins_other_event_opens() {
    let mut s = Stories::default();
    let e = ents(&["NOR", "VES", "p:minister"]);
    let d = days_from_civil(2015, 5, 11);
    let a = s.add(&art("a", VISIT_A, Some(d), &e));
    let b = s.add(&art("b", VISIT_B, Some(d + 1), &e));
    let c = s.add(&art("c", FLOOD, Some(d + 1), &[]));
    assert!(a.opened);
    assert_eq!(b.cluster, a.cluster, "score {}", b.score);
    assert!(c.opened && c.cluster != a.cluster);
    assert_eq!(s.cluster_id(b.cluster), "a");
    assert_eq!(s.cluster_id(c.cluster), "c");
}

#[test]
fn time_separates_the_same_story_two_years_apart() {
    let mut s = Stories::default();
    let e = ents(&["NOR", "VES"]);
    let early = s.add(&art("early", VISIT_A, Some(days_from_civil(2013, 5, 7)), &e));
    let late = s.add(&art("late", VISIT_B, Some(days_from_civil(2015, 5, 12)), &e));
    assert_ne!(early.cluster, late.cluster);
    // Without dates, the same texts would join.
    let mut s = Stories::default();
    let x = s.add(&art("x", VISIT_A, None, &e));
    let y = s.add(&art("y", VISIT_B, None, &e));
    assert_eq!(x.cluster, y.cluster);
}

#[test]
fn copies_are_duplicates_of_the_first_and_counted() {
    let mut s = Stories::default();
    let first = s.add(&art("wire", VISIT_A, Some(100), &[]));
    let edited = format!("{VISIT_A} The talks continue tomorrow.");
    let p = s.add(&art("copy1", &edited, Some(100), &[]));
    assert_eq!(p.duplicate_of, Some(first.doc));
    assert_eq!(p.cluster, first.cluster);
    for i in 0..10_000 {
        let id = format!("c{i}");
        let p = s.add(&art(&id, VISIT_A, Some(100), &[]));
        assert_eq!(p.duplicate_of, Some(first.doc));
    }
    assert_eq!(s.duplicate_count(first.doc), 10_001);
    let info = s.cluster(first.cluster);
    assert_eq!((info.members, info.duplicates), (10_002, 10_001));
    assert_eq!(s.cluster_count(), 1);
}

#[test]
fn copies_count_in_the_document_frequencies_whatever_the_minhash_functions() {
    // A copy attached as a near-duplicate and the same copy scored as an article leave the same
    // document frequencies: the idf does not depend on the duplicate decision.
    let edited = format!("{VISIT_A} The talks continue tomorrow.");
    let stream = [("wire", VISIT_A), ("copy", edited.as_str()), ("flood", FLOOD)];
    let run = |cfg: Config| {
        let mut s = Stories::new(cfg);
        let dup: Vec<bool> =
            stream.iter().map(|(id, t)| s.add(&art(id, t, Some(100), &[])).duplicate_of.is_some()).collect();
        let minister = s.vocab[terms::content("minister").unwrap()];
        (dup, s.scored_docs, s.df[minister as usize])
    };
    let (dup, docs, df) = run(Config::default());
    assert_eq!(dup, vec![false, true, false]);
    assert_eq!((docs, df), (3, 2));
    // The same copy published long after its cluster's burst is not attached but scored: the same
    // document frequencies.
    let mut s = Stories::default();
    let late: Vec<bool> = stream
        .iter()
        .zip([100, 400, 100])
        .map(|((id, t), day)| s.add(&art(id, t, Some(day), &[])).duplicate_of.is_some())
        .collect();
    assert_eq!(late, vec![false, false, false]);
    let minister = s.vocab[terms::content("minister").unwrap()];
    assert_eq!((s.scored_docs, s.df[minister as usize]), (docs, df));
    // Under other MinHash functions the copy may or may not be called a duplicate; the document
    // frequencies are the same.
    for seed in 1..4 {
        let (_, d, f) = run(Config { sketch_seed: seed, ..Config::default() });
        assert_eq!((d, f), (docs, df), "sketch seed {seed}");
    }
}

#[test]
fn empty_articles_stay_alone() {
    let mut s = Stories::default();
    let a = s.add(&art("e1", "", Some(10), &[]));
    let b = s.add(&art("e2", "  ... \n", Some(10), &[]));
    let c = s.add(&art("e3", "the of and", None, &[]));
    assert!(a.flags.empty && b.flags.empty && c.flags.empty);
    assert_eq!(s.cluster_count(), 3);
}

#[test]
fn other_languages_are_kept_apart() {
    let mut s = Stories::default();
    let e = ents(&["NOR", "VES"]);
    let en = s.add(&art("en", VISIT_A, Some(5), &e));
    // The same words under another language tag never join the English cluster.
    let mut other = art("es", VISIT_B, Some(5), &e);
    other.lang = Some("es");
    let es = s.add(&other);
    assert_ne!(es.cluster, en.cluster);
    // Nor does an exact copy tagged with another language count as its duplicate.
    let mut copy = art("es2", VISIT_A, Some(5), &e);
    copy.lang = Some("es");
    let p = s.add(&copy);
    assert_ne!(p.cluster, en.cluster);
    assert_eq!(s.cluster(en.cluster).lang, Some("en"));
}

#[test]
fn language_identification_is_used_for_real_text() {
    assert_eq!(language(VISIT_A), Some("en"));
    let spanish = "El ministro de asuntos exteriores viajó el lunes para conversar con el \
        presidente sobre la disputa fronteriza y las cuotas de pesca en la bahía del norte.";
    assert_eq!(language(spanish), Some("es"));
}

#[test]
fn odd_dates_are_flagged_and_do_not_panic() {
    let mut s = Stories::default();
    let now = days_from_civil(2016, 4, 4);
    let a = s.add(&art("now", VISIT_A, Some(now), &[]));
    assert!(!a.flags.odd_date);
    let old = s.add(&art("old", VISIT_B, Some(days_from_civil(1900, 1, 1)), &[]));
    assert!(old.flags.odd_date);
    assert_ne!(old.cluster, a.cluster);
    let future = s.add(&art("future", FLOOD, Some(days_from_civil(2199, 12, 31)), &[]));
    assert!(future.flags.odd_date);
    // Two years after the latest article is not odd: archives are ingested out of order.
    let later = s.add(&art("later", VISIT_A, Some(now + 800), &[]));
    assert!(!later.flags.odd_date);
    // Extreme values are clamped, not overflowed.
    let _ = s.add(&art("x", FLOOD, Some(i64::MAX), &[]));
    let _ = s.add(&art("y", FLOOD, Some(i64::MIN), &[]));
    let _ = days_from_civil(i64::MAX, 99, 99);
}

#[test]
fn civil_days() {
    assert_eq!(days_from_civil(1970, 1, 1), 0);
    assert_eq!(days_from_civil(2000, 3, 1), 11_017);
    assert_eq!(parse_day("2015-05-12T10:00:00Z"), Some(days_from_civil(2015, 5, 12)));
    assert_eq!(parse_day("2015-13-01"), None);
    assert_eq!(parse_day("May 2015"), None);
}

#[test]
fn deterministic() {
    let run = || {
        let mut s = Stories::default();
        let texts = [VISIT_A, VISIT_B, FLOOD, VISIT_B, FLOOD];
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let id = format!("d{i}");
                let p = s.add(&art(&id, t, Some(i as i64), &[]));
                s.cluster_id(p.cluster).to_string()
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(run(), run());
}

#[test]
fn cost_per_article_is_bounded_by_the_index_not_the_store() {
    // Many distinct clusters sharing one common word: the posting list of that word stays capped.
    let mut s = Stories::default();
    for i in 0..3_000 {
        let text = format!("harbour report number w{i}x q{i}y z{i}k");
        s.add(&art("n", &text, Some(0), &[]));
    }
    assert!(s.postings.values().all(|p| p.len() <= POSTING));
}

/// Plain cosines over word sets: no idf, no entities, no spread, no ownership, one threshold.
fn plain(merge_threshold: f32) -> Config {
    Config {
        threshold_long: 0.6,
        threshold_short: 0.6,
        entity_weight: 0.0,
        idf_power: 0.0,
        spread: 0.0,
        merge_threshold,
        merge_ratio: 0.5,
        ownership_weight: 0.0,
        ..Config::default()
    }
}

/// Three articles: "a" and "b" share a third of their words (cosine 0.5, under the threshold,
/// so "b" opens its own cluster); "ab" carries both word sets and is close to both.
fn bridge(cfg: Config) -> (Stories, [Placement; 3]) {
    let mut s = Stories::new(cfg);
    let a = "wa1 wa2 wa3 wa4 ws1 ws2 ws3 ws4";
    let b = "wb1 wb2 wb3 wb4 ws1 ws2 ws3 ws4";
    let ab = "wa1 wa2 wa3 wa4 wb1 wb2 wb3 wb4 ws1 ws2 ws3 ws4";
    let pa = s.add(&art("a", a, Some(3), &[]));
    let pb = s.add(&art("b", b, Some(3), &[]));
    let pab = s.add(&art("ab", ab, Some(3), &[]));
    (s, [pa, pb, pab])
}

#[test]
fn converging_clusters_merge_under_the_older_id() {
    let (s, [pa, pb, pab]) = bridge(plain(0.3));
    assert!(pa.opened && pb.opened && pa.cluster != pb.cluster);
    assert_eq!(pab.cluster, pa.cluster, "joins the older cluster and absorbs the younger");
    assert_eq!(s.cluster_id(pb.cluster), "a", "the younger cluster's members now report the older id");
    assert_eq!(s.cluster_count(), 1);
    let info = s.cluster(pb.cluster);
    assert_eq!((info.id, info.members), ("a", 3));
}

#[test]
fn without_merges_or_with_a_high_bar_the_clusters_stay_apart() {
    for cfg in [plain(0.0), plain(0.95)] {
        let (s, [pa, pb, pab]) = bridge(cfg);
        assert_eq!(pab.cluster, pa.cluster);
        assert_eq!(s.cluster_id(pb.cluster), "b");
        assert_eq!(s.cluster_count(), 2);
    }
}

#[test]
fn spread_lets_a_loose_story_take_a_report_sharing_its_key_word() {
    // Six headlines on one story, each with the key words "titanfall respawn" and two words of
    // its own; a seventh with one key word and five new words. Its cosine with the centroid is
    // 0.27, under the threshold 0.3; the spread factor (6 members, centroid norm 4.6) lifts it
    // to 0.35.
    let run = |spread: f32| {
        let cfg = Config { threshold_long: 0.3, threshold_short: 0.3, spread, ..plain(0.0) };
        let mut s = Stories::new(cfg);
        let mut ids = Vec::new();
        for i in 0..6 {
            let text = format!("titanfall respawn wx{i} wy{i}");
            ids.push(s.add(&art("h", &text, None, &[])).cluster);
        }
        (ids, s.add(&art("new", "titanfall wq1 wq2 wq3 wq4 wq5", None, &[])).cluster)
    };
    let (ids, new) = run(1.0);
    assert!(ids.iter().all(|&c| c == ids[0]));
    assert_eq!(new, ids[0]);
    let (ids, new) = run(0.0);
    assert!(ids.iter().all(|&c| c == ids[0]));
    assert_ne!(new, ids[0], "without the spread factor the cosine is too low");
}

#[test]
fn a_headline_of_a_few_words_needs_a_little_more() {
    let cfg = Config::default();
    assert_eq!(cfg.threshold(cfg.tiny_terms), cfg.threshold_short + cfg.tiny_extra);
    assert_eq!(cfg.threshold(cfg.tiny_terms + 1), cfg.threshold_short);
    assert_eq!(cfg.threshold(cfg.long_terms), cfg.threshold_long);
    // A three-word headline sharing two words with a one-member cluster (plain weights: cosine
    // 2/3) joins it under a bar of 0.5 and not under 0.5 + 0.25.
    let run = |tiny_extra: f32| {
        let cfg = Config { threshold_short: 0.5, tiny_extra, ..plain(0.0) };
        let mut s = Stories::new(cfg);
        let a = s.add(&art("a", "wa1 wa2 wa3", None, &[])).cluster;
        (a, s.add(&art("b", "wa1 wa2 wb3", None, &[])).cluster)
    };
    let (a, b) = run(0.0);
    assert_eq!(a, b, "cosine 2/3 passes 0.5");
    let (a, b) = run(0.25);
    assert_ne!(a, b, "cosine 2/3 does not pass 0.75");
}

/// One recurring topic reported every day: the day's report reworded from a few sentences, so
/// that some days are near-duplicates of earlier ones and others go through the scoring.
fn daily_report(i: usize) -> String {
    let parts = [
        "The harbour authority of Harrowgate published its daily shipping bulletin",
        "listing the grain freighters waiting at anchor in the northern bay",
        "the pilots on duty and the tide tables for the main channel",
        "Port officials said the queue of grain ships was unchanged",
        "while the pilots warned of fog over the channel",
    ];
    let mut text = String::new();
    for (j, p) in parts.iter().enumerate() {
        if !(i + j).is_multiple_of(4) {
            text.push_str(p);
            text.push_str(if j % 2 == 0 { ", " } else { ". " });
        }
    }
    text
}

#[test]
fn a_daily_stream_on_one_topic_does_not_chain_into_one_event() {
    let cfg = Config::default();
    let mut s = Stories::new(cfg);
    let start = days_from_civil(2016, 1, 1);
    let mut clusters = Vec::new();
    for i in 0..400 {
        let id = format!("day{i}");
        let p = s.add(&art(&id, &daily_report(i), Some(start + i as i64), &[]));
        clusters.push(p.cluster);
    }
    let mut ids: Vec<&str> = clusters.iter().map(|&c| s.cluster_id(c)).collect();
    ids.sort_unstable();
    ids.dedup();
    // One report a day: a cluster holds at most its burst's days and its late members.
    let most = cfg.burst_days as u32 + 1 + cfg.max_late;
    assert!(ids.len() as u32 >= 400 / most, "{} clusters", ids.len());
    for &c in &clusters {
        let info = s.cluster(c);
        let span = info.last_day.unwrap() - info.first_day.unwrap();
        assert!(span as f32 <= cfg.max_span_days, "cluster {} spans {span} days", info.id);
        assert!(info.members <= most, "cluster {} has {} members", info.id, info.members);
    }
    // Without the bounds the same stream is one "event" over 400 days: the test can fail.
    let unbounded = Config { burst_days: f32::INFINITY, max_span_days: f32::INFINITY, ..cfg };
    let mut s = Stories::new(unbounded);
    let mut last = 0;
    for i in 0..400 {
        let id = format!("day{i}");
        last = s.add(&art(&id, &daily_report(i), Some(start + i as i64), &[])).cluster;
    }
    assert_eq!(s.cluster(last).members, 400);
}

#[test]
fn reports_of_one_event_over_three_days_stay_one_cluster_and_a_late_report_may_join() {
    let mut s = Stories::default();
    let e = ents(&["NOR", "VES", "p:minister"]);
    let d = days_from_civil(2016, 3, 1);
    let texts = [VISIT_A, VISIT_B, VISIT_A, VISIT_B, VISIT_A];
    let first = s.add(&art("r0", texts[0], Some(d), &e)).cluster;
    for (i, t) in texts.iter().enumerate().skip(1) {
        let id = format!("r{i}");
        let edited = format!("{t} Report {i} of the visit, day {}.", i / 2);
        let p = s.add(&art(&id, &edited, Some(d + (i / 2) as i64), &e));
        assert_eq!(s.cluster_id(p.cluster), "r0", "report {i}");
    }
    assert_eq!(s.cluster(first).members, 5);
    // A report five months later (beyond the burst, within the span) joins as a late member...
    let late = s.add(&art("late", VISIT_B, Some(d + 150), &e));
    assert_eq!(s.cluster_id(late.cluster), "r0", "score {}", late.score);
    assert_eq!(s.cluster(first).last_day, Some(d + 150));
    // ...but after `max_late` of them a continuing stream opens a new event.
    let cfg = *s.config();
    let mut opened = None;
    for i in 1..=cfg.max_late + 1 {
        let id = format!("later{i}");
        let p = s.add(&art(&id, VISIT_A, Some(d + 150 + 10 * i64::from(i)), &e));
        if s.cluster_id(p.cluster) != "r0" {
            opened = Some(i);
            break;
        }
    }
    assert_eq!(opened, Some(cfg.max_late), "the cluster took {} late members", cfg.max_late);
    // Nothing joins beyond the longest span.
    let far = s.add(&art("far", VISIT_B, Some(d + cfg.max_span_days as i64 + 1), &e));
    assert_ne!(s.cluster_id(far.cluster), "r0");
}

#[test]
fn shared_coded_events_raise_the_score() {
    let d = days_from_civil(2015, 5, 11);
    let score = |events: &[String]| {
        let mut s = Stories::default();
        let (ea, eb) = (ents(&["NOR", "VES"]), ents(&["NOR", "VES", "p:envoy", "p:mayor"]));
        s.add(&Article { events, ..art("a", VISIT_A, Some(d), &ea) });
        s.add(&Article { events, ..art("b", VISIT_B, Some(d + 1), &eb) }).score
    };
    let talks = vec![event_key(Some("NOR"), Some("VES"), "040"), event_key(Some("VES"), None, "0233")];
    assert_eq!(talks, ["NOR|VES|04", "VES|-|02"]);
    assert!(score(&talks) > score(&[]) + 0.01, "{} vs {}", score(&talks), score(&[]));
}

#[test]
fn a_term_one_story_owns_pulls_a_headline_in_and_a_shared_one_does_not() {
    // Six headlines on one story share the key word "titanfall"; a seventh has that word and
    // five new ones, so its cosine with the centroid is low (no spread factor here). Every
    // earlier document carrying "titanfall" is in that story: with term ownership it joins.
    // When the word also opened six clusters of other stories, the story owns only half of its
    // documents and the headline stays apart.
    let run = |ownership_weight: f32, shared: bool| {
        let cfg = Config { threshold_long: 0.3, threshold_short: 0.3, ownership_weight, ..plain(0.0) };
        let mut s = Stories::new(cfg);
        let mut ids = Vec::new();
        for i in 0..6 {
            let text = format!("titanfall respawn wx{i} wy{i}");
            ids.push(s.add(&art("h", &text, None, &[])).cluster);
            if shared {
                let other = format!("titanfall wo{i} wp{i} wr{i} wt{i} wu{i} wv{i}");
                assert!(s.add(&art("o", &other, None, &[])).opened);
            }
        }
        assert!(ids.iter().all(|&c| c == ids[0]));
        let new = s.add(&art("new", "titanfall wq1 wq2 wq3 wq4 wq5", None, &[]));
        (new.cluster == ids[0], new.score)
    };
    let (joins, score) = run(1.2, false);
    assert!(joins, "owned: score {score}");
    let (joins, _) = run(0.0, false);
    assert!(!joins, "on the cosine alone the headline opens a cluster");
    let (joins, score) = run(1.2, true);
    assert!(!joins, "shared with other stories: score {score}");
}

#[test]
fn a_report_long_after_its_story_joins_on_a_strong_match_only() {
    // A retelling 20 months later that says most of what the story said joins it as a late
    // member; the plain decay alone would have kept it out. A report that merely shares the
    // story's subject (the next visit) still opens its own cluster.
    let e = ents(&["NOR", "VES"]);
    let d = days_from_civil(2016, 4, 4);
    let retold = "Twenty months on, the foreign minister of Norland's trip to Vesta for talks with \
        the president of Vesta about the border dispute, the grain embargo and the fishing quotas \
        in the northern bay is remembered for the meeting at his summer residence near the coast.";
    let run = |cfg: Config| {
        let mut s = Stories::new(cfg);
        let first = s.add(&art("a", VISIT_A, Some(d), &e));
        s.add(&art("b", VISIT_B, Some(d + 1), &e));
        s.add(&art("flood", FLOOD, Some(d + 2), &[]));
        let late = s.add(&art("late", retold, Some(d + 605), &e));
        (first.cluster, late)
    };
    let (story, late) = run(Config::default());
    assert_eq!(late.cluster, story, "score {}", late.score);
    let (story, late) = run(Config { decay_floor: 0.0, ..Config::default() });
    assert_ne!(late.cluster, story);
}
