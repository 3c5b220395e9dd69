//! The three seed articles' date expressions, with the values a careful reader gives them. The
//! sentences are our own paraphrases; each keeps the seed's date expression, its tense and its
//! DCT (000: 2013-05-06, a Monday, read off its dateline; 002: 2015-05-11, a Monday; 004:
//! 2015-05-12, a Tuesday), so the values must be exactly the seed's.

use chrono::NaiveDate;
use herald_time::{annotate, infer_dct, DctEvidence};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

#[track_caller]
fn check(text: &str, dct: NaiveDate, want: &[(&str, &str, &str)]) {
    let got: Vec<(String, String, String)> = annotate(text, Some(dct))
        .into_iter()
        .map(|t| (t.text(text).to_string(), t.kind.as_str().to_string(), t.value))
        .collect();
    let want: Vec<(String, String, String)> =
        want.iter().map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string())).collect();
    assert_eq!(got, want);
}

/// Seed 000: a dateline, "this evening", "since 9/11", "will meet … Tuesday", "this past
/// weekend", "the recent reports", "On Wednesday, … will travel". "For a long time" is a span whose
/// amount and unit the text leaves open: a duration valued `PXX`.
#[test]
fn seed_000_kerry_to_moscow() {
    let text = "Top diplomat heads to Moscow for talks on terror and Syria\n\
        Trip aims at the interests the two powers share\n\
        May 6, 2013 -- The secretary of state was flying to Moscow this evening while fighting went on in \
        Syria and investigators worked on the worst attack on American soil since 9/11.\n\
        The secretary will sit down with the Russian president and his foreign minister Tuesday to talk \
        about Iran, North Korea and the Middle East.\n\
        \"They have waited for this visit for a long time,\" an official said.\n\
        Shared ground matters all the more after the air strikes on Syria this past weekend and the \
        recent reports of killings, a second official said.\n\
        On Wednesday, the secretary will fly on to Rome to see Italian leaders.\n";
    let inferred = infer_dct(text).expect("the dateline pins the date");
    assert_eq!((inferred.date, inferred.evidence), (d("2013-05-06"), DctEvidence::Dateline));
    check(
        text,
        inferred.date,
        &[
            ("May 6, 2013", "DATE", "2013-05-06"),
            ("this evening", "TIME", "2013-05-06TEV"),
            ("9/11", "DATE", "2001-09-11"),
            ("Tuesday", "DATE", "2013-05-07"),
            ("a long time", "DURATION", "PXX"),
            ("this past weekend", "DATE", "2013-W18-WE"),
            ("recent", "DATE", "PAST_REF"),
            ("Wednesday", "DATE", "2013-05-08"),
        ],
    );
}

/// Seed 002 (given 2015-05-11): a caption date and "this week", "last year", "now",
/// "announcing Monday", "to meet on Tuesday", "in the past", "By late Monday", "Tuesday's
/// meeting will be", "four-year-old".
#[test]
fn seed_002_kerry_to_sochi() {
    let text = "Is a new thaw coming between Washington and Moscow?\n\n\
        The secretary of state talks May 6 at a news conference in Djibouti. Officials say he will go to \
        Russia this week for talks with the Russian president.\n\n\
        At the peak of the fighting in Ukraine last year, Washington saw little point in talking to Moscow.\n\n\
        But now the administration signals fresh interest, announcing Monday that the secretary will fly \
        to Sochi to meet on Tuesday with the president and his foreign minister.\n\n\
        The White House has used harsh words in the past about the Kremlin.\n\n\
        Fighters are turning up in Syria and now Afghanistan.\n\n\
        By late Monday, Russian officials had still not confirmed a meeting with the president.\n\n\
        First on the list for Tuesday's talks: Syria's four-year-old war.\n\n\
        Moscow backs those who defy governments in Ukraine, Syria, and now Yemen, an analyst says.\n";
    check(
        text,
        d("2015-05-11"),
        &[
            ("May 6", "DATE", "2015-05-06"),
            ("this week", "DATE", "2015-W20"),
            ("last year", "DATE", "2014"),
            ("now", "DATE", "PRESENT_REF"),
            ("Monday", "DATE", "2015-05-11"),
            ("Tuesday", "DATE", "2015-05-12"),
            ("the past", "DATE", "PAST_REF"),
            ("now", "DATE", "PRESENT_REF"),
            ("late Monday", "DATE", "2015-05-11"),
            ("Tuesday", "DATE", "2015-05-12"),
            ("four-year-old", "DURATION", "P4Y"),
            ("now", "DATE", "PRESENT_REF"),
        ],
    );
}

/// Seed 004 (given 2015-05-12): "touched down … Tuesday" on a Tuesday, "on Wednesday", "the final
/// six weeks", a caption "on May 12", "in near days and weeks", "last month", "five-year ban".
#[test]
fn seed_004_kerry_in_sochi() {
    let text = "The secretary of state lands in Russia for talks\n\n\
        The secretary landed in Russia Tuesday for a rare face-to-face meeting with the president.\n\n\
        The short visit comes ahead of a gathering of NATO ministers in Turkey on Wednesday.\n\n\
        \"We are heading into the final six weeks of the talks,\" an official told reporters.\n\n\
        The two ministers lay flowers at a war memorial in Sochi on May 12.\n\n\
        \"Council action may be needed in near days and weeks,\" the official said.\n\n\
        Moscow last month said it would end a five-year ban on selling the missiles to Iran.\n";
    check(
        text,
        d("2015-05-12"),
        &[
            ("Tuesday", "DATE", "2015-05-12"),
            ("Wednesday", "DATE", "2015-05-13"),
            ("the final six weeks", "DURATION", "P6W"),
            ("May 12", "DATE", "2015-05-12"),
            ("near days and weeks", "DATE", "FUTURE_REF"),
            ("last month", "DATE", "2015-04"),
            ("five-year", "DURATION", "P5Y"),
        ],
    );
}
