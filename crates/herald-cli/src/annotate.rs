//! `herald annotate`: the whole analysis of one article as one JSON object. The input goes
//! through the same reading and extraction as `ingest` (so captions, credits and appeals are
//! told apart from the body), then through entity resolution.

use anyhow::{anyhow, Context, Result};
use chrono::NaiveDate;
use herald_entities::{parse_day, Annotator};
use herald_pipeline::Stage;
use std::io::Read;

pub fn run(input: &str, dct: Option<NaiveDate>) -> Result<()> {
    let bytes = if input == "-" {
        let mut b = Vec::new();
        std::io::stdin().read_to_end(&mut b).context("reading stdin")?;
        b
    } else {
        std::fs::read(input).with_context(|| format!("reading {input}"))?
    };
    let (records, rejected) = herald_ingest::read_all(input, &bytes);
    if let Some(r) = rejected.first() {
        return Err(anyhow!("{r}"));
    }
    let raw = records.into_iter().next().ok_or_else(|| anyhow!("{input}: no article in the input"))?;
    let stage = herald_extract::ExtractStage { source: None, default_date: dct };
    let annotator = Annotator::embedded().context("loading the models")?;
    let doc = match stage.run(raw) {
        Ok(doc) => doc,
        // A snippet too short to be an article is still read, every line as body.
        Err(r) if r.reason == "no-article-text" => {
            let text = String::from_utf8_lossy(&bytes).into_owned();
            let a = annotator.annotate_text(&text, dct.and_then(|d| parse_day(&d.to_string())));
            let out = serde_json::json!({ "dct": dct, "text": text, "sentences": a.sentences,
                "mentions": a.mentions, "entities": a.entities });
            println!("{}", serde_json::to_string_pretty(&out)?);
            return Ok(());
        }
        Err(r) => return Err(anyhow!("{r}")),
    };
    let day = doc.dct.as_ref().and_then(|d| parse_day(d.date()));
    let a = annotator.annotate(&doc.text, &doc.paragraphs, day);
    let out = serde_json::json!({
        "id": doc.id,
        "title": doc.title,
        "dct": doc.dct.as_ref().map(|d| d.date().to_string()),
        "text": doc.text,
        "paragraphs": doc.paragraphs,
        "sentences": a.sentences,
        "mentions": a.mentions,
        "entities": a.entities,
    });
    println!("{}", serde_json::to_string_pretty(&out)?);
    Ok(())
}
