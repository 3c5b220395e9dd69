//! Sentence boundaries in English news text.
//!
//! [`split_sentences`] returns half-open byte spans into the text, trimmed of surrounding
//! whitespace, ordered, non-overlapping, never empty and always on char boundaries.
//!
//! # How a boundary is found
//!
//! * **Every line break is a boundary** (`\n`, `\r`, vertical tab, form feed, U+0085, U+2028,
//!   U+2029): herald's clean text holds one paragraph, headline, dateline or caption per line, so
//!   a sentence never spans lines. Headline and dateline lines are therefore sentences of their
//!   own. A dateline that opens a body line is cut off too, as GUM and MEANTIME do: a date
//!   (`March 01, 2008 Northrop ...`, `Friday, July 21, 2017 A group ...`) or a place of
//!   capitalised words with a comma and a dash (`Evansville, Indiana, United States - This
//!   past week ...`). A photo credit label inside a line (`... Space Station Image: NASA.`)
//!   starts a new sentence.
//! * Line breaks have one exception, hard-wrapped text (PDF, e-mail, fixed-width files): a
//!   single line break between a line that starts with a capital, has three words or more and
//!   ends in a lower-case letter, and a line that starts with a lower-case word (not a list
//!   marker such as `a)`) is read as a space (`The council voted to raise\nthe rates.`). A blank
//!   line is always a boundary.
//! * Footnote marks after a period belong to the sentence they close (`martyr.[1] The`,
//!   `consultation.11 12 Take`). A dash after terminal punctuation (`voila! -- you`, `game." -
//!   Matthew Ingram`) continues the sentence, unless a clause follows it (a capitalised word
//!   then a lower-case one: `Who will pay? - Taxpayers will ...`); then the dash opens
//!   the next sentence.
//! * Within a line the text is cut into whitespace-separated *chunks*. A period glued between a
//!   letter or digit and a capitalised word (`world.Today`, `US.Secretary`) is read as if a space
//!   followed it, except inside URLs, e-mail addresses and domains (`www.Example.com`,
//!   `Jane.Doe@example.com`), which are never split.
//! * A chunk that ends in terminal punctuation (`.`, `?`, `!`, `…`, `‽`, runs of them), possibly
//!   followed by closing quotes or brackets, is a candidate; the next chunk decides:
//!   - `?` / `!` runs end a sentence unless the next word is lower-case (`Yahoo! in`,
//!     `"Is it?" he asked`).
//!   - an ellipsis (`...`, `…`, `. . .`, `[...]`) ends a sentence only before a capitalised word
//!     that is not the pronoun `I` and not an opening parenthesis; a word with its own period
//!     followed by a spaced ellipsis and a capitalised word ends there, and the ellipsis opens
//!     the next sentence; an ellipsis at the start of a sentence ends nothing.
//!   - a period after an ordinary word or a number ends a sentence before a capitalised word or
//!     a non-alphanumeric start, not before a lower-case word or a digit.
//!   - titles that precede names (`Mr.`, `Dr.`, `Gen.`, `Sen.`, `Gov.`, `Mt.`, ...) and `e.g.`,
//!     `i.e.` never end a sentence.
//!   - other known abbreviations (`U.S.`, `Inc.`, `Corp.`, `Co.`, `etc.`, `Jan.`, `Calif.`,
//!     `No.`, `vs.`, any dotted acronym such as `E.U.` or `Ph.D.`), single-letter initials
//!     (`John F. Kennedy`) and a glued all-capitals word (`US.Secretary`) end a sentence only
//!     before a capitalised *function word* (`The`, `He`, `It`, `But`, `In`, `How`, ...):
//!     `in the U.S. The next day` splits, `the U.S. Government` does not.
//!   - `a.m.` / `p.m.` also end a sentence before another capitalised word (not a weekday,
//!     month or time zone) when the sentence already has more than four words
//!     (`She closed the shop at 7 P.M. Mrs. Jones ...` splits, `At 5 a.m. Mr. Smith went` does not).
//!   - the pronoun `I.` ends a sentence before a capitalised word unless a capitalised word
//!     precedes it (`Albert I. Jones`).
//! * Numbered and lettered lists: `1.`, `1)`, `1.)`, `(a)`, `a.` at the start of a line (or after
//!   a bullet such as `•`) open an item and are not boundaries; a later marker on the same line
//!   that continues the sequence (`2.` after `1.`, `b)` after `a)`) starts a new sentence, and so
//!   does a bullet.
//!
//! # Quotations and parentheses (policy)
//!
//! A closing quote or bracket after terminal punctuation belongs to the sentence it closes:
//! `"This is great." She held` gives `"This is great."` and `She held`; closing quotes standing
//! alone as a chunk (`'' ` in tokenised text, or a `"` that balances an odd number of quotes
//! in the sentence) are attached too. A quoted sentence ending in `."`, `?"`, `!'` followed by a
//! lower-case word (the attribution: `"Stop!" he said.`) is not split. Sentences inside a
//! quotation in double quotes are split as usual, wherever the quotation opens (`He said: "We
//! agree. We'll go."` gives two sentences, the first with the opening quote, the second with the
//! closing one; so does `told the press, "to show that we can. We were ready."`): news quotes
//! speech in double quotes, often several sentences long, and the news gold standards (GUM,
//! MEANTIME) split inside them.
//!
//! One exception since issue 3: a quoted *fragment* in single quotes, opened inside a sentence
//! and starting with a lower-case word (`the minister called it 'a mistake! It will cost jobs!'
//! and left`), is kept whole: its terminal marks do not end the sentence. In news written the
//! American way, single quotes mark a term, a title or a quotation nested in another, i.e. a
//! piece of the sentence around it. Its closing quote ends the sentence only as any terminal
//! mark would (`called it 'a disaster!' The minister disagreed.` splits), except before an
//! opening parenthesis: a parenthesised remark right after such a fragment is about the
//! quotation and stays with it. A fragment needs a closing `'`/`’` on the same line (an
//! apostrophe inside a word, `they'll`, does not close it); clitics (`'s`, `'re`, `'em`) never
//! open one. Known limit: British-style speech in single quotes that continues a sentence in
//! lower case (`told the press, 'to show that we can. We were ready.'`) is kept as one sentence.
//!
//! A sentence in parentheses is split off when the surrounding text allows it (`(He left.)`
//! followed by a capitalised word), and kept inside when a lower-case word follows (`science (He
//! worked there.) at the University`).
//!
//! # Noise
//!
//! Sentences hold text, not what surrounds it: markup tags and entity-escaped tags at a
//! sentence's edges (`<p>`, `</div>`, `&lt;b&gt;`), separator runs standing apart or of five
//! characters or more (`---`, `=====`, `////Header`, `***`; not `f***`), literal escapes of
//! line breaks and tabs standing apart from words (`\r\n`, left by text escaped twice) are left
//! out of the span, and a sentence made only of them is dropped; so is a line holding only a
//! number of one to three digits (a page number in PDF text). [`crate::tokens::tokenize_all`]
//! still gives tokens for them.
//!
//! # Cost
//!
//! One pass over the text plus one pass per line over its chunks: O(n) time in the length of
//! the text, O(w) scratch memory for the chunks of the longest line and O(s) for the spans.
//! No regular expressions, no backtracking.

/// A half-open byte range `[start, end)` into a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`.
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    /// The spanned text.
    ///
    /// # Panics
    /// When the span is out of `text`'s bounds or not on char boundaries.
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        &text[self.start..self.end]
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// Whether the span covers nothing.
    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }
}

/// Splits `text` into sentences; see the module documentation for the rules.
pub fn split_sentences(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut chunks = Vec::new();
    // A line may run over several physical lines when they are hard-wrapped (`is_wrap`).
    let mut line_start = 0;
    let mut phys_start = 0;
    for (i, c) in text.char_indices() {
        if is_line_break(c) {
            // `\r\n` is one break: decide at the `\n`.
            if c == '\r' && text.as_bytes().get(i + 1) == Some(&b'\n') {
                continue;
            }
            let after = i + c.len_utf8();
            if is_wrap(text, line_start, phys_start, after) {
                phys_start = after;
                continue;
            }
            let end = if c == '\n' && i > 0 && text.as_bytes()[i - 1] == b'\r' { i - 1 } else { i };
            split_line(text, line_start, end, &mut chunks, &mut out);
            line_start = after;
            phys_start = after;
        }
    }
    split_line(text, line_start, text.len(), &mut chunks, &mut out);
    out
}

/// Whether the single line break before `after` only wraps a sentence (text cut at a fixed
/// width, PDF or e-mail text): the physical line ends in a lower-case letter with no
/// punctuation, the next line starts with a lower-case word that is not a list marker (`a)`),
/// and the sentence being cut starts with a capital and has at least three words. That
/// sentence is the physical line's text after its last terminal mark; with no such mark, a
/// line already joined continues the sentence that was tested when it was joined. A blank line
/// never wraps. Not inlined: inside the per-character loop of `split_sentences` it costs ~9 %
/// of the speed.
#[inline(never)]
fn is_wrap(text: &str, line_start: usize, phys_start: usize, after: usize) -> bool {
    let prev = text[phys_start..after].trim_end();
    if !prev.ends_with(|c: char| c.is_lowercase()) {
        return false;
    }
    let rest = &text[after..];
    let first = rest.trim_start_matches([' ', '\t']);
    let first = &first[..first.find(char::is_whitespace).unwrap_or(first.len())];
    if next_info(first).case != Case::Lower || list_marker(first).is_some() {
        return false;
    }
    let last_end = prev.char_indices().rev().find(|&(i, c)| {
        is_terminal(c) && prev[i + c.len_utf8()..].trim_start_matches(is_closer).starts_with(char::is_whitespace)
    });
    let sentence = match last_end {
        Some((i, c)) => &prev[i + c.len_utf8()..],
        None if line_start != phys_start => return true,
        None => prev,
    };
    let sentence = sentence.trim_start();
    sentence.trim_start_matches(is_opener).starts_with(char::is_uppercase)
        && sentence.split_whitespace().nth(2).is_some()
}

pub(crate) fn is_line_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

#[derive(Debug, Clone, Copy)]
struct Chunk {
    start: usize,
    end: usize,
    /// The chunk ends at a glued period (`US.|Secretary`).
    glued_after: bool,
}

fn is_opener(c: char) -> bool {
    matches!(c, '"' | '\'' | '“' | '‘' | '(' | '[' | '{' | '«' | '‹' | '`' | '¿' | '¡' | '„' | '‚')
}

fn is_closer(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | ')' | ']' | '}' | '»' | '›')
}

fn is_terminal(c: char) -> bool {
    matches!(c, '.' | '?' | '!' | '…' | '‽' | '．' | '。' | '？' | '！')
}

fn is_bullet(c: char) -> bool {
    matches!(c, '•' | '⁃' | '◦' | '▪' | '‣' | '●' | '■' | '►' | '▶')
}

/// True for chunks that look like URLs, e-mail addresses or paths: never split inside.
pub(crate) fn is_url_like(s: &str) -> bool {
    if s.contains("://") || s.contains('@') {
        return true;
    }
    let lower_start = s.trim_start_matches(is_opener);
    lower_start.len() >= 4 && lower_start.as_bytes()[..4].eq_ignore_ascii_case(b"www.")
}

/// Pushes the chunks of `text[start..end]` (whitespace-separated, glued periods cut).
fn collect_chunks(text: &str, start: usize, end: usize, chunks: &mut Vec<Chunk>) {
    let line = &text[start..end];
    let mut run_start: Option<usize> = None;
    for (i, c) in line.char_indices() {
        if c.is_whitespace() {
            if let Some(s) = run_start.take() {
                push_chunk(text, start + s, start + i, chunks);
            }
        } else if run_start.is_none() {
            run_start = Some(i);
        }
    }
    if let Some(s) = run_start {
        push_chunk(text, start + s, end, chunks);
    }
}

fn push_chunk(text: &str, start: usize, end: usize, chunks: &mut Vec<Chunk>) {
    let s = &text[start..end];
    if is_url_like(s) || !s.contains(['.', '?', '!', '．', '。', '？', '！']) {
        chunks.push(Chunk { start, end, glued_after: false });
        return;
    }
    let mut piece_start = start;
    let bytes = s.as_bytes();
    let mut i = 0;
    let mut seen_slash = false;
    while i < bytes.len() {
        let b = bytes[i];
        seen_slash |= b == b'/' || b == b'\\';
        let split = if b == b'.' || b == b'?' || b == b'!' {
            i > 0 && !seen_slash && glued_split_at(s, i)
        } else {
            // Full-width and ideographic stops need no space after them.
            i + 3 < bytes.len()
                && matches!(&bytes[i..i + 3], [0xEF, 0xBC, 0x8E | 0x81 | 0x9F] | [0xE3, 0x80, 0x82])
                && !s[i + 3..].starts_with(is_closer)
        };
        if split {
            let w = if b == b'.' || b == b'?' || b == b'!' { 1 } else { 3 };
            chunks.push(Chunk { start: piece_start, end: start + i + w, glued_after: true });
            piece_start = start + i + w;
        }
        i += 1;
    }
    chunks.push(Chunk { start: piece_start, end, glued_after: false });
}

/// Whether the terminal mark at byte `i` of chunk `s` is glued to a following capitalised word
/// that it should be separated from.
fn glued_split_at(s: &str, i: usize) -> bool {
    let before = s[..i].chars().next_back();
    let Some(before) = before else { return false };
    if !(before.is_alphanumeric() || is_closer(before) && before != '\'') {
        return false;
    }
    let rest = &s[i + 1..];
    let mut it = rest.chars();
    let (Some(a), Some(b)) = (it.next(), it.next()) else {
        return false;
    };
    if !(a.is_uppercase() && b.is_lowercase()) {
        return false;
    }
    // The capitalised word must not be a domain label or a file name (`Awesome.com`, `J1.txt`).
    let word_end = rest.char_indices().find(|&(_, c)| !c.is_alphabetic()).map_or(rest.len(), |(j, _)| j);
    let after = &rest[word_end..];
    if after.starts_with('.') && after[1..].starts_with(|c: char| c.is_alphanumeric()) {
        return false;
    }
    true
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    None,
    QuestionExclamation,
    Ellipsis,
    Period,
}

/// The parts of a chunk: `lead` openers, the `word`, the terminal run `term`, closers.
#[derive(Debug, Clone, Copy)]
struct Shape<'a> {
    lead: usize,
    word: &'a str,
    term: &'a str,
}

impl Shape<'_> {
    fn kind(&self) -> Kind {
        if self.term.is_empty() {
            Kind::None
        } else if self.term.contains(['?', '!', '‽', '？', '！']) {
            Kind::QuestionExclamation
        } else if self.term.contains('…') || self.term.len() > 1 {
            Kind::Ellipsis
        } else {
            Kind::Period
        }
    }
}

fn shape(s: &str) -> Shape<'_> {
    let core = strip_footnotes(strip_footnotes(s).trim_end_matches(is_closer));
    let core = core.trim_end_matches(is_closer);
    // A chunk made only of quotes/brackets has no word and no terminal.
    let lead_len = core.len() - core.trim_start_matches(is_opener).len();
    let inner = &core[lead_len..];
    let word = inner.trim_end_matches(is_terminal);
    let term = &inner[word.len()..];
    Shape { lead: lead_len, word, term }
}

/// Strips footnote references after a sentence's period: `martyr.[1]`, `large.[7][8]`,
/// `consultation.11`, `(1987).1` (digits glued to a period that follows a letter or a bracket).
fn strip_footnotes(mut s: &str) -> &str {
    while let Some(r) = s.strip_suffix(']') {
        let Some(open) = r.rfind('[') else { break };
        let inner = &r[open + 1..];
        if inner.is_empty() || inner.len() > 3 || !inner.bytes().all(|b| b.is_ascii_digit()) {
            break;
        }
        s = &r[..open];
    }
    let digits = s.len() - s.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    if (1..=3).contains(&digits) {
        let head = &s[..s.len() - digits];
        if let Some(before) = head.strip_suffix('.') {
            if before.ends_with(|c: char| c.is_alphabetic() && c.is_lowercase() || c == ')') {
                return head;
            }
        }
    }
    s
}

fn has_footnote(s: &str) -> bool {
    strip_footnotes(s).len() != s.len()
        || strip_footnotes(s.trim_end_matches(is_closer)).len() != s.trim_end_matches(is_closer).len()
}

fn is_dash(s: &str) -> bool {
    matches!(s, "-" | "--" | "—" | "–" | "---")
}

/// Labels of photo credits that start a new sentence in captions (`... Station Image: NASA.`).
fn is_credit_label(s: &str) -> bool {
    matches!(s, "Image:" | "Images:" | "Photo:" | "Photos:" | "Photograph:" | "Credit:" | "Video:")
}

/// A month name or its abbreviation, capitalised ("March", "Sept.").
pub fn is_month(w: &str) -> bool {
    matches!(
        w.trim_end_matches([',', '.']),
        "January"
            | "February"
            | "March"
            | "April"
            | "May"
            | "June"
            | "July"
            | "August"
            | "September"
            | "October"
            | "November"
            | "December"
            | "Jan"
            | "Feb"
            | "Mar"
            | "Apr"
            | "Jun"
            | "Jul"
            | "Aug"
            | "Sep"
            | "Sept"
            | "Oct"
            | "Nov"
            | "Dec"
    )
}

/// A weekday name, capitalised ("Tuesday").
pub fn is_weekday(w: &str) -> bool {
    matches!(
        w.trim_end_matches(','),
        "Monday" | "Tuesday" | "Wednesday" | "Thursday" | "Friday" | "Saturday" | "Sunday"
    )
}

/// A line that opens with a dateline (`March 01, 2008 Northrop ...`, `Friday, July 21, 2017 A
/// group ...`, `Evansville, Indiana, United States - This past week ...`): the index of the
/// chunk that ends it, when a capitalised word follows.
fn dateline_end(line: &Line<'_>) -> Option<usize> {
    let n = line.chunks.len();
    let mut i = 0;
    if n > 0 && is_weekday(line.s(0)) && line.s(0).ends_with(',') {
        i = 1;
    }
    if i + 3 < n && is_month(line.s(i)) {
        let day = line.s(i + 1);
        let year = line.s(i + 2).trim_end_matches(['.', ':']);
        let day_ok =
            day.strip_suffix(',').is_some_and(|d| (1..=2).contains(&d.len()) && d.bytes().all(|b| b.is_ascii_digit()));
        if day_ok && year.len() == 4 && year.bytes().all(|b| b.is_ascii_digit()) {
            return (next_info(line.s(i + 3)).case == Case::Upper).then_some(i + 2);
        }
    }
    // PLACE, Region - Text
    let mut comma = false;
    for k in 0..n.min(9) {
        let s = line.s(k);
        if is_dash(s) {
            return (k > 0 && comma && k + 1 < n && next_info(line.s(k + 1)).case == Case::Upper).then_some(k);
        }
        if !s.starts_with(char::is_uppercase) || s.contains(['.', '?', '!', '"', ':']) {
            return None;
        }
        comma |= s.ends_with(',');
    }
    None
}

/// A chunk of dots only (`.`, `...`, `…`, possibly followed by closers): part of a spaced
/// ellipsis or a detached period.
fn is_dot_only(s: &str) -> bool {
    let core = s.trim_end_matches(is_closer);
    !core.is_empty() && core.chars().all(|c| c == '.' || c == '…')
}

fn dot_count(s: &str) -> usize {
    s.chars()
        .map(|c| match c {
            '.' => 1,
            '…' => 3,
            _ => 0,
        })
        .sum()
}

/// A chunk made only of closing quotes/brackets that unambiguously close (`''`, `”`, `)`).
fn is_unambiguous_closer_only(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| matches!(c, '\'' | '”' | '’' | ')' | ']' | '}' | '»' | '›')) && s != "'"
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Case {
    Upper,
    Lower,
    Digit,
    Other,
    End,
}

#[derive(Debug, Clone, Copy)]
struct Next<'a> {
    case: Case,
    /// The leading alphabetic run of the next word (after openers).
    word: &'a str,
    paren: bool,
}

fn next_info(s: &str) -> Next<'_> {
    let paren = s.starts_with(['(', '[']);
    let body = s.trim_start_matches(is_opener);
    let Some(c) = body.chars().next() else {
        return Next { case: Case::Other, word: "", paren };
    };
    let word_end = body.char_indices().find(|&(_, c)| !c.is_alphabetic()).map_or(body.len(), |(j, _)| j);
    let word = &body[..word_end];
    let case = if c.is_uppercase() {
        Case::Upper
    } else if c.is_lowercase() {
        // iPhone, eBay: a lower-case initial followed by a capital is a name.
        if word.chars().skip(1).any(char::is_uppercase) {
            Case::Upper
        } else {
            Case::Lower
        }
    } else if c.is_numeric() {
        Case::Digit
    } else {
        Case::Other
    };
    Next { case, word, paren }
}

const END: Next<'static> = Next { case: Case::End, word: "", paren: false };

/// Capitalised words that begin sentences far more often than they follow an abbreviation
/// inside one.
fn is_function_word(w: &str) -> bool {
    matches!(
        w,
        "The"
            | "A"
            | "An"
            | "He"
            | "She"
            | "It"
            | "They"
            | "We"
            | "You"
            | "I"
            | "His"
            | "Her"
            | "Its"
            | "Their"
            | "Our"
            | "My"
            | "Your"
            | "This"
            | "That"
            | "These"
            | "Those"
            | "There"
            | "Here"
            | "But"
            | "And"
            | "Or"
            | "So"
            | "Yet"
            | "However"
            | "In"
            | "On"
            | "At"
            | "For"
            | "With"
            | "By"
            | "From"
            | "As"
            | "After"
            | "Before"
            | "When"
            | "While"
            | "If"
            | "Although"
            | "Though"
            | "Since"
            | "Because"
            | "Meanwhile"
            | "What"
            | "Who"
            | "Why"
            | "How"
            | "Where"
            | "Which"
            | "Is"
            | "Are"
            | "Was"
            | "Were"
            | "Did"
            | "Do"
            | "Does"
            | "Has"
            | "Have"
            | "Had"
            | "Can"
            | "Will"
            | "Would"
            | "Should"
            | "Could"
            | "Not"
            | "Some"
            | "Many"
            | "Most"
            | "All"
            | "Both"
            | "Each"
            | "Another"
            | "Such"
            | "Then"
            | "Now"
            | "Also"
            | "Still"
            | "Once"
            | "Only"
            | "Even"
            | "Several"
            | "According"
            | "Despite"
            | "During"
            | "Under"
            | "Until"
            | "Last"
            | "Officials"
            | "Police"
            | "Millions"
            | "Thousands"
            | "Hundreds"
            | "Today"
            | "Yesterday"
            | "Tomorrow"
    )
}

/// Words after `a.m.` / `p.m.` that continue the time: a weekday, a month or a zone (`EST`).
fn is_weekday_month_or_zone(w: &str) -> bool {
    is_weekday(w) || is_month(w) || (w.len() <= 4 && w.chars().all(|c| c.is_ascii_uppercase()))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PClass {
    /// Ordinary word, number or nothing: ends before a capital or a symbol.
    Ordinary,
    /// Never ends a sentence (`Mr.`, `e.g.`).
    Never,
    /// Ends only before a capitalised function word.
    Abbrev,
    /// `a.m.` / `p.m.`.
    Time,
    /// The pronoun `I`.
    PronounI,
}

fn ascii_lower<'b>(w: &str, buf: &'b mut [u8; 8]) -> Option<&'b str> {
    if w.len() > buf.len() || !w.is_ascii() {
        return None;
    }
    let b = &mut buf[..w.len()];
    b.copy_from_slice(w.as_bytes());
    b.make_ascii_lowercase();
    std::str::from_utf8(b).ok()
}

/// Abbreviations that precede a name and so never end a sentence.
fn is_title(lower: &str) -> bool {
    matches!(
        lower,
        "mr" | "mrs"
            | "ms"
            | "messrs"
            | "mmes"
            | "dr"
            | "drs"
            | "prof"
            | "gen"
            | "sen"
            | "sens"
            | "rep"
            | "reps"
            | "gov"
            | "lt"
            | "col"
            | "capt"
            | "cmdr"
            | "adm"
            | "maj"
            | "sgt"
            | "cpl"
            | "pvt"
            | "rev"
            | "hon"
            | "pres"
            | "supt"
            | "insp"
            | "det"
            | "mt"
            | "brig"
            | "gens"
            | "atty"
            | "mssrs"
            | "mlle"
            | "mme"
            | "msgr"
    )
}

/// Abbreviations written in lower case (or any case) that may end a sentence.
fn is_abbrev_any_case(lower: &str) -> bool {
    matches!(
        lower,
        "inc"
            | "corp"
            | "ltd"
            | "co"
            | "llc"
            | "plc"
            | "bros"
            | "jr"
            | "sr"
            | "etc"
            | "al"
            | "dept"
            | "univ"
            | "assn"
            | "ave"
            | "blvd"
            | "rd"
            | "st"
            | "ft"
            | "vs"
            | "v"
            | "pp"
            | "approx"
            | "ca"
            | "cf"
            | "viz"
            | "govt"
            | "intl"
            | "natl"
            | "mfg"
            | "hwy"
            | "sq"
            | "yd"
            | "yds"
            | "oz"
            | "lb"
            | "lbs"
            | "kg"
            | "mi"
            | "est"
            | "tel"
            | "ext"
            | "vol"
            | "vols"
            | "no"
            | "nos"
            | "fig"
            | "figs"
            | "op"
            | "ed"
            | "eds"
            | "rs"
            | "btw"
            | "med"
            | "min"
            | "max"
            | "jan"
            | "feb"
            | "apr"
            | "jun"
            | "jul"
            | "aug"
            | "sep"
            | "sept"
            | "oct"
            | "nov"
            | "dec"
            | "tues"
            | "thur"
            | "thurs"
    )
}

/// Abbreviations that are ordinary words in lower case (`Ill.`, `Mass.`, `Sun.`, `Mar.`, `No.`):
/// abbreviations only when capitalised.
fn is_abbrev_capitalised(w: &str) -> bool {
    matches!(
        w,
        "Ala"
            | "Ariz"
            | "Ark"
            | "Calif"
            | "Colo"
            | "Conn"
            | "Del"
            | "Fla"
            | "Ga"
            | "Ill"
            | "Ind"
            | "Kan"
            | "Kans"
            | "Ky"
            | "La"
            | "Md"
            | "Mass"
            | "Mich"
            | "Minn"
            | "Miss"
            | "Mo"
            | "Mont"
            | "Neb"
            | "Nev"
            | "Okla"
            | "Ore"
            | "Pa"
            | "Penn"
            | "Tenn"
            | "Tex"
            | "Va"
            | "Vt"
            | "Wash"
            | "Wis"
            | "Wyo"
            | "Mar"
            | "Mon"
            | "Tue"
            | "Wed"
            | "Thu"
            | "Fri"
            | "Sat"
            | "Sun"
            | "No"
            | "Nos"
            | "Art"
            | "Sec"
            | "Ch"
            | "Mt"
    )
}

/// `U.S`, `e.g`, `Ph.D`, `a.m`: letters in short pieces joined by periods.
fn is_dotted_acronym(w: &str) -> bool {
    if !w.contains('.') {
        return false;
    }
    w.split('.').all(|p| !p.is_empty() && p.chars().count() <= 3 && p.chars().all(char::is_alphabetic))
}

fn is_number_word(w: &str) -> bool {
    let w = w.trim_start_matches(['$', '€', '£', '¥', '#', '+', '-', '%']);
    !w.is_empty()
        && w.chars().any(|c| c.is_ascii_digit())
        && w.chars().all(|c| c.is_ascii_digit() || matches!(c, ',' | '.' | '%' | '/' | ':'))
}

fn period_class(word: &str, glued_after: bool) -> PClass {
    if word.is_empty() || is_number_word(word) {
        return PClass::Ordinary;
    }
    let mut buf = [0u8; 8];
    let lower = ascii_lower(word, &mut buf);
    if word == "I" {
        return PClass::PronounI;
    }
    let mut chars = word.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        // Single letters: initials and `p.`.
        return if c.is_alphabetic() { PClass::Abbrev } else { PClass::Ordinary };
    }
    if let Some(lower) = lower {
        if matches!(lower, "e.g" | "i.e" | "viz" | "cf" | "ibid") || is_title(lower) {
            return PClass::Never;
        }
        if matches!(lower, "a.m" | "p.m") {
            return PClass::Time;
        }
        if is_abbrev_any_case(lower) {
            return PClass::Abbrev;
        }
    }
    if is_abbrev_capitalised(word) || is_dotted_acronym(word) {
        return PClass::Abbrev;
    }
    // A glued all-capitals word (`US.Secretary`) reads as an abbreviation.
    if glued_after && word.len() <= 3 && word.chars().all(|c| c.is_ascii_uppercase()) {
        return PClass::Abbrev;
    }
    PClass::Ordinary
}

/// Whether a token `word` followed by a period keeps the period as part of the token (an
/// abbreviation, an initial, a dotted acronym).
pub(crate) fn keeps_period(word: &str, glued_after: bool) -> bool {
    !word.is_empty()
        && !is_number_word(word)
        && matches!(period_class(word, glued_after), PClass::Never | PClass::Abbrev | PClass::Time)
}

/// A list marker (`1.`, `2)`, `3.)`, `(a)`, `b.`, `(iv)`): its ordinal, when it is one.
fn list_marker(s: &str) -> Option<Marker> {
    let s = s.trim_start_matches(is_bullet);
    let (inner, paren_open) = match s.strip_prefix('(') {
        Some(r) => (r, true),
        None => (s, false),
    };
    let body = inner.strip_suffix(".)").or_else(|| inner.strip_suffix(')')).or_else(|| {
        if paren_open {
            None
        } else {
            inner.strip_suffix('.')
        }
    })?;
    if body.is_empty() {
        return None;
    }
    if body.len() <= 3 && body.bytes().all(|b| b.is_ascii_digit()) {
        return body.parse().ok().map(Marker::Number);
    }
    let mut it = body.chars();
    let c = it.next()?;
    if it.next().is_none() && c.is_ascii_alphabetic() {
        return Some(Marker::Letter(c));
    }
    if body.len() <= 5 && body.chars().all(|c| matches!(c, 'i' | 'v' | 'x')) {
        return Some(Marker::Roman);
    }
    None
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Marker {
    Number(u32),
    Letter(char),
    Roman,
}

impl Marker {
    fn follows(self, prev: Marker) -> bool {
        match (prev, self) {
            (Marker::Number(a), Marker::Number(b)) => b == a + 1,
            (Marker::Letter(a), Marker::Letter(b)) => (b as u32) == (a as u32) + 1,
            (Marker::Roman, Marker::Roman) => true,
            _ => false,
        }
    }

    fn is_first(self) -> bool {
        matches!(self, Marker::Number(1) | Marker::Letter('a' | 'A'))
    }

    fn can_open(self, s: &str) -> bool {
        match self {
            Marker::Number(n) => n < 1000,
            Marker::Letter(c) => {
                // A lone capital with a period is an initial (`A. Smith`), not a list.
                !(c.is_ascii_uppercase() && s.ends_with('.'))
            }
            Marker::Roman => true,
        }
    }
}

struct Line<'t> {
    text: &'t str,
    chunks: &'t [Chunk],
}

impl<'t> Line<'t> {
    fn s(&self, i: usize) -> &'t str {
        let c = self.chunks[i];
        &self.text[c.start..c.end]
    }
}

fn split_line(text: &str, start: usize, end: usize, chunks: &mut Vec<Chunk>, out: &mut Vec<Span>) {
    chunks.clear();
    collect_chunks(text, start, end, chunks);
    if chunks.is_empty() {
        return;
    }
    let line = Line { text, chunks: chunks.as_slice() };
    let n = chunks.len();
    // A line holding only a number of one to three digits is a page number (PDF text), not a
    // sentence (four digits may be a year).
    if n == 1 && (1..=3).contains(&line.s(0).len()) && line.s(0).bytes().all(|b| b.is_ascii_digit()) {
        return;
    }
    let mut sent_first = 0usize;
    let mut dquotes = 0usize;
    let mut last_marker: Option<Marker> = None;

    let mut cut_after = |i: usize, sent_first: &mut usize, dquotes: &mut usize| {
        if i + 1 < n && *sent_first <= i {
            out_push(text, out, chunks_span(line.chunks, *sent_first, i));
            *sent_first = i + 1;
            *dquotes = 0;
        }
    };

    let dateline = dateline_end(&line);
    // The chunk that closes a quoted fragment opened inside the sentence, and whether a search
    // for a closing quote already ran to the end of the line.
    let mut fragment_end: Option<usize> = None;
    let mut no_close = false;
    let mut i = 0;
    while i < n {
        let s = line.s(i);
        dquotes += s.bytes().filter(|&b| b == b'"').count();
        if dateline == Some(i) {
            cut_after(i, &mut sent_first, &mut dquotes);
            i += 1;
            continue;
        }
        if i > sent_first && fragment_end.is_none_or(|k| k < i) && fragment_opener(s) {
            fragment_end = fragment_close(&line, i, &mut no_close);
        }
        if fragment_end.is_some_and(|k| i < k) {
            i += 1;
            continue;
        }
        let closes_fragment = fragment_end == Some(i);
        if i > sent_first && is_credit_label(s) && !line.s(i - 1).ends_with(':') {
            cut_after(i - 1, &mut sent_first, &mut dquotes);
            dquotes = 0;
        }

        // Bullets and list markers.
        let bullet = s.starts_with(is_bullet);
        let after_bullet = i > 0 && line.s(i - 1).chars().all(is_bullet);
        if bullet && i > sent_first && !after_bullet {
            cut_after(i - 1, &mut sent_first, &mut dquotes);
            dquotes = s.bytes().filter(|&b| b == b'"').count();
        }
        if let Some(m) = list_marker(s) {
            let after_terminal = i > 0
                && (i == sent_first || {
                    let p = shape(line.s(i - 1));
                    matches!(p.kind(), Kind::Period | Kind::QuestionExclamation)
                        && !p.word.is_empty()
                        && !is_number_word(p.word)
                        && period_class(p.word, false) == PClass::Ordinary
                        && (s.ends_with(')') || m.is_first())
                });
            let opens = (i == 0 || bullet || after_bullet || after_terminal) && m.can_open(s);
            let continues = last_marker.is_some_and(|p| m.follows(p));
            if opens || continues {
                if i > sent_first && !after_bullet && !bullet {
                    cut_after(i - 1, &mut sent_first, &mut dquotes);
                    dquotes = 0;
                }
                last_marker = Some(m);
                i += 1;
                continue;
            }
        }

        let sh = shape(s);
        // Runs of dot-only chunks: spaced ellipses and detached periods.
        if is_dot_only(s) && i > 0 {
            let mut k = i;
            let mut dots = 0;
            while k < n && is_dot_only(line.s(k)) {
                dots += dot_count(line.s(k));
                k += 1;
            }
            let last = k - 1;
            let (next, close_end) = next_after_closers(&line, last, dquotes);
            let prev = line.s(i - 1);
            let prev_shape = shape(prev);
            let prev_attached_period = i > sent_first
                && prev_shape.kind() == Kind::Period
                && !prev_shape.word.is_empty()
                && !prev.ends_with(is_closer);
            let starts_upper = next.case == Case::Upper && next.word != "I" && !next.paren;
            if prev_attached_period {
                if starts_upper {
                    cut_after(i - 1, &mut sent_first, &mut dquotes);
                }
            } else if i > sent_first {
                let ends = if dots >= 2 { starts_upper } else { matches!(next.case, Case::Upper | Case::Other) };
                if ends {
                    cut_after(close_end, &mut sent_first, &mut dquotes);
                }
            }
            i = close_end.max(last) + 1;
            continue;
        }

        let kind = sh.kind();
        if kind == Kind::None {
            i += 1;
            continue;
        }
        // A word with its own period followed by a spaced ellipsis: decided at the dots.
        if kind == Kind::Period && i + 1 < n && is_dot_only(line.s(i + 1)) {
            i += 1;
            continue;
        }
        let (mut next, close_end) = next_after_closers(&line, i, dquotes);
        // A dash after the terminal run continues the sentence (`voila! -- you`, `game." -
        // Matthew Ingram`) unless a clause follows it (`pay? - Taxpayers will`): then the dash
        // opens the next sentence and the word after it decides.
        let mut dash_continues = false;
        if close_end + 1 < n && is_dash(line.s(close_end + 1)) {
            match clause_after_dash(&line, close_end + 2) {
                Some(word) => next = word,
                None => dash_continues = true,
            }
        }
        let ends = !dash_continues
            && match kind {
                Kind::None => false,
                // A remark in parentheses after a quoted fragment is about the quotation.
                _ if closes_fragment && next.paren => false,
                Kind::QuestionExclamation => matches!(next.case, Case::Upper | Case::Other),
                Kind::Ellipsis => next.case == Case::Upper && next.word != "I" && !next.paren,
                Kind::Period => {
                    let words = i + 1 - sent_first;
                    decide_period(&line, i, sh, next, words)
                }
            };
        if ends && next.case != Case::End {
            cut_after(close_end, &mut sent_first, &mut dquotes);
        }
        i = close_end + 1;
    }
    out_push(text, out, chunks_span(chunks, sent_first.min(n - 1), n - 1));
}

/// Whether a chunk opens a quoted *fragment* in single quotes: an opening `'` or `‘` glued to a
/// lower-case word (`'after`, `'a`, `‘dragonswort…`), not a clitic or an elision written with
/// an apostrophe (`'s`, `'re`, `'ll`, `'em`, `'n'`, `'cause`).
fn fragment_opener(s: &str) -> bool {
    let Some(rest) = s.strip_prefix(['\'', '‘']) else { return false };
    let word_end = rest.char_indices().find(|&(_, c)| !c.is_alphabetic()).map_or(rest.len(), |(j, _)| j);
    let word = &rest[..word_end];
    !word.is_empty()
        && word.chars().all(char::is_lowercase)
        && !matches!(word, "s" | "d" | "m" | "t" | "n" | "re" | "ll" | "ve" | "em" | "cause" | "til" | "tis" | "twas")
}

/// The chunk (from `i`, the opener's) holding the single quote that closes a fragment: a `'` or
/// `’` after a non-space character and before a non-alphanumeric one or the chunk's end
/// (`house!'`, `Apulia’`; not the apostrophe of `they'll`). `None` when the line has none; then
/// `no_close` is set, since a search from a later chunk cannot find one either (so each chunk
/// is searched at most once: linear time).
fn fragment_close(line: &Line<'_>, i: usize, no_close: &mut bool) -> Option<usize> {
    if *no_close {
        return None;
    }
    for j in i..line.chunks.len() {
        let s = line.s(j);
        let skip = if j == i { s.chars().next().map_or(0, char::len_utf8) } else { 0 };
        let mut prev: Option<char> = None;
        let mut it = s[skip..].chars().peekable();
        while let Some(c) = it.next() {
            if matches!(c, '\'' | '’') && prev.is_some() && !it.peek().is_some_and(|d| d.is_alphanumeric()) {
                return Some(j);
            }
            prev = Some(c);
        }
    }
    *no_close = true;
    None
}

/// The first word of a clause starting at chunk `k` (a capitalised word followed by a
/// lower-case one, `Taxpayers will`), as opposed to a name or an attribution (`Matthew Ingram`).
fn clause_after_dash<'t>(line: &Line<'t>, k: usize) -> Option<Next<'t>> {
    if k + 1 >= line.chunks.len() {
        return None;
    }
    let word = next_info(line.s(k));
    (word.case == Case::Upper && next_info(line.s(k + 1)).case == Case::Lower).then_some(word)
}

fn decide_period(line: &Line<'_>, i: usize, sh: Shape<'_>, next: Next<'_>, words: usize) -> bool {
    let c = line.chunks[i];
    let class = period_class(sh.word, c.glued_after);
    let upper = next.case == Case::Upper;
    match class {
        PClass::Ordinary => {
            matches!(next.case, Case::Upper | Case::Other)
                || next.case == Case::Digit
                    && sh.word.chars().count() > 1
                    && sh.word.chars().all(|c| c.is_alphabetic() && c.is_lowercase())
        }
        PClass::Never => false,
        // An abbreviation or initial opening a sentence (`Q. What ...`) does not end it.
        PClass::Abbrev => upper && is_function_word(next.word) && words > 1,
        PClass::Time => upper && (is_function_word(next.word) || (words > 4 && !is_weekday_month_or_zone(next.word))),
        PClass::PronounI => {
            let prev_capitalised = i > 0 && {
                let p = shape(line.s(i - 1));
                p.term.is_empty() && p.word.starts_with(char::is_uppercase)
            };
            if prev_capitalised && sh.lead == 0 {
                upper && is_function_word(next.word)
            } else {
                upper
            }
        }
    }
}

/// The next chunk after `i`, skipping chunks that only close quotes or brackets; returns the
/// description of that chunk and the index of the last chunk of the sentence if it ends at `i`.
fn next_after_closers<'t>(line: &Line<'t>, i: usize, dquotes: usize) -> (Next<'t>, usize) {
    let n = line.chunks.len();
    let mut j = i + 1;
    let mut dq = dquotes;
    let footnoted = has_footnote(line.s(i));
    while j < n {
        let s = line.s(j);
        if is_unambiguous_closer_only(s) || footnoted && s.len() <= 3 && s.bytes().all(|b| b.is_ascii_digit()) {
            j += 1;
        } else if s == "\"" && dq % 2 == 1 {
            dq += 1;
            j += 1;
        } else {
            break;
        }
    }
    if j >= n {
        return (END, n - 1);
    }
    (next_info(line.s(j)), j - 1)
}

fn chunks_span(chunks: &[Chunk], first: usize, last: usize) -> Span {
    Span::new(chunks[first].start, chunks[last].end)
}

fn out_push(text: &str, out: &mut Vec<Span>, span: Span) {
    let span = trim_noise(text, span);
    if !span.is_empty() {
        out.push(span);
    }
}

/// Separator characters: a run of one of them (`-----`, `=====`, `////`, `***`) is a rule drawn
/// in the text, not part of a sentence, when it stands apart and has three or more, or has five
/// or more (`////Header`); a censored word (`f***`) is kept.
fn is_separator(b: u8) -> bool {
    matches!(b, b'-' | b'=' | b'*' | b'#' | b'~' | b'/')
}

fn is_separator_run(run: usize, apart: bool) -> bool {
    run >= 5 || run >= 3 && apart
}

/// `span` without the noise at its edges: markup tags (`<p>`, `</div>`, `<img src="x">`),
/// entity-escaped tags (`&lt;b&gt;`), separator runs (`////`, `-----`) and the literal escape
/// sequences of line breaks and tabs that text escaped twice keeps (`\r\n`, `\n`, `\t`,
/// standing apart from words), with the whitespace between them. Each step consumes what it
/// scans or stops, so the cost is linear in the span; a span with no such edge costs a few byte
/// tests.
fn trim_noise(text: &str, span: Span) -> Span {
    let b = text.as_bytes();
    let (mut s, mut e) = (span.start, span.end);
    // Front.
    while s < e {
        let rest = &text[s..e];
        let cut = if b[s] == b'<' {
            tag_len(rest, "<", ">")
        } else if rest.starts_with("&lt;") {
            tag_len(rest, "&lt;", "&gt;")
        } else if is_separator(b[s]) {
            let run = rest.bytes().take_while(|&c| c == b[s]).count();
            let apart = rest.as_bytes().get(run).is_none_or(u8::is_ascii_whitespace);
            is_separator_run(run, apart).then_some(run)
        } else if b[s] == b'\\' {
            // The spaced form may be glued to the next word ("\\ nHello"): no word has it.
            let (run, spaced) = escape_run(rest.as_bytes());
            (run > 0 && (spaced || rest[run..].chars().next().is_none_or(char::is_whitespace))).then_some(run)
        } else {
            None
        };
        let Some(cut) = cut else { break };
        s += cut;
        s += text[s..e].len() - text[s..e].trim_start().len();
    }
    // Back.
    while s < e {
        let head = &text[s..e];
        let last = b[e - 1];
        let cut = if last == b'>' {
            head.rfind('<').filter(|&o| tag_len(&head[o..], "<", ">") == Some(head.len() - o)).map(|o| head.len() - o)
        } else if last == b';' && head.ends_with("&gt;") {
            head.rfind("&lt;")
                .filter(|&o| tag_len(&head[o..], "&lt;", "&gt;") == Some(head.len() - o))
                .map(|o| head.len() - o)
        } else if is_separator(last) {
            let run = head.bytes().rev().take_while(|&c| c == last).count();
            let apart = run == head.len() || b[e - run - 1].is_ascii_whitespace();
            is_separator_run(run, apart).then_some(run)
        } else if e - s >= 2 && b[e - 2] == b'\\' {
            // Literal escapes end the span only when whitespace or nothing stands before them.
            let mut k = e;
            while k - s >= 2 && b[k - 2] == b'\\' && matches!(b[k - 1], b'n' | b'r' | b't') {
                k -= 2;
            }
            (k < e && (k == s || b[k - 1].is_ascii_whitespace())).then_some(e - k)
        } else {
            None
        };
        let Some(cut) = cut else { break };
        e -= cut;
        e = s + text[s..e].trim_end().len();
    }
    Span::new(s, e)
}

/// The length of a markup tag at the start of `s` (`<p>`, `</div>`, `<img src="x">`, or the same
/// escaped, `&lt;b&gt;`): `open`, then a letter, `/` or `!`, then no `open` before `close`.
fn tag_len(s: &str, open: &str, close: &str) -> Option<usize> {
    let body = s.strip_prefix(open)?;
    if !body.starts_with(|c: char| c.is_ascii_alphabetic() || c == '/' || c == '!') {
        return None;
    }
    let end = body.find(close)?;
    (!body[..end].contains(open)).then_some(open.len() + end + close.len())
}

/// The length of the run of literal escapes (`\n`, `\r`, `\t`, a backslash and a letter) at
/// the start of `b`, and whether it is the spaced form that tokenised text leaves (`\ r \ n`:
/// a backslash, a space, the letter; spaces between the escapes).
fn escape_run(b: &[u8]) -> (usize, bool) {
    let escape = |c: u8| matches!(c, b'n' | b'r' | b't');
    let (mut k, mut spaced) = (0, false);
    while k + 1 < b.len() && b[k] == b'\\' {
        if escape(b[k + 1]) {
            k += 2;
        } else if b[k + 1] == b' ' && b.get(k + 2).copied().is_some_and(escape) {
            k += 3;
            spaced = true;
        } else {
            break;
        }
        if spaced && b.get(k) == Some(&b' ') && b.get(k + 1) == Some(&b'\\') {
            k += 1;
        }
    }
    (k, spaced)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(t: &str) -> Vec<&str> {
        split_sentences(t).iter().map(|s| s.text(t)).collect()
    }

    #[test]
    fn literal_escapes_at_a_sentence_edge_are_not_text() {
        assert_eq!(split("Hello World. \\ r \\ nHello."), ["Hello World.", "Hello."]);
        assert_eq!(split("Hello World. \\r\\n Hello."), ["Hello World.", "Hello."]);
        // Unspaced and glued to a word, it may be a path or a name: kept.
        assert_eq!(split("See C:\\new for it."), ["See C:\\new for it."]);
        assert_eq!(split("\\naive art."), ["\\naive art."]);
    }

    #[test]
    fn simple() {
        assert_eq!(split("Hello World. My name is Jonas."), ["Hello World.", "My name is Jonas."]);
        assert_eq!(split("What? No! Yes."), ["What?", "No!", "Yes."]);
        assert_eq!(split("  "), Vec::<&str>::new());
    }

    #[test]
    fn abbreviations() {
        assert_eq!(
            split("Mr. Smith met Gen. Jones in the U.S. The next day they left."),
            ["Mr. Smith met Gen. Jones in the U.S.", "The next day they left."]
        );
        assert_eq!(split("She joined the U.S. Navy in Norfolk."), ["She joined the U.S. Navy in Norfolk."]);
        assert_eq!(
            split("Apple Inc. Chief Executive Tim Cook spoke on Feb. 3 at 5 p.m. in Calif."),
            ["Apple Inc. Chief Executive Tim Cook spoke on Feb. 3 at 5 p.m. in Calif."]
        );
        assert_eq!(
            split("It was founded by John F. Kennedy and J.K. Rowling, e.g. Harry Potter."),
            ["It was founded by John F. Kennedy and J.K. Rowling, e.g. Harry Potter."]
        );
    }

    #[test]
    fn numbers_and_lists() {
        assert_eq!(
            split("Prices rose 3.5 percent to $1.2 million, or 1.5%. Shares fell."),
            ["Prices rose 3.5 percent to $1.2 million, or 1.5%.", "Shares fell."]
        );
        assert_eq!(split("1. Buy bread 2. Call home"), ["1. Buy bread", "2. Call home"]);
    }

    #[test]
    fn quotes_and_parentheses() {
        assert_eq!(
            split("\"This is great.\" she said. \"Is it?\" he asked. \"Yes.\" They left."),
            ["\"This is great.\" she said.", "\"Is it?\" he asked.", "\"Yes.\"", "They left."]
        );
        assert_eq!(
            split("He left. (He came back later.) Then he slept."),
            ["He left.", "(He came back later.)", "Then he slept."]
        );
        assert_eq!(
            split("But we hit a home run . '' Alabama Governor Bob Riley said so."),
            ["But we hit a home run . ''", "Alabama Governor Bob Riley said so."]
        );
    }

    #[test]
    fn ellipses() {
        assert_eq!(
            split("We discussed … negotiations on Iran. I never meant that... She left."),
            ["We discussed … negotiations on Iran.", "I never meant that...", "She left."]
        );
    }

    #[test]
    fn lines_are_boundaries() {
        assert_eq!(
            split("Kerry visits Sochi\nMay 12, 2015\n\nSOCHI, Russia - Kerry met Putin."),
            ["Kerry visits Sochi", "May 12, 2015", "SOCHI, Russia -", "Kerry met Putin."]
        );
    }

    #[test]
    fn hard_wrapped_lines() {
        // A line broken mid-sentence is joined; the span keeps the break inside it.
        assert_eq!(
            split("The council voted to raise\nthe rates in May. Residents objected."),
            ["The council voted to raise\nthe rates in May.", "Residents objected."]
        );
        assert_eq!(
            split("The report was written by\r\nthree analysts\nwho asked not to be named."),
            ["The report was written by\r\nthree analysts\nwho asked not to be named."]
        );
        // Blank lines, short lower-case lists, list markers and punctuated lines still cut.
        assert_eq!(split("The council voted\n\nthe rates rose."), ["The council voted", "the rates rose."]);
        assert_eq!(split("sports\nweather\nlocal news"), ["sports", "weather", "local news"]);
        assert_eq!(
            split("Choose one of these options\na) stay\nb) leave"),
            ["Choose one of these options", "a) stay", "b) leave"]
        );
        assert_eq!(split("Markets fell on Friday,\nanalysts said."), ["Markets fell on Friday,", "analysts said."]);
        // Only the sentence cut by the break counts: `Sports`, `Yes` start after a full stop.
        assert_eq!(split("\"We agree.\" Yes\nor no."), ["\"We agree.\"", "Yes", "or no."]);
        assert_eq!(
            split("The council voted to raise\nthe rates. Sports\nweather"),
            ["The council voted to raise\nthe rates.", "Sports", "weather"]
        );
        assert_eq!(
            split("Rates rose. The council voted to\nraise them again."),
            ["Rates rose.", "The council voted to\nraise them again."]
        );
    }

    #[test]
    fn dash_after_terminal() {
        // A clause after the dash opens a new sentence; a name or a lower-case word does not.
        assert_eq!(
            split("Who will pay? - Taxpayers will foot the bill."),
            ["Who will pay?", "- Taxpayers will foot the bill."]
        );
        assert_eq!(split("\"The vote is close.\" - Jane Roe, analyst"), ["\"The vote is close.\" - Jane Roe, analyst"]);
        assert_eq!(split("It worked! -- and nobody noticed."), ["It worked! -- and nobody noticed."]);
        assert_eq!(
            split("It was sold to Acme Inc. - The deal closed."),
            ["It was sold to Acme Inc.", "- The deal closed."]
        );
    }

    #[test]
    fn time_before_dates() {
        // After `p.m.` a weekday or a month, full or abbreviated, continues the sentence.
        assert_eq!(
            split("The polls closed at 8 p.m. Tuesday and results came in at 11 p.m. Nov. 4."),
            ["The polls closed at 8 p.m. Tuesday and results came in at 11 p.m. Nov. 4."]
        );
    }

    #[test]
    fn glued_periods() {
        assert_eq!(
            split("US.Secretary of State John Kerry, right, watches on May 12."),
            ["US.Secretary of State John Kerry, right, watches on May 12."]
        );
        assert_eq!(
            split("Hello world.Today is Tuesday.Mr. Smith went out."),
            ["Hello world.", "Today is Tuesday.", "Mr. Smith went out."]
        );
        assert_eq!(
            split("Write to Jane.Doe@example.com or see www.Example.com. Thanks."),
            ["Write to Jane.Doe@example.com or see www.Example.com.", "Thanks."]
        );
    }

    #[test]
    fn single_quoted_fragments() {
        // A lower-case fragment in single quotes keeps its inner terminal marks.
        assert_eq!(
            split("The minister called the plan 'a mistake! It will cost jobs!' and left the room."),
            ["The minister called the plan 'a mistake! It will cost jobs!' and left the room."]
        );
        assert_eq!(
            split("Fans called the final ‘a joke. Nobody tried’ on social media. The league apologised."),
            ["Fans called the final ‘a joke. Nobody tried’ on social media.", "The league apologised."]
        );
        // Its closing quote ends the sentence before a capitalised word, not before a remark in
        // parentheses.
        assert_eq!(
            split("Critics called it 'a disaster!' The minister disagreed."),
            ["Critics called it 'a disaster!'", "The minister disagreed."]
        );
        assert_eq!(
            split("She called the ruling 'a farce. Nobody believes it!' (The court declined to comment.) Her lawyer left."),
            ["She called the ruling 'a farce. Nobody believes it!' (The court declined to comment.)", "Her lawyer left."]
        );
        // One-chunk fragments, clitics, apostrophes and unclosed quotes change nothing.
        assert_eq!(split("He said it was 'fine.' Then he left."), ["He said it was 'fine.'", "Then he left."]);
        assert_eq!(
            split("They play rock 'n' roll. It's loud. We'll go 'cause we can. Then we rest."),
            ["They play rock 'n' roll.", "It's loud.", "We'll go 'cause we can.", "Then we rest."]
        );
        // Double quotes are split inside, wherever they open.
        assert_eq!(
            split("She told reporters, \"to show that we can. We were ready.\""),
            ["She told reporters, \"to show that we can.", "We were ready.\""]
        );
    }

    #[test]
    fn noise_is_left_out() {
        assert_eq!(split("<p>Stocks fell. Bonds rose.</p>"), ["Stocks fell.", "Bonds rose."]);
        assert_eq!(split("<div class=\"story\"><p>\n<h1 id=\"top\">Markets</h1>\n</p></div>"), ["Markets"]);
        assert_eq!(split("&lt;b&gt;Breaking&lt;/b&gt; news"), ["Breaking&lt;/b&gt; news"]);
        assert_eq!(split("&lt;b&gt;Breaking news&lt;/b&gt;"), ["Breaking news"]);
        assert_eq!(
            split("=====\nMarkets closed higher.\n*****\n/////Sports\n///x"),
            ["Markets closed higher.", "Sports", "///x"]
        );
        assert_eq!(split("Rates rose. \\r\\n Rates fell. \\n"), ["Rates rose.", "Rates fell."]);
        // Comparisons, paths, single dashes and short runs are text.
        assert_eq!(split("If a < b and c > d, stop."), ["If a < b and c > d, stop."]);
        assert_eq!(split("Open C:\\new or -- rather -- C:\\temp\\n"), ["Open C:\\new or -- rather -- C:\\temp\\n"]);
        assert_eq!(split("- Taxpayers pay. <b"), ["- Taxpayers pay.", "<b"]);
        assert_eq!(split("He said f*** off. *** The end ***"), ["He said f*** off.", "The end"]);
    }

    #[test]
    fn page_numbers_are_not_sentences() {
        assert_eq!(split("Introduction\n12\n\nThe council met."), ["Introduction", "The council met."]);
        // A year, a number in a sentence, or a number with a unit stays.
        assert_eq!(split("2024\nScore: 12\n12 dead"), ["2024", "Score: 12", "12 dead"]);
    }
}
