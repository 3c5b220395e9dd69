//! The page's URL: a date or a year and month in its path, its host and domain, and resolving a
//! canonical link against it.

use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;

use super::calendar::{make_date, num};

static URL_YMD_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[/_\-.])((?:19|20)\d{2})[/_\-.]?(\d{1,2})[/_\-.]?(\d{1,2})(?:[/_\-.]|$)").expect("url ymd regex")
});
static URL_DMY_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[/_\-])(\d{2})[_\-](\d{2})[_\-]((?:19|20)\d{2})(?:[/_\-.]|$)").expect("url dmy regex")
});
static URL_YM_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"/((?:19|20)\d{2})/(\d{1,2})/").expect("url ym regex"));

/// A full date in the URL path: `/2020/03/27/`, `/20200327/`, `2020-03-27`, `27-03-2020`.
pub(super) fn url_date(url: &str) -> Option<NaiveDate> {
    let path = url_path(url);
    for c in URL_YMD_RE.captures_iter(path) {
        let (y, m, d) = (c.get(1)?, c.get(2)?, c.get(3)?);
        // Compact forms need exactly eight digits; separated forms need separators.
        let compact = y.end() == m.start() && m.end() == d.start();
        if compact && (m.len() != 2 || d.len() != 2) {
            continue;
        }
        if !compact && (y.end() == m.start() || m.end() == d.start()) {
            continue;
        }
        if let Some(date) = make_date(num(Some(y))?, num(Some(m))?, num(Some(d))?) {
            return Some(date);
        }
    }
    for c in URL_DMY_RE.captures_iter(path) {
        if let Some(date) = make_date(num(c.get(3))?, num(c.get(2))?, num(c.get(1))?) {
            return Some(date);
        }
    }
    None
}

/// Year and month in the URL path (`/2020/03/`), used to check other evidence.
pub(super) fn url_year_month(url: &str) -> Option<(i32, u32)> {
    let c = URL_YM_RE.captures(url_path(url))?;
    let y = i32::try_from(num(c.get(1))?).ok()?;
    let m = u32::try_from(num(c.get(2))?).ok()?;
    ((1..=12).contains(&m)).then_some((y, m))
}

pub(super) fn url_path(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    rest.find('/').map_or("", |i| &rest[i..])
}

pub(super) fn host_of(url: &str) -> Option<String> {
    let rest = url.split_once("://").map(|(_, r)| r)?;
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.rsplit('@').next()?.split(':').next()?;
    (!host.is_empty()).then(|| host.to_ascii_lowercase())
}

pub(super) fn domain_of(url: &str) -> Option<String> {
    let h = host_of(url)?;
    Some(h.strip_prefix("www.").unwrap_or(&h).to_string())
}

pub(super) fn resolve_url(href: &str, base: Option<&str>) -> String {
    if href.starts_with("http://") || href.starts_with("https://") {
        return href.to_string();
    }
    let Some(base) = base else { return href.to_string() };
    let Some((scheme, rest)) = base.split_once("://") else { return href.to_string() };
    if let Some(r) = href.strip_prefix("//") {
        return format!("{scheme}://{r}");
    }
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    if href.starts_with('/') {
        format!("{scheme}://{host}{href}")
    } else {
        href.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::meta::test_support::{date, meta_at};

    #[test]
    fn url_path_dates() {
        assert_eq!(url_date("https://x.com/2020/03/27/story"), NaiveDate::from_ymd_opt(2020, 3, 27));
        assert_eq!(url_date("https://x.com/news/20200327/story.html"), NaiveDate::from_ymd_opt(2020, 3, 27));
        assert_eq!(url_date("https://x.com/news/story-2020-03-27.html"), NaiveDate::from_ymd_opt(2020, 3, 27));
        assert_eq!(url_date("https://x.com/news/12345678/story"), None);
        assert_eq!(url_date("https://x.com/2020/13/45/story"), None);
        let m = meta_at("<p>No dates here.</p>", "https://x.com/2021/12/01/story/");
        assert_eq!(date(&m), ("2021-12-01", "url path"));
    }
}
