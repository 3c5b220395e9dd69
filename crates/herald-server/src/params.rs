//! Query strings, read strictly: every parameter a route takes is named, every value is checked,
//! and every mistake is a `bad_request` that says which parameter and what is expected. Values
//! go to the store as bound parameters only; these checks are for clear answers, not for safety.
//!
//! Empty values (`from=` from an HTML form left blank) mean "not given".

use crate::error::ApiError;
use herald_model::EntityType;

/// Longest value accepted for any parameter.
pub const MAX_VALUE_CHARS: usize = 512;

/// The parameters of one request.
#[derive(Debug, Default)]
pub struct Params {
    pairs: Vec<(String, String)>,
}

impl Params {
    /// Parses `raw` (the part after `?`), refusing parameters not in `allowed`, repeated ones and
    /// values longer than [`MAX_VALUE_CHARS`].
    pub fn parse(raw: Option<&str>, allowed: &[&str]) -> Result<Params, ApiError> {
        let raw = raw.unwrap_or("");
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(raw)
            .map_err(|e| ApiError::bad_request(format!("the query string cannot be read: {e}")))?;
        let mut seen: Vec<&str> = Vec::new();
        for (k, v) in &pairs {
            if !allowed.contains(&k.as_str()) {
                let expected =
                    if allowed.is_empty() { "this route takes no parameters".to_string() } else { allowed.join(", ") };
                return Err(ApiError::bad_request(format!("unknown parameter {k:?}; expected: {expected}")));
            }
            if seen.contains(&k.as_str()) {
                return Err(ApiError::bad_request(format!("parameter {k:?} is given twice")));
            }
            seen.push(k);
            if v.chars().count() > MAX_VALUE_CHARS {
                return Err(ApiError::bad_request(format!(
                    "parameter {k:?} is longer than {MAX_VALUE_CHARS} characters"
                )));
            }
        }
        Ok(Params { pairs })
    }

    /// The value of `key`, trimmed, when given and not empty.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.trim()).filter(|v| !v.is_empty())
    }

    /// A free text value (a source name, a document key).
    pub fn text(&self, key: &str) -> Option<String> {
        self.get(key).map(str::to_string)
    }

    /// A page size: `default` when absent, otherwise 1..=`max`.
    pub fn limit(&self, default: usize, max: usize) -> Result<usize, ApiError> {
        match self.get("limit") {
            None => Ok(default),
            Some(v) => match v.parse::<usize>() {
                Ok(n) if (1..=max).contains(&n) => Ok(n),
                _ => Err(ApiError::bad_request(format!("limit must be a whole number from 1 to {max}, not {v:?}"))),
            },
        }
    }

    /// How many items to skip: 0 when absent, at most `max`.
    pub fn offset(&self, max: usize) -> Result<usize, ApiError> {
        match self.get("offset") {
            None => Ok(0),
            Some(v) => match v.parse::<usize>() {
                Ok(n) if n <= max => Ok(n),
                _ => Err(ApiError::bad_request(format!(
                    "offset must be a whole number from 0 to {max}, not {v:?}; narrow the query with filters to go further"
                ))),
            },
        }
    }

    /// A day or a coarser date: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, a real calendar date.
    pub fn day(&self, key: &str) -> Result<Option<String>, ApiError> {
        match self.get(key) {
            None => Ok(None),
            Some(v) if valid_day(v) => Ok(Some(v.to_string())),
            Some(v) => Err(ApiError::bad_request(format!(
                "{key} must be a date written YYYY, YYYY-MM or YYYY-MM-DD, not {v:?}"
            ))),
        }
    }

    /// An actor code prefix (`USA`, `RUSGOV`, `IGOUNO`): 1 to 24 letters and digits, any case
    /// (returned upper-cased).
    pub fn actor(&self, key: &str) -> Result<Option<String>, ApiError> {
        self.get(key).map(|v| actor_code(key, v)).transpose()
    }

    /// A CAMEO event code prefix: 1 to 4 digits.
    pub fn cameo(&self, key: &str) -> Result<Option<String>, ApiError> {
        match self.get(key) {
            None => Ok(None),
            Some(v) if (1..=4).contains(&v.len()) && v.bytes().all(|b| b.is_ascii_digit()) => Ok(Some(v.to_string())),
            Some(v) => Err(ApiError::bad_request(format!(
                "{key} must be a CAMEO code prefix of 1 to 4 digits (04, 043, 0431), not {v:?}"
            ))),
        }
    }

    /// Two actor codes written `A,B`.
    pub fn dyad(&self, key: &str) -> Result<Option<(String, String)>, ApiError> {
        let Some(v) = self.get(key) else { return Ok(None) };
        let bad = || ApiError::bad_request(format!("{key} must be two actor codes written A,B (USA,RUS), not {v:?}"));
        let (a, b) = v.split_once(',').ok_or_else(bad)?;
        let a = actor_code(key, a.trim()).map_err(|_| bad())?;
        let b = actor_code(key, b.trim()).map_err(|_| bad())?;
        Ok(Some((a, b)))
    }

    /// A yes/no switch: `true`, `false`, `1`, `0`, `on` (an HTML checkbox); absent is false.
    pub fn flag(&self, key: &str) -> Result<bool, ApiError> {
        match self.get(key) {
            None | Some("false" | "0" | "off" | "no") => Ok(false),
            Some("true" | "1" | "on" | "yes") => Ok(true),
            Some(v) => Err(ApiError::bad_request(format!("{key} must be true or false, not {v:?}"))),
        }
    }

    /// An entity type by its name (`person`, `organisation`, `gpe`, ...).
    pub fn entity_type(&self, key: &str) -> Result<Option<EntityType>, ApiError> {
        let Some(v) = self.get(key) else { return Ok(None) };
        ENTITY_TYPES.iter().copied().find(|t| t.as_str() == v).map(Some).ok_or_else(|| {
            let names: Vec<&str> = ENTITY_TYPES.iter().map(|t| t.as_str()).collect();
            ApiError::bad_request(format!("{key} must be one of {}, not {v:?}", names.join(", ")))
        })
    }

    /// One of a fixed set of words.
    pub fn choice<'a>(&self, key: &str, choices: &[&'a str], default: &'a str) -> Result<&'a str, ApiError> {
        match self.get(key) {
            None => Ok(default),
            Some(v) => choices.iter().copied().find(|c| *c == v).ok_or_else(|| {
                ApiError::bad_request(format!("{key} must be one of {}, not {v:?}", choices.join(", ")))
            }),
        }
    }
}

/// Every entity type, in the order the model lists them.
pub const ENTITY_TYPES: [EntityType; 6] = [
    EntityType::Person,
    EntityType::Organisation,
    EntityType::Gpe,
    EntityType::Location,
    EntityType::Facility,
    EntityType::Group,
];

fn actor_code(key: &str, v: &str) -> Result<String, ApiError> {
    if (1..=24).contains(&v.len()) && v.bytes().all(|b| b.is_ascii_alphanumeric()) {
        Ok(v.to_ascii_uppercase())
    } else {
        Err(ApiError::bad_request(format!(
            "{key} must be an actor code of 1 to 24 letters and digits (USA, RUSGOV, IGOUNO), not {v:?}"
        )))
    }
}

/// Whether `v` is `YYYY`, `YYYY-MM` or `YYYY-MM-DD` naming a real date.
pub fn valid_day(v: &str) -> bool {
    let parts: Vec<&str> = v.split('-').collect();
    let num = |s: &str, len: usize| {
        (s.len() == len && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse::<u32>().ok()).flatten()
    };
    let Some(year) = parts.first().and_then(|y| num(y, 4)) else { return false };
    match parts.as_slice() {
        [_] => true,
        [_, m] => num(m, 2).is_some_and(|m| (1..=12).contains(&m)),
        [_, m, d] => match (num(m, 2), num(d, 2)) {
            (Some(m), Some(d)) if (1..=12).contains(&m) => d >= 1 && d <= days_in_month(year, m),
            _ => false,
        },
        _ => false,
    }
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn p(raw: &str, allowed: &[&str]) -> Result<Params, ApiError> {
        Params::parse(Some(raw), allowed)
    }

    #[test]
    fn unknown_repeated_and_long_parameters_are_refused() {
        assert!(p("limit=5&limt=3", &["limit"]).unwrap_err().message.contains("limt"));
        assert!(p("limit=5&limit=3", &["limit"]).unwrap_err().message.contains("twice"));
        let long = format!("source={}", "a".repeat(MAX_VALUE_CHARS + 1));
        assert_eq!(p(&long, &["source"]).unwrap_err().code, "bad_request");
        assert!(p("x=1", &[]).unwrap_err().message.contains("no parameters"));
    }

    #[test]
    fn limits_and_offsets_are_bounded() {
        let q = p("limit=200&offset=10", &["limit", "offset"]).unwrap();
        assert_eq!(q.limit(50, 200).unwrap(), 200);
        assert_eq!(q.offset(10).unwrap(), 10);
        assert!(q.offset(9).is_err());
        for bad in ["limit=0", "limit=201", "limit=-1", "limit=1e9", "limit=99999999999999999999999"] {
            assert!(p(bad, &["limit"]).unwrap().limit(50, 200).is_err(), "{bad}");
        }
        assert_eq!(p("limit=", &["limit"]).unwrap().limit(50, 200).unwrap(), 50);
    }

    #[test]
    fn dates_must_be_real() {
        for ok in ["2015", "2015-05", "2015-05-12", "2016-02-29", "2000-02-29"] {
            assert!(valid_day(ok), "{ok}");
        }
        for bad in ["2015-13", "2015-02-29", "1900-02-29", "2015-5-1", "15", "2015-05-12T00:00", "'; DROP TABLE x", ""]
        {
            assert!(!valid_day(bad), "{bad}");
        }
    }

    #[test]
    fn codes_and_dyads_are_checked() {
        let q = p("actor=usagov&code=04&dyad=USA,%20rus", &["actor", "code", "dyad"]).unwrap();
        assert_eq!(q.actor("actor").unwrap().as_deref(), Some("USAGOV"));
        assert_eq!(q.cameo("code").unwrap().as_deref(), Some("04"));
        assert_eq!(q.dyad("dyad").unwrap(), Some(("USA".to_string(), "RUS".to_string())));
        let q = p("actor=USA%27%20OR%201%3D1&code=04a&dyad=USA", &["actor", "code", "dyad"]).unwrap();
        assert!(q.actor("actor").is_err());
        assert!(q.cameo("code").is_err());
        assert!(q.dyad("dyad").is_err());
    }

    #[test]
    fn flags_types_and_choices() {
        let q = p("d=on&t=gpe&by=week", &["d", "t", "by"]).unwrap();
        assert!(q.flag("d").unwrap());
        assert_eq!(q.entity_type("t").unwrap(), Some(EntityType::Gpe));
        assert_eq!(q.choice("by", &["day", "week", "month"], "month").unwrap(), "week");
        let q = p("d=maybe&t=planet&by=year", &["d", "t", "by"]).unwrap();
        assert!(q.flag("d").is_err());
        assert!(q.entity_type("t").is_err());
        assert!(q.choice("by", &["day", "week", "month"], "month").is_err());
    }

    proptest! {
        #[test]
        fn any_query_string_parses_or_is_a_bad_request(raw in ".{0,200}") {
            match Params::parse(Some(&raw), &["limit", "offset", "from", "actor"]) {
                Ok(q) => {
                    let _ = q.limit(50, 200);
                    let _ = q.offset(1000);
                    let _ = q.day("from");
                    let _ = q.actor("actor");
                }
                Err(e) => prop_assert_eq!(e.code, "bad_request"),
            }
        }

        #[test]
        fn valid_days_are_what_they_say(y in 0u32..10000, m in 1u32..13, d in 1u32..32) {
            let s = format!("{y:04}-{m:02}-{d:02}");
            prop_assert_eq!(valid_day(&s), d <= days_in_month(y, m));
        }
    }
}
