//! Near-duplicates: a MinHash sketch of an article's word 4-shingles and an LSH index in bands.
//!
//! Each shingle (four consecutive lowercased words, function words included, so that a wire copy
//! with a new headline or a changed sentence still shares most of them) is hashed once; the
//! sketch keeps, for each of [`HASHES`] mixing functions, the smallest mixed value. The share of
//! equal positions in two sketches estimates the Jaccard similarity of their shingle sets.
//! Sketches are cut into [`BANDS`] bands of [`ROWS`] values; two articles that agree on a whole
//! band are candidates (the chance is `1 - (1 - J^4)^12`: 0.99 at J = 0.8, 0.12 at J = 0.3),
//! and a candidate is a duplicate when its estimated similarity reaches [`DUPLICATE`]. Only
//! canonical documents (the first of each group) are indexed, so ten thousand copies of one text
//! leave one entry per band and the cost of a look-up does not grow with them.

use std::collections::HashMap;

pub const HASHES: usize = 48;
pub const ROWS: usize = 4;
pub const BANDS: usize = HASHES / ROWS;
/// Estimated shingle Jaccard at which two texts are copies of one another.
pub const DUPLICATE: f32 = 0.7;
/// Shingles shorter texts are compared on: a text of fewer words is one shingle.
const SHINGLE: usize = 4;

pub type Sketch = [u32; HASHES];

fn mix(mut x: u64) -> u64 {
    // splitmix64's finaliser.
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

fn word_hash(w: &str) -> u64 {
    // FNV-1a, then mixed: stable across runs and platforms.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in w.bytes() {
        h = (h ^ b as u64).wrapping_mul(0x0000_0100_0000_01b3);
    }
    mix(h)
}

/// The sketch of `text`, or `None` when it has no words.
pub fn sketch(text: &str) -> Option<Sketch> {
    sketch_seeded(text, 0)
}

/// [`sketch`] under another family of hash functions (`seed` 0: the standard one). Only for
/// measuring how much the clustering depends on the arbitrary choice of functions
/// ([`crate::Config::sketch_seed`]).
pub fn sketch_seeded(text: &str, seed: u32) -> Option<Sketch> {
    let seed = if seed == 0 { 0 } else { mix(u64::from(seed) ^ 0x5851_f42d_4c95_7f2d) };
    let mut hashes = Vec::new();
    crate::terms::words(text, |w| hashes.push(word_hash(w)));
    if hashes.is_empty() {
        return None;
    }
    let mut sk = [u32::MAX; HASHES];
    let width = SHINGLE.min(hashes.len());
    for win in hashes.windows(width) {
        let mut h = 0u64;
        for (i, w) in win.iter().enumerate() {
            h ^= w.rotate_left(i as u32 * 13);
        }
        let h = mix(h);
        for (i, slot) in sk.iter_mut().enumerate() {
            let v = (mix(h ^ SEEDS[i] ^ seed) >> 32) as u32;
            if v < *slot {
                *slot = v;
            }
        }
    }
    Some(sk)
}

const SEEDS: [u64; HASHES] = {
    let mut s = [0u64; HASHES];
    let mut i = 0;
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    while i < HASHES {
        x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
        s[i] = x;
        i += 1;
    }
    s
};

/// The estimated Jaccard similarity of two sketches' shingle sets.
pub fn similarity(a: &Sketch, b: &Sketch) -> f32 {
    a.iter().zip(b).filter(|(x, y)| x == y).count() as f32 / HASHES as f32
}

/// The LSH index over canonical documents' sketches.
#[derive(Default)]
pub struct Index {
    pub(crate) buckets: HashMap<(u8, u64), Vec<u32>>,
    pub(crate) sketches: HashMap<u32, Sketch>,
}

fn band_key(sk: &Sketch, band: usize) -> u64 {
    let mut h = band as u64;
    for v in &sk[band * ROWS..(band + 1) * ROWS] {
        h = mix(h ^ *v as u64);
    }
    h
}

/// A bucket keeps at most this many canonical documents (the oldest leave first), so that a
/// band shared by many different texts (boilerplate) cannot make look-ups slow.
const BUCKET_CAP: usize = 16;

impl Index {
    /// The canonical document `sk` duplicates, if any (the most similar; ties to the newest).
    pub fn find(&self, sk: &Sketch) -> Option<u32> {
        self.candidates(sk).first().copied()
    }

    /// Every canonical document `sk` duplicates, the most similar first (ties: the newest
    /// first), so a caller can take the first one that suits it (one in its time).
    pub fn candidates(&self, sk: &Sketch) -> Vec<u32> {
        let mut found: Vec<(f32, u32)> = Vec::new();
        for band in 0..BANDS {
            let Some(docs) = self.buckets.get(&(band as u8, band_key(sk, band))) else { continue };
            for &d in docs {
                if found.iter().any(|&(_, x)| x == d) {
                    continue;
                }
                let s = similarity(sk, &self.sketches[&d]);
                if s >= DUPLICATE {
                    found.push((s, d));
                }
            }
        }
        found.sort_unstable_by(|a, b| b.0.total_cmp(&a.0).then(b.1.cmp(&a.1)));
        found.into_iter().map(|(_, d)| d).collect()
    }

    /// Indexes `doc` as a canonical document.
    pub fn insert(&mut self, doc: u32, sk: Sketch) {
        for band in 0..BANDS {
            let b = self.buckets.entry((band as u8, band_key(&sk, band))).or_default();
            if b.len() == BUCKET_CAP {
                b.remove(0);
            }
            b.push(doc);
        }
        self.sketches.insert(doc, sk);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "The harbour authority closed the northern pier on Tuesday after a crane toppled \
        into the water during a storm, officials of the port board announced in a statement.";

    #[test]
    fn light_edits_are_duplicates_and_other_texts_are_not() {
        let a = sketch(A).unwrap();
        // An updated version: two words added at the end (shingle Jaccard 27/29 = 0.93). The
        // estimate has a standard error of about 0.07 with 48 functions, so a pair whose Jaccard is
        // close to DUPLICATE can fall on either side.
        let edited = A.replace("in a statement.", "in a statement on Wednesday.");
        let b = sketch(&edited).unwrap();
        assert!(similarity(&a, &b) >= DUPLICATE, "{}", similarity(&a, &b));
        let c = sketch("A bakery in the old town won a prize for its rye bread at the regional fair.").unwrap();
        assert!(similarity(&a, &c) < 0.2);
        let mut idx = Index::default();
        idx.insert(0, a);
        assert_eq!(idx.find(&b), Some(0));
        assert_eq!(idx.find(&c), None);
    }

    #[test]
    fn empty_text_has_no_sketch() {
        assert!(sketch("").is_none());
        assert!(sketch(" ,;- ").is_none());
        assert!(sketch("word").is_some());
    }
}
