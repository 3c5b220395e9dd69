//! Which articles report the same thing. A reader of fifty outlets wants one entry per
//! real-world event, not fifty copies of a wire story and forty-nine rewrites of it; this crate
//! groups articles as they arrive, in two layers.
//!
//! **Near-duplicates** ([`dedup`]): a MinHash sketch of word 4-shingles, indexed in LSH bands.
//! A syndicated or lightly edited copy is attached to the first document of its group (the
//! canonical one) and counted; it joins that document's cluster without being scored again (its
//! vector does not weigh on the centroid), so ten thousand copies of one text cost ten thousand
//! look-ups and word counts and do not drag a cluster towards the wire text. Its words do count in
//! the document frequencies, as any document of the stream: whether a copy near the threshold
//! (shingle Jaccard ~0.7) is a duplicate is decided by an estimate from arbitrary hash functions,
//! and the idf must not depend on that (see *How much is noise* below).
//!
//! **Event clusters** ([`Stories::add`]): online, single pass, one decision per article. An
//! article's text becomes a TF-IDF vector over its content words (stemmed by a light suffix
//! stripper, so "sanctions"/"sanctioned" and "raise"/"raising" meet; the title's words count
//! twice; weight `(1 + ln tf) · idf^p` with `p` = [`Config::idf_power`]; the document frequencies
//! are kept incrementally, so the idf of a word is what the stream has shown so far), cut to its
//! [`TERMS`] heaviest terms and normalised. A cluster keeps the sum of its members' vectors (cut
//! to [`CENTROID_TERMS`]), the counts of its members' entity ids, its first and last
//! publication day, and its *burst* (below). The score of an article against a cluster is
//!
//! `score = (cos(text, centroid) · spread + β·ent + γ·own) · decay(Δdays)`
//!
//! where `spread = min((n / |centroid|)^s, cap)` for a cluster of `n` scored members
//! ([`Config::spread`], [`Config::spread_cap`]): the sum of `n` unit vectors has norm `n` when the
//! members say the same and about `√n` when they share little, and the cosine of a new report with
//! such a centroid is low even when it shares the cluster's key words (a 300-headline story about
//! "Titanfall" is reported in 300 wordings). The factor (1 for a tight cluster, at most `cap`)
//! makes up for that. `ent` is the idf-weighted share of the article's entity ids and coded
//! events ([`event_key`]: the two sides' countries and the CAMEO root, "USA|RUS|04") that the
//! cluster's members carry (each weighted by the fraction of members carrying it), `β` is
//! [`Config::entity_weight`] (0 when the article has no entities), `own` is the article's term
//! ownership by the cluster (below) with weight `γ` ([`Config::ownership_weight`]), and `decay` is 1 while the
//! article's day is within [`Config::window_days`] of the cluster's burst and then falls as
//! `exp(−(Δ − window)/τ)`, but for joining no lower than a floor ([`Config::decay_floor`], below).
//! Time is what separates the 2013 and 2015 Kerry visits: their texts are as close as two reports
//! of one visit, but two years apart is beyond a cluster's longest span (below). An article
//! without a date is not decayed. The article joins the best-scoring cluster if the score reaches
//! the threshold, else it opens a cluster whose id is its own id.
//!
//! **Term ownership.** A cosine asks how much of the cluster's vocabulary the article shares; a
//! reader of headlines asks whether the article's rare words belong to one story. "Titanfall"
//! in a six-word headline is a small share of a 300-headline story's centroid, but if every
//! earlier document carrying "Titanfall" is in that story, the headline is that story's. So a
//! cluster counts, per term, how many of its members had the term among their [`QUERY_TERMS`]
//! heaviest (at most [`KEY_TERMS`] terms per cluster, the most frequent), and
//!
//! `own = Σ_q idf(q) · min(1, n(q, c) / (df(q) − 1 + s)) / Σ_q idf(q)`
//!
//! over the article's query terms `q`, where `n(q, c)` is the cluster's count, `df(q) − 1` the
//! number of earlier documents carrying `q` and `s` ([`Config::ownership_smooth`]) a prior
//! that keeps a term two documents have shown from being owned outright. A term spread over
//! many stories ("says", "report") is owned by none of them; one story's name is owned by it.
//! Copies attached as near-duplicates are not counted (they count in `df`, so a syndicated
//! story owns its words a little less). On the headlines this is what reached 0.80:
//! BCubed F1 median over 16 orders 0.783 → 0.801, min 0.770 → 0.792 (γ 1.2, `s` 2, θ_short
//! 0.30 → 0.40: ownership adds to every score, so the bar rises with it); giveme5w1h unchanged
//! (0.945). The plateau is broad: γ 1.0–1.4 with `s` 2–3 at θ_short 0.40–0.44, and θ_short
//! 0.36–0.48 at γ 1.2 with `s` 2, give a 16-order median of 0.796–0.804 and a minimum of
//! 0.783–0.793; γ 1.4 with `s` 2 costs giveme5w1h (0.933).
//!
//! **Bounded in time.** An event is a burst of reports, sometimes followed by a few late ones (a
//! trial, an anniversary, a late re-publication). Measuring time from a cluster's whole span let
//! a steady stream of similar articles chain into one "event" over years (a load test's stream
//! made one cluster of 89,744 articles over four years): every day's report was within the window
//! of the day before. So a cluster keeps its *burst*, the days of its members but the late ones,
//! which may span at most [`Config::burst_days`]; the decay runs from the burst. An article that
//! would stretch the burst further may join only as a *late member*: at most [`Config::max_late`]
//! of them, and the cluster's whole span, late members included, at most
//! [`Config::max_span_days`]. After that a continuing stream opens a new cluster (storylines link
//! the successive clusters). A near-duplicate is attached to the most similar earlier copy whose
//! cluster can take it in time (in its burst), else it is scored like any article; a merge keeps
//! the same bounds (two bursts further apart than `burst_days` merge only if the later one's
//! members fit as late members). Calibrated on giveme5w1h's gold events: 25 of 30 lie within
//! 57 days, the others are a burst plus one to three reports 155–605 days later; burst 60 days,
//! 3 late members, span 450 days kept BCubed F1 at 0.945 (burst 45–90 and 3–5 late members the
//! same; 2 late members 0.940; a hard 60-day span with no late members 0.925; burst 30 days
//! 0.91–0.93, since the Falcon Heavy reports run over 32 days).
//!
//! **A late report is judged by how well it matches, not by how late it is.** With the decay
//! alone, the Panama Papers reports 605 days after their story (which say what the story said:
//! 0.96 and 0.70 undecayed, against a threshold of 0.26) scored 0.22 and 0.16 and opened
//! clusters of their own, while a report a month late that shares a story's subject but not its
//! facts is hardly lowered. So for joining the decay falls no lower than
//! [`Config::decay_floor`] (0.45): beyond about ten months after the burst a report joins only if
//! it scores θ / 0.45 ≈ 2.2 θ undecayed. A merge is still judged on the plain decay (two
//! clusters far apart are two events unless a report fits both as closely as within one burst),
//! and the span stays bounded ([`Config::max_span_days`], now 670 days, so that the gold's
//! 605-day reports fit): two years apart, reports as close as two reports of one visit (the
//! Kerry visits; `tests.rs`) are two events whatever their words. giveme5w1h 0.945 → 0.955
//! (first half 0.967 → 0.988, second 0.933 unchanged; the same under five MinHash families),
//! UCI unchanged (headlines have no dates), seeds pass. The plateau: floor 0.42–0.57 with span
//! 610–730 days (any span from 610 on for the floor alone; the seeds' 2015 report scores 0.45
//! undecayed against the 2013 one, under θ / floor). Floor 0.38 takes one of the two reports
//! (0.950); span 600 neither. Before the floor, τ 700–1,500 with span 620–730 gave the same
//! figure, but a weaker decay lets a repeat of last year's story (next year's visit) join it.
//! The third late Panama report (a jet-leasing story the gold files under the Papers) scores
//! 0.30 undecayed and stays apart. Headlines (UCI) have no dates,
//! so nothing changes there. With 400 daily reports on one topic the clusters now hold at most
//! 61 + 3 reports each (`tests.rs`); without the bounds they are one cluster.
//!
//! **Merges, and what happens to ids.** In an online pass the first reports of a story often open
//! two or three clusters before either has enough members to attract the rest. When an article
//! joins a cluster and another candidate also scores at least [`Config::merge_ratio`] × the
//! threshold, and the two centroids have a cosine of at least [`Config::merge_threshold`] (times
//! `(f₁·f₂)^m`, the clusters' spread factors `fᵢ` to the power [`Config::merge_spread`], for the
//! reason given above: two loose halves of one story have a lowish centroid cosine), the two
//! become one. **The older cluster (the one opened first) keeps its id**; the younger one's
//! members now report the older id ([`Stories::cluster_id`] of any cluster index resolves
//! merges), so an id can change only once per merge, always to an older id, and a cluster id
//! seen once never comes to mean another story. A merge costs one centroid sum; the candidates
//! are those already scored, so it adds no search.
//!
//! **Candidates, not a scan.** An inverted index maps each salient term (an article's
//! [`QUERY_TERMS`] heaviest) and each entity id to the [`POSTING`] clusters that most recently
//! took a member carrying it. An article looks up its own keys, ranks the clusters found by the
//! number of keys they share, and scores only the best [`CANDIDATES`]. Each step is bounded by
//! constants, so the time per article does not grow with the store (`herald bench stories`).
//! A posting that names a merged cluster is read as the cluster it was merged into.
//!
//! **Languages.** A cluster takes the language of its first member with a known language; an
//! article whose language is known and different never joins it, so a Spanish report is never
//! merged into an English cluster (texts too short to identify join on their words alone).
//!
//! **Calibration.** The threshold depends on how much text there is: short texts (headlines)
//! share few words even when they report one event. It is `θ_short` for articles of at most
//! [`Config::short_terms`] content terms, `θ_long` from [`Config::long_terms`] terms, and linear in
//! between; a headline of at most [`Config::tiny_terms`] content terms ("Money to Burn", "GM
//! recall probe") needs `θ_short` + [`Config::tiny_extra`]: with so few words one shared word is
//! a large share of the vector, and such headlines were the ones joining the wrong story. All constants of [`Config::default`] were chosen by grid search maximising BCubed F1
//! on the two development sets in `../shared/eval/stories` (full texts in date order; headlines in
//! a fixed shuffled order, without dates), which `herald eval --only stories` re-runs: it prints
//! the threshold sweep around the chosen values and each set clustered in two halves (first and
//! second half of the feed, each alone), the check on how much tuning on the whole set flatters.
//! `HERALD_STORIES_CFG="θ_long,θ_short,β,window,τ[,p,s,merge]"` overrides them there.
//!
//! Chosen: θ_long 0.2625, θ_short 0.40 (0.30 before term ownership), γ 1.2 with `s` 2, β 0.15, window 30 days, τ 365 days, idf power 0.5, spread
//! exponent 1 capped at 3, merge at centroid cosine 0.425 (spread power 0.25) for candidates over
//! 0.7 × threshold, +0.05 for articles of at most 5 terms; burst 60 days, 3 late members, span 670
//! days, decay floor 0.45 (above). θ_long was 0.25 until copies counted in the document frequencies; with them, the
//! first Falcon Heavy report scores 0.255 against the China moon mission cluster of the same week
//! (generic space words, no shared actors) and drags the whole launch story in (0.929); giveme5w1h
//! is 0.945 for every θ_long in 0.255–0.27 and falls on both sides (0.929 at 0.24, 0.932 at 0.28),
//! so θ_long is the middle of that plateau, not its edge (UCI, headlines, does not reach θ_long).
//! Measured (BCubed F1 giveme5w1h / UCI; halves in brackets): 0.945 [0.960 | 0.922] / 0.799
//! [0.793 | 0.774]; plain online TF-IDF in the same run 0.925 / 0.703. The UCI
//! sweep is broad (0.77–0.80 for any threshold 0.2–0.45), so θ_short is not a knife edge. What
//! each step gave
//! (giveme5w1h / UCI, thresholds re-tuned each time), from 0.923 / 0.695 before: stemming
//! 0.923 / 0.701; idf power 0.5 0.941 / 0.717 (1.5 and 2: worse on both); spread factor 0.941 /
//! 0.759; merges 0.945 / 0.785 (cosine 0.3, no spread power); spread power 0.25 in the merge test
//! 0.945 / 0.795 (UCI 0.79–0.80 for power 0.15–0.35 with the cosine 0.35–0.45 along the ridge,
//! 0.77 off it); +0.05 over θ_short for at most 5 terms 0.945 / 0.800 (neighbours: at most 4
//! or 6 terms 0.799 / 0.798, +0.025 or +0.075 0.796 / 0.800 with the second half at 0.761;
//! moving the short end instead, θ_short 0.35 at 5 terms, 0.794). Tried and dropped: similarity to the nearest stored member instead of (or
//! besides) the centroid (UCI 0.55–0.65: one shared common word with a short
//! member pulls headlines into the wrong story), title bigrams as extra terms (±0.005), extra
//! weight for capitalised words inside sentences (worse on both, 0.935 / 0.775 at +0.5), more
//! candidates or centroid terms (no change), a separate spread exponent for long texts (no gain),
//! cutting "-er" in the stemmer (giveme5w1h 0.929), ignoring the language of headlines detected
//! as not English (no change), idf power 0.3–0.6 (within ±0.015); and, in a later round, an idf
//! with a prior (the first documents' df counts are tiny: `N + M` prior documents, M 100–10⁴,
//! or a pseudo-count `a` in both terms of the ratio, a 5–100: giveme5w1h 0.929–0.945, UCI ≤ 0.794),
//! at least 2 or 3 shared terms with a cluster's centroid (UCI 0.789 / 0.737), another
//! entity weight for short texts (0, 0.1, 0.2, 0.3: UCI 0.786, 0.789, 0.785, 0.779), a
//! "coverage" score for headlines (the share of the article's weight on terms carried by ≥ q of
//! the cluster's members, taken when above the cosine: UCI 0.776–0.796), and a window widened
//! for long-running stories (by the cluster's span × 1–40 or ln(members) × 30–100 days: it pulls
//! in the late Panama Papers reports, and the cluster, now 600 days wide, then swallows the
//! Goldman Sachs and Bitcoin stories of those days: giveme5w1h 0.916–0.920). Tried with the
//! bounded clusters (studying the first half of each set, checking the second): trusting the
//! dates written in the text over the stated date when they are over a year older (a full date,
//! "April 3, 2016", in an article stamped 2017-11-30) would move the two late Panama Papers
//! reports but also three correctly dated articles that recall old dates (a Berlin New Year's Eve
//! report citing 2015-12-31, Bruce Arians's retirement, the German consulate bombing): dropped;
//! the title counted once more or not at all (0.940 / 0.916); merge cosine 0.40–0.41 (UCI
//! 0.802 but 0.785 at 0.39: a cliff, not a setting).
//!
//! **How much is noise.** Two arbitrary choices move the figures: the MinHash functions and, for
//! headlines, the order of the stream. `herald eval --only stories` prints both sets under five
//! families of MinHash functions ([`Config::sketch_seed`]) and the headlines in eight orders (the
//! fixed shuffle and seven more), and the `calibrate` example takes `seeds=N shuf=M`. Before copies
//! counted in the document frequencies, whether a near-threshold copy was a duplicate changed the
//! idf, which moved knife-edge decisions far away (a Delta Air Lines copy decided whether the
//! Falcon Heavy story joined the China moon story): giveme5w1h 0.929 / 0.945 / 0.945 (min /
//! median / max over five families). Now every family gives 0.945; the headlines' figure moves by
//! 0.005 with the families (0.7955–0.8001) and by 0.026 with the order (eight orders 0.773 /
//! 0.785 / 0.799; the fixed shuffle, on which the constants were first tuned, is the best of
//! them). Under shuffles the UCI landscape is flat: every constant tried this round keeps the
//! median within 0.777–0.792 (6–8 orders each: θ_short 0.275–0.35, θ_long 0.25–0.35 with θ_short
//! 0.05 above it and β 0.15–0.35, `tiny_extra` 0–0.1, merge cosine 0.375–0.45, merge ratio
//! 0.6–0.8, merge spread power 0.15–0.35, spread cap 2.5–4, spread exponent 0.8–1.2, idf power
//! 0.4–0.6, an idf prior of 30–1,000 documents), so the target of 0.80 was not met robustly:
//! 0.7999 on one order was luck. (That was before term ownership, above, which moved the whole
//! landscape: sixteen orders 0.792 / 0.801 / 0.816.) Nor is giveme5w1h's 0.95: its remaining errors (below, and an
//! Angola satellite report and the first Bitcoin-fall reports joining a North Korea and a Ripple
//! cluster) are not near any threshold (the olive-branch reports score 0.44–0.63 against the
//! sanctions story, which shares their actors and words).
//! Coded events entered the score as keys beside the entities later (same weight β, at most
//! [`MAX_EVENTS`] per article): 79 of giveme5w1h's 161 texts and 63 of the 6,366 headlines code
//! one; giveme5w1h stays 0.945 (no decision changes, nor with β 0.3) and the headlines move by
//! 0.001 (0.7993 → 0.7982 on the fixed order, median of eight orders 0.7885 → 0.7884). They are
//! kept as the issue asks for them and because they say what the words may not (who did what to
//! whom); on these sets the actors' entity ids already carry most of it.
//! Also tried this round and dropped: a penalty of 0.03–0.05 when an article and a cluster both
//! name ≥ 1, 4 or 8 entities and share under 5–10 % of them (giveme5w1h 0.932–0.940 where the
//! θ_long above gives 0.945, UCI ±0.001), a consolidation step that merges a
//! cluster with the clusters its centroid's heaviest terms find whenever its size reaches a power
//! of two (no change at a cosine of 0.425–0.6; at 0.3 and 0.25 the UCI median over four orders
//! falls from 0.797 to 0.778 and 0.772 and giveme5w1h to 0.915: more merges cost precision, the
//! gold splits stories by day), and copies' vectors added to their cluster's centroid as well
//! (no change: UCI median 0.7943 against 0.7939).
//! Tried in the eleventh session: the lead (the text's first 30, 60 or 100 content words)
//! counted 1.5, 2 or 3 times: giveme5w1h 0.924–0.940, UCI within ±0.001. The first olive-branch
//! report's raw centroid cosine with the sanctions story is 0.28 (0.44 after the spread factor),
//! the story's own weakest member's 0.31: no weighting of the text's words separates them.
//! The remaining UCI errors are mostly stories the gold splits by date (two "Titanfall"
//! stories, two GM recall stories, several China-markets days) that headlines without dates cannot
//! tell apart, and ~200 headlines with no topical word ("Money to Burn"); the giveme5w1h ones are
//! three Panama Papers reports dated 600 days after the rest (two of them now join, through the
//! decay floor above) and the Kim Jong Un olive-branch reports joining the North Korea oil
//! sanctions story of the same days. With the earlier scoring, window 14 days with τ 60 days gave
//! 0.902 and a 3-day window with τ 7 days 0.85 on giveme5w1h, whose events are reported over
//! weeks; 45 days with τ 365 changes nothing now, 14 days with τ 180 gives 0.941.
//!
//! **Bad input.** An article with no content words is placed alone and flagged
//! [`Flags::empty`]; a date before 1950 or after tomorrow by the machine's clock (dated in the
//! future) is flagged [`Flags::odd_date`] but used as given (the flag alone reads the clock; no
//! placement depends on it) (an archive article of 1900 joins only articles
//! of its own days). Nothing here panics on any text or date.
//!
//! Everything is deterministic: the same articles in the same order give the same clusters
//! (hash maps are only looked up, or iterated into a list that is then fully sorted; ties go to
//! the older cluster).
//!
//! **Snapshots** ([`snapshot`]): the whole state (with the [`storyline::Storylines`]) encodes to
//! versioned, checksummed bytes and back, so a store resumes clustering where it stopped without
//! replaying the articles it holds; a restored state takes the same decisions as the original.

pub mod dedup;
pub mod relations;
pub mod snapshot;
pub mod storyline;
pub mod summary;
mod terms;

use std::collections::HashMap;

/// Terms kept in an article's vector.
pub const TERMS: usize = 48;
/// Terms kept in a cluster's centroid.
pub const CENTROID_TERMS: usize = 128;
/// An article's heaviest terms used as look-up keys.
pub const QUERY_TERMS: usize = 12;
/// Entity ids of an article used (the first ones, in the order given).
pub const MAX_ENTITIES: usize = 24;
/// Event keys of an article used (the first ones, in the order given).
pub const MAX_EVENTS: usize = 16;

/// The key a coded event enters the clustering under: the source's and the target's country
/// (or actor code when it has none; `-` when the side is unknown) and the CAMEO root code
/// ("USA|RUS|04": the United States consults Russia).
pub fn event_key(source: Option<&str>, target: Option<&str>, cameo: &str) -> String {
    let side = |s: Option<&str>| s.filter(|s| !s.is_empty()).unwrap_or("-").to_string();
    format!("{}|{}|{}", side(source), side(target), cameo.get(..2).unwrap_or(cameo))
}
/// Terms whose member counts a cluster keeps for term ownership (the most frequent).
pub const KEY_TERMS: usize = 128;
/// Clusters kept per key in the inverted index (most recent first).
pub const POSTING: usize = 24;
/// Clusters scored per article.
pub const CANDIDATES: usize = 24;

/// One article as the clustering needs it.
#[derive(Debug, Clone, Copy)]
pub struct Article<'a> {
    /// The external id; a cluster opened by this article takes it as its id.
    pub id: &'a str,
    pub title: &'a str,
    /// The clean text (it may repeat the title).
    pub text: &'a str,
    /// Publication day as days since 1970-01-01 ([`days_from_civil`]), when known.
    pub day: Option<i64>,
    /// Canonical entity ids (herald-entities), any order; duplicates are ignored.
    pub entities: &'a [String],
    /// The article's coded events as [`event_key`]s, any order; duplicates are ignored.
    pub events: &'a [String],
    /// ISO 639-1 code, when known ([`language`]).
    pub lang: Option<&'a str>,
}

/// The tunable constants; [`Config::default`] holds the calibrated values.
#[derive(Debug, Clone, Copy)]
pub struct Config {
    /// Score an article of at least [`Config::long_terms`] content terms needs to join a cluster.
    pub threshold_long: f32,
    /// Score an article of at most [`Config::short_terms`] content terms needs (linear between).
    pub threshold_short: f32,
    pub short_terms: usize,
    pub long_terms: usize,
    /// β, the weight of the shared-entity share.
    pub entity_weight: f32,
    /// Days around a cluster's span without decay.
    pub window_days: f32,
    /// τ, the decay's time constant in days beyond the window.
    pub decay_days: f32,
    /// The least the decay falls to. A report long after its cluster's burst is then judged by
    /// how strongly it matches (its score must reach θ / floor), not by how long after it comes.
    pub decay_floor: f32,
    /// Exponent of the idf in a term's weight (`(1 + ln tf) · idf^p`).
    pub idf_power: f32,
    /// Spread bonus: the centroid cosine is multiplied by `(members / |centroid|)^spread`.
    pub spread: f32,
    /// The most the spread factor may multiply a cosine by.
    pub spread_cap: f32,
    /// Two clusters that both take an article (scores over `merge_ratio` × its threshold) and
    /// whose centroids have at least this cosine become one, under the older id (0 turns it off).
    pub merge_threshold: f32,
    pub merge_ratio: f32,
    /// The centroids' cosine in the merge test is multiplied by `(f₁·f₂)^merge_spread`, `fᵢ`
    /// being each cluster's spread factor (`members / |centroid|`, at most `spread_cap`).
    pub merge_spread: f32,
    /// An article of at most this many content terms (a headline of a few words) needs
    /// [`Config::threshold_short`] plus [`Config::tiny_extra`] to join a cluster.
    pub tiny_terms: usize,
    pub tiny_extra: f32,
    /// The most days a cluster's burst (its members but the late ones) may span, first to last.
    /// An article that would stretch it further can join only as a late member.
    pub burst_days: f32,
    /// The most late members a cluster takes (reports after its burst: a trial, an anniversary).
    /// Once it has them, later reports open a new cluster: a continuing stream is a new event.
    pub max_late: u32,
    /// The most days a cluster may span, first member to last, late members included: a join or a
    /// merge that would stretch it further is refused (infinite: no bound).
    pub max_span_days: f32,
    /// The family of MinHash functions of the near-duplicate sketches (0: the standard one;
    /// others only to measure how much the figures depend on that arbitrary choice).
    pub sketch_seed: u32,
    /// γ, the weight of term ownership: the idf-weighted share, over the article's
    /// [`QUERY_TERMS`] heaviest terms, of the stream's documents carrying each term that the
    /// cluster holds (see *Term ownership* above).
    pub ownership_weight: f32,
    /// `s`, added to the number of other documents carrying a term in the ownership share
    /// `min(1, n / (df − 1 + s))`: a term two documents have shown is not yet owned by either.
    pub ownership_smooth: f32,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            threshold_long: 0.2625,
            threshold_short: 0.4,
            short_terms: 10,
            long_terms: 40,
            entity_weight: 0.15,
            window_days: 30.0,
            decay_days: 365.0,
            decay_floor: 0.45,
            idf_power: 0.5,
            spread: 1.0,
            spread_cap: 3.0,
            merge_threshold: 0.425,
            merge_ratio: 0.7,
            merge_spread: 0.25,
            tiny_terms: 5,
            tiny_extra: 0.05,
            burst_days: 60.0,
            max_late: 3,
            max_span_days: 670.0,
            sketch_seed: 0,
            ownership_weight: 1.2,
            ownership_smooth: 2.0,
        }
    }
}

impl Config {
    fn threshold(&self, terms: usize) -> f32 {
        if terms <= self.tiny_terms {
            self.threshold_short + self.tiny_extra
        } else if terms <= self.short_terms {
            self.threshold_short
        } else if terms >= self.long_terms {
            self.threshold_long
        } else {
            let t = (terms - self.short_terms) as f32 / (self.long_terms - self.short_terms).max(1) as f32;
            self.threshold_short + t * (self.threshold_long - self.threshold_short)
        }
    }

    /// Whether a cluster can take an article of day `day` (`None` for any day), and whether the
    /// article falls in its burst (else it is a late member). `None`: refused.
    fn time_fit(&self, k: &Cluster, day: Option<i64>) -> Option<bool> {
        if within(k.core_first, k.core_last, day, day, self.burst_days) {
            Some(true)
        } else if k.late < self.max_late && within(k.first_day, k.last_day, day, day, self.max_span_days) {
            Some(false)
        } else {
            None
        }
    }

    /// Whether two clusters can become one, and if so whether their bursts are one burst (else
    /// the members of the later burst become late members of the earlier): the merged cluster
    /// keeps the bounds a cluster grown by joins has.
    fn merge_fit(&self, x: &Cluster, y: &Cluster) -> Option<bool> {
        if !within(x.first_day, x.last_day, y.first_day, y.last_day, self.max_span_days) {
            None
        } else if within(x.core_first, x.core_last, y.core_first, y.core_last, self.burst_days) {
            (x.late + y.late <= self.max_late).then_some(true)
        } else {
            let (earlier, later) = if x.core_first > y.core_first { (y, x) } else { (x, y) };
            (earlier.late + later.members <= self.max_late).then_some(false)
        }
    }

    fn decay(&self, delta_days: f32) -> f32 {
        if delta_days <= self.window_days {
            1.0
        } else {
            (-(delta_days - self.window_days) / self.decay_days.max(1e-3)).exp()
        }
    }
}

/// What happened to an article that may need recording.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Flags {
    /// No content words: placed alone.
    pub empty: bool,
    /// Dated before 1950 or over a year after the latest date seen before it.
    pub odd_date: bool,
}

/// Where an article went.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Placement {
    /// The article's index in arrival order.
    pub doc: u32,
    /// The cluster's index; its id is [`Stories::cluster_id`] (which follows later merges: if
    /// this cluster is merged into an older one, the older one's id).
    pub cluster: u32,
    /// The canonical document this article is a near-duplicate of.
    pub duplicate_of: Option<u32>,
    /// Whether the article opened its cluster.
    pub opened: bool,
    /// The score that decided (1 for a duplicate, 0 for an opened cluster).
    pub score: f32,
    pub flags: Flags,
}

/// A cluster's summary figures.
#[derive(Debug, Clone, PartialEq)]
pub struct ClusterInfo<'a> {
    pub id: &'a str,
    /// Every member, duplicates included.
    pub members: u32,
    /// Members that were near-duplicates of an earlier member.
    pub duplicates: u32,
    pub first_day: Option<i64>,
    pub last_day: Option<i64>,
    pub lang: Option<&'a str>,
}

struct Cluster {
    id: Box<str>,
    centroid: Vec<(u32, f32)>,
    norm: f32,
    /// Entity key → members mentioning it (sorted by key, at most `2 ×` [`MAX_ENTITIES`]).
    entities: Vec<(u32, u32)>,
    /// Term → members having it among their [`QUERY_TERMS`] heaviest (sorted by key, at most
    /// [`KEY_TERMS`]).
    key_terms: Vec<(u32, u32)>,
    scored: u32,
    /// The older cluster this one was merged into.
    into: Option<u32>,
    members: u32,
    duplicates: u32,
    first_day: Option<i64>,
    last_day: Option<i64>,
    /// The burst: the days of the members but the late ones (at most [`Config::burst_days`]).
    core_first: Option<i64>,
    core_last: Option<i64>,
    /// Members that joined after the burst (at most [`Config::max_late`]).
    late: u32,
    lang: Option<u16>,
}

/// The online clustering state.
pub struct Stories {
    cfg: Config,
    vocab: HashMap<Box<str>, u32>,
    /// Document frequency per term and entity key.
    df: Vec<u32>,
    scored_docs: u32,
    langs: Vec<Box<str>>,
    postings: HashMap<u32, Vec<u32>>,
    clusters: Vec<Cluster>,
    /// Clusters not merged into another.
    live: usize,
    /// Per document: its cluster, and its canonical document if it is a duplicate.
    docs: Vec<(u32, Option<u32>)>,
    dup_index: dedup::Index,
    /// How many duplicates each canonical document has.
    dup_counts: HashMap<u32, u32>,
}

impl Default for Stories {
    fn default() -> Stories {
        Stories::new(Config::default())
    }
}

impl Stories {
    pub fn new(cfg: Config) -> Stories {
        Stories {
            cfg,
            vocab: HashMap::new(),
            df: Vec::new(),
            scored_docs: 0,
            langs: Vec::new(),
            postings: HashMap::new(),
            clusters: Vec::new(),
            live: 0,
            docs: Vec::new(),
            dup_index: dedup::Index::default(),
            dup_counts: HashMap::new(),
        }
    }

    pub fn config(&self) -> &Config {
        &self.cfg
    }

    /// Articles placed so far.
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    pub fn cluster_count(&self) -> usize {
        self.live
    }

    /// The stable id of cluster `c` (the id of the article that opened it).
    pub fn cluster_id(&self, c: u32) -> &str {
        &self.clusters[self.root(c) as usize].id
    }

    pub fn cluster(&self, c: u32) -> ClusterInfo<'_> {
        let k = &self.clusters[self.root(c) as usize];
        ClusterInfo {
            id: &k.id,
            members: k.members,
            duplicates: k.duplicates,
            first_day: k.first_day,
            last_day: k.last_day,
            lang: k.lang.map(|l| &*self.langs[l as usize]),
        }
    }

    /// The canonical document of `doc` (itself when it is not a duplicate).
    pub fn canonical(&self, doc: u32) -> u32 {
        self.docs[doc as usize].1.unwrap_or(doc)
    }

    /// How many near-duplicates of canonical document `doc` have arrived.
    pub fn duplicate_count(&self, doc: u32) -> u32 {
        self.dup_counts.get(&doc).copied().unwrap_or(0)
    }

    fn key(&mut self, k: &str) -> u32 {
        if let Some(&id) = self.vocab.get(k) {
            return id;
        }
        let id = self.df.len() as u32;
        self.vocab.insert(k.into(), id);
        self.df.push(0);
        id
    }

    fn lang_id(&mut self, l: &str) -> u16 {
        if let Some(i) = self.langs.iter().position(|x| &**x == l) {
            return i as u16;
        }
        self.langs.push(l.into());
        (self.langs.len() - 1) as u16
    }

    fn idf(&self, key: u32) -> f32 {
        ((self.scored_docs as f32 + 1.0) / (self.df[key as usize] as f32 + 1.0)).ln() + 1.0
    }

    /// An article's content terms (title and text) counted by key, and its entity keys (sorted).
    fn terms_of(&mut self, a: &Article) -> (Vec<(u32, f32)>, Vec<u32>) {
        let mut seen: Vec<u32> = Vec::new();
        {
            let mut add_word = |w: &str| {
                if let Some(c) = terms::content(w) {
                    let k = self.key(c);
                    seen.push(k);
                }
            };
            terms::words(a.title, &mut add_word);
            terms::words(a.text, &mut add_word);
        }
        seen.sort_unstable();
        let mut keyed: Vec<(u32, f32)> = Vec::with_capacity(seen.len());
        for &k in &seen {
            match keyed.last_mut() {
                Some((lk, n)) if *lk == k => *n += 1.0,
                _ => keyed.push((k, 1.0)),
            }
        }
        let mut ents: Vec<u32> = Vec::new();
        let entities = a.entities.iter().take(MAX_ENTITIES).map(|e| format!("\u{1}{e}"));
        let events = a.events.iter().take(MAX_EVENTS).map(|e| format!("\u{2}{e}"));
        for e in entities.chain(events) {
            let k = self.key(&e);
            if !ents.contains(&k) {
                ents.push(k);
            }
        }
        ents.sort_unstable();

        (keyed, ents)
    }

    /// Counts an article's terms and entities in the document frequencies.
    fn count_df(&mut self, keyed: &[(u32, f32)], ents: &[u32]) {
        self.scored_docs += 1;
        for &(k, _) in keyed {
            self.df[k as usize] += 1;
        }
        for &k in ents {
            self.df[k as usize] += 1;
        }
    }

    /// Places one article: as a near-duplicate, in the best existing cluster, or in a new one.
    pub fn add(&mut self, a: &Article) -> Placement {
        let doc = self.docs.len() as u32;
        let mut flags = Flags::default();
        if let Some(day) = a.day {
            // After tomorrow by this machine's clock (time zones aside): dated in the future.
            flags.odd_date = day < days_from_civil(1950, 1, 1) || day > today().saturating_add(1);
        }
        let lang = a.lang.map(|l| self.lang_id(l));

        // Near-duplicates first: title and text together, as published.
        let full = if a.text.starts_with(a.title) { a.text.to_string() } else { format!("{}\n{}", a.title, a.text) };
        let sketch = dedup::sketch_seeded(&full, self.cfg.sketch_seed);
        if let Some(sk) = &sketch {
            // The most similar earlier copy whose cluster can take this one: in its language, and
            // in its time (a copy re-published long after its cluster's last report, or one that
            // would stretch the cluster's burst, is not attached there; the newer copies it
            // matches may be in a cluster of its time, else it is scored like any article).
            for canon in self.dup_index.candidates(sk) {
                let c = self.root(self.docs[canon as usize].0);
                let k = &self.clusters[c as usize];
                let same_lang = match (lang, k.lang) {
                    (Some(x), Some(y)) => x == y,
                    _ => true,
                };
                let near_in_time = match (a.day, k.core_last) {
                    (Some(d), Some(l)) => (d.saturating_sub(l) as f32) <= self.cfg.window_days,
                    _ => true,
                } && within(k.core_first, k.core_last, a.day, a.day, self.cfg.burst_days);
                if same_lang && near_in_time {
                    // A copy is a document of the stream like any other: its words count in the
                    // document frequencies, so the idf does not depend on which near-threshold
                    // copies the MinHash estimate happens to call duplicates.
                    let (keyed, ents) = self.terms_of(a);
                    if !keyed.is_empty() || !ents.is_empty() {
                        self.count_df(&keyed, &ents);
                    }
                    self.docs.push((c, Some(canon)));
                    *self.dup_counts.entry(canon).or_insert(0) += 1;
                    let k = &mut self.clusters[c as usize];
                    k.members += 1;
                    k.duplicates += 1;
                    widen(&mut k.first_day, &mut k.last_day, a.day);
                    widen(&mut k.core_first, &mut k.core_last, a.day);
                    return Placement { doc, cluster: c, duplicate_of: Some(canon), opened: false, score: 1.0, flags };
                }
            }
        }

        let (keyed, ents) = self.terms_of(a);

        if keyed.is_empty() && ents.is_empty() {
            flags.empty = true;
            let c = self.open(a, Vec::new(), 0.0, &[], &[], lang);
            self.docs.push((c, None));
            return Placement { doc, cluster: c, duplicate_of: None, opened: true, score: 0.0, flags };
        }

        self.count_df(&keyed, &ents);
        let mut vec: Vec<(u32, f32)> =
            keyed.iter().map(|&(k, c)| (k, (1.0 + c.ln()) * self.idf(k).powf(self.cfg.idf_power))).collect();
        let n_terms = vec.len();
        top(&mut vec, TERMS);
        let norm = vec.iter().map(|(_, w)| w * w).sum::<f32>().sqrt().max(1e-9);
        for (_, w) in &mut vec {
            *w /= norm;
        }

        // Candidates from the inverted index.
        let mut query: Vec<(u32, f32)> = vec.clone();
        query.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        query.truncate(QUERY_TERMS);
        let mut keys: Vec<u32> = query.iter().map(|&(k, _)| k).collect();
        keys.extend(&ents);
        let mut hits: Vec<u32> = Vec::new();
        for k in &keys {
            if let Some(p) = self.postings.get(k) {
                hits.extend(p);
            }
        }
        for h in &mut hits {
            *h = self.root_compress(*h);
        }
        hits.sort_unstable();
        let mut ranked: Vec<(u32, u32)> = Vec::new();
        for &c in &hits {
            match ranked.last_mut() {
                Some((lc, n)) if *lc == c => *n += 1,
                _ => ranked.push((c, 1)),
            }
        }
        ranked.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(b.0.cmp(&a.0)));
        ranked.truncate(CANDIDATES);

        let ent_idf: Vec<f32> = ents.iter().map(|&k| self.idf(k)).collect();
        let q_idf: Vec<f32> = query.iter().map(|&(k, _)| self.idf(k)).collect();
        // The earlier documents carrying each query term, plus the prior: ownership's denominator.
        let q_others: Vec<f32> = query
            .iter()
            .map(|&(k, _)| self.df[k as usize].saturating_sub(1) as f32 + self.cfg.ownership_smooth)
            .collect();
        let query_idf: f32 = q_idf.iter().sum();
        let mut query_keys: Vec<u32> = query.iter().map(|&(k, _)| k).collect();
        query_keys.sort_unstable();
        let ent_total: f32 = ent_idf.iter().sum();
        let beta = if ents.is_empty() { 0.0 } else { self.cfg.entity_weight };
        // (cluster, score for joining, whether it is in the burst, score for a merge) of every
        // candidate in the article's language and time.
        let mut scored: Vec<(u32, f32, bool, f32)> = Vec::with_capacity(ranked.len());
        for &(c, _) in &ranked {
            let k = &self.clusters[c as usize];
            if let (Some(x), Some(y)) = (lang, k.lang) {
                if x != y {
                    continue;
                }
            }
            let Some(in_burst) = self.cfg.time_fit(k, a.day) else { continue };
            // Time from the burst, not from the whole span: late members do not move it.
            let decay = match (a.day, k.core_first, k.core_last) {
                (Some(d), Some(f), Some(l)) => {
                    let delta = if d < f { f - d } else { d.saturating_sub(l).max(0) };
                    self.cfg.decay(delta as f32)
                }
                _ => 1.0,
            };
            // Joining may use the floor; a merge is judged on the plain decay (below).
            let join_decay = decay.max(self.cfg.decay_floor);
            if join_decay < 1e-3 {
                continue;
            }
            let mut cos = dot(&vec, &k.centroid) / k.norm.max(1e-9);
            // A cluster whose members differ (norm of the sum well below the member count) is
            // matched on a share of their words only: the spread factor makes up for it.
            if self.cfg.spread != 0.0 && k.scored > 1 {
                cos *= (k.scored as f32 / k.norm.max(1e-9)).powf(self.cfg.spread).min(self.cfg.spread_cap);
            }
            let ent = if ents.is_empty() || k.scored == 0 {
                0.0
            } else {
                let mut s = 0.0;
                for (i, e) in ents.iter().enumerate() {
                    if let Ok(j) = k.entities.binary_search_by_key(e, |&(x, _)| x) {
                        s += ent_idf[i] * (k.entities[j].1 as f32 / k.scored as f32).min(1.0);
                    }
                }
                s / ent_total.max(1e-9)
            };
            let own = if self.cfg.ownership_weight > 0.0 && query_idf > 0.0 {
                let mut s = 0.0;
                for (i, &(q, _)) in query.iter().enumerate() {
                    if let Ok(j) = k.key_terms.binary_search_by_key(&q, |&(x, _)| x) {
                        s += q_idf[i] * (k.key_terms[j].1 as f32 / q_others[i]).min(1.0);
                    }
                }
                s / query_idf
            } else {
                0.0
            };
            let raw = cos + beta * ent + self.cfg.ownership_weight * own;
            scored.push((c, raw * join_decay, in_burst, raw * decay));
        }
        let mut best: Option<(f32, u32)> = None;
        for &(c, score, _, _) in &scored {
            if best.is_none_or(|(bs, bc)| score > bs || (score == bs && c < bc)) {
                best = Some((score, c));
            }
        }

        let threshold = self.cfg.threshold(n_terms);
        let placement = match best {
            Some((score, c)) if score >= threshold => {
                let in_burst = scored.iter().any(|e| e.0 == c && e.2);
                self.join(c, &vec, &ents, &query_keys, a.day, lang, in_burst);
                let mut c = c;
                if self.cfg.merge_threshold > 0.0 {
                    let mut others: Vec<u32> = scored
                        .iter()
                        .filter(|e| e.0 != c && e.3 >= threshold * self.cfg.merge_ratio)
                        .map(|e| e.0)
                        .collect();
                    others.sort_unstable();
                    for o in others {
                        let (x, y) = (&self.clusters[c as usize], &self.clusters[o as usize]);
                        let mut cc = dot(&x.centroid, &y.centroid) / (x.norm * y.norm).max(1e-9);
                        if self.cfg.merge_spread != 0.0 {
                            let f = |k: &Cluster| (k.scored as f32 / k.norm.max(1e-9)).min(self.cfg.spread_cap);
                            cc *= (f(x) * f(y)).powf(self.cfg.merge_spread);
                        }
                        if cc >= self.cfg.merge_threshold {
                            if let Some(one_burst) = self.cfg.merge_fit(x, y) {
                                c = self.merge_clusters(c.min(o), c.max(o), one_burst);
                            }
                        }
                    }
                }
                Placement { doc, cluster: c, duplicate_of: None, opened: false, score, flags }
            }
            _ => {
                let c = self.open(a, vec.clone(), 1.0, &ents, &query_keys, lang);
                Placement { doc, cluster: c, duplicate_of: None, opened: true, score: 0.0, flags }
            }
        };
        for k in keys {
            let p = self.postings.entry(k).or_default();
            if let Some(i) = p.iter().position(|&x| x == placement.cluster) {
                p.remove(i);
            } else if p.len() == POSTING {
                p.remove(0);
            }
            p.push(placement.cluster);
        }
        if let Some(sk) = sketch {
            self.dup_index.insert(doc, sk);
        }
        self.docs.push((placement.cluster, None));
        placement
    }

    fn open(
        &mut self,
        a: &Article,
        vec: Vec<(u32, f32)>,
        norm: f32,
        ents: &[u32],
        key_terms: &[u32],
        lang: Option<u16>,
    ) -> u32 {
        let scored = u32::from(!vec.is_empty() || !ents.is_empty());
        self.clusters.push(Cluster {
            id: a.id.into(),
            centroid: vec,
            norm,
            entities: ents.iter().map(|&e| (e, 1)).collect(),
            key_terms: key_terms.iter().map(|&e| (e, 1)).collect(),
            scored,
            into: None,
            members: 1,
            duplicates: 0,
            first_day: a.day,
            last_day: a.day,
            core_first: a.day,
            core_last: a.day,
            late: 0,
            lang,
        });
        self.live += 1;
        (self.clusters.len() - 1) as u32
    }

    /// The cluster `c` now belongs to (itself unless it was merged).
    fn root(&self, mut c: u32) -> u32 {
        while let Some(o) = self.clusters[c as usize].into {
            c = o;
        }
        c
    }

    /// [`Stories::root`], pointing every cluster on the way straight at it.
    fn root_compress(&mut self, c: u32) -> u32 {
        let r = self.root(c);
        let mut x = c;
        while let Some(o) = self.clusters[x as usize].into {
            self.clusters[x as usize].into = Some(r);
            x = o;
        }
        r
    }

    /// Merges cluster `young` into the older `old`; returns `old`.
    fn merge_clusters(&mut self, old: u32, young: u32, one_burst: bool) -> u32 {
        let y = std::mem::take(&mut self.clusters[young as usize].centroid);
        let y_ents = std::mem::take(&mut self.clusters[young as usize].entities);
        let y_terms = std::mem::take(&mut self.clusters[young as usize].key_terms);
        let yk = &mut self.clusters[young as usize];
        yk.into = Some(old);
        let (ys, ym, yd, yf, yl) = (yk.scored, yk.members, yk.duplicates, yk.first_day, yk.last_day);
        let (ycf, ycl, ylate) = (yk.core_first, yk.core_last, yk.late);
        yk.norm = 0.0;
        let k = &mut self.clusters[old as usize];
        k.centroid = merge(&k.centroid, &y);
        top(&mut k.centroid, CENTROID_TERMS);
        k.norm = k.centroid.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
        k.entities = add_counts(&k.entities, &y_ents, 2 * MAX_ENTITIES);
        k.key_terms = add_counts(&k.key_terms, &y_terms, KEY_TERMS);
        k.scored += ys;
        k.members += ym;
        k.duplicates += yd;
        widen(&mut k.first_day, &mut k.last_day, yf);
        widen(&mut k.first_day, &mut k.last_day, yl);
        if one_burst {
            widen(&mut k.core_first, &mut k.core_last, ycf);
            widen(&mut k.core_first, &mut k.core_last, ycl);
            k.late += ylate;
        } else if ycf > k.core_first {
            // Two bursts ([`Config::merge_fit`]): the members of the later one are late members.
            k.late += ym;
        } else {
            k.late = k.members + ylate;
            k.core_first = ycf;
            k.core_last = ycl;
        }
        self.live -= 1;
        old
    }

    #[allow(clippy::too_many_arguments)]
    fn join(
        &mut self,
        c: u32,
        vec: &[(u32, f32)],
        ents: &[u32],
        key_terms: &[u32],
        day: Option<i64>,
        lang: Option<u16>,
        in_burst: bool,
    ) {
        let k = &mut self.clusters[c as usize];
        k.centroid = merge(&k.centroid, vec);
        top(&mut k.centroid, CENTROID_TERMS);
        k.norm = k.centroid.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
        let ones = |keys: &[u32]| keys.iter().map(|&x| (x, 1)).collect::<Vec<_>>();
        k.entities = add_counts(&k.entities, &ones(ents), 2 * MAX_ENTITIES);
        k.key_terms = add_counts(&k.key_terms, &ones(key_terms), KEY_TERMS);
        k.scored += 1;
        k.members += 1;
        if k.lang.is_none() {
            k.lang = lang;
        }
        widen(&mut k.first_day, &mut k.last_day, day);
        if in_burst {
            widen(&mut k.core_first, &mut k.core_last, day);
        } else {
            k.late += 1;
        }
    }
}

/// Whether the days `first..=last` and `lo..=hi` (either side unknown: no bound) together span
/// at most `limit` days.
fn within(first: Option<i64>, last: Option<i64>, lo: Option<i64>, hi: Option<i64>, limit: f32) -> bool {
    let a = [first, lo].into_iter().flatten().min();
    let b = [last, hi].into_iter().flatten().max();
    match (a, b) {
        (Some(a), Some(b)) => (b.saturating_sub(a) as f32) <= limit,
        _ => true,
    }
}

fn widen(first: &mut Option<i64>, last: &mut Option<i64>, day: Option<i64>) {
    if let Some(d) = day {
        *first = Some(first.map_or(d, |f| f.min(d)));
        *last = Some(last.map_or(d, |l| l.max(d)));
    }
}

/// Keeps the `n` heaviest entries (ties by key), sorted by key.
fn top(v: &mut Vec<(u32, f32)>, n: usize) {
    if v.len() > n {
        v.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        v.truncate(n);
    }
    v.sort_unstable_by_key(|&(k, _)| k);
}

/// The sum of two count lists sorted by key, cut to the `cap` largest counts (ties by key) and
/// sorted by key.
fn add_counts(a: &[(u32, u32)], b: &[(u32, u32)], cap: usize) -> Vec<(u32, u32)> {
    let mut out = merge(a, b);
    if out.len() > cap {
        out.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        out.truncate(cap);
        out.sort_unstable_by_key(|&(k, _)| k);
    }
    out
}

fn dot(a: &[(u32, f32)], b: &[(u32, f32)]) -> f32 {
    let (mut i, mut j, mut s) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                s += a[i].1 * b[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    s
}

/// The sum of two lists sorted by key, sorted by key.
fn merge<T: Copy + std::ops::Add<Output = T>>(a: &[(u32, T)], b: &[(u32, T)]) -> Vec<(u32, T)> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        if j == b.len() || (i < a.len() && a[i].0 < b[j].0) {
            out.push(a[i]);
            i += 1;
        } else if i == a.len() || b[j].0 < a[i].0 {
            out.push(b[j]);
            j += 1;
        } else {
            out.push((a[i].0, a[i].1 + b[j].1));
            i += 1;
            j += 1;
        }
    }
    out
}

/// The proleptic Gregorian (year, month, day) of a day count since 1970-01-01.
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days.clamp(-400_000_000, 400_000_000) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// "YYYY-MM-DD" of a day count.
pub fn format_day(days: i64) -> String {
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Days since 1970-01-01 of a proleptic Gregorian date (any year; no panic on any input).
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let m = m.clamp(1, 12) as i64;
    let d = d.clamp(1, 31) as i64;
    let y = y.clamp(-1_000_000, 1_000_000) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Days since 1970-01-01 of a date written "YYYY-MM-DD…" (an ISO timestamp is fine).
pub fn parse_day(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let y: i64 = s.get(0..4)?.parse().ok()?;
    let m: u32 = s.get(5..7)?.parse().ok()?;
    let d: u32 = s.get(8..10)?.parse().ok()?;
    ((1..=12).contains(&m) && (1..=31).contains(&d)).then(|| days_from_civil(y, m, d))
}

/// The language of a text, when it can be told (herald-text's identifier).
pub fn language(text: &str) -> Option<&'static str> {
    herald_text::detect_language(text)
}

#[cfg(test)]
mod tests;

/// Today by the system clock, in [`days_from_civil`] days (UTC).
fn today() -> i64 {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    days_from_civil(1970, 1, 1) + (secs / 86_400) as i64
}
