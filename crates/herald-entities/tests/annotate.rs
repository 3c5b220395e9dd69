//! End-to-end: articles of our own wording through the reading layer, the dictionaries and
//! resolution, checking the outcomes an analyst relies on.

use herald_entities::{parse_day, Annotator};
use herald_model::{EntityType, Paragraph, ParagraphKind};
use proptest::prelude::*;
use std::sync::OnceLock;

fn annotator() -> &'static Annotator {
    static A: OnceLock<Annotator> = OnceLock::new();
    A.get_or_init(|| Annotator::embedded().expect("embedded models"))
}

fn entity_of<'a>(a: &'a herald_entities::Annotation, mention: &str) -> &'a herald_model::Entity {
    let m = a.mentions.iter().find(|m| m.text.contains(mention)).unwrap_or_else(|| panic!("no mention {mention}"));
    a.entities.iter().find(|e| e.id == m.entity).expect("entity of mention")
}

const TEXT: &str = "Foreign Minister Sergei Lavrov met Secretary of State John Kerry in Sochi on Tuesday.\n\
Kerry told reporters that Sergey Lavrov had agreed to discuss the Islamic State.\n\
Lavrov said IS and ISIS fighters had crossed into Syria, where President Bashar al-Assad still rules.\n\
Assad did not comment, and the Kremlin declined to say more.";

#[test]
fn variants_merge_and_actors_code_by_date() {
    let a = annotator().annotate_text(TEXT, parse_day("2015-05-12"));
    let lavrov = entity_of(&a, "Sergei Lavrov");
    assert_eq!(entity_of(&a, "Sergey Lavrov").id, lavrov.id);
    assert_eq!(lavrov.actor.as_ref().map(|c| c.code.as_str()), Some("RUSGOV"));
    let isis = entity_of(&a, "Islamic State");
    assert_eq!(entity_of(&a, "ISIS").id, isis.id);
    let is = a.mentions.iter().find(|m| m.text == "IS").expect("IS mention");
    assert_eq!(is.entity, isis.id);
    let assad = entity_of(&a, "Bashar al-Assad");
    let bare = a.mentions.iter().find(|m| m.text == "Assad").expect("bare Assad");
    assert_eq!(bare.entity, assad.id);
    assert_eq!(assad.actor.as_ref().map(|c| c.code.as_str()), Some("SYRGOV"));
    let sochi = entity_of(&a, "Sochi");
    let place = sochi.place.as_ref().expect("Sochi is a place");
    assert_eq!(place.country, "RUS");
    assert!((place.lat.unwrap() - 43.6).abs() < 0.1 && (place.lon.unwrap() - 39.7).abs() < 0.1);
    assert_eq!(entity_of(&a, "the Kremlin").actor.as_ref().map(|c| c.code.as_str()), Some("RUSGOV"));
}

#[test]
fn the_same_person_codes_by_the_article_date() {
    for day in ["2013-05-06", "2015-05-12"] {
        let a = annotator().annotate_text("John Kerry arrived in Moscow on Tuesday.", parse_day(day));
        let kerry = entity_of(&a, "John Kerry");
        assert_eq!(kerry.actor.as_ref().map(|c| c.code.as_str()), Some("USAGOV"), "on {day}");
    }
    // Before he held the office, the dictionary gives him no government code.
    let a = annotator().annotate_text("John Kerry arrived in Moscow on Tuesday.", parse_day("2010-05-06"));
    assert!(entity_of(&a, "John Kerry").actor.is_none());
}

#[test]
fn offices_stated_in_the_text_code_without_a_dictionary() {
    let a = annotator().annotate_text("Jordanian Foreign Minister Nasrin Qatamesh spoke in Amman.", None);
    let e = entity_of(&a, "Nasrin Qatamesh");
    assert_eq!(e.kind, EntityType::Person);
    let code = e.actor.as_ref().expect("coded from the text");
    assert_eq!((code.code.as_str(), code.basis.as_str()), ("JORGOV", "text"));
}

#[test]
fn people_who_share_a_surname_stay_apart() {
    let a = annotator().annotate_text("George Miller and Laura Miller arrived. Laura Miller spoke first.", None);
    let people: Vec<_> = a.entities.iter().filter(|e| e.kind == EntityType::Person).collect();
    assert_eq!(people.len(), 2, "{people:?}");
}

#[test]
fn captions_and_related_links_hold_no_mentions() {
    let text =
        "Kerry flew to Moscow.\n\nJohn Kerry and Sergei Lavrov, pictured in Sochi.\n\nRELATED: Putin meets Obama";
    let paragraphs = vec![
        Paragraph { kind: ParagraphKind::Body, start: 0, end: 21 },
        Paragraph { kind: ParagraphKind::Caption, start: 23, end: 71 },
        Paragraph { kind: ParagraphKind::RelatedLink, start: 73, end: text.len() },
    ];
    let a = annotator().annotate(text, &paragraphs, None);
    assert_eq!(a.sentences.len(), 3);
    assert!(a.mentions.iter().all(|m| m.end <= 21), "{:?}", a.mentions);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]
    #[test]
    fn any_text_gives_spans_inside_it(text in "(\\PC|[A-Z][a-z]{2,8} |\n){0,60}") {
        let a = annotator().annotate_text(&text, None);
        for m in &a.mentions {
            prop_assert!(m.start < m.end && m.end <= text.len());
            prop_assert!(text.is_char_boundary(m.start) && text.is_char_boundary(m.end));
            prop_assert!(a.entities.iter().any(|e| e.id == m.entity));
        }
    }
}

#[test]
fn thousands_of_names_stay_fast_and_unmerged() {
    let mut text = String::new();
    for i in 0..3000 {
        let a = (b'A' + (i % 26) as u8) as char;
        let b = (b'a' + (i / 26 % 26) as u8) as char;
        let c = (b'a' + (i / 676 % 26) as u8) as char;
        text.push_str(&format!("{a}{b}{c}ovan Q{b}{c}{a}ski, "));
    }
    text.push_str("and others met.");
    let t = std::time::Instant::now();
    let a = annotator().annotate_text(&text, None);
    assert!(t.elapsed().as_secs() < 20);
    assert!(a.mentions.iter().all(|m| m.end <= text.len()));
}

#[test]
fn documents_regions_and_places_with_their_state() {
    let text = "Russia and the United States signed the New START treaty.\n\
Chechen leader Ramzan Kadyrov spoke in Grozny.\n\
The jets will be assembled in Mobile, Alabama, and tested in Everett, Washington.";
    let a = annotator().annotate_text(text, parse_day("2015-05-12"));
    assert!(!a.mentions.iter().any(|m| m.text.contains("START")), "a treaty's name is not an entity");
    let chechen = a.mentions.iter().find(|m| m.text == "Chechen").expect("Chechen modifier");
    assert_eq!(chechen.entity, "country:RUS");
    let mobile = entity_of(&a, "Mobile, Alabama");
    assert_eq!(mobile.place.as_ref().map(|p| p.country.as_str()), Some("USA"));
    let everett = entity_of(&a, "Everett, Washington");
    assert_eq!(everett.place.as_ref().map(|p| p.country.as_str()), Some("USA"));
    assert_eq!(entity_of(&a, "Alabama").kind, EntityType::Gpe);
}

#[test]
fn two_countries_with_a_comma_stay_two() {
    let text = "On Syria, Russia has shrugged off criticism from abroad.\n\
The talks were held in Tbilisi, Georgia, and the delegates then flew to Savannah, Georgia.\n\
The company moved to Georgia, USA, last year.";
    let a = annotator().annotate_text(text, parse_day("2015-05-12"));
    assert_eq!(entity_of(&a, "Syria").id, "country:SYR");
    assert_eq!(entity_of(&a, "Russia").id, "country:RUS");
    assert!(!a.mentions.iter().any(|m| m.text.contains("Syria, Russia")));
    let tbilisi = entity_of(&a, "Tbilisi, Georgia");
    assert_eq!(tbilisi.place.as_ref().map(|p| p.country.as_str()), Some("GEO"));
    let savannah = entity_of(&a, "Savannah, Georgia");
    assert_eq!(savannah.place.as_ref().map(|p| p.country.as_str()), Some("USA"));
    // A US state that shares a country's name is still placed by the country after it.
    assert!(a.mentions.iter().any(|m| m.text == "Georgia, USA"), "{:?}", a.mentions);
}

#[test]
fn a_small_towns_alternate_names_are_not_places_but_a_big_citys_are() {
    // GeoNames lists "Freedom" among the alternate names of Alliance, Ohio (22,000 people).
    let text = "Leaders of the Azadliq (Freedom) opposition coalition met in Baku.\n\
The envoy flew from Bombay to Peking.";
    let a = annotator().annotate_text(text, parse_day("2005-10-01"));
    let freedom = a.mentions.iter().find(|m| m.text == "Freedom");
    assert!(freedom.is_none_or(|m| !m.entity.starts_with("city:")), "{freedom:?}");
    let bombay = entity_of(&a, "Bombay");
    assert_eq!(bombay.place.as_ref().map(|p| p.country.as_str()), Some("IND"));
    let peking = entity_of(&a, "Peking");
    assert_eq!(peking.place.as_ref().map(|p| p.country.as_str()), Some("CHN"));
}

#[test]
fn company_forms_short_forms_and_bracketed_acronyms_group() {
    let text = "Apple Inc. unveiled a phone. Apple said sales rose.\n\
Singapore Airlines (SIA) ordered jets. SIA said the first would fly in 2007.\n\
The Church of Scientology sued. The church said Scientology would appeal.";
    let a = annotator().annotate_text(text, None);
    assert_eq!(entity_of(&a, "Apple Inc.").id, a.mentions.iter().find(|m| m.text == "Apple").unwrap().entity);
    let sia = a.mentions.iter().filter(|m| m.text == "SIA").map(|m| &m.entity).collect::<Vec<_>>();
    assert!(sia.iter().all(|e| **e == entity_of(&a, "Singapore Airlines").id));
    let church = entity_of(&a, "Church of Scientology").id.clone();
    assert_eq!(a.mentions.iter().find(|m| m.text == "The church").map(|m| &m.entity), Some(&church));
    assert_eq!(a.mentions.iter().find(|m| m.text == "Scientology").map(|m| &m.entity), Some(&church));
}

#[test]
fn world_cities_need_no_context_but_a_stated_state_wins() {
    let text = "The United States envoy left Washington. The American said the United States would \
act. On Wednesday, the envoy will travel to Rome to meet Italian officials.";
    let a = annotator().annotate_text(text, parse_day("2013-05-06"));
    let rome = entity_of(&a, "Rome");
    assert_eq!(rome.place.as_ref().map(|p| p.country.as_str()), Some("ITA"), "{rome:?}");
    let text = "A festival opened in Rome, New York, on Friday.";
    let a = annotator().annotate_text(text, parse_day("2013-05-06"));
    let rome = entity_of(&a, "Rome, New York");
    assert_eq!(rome.place.as_ref().map(|p| p.country.as_str()), Some("USA"), "{rome:?}");
}

#[test]
fn older_country_names_code_as_the_state_that_bears_them_now() {
    let a = annotator().annotate_text(
        "Zaire and Kampuchea protested to the Soviet Union, and Soviet diplomats met Rhodesian officials.",
        parse_day("1979-03-01"),
    );
    let code = |m: &str| entity_of(&a, m).actor.as_ref().map(|c| c.code.clone());
    assert_eq!(code("Zaire").as_deref(), Some("COD"));
    assert_eq!(code("Kampuchea").as_deref(), Some("KHM"));
    assert_eq!(code("Soviet Union").as_deref(), Some("RUS"));
    assert_eq!(code("Rhodesian").map(|c| c.starts_with("ZWE")), Some(true));
}

#[test]
fn demonyms_of_several_words_code_their_country() {
    let a = annotator().annotate_text(
        "North Korean troops and Sri Lankan sailors met South African envoys. North Koreans cheered.",
        parse_day("2018-01-10"),
    );
    for (mention, country) in
        [("North Korean", "PRK"), ("Sri Lankan", "LKA"), ("South African", "ZAF"), ("North Koreans", "PRK")]
    {
        let m = a.mentions.iter().find(|m| m.text == mention).unwrap_or_else(|| panic!("no mention {mention}"));
        let e = a.entities.iter().find(|e| e.id == m.entity).expect("entity of mention");
        assert_eq!(e.actor.as_ref().and_then(|c| c.country.as_deref()), Some(country), "{mention}: {e:?}");
        assert_ne!(e.kind, EntityType::Organisation, "{mention}");
    }
    // Compound adjectives are not names: "Saudi Arabia-led" stays Saudi Arabia.
    let a = annotator().annotate_text("The Saudi Arabia-led coalition struck again.", None);
    assert!(a.mentions.iter().any(|m| m.text == "Saudi Arabia"), "{:?}", a.mentions);
}

#[test]
fn hyphenated_given_names_and_family_names_written_first() {
    let a = annotator().annotate_text(
        "South Korean President Moon Jae-in welcomed Kim Jong-un's offer. Kim proposed talks, \
         and Moon agreed. Chinese President Xi Jinping said Xi would help.",
        parse_day("2018-01-10"),
    );
    let moon = entity_of(&a, "Moon Jae-in");
    assert_eq!(moon.actor.as_ref().map(|c| c.code.as_str()), Some("KORGOV"));
    let bare =
        |w: &str| a.mentions.iter().find(|m| m.text == w).unwrap_or_else(|| panic!("no mention {w}")).entity.clone();
    assert_eq!(bare("Moon"), moon.id);
    assert_eq!(bare("Kim"), entity_of(&a, "Kim Jong-un").id);
    assert_eq!(bare("Xi"), entity_of(&a, "Xi Jinping").id);
    // A sizeable city's name and a name after "the" are not first names.
    let a = annotator().annotate_text(
        "Paris Hilton spoke in France. Paris is a big city. Moon Jae-in spoke. The crew reached the Moon.",
        None,
    );
    let paris = a.mentions.iter().find(|m| m.text == "Paris").expect("Paris");
    assert_ne!(paris.entity, entity_of(&a, "Paris Hilton").id);
    let moon = a.mentions.iter().find(|m| m.text.ends_with("the Moon")).expect("the Moon");
    assert_ne!(moon.entity, entity_of(&a, "Moon Jae-in").id);
}

#[test]
fn chinese_names_are_people_and_holidays_are_not_entities() {
    let a = annotator().annotate_text(
        "Advertisement\nThe envoy Hua Chunying spoke before the New Year. Meanwhile, Zhang Gaoli visited Long Island.",
        parse_day("2018-01-10"),
    );
    for name in ["Hua Chunying", "Zhang Gaoli"] {
        assert_eq!(entity_of(&a, name).kind, EntityType::Person, "{name}");
    }
    assert_ne!(entity_of(&a, "Long Island").kind, EntityType::Person);
    for junk in ["Advertisement", "New Year", "Meanwhile"] {
        assert!(!a.mentions.iter().any(|m| m.text.contains(junk)), "{junk}: {:?}", a.mentions);
    }
}

#[test]
fn a_countrys_generic_body_is_its_own_entity_coded_by_sector() {
    let a = annotator().annotate_text(
        "The Russian Foreign Ministry criticised the plan. The South Korean Foreign Ministry welcomed it, \
         and the Japanese Air Force stayed on alert.",
        parse_day("2018-01-10"),
    );
    let ru = entity_of(&a, "The Russian Foreign Ministry");
    let kr = entity_of(&a, "The South Korean Foreign Ministry");
    assert_ne!(ru.id, kr.id);
    assert_eq!(ru.actor.as_ref().map(|c| c.code.as_str()), Some("RUSGOV"));
    assert_eq!(kr.actor.as_ref().map(|c| c.code.as_str()), Some("KORGOV"));
    assert_eq!(entity_of(&a, "Japanese Air Force").actor.as_ref().map(|c| c.code.as_str()), Some("JPNMIL"));
}

#[test]
fn official_names_with_a_possessive_inside_are_one_name() {
    let a = annotator().annotate_text(
        "Envoys of the Democratic People's Republic of Korea left early. The People's Republic of China \
         stayed, and Turkey's Republican People's Party sent a note. Egypt's Muslim Brotherhood did not.",
        parse_day("2019-03-02"),
    );
    let code = |m: &str| entity_of(&a, m).actor.as_ref().map(|c| c.code.clone());
    assert_eq!(code("Democratic People's Republic of Korea").as_deref(), Some("PRK"));
    assert_eq!(code("People's Republic of China").as_deref(), Some("CHN"));
    assert_eq!(code("Republican People's Party").as_deref(), Some("CHP"));
    // An owner that is a name of its own stays apart from what it owns.
    assert!(a.mentions.iter().any(|m| m.text == "Egypt" || m.text == "Egypt's"));
    assert!(!a.mentions.iter().any(|m| m.text.starts_with("Egypt's Muslim")));
}

#[test]
fn korean_sides_states_hyphenated_places_and_a_countrys_department() {
    let a = annotator().annotate_text(
        "North Korea fired a rocket into the sea near Japan.\n\
         The South said the launch broke the truce, and the North defended it.\n\
         The president heard the news at Mar-a-Lago in Florida, and the US State Department \
         condemned the test. Later the State Department asked Virginia officials for calm.",
        parse_day("2017-09-15"),
    );
    let side = |m: &str| entity_of(&a, m).id.clone();
    assert_eq!(side("The South"), "country:KOR");
    assert_eq!(side("the North"), "country:PRK");
    // A US state is the state, not a foreign town that lists its name as an alias.
    let florida = entity_of(&a, "Florida");
    assert_eq!(florida.place.as_ref().map(|p| p.country.as_str()), Some("USA"));
    assert_eq!(entity_of(&a, "Virginia").place.as_ref().map(|p| p.country.as_str()), Some("USA"));
    assert!(a.mentions.iter().any(|m| m.text == "Mar-a-Lago"));
    let dept = entity_of(&a, "US State Department");
    assert_eq!(dept.id, entity_of(&a, "the State Department").id);
    assert_eq!(dept.actor.as_ref().map(|c| c.code.as_str()), Some("USAGOV"));
    assert_eq!(dept.kind, EntityType::Organisation);
}

#[test]
fn north_and_south_name_no_korea_in_other_news() {
    let a = annotator().annotate_text(
        "Storms hit the North on Monday, and farmers in the South feared the worst.",
        parse_day("2017-09-15"),
    );
    assert!(a.entities.iter().all(|e| !e.id.starts_with("country:")));
}

#[test]
fn a_bare_name_is_no_far_away_town_that_shares_it() {
    let a = annotator().annotate_text(
        "North Korea's Kim inspected a factory, state media said. Kim later met generals.\n\
         Troops moved into Jericho, a West Bank town, as the Progress party met in the capital.",
        parse_day("2017-08-01"),
    );
    let kim = entity_of(&a, "Kim");
    assert!(kim.place.is_none(), "Kim is no town in India: {:?}", kim.id);
    assert_eq!(kim.kind, EntityType::Person);
    assert!(entity_of(&a, "Progress").place.is_none());
    let jericho = entity_of(&a, "Jericho");
    assert_eq!(jericho.place.as_ref().map(|p| p.country.as_str()), Some("PSE"));
}

#[test]
fn an_occupation_beside_an_unknown_name_makes_it_a_person() {
    let a = annotator().annotate_text(
        "Zorvan Kettleby's company opened a plant. Rocket maker founder Zorvan Kettleby said it was ready, \
         and singer Dalvina Orrest performed. Keefe, Pardoe & Woods analyst notes followed. \
         The craft will land on the Moon.",
        parse_day("2018-02-06"),
    );
    assert_eq!(entity_of(&a, "Zorvan Kettleby's").kind, EntityType::Person);
    assert_eq!(entity_of(&a, "Dalvina Orrest").kind, EntityType::Person);
    assert_ne!(entity_of(&a, "Moon").kind, EntityType::Person);
}

#[test]
fn a_company_named_with_a_demonym_is_one_name() {
    let a = annotator().annotate_text(
        "Nordic Express and American Airlines cut fares, British Airways followed, and American diplomats objected.",
        parse_day("2018-04-02"),
    );
    assert!(a.mentions.iter().any(|m| m.text == "American Airlines"));
    assert!(a.mentions.iter().any(|m| m.text == "British Airways"));
    // The demonym before a plain noun still names its country.
    assert!(a.mentions.iter().any(|m| m.text == "American" && m.entity == "country:USA"));
}

#[test]
fn common_words_where_case_says_nothing_are_not_names() {
    let a = annotator().annotate_text(
        "Ice Storm Leaves Town In The Dark As Crews Work Through Night\n\
         Sleet kept falling on Tuesday across Duluth, Minnesota.\n\
         Volunteers from the Children's Hospital of Duluth and St Luke's Clinic handed out blankets.\n\
         Budget cuts at the Fishermen's Cooperative Bank were blamed, the mayor said.",
        parse_day("2021-01-12"),
    );
    let texts: Vec<&str> = a.mentions.iter().map(|m| m.text.as_str()).collect();
    // A title-case headline's common words and a sentence's opening common word are not names.
    for word in ["Storm", "Town", "Dark", "Crews", "Night", "Sleet", "Budget"] {
        assert!(!texts.iter().any(|t| t.contains(word)), "{word} in {texts:?}");
    }
    // A place the dictionary knows still is one.
    assert!(texts.iter().any(|t| t.contains("Duluth")), "{texts:?}");
    // A plural's or a saint's possessive is inside the name it opens, not a name of its own.
    for (name, owner) in [
        ("Children's Hospital of Duluth", "Children"),
        ("St Luke's Clinic", "Luke"),
        ("Fishermen's Cooperative", "Fishermen"),
    ] {
        assert!(entity_of(&a, name).name.contains(owner), "{name}: {:?}", entity_of(&a, name).name);
        assert!(!a.entities.iter().any(|e| e.name.starts_with(owner) && !e.name.contains(' ')), "{owner} alone");
    }
}

#[test]
fn planets_are_places() {
    let a = annotator().annotate_text(
        "The orbiter swung past Venus in March and should reach Jupiter by 2031, the agency said.",
        parse_day("2024-05-02"),
    );
    assert_eq!(entity_of(&a, "Venus").kind, EntityType::Location);
    assert_eq!(entity_of(&a, "Jupiter").kind, EntityType::Location);
}

#[test]
fn a_leaders_surname_before_the_government_he_heads_is_that_leader() {
    // Out of office on this date, and "Bush" is also a town on the Nile: the government named
    // after him is still his country's.
    let a = annotator()
        .annotate_text("Officials of the Bush administration flew to Tokyo for trade talks.", parse_day("2000-01-01"));
    let bush = entity_of(&a, "Bush");
    assert_eq!(bush.kind, EntityType::Person);
    assert_eq!(bush.actor.as_ref().map(|c| c.code.as_str()), Some("USAGOV"));
    // A name after "the" that heads no government stays what it was.
    let a = annotator().annotate_text("Travellers reached the Bush market at noon.", parse_day("2000-01-01"));
    assert_ne!(entity_of(&a, "Bush").kind, EntityType::Person);
}

#[test]
fn a_town_the_sentence_places_in_a_country_is_that_countrys() {
    // Tripoli is also Libya's capital; here the sentence says which one it is.
    let a = annotator().annotate_text(
        "Gunmen traded fire in Tripoli overnight before calm returned to the north Lebanese city.",
        parse_day("2000-01-01"),
    );
    let tripoli = entity_of(&a, "Tripoli");
    assert_eq!(tripoli.place.as_ref().map(|p| p.country.as_str()), Some("LBN"));
    assert!(tripoli.actor.as_ref().is_none_or(|c| c.country.as_deref() != Some("LBY")));
    // Without that, the capital is meant.
    let a = annotator().annotate_text("Gunmen traded fire in Tripoli overnight.", parse_day("2000-01-01"));
    assert_eq!(entity_of(&a, "Tripoli").place.as_ref().map(|p| p.country.as_str()), Some("LBY"));
}

#[test]
fn a_town_of_a_later_state_was_in_the_state_it_left() {
    let text = "Militia fighters fired mortars into Juba at dawn.";
    let a = annotator().annotate_text(text, parse_day("2003-08-14"));
    let juba = entity_of(&a, "Juba");
    assert_eq!(juba.place.as_ref().map(|p| p.country.as_str()), Some("SDN"));
    assert!(juba.actor.is_none());
    let a = annotator().annotate_text(text, parse_day("2016-08-14"));
    let juba = entity_of(&a, "Juba");
    assert_eq!(juba.place.as_ref().map(|p| p.country.as_str()), Some("SSD"));
    assert_eq!(juba.actor.as_ref().map(|c| c.code.as_str()), Some("SSDGOV"));
    // The same for Eritrea, which left Ethiopia in 1993.
    let a = annotator().annotate_text("Rebels marched into Asmara at dawn.", parse_day("1991-05-24"));
    assert_eq!(entity_of(&a, "Asmara").place.as_ref().map(|p| p.country.as_str()), Some("ETH"));
}

#[test]
fn heads_of_state_of_algeria_sudan_haiti_and_zambia_code_by_date() {
    let a = annotator()
        .annotate_text("President Omar Hassan al-Bashir opened a new bridge on the Nile.", parse_day("2005-03-02"));
    assert_eq!(entity_of(&a, "Bashir").actor.as_ref().map(|c| c.code.as_str()), Some("SDNGOV"));
    let a = annotator().annotate_text("Abdelaziz Bouteflika flew home after the summit.", parse_day("2010-06-20"));
    assert_eq!(entity_of(&a, "Bouteflika").actor.as_ref().map(|c| c.code.as_str()), Some("DZAGOV"));
    let a = annotator().annotate_text("Rene Preval toured the flooded valley.", parse_day("2008-09-10"));
    assert_eq!(entity_of(&a, "Preval").actor.as_ref().map(|c| c.code.as_str()), Some("HTIGOV"));
    let a = annotator().annotate_text("Levy Mwanawasa named a new cabinet.", parse_day("2003-05-01"));
    assert_eq!(entity_of(&a, "Mwanawasa").actor.as_ref().map(|c| c.code.as_str()), Some("ZMBGOV"));
}

#[test]
fn the_labour_office_is_the_labour_organisation() {
    let a = annotator().annotate_text(
        "The International Labour Office warned that youth unemployment would rise.",
        parse_day("2012-03-01"),
    );
    let ilo = entity_of(&a, "International Labour Office");
    assert_eq!(ilo.actor.as_ref().and_then(|c| c.sector.as_deref()), Some("IGO"));
}

#[test]
fn the_islamic_salvation_front_is_an_algerian_party() {
    let a = annotator().annotate_text(
        "Leaders of the Islamic Salvation Front called for calm in the capital.",
        parse_day("1991-06-05"),
    );
    let fis = entity_of(&a, "Islamic Salvation Front");
    assert_eq!(fis.actor.as_ref().and_then(|c| c.country.as_deref()), Some("DZA"));
}

#[test]
fn a_double_given_name_opened_by_an_office_holders_surname_is_one_name() {
    // "Jean" is an office holder's surname in our table and a common given name: before a
    // hyphen it opens a double given name, not a mention of that holder.
    let a = annotator().annotate_text(
        "Former ruler Jean-Claude Mbarga returned to Yaounde on Sunday after ten years abroad.",
        parse_day("2020-06-01"),
    );
    let e = entity_of(&a, "Mbarga");
    assert_eq!(e.kind, EntityType::Person);
    assert!(e.name.contains("Jean-Claude"), "{:?}", e.name);
}

#[test]
fn a_name_defined_by_a_known_organisations_acronym_is_that_organisation() {
    // The article's wording of the name is not in the dictionary, but the bracketed acronym is
    // the name's own initials and a known organisation's.
    let a = annotator().annotate_text(
        "Officials of the International Atomic Energy Authority (IAEA) left Tehran on Monday. The Kenya \
         Food Program (KFP) said it had run out of maize.",
        parse_day("2010-01-01"),
    );
    let code = |m: &str| entity_of(&a, m).actor.as_ref().map(|c| c.code.clone());
    assert_eq!(code("International Atomic Energy Authority").as_deref(), Some("IAEA"));
    // An acronym no dictionary knows changes nothing.
    assert_eq!(code("Kenya Food Program"), None);
}

#[test]
fn holders_of_the_1990s_code_by_date_and_a_shared_surname_by_who_served() {
    let code = |text: &str, day: &str, mention: &str| {
        let a = annotator().annotate_text(text, parse_day(day));
        entity_of(&a, mention).actor.as_ref().map(|c| c.code.clone())
    };
    assert_eq!(
        code("Yitzhak Rabin spoke to reporters in the evening.", "1994-02-03", "Rabin").as_deref(),
        Some("ISRGOV")
    );
    assert_eq!(code("Helmut Kohl opened the trade fair.", "1996-04-22", "Kohl").as_deref(), Some("DEUGOV"));
    // "George Bush" is the father in 1991 and the son in 2003; the bare surname follows.
    let a = annotator().annotate_text("George Bush thanked the pilots. Bush then flew home.", parse_day("1991-03-06"));
    assert_eq!(entity_of(&a, "George Bush").name, "George H. W. Bush");
    assert_eq!(entity_of(&a, "George Bush").actor.as_ref().map(|c| c.code.as_str()), Some("USAGOV"));
    let a = annotator().annotate_text("Bush thanked the pilots in Texas.", parse_day("2003-05-06"));
    assert_eq!(entity_of(&a, "Bush").name, "George W. Bush");
}

#[test]
fn an_office_in_an_organisation_beside_a_name_makes_the_person_its_official() {
    let a = annotator().annotate_text(
        "Yukio Tanabe, the United Nations Emergency Relief Coordinator, toured the flooded camps.",
        parse_day("2004-06-01"),
    );
    let person = entity_of(&a, "Yukio Tanabe");
    assert_eq!(person.kind, EntityType::Person);
    assert_eq!(person.actor.as_ref().and_then(|c| c.country.as_deref()), Some("UNO"));
    // The title is the person's, not an organisation; the organisation is still named.
    assert!(!a.entities.iter().any(|e| e.name.contains("Coordinator")));
    assert!(a.entities.iter().any(|e| e.name == "United Nations"));
    // Any title word, any known organisation, a lowercase title too.
    let a = annotator().annotate_text("Ola Brenner, the NATO spokeswoman, denied the report.", parse_day("2010-02-01"));
    assert_eq!(entity_of(&a, "Ola Brenner").actor.as_ref().and_then(|c| c.country.as_deref()), Some("NAT"));
    // A known organisation's whole name in apposition is not an office.
    let a =
        annotator().annotate_text("Ola Brenner, the United Nations Security Council, met.", parse_day("2010-02-01"));
    assert!(entity_of(&a, "Ola Brenner").actor.is_none());
}

#[test]
fn congo_alone_was_brazzaville_while_kinshasa_was_zaire() {
    let code = |day: &str| {
        let a = annotator().annotate_text("Congo and Gabon signed a border accord.", parse_day(day));
        entity_of(&a, "Congo").actor.as_ref().map(|c| c.code.clone())
    };
    assert_eq!(code("1985-04-02").as_deref(), Some("COG"));
    assert_eq!(code("2005-04-02").as_deref(), Some("COD"));
    let a = annotator().annotate_text("Zaire and Congo signed a border accord.", parse_day("1985-04-02"));
    assert_eq!(entity_of(&a, "Zaire").actor.as_ref().map(|c| c.code.as_str()), Some("COD"));
}

#[test]
fn a_hyphenated_title_is_one_title() {
    let a = annotator()
        .annotate_text("UN Secretary-General Ana Kowal flew to Nairobi for the talks.", parse_day("2015-03-02"));
    let person = entity_of(&a, "Ana Kowal");
    assert_eq!(person.kind, EntityType::Person);
    assert_eq!(person.actor.as_ref().and_then(|c| c.sector.as_deref()), Some("IGO"));
    assert!(!a.entities.iter().any(|e| e.name.contains("General")));
}

#[test]
fn pakistans_provinces_are_its_regions() {
    let a = annotator()
        .annotate_text("Troops were sent to Balochistan and Sindh after the floods.", parse_day("2010-08-01"));
    for name in ["Balochistan", "Sindh"] {
        let e = entity_of(&a, name);
        assert_ne!(e.kind, EntityType::Organisation, "{name}");
        assert_eq!(e.place.as_ref().map(|p| p.country.as_str()), Some("PAK"), "{name}");
    }
}
