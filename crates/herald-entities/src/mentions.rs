//! Finding mentions in parsed sentences.
//!
//! A *name* is a maximal run of capitalised proper-noun tokens (joined across "of", "for the",
//! "bin", "al-" and the like), with the titles and dates around it set apart. The *mention* is
//! the noun phrase the name heads, read off the dependency parse: the name's subtree without
//! appositions, conjuncts and other clauses hanging off it, so "Russian Foreign Minister Sergei
//! Lavrov" is one mention whose name is "Sergei Lavrov" and whose title says foreign minister of
//! Russia. A name that only modifies another noun ("U.S." in "U.S. President Donald Trump") is a
//! mention of its own, spanning just the name. Descriptions ("the Russian leader", "the chief US
//! diplomat", "the Islamic republic") and demonyms ("Russian officials", "Afghans", and those of
//! two or three words: "North Korean", "Sri Lankans") are found too. A given name written with a
//! hyphen and a lowercase syllable stays whole ("Moon Jae-in", "Park Soo-hyun"), while compound
//! adjectives do not join a name ("Saudi Arabia-led").
//!
//! Every look-around is bounded by a window of [`WINDOW`] tokens, so the cost per token is
//! constant however long the sentence.

use crate::dict::{is_acronym, Dictionaries, KeySet};
use crate::fold::fold;
use herald_model::{EntityType, MentionForm};
use herald_syntax::lexicon::Lexicon;
use herald_syntax::reading::ReadSentence;
use herald_text::sentences::{is_month, is_weekday};

/// How far (in tokens) a phrase may reach from its head.
pub const WINDOW: usize = 40;

/// A title stated in the text before a name or as the head of a description.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Role {
    /// The title as written ("Foreign Minister").
    pub title: String,
    pub office: String,
    pub sector: Option<String>,
}

/// One mention before resolution.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub sentence: usize,
    pub start: usize,
    pub end: usize,
    pub form: MentionForm,
    /// The name's byte span, for names.
    pub name: Option<(usize, usize)>,
    pub role: Option<Role>,
    /// A country the phrase names in a modifier ("Russian", "U.S.", "Jordanian"), as an index
    /// into [`Dictionaries::countries`].
    pub country: Option<usize>,
    /// Type evidence from the text itself (a title, a keyword such as "Ministry" or "River").
    pub hint: Option<EntityType>,
    /// The phrase is the subject of a clause: where a capital or building stands for a
    /// government ("Moscow denied...").
    pub acts: bool,
    /// For a definite description with a generic head ("the country", "this city", "the
    /// church"), the head noun: it points back to an entity the article named before.
    pub anaphor: Option<&'static str>,
    /// For a description that the sentence says is a named entity ("Warhol was an artist";
    /// "Nasser Judeh, the foreign minister"), the byte span of that name's head word.
    pub same_as: Option<(usize, usize)>,
}

impl Candidate {
    /// A demonym or country word that modifies a noun ("Russian" in "Russian officials").
    fn modifier(sentence: usize, start: usize, end: usize, country: usize) -> Candidate {
        Candidate {
            sentence,
            start,
            end,
            form: MentionForm::Modifier,
            name: None,
            role: None,
            country: Some(country),
            hint: Some(EntityType::Group),
            acts: false,
            anaphor: None,
            same_as: None,
        }
    }
}

/// Generic nouns that, after "the"/"this", point back to a named entity, with the type they
/// point to.
pub const ANAPHORS: &[(&str, EntityType)] = &[
    ("country", EntityType::Gpe),
    ("nation", EntityType::Gpe),
    ("city", EntityType::Gpe),
    ("capital", EntityType::Gpe),
    ("town", EntityType::Gpe),
    ("region", EntityType::Location),
    ("company", EntityType::Organisation),
    ("firm", EntityType::Organisation),
    ("organization", EntityType::Organisation),
    ("organisation", EntityType::Organisation),
    ("group", EntityType::Organisation),
    ("party", EntityType::Organisation),
    ("church", EntityType::Organisation),
    ("club", EntityType::Organisation),
    ("team", EntityType::Organisation),
    ("airline", EntityType::Organisation),
    ("carrier", EntityType::Organisation),
    ("university", EntityType::Organisation),
    ("court", EntityType::Organisation),
    ("ministry", EntityType::Organisation),
    ("agency", EntityType::Organisation),
    ("militia", EntityType::Organisation),
    ("mosque", EntityType::Facility),
    ("airport", EntityType::Facility),
];

/// Common English words, which are not names even when written in capitals (sorted).
const COMMON_WORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "accuse",
    "accused",
    "accuses",
    "across",
    "add",
    "added",
    "adds",
    "after",
    "again",
    "against",
    "agree",
    "agreed",
    "agrees",
    "all",
    "also",
    "amid",
    "an",
    "and",
    "announce",
    "announced",
    "announces",
    "any",
    "are",
    "arrive",
    "arrived",
    "arrives",
    "as",
    "ask",
    "asked",
    "asks",
    "at",
    "attack",
    "attacked",
    "attacks",
    "back",
    "be",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "call",
    "called",
    "calls",
    "came",
    "can",
    "come",
    "comes",
    "could",
    "denied",
    "denies",
    "deny",
    "did",
    "do",
    "does",
    "down",
    "during",
    "each",
    "even",
    "fell",
    "few",
    "first",
    "five",
    "for",
    "four",
    "from",
    "further",
    "gave",
    "give",
    "gives",
    "go",
    "goes",
    "had",
    "has",
    "have",
    "he",
    "held",
    "her",
    "here",
    "him",
    "his",
    "hold",
    "holds",
    "how",
    "however",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "just",
    "kill",
    "killed",
    "kills",
    "last",
    "lead",
    "leads",
    "leave",
    "leaves",
    "led",
    "left",
    "lose",
    "lost",
    "made",
    "make",
    "makes",
    "many",
    "may",
    "me",
    "meet",
    "meeting",
    "meets",
    "met",
    "might",
    "more",
    "most",
    "much",
    "must",
    "my",
    "near",
    "new",
    "news",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "on",
    "once",
    "one",
    "only",
    "or",
    "other",
    "our",
    "out",
    "over",
    "own",
    "plan",
    "planned",
    "plans",
    "reject",
    "rejected",
    "rejects",
    "rose",
    "said",
    "same",
    "say",
    "saying",
    "says",
    "second",
    "send",
    "sends",
    "sent",
    "set",
    "sets",
    "she",
    "should",
    "sign",
    "signed",
    "signs",
    "since",
    "so",
    "some",
    "still",
    "such",
    "take",
    "takes",
    "talk",
    "talks",
    "tell",
    "tells",
    "than",
    "that",
    "the",
    "their",
    "them",
    "then",
    "there",
    "these",
    "they",
    "third",
    "this",
    "those",
    "three",
    "through",
    "to",
    "told",
    "too",
    "took",
    "two",
    "under",
    "until",
    "up",
    "urge",
    "urged",
    "urges",
    "us",
    "very",
    "visit",
    "visited",
    "visits",
    "warn",
    "warned",
    "warns",
    "was",
    "we",
    "went",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "whom",
    "why",
    "will",
    "win",
    "wins",
    "with",
    "won",
    "would",
    "year",
    "years",
    "you",
    "your",
];

/// Words that end organisation names.
pub(crate) const ORG_WORDS: &[&str] = &[
    "administration",
    "agency",
    "aircraft",
    "airlines",
    "airplanes",
    "airways",
    "alliance",
    "army",
    "assembly",
    "association",
    "authority",
    "bank",
    "board",
    "brigade",
    "bureau",
    "cabinet",
    "center",
    "centre",
    "church",
    "club",
    "co",
    "coalition",
    "college",
    "commission",
    "committee",
    "community",
    "communications",
    "company",
    "computer",
    "congress",
    "corp",
    "corporation",
    "council",
    "court",
    "department",
    "directorate",
    "division",
    "federation",
    "force",
    "forces",
    "foundation",
    "front",
    "fund",
    "government",
    "group",
    "guard",
    "inc",
    "institute",
    "institution",
    "league",
    "ltd",
    "magazine",
    "ministry",
    "movement",
    "navy",
    "network",
    "news",
    "office",
    "organisation",
    "organization",
    "parliament",
    "partnership",
    "party",
    "police",
    "post",
    "press",
    "program",
    "programme",
    "regime",
    "research",
    "school",
    "senate",
    "service",
    "services",
    "society",
    "systems",
    "technologies",
    "team",
    "times",
    "tribunal",
    "union",
    "university",
];

/// Words that end names of places without a government of their own.
/// The planets, and the Moon and the Sun after "the": places, not organisations or towns
/// ("Mars" alone is the planet; "Mars Inc." is a name of more words).
const PLANETS: &[&str] = &["earth", "jupiter", "mars", "mercury", "neptune", "pluto", "saturn", "uranus", "venus"];

/// Whether a one-word name is a planet's ([`PLANETS`]).
pub(crate) fn is_planet(name: &str) -> bool {
    PLANETS.iter().any(|p| p.eq_ignore_ascii_case(name))
}

const LOCATION_WORDS: &[&str] = &[
    "basin",
    "bay",
    "canal",
    "coast",
    "desert",
    "gulf",
    "island",
    "islands",
    "lake",
    "mountain",
    "mountains",
    "ocean",
    "peninsula",
    "plain",
    "river",
    "sea",
    "strait",
    "valley",
];

/// Words that end names of buildings and structures.
const FACILITY_WORDS: &[&str] = &[
    "airport",
    "base",
    "bridge",
    "building",
    "cathedral",
    "hall",
    "hospital",
    "hotel",
    "memorial",
    "mosque",
    "museum",
    "palace",
    "prison",
    "square",
    "stadium",
    "station",
    "temple",
    "tower",
];

/// Words that end names of regions with a government ("Homs Province").
const GPE_WORDS: &[&str] =
    &["city", "county", "district", "governorate", "municipality", "province", "region", "state"];

/// Courtesy titles: they mark a person but state no office.
const HONORIFICS: &[&str] =
    &["mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady", "prof", "professor", "rev", "sheikh"];

/// Nouns for documents that a name before them only labels ("New START treaty"). Not "deal"
/// or "plan": "the Trump plan" still names Trump.
const DOCUMENT_WORDS: &[&str] =
    &["treaty", "accord", "accords", "agreement", "pact", "protocol", "convention", "charter"];

/// Holidays and festivals, which are days, not entities ("New Year", "Christmas").
const HOLIDAYS: &[&str] = &[
    "christmas",
    "christmas eve",
    "diwali",
    "easter",
    "eid",
    "eve",
    "halloween",
    "hanukkah",
    "lent",
    "lunar new year",
    "new year",
    "new year's",
    "new year's eve",
    "new year’s",
    "new year’s eve",
    "nowruz",
    "oktoberfest",
    "passover",
    "ramadan",
    "thanksgiving",
];

/// Words of a web page's furniture and discourse words that open sentences or headings,
/// capitalised there but never an entity alone ("Advertisement", "Scroll", "Meanwhile").
const PAGE_WORDS: &[&str] = &[
    "advertisement",
    "caption",
    "close",
    "comments",
    "continue",
    "file",
    "meanwhile",
    "menu",
    "newsletter",
    "page",
    "photo",
    "pictured",
    "please",
    "scroll",
    "settings",
    "share",
    "subscribe",
    "today",
    "update",
];

/// Last words of names of events, which are not entities of any of our types.
const EVENT_WORDS: &[&str] = &[
    "war",
    "bombing",
    "bombings",
    "attack",
    "attacks",
    "marathon",
    "olympics",
    "games",
    "cup",
    "championship",
    "summit",
    "election",
    "elections",
    "conference",
    "festival",
    "crisis",
    "revolution",
    "uprising",
    "spring",
    "agreement",
    "accord",
    "accords",
    "treaty",
    "deal",
    "talks",
    "act",
    "awards",
    "prize",
    "day",
    "week",
];

/// Particles after which a glued hyphen continues a name ("al-Assad").
const PARTICLES: &[&str] = &["al", "el", "ad", "ash", "bin", "abu", "ibn"];

/// Words that end a company's name after a demonym ("American Airlines", "British Airways").
const COMPANY_WORDS: &[&str] = &[
    "airlines",
    "airways",
    "broadcasting",
    "express",
    "motors",
    "petroleum",
    "railways",
    "steel",
    "telecom",
    "tobacco",
];

/// Occupations that describe a person named beside them (sorted).
const OCCUPATIONS: &[&str] = &[
    "activist",
    "actor",
    "actress",
    "analyst",
    "architect",
    "artist",
    "astronaut",
    "athlete",
    "attorney",
    "author",
    "banker",
    "billionaire",
    "bishop",
    "blogger",
    "boss",
    "businessman",
    "businesswoman",
    "catcher",
    "ceo",
    "chairman",
    "chairwoman",
    "chef",
    "closer",
    "coach",
    "cofounder",
    "columnist",
    "comedian",
    "commentator",
    "correspondent",
    "defenseman",
    "designer",
    "director",
    "economist",
    "editor",
    "engineer",
    "entrepreneur",
    "executive",
    "explorer",
    "founder",
    "goalkeeper",
    "guard",
    "historian",
    "infielder",
    "inventor",
    "investor",
    "journalist",
    "lawmaker",
    "lawyer",
    "linebacker",
    "manager",
    "midfielder",
    "musician",
    "novelist",
    "outfielder",
    "owner",
    "philanthropist",
    "photographer",
    "physicist",
    "pitcher",
    "player",
    "playwright",
    "poet",
    "politician",
    "presenter",
    "priest",
    "producer",
    "professor",
    "quarterback",
    "rabbi",
    "rapper",
    "receiver",
    "reliever",
    "reporter",
    "researcher",
    "scientist",
    "shortstop",
    "singer",
    "skipper",
    "songwriter",
    "spokesman",
    "spokesperson",
    "spokeswoman",
    "striker",
    "student",
    "surgeon",
    "teacher",
    "teammate",
    "tycoon",
    "winger",
    "writer",
];

/// Lower-case words that may sit inside a name ("Bank of America", "Osama bin Laden").
const CONNECTORS: &[&str] =
    &["of", "for", "the", "bin", "ibn", "al", "el", "de", "du", "da", "di", "van", "von", "der", "&"];

/// Nouns that describe a role without being a title of the dictionary.
const ROLE_NOUNS: &[(&str, &str, &str)] = &[
    ("leader", "head_of_state", "GOV"),
    ("diplomat", "foreign_minister", "GOV"),
    ("top diplomat", "foreign_minister", "GOV"),
    ("chief diplomat", "foreign_minister", "GOV"),
    ("head of state", "head_of_state", "GOV"),
    ("head of government", "head_of_government", "GOV"),
];

struct Tok<'s> {
    text: &'s str,
    lower: String,
    start: usize,
    end: usize,
    upos: &'s str,
    head: Option<usize>,
    deprel: &'s str,
}

/// Words the article writes as proper names where the tagger can see it (inside a sentence,
/// capitalised, tagged PROPN), folded. A sentence-first word is hard to tag ("Boeing has
/// unveiled" reads as a gerund), so one the article names elsewhere is read as that name.
pub fn article_names<'a>(text: &str, sentences: impl Iterator<Item = &'a ReadSentence<'a>>) -> KeySet<String> {
    let mut out = KeySet::default();
    let capital =
        |t: &herald_syntax::reading::ReadToken<'_>| text[t.start..t.end].chars().next().is_some_and(char::is_uppercase);
    for s in sentences {
        let words: Vec<(&str, &str)> = s.tokens.iter().map(|t| (&text[t.start..t.end], t.analysis.upos)).collect();
        if title_case(&words) {
            // A headline in title case says nothing about which of its words are names.
            continue;
        }
        for t in s.tokens.iter().skip(1) {
            if t.analysis.upos == "PROPN" && capital(t) {
                out.insert(fold(&text[t.start..t.end]));
            }
        }
        // A sentence-first word that opens a run of proper nouns ("Apple Inc. unveiled").
        if let [a, b, ..] = s.tokens.as_slice() {
            let first = fold(&text[a.start..a.end]);
            let common = COMMON_WORDS.binary_search(&first.as_str()).is_ok();
            if capital(a)
                && capital(b)
                && b.analysis.upos == "PROPN"
                && matches!(a.analysis.upos, "NOUN" | "PROPN")
                && !common
            {
                out.insert(first);
            }
        }
    }
    out
}

/// A name candidate made of the longest run of capitalised proper nouns inside the byte span
/// `start..end` of a sentence, for a span given from outside (see
/// [`crate::Annotator::group_spans`]).
pub fn proper_run(
    text: &str,
    sentence_index: usize,
    sentence: &ReadSentence<'_>,
    start: usize,
    end: usize,
) -> Option<Candidate> {
    let mut best: Option<(usize, usize)> = None;
    let mut run: Option<(usize, usize)> = None;
    for t in sentence.tokens.iter().filter(|t| start <= t.start && t.end <= end) {
        let w = &text[t.start..t.end];
        // A given span says the words are a name: a capitalised word read as a common noun
        // ("Apple" first in a sentence) counts.
        let word = matches!(t.analysis.upos, "PROPN" | "NOUN" | "VERB" | "X");
        if word && w.chars().next().is_some_and(char::is_uppercase) {
            run = Some(run.map_or((t.start, t.end), |(s, _)| (s, t.end)));
            if best.is_none_or(|(s, e)| run.is_some_and(|(rs, re)| re - rs > e - s)) {
                best = run;
            }
        } else {
            run = None;
        }
    }
    best.map(|name| Candidate {
        sentence: sentence_index,
        start,
        end,
        form: MentionForm::Name,
        name: Some(name),
        role: None,
        country: None,
        hint: None,
        acts: false,
        anaphor: None,
        same_as: None,
    })
}

/// Finds the mentions of one sentence (the caller skips captions, credits and appeals).
/// `names` are the article's own proper names ([`article_names`]).
pub fn find(
    dict: &Dictionaries,
    text: &str,
    sentence_index: usize,
    sentence: &ReadSentence<'_>,
    names: &KeySet<String>,
    lexicon: Option<&Lexicon>,
    out: &mut Vec<Candidate>,
) {
    let toks: Vec<Tok> = sentence
        .tokens
        .iter()
        .map(|t| {
            let s = &text[t.start..t.end];
            Tok {
                text: s,
                lower: fold(s),
                start: t.start,
                end: t.end,
                upos: t.analysis.upos,
                head: t.analysis.head.checked_sub(1),
                deprel: t.analysis.deprel,
            }
        })
        .collect();
    let n = toks.len();
    if n == 0 {
        return;
    }
    let first_of_sentence = out.len();
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, t) in toks.iter().enumerate() {
        if let Some(h) = t.head.filter(|&h| h < n) {
            children[h].push(i);
        }
    }

    // Titles: the longest dictionary title starting at each token.
    let mut title_at: Vec<Option<(usize, Role)>> = vec![None; n];
    let mut in_title = vec![false; n];
    // A hyphen glued to the words on both sides joins them into one title word
    // ("Secretary-General", "Vice-President").
    let glued_hyphen = |j: usize| {
        toks[j].text == "-"
            && j > 0
            && toks[j - 1].end == toks[j].start
            && toks.get(j + 1).is_some_and(|b| b.start == toks[j].end)
    };
    let mut i = 0;
    while i < n {
        let mut found = None;
        let mut phrase = String::new();
        for (j, t) in toks.iter().enumerate().take(n.min(i + dict.longest_title.max(3) + 2)).skip(i) {
            if j > i && !glued_hyphen(j) && !glued_hyphen(j - 1) {
                phrase.push(' ');
            }
            phrase.push_str(&t.lower);
            if j > i && glued_hyphen(j) {
                continue;
            }
            let role = dict
                .title(&phrase)
                .map(|t| Role { title: String::new(), office: t.office.clone(), sector: t.sector.clone() })
                .or_else(|| {
                    ROLE_NOUNS.iter().find(|(w, _, _)| *w == phrase).map(|(_, o, s)| Role {
                        title: String::new(),
                        office: o.to_string(),
                        sector: Some(s.to_string()),
                    })
                });
            if let Some(r) = role {
                found = Some((j + 1, r));
            }
            let role_continues = ROLE_NOUNS
                .iter()
                .any(|(w, _, _)| w.strip_prefix(phrase.as_str()).is_some_and(|rest| rest.starts_with(' ')));
            if !role_continues && !dict.title_continues(&phrase) {
                break;
            }
        }
        match found {
            Some((end, mut role)) => {
                role.title = text[toks[i].start..toks[end - 1].end].to_string();
                in_title[i..end].iter_mut().for_each(|t| *t = true);
                title_at[i] = Some((end, role));
                i = end;
            }
            None => i += 1,
        }
    }

    let capitalised = |t: &Tok| t.text.chars().next().is_some_and(char::is_uppercase);
    // A sentence in capitals ("RUSSIA WARNS US") gives no case evidence and the tagger reads
    // every word as a name: there, only words that are not common English words can be.
    let shouting = toks.iter().filter(|t| t.text.chars().any(char::is_alphabetic)).count() >= 3
        && !toks.iter().any(|t| t.text.chars().any(char::is_lowercase));
    // A line in title case ("Here's What You Need To Know") gives no case evidence either, nor
    // does a sentence's opening word. There a word English uses as a common word ("Snow
    // continues to fall", "Results may differ") is a name only when the article writes it as one
    // elsewhere or a dictionary knows it.
    let words: Vec<(&str, &str)> = toks.iter().map(|t| (t.text, t.upos)).collect();
    let titled = !shouting && title_case(&words);
    let opening = |i: usize| toks[..i].iter().all(|p| !p.text.chars().any(char::is_alphanumeric));
    let english = |t: &Tok| {
        lexicon.is_some_and(|l| l.allowed(&t.lower) != 0 || singular_men(&t.lower).is_some_and(|s| l.allowed(&s) != 0))
            && !is_acronym(t.text)
            && dict.country(t.text).is_none()
            && dict.organisation(t.text).is_none()
            && dict.region(t.text).is_none()
            && dict.adjective(t.text).is_none()
            && dict.people(t.text).is_none()
            && !dict.is_us_state(t.text)
            && dict.cities(t.text).first().is_none_or(|c| c.population < 100_000)
    };
    // A word English uses as a common word and no dictionary of ours knows as a name; the
    // second test also asks that the article not write it as a name elsewhere.
    let common_word = |t: &Tok| english(t) && !names.contains(&t.lower);
    // Each word's demonym reading, looked up once: the country, and where the demonym ends. A
    // demonym of two or three capitalised words ("North Korean", "Sri Lankan", "Papua New
    // Guinean") reads as one, each of its words carrying the country.
    let mut demonym: Vec<Option<(usize, usize)>> = vec![None; n];
    let mut k = 0;
    while k < n {
        let multi = (2..=3).rev().find_map(|len| {
            let span = toks.get(k..k + len)?;
            let glued = span.windows(2).all(|w| text[w[0].end..w[1].start] == *" ");
            (glued && span.iter().all(capitalised))
                .then(|| dict.adjective(&text[span[0].start..span[len - 1].end]))
                .flatten()
                .map(|c| (len, c))
        });
        match multi {
            Some((len, c)) => {
                demonym[k..k + len].iter_mut().for_each(|d| *d = Some((c, k + len)));
                k += len;
            }
            None => {
                demonym[k] = dict.adjective(toks[k].text).map(|c| (c, k + 1));
                k += 1;
            }
        }
    }
    let adjective: Vec<Option<usize>> = demonym.iter().map(|d| d.map(|(c, _)| c)).collect();
    // A country, a known organisation or a company whose name opens with a demonym ("the
    // Soviet Union", "American Airlines", "British Airways"): the adjective is part of the
    // name, not a modifier of it (the company is not its country acting).
    let country_name_at: Vec<bool> = (0..n)
        .map(|i| {
            adjective[i].is_some()
                && (2..=4).any(|k| {
                    let span = || &text[toks[i].start..toks[i + k - 1].end];
                    i + k <= n
                        && toks[i..i + k].iter().all(capitalised)
                        && (COMPANY_WORDS.contains(&toks[i + k - 1].lower.as_str())
                            || dict.country(span()).is_some()
                            || dict.organisation(span()).is_some())
                })
        })
        .collect();
    let is_name = |i: usize| {
        let t = &toks[i];
        let bare = t.lower.trim_end_matches('.');
        // A month's abbreviation glued to a hyphen is a name's first part ("Mar-a-Lago").
        let date_word = is_date_word(bare) && !toks.get(i + 1).is_some_and(|h| h.text == "-" && h.start == t.end);
        if !capitalised(t) || in_title[i] || date_word || HONORIFICS.contains(&bare) || t.text == "I" {
            return false;
        }
        if country_name_at[i] {
            return true;
        }
        if shouting && (COMMON_WORDS.binary_search(&bare).is_ok() || t.text.chars().count() < 2) {
            return false;
        }
        if is_acronym(t.text)
            || t.upos == "PROPN"
            || (names.contains(&t.lower) && toks[..i].iter().all(|p| p.upos == "PUNCT"))
        {
            return true;
        }
        // A capitalised common word inside a name run ("Islamic State"), never sentence-first;
        // a capitalised word read as a verb only right before a proper noun ("the United
        // States").
        let before_name = toks.get(i + 1).is_some_and(|n| n.upos == "PROPN" && capitalised(n));
        adjective[i].is_none()
            && ((i > 0 && matches!(t.upos, "NOUN" | "ADJ" | "X"))
                || (i > 0 && t.upos == "VERB" && toks.get(i + 1).is_some_and(capitalised))
                || (i == 0
                    && matches!(t.upos, "NOUN" | "ADJ")
                    && before_name
                    && COMMON_WORDS.binary_search(&bare).is_err()))
    };

    // Whether each word can be part of a name, decided once per word.
    let name_at: Vec<bool> = (0..n).map(is_name).collect();
    let is_name = |i: usize| name_at[i];

    // Name runs.
    let mut i = 0;
    while i < n {
        if !is_name(i) || (adjective[i].is_some() && !is_acronym(toks[i].text) && !country_name_at[i]) {
            // A demonym adjective: a modifier mention of its country.
            if let Some((c, e)) = demonym[i].filter(|_| capitalised(&toks[i]) && !in_title[i]) {
                out.push(Candidate::modifier(sentence_index, toks[i].start, toks[e - 1].end, c));
                i = e;
                continue;
            } else if let Some(c) = dict.people(toks[i].text).filter(|_| capitalised(&toks[i])) {
                out.push(Candidate {
                    sentence: sentence_index,
                    start: toks[i].start,
                    end: toks[i].end,
                    form: MentionForm::Name,
                    name: Some((toks[i].start, toks[i].end)),
                    role: None,
                    country: Some(c),
                    hint: Some(EntityType::Group),
                    acts: is_subject(toks[i].deprel),
                    anaphor: None,
                    same_as: None,
                });
            }
            i += 1;
            continue;
        }
        let mut end = i + 1;
        loop {
            // Hyphen glued to both sides ("al-Assad"), or connector words followed by a name.
            let mut j = end;
            while j < n && j < end + 3 && is_connector(dict, &toks, j) {
                j += 1;
            }
            if j > end && j < n && is_name(j) && !(j == end + 1 && toks[end].lower == "the") {
                end = j + 1;
            } else if let Some(e) = known_across_possessive(dict, text, &toks, i, end, &is_name) {
                // A dictionary name with a possessive inside ("the Democratic People's Republic
                // of Korea", "People's Daily") is one name, not a name's owner and another name.
                end = e;
            } else if end + 1 < n
                && is_possessive(&toks[end])
                && toks[end - 1].end == toks[end].start
                && is_name(end + 1)
                && ((end == i + 1 && plural_owner(&toks[i], &toks[end]) && english(&toks[i]))
                    || matches!(toks[i].text, "St" | "St." | "Saint" | "Ste" | "Ste."))
            {
                // An owner that is no name of its own makes one name with what it owns: a
                // plural common noun ("the People's Bank of China", "the Children's Hospital",
                // "the Veterans' Affairs Committee") or a saint ("St George's Hospital").
                end += 2;
            } else if let Some(e) = hyphen_place(&toks, end, &is_name) {
                end = e;
            } else if end < n && is_name(end) {
                end += 1;
            } else if end - i >= 2 && syllable_after_hyphen(&toks, end) {
                // A given name written with a hyphen and a lowercase second syllable, after
                // the family name ("Moon Jae-in", "Kim Jong-un"): the name goes on; the
                // syllable closes it.
                end += 2;
                break;
            } else {
                break;
            }
            if end - i >= WINDOW {
                break;
            }
        }
        // A run of common words where case says nothing (a title-case line, or one word that
        // opens the sentence) is not a name.
        if (titled || (end == i + 1 && opening(i))) && toks[i..end].iter().filter(|t| capitalised(t)).all(&common_word)
        {
            i = end;
            continue;
        }
        // A country that opens an organisation's name ("US Air Force", "UK RAF") is also a
        // mention of the country, as a modifier.
        if let Some((k, c)) = (1..=2)
            .filter(|k| i + k < end)
            .find_map(|k| dict.country(&text[toks[i].start..toks[i + k - 1].end]).map(|c| (k, c)))
        {
            let rest = &toks[i + k..end];
            let org_like = rest.len() == 1 && is_acronym(rest[0].text)
                || rest.last().is_some_and(|t| ORG_WORDS.contains(&t.lower.as_str()));
            // "the United States Hamdullah Mohib" (after "Ambassador to"): a country, then a
            // person's name.
            let person_after = !org_like
                && (2..=4).contains(&rest.len())
                && rest.iter().all(|t| t.upos == "PROPN" && capitalised(t) && !CONNECTORS.contains(&t.lower.as_str()))
                && dict.organisation(&text[rest[0].start..rest[rest.len() - 1].end]).is_none();
            if person_after {
                push_name(dict, text, &toks, &children, &title_at, &demonym, sentence_index, i, i + k, out);
                let before = out.len();
                push_name(dict, text, &toks, &children, &title_at, &demonym, sentence_index, i + k, end, out);
                if let Some(c) = out.get_mut(before).filter(|c| c.hint.is_none()) {
                    c.hint = Some(EntityType::Person);
                }
                i = end;
                continue;
            }
            if org_like {
                out.push(Candidate::modifier(sentence_index, toks[i].start, toks[i + k - 1].end, c));
            }
        }
        push_name(dict, text, &toks, &children, &title_at, &demonym, sentence_index, i, end, out);
        i = end;
    }

    // "Mobile, Alabama", "Toulouse, France": a place and the state or country it is in make
    // one mention of the first, which that country disambiguates. A country is not in another
    // ("On Syria, Russia has ..." is two countries), but a US state may share a country's name
    // ("Georgia, USA").
    let names: Vec<usize> = (first_of_sentence..out.len()).filter(|&k| out[k].form == MentionForm::Name).collect();
    for w in names.windows(2) {
        let (a, b) = (w[0], w[1]);
        let (Some((as_, ae)), Some((bs, be))) = (out[a].name, out[b].name) else { continue };
        if text[ae..bs].trim() != "," || out[a].hint.is_some() {
            continue;
        }
        let first = &text[as_..ae];
        let within = &text[bs..be];
        let in_usa = || dict.country(within).is_some_and(|c| dict.countries[c].iso3 == "USA");
        if dict.country(first).is_some() && !(dict.is_us_state(first) && in_usa()) {
            continue;
        }
        let country = dict.country(within).or_else(|| {
            let state = dict.is_us_state(within).then_some("USA");
            state.or(dict.region(within).and_then(|r| r.country.as_deref())).and_then(|c| dict.country_by_iso3(c))
        });
        if let Some(c) = country {
            out[a].end = out[a].end.max(be);
            out[a].country = out[a].country.or(Some(c));
            out[a].hint = Some(EntityType::Gpe);
        }
    }

    // "Kenji Sato, the United Nations Emergency Relief Coordinator,": a name in apposition to
    // a person's name that opens with a known organisation's name and goes on with more words
    // is the person's office in that organisation, not an organisation of its own: it becomes
    // a description of the person ([`org_office`]), beside a mention of the organisation.
    let names: Vec<usize> = (first_of_sentence..out.len()).filter(|&k| out[k].form == MentionForm::Name).collect();
    for w in names.windows(2) {
        let (a, b) = (w[0], w[1]);
        let (Some((as_, ae)), Some((bs, be))) = (out[a].name, out[b].name) else { continue };
        let between: Vec<&str> = text.get(ae..bs).unwrap_or("").split_whitespace().collect();
        let person = &text[as_..ae];
        if !matches!(between.as_slice(), [",", "the"] | [",", "The"])
            || !matches!(out[a].hint, None | Some(EntityType::Person))
            || dict.organisation(person).is_some()
            || dict.country(person).is_some()
        {
            continue;
        }
        let Some((_, org_end, role)) = org_office(dict, &text[bs..be]) else { continue };
        out[b].form = MentionForm::Description;
        out[b].name = None;
        out[b].role = Some(role);
        out[b].hint = Some(EntityType::Person);
        out[b].same_as = Some((as_, ae));
        let mut org = out[b].clone();
        (org.start, org.end, org.name) = (bs, bs + org_end, Some((bs, bs + org_end)));
        (org.form, org.role, org.hint, org.same_as) = (MentionForm::Name, None, Some(EntityType::Organisation), None);
        out.push(org);
    }

    // Descriptions: "the" + modifiers + a role with no name after it.
    for (k, slot) in title_at.iter().enumerate() {
        let Some((end, role)) = slot else { continue };
        if *end < n && is_name(*end) {
            continue;
        }
        // Walk left over modifiers to a determiner.
        let mut s = k;
        let mut country = None;
        while s > 0 && k - s < 5 {
            let p = &toks[s - 1];
            if p.lower == "the" {
                s -= 1;
                break;
            }
            if let Some(c) = adjective[s - 1].or_else(|| dict.country(p.text)) {
                country = Some(c);
            } else if !matches!(p.upos, "ADJ" | "PROPN" | "NOUN") {
                break;
            }
            s -= 1;
        }
        if toks[s].lower != "the" && !toks[s].lower.ends_with("'s") {
            continue;
        }
        out.push(Candidate {
            sentence: sentence_index,
            start: toks[s].start,
            end: toks[end - 1].end,
            form: MentionForm::Description,
            name: None,
            role: Some(role.clone()),
            country,
            hint: Some(EntityType::Person),
            acts: is_subject(toks[end - 1].deprel) || is_subject(toks[k].deprel),
            anaphor: None,
            same_as: None,
        });
    }

    // Generic descriptions: "the country", "this city", "the church", not followed by a name
    // or an "of" phrase that names it ("the city of Sochi").
    for k in 1..n {
        let Some(&(noun, kind)) = ANAPHORS.iter().find(|(w, _)| *w == toks[k].lower) else { continue };
        let det = &toks[k - 1];
        if !matches!(det.lower.as_str(), "the" | "this") || capitalised(&toks[k]) {
            continue;
        }
        let next = toks.get(k + 1);
        if next.is_some_and(|t| t.lower == "of" || t.upos == "PROPN" || t.upos == "NOUN" || t.lower == "'s") {
            continue;
        }
        out.push(Candidate {
            sentence: sentence_index,
            start: det.start,
            end: toks[k].end,
            form: MentionForm::Description,
            name: None,
            role: None,
            country: None,
            hint: Some(kind),
            acts: is_subject(toks[k].deprel),
            anaphor: Some(noun),
            same_as: None,
        });
    }

    // Predicates and appositions that say what a name is: "Warhol was an artist", "Nasser
    // Judeh, the foreign minister". The description is the noun's whole phrase.
    for k in 0..n {
        if toks[k].upos != "NOUN" || !children[k].iter().any(|&c| matches!(toks[c].upos, "DET")) {
            continue;
        }
        let subject = if toks[k].deprel == "appos" {
            toks[k].head.filter(|&h| h < k)
        } else if children[k].iter().any(|&c| toks[c].deprel == "cop") {
            children[k].iter().copied().find(|&c| toks[c].deprel == "nsubj" && c < k)
        } else {
            None
        };
        let Some(h) = subject.filter(|&h| toks[h].upos == "PROPN") else { continue };
        let (lo, hi) = phrase_of(&toks, &children, k);
        if toks[lo].lower == "the" || (hi + 1 - lo) > WINDOW / 2 {
            // "the foreign minister" is read as a role above; long clauses are not mentions.
            continue;
        }
        out.push(Candidate {
            sentence: sentence_index,
            start: toks[lo].start,
            end: toks[hi].end,
            form: MentionForm::Description,
            name: None,
            role: None,
            country: None,
            hint: None,
            acts: false,
            anaphor: None,
            same_as: Some((toks[h].start, toks[h].end)),
        });
    }

    // Epithets: "the Islamic republic", up to five words after "the".
    for (k, t) in toks.iter().enumerate() {
        if t.lower != "the" {
            continue;
        }
        for e in (k + 2..=n.min(k + 6)).rev() {
            let phrase = &text[t.start..toks[e - 1].end];
            if let Some(stands) = dict.epithet(phrase) {
                let country = dict
                    .country(&stands.country)
                    .or_else(|| dict.countries.iter().position(|c| c.iso3 == stands.country));
                out.push(Candidate {
                    sentence: sentence_index,
                    start: t.start,
                    end: toks[e - 1].end,
                    form: MentionForm::Description,
                    name: None,
                    role: None,
                    country,
                    hint: Some(EntityType::Gpe),
                    acts: is_subject(toks[e - 1].deprel),
                    anaphor: None,
                    same_as: None,
                });
                break;
            }
        }
    }
}

/// Whether a sentence's words (form and UPOS) are in title case, as headlines are: at least
/// three capitalised words, no word of four letters or more in lowercase, no full stop at the
/// end, and a function word capitalised after the first word ("What You Need To Know"), which a
/// line of names does not have ("Black Widow and Captain America").
fn title_case(words: &[(&str, &str)]) -> bool {
    let starts = |f: &str, upper: bool| {
        f.chars().next().is_some_and(|c| c.is_alphabetic() && if upper { c.is_uppercase() } else { c.is_lowercase() })
    };
    let function = |(f, upos): &(&str, &str)| {
        starts(f, true) && *f != "The" && matches!(*upos, "ADP" | "AUX" | "CCONJ" | "DET" | "PART" | "PRON" | "SCONJ")
    };
    words.iter().filter(|(f, _)| starts(f, true)).count() >= 3
        && !words.iter().any(|(f, _)| starts(f, false) && f.chars().count() >= 4)
        && words.last().is_some_and(|(f, _)| *f != ".")
        && words.iter().skip(1).any(function)
}

/// A month or weekday name, whatever its case (`bare` is folded, full stop removed).
fn is_date_word(bare: &str) -> bool {
    let mut chars = bare.chars();
    let title: String = chars.next().into_iter().flat_map(char::to_uppercase).chain(chars).collect();
    is_month(&title) || is_weekday(&title)
}

fn is_subject(deprel: &str) -> bool {
    deprel.starts_with("nsubj")
}

fn is_connector(dict: &Dictionaries, toks: &[Tok], j: usize) -> bool {
    let t = &toks[j];
    if CONNECTORS.contains(&t.lower.as_str()) {
        return true;
    }
    // A hyphen glued to both neighbours: after a particle ("al-Assad"), or between two
    // capitalised words that are not themselves names of countries or office holders
    // ("Wal-Mart", "Rolls-Royce"; not "Lavrov-Kerry", "US-Russia").
    if t.text != "-" || j == 0 || j + 1 >= toks.len() || toks[j - 1].end != t.start || toks[j + 1].start != t.end {
        return false;
    }
    let (a, b) = (&toks[j - 1], &toks[j + 1]);
    // A common given name that is also an office holder's surname ("Jean") still opens a
    // double given name ("Jean-Bertrand", "Jean-Claude").
    let known = |w: &Tok| {
        dict.country(w.text).is_some()
            || dict.adjective(w.text).is_some()
            || ((dict.is_holder_surname(w.text) || !dict.offices_of(w.text).is_empty())
                && !crate::names::is_given_name(w.text))
    };
    PARTICLES.contains(&a.lower.as_str())
        || (a.text.chars().next().is_some_and(char::is_uppercase)
            && b.text.chars().next().is_some_and(char::is_uppercase)
            && !known(a)
            && !known(b))
}

/// The end of a country or organisation of the dictionary whose name runs from `toks[i]` across
/// the possessive at `toks[end]` ("Democratic People's Republic of Korea", "Republican People's
/// Party"): the longest such name of names and connectors, if any.
fn known_across_possessive(
    dict: &Dictionaries,
    text: &str,
    toks: &[Tok],
    i: usize,
    end: usize,
    is_name: &impl Fn(usize) -> bool,
) -> Option<usize> {
    let t = toks.get(end)?;
    if !is_possessive(t) || toks[end - 1].end != t.start {
        return None;
    }
    // What the words before the possessive already name (the keys drop possessives and
    // particles, so "Syria's al" would find Syria again).
    let owner = &text[toks[i].start..toks[end - 1].end];
    let (owner_country, owner_org) = (dict.country(owner), dict.organisation(owner));
    let mut best = None;
    let mut k = end + 1;
    while k < toks.len() && k - i < 10 && (is_name(k) || CONNECTORS.contains(&toks[k].lower.as_str())) {
        let name = &text[toks[i].start..toks[k].end];
        let found = |x: Option<usize>, own: Option<usize>| x.is_some() && x != own;
        if is_name(k)
            && !PARTICLES.contains(&toks[k].lower.as_str())
            && (found(dict.country(name), owner_country) || found(dict.organisation(name), owner_org))
        {
            best = Some(k + 1);
        }
        k += 1;
    }
    best
}

/// The end of a place name whose parts are joined by hyphens around a lowercase particle
/// ("Mar-a-Lago", "Stratford-upon-Avon", "Aix-en-Provence"), when `toks[end]` opens such a
/// joint after the name's first part.
fn hyphen_place(toks: &[Tok], end: usize, is_name: &impl Fn(usize) -> bool) -> Option<usize> {
    const JOINTS: &[&str] =
        &["a", "al", "am", "au", "de", "del", "des", "di", "du", "en", "la", "le", "on", "sur", "upon", "y"];
    let part = toks.get(end..end + 4)?;
    let glued = part.windows(2).all(|w| w[0].end == w[1].start) && toks[end - 1].end == part[0].start;
    (glued && part[0].text == "-" && JOINTS.contains(&part[1].text) && part[2].text == "-" && is_name(end + 3))
        .then_some(end + 4)
}

/// Whether `toks[j]` is a hyphen glued between a short capitalised word and a short lowercase
/// syllable that ends the word ("Jae-in", "Soo-hyun", "Ki-moon"), not a compound adjective
/// ("Saudi Arabia-led", "New York-area", "Kremlin-backed").
fn syllable_after_hyphen(toks: &[Tok], j: usize) -> bool {
    const NOT_SYLLABLES: &[&str] = &["area", "born", "era", "like", "made", "run", "size", "type", "wide"];
    let short = |t: &Tok| (2..=4).contains(&t.text.chars().count());
    let (Some(a), Some(h), Some(b)) = (j.checked_sub(1).and_then(|k| toks.get(k)), toks.get(j), toks.get(j + 1)) else {
        return false;
    };
    h.text == "-"
        && a.end == h.start
        && h.end == b.start
        && toks
            .get(j + 2)
            .is_none_or(|c| c.start > b.end || (c.text != "-" && !c.text.starts_with(char::is_alphanumeric)))
        && short(a)
        && a.text.chars().next().is_some_and(char::is_uppercase)
        && short(b)
        && b.text.chars().all(|c| c.is_ascii_lowercase())
        && !b.text.ends_with("ed")
        && !NOT_SYLLABLES.contains(&b.text)
}

#[allow(clippy::too_many_arguments)]
fn push_name(
    dict: &Dictionaries,
    text: &str,
    toks: &[Tok],
    children: &[Vec<usize>],
    title_at: &[Option<(usize, Role)>],
    demonym: &[Option<(usize, usize)>],
    sentence_index: usize,
    first: usize,
    end: usize,
    out: &mut Vec<Candidate>,
) {
    let last = end - 1;
    let name = (toks[first].start, toks[last].end);
    let name_text = &text[name.0..name.1];
    // Not entities: events ("Cold War", "Boston Marathon"), lone letters and model numbers
    // ("S-300"), and a lone capitalised adjective ("Western", "Islamic").
    let lone = first == last;
    // A name that only modifies a document ("the New START treaty", "the Minsk agreement") is
    // the document's, not an entity's.
    let names_document = toks.get(end).is_some_and(|t| DOCUMENT_WORDS.contains(&t.lower.as_str()))
        && dict.country(name_text).is_none()
        && dict.city_ids(name_text).is_empty();
    let lowered = name_text.to_lowercase();
    if EVENT_WORDS.contains(&toks[last].lower.as_str())
        || HOLIDAYS.contains(&lowered.as_str())
        || (lone && PAGE_WORDS.contains(&lowered.as_str()))
        || names_document
        || (name_text.chars().any(|c| c.is_ascii_digit()) && dict.organisation(name_text).is_none())
        || name_text.chars().filter(|c| c.is_alphabetic()).count() < 2
        || (lone && toks[first].upos == "ADJ" && !is_acronym(name_text))
    {
        return;
    }
    // A people ("Afghans", "the Russians", "North Koreans").
    if end - first <= 3 {
        if let Some(c) = dict.people(name_text) {
            let lo = if first > 0 && toks[first - 1].lower == "the" { first - 1 } else { first };
            out.push(Candidate {
                sentence: sentence_index,
                start: toks[lo].start,
                end: toks[last].end,
                form: MentionForm::Name,
                name: Some(name),
                role: None,
                country: Some(c),
                hint: Some(EntityType::Group),
                acts: is_subject(toks[first].deprel),
                anaphor: None,
                same_as: None,
            });
            return;
        }
    }
    let honorific = first > 0 && HONORIFICS.contains(&toks[first - 1].lower.trim_end_matches('.'));
    // The head of the name: the last of its tokens whose head lies outside it.
    let head = (first..end).rev().find(|&i| toks[i].head.is_none_or(|h| h < first || h >= end)).unwrap_or(last);
    let deprel = toks[head].deprel;
    let words: Vec<&str> = toks[first..end].iter().map(|t| t.lower.as_str()).collect();
    let last_word = words.last().copied().unwrap_or("");
    let hint = if ORG_WORDS.contains(&last_word) {
        Some(EntityType::Organisation)
    } else if LOCATION_WORDS.contains(&last_word)
        || words.first().is_some_and(|w| *w == "mount" || *w == "lake")
        || (lone && PLANETS.contains(&last_word))
        || (lone && matches!(last_word, "moon" | "sun") && first > 0 && toks[first - 1].lower == "the")
    {
        Some(EntityType::Location)
    } else if FACILITY_WORDS.contains(&last_word) {
        Some(EntityType::Facility)
    } else if GPE_WORDS.contains(&last_word) && words.len() > 1 {
        Some(EntityType::Gpe)
    } else {
        None
    };

    // The phrase: the head's subtree, unless the name only modifies another noun.
    let modifier = matches!(deprel, "compound" | "flat" | "amod" | "fixed") || deprel.starts_with("compound");
    let (mut lo, mut hi) = (first, last);
    if !modifier {
        let mut stack = vec![head];
        while let Some(i) = stack.pop() {
            lo = lo.min(i);
            hi = hi.max(i);
            for &c in &children[i] {
                // Only what precedes a name belongs to its phrase (titles, determiners,
                // modifiers), and the possessive after it: a name takes no complements.
                let keep = c < first || (c > last && is_possessive(&toks[c]) && c == hi + 1) || (c > first && c < last);
                if keep && c.abs_diff(head) <= WINDOW && !excluded(toks[c].deprel) {
                    stack.push(c);
                }
            }
        }
        // Keep the phrase contiguous: only determiners, modifiers and possessives may stand
        // before the name ("the new EADS CEO", not "to The Register" or "the top five were").
        let mut left = first;
        while left > lo && in_phrase(&toks[left - 1]) {
            left -= 1;
        }
        lo = left;
        while lo < first && matches!(toks[lo].deprel, "case" | "mark" | "cc" | "punct" | "advmod") {
            lo += 1;
        }
        while hi > last && toks[hi].deprel == "punct" {
            hi -= 1;
        }
    } else if first > 0 && toks[first - 1].lower == "the" && toks[first - 1].head == Some(head) {
        lo = first - 1;
    } else if first > 0
        && toks[head].head == Some(first - 1)
        && toks[first - 1].upos == "NOUN"
        && toks[first - 1].text.chars().next().is_some_and(char::is_lowercase)
        && deprel != "compound"
    {
        // A descriptor the parse made the head ("German airline Lufthansa", "engine maker
        // Europrop"): it and its modifiers belong to the name's phrase.
        lo = first - 1;
        while lo > 0 && in_phrase(&toks[lo - 1]) && toks[lo - 1].head.is_some_and(|h| h >= lo && h < first) {
            lo -= 1;
        }
    }

    // A title right before the name belongs to its phrase whatever the parse says, and so does
    // a country word right before the title ("Jordanian Foreign Minister ...").
    if let Some(t) = (first.saturating_sub(dict.longest_title.max(3))..first)
        .find(|&k| title_at[k].as_ref().is_some_and(|(e, _)| *e == first))
    {
        lo = lo.min(t);
        if t > 0 {
            if let Some((_, e)) = demonym[t - 1] {
                // The demonym's first word ("South" of "South Korean").
                let start = (0..t).rev().take_while(|&k| demonym[k].is_some_and(|(_, x)| x == e)).last();
                lo = lo.min(start.unwrap_or(t - 1));
            } else if dict.country(toks[t - 1].text).is_some() {
                lo = lo.min(t - 1);
            }
        }
        hi = hi.max(last);
    }
    // A title and a country stated inside the phrase, before the name.
    let mut role = None;
    let mut country = None;
    for k in lo..first {
        if let Some((e, r)) = &title_at[k] {
            if *e <= first {
                role = Some(r.clone());
            }
        }
        if let Some(c) = demonym[k].map(|(c, _)| c).or_else(|| dict.country(toks[k].text)) {
            if role.is_none() {
                country = Some(c);
            }
        }
    }
    // A title may also follow a name with a comma or as "of" ("Sergei Lavrov, Russia's foreign
    // minister" is left to apposition handling in resolution).
    // An occupation right before the name ("SpaceX founder Elon Musk", "rapper Cardi B") or in
    // apposition to it ("Aroldis Chapman, the closer") says it is a person's.
    let occupation = |k: usize| {
        let t = &toks[k];
        t.upos == "NOUN"
            && (t.text.starts_with(char::is_lowercase) || t.text == "CEO")
            && OCCUPATIONS.binary_search(&t.lower.as_str()).is_ok()
    };
    let described = (first > 0 && occupation(first - 1))
        || children[head].iter().any(|&c| c > last && toks[c].deprel == "appos" && occupation(c))
        || (deprel == "appos" && toks[head].head.is_some_and(|h| h < first && occupation(h)));
    let hint = hint
        .or(role.as_ref().map(|_| EntityType::Person))
        .or(honorific.then_some(EntityType::Person))
        .or((described && end - first <= 3 && !name_text.contains('&')).then_some(EntityType::Person));
    out.push(Candidate {
        sentence: sentence_index,
        start: toks[lo].start,
        end: toks[hi].end,
        form: MentionForm::Name,
        name: Some(name),
        role,
        country,
        hint,
        acts: is_subject(deprel),
        anaphor: None,
        same_as: None,
    });
}

/// The contiguous span of a noun's phrase: its subtree without clauses, cut at the first gap.
fn phrase_of(toks: &[Tok], children: &[Vec<usize>], k: usize) -> (usize, usize) {
    let mut inside = vec![false; toks.len()];
    let mut stack = vec![k];
    while let Some(i) = stack.pop() {
        inside[i] = true;
        for &c in &children[i] {
            if c.abs_diff(k) <= WINDOW && !excluded(toks[c].deprel) && toks[c].deprel != "acl:relcl" {
                stack.push(c);
            }
        }
    }
    let (mut lo, mut hi) = (k, k);
    while lo > 0 && inside[lo - 1] {
        lo -= 1;
    }
    while hi + 1 < toks.len() && inside[hi + 1] {
        hi += 1;
    }
    while hi > k && toks[hi].upos == "PUNCT" {
        hi -= 1;
    }
    (lo, hi)
}

/// A possessive marker ("'s", "'").
/// Whether `owner` followed by `possessive` is a plural's possessive: "People's", "Women's",
/// "Fishermen's", "Veterans'" (the caller has checked that the owner is a common word).
fn plural_owner(owner: &Tok, possessive: &Tok) -> bool {
    matches!(owner.lower.as_str(), "people" | "children")
        || singular_men(&owner.lower).is_some()
        || (matches!(possessive.text, "'" | "’") && owner.lower.ends_with('s'))
}

/// The singular of a plural in "-men" ("fishermen" → "fisherman"), which the lexicon lists.
fn singular_men(lower: &str) -> Option<String> {
    lower.strip_suffix("men").filter(|s| !s.is_empty()).map(|s| format!("{s}man"))
}

fn is_possessive(t: &Tok) -> bool {
    matches!(t.text, "'s" | "'" | "’s" | "’")
}

/// A word that may stand in a noun phrase before its name: a determiner, a modifier, a noun,
/// a number or a possessive.
fn in_phrase(t: &Tok) -> bool {
    matches!(t.upos, "DET" | "ADJ" | "NOUN" | "PROPN" | "NUM") || is_possessive(t) || (t.text == "-")
}

/// Dependents that are not part of the noun phrase they hang from.
fn excluded(deprel: &str) -> bool {
    let base = deprel.split(':').next().unwrap_or(deprel);
    matches!(
        base,
        "appos"
            | "conj"
            | "cc"
            | "parataxis"
            | "list"
            | "dep"
            | "discourse"
            | "vocative"
            | "orphan"
            | "reparandum"
            | "advcl"
            | "root"
            | "ccomp"
            | "xcomp"
            | "csubj"
            | "nsubj"
            | "obj"
            | "iobj"
            | "obl"
            | "aux"
            | "cop"
    )
}

/// An office in an organisation, written as the organisation's name and then a title of any
/// words ("United Nations Emergency Relief Coordinator", "UN envoy", "the NATO spokesman"): the
/// organisation (an index into [`Dictionaries::organisations`]), where its name ends in `phrase`
/// (after any comma and "the"), and the role the rest states, a known title's or else an
/// official's. Not a phrase that is itself a known organisation's name ("United Nations
/// Security Council").
pub fn org_office(dict: &Dictionaries, phrase: &str) -> Option<(usize, usize, Role)> {
    let lead = phrase.len() - phrase.trim_start_matches(|c: char| c.is_whitespace() || c == ',').len();
    let body = &phrase[lead..];
    let skip = if body.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("the ")) { 4 } else { 0 };
    let body = &body[skip..];
    if dict.organisation(body).is_some() {
        return None;
    }
    // Word ends, in bytes, within `body`.
    let ends: Vec<usize> = body
        .char_indices()
        .filter(|&(i, c)| !c.is_whitespace() && body[i + c.len_utf8()..].chars().next().is_none_or(char::is_whitespace))
        .map(|(i, c)| i + c.len_utf8())
        .collect();
    let (org, org_end) =
        ends[..ends.len().saturating_sub(1)].iter().rev().find_map(|&e| Some((dict.organisation(&body[..e])?, e)))?;
    let rest = body[org_end..].trim();
    // The rest is a title: words, the last a noun-like word, no possessive, no digits.
    let words: Vec<&str> = rest.split_whitespace().collect();
    if words.is_empty()
        || words.len() > 5
        || words.iter().any(|w| !w.chars().all(|c| c.is_alphabetic() || c == '-' || c == '.'))
        || dict.country(rest).is_some()
        || dict.organisation(rest).is_some()
    {
        return None;
    }
    let role = match dict.title(rest) {
        Some(t) => Role { title: rest.to_string(), office: t.office.clone(), sector: t.sector.clone() },
        None => Role { title: rest.to_string(), office: "official".into(), sector: None },
    };
    Some((org, lead + skip + org_end, role))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_lists_are_sorted_for_binary_search() {
        assert!(COMMON_WORDS.windows(2).all(|w| w[0] < w[1]));
        assert!(OCCUPATIONS.windows(2).all(|w| w[0] < w[1]));
    }
}
