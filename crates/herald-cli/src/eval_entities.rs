//! `herald eval` for entities: mention F1 on the GUM and MEANTIME Wikinews articles, with
//! spaCy's `en_core_web_sm` scored the same way in the same run; alias grouping within GUM
//! articles and across MEANTIME articles, with a simple-rules baseline run on the same
//! mentions.
//!
//! What counts as a gold mention (both corpora annotate far more than named entities):
//! * GUM: mentions of people, organisations and places that the annotators linked to a named
//!   real-world entity (a Wikipedia identity), pronouns excepted. These are the names, their
//!   titled forms and the descriptions that point to a named entity, with GUM's spans.
//! * MEANTIME: the mentions annotated as names (`NAM`, and `PRE.NAM` for names that modify
//!   another noun) of people, organisations and locations. Some of its mentions carry no
//!   syntactic type at all; a prediction on exactly such a span is not scored either way.
//!   MEANTIME's name spans take determiners, titles and modifiers but leave a possessive out,
//!   so herald's phrase is scored without its "'s"; herald's descriptions are not scored there,
//!   as the gold holds names only.
//!
//! A predicted mention is right when its span and its type (person, organisation, place) both
//! match. Herald's group mentions count as person (GUM types "Afghans" as people). Demonyms
//! that modify a noun ("Russian" in "Russian officials") are left out for both systems on both
//! corpora: GUM does not mark them and MEANTIME marks one in eight. spaCy's PERSON, ORG and
//! GPE/LOC/FAC map to person, organisation and place; its NORP is left out. Offsets are
//! compared in code points, as the gold files give them.
//!
//! Grouping is measured on the gold mentions (herald is given their spans, see
//! [`Annotator::group_spans`]), pairwise: within each GUM article over the named mentions
//! (those with a capitalised word; the protocol on which simple rules score the published
//! 0.816) and over all identity-linked mentions, descriptions included; across all MEANTIME
//! articles, herald's linker joining the articles' entities in order. End to end, on herald's
//! own mentions, is printed too.
//!
//! With `HERALD_EVAL_DUMP=DIR` in the environment, herald's annotation of every article is
//! written to `DIR/<set>.<doc_id>.json` (byte offsets), for error analysis.

use anyhow::{Context, Result};
use herald_entities::link::Linker;
use herald_entities::{parse_day, Annotator};
use herald_model::{EntityType, Mention, MentionForm};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::Command;

const PRONOUNS: &[&str] = &[
    "i",
    "me",
    "my",
    "mine",
    "we",
    "us",
    "our",
    "ours",
    "you",
    "your",
    "yours",
    "he",
    "him",
    "his",
    "she",
    "her",
    "hers",
    "it",
    "its",
    "they",
    "them",
    "their",
    "theirs",
    "this",
    "that",
    "these",
    "those",
    "who",
    "whom",
    "whose",
    "which",
    "myself",
    "ourselves",
    "himself",
    "herself",
    "itself",
    "themselves",
    "yourself",
];

/// (start, end, type) in code points.
type Span = (usize, usize, &'static str);

struct Doc {
    id: String,
    text: String,
    dct: Option<String>,
    gold: Vec<(Span, Option<String>)>,
    /// Spans of gold mentions whose kind the corpus leaves unsaid (MEANTIME mentions with no
    /// syntactic type): a prediction there is neither right nor wrong.
    unknown: HashSet<(usize, usize)>,
}

fn gold_type(t: &str) -> Option<&'static str> {
    match t {
        "person" | "PER" => Some("person"),
        "organization" | "ORG" => Some("organisation"),
        "place" | "LOC" => Some("place"),
        _ => None,
    }
}

fn load(path: &Path, gum: bool) -> Result<Vec<Doc>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut docs = Vec::new();
    for line in text.lines() {
        let v: serde_json::Value = serde_json::from_str(line)?;
        let mut gold = Vec::new();
        let mut unknown = HashSet::new();
        let key = if gum { "mentions" } else { "entity_mentions" };
        for m in v[key].as_array().into_iter().flatten() {
            let (s, e) = (m["start"].as_u64().unwrap_or(0) as usize, m["end"].as_u64().unwrap_or(0) as usize);
            let mtext = m["text"].as_str().unwrap_or("");
            let (kind, keep, identity) = if gum {
                let identity = m["identity"].as_str().map(str::to_string);
                let pronoun = PRONOUNS.contains(&mtext.to_lowercase().as_str());
                (gold_type(m["etype"].as_str().unwrap_or("")), identity.is_some() && !pronoun, identity)
            } else {
                let syn = m["syntactic_type"].as_str().unwrap_or("");
                (
                    gold_type(m["ent_type"].as_str().unwrap_or("")),
                    syn == "NAM" || syn == "PRE.NAM",
                    m["instance_id"].as_str().map(str::to_string),
                )
            };
            if let (Some(kind), true) = (kind, keep) {
                gold.push(((s, e, kind), identity));
            } else if !gum && m["syntactic_type"].is_null() {
                unknown.insert((s, e));
            }
        }
        docs.push(Doc {
            id: v["doc_id"].as_str().unwrap_or("").to_string(),
            text: v["text"].as_str().unwrap_or("").to_string(),
            dct: v["dct"].as_str().map(str::to_string),
            gold,
            unknown,
        });
    }
    Ok(docs)
}

fn prf(tp: usize, pred: usize, gold: usize) -> (f64, f64, f64) {
    let p = if pred == 0 { 0.0 } else { tp as f64 / pred as f64 };
    let r = if gold == 0 { 0.0 } else { tp as f64 / gold as f64 };
    let f = if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) };
    (p, r, f)
}

fn score(docs: &[Doc], pred: &HashMap<String, Vec<Span>>) -> (f64, f64, f64) {
    let (mut tp, mut np, mut ng) = (0, 0, 0);
    for d in docs {
        let gold: HashSet<Span> = d.gold.iter().map(|(s, _)| *s).collect();
        let p: HashSet<Span> = pred
            .get(&d.id)
            .map(|v| v.iter().copied().filter(|(s, e, _)| !d.unknown.contains(&(*s, *e))).collect())
            .unwrap_or_default();
        tp += p.intersection(&gold).count();
        np += p.len();
        ng += gold.len();
    }
    prf(tp, np, ng)
}

fn cp_offsets(text: &str) -> Vec<usize> {
    // Byte offset → code point index, for every byte position (and the end).
    let mut map = vec![0; text.len() + 1];
    let mut cp = 0;
    for (b, _) in text.char_indices() {
        map[b] = cp;
        cp += 1;
    }
    map[text.len()] = cp;
    map
}

fn ours_type(m: &Mention) -> &'static str {
    if m.form == MentionForm::Modifier {
        return "place";
    }
    match m.kind {
        EntityType::Person | EntityType::Group => "person",
        EntityType::Organisation => "organisation",
        _ => "place",
    }
}

pub fn run(shared: &Path) -> Result<Vec<(String, f64, String)>> {
    let annotator = Annotator::embedded()?;
    let dump = std::env::var_os("HERALD_EVAL_DUMP").map(PathBuf::from);
    let mut figures = Vec::new();
    for (file, gum, name) in [("gum_news.jsonl", true, "gum_news"), ("meantime_news.jsonl", false, "meantime_news")] {
        let path = shared.join("eval/language").join(file);
        let docs = load(&path, gum)?;
        let mut ours: HashMap<String, Vec<Span>> = HashMap::new();
        let mut clusters: HashMap<String, HashMap<(usize, usize), String>> = HashMap::new();
        let mut words = 0usize;
        let t = std::time::Instant::now();
        for d in &docs {
            words += d.text.split_whitespace().count();
            let a = annotator.annotate_text(&d.text, d.dct.as_deref().and_then(parse_day));
            if let Some(dir) = &dump {
                let path = dir.join(format!("{name}.{}.json", d.id));
                std::fs::write(&path, serde_json::to_string(&a)?)
                    .with_context(|| format!("writing {}", path.display()))?;
            }
            let map = cp_offsets(&d.text);
            let spans = ours.entry(d.id.clone()).or_default();
            let by_span = clusters.entry(d.id.clone()).or_default();
            // Demonym modifiers are scored on neither corpus; descriptions only on GUM.
            let scored = |m: &&Mention| match m.form {
                MentionForm::Name => true,
                MentionForm::Modifier => false,
                MentionForm::Description => gum,
            };
            for m in a.mentions.iter().filter(scored) {
                // GUM's mention is the whole phrase; MEANTIME's leaves a possessive out.
                let mut e = m.end;
                if !gum {
                    let t = &d.text[m.start..m.end];
                    e -= t.len() - t.trim_end_matches("'s").trim_end_matches('\'').trim_end().len();
                }
                let (s, e) = (map[m.start], map[e]);
                spans.push((s, e, ours_type(m)));
                by_span.insert((s, e), m.entity.clone());
            }
        }
        let secs = t.elapsed().as_secs_f64();
        let (p, r, f) = score(&docs, &ours);
        let peer = spacy_ner(&path);
        let peer_f = peer.as_ref().map(|s| score(&docs, s));
        println!(
            "entities: {name}: {} gold mentions in {} articles; mention F1 {f:.3} (P {p:.3} R {r:.3}); {:.0} words/s annotated",
            docs.iter().map(|d| d.gold.len()).sum::<usize>(),
            docs.len(),
            words as f64 / secs
        );
        let peer_text = match peer_f {
            Some((pp, pr, pf)) => {
                println!("  spaCy en_core_web_sm, same texts and scoring, this run: F1 {pf:.3} (P {pp:.3} R {pr:.3})");
                format!("spaCy en_core_web_sm {pf:.3} (same run)")
            }
            None => String::new(),
        };
        figures.push((format!("entities.{name}_mention_f1"), f, peer_text));
        let groups = grouping_given(&annotator, &docs, !gum);
        let baseline = simple_rules(&groups);
        let ours = |g: &Grouped| g.ours.clone();
        if gum {
            let all = pairwise(&groups, ours, |_| true);
            let names = pairwise(&groups, ours, named);
            let (rules_all, rules_names) = (pairwise(&baseline, ours, |_| true), pairwise(&baseline, ours, named));
            let found = grouping(&docs, &clusters);
            println!(
                "  alias grouping within articles, pairwise F1 on the gold mentions: named mentions {names:.3} \
                 (simple rules, same run: {rules_names:.3}; published 0.816); all mentions with an identity, \
                 descriptions included, {all:.3} (simple rules {rules_all:.3}); end to end {found:.3} (herald's own \
                 mentions, a gold mention it missed counting as a group of its own)"
            );
            figures.push((
                "entities.gum_grouping_names_f1".to_string(),
                names,
                format!("simple rules {rules_names:.3} (same run), 0.816 (published)"),
            ));
            figures.push((
                "entities.gum_grouping_f1".to_string(),
                all,
                format!("simple rules {rules_all:.3} (same run)"),
            ));
            figures.push(("entities.gum_grouping_end_to_end_f1".to_string(), found, String::new()));
        } else {
            let across = pairwise(&groups, ours, |_| true);
            let rules = pairwise(&baseline, ours, |_| true);
            println!(
                "  alias grouping across the {} articles, pairwise F1 on the gold mentions: {across:.3} (simple rules, \
                 same run: {rules:.3}; published 0.642)",
                docs.len()
            );
            figures.push((
                "entities.meantime_grouping_across_f1".to_string(),
                across,
                format!("simple rules {rules:.3} (same run), 0.642 (published)"),
            ));
        }
    }
    Ok(figures)
}

/// One gold mention in a grouping measure: its gold identity, herald's entity for it (given the
/// gold span), and its text.
struct Grouped {
    gold: Option<String>,
    ours: Option<String>,
    text: String,
}

/// Herald's grouping of the gold mentions, herald given the gold spans
/// ([`Annotator::group_spans`]), one list per article or, with `across`, one list for all
/// articles, the store's linker ([`Linker`]) joining the articles' entities in order. A span
/// herald cannot read as a name or description is a group of its own.
fn grouping_given(annotator: &Annotator, docs: &[Doc], across: bool) -> Vec<Vec<Grouped>> {
    let mut linker = Linker::new();
    let debug = std::env::var_os("HERALD_EVAL_DEBUG").is_some();
    let mut groups: Vec<Vec<Grouped>> = Vec::new();
    for d in docs {
        let bytes: Vec<usize> = d.text.char_indices().map(|(b, _)| b).chain([d.text.len()]).collect();
        let spans: Vec<(usize, usize)> = d.gold.iter().map(|((s, e, _), _)| (bytes[*s], bytes[*e])).collect();
        let (index, a) = annotator.group_spans(&d.text, &spans, d.dct.as_deref().and_then(parse_day));
        let global: HashMap<&str, String> = if across {
            let ids = linker.link(&a.entities);
            a.entities.iter().map(|e| e.id.as_str()).zip(ids).collect()
        } else {
            HashMap::new()
        };
        let items = spans
            .iter()
            .zip(&d.gold)
            .zip(&index)
            .map(|((&(s, e), (_, gold)), m)| {
                let ours = m.map(|i| {
                    let local = &a.mentions[i].entity;
                    global.get(local.as_str()).cloned().unwrap_or_else(|| format!("{}#{local}", d.id))
                });
                if debug {
                    eprintln!("GROUP\t{}\t{}\t{:?}\t{:?}", d.id, &d.text[s..e], gold, ours);
                }
                Grouped { gold: gold.clone(), ours, text: d.text[s..e].to_string() }
            })
            .collect();
        groups.push(items);
    }
    if across {
        groups = vec![groups.into_iter().flatten().collect()];
    }
    groups
}

/// Pairwise F1 of a grouping against the gold one, over the mentions `keep` selects, pairs
/// taken within each list.
fn pairwise(
    groups: &[Vec<Grouped>],
    label: impl Fn(&Grouped) -> Option<String>,
    keep: impl Fn(&Grouped) -> bool,
) -> f64 {
    let (mut tp, mut np, mut ng) = (0, 0, 0);
    for items in groups {
        let items: Vec<(&Option<String>, Option<String>)> =
            items.iter().filter(|g| keep(g)).map(|g| (&g.gold, label(g))).collect();
        for i in 0..items.len() {
            for j in i + 1..items.len() {
                let g = items[i].0.is_some() && items[i].0 == items[j].0;
                let p = items[i].1.is_some() && items[i].1 == items[j].1;
                tp += usize::from(g && p);
                np += usize::from(p);
                ng += usize::from(g);
            }
        }
    }
    prf(tp, np, ng).2
}

/// A named mention: one with a capitalised word ("the Civic Party", not "the party").
fn named(g: &Grouped) -> bool {
    g.text.split_whitespace().any(|w| w.chars().next().is_some_and(char::is_uppercase))
}

/// The simple-rules baseline, run on the same mentions: two mentions are one entity when their
/// texts are equal once a leading article and a trailing possessive are dropped and case is
/// ignored, or when one's words are all among the other's and both end in the same word
/// ("Warhol", "Andy Warhol"); taken transitively within each list.
fn simple_rules(groups: &[Vec<Grouped>]) -> Vec<Vec<Grouped>> {
    fn words(t: &str) -> Vec<String> {
        let t = t.trim().trim_end_matches("'s").trim_end_matches('\'').to_lowercase();
        let t = ["the ", "a ", "an ", "this "].iter().find_map(|a| t.strip_prefix(a)).unwrap_or(&t).to_string();
        t.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_string).collect()
    }
    groups
        .iter()
        .map(|items| {
            let ws: Vec<Vec<String>> = items.iter().map(|g| words(&g.text)).collect();
            let mut parent: Vec<usize> = (0..items.len()).collect();
            fn root(p: &mut [usize], mut x: usize) -> usize {
                while p[x] != x {
                    p[x] = p[p[x]];
                    x = p[x];
                }
                x
            }
            for i in 0..items.len() {
                for j in 0..i {
                    let (a, b) = (&ws[i], &ws[j]);
                    let subset = |x: &Vec<String>, y: &Vec<String>| x.iter().all(|w| y.contains(w));
                    let same = !a.is_empty()
                        && !b.is_empty()
                        && (a == b || (a.last() == b.last() && (subset(a, b) || subset(b, a))));
                    if same {
                        let (ri, rj) = (root(&mut parent, i), root(&mut parent, j));
                        parent[ri] = rj;
                    }
                }
            }
            (0..items.len())
                .map(|i| Grouped {
                    gold: items[i].gold.clone(),
                    ours: Some(root(&mut parent, i).to_string()),
                    text: items[i].text.clone(),
                })
                .collect()
        })
        .collect()
}

/// Pairwise F1 of grouping the gold mentions by entity, within each article: a gold mention
/// herald did not find (exact span) is a group of its own.
fn grouping(docs: &[Doc], clusters: &HashMap<String, HashMap<(usize, usize), String>>) -> f64 {
    let (mut tp, mut np, mut ng) = (0, 0, 0);
    for d in docs {
        let ours = clusters.get(&d.id);
        let items: Vec<(Option<&String>, Option<&String>)> =
            d.gold.iter().map(|((s, e, _), id)| (id.as_ref(), ours.and_then(|o| o.get(&(*s, *e))))).collect();
        for i in 0..items.len() {
            for j in i + 1..items.len() {
                let g = items[i].0.is_some() && items[i].0 == items[j].0;
                let p = items[i].1.is_some() && items[i].1 == items[j].1;
                tp += usize::from(g && p);
                np += usize::from(p);
                ng += usize::from(g);
            }
        }
    }
    prf(tp, np, ng).2
}

/// spaCy's mentions per document, or `None` when the peer is not installed.
fn spacy_ner(path: &Path) -> Option<HashMap<String, Vec<Span>>> {
    let python = crate::bench::peer_python(None);
    if !python.exists() {
        eprintln!("spaCy not measured: run scripts/peers.sh to install it");
        return None;
    }
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../scripts/peer_spacy.py");
    let out = Command::new(&python).arg(script).arg("ner").arg(path).output().ok()?;
    if !out.status.success() {
        eprintln!("spaCy not measured: {}", String::from_utf8_lossy(&out.stderr));
        return None;
    }
    let mut map = HashMap::new();
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let v: serde_json::Value = serde_json::from_str(line).ok()?;
        let spans = v["ents"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|e| {
                let kind = match e[2].as_str()? {
                    "PERSON" => "person",
                    "ORG" => "organisation",
                    "GPE" | "LOC" | "FAC" => "place",
                    _ => return None,
                };
                Some((e[0].as_u64()? as usize, e[1].as_u64()? as usize, kind))
            })
            .collect();
        map.insert(v["doc_id"].as_str()?.to_string(), spans);
    }
    Some(map)
}
