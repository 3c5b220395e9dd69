//! A load test of `herald serve` on loopback (issue 8), driven by `scripts/load.sh`.
//!
//! It exists to measure what a team would feel: many readers at once while an ingest writes.
//! Standard library only (threads and `TcpStream`, HTTP/1.1 with keep-alive), so it adds no
//! dependency and measures the server rather than a client library.
//!
//! - `load gen --seeds DIR [--seeds DIR]... --n N --out FILE.jsonl` writes N distinct articles made
//!   by recombining the sentences of the `.txt` files in DIR (deterministic: same input, same file),
//!   as JSON Lines `herald ingest` reads (id, title, text, source, date).
//! - `load run --base http://127.0.0.1:PORT [--clients 50] [--seconds 30] [--while-pid PID]` runs
//!   that many clients for that long (or until process PID, the ingest, has ended), each cycling through the routes (story list, story pages, events, the events
//!   page, and search when the server has `/api/search`), and prints p50, p99, max latency and
//!   errors per route. Exit status 1 when any request failed. By default each client sends its
//!   next request as soon as the last one is answered (closed loop, the worst case: latency is
//!   then clients / throughput); `--pause-ms MS` makes each client wait that long between
//!   requests, like a person reading a page.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("gen") => gen(&args[1..]),
        Some("run") => run(&args[1..]),
        _ => Err("usage: load gen --seeds DIR --n N --out FILE | load run --base URL [--clients 50] [--seconds 30]"
            .to_string()),
    };
    match result {
        Ok(true) => {}
        Ok(false) => std::process::exit(1),
        Err(e) => {
            eprintln!("load: {e}");
            std::process::exit(2);
        }
    }
}

/// `--name value` pairs; a name given twice keeps every value.
fn flags(args: &[String]) -> Result<BTreeMap<String, Vec<String>>, String> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let name = a.strip_prefix("--").ok_or_else(|| format!("unexpected argument {a:?}"))?;
        let value = it.next().ok_or_else(|| format!("--{name} needs a value"))?;
        out.entry(name.to_string()).or_default().push(value.clone());
    }
    Ok(out)
}

fn one<T: std::str::FromStr>(f: &BTreeMap<String, Vec<String>>, name: &str, default: Option<T>) -> Result<T, String> {
    match f.get(name).and_then(|v| v.last()) {
        Some(v) => v.parse().map_err(|_| format!("--{name}: cannot read {v:?}")),
        None => default.ok_or_else(|| format!("--{name} is required")),
    }
}

/// A small deterministic generator (xorshift64*): the articles are the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Sentences of a text: split after `.`, `?` or `!` followed by a space, lines kept apart.
fn sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.lines() {
        let mut start = 0;
        let bytes = line.as_bytes();
        for i in 0..bytes.len() {
            let end = matches!(bytes[i], b'.' | b'?' | b'!') && (i + 1 == bytes.len() || bytes[i + 1] == b' ');
            if end {
                push_sentence(&mut out, &line[start..=i]);
                start = i + 1;
            }
        }
        push_sentence(&mut out, &line[start..]);
    }
    out
}

fn push_sentence(out: &mut Vec<String>, s: &str) {
    let s = s.trim();
    // Long enough to be a sentence of news, not a dateline or a byline.
    if s.split_whitespace().count() >= 6 {
        out.push(s.to_string());
    }
}

fn json_str(s: &str) -> String {
    serde_json::Value::from(s).to_string()
}

const OUTLETS: [&str; 8] = [
    "Loopback Post",
    "Test Herald",
    "Daily Fixture",
    "Synthetic Times",
    "Sample Wire",
    "Bench Tribune",
    "Mock Observer",
    "Replay News",
];

/// A made-up capitalised word from syllables, such as "Velmorand".
fn word(rng: &mut Rng) -> String {
    const SYL: [&str; 16] = [
        "vel", "mor", "and", "qui", "stan", "bre", "lo", "dar", "kes", "tin", "ova", "rup", "sel", "gha", "nir", "pol",
    ];
    let mut w: String = (0..2 + rng.below(2)).map(|_| SYL[rng.below(SYL.len())]).collect();
    w[..1].make_ascii_uppercase();
    w
}

/// One article: a title sentence, then 5 to 12 sentences, a date, an outlet. Articles come in
/// groups of 8 that report one made-up affair (its own place and accord names, dates within 3
/// days of each other), the way a story is covered by several outlets, so that the store holds
/// many stories rather than one; groups are spread over four years.
fn article(pool: &[String], i: usize, rng: &mut Rng) -> String {
    let mut group = Rng(0x5151_5151 ^ ((i / 8) as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15));
    let (place, accord) = (word(&mut group), word(&mut group));
    let (year, month, day) = (2013 + group.below(4), 1 + group.below(12), 1 + group.below(25));
    let title = format!("{place}: {}", pool[rng.below(pool.len())].trim_end_matches('.'));
    let n = 5 + rng.below(8);
    let mut body: Vec<String> = (0..n).map(|_| pool[rng.below(pool.len())].clone()).collect();
    body.insert(0, format!("Officials met in {place} on the {accord} accord, a spokesman said."));
    body.push(format!("Talks on the {accord} accord in {place} are expected to continue."));
    format!(
        "{{\"id\":\"load-{i}\",\"title\":{},\"text\":{},\"source\":{},\"date\":\"{year}-{month:02}-{:02}\"}}\n",
        json_str(&title),
        json_str(&body.join(" ")),
        json_str(OUTLETS[rng.below(OUTLETS.len())]),
        day + rng.below(3)
    )
}

fn gen(args: &[String]) -> Result<bool, String> {
    let f = flags(args)?;
    let n: usize = one(&f, "n", Some(10_000))?;
    let out: PathBuf = one(&f, "out", None)?;
    let first: u64 = one(&f, "first", Some(0))?;
    let mut pool = Vec::new();
    for dir in f.get("seeds").ok_or("--seeds DIR is required")? {
        let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
            .map_err(|e| format!("{dir}: {e}"))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect();
        files.sort();
        for p in files {
            let text = std::fs::read_to_string(&p).map_err(|e| format!("{}: {e}", p.display()))?;
            pool.extend(sentences(&text));
        }
    }
    if pool.len() < 10 {
        return Err(format!("only {} sentences found in the --seeds folders: too few to recombine", pool.len()));
    }
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ first.wrapping_mul(0x1000_0001));
    let mut w = std::io::BufWriter::new(std::fs::File::create(&out).map_err(|e| format!("{}: {e}", out.display()))?);
    for i in 0..n {
        w.write_all(article(&pool, first as usize + i, &mut rng).as_bytes()).map_err(|e| e.to_string())?;
    }
    w.flush().map_err(|e| e.to_string())?;
    eprintln!("load gen: {n} articles from {} sentences into {}", pool.len(), out.display());
    Ok(true)
}

/// One keep-alive HTTP/1.1 connection.
struct Conn {
    addr: String,
    host: String,
    stream: Option<BufReader<TcpStream>>,
}

/// The answer to one request: status and body.
struct Answer {
    status: u16,
    body: Vec<u8>,
}

impl Conn {
    fn new(addr: &str) -> Conn {
        Conn { addr: addr.to_string(), host: addr.to_string(), stream: None }
    }

    fn get(&mut self, path: &str) -> Result<Answer, String> {
        // A kept-alive connection the server closed fails on first use: retry once on a new one.
        match self.try_get(path) {
            Ok(a) => Ok(a),
            Err(_) if self.stream.is_none() => self.try_get(path),
            Err(e) => Err(e),
        }
    }

    fn try_get(&mut self, path: &str) -> Result<Answer, String> {
        if self.stream.is_none() {
            let s = TcpStream::connect(&self.addr).map_err(|e| format!("connect: {e}"))?;
            s.set_nodelay(true).ok();
            s.set_read_timeout(Some(Duration::from_secs(30))).ok();
            self.stream = Some(BufReader::new(s));
        }
        let result = self.exchange(path);
        if result.is_err() {
            self.stream = None;
        }
        result
    }

    fn exchange(&mut self, path: &str) -> Result<Answer, String> {
        let r = self.stream.as_mut().ok_or("no connection")?;
        let req = format!("GET {path} HTTP/1.1\r\nHost: {}\r\nAccept: */*\r\n\r\n", self.host);
        r.get_mut().write_all(req.as_bytes()).map_err(|e| format!("write: {e}"))?;
        let mut line = String::new();
        r.read_line(&mut line).map_err(|e| format!("read: {e}"))?;
        let status: u16 = line
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| format!("bad status line {line:?}"))?;
        let (mut length, mut chunked, mut close) = (None, false, false);
        loop {
            line.clear();
            r.read_line(&mut line).map_err(|e| format!("read: {e}"))?;
            let l = line.trim_end();
            if l.is_empty() {
                break;
            }
            if let Some((k, v)) = l.split_once(':') {
                let (k, v) = (k.trim().to_ascii_lowercase(), v.trim());
                match k.as_str() {
                    "content-length" => length = v.parse::<usize>().ok(),
                    "transfer-encoding" => chunked = v.eq_ignore_ascii_case("chunked"),
                    "connection" => close = v.eq_ignore_ascii_case("close"),
                    _ => {}
                }
            }
        }
        let mut body = Vec::new();
        if chunked {
            loop {
                line.clear();
                r.read_line(&mut line).map_err(|e| format!("read: {e}"))?;
                let size = usize::from_str_radix(line.trim().split(';').next().unwrap_or(""), 16)
                    .map_err(|_| format!("bad chunk size {line:?}"))?;
                let mut chunk = vec![0; size + 2];
                r.read_exact(&mut chunk).map_err(|e| format!("read: {e}"))?;
                if size == 0 {
                    break;
                }
                body.extend_from_slice(&chunk[..size]);
            }
        } else if let Some(n) = length {
            body.resize(n, 0);
            r.read_exact(&mut body).map_err(|e| format!("read: {e}"))?;
        } else {
            r.read_to_end(&mut body).map_err(|e| format!("read: {e}"))?;
            close = true;
        }
        if close {
            self.stream = None;
        }
        Ok(Answer { status, body })
    }
}

/// Story ids for the story pages: from the API's story list.
fn story_ids(conn: &mut Conn) -> Result<Vec<String>, String> {
    let a = conn.get("/api/stories?limit=100")?;
    if a.status != 200 {
        return Err(format!("/api/stories answered {}", a.status));
    }
    let v: serde_json::Value = serde_json::from_slice(&a.body).map_err(|e| format!("/api/stories: {e}"))?;
    let ids = v["items"]
        .as_array()
        .map(|items| items.iter().filter_map(|i| i["id"].as_str().map(str::to_string)).collect())
        .unwrap_or_default();
    Ok(ids)
}

/// The number of documents stored, from `/api/status`.
fn documents(conn: &mut Conn) -> Result<u64, String> {
    let a = conn.get("/api/status")?;
    let v: serde_json::Value = serde_json::from_slice(&a.body).map_err(|e| format!("/api/status: {e}"))?;
    v["documents"].as_u64().ok_or_else(|| format!("/api/status has no document count ({})", a.status))
}

#[derive(Default)]
struct Stats {
    latencies: Vec<Duration>,
    errors: u64,
    first_error: Option<String>,
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn ms(d: Duration) -> String {
    format!("{:.1}", d.as_secs_f64() * 1000.0)
}

fn run(args: &[String]) -> Result<bool, String> {
    let f = flags(args)?;
    let base: String = one(&f, "base", None)?;
    let clients: usize = one(&f, "clients", Some(50))?;
    let seconds: f64 = one(&f, "seconds", Some(30.0))?;
    let pause = Duration::from_millis(one(&f, "pause-ms", Some(0))?);
    let while_pid: Option<u32> = f.get("while-pid").and_then(|v| v.last()).and_then(|v| v.parse().ok());
    let addr = base.trim_start_matches("http://").trim_end_matches('/').to_string();
    let mut probe = Conn::new(&addr);
    let documents_before = documents(&mut probe)?;
    let ids = story_ids(&mut probe)?;
    if ids.is_empty() {
        return Err("the store has no stories: ingest something first".into());
    }
    let words = ["Kerry", "Putin", "Syria", "sanctions", "Moscow", "talks", "Iran", "meeting"];
    let search = probe.get("/api/search?q=Kerry")?.status == 200;
    let mut routes: Vec<&'static str> =
        vec!["GET /api/stories", "GET /stories/{id}", "GET /api/stories/{id}", "GET /api/events", "GET /events"];
    if search {
        routes.push("GET /api/search");
    }
    eprintln!(
        "load run: {clients} clients for {seconds} s on {base}; {} stories to read; search {}",
        ids.len(),
        if search { "present" } else { "absent (no /api/search): not measured" }
    );
    // Stories the ingest opens are read too: the list is refreshed every 2 s.
    let ids = Arc::new(Mutex::new(Arc::new(ids)));
    let stop = Arc::new(AtomicBool::new(false));
    let started = Instant::now();
    let mut handles = Vec::new();
    for c in 0..clients {
        let (ids, stop, addr, routes) = (ids.clone(), stop.clone(), addr.clone(), routes.clone());
        handles.push(std::thread::spawn(move || {
            let mut conn = Conn::new(&addr);
            let mut stats: BTreeMap<&'static str, Stats> = BTreeMap::new();
            let mut rng = Rng(0xDEAD_BEEF ^ (c as u64 + 1).wrapping_mul(0x9E37_79B9));
            let mut i = c;
            while !stop.load(Ordering::Relaxed) {
                if !pause.is_zero() {
                    std::thread::sleep(pause);
                }
                let route = routes[i % routes.len()];
                i += 1;
                let ids = ids.lock().map(|l| l.clone()).unwrap_or_default();
                let id = &ids[rng.below(ids.len())];
                let path = match route {
                    "GET /api/stories" => format!("/api/stories?limit=20&offset={}", 20 * rng.below(3)),
                    "GET /stories/{id}" => format!("/stories/{id}"),
                    "GET /api/stories/{id}" => format!("/api/stories/{id}"),
                    "GET /api/events" => format!("/api/events?limit=20&offset={}", 20 * rng.below(3)),
                    "GET /events" => "/events".to_string(),
                    _ => format!("/api/search?q={}", words[rng.below(words.len())]),
                };
                let t = Instant::now();
                let answer = conn.get(&path);
                let took = t.elapsed();
                let s = stats.entry(route).or_default();
                match answer {
                    Ok(a) if a.status == 200 && !a.body.is_empty() => s.latencies.push(took),
                    Ok(a) => {
                        s.errors += 1;
                        s.first_error.get_or_insert_with(|| {
                            format!(
                                "{path}: {} {}",
                                a.status,
                                String::from_utf8_lossy(&a.body).chars().take(200).collect::<String>()
                            )
                        });
                    }
                    Err(e) => {
                        s.errors += 1;
                        s.first_error.get_or_insert_with(|| format!("{path}: {e}"));
                    }
                }
            }
            stats
        }));
    }
    // Until the time limit, or until the process given by --while-pid (the ingest) has ended.
    let limit = Duration::from_secs_f64(seconds);
    let watched = while_pid.map(|pid| PathBuf::from(format!("/proc/{pid}")));
    let mut refreshed = Instant::now();
    while started.elapsed() < limit {
        std::thread::sleep(Duration::from_millis(100));
        if refreshed.elapsed() > Duration::from_secs(2) {
            refreshed = Instant::now();
            if let Ok(fresh) = story_ids(&mut probe) {
                if !fresh.is_empty() {
                    if let Ok(mut l) = ids.lock() {
                        *l = Arc::new(fresh);
                    }
                }
            }
        }
        if watched.as_ref().is_some_and(|p| !p.exists()) {
            eprintln!("load run: the watched process (pid {}) ended", while_pid.unwrap_or_default());
            break;
        }
    }
    stop.store(true, Ordering::Relaxed);
    let mut all: BTreeMap<&'static str, Stats> = BTreeMap::new();
    for h in handles {
        for (route, s) in h.join().map_err(|_| "a client thread panicked")? {
            let t = all.entry(route).or_default();
            t.latencies.extend(s.latencies);
            t.errors += s.errors;
            if t.first_error.is_none() {
                t.first_error = s.first_error;
            }
        }
    }
    let elapsed = started.elapsed().as_secs_f64();
    let documents_after = documents(&mut probe)?;
    println!(
        "{clients} clients ({} ms pause) for {elapsed:.1} s; documents stored {documents_before} at the start, {documents_after} at the end",
        pause.as_millis()
    );
    println!(
        "{:<24} {:>8} {:>8} {:>9} {:>9} {:>9} {:>7}",
        "route", "ok", "req/s", "p50 ms", "p99 ms", "max ms", "errors"
    );
    let mut failed = false;
    for route in &routes {
        let Some(s) = all.get_mut(route) else { continue };
        s.latencies.sort();
        println!(
            "{:<24} {:>8} {:>8.1} {:>9} {:>9} {:>9} {:>7}",
            route,
            s.latencies.len(),
            s.latencies.len() as f64 / elapsed,
            ms(percentile(&s.latencies, 50.0)),
            ms(percentile(&s.latencies, 99.0)),
            ms(s.latencies.last().copied().unwrap_or_default()),
            s.errors
        );
        if let Some(e) = &s.first_error {
            println!("    first error: {e}");
        }
        failed |= s.errors > 0;
    }
    Ok(!failed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_split_on_end_marks_and_drop_short_pieces() {
        let s = sentences("Kerry met Putin in Sochi on Tuesday. He left. Did the talks go well at all in the end? Yes\nA second line with six words here");
        assert_eq!(
            s,
            vec![
                "Kerry met Putin in Sochi on Tuesday.",
                "Did the talks go well at all in the end?",
                "A second line with six words here"
            ]
        );
    }

    #[test]
    fn percentiles_are_ranks_of_the_sorted_latencies() {
        let v: Vec<Duration> = (1..=100).map(Duration::from_millis).collect();
        assert_eq!(percentile(&v, 50.0), Duration::from_millis(50));
        assert_eq!(percentile(&v, 99.0), Duration::from_millis(99));
        assert_eq!(percentile(&v[..1], 99.0), Duration::from_millis(1));
        assert_eq!(percentile(&[], 99.0), Duration::ZERO);
    }

    #[test]
    fn generated_articles_are_json_lines_with_distinct_ids() {
        let pool: Vec<String> = (0..20).map(|i| format!("Sentence number {i} has \"quotes\" and six words.")).collect();
        let mut rng = Rng(7);
        let a = article(&pool, 1, &mut rng);
        let b = article(&pool, 2, &mut rng);
        assert!(a.ends_with('\n') && !a.trim_end().contains('\n'));
        assert!(a.starts_with("{\"id\":\"load-1\",") && b.starts_with("{\"id\":\"load-2\","));
        assert!(a.contains("\\\"quotes\\\""));
        assert_ne!(a, b);
    }
}
