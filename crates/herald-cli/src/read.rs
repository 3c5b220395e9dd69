//! `herald read`: the reading layer on a text (or on CoNLL-U with `--pretokenized`), printed as
//! CoNLL-U or as JSON lines with byte spans.

use anyhow::{Context, Result};
use herald_syntax::conllu;
use herald_syntax::parser::Beam;
use herald_syntax::reading::Models;
use serde_json::json;
use std::io::{BufWriter, Read, Write};
use std::path::Path;

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum ReadFormat {
    Conllu,
    Jsonl,
}

pub fn models(dir: Option<&Path>) -> Result<Models> {
    Ok(match dir {
        Some(d) => Models::load_dir(d)?,
        None => Models::embedded()?,
    })
}

/// The input's text, decoded as the ingest decodes files (a byte-order mark or a charset guess;
/// invalid UTF-8 does not stop the reading).
fn input(path: &str) -> Result<String> {
    let bytes = if path == "-" {
        let mut bytes = Vec::new();
        std::io::stdin().read_to_end(&mut bytes).context("reading stdin")?;
        bytes
    } else {
        std::fs::read(path).with_context(|| format!("reading {path}"))?
    };
    Ok(herald_ingest::charset::decode(&bytes, None).0)
}

pub fn run(path: &str, format: ReadFormat, pretokenized: bool, beam: bool, model_dir: Option<&Path>) -> Result<()> {
    let mut models = models(model_dir)?;
    if beam {
        models.parser.set_beam(Some(Beam::default()));
    }
    let text = input(path)?;
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    if pretokenized {
        // A malformed sentence is reported and left out; the others are read.
        let (mut sentences, mut rejected) = (Vec::new(), 0usize);
        for sentence in conllu::sentences(&text, path) {
            match sentence {
                Ok(mut s) => {
                    models.annotate(&mut s);
                    sentences.push(s);
                }
                Err(e) => {
                    rejected += 1;
                    eprintln!("rejected: {e} (the sentence is left out)");
                }
            }
        }
        if rejected > 0 {
            eprintln!("herald read: {rejected} of {} sentences rejected", rejected + sentences.len());
        }
        match format {
            ReadFormat::Conllu => out.write_all(conllu::write(&sentences).as_bytes())?,
            ReadFormat::Jsonl => {
                for s in &sentences {
                    let words: Vec<_> = s
                        .words
                        .iter()
                        .map(|w| json!({"id": w.id, "form": w.form, "lemma": w.lemma, "upos": w.upos, "xpos": w.xpos, "head": w.head, "deprel": w.deprel}))
                        .collect();
                    writeln!(out, "{}", json!({"text": s.text(), "words": words}))?;
                }
            }
        }
    } else {
        let sentences = models.read(&text);
        match format {
            ReadFormat::Conllu => {
                let conllu: Vec<_> = sentences.iter().enumerate().map(|(i, s)| s.to_conllu(&text, i + 1)).collect();
                out.write_all(conllu::write(&conllu).as_bytes())?;
            }
            ReadFormat::Jsonl => {
                for s in &sentences {
                    let tokens: Vec<_> = s
                        .tokens
                        .iter()
                        .map(|t| {
                            let a = &t.analysis;
                            json!({"start": t.start, "end": t.end, "form": &text[t.start..t.end], "lemma": a.lemma,
                                   "upos": a.upos, "xpos": a.xpos, "head": a.head, "deprel": a.deprel})
                        })
                        .collect();
                    writeln!(
                        out,
                        "{}",
                        json!({"start": s.start, "end": s.end, "text": &text[s.start..s.end], "tokens": tokens})
                    )?;
                }
            }
        }
    }
    out.flush()?;
    Ok(())
}
