//! How two actors' relations move over time: their coded events counted per day, week or month
//! by QuadClass (1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material
//! conflict) with the mean Goldstein value, as rows ([`relations`], [`to_tsv`]) and as a chart
//! ([`to_svg`]).
//!
//! **Which events.** An event's actor code matches an asked code when it starts with it, since
//! CAMEO codes compose by prefix: `USA` covers `USAGOV` and `USAMIL`, `USAGOV` covers only the
//! government. [`Direction::Both`] counts A→B and B→A; [`Direction::Directed`] only A→B (source
//! matches A, target matches B). An event matching both ways (A and B share a prefix) counts once.
//! Events whose QuadClass is not 1–4 or whose Goldstein value is not a number within −10..10 are
//! skipped and counted in [`Relations::skipped`].
//!
//! **Buckets.** A day; an ISO week (Monday to Sunday, labelled `2015-W20`); a calendar month
//! (`2015-05`). Every bucket from the first to the last with an event is a row, empty ones
//! included so gaps show; when there are more than [`MAX_BUCKETS`], only the latest
//! [`MAX_BUCKETS`] are kept and [`Relations::truncated`] says how many earlier buckets were cut
//! (their events are not in any row). The mean Goldstein is over a bucket's events; an empty
//! bucket has none.
//!
//! **Chart.** Hand-written SVG 1.1, no dependency: stacked bars of the counts per QuadClass per
//! bucket against the left axis (0 to a rounded maximum), a line of the mean Goldstein against
//! the right axis (−10..10 with a dashed zero line; the line is broken over empty buckets, a dot
//! per bucket), labelled axes, a legend, a title; all text escaped; numbers printed with fixed
//! decimals so the same rows give the same bytes. At most [`MAX_X_LABELS`] bucket labels are printed.

use crate::days_from_civil;
use crate::{civil_from_days, format_day};
use std::fmt::Write as _;

/// Most rows (buckets) kept: the latest ones.
pub const MAX_BUCKETS: usize = 1_000;
/// Most bucket labels printed on the chart's x axis.
pub const MAX_X_LABELS: usize = 12;

/// One coded event as relations need it.
#[derive(Debug, Clone, Copy)]
pub struct EventRow<'a> {
    /// The event's day (days since 1970-01-01).
    pub day: i64,
    pub source: &'a str,
    pub target: &'a str,
    /// 1–4.
    pub quad_class: u8,
    pub goldstein: f32,
}

/// The bucket width.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bucket {
    Day,
    Week,
    Month,
}

impl std::str::FromStr for Bucket {
    type Err = String;
    fn from_str(s: &str) -> Result<Bucket, String> {
        match s {
            "day" => Ok(Bucket::Day),
            "week" => Ok(Bucket::Week),
            "month" => Ok(Bucket::Month),
            _ => Err(format!("unknown bucket {s:?}: expected day, week or month")),
        }
    }
}

/// Which events between the two actors count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// A→B and B→A.
    Both,
    /// A→B only.
    Directed,
}

/// One bucket's figures.
#[derive(Debug, Clone, PartialEq)]
pub struct RelationRow {
    /// The bucket's first day.
    pub start_day: i64,
    /// `2015-05-12`, `2015-W20` or `2015-05`.
    pub label: String,
    /// Events per QuadClass 1..=4.
    pub counts: [u32; 4],
    pub mean_goldstein: Option<f32>,
}

impl RelationRow {
    pub fn total(&self) -> u32 {
        self.counts.iter().sum()
    }
}

/// The rows for two actors.
#[derive(Debug, Clone, PartialEq)]
pub struct Relations {
    pub a: String,
    pub b: String,
    pub by: Bucket,
    pub direction: Direction,
    pub rows: Vec<RelationRow>,
    /// Matching events skipped for a bad QuadClass or Goldstein value.
    pub skipped: u32,
    /// Earlier buckets cut by [`MAX_BUCKETS`].
    pub truncated: usize,
}

fn matches(code: &str, actor: &str) -> bool {
    !actor.is_empty() && code.starts_with(actor)
}

/// The ISO weekday index (Monday 0) of a day count; 1970-01-01 was a Thursday.
fn weekday(day: i64) -> i64 {
    (day + 3).rem_euclid(7)
}

/// The first day of the bucket holding `day`.
pub fn bucket_start(day: i64, by: Bucket) -> i64 {
    match by {
        Bucket::Day => day,
        Bucket::Week => day - weekday(day),
        Bucket::Month => {
            let (y, m, _) = civil_from_days(day);
            days_from_civil(y, m, 1)
        }
    }
}

/// The label of the bucket starting at `start`.
pub fn bucket_label(start: i64, by: Bucket) -> String {
    match by {
        Bucket::Day => format_day(start),
        Bucket::Week => {
            // The ISO year is the year of the week's Thursday.
            let thursday = start + 3;
            let (y, _, _) = civil_from_days(thursday);
            let week = (thursday - days_from_civil(y, 1, 1)) / 7 + 1;
            format!("{y:04}-W{week:02}")
        }
        Bucket::Month => {
            let (y, m, _) = civil_from_days(start);
            format!("{y:04}-{m:02}")
        }
    }
}

/// Counts per bucket and QuadClass and the mean Goldstein of the events between `a` and `b`.
pub fn relations(events: &[EventRow], a: &str, b: &str, by: Bucket, direction: Direction) -> Relations {
    let mut skipped = 0u32;
    // (bucket start, quad class index, goldstein), then sorted: no map decides anything.
    let mut picked: Vec<(i64, usize, f32)> = Vec::new();
    for e in events {
        let ab = matches(e.source, a) && matches(e.target, b);
        let ba = direction == Direction::Both && matches(e.source, b) && matches(e.target, a);
        if !(ab || ba) {
            continue;
        }
        if !(1..=4).contains(&e.quad_class) || !e.goldstein.is_finite() || e.goldstein.abs() > 10.0 {
            skipped += 1;
            continue;
        }
        // Days far outside any calendar are clamped by civil_from_days; keep them ordered.
        picked.push((
            bucket_start(e.day.clamp(-400_000_000, 400_000_000), by),
            usize::from(e.quad_class - 1),
            e.goldstein,
        ));
    }
    picked.sort_by(|x, y| x.0.cmp(&y.0).then(x.1.cmp(&y.1)).then(x.2.total_cmp(&y.2)));
    let mut rows: Vec<RelationRow> = Vec::new();
    let mut sums: Vec<f64> = Vec::new();
    let mut truncated = 0usize;
    if let (Some(first), Some(last)) = (picked.first(), picked.last()) {
        let (first, last) = (first.0, last.0);
        // Count the buckets from the end, so a huge span never allocates more than MAX_BUCKETS.
        let mut starts: Vec<i64> = Vec::new();
        let mut s = last;
        loop {
            starts.push(s);
            if s <= first {
                break;
            }
            if starts.len() == MAX_BUCKETS {
                truncated = count_buckets(first, s, by);
                break;
            }
            s = bucket_start(s - 1, by);
        }
        starts.reverse();
        rows = starts
            .iter()
            .map(|&s| RelationRow { start_day: s, label: bucket_label(s, by), counts: [0; 4], mean_goldstein: None })
            .collect();
        sums = vec![0.0; rows.len()];
        let mut i = 0;
        for (start, q, g) in picked {
            if start < rows[0].start_day {
                continue;
            }
            while rows[i].start_day < start {
                i += 1;
            }
            rows[i].counts[q] += 1;
            sums[i] += f64::from(g);
        }
    }
    for (r, s) in rows.iter_mut().zip(sums) {
        let n = r.total();
        if n > 0 {
            r.mean_goldstein = Some((s / f64::from(n)) as f32);
        }
    }
    Relations { a: a.to_string(), b: b.to_string(), by, direction, rows, skipped, truncated }
}

/// Buckets from the one starting at `first` up to (not including) the one starting at `before`.
fn count_buckets(first: i64, before: i64, by: Bucket) -> usize {
    match by {
        Bucket::Day => (before - first) as usize,
        Bucket::Week => ((before - first) / 7) as usize,
        Bucket::Month => {
            let (y1, m1, _) = civil_from_days(first);
            let (y2, m2, _) = civil_from_days(before);
            ((y2 - y1) * 12 + i64::from(m2) - i64::from(m1)) as usize
        }
    }
}

/// The rows as a tab-separated table with a header.
pub fn to_tsv(r: &Relations) -> String {
    let mut out =
        String::from("bucket\tverbal_coop\tmaterial_coop\tverbal_conflict\tmaterial_conflict\ttotal\tmean_goldstein\n");
    for row in &r.rows {
        let g = row.mean_goldstein.map(|g| format!("{g:.2}")).unwrap_or_default();
        let [c1, c2, c3, c4] = row.counts;
        let _ = writeln!(out, "{}\t{c1}\t{c2}\t{c3}\t{c4}\t{}\t{g}", row.label, row.total());
    }
    out
}

/// XML text or attribute value with `& < > " '` escaped.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Control characters are not allowed in XML 1.0.
            c if (c as u32) < 0x20 && c != '\t' && c != '\n' && c != '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

const QUAD_NAMES: [&str; 4] = ["Verbal cooperation", "Material cooperation", "Verbal conflict", "Material conflict"];
const QUAD_COLOURS: [&str; 4] = ["#6baed6", "#2171b5", "#fd8d3c", "#d94801"];
const WIDTH: f32 = 900.0;
const HEIGHT: f32 = 460.0;
const LEFT: f32 = 70.0;
const RIGHT: f32 = 70.0;
const TOP: f32 = 50.0;
const BOTTOM: f32 = 110.0;

/// A round maximum ≥ `n` for the count axis and its tick step.
fn count_axis(n: u32) -> (u32, u32) {
    let n = n.max(1);
    let mut step = 1u32;
    loop {
        for m in [1u32, 2, 5] {
            let s = step.saturating_mul(m);
            if n.div_ceil(s) <= 5 {
                return (n.div_ceil(s) * s, s);
            }
        }
        step = step.saturating_mul(10);
    }
}

/// The chart as an SVG document (see the module doc).
pub fn to_svg(r: &Relations, title: &str) -> String {
    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let n = r.rows.len().max(1);
    let band = plot_w / n as f32;
    let bar = (band * 0.7).max(0.5);
    let max = r.rows.iter().map(RelationRow::total).max().unwrap_or(0);
    let (ymax, ystep) = count_axis(max);
    let y_count = |c: f32| TOP + plot_h - c / ymax as f32 * plot_h;
    let y_gold = |g: f32| TOP + plot_h - (g.clamp(-10.0, 10.0) + 10.0) / 20.0 * plot_h;
    let x_mid = |i: usize| LEFT + band * (i as f32 + 0.5);

    let mut s = String::new();
    let _ = writeln!(s, r#"<?xml version="1.0" encoding="UTF-8"?>"#);
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{WIDTH:.0}" height="{HEIGHT:.0}" viewBox="0 0 {WIDTH:.0} {HEIGHT:.0}" font-family="sans-serif" font-size="11">"#
    );
    let _ = writeln!(s, r#"<title>{}</title>"#, escape(title));
    let _ = writeln!(s, r##"<rect x="0" y="0" width="{WIDTH:.0}" height="{HEIGHT:.0}" fill="#ffffff"/>"##);
    let _ = writeln!(
        s,
        r#"<text x="{:.1}" y="24" text-anchor="middle" font-size="15">{}</text>"#,
        WIDTH / 2.0,
        escape(title)
    );

    // Grid and left axis (counts).
    let _ = writeln!(s, r##"<g class="count-axis" stroke="#999999">"##);
    let mut t = 0;
    while t <= ymax {
        let y = y_count(t as f32);
        let _ = writeln!(
            s,
            r#"<line x1="{LEFT:.1}" y1="{y:.1}" x2="{:.1}" y2="{y:.1}" stroke-opacity="0.3"/>"#,
            LEFT + plot_w
        );
        let _ =
            writeln!(s, r#"<text x="{:.1}" y="{:.1}" text-anchor="end" stroke="none">{t}</text>"#, LEFT - 6.0, y + 4.0);
        t += ystep;
    }
    let _ = writeln!(s, r#"<line x1="{LEFT:.1}" y1="{TOP:.1}" x2="{LEFT:.1}" y2="{:.1}"/>"#, TOP + plot_h);
    let _ = writeln!(s, "</g>");
    let _ = writeln!(
        s,
        r#"<text x="18" y="{:.1}" text-anchor="middle" transform="rotate(-90 18 {:.1})">Events</text>"#,
        TOP + plot_h / 2.0,
        TOP + plot_h / 2.0
    );

    // Right axis (Goldstein −10..10).
    let xr = LEFT + plot_w;
    let _ = writeln!(s, r##"<g class="goldstein-axis" stroke="#333333">"##);
    let _ = writeln!(s, r#"<line x1="{xr:.1}" y1="{TOP:.1}" x2="{xr:.1}" y2="{:.1}"/>"#, TOP + plot_h);
    for g in [-10, -5, 0, 5, 10] {
        let y = y_gold(g as f32);
        let _ = writeln!(s, r#"<line x1="{xr:.1}" y1="{y:.1}" x2="{:.1}" y2="{y:.1}"/>"#, xr + 4.0);
        let _ = writeln!(s, r#"<text x="{:.1}" y="{:.1}" stroke="none">{g}</text>"#, xr + 7.0, y + 4.0);
    }
    let y0 = y_gold(0.0);
    let _ = writeln!(
        s,
        r#"<line x1="{LEFT:.1}" y1="{y0:.1}" x2="{xr:.1}" y2="{y0:.1}" stroke-dasharray="4 3" stroke-opacity="0.5"/>"#
    );
    let _ = writeln!(s, "</g>");
    let xl = WIDTH - 16.0;
    let ym = TOP + plot_h / 2.0;
    let _ = writeln!(
        s,
        r#"<text x="{xl:.1}" y="{ym:.1}" text-anchor="middle" transform="rotate(90 {xl:.1} {ym:.1})">Mean Goldstein (−10..10)</text>"#
    );

    // Bars.
    let _ = writeln!(s, r#"<g class="bars">"#);
    for (i, row) in r.rows.iter().enumerate() {
        let x = x_mid(i) - bar / 2.0;
        let mut base = 0u32;
        for (q, &c) in row.counts.iter().enumerate() {
            if c == 0 {
                continue;
            }
            let y0 = y_count((base + c) as f32);
            let h = y_count(base as f32) - y0;
            let _ = writeln!(
                s,
                r#"<rect x="{x:.1}" y="{y0:.1}" width="{bar:.1}" height="{h:.1}" fill="{}"><title>{}: {} {c}</title></rect>"#,
                QUAD_COLOURS[q],
                escape(&row.label),
                QUAD_NAMES[q]
            );
            base += c;
        }
    }
    let _ = writeln!(s, "</g>");

    // Goldstein line: one path, a new segment after each empty bucket.
    let mut d = String::new();
    let mut pen_down = false;
    for (i, row) in r.rows.iter().enumerate() {
        match row.mean_goldstein {
            Some(g) => {
                let _ = write!(d, "{}{:.1} {:.1} ", if pen_down { "L" } else { "M" }, x_mid(i), y_gold(g));
                pen_down = true;
            }
            None => pen_down = false,
        }
    }
    let _ = writeln!(s, r#"<g class="goldstein">"#);
    if !d.is_empty() {
        let _ = writeln!(s, r##"<path d="{}" fill="none" stroke="#222222" stroke-width="2"/>"##, d.trim_end());
    }
    for (i, row) in r.rows.iter().enumerate() {
        if let Some(g) = row.mean_goldstein {
            let _ = writeln!(
                s,
                r##"<circle cx="{:.1}" cy="{:.1}" r="3" fill="#222222"><title>{}: mean Goldstein {g:.2}</title></circle>"##,
                x_mid(i),
                y_gold(g),
                escape(&row.label)
            );
        }
    }
    let _ = writeln!(s, "</g>");

    // X axis and labels.
    let yb = TOP + plot_h;
    let _ = writeln!(s, r##"<g class="x-axis" stroke="#333333">"##);
    let _ = writeln!(s, r#"<line x1="{LEFT:.1}" y1="{yb:.1}" x2="{:.1}" y2="{yb:.1}"/>"#, LEFT + plot_w);
    let every = r.rows.len().div_ceil(MAX_X_LABELS).max(1);
    for (i, row) in r.rows.iter().enumerate().filter(|(i, _)| i % every == 0) {
        let x = x_mid(i);
        let _ = writeln!(
            s,
            r#"<text x="{x:.1}" y="{:.1}" text-anchor="end" stroke="none" transform="rotate(-45 {x:.1} {:.1})">{}</text>"#,
            yb + 14.0,
            yb + 14.0,
            escape(&row.label)
        );
    }
    let _ = writeln!(s, "</g>");
    let by = match r.by {
        Bucket::Day => "Day",
        Bucket::Week => "ISO week",
        Bucket::Month => "Month",
    };
    let _ = writeln!(
        s,
        r#"<text x="{:.1}" y="{:.1}" text-anchor="middle">{by}</text>"#,
        LEFT + plot_w / 2.0,
        HEIGHT - 34.0
    );

    // Legend.
    let _ = writeln!(s, r#"<g class="legend">"#);
    let ly = HEIGHT - 14.0;
    for (q, name) in QUAD_NAMES.iter().enumerate() {
        let lx = LEFT + q as f32 * 150.0;
        let _ =
            writeln!(s, r#"<rect x="{lx:.1}" y="{:.1}" width="10" height="10" fill="{}"/>"#, ly - 9.0, QUAD_COLOURS[q]);
        let _ = writeln!(s, r#"<text x="{:.1}" y="{ly:.1}">{name}</text>"#, lx + 14.0);
    }
    let lx = LEFT + 4.0 * 150.0;
    let _ = writeln!(
        s,
        r##"<line x1="{lx:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="#222222" stroke-width="2"/>"##,
        ly - 4.0,
        lx + 16.0,
        ly - 4.0
    );
    let _ = writeln!(s, r#"<text x="{:.1}" y="{ly:.1}">Mean Goldstein</text>"#, lx + 20.0);
    let _ = writeln!(s, "</g>");
    if r.rows.is_empty() {
        let _ = writeln!(
            s,
            r#"<text x="{:.1}" y="{:.1}" text-anchor="middle">No events</text>"#,
            WIDTH / 2.0,
            TOP + plot_h / 2.0
        );
    }
    s.push_str("</svg>\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ev(day: i64, source: &'static str, target: &'static str, quad_class: u8, goldstein: f32) -> EventRow<'static> {
        EventRow { day, source, target, quad_class, goldstein }
    }

    /// A small well-formedness check: tags nest and close, attributes are quoted, every `&`
    /// starts a known entity, no `<` in text, exactly one root element.
    fn check_xml(s: &str) -> Result<usize, String> {
        let mut stack: Vec<String> = Vec::new();
        let mut roots = 0;
        let mut elements = 0;
        let mut rest = s.strip_prefix(r#"<?xml version="1.0" encoding="UTF-8"?>"#).ok_or("no prolog")?;
        while !rest.is_empty() {
            if let Some(tag_start) = rest.strip_prefix('<') {
                let end = tag_start.find('>').ok_or("unclosed tag")?;
                let tag = &tag_start[..end];
                rest = &tag_start[end + 1..];
                if let Some(name) = tag.strip_prefix('/') {
                    let open = stack.pop().ok_or("close without open")?;
                    if open != name {
                        return Err(format!("</{name}> closes <{open}>"));
                    }
                    continue;
                }
                let self_closing = tag.ends_with('/');
                let body = tag.trim_end_matches('/');
                let name: String = body.chars().take_while(|c| !c.is_whitespace()).collect();
                if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
                    return Err(format!("bad name in <{tag}>"));
                }
                // Attributes: name="value" pairs.
                let mut attrs = body[name.len()..].trim();
                while !attrs.is_empty() {
                    let eq = attrs.find("=\"").ok_or_else(|| format!("unquoted attribute in <{tag}>"))?;
                    let after = &attrs[eq + 2..];
                    let close = after.find('"').ok_or("unterminated attribute")?;
                    check_text(&after[..close])?;
                    attrs = after[close + 1..].trim_start();
                }
                if stack.is_empty() {
                    roots += 1;
                }
                elements += 1;
                if !self_closing {
                    stack.push(name);
                }
            } else {
                let end = rest.find('<').unwrap_or(rest.len());
                let text = &rest[..end];
                if stack.is_empty() && !text.trim().is_empty() {
                    return Err("text outside the root".into());
                }
                check_text(text)?;
                rest = &rest[end..];
            }
        }
        if !stack.is_empty() {
            return Err(format!("unclosed {stack:?}"));
        }
        if roots != 1 {
            return Err(format!("{roots} roots"));
        }
        Ok(elements)
    }

    fn check_text(t: &str) -> Result<(), String> {
        if t.contains('<') || t.contains('>') || t.chars().any(|c| (c as u32) < 0x20 && !"\t\n\r".contains(c)) {
            return Err(format!("bad text {t:?}"));
        }
        let mut rest = t;
        while let Some(i) = rest.find('&') {
            rest = &rest[i + 1..];
            if !["amp;", "lt;", "gt;", "quot;", "apos;"].iter().any(|e| rest.starts_with(e)) {
                return Err(format!("bare & in {t:?}"));
            }
        }
        Ok(())
    }

    fn fixture() -> Vec<EventRow<'static>> {
        let d = days_from_civil(2015, 5, 11); // a Monday
        vec![
            ev(d, "USAGOV", "RUSGOV", 1, 4.0),
            ev(d, "RUS", "USA", 3, -2.0),
            ev(d + 1, "USA", "RUS", 1, 1.9),
            ev(d + 1, "USA", "CHN", 4, -10.0),
            ev(d + 2, "RUSMIL", "USAGOV", 4, -9.0),
            ev(d + 9, "USA", "RUS", 2, 7.4),
            ev(d + 9, "USA", "RUS", 9, 1.0),
            ev(d + 9, "USA", "RUS", 1, f32::NAN),
        ]
    }

    #[test]
    fn daily_rows_both_directions() {
        let r = relations(&fixture(), "USA", "RUS", Bucket::Day, Direction::Both);
        assert_eq!(r.rows.len(), 10, "every day from the first to the last");
        assert_eq!(r.skipped, 2);
        assert_eq!(r.rows[0].label, "2015-05-11");
        assert_eq!(r.rows[0].counts, [1, 0, 1, 0]);
        assert!((r.rows[0].mean_goldstein.unwrap() - 1.0).abs() < 1e-5);
        assert_eq!(r.rows[1].counts, [1, 0, 0, 0], "USA→CHN is not counted");
        assert_eq!(r.rows[2].counts, [0, 0, 0, 1]);
        assert_eq!(r.rows[3].mean_goldstein, None);
        assert_eq!(r.rows[9].counts, [0, 1, 0, 0]);
        let total: u32 = r.rows.iter().map(RelationRow::total).sum();
        assert_eq!(total, 5);
    }

    #[test]
    fn directed_counts_only_a_to_b() {
        let r = relations(&fixture(), "USA", "RUS", Bucket::Week, Direction::Directed);
        assert_eq!(r.rows.iter().map(|x| x.label.as_str()).collect::<Vec<_>>(), ["2015-W20", "2015-W21"]);
        assert_eq!(r.rows[0].counts, [2, 0, 0, 0]);
        let r = relations(&fixture(), "USAGOV", "RUS", Bucket::Month, Direction::Both);
        assert_eq!(r.rows.len(), 1);
        assert_eq!(r.rows[0].label, "2015-05");
        assert_eq!(r.rows[0].counts, [1, 0, 0, 1], "USAGOV↔RUS: Kerry's meeting and the military act");
    }

    #[test]
    fn iso_week_labels_cross_years() {
        // 2015-01-01 was a Thursday: its week is 2015-W01, starting 2014-12-29.
        let d = days_from_civil(2015, 1, 1);
        assert_eq!(bucket_start(d, Bucket::Week), days_from_civil(2014, 12, 29));
        assert_eq!(bucket_label(bucket_start(d, Bucket::Week), Bucket::Week), "2015-W01");
        // 2021-01-03 (Sunday) is in 2020-W53.
        let d = days_from_civil(2021, 1, 3);
        assert_eq!(bucket_label(bucket_start(d, Bucket::Week), Bucket::Week), "2020-W53");
    }

    #[test]
    fn long_spans_are_capped_at_the_latest_buckets() {
        let ev = [ev(0, "A", "B", 1, 1.0), ev(5000, "A", "B", 2, 3.0)];
        let r = relations(&ev, "A", "B", Bucket::Day, Direction::Both);
        assert_eq!(r.rows.len(), MAX_BUCKETS);
        assert_eq!(r.truncated, 5001 - MAX_BUCKETS);
        assert_eq!(r.rows.last().unwrap().counts, [0, 1, 0, 0]);
        let r = relations(&ev, "A", "B", Bucket::Month, Direction::Both);
        assert_eq!(r.truncated, 0);
        assert_eq!(r.rows.len(), 13 * 12 + 9, "1970-01 .. 1983-09");
        // 1970-01 .. 2100-12 is 131 years of months: the earliest 572 are cut.
        let far = [ev[0], EventRow { day: days_from_civil(2100, 12, 31), ..ev[1] }];
        let r = relations(&far, "A", "B", Bucket::Month, Direction::Both);
        assert_eq!((r.rows.len(), r.truncated), (MAX_BUCKETS, 131 * 12 - MAX_BUCKETS));
        assert_eq!(r.rows[0].label, "2017-09");
        let r = relations(&far, "A", "B", Bucket::Week, Direction::Both);
        let weeks = (bucket_start(days_from_civil(2100, 12, 31), Bucket::Week) - bucket_start(0, Bucket::Week)) / 7 + 1;
        assert_eq!(r.truncated as i64, weeks - MAX_BUCKETS as i64);
    }

    #[test]
    fn tsv_has_header_and_rows() {
        let r = relations(&fixture(), "USA", "RUS", Bucket::Week, Direction::Both);
        let t = to_tsv(&r);
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(lines.len(), 3);
        assert!(lines[0].starts_with("bucket\t"));
        assert_eq!(lines[1], "2015-W20\t2\t0\t1\t1\t4\t-1.27");
    }

    #[test]
    fn svg_is_well_formed_escaped_and_deterministic() {
        let r = relations(&fixture(), "USA", "RUS", Bucket::Day, Direction::Both);
        let svg = to_svg(&r, "USA & RUS <relations> \"2015\"");
        let n = check_xml(&svg).unwrap_or_else(|e| panic!("{e}\n{svg}"));
        assert!(n > 20);
        assert!(svg.contains("USA &amp; RUS &lt;relations&gt; &quot;2015&quot;"));
        // One rect per non-zero (bucket, class), plus the background and four legend swatches.
        let bars: usize = r.rows.iter().map(|x| x.counts.iter().filter(|&&c| c > 0).count()).sum();
        assert_eq!(svg.matches("<rect ").count(), bars + 5);
        // The line breaks over the empty days: two segments.
        let path = svg.lines().find(|l| l.starts_with("<path")).unwrap();
        assert_eq!(path.matches('M').count(), 2);
        for name in QUAD_NAMES {
            assert!(svg.contains(name));
        }
        assert_eq!(svg, to_svg(&r, "USA & RUS <relations> \"2015\""));
        let empty = relations(&[], "A", "B", Bucket::Day, Direction::Both);
        assert!(check_xml(&to_svg(&empty, "none")).is_ok());
    }

    #[test]
    fn checker_rejects_bad_xml() {
        assert!(check_xml(r#"<?xml version="1.0" encoding="UTF-8"?><a><b></a></b>"#).is_err());
        assert!(check_xml(r#"<?xml version="1.0" encoding="UTF-8"?><a>x & y</a>"#).is_err());
        assert!(check_xml(r#"<?xml version="1.0" encoding="UTF-8"?><a x=1/>"#).is_err());
    }

    #[test]
    fn count_axis_is_round() {
        assert_eq!(count_axis(0), (1, 1));
        assert_eq!(count_axis(7), (8, 2));
        assert_eq!(count_axis(23), (25, 5));
        assert_eq!(count_axis(130), (150, 50));
    }

    proptest! {
        #[test]
        fn any_events_give_valid_bounded_output(
            raw in proptest::collection::vec((-200_000i64..200_000, 0u8..3, 0u8..3, 0u8..6, -12.0f32..12.0), 0..60),
            by in 0u8..3,
            title in ".{0,40}",
        ) {
            let codes = ["USA", "RUSGOV", "CHN"];
            let events: Vec<EventRow> = raw.iter().map(|&(day, s, t, q, g)| EventRow {
                day, source: codes[s as usize], target: codes[t as usize], quad_class: q, goldstein: g,
            }).collect();
            let by = [Bucket::Day, Bucket::Week, Bucket::Month][by as usize];
            let r = relations(&events, "USA", "RUS", by, Direction::Both);
            prop_assert!(r.rows.len() <= MAX_BUCKETS);
            for w in r.rows.windows(2) {
                prop_assert!(w[0].start_day < w[1].start_day);
            }
            for row in &r.rows {
                if let Some(g) = row.mean_goldstein {
                    prop_assert!((-10.0..=10.0).contains(&g));
                }
                prop_assert_eq!(bucket_start(row.start_day, by), row.start_day);
            }
            let counted: u32 = r.rows.iter().map(RelationRow::total).sum();
            let matching = events.iter().filter(|e| (e.source.starts_with("USA") && e.target.starts_with("RUS")) || (e.source.starts_with("RUS") && e.target.starts_with("USA"))).count() as u32;
            if r.truncated == 0 {
                prop_assert_eq!(counted + r.skipped, matching);
            }
            let svg = to_svg(&r, &title);
            prop_assert!(check_xml(&svg).is_ok(), "{:?}", check_xml(&svg));
        }
    }
}
