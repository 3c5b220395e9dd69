//! What kind of paragraph a block of text is. The wording rules are shared by HTML blocks and
//! plain-text lines; HTML blocks are also judged by the elements around them.

use crate::dom::{Dom, NodeId};
use herald_model::ParagraphKind;
use regex::Regex;
use std::sync::LazyLock;

static RELATED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)^\s*(?:RELATED|Related|READ\ MORE|Read\ [Mm]ore|SEE\ ALSO|See\ [Aa]lso|ALSO\ READ|Also\ [Rr]ead|MORE|More|
        RECOMMENDED|Recommended|Related\ (?:[Cc]overage|[Aa]rticles?|[Ss]tor(?:y|ies)|[Cc]ontent)|WATCH|Watch|LISTEN|
        Listen|MORE\ FROM|More\ from|Further\ reading|FURTHER\ READING|Previously|PREVIOUSLY|You\ (?:may|might)\ also\ like)
        \b[^:|\-—–]{0,40}\s*[:|\-—–»›]",
    )
    .expect("valid regex")
});

static CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)^\s*(?:
            (?:Photo|Photos|Photograph|Image|Picture|Credit|Illustration|Video|Graphic)s?(?:\ by|\ credit)?\s*[:|]\s*.{1,80}
          | (?:\(|\[)?(?:AP|AFP|Reuters|Getty\ Images|EPA|Bloomberg|Shutterstock|Xinhua|Anadolu)(?:\ Photo)?(?:\)|\])?
          | [\p{Lu}][\p{L}.'\-]+(?:\ [\p{Lu}][\p{L}.'\-]+){0,3}\s*/\s*[\p{Lu}][\p{L}&.'\ \-]{1,40}
          | (?:©|\(c\)|Copyright)\s*.{1,60}
        )\s*$",
    )
    .expect("valid regex")
});

static APPEAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?xi)(?:you(?:'|’)ve\ read\ .{0,12}\ of\ .{0,12}(?:free\ )?articles|subscribe\ (?:to\ continue|now|today|for)|
        already\ a\ (?:subscriber|member)|sign\ up\ for\ .{0,60}newsletter|subscribe\ to\ .{0,40}newsletter|get\ the\ latest\ .{0,40}\ (?:in|to)\ your\ inbox|delivered\ to\ your\ inbox|(?:news|newsletter|stories)\ .{0,30}your\ inbox|
        support\ (?:our|independent)\ journalism|become\ a\ (?:member|subscriber|supporter)|
        to\ continue\ reading|unlimited\ (?:digital\ )?access|free\ trial|log\ ?in\ to\ (?:continue|read)|
        register\ (?:now\ )?(?:for\ free\ )?to\ (?:continue|read)|^\s*dear\ reader)",
    )
    .expect("valid regex")
});

/// Headers of lists of other stories ("Most read in world news", "DON'T MISS").
static RELATED_HEADER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?xi)^\s*(?:most\ (?:read|popular|viewed|shared|watched)|trending(?:\ now)?|don(?:'|’)t\ miss|related(?:\ (?:stories|articles|news|posts|coverage|content|links))?|
        more\ (?:stories|news|articles|great\ .{1,30}\ stories|from\ .{1,40}|on\ (?:this|the)\ (?:story|topic))|recommended(?:\ for\ you)?|
        (?:you\ )?(?:may|might)\ also\ (?:like|be\ interested\ in)|read\ (?:more|next)|top\ stories|latest\ (?:news|stories)|editor(?:'|’)s\ picks|
        what\ to\ read\ next|also\ (?:read|on|in)\b.{0,30}|see\ also)\b.{0,40}$",
    )
    .expect("valid regex")
});

/// Whether a block is the header of a list of links to other stories.
pub fn opens_related_list(text: &str) -> bool {
    text.chars().count() <= 60 && RELATED_HEADER.is_match(text)
}

/// Captions that carry their picture's credit: "... (Image: GETTY )", "... © Reuters / D. Mercado".
static CAPTION_WITH_CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?xi)(?:\((?:image|photo|picture|pic|credit|foto|bild|source)s?:\s*[^)]{1,50}\)|©\s*[\p{L}.\ /&-]{2,60}|\((?:AP|AFP|Reuters|Getty(?:\ Images)?|EPA)(?:\ Photo)?\))\s*$")
        .expect("valid regex")
});

/// Appeals that open a paywall box: everything after them in a plain-text article is the box.
static APPEAL_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:you(?:'|’)ve\ read\ .{0,12}\ of\ .{0,12}free\ articles|subscribe\ to\ continue|dear\ reader,?\s*$)")
        .expect("valid regex")
});

static OTHER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?xi)^\s*(?:advertisement|advertising|sponsored(?:\ content)?|story\ continues\ (?:below|after)|continue\ reading(?:\ below)?|this\ site\ is\ protected\ by\ recaptcha.*|
        share\ (?:this|on|via)\b.*|(?:click|tap)\ here\b.*|all\ rights\ reserved\.?|follow\ (?:us|\S+\ on\ (?:twitter|facebook|instagram))\b.{0,80}|
        (?:sign|log)\ (?:up|in)|comments?|leave\ a\ comment|share|tweet|email|print|facebook|twitter|linkedin|whatsapp|
        image\ \d+\ of\ \d+|\d+\ of\ \d+|this\ (?:article|story)\ (?:was|has\ been)\ (?:originally\ )?(?:published|updated).{0,120}|
        (?:updated|published|posted|last\ updated)(?:\ at|\ on|:)?\ .{0,30}\d.{0,60}|https?://\S+|
        getty\ images|scroll\ (?:down\ )?to\ continue.*|advert|
        like\ this\ (?:story|article)\b.*|this\ slideshow\ requires\ javascript\.?|
        tell\ us\ what\ you\ think.{0,10}|tags?:?|topics?:?|explore\ further|citation:.*|
        this\ (?:document|article|material)\ is\ (?:subject\ to|protected\ by)\ copyright.*|(?:have\ a\ tip|got\ a\ tip)\b.*|\[[a-z_]+\ [^\]]*\].*|
        (?:click|tap)\ to\ (?:share|print|email|enlarge).*|view\ (?:comments|gallery|slideshow).*|
        (?:sign\ up|register)\ (?:now|here|today).*|(?:read|see)\ (?:the\ )?(?:full|original)\ (?:story|article).*)\s*$",
    )
    .expect("valid regex")
});

/// Bylines and share prompts that may stand anywhere in a short block.
static BYLINE_OR_SHARE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^.{0,30}(?:publicado por|posted by|written by|escrito por|veröffentlicht von|publié par|pubblicato da)\b|share (?:it|this) with |(?:may|can) be reached at |follow (?:him|her|them) on (?:twitter|facebook|instagram)|email (?:him|her|them) at ",
    )
    .expect("valid regex")
});

/// Words without which no appeal pattern can match: a cheap test that spares the regex.
const APPEAL_HINTS: [&str; 15] = [
    "subscri",
    "newsletter",
    "already a",
    "journalism",
    "become a",
    "continue reading",
    "unlimited",
    "free trial",
    "log in",
    "login",
    "register",
    "dear reader",
    "free article",
    "members",
    "inbox",
];

/// The kind that a block's wording alone gives it, if any. Every rule is for short blocks, and
/// the costlier patterns run only when a cheap test says they could match.
pub fn kind_from_wording(text: &str) -> Option<ParagraphKind> {
    if text.len() > 1600 {
        return None;
    }
    let len = text.chars().count();
    if len > 400 {
        return None;
    }
    let lower = text.to_lowercase();
    if len <= 300 && RELATED.is_match(text) {
        return Some(ParagraphKind::RelatedLink);
    }
    if len <= 100 && CREDIT.is_match(text) {
        return Some(ParagraphKind::Credit);
    }
    if (text.trim_end().ends_with(')') || text.contains('©')) && CAPTION_WITH_CREDIT.is_match(text) {
        return Some(ParagraphKind::Caption);
    }
    if opens_related_list(text) {
        return Some(ParagraphKind::RelatedLink);
    }
    if APPEAL_HINTS.iter().any(|h| lower.contains(h)) && APPEAL.is_match(text) {
        return Some(ParagraphKind::SubscriptionAppeal);
    }
    if len <= 200 && OTHER.is_match(text) {
        return Some(ParagraphKind::OtherBoilerplate);
    }
    const BYLINE_HINTS: [&str; 9] =
        [" by ", " por ", " von ", " par ", " da ", "share ", "reached at", "follow ", "email "];
    if len <= 200 && BYLINE_HINTS.iter().any(|h| lower.contains(h)) && BYLINE_OR_SHARE.is_match(text) {
        return Some(ParagraphKind::OtherBoilerplate);
    }
    None
}

/// Whether a line opens a paywall or appeal box that runs to the end of the article.
pub fn opens_appeal(text: &str) -> bool {
    APPEAL_START.is_match(text)
}

/// The kind of a block of an HTML article, from its elements and its wording.
pub fn classify_block(
    dom: &Dom,
    hay: &[Option<Box<str>>],
    owner: NodeId,
    roots: &[NodeId],
    text: &str,
    link_chars: u32,
    title: Option<&str>,
) -> ParagraphKind {
    // Elements first: the markup says what a block is more reliably than its wording.
    let mut cur = Some(owner);
    let mut from_markup = None;
    while let Some(id) = cur {
        // The container itself was chosen as the article: its own classes say nothing of a block.
        if roots.contains(&id) {
            break;
        }
        let name = dom.name(id).unwrap_or("");
        let classes = hay[id].as_deref().unwrap_or("");
        let kind = if name == "figcaption" || classes.contains("caption") {
            Some(ParagraphKind::Caption)
        } else if classes.contains("credit") || classes.contains("copyright") {
            Some(ParagraphKind::Credit)
        } else if classes.contains("pullquote") || classes.contains("pull-quote") || classes.contains("quote-box") {
            Some(ParagraphKind::QuoteBox)
        } else if classes.contains("related") || classes.contains("read-more") || classes.contains("more-stories") {
            Some(ParagraphKind::RelatedLink)
        } else if classes.contains("newsletter") || classes.contains("subscri") {
            // Not "paywall": such boxes often hold the rest of the article itself, and the appeal
            // wording inside them is caught by its words.
            Some(ParagraphKind::SubscriptionAppeal)
        } else if name == "figure" && text.chars().count() < 300 {
            Some(ParagraphKind::Caption)
        } else if matches!(name, "aside") {
            Some(ParagraphKind::OtherBoilerplate)
        } else {
            None
        };
        if kind.is_some() {
            from_markup = kind;
            break;
        }
        cur = dom.parent(id);
    }
    let wording = kind_from_wording(text);
    if let Some(k) = from_markup {
        // A credit line inside a caption is a credit.
        if k == ParagraphKind::Caption && wording == Some(ParagraphKind::Credit) {
            return ParagraphKind::Credit;
        }
        return k;
    }
    if let Some(k) = wording {
        return k;
    }
    if dom.name(owner) == Some("h1") {
        if let Some(t) = title {
            if same_words(t, text) {
                return ParagraphKind::Headline;
            }
        }
    }
    let total = text.chars().filter(|c| !c.is_whitespace()).count() as u32;
    if total > 0 && link_chars * 10 >= total * 6 {
        return ParagraphKind::RelatedLink;
    }
    ParagraphKind::Body
}

pub(crate) fn same_words(a: &str, b: &str) -> bool {
    let norm = |s: &str| {
        s.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect::<Vec<_>>()
    };
    let (a, b) = (norm(a), norm(b));
    if a.is_empty() || b.is_empty() {
        return false;
    }
    if a == b || (b.len() >= 4 && a.starts_with(&b)) || (a.len() >= 4 && b.starts_with(&a)) {
        return true;
    }
    // Lightly edited copies ("High School Roundup: Viera defeats…" against the page's title):
    // most words shared, in any order.
    if a.len() < 4 || b.len() < 4 {
        return false;
    }
    let shared = a.iter().filter(|w| b.contains(w)).count();
    shared * 4 >= a.len().max(b.len()) * 3
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wording_rules() {
        use ParagraphKind::*;
        assert_eq!(kind_from_wording("RELATED: Feds Probe Boston Marathon Bombing Suspect's Link"), Some(RelatedLink));
        assert_eq!(kind_from_wording("Andrew Harnik/AP"), Some(Credit));
        assert_eq!(kind_from_wording("Photo: Jane Doe for The Times"), Some(Credit));
        assert_eq!(
            kind_from_wording("You've read \u{a0} of \u{a0} free articles. Subscribe to continue."),
            Some(SubscriptionAppeal)
        );
        assert_eq!(kind_from_wording("Advertisement"), Some(OtherBoilerplate));
        assert_eq!(kind_from_wording("Kerry will meet with Russian President Vladimir Putin on Tuesday."), None);
        assert_eq!(kind_from_wording("Relations between the two neighbours have been badly strained for years."), None);
        // Sentences that merely mention these words are body.
        assert_eq!(kind_from_wording("More than 200 people were killed, officials said."), None);
        assert_eq!(kind_from_wording("Continue Reading Below"), Some(OtherBoilerplate));
    }

    #[test]
    fn titles_match_lightly_edited_copies_only() {
        assert!(same_words("Kerry flies to Russia for talks with Putin", "Kerry flies to Russia for talks with Putin"));
        assert!(same_words(
            "High School Roundup: Viera defeats Rockledge to remain undefeated",
            "HS Roundup: Viera defeats Rockledge to remain undefeated"
        ));
        assert!(!same_words("Kerry flies to Russia for talks with Putin", "Putin meets Kerry in Sochi on Tuesday"));
    }

    #[test]
    fn appeal_openers() {
        assert!(opens_appeal("You've read  of  free articles. Subscribe to continue."));
        assert!(opens_appeal("Dear Reader,"));
        assert!(!opens_appeal("Dear Reader, the minister wrote in 1990, was a column."));
    }
}
