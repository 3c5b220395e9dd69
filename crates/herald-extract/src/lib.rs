//! Turns a page or a plain-text article into an article: its paragraphs, each with a kind (body,
//! headline, caption, credit, quote box, related link, subscription appeal, other boilerplate), and
//! its metadata (title, publication date, author, site). Nothing is thrown away: boilerplate is
//! kept and marked so later stages read only the body while the UI can still show what was removed.

pub mod body;
pub mod dom;
pub mod kinds;
pub mod meta;
pub mod plain;
