//! Who an article is about: mentions (spans of text), the canonical entities they point to, the
//! actor code an entity carries on the article's date, and where a place is on the map.

use serde::{Deserialize, Serialize};

/// What kind of thing an entity is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityType {
    Person,
    Organisation,
    /// A place with a government of its own: a country, region or city ("geopolitical entity").
    Gpe,
    /// A place without one: rivers, mountains, regions of the map.
    Location,
    /// A building or structure: airports, palaces, memorials, bridges.
    Facility,
    /// A nationality, people or group named by a demonym ("Russian", "Afghans").
    Group,
}

impl EntityType {
    pub fn as_str(self) -> &'static str {
        match self {
            EntityType::Person => "person",
            EntityType::Organisation => "organisation",
            EntityType::Gpe => "gpe",
            EntityType::Location => "location",
            EntityType::Facility => "facility",
            EntityType::Group => "group",
        }
    }

    /// Places of any kind.
    pub fn is_place(self) -> bool {
        matches!(self, EntityType::Gpe | EntityType::Location | EntityType::Facility)
    }
}

/// How a mention names its entity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MentionForm {
    /// A proper name, possibly with a title ("Russian Foreign Minister Sergei Lavrov").
    Name,
    /// A description that points to a named entity ("the Russian leader", "the Islamic republic").
    Description,
    /// A demonym or other modifier naming a country or group ("Russian" in "Russian officials").
    Modifier,
}

/// One span of text that names or describes an entity.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Mention {
    pub start: usize,
    pub end: usize,
    pub text: String,
    #[serde(rename = "type")]
    pub kind: EntityType,
    pub form: MentionForm,
    /// The bare name inside the mention, as a byte span: "Sergei Lavrov" in "Russian Foreign
    /// Minister Sergei Lavrov's", "Boeing" in "Boeing's". Corpora differ on which span a name
    /// mention has (GUM takes the whole phrase, MEANTIME the name alone); both are kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_span: Option<(usize, usize)>,
    /// Index of the sentence the mention is in.
    pub sentence: usize,
    /// The [`Entity::id`] the mention points to.
    pub entity: String,
}

/// A CAMEO/PLOVER-style actor code: who acts, for which country, in which sector.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActorCode {
    /// The code as event data writes it: country then sector ("RUSGOV"), or an organisation's
    /// own code ("IGOUNO").
    pub code: String,
    /// ISO 3166 alpha-3, or a code for an international body.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// Three-letter sector: GOV, MIL, COP, OPP, REB, BUS, MED, CVL, IGO, NGO, ...
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sector: Option<String>,
    /// The office held ("foreign_minister"), when one is known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// Where the code comes from: `text` (an office stated in the article), `dictionary` (an
    /// office held on the article's date), `name` (a country, organisation or metonym).
    pub basis: String,
}

/// Where a place is.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Place {
    /// `country`, `city` or `state`.
    pub kind: String,
    /// ISO 3166 alpha-3 of the country the place is in (or is).
    pub country: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lat: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lon: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub population: Option<u64>,
    /// GeoNames id, for cities.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub geonames: Option<u64>,
}

/// One real-world thing, under its canonical name.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    /// Stable across articles: the same person, organisation or place gets the same id.
    pub id: String,
    pub name: String,
    #[serde(rename = "type")]
    pub kind: EntityType,
    /// Every other form the article used, in order of first use.
    pub aliases: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actor: Option<ActorCode>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub place: Option<Place>,
}
