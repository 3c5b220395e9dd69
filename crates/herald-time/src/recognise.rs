//! Recognition: hand-written patterns over the scanner's tokens, tried only at tokens whose class
//! can open a temporal expression, longest match first. Each match is a [`Found`]: a token span,
//! a TIMEX3 type and a [`Sem`], the meaning the normaliser turns into a value. Every look-ahead
//! is bounded (at most a dozen tokens), so recognition is linear in the text.

use crate::scan::{Kind, Lex, Part, Tok, Unit, W};
use crate::TimexType;

/// How a calendar unit relates to the document creation time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Rel {
    /// No modifier: the verb's tense decides.
    Bare,
    /// "this".
    This,
    /// "last" (strictly before the DCT).
    Last,
    /// "next" (strictly after the DCT).
    Next,
    /// "this past": the one just gone.
    ThisPast,
}

/// Which year a season, quarter or holiday is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum YearRef {
    Explicit(i32),
    /// this = 0, last = -1, next = +1, as calendar steps from the DCT.
    Rel(i32),
    /// No year: tense and nearness decide.
    Bare,
}

/// An amount of units: a number, or an unspecified one ("several", "a few").
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Amount {
    N(f64),
    X,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Fuzzy {
    Past,
    Present,
    Future,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Holiday {
    Christmas,
    ChristmasEve,
    NewYear,
    NewYearsEve,
    Thanksgiving,
    Easter,
    Halloween,
    Valentine,
}

/// What an expression means, before it is anchored to the DCT.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Sem {
    /// A full date; the weekday, when stated, is checked against it.
    Ymd {
        y: i32,
        m: u32,
        d: u32,
        wd: Option<u8>,
    },
    Ym {
        y: i32,
        m: u32,
    },
    Year(i32),
    /// Month and day without a year: the year nearest the DCT.
    MonthDay {
        m: u32,
        d: u32,
        wd: Option<u8>,
    },
    /// A month without a day or year.
    Month {
        m: u32,
        rel: Rel,
    },
    /// A month in a year named relatively ("January of last year", "June next year").
    MonthIn {
        m: u32,
        year: YearRef,
    },
    Weekday {
        wd: u8,
        rel: Rel,
        part: Option<Part>,
    },
    /// today (0), yesterday (-1), tomorrow (+1), with an optional part of the day.
    DayRel {
        offset: i32,
        part: Option<Part>,
    },
    /// this (0) / last (-1) / next (+1) week, month, quarter, year, decade, century.
    UnitRel {
        unit: Unit,
        offset: i32,
    },
    /// A weekend: this, last, next, this past, or bare.
    Weekend {
        rel: Rel,
    },
    /// "two years ago" (sign -1), "two years from now" (+1).
    Ago {
        n: Amount,
        unit: Unit,
        sign: i32,
    },
    Season {
        s: u8,
        year: YearRef,
    },
    Quarter {
        q: u8,
        year: YearRef,
    },
    Half {
        h: u8,
        year: YearRef,
    },
    /// The first three digits of a decade's years ("199").
    Decade(i32),
    /// A two-digit decade ("the '90s" → 9): the century nearest the DCT.
    DecadeShort(i32),
    /// The first two digits of a century's years ("19" for the 20th).
    Century(i32),
    Holiday {
        h: Holiday,
        year: YearRef,
    },
    Ref(Fuzzy),
    /// A clock time; the day comes from the sentence or the DCT.
    Clock {
        h: u32,
        min: u32,
        zone: Option<i16>,
    },
    Duration {
        n: Amount,
        unit: Unit,
    },
    Set {
        n: Amount,
        unit: Unit,
    },
    SetWeekday(u8),
    /// "from 2009 to 2011": the duration between two dates of the same granularity.
    Range(Box<Sem>, Box<Sem>),
    /// "9/11".
    Fixed(&'static str),
    /// A duration whose amount and unit the text leaves open ("for a long time"): `PXX`.
    Vague,
    /// Recognised but impossible (February 30): the span is kept, the value left empty.
    Invalid,
}

impl Sem {
    pub(crate) fn kind(&self) -> TimexType {
        match self {
            Sem::Clock { .. } => TimexType::Time,
            Sem::Weekday { part: Some(_), .. } | Sem::DayRel { part: Some(_), .. } => TimexType::Time,
            Sem::Duration { .. } | Sem::Range(..) | Sem::Vague => TimexType::Duration,
            Sem::Set { .. } | Sem::SetWeekday(_) => TimexType::Set,
            _ => TimexType::Date,
        }
    }
}

/// One recognised expression, as a token range.
#[derive(Clone, Debug)]
pub(crate) struct Found {
    pub start: usize,
    pub end: usize,
    pub sem: Sem,
    pub modifier: Option<&'static str>,
    /// A full date opening a line of the text: a dateline.
    pub dateline: bool,
}

struct Cand {
    end: usize,
    sem: Sem,
    modifier: Option<&'static str>,
}

fn cand(end: usize, sem: Sem) -> Option<Cand> {
    Some(Cand { end, sem, modifier: None })
}

pub(crate) fn recognise(text: &str, toks: &[Tok]) -> Vec<Found> {
    let m = Matcher { text, t: toks };
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        match m.try_at(i) {
            Some(c) => {
                let range = matches!(c.sem, Sem::Range(..));
                let dateline = matches!(c.sem, Sem::Ymd { .. }) && m.is_dateline(i, c.end);
                out.push(Found { start: i, end: c.end, sem: c.sem, modifier: c.modifier, dateline });
                // The dates inside a range are expressions of their own.
                i = if range { i + 1 } else { c.end };
            }
            None => i += 1,
        }
    }
    out
}

struct Matcher<'a> {
    text: &'a str,
    t: &'a [Tok],
}

impl Matcher<'_> {
    fn lx(&self, i: usize) -> Lex {
        self.t.get(i).map_or(Lex::Other, |t| t.lex)
    }

    fn w(&self, i: usize, w: W) -> bool {
        self.lx(i) == Lex::W(w)
    }

    fn p(&self, i: usize, c: char) -> bool {
        self.lx(i) == Lex::P(c)
    }

    /// Token `i` exists and touches the one before it.
    fn glued(&self, i: usize) -> bool {
        self.t.get(i).is_some_and(|t| !t.space)
    }

    /// Token `i` touches the one before it and is a letter or digit run ("7/8/07." ends at the
    /// period; "7/8/07a" does not end).
    fn glued_alnum(&self, i: usize) -> bool {
        self.t.get(i).is_some_and(|t| !t.space && t.kind != Kind::Punct)
    }

    fn same_sentence(&self, a: usize, b: usize) -> bool {
        match (self.t.get(a), self.t.get(b)) {
            (Some(x), Some(y)) => x.sent == y.sent,
            _ => false,
        }
    }

    fn lower_is(&self, i: usize, words: &[&str]) -> bool {
        self.t.get(i).is_some_and(|t| {
            let s = &self.text[t.start..t.end];
            words.iter().any(|w| s.eq_ignore_ascii_case(w))
        })
    }

    fn is_lower_word(&self, i: usize) -> bool {
        self.t.get(i).is_some_and(|t| t.kind == Kind::Word && !t.cap)
    }

    /// A number written with digits, 1–9 digits, not part of "1,500" or "2.5".
    fn num(&self, i: usize) -> Option<u32> {
        let t = self.t.get(i)?;
        if t.lex != Lex::Num || t.num == u32::MAX {
            return None;
        }
        // "1,500", "3.2008", "1.5": glued to a separator and another number.
        if i >= 2 && self.glued(i) && matches!(self.lx(i - 1), Lex::P(',' | '.')) && self.t[i - 2].lex == Lex::Num {
            return None;
        }
        if matches!(self.lx(i + 1), Lex::P(',' | '.'))
            && self.glued(i + 1)
            && self.glued(i + 2)
            && self.lx(i + 2) == Lex::Num
        {
            return None;
        }
        Some(t.num)
    }

    fn ord(&self, i: usize) -> Option<u8> {
        match self.lx(i) {
            Lex::W(W::First) => Some(1),
            Lex::Ord(n) => Some(n),
            _ => None,
        }
    }

    /// A day of the month: "12", "12th", "twelfth"; returns (day, next token).
    fn day(&self, i: usize) -> Option<(u32, usize)> {
        let t = self.t.get(i)?;
        match t.lex {
            Lex::Num if t.digits <= 2 && (1..=31).contains(&t.num) => {
                // "May 12:30" is not a date; "May 6." is.
                if self.p(i + 1, ':') && self.glued(i + 1) {
                    return None;
                }
                Some((t.num, i + 1))
            }
            Lex::Ord(n) if t.kind == Kind::Alnum => Some((u32::from(n), i + 1)),
            _ => None,
        }
    }

    /// A year written with four digits, in a context where a number that size is a year.
    fn year(&self, i: usize) -> Option<i32> {
        self.year_in(i, false)
    }

    /// A year; `after_date`: it follows a month and day ("May 12, 2015"), which says it is one.
    fn year_in(&self, i: usize, after_date: bool) -> Option<i32> {
        let t = self.t.get(i)?;
        if t.digits != 4 {
            return None;
        }
        let n = self.num(i)?;
        if !(1000..=2199).contains(&n) {
            return None;
        }
        // Currency and numbering before; units, percentages, decimals and times after.
        if i > 0
            && matches!(self.lx(i - 1), Lex::P('$' | '£' | '€' | '¥' | '#' | '+' | '/' | ':'))
            && (self.glued(i) || matches!(self.lx(i - 1), Lex::P('$' | '£' | '€' | '#')))
        {
            return None;
        }
        // "F-2008", "1999-2008" (the range is read from its first year): not a year alone; but
        // "mid-2011", "pre-2008" are.
        if i > 1
            && matches!(self.lx(i - 1), Lex::P('-' | '–'))
            && self.glued(i)
            && self.glued(i - 1)
            && !self.is_lower_word(i - 2)
        {
            return None;
        }
        if i > 0
            && self
                .lower_is(i - 1, &["no", "number", "flight", "route", "page", "room", "model", "version", "rs", "usd"])
        {
            return None;
        }
        if self.glued(i + 1) && matches!(self.lx(i + 1), Lex::P('%' | ':' | '/')) {
            return None;
        }
        if self.glued(i + 1) && self.t[i + 1].kind != Kind::Punct {
            return None;
        }
        let prep = after_date
            || i > 0
                && matches!(
                    self.lx(i - 1),
                    Lex::W(
                        W::In
                            | W::Since
                            | W::Of
                            | W::From
                            | W::Until
                            | W::By
                            | W::During
                            | W::Before
                            | W::After
                            | W::To
                            | W::Between
                            | W::And
                            | W::Early
                            | W::Mid
                            | W::Late
                            | W::The
                            | W::Through
                    ) | Lex::Unit(Unit::Year, false)
                        | Lex::Month(_)
                        | Lex::Season(..)
                );
        if !(1900..=2099).contains(&n) && !prep {
            return None;
        }
        // "2000 jobs", "1500 people": a plural noun after a bare number (on the same line).
        if !prep && self.is_lower_word(i + 1) && !self.t[i + 1].newline {
            let next = &self.text[self.t[i + 1].start..self.t[i + 1].end];
            let function = matches!(
                next.to_ascii_lowercase().as_str(),
                "was" | "is" | "has" | "as" | "its" | "this" | "his" | "us" | "its'" | "thus" | "plus" | "versus"
            );
            if next.len() > 2 && next.ends_with('s') && !function {
                return None;
            }
            if matches!(self.lx(i + 1), Lex::W(W::Million) | Lex::Unit(..)) {
                return None;
            }
        }
        Some(n as i32)
    }

    /// A full date opening a line (after the first line) and not running on into a sentence
    /// ("May 6, 2013 was …"): a dateline.
    fn is_dateline(&self, start: usize, end: usize) -> bool {
        let Some(first) = self.t.get(start) else { return false };
        if !(first.newline && start > 0) {
            return false;
        }
        !self.is_lower_word(end) || self.t[end].newline
    }

    // ------------------------------------------------------------------------------------
    // The entry point: every pattern that can start at `i`, the longest kept.

    fn try_at(&self, i: usize) -> Option<Cand> {
        let mut best: Option<Cand> = None;
        let mut keep = |c: Option<Cand>| {
            if let Some(c) = c {
                if best.as_ref().is_none_or(|b| c.end > b.end) {
                    best = Some(c);
                }
            }
        };
        match self.lx(i) {
            Lex::Other | Lex::P(_) if self.t[i].kind != Kind::Num => {
                if self.p(i, '\'') || self.p(i, '\u{2019}') {
                    keep(self.decade(i));
                }
                return best;
            }
            _ => {}
        }
        keep(self.core(i));
        match self.lx(i) {
            Lex::W(W::Early | W::Mid | W::Late | W::Earlier | W::Later) => keep(self.with_position(i)),
            Lex::W(W::The) => keep(self.the(i)),
            Lex::W(W::Almost | W::Nearly | W::About | W::Around | W::Approximately | W::Roughly) => {
                if let Some(c) = self.duration(i + 1, false) {
                    keep(Some(Cand { modifier: Some("APPROX"), ..c }));
                }
            }
            Lex::W(W::More) if self.w(i + 1, W::Recently) => keep(cand(i + 2, Sem::Ref(Fuzzy::Past))),
            // "for a long time": only after "for", where it can only be a duration ("a long time
            // ago" is a past reference, "it took a long time" too open to mark).
            Lex::W(W::A) if i > 0 && self.w(i - 1, W::For) && self.w(i + 1, W::Long) && self.w(i + 2, W::Time) => {
                keep(cand(i + 3, Sem::Vague))
            }
            Lex::W(W::Over) if self.w(i + 1, W::The) && self.lx(i + 2) == Lex::Unit(Unit::Year, true) => {
                keep(cand(i + 3, Sem::Duration { n: Amount::X, unit: Unit::Year }))
            }
            Lex::W(W::From | W::Between) => keep(self.range(i)),
            Lex::W(W::Once | W::Twice) => {
                if matches!(self.lx(i + 1), Lex::W(W::A | W::An | W::Per | W::Every | W::Each)) {
                    if let Lex::Unit(u, false) = self.lx(i + 2) {
                        keep(cand(i + 3, Sem::Set { n: Amount::N(1.0), unit: u }));
                    }
                }
            }
            _ => {}
        }
        best
    }

    /// The patterns that need no prefix.
    fn core(&self, i: usize) -> Option<Cand> {
        match self.lx(i) {
            Lex::Month(m) | Lex::MonthAbbr(m) => self.month(i, u32::from(m), None),
            Lex::Weekday(d) => self.weekday(i, d),
            Lex::Num => self.number(i),
            Lex::Ord(_) | Lex::W(W::First) => self.ordinal(i),
            Lex::Card(_) | Lex::W(W::A | W::An | W::Several | W::Few | W::Couple | W::Many | W::SomeWord | W::Half) => {
                self.amount_led(i)
            }
            Lex::Decade(..) => self.decade(i),
            Lex::QuarterTok(q) => {
                let (year, end) = self.year_after(i + 1);
                cand(end, Sem::Quarter { q, year })
            }
            Lex::HourAmPm(pm) => {
                let h = to_24(self.t[i].num, pm);
                let (zone, end) = self.zone(i + 1);
                cand(end, Sem::Clock { h, min: 0, zone })
            }
            Lex::Season(s, ambiguous) => self.season(i, s, ambiguous, YearRef::Bare, i),
            Lex::Unit(u, true) => self.bare_plural(i, u),
            Lex::W(w) => self.word(i, w),
            _ => None,
        }
    }

    // ------------------------------------------------------------------------------------
    // Months and days.

    /// "May 12, 2015", "May 12", "May 2015", "May"; `wd` is a weekday stated before it.
    fn month(&self, i: usize, m: u32, wd: Option<u8>) -> Option<Cand> {
        let abbr = matches!(self.lx(i), Lex::MonthAbbr(_));
        let mut j = i + 1;
        if abbr && self.p(j, '.') && self.glued(j) {
            j += 1;
        }
        if let Some((d, k)) = self.day(j) {
            // "May 12, 2015" / "May 12 2015" / "May 12th"
            let mut k2 = k;
            if self.p(k2, ',') {
                k2 += 1;
            }
            if let Some(y) = self.year_in(k2, true) {
                return cand(k2 + 1, Sem::Ymd { y, m, d, wd });
            }
            // "May 12" but not "May 2, 3 and 4 percent"… a day number must not run into a unit.
            if matches!(self.lx(k), Lex::Unit(..) | Lex::W(W::Million)) || self.p(k, '%') {
                return None;
            }
            return cand(k, Sem::MonthDay { m, d, wd });
        }
        if abbr {
            return None;
        }
        // "May 2015", "May, 2015", "May of 2015"
        let mut k = j;
        if self.p(k, ',') || self.w(k, W::Of) {
            k += 1;
        }
        if let Some(y) = self.year(k) {
            return cand(k + 1, Sem::Ym { y, m });
        }
        // "January of this year", "June next year"
        let k = if self.w(j, W::Of) { j + 1 } else { j };
        if self.lx(k + 1) == Lex::Unit(Unit::Year, false) {
            let rel = match self.lx(k) {
                Lex::W(W::This) if k > j => Some(0),
                Lex::W(W::Last) => Some(-1),
                Lex::W(W::Next) => Some(1),
                _ => None,
            };
            if let Some(r) = rel {
                return cand(k + 2, Sem::MonthIn { m, year: YearRef::Rel(r) });
            }
        }
        // A month on its own. "May" and "March" are also a verb and a noun; capitalised "June"
        // before a capitalised word is a name.
        let prev = if i == 0 { Lex::Other } else { self.lx(i - 1) };
        let prep = matches!(
            prev,
            Lex::W(
                W::In
                    | W::Since
                    | W::Until
                    | W::By
                    | W::Of
                    | W::During
                    | W::From
                    | W::Through
                    | W::To
                    | W::Before
                    | W::After
                    | W::Early
                    | W::Mid
                    | W::Late
                    | W::Last
                    | W::Next
                    | W::This
                    | W::And
                    | W::Between
            )
        );
        let starts_sentence = i == 0 || self.t[i].sent != self.t[i - 1].sent;
        let next_cap = self.t.get(i + 1).is_some_and(|t| t.cap && t.kind == Kind::Word);
        if prep || (!matches!(m, 3 | 5) && !starts_sentence && !next_cap) {
            return cand(i + 1, Sem::Month { m, rel: Rel::Bare });
        }
        None
    }

    /// "Tuesday", "Tuesday morning", "Tuesday, May 12, 2015", "Tuesday 12 May".
    fn weekday(&self, i: usize, d: u8) -> Option<Cand> {
        let mut j = i + 1;
        if self.p(j, ',') {
            j += 1;
        }
        if let Lex::Month(m) | Lex::MonthAbbr(m) = self.lx(j) {
            if let Some(c) = self.month(j, u32::from(m), Some(d)) {
                if matches!(c.sem, Sem::Ymd { .. } | Sem::MonthDay { .. }) {
                    return Some(c);
                }
            }
        }
        if let Some((day, k)) = self.day(j) {
            if let Lex::Month(m) | Lex::MonthAbbr(m) = self.lx(k) {
                let mut e = k + 1;
                if self.p(e, '.') && self.glued(e) {
                    e += 1;
                }
                if let Some(y) = self.year_in(e, true) {
                    return cand(e + 1, Sem::Ymd { y, m: u32::from(m), d: day, wd: Some(d) });
                }
                return cand(e, Sem::MonthDay { m: u32::from(m), d: day, wd: Some(d) });
            }
        }
        if let Lex::Part(p) = self.lx(i + 1) {
            return cand(i + 2, Sem::Weekday { wd: d, rel: Rel::Bare, part: Some(p) });
        }
        cand(i + 1, Sem::Weekday { wd: d, rel: Rel::Bare, part: None })
    }

    // ------------------------------------------------------------------------------------
    // Numbers: years, numeric dates, clock times, "12 May", durations.

    fn number(&self, i: usize) -> Option<Cand> {
        let t = self.t[i];
        // Glued to letters or digits before it ("A-380", "3-2" handled below): not a start.
        if i > 0 && self.glued(i) && matches!(self.t[i - 1].kind, Kind::Word | Kind::Alnum | Kind::Num) {
            return None;
        }
        let mut best: Option<Cand> = None;
        let mut keep = |c: Option<Cand>| {
            if let Some(c) = c {
                if best.as_ref().is_none_or(|b| c.end > b.end) {
                    best = Some(c);
                }
            }
        };
        // "2008-03-01"
        if t.digits == 4
            && self.p(i + 1, '-')
            && self.glued(i + 1)
            && self.glued(i + 2)
            && self.t.get(i + 2).is_some_and(|x| x.lex == Lex::Num && x.digits == 2)
            && self.p(i + 3, '-')
            && self.glued(i + 3)
            && self.glued(i + 4)
            && self.t.get(i + 4).is_some_and(|x| x.lex == Lex::Num && x.digits == 2)
            && !self.glued_alnum(i + 5)
            && !(self.glued(i + 5) && matches!(self.lx(i + 5), Lex::P('-' | '/')))
        {
            let (y, m, d) = (t.num as i32, self.t[i + 2].num, self.t[i + 4].num);
            if (1..=12).contains(&m) && (1..=31).contains(&d) {
                return cand(i + 5, Sem::Ymd { y, m, d, wd: None });
            }
            return cand(i + 5, Sem::Invalid);
        }
        // "7/8/07", "12/25/2008", "9/11"
        if t.digits <= 2 && self.p(i + 1, '/') && self.glued(i + 1) && self.glued(i + 2) && self.lx(i + 2) == Lex::Num {
            let b = self.t[i + 2];
            if self.p(i + 3, '/') && self.glued(i + 3) && self.glued(i + 4) && self.lx(i + 4) == Lex::Num {
                let c = self.t[i + 4];
                if b.digits <= 2
                    && (c.digits == 2 || c.digits == 4)
                    && !self.glued_alnum(i + 5)
                    && !(self.glued(i + 5) && matches!(self.lx(i + 5), Lex::P('/' | '-')))
                {
                    let (a, b, c) = (t.num, b.num, c.num);
                    let (m, d) = if a > 12 { (b, a) } else { (a, b) };
                    if (1..=12).contains(&m) && (1..=31).contains(&d) {
                        let y = if self.t[i + 4].digits == 2 { two_digit_year(c) } else { c as i32 };
                        return cand(i + 5, Sem::Ymd { y, m, d, wd: None });
                    }
                    if a <= 31 && b <= 31 && (a <= 12 || b <= 12) {
                        return cand(i + 5, Sem::Invalid);
                    }
                    return None;
                }
                return None;
            }
            if t.num == 9 && b.num == 11 && b.digits == 2 && !(self.glued(i + 3) && self.t[i + 3].kind != Kind::Punct) {
                return cand(i + 3, Sem::Fixed("2001-09-11"));
            }
            return None;
        }
        // "12.05.2008" (day first)
        if t.digits <= 2
            && self.p(i + 1, '.')
            && self.glued(i + 1)
            && self.glued(i + 2)
            && self.t.get(i + 2).is_some_and(|x| x.lex == Lex::Num && x.digits <= 2)
            && self.p(i + 3, '.')
            && self.glued(i + 3)
            && self.glued(i + 4)
            && self.t.get(i + 4).is_some_and(|x| x.lex == Lex::Num && x.digits == 4 && (1900..=2099).contains(&x.num))
            && !(self.glued(i + 5) && self.lx(i + 6) == Lex::Num)
        {
            let (d, m, y) = (t.num, self.t[i + 2].num, self.t[i + 4].num as i32);
            if (1..=12).contains(&m) && (1..=31).contains(&d) {
                return cand(i + 5, Sem::Ymd { y, m, d, wd: None });
            }
            return None;
        }
        // Clock times: "18:00 UTC", "6:40 p.m.", "10 a.m.", "10 o'clock".
        keep(self.clock(i));
        // "12 May 2015", "12 May"
        if let Some((d, k)) = self.day(i) {
            if let Lex::Month(m) | Lex::MonthAbbr(m) = self.lx(k) {
                let mut e = k + 1;
                if self.p(e, '.') && self.glued(e) {
                    e += 1;
                }
                let mut e2 = e;
                if self.p(e2, ',') {
                    e2 += 1;
                }
                if let Some(y) = self.year_in(e2, true) {
                    keep(cand(e2 + 1, Sem::Ymd { y, m: u32::from(m), d, wd: None }));
                } else if !(m == 5 && self.is_lower_word(e) && !self.same_sentence(i, e)) {
                    keep(cand(e, Sem::MonthDay { m: u32::from(m), d, wd: None }));
                }
            }
        }
        // "the late 1980's"
        if t.digits == 4
            && t.num / 10 * 10 == t.num
            && matches!(self.lx(i + 1), Lex::P('\'' | '\u{2019}'))
            && self.glued(i + 1)
            && self.lower_is(i + 2, &["s"])
            && self.glued(i + 2)
        {
            if let Some(y) = self.year(i) {
                keep(cand(i + 3, Sem::Decade(y / 10)));
            }
        }
        // Years and year ranges ("2010-11").
        if let Some(y) = self.year(i) {
            let dash = (self.p(i + 1, '-') || self.p(i + 1, '–')) && self.glued(i + 1) && self.glued(i + 2);
            match self.t.get(i + 2).filter(|x| dash && x.lex == Lex::Num) {
                // "2010-11", "1955-2011"; anything else glued on ("2015-555-0199") is no year.
                Some(x) => {
                    let end_year = match x.digits {
                        2 => Some(y - y % 100 + x.num as i32),
                        4 => Some(x.num as i32),
                        _ => None,
                    };
                    let more =
                        self.glued(i + 3) && matches!(self.lx(i + 3), Lex::P('-' | '/' | '.')) && self.glued(i + 4);
                    if let Some(e) = end_year.filter(|&e| e > y && e - y < 100 && !more) {
                        keep(cand(i + 3, Sem::Range(Box::new(Sem::Year(y)), Box::new(Sem::Year(e)))));
                    }
                }
                None => keep(cand(i + 1, Sem::Year(y))),
            }
        }
        keep(self.amount_led(i));
        best
    }

    /// "18:00", "6:40 p.m.", "10 a.m.", "10 o'clock", with a time zone after.
    fn clock(&self, i: usize) -> Option<Cand> {
        let t = self.t[i];
        if t.digits > 2 || t.num > 24 {
            return None;
        }
        let (mut h, mut min, mut j) = (t.num, 0, i + 1);
        let mut explicit = false;
        let mut glued_ampm = None;
        if self.p(j, ':') && self.glued(j) && self.glued(j + 1) {
            let m = self.t.get(j + 1)?;
            if m.lex == Lex::Num && m.digits == 2 && m.num < 60 {
                min = m.num;
            } else if m.kind == Kind::Alnum && m.end - m.start == 4 && self.text[m.start..m.end].is_ascii() {
                // "6:00am"
                let s = &self.text[m.start..m.end];
                let (digits, suffix) = s.split_at(2);
                let pm = match suffix.to_ascii_lowercase().as_str() {
                    "am" => false,
                    "pm" => true,
                    _ => return None,
                };
                min = digits.parse().ok().filter(|&m: &u32| m < 60)?;
                glued_ampm = Some(pm);
            } else {
                return None;
            }
            j += 2;
            explicit = true;
            // "12:30:15" seconds are dropped; "1:2:3" is not a time.
            if self.p(j, ':') && self.glued(j) {
                return None;
            }
        }
        let (ampm, k) = match glued_ampm {
            Some(pm) => (Some(pm), j),
            None => self.ampm(j),
        };
        if let Some(pm) = ampm {
            if !(1..=12).contains(&h) {
                return None;
            }
            h = to_24(h, pm);
            j = k;
            explicit = true;
        } else if self.lower_is(j, &["o"])
            && matches!(self.lx(j + 1), Lex::P('\'' | '\u{2019}'))
            && self.lower_is(j + 2, &["clock"])
        {
            j += 3;
            explicit = true;
        }
        let (zone, k) = self.zone(j);
        if zone.is_some() || k > j {
            explicit = true;
        }
        if !explicit || h > 24 || (h == 24 && min > 0) {
            return None;
        }
        // "3:30" needs a preposition or a zone before it counts ("won 3:30" is a score).
        if ampm.is_none() && k == j {
            let prev = if i == 0 { Lex::Other } else { self.lx(i - 1) };
            if !matches!(
                prev,
                Lex::W(
                    W::At | W::By | W::Until | W::From | W::To | W::Before | W::After | W::Around | W::About | W::Since
                )
            ) && !self.w(j, W::Local)
                && !self.lower_is(j, &["hours", "hrs", "h"])
            {
                return None;
            }
        }
        let mut end = k;
        if self.w(end, W::Local) && self.w(end + 1, W::Time) {
            end += 2;
        }
        cand(end, Sem::Clock { h, min, zone })
    }

    /// "a.m.", "p.m.", "am", "pm", "AM", "PM" at `j`.
    fn ampm(&self, j: usize) -> (Option<bool>, usize) {
        let is = |k: usize, s: &str| self.lower_is(k, &[s]);
        for (s, pm) in [("a", false), ("p", true)] {
            if is(j, s) && self.p(j + 1, '.') && self.glued(j + 1) && is(j + 2, "m") && self.glued(j + 2) {
                let end = if self.p(j + 3, '.') && self.glued(j + 3) { j + 4 } else { j + 3 };
                return (Some(pm), end);
            }
        }
        if is(j, "am") && !self.t[j].cap || is(j, "AM") {
            return (Some(false), j + 1);
        }
        if is(j, "pm") {
            return (Some(true), j + 1);
        }
        (None, j)
    }

    /// A time zone at `j`: "UTC", "GMT", "EST", "(GMT +8)", "GMT+8", "local time".
    fn zone(&self, j: usize) -> (Option<i16>, usize) {
        let paren = self.p(j, '(');
        let k = if paren { j + 1 } else { j };
        if let Lex::Zone(off) = self.lx(k) {
            let mut e = k + 1;
            let mut off = off;
            if off == 0 && matches!(self.lx(e), Lex::P('+' | '-' | '−')) {
                if let Some(x) = self.t.get(e + 1).filter(|x| x.lex == Lex::Num && x.digits <= 2 && x.num <= 14) {
                    let sign = if self.p(e, '+') { 1 } else { -1 };
                    off = sign * (x.num as i16) * 60;
                    e += 2;
                }
            }
            if paren {
                if !self.p(e, ')') {
                    return (None, j);
                }
                e += 1;
            }
            return (Some(off), e);
        }
        (None, j)
    }

    // ------------------------------------------------------------------------------------
    // Amounts and durations.

    /// An amount at `i`: "two", "18", "twenty-five", "two and a half", "a", "several",
    /// "a few", "a couple of", "a dozen", "half a". Returns the amount and the next token.
    fn amount(&self, i: usize, article: bool) -> Option<(Amount, usize)> {
        let (mut n, mut j) = match self.lx(i) {
            Lex::Num => {
                let t = self.t[i];
                if t.digits > 6 {
                    return None;
                }
                // "1,500" and "2.5" are single amounts here.
                let mut v = f64::from(self.num_raw(i)?);
                let mut j = i + 1;
                while self.p(j, ',')
                    && self.glued(j)
                    && self.glued(j + 1)
                    && self.t.get(j + 1).is_some_and(|x| x.lex == Lex::Num && x.digits == 3)
                {
                    v = v * 1000.0 + f64::from(self.t[j + 1].num);
                    j += 2;
                }
                if self.p(j, '.') && self.glued(j) && self.glued(j + 1) {
                    if let Some(x) = self.t.get(j + 1).filter(|x| x.lex == Lex::Num && x.digits <= 3) {
                        v += f64::from(x.num) / 10f64.powi(i32::from(x.digits));
                        j += 2;
                    }
                }
                (Amount::N(v), j)
            }
            Lex::Card(c) => {
                let mut v = c;
                let mut j = i + 1;
                if c >= 20 && c % 10 == 0 && c < 100 {
                    let k = if self.p(j, '-') && self.glued(j) { j + 1 } else { j };
                    if let Lex::Card(u) = self.lx(k) {
                        if u < 10 {
                            v += u;
                            j = k + 1;
                        }
                    }
                }
                (Amount::N(f64::from(v)), j)
            }
            Lex::W(W::A | W::An) if article => match self.lx(i + 1) {
                Lex::W(W::Few) => (Amount::X, i + 2),
                Lex::W(W::Couple) if self.w(i + 2, W::Of) => (Amount::N(2.0), i + 3),
                Lex::W(W::Dozen) => (Amount::N(12.0), i + 2),
                Lex::Card(100) => (Amount::N(100.0), i + 2),
                _ => (Amount::N(1.0), i + 1),
            },
            Lex::W(W::Several | W::Many) => (Amount::X, i + 1),
            Lex::W(W::Few) => (Amount::X, i + 1),
            Lex::W(W::Half) if matches!(self.lx(i + 1), Lex::W(W::A | W::An)) => (Amount::N(0.5), i + 2),
            _ => return None,
        };
        // "two and a half"
        if let Amount::N(v) = n {
            if self.w(j, W::And) && matches!(self.lx(j + 1), Lex::W(W::A)) && self.w(j + 2, W::Half) {
                n = Amount::N(v + 0.5);
                j += 3;
            }
        }
        Some((n, j))
    }

    fn num_raw(&self, i: usize) -> Option<u32> {
        self.t.get(i).filter(|t| t.lex == Lex::Num && t.num != u32::MAX).map(|t| t.num)
    }

    /// A duration at `i`: amount + unit ("two years", "18 months", "a week", "several years",
    /// "almost two and a half years"), or the adjectival form ("five-year", "four-year-old").
    /// `article`: whether "a"/"an" may open it.
    fn duration(&self, i: usize, article: bool) -> Option<Cand> {
        let (n, j) = self.amount(i, true)?;
        let counted_by_article = matches!(self.lx(i), Lex::W(W::A | W::An)) && n == Amount::N(1.0);
        if counted_by_article && (!article || matches!(self.lx(j), Lex::Unit(_, true))) {
            return None;
        }
        // Adjectival: "five-year", "27-year", "four-year-old", "12-hour", "decades-long".
        if self.p(j, '-') && self.glued(j) && self.glued(j + 1) {
            if let Lex::Unit(u, false) = self.lx(j + 1) {
                let mut end = j + 2;
                if self.p(end, '-') && self.glued(end) && matches!(self.lx(end + 1), Lex::W(W::Old | W::Long)) {
                    end += 2;
                } else if self.w(end, W::History) {
                    end += 1;
                }
                return cand(end, Sem::Duration { n, unit: u });
            }
            return None;
        }
        let (unit, mut end) = match self.lx(j) {
            Lex::Unit(u, plural) => {
                // "World Cup 2018 day five", "Apollo 11 day two": a number that names, not counts.
                if !plural && matches!(self.lx(j + 1), Lex::Card(_) | Lex::Num | Lex::Ord(_)) {
                    return None;
                }
                if !plural
                    && self.t[i].lex == Lex::Num
                    && self.t[i].digits == 4
                    && !matches!(self.lx(j + 1), Lex::W(W::Old | W::Long))
                    && !(self.p(j + 1, '-') && matches!(self.lx(j + 2), Lex::W(W::Old | W::Long)))
                {
                    return None;
                }
                // "a quarter of the votes", "a half of": fractions.
                if matches!(u, Unit::Quarter) && self.w(j + 1, W::Of) {
                    return None;
                }
                (u, j + 1)
            }
            // "half an hour", "a half hour"
            Lex::W(W::Half) if matches!(n, Amount::N(v) if v == 1.0) => match self.lx(j + 1) {
                Lex::Unit(u, false) => {
                    return cand(j + 2, Sem::Duration { n: Amount::N(0.5), unit: u });
                }
                _ => return None,
            },
            _ => return None,
        };
        let mut n = n;
        // "a year and a half"
        if let Amount::N(v) = n {
            if self.w(end, W::And) && self.w(end + 1, W::A) && self.w(end + 2, W::Half) {
                n = Amount::N(v + 0.5);
                end += 3;
            }
        }
        // "N units old" is an age.
        if self.w(end, W::Ago) {
            return cand(end + 1, Sem::Ago { n, unit, sign: -1 });
        }
        if self.w(end, W::From) && self.w(end + 1, W::Now) || self.w(end, W::Hence) {
            let e = if self.w(end, W::Hence) { end + 1 } else { end + 2 };
            return cand(e, Sem::Ago { n, unit, sign: 1 });
        }
        cand(end, Sem::Duration { n, unit })
    }

    /// Patterns opened by an amount: durations, ages, "15 a year" is handled at "a".
    fn amount_led(&self, i: usize) -> Option<Cand> {
        match self.lx(i) {
            Lex::W(W::A | W::An) => self.article(i),
            Lex::W(W::SomeWord) => {
                // "some years ago" is fuzzy; "some two years" is approximate.
                if let Lex::Unit(u, true) = self.lx(i + 1) {
                    if self.w(i + 2, W::Ago) {
                        return cand(i + 3, Sem::Ref(Fuzzy::Past));
                    }
                    let _ = u;
                }
                None
            }
            _ => {
                let c = self.duration(i, false)?;
                if let Sem::Ago { n: Amount::X, .. } = c.sem {
                    return cand(c.end, Sem::Ref(Fuzzy::Past));
                }
                Some(c)
            }
        }
    }

    /// "a"/"an" + unit: a SET after a count ("15 a year", "three times a week"), a duration
    /// after words that take one ("for a week", "more than a week"), an "ago" date.
    fn article(&self, i: usize) -> Option<Cand> {
        if let Lex::Unit(u, false) = self.lx(i + 1) {
            let counted = i > 0
                && (matches!(self.lx(i - 1), Lex::Num | Lex::Card(_) | Lex::W(W::Times | W::Million))
                    || i > 1
                        && matches!(self.lx(i - 2), Lex::Num | Lex::Card(_))
                        && self.t[i - 1].kind == Kind::Word
                        && !self.t[i - 1].cap
                        && !matches!(self.lx(i - 1), Lex::W(_)));
            if counted && !matches!(self.lx(i + 2), Lex::W(W::Ago | W::Later | W::Earlier | W::And)) {
                return cand(i + 2, Sem::Set { n: Amount::N(1.0), unit: u });
            }
        }
        let c = self.duration(i, true)?;
        match c.sem {
            Sem::Ago { .. } => Some(c),
            Sem::Duration { n, .. } if n != Amount::N(1.0) => Some(c),
            Sem::Duration { .. } => {
                let prev = if i == 0 { Lex::Other } else { self.lx(i - 1) };
                let takes = matches!(
                    prev,
                    Lex::W(W::For | W::Over | W::Than | W::Within | W::Almost | W::Nearly | W::About | W::In | W::Of)
                ) || self.lower_is(
                    i.wrapping_sub(1),
                    &["just", "only", "least", "lasting", "spent", "took", "takes", "nearly"],
                );
                let after =
                    matches!(self.lx(c.end), Lex::W(W::Later | W::Earlier | W::After | W::Before | W::Long | W::Old))
                        || self.p(c.end, '-') && matches!(self.lx(c.end + 1), Lex::W(W::Long | W::Old));
                (takes || after).then_some(c)
            }
            _ => None,
        }
    }

    /// "years", "decades", "months" alone: unspecified durations after "for" ("for years");
    /// "decades-long".
    fn bare_plural(&self, i: usize, u: Unit) -> Option<Cand> {
        if self.p(i + 1, '-')
            && self.glued(i + 1)
            && matches!(self.lx(i + 2), Lex::W(W::Long | W::Old))
            && self.glued(i + 2)
        {
            return cand(i + 3, Sem::Duration { n: Amount::X, unit: u });
        }
        if i > 0
            && self.w(i - 1, W::For)
            && matches!(u, Unit::Year | Unit::Decade | Unit::Month | Unit::Week | Unit::Century)
        {
            return cand(i + 1, Sem::Duration { n: Amount::X, unit: u });
        }
        None
    }

    // ------------------------------------------------------------------------------------
    // Words.

    fn word(&self, i: usize, w: W) -> Option<Cand> {
        match w {
            W::Today => self.day_rel(i, 0),
            W::Yesterday => self.day_rel(i, -1),
            W::Tomorrow => self.day_rel(i, 1),
            W::Tonight => cand(i + 1, Sem::DayRel { offset: 0, part: Some(Part::Night) }),
            // "the now-cancelled deal" is an adjective.
            W::Now if self.p(i + 1, '-') && self.glued(i + 1) => None,
            // "every now and again", "now and then".
            W::Now if self.w(i + 1, W::And) && self.lower_is(i + 2, &["again", "then"]) => None,
            W::Now => cand(i + 1, Sem::Ref(Fuzzy::Present)),
            W::Currently | W::Nowadays => cand(i + 1, Sem::Ref(Fuzzy::Present)),
            W::Recently | W::Lately => cand(i + 1, Sem::Ref(Fuzzy::Past)),
            W::Recent => match self.lx(i + 1) {
                Lex::Unit(_, true) => cand(i + 2, Sem::Ref(Fuzzy::Past)),
                Lex::W(W::Few) if matches!(self.lx(i + 2), Lex::Unit(_, true)) => cand(i + 3, Sem::Ref(Fuzzy::Past)),
                // "the recent reports": the reports are of the recent past ("the most recent
                // model" ranks models, and is left alone).
                Lex::Other if i > 0 && i + 1 < self.t.len() && self.w(i - 1, W::The) => {
                    cand(i + 1, Sem::Ref(Fuzzy::Past))
                }
                _ => None,
            },
            W::These if self.lx(i + 1) == Lex::Unit(Unit::Day, true) => cand(i + 2, Sem::Ref(Fuzzy::Present)),
            W::At if self.w(i + 1, W::Present) && !matches!(self.lx(i + 2), Lex::W(W::Of)) => {
                cand(i + 2, Sem::Ref(Fuzzy::Present))
            }
            W::Near => {
                // "near days and weeks", "near future"
                if let Lex::Unit(_, true) = self.lx(i + 1) {
                    let mut e = i + 2;
                    if self.w(e, W::And) && matches!(self.lx(e + 1), Lex::Unit(_, true)) {
                        e += 2;
                    }
                    return cand(e, Sem::Ref(Fuzzy::Future));
                }
                if self.w(i + 1, W::Future) {
                    return cand(i + 2, Sem::Ref(Fuzzy::Future));
                }
                None
            }
            W::This | W::Last | W::Next | W::Past | W::Coming | W::Upcoming => self.relative(i, w),
            W::Every | W::Each | W::Per => self.set(i),
            W::Annual | W::Annually | W::Yearly => self.set_word(i, Unit::Year),
            W::Daily => self.set_word(i, Unit::Day),
            W::Weekly => self.set_word(i, Unit::Week),
            W::Monthly => self.set_word(i, Unit::Month),
            W::Hourly => self.set_word(i, Unit::Hour),
            W::Quarterly => self.set_word(i, Unit::Quarter),
            W::Noon => cand(i + 1, Sem::Clock { h: 12, min: 0, zone: None }),
            W::Midnight => cand(i + 1, Sem::Clock { h: 24, min: 0, zone: None }),
            // "illustrator Johnnie Christmas" is a name.
            W::Christmas
                if i > 0
                    && self.same_sentence(i - 1, i)
                    && self.t[i - 1].cap
                    && self.t[i - 1].kind == Kind::Word
                    && !self.lower_is(
                        i - 1,
                        &["merry", "happy", "after", "before", "until", "since", "by", "on", "at", "over", "for"],
                    ) =>
            {
                None
            }
            W::Christmas => {
                let (h, e) = if self.w(i + 1, W::Eve) {
                    (Holiday::ChristmasEve, i + 2)
                } else if self.lx(i + 1) == Lex::Unit(Unit::Day, false) && self.t[i + 1].cap {
                    (Holiday::Christmas, i + 2)
                } else {
                    (Holiday::Christmas, i + 1)
                };
                let (year, e) = self.year_after(e);
                cand(e, Sem::Holiday { h, year })
            }
            W::New if self.t[i].cap && self.lower_is(i + 1, &["year"]) && self.t[i + 1].cap => {
                let mut e = i + 2;
                if matches!(self.lx(e), Lex::P('\'' | '\u{2019}')) && self.lower_is(e + 1, &["s"]) {
                    e += 2;
                }
                let h = if self.w(e, W::Eve) {
                    e += 1;
                    Holiday::NewYearsEve
                } else {
                    if self.lx(e) == Lex::Unit(Unit::Day, false) && self.t[e].cap {
                        e += 1;
                    }
                    Holiday::NewYear
                };
                let (year, e) = self.year_after(e);
                cand(e, Sem::Holiday { h, year })
            }
            W::Thanksgiving | W::Easter | W::Halloween if self.t[i].cap => {
                let h = match w {
                    W::Thanksgiving => Holiday::Thanksgiving,
                    W::Easter => Holiday::Easter,
                    _ => Holiday::Halloween,
                };
                let mut e = i + 1;
                if matches!(self.lx(e), Lex::Unit(Unit::Day, false) | Lex::Weekday(7)) && self.t[e].cap {
                    e += 1;
                }
                let (year, e) = self.year_after(e);
                cand(e, Sem::Holiday { h, year })
            }
            W::Valentine if self.t[i].cap => {
                let mut e = i + 1;
                if matches!(self.lx(e), Lex::P('\'' | '\u{2019}')) && self.lower_is(e + 1, &["s"]) {
                    e += 2;
                }
                if self.lx(e) == Lex::Unit(Unit::Day, false) {
                    let (year, e) = self.year_after(e + 1);
                    return cand(e, Sem::Holiday { h: Holiday::Valentine, year });
                }
                None
            }
            _ => None,
        }
    }

    /// "today", "yesterday morning", "tomorrow night".
    fn day_rel(&self, i: usize, offset: i32) -> Option<Cand> {
        if let Lex::Part(p) = self.lx(i + 1) {
            return cand(i + 2, Sem::DayRel { offset, part: Some(p) });
        }
        cand(i + 1, Sem::DayRel { offset, part: None })
    }

    /// "this week", "last year", "next month", "last Tuesday", "this past weekend", "last
    /// night", "this morning", "next four years", "past decade", "last May", "this summer".
    fn relative(&self, i: usize, w: W) -> Option<Cand> {
        let mut j = i + 1;
        let mut rel = match w {
            W::This => Rel::This,
            W::Last => Rel::Last,
            W::Next | W::Coming | W::Upcoming => Rel::Next,
            _ => Rel::ThisPast,
        };
        if w == W::This && self.w(j, W::Past) {
            rel = Rel::ThisPast;
            j += 1;
        }
        if w == W::This && self.w(j, W::Coming) {
            rel = Rel::Next;
            j += 1;
        }
        let offset = match rel {
            Rel::Last | Rel::ThisPast => -1,
            Rel::Next => 1,
            _ => 0,
        };
        // A counted span: "next four years", "past two weeks", "last few days".
        if matches!(w, W::Next | W::Past | W::Last | W::Coming) {
            if let Some((n, k)) = self.amount(j, false) {
                if let Lex::Unit(u, _) = self.lx(k) {
                    if !matches!(self.lx(j), Lex::W(W::A | W::An)) {
                        return cand(k + 1, Sem::Duration { n, unit: u });
                    }
                }
            }
        }
        match self.lx(j) {
            Lex::Weekday(d) => {
                let part = match self.lx(j + 1) {
                    Lex::Part(p) => Some(p),
                    _ => None,
                };
                cand(j + 1 + part.is_some() as usize, Sem::Weekday { wd: d, rel, part })
            }
            Lex::Month(m) => {
                if rel == Rel::ThisPast && w == W::Past {
                    return None;
                }
                cand(j + 1, Sem::Month { m: u32::from(m), rel })
            }
            Lex::Season(s, _) => {
                let k = match rel {
                    Rel::This | Rel::Bare => 0,
                    Rel::Last | Rel::ThisPast => -1,
                    Rel::Next => 1,
                };
                cand(j + 1, Sem::Season { s, year: YearRef::Rel(k) })
            }
            Lex::Part(p) if matches!(w, W::This | W::Last) => {
                // "this morning", "last night" (yesterday's), "last evening".
                let offset = if w == W::Last { -1 } else { 0 };
                if w == W::Last && p != Part::Night && p != Part::Evening {
                    return None;
                }
                cand(j + 1, Sem::DayRel { offset, part: Some(p) })
            }
            Lex::Unit(u, false) => {
                // "the past decade", "past year": a span that ends now.
                if w == W::Past && u != Unit::Weekend {
                    return cand(j + 1, Sem::Duration { n: Amount::N(1.0), unit: u });
                }
                match u {
                    Unit::Weekend => cand(j + 1, Sem::Weekend { rel }),
                    Unit::Week | Unit::Month | Unit::Quarter | Unit::Year | Unit::Decade | Unit::Century => {
                        cand(j + 1, Sem::UnitRel { unit: u, offset })
                    }
                    _ => None,
                }
            }
            // "the coming days", "the past few weeks" are handled by `the`.
            _ => None,
        }
    }

    /// "every week", "each Monday", "per year", "every two weeks".
    fn set(&self, i: usize) -> Option<Cand> {
        match self.lx(i + 1) {
            Lex::Unit(u, false) => cand(i + 2, Sem::Set { n: Amount::N(1.0), unit: u }),
            Lex::Weekday(d) if !self.w(i, W::Per) => cand(i + 2, Sem::SetWeekday(d)),
            Lex::Num | Lex::Card(_) if self.w(i, W::Every) => {
                let (n, k) = self.amount(i + 1, false)?;
                match self.lx(k) {
                    Lex::Unit(u, true) => cand(k + 1, Sem::Set { n, unit: u }),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// "annual", "daily", "weekly": lower-case words only ("the Monitor Daily" is a name).
    fn set_word(&self, i: usize, u: Unit) -> Option<Cand> {
        if self.t[i].cap && (i == 0 || self.same_sentence(i - 1, i)) {
            return None;
        }
        cand(i + 1, Sem::Set { n: Amount::N(1.0), unit: u })
    }

    // ------------------------------------------------------------------------------------
    // Ordinals: quarters, halves, centuries.

    fn ordinal(&self, i: usize) -> Option<Cand> {
        let n = self.ord(i)?;
        let mut j = i + 1;
        if self.p(j, '-') && self.glued(j) {
            j += 1;
        }
        match self.lx(j) {
            Lex::Unit(Unit::Quarter, false) if (1..=4).contains(&n) => {
                let (year, e) = self.of_year(j + 1);
                cand(e, Sem::Quarter { q: n, year })
            }
            Lex::W(W::Half) if (1..=2).contains(&n) => {
                let (year, e) = self.of_year(j + 1);
                if e == j + 1 {
                    return None;
                }
                cand(e, Sem::Half { h: n, year })
            }
            Lex::Unit(Unit::Century, false) if (1..=21).contains(&n) => cand(j + 1, Sem::Century(i32::from(n) - 1)),
            _ => None,
        }
    }

    /// "of 2008", "2008", "of the year", "of this year", "of last year" after a quarter or half.
    fn of_year(&self, j: usize) -> (YearRef, usize) {
        let k = if self.w(j, W::Of) { j + 1 } else { j };
        if let Some(y) = self.year(k) {
            return (YearRef::Explicit(y), k + 1);
        }
        if self.w(j, W::Of) {
            match (self.lx(k), self.lx(k + 1)) {
                (Lex::W(W::The | W::This), Lex::Unit(Unit::Year, false)) => return (YearRef::Rel(0), k + 2),
                (Lex::W(W::Last), Lex::Unit(Unit::Year, false)) => return (YearRef::Rel(-1), k + 2),
                (Lex::W(W::Next), Lex::Unit(Unit::Year, false)) => return (YearRef::Rel(1), k + 2),
                _ => {}
            }
        }
        (YearRef::Bare, j)
    }

    /// An optional year after a holiday or "Q3".
    fn year_after(&self, j: usize) -> (YearRef, usize) {
        match self.year(j) {
            Some(y) => (YearRef::Explicit(y), j + 1),
            None => (YearRef::Bare, j),
        }
    }

    // ------------------------------------------------------------------------------------
    // Seasons, decades.

    /// "summer", "spring 2010", "the summer of 2008". "fall" and "spring" need a year or a
    /// modifier before them (`at` is where the expression starts).
    fn season(&self, i: usize, s: u8, ambiguous: bool, year: YearRef, at: usize) -> Option<Cand> {
        let mut k = i + 1;
        if self.w(k, W::Of) {
            k += 1;
        }
        if let Some(y) = self.year(k) {
            return cand(k + 1, Sem::Season { s, year: YearRef::Explicit(y) });
        }
        let prev = if at == 0 { Lex::Other } else { self.lx(at - 1) };
        let prev2 = if at < 2 { Lex::Other } else { self.lx(at - 2) };
        let modified = at != i;
        let prep = matches!(prev, Lex::W(W::In | W::During | W::Since | W::Until | W::By | W::Over))
            || matches!(prev, Lex::W(W::The))
                && matches!(prev2, Lex::W(W::In | W::During | W::Over | W::Since | W::By));
        if modified || prep && (!ambiguous || !self.is_lower_word(i + 1)) {
            if self.t[i].cap && !modified && i > 0 && self.same_sentence(i - 1, i) {
                return None;
            }
            return cand(i + 1, Sem::Season { s, year });
        }
        None
    }

    /// "1990s", "'90s", "the 90s".
    fn decade(&self, i: usize) -> Option<Cand> {
        let (j, apostrophe) = if matches!(self.lx(i), Lex::P('\'' | '\u{2019}')) { (i + 1, true) } else { (i, false) };
        match self.lx(j) {
            Lex::Decade(d, false) if !apostrophe => cand(j + 1, Sem::Decade(d)),
            Lex::Decade(d, true) if apostrophe || (i > 0 && self.w(i - 1, W::The)) => {
                if apostrophe && !self.glued(j) {
                    return None;
                }
                cand(j + 1, Sem::DecadeShort(d))
            }
            _ => None,
        }
    }

    // ------------------------------------------------------------------------------------
    // Prefixes.

    /// "early 2009", "mid-2011", "late Monday", "earlier this year", "later this month".
    fn with_position(&self, i: usize) -> Option<Cand> {
        let modifier = match self.lx(i) {
            Lex::W(W::Early) => Some("START"),
            Lex::W(W::Mid) => Some("MID"),
            Lex::W(W::Late) => Some("END"),
            _ => None,
        };
        let j = if self.p(i + 1, '-') && self.glued(i + 1) && self.glued(i + 2) { i + 2 } else { i + 1 };
        let c = match self.lx(j) {
            Lex::Season(s, amb) => self.season(j, s, amb, YearRef::Bare, i),
            Lex::Month(m) => {
                // "early May": a month after a position word needs no other context.
                let c = self.month(j, u32::from(m), None);
                match c {
                    Some(c) => Some(c),
                    None => cand(j + 1, Sem::Month { m: u32::from(m), rel: Rel::Bare }),
                }
            }
            _ => self.core(j),
        }?;
        let ok = matches!(
            c.sem,
            Sem::Year(_)
                | Sem::Ym { .. }
                | Sem::Month { .. }
                | Sem::MonthIn { .. }
                | Sem::Weekday { .. }
                | Sem::UnitRel { .. }
                | Sem::Season { .. }
                | Sem::Decade(_)
                | Sem::DecadeShort(_)
                | Sem::Century(_)
                | Sem::DayRel { .. }
                | Sem::MonthDay { .. }
                | Sem::Ymd { .. }
        );
        if !ok {
            return None;
        }
        // "later this year" keeps the year; "earlier"/"later" say where in it, loosely.
        Some(Cand { end: c.end, sem: c.sem, modifier: modifier.or(c.modifier) })
    }

    /// Expressions that open with "the": "the past decade", "the next four years", "the last
    /// quarter", "the beginning of the year", "the 1990s", "the past", "the future", "the coming
    /// weeks", "the weekend", "the first quarter", "the final six weeks".
    fn the(&self, i: usize) -> Option<Cand> {
        let j = i + 1;
        match self.lx(j) {
            Lex::W(W::Past)
                if !matches!(
                    self.lx(j + 1),
                    Lex::Unit(..) | Lex::Num | Lex::Card(_) | Lex::W(W::Few | W::Several | W::Couple)
                ) =>
            {
                if self.lx(j + 1) == Lex::W(W::Few) {
                    return None;
                }
                return cand(j + 1, Sem::Ref(Fuzzy::Past));
            }
            Lex::W(W::Future) => return cand(j + 1, Sem::Ref(Fuzzy::Future)),
            Lex::W(W::Near) if self.w(j + 1, W::Future) => return cand(j + 2, Sem::Ref(Fuzzy::Future)),
            Lex::W(W::Coming | W::Next | W::Past | W::Last) if matches!(self.lx(j + 1), Lex::Unit(_, true)) => {
                let fuzzy = if matches!(self.lx(j), Lex::W(W::Past | W::Last)) { Fuzzy::Past } else { Fuzzy::Future };
                return cand(j + 2, Sem::Ref(fuzzy));
            }
            Lex::Unit(Unit::Day | Unit::Week | Unit::Month | Unit::Year, true) if self.w(j + 1, W::Ahead) => {
                return cand(j + 2, Sem::Ref(Fuzzy::Future));
            }
            Lex::Unit(Unit::Weekend, false) => return cand(j + 1, Sem::Weekend { rel: Rel::Bare }),
            Lex::W(W::Beginning | W::Start | W::End | W::Middle) if self.w(j + 1, W::Of) => {
                let modifier = match self.lx(j) {
                    Lex::W(W::End) => "END",
                    Lex::W(W::Middle) => "MID",
                    _ => "START",
                };
                let k = j + 2;
                // "the end of the year" / "the end of the month": this one.
                if self.w(k, W::The) {
                    if let Lex::Unit(
                        u @ (Unit::Year | Unit::Month | Unit::Week | Unit::Decade | Unit::Century),
                        false,
                    ) = self.lx(k + 1)
                    {
                        return Some(Cand {
                            end: k + 2,
                            sem: Sem::UnitRel { unit: u, offset: 0 },
                            modifier: Some(modifier),
                        });
                    }
                }
                let c = match self.lx(k) {
                    Lex::Month(m) => self
                        .month(k, u32::from(m), None)
                        .or_else(|| cand(k + 1, Sem::Month { m: u32::from(m), rel: Rel::Bare })),
                    _ => self.core(k),
                }?;
                let ok = matches!(
                    c.sem,
                    Sem::Year(_)
                        | Sem::Ym { .. }
                        | Sem::Month { .. }
                        | Sem::UnitRel { .. }
                        | Sem::Season { .. }
                        | Sem::Decade(_)
                        | Sem::Weekday { .. }
                        | Sem::Century(_)
                );
                return ok.then_some(Cand { end: c.end, sem: c.sem, modifier: Some(modifier) });
            }
            _ => {}
        }
        // "the final six weeks", "the first two years", "the next four years", "the past decade".
        if matches!(
            self.lx(j),
            Lex::W(W::Final | W::First | W::Past | W::Next | W::Last | W::Coming | W::Previous | W::Following)
        ) {
            if let Some((n, k)) = self.amount(j + 1, false) {
                if let Lex::Unit(u, _) = self.lx(k) {
                    return cand(k + 1, Sem::Duration { n, unit: u });
                }
            }
            if matches!(self.lx(j + 1), Lex::W(W::Few | W::Several)) {
                if let Lex::Unit(u, true) = self.lx(j + 2) {
                    return cand(j + 3, Sem::Duration { n: Amount::X, unit: u });
                }
            }
        }
        // Forms that carry their "the": relative units, decades, centuries, quarters.
        let c = self.core(j)?;
        let takes_the = matches!(
            c.sem,
            Sem::UnitRel { .. }
                | Sem::Decade(_)
                | Sem::DecadeShort(_)
                | Sem::Century(_)
                | Sem::Quarter { .. }
                | Sem::Half { .. }
                | Sem::Weekend { .. }
        ) || matches!(c.sem, Sem::Duration { .. } if matches!(self.lx(j), Lex::W(W::Past | W::Next | W::Last | W::Coming)));
        takes_the.then_some(c)
    }

    /// "from 2009 to 2011", "between 2014 and 2016": a DURATION over the whole; the dates
    /// inside are found on their own.
    fn range(&self, i: usize) -> Option<Cand> {
        let a = self.core(i + 1)?;
        let sep = self.lx(a.end);
        let ok_sep = match self.lx(i) {
            Lex::W(W::From) => matches!(sep, Lex::W(W::To | W::Until | W::Through) | Lex::P('-' | '–')),
            _ => matches!(sep, Lex::W(W::And)),
        };
        if !ok_sep {
            return None;
        }
        let b = self.core(a.end + 1)?;
        let same = matches!(
            (&a.sem, &b.sem),
            (Sem::Year(_), Sem::Year(_))
                | (Sem::Ym { .. }, Sem::Ym { .. })
                | (Sem::Ymd { .. }, Sem::Ymd { .. })
                | (Sem::MonthDay { .. }, Sem::MonthDay { .. })
        );
        if !same {
            return None;
        }
        cand(b.end, Sem::Range(Box::new(a.sem), Box::new(b.sem)))
    }
}

fn to_24(h: u32, pm: bool) -> u32 {
    match (h, pm) {
        (12, false) => 0,
        (12, true) => 12,
        (h, true) => h + 12,
        (h, false) => h,
    }
}

/// "07" → 2007, "95" → 1995 (a two-digit year is taken in 1950–2049).
fn two_digit_year(n: u32) -> i32 {
    if n < 50 {
        2000 + n as i32
    } else {
        1900 + n as i32
    }
}
