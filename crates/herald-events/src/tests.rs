use super::*;

#[test]
fn tables_load() {
    let c = Coder::embedded().expect("tables");
    assert!(c.ontology.get("042").is_some());
}
