//! Prints the parse, the mentions and the events of a text read from stdin (one article; every
//! line is body). For looking at what the coder does with a sentence:
//! `echo "Kerry met Lavrov." | cargo run --release -p herald-events --example code -- 2015-05-12`

use chrono::NaiveDate;
use herald_entities::{text_paragraphs, Annotator};
use herald_events::{analyse, Coder};
use std::io::Read;

fn main() {
    let mut text = String::new();
    std::io::stdin().read_to_string(&mut text).expect("stdin");
    let dct = std::env::args().nth(1).and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok());
    let annotator = Annotator::embedded().expect("models");
    let coder = Coder::embedded().expect("tables");
    let paragraphs = text_paragraphs(&text);
    for (i, s) in annotator.read(&text, &paragraphs).iter().flat_map(|p| &p.sentences).enumerate() {
        print!("{}", herald_syntax::conllu::write(&[s.to_conllu(&text, i + 1)]));
    }
    let (a, _, events) = analyse(&annotator, &coder, &text, &paragraphs, dct);
    for m in &a.mentions {
        let e = a.entities.iter().find(|e| e.id == m.entity);
        println!(
            "mention {:?} {:?} {:?} {:?}",
            m.text,
            m.kind,
            m.form,
            e.and_then(|e| e.actor.as_ref()).map(|a| &a.code)
        );
    }
    for e in &events {
        println!(
            "{} {} ({}) {} -> {} [{}] {:?} {:?} {:?} conf {:.2}",
            e.trigger,
            e.cameo,
            e.cameo_name,
            e.source.as_ref().map(|a| format!("{}={}", a.text, a.code)).unwrap_or("-".into()),
            e.target.as_ref().map(|a| format!("{}={}", a.text, a.code)).unwrap_or("-".into()),
            e.plover.as_ref().map(|p| p.kind.as_str()).unwrap_or("-"),
            e.date.as_ref().map(|d| (&d.value, d.basis)),
            e.location.as_ref().map(|l| (&l.name, l.basis)),
            e.flags,
            e.confidence
        );
    }
}
