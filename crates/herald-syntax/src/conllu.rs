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

/// Parses CoNLL-U text, failing at its first malformed sentence. `source_name` names the input
/// in error messages.
pub fn parse(text: &str, source_name: &str) -> Result<Vec<Sentence>, ConlluError> {
    sentences(text, source_name).collect()
}

/// Parses CoNLL-U text one sentence at a time: a malformed sentence is one error naming the
/// input, the line and the reason, and the sentences after it are still read (`herald read
/// --pretokenized` reports it and goes on). A sentence is malformed when a line has other than
/// ten tab-separated columns, a word id, head or multiword range is not a number, or the words
/// are not numbered 1, 2, 3, … in order, or a head or a multiword range points outside the
/// sentence. A byte-order mark before the first line is skipped.
pub fn sentences<'a>(text: &'a str, source_name: &'a str) -> impl Iterator<Item = Result<Sentence, ConlluError>> + 'a {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.lines().enumerate();
    std::iter::from_fn(move || {
        let mut block = Block::default();
        for (i, line) in lines.by_ref() {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() {
                if block.is_empty() {
                    continue;
                }
                return Some(block.finish(source_name));
            }
            block.add(line, i + 1);
        }
        // The last block keeps its words; a trailing comment-only block is dropped.
        (!block.sentence.words.is_empty() || block.error.is_some()).then(|| block.finish(source_name))
    })
}

/// The lines of one sentence as they are read, with the first thing wrong with them.
#[derive(Default)]
struct Block {
    sentence: Sentence,
    /// The line of each word, and of each multiword range, for the checks made at the end.
    word_lines: Vec<usize>,
    range_lines: Vec<usize>,
    error: Option<(usize, String)>,
}

impl Block {
    fn is_empty(&self) -> bool {
        self.sentence.words.is_empty() && self.sentence.comments.is_empty() && self.error.is_none()
    }

    fn add(&mut self, line: &str, number: usize) {
        if let Err(detail) = self.read_line(line, number) {
            self.error.get_or_insert((number, detail));
        }
    }

    fn read_line(&mut self, line: &str, number: usize) -> Result<(), String> {
        let cur = &mut self.sentence;
        if let Some(c) = line.strip_prefix('#') {
            cur.comments.push(c.trim_start().to_string());
            return Ok(());
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 10 {
            return Err(format!("{} columns, CoNLL-U has 10", cols.len()));
        }
        let id = cols[0];
        if id.contains('.') {
            return Ok(());
        }
        if let Some((a, b)) = id.split_once('-') {
            let (Ok(first), Ok(last)) = (a.parse(), b.parse()) else {
                return Err(format!("bad multiword range `{id}`"));
            };
            cur.multiword.push(MultiwordToken { first, last, form: field(cols[1]) });
            self.range_lines.push(number);
            return Ok(());
        }
        let id: usize = id.parse().map_err(|_| format!("bad word id `{id}`"))?;
        let head = if cols[6] == "_" { 0 } else { cols[6].parse().map_err(|_| format!("bad head `{}`", cols[6]))? };
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
        self.word_lines.push(number);
        Ok(())
    }

    /// The sentence, or the first thing wrong with it: a bad line, then word ids out of order,
    /// then a head or a multiword range outside the sentence.
    fn finish(self, source_name: &str) -> Result<Sentence, ConlluError> {
        let malformed =
            |line: usize, detail: String| ConlluError::Malformed { source_name: source_name.to_string(), line, detail };
        if let Some((line, detail)) = self.error {
            return Err(malformed(line, detail));
        }
        let words = &self.sentence.words;
        let n = words.len();
        for (k, (w, &line)) in words.iter().zip(&self.word_lines).enumerate() {
            if w.id != k + 1 {
                return Err(malformed(line, format!("word id {} where {} was expected", w.id, k + 1)));
            }
        }
        for (w, &line) in words.iter().zip(&self.word_lines) {
            if w.head > n {
                return Err(malformed(line, format!("head {} outside the sentence of {n} words", w.head)));
            }
        }
        for (m, &line) in self.sentence.multiword.iter().zip(&self.range_lines) {
            if m.first == 0 || m.first > m.last || m.last > n {
                return Err(malformed(
                    line,
                    format!("multiword range {}-{} outside the sentence of {n} words", m.first, m.last),
                ));
            }
        }
        Ok(self.sentence)
    }
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

    fn line(id: &str, form: &str, head: &str) -> String {
        format!("{id}\t{form}\t_\t_\t_\t_\t{head}\t_\t_\t_\n")
    }

    /// Each sentence that breaks a rule of the format is an error naming its line and the
    /// reason; the well-formed sentence after it still reads.
    #[test]
    fn each_malformed_sentence_is_one_error_and_the_next_still_reads() {
        let good = line("1", "Ships", "2") + &line("2", "sailed", "0");
        let cases = [
            (line("1", "a", "0") + &line("3", "b", "1"), 2, "word id 3 where 2 was expected"),
            (line("2", "a", "0"), 1, "word id 2 where 1 was expected"),
            (line("1", "a", "0") + &line("2", "b", "7"), 2, "head 7 outside the sentence of 2 words"),
            (line("1", "a", "0") + &line("x", "b", "1"), 2, "bad word id `x`"),
            (line("1", "a", "?"), 1, "bad head `?`"),
            ("1-3\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n".to_string() + &line("1", "do", "0"), 1, "multiword range 1-3"),
            ("2-1\tx\t_\t_\t_\t_\t_\t_\t_\t_\n".to_string() + &line("1", "a", "0"), 1, "multiword range 2-1"),
            ("1-a\tx\t_\t_\t_\t_\t_\t_\t_\t_\n".to_string(), 1, "bad multiword range `1-a`"),
            (line("1", "a", "0") + "2\tb\n" + &line("3", "c", "1"), 2, "2 columns, CoNLL-U has 10"),
        ];
        for (bad, bad_line, reason) in cases {
            let text = format!("# first\n{good}\n{bad}\n{good}");
            let read: Vec<_> = sentences(&text, "in.conllu").collect();
            assert_eq!(read.len(), 3, "{text}");
            assert_eq!(read[0].as_ref().unwrap().words.len(), 2);
            let err = read[1].as_ref().unwrap_err().to_string();
            let expected = format!("in.conllu:{}: {reason}", 1 + 3 + bad_line);
            assert!(err.starts_with(&expected), "{err} (expected {expected})");
            assert_eq!(read[2].as_ref().unwrap().words.len(), 2, "{text}");
            // The strict reader stops at the same error.
            assert_eq!(parse(&text, "in.conllu").unwrap_err().to_string(), err);
        }
    }

    #[test]
    fn a_byte_order_mark_and_empty_nodes_are_skipped() {
        let text = format!(
            "\u{feff}# text = a b\n{}8.1\tgap\t_\t_\t_\t_\t_\t_\t_\t_\n{}",
            line("1", "a", "0"),
            line("2", "b", "1")
        );
        let s = parse(&text, "bom").unwrap();
        assert_eq!(s[0].text(), Some("a b"));
        assert_eq!(s[0].words.iter().map(|w| w.form.as_str()).collect::<Vec<_>>(), ["a", "b"]);
    }

    mod properties {
        use super::super::*;
        use proptest::prelude::*;

        /// A field as CoNLL-U can hold it: no tab or line break, not empty, not starting with
        /// white space (a comment is trimmed on the left).
        fn fields() -> impl Strategy<Value = String> {
            "[^\\s][^\t\n\r]{0,5}"
        }

        fn sentence() -> impl Strategy<Value = Sentence> {
            (1usize..12)
                .prop_flat_map(|n| {
                    let word = (fields(), fields(), fields(), fields(), fields(), 0..=n, fields(), fields());
                    (
                        prop::collection::vec(fields(), 0..3),
                        prop::collection::vec(word, n),
                        prop::collection::vec((1..=n, 0usize..3, fields()), 0..3),
                    )
                })
                .prop_map(|(comments, words, ranges)| {
                    let n = words.len();
                    let words = words
                        .into_iter()
                        .enumerate()
                        .map(|(i, (form, lemma, upos, xpos, feats, head, deprel, misc))| Word {
                            id: i + 1,
                            form,
                            lemma,
                            upos,
                            xpos,
                            feats,
                            head,
                            deprel,
                            misc,
                        })
                        .collect();
                    // Multiword ranges in order, none overlapping the one before.
                    let mut multiword: Vec<MultiwordToken> = Vec::new();
                    let mut ranges = ranges;
                    ranges.sort();
                    for (first, len, form) in ranges {
                        let last = (first + len).min(n);
                        if multiword.last().is_none_or(|m| m.last < first) {
                            multiword.push(MultiwordToken { first, last, form });
                        }
                    }
                    Sentence { comments, words, multiword }
                })
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(256))]

            /// Arbitrary text never panics the reader, and every error names the input and a
            /// line of it.
            #[test]
            fn any_text_reads_or_names_its_bad_line(text in "(\\PC|\t|\n|[0-9_#-]){0,400}") {
                let lines = text.lines().count();
                for s in sentences(&text, "in") {
                    match s {
                        Ok(s) => prop_assert!(s.words.iter().enumerate().all(|(i, w)| w.id == i + 1 && w.head <= s.words.len())),
                        Err(ConlluError::Malformed { source_name, line, .. }) => {
                            prop_assert_eq!(source_name, "in");
                            prop_assert!((1..=lines).contains(&line));
                        }
                        Err(e) => prop_assert!(false, "{}", e),
                    }
                }
            }

            /// What is written reads back the same.
            #[test]
            fn written_sentences_read_back_the_same(sents in prop::collection::vec(sentence(), 0..5)) {
                prop_assert_eq!(parse(&write(&sents), "in").unwrap(), sents);
            }

            /// One broken line costs its own sentence only.
            #[test]
            fn a_broken_line_costs_only_its_sentence(
                sents in prop::collection::vec(sentence(), 1..5),
                pick in any::<prop::sample::Index>(),
                junk in "[^\t\n\r#][^\t\n\r]{0,9}x",
            ) {
                let k = pick.index(sents.len());
                let mut text = String::new();
                for (i, s) in sents.iter().enumerate() {
                    let mut block = write(std::slice::from_ref(s));
                    if i == k {
                        // A line of one column, after the block's first line.
                        let after_first = block.find('\n').unwrap() + 1;
                        block.insert_str(after_first, &format!("{junk}\n"));
                    }
                    text.push_str(&block);
                }
                let read: Vec<_> = sentences(&text, "in").collect();
                prop_assert_eq!(read.len(), sents.len());
                for (i, (r, s)) in read.iter().zip(&sents).enumerate() {
                    if i == k {
                        prop_assert!(r.is_err());
                    } else {
                        prop_assert_eq!(r.as_ref().unwrap(), s);
                    }
                }
            }
        }
    }
}
