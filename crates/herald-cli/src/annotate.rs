//! `herald annotate`: the whole analysis of one article as one JSON object. The input goes
//! through the same reading and extraction as `ingest` (so captions, credits and appeals are
//! told apart from the body), then through entity resolution and the temporal expressions
//! (`timexes`, normalised against the publication date; when the input states none, the date is
//! read off the text where a dateline pins it, and the evidence is printed as `dct_inferred`),
//! and the political events its body reports (`events`, from `herald-events`).

use anyhow::{anyhow, Context, Result};
use chrono::NaiveDate;
use herald_entities::Annotator;
use herald_model::{Paragraph, ParagraphKind};
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
    let coder = herald_events::Coder::embedded().map_err(|e| anyhow!("loading the event tables: {e}"))?;
    let doc = match stage.run(raw) {
        Ok(doc) => doc,
        // A snippet too short to be an article is still read, every line as body.
        Err(r) if r.reason == "no-article-text" => {
            let text = String::from_utf8_lossy(&bytes).into_owned();
            let (day, inferred) = time_dct(&text, dct);
            let paragraphs = herald_entities::text_paragraphs(&text);
            let (a, _, events) = herald_events::analyse(&annotator, &coder, &text, &paragraphs, day);
            let (timexes, dates) = times(&text, day, None, &a.sentences);
            let out = serde_json::json!({ "dct": day, "dct_inferred": inferred, "text": text,
                "sentences": a.sentences, "sentence_dates": dates, "mentions": a.mentions,
                "entities": a.entities, "timexes": timexes, "events": events });
            println!("{}", serde_json::to_string_pretty(&out)?);
            return Ok(());
        }
        Err(r) => return Err(anyhow!("{r}")),
    };
    let stated = doc.dct.as_ref().and_then(|d| NaiveDate::parse_from_str(d.date(), "%Y-%m-%d").ok());
    let (time_day, inferred) = time_dct(&doc.text, stated);
    let (a, _, events) = herald_events::analyse(&annotator, &coder, &doc.text, &doc.paragraphs, time_day);
    let (timexes, dates) = times(&doc.text, time_day, Some(&doc.paragraphs), &a.sentences);
    let out = serde_json::json!({
        "id": doc.id,
        "title": doc.title,
        "dct": doc.dct.as_ref().map(|d| d.date().to_string()).or_else(|| time_day.map(|d| d.to_string())),
        "dct_inferred": inferred,
        "text": doc.text,
        "paragraphs": doc.paragraphs,
        "sentences": a.sentences,
        "mentions": a.mentions,
        "entities": a.entities,
        "sentence_dates": dates,
        "timexes": timexes,
        "events": events,
    });
    println!("{}", serde_json::to_string_pretty(&out)?);
    Ok(())
}

/// The DCT the temporal expressions are normalised against: the stated one, else the one the
/// text pins (a dateline, a date with its weekday), returned with its evidence.
fn time_dct(text: &str, stated: Option<NaiveDate>) -> (Option<NaiveDate>, Option<serde_json::Value>) {
    if stated.is_some() {
        return (stated, None);
    }
    match herald_time::infer_dct(text) {
        Some(i) => {
            let evidence = serde_json::json!({ "date": i.date, "evidence": i.evidence, "start": i.start,
                "end": i.end, "text": text.get(i.start..i.end) });
            (Some(i.date), Some(evidence))
        }
        None => (None, None),
    }
}

/// The temporal expressions of the text (of its headline, body, captions and quote boxes when
/// the paragraphs are known: credits, related links and appeals are left out) as JSON, and the
/// date each sentence is about (`null` when none).
fn times(
    text: &str,
    dct: Option<NaiveDate>,
    paragraphs: Option<&[Paragraph]>,
    sentences: &[herald_entities::SentenceSpan],
) -> (Vec<serde_json::Value>, Vec<Option<String>>) {
    let read = |p: &Paragraph| {
        matches!(
            p.kind,
            ParagraphKind::Headline | ParagraphKind::Body | ParagraphKind::Caption | ParagraphKind::QuoteBox
        )
    };
    let timexes: Vec<herald_time::Timex> = herald_time::annotate(text, dct)
        .into_iter()
        .filter(|t| paragraphs.is_none_or(|ps| ps.iter().any(|p| read(p) && p.start <= t.start && t.end <= p.end)))
        .collect();
    let spans: Vec<(usize, usize)> = sentences.iter().map(|s| (s.start, s.end)).collect();
    let dates = herald_time::sentence_dates(&timexes, &spans).into_iter().map(|d| d.map(|d| d.value)).collect();
    let json = timexes
        .iter()
        .map(|t| {
            let mut v = serde_json::json!({ "start": t.start, "end": t.end, "text": t.text(text),
                "type": t.kind, "value": t.value });
            if let Some(m) = t.modifier {
                v["mod"] = m.into();
            }
            if t.dateline {
                v["dateline"] = true.into();
            }
            v
        })
        .collect();
    (json, dates)
}
