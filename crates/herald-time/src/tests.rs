//! Unit tests on fixtures written for this crate: recognition (spans and types), normalisation
//! against a DCT, the tense of weekdays and months, DCT inference and sentence dates.

use super::*;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// (text, type, value) of every expression found.
fn tx(text: &str, dct: Option<&str>) -> Vec<(String, &'static str, String)> {
    annotate(text, dct.map(d)).into_iter().map(|t| (t.text(text).to_string(), t.kind.as_str(), t.value)).collect()
}

#[track_caller]
fn has(text: &str, dct: Option<&str>, span: &str, kind: &str, value: &str) {
    let got = tx(text, dct);
    assert!(
        got.iter().any(|(s, k, v)| s == span && *k == kind && v == value),
        "`{span}` {kind} {value} not in {got:?}\n  text: {text}"
    );
}

#[track_caller]
fn none(text: &str) {
    let got = tx(text, Some("2015-05-12"));
    assert!(got.is_empty(), "expected nothing in `{text}`, got {got:?}");
}

// A Tuesday.
const DCT: Option<&str> = Some("2015-05-12");

#[test]
fn explicit_dates() {
    has("The treaty was signed on March 01, 2008 in Lisbon.", DCT, "March 01, 2008", "DATE", "2008-03-01");
    has("It was signed on 11 December 2009.", DCT, "11 December 2009", "DATE", "2009-12-11");
    has("Filed on Monday, May 11, 2015, the suit…", DCT, "Monday, May 11, 2015", "DATE", "2015-05-11");
    has("The plant opened in November 2006.", DCT, "November 2006", "DATE", "2006-11");
    has("The company was founded in 1908.", DCT, "1908", "DATE", "1908");
    has("The log shows 2008-03-01 as the start.", DCT, "2008-03-01", "DATE", "2008-03-01");
    has("The party was held on 7/8/07.", DCT, "7/8/07", "DATE", "2007-07-08");
    has("He arrived Sept. 4, 2010, by train.", DCT, "Sept. 4, 2010", "DATE", "2010-09-04");
    has("A report on April 2nd said so.", DCT, "April 2nd", "DATE", "2015-04-02");
    has("The worst attack since 9/11 shook the city.", DCT, "9/11", "DATE", "2001-09-11");
}

#[test]
fn month_day_takes_the_nearest_year() {
    has("The board met on December 28.", Some("2015-01-03"), "December 28", "DATE", "2014-12-28");
    has("The vote is on January 4.", Some("2014-12-20"), "January 4", "DATE", "2015-01-04");
    has("They signed on February 29.", Some("2008-07-02"), "February 29", "DATE", "2008-02-29");
    // Far on the side the tense rules out: the other year.
    has("The referendum is to be held on November 20.", Some("2015-05-07"), "November 20", "DATE", "2015-11-20");
}

#[test]
fn weekdays_follow_the_verb() {
    // DCT is a Monday.
    let dct = Some("2013-05-06");
    has("The envoy will meet the president Tuesday to discuss trade.", dct, "Tuesday", "DATE", "2013-05-07");
    has("The envoy met the president on Tuesday.", dct, "Tuesday", "DATE", "2013-04-30");
    has("On Wednesday, the envoy will travel to Rome.", dct, "Wednesday", "DATE", "2013-05-08");
    has("The firm said Monday that it would cut jobs.", dct, "Monday", "DATE", "2013-05-06");
    has("The firm announced its results on Friday.", dct, "Friday", "DATE", "2013-05-03");
    has("Talks resume Thursday in Geneva.", dct, "Thursday", "DATE", "2013-05-09");
    has("Talks resumed last Thursday in Geneva.", dct, "last Thursday", "DATE", "2013-05-02");
    has("Talks resume next Monday.", dct, "next Monday", "DATE", "2013-05-13");
    has("The jet flew on Tuesday morning.", Some("2013-05-08"), "Tuesday morning", "TIME", "2013-05-07TMO");
    has("By late Monday, nothing was confirmed.", dct, "late Monday", "DATE", "2013-05-06");
}

#[test]
fn months_follow_the_verb() {
    has("The player was introduced in January.", Some("2005-09-07"), "January", "DATE", "2005-01");
    has("The store will open in January.", Some("2005-09-07"), "January", "DATE", "2006-01");
    has("Sales rose in June, the firm said.", Some("2009-07-30"), "June", "DATE", "2009-06");
    has("The system will be shipped in July.", Some("2011-06-07"), "July", "DATE", "2011-07");
    has("He was on leave since January of this year.", Some("2011-08-25"), "January of this year", "DATE", "2011-01");
    has("Terminal 3 opens in January next year.", Some("2007-10-17"), "January next year", "DATE", "2008-01");
    has("The first flight is planned for early March.", Some("2005-02-17"), "early March", "DATE", "2005-03");
    has("The model was shown last November.", Some("2005-02-17"), "last November", "DATE", "2004-11");
}

#[test]
fn relative_calendar_units() {
    let dct = Some("2015-05-12");
    has("Fighting flared last year.", dct, "last year", "DATE", "2014");
    has("Prices fell last month.", dct, "last month", "DATE", "2015-04");
    has("The report comes next month.", dct, "next month", "DATE", "2015-06");
    has("The minister travels this week.", dct, "this week", "DATE", "2015-W20");
    has("He spoke last week.", dct, "last week", "DATE", "2015-W19");
    has("Profit rose in the last quarter.", Some("2007-01-18"), "the last quarter", "DATE", "2006-Q4");
    has("It opens later this year.", dct, "later this year", "DATE", "2015");
    has("Sales peaked at the beginning of the year.", dct, "the beginning of the year", "DATE", "2015");
    has("The firm sold 13 million units last year.", dct, "last year", "DATE", "2014");
    has("It shipped yesterday.", dct, "yesterday", "DATE", "2015-05-11");
    has("It ships today.", dct, "today", "DATE", "2015-05-12");
    has("It ships tomorrow.", dct, "tomorrow", "DATE", "2015-05-13");
    has("The minister spoke this morning.", dct, "this morning", "TIME", "2015-05-12TMO");
    has("Protests went on tonight.", dct, "tonight", "TIME", "2015-05-12TNI");
    has("Shots were heard last night.", dct, "last night", "TIME", "2015-05-11TNI");
    has("The work began two years ago.", dct, "two years ago", "DATE", "2013");
    has("He warned of it a year ago.", dct, "a year ago", "DATE", "2014");
    has("It was issued three months ago.", dct, "three months ago", "DATE", "2015-02");
}

#[test]
fn weekends() {
    // DCT Monday: "this past weekend" is the one just gone.
    has("Strikes hit the city this past weekend.", Some("2013-05-06"), "this past weekend", "DATE", "2013-W18-WE");
    has("Crowds came last weekend.", Some("2013-05-08"), "last weekend", "DATE", "2013-W18-WE");
    has("The fair opens this weekend.", Some("2013-05-08"), "this weekend", "DATE", "2013-W19-WE");
    has("The story broke this weekend.", Some("2010-01-25"), "this weekend", "DATE", "2010-W03-WE");
}

#[test]
fn durations_and_adjectival_durations() {
    let dct = DCT;
    has("The war is a four-year-old conflict.", dct, "four-year-old", "DURATION", "P4Y");
    has("Moscow lifted a five-year ban on sales.", dct, "five-year", "DURATION", "P5Y");
    has("They signed a 27-year contract.", dct, "27-year", "DURATION", "P27Y");
    has("After a 12-hour flight it landed.", dct, "12-hour", "DURATION", "PT12H");
    has("We are entering the final six weeks of talks.", dct, "the final six weeks", "DURATION", "P6W");
    has("It is almost two and a half years late.", dct, "almost two and a half years", "DURATION", "P2.5Y");
    has("Jobs will go over the next four years.", dct, "the next four years", "DURATION", "P4Y");
    has("It is the largest in the past decade.", dct, "the past decade", "DURATION", "P10Y");
    has("The project was pushed back several years.", dct, "several years", "DURATION", "PXY");
    has("The system failed after thirty minutes.", dct, "thirty minutes", "DURATION", "PT30M");
    has("Shipping has gone on for more than a week now.", dct, "a week", "DURATION", "P1W");
    has("They settled a decades-long dispute.", dct, "decades-long", "DURATION", "PXDE");
    has("Thanks for your work over the years.", dct, "over the years", "DURATION", "PXY");
    has("The jet has sold well over its 41-year history.", dct, "41-year history", "DURATION", "P41Y");
    has("A 56-year-old man was held.", dct, "56-year-old", "DURATION", "P56Y");
    has("He waited half an hour.", dct, "half an hour", "DURATION", "PT0.5H");
}

#[test]
fn sets() {
    let dct = DCT;
    has("Tankers are built at a rate of 15 a year.", dct, "a year", "SET", "P1Y");
    has("At the annual conference, he spoke.", dct, "annual", "SET", "P1Y");
    has("The market is held every Monday.", dct, "every Monday", "SET", "XXXX-WXX-1");
    has("The board meets twice a year.", dct, "twice a year", "SET", "P1Y");
    has("The rate is 10 per month.", dct, "per month", "SET", "P1M");
    has("Pilgrims arrive each year.", dct, "each year", "SET", "P1Y");
}

#[test]
fn ranges_give_the_span_and_the_dates_inside() {
    let text = "The airline gets six jets from 2009 to 2011, then between 2014 and 2016.";
    has(text, DCT, "from 2009 to 2011", "DURATION", "P2Y");
    has(text, DCT, "2009", "DATE", "2009");
    has(text, DCT, "2011", "DATE", "2011");
    has(text, DCT, "between 2014 and 2016", "DURATION", "P2Y");
    has(text, DCT, "2016", "DATE", "2016");
}

#[test]
fn fuzzy_references() {
    let dct = DCT;
    has("Pre-orders of the recently announced phone began.", dct, "recently", "DATE", "PAST_REF");
    has("Violence has grown in recent weeks.", dct, "recent weeks", "DATE", "PAST_REF");
    has("The store currently sells music.", dct, "currently", "DATE", "PRESENT_REF");
    has("The nano is now smaller.", dct, "now", "DATE", "PRESENT_REF");
    has("It was done in the past.", dct, "the past", "DATE", "PAST_REF");
    has("It is the future of travel.", dct, "the future", "DATE", "FUTURE_REF");
    has("Action may come in near days and weeks.", dct, "near days and weeks", "DATE", "FUTURE_REF");
    has("Talks continue in the coming weeks.", dct, "the coming weeks", "DATE", "FUTURE_REF");
    has("It left Boeing, and more recently Airbus.", dct, "more recently", "DATE", "PAST_REF");
    has("It follows the recent reports of massacres.", dct, "recent", "DATE", "PAST_REF");
    none("The antenna of their most recent model failed.");
    has("They have waited for this meeting for a long time.", dct, "a long time", "DURATION", "PXX");
    none("It took a long time.");
}

#[test]
fn seasons_quarters_decades_centuries_holidays() {
    let dct = DCT;
    has("The service launches in the fall of 2011.", dct, "fall of 2011", "DATE", "2011-FA");
    has("The release is due next summer.", dct, "next summer", "DATE", "2016-SU");
    has("Crops failed last summer.", Some("2015-10-01"), "last summer", "DATE", "2015-SU");
    has("Sales rose in the third quarter of 2008.", dct, "the third quarter of 2008", "DATE", "2008-Q3");
    has("Profits rose in the first quarter.", dct, "the first quarter", "DATE", "2015-Q1");
    has("Results for Q3 2009 were poor.", dct, "Q3 2009", "DATE", "2009-Q3");
    has("The plan covers the first half of 2016.", dct, "the first half of 2016", "DATE", "2016-H1");
    has("Ties date back to the early 1990s.", dct, "early 1990s", "DATE", "199");
    has("It was a hit in the '90s.", dct, "'90s", "DATE", "199");
    has("He was a figure of the 20th century.", dct, "the 20th century", "DATE", "19");
    has("In the late 1980's it grew.", dct, "late 1980's", "DATE", "198");
    has("Sales were strong at Christmas.", Some("2007-01-18"), "Christmas", "DATE", "2006-12-25");
    has("The store opens on Thanksgiving Day 2015.", dct, "Thanksgiving Day 2015", "DATE", "2015-11-26");
    has("Easter 2015 was early.", dct, "Easter 2015", "DATE", "2015-04-05");
}

#[test]
fn clock_times_take_the_day_of_their_sentence() {
    let text = "The jet made its first flight Tuesday in Everett at 18:00 UTC. It landed at 6:40 p.m. local time.";
    has(text, Some("2009-12-16"), "18:00 UTC", "TIME", "2009-12-15T18:00Z");
    has(text, Some("2009-12-16"), "6:40 p.m. local time", "TIME", "2009-12-16T18:40");
    has("The take-off, at 08:30 UTC, was normal.", Some("2005-04-27"), "08:30 UTC", "TIME", "2005-04-27T08:30Z");
    has("Doors open at 10 a.m. sharp.", DCT, "10 a.m.", "TIME", "2015-05-12T10:00");
    has("She worked from 6:00am to midnight.", DCT, "6:00am", "TIME", "2015-05-12T06:00");
    has("It landed at 12:30 EST.", DCT, "12:30 EST", "TIME", "2015-05-12T12:30-05:00");
}

#[test]
fn no_dct_gives_partial_values() {
    has("They will meet on May 12.", None, "May 12", "DATE", "XXXX-05-12");
    has("They will meet on Tuesday.", None, "Tuesday", "DATE", "XXXX-WXX-2");
    has("They met in June.", None, "June", "DATE", "XXXX-06");
    has("They met last year.", None, "last year", "DATE", "XXXX");
    has("They met yesterday.", None, "yesterday", "DATE", "XXXX-XX-XX");
    has("They met in 1998.", None, "1998", "DATE", "1998");
    has("A five-year ban.", None, "five-year", "DURATION", "P5Y");
    has("They met at 18:00 UTC.", None, "18:00 UTC", "TIME", "XXXX-XX-XXT18:00Z");
}

#[test]
fn impossible_dates_keep_their_span_and_no_value() {
    has("It was dated February 30, 2010.", DCT, "February 30, 2010", "DATE", "");
    has("It was dated February 30.", DCT, "February 30", "DATE", "");
    has("It was dated 2/30/2010.", DCT, "2/30/2010", "DATE", "");
    has("It was dated 2010-02-31.", DCT, "2010-02-31", "DATE", "");
}

#[test]
fn numbers_that_are_not_dates() {
    none("The plane seats 2000 passengers.");
    none("Boeing built 1,500 jets and 737s.");
    none("The A380 costs $2008 million.");
    none("The score was 3:2 and then 2/3 of fans left.");
    none("Version 2.2010 of the program shipped.");
    none("There may be talks; we march on.");
    none("Only a quarter of voters agreed.");
    none("Model F-2008 and year 99999 passed.");
    none("Call 555-1234 or 24/7.");
    none("The FIFA World Cup 2018 day five.");
}

#[test]
fn names_that_look_like_dates() {
    none("June Carter sang with illustrator Johnnie Christmas.");
    none("The Monitor Daily email reaches you.");
}

#[test]
fn dct_from_a_dateline() {
    let text = "Airbus wins a deal\nMarch 01, 2008 Northrop Grumman and Airbus won a contract on Friday.";
    let i = infer_dct(text).unwrap();
    assert_eq!((i.date, i.evidence), (d("2008-03-01"), DctEvidence::Dateline));
    assert_eq!(&text[i.start..i.end], "March 01, 2008");
    let text = "Kerry to talk\nA subtitle here\nMay 6, 2013 -- Kerry was on his way to Moscow.";
    assert_eq!(infer_dct(text).map(|i| i.date), Some(d("2013-05-06")));
}

#[test]
fn dct_from_a_weekday_beside_a_date() {
    let text = "Fair opens\nA photo taken Monday, May 11, 2015 shows the hall.";
    let i = infer_dct(text).unwrap();
    assert_eq!((i.date, i.evidence), (d("2015-05-11"), DctEvidence::WeekdayAndDate));
    // The weekday disagrees with the date: nothing is pinned.
    assert_eq!(infer_dct("Fair opens\nA photo taken Tuesday, May 11, 2015 shows the hall."), None);
}

#[test]
fn dct_is_not_guessed() {
    assert_eq!(infer_dct("Kerry to Sochi\nKerry speaks May 6 during a press conference. He left Monday."), None);
    assert_eq!(infer_dct("The company was founded on March 3, 1998 by two students."), None);
    assert_eq!(infer_dct(""), None);
}

#[test]
fn sentence_dates_pick_the_most_precise_expression() {
    let text = "May 6, 2013 -- Kerry was in Moscow this evening. He met Lavrov in 2012 and on Tuesday will meet Putin. No date here.";
    let t = annotate(text, Some(d("2013-05-06")));
    let s1 = text.find("He met").unwrap();
    let s2 = text.find("No date").unwrap();
    let spans = [(0, s1 - 1), (s1, s2 - 1), (s2, text.len())];
    let dates: Vec<Option<String>> = sentence_dates(&t, &spans).into_iter().map(|x| x.map(|x| x.value)).collect();
    assert_eq!(dates, [Some("2013-05-06TEV".to_string()), Some("2013-05-07".to_string()), None]);
}

#[test]
fn serialises_with_the_timex3_names() {
    let t = annotate("It ends in 2016.", None);
    let v = serde_json::to_value(&t[0]).unwrap();
    assert_eq!(v, serde_json::json!({ "start": 11, "end": 15, "type": "DATE", "value": "2016" }));
}
