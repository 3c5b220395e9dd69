//! Normalisation: a recognised meaning ([`Sem`]) and the document creation time (DCT) become a
//! TIMEX3 value. Without a DCT, what the text states is kept and the rest is written as X
//! ("XXXX-05-12", "XXXX-WXX-2"); nothing is invented. A date that cannot exist, or a year
//! outside 0–9999, gives an empty value.

use crate::recognise::{Amount, Fuzzy, Holiday, Rel, Sem, YearRef};
use crate::scan::Unit;
use crate::tense::Tense;
use chrono::{Datelike, Months, NaiveDate, Weekday};

/// The value of `sem`; `tense` is asked only by the expressions that need it.
pub(crate) fn value(sem: &Sem, dct: Option<NaiveDate>, tense: &dyn Fn() -> Tense) -> String {
    value_opt(sem, dct, tense).unwrap_or_default()
}

fn value_opt(sem: &Sem, dct: Option<NaiveDate>, tense: &dyn Fn() -> Tense) -> Option<String> {
    match *sem {
        Sem::Ymd { y, m, d, .. } => fmt_date(NaiveDate::from_ymd_opt(y, m, d)?),
        Sem::Ym { y, m } => ((1..=12).contains(&m)).then(|| fmt_year(y).map(|y| format!("{y}-{m:02}")))?,
        Sem::Year(y) => fmt_year(y),
        Sem::MonthDay { m, d, .. } => match dct {
            Some(dct) => fmt_date(month_day(dct, m, d, tense)?),
            // Any day that exists in some year (February 29 in a leap year).
            None => NaiveDate::from_ymd_opt(2000, m, d).map(|_| format!("XXXX-{m:02}-{d:02}")),
        },
        Sem::Month { m, rel } => match dct {
            Some(dct) => {
                let y = month_year(dct, m, rel, tense);
                fmt_year(y).map(|y| format!("{y}-{m:02}"))
            }
            None => Some(format!("XXXX-{m:02}")),
        },
        Sem::MonthIn { m, year } => {
            let y = match (year, dct) {
                (YearRef::Explicit(y), _) => y,
                (YearRef::Rel(k), Some(d)) => d.year().checked_add(k)?,
                _ => return Some(format!("XXXX-{m:02}")),
            };
            fmt_year(y).map(|y| format!("{y}-{m:02}"))
        }
        Sem::Weekday { wd, rel, part } => {
            let part = part.map(|p| format!("T{}", p.code())).unwrap_or_default();
            match dct {
                Some(dct) => Some(format!("{}{part}", fmt_date(weekday_date(dct, wd, rel, tense)?)?)),
                None => Some(format!("XXXX-WXX-{wd}{part}")),
            }
        }
        Sem::DayRel { offset, part } => {
            let part = part.map(|p| format!("T{}", p.code())).unwrap_or_default();
            match dct {
                Some(dct) => Some(format!("{}{part}", fmt_date(add_days(dct, i64::from(offset))?)?)),
                None => Some(format!("XXXX-XX-XX{part}")),
            }
        }
        Sem::UnitRel { unit, offset } => match dct {
            Some(dct) => unit_rel(dct, unit, offset),
            None => Some(
                match unit {
                    Unit::Week => "XXXX-WXX",
                    Unit::Month => "XXXX-XX",
                    Unit::Quarter => "XXXX-QX",
                    Unit::Decade => "XXX",
                    Unit::Century => "XX",
                    _ => "XXXX",
                }
                .to_string(),
            ),
        },
        Sem::Weekend { rel } => match dct {
            Some(dct) => {
                let week = weekend_week(dct, rel, tense);
                fmt_week(add_days(dct, 7 * i64::from(week))?).map(|w| format!("{w}-WE"))
            }
            None => Some("XXXX-WXX-WE".to_string()),
        },
        Sem::Ago { n, unit, sign } => ago(dct, n, unit, sign),
        Sem::Season { s, year } => {
            let code = ["SP", "SU", "FA", "WI"][usize::from(s.clamp(1, 4) - 1)];
            let y = match (year, dct) {
                (YearRef::Explicit(y), _) => y,
                (_, None) => return Some(format!("XXXX-{code}")),
                (YearRef::Rel(k), Some(dct)) => season_year(dct, s, Some(k), tense),
                (YearRef::Bare, Some(dct)) => season_year(dct, s, None, tense),
            };
            fmt_year(y).map(|y| format!("{y}-{code}"))
        }
        Sem::Quarter { q, year } => part_of_year(dct, year, "Q", q, 4, tense),
        Sem::Half { h, year } => part_of_year(dct, year, "H", h, 2, tense),
        Sem::Decade(d) => (0..=999).contains(&d).then(|| format!("{d:03}")),
        // "the '90s": the latest such decade not after the DCT; without one, the century is unsaid.
        Sem::DecadeShort(d) => match dct {
            Some(dct) => {
                let century = dct.year().div_euclid(100);
                let decade =
                    if century * 100 + d * 10 <= dct.year() { century * 10 + d } else { (century - 1) * 10 + d };
                (0..=999).contains(&decade).then(|| format!("{decade:03}"))
            }
            None => Some(format!("XX{d}")),
        },
        Sem::Century(c) => (0..=99).contains(&c).then(|| format!("{c:02}")),
        Sem::Holiday { h, year } => holiday(dct, h, year, tense),
        Sem::Ref(f) => Some(
            match f {
                Fuzzy::Past => "PAST_REF",
                Fuzzy::Present => "PRESENT_REF",
                Fuzzy::Future => "FUTURE_REF",
            }
            .to_string(),
        ),
        // Anchored by the caller (`clock`); alone it takes the DCT's day.
        Sem::Clock { h, min, zone } => Some(clock(dct, h, min, zone)),
        Sem::Duration { n, unit } | Sem::Set { n, unit } => duration(n, unit),
        Sem::SetWeekday(d) => Some(format!("XXXX-WXX-{d}")),
        Sem::Range(ref a, ref b) => {
            let (a, b) = (value_opt(a, dct, tense)?, value_opt(b, dct, tense)?);
            range(&a, &b)
        }
        Sem::Fixed(v) => Some(v.to_string()),
        Sem::Vague => Some("PXX".to_string()),
        Sem::Invalid => None,
    }
}

/// A clock time on `day` (or an unknown day).
pub(crate) fn clock(day: Option<NaiveDate>, h: u32, min: u32, zone: Option<i16>) -> String {
    let date = day.and_then(fmt_date).unwrap_or_else(|| "XXXX-XX-XX".to_string());
    let zone = match zone {
        Some(0) => "Z".to_string(),
        Some(off) => {
            format!("{}{:02}:{:02}", if off < 0 { '-' } else { '+' }, off.unsigned_abs() / 60, off.unsigned_abs() % 60)
        }
        None => String::new(),
    };
    format!("{date}T{h:02}:{min:02}{zone}")
}

fn fmt_year(y: i32) -> Option<String> {
    (0..=9999).contains(&y).then(|| format!("{y:04}"))
}

fn fmt_date(d: NaiveDate) -> Option<String> {
    fmt_year(d.year()).map(|y| format!("{y}-{:02}-{:02}", d.month(), d.day()))
}

fn fmt_week(d: NaiveDate) -> Option<String> {
    let w = d.iso_week();
    fmt_year(w.year()).map(|y| format!("{y}-W{:02}", w.week()))
}

fn add_days(d: NaiveDate, n: i64) -> Option<NaiveDate> {
    d.checked_add_signed(chrono::TimeDelta::try_days(n)?)
}

fn add_months(d: NaiveDate, n: i64) -> Option<NaiveDate> {
    let first = d.with_day(1)?;
    let m = u32::try_from(n.unsigned_abs()).ok()?;
    if n >= 0 {
        first.checked_add_months(Months::new(m))
    } else {
        first.checked_sub_months(Months::new(m))
    }
}

/// The occurrence of month `m`, day `d` nearest the DCT: this year's or the one either side, or
/// for February 29 the nearest leap year within four.
fn nearest_month_day(dct: NaiveDate, m: u32, d: u32) -> Option<NaiveDate> {
    let y = dct.year();
    let nearest = |years: &[i32]| {
        years
            .iter()
            .filter_map(|&k| y.checked_add(k).and_then(|y| NaiveDate::from_ymd_opt(y, m, d)))
            .min_by_key(|c| (*c - dct).num_days().abs())
    };
    nearest(&[-1, 0, 1]).or_else(|| nearest(&[-4, -3, -2, 2, 3, 4]))
}

/// How far (days) the nearest occurrence of a month and day may lie on the side the verb's tense
/// contradicts before the occurrence on the other side is taken instead ("the vote is to be held
/// on November 20", written in May: that November, not the last).
const AGAINST_TENSE_DAYS: i64 = 90;

/// A month and day without a year: the occurrence nearest the DCT, unless it lies more than
/// [`AGAINST_TENSE_DAYS`] on the side the tense rules out.
fn month_day(dct: NaiveDate, m: u32, d: u32, tense: &dyn Fn() -> Tense) -> Option<NaiveDate> {
    let near = nearest_month_day(dct, m, d)?;
    let dist = (near - dct).num_days();
    if dist.abs() <= AGAINST_TENSE_DAYS {
        return Some(near);
    }
    let step = |y: i32| NaiveDate::from_ymd_opt(y, m, d);
    match tense() {
        Tense::Future if dist < 0 => step(near.year() + 1).or(Some(near)),
        Tense::Past if dist > 0 => step(near.year() - 1).or(Some(near)),
        _ => Some(near),
    }
}

/// The year of a month named without one.
fn month_year(dct: NaiveDate, m: u32, rel: Rel, tense: &dyn Fn() -> Tense) -> i32 {
    let (y, cur) = (dct.year(), dct.month());
    match rel {
        Rel::This => y,
        Rel::Last | Rel::ThisPast => {
            if m < cur {
                y
            } else {
                y - 1
            }
        }
        Rel::Next => {
            if m > cur {
                y
            } else {
                y + 1
            }
        }
        Rel::Bare => match tense() {
            Tense::Past => {
                if m <= cur {
                    y
                } else {
                    y - 1
                }
            }
            Tense::Future => {
                if m >= cur {
                    y
                } else {
                    y + 1
                }
            }
            _ => {
                // The nearest; a tie (six months either way) goes to the past.
                let diff = m as i32 - cur as i32;
                if diff > 6 {
                    y - 1
                } else if diff < -6 {
                    y + 1
                } else {
                    y
                }
            }
        },
    }
}

/// The date a weekday name points to.
fn weekday_date(dct: NaiveDate, wd: u8, rel: Rel, tense: &dyn Fn() -> Tense) -> Option<NaiveDate> {
    let cur = dct.weekday().number_from_monday() as i64;
    let ahead = (i64::from(wd) - cur).rem_euclid(7); // 0..=6 days to the next one
    let back = (7 - ahead) % 7; // 0..=6 days since the last one
    let offset = match rel {
        Rel::Last | Rel::ThisPast => {
            if back == 0 {
                -7
            } else {
                -back
            }
        }
        Rel::Next => {
            if ahead == 0 {
                7
            } else {
                ahead
            }
        }
        Rel::This | Rel::Bare => {
            if ahead == 0 {
                0
            } else {
                match tense() {
                    Tense::Past => -back,
                    Tense::Future => ahead,
                    _ => {
                        if ahead <= 3 {
                            ahead
                        } else {
                            -back
                        }
                    }
                }
            }
        }
    };
    add_days(dct, offset)
}

/// Which weekend, in weeks from the DCT's ISO week.
fn weekend_week(dct: NaiveDate, rel: Rel, tense: &dyn Fn() -> Tense) -> i32 {
    let wd = dct.weekday();
    match rel {
        Rel::ThisPast => {
            if wd == Weekday::Sun {
                0
            } else {
                -1
            }
        }
        Rel::Last => -1,
        Rel::Next => {
            if matches!(wd, Weekday::Sat | Weekday::Sun) {
                1
            } else {
                0
            }
        }
        Rel::This | Rel::Bare => match tense() {
            Tense::Past if !matches!(wd, Weekday::Sat | Weekday::Sun) => -1,
            Tense::Future if wd == Weekday::Sun => 1,
            _ => 0,
        },
    }
}

fn unit_rel(dct: NaiveDate, unit: Unit, offset: i32) -> Option<String> {
    let y = dct.year();
    match unit {
        Unit::Week | Unit::Fortnight => fmt_week(add_days(dct, 7 * i64::from(offset))?),
        Unit::Weekend => fmt_week(add_days(dct, 7 * i64::from(offset))?).map(|w| format!("{w}-WE")),
        Unit::Day => fmt_date(add_days(dct, i64::from(offset))?),
        Unit::Month => {
            let d = add_months(dct, i64::from(offset))?;
            fmt_year(d.year()).map(|y| format!("{y}-{:02}", d.month()))
        }
        Unit::Quarter => {
            let q = y.checked_mul(4)? + (dct.month0() / 3) as i32 + offset;
            fmt_year(q.div_euclid(4)).map(|y| format!("{y}-Q{}", q.rem_euclid(4) + 1))
        }
        Unit::Year => fmt_year(y.checked_add(offset)?),
        Unit::Decade => {
            let d = y.div_euclid(10) + offset;
            (0..=999).contains(&d).then(|| format!("{d:03}"))
        }
        Unit::Century => {
            let c = y.div_euclid(100) + offset;
            (0..=99).contains(&c).then(|| format!("{c:02}"))
        }
        Unit::Second | Unit::Minute | Unit::Hour => fmt_date(dct),
    }
}

/// "two years ago": the DCT moved back, at the unit's granularity.
fn ago(dct: Option<NaiveDate>, n: Amount, unit: Unit, sign: i32) -> Option<String> {
    let Amount::N(v) = n else {
        return Some(if sign < 0 { "PAST_REF" } else { "FUTURE_REF" }.to_string());
    };
    let Some(dct) = dct else {
        return Some(
            match unit {
                Unit::Year => "XXXX",
                Unit::Month => "XXXX-XX",
                Unit::Week => "XXXX-WXX",
                Unit::Decade => "XXX",
                Unit::Century => "XX",
                Unit::Quarter => "XXXX-QX",
                _ => "XXXX-XX-XX",
            }
            .to_string(),
        );
    };
    let whole = |x: f64| (x.fract() == 0.0 && x.abs() < 1e6).then_some(x as i64 * i64::from(sign));
    match unit {
        Unit::Year if v.fract() != 0.0 => {
            let months = whole(v * 12.0)?;
            let d = add_months(dct, months)?;
            fmt_year(d.year()).map(|y| format!("{y}-{:02}", d.month()))
        }
        Unit::Year => fmt_year(dct.year().checked_add(i32::try_from(whole(v)?).ok()?)?),
        Unit::Month => {
            let d = add_months(dct, whole(v)?)?;
            fmt_year(d.year()).map(|y| format!("{y}-{:02}", d.month()))
        }
        Unit::Week | Unit::Fortnight => {
            let weeks = whole(if unit == Unit::Fortnight { v * 2.0 } else { v })?;
            fmt_week(add_days(dct, weeks.checked_mul(7)?)?)
        }
        Unit::Weekend => fmt_week(add_days(dct, whole(v)?.checked_mul(7)?)?).map(|w| format!("{w}-WE")),
        Unit::Day => fmt_date(add_days(dct, whole(v)?)?),
        Unit::Quarter => unit_rel(dct, Unit::Quarter, i32::try_from(whole(v)?).ok()?),
        Unit::Decade => {
            let years = i32::try_from(whole(v)?.checked_mul(10)?).ok()?;
            let d = dct.year().checked_add(years)?.div_euclid(10);
            (0..=999).contains(&d).then(|| format!("{d:03}"))
        }
        Unit::Century => {
            let years = i32::try_from(whole(v)?.checked_mul(100)?).ok()?;
            let c = dct.year().checked_add(years)?.div_euclid(100);
            (0..=99).contains(&c).then(|| format!("{c:02}"))
        }
        Unit::Hour | Unit::Minute | Unit::Second => fmt_date(dct),
    }
}

/// Season number (spring 0 … winter 3) and season year of a date; a winter belongs to the year of
/// its December.
fn season_of(d: NaiveDate) -> (i32, i32) {
    match d.month() {
        3..=5 => (d.year(), 0),
        6..=8 => (d.year(), 1),
        9..=11 => (d.year(), 2),
        12 => (d.year(), 3),
        _ => (d.year() - 1, 3),
    }
}

/// The year of season `s` (1–4): `k` = this (0), last (-1), next (+1); `None` = bare (tense).
/// "This summer" is the one of the DCT's calendar year (a winter: the one of the December that
/// opens it, so in January "this winter" is the one under way); "next" is a year after it, "last"
/// the one before the current season.
fn season_year(dct: NaiveDate, s: u8, k: Option<i32>, tense: &dyn Fn() -> Tense) -> i32 {
    let (cy, cs) = season_of(dct);
    let cur = cy * 4 + cs;
    let s = i32::from(s.clamp(1, 4)) - 1;
    let this = if s == 3 { cy * 4 + 3 } else { dct.year() * 4 + s };
    let ord = match k {
        Some(0) => this,
        Some(k) if k < 0 => {
            if this < cur {
                this
            } else {
                this - 4
            }
        }
        Some(_) => this + 4,
        None => match tense() {
            Tense::Past if this > cur => this - 4,
            Tense::Future if this < cur => this + 4,
            _ => this,
        },
    };
    ord.div_euclid(4)
}

/// Quarters and halves: "the first quarter", "Q3 2009", "the second half of the year".
fn part_of_year(
    dct: Option<NaiveDate>,
    year: YearRef,
    letter: &str,
    n: u8,
    per_year: u32,
    tense: &dyn Fn() -> Tense,
) -> Option<String> {
    let y = match (year, dct) {
        (YearRef::Explicit(y), _) => y,
        (_, None) => return Some(format!("XXXX-{letter}{n}")),
        (YearRef::Rel(k), Some(d)) => d.year().checked_add(k)?,
        (YearRef::Bare, Some(d)) => {
            let cur = d.month0() * per_year / 12 + 1;
            if u32::from(n) <= cur || tense() == Tense::Future {
                d.year()
            } else {
                d.year() - 1
            }
        }
    };
    fmt_year(y).map(|y| format!("{y}-{letter}{n}"))
}

fn holiday_date(h: Holiday, y: i32) -> Option<NaiveDate> {
    match h {
        Holiday::Christmas => NaiveDate::from_ymd_opt(y, 12, 25),
        Holiday::ChristmasEve => NaiveDate::from_ymd_opt(y, 12, 24),
        Holiday::NewYear => NaiveDate::from_ymd_opt(y, 1, 1),
        Holiday::NewYearsEve => NaiveDate::from_ymd_opt(y, 12, 31),
        Holiday::Halloween => NaiveDate::from_ymd_opt(y, 10, 31),
        Holiday::Valentine => NaiveDate::from_ymd_opt(y, 2, 14),
        Holiday::Thanksgiving => NaiveDate::from_weekday_of_month_opt(y, 11, Weekday::Thu, 4),
        Holiday::Easter => easter(y),
    }
}

/// Western Easter Sunday (the anonymous Gregorian algorithm).
fn easter(y: i32) -> Option<NaiveDate> {
    if y < 1583 {
        return None;
    }
    let a = y % 19;
    let b = y / 100;
    let c = y % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(y, month as u32, day as u32)
}

fn holiday(dct: Option<NaiveDate>, h: Holiday, year: YearRef, tense: &dyn Fn() -> Tense) -> Option<String> {
    let date = match (year, dct) {
        (YearRef::Explicit(y), _) => holiday_date(h, y)?,
        (_, None) => {
            let fixed = holiday_date(h, 2001).filter(|_| !matches!(h, Holiday::Easter | Holiday::Thanksgiving));
            return Some(fixed.map_or("XXXX-XX-XX".to_string(), |d| format!("XXXX-{:02}-{:02}", d.month(), d.day())));
        }
        (YearRef::Rel(k), Some(d)) => holiday_date(h, d.year().checked_add(k)?)?,
        (YearRef::Bare, Some(d)) => {
            let y = d.year();
            let (prev, this, next) = (holiday_date(h, y - 1), holiday_date(h, y)?, holiday_date(h, y + 1));
            let before = if this <= d { Some(this) } else { prev };
            let after = if this >= d { Some(this) } else { next };
            match tense() {
                Tense::Past => before?,
                Tense::Future => after?,
                _ => match (before, after) {
                    (Some(b), Some(a)) => {
                        if (d - b).num_days() <= (a - d).num_days() {
                            b
                        } else {
                            a
                        }
                    }
                    (b, a) => b.or(a)?,
                },
            }
        }
    };
    fmt_date(date)
}

/// A TIMEX3 duration: "P2Y", "PT30M", "P2.5Y", "PXY".
pub(crate) fn duration(n: Amount, unit: Unit) -> Option<String> {
    let (scale, time, letter, x_letter) = match unit {
        Unit::Second => (1.0, true, "S", "S"),
        Unit::Minute => (1.0, true, "M", "M"),
        Unit::Hour => (1.0, true, "H", "H"),
        Unit::Day => (1.0, false, "D", "D"),
        Unit::Week => (1.0, false, "W", "W"),
        Unit::Weekend => (1.0, false, "WE", "WE"),
        Unit::Fortnight => (2.0, false, "W", "W"),
        Unit::Month => (1.0, false, "M", "M"),
        Unit::Quarter => (3.0, false, "M", "Q"),
        Unit::Year => (1.0, false, "Y", "Y"),
        Unit::Decade => (10.0, false, "Y", "DE"),
        Unit::Century => (100.0, false, "Y", "CE"),
    };
    let t = if time { "T" } else { "" };
    match n {
        Amount::X => Some(format!("P{t}X{x_letter}")),
        Amount::N(v) => {
            let v = v * scale;
            if !v.is_finite() || !(0.0..=1e9).contains(&v) {
                return None;
            }
            Some(format!("P{t}{}{letter}", fmt_amount(v)))
        }
    }
}

fn fmt_amount(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{}", v as u64)
    } else {
        let s = format!("{v:.3}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// The duration between two values of the same granularity ("2009", "2011" → "P2Y").
fn range(a: &str, b: &str) -> Option<String> {
    let parse = |s: &str| -> Option<Vec<i32>> { s.split('-').map(|p| p.parse().ok()).collect() };
    let (pa, pb) = (parse(a)?, parse(b)?);
    match (pa.as_slice(), pb.as_slice()) {
        ([ya], [yb]) if yb > ya => Some(format!("P{}Y", yb - ya)),
        ([ya, ma], [yb, mb]) => {
            let n = (yb * 12 + mb) - (ya * 12 + ma);
            (n > 0).then(|| format!("P{n}M"))
        }
        ([ya, ma, da], [yb, mb, db]) => {
            let a = NaiveDate::from_ymd_opt(*ya, *ma as u32, *da as u32)?;
            let b = NaiveDate::from_ymd_opt(*yb, *mb as u32, *db as u32)?;
            let n = (b - a).num_days();
            (n > 0).then(|| format!("P{n}D"))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn weekdays_follow_tense_and_nearness() {
        let mon = d("2013-05-06");
        let v = |wd, rel, t: Tense| fmt_date(weekday_date(mon, wd, rel, &|| t).unwrap()).unwrap();
        assert_eq!(v(2, Rel::Bare, Tense::Future), "2013-05-07");
        assert_eq!(v(2, Rel::Bare, Tense::Past), "2013-04-30");
        assert_eq!(v(3, Rel::Bare, Tense::Unknown), "2013-05-08");
        assert_eq!(v(6, Rel::Bare, Tense::Unknown), "2013-05-04");
        assert_eq!(v(1, Rel::Bare, Tense::Past), "2013-05-06");
        assert_eq!(v(1, Rel::Last, Tense::Unknown), "2013-04-29");
        assert_eq!(v(1, Rel::Next, Tense::Unknown), "2013-05-13");
    }

    #[test]
    fn month_day_takes_the_nearest_year() {
        assert_eq!(nearest_month_day(d("2010-01-25"), 12, 11), Some(d("2009-12-11")));
        assert_eq!(nearest_month_day(d("2008-07-02"), 2, 29), Some(d("2008-02-29")));
        assert_eq!(nearest_month_day(d("2009-07-02"), 2, 29), Some(d("2008-02-29")));
        assert_eq!(nearest_month_day(d("2009-07-02"), 2, 30), None);
    }

    #[test]
    fn seasons() {
        let t = || Tense::Unknown;
        assert_eq!(season_year(d("2010-09-15"), 2, Some(-1), &t), 2010);
        assert_eq!(season_year(d("2010-07-15"), 2, Some(-1), &t), 2009);
        assert_eq!(season_year(d("2010-07-15"), 2, Some(1), &t), 2011);
        assert_eq!(season_year(d("2010-04-15"), 2, Some(1), &t), 2011);
        assert_eq!(season_year(d("2011-01-15"), 2, Some(0), &t), 2011);
        assert_eq!(season_year(d("2011-02-15"), 2, Some(-1), &t), 2010);
        assert_eq!(season_year(d("2011-01-15"), 4, Some(0), &t), 2010);
        assert_eq!(season_year(d("2010-04-15"), 2, Some(0), &t), 2010);
    }

    #[test]
    fn durations() {
        assert_eq!(duration(Amount::N(2.5), Unit::Year).unwrap(), "P2.5Y");
        assert_eq!(duration(Amount::N(30.0), Unit::Minute).unwrap(), "PT30M");
        assert_eq!(duration(Amount::N(1.0), Unit::Decade).unwrap(), "P10Y");
        assert_eq!(duration(Amount::X, Unit::Decade).unwrap(), "PXDE");
        assert_eq!(range("2009", "2011").unwrap(), "P2Y");
    }

    #[test]
    fn easter_sundays() {
        assert_eq!(easter(2015), Some(d("2015-04-05")));
        assert_eq!(easter(2008), Some(d("2008-03-23")));
    }

    #[test]
    fn extreme_dcts_do_not_panic() {
        for dct in [NaiveDate::MIN, NaiveDate::MAX, d("0000-01-01"), d("9999-12-31")] {
            for unit in [Unit::Week, Unit::Month, Unit::Quarter, Unit::Year, Unit::Decade, Unit::Century, Unit::Day] {
                let _ = unit_rel(dct, unit, 1);
                let _ = unit_rel(dct, unit, -1);
                let _ = ago(Some(dct), Amount::N(999_999.0), unit, -1);
                let _ = ago(Some(dct), Amount::N(999_999.0), unit, 1);
            }
            let _ = weekday_date(dct, 3, Rel::Next, &|| Tense::Unknown);
            let _ = nearest_month_day(dct, 2, 29);
            let _ = season_year(dct, 4, Some(1), &|| Tense::Unknown);
        }
    }
}
