//! The `herald` command: the one place where the stages, the store and the user meet. It parses
//! arguments, wires inputs through the pipeline into the store, prints what a person asked for,
//! and is the only crate that uses `anyhow` (libraries return typed errors; here they become
//! messages).

mod annotate;
mod bench;
mod entities;
mod eval;
mod eval_entities;
mod eval_events;
mod eval_stories;
mod eval_time;
mod events;
mod ingest;
mod query;
mod read;
#[cfg(feature = "distributed")]
mod run;
mod search;
#[cfg(feature = "serve")]
mod serve;
mod stories;
mod storydb;

use anyhow::{Context, Result};
use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Parser)]
#[command(name = "herald", version, about = "Reads news the way an analyst would, and keeps what it learns")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Read articles from files, directories (recursively) and `-` (stdin) into the store.
    Ingest {
        /// Plain text, HTML, JSONL, WARC, WARC.gz, RSS or Atom files, directories, or `-`.
        #[arg(required = true)]
        paths: Vec<String>,
        #[arg(long, default_value = "herald.db")]
        db: PathBuf,
        /// The outlet name for every document of this run.
        #[arg(long)]
        source: Option<String>,
        /// The publication date for documents that state none (YYYY-MM-DD).
        #[arg(long, value_parser = parse_date)]
        date: Option<NaiveDate>,
        /// Records per transaction.
        #[arg(long, default_value_t = 256)]
        batch: usize,
    },
    /// Print one JSON line per HTML page: id, text, title, date, author, site, language.
    Extract {
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Sentences, tokens, tags, lemmas and dependency parse of a text, as CoNLL-U or JSON lines.
    Read {
        /// A text file, or `-` for stdin (CoNLL-U with --pretokenized).
        input: String,
        #[arg(long, value_enum, default_value_t = read::ReadFormat::Conllu)]
        format: read::ReadFormat,
        /// The input is CoNLL-U: keep its sentences and tokens, fill in tags, lemmas and the parse.
        #[arg(long)]
        pretokenized: bool,
        /// Parse with a small beam instead of greedily: a little more accurate (GUM dev UAS / LAS
        /// 0.853 / 0.823 against 0.848 / 0.818), some 20% slower.
        #[arg(long)]
        beam: bool,
        /// Read the models from this directory instead of the ones built into the binary.
        #[arg(long)]
        models: Option<PathBuf>,
    },
    /// The whole analysis of one article as one JSON object: sentences, mentions, entities with
    /// actor codes and places.
    Annotate {
        /// A text, HTML or JSONL file (its first record), or `-` for stdin.
        input: String,
        /// The publication date, when the article does not state one (YYYY-MM-DD).
        #[arg(long, value_parser = parse_date)]
        dct: Option<NaiveDate>,
    },
    /// List stored documents, newest first.
    Docs {
        #[arg(long, default_value = "herald.db")]
        db: PathBuf,
        #[arg(long)]
        source: Option<String>,
        /// Earliest publication date (YYYY, YYYY-MM or YYYY-MM-DD).
        #[arg(long)]
        from: Option<String>,
        /// Latest publication date (YYYY, YYYY-MM or YYYY-MM-DD).
        #[arg(long)]
        to: Option<String>,
        #[arg(long, default_value_t = 50)]
        limit: usize,
        #[arg(long, default_value_t = 0)]
        offset: usize,
        /// One JSON object per line instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Show one document: metadata and every paragraph with its kind.
    Show {
        /// A document id, a unique id prefix (6+ hex digits) or an external id.
        doc: String,
        #[arg(long, default_value = "herald.db")]
        db: PathBuf,
        /// The whole document as JSON.
        #[arg(long)]
        json: bool,
    },
    /// List inputs that were turned away, with the reason.
    Rejected {
        #[arg(long, default_value = "herald.db")]
        db: PathBuf,
        #[arg(long, default_value_t = 100)]
        limit: usize,
        #[arg(long)]
        json: bool,
    },
    /// Counts: documents, rejections, sources, where publication dates came from.
    Status {
        #[arg(long, default_value = "herald.db")]
        db: PathBuf,
    },
    /// The store's canonical entities, most articles first: id, type, articles, mentions, aliases.
    Entities {
        #[arg(long, default_value = "herald.db")]
        db: PathBuf,
        /// Only entities of this type.
        #[arg(long = "type", value_enum)]
        kind: Option<entities::TypeArg>,
        /// At most this many (0: all).
        #[arg(long, default_value_t = 50)]
        limit: usize,
        /// One JSON object per line instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// One entity: aliases with counts, actor codes by date, place, articles, co-mentioned entities.
    Entity {
        /// An entity id, or a name or alias (case, accents and common spellings do not matter).
        name: String,
        #[arg(long, default_value = "herald.db")]
        db: PathBuf,
        /// At most this many articles and co-mentioned entities (0: all).
        #[arg(long, default_value_t = 20)]
        limit: usize,
        #[arg(long)]
        json: bool,
    },
    /// Coded political events, latest first: date, source → target with codes, CAMEO and PLOVER,
    /// Goldstein, QuadClass, place, counts, and the sentences that report each one.
    Events {
        #[arg(long, default_value = "herald.db")]
        db: PathBuf,
        /// Events whose source or target actor code starts with this (USA, USAGOV, IGO...).
        #[arg(long)]
        actor: Option<String>,
        /// Events between two actors (code prefixes), in either direction unless --directed.
        #[arg(long, num_args = 2, value_names = ["A", "B"])]
        dyad: Option<Vec<String>>,
        /// With --dyad: only events from A to B.
        #[arg(long, requires = "dyad")]
        directed: bool,
        /// CAMEO code prefix (04: every consultation, 0431: hosting a visit).
        #[arg(long)]
        code: Option<String>,
        /// Earliest event day (YYYY, YYYY-MM or YYYY-MM-DD).
        #[arg(long)]
        from: Option<String>,
        /// Latest event day (YYYY, YYYY-MM or YYYY-MM-DD).
        #[arg(long)]
        to: Option<String>,
        /// At most this many (0: all).
        #[arg(long, default_value_t = 50)]
        limit: usize,
        /// One JSON object per line instead of the page.
        #[arg(long)]
        json: bool,
    },
    /// Full-text search over article titles and bodies and story headlines and summaries, best
    /// first. Every word is required; "a phrase" in double quotes; word* for any word that begins
    /// so; any other sign (dashes, colons, operators, stray stars) only separates words.
    Search {
        /// What to look for.
        query: String,
        #[arg(long, default_value = "herald.db")]
        db: PathBuf,
        /// Look in articles, stories or both.
        #[arg(long, value_enum, default_value_t = search::SearchIn::All)]
        only: search::SearchIn,
        /// Articles that report an event whose source or target actor code starts with this.
        #[arg(long)]
        actor: Option<String>,
        /// Articles that report an event between two actors (code prefixes), either direction
        /// unless --directed.
        #[arg(long, num_args = 2, value_names = ["A", "B"])]
        dyad: Option<Vec<String>>,
        /// With --dyad: only events from A to B.
        #[arg(long, requires = "dyad")]
        directed: bool,
        /// Articles that report an event with this CAMEO code prefix (with --actor/--dyad: the
        /// same event).
        #[arg(long)]
        code: Option<String>,
        /// Articles that mention this entity (its id, or a name that names one entity).
        #[arg(long)]
        entity: Option<String>,
        /// Articles from this source (exactly).
        #[arg(long)]
        source: Option<String>,
        /// Earliest publication day (YYYY, YYYY-MM or YYYY-MM-DD); stories that last until then.
        #[arg(long)]
        from: Option<String>,
        /// Latest publication day; stories that began by then.
        #[arg(long)]
        to: Option<String>,
        /// Hits to print (1 to 500).
        #[arg(long, default_value_t = 20)]
        limit: usize,
        /// Hits to skip first.
        #[arg(long, default_value_t = 0)]
        offset: usize,
        /// One JSON object per line instead of the page.
        #[arg(long)]
        json: bool,
    },
    /// Two actors' relations over time from the stored events: per day, week or month, the
    /// events by QuadClass and their mean Goldstein value, as a table; optionally an SVG chart.
    Relations {
        /// Actor code prefixes (USA, RUSGOV, IGO...).
        a: String,
        b: String,
        #[arg(long, default_value = "month", value_parser = ["day", "week", "month"])]
        by: String,
        /// Only events from A to B (default: both directions).
        #[arg(long)]
        directed: bool,
        /// Also write the chart here.
        #[arg(long)]
        svg: Option<PathBuf>,
        #[arg(long, default_value = "herald.db")]
        db: PathBuf,
    },
    /// Event clusters (one entry per real-world event), latest first: id, date span, articles,
    /// near-duplicates, outlets, headline.
    Stories {
        #[arg(long, default_value = "herald.db")]
        db: PathBuf,
        /// Clusters reported on or after this day (YYYY, YYYY-MM or YYYY-MM-DD).
        #[arg(long)]
        from: Option<String>,
        /// Clusters reported on or before this day (YYYY, YYYY-MM or YYYY-MM-DD).
        #[arg(long)]
        to: Option<String>,
        /// At most this many (0: all).
        #[arg(long, default_value_t = 50)]
        limit: usize,
        /// One JSON object per line instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// One event cluster: headline, articles with dates, outlets and copies, the summary with each
    /// sentence's article, the coded events, and its storyline's timeline.
    Story {
        /// A cluster id, 6+ of its first characters, or any member document's id or external id.
        id: String,
        #[arg(long, default_value = "herald.db")]
        db: PathBuf,
        /// At most this many articles and events (0: all).
        #[arg(long, default_value_t = 50)]
        limit: usize,
        #[arg(long)]
        json: bool,
    },
    /// Storylines (event clusters linked over time by shared actors and topics), latest first,
    /// each with its timeline: one line per event with its dates.
    Storylines {
        #[arg(long, default_value = "herald.db")]
        db: PathBuf,
        /// At most this many storylines (0: all).
        #[arg(long, default_value_t = 20)]
        limit: usize,
        /// At most this many events per storyline (0: all).
        #[arg(long, default_value_t = 0)]
        events: usize,
        #[arg(long)]
        json: bool,
    },
    /// Serve the JSON API (/api, described at /api/openapi.json) and the web UI over the store.
    /// Listens on loopback only unless --public is given; ingest over HTTP (POST /api/documents)
    /// is off unless a token is set.
    #[cfg(feature = "serve")]
    Serve {
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: std::net::SocketAddr,
        #[arg(long, default_value = "herald.db")]
        db: PathBuf,
        /// Allow a non-loopback --addr. The server has no accounts: anyone who reaches it reads the store.
        #[arg(long)]
        public: bool,
        /// Accept POST /api/documents with `Authorization: Bearer TOKEN` (default: $HERALD_TOKEN,
        /// which keeps the token out of the process list).
        #[arg(long)]
        token: Option<String>,
        /// Store connections for readers (default: four per core, 4 to 16).
        #[arg(long)]
        readers: Option<usize>,
    },
    /// Write stored data out.
    Export {
        #[arg(long, value_enum, default_value_t = What::Documents)]
        what: What,
        #[arg(long, value_enum, default_value_t = Format::Jsonl)]
        format: Format,
        #[arg(long, default_value = "herald.db")]
        db: PathBuf,
        /// Write here instead of stdout.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Score every stage on the public gold data in ../shared/eval and check the recorded floors.
    Eval {
        /// The shared folder (default: $HERALD_SHARED, else ../shared).
        #[arg(long)]
        shared: Option<PathBuf>,
        /// The floors file (default: eval/floors.json in the repository).
        #[arg(long)]
        floors: Option<PathBuf>,
        /// Only these parts (extraction, dates, sentences, syntax, entities, time, events, stories, seeds).
        #[arg(long, value_delimiter = ',')]
        only: Vec<String>,
    },
    /// Measure a stage's throughput and peak memory next to its peer's, in the same run.
    Bench {
        #[arg(value_enum, default_value_t = bench::BenchStage::Extract)]
        stage: bench::BenchStage,
        #[arg(long)]
        shared: Option<PathBuf>,
        /// Passes over the corpus; the median is reported.
        #[arg(long, default_value_t = 5)]
        rounds: usize,
        /// The Python that has the peer installed (default: $HERALD_PEER_PYTHON, else the venv
        /// made by scripts/peers.sh).
        #[arg(long)]
        peer_python: Option<PathBuf>,
        /// Skip the peer.
        #[arg(long)]
        no_peer: bool,
    },
    /// `ingest` on timely dataflow workers, across threads, processes and machines, with the
    /// same results; start the same command on every process (see the README's "Scaling out").
    #[cfg(feature = "distributed")]
    Run(run::Args),
}

#[derive(Clone, Copy, ValueEnum)]
enum What {
    Documents,
    Entities,
    Events,
    /// Event clusters and storylines, one JSON line each.
    Stories,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Jsonl,
    /// The GDELT 2.0 event table's 61 tab-separated columns, then herald's (events only).
    Gdelt,
}

pub(crate) fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|e| format!("`{s}` is not a date of the form YYYY-MM-DD ({e})"))
}

fn main() {
    let cli = Cli::parse();
    let result = run(cli);
    if let Err(e) = result {
        // A closed pipe (`herald export | head`) is not a failure.
        if e.chain()
            .any(|c| c.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe))
        {
            std::process::exit(0);
        }
        eprintln!("herald: {e:#}");
        std::process::exit(1);
    }
}

fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Ingest { paths, db, source, date, batch } => {
            ingest::run(&paths, &db, ingest::Options { source, date, batch })
        }
        Command::Extract { files } => query::extract(&files),
        Command::Read { input, format, pretokenized, beam, models } => {
            read::run(&input, format, pretokenized, beam, models.as_deref())
        }
        Command::Annotate { input, dct } => annotate::run(&input, dct),
        Command::Docs { db, source, from, to, limit, offset, json } => {
            let store = query::open(&db)?;
            let q = herald_store::DocQuery { source, from, to, limit, offset };
            query::docs(store.as_ref(), &q, json)
        }
        Command::Show { doc, db, json } => query::show(query::open(&db)?.as_ref(), &doc, json),
        Command::Rejected { db, limit, json } => query::rejected(query::open(&db)?.as_ref(), limit, json),
        Command::Status { db } => query::status(query::open(&db)?.as_ref()),
        Command::Entities { db, kind, limit, json } => entities::list(query::open(&db)?.as_ref(), kind, limit, json),
        Command::Entity { name, db, limit, json } => entities::show(query::open(&db)?.as_ref(), &name, limit, json),
        Command::Export { what: What::Documents, format: Format::Jsonl, db, out } => {
            query::export_documents(query::open(&db)?.as_ref(), out.as_deref())
        }
        Command::Export { what: What::Entities, format: Format::Jsonl, db, out } => {
            entities::export(query::open(&db)?.as_ref(), out.as_deref())
        }
        Command::Events { db, actor, dyad, directed, code, from, to, limit, json } => {
            let dyad = dyad.and_then(|d| match d.as_slice() {
                [a, b] => Some((a.clone(), b.clone())),
                _ => None,
            });
            let q = herald_store::EventQuery { actor, dyad, directed, code, from, to, limit };
            events::list(query::open(&db)?.as_ref(), &q, json)
        }
        Command::Search {
            query,
            db,
            only,
            actor,
            dyad,
            directed,
            code,
            entity,
            source,
            from,
            to,
            limit,
            offset,
            json,
        } => {
            if limit == 0 {
                anyhow::bail!("--limit must be at least 1");
            }
            let store = query::open(&db)?;
            let entity = entity.map(|e| search::entity_id(store.as_ref(), &e)).transpose()?;
            let dyad = dyad.and_then(|d| match d.as_slice() {
                [a, b] => Some((a.to_ascii_uppercase(), b.to_ascii_uppercase())),
                _ => None,
            });
            let q = herald_store::SearchQuery {
                text: query,
                scope: only.scope(),
                actor: actor.map(|a| a.to_ascii_uppercase()),
                dyad,
                directed,
                code,
                entity,
                source,
                from,
                to,
                limit,
                offset,
                window: 0,
            };
            search::run(store.as_ref(), &q, json)
        }
        Command::Relations { a, b, by, directed, svg, db } => {
            let by = by.parse().map_err(anyhow::Error::msg)?;
            stories::relations_cmd(query::open(&db)?.as_ref(), &a, &b, by, directed, svg.as_deref())
        }
        Command::Stories { db, from, to, limit, json } => {
            let q = herald_store::ClusterQuery { from, to, storyline: None, limit };
            stories::list(query::open(&db)?.as_ref(), &q, json)
        }
        Command::Story { id, db, limit, json } => stories::show(query::open(&db)?.as_ref(), &id, limit, json),
        Command::Storylines { db, limit, events, json } => {
            stories::storylines(query::open(&db)?.as_ref(), limit, events, json)
        }
        Command::Export { what: What::Stories, format: Format::Jsonl, db, out } => {
            stories::export(query::open(&db)?.as_ref(), out.as_deref())
        }
        Command::Export { what: What::Events, format, db, out } => {
            let format = match format {
                Format::Jsonl => events::ExportFormat::Jsonl,
                Format::Gdelt => events::ExportFormat::Gdelt,
            };
            events::export(query::open(&db)?.as_ref(), format, out.as_deref())
        }
        Command::Export { format: Format::Gdelt, .. } => {
            anyhow::bail!("--format gdelt is the GDELT event table: use it with --what events (or use --format jsonl)")
        }
        #[cfg(feature = "serve")]
        Command::Serve { addr, db, public, token, readers } => {
            serve::run(&db, serve::ServeOptions { addr, public, token, readers })
        }
        Command::Eval { shared, floors, only } => {
            let shared = eval::shared_dir(shared)?;
            let floors = floors.unwrap_or_else(eval::default_floors);
            eval::run(&shared, &floors, &only).context("evaluation")
        }
        #[cfg(feature = "distributed")]
        Command::Run(args) => run::run(args),
        Command::Bench { stage, shared, rounds, peer_python, no_peer } => {
            let shared = eval::shared_dir(shared)?;
            bench::run(
                stage,
                &shared,
                rounds.max(1),
                if no_peer { None } else { Some(bench::peer_python(peer_python)) },
            )
        }
    }
}
