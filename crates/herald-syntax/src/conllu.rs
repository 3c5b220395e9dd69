//! CoNLL-U, the Universal Dependencies file format: reading (training data, `--pretokenized`
//! input) and writing (`herald read --format conllu`), so existing UD tools and scorers apply.
//!
//! Multiword-token lines (`3-4 don't`) are kept as ranges; empty nodes (`8.1`) are skipped, since
//! the basic tree never uses them.

use std::fmt::Write as _;
use std::path::Path;

/// One syntactic word.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Word {
    /// 1-based position in the sentence.
    pub id: usize,
    pub form: String,
    pub lemma: String,
    pub upos: String,
    pub xpos: String,
    pub feats: String,
    /// The head's id; 0 for the root.
    pub head: usize,
    pub deprel: String,
    pub misc: String,
}

/// A surface token spanning several words (`3-4 don't` over `do` and `n't`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MultiwordToken {
    pub first: usize,
    pub last: usize,
    pub form: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Sentence {
    /// Comment lines without the leading `# `.
    pub comments: Vec<String>,
    pub words: Vec<Word>,
    pub multiword: Vec<MultiwordToken>,
}

impl Sentence {
    /// The `# text = …` comment, when present.
    pub fn text(&self) -> Option<&str> {
        self.comments.iter().find_map(|c| c.strip_prefix("text = "))
    }

    /// The words' forms, universal tags and Penn tags, as the parser takes them.
    pub fn columns(&self) -> (Vec<&str>, Vec<&str>, Vec<&str>) {
        let column = |f: fn(&Word) -> &str| self.words.iter().map(f).collect();
        (column(|w| &w.form), column(|w| &w.upos), column(|w| &w.xpos))
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConlluError {
    #[error("{source_name}:{line}: {detail}")]
    Malformed { source_name: String, line: usize, detail: String },
    #[error("reading {path}: {cause}")]
    Io { path: String, cause: std::io::Error },
}

fn field(s: &str) -> String {
    s.to_string()
}

/// Parses CoNLL-U text. `source_name` names the input in error messages.
pub fn parse(text: &str, source_name: &str) -> Result<Vec<Sentence>, ConlluError> {
    let mut out = Vec::new();
    let mut cur = Sentence::default();
    for (i, line) in text.lines().enumerate() {
        let malformed =
            |detail: String| ConlluError::Malformed { source_name: source_name.to_string(), line: i + 1, detail };
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            if !cur.words.is_empty() || !cur.comments.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        if let Some(c) = line.strip_prefix('#') {
            cur.comments.push(c.trim_start().to_string());
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 10 {
            return Err(malformed(format!("{} columns, CoNLL-U has 10", cols.len())));
        }
        let id = cols[0];
        if id.contains('.') {
            continue;
        }
        if let Some((a, b)) = id.split_once('-') {
            let (Ok(first), Ok(last)) = (a.parse(), b.parse()) else {
                return Err(malformed(format!("bad multiword range `{id}`")));
            };
            cur.multiword.push(MultiwordToken { first, last, form: field(cols[1]) });
            continue;
        }
        let id: usize = id.parse().map_err(|_| malformed(format!("bad word id `{id}`")))?;
        let head = if cols[6] == "_" {
            0
        } else {
            cols[6].parse().map_err(|_| malformed(format!("bad head `{}`", cols[6])))?
        };
        cur.words.push(Word {
            id,
            form: field(cols[1]),
            lemma: field(cols[2]),
            upos: field(cols[3]),
            xpos: field(cols[4]),
            feats: field(cols[5]),
            head,
            deprel: field(cols[7]),
            misc: field(cols[9]),
        });
    }
    if !cur.words.is_empty() {
        out.push(cur);
    }
    Ok(out)
}

/// Reads every `*.conllu` file of a directory, in file-name order.
pub fn read_dir(dir: &Path) -> Result<Vec<Sentence>, ConlluError> {
    let io = |cause| ConlluError::Io { path: dir.display().to_string(), cause };
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map_err(io)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "conllu"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for f in files {
        let text =
            std::fs::read_to_string(&f).map_err(|cause| ConlluError::Io { path: f.display().to_string(), cause })?;
        out.extend(parse(&text, &f.display().to_string())?);
    }
    Ok(out)
}

/// Writes sentences as CoNLL-U.
pub fn write(sentences: &[Sentence]) -> String {
    let mut s = String::new();
    for sent in sentences {
        for c in &sent.comments {
            let _ = writeln!(s, "# {c}");
        }
        for w in &sent.words {
            if let Some(m) = sent.multiword.iter().find(|m| m.first == w.id) {
                let _ = writeln!(s, "{}-{}\t{}\t_\t_\t_\t_\t_\t_\t_\t_", m.first, m.last, m.form);
            }
            let dash = |v: &str| if v.is_empty() { "_".to_string() } else { v.to_string() };
            let _ = writeln!(
                s,
                "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t_\t{}",
                w.id,
                w.form,
                dash(&w.lemma),
                dash(&w.upos),
                dash(&w.xpos),
                dash(&w.feats),
                w.head,
                dash(&w.deprel),
                dash(&w.misc)
            );
        }
        s.push('\n');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# sent_id = s1\n# text = I don't know.\n1\tI\tI\tPRON\tPRP\t_\t3\tnsubj\t_\t_\n2-3\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n2\tdo\tdo\tAUX\tVBP\t_\t4\taux\t_\t_\n3\tn't\tnot\tPART\tRB\t_\t4\tadvmod\t_\t_\n4\tknow\tknow\tVERB\tVB\t_\t0\troot\t_\tSpaceAfter=No\n5\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_\n\n";

    #[test]
    fn reads_and_writes_round_trip() {
        let s = parse(SAMPLE, "sample").unwrap();
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].words.len(), 5);
        assert_eq!(s[0].text(), Some("I don't know."));
        assert_eq!(s[0].multiword, vec![MultiwordToken { first: 2, last: 3, form: "don't".into() }]);
        assert_eq!(s[0].words[3].head, 0);
        let again = parse(&write(&s), "again").unwrap();
        assert_eq!(again, s);
    }

    #[test]
    fn malformed_lines_name_their_place() {
        let err = parse("1\tI\n", "x.conllu").unwrap_err().to_string();
        assert!(err.starts_with("x.conllu:1:"), "{err}");
    }
}
