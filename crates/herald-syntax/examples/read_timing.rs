//! Where the reading layer's time goes, stage by stage, on a text file (one paragraph per line).
use herald_syntax::reading::Models;
use std::time::Instant;

fn main() {
    let path = std::env::args().nth(1).expect("usage: read_timing TEXT_FILE");
    let text = std::fs::read_to_string(path).expect("readable text");
    let models = Models::embedded().expect("models");
    let words = text.split_whitespace().count();
    let (mut t_split, mut t_tag, mut t_lemma, mut t_parse) = (0.0, 0.0, 0.0, 0.0);
    for para in text.lines() {
        let t = Instant::now();
        let sentences = herald_text::split_sentences(para);
        let toks: Vec<Vec<&str>> =
            sentences.iter().map(|s| herald_text::tokenize(para, *s).iter().map(|k| k.text(para)).collect()).collect();
        t_split += t.elapsed().as_secs_f64();
        for forms in &toks {
            let t = Instant::now();
            let tags = models.tagger.tag(forms);
            t_tag += t.elapsed().as_secs_f64();
            let t = Instant::now();
            for (f, tg) in forms.iter().zip(&tags) {
                std::hint::black_box(models.lemmatizer.lemma(f, tg.upos, tg.xpos));
            }
            t_lemma += t.elapsed().as_secs_f64();
            let up: Vec<&str> = tags.iter().map(|t| t.upos).collect();
            let xp: Vec<&str> = tags.iter().map(|t| t.xpos).collect();
            let t = Instant::now();
            std::hint::black_box(models.parser.parse_ids(forms, &up, &xp));
            t_parse += t.elapsed().as_secs_f64();
        }
    }
    let w = words as f64;
    println!(
        "words {words}: split+tokenize {:.0} w/s, tag {:.0} w/s, lemma {:.0} w/s, parse {:.0} w/s",
        w / t_split,
        w / t_tag,
        w / t_lemma,
        w / t_parse
    );
}
