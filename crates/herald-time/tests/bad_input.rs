//! Bad input: impossible dates, numbers that look like dates, a paragraph of a million digits,
//! pathological repetitions, random strings and random DCTs. No panic, every span inside the
//! text on character boundaries, every value a well-formed TIMEX3 value or empty, no value
//! invented without a DCT, bounded time.

use chrono::NaiveDate;
use herald_time::{annotate, infer_dct, sentence_dates, Timex};
use proptest::prelude::*;
use std::time::{Duration, Instant};

/// Whether `v` is a value this crate may give: empty, a reference, a duration, or a calendar
/// value (digits or X) with an optional time or part of day.
fn well_formed(v: &str) -> bool {
    if v.is_empty() || matches!(v, "PAST_REF" | "PRESENT_REF" | "FUTURE_REF") {
        return true;
    }
    if let Some(rest) = v.strip_prefix('P') {
        let rest = rest.strip_prefix('T').unwrap_or(rest);
        let unit_at = rest.find(|c: char| c.is_ascii_uppercase() && c != 'X').unwrap_or(rest.len());
        let (n, unit) = rest.split_at(unit_at);
        let number = n == "X" || (!n.is_empty() && n.parse::<f64>().is_ok_and(|x| x >= 0.0));
        return number && matches!(unit, "Y" | "M" | "W" | "D" | "H" | "S" | "WE" | "Q" | "DE" | "CE");
    }
    let (date, time) = match v.split_once('T') {
        Some((d, t)) => (d, Some(t)),
        None => (v, None),
    };
    let digit = |s: &str| s.bytes().all(|b| b.is_ascii_digit() || b == b'X');
    let parts: Vec<&str> = date.split('-').collect();
    let date_ok = match parts.as_slice() {
        [y] => (2..=4).contains(&y.len()) && digit(y),
        [y, rest @ ..] if y.len() == 4 && digit(y) => match rest {
            [m] => {
                (m.len() == 2 && digit(m) && (m.contains('X') || (1..=12).contains(&m.parse::<u32>().unwrap_or(0))))
                    || matches!(*m, "SP" | "SU" | "FA" | "WI" | "Q1" | "Q2" | "Q3" | "Q4" | "QX" | "H1" | "H2")
                    || (m.len() == 3 && m.starts_with('W') && digit(&m[1..]))
            }
            [m, d] if m.starts_with('W') => {
                m.len() == 3 && digit(&m[1..]) && (*d == "WE" || (d.len() == 1 && digit(d)))
            }
            [m, d] => {
                m.len() == 2
                    && d.len() == 2
                    && digit(m)
                    && digit(d)
                    && (v.contains('X') || NaiveDate::parse_from_str(&format!("{y}-{m}-{d}"), "%Y-%m-%d").is_ok())
            }
            _ => false,
        },
        _ => false,
    };
    let time_ok = match time {
        None => true,
        Some(t) => {
            matches!(t, "MO" | "AF" | "EV" | "NI") || {
                let (hm, zone) = t.split_at(t.len().min(5));
                let hm_ok = hm.len() == 5
                    && hm.as_bytes()[2] == b':'
                    && hm[..2].parse::<u32>().is_ok_and(|h| h <= 24)
                    && hm[3..].parse::<u32>().is_ok_and(|m| m < 60);
                let zone_ok = zone.is_empty()
                    || zone == "Z"
                    || (zone.len() == 6 && matches!(zone.as_bytes()[0], b'+' | b'-') && zone.as_bytes()[3] == b':');
                hm_ok && zone_ok
            }
        }
    };
    date_ok && time_ok
}

#[track_caller]
fn check(text: &str, dct: Option<NaiveDate>) -> Vec<Timex> {
    let t = annotate(text, dct);
    let mut last = 0;
    for x in &t {
        assert!(x.start < x.end && x.end <= text.len(), "span {}..{} out of {} bytes", x.start, x.end, text.len());
        assert!(text.is_char_boundary(x.start) && text.is_char_boundary(x.end));
        assert!(x.start >= last, "not sorted");
        last = x.start;
        assert!(well_formed(&x.value), "`{}` for `{}`", x.value, x.text(text));
    }
    let spans: Vec<(usize, usize)> = vec![(0, text.len())];
    let _ = sentence_dates(&t, &spans);
    t
}

#[test]
fn the_validator_knows_good_from_bad() {
    for v in [
        "2015-05-12",
        "XXXX-05-12",
        "2013-W18-WE",
        "P2.5Y",
        "PXDE",
        "2009-12-15T18:00Z",
        "199",
        "2011-FA",
        "XXXX-WXX-2",
    ] {
        assert!(well_formed(v), "{v}");
    }
    for v in ["2015-02-30", "2015-13", "P-1Y", "99999", "2015-05-12T25:00", "garbage"] {
        assert!(!well_formed(v), "{v}");
    }
}

#[test]
fn impossible_dates_have_empty_values() {
    let dct = NaiveDate::from_ymd_opt(2015, 5, 12);
    for (text, span) in [
        ("Signed on February 30, 2010.", "February 30, 2010"),
        ("Due on April 31.", "April 31"),
        ("Filed 13/13/2010 and 2010-13-45.", "2010-13-45"),
    ] {
        let t = check(text, dct);
        assert!(t.iter().any(|x| x.text(text) == span && x.value.is_empty()), "{text}: {t:?}");
    }
    // A five-digit year is not a year.
    let text = "In the year 99999 nothing will be left; by 10000 BC there was nothing.";
    assert!(check(text, dct).iter().all(|x| !x.value.contains("9999")), "{:?}", annotate(text, dct));
}

#[test]
fn numbers_that_look_like_dates_are_left_alone() {
    let dct = NaiveDate::from_ymd_opt(2015, 5, 12);
    for text in [
        "Call 2015-555-0199 before 5/12/2015/3.",
        "The ratio was 12/25 and the score 2:1.",
        "The firm has 1,987 staff and 2,015 shops, up 2015 percent.",
        "Flight 2012 and Route 1999 were cancelled; room 2014 is free.",
        "The price is 20.15 and the version 1.2.2015.2.",
    ] {
        let t = check(text, dct);
        let full: Vec<_> = t.iter().filter(|x| x.value.starts_with("20") || x.value.starts_with("19")).collect();
        assert!(full.is_empty(), "{text}: {full:?}");
    }
}

#[test]
fn a_million_digits_in_bounded_time() {
    let dct = NaiveDate::from_ymd_opt(2015, 5, 12);
    let digits: String = (0..1_000_000).map(|i| char::from(b'0' + (i % 10) as u8)).collect();
    let texts = [
        digits.clone(),
        format!("On May 12, {digits} years ago, nothing happened."),
        "12/".repeat(300_000),
        "1:30 ".repeat(200_000),
        "2015-".repeat(200_000),
        "from 2009 to ".repeat(100_000),
        "the last ".repeat(100_000),
        "May ".repeat(200_000),
        "9/11/".repeat(200_000),
        "a a a year ".repeat(100_000),
    ];
    for text in &texts {
        let t = Instant::now();
        let found = check(text, dct);
        let _ = infer_dct(text);
        assert!(t.elapsed() < Duration::from_secs(20), "{} bytes took {:?}", text.len(), t.elapsed());
        assert!(found.len() <= text.len());
    }
}

#[test]
fn extreme_dcts() {
    let text = "Last year, on Tuesday, May 12, the week before last month's early 1990s quarter: \
                two years ago, next summer, Christmas, the '90s, this weekend at 18:00 UTC.";
    for dct in [
        NaiveDate::MIN,
        NaiveDate::MAX,
        NaiveDate::from_ymd_opt(0, 1, 1).unwrap(),
        NaiveDate::from_ymd_opt(9999, 12, 31).unwrap(),
    ] {
        check(text, Some(dct));
    }
}

/// Tokens that combine into date-like text.
fn token() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "May",
            "March",
            "Tuesday",
            "Sunday",
            "12",
            "31",
            "30",
            "2015",
            "1990s",
            "'90s",
            "99999",
            "February",
            "last",
            "next",
            "this",
            "past",
            "the",
            "a",
            "year",
            "years",
            "ago",
            "week",
            "weekend",
            "from",
            "to",
            "between",
            "and",
            "early",
            "mid",
            "-",
            "/",
            ":",
            ",",
            ".",
            "\n",
            "p.m.",
            "UTC",
            "(GMT",
            "+8)",
            "quarter",
            "first",
            "half",
            "of",
            "Christmas",
            "today",
            "now",
            "recent",
            "weeks",
            "every",
            "once",
            "9/11",
            "7/8/07",
            "four-year-old",
            "twenty",
            "five",
            "and a half",
            "o'clock",
            "é",
            "—",
            "’s",
            "\u{a0}",
            "2008-03-01",
            "0",
            "00am",
            "24",
        ])
        .prop_map(str::to_string),
        "[0-9]{1,12}",
        "\\PC{0,6}",
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec((token(), prop::sample::select(vec!["", " ", " ", "\n", "-"])), 0..40)
        .prop_map(|parts| parts.into_iter().map(|(t, sep)| format!("{t}{sep}")).collect())
}

fn any_dct() -> impl Strategy<Value = NaiveDate> {
    let lo = NaiveDate::MIN.num_days_from_ce();
    let hi = NaiveDate::MAX.num_days_from_ce();
    prop_oneof![
        (lo..=hi).prop_map(|n| NaiveDate::from_num_days_from_ce_opt(n).unwrap()),
        (1900i32..2100, 1u32..=366)
            .prop_map(|(y, d)| NaiveDate::from_yo_opt(y, d).unwrap_or(NaiveDate::from_ymd_opt(y, 1, 1).unwrap())),
    ]
}

use chrono::Datelike;

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn random_text_and_dct(text in text(), dct in any_dct()) {
        check(&text, Some(dct));
        check(&text, None);
        let _ = infer_dct(&text);
    }

    /// Without a DCT nothing is invented: a value with no X in it is the same whatever the DCT.
    #[test]
    fn no_dct_invents_nothing(text in text(), dct in any_dct()) {
        let bare = check(&text, None);
        let anchored = check(&text, Some(dct));
        prop_assert_eq!(bare.len(), anchored.len());
        for (b, a) in bare.iter().zip(&anchored) {
            prop_assert_eq!((b.start, b.end), (a.start, a.end));
            if !b.value.contains('X') && !b.value.ends_with("_REF") && !b.value.is_empty() {
                prop_assert_eq!(&b.value, &a.value, "`{}` in {:?}", b.text(&text), text);
            }
        }
    }

    #[test]
    fn arbitrary_unicode(text in "\\PC{0,200}", dct in any_dct()) {
        check(&text, Some(dct));
    }
}
