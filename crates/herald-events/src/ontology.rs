//! The CAMEO ontology as data (`data/events/cameo.tsv`): every code with its name, Goldstein
//! value, QuadClass and PLOVER type, mode and context, and the codes an action becomes when it is
//! stated as an intent or a threat, refused, or demanded of someone.

use std::collections::HashMap;

/// One CAMEO code.
#[derive(Debug, Clone, PartialEq)]
pub struct CameoCode {
    pub code: String,
    pub name: String,
    pub goldstein: f32,
    /// GDELT's QuadClass: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict,
    /// 4 material conflict.
    pub quad_class: u8,
    /// The PLOVER event type, when the code has one (public statements other than denials have none).
    pub plover: Option<String>,
    pub mode: Option<String>,
    /// The PLOVER context the code implies ("military" for 062), if any.
    pub context: Option<String>,
    intent: Option<String>,
    refuse: Option<String>,
    demand: Option<String>,
}

/// The table, indexed by code.
#[derive(Debug, Default)]
pub struct Ontology {
    codes: Vec<CameoCode>,
    index: HashMap<String, usize>,
}

/// A table that does not have the shape its loader expects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataError(pub String);

impl std::fmt::Display for DataError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for DataError {}

fn opt(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_string())
}

/// The two-digit root of a code ("19" for "195").
pub fn root(code: &str) -> u8 {
    code.get(..2).and_then(|r| r.parse().ok()).unwrap_or(0)
}

/// Whether a code is conflictual (CAMEO roots 10 to 20): its intent is a threat and refusing it
/// is no event.
pub fn hostile(code: &str) -> bool {
    root(code) >= 10
}

impl Ontology {
    /// Parses `cameo.tsv`: a header line, then one code a line.
    pub fn parse(text: &str) -> Result<Ontology, DataError> {
        let mut lines = text.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#'));
        let header: Vec<&str> =
            lines.next().ok_or_else(|| DataError("cameo.tsv is empty".into()))?.split('\t').collect();
        let col = |name: &str| {
            header.iter().position(|c| *c == name).ok_or_else(|| DataError(format!("cameo.tsv has no column {name}")))
        };
        let c = [
            col("code")?,
            col("name")?,
            col("goldstein")?,
            col("quad_class")?,
            col("plover")?,
            col("plover_mode")?,
            col("context")?,
            col("intent")?,
            col("refuse")?,
            col("demand")?,
        ];
        let mut o = Ontology::default();
        for (n, line) in lines.enumerate() {
            let f: Vec<&str> = line.split('\t').collect();
            let get = |i: usize| f.get(c[i]).copied().unwrap_or("");
            let bad = |what: &str| DataError(format!("cameo.tsv row {}: bad {what}: {line}", n + 2));
            let code = get(0).trim().to_string();
            if code.len() < 3 || !code.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad("code"));
            }
            let entry = CameoCode {
                name: get(1).trim().to_string(),
                goldstein: get(2).trim().parse().map_err(|_| bad("goldstein"))?,
                quad_class: get(3).trim().parse().map_err(|_| bad("quad_class"))?,
                plover: opt(get(4)),
                mode: opt(get(5)),
                context: opt(get(6)),
                intent: opt(get(7)),
                refuse: opt(get(8)),
                demand: opt(get(9)),
                code: code.clone(),
            };
            o.index.insert(code, o.codes.len());
            o.codes.push(entry);
        }
        for e in &o.codes {
            for d in [&e.intent, &e.refuse, &e.demand].into_iter().flatten() {
                if !o.index.contains_key(d) {
                    return Err(DataError(format!("cameo.tsv: {} refers to unknown code {d}", e.code)));
                }
            }
        }
        Ok(o)
    }

    pub fn get(&self, code: &str) -> Option<&CameoCode> {
        self.index.get(code).map(|&i| &self.codes[i])
    }

    pub fn codes(&self) -> &[CameoCode] {
        &self.codes
    }

    /// The code of an action stated as a plan, offer or promise: CAMEO 03 for cooperation, 13 (a
    /// threat) for conflict.
    pub fn intent(&self, code: &str) -> String {
        if matches!(root(code), 3 | 13) {
            return code.to_string();
        }
        match self.get(code).and_then(|c| c.intent.clone()) {
            Some(c) => c,
            None if hostile(code) => "130".into(),
            None => "030".into(),
        }
    }

    /// The code of an action threatened: its intent when the action is conflictual, else a
    /// generic threat.
    pub fn threat(&self, code: &str) -> String {
        if hostile(code) {
            self.intent(code)
        } else {
            "130".into()
        }
    }

    /// The code of an action refused ("refused to meet": 125), or `None` when refusing it is no
    /// event ("refused to attack").
    pub fn refuse(&self, code: &str) -> Option<String> {
        if root(code) == 12 {
            return Some(code.to_string());
        }
        match self.get(code).and_then(|c| c.refuse.clone()) {
            Some(c) => Some(c),
            None if root(code) == 3 || (!hostile(code) && root(code) != 1) => Some("120".into()),
            None => None,
        }
    }

    /// The code of an action demanded of someone (CAMEO 10).
    pub fn demand(&self, code: &str) -> String {
        if root(code) == 10 || code == "113" {
            return code.to_string();
        }
        if root(code) == 2 {
            return format!("10{}", &code[2..]);
        }
        self.get(code).and_then(|c| c.demand.clone()).unwrap_or_else(|| "100".into())
    }

    /// The code of an action asked for (CAMEO 02): the appeal that mirrors the demand ("1034"
    /// → "0234"); rallying opposition stays 113.
    pub fn appeal(&self, code: &str) -> String {
        if root(code) == 2 {
            return code.to_string();
        }
        let d = self.demand(code);
        if root(&d) == 10 {
            let mirrored = format!("02{}", &d[2..]);
            if self.get(&mirrored).is_some() {
                return mirrored;
            }
            return "020".into();
        }
        d
    }

    /// The code of an action attempted: an attempted assassination is 185; other attempts keep
    /// the action's code.
    pub fn attempt(&self, code: &str) -> String {
        if code == "186" {
            "185".into()
        } else {
            code.to_string()
        }
    }
}
