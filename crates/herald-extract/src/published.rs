//! Publication dates as inputs state them (JSONL `published`, feed dates, `--date`), normalised.

use chrono::{DateTime, NaiveDate, NaiveDateTime, SecondsFormat, Utc};

/// Normalises a stated publication time to `YYYY-MM-DD` (date only) or `YYYY-MM-DDThh:mm:ssZ`
/// (a time with a known offset, converted to UTC). Returns `None` for anything it cannot read
/// with certainty, so that no date is ever invented.
pub fn normalise_published(raw: &str) -> Option<String> {
    let s = raw.trim();
    if s.is_empty() {
        return None;
    }
    let plausible = |d: NaiveDate| (1900..=2100).contains(&chrono::Datelike::year(&d));
    if let Ok(dt) = DateTime::parse_from_rfc3339(s) {
        return plausible(dt.date_naive()).then(|| dt.with_timezone(&Utc).to_rfc3339_opts(SecondsFormat::Secs, true));
    }
    if let Ok(dt) = DateTime::parse_from_rfc2822(s) {
        return plausible(dt.date_naive()).then(|| dt.with_timezone(&Utc).to_rfc3339_opts(SecondsFormat::Secs, true));
    }
    for fmt in ["%Y-%m-%dT%H:%M:%S%.f%z", "%Y-%m-%d %H:%M:%S%.f%z", "%Y-%m-%d %H:%M:%S %z"] {
        if let Ok(dt) = DateTime::parse_from_str(s, fmt) {
            return plausible(dt.date_naive())
                .then(|| dt.with_timezone(&Utc).to_rfc3339_opts(SecondsFormat::Secs, true));
        }
    }
    // A time without an offset: the calendar date is certain, the instant is not.
    for fmt in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"] {
        if let Ok(dt) = NaiveDateTime::parse_from_str(s, fmt) {
            return plausible(dt.date()).then(|| dt.date().to_string());
        }
    }
    for fmt in ["%Y-%m-%d", "%Y/%m/%d", "%Y%m%d", "%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y"] {
        if let Ok(d) = NaiveDate::parse_from_str(s, fmt) {
            return plausible(d).then(|| d.to_string());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn forms() {
        assert_eq!(normalise_published("2015-05-11").as_deref(), Some("2015-05-11"));
        assert_eq!(normalise_published("2015-05-11T22:30:00+02:00").as_deref(), Some("2015-05-11T20:30:00Z"));
        assert_eq!(normalise_published("Mon, 11 May 2015 22:30:00 GMT").as_deref(), Some("2015-05-11T22:30:00Z"));
        assert_eq!(normalise_published("2015-05-11 09:00:00").as_deref(), Some("2015-05-11"));
        assert_eq!(normalise_published("May 6, 2013").as_deref(), Some("2013-05-06"));
        assert_eq!(normalise_published("yesterday"), None);
        assert_eq!(normalise_published("2015-02-30"), None);
        assert_eq!(normalise_published(""), None);
    }

    proptest! {
        #[test]
        fn never_panics_and_output_is_iso(s in "\\PC{0,40}") {
            if let Some(v) = normalise_published(&s) {
                prop_assert!(NaiveDate::parse_from_str(&v[..10], "%Y-%m-%d").is_ok());
            }
        }
    }
}
