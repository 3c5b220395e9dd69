//! When things happen. Every event needs a date, and news states most dates relative to the
//! day it was written ("Tuesday", "this past weekend", "last year", "the final six weeks", "a
//! four-year-old civil war"). This crate finds those temporal expressions in running text,
//! types them as TIMEX3 does (DATE, TIME, DURATION, SET), and normalises each against the
//! document creation time (DCT) into a TIMEX3 value ("2015-05-12", "2013-W18-WE", "P4Y",
//! "PAST_REF"). It exists apart from the reading layer because it must be fast (a scanner over
//! the bytes, never a parse) and because every later stage, events first, asks it one question:
//! what day is this sentence about.
//!
//! How it works: `scan` tokenises once and classes the few words that matter (months,
//! weekdays, units, number words, modifiers); `recognise` tries hand-written patterns only at
//! those tokens, longest match first; `normalise` anchors each meaning to the DCT, asking the
//! verb's tense (a cue window, `tense`) when a bare weekday or month could point either way.
//! Without a DCT the value keeps what the text states and writes the rest as X
//! ("XXXX-05-12"); a date that cannot exist keeps its span with an empty value. The rules are
//! our own.

mod normalise;
mod recognise;
mod scan;
mod tense;

use chrono::{Datelike, NaiveDate};
use recognise::Sem;
use serde::Serialize;

/// The four TIMEX3 types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum TimexType {
    Date,
    Time,
    Duration,
    Set,
}

impl TimexType {
    pub fn as_str(self) -> &'static str {
        match self {
            TimexType::Date => "DATE",
            TimexType::Time => "TIME",
            TimexType::Duration => "DURATION",
            TimexType::Set => "SET",
        }
    }
}

/// One temporal expression: a half-open byte span of the text, its type and its TIMEX3 value
/// (empty when it cannot be normalised).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Timex {
    pub start: usize,
    pub end: usize,
    #[serde(rename = "type")]
    pub kind: TimexType,
    pub value: String,
    /// TIMEX3 `mod`: START, MID, END, APPROX.
    #[serde(rename = "mod", skip_serializing_if = "Option::is_none")]
    pub modifier: Option<&'static str>,
    /// A full date opening a line: the article's dateline.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub dateline: bool,
}

impl Timex {
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.start..self.end).unwrap_or("")
    }

    /// The calendar day of a DATE or TIME value that names one ("2015-05-12", "2015-05-12TMO").
    pub fn day(&self) -> Option<NaiveDate> {
        day_of(&self.value)
    }
}

fn day_of(value: &str) -> Option<NaiveDate> {
    let v = value.get(..10)?;
    if value.len() > 10 && !value[10..].starts_with('T') {
        return None;
    }
    NaiveDate::parse_from_str(v, "%Y-%m-%d").ok()
}

/// Whether a lowercase word names a month or a day of the week ("may" included: callers that
/// see the modal verb must tell it apart themselves).
pub fn is_calendar_name(word: &str) -> bool {
    scan::MONTHS.contains(&word) || scan::WEEKDAYS.contains(&word)
}

/// Finds and normalises every temporal expression of `text` against `dct`. Spans are byte
/// offsets, sorted by start; a range ("from 2009 to 2011") is followed by the dates inside it.
pub fn annotate(text: &str, dct: Option<NaiveDate>) -> Vec<Timex> {
    let toks = scan::scan(text);
    let found = recognise::recognise(text, &toks);
    let mut out = Vec::with_capacity(found.len());
    // The last day named in the current sentence anchors a clock time after it ("Tuesday … at
    // 18:00 UTC").
    let mut anchor: Option<(u32, NaiveDate)> = None;
    for f in &found {
        let sent = toks[f.start].sent;
        let tense = || tense::tense_around(text, &toks, f.start, f.end);
        let value = match f.sem {
            Sem::Clock { h, min, zone } => {
                let day = anchor.filter(|a| a.0 == sent).map(|a| a.1).or(dct);
                normalise::clock(day, h, min, zone)
            }
            _ => normalise::value(&f.sem, dct, &tense),
        };
        let kind = f.sem.kind();
        if kind == TimexType::Date && !f.dateline {
            if let Some(day) = day_of(&value) {
                anchor = Some((sent, day));
            }
        }
        out.push(Timex {
            start: toks[f.start].start,
            end: toks[f.end - 1].end,
            kind,
            value,
            modifier: f.modifier,
            dateline: f.dateline,
        });
    }
    out
}

/// Where an inferred publication date came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DctEvidence {
    /// A full date opening one of the first lines of the text ("March 01, 2008 Northrop …").
    Dateline,
    /// A full date beside the weekday it falls on ("Monday, May 11, 2015"), near the top.
    WeekdayAndDate,
}

/// A publication date read off the text, with its evidence: the span that pins it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct InferredDct {
    pub date: NaiveDate,
    pub evidence: DctEvidence,
    pub start: usize,
    pub end: usize,
}

/// How far into the text a dateline may be (lines) and a weekday-and-date (bytes).
const DATELINE_LINES: usize = 6;
const WEEKDAY_DATE_BYTES: usize = 3000;

/// Infers the DCT from the text where the text pins it: a dateline opening one of the first
/// lines, else a full date whose stated weekday agrees with it near the top. Otherwise `None`:
/// a date is never guessed.
pub fn infer_dct(text: &str) -> Option<InferredDct> {
    let head = &text[..floor_boundary(text, 20_000)];
    let toks = scan::scan(head);
    let found = recognise::recognise(head, &toks);
    let mut line = 0usize;
    let mut tok_line = Vec::with_capacity(toks.len());
    for (i, t) in toks.iter().enumerate() {
        if t.newline && i > 0 {
            line += 1;
        }
        tok_line.push(line);
    }
    let full_date = |f: &recognise::Found| match f.sem {
        Sem::Ymd { y, m, d, wd } => NaiveDate::from_ymd_opt(y, m, d).map(|date| (date, wd)),
        _ => None,
    };
    for f in &found {
        if tok_line[f.start] > DATELINE_LINES {
            break;
        }
        if let (true, Some((date, _))) = (f.dateline, full_date(f)) {
            return Some(InferredDct {
                date,
                evidence: DctEvidence::Dateline,
                start: toks[f.start].start,
                end: toks[f.end - 1].end,
            });
        }
    }
    for f in &found {
        if toks[f.start].start > WEEKDAY_DATE_BYTES {
            break;
        }
        if let Some((date, Some(wd))) = full_date(f) {
            if date.weekday().number_from_monday() == u32::from(wd) {
                return Some(InferredDct {
                    date,
                    evidence: DctEvidence::WeekdayAndDate,
                    start: toks[f.start].start,
                    end: toks[f.end - 1].end,
                });
            }
        }
    }
    None
}

fn floor_boundary(text: &str, mut at: usize) -> usize {
    if at >= text.len() {
        return text.len();
    }
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The date a sentence is about: the value of its main temporal expression and that
/// expression's index in the timex list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SentenceDate {
    pub value: String,
    pub timex: usize,
}

/// For each sentence (byte spans, in order), the date it is about: among the DATE and TIME
/// expressions inside it whose value names a point or period of the calendar (not PAST_REF and
/// the like, not empty), the most precise one (day or finer, then week, month, quarter or
/// season, year, decade), the first of equals; a dateline counts only when nothing else does.
/// `timexes` must be sorted by start, as [`annotate`] returns them. Linear in both lists.
pub fn sentence_dates(timexes: &[Timex], sentences: &[(usize, usize)]) -> Vec<Option<SentenceDate>> {
    let mut out = Vec::with_capacity(sentences.len());
    let mut k = 0;
    for &(start, end) in sentences {
        while k < timexes.len() && timexes[k].start < start {
            k += 1;
        }
        let mut best: Option<(u8, usize)> = None;
        let mut j = k;
        while j < timexes.len() && timexes[j].start < end {
            let t = &timexes[j];
            if t.end <= end && matches!(t.kind, TimexType::Date | TimexType::Time) {
                if let Some(p) = precision(&t.value) {
                    let p = if t.dateline { p / 10 } else { p };
                    if best.is_none_or(|(b, _)| p > b) {
                        best = Some((p, j));
                    }
                }
            }
            j += 1;
        }
        out.push(best.map(|(_, j)| SentenceDate { value: timexes[j].value.clone(), timex: j }));
    }
    out
}

/// How precise a calendar value is (higher is finer); `None` for values that name no calendar
/// period (references, empty, all X).
fn precision(v: &str) -> Option<u8> {
    if v.is_empty() || v.ends_with("_REF") || !v.bytes().any(|b| b.is_ascii_digit()) || v.starts_with('P') {
        return None;
    }
    let date = v.split('T').next().unwrap_or(v);
    let p = if v.contains('T') {
        90
    } else if date.len() == 10 && date.as_bytes()[4] == b'-' && !date.contains('W') {
        80
    } else if date.contains('W') {
        70
    } else if date.len() == 7 && date.as_bytes()[5].is_ascii_digit() {
        60
    } else if date.len() == 7 {
        50
    } else if date.len() == 4 {
        40
    } else {
        30
    };
    Some(p)
}

#[cfg(test)]
mod tests;
