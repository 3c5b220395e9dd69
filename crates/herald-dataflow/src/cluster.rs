//! Who takes part in a run and how they find each other, checked before any work starts.
//!
//! A [`Cluster`] is this process's view of the run: worker threads per process, the number of
//! processes, this process's index and every process's `host:port` (a hostfile, one address a
//! line in process order, or `127.0.0.1:2101+i` on one machine). [`connect`] then opens the
//! connections between the processes itself, with a deadline, instead of letting timely retry
//! forever: every process listens on its own address, dials every process with a lower index
//! (the direction timely uses), and the two say hello: a protocol tag, the build each runs, the
//! process and worker counts. Process 0 waits until every other process has dialled everyone it
//! must and reported ready, then sends each one "go" with the run's settings (so only process 0
//! needs the command line's options). Any difference (another build, other counts, an index
//! used twice) or any process missing at the deadline is an error on every process that can
//! still be told, before timely starts. The connections that carried the hellos are the ones
//! timely then uses: there is no second connection phase that could hang.
//!
//! Handshake lines are read one byte at a time so that nothing timely sends after "go" is
//! swallowed by a buffer.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream, ToSocketAddrs};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The most worker threads one process may run: far above any machine's useful thread count,
/// low enough to refuse a typo such as 10,000.
pub const MAX_WORKERS_PER_PROCESS: usize = 256;
/// The most processes a run may have.
pub const MAX_PROCESSES: usize = 1024;
/// The first port of the default addresses (`127.0.0.1:2101`, `:2102`, ...), as timely's.
pub const DEFAULT_BASE_PORT: u16 = 2101;
/// The handshake's protocol tag; a process speaking another one is refused.
const PROTOCOL: &str = "herald-run/1";
/// The longest handshake line accepted.
const MAX_LINE: usize = 64 * 1024;

/// Why a run cannot start.
#[derive(Debug, thiserror::Error)]
pub enum ClusterError {
    #[error("{0}")]
    Invalid(String),
    #[error("hostfile {path}: {why}")]
    Hostfile { path: String, why: String },
    #[error("cannot listen on {addr} (process {process}'s address): {why}; is this machine that host, and is the port free?")]
    Listen { addr: String, process: usize, why: String },
    #[error("cannot reach process {process} at {addr} within {secs}s: {why}; is it started, with the same hostfile, and is the host reachable?")]
    Unreachable { process: usize, addr: String, secs: u64, why: String },
    #[error("no word from process(es) {missing} within {secs}s: are they started, with the same hostfile, and can they reach every process with a lower index?")]
    Missing { missing: String, secs: u64 },
    #[error("process {process} does not match process {other}: {why}")]
    Mismatch { process: usize, other: usize, why: String },
    #[error("the handshake with process {process} failed: {why}")]
    Protocol { process: usize, why: String },
    #[error("process 0 stopped the run before it started: {0}")]
    Aborted(String),
}

/// This process's view of a run (see the module doc).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cluster {
    /// Worker threads in every process.
    pub workers: usize,
    pub processes: usize,
    /// This process's index, `0..processes`.
    pub process: usize,
    /// `host:port` of every process, in process order.
    pub addresses: Vec<String>,
}

impl Cluster {
    /// Checks the counts and builds the address list: from `hostfile` (its path and text) when
    /// given, else `127.0.0.1:2101+i`.
    pub fn new(
        workers: usize,
        processes: usize,
        process: usize,
        hostfile: Option<(&str, &str)>,
    ) -> Result<Cluster, ClusterError> {
        if workers == 0 || workers > MAX_WORKERS_PER_PROCESS {
            return Err(ClusterError::Invalid(format!(
                "--workers {workers}: a process runs between 1 and {MAX_WORKERS_PER_PROCESS} worker threads \
                 (one per core is the useful most)"
            )));
        }
        if processes == 0 || processes > MAX_PROCESSES {
            return Err(ClusterError::Invalid(format!(
                "--processes {processes}: a run has between 1 and {MAX_PROCESSES} processes"
            )));
        }
        if process >= processes {
            return Err(ClusterError::Invalid(format!(
                "--process {process}: the processes of a run of {processes} are numbered 0 to {}",
                processes - 1
            )));
        }
        let addresses = match hostfile {
            Some((path, text)) => {
                let all = parse_hostfile(text).map_err(|why| ClusterError::Hostfile { path: path.to_string(), why })?;
                if all.len() < processes {
                    return Err(ClusterError::Hostfile {
                        path: path.to_string(),
                        why: format!("it names {} address(es) and the run has {processes} processes", all.len()),
                    });
                }
                all.into_iter().take(processes).collect()
            }
            None => {
                if usize::from(DEFAULT_BASE_PORT) + processes > usize::from(u16::MAX) {
                    return Err(ClusterError::Invalid(format!("{processes} processes need a hostfile")));
                }
                (0..processes).map(|i| format!("127.0.0.1:{}", usize::from(DEFAULT_BASE_PORT) + i)).collect()
            }
        };
        Ok(Cluster { workers, processes, process, addresses })
    }

    /// Workers in the whole run.
    pub fn peers(&self) -> usize {
        self.workers * self.processes
    }

    /// The process a worker (by its index in the run) belongs to: timely numbers process `p`'s
    /// workers `p * workers .. (p + 1) * workers`.
    pub fn process_of(&self, worker: usize) -> usize {
        worker / self.workers
    }
}

/// The addresses of a hostfile: one `host:port` a line, in process order; blank lines and
/// lines starting with `#` are skipped.
pub fn parse_hostfile(text: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let bad = |why: &str| format!("line {}: `{line}` {why}", n + 1);
        let Some((host, port)) = line.rsplit_once(':') else {
            return Err(bad("is not host:port"));
        };
        if host.is_empty() || host.chars().any(char::is_whitespace) {
            return Err(bad("has no host name"));
        }
        match port.parse::<u16>() {
            Ok(p) if p > 0 => {}
            _ => return Err(bad("has no port number between 1 and 65535")),
        }
        if out.iter().any(|a| a == line) {
            return Err(bad("names an address twice"));
        }
        out.push(line.to_string());
    }
    if out.is_empty() {
        return Err("it names no address".to_string());
    }
    Ok(out)
}

/// What a process says of itself in the handshake.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Hello {
    process: usize,
    processes: usize,
    workers: usize,
    build: String,
}

impl Hello {
    fn line(&self) -> String {
        format!(
            "{PROTOCOL} process={} processes={} workers={} build={}\n",
            self.process, self.processes, self.workers, self.build
        )
    }

    fn parse(line: &str) -> Result<Hello, String> {
        let mut words = line.split_whitespace();
        let tag = words.next().unwrap_or("");
        if tag != PROTOCOL {
            return Err(format!("it speaks `{}`, not {PROTOCOL} (is it a herald of another version?)", short(tag)));
        }
        let mut hello = Hello { process: usize::MAX, processes: 0, workers: 0, build: String::new() };
        for w in words {
            let (k, v) = w.split_once('=').ok_or_else(|| format!("unreadable hello `{}`", short(line)))?;
            let num = || v.parse::<usize>().map_err(|_| format!("unreadable {k} `{}`", short(v)));
            match k {
                "process" => hello.process = num()?,
                "processes" => hello.processes = num()?,
                "workers" => hello.workers = num()?,
                "build" => hello.build = v.to_string(),
                _ => {}
            }
        }
        if hello.process == usize::MAX || hello.build.is_empty() {
            return Err(format!("incomplete hello `{}`", short(line)));
        }
        Ok(hello)
    }

    /// Why `other` cannot run with `self`, if it cannot.
    fn mismatch(&self, other: &Hello) -> Option<String> {
        if other.build != self.build {
            return Some(format!(
                "it runs build {}, this process runs build {}: start the same herald binary on every machine",
                other.build, self.build
            ));
        }
        if (other.processes, other.workers) != (self.processes, self.workers) {
            return Some(format!(
                "it was started with --processes {} --workers {}, this process with --processes {} --workers {}",
                other.processes, other.workers, self.processes, self.workers
            ));
        }
        None
    }
}

fn short(s: &str) -> String {
    s.chars().take(80).collect()
}

/// The connections of a process to every other (`None` at its own index) and the settings
/// process 0 sent: what [`crate::run`] hands to timely.
pub struct Connected {
    pub sockets: Vec<Option<TcpStream>>,
    pub settings: String,
}

/// Connects this process to every other one (see the module doc). `build` names the binary
/// (two processes with different builds refuse each other); `settings` is process 0's one-line
/// description of the run, returned to every process; `timeout` bounds the whole handshake.
pub fn connect(cluster: &Cluster, build: &str, settings: &str, timeout: Duration) -> Result<Connected, ClusterError> {
    if build.is_empty() || build.contains(char::is_whitespace) {
        return Err(ClusterError::Invalid(format!("build id `{build}` must be one word")));
    }
    if settings.contains('\n') {
        return Err(ClusterError::Invalid("the run's settings must fit on one line".into()));
    }
    let me =
        Hello { process: cluster.process, processes: cluster.processes, workers: cluster.workers, build: build.into() };
    let deadline = Instant::now() + timeout;
    if cluster.processes == 1 {
        return Ok(Connected { sockets: vec![None], settings: settings.to_string() });
    }
    let addr = &cluster.addresses[cluster.process];
    let listener = TcpListener::bind(addr.as_str()).map_err(|e| ClusterError::Listen {
        addr: addr.clone(),
        process: cluster.process,
        why: e.to_string(),
    })?;
    listener.set_nonblocking(true).map_err(|e| ClusterError::Listen {
        addr: addr.clone(),
        process: cluster.process,
        why: e.to_string(),
    })?;
    if cluster.process == 0 {
        coordinate(cluster, &me, listener, settings, deadline, timeout)
    } else {
        follow(cluster, &me, listener, deadline, timeout)
    }
}

/// Process 0: accept every other process, wait until each is ready, then say "go".
fn coordinate(
    cluster: &Cluster,
    me: &Hello,
    listener: TcpListener,
    settings: &str,
    deadline: Instant,
    timeout: Duration,
) -> Result<Connected, ClusterError> {
    let mut sockets: Vec<Option<TcpStream>> = (0..cluster.processes).map(|_| None).collect();
    let abort_all = |sockets: &mut Vec<Option<TcpStream>>, why: &str| {
        for s in sockets.iter_mut().flatten() {
            let _ = s.write_all(format!("ABORT {}\n", why.replace('\n', " ")).as_bytes());
        }
    };
    while sockets.iter().skip(1).any(Option::is_none) {
        if Instant::now() >= deadline {
            let missing = missing(cluster, &sockets);
            let err = ClusterError::Missing { missing, secs: timeout.as_secs() };
            abort_all(&mut sockets, &err.to_string());
            return Err(err);
        }
        let mut stream = match listener.accept() {
            Ok((s, _)) => s,
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                std::thread::sleep(Duration::from_millis(20));
                continue;
            }
            Err(e) => {
                return Err(ClusterError::Listen { addr: cluster.addresses[0].clone(), process: 0, why: e.to_string() })
            }
        };
        let hello =
            match prepare(&stream, deadline).and_then(|()| read_line(&mut stream)).and_then(|l| Hello::parse(&l)) {
                Ok(h) => h,
                // Not one of ours (a port scanner, a stray connection): ignore it.
                Err(_) => continue,
            };
        let _ = stream.write_all(me.line().as_bytes());
        let refused = if let Some(why) = me.mismatch(&hello) {
            Some(ClusterError::Mismatch { process: hello.process, other: 0, why })
        } else if hello.process == 0 || hello.process >= cluster.processes {
            Some(ClusterError::Protocol {
                process: hello.process,
                why: "it claims an index this run does not have".into(),
            })
        } else if sockets[hello.process].is_some() {
            Some(ClusterError::Protocol { process: hello.process, why: "two processes claim this index".into() })
        } else {
            None
        };
        if let Some(err) = refused {
            let _ = stream.write_all(format!("ABORT {err}\n").as_bytes());
            abort_all(&mut sockets, &err.to_string());
            return Err(err);
        }
        sockets[hello.process] = Some(stream);
    }
    // Everyone is here; wait until each has reached the processes below it.
    for i in 1..cluster.processes {
        let Some(stream) = sockets[i].as_mut() else { continue };
        let answer = prepare(stream, deadline).and_then(|()| read_line(stream));
        let err = match answer.as_deref() {
            Ok("READY") => continue,
            Ok(l) if l.starts_with("FAILED ") => ClusterError::Aborted(format!("process {i}: {}", &l[7..])),
            Ok(l) => ClusterError::Protocol { process: i, why: format!("unexpected `{}`", short(l)) },
            Err(why) => ClusterError::Protocol { process: i, why: why.clone() },
        };
        abort_all(&mut sockets, &err.to_string());
        return Err(err);
    }
    for (i, s) in sockets.iter_mut().enumerate() {
        if let Some(s) = s {
            s.write_all(format!("GO {settings}\n").as_bytes())
                .map_err(|e| ClusterError::Protocol { process: i, why: format!("sending go: {e}") })?;
        }
    }
    finish(&mut sockets)?;
    Ok(Connected { sockets, settings: settings.to_string() })
}

/// Any other process: listen for the processes above, dial process 0 and those below, report.
fn follow(
    cluster: &Cluster,
    me: &Hello,
    listener: TcpListener,
    deadline: Instant,
    timeout: Duration,
) -> Result<Connected, ClusterError> {
    let inbound: Arc<Mutex<Vec<Option<TcpStream>>>> =
        Arc::new(Mutex::new((0..cluster.processes).map(|_| None).collect()));
    let stop = Arc::new(AtomicBool::new(false));
    let responder = {
        let (inbound, stop, me, processes, addr) = (
            Arc::clone(&inbound),
            Arc::clone(&stop),
            me.clone(),
            cluster.processes,
            cluster.addresses[me.process].clone(),
        );
        std::thread::spawn(move || answer_dials(listener, &inbound, &stop, &me, processes, deadline, &addr))
    };
    let result = follow_dial(cluster, me, deadline, timeout);
    stop.store(true, Ordering::SeqCst);
    let answered = responder.join().unwrap_or_else(|_| Err(ClusterError::Invalid("the listener thread failed".into())));
    let (mut to_zero, mut outbound, settings) = result?;
    answered?;
    let mut sockets: Vec<Option<TcpStream>> = std::mem::take(&mut *inbound.lock().unwrap_or_else(|p| p.into_inner()));
    for (j, s) in outbound.iter_mut().enumerate() {
        if let Some(s) = s.take() {
            sockets[j] = Some(s);
        }
    }
    if let Some(missing) = (cluster.process + 1..cluster.processes).find(|&j| sockets[j].is_none()) {
        let why = format!("process {missing} said it was ready but never connected here");
        let _ = to_zero.write_all(format!("FAILED {why}\n").as_bytes());
        return Err(ClusterError::Protocol { process: missing, why });
    }
    sockets[0] = Some(to_zero);
    finish(&mut sockets)?;
    Ok(Connected { sockets, settings })
}

type Dialled = (TcpStream, Vec<Option<TcpStream>>, String);

fn follow_dial(cluster: &Cluster, me: &Hello, deadline: Instant, timeout: Duration) -> Result<Dialled, ClusterError> {
    let mut to_zero = greet(cluster, me, 0, deadline, timeout)?;
    let mut outbound: Vec<Option<TcpStream>> = (0..cluster.processes).map(|_| None).collect();
    for (j, slot) in outbound.iter_mut().enumerate().take(cluster.process).skip(1) {
        match greet(cluster, me, j, deadline, timeout) {
            Ok(s) => *slot = Some(s),
            Err(e) => {
                let _ = to_zero.write_all(format!("FAILED {}\n", e.to_string().replace('\n', " ")).as_bytes());
                return Err(e);
            }
        }
    }
    to_zero
        .write_all(b"READY\n")
        .map_err(|e| ClusterError::Protocol { process: 0, why: format!("reporting ready: {e}") })?;
    let line = prepare(&to_zero, deadline)
        .and_then(|()| read_line(&mut to_zero))
        .map_err(|why| ClusterError::Protocol { process: 0, why })?;
    if let Some(settings) = line.strip_prefix("GO ") {
        Ok((to_zero, outbound, settings.to_string()))
    } else if let Some(why) = line.strip_prefix("ABORT ") {
        Err(ClusterError::Aborted(why.to_string()))
    } else {
        Err(ClusterError::Protocol { process: 0, why: format!("unexpected `{}`", short(&line)) })
    }
}

/// Dials process `j`, says hello and checks its answer.
fn greet(
    cluster: &Cluster,
    me: &Hello,
    j: usize,
    deadline: Instant,
    timeout: Duration,
) -> Result<TcpStream, ClusterError> {
    let addr = &cluster.addresses[j];
    let mut stream = dial(addr, deadline).map_err(|why| ClusterError::Unreachable {
        process: j,
        addr: addr.clone(),
        secs: timeout.as_secs(),
        why,
    })?;
    let protocol = |why: String| ClusterError::Protocol { process: j, why };
    prepare(&stream, deadline).map_err(protocol)?;
    stream.write_all(me.line().as_bytes()).map_err(|e| protocol(format!("saying hello: {e}")))?;
    let line = read_line(&mut stream).map_err(protocol)?;
    if let Some(why) = line.strip_prefix("ABORT ") {
        return Err(ClusterError::Aborted(why.to_string()));
    }
    let hello = Hello::parse(&line).map_err(protocol)?;
    if let Some(why) = me.mismatch(&hello) {
        return Err(ClusterError::Mismatch { process: j, other: me.process, why });
    }
    if hello.process != j {
        return Err(protocol(format!(
            "the process at {addr} says it is process {}: do all processes use the same hostfile?",
            hello.process
        )));
    }
    Ok(stream)
}

/// Accepts the processes above this one until told to stop, keeping their connections.
fn answer_dials(
    listener: TcpListener,
    inbound: &Mutex<Vec<Option<TcpStream>>>,
    stop: &AtomicBool,
    me: &Hello,
    processes: usize,
    deadline: Instant,
    addr: &str,
) -> Result<(), ClusterError> {
    while !stop.load(Ordering::SeqCst) {
        let mut stream = match listener.accept() {
            Ok((s, _)) => s,
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                std::thread::sleep(Duration::from_millis(20));
                continue;
            }
            Err(e) => {
                return Err(ClusterError::Listen { addr: addr.to_string(), process: me.process, why: e.to_string() })
            }
        };
        let Ok(hello) = prepare(&stream, deadline).and_then(|()| read_line(&mut stream)).and_then(|l| Hello::parse(&l))
        else {
            continue;
        };
        if hello.process <= me.process || hello.process >= processes {
            continue;
        }
        // Store before answering: once the dialler has its answer it may report ready.
        if stream.try_clone().is_ok_and(|s| {
            inbound.lock().unwrap_or_else(|p| p.into_inner())[hello.process] = Some(s);
            true
        }) {
            let _ = stream.write_all(me.line().as_bytes());
        }
    }
    Ok(())
}

fn missing(cluster: &Cluster, sockets: &[Option<TcpStream>]) -> String {
    (1..cluster.processes)
        .filter(|&i| sockets[i].is_none())
        .map(|i| format!("{i} ({})", cluster.addresses[i]))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Connects to `addr`, retrying until `deadline` (each attempt bounded too).
fn dial(addr: &str, deadline: Instant) -> Result<TcpStream, String> {
    let mut last = "no attempt".to_string();
    loop {
        let now = Instant::now();
        if now >= deadline {
            return Err(last);
        }
        let targets: Vec<SocketAddr> = match addr.to_socket_addrs() {
            Ok(a) => a.collect(),
            Err(e) => {
                last = format!("cannot resolve the host ({e})");
                Vec::new()
            }
        };
        for t in targets {
            let left = deadline.saturating_duration_since(Instant::now()).min(Duration::from_secs(3));
            if left.is_zero() {
                break;
            }
            match TcpStream::connect_timeout(&t, left) {
                Ok(s) => return Ok(s),
                Err(e) => last = e.to_string(),
            }
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Blocking I/O with the deadline as read and write timeouts.
fn prepare(stream: &TcpStream, deadline: Instant) -> Result<(), String> {
    let left = deadline.saturating_duration_since(Instant::now()).max(Duration::from_millis(1));
    stream.set_nonblocking(false).map_err(|e| e.to_string())?;
    stream.set_read_timeout(Some(left)).map_err(|e| e.to_string())?;
    stream.set_write_timeout(Some(left)).map_err(|e| e.to_string())?;
    let _ = stream.set_nodelay(true);
    Ok(())
}

/// Clears the handshake's timeouts: timely's threads block on these sockets as long as it takes.
fn finish(sockets: &mut [Option<TcpStream>]) -> Result<(), ClusterError> {
    for (i, s) in sockets.iter_mut().enumerate() {
        if let Some(s) = s {
            let reset =
                s.set_read_timeout(None).and_then(|()| s.set_write_timeout(None)).and_then(|()| s.set_nodelay(true));
            reset.map_err(|e| ClusterError::Protocol { process: i, why: e.to_string() })?;
        }
    }
    Ok(())
}

/// One line, read a byte at a time (see the module doc), without its newline.
fn read_line(stream: &mut TcpStream) -> Result<String, String> {
    let mut out = Vec::new();
    let mut byte = [0u8; 1];
    loop {
        match stream.read(&mut byte) {
            Ok(0) => return Err("the connection closed during the handshake".into()),
            Ok(_) if byte[0] == b'\n' => break,
            Ok(_) => {
                out.push(byte[0]);
                if out.len() > MAX_LINE {
                    return Err("a handshake line is too long".into());
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) if matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut) => {
                return Err("no answer before the deadline".into())
            }
            Err(e) => return Err(e.to_string()),
        }
    }
    String::from_utf8(out).map_err(|_| "a handshake line is not UTF-8".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn free_ports(n: usize) -> Vec<u16> {
        let held: Vec<TcpListener> = (0..n).map(|_| TcpListener::bind("127.0.0.1:0").unwrap()).collect();
        held.iter().map(|l| l.local_addr().unwrap().port()).collect()
    }

    fn hostfile(ports: &[u16]) -> String {
        ports.iter().map(|p| format!("127.0.0.1:{p}\n")).collect()
    }

    #[test]
    fn counts_and_indexes_are_checked() {
        assert!(Cluster::new(0, 1, 0, None).unwrap_err().to_string().contains("--workers 0"));
        assert!(Cluster::new(10_000, 1, 0, None).unwrap_err().to_string().contains("between 1 and 256"));
        assert!(Cluster::new(1, 0, 0, None).is_err());
        assert!(Cluster::new(1, 3, 3, None).unwrap_err().to_string().contains("numbered 0 to 2"));
        let c = Cluster::new(2, 3, 1, None).unwrap();
        assert_eq!(c.addresses, vec!["127.0.0.1:2101", "127.0.0.1:2102", "127.0.0.1:2103"]);
        assert_eq!((c.peers(), c.process_of(3), c.process_of(5)), (6, 1, 2));
    }

    #[test]
    fn hostfiles_are_parsed_and_checked() {
        let text = "# three machines\nalpha:2101\n\n[::1]:2102\nbeta.example:9000\nextra:1\n";
        assert_eq!(parse_hostfile(text).unwrap(), vec!["alpha:2101", "[::1]:2102", "beta.example:9000", "extra:1"]);
        let c = Cluster::new(1, 3, 0, Some(("hosts", text))).unwrap();
        assert_eq!(c.addresses.len(), 3);
        assert!(parse_hostfile("alpha").unwrap_err().contains("host:port"));
        assert!(parse_hostfile("alpha:0").unwrap_err().contains("port"));
        assert!(parse_hostfile("alpha:70000").unwrap_err().contains("port"));
        assert!(parse_hostfile(":80").unwrap_err().contains("host"));
        assert!(parse_hostfile("a:1\na:1").unwrap_err().contains("twice"));
        assert!(parse_hostfile("# nothing\n").is_err());
        let short = Cluster::new(1, 4, 0, Some(("hosts", "a:1\nb:2\n"))).unwrap_err().to_string();
        assert!(short.contains("2 address(es)") && short.contains("4 processes"), "{short}");
    }

    #[test]
    fn hellos_round_trip_and_differences_are_named() {
        let h = Hello { process: 2, processes: 3, workers: 4, build: "0.1.0+abc".into() };
        assert_eq!(Hello::parse(h.line().trim_end()).unwrap(), h);
        assert!(Hello::parse("GET / HTTP/1.1").unwrap_err().contains("herald-run/1"));
        let other = Hello { build: "0.1.0+def".into(), ..h.clone() };
        assert!(h.mismatch(&other).unwrap().contains("same herald binary"));
        let other = Hello { workers: 2, ..h.clone() };
        assert!(h.mismatch(&other).unwrap().contains("--workers 2"));
        assert_eq!(h.mismatch(&h), None);
    }

    fn start(
        ports: &[u16],
        i: usize,
        build: &str,
        timeout: Duration,
    ) -> std::thread::JoinHandle<Result<Connected, ClusterError>> {
        let hosts = hostfile(ports);
        let n = ports.len();
        let build = build.to_string();
        std::thread::spawn(move || {
            let c = Cluster::new(1, n, i, Some(("hosts", &hosts))).unwrap();
            connect(&c, &build, if i == 0 { "{\"batch\":7}" } else { "" }, timeout)
        })
    }

    #[test]
    fn three_processes_connect_pairwise_and_get_process_zeros_settings() {
        let ports = free_ports(3);
        // Started in reverse order: the later ones wait for the earlier ones.
        let handles: Vec<_> = (0..3).rev().map(|i| (i, start(&ports, i, "b1", Duration::from_secs(20)))).collect();
        for (i, h) in handles {
            let c = h.join().unwrap().unwrap_or_else(|e| panic!("process {i}: {e}"));
            assert_eq!(c.settings, "{\"batch\":7}");
            for (j, s) in c.sockets.iter().enumerate() {
                assert_eq!(s.is_some(), j != i, "process {i}, socket {j}");
            }
        }
    }

    #[test]
    fn a_different_build_is_refused_before_anything_starts() {
        let ports = free_ports(2);
        let zero = start(&ports, 0, "b1", Duration::from_secs(20));
        let one = start(&ports, 1, "b2", Duration::from_secs(20));
        let e0 = zero.join().unwrap().err().expect("process 0 refuses").to_string();
        let e1 = one.join().unwrap().err().expect("process 1 refuses").to_string();
        assert!(e0.contains("build b2") && e0.contains("same herald binary"), "{e0}");
        assert!(e1.contains("build b1"), "{e1}");
    }

    #[test]
    fn an_unreachable_process_is_an_error_within_the_timeout() {
        let ports = free_ports(2);
        let started = Instant::now();
        // Process 1 is never started: process 0 gives up at its deadline.
        let e = start(&ports, 0, "b1", Duration::from_secs(1)).join().unwrap().err().unwrap().to_string();
        assert!(e.contains("no word from process(es) 1 (127.0.0.1:"), "{e}");
        // Process 0 is never started: process 1 cannot reach it.
        let e = start(&ports, 1, "b1", Duration::from_secs(1)).join().unwrap().err().unwrap().to_string();
        assert!(e.contains("cannot reach process 0"), "{e}");
        assert!(started.elapsed() < Duration::from_secs(10));
    }

    #[test]
    fn a_hostfile_naming_a_host_of_another_machine_cannot_be_listened_on() {
        // 192.0.2.0/24 is TEST-NET-1: never an address of this machine.
        let c = Cluster::new(1, 2, 0, Some(("hosts", "192.0.2.1:2101\n192.0.2.2:2101\n"))).unwrap();
        let e = connect(&c, "b1", "", Duration::from_secs(1)).err().unwrap().to_string();
        assert!(e.contains("cannot listen on 192.0.2.1:2101"), "{e}");
    }
}
