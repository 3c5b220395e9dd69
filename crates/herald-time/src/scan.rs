//! The scanner: one pass over the text's bytes into tokens, each with its byte span, the spacing
//! before it, a sentence number and a lexical class. Only the handful of word classes that can
//! take part in a temporal expression are told apart; every other word is `Other`, so the
//! recogniser skips it after one comparison.

/// What a token is made of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Letters only (ASCII or not).
    Word,
    /// ASCII digits only.
    Num,
    /// Letters and digits mixed ("1990s", "2nd", "A380", "10am").
    Alnum,
    /// One character that is neither a letter, a digit nor a space.
    Punct,
}

/// Units of time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Unit {
    Second,
    Minute,
    Hour,
    Day,
    Week,
    Weekend,
    Fortnight,
    Month,
    Quarter,
    Year,
    Decade,
    Century,
}

/// Parts of the day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Part {
    Morning,
    Afternoon,
    Evening,
    Night,
}

impl Part {
    pub(crate) fn code(self) -> &'static str {
        match self {
            Part::Morning => "MO",
            Part::Afternoon => "AF",
            Part::Evening => "EV",
            Part::Night => "NI",
        }
    }
}

/// Function and modifier words that the patterns look for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum W {
    The,
    A,
    An,
    This,
    That,
    Last,
    Next,
    Past,
    Coming,
    Previous,
    Following,
    Upcoming,
    Ago,
    Later,
    Earlier,
    Early,
    Mid,
    Late,
    Recent,
    Recently,
    Lately,
    Few,
    Several,
    Couple,
    Many,
    SomeWord,
    Of,
    In,
    On,
    At,
    From,
    To,
    Between,
    And,
    Through,
    Until,
    Since,
    By,
    During,
    Before,
    After,
    Every,
    Each,
    Per,
    Once,
    Twice,
    Times,
    Today,
    Yesterday,
    Tomorrow,
    Tonight,
    Now,
    Currently,
    Nowadays,
    Half,
    Noon,
    Midnight,
    Annual,
    Annually,
    Daily,
    Weekly,
    Monthly,
    Yearly,
    Hourly,
    Quarterly,
    Beginning,
    Start,
    End,
    Middle,
    Final,
    First,
    Future,
    Over,
    Almost,
    Nearly,
    About,
    Around,
    Approximately,
    Roughly,
    More,
    Than,
    Near,
    Ahead,
    Old,
    Long,
    History,
    Dozen,
    Christmas,
    Eve,
    New,
    Thanksgiving,
    Easter,
    Halloween,
    Valentine,
    Within,
    For,
    Hence,
    Million,
    Present,
    These,
    Local,
    Time,
}

/// The lexical class of a token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Lex {
    Other,
    /// A punctuation character.
    P(char),
    /// Digits; the value is in [`Tok::num`].
    Num,
    /// A capitalised month name, 1–12.
    Month(u8),
    /// A capitalised month abbreviation ("Sept", "Oct"), 1–12.
    MonthAbbr(u8),
    /// A capitalised weekday name, 1 = Monday … 7 = Sunday.
    Weekday(u8),
    /// A cardinal number word ("two", "fifty").
    Card(u32),
    /// An ordinal ("first", "2nd"), 1–31.
    Ord(u8),
    /// A unit of time; `true` when plural.
    Unit(Unit, bool),
    /// spring 1, summer 2, autumn/fall 3, winter 4; the flag says the word was "fall" or "spring"
    /// (also common verbs and nouns).
    Season(u8, bool),
    Part(Part),
    /// A time zone: its offset from UTC in minutes (`None` for "local time"-like words).
    Zone(i16),
    /// "1990s" → 199; "90s" → 9 with the flag set.
    Decade(i32, bool),
    /// "Q1" … "Q4".
    QuarterTok(u8),
    /// A clock hour with am/pm glued to it ("10am": hour in `num`, flag = pm).
    HourAmPm(bool),
    W(W),
}

#[derive(Clone, Copy, Debug)]
pub(crate) struct Tok {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
    pub lex: Lex,
    /// Whitespace (or the start of the text) before the token.
    pub space: bool,
    /// A line break between the previous token and this one.
    pub newline: bool,
    /// Starts with an uppercase letter.
    pub cap: bool,
    /// Value of a `Num` (or the digits of an `Alnum`), `u32::MAX` when over nine digits.
    pub num: u32,
    /// Number of digits of a `Num`, saturating.
    pub digits: u8,
    /// Sentence number (a cheap split: line breaks and . ! ? before a capital).
    pub sent: u32,
}

/// Splits `text` into tokens. Linear in the text; allocates one vector.
pub(crate) fn scan(text: &str) -> Vec<Tok> {
    let b = text.as_bytes();
    let mut toks: Vec<Tok> = Vec::with_capacity(b.len() / 5 + 4);
    let mut i = 0;
    let mut space = true;
    let mut newline = true;
    let mut sent = 0u32;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_whitespace() {
            space = true;
            newline |= c == b'\n';
            i += 1;
            continue;
        }
        let start = i;
        let (kind, lex, num, digits) = if c.is_ascii_alphanumeric() || c >= 0x80 && alpha_at(text, i) {
            let (mut letters, mut nums, mut wide) = (false, false, false);
            while i < b.len() {
                let c = b[i];
                if c.is_ascii_alphabetic() {
                    letters = true;
                    i += 1;
                } else if c.is_ascii_digit() {
                    nums = true;
                    i += 1;
                } else if c >= 0x80 {
                    match text[i..].chars().next() {
                        Some(ch) if ch.is_alphabetic() => {
                            wide = true;
                            i += ch.len_utf8();
                        }
                        _ => break,
                    }
                } else {
                    break;
                }
            }
            let s = &text[start..i];
            if !letters && !wide {
                let digits = s.len().min(255) as u8;
                (Kind::Num, Lex::Num, parse_num(s), digits)
            } else if !nums {
                (Kind::Word, if wide { Lex::Other } else { word_lex(s) }, 0, 0)
            } else {
                let (lex, num) = if wide { (Lex::Other, 0) } else { alnum_lex(s) };
                (Kind::Alnum, lex, num, 0)
            }
        } else {
            let ch = text[i..].chars().next().unwrap_or('\u{fffd}');
            i += ch.len_utf8().max(1);
            if ch.is_whitespace() {
                // A non-ASCII space (no-break, thin, ideographic…).
                space = true;
                newline |= matches!(ch, '\u{2028}' | '\u{2029}' | '\u{85}');
                continue;
            }
            (Kind::Punct, Lex::P(ch), 0, 0)
        };
        let cap =
            c.is_ascii_uppercase() || c >= 0x80 && text[start..].chars().next().is_some_and(|ch| ch.is_uppercase());
        if let Some(prev) = toks.last() {
            let ends = matches!(prev.lex, Lex::P('.') | Lex::P('!') | Lex::P('?'));
            if newline || ends && space && (cap || kind == Kind::Num || matches!(lex, Lex::P('"' | '\u{201c}' | '`'))) {
                sent += 1;
            }
        }
        toks.push(Tok { start, end: i, kind, lex, space, newline, cap, num, digits, sent });
        space = false;
        newline = false;
    }
    toks
}

fn alpha_at(text: &str, i: usize) -> bool {
    text[i..].chars().next().is_some_and(char::is_alphabetic)
}

fn parse_num(s: &str) -> u32 {
    if s.len() > 9 {
        return u32::MAX;
    }
    s.bytes().fold(0u32, |n, d| n * 10 + u32::from(d - b'0'))
}

/// Lower-cases an ASCII word into a stack buffer; `None` when it is too long to matter.
fn lower(s: &str, buf: &mut [u8; 16]) -> Option<usize> {
    if s.len() > buf.len() {
        return None;
    }
    for (d, c) in buf.iter_mut().zip(s.bytes()) {
        *d = c.to_ascii_lowercase();
    }
    Some(s.len())
}

pub(crate) const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];
pub(crate) const WEEKDAYS: [&str; 7] = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

fn word_lex(s: &str) -> Lex {
    let mut buf = [0u8; 16];
    let Some(n) = lower(s, &mut buf) else { return Lex::Other };
    let w = std::str::from_utf8(&buf[..n]).unwrap_or("");
    let cap = s.as_bytes()[0].is_ascii_uppercase();
    if cap {
        if let Some(m) = MONTHS.iter().position(|&m| m == w) {
            return Lex::Month(m as u8 + 1);
        }
        if let Some(d) = WEEKDAYS.iter().position(|&d| d == w) {
            return Lex::Weekday(d as u8 + 1);
        }
        let abbr = match w {
            "jan" => 1,
            "feb" => 2,
            "mar" => 3,
            "apr" => 4,
            "jun" => 6,
            "jul" => 7,
            "aug" => 8,
            "sep" | "sept" => 9,
            "oct" => 10,
            "nov" => 11,
            "dec" => 12,
            _ => 0,
        };
        if abbr > 0 {
            return Lex::MonthAbbr(abbr);
        }
        match w {
            "utc" | "gmt" => return Lex::Zone(0),
            "est" | "cdt" => return Lex::Zone(-300),
            "edt" => return Lex::Zone(-240),
            "cst" | "mdt" => return Lex::Zone(-360),
            "mst" | "pdt" => return Lex::Zone(-420),
            "pst" => return Lex::Zone(-480),
            "bst" | "cet" | "wat" => return Lex::Zone(60),
            "cest" | "eet" | "cat" | "sast" => return Lex::Zone(120),
            "msk" | "eest" => return Lex::Zone(180),
            "jst" | "kst" => return Lex::Zone(540),
            "aest" => return Lex::Zone(600),
            _ => {}
        }
    }
    use Unit::*;
    use W::*;
    let lex = |x: W| Lex::W(x);
    match w {
        "one" => Lex::Card(1),
        "two" => Lex::Card(2),
        "three" => Lex::Card(3),
        "four" => Lex::Card(4),
        "five" => Lex::Card(5),
        "six" => Lex::Card(6),
        "seven" => Lex::Card(7),
        "eight" => Lex::Card(8),
        "nine" => Lex::Card(9),
        "ten" => Lex::Card(10),
        "eleven" => Lex::Card(11),
        "twelve" => Lex::Card(12),
        "thirteen" => Lex::Card(13),
        "fourteen" => Lex::Card(14),
        "fifteen" => Lex::Card(15),
        "sixteen" => Lex::Card(16),
        "seventeen" => Lex::Card(17),
        "eighteen" => Lex::Card(18),
        "nineteen" => Lex::Card(19),
        "twenty" => Lex::Card(20),
        "thirty" => Lex::Card(30),
        "forty" => Lex::Card(40),
        "fifty" => Lex::Card(50),
        "sixty" => Lex::Card(60),
        "seventy" => Lex::Card(70),
        "eighty" => Lex::Card(80),
        "ninety" => Lex::Card(90),
        "hundred" => Lex::Card(100),
        "first" => Lex::W(First),
        "second" => Lex::Ord(2),
        "third" => Lex::Ord(3),
        "fourth" => Lex::Ord(4),
        "fifth" => Lex::Ord(5),
        "sixth" => Lex::Ord(6),
        "seventh" => Lex::Ord(7),
        "eighth" => Lex::Ord(8),
        "ninth" => Lex::Ord(9),
        "tenth" => Lex::Ord(10),
        "eleventh" => Lex::Ord(11),
        "twelfth" => Lex::Ord(12),
        "thirteenth" => Lex::Ord(13),
        "fourteenth" => Lex::Ord(14),
        "fifteenth" => Lex::Ord(15),
        "sixteenth" => Lex::Ord(16),
        "seventeenth" => Lex::Ord(17),
        "eighteenth" => Lex::Ord(18),
        "nineteenth" => Lex::Ord(19),
        "twentieth" => Lex::Ord(20),
        "thirtieth" => Lex::Ord(30),
        "seconds" => Lex::Unit(Second, true),
        "minute" => Lex::Unit(Minute, false),
        "minutes" => Lex::Unit(Minute, true),
        "hour" => Lex::Unit(Hour, false),
        "hours" => Lex::Unit(Hour, true),
        "day" => Lex::Unit(Day, false),
        "days" => Lex::Unit(Day, true),
        "week" => Lex::Unit(Week, false),
        "weeks" => Lex::Unit(Week, true),
        "weekend" => Lex::Unit(Weekend, false),
        "weekends" => Lex::Unit(Weekend, true),
        "fortnight" => Lex::Unit(Fortnight, false),
        "month" => Lex::Unit(Month, false),
        "months" => Lex::Unit(Month, true),
        "quarter" => Lex::Unit(Quarter, false),
        "quarters" => Lex::Unit(Quarter, true),
        "year" => Lex::Unit(Year, false),
        "years" => Lex::Unit(Year, true),
        "decade" => Lex::Unit(Decade, false),
        "decades" => Lex::Unit(Decade, true),
        "century" => Lex::Unit(Century, false),
        "centuries" => Lex::Unit(Century, true),
        "spring" => Lex::Season(1, true),
        "summer" => Lex::Season(2, false),
        "autumn" => Lex::Season(3, false),
        "fall" => Lex::Season(3, true),
        "winter" => Lex::Season(4, false),
        "morning" => Lex::Part(Part::Morning),
        "afternoon" => Lex::Part(Part::Afternoon),
        "evening" => Lex::Part(Part::Evening),
        "night" => Lex::Part(Part::Night),
        "the" => lex(The),
        "a" => lex(A),
        "an" => lex(An),
        "this" => lex(This),
        "that" => lex(That),
        "these" => lex(These),
        "last" => lex(Last),
        "next" => lex(Next),
        "past" => lex(Past),
        "coming" => lex(Coming),
        "previous" => lex(Previous),
        "following" => lex(Following),
        "upcoming" => lex(Upcoming),
        "ago" => lex(Ago),
        "later" => lex(Later),
        "earlier" => lex(Earlier),
        "early" => lex(Early),
        "mid" => lex(Mid),
        "late" => lex(Late),
        "recent" => lex(Recent),
        "recently" => lex(Recently),
        "lately" => lex(Lately),
        "few" => lex(Few),
        "several" => lex(Several),
        "couple" => lex(Couple),
        "many" => lex(Many),
        "some" => lex(SomeWord),
        "of" => lex(Of),
        "in" => lex(In),
        "on" => lex(On),
        "at" => lex(At),
        "from" => lex(From),
        "to" => lex(To),
        "between" => lex(Between),
        "and" => lex(And),
        "through" => lex(Through),
        "until" | "till" => lex(Until),
        "since" => lex(Since),
        "by" => lex(By),
        "during" => lex(During),
        "before" => lex(Before),
        "after" => lex(After),
        "every" => lex(Every),
        "each" => lex(Each),
        "per" => lex(Per),
        "once" => lex(Once),
        "twice" => lex(Twice),
        "times" => lex(Times),
        "today" => lex(Today),
        "yesterday" => lex(Yesterday),
        "tomorrow" => lex(Tomorrow),
        "tonight" => lex(Tonight),
        "now" => lex(Now),
        "currently" => lex(Currently),
        "nowadays" => lex(Nowadays),
        "half" => lex(Half),
        "noon" | "midday" => lex(Noon),
        "midnight" => lex(Midnight),
        "annual" => lex(Annual),
        "annually" => lex(Annually),
        "daily" => lex(Daily),
        "weekly" => lex(Weekly),
        "monthly" => lex(Monthly),
        "yearly" => lex(Yearly),
        "hourly" => lex(Hourly),
        "quarterly" => lex(Quarterly),
        "beginning" => lex(Beginning),
        "start" => lex(Start),
        "end" => lex(End),
        "middle" => lex(Middle),
        "final" => lex(Final),
        "future" => lex(Future),
        "over" => lex(Over),
        "almost" => lex(Almost),
        "nearly" => lex(Nearly),
        "about" => lex(About),
        "around" => lex(Around),
        "approximately" => lex(Approximately),
        "roughly" => lex(Roughly),
        "more" => lex(More),
        "than" => lex(Than),
        "near" => lex(Near),
        "ahead" => lex(Ahead),
        "old" => lex(Old),
        "long" => lex(Long),
        "history" => lex(History),
        "dozen" => lex(Dozen),
        "christmas" => lex(Christmas),
        "eve" => lex(Eve),
        "new" => lex(New),
        "thanksgiving" => lex(Thanksgiving),
        "easter" => lex(Easter),
        "halloween" => lex(Halloween),
        "valentine" => lex(Valentine),
        "within" => lex(Within),
        "for" => lex(For),
        "hence" => lex(Hence),
        "million" | "billion" | "thousand" | "percent" => lex(Million),
        "present" => lex(Present),
        "local" => lex(Local),
        "time" => lex(Time),
        _ => Lex::Other,
    }
}

/// "1990s", "90s", "2nd", "21st", "10am", "3pm", "Q3".
fn alnum_lex(s: &str) -> (Lex, u32) {
    let b = s.as_bytes();
    let nd = b.iter().take_while(|c| c.is_ascii_digit()).count();
    if nd == 0 {
        if b.len() == 2 && (b[0] == b'Q' || b[0] == b'q') && (b'1'..=b'4').contains(&b[1]) {
            return (Lex::QuarterTok(b[1] - b'0'), 0);
        }
        return (Lex::Other, 0);
    }
    if nd > 4 {
        return (Lex::Other, 0);
    }
    let n = parse_num(&s[..nd]);
    let rest = &s[nd..];
    if !rest.bytes().all(|c| c.is_ascii_alphabetic()) {
        return (Lex::Other, 0);
    }
    let mut buf = [0u8; 16];
    let Some(len) = lower(rest, &mut buf) else { return (Lex::Other, 0) };
    match &buf[..len] {
        b"st" | b"nd" | b"rd" | b"th" if (1..=31).contains(&n) => (Lex::Ord(n as u8), n),
        b"s" if nd == 4 && n / 10 * 10 == n && (1000..=2090).contains(&n) => (Lex::Decade(n as i32 / 10, false), n),
        b"s" if nd == 2 && n / 10 * 10 == n => (Lex::Decade(n as i32 / 10, true), n),
        b"am" if (1..=12).contains(&n) && nd <= 2 => (Lex::HourAmPm(false), n),
        b"pm" if (1..=12).contains(&n) && nd <= 2 => (Lex::HourAmPm(true), n),
        _ => (Lex::Other, n),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_and_classes() {
        let t = scan("On Tuesday, May 12 the 1990s' 2nd 1,500 four-year-old\nNew line.");
        let lex: Vec<Lex> = t.iter().map(|t| t.lex).collect();
        assert_eq!(lex[0], Lex::W(W::On));
        assert_eq!(lex[1], Lex::Weekday(2));
        assert_eq!(lex[2], Lex::P(','));
        assert_eq!(lex[3], Lex::Month(5));
        assert_eq!((lex[4], t[4].num), (Lex::Num, 12));
        assert_eq!(lex[6], Lex::Decade(199, false));
        assert_eq!(lex[8], Lex::Ord(2));
        assert_eq!(t[9].num, 1);
        assert_eq!(lex[10], Lex::P(','));
        assert!(!t[11].space && t[11].num == 500);
        assert_eq!(lex[12], Lex::Card(4));
        assert_eq!(lex[14], Lex::Unit(Unit::Year, false));
        assert!(t.last().is_some_and(|x| x.sent == 1));
    }

    #[test]
    fn lower_case_months_are_words() {
        let t = scan("may march May");
        assert_eq!(t[0].lex, Lex::Other);
        assert_eq!(t[1].lex, Lex::Other);
        assert_eq!(t[2].lex, Lex::Month(5));
    }

    #[test]
    fn huge_numbers_do_not_overflow() {
        let t = scan(&"9".repeat(100_000));
        assert_eq!(t.len(), 1);
        assert_eq!((t[0].num, t[0].digits), (u32::MAX, 255));
    }

    #[test]
    fn non_ascii_text() {
        let t = scan("Müller\u{a0}arrived — «Monday»");
        assert_eq!(t[0].lex, Lex::Other);
        assert!(t.iter().any(|x| x.lex == Lex::Weekday(1)));
    }
}
