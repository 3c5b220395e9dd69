//! From one article's entities to the entities of the whole store.
//!
//! Each article is resolved on its own ([`crate::resolve`]); this module decides which of its
//! entities are ones the store already knows. Dictionary entities (countries, organisations,
//! office holders, cities, buildings) carry ids that are already global. A name no dictionary
//! knows links to a stored entity when the evidence is a whole name, not a fragment of one:
//!
//! * the same full name up to transliteration and the "al-" particle ("Bashar Assad" and
//!   "Bashar al-Assad"; "Sergei" and "Sergey");
//! * an acronym and its expansion, for organisations ("GM" and "General Motors");
//! * a surname alone ("Hollande") only when exactly one stored person carries it, and a full
//!   name to a stored surname-only person only when that person is the only one with the
//!   surname.
//!
//! Two entities the article kept apart are never linked to the same stored entity, so two
//! people who share a surname in one article stay two people across the store too.
//!
//! The linker holds only the stored entities it was given: the store fetches candidates by
//! [`keys`] (an index look-up, never a scan) and adds them before linking.

use crate::dict::{acronym_key, is_acronym};
use crate::fold::{name_words, translit};
use herald_model::{Entity, EntityType};
use std::collections::{HashMap, HashSet};

/// Index keys of an entity: `n:` full names, `s:` a person's surname, `a:` acronyms. Two
/// entities can link only if they share a key.
pub fn keys(e: &Entity) -> Vec<String> {
    let mut out = Vec::new();
    for name in std::iter::once(&e.name).chain(&e.aliases) {
        let words: Vec<String> = name_words(name).iter().map(|w| translit(w)).collect();
        if words.is_empty() {
            continue;
        }
        if e.kind == EntityType::Person {
            if words.len() > 1 {
                out.push(format!("n:{}", words.join(" ")));
            }
            out.push(format!("s:{}", words[words.len() - 1]));
        } else {
            out.push(format!("n:{}", words.join(" ")));
            if is_acronym(name) {
                out.push(format!("a:{}", acronym_key(name)));
            } else if e.kind == EntityType::Organisation && words.len() > 1 {
                let initials: String = name
                    .split(|c: char| c.is_whitespace() || c == '-')
                    .filter_map(|w| w.chars().next().filter(|c| c.is_uppercase()))
                    .collect();
                if initials.chars().count() > 1 {
                    out.push(format!("a:{initials}"));
                }
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// Types that may name the same thing in two articles: an organisation is sometimes read as
/// the building it sits in, a region as a place with a government.
fn compatible(a: EntityType, b: EntityType) -> bool {
    use EntityType::*;
    a == b || matches!((a, b), (Organisation, Facility) | (Facility, Organisation)) || (a.is_place() && b.is_place())
}

fn is_full_person(e: &Entity) -> bool {
    e.kind == EntityType::Person && std::iter::once(&e.name).chain(&e.aliases).any(|n| name_words(n).len() > 1)
}

/// The stored entities the linker knows, indexed by key.
#[derive(Default)]
pub struct Linker {
    entities: Vec<Entity>,
    by_id: HashMap<String, usize>,
    index: HashMap<String, Vec<usize>>,
}

impl Linker {
    pub fn new() -> Linker {
        Linker::default()
    }

    /// Adds (or updates) a stored entity.
    pub fn add(&mut self, e: Entity) {
        let i = match self.by_id.get(&e.id) {
            Some(&i) => {
                let known = &mut self.entities[i];
                for a in std::iter::once(&e.name).chain(&e.aliases) {
                    if *a != known.name && !known.aliases.contains(a) {
                        known.aliases.push(a.clone());
                    }
                }
                i
            }
            None => {
                self.by_id.insert(e.id.clone(), self.entities.len());
                self.entities.push(e);
                self.entities.len() - 1
            }
        };
        for k in keys(&self.entities[i]) {
            let slot = self.index.entry(k).or_default();
            if !slot.contains(&i) {
                slot.push(i);
            }
        }
    }

    /// The stored entity with this id.
    pub fn get(&self, id: &str) -> Option<&Entity> {
        self.by_id.get(id).map(|&i| &self.entities[i])
    }

    /// The global id of each of one article's entities, in order; entities the store did not
    /// know are added under their own ids. Aliases learned from the article join the stored
    /// entity.
    pub fn link(&mut self, article: &[Entity]) -> Vec<String> {
        let mut taken: HashSet<usize> = HashSet::new();
        let mut out = Vec::with_capacity(article.len());
        // Entities whose ids are already stored come first, so that a guess for another entity
        // cannot take their place.
        let mut order: Vec<usize> = (0..article.len()).collect();
        order.sort_by_key(|&i| !self.by_id.contains_key(&article[i].id));
        let mut ids = vec![String::new(); article.len()];
        for i in order {
            let e = &article[i];
            let found = self.by_id.get(&e.id).copied().or_else(|| self.best_match(e, &taken));
            let global = match found {
                Some(g) => {
                    taken.insert(g);
                    let id = self.entities[g].id.clone();
                    let mut learned = e.clone();
                    learned.id = id.clone();
                    self.add(learned);
                    id
                }
                None => {
                    let mut id = e.id.clone();
                    let mut n = 2;
                    while self.by_id.contains_key(&id) {
                        id = format!("{}~{n}", e.id);
                        n += 1;
                    }
                    let mut fresh = e.clone();
                    fresh.id = id.clone();
                    self.add(fresh);
                    taken.insert(self.by_id[&id]);
                    id
                }
            };
            ids[i] = global;
        }
        out.extend(ids);
        out
    }

    fn best_match(&self, e: &Entity, taken: &HashSet<usize>) -> Option<usize> {
        let mut votes: HashMap<usize, usize> = HashMap::new();
        let full = is_full_person(e);
        for k in keys(e) {
            let Some(slot) = self.index.get(&k) else { continue };
            let surname = k.starts_with("s:");
            let fits: Vec<usize> = slot
                .iter()
                .copied()
                .filter(|&g| !taken.contains(&g) && compatible(self.entities[g].kind, e.kind))
                .filter(|&g| !surname || self.entities[g].kind == EntityType::Person)
                .collect();
            if surname {
                // A surname links only a surname-only person on one side, and only when the
                // surname is unambiguous in the store.
                let people: Vec<usize> =
                    slot.iter().copied().filter(|&g| self.entities[g].kind == EntityType::Person).collect();
                if people.len() != 1 || fits.len() != 1 || (full && is_full_person(&self.entities[fits[0]])) {
                    continue;
                }
            }
            for g in fits {
                *votes.entry(g).or_default() += 1;
            }
        }
        votes.into_iter().max_by_key(|&(g, v)| (v, std::cmp::Reverse(g))).map(|(g, _)| g)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ent(id: &str, name: &str, kind: EntityType, aliases: &[&str]) -> Entity {
        Entity {
            id: id.into(),
            name: name.into(),
            kind,
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            actor: None,
            place: None,
        }
    }

    #[test]
    fn same_name_up_to_spelling_links_across_articles() {
        let mut l = Linker::new();
        let a = l.link(&[ent("person:bashar-asad", "Bashar al-Assad", EntityType::Person, &["Assad"])]);
        let b = l.link(&[ent("person:bashar-assad", "Bashar Assad", EntityType::Person, &[])]);
        assert_eq!(a, b);
        assert_eq!(l.get(&a[0]).unwrap().aliases, vec!["Assad", "Bashar Assad"]);
    }

    #[test]
    fn acronym_links_to_expansion() {
        let mut l = Linker::new();
        let a = l.link(&[ent("organisation:general-motors", "General Motors", EntityType::Organisation, &[])]);
        let b = l.link(&[ent("organisation:gm", "GM", EntityType::Organisation, &[])]);
        assert_eq!(a, b);
    }

    #[test]
    fn different_first_names_stay_apart() {
        let mut l = Linker::new();
        let a = l.link(&[ent("person:george-bush", "George Bush", EntityType::Person, &["Bush"])]);
        let b = l.link(&[ent("person:laura-bush", "Laura Bush", EntityType::Person, &["Bush"])]);
        assert_ne!(a, b);
        // Now "Bush" alone is ambiguous in the store: it links to neither.
        let c = l.link(&[ent("person:bush", "Bush", EntityType::Person, &[])]);
        assert_ne!(c, a);
        assert_ne!(c, b);
    }

    #[test]
    fn unique_surname_links_and_two_people_in_one_article_stay_two() {
        let mut l = Linker::new();
        let a = l.link(&[ent("person:francois-hollande", "Francois Hollande", EntityType::Person, &["Hollande"])]);
        let b = l.link(&[ent("person:hollande", "Hollande", EntityType::Person, &[])]);
        assert_eq!(a, b);
        let c = l.link(&[
            ent("person:francois-hollande", "Francois Hollande", EntityType::Person, &[]),
            ent("person:hollande", "Hollande", EntityType::Person, &[]),
        ]);
        assert_ne!(c[0], c[1]);
    }

    #[test]
    fn a_person_and_a_place_with_one_name_stay_apart() {
        let mut l = Linker::new();
        let a = l.link(&[ent("person:jordan", "Jordan", EntityType::Person, &[])]);
        let b = l.link(&[ent("country:JOR", "Jordan", EntityType::Gpe, &[])]);
        assert_ne!(a, b);
    }

    #[test]
    fn relinking_is_stable() {
        let mut l = Linker::new();
        let art = [
            ent("person:john-kerry", "John Kerry", EntityType::Person, &["Kerry"]),
            ent("country:USA", "United States", EntityType::Gpe, &["US"]),
        ];
        let a = l.link(&art);
        let b = l.link(&art);
        assert_eq!(a, b);
    }
}
