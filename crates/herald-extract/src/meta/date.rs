//! Choosing the publication date: candidates from JSON-LD, meta tags, `<time>` elements, the URL
//! and the page text, ranked by tiers of trust, checked against the URL's month, and kept on the
//! day as published when a UTC stamp would move it.

use chrono::{Datelike, NaiveDate, Timelike};

use super::calendar::{parse_machine_date, Stamp};
use super::facts::Facts;
use super::jsonld::{JsonLd, LdDate, LdKind};
use super::layout::{region_of, Layout, Region};
use super::text::{bounded_text, contains_ci};
use super::url::{url_date, url_year_month};
use super::visible::{is_update_hint, previous_text, text_candidate, Seen};
use super::PageDate;
use crate::dom::Dom;

#[derive(Debug, Clone, Copy)]
pub(super) struct Candidate {
    pub(super) stamp: Stamp,
    pub(super) evidence: &'static str,
    /// Lower is more trusted.
    pub(super) tier: u8,
    /// Within a tier of page-text evidence: how well placed it is.
    pub(super) score: i32,
}

/// Tiers of trust, most trusted first.
const T_LD_PUB: u8 = 0;
const T_META_PUB: u8 = 1;
const T_ELEM_PUB: u8 = 2;
const T_LD_CREATED: u8 = 3;
const T_URL: u8 = 4;
/// A date in the page text with a strong context score (see [`STRONG_TEXT`]).
const T_TEXT_STRONG: u8 = 5;
const T_META_DATE: u8 = 6;
pub(super) const T_TEXT: u8 = 7;
const T_MODIFIED: u8 = 8;

/// What a meta key says about its date, if anything.
fn meta_date_kind(key: &str) -> Option<(u8, &'static str)> {
    let k = key;
    if k.contains("expir") || k.contains("valid") || k.contains("end") || k.contains("start") || k.contains("event") {
        return None;
    }
    if k.contains("modif") || k.contains("updat") || k.contains("revis") {
        return Some((T_MODIFIED, "meta modified"));
    }
    let named = |e: &'static str| Some((T_META_PUB, e));
    match k {
        "article:published_time" => return named("meta article:published_time"),
        "og:article:published_time" | "og:published_time" => return named("meta og:published_time"),
        "datepublished" => return named("meta datePublished"),
        "parsely-pub-date" => return named("meta parsely-pub-date"),
        "sailthru.date" => return named("meta sailthru.date"),
        "dc.date.issued" | "dcterms.issued" => return named("meta DC.date.issued"),
        "citation_publication_date" | "citation_date" | "citation_online_date" => return named("meta citation date"),
        _ => {}
    }
    if k.contains("publish")
        || k.contains("pubdate")
        || k.contains("pub_date")
        || k.contains("pub-date")
        || k.contains("issued")
    {
        return named("meta published");
    }
    if k.contains("creat") {
        return Some((T_LD_CREATED, "meta created"));
    }
    if k == "date"
        || k.ends_with(".date")
        || k.ends_with(":date")
        || k.ends_with("_date")
        || k == "uploaddate"
        || k.contains("release")
    {
        return Some((T_META_DATE, "meta date"));
    }
    None
}

pub(super) fn choose_date(
    dom: &Dom,
    facts: &Facts,
    layout: &Layout,
    ld: &JsonLd,
    url: Option<&str>,
    mdy: bool,
) -> Option<PageDate> {
    let mut cands: Vec<Candidate> = Vec::new();

    // JSON-LD.
    let mut ld_sorted: Vec<&LdDate> = ld.dates.iter().collect();
    ld_sorted.sort_by_key(|d| (d.kind, d.type_rank));
    for d in ld_sorted {
        if d.type_rank >= 3 {
            continue;
        }
        let Some(stamp) = parse_machine_date(&d.raw, mdy) else { continue };
        let (tier, ev) = match d.kind {
            LdKind::Published => (T_LD_PUB, "json-ld datePublished"),
            LdKind::Created => (T_LD_CREATED, "json-ld dateCreated"),
            LdKind::Modified => (T_MODIFIED, "json-ld dateModified"),
        };
        cands.push(Candidate { stamp, evidence: ev, tier, score: 0 });
    }

    // Meta tags.
    for m in &facts.metas {
        let Some((tier, ev)) = meta_date_kind(&m.key) else { continue };
        if let Some(stamp) = parse_machine_date(&m.content, mdy) {
            cands.push(Candidate { stamp, evidence: ev, tier, score: 0 });
        }
    }

    // Time elements and itemprop dates.
    let mut seen_times: Vec<Seen> = Vec::new();
    for &id in &facts.time_nodes {
        let itemprop = dom.attr(id, "itemprop").unwrap_or("").to_ascii_lowercase();
        let class = dom.attr(id, "class").unwrap_or("");
        let region = region_of(dom, layout, id);
        let value = dom
            .attr(id, "datetime")
            .or_else(|| dom.attr(id, "content"))
            .or_else(|| if dom.name(id) != Some("time") { dom.attr(id, "title") } else { None })
            .map(str::to_string)
            .filter(|v| !v.trim().is_empty())
            .unwrap_or_else(|| bounded_text(dom, id, 200));
        let Some(stamp) = parse_machine_date(&value, mdy) else { continue };
        if region == Region::Elsewhere {
            continue;
        }
        let modified = itemprop.contains("modified") || (is_update_hint(class) && !contains_ci(class, "publish"));
        let published = itemprop.contains("published")
            || itemprop.contains("created")
            || dom.attr(id, "pubdate").is_some()
            || contains_ci(class, "publish")
            || contains_ci(class, "pubdate");
        if modified {
            cands.push(Candidate { stamp, evidence: "time modified", tier: T_MODIFIED, score: 0 });
        } else if published {
            let ev = if itemprop.contains("published") { "itemprop datePublished" } else { "time[pubdate]" };
            cands.push(Candidate { stamp, evidence: ev, tier: T_ELEM_PUB, score: 0 });
        } else {
            seen_times.push(Seen { el: id, stamp, before: previous_text(dom, id), len: 0, evidence: "time[datetime]" });
        }
    }

    // URL.
    if let Some(d) = url.and_then(url_date) {
        cands.push(Candidate { stamp: Stamp::day(d), evidence: "url path", tier: T_URL, score: 0 });
    }

    // Dates written in the page's text.
    if let Some(c) = text_candidate(dom, facts, layout, mdy, seen_times) {
        cands.push(c);
    }

    let url_ym = url.and_then(url_year_month);
    // A year and month in the URL path rule out dates of other months, unless nothing agrees
    // with them (sites that file articles by the month they were drafted in).
    if let Some((y, m)) = url_ym {
        let agrees = |c: &Candidate| c.stamp.date.year() == y && c.stamp.date.month() == m;
        if cands.iter().any(|c| c.tier < T_MODIFIED && agrees(c)) {
            cands.retain(agrees);
        }
    }
    for c in cands.iter_mut() {
        if c.tier == T_TEXT && c.score >= STRONG_TEXT {
            c.tier = T_TEXT_STRONG;
        } else if c.tier == T_TEXT && c.score < 0 {
            // Labelled "updated", far from the heading, or buried in a paragraph.
            c.tier = T_MODIFIED;
        }
    }
    cands.sort_by_key(|c| (c.tier, -c.score));
    let mut best = *cands.first()?;
    if let Some(local) = local_day_of_utc(&best, &cands) {
        best.stamp = Stamp::day(local);
    }
    Some(PageDate { value: format_stamp(best.stamp), evidence: best.evidence })
}

/// Context score from which a date in the text outranks generic date metadata.
const STRONG_TEXT: i32 = 6;

/// Many sites store times in UTC but show the local day, which for evening articles in the
/// Americas (or early-morning ones east of Greenwich) is a day apart. When the chosen date is a UTC
/// time and other evidence that carries the local day (a date without time, a time with its real
/// offset, the URL, the visible byline) names the neighbouring day, that day is the published one.
fn local_day_of_utc(best: &Candidate, cands: &[Candidate]) -> Option<NaiveDate> {
    if best.tier >= T_MODIFIED || best.stamp.offset != Some(0) {
        return None;
    }
    let utc = best.stamp.utc?;
    let hour = utc.hour();
    let day = best.stamp.date;
    // Visible evidence that carries the local day of this same instant.
    let local_days = cands.iter().filter(|c| {
        matches!(c.tier, T_URL | T_TEXT | T_TEXT_STRONG | T_ELEM_PUB)
            && (c.tier != T_TEXT || c.score >= 4)
            && match c.stamp.utc {
                Some(u) => u == utc && c.stamp.offset != Some(0),
                None => true,
            }
    });
    let mut other = None;
    for c in local_days {
        let d = c.stamp.date;
        if d == day {
            return None;
        }
        if other.is_none() && ((Some(d) == day.pred_opt() && hour < 12) || (Some(d) == day.succ_opt() && hour >= 10)) {
            other = Some(d);
        }
    }
    other
}

fn format_stamp(s: Stamp) -> String {
    match s.utc {
        Some(u) if u.date() == s.date => u.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        _ => s.date.format("%Y-%m-%d").to_string(),
    }
}

#[cfg(test)]
mod tests {
    use crate::meta::test_support::{date, meta, meta_at};

    #[test]
    fn meta_tags_published_beats_modified() {
        let m = meta(
            r#"<head><meta property="article:modified_time" content="2020-04-02T10:00:00Z">
            <meta property="article:published_time" content="2020-04-01T10:00:00Z"></head>"#,
        );
        assert_eq!(date(&m), ("2020-04-01T10:00:00Z", "meta article:published_time"));
        for key in
            ["name=\"pubdate\"", "name=\"parsely-pub-date\"", "name=\"DC.date.issued\"", "itemprop=\"datePublished\""]
        {
            let m = meta(&format!(r#"<meta {key} content="2018-11-05">"#));
            assert_eq!(date(&m).0, "2018-11-05", "{key}");
        }
    }

    #[test]
    fn modified_date_is_a_last_resort() {
        let m = meta(r#"<meta property="article:modified_time" content="2020-04-02">"#);
        assert_eq!(date(&m), ("2020-04-02", "meta modified"));
    }

    #[test]
    fn the_day_as_published_is_kept_when_utc_would_change_it() {
        let m = meta(r#"<meta property="article:published_time" content="2020-03-27T01:00:00+02:00">"#);
        assert_eq!(date(&m).0, "2020-03-27");
        // Same day in UTC: the instant is given.
        let m = meta(r#"<meta property="article:published_time" content="2020-03-27T13:00:00+02:00">"#);
        assert_eq!(date(&m).0, "2020-03-27T11:00:00Z");
    }

    #[test]
    fn utc_stamp_yields_to_the_visible_local_day() {
        let m = meta(
            r#"<head><meta property="og:title" content="Two hurt in crash">
            <script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2023-11-09T02:11:03Z"}</script></head>
            <body><article><h1>Two hurt in crash</h1><div class="byline">By Staff <span class="date">November 8, 2023</span></div>
            <p>Story.</p></article></body>"#,
        );
        assert_eq!(date(&m), ("2023-11-08", "json-ld datePublished"));
    }

    #[test]
    fn time_element_in_article_beats_related_list() {
        let m = meta(
            r#"<body><aside class="sidebar"><ul>
            <li><a href="/1">Older story</a> <time datetime="2020-01-02">2 Jan</time></li>
            <li><a href="/2">Older story</a> <time datetime="2020-01-03">3 Jan</time></li></ul></aside>
            <article><h1>The story</h1><p>By A. Writer, <time datetime="2020-02-14T09:30:00+01:00">14 Feb 2020</time></p>
            <p>Text.</p></article>
            <div class="related-posts"><time datetime="2020-02-20">20 Feb</time></div></body>"#,
        );
        assert_eq!(date(&m).0, "2020-02-14T08:30:00Z");
        let m = meta(r#"<article><h1>T</h1><time pubdate datetime="2019-07-07">7.7.</time></article>"#);
        assert_eq!(date(&m), ("2019-07-07", "time[pubdate]"));
    }

    #[test]
    fn url_year_and_month_rule_out_other_months() {
        let m = meta_at(
            r#"<meta name="date" content="2020-05-30"><article><h1>T</h1><div class="date">27.03.2020</div></article>"#,
            "https://x.com/2020/03/story",
        );
        assert_eq!(date(&m).0, "2020-03-27");
    }
}
