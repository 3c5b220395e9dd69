//! A compact binary snapshot of the online state ([`Stories`] and [`Storylines`]), so that a
//! store can keep clustering where it left off without replaying the articles it holds: the
//! state is saved after each clustering step and restored before the next.
//!
//! **Format.** `MAGIC` (8 bytes), the format [`VERSION`] (u32 little-endian), the payload, and
//! an FNV-1a 64 checksum of the payload (8 bytes little-endian). Integers in the payload are
//! LEB128 varints (signed ones zigzag-encoded), floats their IEEE-754 bits (little-endian),
//! strings a length and UTF-8 bytes. Every hash map is written in key order, so the same state
//! always gives the same bytes.
//!
//! **Compatibility.** A snapshot of another version, a damaged one (wrong magic, checksum,
//! truncated, lengths beyond the data, indexes out of range) is refused with a
//! [`SnapshotError`] and never half-read; the caller rebuilds the state by replaying its
//! articles once. [`VERSION`] changes whenever the encoded structs change.
//!
//! **Size.** Linear in what the state holds: per article its cluster and duplicate link
//! (2–6 bytes) and, for a canonical article, its MinHash sketch (192 bytes); per cluster its
//! centroid (at most [`crate::CENTROID_TERMS`] terms) and entity counts; per term its text and
//! document frequency; bounded postings.

use crate::storyline::Storylines;
use crate::{dedup, Cluster, Config, Stories};
use std::collections::HashMap;
use std::fmt;

/// The first bytes of every snapshot.
pub const MAGIC: &[u8; 8] = b"HRLDSTRY";
/// The format version this build writes and reads.
pub const VERSION: u32 = 6;

/// Why a snapshot cannot be restored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SnapshotError {
    /// Not a snapshot (wrong magic bytes or too short).
    NotASnapshot,
    /// Written by a build with another format.
    Version { found: u32, known: u32 },
    /// The checksum does not match: the bytes were damaged.
    Checksum,
    /// The payload ends early or holds a value that cannot be (what, at which byte).
    Invalid { what: String, at: usize },
}

impl fmt::Display for SnapshotError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SnapshotError::NotASnapshot => write!(f, "not a clustering snapshot (wrong magic bytes)"),
            SnapshotError::Version { found, known } => {
                write!(f, "clustering snapshot format {found}, this build reads format {known}")
            }
            SnapshotError::Checksum => write!(f, "clustering snapshot damaged (checksum mismatch)"),
            SnapshotError::Invalid { what, at } => write!(f, "clustering snapshot invalid at byte {at}: {what}"),
        }
    }
}

impl std::error::Error for SnapshotError {}

fn fnv(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h = (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// The payload writer.
#[derive(Default)]
pub(crate) struct Writer {
    buf: Vec<u8>,
}

impl Writer {
    pub(crate) fn u64(&mut self, mut v: u64) {
        loop {
            let byte = (v & 0x7f) as u8;
            v >>= 7;
            if v == 0 {
                self.buf.push(byte);
                return;
            }
            self.buf.push(byte | 0x80);
        }
    }
    pub(crate) fn u32(&mut self, v: u32) {
        self.u64(u64::from(v));
    }
    pub(crate) fn usize(&mut self, v: usize) {
        self.u64(v as u64);
    }
    pub(crate) fn i64(&mut self, v: i64) {
        self.u64(((v << 1) ^ (v >> 63)) as u64);
    }
    pub(crate) fn f32(&mut self, v: f32) {
        self.buf.extend_from_slice(&v.to_bits().to_le_bytes());
    }
    pub(crate) fn bool(&mut self, v: bool) {
        self.buf.push(u8::from(v));
    }
    pub(crate) fn str(&mut self, s: &str) {
        self.usize(s.len());
        self.buf.extend_from_slice(s.as_bytes());
    }
    pub(crate) fn opt_i64(&mut self, v: Option<i64>) {
        self.bool(v.is_some());
        if let Some(v) = v {
            self.i64(v);
        }
    }
    pub(crate) fn opt_u32(&mut self, v: Option<u32>) {
        self.bool(v.is_some());
        if let Some(v) = v {
            self.u32(v);
        }
    }
    /// A map of string keys, in key order.
    pub(crate) fn str_map<K: AsRef<str>, V>(&mut self, m: &HashMap<K, V>, mut value: impl FnMut(&mut Writer, &V)) {
        let mut keys: Vec<(&str, &V)> = m.iter().map(|(k, v)| (k.as_ref(), v)).collect();
        keys.sort_unstable_by(|a, b| a.0.cmp(b.0));
        self.usize(keys.len());
        for (k, v) in keys {
            self.str(k);
            value(self, v);
        }
    }
    /// A list of `(key, weight)` pairs.
    pub(crate) fn pairs(&mut self, v: &[(u32, f32)]) {
        self.usize(v.len());
        for &(k, w) in v {
            self.u32(k);
            self.f32(w);
        }
    }
    pub(crate) fn u32s(&mut self, v: &[u32]) {
        self.usize(v.len());
        for &x in v {
            self.u32(x);
        }
    }
}

/// The payload reader: every read is checked against the data left.
pub(crate) struct Reader<'a> {
    b: &'a [u8],
    pos: usize,
    /// Where the payload starts in the whole snapshot (for error positions).
    base: usize,
}

type R<T> = Result<T, SnapshotError>;

impl<'a> Reader<'a> {
    pub(crate) fn invalid(&self, what: impl Into<String>) -> SnapshotError {
        SnapshotError::Invalid { what: what.into(), at: self.base + self.pos }
    }
    fn byte(&mut self) -> R<u8> {
        let b = *self.b.get(self.pos).ok_or_else(|| self.invalid("the data ends early"))?;
        self.pos += 1;
        Ok(b)
    }
    pub(crate) fn u64(&mut self) -> R<u64> {
        let mut v: u64 = 0;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(self.invalid("a number longer than 64 bits"))
    }
    pub(crate) fn u32(&mut self) -> R<u32> {
        let v = self.u64()?;
        u32::try_from(v).map_err(|_| self.invalid(format!("{v} does not fit 32 bits")))
    }
    pub(crate) fn usize(&mut self) -> R<usize> {
        let v = self.u64()?;
        usize::try_from(v).map_err(|_| self.invalid(format!("{v} does not fit this machine")))
    }
    /// A count of items each taking at least `min_bytes`: never more than the data left allows,
    /// so a damaged length cannot make a huge allocation.
    pub(crate) fn len(&mut self, min_bytes: usize) -> R<usize> {
        let n = self.usize()?;
        if n.saturating_mul(min_bytes.max(1)) > self.b.len() - self.pos {
            return Err(self.invalid(format!("a length of {n} beyond the data")));
        }
        Ok(n)
    }
    pub(crate) fn i64(&mut self) -> R<i64> {
        let v = self.u64()?;
        Ok(((v >> 1) as i64) ^ -((v & 1) as i64))
    }
    pub(crate) fn f32(&mut self) -> R<f32> {
        let end = self.pos + 4;
        let bytes = self.b.get(self.pos..end).ok_or_else(|| self.invalid("the data ends early"))?;
        let v = f32::from_bits(u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]));
        self.pos = end;
        Ok(v)
    }
    pub(crate) fn bool(&mut self) -> R<bool> {
        match self.byte()? {
            0 => Ok(false),
            1 => Ok(true),
            b => Err(self.invalid(format!("{b} is not a boolean"))),
        }
    }
    pub(crate) fn str(&mut self) -> R<String> {
        let n = self.len(1)?;
        let bytes = &self.b[self.pos..self.pos + n];
        let s = std::str::from_utf8(bytes).map_err(|_| self.invalid("a string that is not UTF-8"))?;
        self.pos += n;
        Ok(s.to_string())
    }
    pub(crate) fn opt_i64(&mut self) -> R<Option<i64>> {
        Ok(if self.bool()? { Some(self.i64()?) } else { None })
    }
    pub(crate) fn opt_u32(&mut self) -> R<Option<u32>> {
        Ok(if self.bool()? { Some(self.u32()?) } else { None })
    }
    pub(crate) fn str_map<V>(&mut self, mut value: impl FnMut(&mut Reader<'a>) -> R<V>) -> R<HashMap<String, V>> {
        let n = self.len(2)?;
        let mut m = HashMap::with_capacity(n);
        for _ in 0..n {
            let k = self.str()?;
            let v = value(self)?;
            m.insert(k, v);
        }
        Ok(m)
    }
    pub(crate) fn pairs(&mut self) -> R<Vec<(u32, f32)>> {
        let n = self.len(5)?;
        let mut v = Vec::with_capacity(n);
        for _ in 0..n {
            v.push((self.u32()?, self.f32()?));
        }
        Ok(v)
    }
    pub(crate) fn u32s(&mut self) -> R<Vec<u32>> {
        let n = self.len(1)?;
        let mut v = Vec::with_capacity(n);
        for _ in 0..n {
            v.push(self.u32()?);
        }
        Ok(v)
    }
    fn done(&self) -> bool {
        self.pos == self.b.len()
    }
}

/// The snapshot of a clustering and its storylines.
pub fn encode(stories: &Stories, lines: &Storylines) -> Vec<u8> {
    let mut w = Writer::default();
    stories.encode(&mut w);
    lines.encode(&mut w);
    let mut out = Vec::with_capacity(w.buf.len() + 20);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&VERSION.to_le_bytes());
    out.extend_from_slice(&w.buf);
    out.extend_from_slice(&fnv(&w.buf).to_le_bytes());
    out
}

/// Restores what [`encode`] wrote (see the module doc for what is refused).
pub fn decode(bytes: &[u8]) -> Result<(Stories, Storylines), SnapshotError> {
    if bytes.len() < MAGIC.len() + 4 + 8 || &bytes[..MAGIC.len()] != MAGIC {
        return Err(SnapshotError::NotASnapshot);
    }
    let v = &bytes[MAGIC.len()..MAGIC.len() + 4];
    let found = u32::from_le_bytes([v[0], v[1], v[2], v[3]]);
    if found != VERSION {
        return Err(SnapshotError::Version { found, known: VERSION });
    }
    let payload = &bytes[MAGIC.len() + 4..bytes.len() - 8];
    let sum = &bytes[bytes.len() - 8..];
    let sum = u64::from_le_bytes([sum[0], sum[1], sum[2], sum[3], sum[4], sum[5], sum[6], sum[7]]);
    if fnv(payload) != sum {
        return Err(SnapshotError::Checksum);
    }
    let mut r = Reader { b: payload, pos: 0, base: MAGIC.len() + 4 };
    let stories = Stories::decode(&mut r)?;
    let lines = Storylines::decode(&mut r)?;
    if !r.done() {
        return Err(r.invalid("bytes left after the state"));
    }
    Ok((stories, lines))
}

fn encode_config(w: &mut Writer, c: &Config) {
    let Config {
        threshold_long,
        threshold_short,
        short_terms,
        long_terms,
        entity_weight,
        window_days,
        decay_days,
        decay_floor,
        idf_power,
        spread,
        spread_cap,
        merge_threshold,
        merge_ratio,
        merge_spread,
        tiny_terms,
        tiny_extra,
        burst_days,
        max_late,
        max_span_days,
        sketch_seed,
        ownership_weight,
        ownership_smooth,
    } = *c;
    for x in [threshold_long, threshold_short] {
        w.f32(x);
    }
    w.usize(short_terms);
    w.usize(long_terms);
    for x in [
        entity_weight,
        window_days,
        decay_days,
        decay_floor,
        idf_power,
        spread,
        spread_cap,
        merge_threshold,
        merge_ratio,
        merge_spread,
    ] {
        w.f32(x);
    }
    w.usize(tiny_terms);
    w.f32(tiny_extra);
    w.f32(burst_days);
    w.u32(max_late);
    w.f32(max_span_days);
    w.u32(sketch_seed);
    w.f32(ownership_weight);
    w.f32(ownership_smooth);
}

fn decode_config(r: &mut Reader) -> R<Config> {
    Ok(Config {
        threshold_long: r.f32()?,
        threshold_short: r.f32()?,
        short_terms: r.usize()?,
        long_terms: r.usize()?,
        entity_weight: r.f32()?,
        window_days: r.f32()?,
        decay_days: r.f32()?,
        decay_floor: r.f32()?,
        idf_power: r.f32()?,
        spread: r.f32()?,
        spread_cap: r.f32()?,
        merge_threshold: r.f32()?,
        merge_ratio: r.f32()?,
        merge_spread: r.f32()?,
        tiny_terms: r.usize()?,
        tiny_extra: r.f32()?,
        burst_days: r.f32()?,
        max_late: r.u32()?,
        max_span_days: r.f32()?,
        sketch_seed: r.u32()?,
        ownership_weight: r.f32()?,
        ownership_smooth: r.f32()?,
    })
}

/// Checks that every index is in range, so a restored state can never panic.
fn check(r: &Reader, ok: bool, what: impl FnOnce() -> String) -> R<()> {
    if ok {
        Ok(())
    } else {
        Err(r.invalid(what()))
    }
}

impl Stories {
    fn encode(&self, w: &mut Writer) {
        encode_config(w, &self.cfg);
        // Terms by key: the key is the position.
        let mut terms: Vec<&str> = vec![""; self.df.len()];
        for (t, &k) in &self.vocab {
            terms[k as usize] = t;
        }
        w.usize(terms.len());
        for (t, df) in terms.iter().zip(&self.df) {
            w.str(t);
            w.u32(*df);
        }
        w.u32(self.scored_docs);
        w.usize(self.langs.len());
        for l in &self.langs {
            w.str(l);
        }
        let mut keys: Vec<(&u32, &Vec<u32>)> = self.postings.iter().collect();
        keys.sort_unstable_by_key(|(k, _)| **k);
        w.usize(keys.len());
        for (k, list) in keys {
            w.u32(*k);
            w.u32s(list);
        }
        w.usize(self.clusters.len());
        for c in &self.clusters {
            w.str(&c.id);
            w.pairs(&c.centroid);
            w.f32(c.norm);
            for list in [&c.entities, &c.key_terms] {
                w.usize(list.len());
                for &(e, n) in list {
                    w.u32(e);
                    w.u32(n);
                }
            }
            w.u32(c.scored);
            w.opt_u32(c.into);
            w.u32(c.members);
            w.u32(c.duplicates);
            w.opt_i64(c.first_day);
            w.opt_i64(c.last_day);
            w.opt_i64(c.core_first);
            w.opt_i64(c.core_last);
            w.u32(c.late);
            w.opt_u32(c.lang.map(u32::from));
        }
        w.usize(self.live);
        w.usize(self.docs.len());
        for &(c, canon) in &self.docs {
            w.u32(c);
            w.opt_u32(canon);
        }
        let mut buckets: Vec<(&(u8, u64), &Vec<u32>)> = self.dup_index.buckets.iter().collect();
        buckets.sort_unstable_by_key(|(k, _)| **k);
        w.usize(buckets.len());
        for (&(band, key), docs) in buckets {
            w.u32(u32::from(band));
            w.u64(key);
            w.u32s(docs);
        }
        let mut sketches: Vec<(&u32, &dedup::Sketch)> = self.dup_index.sketches.iter().collect();
        sketches.sort_unstable_by_key(|(k, _)| **k);
        w.usize(sketches.len());
        for (d, sk) in sketches {
            w.u32(*d);
            for &v in sk.iter() {
                w.u32(v);
            }
        }
        let mut counts: Vec<(&u32, &u32)> = self.dup_counts.iter().collect();
        counts.sort_unstable();
        w.usize(counts.len());
        for (d, n) in counts {
            w.u32(*d);
            w.u32(*n);
        }
    }

    fn decode(r: &mut Reader) -> R<Stories> {
        let cfg = decode_config(r)?;
        let n_terms = r.len(2)?;
        let mut vocab = HashMap::with_capacity(n_terms);
        let mut df = Vec::with_capacity(n_terms);
        for k in 0..n_terms {
            let t = r.str()?;
            df.push(r.u32()?);
            if vocab.insert(t.into_boxed_str(), k as u32).is_some() {
                return Err(r.invalid("a term twice"));
            }
        }
        let scored_docs = r.u32()?;
        let n_langs = r.len(1)?;
        let mut langs = Vec::with_capacity(n_langs);
        for _ in 0..n_langs {
            langs.push(r.str()?.into_boxed_str());
        }
        check(r, langs.len() <= usize::from(u16::MAX) + 1, || "too many languages".into())?;
        let n_post = r.len(2)?;
        let mut postings = HashMap::with_capacity(n_post);
        let mut post_raw = Vec::with_capacity(n_post);
        for _ in 0..n_post {
            let k = r.u32()?;
            check(r, (k as usize) < n_terms, || format!("posting key {k} of {n_terms} terms"))?;
            post_raw.push((k, r.u32s()?));
        }
        let n_clusters = r.len(8)?;
        let mut clusters = Vec::with_capacity(n_clusters);
        for i in 0..n_clusters {
            let id = r.str()?.into_boxed_str();
            let centroid = r.pairs()?;
            check(r, centroid.iter().all(|&(k, _)| (k as usize) < n_terms), || format!("cluster {i}: a term"))?;
            let norm = r.f32()?;
            let mut counts = || -> R<Vec<(u32, u32)>> {
                let n = r.len(2)?;
                let mut list = Vec::with_capacity(n);
                for _ in 0..n {
                    list.push((r.u32()?, r.u32()?));
                }
                Ok(list)
            };
            let entities = counts()?;
            let key_terms = counts()?;
            check(r, entities.iter().all(|&(k, _)| (k as usize) < n_terms), || format!("cluster {i}: an entity"))?;
            check(r, key_terms.iter().all(|&(k, _)| (k as usize) < n_terms), || format!("cluster {i}: a key term"))?;
            let scored = r.u32()?;
            let into = r.opt_u32()?;
            // A cluster is only ever merged into an older one.
            check(r, into.is_none_or(|o| (o as usize) < i), || format!("cluster {i}: merged forward"))?;
            let members = r.u32()?;
            let duplicates = r.u32()?;
            let first_day = r.opt_i64()?;
            let last_day = r.opt_i64()?;
            let core_first = r.opt_i64()?;
            let core_last = r.opt_i64()?;
            let late = r.u32()?;
            let lang = match r.opt_u32()? {
                None => None,
                Some(l) if (l as usize) < langs.len() => Some(l as u16),
                Some(l) => return Err(r.invalid(format!("cluster {i}: language {l}"))),
            };
            clusters.push(Cluster {
                id,
                centroid,
                norm,
                entities,
                key_terms,
                scored,
                into,
                members,
                duplicates,
                first_day,
                last_day,
                core_first,
                core_last,
                late,
                lang,
            });
        }
        for (k, list) in post_raw {
            check(r, list.iter().all(|&c| (c as usize) < n_clusters), || format!("posting {k}: a cluster"))?;
            postings.insert(k, list);
        }
        let live = r.usize()?;
        check(r, live <= n_clusters, || format!("{live} live clusters of {n_clusters}"))?;
        let n_docs = r.len(2)?;
        let mut docs = Vec::with_capacity(n_docs);
        for d in 0..n_docs {
            let c = r.u32()?;
            let canon = r.opt_u32()?;
            check(r, (c as usize) < n_clusters, || format!("document {d}: cluster {c}"))?;
            check(r, canon.is_none_or(|x| (x as usize) < d), || format!("document {d}: canonical"))?;
            docs.push((c, canon));
        }
        let mut dup_index = dedup::Index::default();
        let n_buckets = r.len(3)?;
        for _ in 0..n_buckets {
            let band = r.u32()?;
            let band = u8::try_from(band).map_err(|_| r.invalid(format!("band {band}")))?;
            let key = r.u64()?;
            let list = r.u32s()?;
            check(r, list.iter().all(|&d| (d as usize) < n_docs), || "a bucket's document".into())?;
            dup_index.buckets.insert((band, key), list);
        }
        let n_sketches = r.len(1 + dedup::HASHES)?;
        for _ in 0..n_sketches {
            let d = r.u32()?;
            check(r, (d as usize) < n_docs, || format!("sketch of document {d}"))?;
            let mut sk = [0u32; dedup::HASHES];
            for v in sk.iter_mut() {
                *v = r.u32()?;
            }
            dup_index.sketches.insert(d, sk);
        }
        // Every document a bucket names has its sketch (look-ups index the sketches by it).
        check(r, dup_index.buckets.values().flatten().all(|d| dup_index.sketches.contains_key(d)), || {
            "a bucket names a document without a sketch".into()
        })?;
        let n_counts = r.len(2)?;
        let mut dup_counts = HashMap::with_capacity(n_counts);
        for _ in 0..n_counts {
            let d = r.u32()?;
            dup_counts.insert(d, r.u32()?);
        }
        Ok(Stories { cfg, vocab, df, scored_docs, langs, postings, clusters, live, docs, dup_index, dup_counts })
    }

    /// Clusters merged into an older one, as (merged id, id of the cluster it now belongs to),
    /// in the order they were opened. Walks every cluster: call it only when merges happened
    /// (fewer live clusters than opened ones).
    pub fn merged_clusters(&self) -> Vec<(String, String)> {
        (0..self.clusters.len() as u32)
            .filter(|&c| self.clusters[c as usize].into.is_some())
            .map(|c| (self.clusters[c as usize].id.to_string(), self.cluster_id(c).to_string()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storyline::ClusterProfile;
    use crate::{days_from_civil, Article};
    use proptest::prelude::*;

    const WORDS: [&str; 24] = [
        "kerry",
        "lavrov",
        "putin",
        "sochi",
        "moscow",
        "talks",
        "syria",
        "ukraine",
        "harbour",
        "crane",
        "storm",
        "pier",
        "ferry",
        "minister",
        "sanctions",
        "election",
        "vote",
        "budget",
        "senate",
        "grain",
        "embargo",
        "border",
        "troops",
        "ceasefire",
    ];

    /// An article from a few indexes: words, entities, day offset, language.
    type Spec = (Vec<u8>, Vec<u8>, Option<u16>, u8);

    fn feed(stories: &mut Stories, lines: &mut Storylines, specs: &[Spec], first: usize) -> Vec<(u32, Option<u32>)> {
        let mut out = Vec::new();
        for (i, (words, ents, day, lang)) in specs.iter().enumerate() {
            let id = format!("d{}", first + i);
            let text: Vec<&str> = words.iter().map(|w| WORDS[*w as usize % WORDS.len()]).collect();
            let text = text.join(" ");
            let entities: Vec<String> = ents.iter().map(|e| format!("e{}", e % 9)).collect();
            let lang = match lang % 3 {
                0 => None,
                1 => Some("en"),
                _ => Some("es"),
            };
            let day = day.map(|d| days_from_civil(2013, 1, 1) + i64::from(d));
            let p =
                stories.add(&Article { id: &id, title: "", text: &text, day, entities: &entities, events: &[], lang });
            out.push((p.cluster, p.duplicate_of));
            let info = stories.cluster(p.cluster);
            let ents: Vec<(String, f32)> = entities.iter().map(|e| (e.clone(), 1.0)).collect();
            let terms = crate::storyline::salient_terms(&[&text]);
            let cid = info.id.to_string();
            lines.add(&ClusterProfile {
                id: &cid,
                first_day: info.first_day,
                last_day: info.last_day,
                entities: &ents,
                dyads: &[],
                terms: &terms,
            });
        }
        out
    }

    fn spec() -> impl Strategy<Value = Spec> {
        (
            proptest::collection::vec(0u8..24, 0..30),
            proptest::collection::vec(0u8..12, 0..4),
            proptest::option::of(0u16..1500),
            0u8..3,
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

        /// A restored state encodes to the same bytes and then behaves exactly like the original.
        #[test]
        fn round_trip_then_same_decisions(
            before in proptest::collection::vec(spec(), 0..40),
            after in proptest::collection::vec(spec(), 0..20),
        ) {
            let (mut s1, mut l1) = (Stories::default(), Storylines::new());
            feed(&mut s1, &mut l1, &before, 0);
            let bytes = encode(&s1, &l1);
            let (mut s2, mut l2) = decode(&bytes).unwrap();
            prop_assert_eq!(&encode(&s2, &l2), &bytes);
            prop_assert_eq!(s2.len(), s1.len());
            prop_assert_eq!(s2.cluster_count(), s1.cluster_count());
            let a = feed(&mut s1, &mut l1, &after, before.len());
            let b = feed(&mut s2, &mut l2, &after, before.len());
            prop_assert_eq!(a, b);
            prop_assert_eq!(encode(&s1, &l1), encode(&s2, &l2));
        }

        /// Damaged bytes are refused (or, if a flip lands on a value that is still valid and
        /// the checksum is recomputed, read), never a panic.
        #[test]
        fn damaged_snapshots_are_refused_without_panic(
            specs in proptest::collection::vec(spec(), 1..15),
            at in any::<prop::sample::Index>(),
            flip in 1u8..=255,
            cut in any::<prop::sample::Index>(),
            fix_sum in any::<bool>(),
        ) {
            let (mut s, mut l) = (Stories::default(), Storylines::new());
            feed(&mut s, &mut l, &specs, 0);
            let bytes = encode(&s, &l);
            let mut bad = bytes.clone();
            let i = at.index(bad.len());
            bad[i] ^= flip;
            if fix_sum && i >= MAGIC.len() + 4 && i < bad.len() - 8 {
                let end = bad.len() - 8;
                let sum = fnv(&bad[MAGIC.len() + 4..end]).to_le_bytes();
                bad[end..].copy_from_slice(&sum);
                let _ = decode(&bad);
            } else {
                prop_assert!(decode(&bad).is_err());
            }
            let short = &bytes[..cut.index(bytes.len())];
            prop_assert!(decode(short).is_err());
        }
    }

    #[test]
    fn other_versions_and_foreign_bytes_are_refused() {
        let bytes = encode(&Stories::default(), &Storylines::new());
        assert!(decode(&bytes).is_ok());
        let mut other = bytes.clone();
        other[MAGIC.len()..MAGIC.len() + 4].copy_from_slice(&(VERSION + 1).to_le_bytes());
        assert_eq!(decode(&other).err().unwrap(), SnapshotError::Version { found: VERSION + 1, known: VERSION });
        assert_eq!(decode(b"").err().unwrap(), SnapshotError::NotASnapshot);
        assert_eq!(decode(b"SQLite format 3\0 and more bytes").err().unwrap(), SnapshotError::NotASnapshot);
    }

    #[test]
    fn same_state_same_bytes_and_duplicates_survive() {
        let text = "The harbour authority closed the northern pier on Tuesday after a crane toppled into the water \
                    during a storm, officials of the port board announced in a statement.";
        let run = || {
            let mut s = Stories::default();
            let day = Some(days_from_civil(2015, 5, 12));
            for id in ["a", "b"] {
                s.add(&Article { id, title: "Crane topples", text, day, entities: &[], events: &[], lang: Some("en") });
            }
            s
        };
        let (s1, s2) = (run(), run());
        let l = Storylines::new();
        assert_eq!(encode(&s1, &l), encode(&s2, &l));
        let (mut back, _) = decode(&encode(&s1, &l)).unwrap();
        assert_eq!(back.duplicate_count(0), 1);
        let p = back.add(&Article {
            id: "c",
            title: "Crane topples",
            text,
            day: Some(days_from_civil(2015, 5, 13)),
            entities: &[],
            events: &[],
            lang: Some("en"),
        });
        assert_eq!(p.duplicate_of, Some(0));
        assert_eq!(back.duplicate_count(0), 2);
    }
}
