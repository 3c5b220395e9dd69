//! Storylines: event clusters linked over any span of time by shared actors and topics. The
//! 2013 Moscow visit and the 2015 Sochi visit are two events (two clusters) of one storyline,
//! US–Russia diplomacy; a cluster about US trade with China shares "United States" with them and
//! nothing else, and stays out.
//!
//! **Keys of a cluster** ([`ClusterProfile`], filled by the caller from its members):
//! - *actors*: its dominant entity ids, the at most [`MAX_ACTORS`] heaviest whose weight is at
//!   least [`ACTOR_SHARE`] of the heaviest one's (weights are the caller's, e.g. mention counts
//!   summed over members);
//! - *dyads*: unordered pairs of actor codes from its coded events (USA–RUS), the at most
//!   [`MAX_DYADS`] most frequent; a pair of one code with itself is ignored;
//! - *topic*: its at most [`MAX_TERMS`] heaviest salient terms, as a unit vector.
//!
//! A storyline keeps, over its clusters, how many of them have each actor and dyad as a key and
//! the sum of their topic vectors.
//!
//! **Linking.** A cluster and a storyline are linked when
//! `(shared dyad or ≥ MIN_SHARED_ACTORS shared actors) and topic ≥ TOPIC_MIN`, or
//! `≥ 1 shared actor and topic ≥ TOPIC_STRONG`, where `topic` is the cosine between the cluster's
//! topic vector and the storyline's summed one. Among linked storylines the best by
//! `0.4·min(shared actors, 4)/4 + 0.2·[shared dyad] + 0.4·topic` wins (ties: the older). Two
//! actors or one dyad are asked for because one shared actor (the United States, the UN) is
//! what unrelated stories share most; the topic condition keeps two stories of the same pair of
//! countries apart when they are about different things (a US–Russia space launch and US–Russia
//! diplomacy share a dyad but few words). There is no time limit: a storyline spans years. The
//! thresholds ([`MIN_SHARED_ACTORS`] 2, [`TOPIC_MIN`] 0.2, [`TOPIC_STRONG`] 0.5) were set by hand
//! on the fixtures of the tests and the seed articles, not calibrated on a labelled set (there is
//! none for storylines in `../shared/eval`).
//!
//! **Incremental, stable.** An inverted index maps every key (actor, dyad, topic term) to the at
//! most [`POSTING`] storylines that most recently took a cluster carrying it. A cluster looks up
//! its own keys, ranks the storylines found by the number of keys they share, and scores only the
//! best [`CANDIDATES`]: the cost per cluster is bounded by constants, never a scan of the
//! storylines. A cluster that links to none opens a storyline whose id is the cluster's id. A
//! cluster given again (it took new members) replaces its old keys in its storyline and stays
//! there, so storyline ids and memberships never change. Deterministic: hash maps are only
//! looked up; every choice is made over sorted lists.

use std::collections::HashMap;

/// Dominant actors kept per cluster.
pub const MAX_ACTORS: usize = 8;
/// An actor is dominant when its weight is at least this share of the heaviest actor's.
pub const ACTOR_SHARE: f32 = 0.3;
/// Dyads kept per cluster.
pub const MAX_DYADS: usize = 6;
/// Topic terms kept per cluster.
pub const MAX_TERMS: usize = 16;
/// Storylines kept per key in the index (most recent first).
pub const POSTING: usize = 32;
/// Storylines scored per cluster.
pub const CANDIDATES: usize = 16;
/// Shared actors that link without a shared dyad.
pub const MIN_SHARED_ACTORS: usize = 2;
/// Topic cosine needed with shared actors or a dyad.
pub const TOPIC_MIN: f32 = 0.2;
/// Topic cosine that links with a single shared actor.
pub const TOPIC_STRONG: f32 = 0.5;

/// An event cluster as storylines see it.
#[derive(Debug, Clone, Copy)]
pub struct ClusterProfile<'a> {
    /// The cluster id ([`crate::Stories::cluster_id`]).
    pub id: &'a str,
    pub first_day: Option<i64>,
    pub last_day: Option<i64>,
    /// Entity ids with a weight (e.g. mentions summed over members); any order.
    pub entities: &'a [(String, f32)],
    /// Source and target actor codes of its coded events, with counts; any order, either direction.
    pub dyads: &'a [(String, String, u32)],
    /// Salient terms with a weight (e.g. tf-idf summed over members, or counts); any order.
    pub terms: &'a [(String, f32)],
}

/// Where a cluster went.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StorylinePlacement {
    pub storyline: u32,
    /// The cluster opened this storyline.
    pub opened: bool,
    /// The cluster had been placed before; its keys were replaced.
    pub updated: bool,
    /// The linking score (0 when opened or updated).
    pub score: f32,
}

/// A storyline's summary figures.
#[derive(Debug, Clone, PartialEq)]
pub struct StorylineInfo<'a> {
    pub id: &'a str,
    /// Cluster ids in the order they joined.
    pub clusters: &'a [Box<str>],
    pub first_day: Option<i64>,
    pub last_day: Option<i64>,
}

/// A cluster's keys, as placed.
#[derive(Debug, Clone, Default)]
struct Keys {
    actors: Vec<String>,
    dyads: Vec<String>,
    /// Unit vector, sorted by term.
    topic: Vec<(String, f32)>,
}

#[derive(Debug, Default)]
struct Storyline {
    id: Box<str>,
    clusters: Vec<Box<str>>,
    actors: HashMap<String, u32>,
    dyads: HashMap<String, u32>,
    topic: HashMap<String, f32>,
    norm2: f32,
    first_day: Option<i64>,
    last_day: Option<i64>,
}

impl Storyline {
    fn apply(&mut self, k: &Keys, sign: i32) {
        for a in &k.actors {
            bump(&mut self.actors, a, sign);
        }
        for d in &k.dyads {
            bump(&mut self.dyads, d, sign);
        }
        for (t, w) in &k.topic {
            let e = self.topic.entry(t.clone()).or_insert(0.0);
            *e += sign as f32 * w;
            if *e <= 1e-6 {
                self.topic.remove(t);
            }
        }
        // Summed in term order, so the figure does not depend on hash order.
        let mut ts: Vec<(&String, &f32)> = self.topic.iter().collect();
        ts.sort_by(|a, b| a.0.cmp(b.0));
        self.norm2 = ts.iter().map(|(_, w)| *w * *w).sum();
    }

    fn topic_cos(&self, topic: &[(String, f32)]) -> f32 {
        if self.norm2 <= 0.0 {
            return 0.0;
        }
        let dot: f32 = topic.iter().map(|(t, w)| w * self.topic.get(t).copied().unwrap_or(0.0)).sum();
        dot / self.norm2.sqrt()
    }
}

fn bump(m: &mut HashMap<String, u32>, k: &str, sign: i32) {
    if sign > 0 {
        *m.entry(k.to_string()).or_insert(0) += 1;
    } else if let Some(v) = m.get_mut(k) {
        *v = v.saturating_sub(1);
        if *v == 0 {
            m.remove(k);
        }
    }
}

/// The incremental storyline state.
#[derive(Debug, Default)]
pub struct Storylines {
    lines: Vec<Storyline>,
    /// Cluster id → (storyline, its keys as placed).
    placed: HashMap<Box<str>, (u32, Keys)>,
    /// Key ("a:…", "d:…", "t:…") → storylines, most recent first.
    index: HashMap<String, Vec<u32>>,
}

fn heaviest<T: Clone>(items: impl Iterator<Item = (T, f32)>, key: impl Fn(&T) -> String, k: usize) -> Vec<(T, f32)> {
    let mut v: Vec<(T, f32)> = items.filter(|(_, w)| w.is_finite() && *w > 0.0).collect();
    v.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| key(&a.0).cmp(&key(&b.0))));
    v.truncate(k);
    v
}

fn dyad_key(a: &str, b: &str) -> Option<String> {
    let (a, b) = (a.trim(), b.trim());
    if a.is_empty() || b.is_empty() || a == b {
        return None;
    }
    Some(if a < b { format!("{a}|{b}") } else { format!("{b}|{a}") })
}

fn keys_of(p: &ClusterProfile) -> Keys {
    // Actors: merge duplicates, then the heaviest within ACTOR_SHARE of the top.
    let mut ent: HashMap<&str, f32> = HashMap::new();
    for (e, w) in p.entities {
        if !e.is_empty() && w.is_finite() && *w > 0.0 {
            *ent.entry(e.as_str()).or_insert(0.0) += w;
        }
    }
    let top = heaviest(ent.into_iter(), |e| e.to_string(), MAX_ACTORS);
    let max = top.first().map(|x| x.1).unwrap_or(0.0);
    let actors = top.into_iter().filter(|(_, w)| *w >= ACTOR_SHARE * max).map(|(e, _)| e.to_string()).collect();

    let mut dy: HashMap<String, f32> = HashMap::new();
    for (a, b, n) in p.dyads {
        if let Some(k) = dyad_key(a, b) {
            *dy.entry(k).or_insert(0.0) += *n as f32;
        }
    }
    let dyads = heaviest(dy.into_iter(), |d| d.clone(), MAX_DYADS).into_iter().map(|(d, _)| d).collect();

    let mut tm: HashMap<&str, f32> = HashMap::new();
    for (t, w) in p.terms {
        if !t.is_empty() && w.is_finite() && *w > 0.0 {
            *tm.entry(t.as_str()).or_insert(0.0) += w;
        }
    }
    let mut topic: Vec<(String, f32)> =
        heaviest(tm.into_iter(), |t| t.to_string(), MAX_TERMS).into_iter().map(|(t, w)| (t.to_string(), w)).collect();
    topic.sort_by(|a, b| a.0.cmp(&b.0));
    let norm = topic.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
    if norm > 0.0 {
        for (_, w) in &mut topic {
            *w /= norm;
        }
    }
    Keys { actors, dyads, topic }
}

fn index_keys(k: &Keys) -> impl Iterator<Item = String> + '_ {
    k.actors
        .iter()
        .map(|a| format!("a:{a}"))
        .chain(k.dyads.iter().map(|d| format!("d:{d}")))
        .chain(k.topic.iter().map(|(t, _)| format!("t:{t}")))
}

/// How a cluster's keys meet a storyline's.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Link {
    pub shared_actors: usize,
    pub shared_dyad: bool,
    pub topic: f32,
}

impl Link {
    /// Whether the link is strong enough (see the module doc).
    pub fn links(&self) -> bool {
        ((self.shared_dyad || self.shared_actors >= MIN_SHARED_ACTORS) && self.topic >= TOPIC_MIN)
            || (self.shared_actors >= 1 && self.topic >= TOPIC_STRONG)
    }

    /// The ranking score among linked storylines.
    pub fn score(&self) -> f32 {
        0.4 * self.shared_actors.min(4) as f32 / 4.0 + 0.2 * f32::from(u8::from(self.shared_dyad)) + 0.4 * self.topic
    }
}

impl Storylines {
    pub fn new() -> Storylines {
        Storylines::default()
    }

    /// Number of storylines.
    pub fn len(&self) -> usize {
        self.lines.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// A storyline's id: the id of the cluster that opened it.
    pub fn storyline_id(&self, s: u32) -> &str {
        &self.lines[s as usize].id
    }

    pub fn storyline(&self, s: u32) -> StorylineInfo<'_> {
        let l = &self.lines[s as usize];
        StorylineInfo { id: &l.id, clusters: &l.clusters, first_day: l.first_day, last_day: l.last_day }
    }

    /// The storyline a cluster was placed in.
    pub fn storyline_of(&self, cluster: &str) -> Option<u32> {
        self.placed.get(cluster).map(|(s, _)| *s)
    }

    fn link(&self, s: u32, k: &Keys) -> Link {
        let l = &self.lines[s as usize];
        Link {
            shared_actors: k.actors.iter().filter(|a| l.actors.contains_key(a.as_str())).count(),
            shared_dyad: k.dyads.iter().any(|d| l.dyads.contains_key(d.as_str())),
            topic: l.topic_cos(&k.topic),
        }
    }

    /// How a profile would meet a storyline (for explanations and tests).
    pub fn explain(&self, p: &ClusterProfile, s: u32) -> Link {
        self.link(s, &keys_of(p))
    }

    fn post(&mut self, s: u32, k: &Keys) {
        for key in index_keys(k) {
            let list = self.index.entry(key).or_default();
            list.retain(|&x| x != s);
            list.insert(0, s);
            list.truncate(POSTING);
        }
    }

    /// Takes a cluster out of its storyline (it was merged into another cluster, which is
    /// placed on its own): its keys leave the storyline's counts. Returns the storyline, or
    /// `None` when the cluster is not placed. A storyline left without clusters keeps its
    /// index (and its id is never reused); its days are not narrowed.
    pub fn remove(&mut self, cluster: &str) -> Option<u32> {
        let (s, keys) = self.placed.remove(cluster)?;
        let l = &mut self.lines[s as usize];
        l.apply(&keys, -1);
        l.clusters.retain(|c| &**c != cluster);
        Some(s)
    }

    /// Places a new cluster, or replaces the keys of one placed before (it stays in its
    /// storyline).
    pub fn add(&mut self, p: &ClusterProfile) -> StorylinePlacement {
        let keys = keys_of(p);
        if let Some((s, old)) = self.placed.get(p.id).cloned() {
            let l = &mut self.lines[s as usize];
            l.apply(&old, -1);
            l.apply(&keys, 1);
            widen(l, p);
            self.post(s, &keys);
            self.placed.insert(p.id.into(), (s, keys));
            return StorylinePlacement { storyline: s, opened: false, updated: true, score: 0.0 };
        }
        // Candidates: storylines sharing keys, by number shared, then older first.
        let mut hits: HashMap<u32, u32> = HashMap::new();
        for key in index_keys(&keys) {
            if let Some(list) = self.index.get(&key) {
                for &s in list {
                    *hits.entry(s).or_insert(0) += 1;
                }
            }
        }
        let mut cands: Vec<(u32, u32)> = hits.into_iter().collect();
        cands.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        cands.truncate(CANDIDATES);
        cands.sort_by_key(|c| c.0);
        let mut best: Option<(u32, f32)> = None;
        for (s, _) in cands {
            let link = self.link(s, &keys);
            if link.links() && best.is_none_or(|(_, b)| link.score() > b) {
                best = Some((s, link.score()));
            }
        }
        let (s, opened, score) = match best {
            Some((s, score)) => (s, false, score),
            None => {
                self.lines.push(Storyline { id: p.id.into(), ..Storyline::default() });
                ((self.lines.len() - 1) as u32, true, 0.0)
            }
        };
        let l = &mut self.lines[s as usize];
        l.apply(&keys, 1);
        l.clusters.push(p.id.into());
        widen(l, p);
        self.post(s, &keys);
        self.placed.insert(p.id.into(), (s, keys));
        StorylinePlacement { storyline: s, opened, updated: false, score }
    }
}

/// The snapshot of the storyline state ([`crate::snapshot`]): every map in key order.
impl Storylines {
    pub(crate) fn encode(&self, w: &mut crate::snapshot::Writer) {
        w.usize(self.lines.len());
        for l in &self.lines {
            w.str(&l.id);
            w.usize(l.clusters.len());
            for c in &l.clusters {
                w.str(c);
            }
            w.str_map(&l.actors, |w, n| w.u32(*n));
            w.str_map(&l.dyads, |w, n| w.u32(*n));
            w.str_map(&l.topic, |w, x| w.f32(*x));
            w.f32(l.norm2);
            w.opt_i64(l.first_day);
            w.opt_i64(l.last_day);
        }
        w.str_map(&self.placed, |w, (s, k)| {
            w.u32(*s);
            w.usize(k.actors.len());
            for a in &k.actors {
                w.str(a);
            }
            w.usize(k.dyads.len());
            for d in &k.dyads {
                w.str(d);
            }
            w.usize(k.topic.len());
            for (t, x) in &k.topic {
                w.str(t);
                w.f32(*x);
            }
        });
        w.str_map(&self.index, |w, list| w.u32s(list));
    }

    pub(crate) fn decode(r: &mut crate::snapshot::Reader) -> Result<Storylines, crate::snapshot::SnapshotError> {
        let n = r.len(8)?;
        let mut lines = Vec::with_capacity(n);
        for _ in 0..n {
            let id = r.str()?.into_boxed_str();
            let k = r.len(1)?;
            let mut clusters = Vec::with_capacity(k);
            for _ in 0..k {
                clusters.push(r.str()?.into_boxed_str());
            }
            let actors = r.str_map(|r| r.u32())?;
            let dyads = r.str_map(|r| r.u32())?;
            let topic = r.str_map(|r| r.f32())?;
            let norm2 = r.f32()?;
            let first_day = r.opt_i64()?;
            let last_day = r.opt_i64()?;
            lines.push(Storyline { id, clusters, actors, dyads, topic, norm2, first_day, last_day });
        }
        let strings = |r: &mut crate::snapshot::Reader| -> Result<Vec<String>, crate::snapshot::SnapshotError> {
            let k = r.len(1)?;
            (0..k).map(|_| r.str()).collect()
        };
        let placed = r.str_map(|r| {
            let s = r.u32()?;
            if s as usize >= n {
                return Err(r.invalid(format!("storyline {s} of {n}")));
            }
            let actors = strings(r)?;
            let dyads = strings(r)?;
            let k = r.len(5)?;
            let mut topic = Vec::with_capacity(k);
            for _ in 0..k {
                topic.push((r.str()?, r.f32()?));
            }
            Ok((s, Keys { actors, dyads, topic }))
        })?;
        let index = r.str_map(|r| {
            let list = r.u32s()?;
            match list.iter().find(|&&s| s as usize >= n) {
                Some(s) => Err(r.invalid(format!("storyline {s} of {n}"))),
                None => Ok(list),
            }
        })?;
        let placed = placed.into_iter().map(|(k, v)| (k.into_boxed_str(), v)).collect();
        Ok(Storylines { lines, placed, index })
    }
}

fn widen(l: &mut Storyline, p: &ClusterProfile) {
    for d in [p.first_day, p.last_day].into_iter().flatten() {
        l.first_day = Some(l.first_day.map_or(d, |f| f.min(d)));
        l.last_day = Some(l.last_day.map_or(d, |f| f.max(d)));
    }
}

/// Salient terms of a cluster from its members' texts, for [`ClusterProfile::terms`] when no
/// tf-idf is at hand: `articles × (1 + ln occurrences)`, so a term several members use outweighs
/// one a single article repeats. Sorted by term.
pub fn salient_terms(texts: &[&str]) -> Vec<(String, f32)> {
    // term → (articles using it, occurrences)
    let mut counts: HashMap<String, (f32, f32)> = HashMap::new();
    for t in texts {
        let mut terms = crate::summary::content_terms(t);
        terms.sort();
        let mut i = 0;
        while i < terms.len() {
            let j = terms[i..].iter().position(|x| *x != terms[i]).map_or(terms.len(), |k| i + k);
            let e = counts.entry(terms[i].clone()).or_insert((0.0, 0.0));
            e.0 += 1.0;
            e.1 += (j - i) as f32;
            i = j;
        }
    }
    let mut v: Vec<(String, f32)> = counts.into_iter().map(|(t, (df, tf))| (t, df * (1.0 + tf.ln()))).collect();
    v.sort_by(|a, b| a.0.cmp(&b.0));
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::days_from_civil;
    use proptest::prelude::*;

    fn ents(list: &[(&str, f32)]) -> Vec<(String, f32)> {
        list.iter().map(|(e, w)| (e.to_string(), *w)).collect()
    }
    fn dyads(list: &[(&str, &str, u32)]) -> Vec<(String, String, u32)> {
        list.iter().map(|(a, b, n)| (a.to_string(), b.to_string(), *n)).collect()
    }
    fn terms(text: &str) -> Vec<(String, f32)> {
        salient_terms(&[text])
    }

    struct Fx {
        e: Vec<(String, f32)>,
        d: Vec<(String, String, u32)>,
        t: Vec<(String, f32)>,
        day: i64,
    }
    impl Fx {
        fn profile<'a>(&'a self, id: &'a str) -> ClusterProfile<'a> {
            ClusterProfile {
                id,
                first_day: Some(self.day),
                last_day: Some(self.day),
                entities: &self.e,
                dyads: &self.d,
                terms: &self.t,
            }
        }
    }

    fn moscow_2013() -> Fx {
        Fx {
            e: ents(&[("p:kerry", 5.0), ("c:RUS", 4.0), ("c:USA", 3.0), ("p:lavrov", 2.0), ("p:putin", 2.0)]),
            d: dyads(&[("USA", "RUS", 4), ("ISR", "SYR", 1)]),
            t: terms("Kerry visit Moscow talks Putin Lavrov Syria diplomacy relations Russia Kremlin meeting"),
            day: days_from_civil(2013, 5, 7),
        }
    }
    fn sochi_2015() -> Fx {
        Fx {
            e: ents(&[("c:RUS", 6.0), ("p:kerry", 5.0), ("p:putin", 4.0), ("c:USA", 3.0), ("p:lavrov", 3.0)]),
            d: dyads(&[("RUS", "USA", 3), ("USA", "RUS", 2)]),
            t: terms("Kerry Sochi talks Putin Lavrov Ukraine Syria Iran diplomacy relations Russia meeting"),
            day: days_from_civil(2015, 5, 12),
        }
    }
    fn china_trade() -> Fx {
        Fx {
            e: ents(&[("c:CHN", 5.0), ("c:USA", 4.0), ("o:wto", 2.0)]),
            d: dyads(&[("USA", "CHN", 5)]),
            t: terms("tariffs steel exports trade deficit Beijing Washington duties soybeans"),
            day: days_from_civil(2015, 5, 13),
        }
    }

    #[test]
    fn two_visits_one_storyline_unrelated_apart() {
        let mut s = Storylines::new();
        let (m, so, c) = (moscow_2013(), sochi_2015(), china_trade());
        let a = s.add(&m.profile("moscow"));
        let b = s.add(&so.profile("sochi"));
        let x = s.add(&c.profile("china"));
        assert!(a.opened);
        assert_eq!(b.storyline, a.storyline, "{:?}", s.explain(&so.profile("sochi"), a.storyline));
        assert!(!b.opened && b.score > 0.0);
        assert!(x.opened && x.storyline != a.storyline);
        let info = s.storyline(a.storyline);
        assert_eq!(info.id, "moscow");
        assert_eq!(info.clusters.len(), 2);
        assert_eq!((info.first_day, info.last_day), (Some(m.day), Some(so.day)));
        assert_eq!(s.storyline_of("china"), Some(x.storyline));
    }

    #[test]
    fn one_shared_actor_is_not_enough() {
        let mut s = Storylines::new();
        let m = moscow_2013();
        let a = s.add(&m.profile("moscow"));
        // Shares the USA and a few generic words, nothing else.
        let other = Fx {
            e: ents(&[("c:USA", 5.0), ("p:someone", 3.0)]),
            d: vec![],
            t: terms("talks meeting budget Congress senators vote spending"),
            day: m.day + 30,
        };
        let link = s.explain(&other.profile("budget"), a.storyline);
        assert_eq!(link.shared_actors, 1);
        assert!(!link.links(), "{link:?}");
        assert!(s.add(&other.profile("budget")).opened);
    }

    #[test]
    fn same_dyad_different_topic_stays_apart() {
        let mut s = Storylines::new();
        let a = s.add(&moscow_2013().profile("moscow"));
        let space = Fx {
            e: ents(&[("o:nasa", 4.0), ("o:roscosmos", 4.0)]),
            d: dyads(&[("USA", "RUS", 2)]),
            t: terms("rocket launch astronauts orbit station Baikonur capsule"),
            day: 0,
        };
        assert!(!s.explain(&space.profile("space"), a.storyline).links());
    }

    #[test]
    fn updating_a_cluster_keeps_its_storyline_and_ids() {
        let mut s = Storylines::new();
        let (m, so) = (moscow_2013(), sochi_2015());
        s.add(&m.profile("moscow"));
        let b = s.add(&so.profile("sochi"));
        let mut grown = sochi_2015();
        grown.day += 3;
        let u = s.add(&grown.profile("sochi"));
        assert!(u.updated && !u.opened);
        assert_eq!(u.storyline, b.storyline);
        assert_eq!(s.storyline(u.storyline).clusters.len(), 2);
        assert_eq!(s.storyline(u.storyline).last_day, Some(grown.day));
        assert_eq!(s.len(), 1);
    }

    #[test]
    fn a_removed_cluster_leaves_its_storyline() {
        let mut s = Storylines::new();
        let (m, so) = (moscow_2013(), sochi_2015());
        let a = s.add(&m.profile("moscow"));
        s.add(&so.profile("sochi"));
        assert_eq!(s.remove("sochi"), Some(a.storyline));
        assert_eq!(s.remove("sochi"), None);
        assert_eq!(s.storyline(a.storyline).clusters.len(), 1);
        assert_eq!(s.storyline_of("sochi"), None);
        // Its keys are gone: the storyline's counts are the Moscow cluster's alone.
        let alone = {
            let mut t = Storylines::new();
            t.add(&m.profile("moscow"));
            t.explain(&so.profile("x"), 0)
        };
        assert_eq!(s.explain(&so.profile("x"), a.storyline), alone);
        assert_eq!(s.remove("moscow"), Some(a.storyline));
        assert!(s.storyline(a.storyline).clusters.is_empty());
    }

    #[test]
    fn salient_terms_favour_shared_words() {
        let t = salient_terms(&["Sochi talks talks talks", "Sochi summit"]);
        let w = |k: &str| t.iter().find(|x| x.0 == k).map(|x| x.1).unwrap();
        assert!(w("sochi") > w("talk"), "{t:?}");
        assert!(w("talk") > w("summit"));
        assert!(t.windows(2).all(|p| p[0].0 < p[1].0));
    }

    #[test]
    fn empty_profiles_open_their_own_storylines() {
        let mut s = Storylines::new();
        let p = ClusterProfile { id: "e1", first_day: None, last_day: None, entities: &[], dyads: &[], terms: &[] };
        assert!(s.add(&p).opened);
        let q = ClusterProfile { id: "e2", ..p };
        assert!(s.add(&q).opened);
        assert_eq!(s.len(), 2);
        assert_eq!(s.storyline_id(1), "e2");
    }

    #[test]
    fn self_dyads_and_minor_actors_are_not_keys() {
        let e = ents(&[("big", 10.0), ("minor", 1.0), ("mid", 3.0)]);
        let d = dyads(&[("RUS", "RUS", 9), ("USA", "RUS", 1)]);
        let k =
            keys_of(&ClusterProfile { id: "x", first_day: None, last_day: None, entities: &e, dyads: &d, terms: &[] });
        assert_eq!(k.actors, ["big", "mid"]);
        assert_eq!(k.dyads, ["RUS|USA"]);
    }

    type Owned = (String, Vec<(String, f32)>, Vec<(String, String, u32)>, Vec<(String, f32)>);

    proptest! {
        /// Same input, same storylines; every cluster is in exactly one storyline; ids are the
        /// opening clusters' ids.
        #[test]
        fn deterministic_and_partitioning(
            clusters in proptest::collection::vec(
                (proptest::collection::vec(0u8..6, 0..5), proptest::collection::vec(0u8..12, 0..8)), 1..40),
        ) {
            let profiles: Vec<Owned> = clusters
                .iter()
                .enumerate()
                .map(|(i, (es, ts))| {
                    let e: Vec<(String, f32)> = es.iter().map(|x| (format!("e{x}"), 1.0 + *x as f32)).collect();
                    let d: Vec<(String, String, u32)> =
                        es.windows(2).map(|w| (format!("C{}", w[0]), format!("C{}", w[1]), 1)).collect();
                    let t: Vec<(String, f32)> = ts.iter().map(|x| (format!("w{x}"), 1.0)).collect();
                    (format!("k{i}"), e, d, t)
                })
                .collect();
            let run = || {
                let mut s = Storylines::new();
                let out: Vec<u32> = profiles
                    .iter()
                    .map(|(id, e, d, t)| {
                        s.add(&ClusterProfile { id, first_day: None, last_day: None, entities: e, dyads: d, terms: t })
                            .storyline
                    })
                    .collect();
                (s, out)
            };
            let (s1, o1) = run();
            let (_, o2) = run();
            prop_assert_eq!(&o1, &o2);
            let total: usize = (0..s1.len() as u32).map(|i| s1.storyline(i).clusters.len()).sum();
            prop_assert_eq!(total, profiles.len());
            for i in 0..s1.len() as u32 {
                let info = s1.storyline(i);
                prop_assert_eq!(info.id, &*info.clusters[0]);
            }
        }
    }
}
