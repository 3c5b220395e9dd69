//! A labelled dependency parser: greedy arc-hybrid transitions scored by an averaged perceptron
//! over hashed feature conjunctions, trained with a dynamic oracle and error exploration; arc
//! labels come from a second perceptron that sees the dependent's finished subtree.
//!
//! The artificial root sits at the end of the buffer and may only take a dependent when the stack
//! holds exactly one word, so every parse is a projective tree with exactly one root. A sentence
//! of `n` words takes exactly `2n` transitions, each of constant cost (a fixed number of feature
//! look-ups), so parsing is linear in the sentence length.
//!
//! Training trees are projectivised by lifting non-projective arcs. The parser should learn from
//! the tags it will really see: `herald-train-parser` feeds it jackknifed tagger output (plus the
//! gold-tagged copy); tags can also be corrupted at a small rate with plausible confusions (other
//! tags the same word form takes in the training data). Several perceptrons trained on different
//! shuffles can be summed into one model (an ensemble that costs nothing extra at parse time
//! beyond the union of their features).
//!
//! Label shortcuts: an arc whose context (head and dependent tags, signed distance cut at ±3)
//! took one label in at least 99.5% of its (at least 100) training arcs takes that label without
//! scoring the label perceptron (`det`, `case`, `punct`, …: some 30% of the arcs of GUM dev, at a
//! cost of 0.0001 LAS on GUM dev). The training command learns them from its training data.
//!
//! Tabulated templates: once told the tag sets of its input ([`Parser::set_tag_sets`], which the
//! reading layer does with the tagger's), the parser tabulates at load time the weights of every
//! template whose values all have small domains (tags, labels, distances, valencies, flags: see
//! "Feature values" below), read from the hashed tables, and scores those templates by index
//! instead of hashing and probing: the same sums, so the same parses, in some 25% fewer
//! instructions. A template's table has one row per tuple of its domain (mixed-radix, so three
//! Penn tags take 48³ rows, not 2¹⁸), built by enumerating the tuples with their keys hashed
//! incrementally, into zeroed memory written only where the model has weights: 23 MB of address
//! space of which some 5 MB resident (the untouched zero pages cost nothing), and some 120 M
//! instructions of loading.
//!
//! Role sums: the transition templates that look at one word alone in one role (the stack's top
//! three words with their tags, suffixes and neighbours; the children of the top two and of the
//! buffer's front with their labels) give the same sum whenever that word fills that role, so
//! parsing a sentence caches each role's summed weights per word and adds them with one look-up
//! when the word comes back to the role (the same sums, so the same parses; transitions −8 %
//! instructions).
//!
//! Beam search (opt-in, [`Parser::set_beam`]; `herald read --beam`): greedy decoding commits to
//! each transition, so an early mistake cannot be undone. With a [`Beam`] the parser keeps up to
//! `width` partial parses, scored by the sum of their moves' log-probabilities (a softmax over
//! the valid moves' scores divided by a temperature: the perceptron is trained locally, so its
//! raw scores do not add up along a path, and their sums lose accuracy). Only uncertain
//! decisions branch: a parse follows a move other than its best only if that move is less than
//! `margin` below the best in log-probability, and parses more than `prune` below the best path
//! are dropped. While one parse is left it runs as greedily, in place with the full caches, so
//! the beam costs little where the model is sure. GUM dev, our tags (the settings chosen on dev,
//! so read the gains as optimistic): greedy 0.8479 / 0.8178 UAS / LAS; width 2, margin 0.25,
//! prune 1, temperature 300 (the default [`Beam`]) 0.8529 / 0.8226 at some 0.82 of greedy's
//! reading speed (1.42 parses per decision); the plain beam of width 2 0.8533 / 0.8224 at 0.65,
//! of width 8 0.8538 / 0.8233 at 0.26. The event coder keeps greedy parses: its rules were
//! written against them, and with any beam setting its triple F1 on the PLOVER records falls
//! from 0.813 to 0.787–0.792.
//!
//! Model file (`parser.hmod`, magic `HRLDPAR1`, format version 3): the label names, the root
//! label's number, the transition weights, the label weights (each a table of sorted feature
//! keys with their quantised non-zero weights), then the label shortcuts (sorted context keys
//! and one label number each). Files of version 2 (the same without shortcuts) still load and
//! score every label.

use crate::binio::{ModelError, Reader, Writer};
use crate::conllu;
use crate::features::{add_blocks, Block};
use crate::huge::Zeroed;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::path::Path;

const MAGIC: &[u8; 8] = b"HRLDPAR1";
/// 2: more look-ahead, suffix and child features (files of version 1 score other features).
/// 3: label shortcuts after the weight tables (files of version 2 still load, without them).
const VERSION: u32 = 3;
/// The last version without label shortcuts.
const VERSION_NO_SHORTCUTS: u32 = 2;

const SHIFT: usize = 0;
const LEFT: usize = 1;
const RIGHT: usize = 2;
const NACT: usize = 3;

// ---------------------------------------------------------------------------------------------
// Hashing

#[inline]
fn fmix(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^= h >> 33;
    h
}

fn hash_bytes(seed: u64, bytes: &[u8]) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64 ^ seed;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    fmix(h)
}

fn hash_tag(kind: u64, tag: &str) -> u64 {
    hash_bytes(kind.wrapping_mul(0x9e37_79b9_7f4a_7c15), tag.as_bytes())
}

const K_WORD: u64 = 1;
const K_UPOS: u64 = 2;
const K_XPOS: u64 = 3;
const K_SUF: u64 = 4;

/// Hashes of the normalised form (lowercased, digits as `0`) and of its last three characters.
fn word_hashes(form: &str, buf: &mut String) -> (u64, u64) {
    buf.clear();
    for c in form.chars() {
        if c.is_ascii_digit() {
            buf.push('0');
        } else if c.is_ascii() {
            buf.push(c.to_ascii_lowercase());
        } else {
            buf.extend(c.to_lowercase());
        }
    }
    let w = hash_tag(K_WORD, buf);
    let start = buf.char_indices().rev().nth(2).map_or(0, |(i, _)| i);
    let s = hash_tag(K_SUF, &buf[start..]);
    (w, s)
}

/// Feature key: template number and values, folded to 32 bits (0 is reserved for empty slots).
/// `$out` is a [`Sink`]; the template's position `$t - T0 - 1` (`T0` being the function's first
/// template number less one) is a constant, so a sink can fill a buffer without length checks.
macro_rules! feat {
    ($out:ident, $t:ident; $($v:expr),+) => {{
        $t += 1;
        $out.feat(($t - T0 - 1) as usize, $t, ($($v,)+));
    }};
}

/// [`feat!`] for a template whose values depend on the buffer's front word alone (`b0` and the
/// words after it or just before it, never the stack or the arcs built): the same across every
/// transition taken while that word is at the front, so a sink may score it once per word
/// ([`Sink::feat_front`]).
macro_rules! featb {
    ($out:ident, $t:ident; $($v:expr),+) => {{
        $t += 1;
        $out.feat_front(($t - T0 - 1) as usize, $t, ($($v,)+));
    }};
}

/// [`feat!`] for a template whose values depend only on word `$pos` (its form, tags, suffix and
/// neighbours, or its label once attached), `$pos` filling role `$role` (the stack's top, the
/// top's leftmost child, …): the same whenever that word fills that role, so a sink may cache the
/// summed weights of a role's templates per word ([`Sink::feat_role`]).
macro_rules! featr {
    ($out:ident, $t:ident; $role:expr, $pos:expr; $($v:expr),+) => {{
        $t += 1;
        $out.feat_role(($t - T0 - 1) as usize, $t, $role, $pos, ($($v,)+));
    }};
}

/// The roles of [`featr!`]: the stack's top three words and the children of the top two stack
/// words and of the buffer's front that the transition features look at.
const R_S0: usize = 0;
const R_S1: usize = 1;
const R_S2: usize = 2;
const R_S0L: usize = 3;
const R_S0R: usize = 4;
const R_B0L: usize = 5;
const R_S1R: usize = 6;
const R_S1L: usize = 7;
const R_S0L2: usize = 8;
const R_S0R2: usize = 9;
const R_B0L2: usize = 10;
const NROLES: usize = 11;

/// Room for the features of one decision (transition or label).
const MAX_FEATS: usize = 256;
type FeatBuf = [u32; MAX_FEATS];

// ---------------------------------------------------------------------------------------------
// Feature values
//
// A template's values are typed: words, suffixes and label sets are plain hashes (`u64`), but
// tags, labels, distances, valencies and flags also carry a small code. A template all of whose
// values have codes ranges over a small domain (say 53 × 53 × 10 tuples), so once the parser
// knows its tag sets it can tabulate every tuple's weights at load time ([`Dense`]) and score the
// template by indexing instead of hashing and probing. The weights are read from the hashed
// tables, so scores (and parses) are the same; the model file does not change. Which templates
// are tabulated follows from the value types and a size budget, so new templates need nothing.

/// What kind of value a template value is, for tabulating its domain.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    /// A hash with no small domain.
    Hashed,
    /// A Penn tag (code → [`TagCodes::x`]).
    Xpos,
    /// A universal tag (code → [`TagCodes::u`]).
    Upos,
    /// A label number + 1, 0 for none (code = value).
    Label,
    /// A small integer below the given bound (code = value).
    Int(usize),
}

/// One value of a feature template: its hash, and for small domains a code below `1 << BITS`
/// (and below the size of its domain, [`Val::radix`]).
trait Val: Copy {
    /// Bits of the code (0 when the value has no small domain).
    const BITS: u32;
    const KIND: Kind;
    fn hash(self) -> u64;
    fn code(self) -> usize;
    /// How many codes values of this type take, given the sizes of the tag and label sets.
    fn radix(r: &Radix) -> usize;
}

/// The sizes of the domains of tags and labels: the radices of [`Vals::index`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Radix {
    u: usize,
    x: usize,
    l: usize,
}

impl Val for u64 {
    const BITS: u32 = 0;
    const KIND: Kind = Kind::Hashed;
    #[inline(always)]
    fn hash(self) -> u64 {
        self
    }
    #[inline(always)]
    fn code(self) -> usize {
        0
    }
    #[inline(always)]
    fn radix(_: &Radix) -> usize {
        1
    }
}

/// A tag's hash and its code in the parser's tag set ([`NO_CODE`] when not in it); `UPOS`
/// tells universal tags from Penn tags.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
struct TagVal<const UPOS: bool> {
    h: u64,
    c: u8,
}
type XTag = TagVal<false>;
type UTag = TagVal<true>;

/// The code of a tag outside the parser's tag set: sentences with one are scored by hashing.
const NO_CODE: u8 = u8::MAX;
/// Code bits of Penn tags and of universal tags (tag sets larger than this are not tabulated).
const XPOS_BITS: u32 = 6;
const UPOS_BITS: u32 = 5;
/// Code bits of a label number + 1.
const LABEL_BITS: u32 = 6;

impl<const UPOS: bool> Val for TagVal<UPOS> {
    const BITS: u32 = if UPOS { UPOS_BITS } else { XPOS_BITS };
    const KIND: Kind = if UPOS { Kind::Upos } else { Kind::Xpos };
    #[inline(always)]
    fn hash(self) -> u64 {
        self.h
    }
    #[inline(always)]
    fn code(self) -> usize {
        usize::from(self.c)
    }
    #[inline(always)]
    fn radix(r: &Radix) -> usize {
        if UPOS {
            r.u
        } else {
            r.x
        }
    }
}

/// A label number + 1 (0 = none), as stored in [`State::lab`].
#[derive(Clone, Copy)]
struct Lab(u16);

impl Val for Lab {
    const BITS: u32 = LABEL_BITS;
    const KIND: Kind = Kind::Label;
    #[inline(always)]
    fn hash(self) -> u64 {
        u64::from(self.0)
    }
    #[inline(always)]
    fn code(self) -> usize {
        usize::from(self.0)
    }
    #[inline(always)]
    fn radix(r: &Radix) -> usize {
        r.l
    }
}

/// A small integer below `N` (a distance bucket, a flag, a valency): hashed as itself.
#[derive(Clone, Copy)]
struct Int<const N: u64>(u64);

impl<const N: u64> Val for Int<N> {
    const BITS: u32 = u64::BITS - (N - 1).leading_zeros();
    const KIND: Kind = Kind::Int(N as usize);
    #[inline(always)]
    fn hash(self) -> u64 {
        self.0
    }
    #[inline(always)]
    fn code(self) -> usize {
        debug_assert!(self.0 < N);
        self.0 as usize
    }
    #[inline(always)]
    fn radix(_: &Radix) -> usize {
        N as usize
    }
}

#[inline(always)]
fn key_start(t: u64) -> u64 {
    t.wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

#[inline(always)]
fn key_add(h: u64, v: u64) -> u64 {
    (h ^ v).wrapping_mul(0xff51_afd7_ed55_8ccd).rotate_left(29)
}

#[inline(always)]
fn key_end(h: u64) -> u32 {
    let k = (fmix(h) >> 32) as u32;
    if k == 0 {
        1
    } else {
        k
    }
}

/// The values of one template (a tuple of [`Val`]s).
trait Vals: Copy {
    /// Whether every value has a small domain.
    const SMALL: bool;
    /// Bits of the tuple's code (the sum of its values').
    const BITS: u32;
    /// The feature key of template `t` with these values.
    fn key(self, t: u64) -> u32;
    /// The tuple's number among the tuples of its domain in lexicographic order: its values'
    /// codes as the digits of a mixed-radix number, the first one highest.
    fn index(self, r: &Radix) -> usize;
    /// Kind and code bits of each value.
    fn kinds() -> Vec<(Kind, u32)>;
}

macro_rules! tuple_vals {
    ($($n:ident $i:tt),+) => {
        impl<$($n: Val),+> Vals for ($($n,)+) {
            const SMALL: bool = $($n::BITS > 0)&&+;
            const BITS: u32 = 0 $(+ $n::BITS)+;
            #[inline(always)]
            fn key(self, t: u64) -> u32 {
                let mut h = key_start(t);
                $( h = key_add(h, self.$i.hash()); )+
                key_end(h)
            }
            #[inline(always)]
            fn index(self, r: &Radix) -> usize {
                let mut x = 0usize;
                $( x = x * $n::radix(r) + self.$i.code(); )+
                x
            }
            fn kinds() -> Vec<(Kind, u32)> {
                vec![$(($n::KIND, $n::BITS)),+]
            }
        }
    };
}
tuple_vals!(A 0);
tuple_vals!(A 0, B 1);
tuple_vals!(A 0, B 1, C 2);
tuple_vals!(A 0, B 1, C 2, D 3);
tuple_vals!(A 0, B 1, C 2, D 3, E 4);
tuple_vals!(A 0, B 1, C 2, D 3, E 4, F 5);

/// Where feature functions put their features: template `i` (its position in the function) is
/// template number `t` with values `v`.
trait Sink {
    fn feat<V: Vals>(&mut self, i: usize, t: u64, v: V);
    /// A template of the buffer's front word alone (see [`featb!`]).
    #[inline(always)]
    fn feat_front<V: Vals>(&mut self, i: usize, t: u64, v: V) {
        self.feat(i, t, v);
    }
    /// A template of word `pos` alone in role `role` (see [`featr!`]).
    #[inline(always)]
    fn feat_role<V: Vals>(&mut self, i: usize, t: u64, _role: usize, _pos: usize, v: V) {
        self.feat(i, t, v);
    }
}

/// Passes on either the templates of the buffer's front word alone (`FRONT`) or all the others.
struct Part<'a, S, const FRONT: bool>(&'a mut S);

impl<S: Sink, const FRONT: bool> Sink for Part<'_, S, FRONT> {
    #[inline(always)]
    fn feat<V: Vals>(&mut self, i: usize, t: u64, v: V) {
        if !FRONT {
            self.0.feat(i, t, v);
        }
    }
    #[inline(always)]
    fn feat_front<V: Vals>(&mut self, i: usize, t: u64, v: V) {
        if FRONT {
            self.0.feat(i, t, v);
        }
    }
    #[inline(always)]
    fn feat_role<V: Vals>(&mut self, i: usize, t: u64, role: usize, pos: usize, v: V) {
        if !FRONT {
            self.0.feat_role(i, t, role, pos, v);
        }
    }
}

/// Every feature as a hashed key, at its template's position.
impl Sink for FeatBuf {
    #[inline(always)]
    fn feat<V: Vals>(&mut self, i: usize, t: u64, v: V) {
        self[i] = v.key(t);
    }
}

/// Whether templates with values `V` are tabulated when tables may have `1 << max_bits` rows.
#[inline(always)]
const fn tabulated<V: Vals>(max_bits: u32) -> bool {
    V::SMALL && V::BITS <= max_bits
}

/// Features split between tabulated templates (row numbers in a dense table) and hashed keys.
struct DenseFeats {
    keys: FeatBuf,
    rows: FeatBuf,
}

/// Fills a [`DenseFeats`]: the templates tabulated for `MAX_BITS` (see [`tabulated`]) as rows
/// (`bases` holding each template's first row), the others as keys.
struct DenseSink<'a, const MAX_BITS: u32> {
    f: &'a mut DenseFeats,
    nk: usize,
    nr: usize,
    bases: &'a [u32; MAX_FEATS],
    radix: Radix,
}

impl<const MAX_BITS: u32> Sink for DenseSink<'_, MAX_BITS> {
    #[inline(always)]
    fn feat<V: Vals>(&mut self, i: usize, t: u64, v: V) {
        if tabulated::<V>(MAX_BITS) {
            self.f.rows[self.nr & (MAX_FEATS - 1)] = self.bases[i & (MAX_FEATS - 1)] + v.index(&self.radix) as u32;
            self.nr += 1;
        } else {
            self.f.keys[self.nk & (MAX_FEATS - 1)] = v.key(t);
            self.nk += 1;
        }
    }
}

/// [`DenseSink`] for the transition templates: a hashed key the [`ActTable`]'s filter turns away
/// is dropped as soon as it is made (the slot of the next key overwrites it), so that only the
/// keys the filter lets through reach [`ActTable::add_passed`]: the same keys in the same order
/// as [`ActTable::add_up`] keeps, without a second pass over all of them.
struct ActSink<'a> {
    f: &'a mut DenseFeats,
    nk: usize,
    nr: usize,
    bases: &'a [u32; MAX_FEATS],
    radix: Radix,
    act: &'a ActTable,
}

impl Sink for ActSink<'_> {
    #[inline(always)]
    fn feat<V: Vals>(&mut self, i: usize, t: u64, v: V) {
        if tabulated::<V>(ACT_TABLE_BITS) {
            self.f.rows[self.nr & (MAX_FEATS - 1)] = self.bases[i & (MAX_FEATS - 1)] + v.index(&self.radix) as u32;
            self.nr += 1;
        } else {
            let k = v.key(t);
            self.f.keys[self.nk & (MAX_FEATS - 1)] = k;
            self.nk += usize::from(self.act.passes(k));
        }
    }
}

/// The transition templates other than the buffer front's, the role templates ([`featr!`])
/// summed per role and cached per word: a role whose word's sums are cached adds them and skips
/// its templates; a role seen for the first time with its word sums its templates' weights
/// (looked up one by one: the same weights [`ActSink`] and [`ActTable::add_passed`] add) and
/// caches them. The other templates go to [`ActSink`]. Integer sums, so the same totals.
struct RoleSink<'a, 'c> {
    inner: ActSink<'a>,
    act_rows: &'a [[i16; 4]],
    /// Per role and word (`role * stride + word`): the role's three sums and 1 once filled.
    cache: &'c mut [[i32; 4]],
    stride: usize,
    state: [u8; NROLES],
    pos: [usize; NROLES],
    sums: [[i32; NACT]; NROLES],
    cached: [i32; NACT],
}

/// [`RoleSink::state`] of a role: not met yet in this decision, its sums added from the cache,
/// or being summed.
const ROLE_UNSEEN: u8 = 0;
const ROLE_CACHED: u8 = 1;
const ROLE_FILL: u8 = 2;

impl Sink for RoleSink<'_, '_> {
    #[inline(always)]
    fn feat<V: Vals>(&mut self, i: usize, t: u64, v: V) {
        self.inner.feat(i, t, v);
    }
    #[inline(always)]
    fn feat_front<V: Vals>(&mut self, _: usize, _: u64, _: V) {}
    #[inline(always)]
    fn feat_role<V: Vals>(&mut self, i: usize, t: u64, role: usize, pos: usize, v: V) {
        let role = role % NROLES;
        match self.state[role] {
            ROLE_CACHED => return,
            ROLE_UNSEEN => {
                if let Some(c) = self.cache.get(role * self.stride + pos) {
                    if c[3] != 0 {
                        for (a, &w) in self.cached.iter_mut().zip(c) {
                            *a += w;
                        }
                        self.state[role] = ROLE_CACHED;
                        return;
                    }
                }
                self.state[role] = ROLE_FILL;
                self.pos[role] = pos;
            }
            _ => {}
        }
        let w: [i16; NACT] = if tabulated::<V>(ACT_TABLE_BITS) {
            let r = self.inner.bases[i & (MAX_FEATS - 1)] + v.index(&self.inner.radix) as u32;
            let w = self.act_rows[r as usize];
            [w[0], w[1], w[2]]
        } else {
            self.inner.act.weights(v.key(t))
        };
        for (a, w) in self.sums[role].iter_mut().zip(w) {
            *a += i32::from(w);
        }
    }
}

/// The shape of a template: its number, the kind and code bits of each value, and whether it
/// is tabulated.
struct Shape {
    t: u64,
    kinds: Vec<(Kind, u32)>,
    tabulated: bool,
}

/// The shape of each template, tabulated or not for `MAX_BITS`.
#[derive(Default)]
struct Shapes<const MAX_BITS: u32>(Vec<Shape>);

impl<const MAX_BITS: u32> Sink for Shapes<MAX_BITS> {
    fn feat<V: Vals>(&mut self, i: usize, t: u64, _: V) {
        debug_assert_eq!(i, self.0.len());
        self.0.push(Shape { t, kinds: V::kinds(), tabulated: tabulated::<V>(MAX_BITS) });
    }
}

#[derive(Default)]
struct IdHash(u64);
impl Hasher for IdHash {
    fn finish(&self) -> u64 {
        self.0.wrapping_mul(0x9e37_79b9_7f4a_7c15)
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }
    fn write_u32(&mut self, v: u32) {
        self.0 = u64::from(v);
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = v;
    }
}
type IdMap<V> = HashMap<u32, V, BuildHasherDefault<IdHash>>;

/// A small deterministic random generator (SplitMix64).
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        fmix(self.0 ^ 0x5851_f42d_4c95_7f2d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

// ---------------------------------------------------------------------------------------------
// Encoded sentence: index 0 is "none", 1..=n the words, n+1 the root.

struct Enc {
    n: usize,
    w: Vec<u64>,
    sf: Vec<u64>,
    u: Vec<UTag>,
    x: Vec<XTag>,
    /// Whether every tag has a code (so the sentence may be scored with [`Dense`] tables).
    coded: bool,
}

/// The tag sets the parser tabulates (see [`Dense`]): each tag's hash, by code, and back.
#[derive(Default)]
struct TagCodes {
    x: Vec<u64>,
    u: Vec<u64>,
    /// Code by hash: universal tags, Penn tags.
    codes: [HashMap<u64, u8, BuildHasherDefault<IdHash>>; 2],
}

impl TagCodes {
    /// Codes for the given tags and the two tags of the sentence's ends; empty if a set does not
    /// fit its code bits.
    fn new(upos: &[&str], xpos: &[&str]) -> TagCodes {
        let mut codes = TagCodes::default();
        for (kind, tags) in [(K_UPOS, upos), (K_XPOS, xpos)] {
            let mut hashes: Vec<u64> = Vec::new();
            for t in tags.iter().copied().chain(["<none>", "<root>"]) {
                let h = hash_tag(kind, t);
                if !hashes.contains(&h) {
                    hashes.push(h);
                }
            }
            if kind == K_UPOS {
                codes.u = hashes;
            } else {
                codes.x = hashes;
            }
        }
        if codes.u.len() > 1 << UPOS_BITS || codes.x.len() > 1 << XPOS_BITS {
            return TagCodes::default();
        }
        for (map, hashes) in codes.codes.iter_mut().zip([&codes.u, &codes.x]) {
            map.extend(hashes.iter().enumerate().map(|(c, &h)| (h, c as u8)));
        }
        codes
    }

    /// A tag's value: a universal tag or a Penn tag as the caller's type says.
    #[inline]
    fn tag<const UPOS: bool>(&self, tag: &str) -> TagVal<UPOS> {
        let h = hash_tag(if UPOS { K_UPOS } else { K_XPOS }, tag);
        TagVal { h, c: self.codes[usize::from(!UPOS)].get(&h).copied().unwrap_or(NO_CODE) }
    }
}

impl Enc {
    fn new<'a>(
        words: &[&'a str],
        upos: impl Fn(usize) -> &'a str,
        xpos: impl Fn(usize) -> &'a str,
        codes: &TagCodes,
    ) -> Enc {
        let n = words.len();
        let mut e = Enc {
            n,
            w: Vec::with_capacity(n + 2),
            sf: Vec::with_capacity(n + 2),
            u: Vec::with_capacity(n + 2),
            x: Vec::with_capacity(n + 2),
            coded: true,
        };
        e.push_special("<none>", codes);
        let mut buf = String::new();
        for (i, form) in words.iter().enumerate() {
            let (w, s) = word_hashes(form, &mut buf);
            e.w.push(w);
            e.sf.push(s);
            e.u.push(codes.tag(upos(i)));
            e.x.push(codes.tag(xpos(i)));
        }
        e.push_special("<root>", codes);
        e.coded = e.u.iter().all(|t| t.c != NO_CODE) && e.x.iter().all(|t| t.c != NO_CODE);
        e
    }
    fn push_special(&mut self, s: &str, codes: &TagCodes) {
        self.w.push(hash_tag(K_WORD, s));
        self.sf.push(hash_tag(K_SUF, s));
        self.u.push(codes.tag(s));
        self.x.push(codes.tag(s));
    }
    fn from_sentence(s: &conllu::Sentence) -> Enc {
        let words: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
        Enc::new(&words, |i| s.words[i].upos.as_str(), |i| s.words[i].xpos.as_str(), &TagCodes::default())
    }
}

// ---------------------------------------------------------------------------------------------
// Parser state

struct State {
    n: usize,
    stack: Vec<u32>,
    b: usize,
    head: Vec<u32>,
    /// Label id + 1; 0 = none yet.
    lab: Vec<u16>,
    lc1: Vec<u32>,
    lc2: Vec<u32>,
    rc1: Vec<u32>,
    rc2: Vec<u32>,
    nl: Vec<u8>,
    nr: Vec<u8>,
    ls: Vec<u64>,
    rs: Vec<u64>,
}

impl State {
    fn new(n: usize) -> State {
        State {
            n,
            stack: Vec::with_capacity(n),
            b: 1,
            head: vec![0; n + 2],
            lab: vec![0; n + 2],
            lc1: vec![0; n + 2],
            lc2: vec![0; n + 2],
            rc1: vec![0; n + 2],
            rc2: vec![0; n + 2],
            nl: vec![0; n + 2],
            nr: vec![0; n + 2],
            ls: vec![0; n + 2],
            rs: vec![0; n + 2],
        }
    }
    /// `clone_from` that keeps this state's allocations (beam search copies states every step).
    fn copy_from(&mut self, o: &State) {
        self.n = o.n;
        self.stack.clone_from(&o.stack);
        self.b = o.b;
        self.head.clone_from(&o.head);
        self.lab.clone_from(&o.lab);
        self.lc1.clone_from(&o.lc1);
        self.lc2.clone_from(&o.lc2);
        self.rc1.clone_from(&o.rc1);
        self.rc2.clone_from(&o.rc2);
        self.nl.clone_from(&o.nl);
        self.nr.clone_from(&o.nr);
        self.ls.clone_from(&o.ls);
        self.rs.clone_from(&o.rs);
    }
    fn root(&self) -> usize {
        self.n + 1
    }
    fn terminal(&self) -> bool {
        self.stack.is_empty() && self.b == self.root()
    }
    fn s(&self, i: usize) -> usize {
        let l = self.stack.len();
        if i < l {
            self.stack[l - 1 - i] as usize
        } else {
            0
        }
    }
    fn valid(&self) -> [bool; NACT] {
        let l = self.stack.len();
        [self.b < self.root(), l >= 1 && (self.b < self.root() || l == 1), l >= 2]
    }
    /// The (head, dependent) an arc action would create.
    fn arc(&self, act: usize) -> (usize, usize) {
        match act {
            LEFT => (self.b, self.s(0)),
            _ => (self.s(1), self.s(0)),
        }
    }
    fn apply(&mut self, act: usize, label: u16) {
        if act == SHIFT {
            self.stack.push(self.b as u32);
            self.b += 1;
            return;
        }
        let (h, d) = self.arc(act);
        self.stack.pop();
        self.head[d] = h as u32;
        self.lab[d] = label + 1;
        let bit = 1u64 << (label % 64);
        let d32 = d as u32;
        if d < h {
            if self.lc1[h] == 0 || d32 < self.lc1[h] {
                self.lc2[h] = self.lc1[h];
                self.lc1[h] = d32;
            } else if self.lc2[h] == 0 || d32 < self.lc2[h] {
                self.lc2[h] = d32;
            }
            self.nl[h] = self.nl[h].saturating_add(1);
            self.ls[h] |= bit;
        } else {
            if d32 > self.rc1[h] {
                self.rc2[h] = self.rc1[h];
                self.rc1[h] = d32;
            } else if d32 > self.rc2[h] {
                self.rc2[h] = d32;
            }
            self.nr[h] = self.nr[h].saturating_add(1);
            self.rs[h] |= bit;
        }
    }
}

fn dist_bucket(a: usize, b: usize) -> u64 {
    if a == 0 || b == 0 {
        return 0;
    }
    match a.abs_diff(b) {
        d @ 0..=5 => d as u64,
        6..=7 => 6,
        8..=10 => 7,
        11..=15 => 8,
        _ => 9,
    }
}

/// Fills `out` with the features of the next transition; returns how many.
#[inline(always)]
fn action_features(st: &State, e: &Enc, out: &mut impl Sink) -> usize {
    const T0: u64 = 0;
    let mut t = T0;
    let n1 = st.n + 1;
    // Every position is at most n + 1 (the root): saying so (`at`, a no-op) and cutting the
    // arrays to n + 2 lets the compiler drop the bounds checks of the look-ups below.
    let n2 = n1 + 1;
    let at = |i: usize| i.min(n1);
    let (s0, s1, s2) = (at(st.s(0)), at(st.s(1)), at(st.s(2)));
    let b0 = at(st.b);
    let b1 = if b0 < n1 { b0 + 1 } else { 0 };
    let b2 = if b1 != 0 && b1 < n1 { b1 + 1 } else { 0 };
    let (lc1, lc2, rc1, rc2) = (&st.lc1[..n2], &st.lc2[..n2], &st.rc1[..n2], &st.rc2[..n2]);
    let (nl, nr, ls, rs, lab) = (&st.nl[..n2], &st.nr[..n2], &st.ls[..n2], &st.rs[..n2], &st.lab[..n2]);
    let (s0l, s0l2, s0r, s0r2) =
        (at(lc1[s0] as usize), at(lc2[s0] as usize), at(rc1[s0] as usize), at(rc2[s0] as usize));
    let (s1l, s1r, s1r2) = (at(lc1[s1] as usize), at(rc1[s1] as usize), at(rc2[s1] as usize));
    let (b0l, b0l2) = (at(lc1[b0] as usize), at(lc2[b0] as usize));
    let (w, x, u, sf) = (&e.w[..n2], &e.x[..n2], &e.u[..n2], &e.sf[..n2]);
    let l = |i: usize| Lab(lab[i]);
    let d = Int::<10>(dist_bucket(s0, b0));
    let d1 = Int::<10>(dist_bucket(s1, s0));

    // Unigrams.
    featr!(out, t; R_S0, s0; w[s0]);
    featr!(out, t; R_S0, s0; x[s0]);
    featr!(out, t; R_S0, s0; w[s0], x[s0]);
    featr!(out, t; R_S0, s0; u[s0]);
    featb!(out, t; w[b0]);
    featb!(out, t; x[b0]);
    featb!(out, t; w[b0], x[b0]);
    featb!(out, t; u[b0]);
    featb!(out, t; sf[b0]);
    featr!(out, t; R_S0, s0; sf[s0]);
    featb!(out, t; w[b1]);
    featb!(out, t; x[b1]);
    featb!(out, t; w[b1], x[b1]);
    featb!(out, t; w[b2]);
    featb!(out, t; x[b2]);
    featr!(out, t; R_S1, s1; w[s1]);
    featr!(out, t; R_S1, s1; x[s1]);
    featr!(out, t; R_S1, s1; w[s1], x[s1]);
    featr!(out, t; R_S1, s1; u[s1]);
    featr!(out, t; R_S2, s2; x[s2]);
    featr!(out, t; R_S2, s2; w[s2]);
    // Pairs.
    feat!(out, t; w[s0], x[s0], w[b0], x[b0]);
    feat!(out, t; w[s0], x[s0], w[b0]);
    feat!(out, t; w[s0], w[b0], x[b0]);
    feat!(out, t; w[s0], x[s0], x[b0]);
    feat!(out, t; x[s0], w[b0], x[b0]);
    feat!(out, t; w[s0], w[b0]);
    feat!(out, t; x[s0], x[b0]);
    feat!(out, t; u[s0], u[b0]);
    featb!(out, t; x[b0], x[b1]);
    featb!(out, t; w[b0], w[b1]);
    feat!(out, t; w[s1], x[s1], w[s0], x[s0]);
    feat!(out, t; w[s1], w[s0]);
    feat!(out, t; x[s1], x[s0]);
    feat!(out, t; x[s1], w[s0], x[s0]);
    feat!(out, t; w[s1], x[s1], x[s0]);
    feat!(out, t; u[s1], u[s0]);
    feat!(out, t; w[s1], w[b0]);
    feat!(out, t; x[s1], x[b0]);
    // Triples.
    featb!(out, t; x[b0], x[b1], x[b2]);
    feat!(out, t; x[s0], x[b0], x[b1]);
    feat!(out, t; x[s1], x[s0], x[b0]);
    feat!(out, t; u[s1], u[s0], u[b0]);
    feat!(out, t; u[s0], u[b0], u[b1]);
    feat!(out, t; x[s2], x[s1], x[s0]);
    feat!(out, t; x[s0], x[s0l], x[b0]);
    feat!(out, t; x[s0], x[s0r], x[b0]);
    feat!(out, t; x[s0], x[b0], x[b0l]);
    feat!(out, t; x[s1], x[s1r], x[s0]);
    feat!(out, t; x[s1], x[s1l], x[s0]);
    feat!(out, t; x[s1], x[s0], x[s0l]);
    feat!(out, t; x[s1], x[s0], x[s0r]);
    feat!(out, t; w[s0], x[b0], x[b1]);
    feat!(out, t; x[s0], w[b0], x[b1]);
    feat!(out, t; x[s1], w[s0], x[b0]);
    feat!(out, t; w[s1], x[s0], x[b0]);
    // Distance.
    feat!(out, t; w[s0], d);
    feat!(out, t; x[s0], d);
    feat!(out, t; w[b0], d);
    feat!(out, t; x[b0], d);
    feat!(out, t; w[s0], w[b0], d);
    feat!(out, t; x[s0], x[b0], d);
    feat!(out, t; x[s1], x[s0], d1);
    feat!(out, t; w[s1], d1);
    feat!(out, t; w[s0], d1);
    feat!(out, t; w[s1], w[s0], d1);
    feat!(out, t; x[s1], x[s0], x[b0], d, d1);
    // Valency.
    let (s0vl, s0vr, b0vl, s1vr) = (
        Int::<256>(u64::from(nl[s0])),
        Int::<256>(u64::from(nr[s0])),
        Int::<256>(u64::from(nl[b0])),
        Int::<256>(u64::from(nr[s1])),
    );
    feat!(out, t; w[s0], s0vr);
    feat!(out, t; x[s0], s0vr);
    feat!(out, t; w[s0], s0vl);
    feat!(out, t; x[s0], s0vl);
    feat!(out, t; w[b0], b0vl);
    feat!(out, t; x[b0], b0vl);
    feat!(out, t; w[s1], s1vr);
    feat!(out, t; x[s1], s1vr);
    // Children.
    featr!(out, t; R_S0L, s0l; w[s0l]);
    featr!(out, t; R_S0L, s0l; x[s0l]);
    featr!(out, t; R_S0L, s0l; l(s0l));
    featr!(out, t; R_S0R, s0r; w[s0r]);
    featr!(out, t; R_S0R, s0r; x[s0r]);
    featr!(out, t; R_S0R, s0r; l(s0r));
    featr!(out, t; R_B0L, b0l; w[b0l]);
    featr!(out, t; R_B0L, b0l; x[b0l]);
    featr!(out, t; R_B0L, b0l; l(b0l));
    featr!(out, t; R_S1R, s1r; w[s1r]);
    featr!(out, t; R_S1R, s1r; x[s1r]);
    featr!(out, t; R_S1R, s1r; l(s1r));
    featr!(out, t; R_S1L, s1l; x[s1l], l(s1l));
    featr!(out, t; R_S0L2, s0l2; w[s0l2]);
    featr!(out, t; R_S0L2, s0l2; x[s0l2]);
    featr!(out, t; R_S0L2, s0l2; l(s0l2));
    featr!(out, t; R_S0R2, s0r2; w[s0r2]);
    featr!(out, t; R_S0R2, s0r2; x[s0r2]);
    featr!(out, t; R_S0R2, s0r2; l(s0r2));
    featr!(out, t; R_B0L2, b0l2; w[b0l2]);
    featr!(out, t; R_B0L2, b0l2; x[b0l2]);
    featr!(out, t; R_B0L2, b0l2; l(b0l2));
    feat!(out, t; x[s0], x[s0l], x[s0l2]);
    feat!(out, t; x[s0], x[s0r], x[s0r2]);
    feat!(out, t; x[b0], x[b0l], x[b0l2]);
    feat!(out, t; x[s1], x[s1r], x[s1r2]);
    feat!(out, t; x[s0], l(s0l), l(s0r), x[b0]);
    feat!(out, t; x[s1], l(s1r), x[s0], l(s0l));
    // Label sets.
    feat!(out, t; w[s0], rs[s0]);
    feat!(out, t; x[s0], rs[s0]);
    feat!(out, t; w[s0], ls[s0]);
    feat!(out, t; x[s0], ls[s0]);
    feat!(out, t; w[b0], ls[b0]);
    feat!(out, t; x[b0], ls[b0]);
    feat!(out, t; w[s1], rs[s1]);
    feat!(out, t; x[s1], rs[s1]);
    feat!(out, t; x[s1], ls[s1], x[s0], ls[s0]);
    // Context of the words themselves.
    let s0p = s0.saturating_sub(1);
    let s0n = if s0 != 0 && s0 < n1 { s0 + 1 } else { 0 };
    let b0p = if b0 > 1 && b0 <= n1 { b0 - 1 } else { 0 };
    featr!(out, t; R_S0, s0; x[s0p], x[s0], x[s0n]);
    featb!(out, t; x[b0p], x[b0], x[b1]);
    feat!(out, t; x[s0], x[s0n], x[b0p], x[b0]);
    feat!(out, t; Int::<2>((s0 + 1 == b0) as u64), x[s0], x[b0]);
    feat!(out, t; Int::<5>(st.stack.len().min(4) as u64), x[s0], x[b0]);
    // Universal-tag versions of some of the above: robust to Penn-tag errors the universal tag
    // gets right.
    featb!(out, t; u[b1]);
    featr!(out, t; R_S2, s2; u[s2]);
    feat!(out, t; u[s0], w[b0]);
    feat!(out, t; w[s0], u[b0]);
    featb!(out, t; u[b0], u[b1], u[b2]);
    feat!(out, t; u[s0], u[b0], d);
    feat!(out, t; u[s1], u[s0], d1);
    feat!(out, t; u[s1], w[s0]);
    feat!(out, t; w[s1], u[s0]);
    feat!(out, t; u[s0], u[s0l], u[b0]);
    feat!(out, t; u[s1], u[s1r], u[s0]);
    // Further look-ahead, suffixes and child/neighbour combinations.
    let b3 = if b2 != 0 && b2 < n1 { b2 + 1 } else { 0 };
    featb!(out, t; x[b3]);
    featb!(out, t; x[b1], x[b2], x[b3]);
    featr!(out, t; R_S1, s1; sf[s1]);
    featb!(out, t; sf[b1]);
    feat!(out, t; sf[s0], x[b0]);
    feat!(out, t; x[s0], sf[b0]);
    feat!(out, t; sf[s0], sf[b0]);
    feat!(out, t; x[s2], x[s1], x[b0]);
    feat!(out, t; x[s2], x[s0], x[b0]);
    feat!(out, t; w[s0l], x[s0], x[b0]);
    feat!(out, t; w[s0r], x[s0], x[b0]);
    feat!(out, t; l(s0r), w[b0]);
    feat!(out, t; l(s0r), x[s0], x[b0]);
    feat!(out, t; x[s0], w[b0l], x[b0]);
    feat!(out, t; x[s0], l(b0l), x[b0]);
    feat!(out, t; w[s1r], x[s1], x[s0]);
    feat!(out, t; w[s0], w[b0], w[b1]);
    feat!(out, t; w[s1], w[s0], w[b0]);
    feat!(out, t; x[s0], x[b0], l(s0l), l(b0l));
    feat!(out, t; w[s0], u[b0], u[b1]);
    feat!(out, t; u[s0], w[b0], u[b1]);
    feat!(out, t; x[s1], x[s0], x[b0], x[b1]);
    feat!(out, t; u[s2], u[s1], u[s0], u[b0]);
    feat!(out, t; s0vl.0 + 8 * s0vr.0, x[s0], x[b0]);
    (t - T0) as usize
}

/// Fills `out` with the features of the label of the arc `h → d`; returns how many.
#[inline(always)]
fn label_features(st: &State, e: &Enc, h: usize, d: usize, out: &mut impl Sink) -> usize {
    const T0: u64 = 1000;
    let mut t = T0;
    let n1 = st.n + 1;
    // Positions are at most n + 1 (see `action_features`): no bounds checks.
    let n2 = n1 + 1;
    let at = |i: usize| i.min(n1);
    let (h, d) = (at(h), at(d));
    let (w, x, u, sf) = (&e.w[..n2], &e.x[..n2], &e.u[..n2], &e.sf[..n2]);
    let (lc1, lc2, rc1, rc2) = (&st.lc1[..n2], &st.lc2[..n2], &st.rc1[..n2], &st.rc2[..n2]);
    let (nl, nr, ls, rs, lab) = (&st.nl[..n2], &st.nr[..n2], &st.ls[..n2], &st.rs[..n2], &st.lab[..n2]);
    let l = |i: usize| Lab(lab[at(i)]);
    let dir = Int::<2>(u64::from(d < h));
    let dist = Int::<10>(dist_bucket(d, h));
    let (dl, dl2, dr, dr2) = (at(lc1[d] as usize), at(lc2[d] as usize), at(rc1[d] as usize), at(rc2[d] as usize));
    // A dependent is never the "none" word 0.
    let dp = d.saturating_sub(1);
    let dn = if d < n1 { d + 1 } else { 0 };
    let hp = h.saturating_sub(1);
    let hn = if h < n1 { h + 1 } else { 0 };
    feat!(out, t; w[d]);
    feat!(out, t; x[d]);
    feat!(out, t; u[d]);
    feat!(out, t; w[d], x[d]);
    feat!(out, t; sf[d], dir);
    feat!(out, t; w[d], dir);
    feat!(out, t; x[d], dir);
    feat!(out, t; w[h]);
    feat!(out, t; x[h]);
    feat!(out, t; w[h], dir);
    feat!(out, t; x[d], x[h], dir);
    feat!(out, t; u[d], u[h], dir);
    feat!(out, t; w[d], x[h], dir);
    feat!(out, t; x[d], w[h], dir);
    feat!(out, t; w[d], w[h], dir);
    feat!(out, t; x[d], x[h], dir, dist);
    feat!(out, t; u[d], u[h], ls[d]);
    feat!(out, t; x[d], rs[d]);
    feat!(out, t; x[d], ls[d]);
    feat!(out, t; ls[d], rs[d], dir, u[h]);
    feat!(out, t; w[dl], u[d], u[h]);
    feat!(out, t; w[dl], l(dl), dir);
    feat!(out, t; l(dl), x[d], x[h]);
    feat!(out, t; w[dl2], u[d]);
    feat!(out, t; l(dl2), l(dl), x[d]);
    feat!(out, t; l(dr), x[d]);
    feat!(out, t; w[dr], x[d]);
    feat!(out, t; l(dr2), l(dr), x[d]);
    feat!(out, t; x[dp], x[d], x[dn]);
    feat!(out, t; w[dp], x[d]);
    feat!(out, t; w[dn], x[d]);
    feat!(out, t; ls[h], x[d], dir);
    feat!(out, t; rs[h], x[d], dir);
    feat!(out, t; ls[h], rs[h], u[d], u[h]);
    feat!(out, t; u64::from(nl[d]), u64::from(nr[d]), x[d]);
    feat!(out, t; x[hp], x[h], x[d], dir);
    feat!(out, t; x[h], x[hn], x[d], dir);
    feat!(out, t; u64::from(d == 1), x[d], dir);
    feat!(out, t; w[d], u[h], dist, dir);
    feat!(out, t; l(lc1[h] as usize), l(rc1[h] as usize), x[d], x[h]);
    (t - T0) as usize
}

// ---------------------------------------------------------------------------------------------
// Weights

trait Scorer {
    fn score(&self, feats: &[u32], out: &mut [f32]);
}

/// Perceptron weights during training, with the running sums needed for averaging.
struct TrainModel {
    nclass: usize,
    index: IdMap<u32>,
    w: Vec<i32>,
    u: Vec<i64>,
    c: i64,
}

impl TrainModel {
    fn new(nclass: usize) -> Self {
        TrainModel { nclass, index: IdMap::default(), w: Vec::new(), u: Vec::new(), c: 1 }
    }
    fn update(&mut self, feats: &[u32], class: usize, delta: i32) {
        for &k in feats {
            let next = self.index.len() as u32;
            let r = *self.index.entry(k).or_insert(next) as usize;
            if r == next as usize {
                self.w.resize(self.w.len() + self.nclass, 0);
                self.u.resize(self.u.len() + self.nclass, 0);
            }
            let i = r * self.nclass + class;
            self.w[i] += delta;
            self.u[i] += self.c * i64::from(delta);
        }
    }
    fn tick(&mut self) {
        self.c += 1;
    }
    fn avg(&self, i: usize) -> f64 {
        self.w[i] as f64 - self.u[i] as f64 / self.c as f64
    }
    fn averaged(&self) -> Averaged<'_> {
        Averaged(self)
    }
}

impl Scorer for TrainModel {
    fn score(&self, feats: &[u32], out: &mut [f32]) {
        for &k in feats {
            if let Some(&r) = self.index.get(&k) {
                let row = &self.w[r as usize * self.nclass..][..self.nclass];
                for (o, &v) in out.iter_mut().zip(row) {
                    *o += v as f32;
                }
            }
        }
    }
}

struct Averaged<'a>(&'a TrainModel);
impl Scorer for Averaged<'_> {
    fn score(&self, feats: &[u32], out: &mut [f32]) {
        let m = self.0;
        for &k in feats {
            if let Some(&r) = m.index.get(&k) {
                let base = r as usize * m.nclass;
                for (c, o) in out.iter_mut().enumerate().take(m.nclass) {
                    *o += m.avg(base + c) as f32;
                }
            }
        }
    }
}

/// Frozen quantised weights: sorted keys, each with its non-zero weights as (class, weight)
/// entries, and an open-addressing index from key to row.
struct Table {
    nclass: usize,
    scale: f32,
    keys: Vec<u32>,
    /// Row `r`'s entries are `entries[starts[r]..starts[r + 1]]`.
    starts: Vec<u32>,
    entries: Vec<(u16, i16)>,
    /// Built at load, not stored: the entries of the rows that are not dense, which are the only
    /// ones scoring reads (the slots' ranges point here), packed without the dense rows' entries
    /// between them: `[class, weight as u16]`, in huge pages when large.
    sparse: Zeroed<[u16; 2]>,
    mask: usize,
    /// Open addressing: (key, start, end) of the key's entries; key 0 marks an empty slot. A key
    /// with a dense row (see `dense`) has `DENSE | row` as its start instead. In huge pages
    /// when large (see [`crate::huge`]).
    slots: Zeroed<[u32; 3]>,
    /// Built at load, not stored: the rows with at least [`DENSE_MIN`] entries again as dense
    /// weights, `nclass` per row padded with zeros to whole blocks of [`LBLOCK`] (only when
    /// `nclass` ≤ [`DENSE_MAX_CLASSES`]), so adding them up is a straight vectorised loop
    /// instead of a scatter. Same sums.
    dense: Vec<Block<LBLOCK>>,
}

/// Columns of label weights summed at a time over all the dense rows of one decision (see
/// [`add_blocks`]).
const LBLOCK: usize = 16;

/// Blocks of [`LBLOCK`] columns in a dense row of `nclass` weights.
#[inline]
fn blocks_of(nclass: usize) -> usize {
    nclass.div_ceil(LBLOCK).max(1)
}

/// Rows with at least this many entries are also kept dense (see [`Table::dense`]).
const DENSE_MIN: usize = 10;
/// Only tables with at most this many classes keep dense rows.
const DENSE_MAX_CLASSES: usize = 64;
/// Marks a dense row's number in the start field of a slot.
const DENSE: u32 = 1 << 31;

impl Table {
    /// From dense rows (`weights.len() == keys.len() * nclass`), dropping weights with
    /// magnitude ≤ `min` and rows left empty.
    fn from_dense(nclass: usize, scale: f32, keys: &[u32], weights: &[i16], min: i16) -> Table {
        let mut rows = Vec::with_capacity(keys.len());
        for (r, &k) in keys.iter().enumerate() {
            let row: Vec<(u16, i16)> = weights[r * nclass..][..nclass]
                .iter()
                .enumerate()
                .filter(|(_, v)| v.unsigned_abs() > min.unsigned_abs())
                .map(|(c, &v)| (c as u16, v))
                .collect();
            if !row.is_empty() {
                rows.push((k, row));
            }
        }
        Table::from_rows(nclass, scale, rows)
    }

    fn from_rows(nclass: usize, scale: f32, rows: Vec<(u32, Vec<(u16, i16)>)>) -> Table {
        let mut keys = Vec::with_capacity(rows.len());
        let mut starts = Vec::with_capacity(rows.len() + 1);
        let mut entries = Vec::new();
        starts.push(0);
        for (k, row) in rows {
            keys.push(k);
            entries.extend(row);
            starts.push(entries.len() as u32);
        }
        Table::build(nclass, scale, keys, starts, entries)
    }

    fn build(nclass: usize, scale: f32, keys: Vec<u32>, starts: Vec<u32>, entries: Vec<(u16, i16)>) -> Table {
        let cap = (keys.len() * 2).next_power_of_two().max(16);
        let mask = cap - 1;
        let mut slots = Zeroed::<[u32; 3]>::new(cap);
        let mut dense: Vec<Block<LBLOCK>> = Vec::new();
        let blocks = blocks_of(nclass);
        let mut sparse: Vec<[u16; 2]> = Vec::new();
        for (r, &k) in keys.iter().enumerate() {
            let mut i = slot_of(k) & mask;
            while slots[i][0] != 0 {
                i = (i + 1) & mask;
            }
            let (a, b) = (starts[r], starts[r + 1]);
            let row = dense.len() / blocks;
            slots[i] = if nclass <= DENSE_MAX_CLASSES && (b - a) as usize >= DENSE_MIN && row < DENSE as usize {
                dense.resize(dense.len() + blocks, Block::ZERO);
                for &(c, v) in &entries[a as usize..b as usize] {
                    let c = c as usize;
                    if c < nclass {
                        dense[row * blocks + c / LBLOCK].0[c % LBLOCK] += i32::from(v);
                    }
                }
                [k, DENSE | row as u32, 0]
            } else {
                let from = sparse.len() as u32;
                sparse.extend(entries[a as usize..b as usize].iter().map(|&(c, v)| [c, v as u16]));
                [k, from, sparse.len() as u32]
            };
        }
        let mut packed = Zeroed::<[u16; 2]>::new(sparse.len());
        packed.copy_from_slice(&sparse);
        Table { nclass, scale, keys, starts, entries, sparse: packed, mask, slots, dense }
    }

    fn rows(&self) -> impl Iterator<Item = (u32, &[(u16, i16)])> + '_ {
        self.keys
            .iter()
            .enumerate()
            .map(|(r, &k)| (k, &self.entries[self.starts[r] as usize..self.starts[r + 1] as usize]))
    }

    /// A copy without the weights of magnitude ≤ `min`.
    fn pruned(&self, min: i16) -> Table {
        let rows = self
            .rows()
            .map(|(k, row)| (k, row.iter().copied().filter(|(_, v)| v.unsigned_abs() > min.unsigned_abs()).collect()))
            .filter(|(_, row): &(u32, Vec<(u16, i16)>)| !row.is_empty())
            .collect();
        Table::from_rows(self.nclass, self.scale, rows)
    }

    fn write(&self, w: &mut Writer) {
        w.u32(self.nclass as u32).f32(self.scale);
        let lens: Vec<i16> = self.starts.windows(2).map(|p| (p[1] - p[0]) as i16).collect();
        let classes: Vec<i16> = self.entries.iter().map(|&(c, _)| c as i16).collect();
        let weights: Vec<i16> = self.entries.iter().map(|&(_, v)| v).collect();
        w.sorted_keys(&self.keys).i16s(&lens).i16s(&classes).i16s(&weights);
    }

    fn read(r: &mut Reader, what: &str) -> Result<Table, ModelError> {
        let corrupt = |detail: &str| ModelError::Corrupt { what: what.to_string(), detail: detail.to_string() };
        let nclass = r.u32()? as usize;
        let scale = r.f32()?;
        let keys = r.sorted_keys()?;
        let lens = r.i16s()?;
        let classes = r.i16s()?;
        let weights = r.i16s()?;
        if nclass == 0
            || nclass > 4096
            || lens.len() != keys.len()
            || classes.len() != weights.len()
            || !scale.is_finite()
        {
            return Err(corrupt("inconsistent weight table"));
        }
        let mut starts = Vec::with_capacity(keys.len() + 1);
        starts.push(0u32);
        let mut at = 0usize;
        for len in lens {
            let len = usize::try_from(len).map_err(|_| corrupt("negative row length"))?;
            if len > nclass || at + len > classes.len() {
                return Err(corrupt("row out of range"));
            }
            at += len;
            starts.push(at as u32);
        }
        if at != classes.len() {
            return Err(corrupt("trailing weights"));
        }
        let mut entries = Vec::with_capacity(at);
        for (c, v) in classes.into_iter().zip(weights) {
            match usize::try_from(c) {
                Ok(c) if c < nclass => entries.push((c as u16, v)),
                _ => return Err(corrupt("class out of range")),
            }
        }
        Ok(Table::build(nclass, scale, keys, starts, entries))
    }
}

/// The transition weights again, for parsing: each key's three weights inline in an 8-byte
/// slot (beside a 16-bit fingerprint of the key, taken from other bits than the slot number), so
/// a look-up touches one cache line and the table is two thirds the size it would be with whole
/// keys. An absent feature matches a stored one by accident about once in 65,536 probes (GUM
/// dev UAS and LAS are unchanged to four decimals). Before the table, a bit set of 8 bits per
/// stored key (small enough to stay in the cache) turns away about seven in eight absent
/// features, some 40% of all look-ups: parsing took a third less time with it.
struct ActTable {
    mask: usize,
    scale: f32,
    /// `[fingerprint, w_shift, w_left, w_right]`; fingerprint 0 marks an empty slot (in huge
    /// pages when large, see [`crate::huge`]).
    slots: Zeroed<[i16; 4]>,
    /// One bit per `filter_of(key)`: set for every stored key, so most absent features are
    /// turned away by this small (cache-resident) bit set before they touch `slots`.
    filter: Vec<u64>,
    filter_mask: usize,
}

#[inline]
fn filter_of(k: u32) -> usize {
    (u64::from(k).wrapping_mul(0xa076_1d64_78bd_642f) >> 32) as usize
}

#[inline]
fn fingerprint(k: u32) -> i16 {
    let f = (u64::from(k).wrapping_mul(0xd6e8_feb8_6659_fd93) >> 48) as u16;
    (if f == 0 { 1 } else { f }) as i16
}

impl ActTable {
    fn new(t: &Table) -> ActTable {
        let cap = (t.keys.len() * 2).next_power_of_two().max(16);
        let mask = cap - 1;
        let mut slots = Zeroed::<[i16; 4]>::new(cap);
        let bits = (t.keys.len() * 8).next_power_of_two().max(64);
        let mut filter = vec![0u64; bits / 64];
        let filter_mask = bits - 1;
        if t.nclass == NACT {
            for (k, row) in t.rows() {
                let b = filter_of(k) & filter_mask;
                filter[b / 64] |= 1 << (b % 64);
                let mut i = slot_of(k) & mask;
                while slots[i][0] != 0 {
                    i = (i + 1) & mask;
                }
                let mut w = [fingerprint(k), 0, 0, 0];
                for &(c, v) in row {
                    w[1 + c as usize] = v;
                }
                slots[i] = w;
            }
        }
        ActTable { mask, scale: t.scale, slots, filter, filter_mask }
    }
}

impl ActTable {
    /// The weights of one key (zeros when absent): what [`ActTable::add_up`] adds for it.
    fn weights(&self, k: u32) -> [i16; NACT] {
        let b = filter_of(k) & self.filter_mask;
        if self.filter[b / 64] >> (b % 64) & 1 == 0 {
            return [0; NACT];
        }
        let f = fingerprint(k);
        let slots = &self.slots[..];
        let mut i = slot_of(k) & self.mask;
        loop {
            let w = slots[i];
            if w[0] == f {
                return [w[1], w[2], w[3]];
            }
            if w[0] == 0 {
                return [0; NACT];
            }
            i = (i + 1) & self.mask;
        }
    }

    /// Whether the filter lets `k` through (if not, `k` is not a stored key).
    #[inline(always)]
    fn passes(&self, k: u32) -> bool {
        let b = filter_of(k) & self.filter_mask;
        self.filter.get(b / 64).is_some_and(|w| w >> (b % 64) & 1 != 0)
    }

    /// Adds the weights of `keys`, which the filter has let through ([`ActTable::passes`]), to
    /// `acc`: what [`ActTable::add_up`] adds for the same keys before filtering.
    #[inline]
    fn add_passed(&self, keys: &[u32], acc: &mut [i32; NACT]) {
        const CHUNK: usize = 64;
        let (slots, mask) = (&self.slots[..], self.mask);
        for keys in keys.chunks(CHUNK) {
            // Touch every first slot before probing: independent loads the CPU can overlap, so
            // the probes below mostly hit the cache.
            let mut touch = 0i16;
            for &k in keys {
                touch ^= slots[slot_of(k) & mask][0];
            }
            std::hint::black_box(touch);
            for &k in keys {
                let f = fingerprint(k);
                let mut i = slot_of(k) & mask;
                loop {
                    let w = slots[i];
                    if w[0] == f {
                        acc[0] += i32::from(w[1]);
                        acc[1] += i32::from(w[2]);
                        acc[2] += i32::from(w[3]);
                        break;
                    }
                    if w[0] == 0 {
                        break;
                    }
                    i = (i + 1) & mask;
                }
            }
        }
    }

    /// Adds the weights of `feats` to `acc`.
    #[inline]
    fn add_up(&self, feats: &[u32], acc: &mut [i32; NACT]) {
        const CHUNK: usize = 64;
        let mut keys = [0u32; CHUNK];
        let (filter, filter_mask) = (&self.filter[..], self.filter_mask);
        for chunk in feats.chunks(CHUNK) {
            // Keep the keys the filter lets through (indices masked to the buffer's length, so
            // the compiler sees they are in bounds; a chunk never holds more than `CHUNK`).
            let mut m = 0;
            for &k in chunk {
                let b = filter_of(k) & filter_mask;
                keys[m & (CHUNK - 1)] = k;
                m += (filter[b / 64] >> (b % 64) & 1) as usize;
            }
            self.add_passed(&keys[..m], acc);
        }
    }

    /// Adds `acc` (summed weights) to `out` as scores.
    #[inline]
    fn finish(&self, acc: [i32; NACT], out: &mut [f32]) {
        for (o, a) in out.iter_mut().zip(acc) {
            *o += a as f32 * self.scale;
        }
    }
}

impl Scorer for ActTable {
    fn score(&self, feats: &[u32], out: &mut [f32]) {
        let mut acc = [0i32; NACT];
        self.add_up(feats, &mut acc);
        self.finish(acc, out);
    }
}

#[inline]
fn slot_of(k: u32) -> usize {
    (u64::from(k).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 20) as usize
}

impl Table {
    /// Writes the summed weights of one key (`nclass` of them) into `row`, which holds zeros,
    /// leaving it so when the key is absent: what [`Table::add_up`] adds for it. False if a sum
    /// does not fit 16 bits.
    fn weights_into(&self, k: u32, row: &mut [i32]) -> bool {
        let slots = &self.slots[..];
        let mut i = slot_of(k) & self.mask;
        loop {
            let [sk, a, b] = slots[i];
            if sk == k {
                if a & DENSE != 0 {
                    let blocks = blocks_of(self.nclass);
                    let at = (a & !DENSE) as usize * blocks;
                    let dense = &self.dense[at..at + blocks];
                    for (w, &v) in row.iter_mut().zip(dense.iter().flat_map(|b| &b.0)) {
                        *w = v;
                    }
                    return true;
                }
                for &[c, v] in &self.sparse[a as usize..b as usize] {
                    row[c as usize] += i32::from(v as i16);
                }
                return true;
            }
            if sk == 0 {
                return true;
            }
            i = (i + 1) & self.mask;
        }
    }

    /// Adds the weights of `feats` to `acc` (when `nclass` ≤ [`DENSE_MAX_CLASSES`]) or, as
    /// scores, to `out` (when wider).
    ///
    /// Passes of independent loads the processor can overlap (the look-ups are memory-bound):
    /// touch each feature's first slot, probe and note the hits' entries, touch the first entry
    /// of each, add the entries up.
    #[inline]
    fn add_up(&self, feats: &[u32], acc: &mut [i32; DENSE_MAX_CLASSES], out: &mut [f32]) {
        const CHUNK: usize = 64;
        let wide = self.nclass > acc.len();
        let blocks = blocks_of(self.nclass);
        let mut ranges = [(0u32, 0u32); CHUNK];
        let mut rows = [0u32; CHUNK];
        let (slots, sparse) = (&self.slots[..], &self.sparse[..]);
        for chunk in feats.chunks(CHUNK) {
            let mut touch = 0u32;
            for &k in chunk {
                touch ^= slots[slot_of(k) & self.mask][0];
            }
            std::hint::black_box(touch);
            let mut hits = 0;
            for &k in chunk {
                let mut i = slot_of(k) & self.mask;
                loop {
                    let [sk, a, b] = slots[i];
                    if sk == k {
                        ranges[hits] = (a, b);
                        hits += 1;
                        break;
                    }
                    if sk == 0 {
                        break;
                    }
                    i = (i + 1) & self.mask;
                }
            }
            // And the first entry of each hit, for the same reason.
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
                    // Only when nclass ≤ DENSE_MAX_CLASSES = acc.len() (so not wide).
                    rows[nd & (CHUNK - 1)] = a & !DENSE;
                    nd += 1;
                    continue;
                }
                let row = &sparse[a as usize..b as usize];
                if wide {
                    for &[c, v] in row {
                        out[c as usize] += f32::from(v as i16) * self.scale;
                    }
                } else {
                    for &[c, v] in row {
                        acc[c as usize & 63] += i32::from(v as i16);
                    }
                }
            }
            add_blocks(&self.dense, blocks, &rows[..nd.min(CHUNK)], acc);
        }
    }

    /// Adds `acc` to `out` as scores (when `nclass` ≤ [`DENSE_MAX_CLASSES`]).
    #[inline]
    fn finish(&self, acc: &[i32; DENSE_MAX_CLASSES], out: &mut [f32]) {
        if self.nclass <= DENSE_MAX_CLASSES {
            for (o, &a) in out.iter_mut().zip(&acc[..self.nclass]) {
                *o += a as f32 * self.scale;
            }
        }
    }
}

impl Scorer for Table {
    fn score(&self, feats: &[u32], out: &mut [f32]) {
        let mut acc = [0i32; DENSE_MAX_CLASSES];
        self.add_up(feats, &mut acc, out);
        self.finish(&acc, out);
    }
}

/// The context of an arc for [`Shortcuts`]: the head's and the dependent's tags, and the signed
/// distance from head to dependent cut at ±3.
#[inline]
fn arc_context(e: &Enc, h: usize, d: usize) -> u32 {
    let offset = (d as i64 - h as i64).clamp(-3, 3) as u64;
    let mut k = 0x5c0f_fee5_u64.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    for v in [e.u[h].h, e.x[h].h, e.u[d].h, e.x[d].h, offset] {
        k = (k ^ v).wrapping_mul(0xff51_afd7_ed55_8ccd).rotate_left(29);
    }
    ((fmix(k) >> 32) as u32).max(1)
}

/// Label shortcuts: arc contexts (see [`arc_context`]) in which the training trees practically
/// always use one label (`det` from a noun to a preceding determiner, `punct` to punctuation,
/// …). An arc in such a context takes that label without scoring the label perceptron, which
/// saves its forty-odd feature look-ups on about a third of the arcs.
#[derive(Default)]
struct Shortcuts {
    /// Sorted context keys, and the label of each.
    keys: Vec<u32>,
    labels: Vec<u16>,
    mask: usize,
    /// Open addressing: (key, label); key 0 marks an empty slot.
    slots: Vec<(u32, u16)>,
}

impl Shortcuts {
    fn new(keys: Vec<u32>, labels: Vec<u16>) -> Shortcuts {
        let cap = (keys.len() * 2).next_power_of_two().max(16);
        let mask = cap - 1;
        let mut slots = vec![(0u32, 0u16); cap];
        for (&k, &l) in keys.iter().zip(&labels) {
            let mut i = slot_of(k) & mask;
            while slots[i].0 != 0 {
                i = (i + 1) & mask;
            }
            slots[i] = (k, l);
        }
        Shortcuts { keys, labels, mask, slots }
    }

    /// Contexts seen at least `min_count` times in `data` (encoded sentences with their gold
    /// heads and labels, root = n + 1) with one label at least `min_share` of the time; arcs
    /// from the root have a label of their own and are left out.
    fn learn(data: &[(conllu::Sentence, Enc)], golds: &Golds, min_count: u32, min_share: f64) -> Shortcuts {
        let mut counts: IdMap<Vec<(u16, u32)>> = IdMap::default();
        for ((_, e), (heads, labels)) in data.iter().zip(golds) {
            for d in 1..=e.n {
                let h = heads[d];
                if h == 0 || h > e.n {
                    continue;
                }
                let row = counts.entry(arc_context(e, h, d)).or_default();
                match row.iter_mut().find(|(l, _)| *l == labels[d]) {
                    Some((_, c)) => *c += 1,
                    None => row.push((labels[d], 1)),
                }
            }
        }
        let mut found: Vec<(u32, u16)> = counts
            .into_iter()
            .filter_map(|(k, row)| {
                let total: u32 = row.iter().map(|(_, c)| c).sum();
                let &(label, top) = row.iter().max_by_key(|(l, c)| (*c, std::cmp::Reverse(*l)))?;
                (total >= min_count && f64::from(top) >= min_share * f64::from(total)).then_some((k, label))
            })
            .collect();
        found.sort_unstable();
        Shortcuts::new(found.iter().map(|p| p.0).collect(), found.iter().map(|p| p.1).collect())
    }

    #[inline]
    fn get(&self, key: u32) -> Option<u16> {
        if self.keys.is_empty() {
            return None;
        }
        let mut i = slot_of(key) & self.mask;
        loop {
            let (k, l) = self.slots[i];
            if k == key {
                return Some(l);
            }
            if k == 0 {
                return None;
            }
            i = (i + 1) & self.mask;
        }
    }

    fn write(&self, w: &mut Writer) {
        let labels: Vec<i16> = self.labels.iter().map(|&l| l as i16).collect();
        w.sorted_keys(&self.keys).i16s(&labels);
    }

    fn read(r: &mut Reader, what: &str, nlabels: usize) -> Result<Shortcuts, ModelError> {
        let keys = r.sorted_keys()?;
        let labels = r.i16s()?;
        if labels.len() != keys.len() || labels.iter().any(|&l| l < 0 || l as usize >= nlabels) {
            return Err(ModelError::Corrupt { what: what.to_string(), detail: "bad label shortcuts".into() });
        }
        Ok(Shortcuts::new(keys, labels.into_iter().map(|l| l as u16).collect()))
    }
}

// ---------------------------------------------------------------------------------------------
// Tabulated templates

/// Transition templates with at most this many code bits are tabulated (three Penn tags: a
/// table of 48³ rows of 8 bytes, 0.9 MB, much of it zero pages never touched).
const ACT_TABLE_BITS: u32 = 18;
/// Label templates with at most this many code bits are tabulated (rows of up to
/// [`DENSE_MAX_CLASSES`] weights, one row per tuple of the template's domain).
const LABEL_TABLE_BITS: u32 = 13;

/// Weights tabulated by template values (see "Feature values" above), built at load time from
/// the hashed tables, so that scoring a tabulated template is one indexed load. Each template's
/// table has one row per tuple of its domain (say 52 × 52 × 10 rows), in the order of
/// [`Vals::index`]; rows whose features are absent from the model are zero.
struct Dense {
    radix: Radix,
    /// First row of each tabulated transition template's table (by template position).
    act_bases: [u32; MAX_FEATS],
    /// The three transition weights per row (and a pad), in huge pages (see [`crate::huge`]).
    act: Zeroed<[i16; 4]>,
    /// First row of each tabulated label template's table (empty when labels are not
    /// tabulated: more than [`DENSE_MAX_CLASSES`] of them).
    label_bases: Option<Box<[u32; MAX_FEATS]>>,
    /// `nclass` label weights per row, padded to `label_blocks` blocks of [`LBLOCK`].
    labels: Zeroed<[i32; LBLOCK]>,
    label_blocks: usize,
}

/// The size of the domain of each value of a template (`kinds`: its values' kinds and code
/// bits); `None` if a value has no small domain (or a code set of its kind does not fit).
fn domain(kinds: &[(Kind, u32)], radix: &Radix) -> Option<Vec<usize>> {
    kinds
        .iter()
        .map(|&(kind, bits)| {
            let n = match kind {
                Kind::Hashed => return None,
                Kind::Xpos => radix.x,
                Kind::Upos => radix.u,
                Kind::Label => radix.l,
                Kind::Int(n) => n,
            };
            (n >= 1 && n <= 1 << bits).then_some(n)
        })
        .collect()
}

/// Calls `f(index, key)` for every tuple of codes of template `t` (`kinds` its values' kinds,
/// `sizes` their domains' sizes), in the order of [`Vals::index`], so `index` counts up from 0.
fn tabulate(t: u64, kinds: &[(Kind, u32)], sizes: &[usize], codes: &TagCodes, mut f: impl FnMut(usize, u32)) {
    let value = |kind: Kind, c: usize| match kind {
        Kind::Xpos => codes.x[c],
        Kind::Upos => codes.u[c],
        _ => c as u64,
    };
    // Odometer over the tuples, last value fastest, keeping the hash of each prefix; the last
    // value's loop is the inner one.
    let m = kinds.len();
    let (last_kind, last_size) = (kinds[m - 1].0, sizes[m - 1]);
    let last: Vec<u64> = (0..last_size).map(|c| value(last_kind, c)).collect();
    let mut tuple = vec![0usize; m];
    let mut hs = vec![key_start(t); m];
    let mut from = 0;
    let mut index = 0;
    loop {
        for j in from..m - 1 {
            hs[j + 1] = key_add(hs[j], value(kinds[j].0, tuple[j]));
        }
        let h = hs[m - 1];
        for &v in &last {
            f(index, key_end(key_add(h, v)));
            index += 1;
        }
        let mut j = m - 1;
        loop {
            if j == 0 {
                return;
            }
            j -= 1;
            tuple[j] += 1;
            if tuple[j] < sizes[j] {
                break;
            }
            tuple[j] = 0;
        }
        from = j;
    }
}

/// Lays out the tables of the tabulated templates among `shapes`: their domains' sizes and
/// first rows (by template position), and the number of rows in all.
#[allow(clippy::type_complexity)]
fn layout(shapes: &[Shape], radix: &Radix) -> Option<(Vec<Option<Vec<usize>>>, [u32; MAX_FEATS], usize)> {
    let mut bases = [0u32; MAX_FEATS];
    let mut sizes = Vec::with_capacity(shapes.len());
    let mut rows = 0usize;
    for (i, shape) in shapes.iter().enumerate() {
        if !shape.tabulated {
            sizes.push(None);
            continue;
        }
        let s = domain(&shape.kinds, radix)?;
        *bases.get_mut(i)? = u32::try_from(rows).ok()?;
        rows += s.iter().product::<usize>();
        sizes.push(Some(s));
    }
    u32::try_from(rows).ok()?;
    Some((sizes, bases, rows))
}

impl Dense {
    /// Tables for the templates of small enough domains, given the tag sets; `None` if there are
    /// no codes or some tabulated template's values do not fit their code bits.
    fn new(codes: &TagCodes, nlabels: usize, act: &ActTable, lab: &Table) -> Option<Dense> {
        if codes.x.is_empty() {
            return None;
        }
        let radix = Radix { u: codes.u.len(), x: codes.x.len(), l: nlabels + 1 };
        // The templates' shapes, from the feature functions themselves (on a one-word sentence).
        let e = Enc::new(&["a"], |_| "", |_| "", codes);
        let st = State::new(1);
        let mut act_shapes = Shapes::<ACT_TABLE_BITS>::default();
        action_features(&st, &e, &mut act_shapes);
        let (sizes, act_bases, rows) = layout(&act_shapes.0, &radix)?;
        // Zeroed memory (fresh pages from the system), written only where a weight is not zero.
        let mut table = Zeroed::<[i16; 4]>::new(rows);
        for ((shape, sizes), &base) in act_shapes.0.iter().zip(&sizes).zip(&act_bases) {
            let Some(sizes) = sizes else { continue };
            let table = &mut table[base as usize..];
            tabulate(shape.t, &shape.kinds, sizes, codes, |index, key| {
                let [a, b, c] = act.weights(key);
                if a != 0 || b != 0 || c != 0 {
                    table[index] = [a, b, c, 0];
                }
            });
        }
        let nclass = lab.nclass;
        let label_blocks = blocks_of(nclass);
        let mut d = Dense { radix, act_bases, act: table, label_bases: None, labels: Zeroed::new(0), label_blocks };
        if nclass <= DENSE_MAX_CLASSES {
            let mut label_shapes = Shapes::<LABEL_TABLE_BITS>::default();
            label_features(&st, &e, 2, 1, &mut label_shapes);
            let (sizes, bases, rows) = layout(&label_shapes.0, &radix)?;
            let mut table = Zeroed::<[i32; LBLOCK]>::new(rows * label_blocks);
            let mut fits = true;
            for ((shape, sizes), &base) in label_shapes.0.iter().zip(&sizes).zip(&bases) {
                let Some(sizes) = sizes else { continue };
                let table = &mut table[base as usize * label_blocks..];
                tabulate(shape.t, &shape.kinds, sizes, codes, |index, key| {
                    let mut row = [0i32; DENSE_MAX_CLASSES];
                    fits &= lab.weights_into(key, &mut row[..nclass]);
                    if row.iter().any(|&w| w != 0) {
                        for (b, block) in table[index * label_blocks..][..label_blocks].iter_mut().enumerate() {
                            block.copy_from_slice(&row[b * LBLOCK..][..LBLOCK]);
                        }
                    }
                });
            }
            if !fits {
                return None;
            }
            d.labels = table;
            d.label_bases = Some(Box::new(bases));
        }
        Some(d)
    }
}

// ---------------------------------------------------------------------------------------------
// Decoding

/// Scores transitions and labels for [`decode`].
trait Model {
    /// Scratch space for features, made once per sentence.
    type Buf;
    fn buf(&self, n: usize) -> Self::Buf;
    fn actions(&self, buf: &mut Self::Buf, st: &State, e: &Enc) -> [f32; NACT];
    /// [`Model::actions`] for one of several states of a sentence (see [`decode_beam`]):
    /// reading and writing only the caches that hold across states (a word's sums in a stack
    /// role, the front word's sums), not those of the child roles, whose sums depend on the
    /// child's label, which may differ between states.
    fn beam_actions(&self, buf: &mut Self::Buf, st: &State, e: &Enc) -> [f32; NACT] {
        self.actions(buf, st, e)
    }
    /// Adds the scores of the labels of `h → d` to `out`.
    fn labels(&self, buf: &mut Self::Buf, st: &State, e: &Enc, h: usize, d: usize, out: &mut [f32]);
}

/// Every feature hashed and looked up in a [`Scorer`].
struct Hashed<'a, A, L>(&'a A, &'a L);

impl<A: Scorer, L: Scorer> Model for Hashed<'_, A, L> {
    type Buf = FeatBuf;
    fn buf(&self, _: usize) -> FeatBuf {
        [0; MAX_FEATS]
    }
    #[inline]
    fn actions(&self, buf: &mut FeatBuf, st: &State, e: &Enc) -> [f32; NACT] {
        let nf = action_features(st, e, buf);
        let mut scores = [0f32; NACT];
        self.0.score(&buf[..nf], &mut scores);
        scores
    }
    #[inline]
    fn labels(&self, buf: &mut FeatBuf, st: &State, e: &Enc, h: usize, d: usize, out: &mut [f32]) {
        let nf = label_features(st, e, h, d, buf);
        self.1.score(&buf[..nf], out);
    }
}

/// Tabulated templates by index, the others hashed (for sentences whose tags all have codes).
struct Tabulated<'a> {
    dense: &'a Dense,
    act: &'a ActTable,
    lab: &'a Table,
}

/// The summed (integer) weights of the buffer-front templates for one front word, kept while
/// that word stays at the front: the arcs it takes or gives there reuse them (parsing −2.6 %
/// instructions, the same parses).
struct FrontCache {
    b0: usize,
    acc: [i32; NACT],
    /// For the states of a beam ([`Model::beam_actions`]), whose front words differ: each front
    /// word's sums and 1 once known (made at the first such scoring of a sentence).
    words: Vec<[i32; 4]>,
}

impl Tabulated<'_> {
    /// Adds to `acc` the weights of the front templates (`FRONT`) or of all the others.
    #[inline(always)]
    fn add_part<const FRONT: bool>(&self, f: &mut DenseFeats, st: &State, e: &Enc, acc: &mut [i32; NACT]) {
        let mut sink =
            ActSink { f, nk: 0, nr: 0, bases: &self.dense.act_bases, radix: self.dense.radix, act: self.act };
        action_features(st, e, &mut Part::<_, FRONT>(&mut sink));
        let (nk, nr) = (sink.nk.min(MAX_FEATS), sink.nr.min(MAX_FEATS));
        let table = &self.dense.act[..];
        for &r in &f.rows[..nr] {
            let w = table[r as usize];
            acc[0] += i32::from(w[0]);
            acc[1] += i32::from(w[1]);
            acc[2] += i32::from(w[2]);
        }
        self.act.add_passed(&f.keys[..nk], acc);
    }
}

impl Tabulated<'_> {
    /// Adds to `acc` the weights of the templates other than the front's, the role templates'
    /// from `cache` where it has them (see [`RoleSink`]).
    #[inline(always)]
    fn add_rest(&self, f: &mut DenseFeats, cache: &mut [[i32; 4]], st: &State, e: &Enc, acc: &mut [i32; NACT]) {
        let inner = ActSink { f, nk: 0, nr: 0, bases: &self.dense.act_bases, radix: self.dense.radix, act: self.act };
        let mut sink = RoleSink {
            inner,
            act_rows: &self.dense.act,
            cache,
            stride: e.n + 2,
            state: [ROLE_UNSEEN; NROLES],
            pos: [0; NROLES],
            sums: [[0; NACT]; NROLES],
            cached: [0; NACT],
        };
        action_features(st, e, &mut sink);
        for r in 0..NROLES {
            if sink.state[r] == ROLE_FILL {
                let s = sink.sums[r];
                if let Some(c) = sink.cache.get_mut(r * sink.stride + sink.pos[r]) {
                    *c = [s[0], s[1], s[2], 1];
                }
                for (a, w) in acc.iter_mut().zip(s) {
                    *a += w;
                }
            }
        }
        for (a, w) in acc.iter_mut().zip(sink.cached) {
            *a += w;
        }
        let (nk, nr) = (sink.inner.nk.min(MAX_FEATS), sink.inner.nr.min(MAX_FEATS));
        let f = &sink.inner.f;
        let table = &self.dense.act[..];
        for &r in &f.rows[..nr] {
            let w = table[r as usize];
            acc[0] += i32::from(w[0]);
            acc[1] += i32::from(w[1]);
            acc[2] += i32::from(w[2]);
        }
        self.act.add_passed(&f.keys[..nk], acc);
    }
}

impl Tabulated<'_> {
    /// The transition scores: for one state's history with the whole role cache, or for one
    /// of several states (`BEAM`) with the stack roles' rows only and the front sums kept per
    /// front word.
    #[inline(always)]
    fn scores<const BEAM: bool>(&self, buf: &mut <Self as Model>::Buf, st: &State, e: &Enc) -> [f32; NACT] {
        // Integer sums, so scoring the front templates once per front word gives the same
        // scores, bit for bit, as scoring every template at every transition.
        let mut acc = if BEAM {
            if buf.2.words.len() < e.n + 2 {
                buf.2.words.clear();
                buf.2.words.resize(e.n + 2, [0; 4]);
            }
            let c = buf.2.words[st.b];
            if c[3] != 0 {
                [c[0], c[1], c[2]]
            } else {
                let mut front = [0i32; NACT];
                self.add_part::<true>(&mut buf.0, st, e, &mut front);
                buf.2.words[st.b] = [front[0], front[1], front[2], 1];
                front
            }
        } else {
            if buf.2.b0 != st.b {
                let mut front = [0i32; NACT];
                self.add_part::<true>(&mut buf.0, st, e, &mut front);
                (buf.2.b0, buf.2.acc) = (st.b, front);
            }
            buf.2.acc
        };
        let roles = if BEAM { R_S2 + 1 } else { NROLES };
        let rows = (roles * (e.n + 2)).min(buf.3.len());
        self.add_rest(&mut buf.0, &mut buf.3[..rows], st, e, &mut acc);
        let mut scores = [0f32; NACT];
        self.act.finish(acc, &mut scores);
        scores
    }
}

impl Model for Tabulated<'_> {
    /// Feature buffers, the front word's sums, and the role sums cached per word (see
    /// [`RoleSink`]; `NROLES` rows of `n + 2` words).
    type Buf = (DenseFeats, FeatBuf, FrontCache, Vec<[i32; 4]>);
    fn buf(&self, n: usize) -> Self::Buf {
        (
            DenseFeats { keys: [0; MAX_FEATS], rows: [0; MAX_FEATS] },
            [0; MAX_FEATS],
            FrontCache { b0: usize::MAX, acc: [0; NACT], words: Vec::new() },
            vec![[0; 4]; NROLES * (n + 2)],
        )
    }
    #[inline]
    fn actions(&self, buf: &mut Self::Buf, st: &State, e: &Enc) -> [f32; NACT] {
        self.scores::<false>(buf, st, e)
    }
    /// The stack roles' rows of the role cache only (see [`Model::beam_buf`]).
    fn beam_actions(&self, buf: &mut Self::Buf, st: &State, e: &Enc) -> [f32; NACT] {
        self.scores::<true>(buf, st, e)
    }
    #[inline]
    fn labels(&self, buf: &mut Self::Buf, st: &State, e: &Enc, h: usize, d: usize, out: &mut [f32]) {
        let Some(bases) = &self.dense.label_bases else {
            let nf = label_features(st, e, h, d, &mut buf.1);
            self.lab.score(&buf.1[..nf], out);
            return;
        };
        let mut sink = DenseSink::<LABEL_TABLE_BITS> { f: &mut buf.0, nk: 0, nr: 0, bases, radix: self.dense.radix };
        label_features(st, e, h, d, &mut sink);
        let (nk, nr) = (sink.nk.min(MAX_FEATS), sink.nr.min(MAX_FEATS));
        let mut acc = [0i32; DENSE_MAX_CLASSES];
        add_blocks(&self.dense.labels, self.dense.label_blocks, &buf.0.rows[..nr], &mut acc);
        self.lab.add_up(&buf.0.keys[..nk], &mut acc, out);
        self.lab.finish(&acc, out);
    }
}

fn best_label(scores: &[f32], root: u16) -> u16 {
    // The first of the highest scores other than the root's (`top` is `scores[best]`).
    let (mut best, mut top) = (usize::MAX, 0f32);
    for (i, &s) in scores.iter().enumerate() {
        if i != root as usize && (best == usize::MAX || s > top) {
            (best, top) = (i, s);
        }
    }
    if best == usize::MAX {
        root
    } else {
        best as u16
    }
}

fn best_action(scores: &[f32; NACT], valid: &[bool; NACT]) -> usize {
    let mut best = usize::MAX;
    for a in 0..NACT {
        if valid[a] && (best == usize::MAX || scores[a] > scores[best]) {
            best = a;
        }
    }
    best
}

fn decode<M: Model>(enc: &Enc, model: &M, short: &Shortcuts, nlabels: usize, root: u16) -> State {
    let mut st = State::new(enc.n);
    let mut buf = model.buf(enc.n);
    let mut lscores = vec![0f32; nlabels.max(1)];
    while !st.terminal() {
        let valid = st.valid();
        // A forced move (an empty stack shifts; an empty buffer reduces) needs no scoring.
        let a = if valid.iter().filter(|&&v| v).count() == 1 {
            valid.iter().position(|&v| v).unwrap_or(SHIFT)
        } else {
            best_action(&model.actions(&mut buf, &st, enc), &valid)
        };
        let label = if a == SHIFT { 0 } else { arc_label(model, &mut buf, &mut lscores, short, enc, &st, a, root) };
        st.apply(a, label);
    }
    st
}

/// Beam-search settings (see the module doc): at most `width` partial parses, paths scored by
/// softmax log-probabilities at `temperature`; a parse also follows a move other than its best
/// only if that move's log-probability is less than `margin` below its best's, and a parse whose
/// path falls more than `prune` below the best path's is dropped. Infinite margin and prune make
/// the plain beam; zero margin (or width 1) makes it greedy.
#[derive(Clone, Copy, PartialEq, Debug)]
pub struct Beam {
    pub width: usize,
    pub temperature: f64,
    pub margin: f64,
    pub prune: f64,
}

impl Default for Beam {
    /// The settings chosen on GUM dev: most of the plain two-wide beam's gain at some 0.82 of
    /// greedy's speed.
    fn default() -> Self {
        Beam { width: 2, temperature: 300.0, margin: 0.25, prune: 1.0 }
    }
}

/// The label of the arc that `act` (not a shift) makes in `st`: the root's label, a label
/// shortcut's, or the label perceptron's best.
#[allow(clippy::too_many_arguments)]
fn arc_label<M: Model>(
    model: &M,
    buf: &mut M::Buf,
    lscores: &mut [f32],
    short: &Shortcuts,
    enc: &Enc,
    st: &State,
    act: usize,
    root: u16,
) -> u16 {
    let (h, d) = st.arc(act);
    if h == st.root() {
        root
    } else if let Some(l) = short.get(arc_context(enc, h, d)) {
        l
    } else {
        lscores.iter_mut().for_each(|s| *s = 0.0);
        model.labels(buf, st, enc, h, d, lscores);
        best_label(lscores, root)
    }
}

/// Pushes to `cands` the moves parse `i` (path score `score`, move scores `s`) follows under
/// `opt`: its best, and the others less than `opt.margin` below it in log-probability, in move
/// order, each with its path score (the sum of its moves' log-probabilities).
fn push_moves(
    s: &[f32; NACT],
    valid: &[bool; NACT],
    score: f64,
    i: usize,
    opt: &Beam,
    cands: &mut Vec<(f64, usize, usize)>,
) {
    let best = best_action(s, valid);
    let top = f64::from(s[best]);
    let t = opt.temperature;
    let z: f64 = (0..NACT).filter(|&a| valid[a]).map(|a| ((f64::from(s[a]) - top) / t).exp()).sum();
    let lz = z.ln();
    for a in 0..NACT {
        if valid[a] && (a == best || (top - f64::from(s[a])) / t < opt.margin) {
            cands.push((score + ((f64::from(s[a]) - top) / t - lz), i, a));
        }
    }
}

/// Beam search where only the uncertain decisions branch (see [`Beam`]). While one parse is
/// left it runs as [`decode`] runs (in place, with the full caches), until a decision with a
/// second move within the margin; then the beam runs, scoring with the caches that hold across
/// parses ([`Model::beam_actions`]), until pruning leaves one parse again. The single-parse
/// stretches all lie on the path of the parse returned (an arc, once made, stays), so the
/// per-word caches they fill stay exact. Every parse takes `2n` transitions, so all end
/// together; ties keep the order parses and moves were met.
fn decode_beam<M: Model>(enc: &Enc, model: &M, short: &Shortcuts, nlabels: usize, root: u16, opt: &Beam) -> State {
    let k = opt.width.max(1);
    let mut buf = model.buf(enc.n);
    let mut lscores = vec![0f32; nlabels.max(1)];
    let mut beam: Vec<(f64, State)> = Vec::with_capacity(k);
    beam.push((0.0, State::new(enc.n)));
    let mut next: Vec<(f64, State)> = Vec::with_capacity(k);
    let mut spare: Vec<State> = Vec::with_capacity(k);
    let mut cands: Vec<(f64, usize, usize)> = Vec::with_capacity(NACT * k);
    let mut uses: Vec<usize> = Vec::with_capacity(k);
    loop {
        cands.clear();
        if beam.len() == 1 {
            // One parse: the greedy path, until a decision is uncertain.
            let st = &mut beam[0].1;
            if st.terminal() {
                break;
            }
            let valid = st.valid();
            let a = if valid.iter().filter(|&&v| v).count() == 1 {
                valid.iter().position(|&v| v).unwrap_or(SHIFT)
            } else {
                let s = model.actions(&mut buf, st, enc);
                let best = best_action(&s, &valid);
                let top = f64::from(s[best]);
                let unsure = k > 1
                    && (0..NACT)
                        .any(|a| a != best && valid[a] && (top - f64::from(s[a])) / opt.temperature < opt.margin);
                if unsure {
                    push_moves(&s, &valid, 0.0, 0, opt, &mut cands);
                    usize::MAX
                } else {
                    best
                }
            };
            if a != usize::MAX {
                let label =
                    if a == SHIFT { 0 } else { arc_label(model, &mut buf, &mut lscores, short, enc, st, a, root) };
                st.apply(a, label);
                continue;
            }
        } else {
            if beam[0].1.terminal() {
                break;
            }
            for (i, (score, st)) in beam.iter().enumerate() {
                let valid = st.valid();
                if valid.iter().filter(|&&v| v).count() == 1 {
                    cands.push((*score, i, valid.iter().position(|&v| v).unwrap_or(SHIFT)));
                } else {
                    let s = model.beam_actions(&mut buf, st, enc);
                    push_moves(&s, &valid, *score, i, opt, &mut cands);
                }
            }
        }
        cands.sort_by(|x, y| y.0.total_cmp(&x.0));
        cands.truncate(k);
        let floor = cands[0].0 - opt.prune;
        cands.retain(|c| c.0 >= floor);
        // Each parent's last follower takes its state; the others copy it.
        uses.clear();
        uses.resize(beam.len(), 0);
        for c in &cands {
            uses[c.1] += 1;
        }
        next.clear();
        for &(score, i, a) in &cands {
            let label =
                if a == SHIFT { 0 } else { arc_label(model, &mut buf, &mut lscores, short, enc, &beam[i].1, a, root) };
            let mut st = spare.pop().unwrap_or_else(|| State::new(enc.n));
            uses[i] -= 1;
            if uses[i] == 0 {
                std::mem::swap(&mut st, &mut beam[i].1);
            } else {
                st.copy_from(&beam[i].1);
            }
            st.apply(a, label);
            next.push((score, st));
        }
        spare.extend(beam.drain(..).map(|(_, st)| st));
        std::mem::swap(&mut beam, &mut next);
    }
    beam.swap_remove(0).1
}

/// Training settings.
#[derive(Debug, Clone)]
pub struct ParserTrainOptions {
    pub epochs: usize,
    pub seed: u64,
    /// Rate at which training tags are replaced by a plausible wrong tag.
    pub tag_noise: f64,
    /// From this epoch on (0-based), follow the model's own (possibly wrong) transitions.
    pub explore_from: usize,
    /// Probability of following the model's prediction when exploring.
    pub explore_p: f64,
    /// Quantised transition weights (scaled so the largest is ±32767) with magnitude ≤ this
    /// are dropped from the saved model.
    pub prune: i16,
    /// The same for the label weights.
    pub prune_labels: i16,
    /// Number of perceptrons trained on different shuffles (in parallel) whose weights are
    /// summed into the model.
    pub ensemble: usize,
    /// Label shortcuts (arc contexts whose label is taken without scoring, see `Shortcuts`):
    /// contexts seen at least this often in the training data…
    pub shortcut_count: u32,
    /// …with one label at least this share of the time. Above 1, there are none.
    pub shortcut_share: f64,
    /// Print dev scores per epoch to stderr (for the first ensemble member).
    pub verbose: bool,
}

impl Default for ParserTrainOptions {
    fn default() -> Self {
        ParserTrainOptions {
            epochs: 12,
            seed: 1,
            tag_noise: 0.04,
            explore_from: 1,
            explore_p: 0.9,
            prune: 512,
            prune_labels: 1024,
            ensemble: 1,
            shortcut_count: 100,
            shortcut_share: 0.995,
            verbose: true,
        }
    }
}

/// Labelled attachment scores over words (punctuation included).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct AttachmentScores {
    pub uas: f64,
    /// Head and full label (with subtype) right.
    pub las: f64,
    /// Head and universal label (before `:`) right, as the CoNLL 2018 scorer counts.
    pub las_universal: f64,
    pub words: usize,
}

fn universal(l: &str) -> &str {
    l.split(':').next().unwrap_or(l)
}

/// Scores predicted `(head, deprel)` lists against gold sentences.
pub fn attachment_scores(gold: &[conllu::Sentence], predicted: &[Vec<(usize, String)>]) -> AttachmentScores {
    let (mut words, mut u, mut l, mut lu) = (0usize, 0usize, 0usize, 0usize);
    for (i, g) in gold.iter().enumerate() {
        let p = predicted.get(i);
        for (j, w) in g.words.iter().enumerate() {
            words += 1;
            let Some((h, rel)) = p.and_then(|p| p.get(j)) else { continue };
            if *h == w.head {
                u += 1;
                if rel == &w.deprel {
                    l += 1;
                }
                if universal(rel) == universal(&w.deprel) {
                    lu += 1;
                }
            }
        }
    }
    let f = |k: usize| if words == 0 { 0.0 } else { k as f64 / words as f64 };
    AttachmentScores { uas: f(u), las: f(l), las_universal: f(lu), words }
}

/// The `(head, label)` of each word of a finished parse (heads 1-based, 0 the root).
fn heads_of(st: &State, n: usize) -> Vec<(usize, u16)> {
    (1..=n)
        .map(|i| {
            let h = st.head[i] as usize;
            (if h == n + 1 { 0 } else { h }, st.lab[i].saturating_sub(1))
        })
        .collect()
}

/// A trained labelled dependency parser.
pub struct Parser {
    labels: Vec<String>,
    root: u16,
    act: Table,
    fast: ActTable,
    lab: Table,
    shortcuts: Shortcuts,
    /// The tag sets given by [`Parser::set_tag_sets`], and the tables built for them.
    codes: TagCodes,
    dense: Option<Dense>,
    /// Beam search, if set (see [`Beam`]); greedy decoding otherwise.
    beam: Option<Beam>,
}

impl std::fmt::Debug for Parser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Parser")
            .field("labels", &self.labels.len())
            .field("action_features", &self.act.keys.len())
            .field("label_features", &self.lab.keys.len())
            .field("label_shortcuts", &self.shortcuts.keys.len())
            .finish()
    }
}

impl Parser {
    pub fn load(path: &Path) -> Result<Parser, ModelError> {
        let bytes = std::fs::read(path).map_err(|cause| ModelError::Io { path: path.display().to_string(), cause })?;
        Parser::read_bytes(&bytes, &path.display().to_string())
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<Parser, ModelError> {
        Parser::read_bytes(bytes, "parser model")
    }

    /// Reads a model of the current version, or of the last version without label shortcuts.
    fn read_bytes(bytes: &[u8], what: &str) -> Result<Parser, ModelError> {
        match Reader::new(what, bytes, MAGIC, VERSION) {
            Ok(mut r) => Parser::read(&mut r, what, true),
            Err(ModelError::Version { found: VERSION_NO_SHORTCUTS, .. }) => {
                let mut r = Reader::new(what, bytes, MAGIC, VERSION_NO_SHORTCUTS)?;
                Parser::read(&mut r, what, false)
            }
            Err(e) => Err(e),
        }
    }

    fn read(r: &mut Reader, what: &str, with_shortcuts: bool) -> Result<Parser, ModelError> {
        let labels = r.strs()?;
        let root = r.u32()?;
        let act = Table::read(r, what)?;
        let lab = Table::read(r, what)?;
        if labels.is_empty()
            || labels.len() > 4096
            || labels.get(root as usize).is_none_or(|l| l != "root")
            || act.nclass != NACT
            || lab.nclass != labels.len()
        {
            return Err(ModelError::Corrupt { what: what.to_string(), detail: "inconsistent header".into() });
        }
        let shortcuts = if with_shortcuts { Shortcuts::read(r, what, labels.len())? } else { Shortcuts::default() };
        Ok(Parser::assemble(labels, root as u16, act, lab, shortcuts))
    }

    fn assemble(labels: Vec<String>, root: u16, act: Table, lab: Table, shortcuts: Shortcuts) -> Parser {
        let fast = ActTable::new(&act);
        Parser { labels, root, act, fast, lab, shortcuts, codes: TagCodes::default(), dense: None, beam: None }
    }

    /// Parses with beam search (see [`Beam`]), or greedily (`None`, the default).
    pub fn set_beam(&mut self, beam: Option<Beam>) {
        self.beam = beam;
    }

    /// Tells the parser which tags its input takes (the tagger's tag sets), so that it can
    /// tabulate the weights of the feature templates over tags, labels and small numbers and
    /// score them by index rather than by hashing. Parses do not change; sentences with other
    /// tags are scored by hashing. Costs some tens of megabytes and milliseconds.
    pub fn set_tag_sets(&mut self, upos: &[&str], xpos: &[&str]) {
        self.codes = TagCodes::new(upos, xpos);
        self.dense = Dense::new(&self.codes, self.labels.len(), &self.fast, &self.lab);
    }

    /// A smaller model: drops the features whose quantised weights all have magnitude ≤ `min`.
    pub fn pruned(&self, act_min: i16, label_min: i16) -> Parser {
        let shortcuts = Shortcuts::new(self.shortcuts.keys.clone(), self.shortcuts.labels.clone());
        Parser::assemble(
            self.labels.clone(),
            self.root,
            self.act.pruned(act_min),
            self.lab.pruned(label_min),
            shortcuts,
        )
    }

    /// The same parser with label shortcuts learnt afresh from `train` (see
    /// [`ParserTrainOptions::shortcut_count`]); the training command does this after training.
    pub fn with_label_shortcuts(&self, train: &[conllu::Sentence], min_count: u32, min_share: f64) -> Parser {
        let label_id: HashMap<&str, u16> =
            self.labels.iter().enumerate().map(|(i, l)| (l.as_str(), i as u16)).collect();
        let (data, golds) = training_data(train, &label_id, self.root);
        let shortcuts = Shortcuts::learn(&data, &golds, min_count, min_share);
        Parser::assemble(self.labels.clone(), self.root, self.act.pruned(0), self.lab.pruned(0), shortcuts)
    }

    /// Number of (transition, label) features in the model.
    pub fn feature_counts(&self) -> (usize, usize) {
        (self.act.keys.len(), self.lab.keys.len())
    }

    /// The model file contents.
    pub fn to_bytes(&self) -> Vec<u8> {
        self.writer().finish()
    }

    fn writer(&self) -> Writer {
        let mut w = Writer::new(MAGIC, VERSION);
        w.strs(&self.labels).u32(u32::from(self.root));
        self.act.write(&mut w);
        self.lab.write(&mut w);
        self.shortcuts.write(&mut w);
        w
    }

    pub fn save(&self, path: &Path) -> Result<(), ModelError> {
        self.writer().save(path)
    }

    /// The dependency labels the parser can produce; `parse_ids` returns indices into this.
    pub fn labels(&self) -> &[String] {
        &self.labels
    }

    /// Like [`Parser::parse`], with labels as indices into [`Parser::labels`].
    pub fn parse_ids(&self, words: &[&str], upos: &[&str], xpos: &[&str]) -> Vec<(usize, u16)> {
        let enc = Enc::new(
            words,
            |i| upos.get(i).copied().unwrap_or(""),
            |i| xpos.get(i).copied().unwrap_or(""),
            &self.codes,
        );
        let (nlabels, root) = (self.labels.len(), self.root);
        let (tab, hashed) = (self.dense.as_ref().filter(|_| enc.coded), Hashed(&self.fast, &self.lab));
        let st = match (tab, self.beam.filter(|b| b.width > 1)) {
            (Some(dense), None) => {
                decode(&enc, &Tabulated { dense, act: &self.fast, lab: &self.lab }, &self.shortcuts, nlabels, root)
            }
            (None, None) => decode(&enc, &hashed, &self.shortcuts, nlabels, root),
            (Some(dense), Some(beam)) => decode_beam(
                &enc,
                &Tabulated { dense, act: &self.fast, lab: &self.lab },
                &self.shortcuts,
                nlabels,
                root,
                &beam,
            ),
            (None, Some(beam)) => decode_beam(&enc, &hashed, &self.shortcuts, nlabels, root, &beam),
        };
        heads_of(&st, enc.n)
    }

    /// Parses one tokenised, tagged sentence. Returns `(head, deprel)` per word; heads are
    /// 1-based, 0 is the root, and the result is always a tree with exactly one root.
    pub fn parse(&self, words: &[&str], upos: &[&str], xpos: &[&str]) -> Vec<(usize, String)> {
        self.parse_ids(words, upos, xpos).into_iter().map(|(h, l)| (h, self.labels[l as usize].clone())).collect()
    }

    /// Parses a CoNLL-U sentence with its own tags.
    pub fn parse_sentence(&self, s: &conllu::Sentence) -> Vec<(usize, String)> {
        let (words, upos, xpos) = s.columns();
        self.parse(&words, &upos, &xpos)
    }

    /// Trains on `train`, printing dev scores per epoch to stderr when `opts.verbose`.
    pub fn train(train: &[conllu::Sentence], dev: &[conllu::Sentence], opts: &ParserTrainOptions) -> Parser {
        train_parser(train, dev, opts)
    }
}

// ---------------------------------------------------------------------------------------------
// Training

/// Lifts non-projective arcs (to the head's head) until the tree is projective. `heads` are
/// 0-based-root, 1-based words, index 0 unused.
fn projectivize(heads: &mut [usize]) {
    let n = heads.len() - 1;
    let is_ancestor = |heads: &[usize], a: usize, mut k: usize| {
        let mut steps = 0;
        while k != 0 && steps <= n {
            if k == a {
                return true;
            }
            k = heads[k];
            steps += 1;
        }
        a == 0
    };
    for _ in 0..n * 2 {
        let mut worst: Option<(usize, usize)> = None;
        for d in 1..=n {
            let h = heads[d];
            let (lo, hi) = if h < d { (h, d) } else { (d, h) };
            let nonproj = (lo + 1..hi).any(|k| !is_ancestor(heads, h, k));
            if nonproj && worst.is_none_or(|(_, len)| hi - lo < len) {
                worst = Some((d, hi - lo));
            }
        }
        match worst {
            Some((d, _)) => heads[d] = heads[heads[d]],
            None => return,
        }
    }
}

/// A (UPOS, XPOS) pair, hashed.
type TagPair = (u64, u64);
/// Tag pairs with counts.
type Counts = Vec<(TagPair, u32)>;

/// Plausible tag confusions learnt from the training data.
struct Noise {
    /// Per normalised word form: the (upos, xpos) pairs it takes, with counts.
    by_word: HashMap<u64, Counts>,
    /// Per (upos, xpos): pairs that ambiguous words with this pair also take.
    by_tag: HashMap<TagPair, Counts>,
}

fn add_count(v: &mut Vec<((u64, u64), u32)>, p: (u64, u64), c: u32) {
    match v.iter_mut().find(|(q, _)| *q == p) {
        Some((_, n)) => *n += c,
        None => v.push((p, c)),
    }
}

impl Noise {
    fn new(train: &[(conllu::Sentence, Enc)]) -> Noise {
        let mut by_word: HashMap<u64, Counts> = HashMap::new();
        for (_, e) in train {
            for i in 1..=e.n {
                add_count(by_word.entry(e.w[i]).or_default(), (e.u[i].h, e.x[i].h), 1);
            }
        }
        let mut by_tag: HashMap<TagPair, Counts> = HashMap::new();
        let mut words: Vec<_> = by_word.iter().collect();
        words.sort_unstable_by_key(|(k, _)| **k);
        for (_, pairs) in words {
            for &(p, _) in pairs.iter() {
                for &(q, c) in pairs.iter() {
                    if p != q {
                        add_count(by_tag.entry(p).or_default(), q, c);
                    }
                }
            }
        }
        Noise { by_word, by_tag }
    }

    fn pick(rng: &mut Rng, opts: &[((u64, u64), u32)], not: (u64, u64)) -> Option<(u64, u64)> {
        let total: u64 = opts.iter().filter(|(p, _)| *p != not).map(|(_, c)| u64::from(*c)).sum();
        if total == 0 {
            return None;
        }
        let mut r = rng.next() % total;
        for &(p, c) in opts.iter().filter(|(p, _)| *p != not) {
            if r < u64::from(c) {
                return Some(p);
            }
            r -= u64::from(c);
        }
        None
    }

    /// A copy of `e` with about `rate` of the words given another plausible tag pair.
    fn apply(&self, e: &Enc, rate: f64, rng: &mut Rng) -> Enc {
        let mut out = Enc { n: e.n, w: e.w.clone(), sf: e.sf.clone(), u: e.u.clone(), x: e.x.clone(), coded: false };
        for i in 1..=e.n {
            if rng.unit() >= rate {
                continue;
            }
            let gold = (e.u[i].h, e.x[i].h);
            let alt = self
                .by_word
                .get(&e.w[i])
                .and_then(|v| Noise::pick(rng, v, gold))
                .or_else(|| self.by_tag.get(&gold).and_then(|v| Noise::pick(rng, v, gold)));
            if let Some((u, x)) = alt {
                out.u[i] = UTag { h: u, c: NO_CODE };
                out.x[i] = XTag { h: x, c: NO_CODE };
            }
        }
        out
    }
}

fn costs(st: &State, gold: &[usize]) -> [usize; NACT] {
    let root = st.root();
    let s0 = st.s(0);
    let s1 = st.s(1);
    let b0 = st.b;
    let mut c = [0usize; NACT];
    if s0 != 0 {
        let deps_in_buffer = (b0..=st.n).filter(|&d| gold[d] == s0).count();
        let g = gold[s0];
        c[LEFT] = deps_in_buffer + usize::from((s1 != 0 && g == s1) || g > b0);
        c[RIGHT] = deps_in_buffer + usize::from(g >= b0);
    }
    if b0 < root {
        let g = gold[b0];
        let l = st.stack.len();
        let mut k = 0;
        for (j, &d) in st.stack.iter().enumerate() {
            let d = d as usize;
            if gold[d] == b0 {
                k += 1;
            }
            if j + 1 < l && g == d {
                k += 1;
            }
        }
        c[SHIFT] = k;
    }
    c
}

/// Training sentences encoded, with their projectivised gold heads (root = n + 1) and labels.
type Golds = Vec<(Vec<usize>, Vec<u16>)>;
fn training_data(
    train: &[conllu::Sentence],
    label_id: &HashMap<&str, u16>,
    root: u16,
) -> (Vec<(conllu::Sentence, Enc)>, Golds) {
    let data: Vec<(conllu::Sentence, Enc)> = train
        .iter()
        .filter(|s| !s.words.is_empty() && s.words.iter().all(|w| w.head <= s.words.len()))
        .map(|s| (s.clone(), Enc::from_sentence(s)))
        .collect();
    let golds: Golds = data
        .iter()
        .map(|(s, _)| {
            let n = s.words.len();
            let mut heads = vec![0usize; n + 1];
            for (i, w) in s.words.iter().enumerate() {
                heads[i + 1] = w.head;
            }
            projectivize(&mut heads);
            let mut g = vec![0usize; n + 2];
            let mut l = vec![0u16; n + 2];
            for i in 1..=n {
                g[i] = if heads[i] == 0 { n + 1 } else { heads[i] };
                l[i] = label_id.get(s.words[i - 1].deprel.as_str()).copied().unwrap_or(root);
            }
            (g, l)
        })
        .collect();
    (data, golds)
}

fn train_parser(train: &[conllu::Sentence], dev: &[conllu::Sentence], opts: &ParserTrainOptions) -> Parser {
    // Label inventory, in a fixed order.
    let mut labels: Vec<String> = train.iter().flat_map(|s| s.words.iter().map(|w| w.deprel.clone())).collect();
    labels.push("root".to_string());
    labels.sort();
    labels.dedup();
    let root = labels.iter().position(|l| l == "root").unwrap_or(0) as u16;
    let label_id: HashMap<&str, u16> = labels.iter().enumerate().map(|(i, l)| (l.as_str(), i as u16)).collect();

    // Encoded training data with projectivised gold trees (root = n+1).
    let (data, golds) = training_data(train, &label_id, root);
    let noise = Noise::new(&data);
    let job = Job { data: &data, golds: &golds, noise: &noise, labels: &labels, root, dev, opts };

    // An ensemble of perceptrons trained on different shuffles is one linear model with the
    // summed weights; members train on their own threads, each deterministic.
    let members = opts.ensemble.max(1);
    let trained: Vec<(TrainModel, TrainModel)> = if members == 1 {
        vec![train_member(&job, opts.seed, 0)]
    } else {
        std::thread::scope(|scope| {
            let handles: Vec<_> = (0..members)
                .map(|m| {
                    let job = &job;
                    scope.spawn(move || train_member(job, opts.seed.wrapping_add(m as u64 * 1000), m))
                })
                .collect();
            handles.into_iter().map(|h| h.join().expect("parser training thread")).collect()
        })
    };
    let acts: Vec<&TrainModel> = trained.iter().map(|(a, _)| a).collect();
    let labs: Vec<&TrainModel> = trained.iter().map(|(_, l)| l).collect();
    let shortcuts = Shortcuts::learn(&data, &golds, opts.shortcut_count, opts.shortcut_share);
    Parser::assemble(
        labels.clone(),
        root,
        ensemble_table(&acts, opts.prune),
        ensemble_table(&labs, opts.prune_labels),
        shortcuts,
    )
}

/// What every ensemble member trains on.
struct Job<'a> {
    data: &'a [(conllu::Sentence, Enc)],
    golds: &'a [(Vec<usize>, Vec<u16>)],
    noise: &'a Noise,
    labels: &'a [String],
    root: u16,
    dev: &'a [conllu::Sentence],
    opts: &'a ParserTrainOptions,
}

/// Quantises the summed averaged weights of `models` (same class count) to i16 (scaled so the
/// largest is ±32767), dropping weights of magnitude ≤ `prune` and rows left empty.
fn ensemble_table(models: &[&TrainModel], prune: i16) -> Table {
    let nc = models[0].nclass;
    let mut sum: IdMap<Vec<f64>> = IdMap::default();
    for m in models {
        for (&k, &r) in &m.index {
            let row = sum.entry(k).or_insert_with(|| vec![0.0; nc]);
            for (c, v) in row.iter_mut().enumerate() {
                *v += m.avg(r as usize * nc + c);
            }
        }
    }
    let mut rows: Vec<(u32, Vec<f64>)> = sum.into_iter().collect();
    rows.sort_unstable_by_key(|(k, _)| *k);
    let max = rows.iter().flat_map(|(_, r)| r.iter()).fold(0f64, |m, v| m.max(v.abs()));
    let scale = if max > 0.0 { 32767.0 / max } else { 1.0 };
    let keys: Vec<u32> = rows.iter().map(|(k, _)| *k).collect();
    let weights: Vec<i16> =
        rows.iter().flat_map(|(_, r)| r.iter().map(|v| (v * scale).round().clamp(-32767.0, 32767.0) as i16)).collect();
    Table::from_dense(nc, (1.0 / scale) as f32, &keys, &weights, prune)
}

fn train_member(job: &Job, seed: u64, member: usize) -> (TrainModel, TrainModel) {
    let Job { data, golds, noise, labels, root, dev, opts } = *job;
    let mut act = TrainModel::new(NACT);
    let mut lab = TrainModel::new(labels.len());
    let mut rng = Rng(seed);
    let mut order: Vec<usize> = (0..data.len()).collect();
    let mut fbuf: FeatBuf = [0; MAX_FEATS];
    let mut lscores = vec![0f32; labels.len()];
    for epoch in 0..opts.epochs {
        for i in (1..order.len()).rev() {
            let j = rng.below(i + 1);
            order.swap(i, j);
        }
        let explore = epoch >= opts.explore_from;
        let (mut correct, mut total) = (0usize, 0usize);
        for &si in &order {
            let enc = if opts.tag_noise > 0.0 {
                noise.apply(&data[si].1, opts.tag_noise, &mut rng)
            } else {
                Enc {
                    n: data[si].1.n,
                    w: data[si].1.w.clone(),
                    sf: data[si].1.sf.clone(),
                    u: data[si].1.u.clone(),
                    x: data[si].1.x.clone(),
                    coded: false,
                }
            };
            let (gold, glab) = &golds[si];
            let mut st = State::new(enc.n);
            while !st.terminal() {
                let nf = action_features(&st, &enc, &mut fbuf);
                let feats = &fbuf[..nf];
                let mut scores = [0f32; NACT];
                act.score(feats, &mut scores);
                let valid = st.valid();
                let pred = best_action(&scores, &valid);
                let cost = costs(&st, gold);
                let min = (0..NACT).filter(|&a| valid[a]).map(|a| cost[a]).min().unwrap_or(0);
                let mut best = usize::MAX;
                for a in 0..NACT {
                    if valid[a] && cost[a] == min && (best == usize::MAX || scores[a] > scores[best]) {
                        best = a;
                    }
                }
                if cost[pred] > min {
                    act.update(feats, best, 1);
                    act.update(feats, pred, -1);
                }
                act.tick();
                let next = if explore && cost[pred] > min && rng.unit() < opts.explore_p { pred } else { best };
                let mut label = 0;
                if next != SHIFT {
                    let (h, d) = st.arc(next);
                    if h == st.root() {
                        label = root;
                    } else {
                        let nf = label_features(&st, &enc, h, d, &mut fbuf);
                        let feats = &fbuf[..nf];
                        lscores.iter_mut().for_each(|s| *s = 0.0);
                        lab.score(feats, &mut lscores);
                        label = best_label(&lscores, root);
                        if gold[d] == h {
                            let g = glab[d];
                            total += 1;
                            if label == g {
                                correct += 1;
                            } else if g != root {
                                lab.update(feats, g as usize, 1);
                                lab.update(feats, label as usize, -1);
                            }
                            lab.tick();
                        }
                    }
                }
                st.apply(next, label);
            }
        }
        if opts.verbose && member == 0 {
            let s = evaluate(dev, &act.averaged(), &lab.averaged(), &Shortcuts::default(), labels, root, None);
            eprintln!(
                "epoch {:2}: train label acc {:.4}; dev UAS {:.4} LAS {:.4} LAS(univ) {:.4}; {} + {} features",
                epoch + 1,
                correct as f64 / total.max(1) as f64,
                s.uas,
                s.las,
                s.las_universal,
                act.index.len(),
                lab.index.len()
            );
        }
    }
    (act, lab)
}

fn evaluate<A: Scorer, L: Scorer>(
    dev: &[conllu::Sentence],
    act: &A,
    lab: &L,
    short: &Shortcuts,
    labels: &[String],
    root: u16,
    noise: Option<(&Noise, f64, u64)>,
) -> AttachmentScores {
    let mut rng = Rng(noise.map_or(0, |n| n.2));
    let pred: Vec<Vec<(usize, String)>> = dev
        .iter()
        .map(|s| {
            let mut enc = Enc::from_sentence(s);
            if let Some((nz, rate, _)) = noise {
                enc = nz.apply(&enc, rate, &mut rng);
            }
            let st = decode(&enc, &Hashed(act, lab), short, labels.len(), root);
            (1..=enc.n)
                .map(|i| {
                    let h = st.head[i] as usize;
                    (if h == enc.n + 1 { 0 } else { h }, labels[st.lab[i].saturating_sub(1) as usize].clone())
                })
                .collect()
        })
        .collect();
    attachment_scores(dev, &pred)
}

/// Dev scores with tags corrupted at `rate` (same confusion model as training, learnt from
/// `train`, fixed `seed`), to estimate the cost of tagger errors.
pub fn noisy_tag_scores(
    parser: &Parser,
    train: &[conllu::Sentence],
    dev: &[conllu::Sentence],
    rate: f64,
    seed: u64,
) -> AttachmentScores {
    let data: Vec<(conllu::Sentence, Enc)> = train.iter().map(|s| (s.clone(), Enc::from_sentence(s))).collect();
    let noise = Noise::new(&data);
    evaluate(dev, &parser.fast, &parser.lab, &parser.shortcuts, &parser.labels, parser.root, Some((&noise, rate, seed)))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOY: &str = "\
1\tThe\tthe\tDET\tDT\t_\t2\tdet\t_\t_
2\tdog\tdog\tNOUN\tNN\t_\t3\tnsubj\t_\t_
3\tbarked\tbark\tVERB\tVBD\t_\t0\troot\t_\t_
4\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_

1\tA\ta\tDET\tDT\t_\t2\tdet\t_\t_
2\tcat\tcat\tNOUN\tNN\t_\t3\tnsubj\t_\t_
3\tsaw\tsee\tVERB\tVBD\t_\t0\troot\t_\t_
4\tthe\tthe\tDET\tDT\t_\t5\tdet\t_\t_
5\tdog\tdog\tNOUN\tNN\t_\t3\tobj\t_\t_
6\tin\tin\tADP\tIN\t_\t8\tcase\t_\t_
7\tthe\tthe\tDET\tDT\t_\t8\tdet\t_\t_
8\tpark\tpark\tNOUN\tNN\t_\t3\tobl\t_\t_
9\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_

1\tShe\tshe\tPRON\tPRP\t_\t2\tnsubj\t_\t_
2\tgave\tgive\tVERB\tVBD\t_\t0\troot\t_\t_
3\thim\the\tPRON\tPRP\t_\t2\tiobj\t_\t_
4\ta\ta\tDET\tDT\t_\t6\tdet\t_\t_
5\tred\tred\tADJ\tJJ\t_\t6\tamod\t_\t_
6\tbook\tbook\tNOUN\tNN\t_\t2\tobj\t_\t_
7\tand\tand\tCCONJ\tCC\t_\t8\tcc\t_\t_
8\tleft\tleave\tVERB\tVBD\t_\t2\tconj\t_\t_
9\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_

1\tBirds\tbird\tNOUN\tNNS\t_\t2\tnsubj\t_\t_
2\tsing\tsing\tVERB\tVBP\t_\t0\troot\t_\t_
3\tloudly\tloudly\tADV\tRB\t_\t2\tadvmod\t_\t_

";

    fn toy() -> Vec<conllu::Sentence> {
        conllu::parse(TOY, "toy").unwrap()
    }

    fn toy_parser() -> Parser {
        let opts = ParserTrainOptions {
            epochs: 15,
            tag_noise: 0.0,
            prune: 0,
            prune_labels: 0,
            verbose: false,
            ..Default::default()
        };
        Parser::train(&toy(), &[], &opts)
    }

    fn assert_tree(p: &[(usize, String)], n: usize) {
        assert_eq!(p.len(), n);
        assert_eq!(p.iter().filter(|(h, _)| *h == 0).count(), if n == 0 { 0 } else { 1 });
        for (i, (h, l)) in p.iter().enumerate() {
            assert!(*h <= n);
            assert_eq!(*h == 0, l == "root", "word {i}: head {h} label {l}");
            let mut k = i + 1;
            let mut steps = 0;
            while k != 0 {
                k = p[k - 1].0;
                steps += 1;
                assert!(steps <= n, "cycle");
            }
        }
    }

    #[test]
    fn learns_a_toy_treebank() {
        let sents = toy();
        let parser = toy_parser();
        let pred: Vec<_> = sents.iter().map(|s| parser.parse_sentence(s)).collect();
        let scores = attachment_scores(&sents, &pred);
        assert_eq!(scores.words, 25);
        assert!(scores.las >= 0.99, "{scores:?}");
        for (s, p) in sents.iter().zip(&pred) {
            assert_tree(p, s.words.len());
        }
    }

    /// A plain beam written without the shortcuts of [`decode_beam`] (no greedy stretches, no
    /// shared states, no margin): every parse follows every valid move, the `width` best paths
    /// by summed log-probability are kept.
    fn plain_beam<M: Model>(enc: &Enc, model: &M, p: &Parser, width: usize, temp: f64) -> State {
        let mut buf = model.buf(enc.n);
        let mut lscores = vec![0f32; p.labels.len()];
        let mut beam = vec![(0.0f64, State::new(enc.n))];
        while !beam[0].1.terminal() {
            let mut cands = Vec::new();
            for (i, (score, st)) in beam.iter().enumerate() {
                let valid = st.valid();
                if valid.iter().filter(|&&v| v).count() == 1 {
                    cands.push((*score, i, valid.iter().position(|&v| v).unwrap()));
                    continue;
                }
                let s = model.beam_actions(&mut buf, st, enc);
                let top = (0..NACT).filter(|&a| valid[a]).map(|a| f64::from(s[a])).fold(f64::MIN, f64::max);
                let z: f64 = (0..NACT).filter(|&a| valid[a]).map(|a| ((f64::from(s[a]) - top) / temp).exp()).sum();
                for a in (0..NACT).filter(|&a| valid[a]) {
                    cands.push((score + (f64::from(s[a]) - top) / temp - z.ln(), i, a));
                }
            }
            cands.sort_by(|x, y| y.0.total_cmp(&x.0));
            cands.truncate(width);
            beam = cands
                .iter()
                .map(|&(score, i, a)| {
                    let parent = &beam[i].1;
                    let label = if a == SHIFT {
                        0
                    } else {
                        arc_label(model, &mut buf, &mut lscores, &p.shortcuts, enc, parent, a, p.root)
                    };
                    let mut st = State::new(enc.n);
                    st.copy_from(parent);
                    st.apply(a, label);
                    (score, st)
                })
                .collect();
        }
        beam.swap_remove(0).1
    }

    /// The beam wide open is the plain beam; with zero margin it is greedy; in between it still
    /// makes a tree of every word.
    fn check_beam<M: Model>(p: &Parser, model: &M, enc: &Enc) {
        let (short, nl, root) = (&p.shortcuts, p.labels.len(), p.root);
        let parse = |st: State| (st.head, st.lab);
        let greedy = parse(decode(enc, model, short, nl, root));
        for width in [1, 2, 3, 4, 8] {
            for temperature in [0.5, 1.0, 300.0] {
                let plain = parse(plain_beam(enc, model, p, width, temperature));
                let open = Beam { width, temperature, margin: f64::INFINITY, prune: f64::INFINITY };
                assert_eq!(parse(decode_beam(enc, model, short, nl, root, &open)), plain);
                for prune in [f64::INFINITY, 1.0, 0.0] {
                    let shut = Beam { width, temperature, margin: 0.0, prune };
                    assert_eq!(parse(decode_beam(enc, model, short, nl, root, &shut)), greedy);
                }
                let some = Beam { width, temperature, margin: 1.0, prune: 3.0 };
                let st = decode_beam(enc, model, short, nl, root, &some);
                assert!(st.terminal() && (1..=enc.n).all(|i| st.head[i] != 0));
            }
        }
    }

    #[test]
    fn the_beam_open_is_the_plain_beam_and_shut_is_greedy() {
        // Fewer epochs than the toy parser's, so that its scores leave some doubt.
        let opts = ParserTrainOptions {
            epochs: 2,
            tag_noise: 0.0,
            prune: 0,
            prune_labels: 0,
            verbose: false,
            ..Default::default()
        };
        let mut p = Parser::train(&toy(), &[], &opts);
        let sents = toy();
        let upos: Vec<&str> = sents.iter().flat_map(|s| s.words.iter().map(|w| w.upos.as_str())).collect();
        let xpos: Vec<&str> = sents.iter().flat_map(|s| s.words.iter().map(|w| w.xpos.as_str())).collect();
        p.set_tag_sets(&upos, &xpos);
        // Each sentence, and all of them run together (more decisions to branch at).
        let forms: Vec<&str> = sents.iter().flat_map(|s| s.words.iter().map(|w| w.form.as_str())).collect();
        let mut inputs: Vec<_> = sents.iter().map(|s| s.columns()).collect();
        inputs.push((forms, upos.clone(), xpos.clone()));
        for (words, upos, xpos) in &inputs {
            let enc = Enc::new(words, |i| upos[i], |i| xpos[i], &p.codes);
            check_beam(&p, &Hashed(&p.fast, &p.lab), &enc);
            let dense = p.dense.as_ref().expect("tabulated");
            assert!(enc.coded);
            check_beam(&p, &Tabulated { dense, act: &p.fast, lab: &p.lab }, &enc);
        }
        // Through the public API: no beam or a width of one is greedy; wider beams give trees.
        let greedy: Vec<_> = sents.iter().map(|s| p.parse_sentence(s)).collect();
        p.set_beam(Some(Beam { width: 1, ..Beam::default() }));
        assert_eq!(sents.iter().map(|s| p.parse_sentence(s)).collect::<Vec<_>>(), greedy);
        for width in [2, 8] {
            p.set_beam(Some(Beam { width, ..Beam::default() }));
            for s in &sents {
                assert_tree(&p.parse_sentence(s), s.words.len());
            }
        }
    }

    #[test]
    fn ensembles_are_deterministic_trees() {
        let sents = toy();
        let opts = ParserTrainOptions { epochs: 10, ensemble: 3, verbose: false, ..Default::default() };
        let a = Parser::train(&sents, &[], &opts);
        let b = Parser::train(&sents, &[], &opts);
        assert_eq!(a.to_bytes(), b.to_bytes());
        for s in &sents {
            assert_tree(&a.parse_sentence(s), s.words.len());
        }
    }

    #[test]
    fn save_load_round_trip() {
        let sents = toy();
        let parser = toy_parser();
        let dir = std::env::temp_dir().join(format!("herald-parser-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("p.hmod");
        parser.save(&path).unwrap();
        let again = Parser::load(&path).unwrap();
        for s in &sents {
            assert_eq!(parser.parse_sentence(s), again.parse_sentence(s));
        }
        assert_eq!(parser.to_bytes(), again.to_bytes());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn label_shortcuts_are_learnt_saved_and_used() {
        let sents = toy();
        let opts = ParserTrainOptions {
            epochs: 15,
            tag_noise: 0.0,
            prune: 0,
            prune_labels: 0,
            shortcut_count: 2,
            shortcut_share: 0.99,
            verbose: false,
            ..Default::default()
        };
        let parser = Parser::train(&sents, &[], &opts);
        // DT → NN right before it (det, 4 times) and . → VBD three or more words on (punct, twice)
        // qualify; NN → VBD three or more words on (obj once, obl once) and . → VBD right after
        // it (once) do not.
        let (data, golds) = {
            let label_id: HashMap<&str, u16> =
                parser.labels.iter().enumerate().map(|(i, l)| (l.as_str(), i as u16)).collect();
            training_data(&sents, &label_id, parser.root)
        };
        let (e0, e1) = (&data[0].1, &data[1].1);
        let det = parser.labels.iter().position(|l| l == "det").unwrap() as u16;
        let punct = parser.labels.iter().position(|l| l == "punct").unwrap() as u16;
        assert_eq!(golds[0].1[1], det);
        assert_eq!(parser.shortcuts.get(arc_context(e0, 2, 1)), Some(det));
        assert_eq!(parser.shortcuts.get(arc_context(e1, 3, 9)), Some(punct));
        assert_eq!(parser.shortcuts.get(arc_context(e1, 3, 8)), None);
        assert_eq!(parser.shortcuts.get(arc_context(e0, 3, 4)), None);
        // Saved and read back; the parses are the same.
        let again = Parser::from_bytes(&parser.to_bytes()).unwrap();
        assert_eq!(again.shortcuts.keys, parser.shortcuts.keys);
        assert_eq!(again.to_bytes(), parser.to_bytes());
        for s in &sents {
            assert_eq!(parser.parse_sentence(s), again.parse_sentence(s));
            assert_tree(&again.parse_sentence(s), s.words.len());
        }
        // A file of the previous version (no shortcuts) still loads, and scores every label.
        let mut w = Writer::new(MAGIC, VERSION_NO_SHORTCUTS);
        w.strs(&parser.labels).u32(u32::from(parser.root));
        parser.act.write(&mut w);
        parser.lab.write(&mut w);
        let old = Parser::from_bytes(&w.finish()).unwrap();
        assert!(old.shortcuts.keys.is_empty());
        for s in &sents {
            assert_tree(&old.parse_sentence(s), s.words.len());
        }
        // Other versions are refused.
        assert!(matches!(
            Parser::from_bytes(&Writer::new(MAGIC, 1).finish()),
            Err(ModelError::Version { found: 1, .. })
        ));
    }

    #[test]
    fn corrupt_models_are_errors() {
        let bytes = toy_parser().to_bytes();
        assert!(Parser::from_bytes(b"not a model").is_err());
        assert!(Parser::from_bytes(&bytes[..bytes.len() / 2]).is_err());
        let mut raw = Vec::new();
        std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&bytes[..]), &mut raw).unwrap();
        for cut in [10, 13, 40, raw.len() / 2, raw.len() - 1] {
            let mut w = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            std::io::Write::write_all(&mut w, &raw[..cut]).unwrap();
            assert!(Parser::from_bytes(&w.finish().unwrap()).is_err(), "cut at {cut}");
        }
        // Flipped bytes: an error or a working parser, never a panic.
        for i in (12..raw.len()).step_by(7) {
            let mut bad = raw.clone();
            bad[i] ^= 0x5a;
            let mut w = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            std::io::Write::write_all(&mut w, &bad).unwrap();
            if let Ok(p) = Parser::from_bytes(&w.finish().unwrap()) {
                let out = p.parse(&["a", "b", "c"], &["DET", "NOUN", "VERB"], &["DT", "NN", "VBD"]);
                assert_tree(&out, 3);
            }
        }
    }

    #[test]
    fn the_parsing_table_scores_like_the_stored_one() {
        let parser = toy_parser();
        let keys = parser.act.keys.clone();
        assert!(keys.len() > 100, "{}", keys.len());
        let score = |t: &dyn Scorer, feats: &[u32]| {
            let mut out = [0f32; NACT];
            t.score(feats, &mut out);
            out
        };
        for &k in &keys {
            assert_eq!(score(&parser.fast, &[k]), score(&parser.act, &[k]), "key {k}");
        }
        // Many features at once (more than one chunk), stored and absent mixed.
        let stored: std::collections::HashSet<u32> = keys.iter().copied().collect();
        let mixed: Vec<u32> = keys.iter().flat_map(|&k| [k, k ^ 0x5bd1_e995]).collect();
        let absent: Vec<u32> = mixed.iter().copied().filter(|k| !stored.contains(k) && *k != 0).collect();
        assert!(!absent.is_empty());
        let (a, b) = (score(&parser.fast, &mixed), score(&parser.act, &mixed));
        for c in 0..NACT {
            assert!((a[c] - b[c]).abs() <= 1e-3 * b[c].abs().max(1.0), "{a:?} {b:?}");
        }
        assert_eq!(score(&parser.fast, &absent), [0.0; NACT]);
    }

    #[test]
    fn dense_label_rows_score_like_the_entries() {
        let nclass = 51usize;
        let mut rng = Rng(5);
        let rows: Vec<(u32, Vec<(u16, i16)>)> = (1..=400u32)
            .map(|k| {
                let len = k as usize % (nclass + 3);
                let mut row: Vec<(u16, i16)> =
                    (0..len).map(|_| (rng.below(nclass) as u16, rng.below(20001) as i16 - 10000)).collect();
                row.sort_unstable_by_key(|e| e.0);
                row.dedup_by_key(|e| e.0);
                (k.wrapping_mul(0x9e37_79b9) | 1, row)
            })
            .collect();
        let mut rows = rows;
        rows.sort_unstable_by_key(|r| r.0);
        rows.dedup_by_key(|r| r.0);
        let table = Table::from_rows(nclass, 0.5, rows.clone());
        assert!(!table.dense.is_empty());
        let feats: Vec<u32> = rows.iter().flat_map(|r| [r.0, r.0 ^ 0x5bd1_e995]).collect();
        let mut got = vec![0f32; nclass];
        table.score(&feats, &mut got);
        let mut want = vec![0i64; nclass];
        for (_, row) in &rows {
            for &(c, v) in row {
                want[c as usize] += i64::from(v);
            }
        }
        let want: Vec<f32> = want.iter().map(|&v| v as f32 * 0.5).collect();
        assert_eq!(got, want);
    }

    /// Scores both ways (tabulated and hashed) at every state of the hashed parse of each
    /// sentence: transitions, and labels of every arc a transition could make.
    fn assert_tabulated_scores_agree(parser: &Parser, sentences: &[(Vec<&str>, Vec<&str>, Vec<&str>)]) -> usize {
        let dense = parser.dense.as_ref().expect("tables");
        let (hashed, tabulated) =
            (Hashed(&parser.fast, &parser.lab), Tabulated { dense, act: &parser.fast, lab: &parser.lab });
        let mut states = 0;
        for (words, upos, xpos) in sentences {
            let enc = Enc::new(words, |i| upos[i], |i| xpos[i], &parser.codes);
            assert!(enc.coded, "{words:?}");
            // Buffers are per sentence (the role sums are cached per word of the sentence).
            let (mut hb, mut tb) = (hashed.buf(enc.n), tabulated.buf(enc.n));
            let mut st = State::new(enc.n);
            while !st.terminal() {
                let scores = hashed.actions(&mut hb, &st, &enc);
                assert_eq!(tabulated.actions(&mut tb, &st, &enc), scores);
                let valid = st.valid();
                for a in [LEFT, RIGHT] {
                    if valid[a] {
                        let (h, d) = st.arc(a);
                        let mut want = vec![0f32; parser.labels.len()];
                        let mut got = want.clone();
                        hashed.labels(&mut hb, &st, &enc, h, d, &mut want);
                        tabulated.labels(&mut tb, &st, &enc, h, d, &mut got);
                        assert_eq!(got, want);
                    }
                }
                let a = best_action(&scores, &valid);
                st.apply(a, if a == SHIFT { 0 } else { (states % parser.labels.len()) as u16 });
                states += 1;
            }
        }
        states
    }

    #[test]
    fn tabulated_templates_score_like_the_hashed_ones() {
        // The committed models: the tagger's tags, the parser tabulated for its tag sets.
        let models = crate::reading::Models::embedded().unwrap();
        let parser = &models.parser;
        let dense = parser.dense.as_ref().expect("tables");
        assert!(!dense.act.is_empty() && !dense.labels.is_empty() && dense.label_bases.is_some());
        let text = "The committee, which met on Tuesday in Geneva, said that 3 of its 12 members had \
            resigned.|Did you really think she'd give it back to them?|Prices rose 4.5% in March, \
            the fastest pace since 2008 (officials say).|Run!|Although the storm had passed, \
            thousands of homes near the coast were still without power late on Sunday night, \
            and the roads that lead inland remained closed to all but emergency vehicles.";
        let owned: Vec<(Vec<&str>, Vec<&'static str>, Vec<&'static str>)> = text
            .split('|')
            .map(|s| {
                let words: Vec<&str> = s.split_whitespace().collect();
                let tags = models.tagger.tag(&words);
                (words, tags.iter().map(|t| t.upos).collect(), tags.iter().map(|t| t.xpos).collect())
            })
            .collect();
        assert!(assert_tabulated_scores_agree(parser, &owned) > 100);
        // And the toy treebank's sentences with its gold tags (a tag set of its own).
        let mut small = toy_parser();
        let sentences = toy();
        let upos: Vec<&str> = sentences.iter().flat_map(|s| s.words.iter().map(|w| w.upos.as_str())).collect();
        let xpos: Vec<&str> = sentences.iter().flat_map(|s| s.words.iter().map(|w| w.xpos.as_str())).collect();
        small.set_tag_sets(&upos, &xpos);
        let gold: Vec<(Vec<&str>, Vec<&str>, Vec<&str>)> = sentences.iter().map(conllu::Sentence::columns).collect();
        assert!(assert_tabulated_scores_agree(&small, &gold) > 10);
    }

    #[test]
    fn tables_are_laid_out_in_mixed_radix_order() {
        let models = crate::reading::Models::embedded().unwrap();
        let codes = &models.parser.codes;
        let radix = models.parser.dense.as_ref().expect("tables").radix;
        assert_eq!((radix.u, radix.x, radix.l), (codes.u.len(), codes.x.len(), models.parser.labels.len() + 1));
        // Small integers take the bits of their bound (which decide what is tabulated).
        assert_eq!((Int::<2>::BITS, Int::<5>::BITS, Int::<10>::BITS, Int::<256>::BITS), (1, 3, 4, 8));
        let xt = |c: usize| XTag { h: codes.x[c], c: c as u8 };
        let ut = |c: usize| UTag { h: codes.u[c], c: c as u8 };
        // Every tuple's key lands at the tuple's index, and indices count up from 0.
        fn check<V: Vals>(radix: &Radix, codes: &TagCodes, tuples: impl Iterator<Item = V>) {
            let kinds = V::kinds();
            let sizes = domain(&kinds, radix).expect("small domain");
            let mut keys = vec![0u32; sizes.iter().product()];
            let mut next = 0;
            tabulate(77, &kinds, &sizes, codes, |i, k| {
                assert_eq!(i, next);
                next += 1;
                keys[i] = k;
            });
            assert_eq!(next, keys.len());
            let mut seen = 0;
            for v in tuples {
                assert_eq!(keys[v.index(radix)], v.key(77));
                seen += 1;
            }
            assert_eq!(seen, keys.len());
        }
        check(
            &radix,
            codes,
            (0..radix.x)
                .flat_map(|a| (0..radix.u).flat_map(move |b| (0..10).map(move |c| (xt(a), ut(b), Int::<10>(c))))),
        );
        check(
            &radix,
            codes,
            (0..radix.l)
                .flat_map(|a| (0..radix.x).flat_map(move |b| (0..2).map(move |c| (Lab(a as u16), xt(b), Int::<2>(c))))),
        );
    }

    #[test]
    fn sentences_with_unknown_tags_parse_as_without_tables() {
        let models = crate::reading::Models::embedded().unwrap();
        let plain = Parser::from_bytes(include_bytes!("../../../data/models/parser.hmod")).unwrap();
        assert!(plain.dense.is_none() && models.parser.dense.is_some());
        let words = ["Officials", "said", "the", "plan", "would", "fail", "."];
        let tags = models.tagger.tag(&words);
        let upos: Vec<&str> = tags.iter().map(|t| t.upos).collect();
        let mut xpos: Vec<&str> = tags.iter().map(|t| t.xpos).collect();
        assert_eq!(models.parser.parse_ids(&words, &upos, &xpos), plain.parse_ids(&words, &upos, &xpos));
        xpos[3] = "NOT-A-TAG";
        let enc = Enc::new(&words, |i| upos[i], |i| xpos[i], &models.parser.codes);
        assert!(!enc.coded);
        assert_eq!(models.parser.parse_ids(&words, &upos, &xpos), plain.parse_ids(&words, &upos, &xpos));
    }

    #[test]
    fn projectivize_lifts_crossing_arcs() {
        // 1 <- 3, 2 <- 4 (crossing), 3 root, 4 <- 3.
        let mut h = vec![0, 3, 4, 0, 3];
        projectivize(&mut h);
        assert_eq!(h, vec![0, 3, 3, 0, 3]);
    }

    #[test]
    fn long_sentences_parse_in_linear_time() {
        let parser = toy_parser();
        let words: Vec<String> = (0..10_000).map(|i| format!("w{}", i % 97)).collect();
        let words: Vec<&str> = words.iter().map(String::as_str).collect();
        let tags = ["DET", "NOUN", "VERB", "ADP", "PUNCT"];
        let upos: Vec<&str> = (0..words.len()).map(|i| tags[i % 5]).collect();
        let start = std::time::Instant::now();
        let out = parser.parse(&words, &upos, &upos);
        assert_tree(&out, words.len());
        // 2n transitions of constant cost: well under a second even in a debug build.
        assert!(start.elapsed().as_secs_f64() < 5.0);
    }

    mod prop {
        use super::*;
        use proptest::prelude::*;
        use std::sync::OnceLock;

        fn parser() -> &'static Parser {
            static P: OnceLock<Parser> = OnceLock::new();
            P.get_or_init(toy_parser)
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(64))]
            #[test]
            fn always_a_single_rooted_tree(
                words in proptest::collection::vec(".{0,12}", 0..60),
                upos in proptest::collection::vec("(NOUN|VERB|DET|ADP|PUNCT|X|.{0,4})", 0..60),
                xpos in proptest::collection::vec("(NN|VBD|DT|IN|.{0,4})", 0..60),
            ) {
                let w: Vec<&str> = words.iter().map(String::as_str).collect();
                let u: Vec<&str> = upos.iter().map(String::as_str).collect();
                let x: Vec<&str> = xpos.iter().map(String::as_str).collect();
                let out = parser().parse(&w, &u, &x);
                assert_tree(&out, w.len());
            }

            #[test]
            fn long_inputs(n in 1500usize..2000, seed in 0u64..1000) {
                let mut rng = Rng(seed);
                let pool = ["the", "dog", "ran", "to", ".", "and", "Ω", ""];
                let tags = ["DET", "NOUN", "VERB", "ADP", "PUNCT", "CCONJ", "??", ""];
                let w: Vec<&str> = (0..n).map(|_| pool[rng.below(pool.len())]).collect();
                let u: Vec<&str> = (0..n).map(|_| tags[rng.below(tags.len())]).collect();
                let out = parser().parse(&w, &u, &[]);
                assert_tree(&out, n);
            }
        }

        #[test]
        fn tiny_inputs() {
            assert!(parser().parse(&[], &[], &[]).is_empty());
            let one = parser().parse(&["Hi"], &["INTJ"], &["UH"]);
            assert_eq!(one, vec![(0, "root".to_string())]);
        }
    }
}
