#!/usr/bin/env python3
"""End-to-end browser tests of `herald serve` (issue 8), run by scripts/browser.sh.

Why Python and not a Rust test: the suite needs a browser that `cargo test` on a fresh clone does
not have, and a WebDriver client is a few HTTP calls; a standard-library script keeps the Rust
test suite fast and free of browser dependencies, and CI runs it as one extra step.

What it does: ingests the three seeds (000 as is, 002 dated 2015-05-11, 004 dated 2015-05-12) and
a fixture article whose title and text contain a `<script>` tag into a temporary store; starts
`herald serve` and chromedriver on free loopback ports; drives headless Chromium through the W3C
WebDriver protocol (HTTP + JSON, client below) the way a person would: home -> the biggest story ->
a citation -> back -> Lavrov's entity page -> "relations with..." -> the form filled with USA ->
the US-Russia chart, then every other page; checks what is shown; writes a PNG of each page.
Exit 0: every check passed (or the seeds are absent: skipped, with the reason); 1: a check failed;
2: setup failed (no chromedriver, the server did not start...). Nothing is left running.
"""

import argparse
import base64
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIXTURE = os.path.join(ROOT, "scripts", "browser", "script-tag.txt")
SEEDS = [
    ("000_dfbf5d2e8769627c.txt", None),
    ("002_f7b76087947620e4.txt", "2015-05-11"),
    ("004_4a1d37184f66c4fa.txt", "2015-05-12"),
]
ELEMENT = "element-6066-11e4-a52e-4f735466cecf"


class SetupError(Exception):
    pass


class WebDriverError(Exception):
    pass


class WebDriver:
    """The few W3C WebDriver commands the tests need, over urllib."""

    def __init__(self, base):
        self.base = base
        self.session = None

    def call(self, method, path, body=None, timeout=60):
        url = self.base + path
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(url, data=data, method=method)
        req.add_header("Content-Type", "application/json; charset=utf-8")
        try:
            with urllib.request.urlopen(req, timeout=timeout) as r:
                answer = json.loads(r.read().decode() or "{}")
        except urllib.error.HTTPError as e:
            try:
                v = json.loads(e.read().decode()).get("value", {})
                raise WebDriverError(f"{method} {path}: {v.get('error')}: {v.get('message', '')[:300]}") from None
            except (ValueError, AttributeError):
                raise WebDriverError(f"{method} {path}: HTTP {e.code}") from None
        return answer.get("value")

    def s(self, method, path, body=None):
        return self.call(method, f"/session/{self.session}{path}", body)

    def start(self, chromium, profile):
        args = [
            "--headless=new",
            "--no-sandbox",  # CI runs as root
            "--disable-dev-shm-usage",
            "--disable-gpu",
            "--no-first-run",
            "--window-size=1280,900",
            f"--user-data-dir={profile}",
        ]
        opts = {"args": args}
        if chromium:
            opts["binary"] = chromium
        caps = {"capabilities": {"alwaysMatch": {"browserName": "chrome", "goog:chromeOptions": opts}}}
        v = self.call("POST", "/session", caps, timeout=120)
        self.session = v["sessionId"]
        self.s("POST", "/timeouts", {"implicit": 0, "pageLoad": 30000, "script": 10000})

    def quit(self):
        if self.session:
            try:
                self.call("DELETE", f"/session/{self.session}", timeout=20)
            except Exception:
                pass
            self.session = None

    def get(self, url):
        self.s("POST", "/url", {"url": url})

    def back(self):
        self.s("POST", "/back", {})

    def url(self):
        return self.s("GET", "/url")

    def title(self):
        return self.s("GET", "/title")

    def find_all(self, css=None, xpath=None, within=None):
        using, value = ("css selector", css) if css is not None else ("xpath", xpath)
        path = f"/element/{within}/elements" if within else "/elements"
        return [e[ELEMENT] for e in self.s("POST", path, {"using": using, "value": value})]

    def find(self, css=None, xpath=None, within=None):
        found = self.find_all(css=css, xpath=xpath, within=within)
        return found[0] if found else None

    def text(self, el):
        return self.s("GET", f"/element/{el}/text")

    def attr(self, el, name):
        return self.s("GET", f"/element/{el}/attribute/{name}")

    def click(self, el):
        self.s("POST", f"/element/{el}/click", {})

    def follow(self, el, timeout=15):
        """Clicks a link or a form's button and waits for the new page to be loaded."""
        before = self.url()
        self.click(el)
        end = time.time() + timeout
        while time.time() < end:
            if self.url() != before and self.js("return document.readyState;") == "complete":
                return
            time.sleep(0.05)
        raise WebDriverError(f"clicking on {before} led nowhere within {timeout} s")

    def clear(self, el):
        self.s("POST", f"/element/{el}/clear", {})

    def type(self, el, text):
        self.s("POST", f"/element/{el}/value", {"text": text})

    def js(self, script, *args):
        return self.s("POST", "/execute/sync", {"script": script, "args": list(args)})

    def alert_open(self):
        try:
            self.s("GET", "/alert/text")
            return True
        except WebDriverError:
            return False

    def screenshot(self, path):
        """The whole page: the window is made as tall as the page (up to 8000 px) first."""
        height = self.js("return Math.max(document.documentElement.scrollHeight, document.body.scrollHeight);")
        self.s("POST", "/window/rect", {"width": 1280, "height": max(900, min(int(height or 900) + 150, 8000))})
        png = base64.b64decode(self.s("GET", "/screenshot"))
        with open(path, "wb") as f:
            f.write(png)
        self.s("POST", "/window/rect", {"width": 1280, "height": 900})
        return len(png)


class Checks:
    def __init__(self):
        self.results = []

    def check(self, name, ok, detail=""):
        self.results.append((name, bool(ok), detail))
        mark = "ok  " if ok else "FAIL"
        print(f"  {mark} {name}" + (f" -- {detail}" if detail and not ok else ""), flush=True)
        return bool(ok)

    def failed(self):
        return [r for r in self.results if not r[1]]


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(what, fn, timeout):
    end = time.time() + timeout
    while time.time() < end:
        v = fn()
        if v:
            return v
        time.sleep(0.1)
    raise SetupError(f"{what} did not happen within {timeout} s")


def wait_until(fn, timeout):
    """Whether `fn` became true within `timeout` seconds."""
    end = time.time() + timeout
    while not fn():
        if time.time() > end:
            return False
        time.sleep(0.05)
    return True


def norm(s):
    return re.sub(r"\s+", " ", s or "").strip()


def seeds_dir():
    shared = os.environ.get("HERALD_SHARED") or os.path.join(ROOT, "..", "shared")
    return os.path.join(shared, "seeds")


def ingest(herald, db, path, date, log):
    cmd = [herald, "ingest", "--db", db, path] + (["--date", date] if date else [])
    r = subprocess.run(cmd, stdout=log, stderr=log)
    if r.returncode != 0:
        raise SetupError(f"{' '.join(cmd)} failed with status {r.returncode} (see {log.name})")


def run_pages(d, base, shots, c, ingested):
    def shot(name):
        path = os.path.join(shots, name + ".png")
        size = d.screenshot(path)
        c.check(f"screenshot {name}.png written", size > 1000, f"{size} bytes")

    def h1():
        el = d.find(css="main h1")
        return d.text(el) if el else ""

    def rows(table):
        return d.find_all(xpath=".//tr[td]", within=table)

    # The clicks a person makes, home -> story -> citation -> entity -> relations; a missing link
    # ends the walk (the other pages are still checked).
    seen = {"headline": None, "aliases": ""}

    def walk():
        # -- home
        print("home /")
        d.get(base + "/")
        c.check("home: title names the page", "Home" in d.title(), d.title())
        body = d.text(d.find(css="main"))
        c.check(f"home: status says {ingested} documents", f"{ingested} documents" in body, body[:200])
        biggest = d.find(xpath="//h2[.='Biggest stories']/following-sibling::table[1]")
        c.check("home: a 'Biggest stories' table", biggest is not None)
        latest = d.find(xpath="//h2[.='Latest stories']/following-sibling::table[1]")
        c.check("home: a 'Latest stories' table", latest is not None)
        story_links = d.find_all(xpath=".//a[starts-with(@href,'/stories/')]", within=biggest) if biggest else []
        c.check("home: stories link to their pages", story_links)
        shot("01-home")
        if not story_links:
            return
        headline = seen["headline"] = norm(d.text(story_links[0]))
        c.check("home: the biggest story has a headline", len(headline) > 10, headline)
        row_text = d.text(rows(biggest)[0])
        c.check("home: the story row shows its dates", re.search(r"\d{4}-\d{2}-\d{2}", row_text), row_text)

        # -- story
        print("story (clicked from home)")
        d.follow(story_links[0])
        c.check("story: the link leads to /stories/ID", "/stories/" in d.url(), d.url())
        story_url = d.url()
        c.check("story: the headline is the page's heading", norm(h1()) == headline, f"{h1()!r} vs {headline!r}")
        meta = d.text(d.find(css="main h1 + p"))
        m = re.search(r"(\d+) articles?\b", meta)
        size = int(m.group(1)) if m else 0
        c.check("story: says how many articles it has", size >= 1, meta)
        summary = d.find(xpath="//h2[.='Summary']/following-sibling::p[1]")
        summary_text = norm(d.text(summary)) if summary else ""
        c.check("story: a summary paragraph", len(summary_text) > 80, summary_text[:120])
        cites = d.find_all(css="sup a", within=summary) if summary else []
        c.check("story: the summary cites its articles", cites)
        labels = [d.text(a) for a in cites]
        c.check("story: citations are numbered [n]", all(re.fullmatch(r"\[\d+\]", t) for t in labels), str(labels))
        hrefs = [d.attr(a, "href") for a in cites]
        c.check("story: citations link to documents", all("/documents/" in h for h in hrefs), str(hrefs[:3]))
        cited_list = d.find_all(xpath="//h2[.='Summary']/following-sibling::ol[1]/li")
        c.check("story: one source listed per cited article", len(cited_list) == len(set(hrefs)),
                f"{len(cited_list)} listed, {len(set(hrefs))} cited")
        members = d.find(xpath="//h2[.='Source articles']/following-sibling::table[1]")
        c.check("story: the source articles table lists every article", members and len(rows(members)) == size,
                f"{len(rows(members)) if members else 0} rows, {size} articles")
        events = d.find(xpath="//h2[.='Coded events']/following-sibling::table[1]")
        c.check("story: a coded events table", events and rows(events))
        shot("02-story")

        # the first summary sentence is in the article it cites
        if cites:
            first = norm(d.js(
                "const p = arguments[0]; let s = '';"
                "for (const n of p.childNodes) { if (n.nodeName === 'SUP') break; s += n.textContent; } return s;",
                {ELEMENT: summary}))
            d.follow(cites[0])
            c.check("citation: leads to the cited document", "/documents/" in d.url(), d.url())
            doc_text = norm(d.text(d.find(css="main")))
            c.check("citation: the cited article contains the summary's first sentence", first and first in doc_text,
                    first[:100])
            shot("03-cited-document")
            d.back()
            back = wait_until(lambda: d.url() == story_url, 10)
            c.check("citation: back returns to the story", back, d.url())

        # -- entity
        print("entity (clicked from the story)")
        lavrov = d.find(xpath="//h2[.='Who']/following-sibling::p[1]//a[normalize-space(.)='Sergei Lavrov']")
        c.check("story: 'Who' links Sergei Lavrov", lavrov is not None)
        if lavrov is None:
            return
        d.follow(lavrov)
        c.check("entity: the link leads to /entities/ID", "/entities/" in d.url(), d.url())
        c.check("entity: canonical name 'Sergei Lavrov' is the heading", norm(h1()) == "Sergei Lavrov", h1())
        c.check("entity: typed as a person", "person" in d.text(d.find(css="main h1 + p")))
        aliases_p = d.find(xpath="//h2[.='Also called']/following-sibling::p[1]")
        aliases = seen["aliases"] = norm(d.text(aliases_p)) if aliases_p else ""
        names = [re.sub(r"\s*\(\d+\)$", "", a.strip()) for a in aliases.split(",") if a.strip()]
        c.check("entity: aliases shown with their article counts",
                names and all(re.search(r"\(\d+\)$", a.strip()) for a in aliases.split(",")), aliases)
        c.check("entity: every alias is a name of Lavrov", names and all("Lavrov" in n for n in names), str(names))
        codes = d.find(xpath="//h2[.='Actor codes']/following-sibling::table[1]")
        codes_text = d.text(codes) if codes else ""
        c.check("entity: actor code RUSGOV with its dates", re.search(r"RUSGOV\s+\d{4}-\d{2}-\d{2}", codes_text),
                codes_text[:200])
        as_source = d.find(xpath="//h2[.='Events as source']/following-sibling::*[1]")
        as_target = d.find(xpath="//h2[.='Events as target']/following-sibling::*[1]")
        n_events = sum(len(rows(t)) for t in (as_source, as_target) if t and d.text(t) and "No events" not in d.text(t))
        c.check("entity: events as source or target listed", n_events > 0, f"{n_events}")
        co = d.find(xpath="//h2[.='Mentioned with']/following-sibling::p[1]")
        c.check("entity: co-mentioned entities linked", co and d.find_all(css="a", within=co))
        shot("04-entity-lavrov")

        # -- relations: "relations with..." then the form, as a person would
        print("relations (from the entity page, form filled with USA)")
        rel_link = d.find(xpath="//a[starts-with(@href,'/relations?a=RUSGOV')]")
        c.check("entity: a 'relations with...' link for RUSGOV", rel_link is not None)
        if rel_link is None:
            return
        d.follow(rel_link)
        a_input = d.find(css="form input[name=a]")
        c.check("relations: actor A prefilled with RUSGOV", a_input and d.attr(a_input, "value") == "RUSGOV")
        b_input = d.find(css="form input[name=b]")
        d.clear(b_input)
        d.type(b_input, "USA")
        d.follow(d.find(css="form button"))
        q = urllib.parse.parse_qs(urllib.parse.urlparse(d.url()).query)
        c.check("relations: the form asks for RUSGOV and USA", q.get("a") == ["RUSGOV"] and q.get("b") == ["USA"],
                d.url())
        svg = d.find(css="main svg")
        c.check("relations: the chart (an SVG) is shown", svg is not None)
        bars = d.js(
            "return Array.from(document.querySelectorAll('main svg rect'))"
            ".filter(r => r.querySelector('title') && parseFloat(r.getAttribute('height')) > 0).length;")
        c.check("relations: the chart has bars", (bars or 0) > 0, f"{bars} bars")
        title = d.js("const t = document.querySelector('main svg title'); return t ? t.textContent : '';")
        c.check("relations: the chart is titled RUSGOV and USA", "RUSGOV" in title and "USA" in title, title)
        box = d.js("const r = document.querySelector('main svg').getBoundingClientRect(); return [r.width, r.height];")
        c.check("relations: the chart is visible on screen", box and box[0] > 300 and box[1] > 150, str(box))
        counted = d.text(d.find(xpath="//main/svg/following-sibling::p[1]") or d.find(css="main")) or ""
        c.check("relations: says how many events the chart counts", re.search(r"\d+ events in \d+ buckets", counted),
                counted[:150])
        buckets = d.find_all(xpath="//h2[.='Events behind each point']/following-sibling::h3")
        c.check("relations: the events behind each point are listed", buckets)
        marks = d.find_all(css="main table mark.ev")
        c.check("relations: events come with their evidence", marks)
        check_evidence(d, c, "relations", marks)
        shot("05-relations-rusgov-usa")

    walk()
    headline, aliases = seen["headline"], seen["aliases"]

    # -- the other pages
    print("events /events")
    d.get(base + "/events")
    c.check("events: heading", norm(h1()) == "Events", h1())
    table = d.find(css="main table")
    c.check("events: a table of events", table and rows(table))
    marks = d.find_all(css="main table mark.ev")
    c.check("events: evidence sentences shown", marks)
    check_evidence(d, c, "events", marks)
    shot("06-events")

    print("stories /stories")
    d.get(base + "/stories")
    c.check("stories: heading", norm(h1()) == "Stories", h1())
    table = d.find(css="main table")
    c.check("stories: the biggest story is listed",
            headline and table and any(norm(d.text(a)) == headline for a in d.find_all(css="a", within=table)))
    shot("07-stories")

    print("storylines /storylines")
    d.get(base + "/storylines")
    c.check("storylines: heading", norm(h1()) == "Storylines", h1())
    c.check("storylines: at least one storyline with its stories",
            d.find_all(xpath="//main/h2/following-sibling::table[1]//a[starts-with(@href,'/stories/')]"))
    shot("08-storylines")

    print("entities /entities")
    d.get(base + "/entities")
    c.check("entities: heading", norm(h1()) == "Entities", h1())
    row = d.find(xpath="//main//tr[td/a[normalize-space(.)='Sergei Lavrov']]")
    c.check("entities: Sergei Lavrov listed with his aliases", row and aliases and aliases.split(" (")[0] in d.text(row),
            d.text(row) if row else "")
    shot("09-entities")

    print("documents /documents and the <script> fixture")
    d.get(base + "/documents")
    c.check("documents: heading", norm(h1()) == "Documents", h1())
    table = d.find(css="main table")
    c.check(f"documents: all {ingested} documents listed", table and len(rows(table)) == ingested,
            f"{len(rows(table)) if table else 0} rows")
    shot("10-documents")
    fixture = d.find(xpath="//main//a[contains(., '<script>')]")
    c.check("documents: the fixture's title shows '<script>' as text", fixture is not None)
    if fixture is not None:
        d.follow(fixture)
        c.check("script fixture: no alert opened", not d.alert_open())
        c.check("script fixture: title shown as text", "<script>" in h1(), h1())
        text = d.text(d.find(css="main"))
        c.check("script fixture: body shows the tag as text", "<script>document.title='owned'</script>" in text,
                text[:300])
        n_scripts = d.js("return document.querySelectorAll('script').length;")
        c.check("script fixture: no script element in the page", n_scripts == 0, f"{n_scripts}")
        c.check("script fixture: page title untouched", d.title() != "owned", d.title())
        shot("11-document-script-fixture")

    print("search /search")
    d.get(base + "/search")
    if norm(h1()) != "Search":
        print(f"  note: no search page yet ({h1()!r}): not checked")
    else:
        box = d.find(css="form input[name=q]")
        d.type(box, "Lavrov")
        d.follow(d.find(css="form button"))
        c.check("search: the form asks for q=Lavrov",
                urllib.parse.parse_qs(urllib.parse.urlparse(d.url()).query).get("q") == ["Lavrov"], d.url())
        hits = d.find_all(css="main ol li")
        c.check("search: hits listed", hits)
        c.check("search: the hits mention Lavrov", hits and all("lavrov" in d.text(h).lower() for h in hits),
                str([d.text(h)[:80] for h in hits if "lavrov" not in d.text(h).lower()][:2]))
        c.check("search: hits link to articles or stories",
                hits and all(d.find(xpath=".//a[starts-with(@href,'/documents/') or starts-with(@href,'/stories/')]",
                                    within=h) for h in hits))
        shot("12-search-lavrov")
        d.get(base + "/search?q=banner")
        text = d.text(d.find(css="main"))
        c.check("search: the <script> fixture's hit shows the tag as text", "<script>" in text, text[:300])
        c.check("search: no script element in the results",
                d.js("return document.querySelectorAll('script').length;") == 0)
        shot("13-search-script-fixture")

    print("unknown story")
    d.get(base + "/stories/no-such-story")
    c.check("unknown story: a 'Not Found' page", norm(h1()) == "Not Found", h1())
    shot("14-not-found")


def check_evidence(d, c, page, marks):
    """Each marked evidence sits inside the sentence shown around it."""
    bad = []
    for m in marks[:20]:
        cell = d.js("return arguments[0].parentElement.textContent;", {ELEMENT: m})
        ev = d.text(m)
        if not ev or ev not in cell or len(norm(cell)) <= len(norm(ev)):
            bad.append(ev)
    c.check(f"{page}: each evidence is shown inside its sentence", not bad, str(bad[:3]))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--herald", required=True, help="the herald binary")
    ap.add_argument("--shots", default=os.path.join(ROOT, "target", "browser-shots"))
    ap.add_argument("--chromedriver", default=shutil.which("chromedriver"))
    ap.add_argument("--chromium", default=None, help="the browser binary (default: chromedriver's choice)")
    ap.add_argument("--keep", action="store_true", help="keep the temporary store and logs")
    a = ap.parse_args()

    seeds = seeds_dir()
    paths = [(os.path.join(seeds, name), date) for name, date in SEEDS]
    absent = [p for p, _ in paths if not os.path.isfile(p)]
    if absent:
        print(f"SKIP browser tests: the seeds are not there ({', '.join(absent)}); set HERALD_SHARED")
        return 0
    if not a.chromedriver:
        print("browser tests: chromedriver not found (scripts/browser.sh installs Debian's chromium-driver)")
        return 2

    # SIGTERM (the calling script's cleanup) unwinds through the finally below like Ctrl-C.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    tmp = tempfile.mkdtemp(prefix="herald-browser-")
    shots = os.path.abspath(a.shots)
    os.makedirs(shots, exist_ok=True)
    for old in os.listdir(shots):
        if old.endswith(".png"):
            os.remove(os.path.join(shots, old))
    procs = []
    driver = None
    c = Checks()
    try:
        db = os.path.join(tmp, "herald.db")
        with open(os.path.join(tmp, "ingest.log"), "w") as log:
            for path, date in paths:
                ingest(a.herald, db, path, date, log)
            ingest(a.herald, db, FIXTURE, "2016-03-01", log)
        ingested = len(paths) + 1

        serve_log = open(os.path.join(tmp, "serve.log"), "w")
        server = subprocess.Popen([a.herald, "serve", "--db", db, "--addr", "127.0.0.1:0"], stdout=serve_log,
                                  stderr=serve_log)
        procs.append(server)

        def bound():
            if server.poll() is not None:
                raise SetupError(f"herald serve exited with {server.returncode} (see {serve_log.name})")
            m = re.search(r"http://(127\.0\.0\.1:\d+)/", open(serve_log.name).read())
            return m and m.group(1)

        base = "http://" + wait_for("herald serve listening", bound, 30)

        port = free_port()
        driver_log = open(os.path.join(tmp, "chromedriver.log"), "w")
        chromedriver = subprocess.Popen([a.chromedriver, f"--port={port}"], stdout=driver_log, stderr=driver_log)
        procs.append(chromedriver)
        d = WebDriver(f"http://127.0.0.1:{port}")

        def ready():
            if chromedriver.poll() is not None:
                raise SetupError(f"chromedriver exited with {chromedriver.returncode} (see {driver_log.name})")
            try:
                return d.call("GET", "/status", timeout=2).get("ready")
            except (OSError, WebDriverError):
                return False

        wait_for("chromedriver ready", ready, 30)
        d.start(a.chromium, os.path.join(tmp, "profile"))
        driver = d
        print(f"herald serve on {base}; chromedriver on port {port}; screenshots in {shots}")
        try:
            run_pages(d, base, shots, c, ingested)
        except WebDriverError as e:
            c.check("the browser session ran to its end", False, str(e))
    except SetupError as e:
        print(f"browser tests: setup failed: {e}")
        return 2
    finally:
        if driver:
            driver.quit()
        for p in reversed(procs):
            if p.poll() is None:
                p.terminate()
                try:
                    p.wait(10)
                except subprocess.TimeoutExpired:
                    p.kill()
                    p.wait()
        if a.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)

    failed = c.failed()
    total = len(c.results)
    if failed:
        print(f"\nFAIL: {len(failed)} of {total} browser checks failed:")
        for name, _, detail in failed:
            print(f"  - {name}" + (f": {detail}" if detail else ""))
        return 1
    print(f"\nPASS: all {total} browser checks passed; screenshots in {shots}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
