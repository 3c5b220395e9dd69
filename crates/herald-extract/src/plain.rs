//! Plain-text articles: the first non-empty line is the headline, every other non-empty line a
//! paragraph, each given a kind by its wording and its neighbours (a line next to a photo credit
//! is the photo's caption; everything from a paywall opener on is the appeal).

use crate::kinds::{kind_from_wording, opens_appeal};
use chrono::NaiveDate;
use herald_model::ParagraphKind;
use regex::Regex;
use std::sync::LazyLock;

/// A caption is short; a long line next to a credit is more likely the article resuming.
const MAX_CAPTION_CHARS: usize = 400;

/// Splits plain text into paragraphs with kinds; the first line is the headline.
pub fn classify_lines(text: &str) -> Vec<(ParagraphKind, String)> {
    classify(text, true)
}

/// Splits plain text into paragraphs with kinds. `first_is_headline` is false when the input
/// carried its title separately (a JSONL `title` beside `text`): then every line is content.
pub fn classify(text: &str, first_is_headline: bool) -> Vec<(ParagraphKind, String)> {
    let lines: Vec<String> = text.lines().map(collapse_inner).filter(|l| !l.is_empty()).collect();
    let mut out: Vec<(ParagraphKind, String)> = Vec::with_capacity(lines.len());
    let mut in_appeal = false;
    for (i, line) in lines.into_iter().enumerate() {
        let kind = if i == 0 && first_is_headline {
            ParagraphKind::Headline
        } else if in_appeal || opens_appeal(&line) {
            in_appeal = true;
            ParagraphKind::SubscriptionAppeal
        } else {
            kind_from_wording(&line).unwrap_or(ParagraphKind::Body)
        };
        out.push((kind, line));
    }
    // Captions: a short body line right after a credit line ("Jane Doe/AP" then the caption), or
    // right before it when nothing after it can be the caption.
    let is_caption_candidate = |p: Option<&(ParagraphKind, String)>| {
        p.is_some_and(|(k, l)| *k == ParagraphKind::Body && l.chars().count() <= MAX_CAPTION_CHARS)
    };
    for i in 0..out.len() {
        if out[i].0 != ParagraphKind::Credit {
            continue;
        }
        let target = if is_caption_candidate(out.get(i + 1)) {
            Some(i + 1)
        } else {
            i.checked_sub(1).filter(|&j| is_caption_candidate(out.get(j)))
        };
        if let Some(j) = target {
            out[j].0 = ParagraphKind::Caption;
        }
    }
    out
}

/// Collapses runs of spaces inside a line (no-break spaces included) without touching words.
fn collapse_inner(line: &str) -> String {
    crate::body::collapse_ws(line)
}

static DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)^(?:[\p{Lu}][\p{L}.'\ \-]{0,40}?(?:,\ [\p{Lu}][\p{L}.\ ]{0,20})?\s*(?:\([^)]{1,30}\)\s*)?[,:]\s*)?
        (?:(?P<mon>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?\ (?P<day>\d{1,2}),\ (?P<year>(?:19|20)\d{2})
          | (?P<day2>\d{1,2})\ (?P<mon2>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?\ (?P<year2>(?:19|20)\d{2})
          | (?P<iso>(?:19|20)\d{2}-\d{2}-\d{2}))
        \s*(?:--|—|–|-|:|\(|/|·)",
    )
    .expect("valid regex")
});

fn month_number(m: &str) -> Option<u32> {
    let m = m.to_ascii_lowercase();
    const MONTHS: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    MONTHS.iter().position(|p| m.starts_with(p)).map(|i| i as u32 + 1)
}

/// The date of a dateline that opens one of the first body paragraphs ("May 6, 2013 -- ...",
/// "WASHINGTON, May 6, 2013 —", "MOSCOW, 6 May 2013:").
pub fn find_dateline<'a>(body: impl IntoIterator<Item = &'a str>) -> Option<NaiveDate> {
    for para in body.into_iter().take(3) {
        let Some(c) = DATELINE.captures(para) else { continue };
        if let Some(iso) = c.name("iso") {
            if let Ok(d) = NaiveDate::parse_from_str(iso.as_str(), "%Y-%m-%d") {
                return Some(d);
            }
            continue;
        }
        let (mon, day, year) = match (c.name("mon"), c.name("mon2")) {
            (Some(m), _) => (m, c.name("day")?, c.name("year")?),
            (None, Some(m)) => (m, c.name("day2")?, c.name("year2")?),
            _ => continue,
        };
        let date = NaiveDate::from_ymd_opt(
            year.as_str().parse().ok()?,
            month_number(mon.as_str())?,
            day.as_str().parse().ok()?,
        );
        if date.is_some() {
            return date;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use ParagraphKind::*;

    #[test]
    fn headline_body_related_credit_caption_appeal() {
        let text = "Title line\n\nFirst body paragraph.\nRELATED: Another story\n\nJane Doe/AP\nA man walks past a wall in Sochi.\nSecond body paragraph.\nYou've read \u{a0} of \u{a0} free articles. Subscribe to continue.\nDear Reader,\nA letter.";
        let kinds: Vec<_> = classify_lines(text).into_iter().map(|(k, _)| k).collect();
        assert_eq!(
            kinds,
            vec![
                Headline,
                Body,
                RelatedLink,
                Credit,
                Caption,
                Body,
                SubscriptionAppeal,
                SubscriptionAppeal,
                SubscriptionAppeal
            ]
        );
    }

    #[test]
    fn caption_follows_its_credit_and_the_line_before_stays_body() {
        let text = "Title\nA dek line that sums up the story.\nJane Doe/AP\nA man walks past a wall in Sochi.\nBody.";
        let kinds: Vec<_> = classify_lines(text).into_iter().map(|(k, _)| k).collect();
        assert_eq!(kinds, vec![Headline, Body, Credit, Caption, Body]);
        let text = "Title\nA man walks past a wall in Sochi.\nJane Doe/AP\nRELATED: Other story";
        let kinds: Vec<_> = classify_lines(text).into_iter().map(|(k, _)| k).collect();
        assert_eq!(kinds, vec![Headline, Caption, Credit, RelatedLink]);
    }

    #[test]
    fn zero_width_lines_make_no_paragraph_and_a_separate_title_keeps_line_one_as_body() {
        let kinds: Vec<_> = classify_lines("\u{200b}\nTitle\n\u{feff}\nBody.").into_iter().map(|(k, _)| k).collect();
        assert_eq!(kinds, vec![Headline, Body]);
        let kinds: Vec<_> = classify("First line.\nSecond line.", false).into_iter().map(|(k, _)| k).collect();
        assert_eq!(kinds, vec![Body, Body]);
    }

    #[test]
    fn datelines() {
        let d = |s: &str| find_dateline([s]).map(|d| d.to_string());
        assert_eq!(d("May 6, 2013 -- The foreign minister left for the capital"), Some("2013-05-06".into()));
        assert_eq!(d("WASHINGTON, May 6, 2013 — The secretary"), Some("2013-05-06".into()));
        assert_eq!(d("MOSCOW (Reuters), 6 May 2013: The secretary"), Some("2013-05-06".into()));
        assert_eq!(d("Kerry spoke on May 6, 2013 -- in Moscow"), None);
        assert_eq!(d("Feb 30, 2013 -- impossible"), None);
    }
}
