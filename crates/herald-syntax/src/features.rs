//! Hashed features and a sparse averaged perceptron, shared by the statistical models of this
//! crate.
//!
//! A feature is a 64-bit hash: [`hash_str`] / [`hash_bytes`] turn a string into a value hash
//! (seeded by the kind of value, so a suffix and a word never meet), and [`feature`] ties a value
//! to a template number (so "previous word" and "next word" stay apart); [`combine`] joins two
//! values into a conjunction. Nothing is interned, so extracting features allocates nothing.
//!
//! Training uses [`Perceptron`]: integer weights updated by ±1 per mistake, with the usual
//! lazily computed averages (each update is also summed weighted by its time step, and the
//! average is `w - u / t` at the end). [`Perceptron::average`] prunes near-zero averages,
//! quantises the rest to one byte on a logarithmic scale and gives a [`SparseWeights`]: a compact table from a 32-bit
//! feature key to that feature's few non-zero (class, weight) pairs, which is what a model file
//! stores and what tagging reads. A 32-bit key means that an unseen feature matches a stored one
//! with odds around one in four thousand million per lookup, which is harmless noise.

use crate::binio::{ModelError, Reader, Writer};
use crate::huge::Zeroed;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

const K: u64 = 0x9E37_79B9_7F4A_7C15;

/// The 64-bit finaliser of MurmurHash3: a bijection that spreads every input bit.
#[inline]
pub fn mix64(mut x: u64) -> u64 {
    x ^= x >> 33;
    x = x.wrapping_mul(0xFF51_AFD7_ED55_8CCD);
    x ^= x >> 33;
    x = x.wrapping_mul(0xC4CE_B9FE_1A85_EC53);
    x ^= x >> 33;
    x
}

/// Hashes bytes under a seed (the kind of value: word, suffix, shape, …).
#[inline]
pub fn hash_bytes(seed: u64, bytes: &[u8]) -> u64 {
    let mut h = mix64(seed ^ K) ^ (bytes.len() as u64).wrapping_mul(K);
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let mut b = [0u8; 8];
        b.copy_from_slice(c);
        h = (h ^ u64::from_le_bytes(b)).wrapping_mul(K).rotate_left(31);
    }
    let rem = chunks.remainder();
    if !rem.is_empty() {
        h = (h ^ tail_le(rem)).wrapping_mul(K).rotate_left(31);
    }
    mix64(h)
}

/// The 1–7 bytes `rem` as a little-endian number (zero-padded to eight bytes), read as two
/// overlapping four-byte words or three single bytes instead of copied through a buffer of
/// variable length (a `memcpy` call).
#[inline(always)]
fn tail_le(rem: &[u8]) -> u64 {
    let n = rem.len();
    if n >= 4 {
        let word = |at: usize| u64::from(u32::from_le_bytes([rem[at], rem[at + 1], rem[at + 2], rem[at + 3]]));
        word(0) | word(n - 4) << (8 * (n - 4))
    } else if n > 0 {
        u64::from(rem[0]) | u64::from(rem[n / 2]) << (8 * (n / 2)) | u64::from(rem[n - 1]) << (8 * (n - 1))
    } else {
        0
    }
}

/// Hashes a string under a seed.
#[inline]
pub fn hash_str(seed: u64, s: &str) -> u64 {
    hash_bytes(seed, s.as_bytes())
}

/// Joins two hashes into one, order-sensitively (`combine(a, b) != combine(b, a)`).
#[inline]
pub fn combine(a: u64, b: u64) -> u64 {
    mix64(a.wrapping_mul(K).rotate_left(29) ^ b)
}

/// The feature for `value` under template number `template`.
#[inline]
pub fn feature(template: u32, value: u64) -> u64 {
    combine(u64::from(template).wrapping_add(0x5151_0000), value)
}

/// A hasher for keys that are already well-mixed 64-bit hashes: it passes them through.
#[derive(Default, Clone, Copy)]
pub struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(b)).wrapping_mul(K);
        }
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = v;
    }
}

/// A `HashMap` keyed by feature hashes, with deterministic, pass-through hashing.
pub type HashMapU64<V> = HashMap<u64, V, BuildHasherDefault<IdHasher>>;

/// Training-time weights: one dense row of `i32` per feature that was ever updated.
pub struct Perceptron {
    n_classes: usize,
    index: HashMapU64<u32>,
    w: Vec<i32>,
    u: Vec<i64>,
    /// Updates per row.
    hits: Vec<u32>,
    time: i64,
}

impl Perceptron {
    pub fn new(n_classes: usize) -> Self {
        Perceptron { n_classes, index: HashMapU64::default(), w: Vec::new(), u: Vec::new(), hits: Vec::new(), time: 1 }
    }

    pub fn n_classes(&self) -> usize {
        self.n_classes
    }

    /// Number of features that have a row.
    pub fn n_features(&self) -> usize {
        self.index.len()
    }

    /// Sets `scores` to the current (not averaged) scores of every class.
    pub fn score(&self, feats: &[u64], scores: &mut [i32]) {
        let n = self.n_classes;
        scores[..n].fill(0);
        for f in feats {
            if let Some(&r) = self.index.get(f) {
                let row = &self.w[r as usize * n..][..n];
                for (s, x) in scores.iter_mut().zip(row) {
                    *s += x;
                }
            }
        }
    }

    /// Advances the clock by one training instance; call once per instance, updated or not.
    pub fn tick(&mut self) {
        self.time += 1;
    }

    /// Adds `delta` to the weight of `class` for every feature.
    pub fn update_by(&mut self, feats: &[u64], class: usize, delta: i32) {
        let n = self.n_classes;
        for &f in feats {
            let next = self.index.len() as u32;
            let r = *self.index.entry(f).or_insert(next) as usize;
            if r == next as usize {
                self.w.resize(self.w.len() + n, 0);
                self.u.resize(self.u.len() + n, 0);
                self.hits.push(0);
            }
            self.hits[r] = self.hits[r].saturating_add(1);
            self.w[r * n + class] += delta;
            self.u[r * n + class] += self.time * i64::from(delta);
        }
    }

    /// The standard perceptron step: towards `gold`, away from `guess` (nothing if equal).
    pub fn update(&mut self, feats: &[u64], gold: usize, guess: usize) {
        if gold != guess {
            self.update_by(feats, gold, 1);
            self.update_by(feats, guess, -1);
        }
    }

    /// Averaged weights, dropping those with magnitude below `prune`, each quantised to one of
    /// 127 logarithmically spaced magnitudes (about 2–8% apart) with a sign: one byte a weight.
    pub fn average(&self, prune: f32) -> SparseWeights {
        self.average_pruned(prune, 0)
    }

    /// Like [`Perceptron::average`], also dropping features updated fewer than `min_updates`
    /// times (each half of a mistake counts once).
    pub fn average_pruned(&self, prune: f32, min_updates: u32) -> SparseWeights {
        Perceptron::average_many(&[self], prune, min_updates)
    }

    /// The mean of the averaged weights of several perceptrons over the same classes (an
    /// ensemble that costs nothing extra at prediction time), pruned and quantised as in
    /// [`Perceptron::average_pruned`]; a feature is kept if it was updated at least
    /// `min_updates` times per model on average.
    pub fn average_many(models: &[&Perceptron], prune: f32, min_updates: u32) -> SparseWeights {
        let n = models.first().map_or(1, |m| m.n_classes);
        let m_count = models.len().max(1);
        // (key, model, row), rows of one 64-bit feature together.
        let mut hits: HashMapU64<u64> = HashMapU64::default();
        for m in models {
            for (&k, &r) in &m.index {
                *hits.entry(k).or_default() += u64::from(m.hits[r as usize]);
            }
        }
        let mut keys: Vec<(u32, u64, usize)> = hits
            .iter()
            .filter(|(_, &h)| h >= u64::from(min_updates) * m_count as u64)
            .map(|(&k, _)| (key32(k), k, 0))
            .collect();
        keys.sort_unstable();
        let mut merged: Vec<(u32, Vec<f64>)> = Vec::with_capacity(keys.len());
        for (k, full, _) in keys {
            let mut avg = vec![0f64; n];
            for m in models {
                if let Some(&r) = m.index.get(&full) {
                    let r = r as usize * n;
                    let t = m.time as f64;
                    for (c, a) in avg.iter_mut().enumerate() {
                        *a += (f64::from(m.w[r + c]) - m.u[r + c] as f64 / t) / m_count as f64;
                    }
                }
            }
            match merged.last_mut() {
                Some((lk, v)) if *lk == k => v.iter_mut().zip(&avg).for_each(|(a, b)| *a += b),
                _ => merged.push((k, avg)),
            }
        }
        let max_abs = merged.iter().flat_map(|(_, v)| v.iter()).fold(0f64, |m, x| m.max(x.abs()));
        let lo = f64::from(prune).max(max_abs * 1e-4);
        let ratio = if max_abs > lo { (max_abs / lo).ln() / f64::from(LEVELS - 1) } else { 1.0 };
        let unit = if max_abs > 0.0 { f64::from(1u32 << 20) / max_abs } else { 1.0 };
        let mut levels = vec![0i32; 256];
        for k in 0..LEVELS as usize {
            let v = (lo * (ratio * k as f64).exp() * unit).round() as i32;
            levels[k] = v;
            levels[128 + k] = -v;
        }
        let mut out_keys = Vec::new();
        let mut counts = Vec::new();
        let mut entries = Vec::new();
        for (k, v) in merged {
            let before = entries.len();
            for (c, &x) in v.iter().enumerate() {
                if x.abs() >= lo && x.abs() > 0.0 {
                    let level = ((x.abs() / lo).ln() / ratio).round().clamp(0.0, f64::from(LEVELS - 1)) as u16;
                    entries.push((c as u16, if x > 0.0 { level } else { 128 + level }));
                }
            }
            if entries.len() > before {
                out_keys.push(k);
                counts.push((entries.len() - before) as u16);
            }
        }
        SparseWeights::build(n, levels, out_keys, &counts, entries)
    }
}

/// Magnitudes in the weight codebook.
const LEVELS: u32 = 127;

#[inline]
fn key32(h: u64) -> u32 {
    // Mixed again so that callers may use raw small numbers as features.
    ((mix64(h ^ 0x2545_F491_4F6C_DD1D) >> 32) as u32).max(1)
}

/// Inference-time weights: per feature key, a short list of (class, weight code).
#[derive(Debug, Clone)]
pub struct SparseWeights {
    n_classes: usize,
    /// Weight code → score contribution (codes 0–126 positive, 128–254 negative).
    levels: Vec<i32>,
    keys: Vec<u32>,
    mask: usize,
    /// Open-addressing table: the key and its entries' range as [`span`] packs it; key 0 marks
    /// an empty slot. The range sits in the slot so that a look-up costs one cache miss before
    /// the entries; eight bytes a slot, so that a slot never straddles two cache lines. A key
    /// with a dense row (see `dense`) has the row's number instead. In huge pages when large
    /// (see [`crate::huge`]).
    table: Zeroed<[u32; 2]>,
    starts: Vec<u32>,
    entries: Vec<(u16, u16)>,
    /// Built at load, not stored: the entries of the rows that are not dense, which are the
    /// only ones scoring reads (the table's ranges point here), packed without the dense rows'
    /// entries between them: `[class, code]`, in huge pages when large.
    sparse: Zeroed<[u16; 2]>,
    /// Built at load, not stored: the rows of the keys with at least [`DENSE_MIN`] entries (the
    /// frequent features, which most look-ups hit) again as dense scores, `n_classes` per row
    /// padded with zeros to whole blocks of [`BLOCK`] (`blocks` of them a row), so adding them up
    /// is a straight vectorised loop instead of a scatter through the codebook. Same sums, a few
    /// hundred kilobytes.
    dense: Zeroed<[i32; BLOCK]>,
    /// Blocks per dense row: `n_classes` / [`BLOCK`], rounded up.
    blocks: usize,
}

/// Columns summed at a time over all the dense rows a look-up hits (see [`add_blocks`]).
const BLOCK: usize = 32;

/// `N` columns of a dense row of weights, aligned so that adding one to vector registers needs
/// no separate load.
#[derive(Clone, Copy, Debug)]
#[repr(C, align(64))]
pub(crate) struct Block<const N: usize>(pub(crate) [i32; N]);

impl<const N: usize> Block<N> {
    pub(crate) const ZERO: Self = Block([0; N]);
}

/// `N` columns of a dense row: a [`Block`], or a plain array (which a table in huge pages holds,
/// see [`crate::huge`]; the map is page-aligned, so its blocks are aligned all the same).
pub(crate) trait Columns<const N: usize> {
    fn columns(&self) -> &[i32; N];
}

impl<const N: usize> Columns<N> for Block<N> {
    #[inline(always)]
    fn columns(&self) -> &[i32; N] {
        &self.0
    }
}

impl<const N: usize> Columns<N> for [i32; N] {
    #[inline(always)]
    fn columns(&self) -> &[i32; N] {
        self
    }
}

/// The sums of block `b` of the rows `rows` of `table` (`blocks` blocks a row).
#[inline(always)]
fn sum_block<const N: usize, R: Columns<N>>(table: &[R], blocks: usize, b: usize, rows: &[u32]) -> Block<N> {
    let mut sum = [0i32; N];
    for &r in rows {
        let row = table[r as usize * blocks + b].columns();
        for j in 0..N {
            sum[j] = sum[j].wrapping_add(row[j]);
        }
    }
    Block(sum)
}

/// Adds the dense rows `rows` of `table` (`blocks` blocks of `N` columns a row) to `out`, one
/// block of columns at a time: a block's sums stay in vector registers while every row is added
/// in, instead of each row being loaded, added to `out` and stored back (some 2.5 times fewer
/// instructions). Integer sums, so the same in any order.
#[inline]
pub(crate) fn add_blocks<const N: usize, R: Columns<N>>(table: &[R], blocks: usize, rows: &[u32], out: &mut [i32]) {
    if rows.is_empty() {
        return;
    }
    for (b, out) in out.chunks_mut(N).take(blocks).enumerate() {
        let sum = sum_block(table, blocks, b, rows);
        for (o, s) in out.iter_mut().zip(sum.0.iter()) {
            *o = o.wrapping_add(*s);
        }
    }
}

/// Rows with at least this many entries are also kept dense.
const DENSE_MIN: usize = 12;
/// Marks a dense row's number in a range from [`unspan`].
const DENSE: u32 = 1 << 31;
/// Bits of a range's start (or dense row's number) in a table slot; the length (less than
/// [`DENSE_MIN`], or [`SPAN_DENSE`]) takes the four above.
const SPAN_BITS: u32 = 28;
/// The length field of a dense row's slot.
const SPAN_DENSE: usize = 15;
// A sparse row has fewer than `DENSE_MIN` entries, so its length never reads as `SPAN_DENSE`.
const _: () = assert!(DENSE_MIN <= SPAN_DENSE);

/// A slot's packed range: `len` entries from `start` (or with `len` [`SPAN_DENSE`], dense row
/// `start`).
fn span(start: usize, len: usize) -> u32 {
    assert!(start < 1 << SPAN_BITS && len <= SPAN_DENSE, "weight table too large");
    start as u32 | (len as u32) << SPAN_BITS
}

/// The range of a packed slot as (start, end), or (`DENSE | row`, 0) for a dense row.
#[inline(always)]
fn unspan(p: u32) -> (u32, u32) {
    let (start, len) = (p & ((1 << SPAN_BITS) - 1), p >> SPAN_BITS);
    if len as usize == SPAN_DENSE {
        (DENSE | start, 0)
    } else {
        (start, start + len)
    }
}

fn pack_bytes(b: &[u8]) -> Vec<u32> {
    b.chunks(4)
        .map(|c| {
            let mut a = [0u8; 4];
            a[..c.len()].copy_from_slice(c);
            u32::from_le_bytes(a)
        })
        .collect()
}

fn unpack_bytes(words: &[u32], n: usize) -> Option<Vec<u8>> {
    let mut out: Vec<u8> = words.iter().flat_map(|w| w.to_le_bytes()).collect();
    if out.len() < n || out.len() - n >= 4 {
        return None;
    }
    out.truncate(n);
    Some(out)
}

impl SparseWeights {
    fn build(n_classes: usize, levels: Vec<i32>, keys: Vec<u32>, counts: &[u16], entries: Vec<(u16, u16)>) -> Self {
        let mut starts = Vec::with_capacity(counts.len() + 1);
        let mut acc = 0u32;
        starts.push(0);
        for &c in counts {
            acc += u32::from(c);
            starts.push(acc);
        }
        let cap = (keys.len() * 2).next_power_of_two().max(16);
        let mask = cap - 1;
        let mut table = Zeroed::<[u32; 2]>::new(cap);
        let mut dense: Vec<Block<BLOCK>> = Vec::new();
        let blocks = n_classes.div_ceil(BLOCK).max(1);
        let mut sparse: Vec<[u16; 2]> = Vec::new();
        for (i, &k) in keys.iter().enumerate() {
            let mut s = slot(k, mask);
            while table[s][0] != 0 {
                s = (s + 1) & mask;
            }
            let (a, b) = (starts[i], starts[i + 1]);
            let row = dense.len() / blocks;
            table[s] = if (b - a) as usize >= DENSE_MIN {
                dense.resize(dense.len() + blocks, Block::ZERO);
                let at = row * blocks;
                for &(c, code) in &entries[a as usize..b as usize] {
                    let c = c as usize;
                    if c < n_classes {
                        dense[at + c / BLOCK].0[c % BLOCK] += levels[code as usize & 255];
                    }
                }
                [k, span(row, SPAN_DENSE)]
            } else {
                let from = sparse.len();
                sparse.extend(entries[a as usize..b as usize].iter().map(|&(c, code)| [c, code]));
                [k, span(from, (b - a) as usize)]
            };
        }
        let mut packed = Zeroed::<[u16; 2]>::new(sparse.len());
        packed.copy_from_slice(&sparse);
        let mut rows = Zeroed::<[i32; BLOCK]>::new(dense.len());
        for (to, from) in rows.iter_mut().zip(&dense) {
            *to = from.0;
        }
        let dense = rows;
        SparseWeights { n_classes, levels, keys, mask, table, starts, entries, sparse: packed, dense, blocks }
    }

    pub fn n_classes(&self) -> usize {
        self.n_classes
    }

    /// Number of stored features and of stored (non-zero) weights.
    pub fn size(&self) -> (usize, usize) {
        (self.keys.len(), self.entries.len())
    }

    /// Adds the weights of `feats` to `scores` (which should have `n_classes` entries).
    ///
    /// The look-ups are memory-bound, so they go in passes of independent loads the processor
    /// can overlap: touch every feature's first slot, then probe and note each hit's entries,
    /// touch the first entry of each, then add the sparse entries up. The dense rows hit are
    /// summed last, a block of `BLOCK` columns at a time over all of them (`add_blocks`).
    #[inline]
    pub fn add_scores(&self, feats: &[u64], scores: &mut [i32]) {
        const CHUNK: usize = 64;
        let mut keys = [0u32; CHUNK];
        let mut ranges = [(0u32, 0u32); CHUNK];
        let mut rows = [0u32; CHUNK];
        let (table, sparse) = (&self.table[..], &self.sparse[..]);
        for chunk in feats.chunks(CHUNK) {
            let mut touch = 0u32;
            for (k, &f) in keys.iter_mut().zip(chunk) {
                *k = key32(f);
                touch ^= table[slot(*k, self.mask)][0];
            }
            std::hint::black_box(touch);
            let mut hits = 0;
            for &k in &keys[..chunk.len()] {
                let mut s = slot(k, self.mask);
                loop {
                    let [tk, p] = table[s];
                    if tk == k {
                        ranges[hits] = unspan(p);
                        hits += 1;
                        break;
                    }
                    if tk == 0 {
                        break;
                    }
                    s = (s + 1) & self.mask;
                }
            }
            let mut touch = 0u16;
            for &(a, b) in &ranges[..hits] {
                if a < b {
                    touch ^= sparse[a as usize][0];
                }
            }
            std::hint::black_box(touch);
            let mut nd = 0;
            for &(a, b) in &ranges[..hits] {
                if a & DENSE != 0 {
                    rows[nd & (CHUNK - 1)] = a & !DENSE;
                    nd += 1;
                    continue;
                }
                for &[c, code] in &sparse[a as usize..b as usize] {
                    if let Some(s) = scores.get_mut(c as usize) {
                        *s += self.levels[code as usize & 255];
                    }
                }
            }
            add_blocks(&self.dense, self.blocks, &rows[..nd.min(CHUNK)], scores);
        }
    }

    /// Writes the weights as fields of a model file.
    pub fn write(&self, w: &mut Writer) {
        w.u32(self.n_classes as u32);
        let levels: Vec<u32> = self.levels.iter().map(|&l| l as u32).collect();
        w.u32s(&levels);
        w.sorted_keys(&self.keys);
        w.u32(self.entries.len() as u32);
        if self.n_classes < 256 {
            let counts: Vec<u8> = self.starts.windows(2).map(|p| (p[1] - p[0]) as u8).collect();
            w.u32s(&pack_bytes(&counts));
        } else {
            let counts: Vec<i16> = self.starts.windows(2).map(|p| (p[1] - p[0]) as i16).collect();
            w.i16s(&counts);
        }
        if self.n_classes < 256 {
            let classes: Vec<u8> = self.entries.iter().map(|e| e.0 as u8).collect();
            w.u32s(&pack_bytes(&classes));
        } else {
            let classes: Vec<i16> = self.entries.iter().map(|e| e.0 as i16).collect();
            w.i16s(&classes);
        }
        let codes: Vec<u8> = self.entries.iter().map(|e| e.1 as u8).collect();
        w.u32s(&pack_bytes(&codes));
    }

    /// Reads weights written by [`SparseWeights::write`], checking their consistency.
    pub fn read(r: &mut Reader, what: &str) -> Result<Self, ModelError> {
        let corrupt = |detail: &str| ModelError::Corrupt { what: what.to_string(), detail: detail.to_string() };
        let n_classes = r.u32()? as usize;
        if n_classes == 0 || n_classes > 32767 {
            return Err(corrupt("bad weight header"));
        }
        let levels: Vec<i32> = r.u32s()?.into_iter().map(|l| l as i32).collect();
        if levels.len() != 256 || levels.iter().any(|l| l.unsigned_abs() > 1 << 22) {
            return Err(corrupt("bad weight codebook"));
        }
        let keys = r.sorted_keys()?;
        let n_entries = r.u32()? as usize;
        let counts: Vec<u16> = if n_classes < 256 {
            unpack_bytes(&r.u32s()?, keys.len())
                .ok_or_else(|| corrupt("weight counts"))?
                .into_iter()
                .map(u16::from)
                .collect()
        } else {
            r.i16s()?.into_iter().map(|c| c as u16).collect()
        };
        if counts.len() != keys.len() {
            return Err(corrupt("weight counts"));
        }
        let classes: Vec<u16> = if n_classes < 256 {
            unpack_bytes(&r.u32s()?, n_entries)
                .ok_or_else(|| corrupt("weight classes"))?
                .into_iter()
                .map(u16::from)
                .collect()
        } else {
            r.i16s()?.into_iter().map(|c| c as u16).collect()
        };
        let codes = unpack_bytes(&r.u32s()?, n_entries).ok_or_else(|| corrupt("weight codes"))?;
        if classes.len() != n_entries {
            return Err(corrupt("weight table sizes disagree"));
        }
        let total: usize = counts.iter().map(|&c| c as usize).sum();
        if total != n_entries {
            return Err(corrupt("weight counts disagree with weights"));
        }
        if classes.iter().any(|&c| c as usize >= n_classes) {
            return Err(corrupt("weight class out of range"));
        }
        let entries = classes.into_iter().zip(codes.into_iter().map(u16::from)).collect();
        Ok(SparseWeights::build(n_classes, levels, keys, &counts, entries))
    }
}

#[inline]
fn slot(k: u32, mask: usize) -> usize {
    (k.wrapping_mul(0x9E37_79B9) as usize ^ (k as usize >> 16)) & mask
}

/// A small deterministic random generator (xorshift64*), for shuffling training data.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(mix64(seed ^ K) | 1)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
    pub fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = self.below(i + 1);
            v.swap(i, j);
        }
    }
}

/// Index of the highest score; the lowest index wins ties.
#[inline]
pub fn argmax(scores: &[i32]) -> usize {
    let mut best = 0;
    for (i, &s) in scores.iter().enumerate() {
        if s > scores[best] {
            best = i;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tails_read_as_zero_padded_words() {
        let bytes: Vec<u8> = (1..=8u8).map(|b| b.wrapping_mul(37) | 0x80).collect();
        for n in 0..8 {
            let mut b = [0u8; 8];
            b[..n].copy_from_slice(&bytes[..n]);
            assert_eq!(tail_le(&bytes[..n]), u64::from_le_bytes(b), "{n}");
        }
    }

    #[test]
    fn hashes_are_distinct_and_stable() {
        assert_ne!(hash_str(1, "ab"), hash_str(2, "ab"));
        assert_ne!(hash_str(1, "ab"), hash_str(1, "ba"));
        assert_ne!(hash_str(1, ""), hash_str(1, "\0"));
        assert_ne!(combine(1, 2), combine(2, 1));
        assert_eq!(hash_str(7, "stable"), hash_str(7, "stable"));
    }

    #[test]
    fn slot_ranges_round_trip() {
        for start in [0usize, 1, 12345, (1 << SPAN_BITS) - 1] {
            for len in 0..DENSE_MIN {
                assert_eq!(unspan(span(start, len)), (start as u32, (start + len) as u32));
            }
            assert_eq!(unspan(span(start, SPAN_DENSE)), (DENSE | start as u32, 0));
        }
    }

    #[test]
    fn dense_rows_score_like_the_sparse_entries() {
        // Class counts below, at and above whole blocks of columns.
        for n in [13usize, 32, 40, 92] {
            dense_rows_score_like_the_sparse_entries_with(n);
        }
    }

    fn dense_rows_score_like_the_sparse_entries_with(n: usize) {
        // Rows of every length, some long enough to be kept dense, some classes repeated.
        let mut rng = Rng::new(3);
        let levels: Vec<i32> = (0..256).map(|i| if i < 128 { i * 37 } else { -(i - 128) * 41 }).collect();
        // The keys of features 0..300, so that features 0..500 hit every row and miss some.
        let mut keys: Vec<u32> = (0..300u64).map(key32).collect();
        keys.sort_unstable();
        keys.dedup();
        let mut counts = Vec::new();
        let mut entries = Vec::new();
        for (r, _) in keys.iter().enumerate() {
            let len = r % (n + 5);
            counts.push(len as u16);
            for _ in 0..len {
                entries.push((rng.below(n) as u16, rng.below(256) as u16));
            }
        }
        let sw = SparseWeights::build(n, levels.clone(), keys.clone(), &counts, entries.clone());
        assert!(!sw.dense.is_empty());
        let feats: Vec<u64> = (0..500u64).collect();
        let mut got = vec![0i32; n];
        sw.add_scores(&feats, &mut got);
        // The same sums, entry by entry.
        let mut want = vec![0i32; n];
        let by_key: std::collections::HashMap<u32, usize> = keys.iter().enumerate().map(|(i, &k)| (k, i)).collect();
        let mut start = 0usize;
        let starts: Vec<usize> = counts
            .iter()
            .map(|&c| {
                let s = start;
                start += c as usize;
                s
            })
            .collect();
        for &f in &feats {
            if let Some(&r) = by_key.get(&key32(f)) {
                for &(c, code) in &entries[starts[r]..starts[r] + counts[r] as usize] {
                    want[c as usize] += levels[code as usize];
                }
            }
        }
        assert_eq!(got, want);
    }

    #[test]
    fn perceptron_learns_and_round_trips() {
        let mut p = Perceptron::new(3);
        let data = [(vec![1u64, 10], 0usize), (vec![2, 10], 1), (vec![3, 10], 2)];
        let mut scores = [0i32; 3];
        for _ in 0..30 {
            for (f, g) in &data {
                p.score(f, &mut scores);
                let guess = argmax(&scores);
                p.tick();
                p.update(f, *g, guess);
            }
        }
        let sw = p.average(0.0);
        for (f, g) in &data {
            let mut s = [0i32; 3];
            sw.add_scores(f, &mut s);
            assert_eq!(argmax(&s), *g);
        }
        // The mean of two identical perceptrons is the perceptron.
        let two = Perceptron::average_many(&[&p, &p], 0.0, 0);
        assert_eq!(two.size(), sw.size());
        for (f, _) in &data {
            let (mut a, mut b) = ([0i32; 3], [0i32; 3]);
            sw.add_scores(f, &mut a);
            two.add_scores(f, &mut b);
            assert_eq!(a, b);
        }
        let mut w = Writer::new(b"HRLDTEST", 1);
        sw.write(&mut w);
        let bytes = w.finish();
        let mut r = Reader::new("t", &bytes, b"HRLDTEST", 1).unwrap();
        let back = SparseWeights::read(&mut r, "t").unwrap();
        assert_eq!(back.size(), sw.size());
        for (f, _) in &data {
            let (mut a, mut b) = ([0i32; 3], [0i32; 3]);
            sw.add_scores(f, &mut a);
            back.add_scores(f, &mut b);
            assert_eq!(a, b);
        }
    }
}
