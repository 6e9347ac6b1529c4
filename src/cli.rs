//! The `leadline` command: serve (the default), migrate, demo and benchmark data, users,
//! tokens and CSV import (SPEC section 8).

use std::io::{IsTerminal, Read};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use anyhow::Context;
use clap::{Parser, Subcommand};
use leadline_generators::{bench_data, demo};

use crate::config::Config;
use crate::domain::lead::Email;
use crate::domain::phone::Country;
use crate::domain::user::Role;
use crate::domain::zone::Zone;
use crate::startup::{self, Database};
use crate::storage::Actor;
use crate::{credentials, storage};

#[derive(Debug, Parser)]
#[command(
    name = "leadline",
    version,
    about = "Leadline: a sales-funnel CRM for telephone sales teams"
)]
pub struct Cli {
    #[command(flatten)]
    pub config: Config,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the web service (the default).
    Serve,
    /// Bring the database schema up to date and exit.
    Migrate,
    /// Print the REST API's OpenAPI 3.1 document (as served at `/api/v1/openapi.json`).
    Openapi,
    /// Fill the database with a demo team's last 90 days; refused once the demo team exists.
    Demo {
        /// The same seed plans the same data set (relative to today).
        #[arg(long, default_value_t = demo::DEFAULT_SEED)]
        seed: u64,
    },
    /// Fill an empty database with SPEC section 7's benchmark data set (needs a superuser).
    BenchData {
        /// Leads, created over the days of history.
        #[arg(long, default_value_t = bench_data::DEFAULT_LEADS)]
        leads: u64,
        /// Calls, shared out among the leads.
        #[arg(long, default_value_t = bench_data::DEFAULT_CALLS)]
        calls: u64,
        /// Reps who own the leads and make the calls (a manager comes on top).
        #[arg(long, default_value_t = bench_data::DEFAULT_REPS)]
        reps: u32,
        /// Lead sources.
        #[arg(long, default_value_t = bench_data::DEFAULT_CHANNELS)]
        channels: u32,
        /// Days of history, ending today.
        #[arg(long, default_value_t = bench_data::DEFAULT_DAYS)]
        days: u32,
        /// The same seed and sizes give the same data set (relative to today).
        #[arg(long, default_value_t = bench_data::DEFAULT_SEED)]
        seed: u64,
    },
    /// Manage users.
    #[command(subcommand)]
    User(UserCommand),
    /// Manage API tokens.
    #[command(subcommand)]
    Token(TokenCommand),
    /// Import data from files.
    #[command(subcommand)]
    Import(ImportCommand),
    /// Look after the dashboard rollups.
    #[command(subcommand)]
    Rollups(RollupsCommand),
}

#[derive(Debug, Subcommand)]
pub enum RollupsCommand {
    /// Recompute every dashboard rollup from the raw tables, a step at a time while writes
    /// go on (the figures come from the raw tables until it has finished).
    Rebuild,
    /// Change the company's time zone (an IANA name such as Asia/Jakarta), as an admin
    /// does on the settings page, and recount the rollups in it before returning.
    TimeZone {
        #[arg(value_parser = parse_zone)]
        zone: Zone,
    },
}

fn parse_zone(text: &str) -> Result<Zone, String> {
    Zone::parse("time_zone", text).map_err(|e| e.message())
}

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Import leads from a CSV file with a header row; columns are matched by their names.
    Leads(LeadsImport),
}

#[derive(Debug, clap::Args)]
pub struct LeadsImport {
    file: std::path::PathBuf,
    /// Import nothing if any row is bad (default: import the good rows, report the bad).
    #[arg(long)]
    all_or_nothing: bool,
    /// Import a row with a bad optional field (e-mail, company, owner, stage, deal value,
    /// do-not-call, next contact...) without that field, with a warning (default: the row
    /// is bad). A bad name or phone number always makes the row bad.
    #[arg(long, conflicts_with = "resume")]
    drop_bad_fields: bool,
    /// The country whose numbering plan reads this file's phone numbers written without a
    /// country code, such as ID (default: the company's).
    #[arg(long, value_name = "CODE", value_parser = parse_country, conflicts_with = "resume")]
    country: Option<Country>,
    /// Continue the interrupted import with this id after the rows it committed
    /// (the same file; its mapping, mode and country are the ones it started with).
    #[arg(long, value_name = "IMPORT_ID", conflicts_with = "again")]
    resume: Option<uuid::Uuid>,
    /// Import the file from its first row although an import of it was interrupted.
    #[arg(long)]
    again: bool,
}

fn parse_country(text: &str) -> Result<Country, String> {
    Country::parse("--country", text).map_err(|e| e.message())
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Add a user. The password is read from standard input, or generated and printed.
    Add {
        email: String,
        #[arg(long, value_parser = parse_role)]
        role: Role,
        /// Display name (default: the part of the e-mail before @).
        #[arg(long)]
        name: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Create an API token for a user; prints the token, once, alone on stdout.
    Add {
        #[arg(long = "user")]
        email: String,
        #[arg(long)]
        name: String,
    },
}

fn parse_role(text: &str) -> Result<Role, String> {
    Role::parse(text).ok_or_else(|| "must be one of admin, manager, rep".to_owned())
}

pub fn run(cli: Cli) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the runtime")?;
    runtime.block_on(async move {
        match cli.command.unwrap_or(Command::Serve) {
            Command::Serve => startup::serve(cli.config).await,
            Command::Migrate => with_database(&cli.config, |_| async { Ok(()) }).await,
            Command::Openapi => {
                let document = crate::http::api::openapi::document();
                println!("{}", serde_json::to_string_pretty(&document)?);
                Ok(())
            }
            Command::Demo { seed } => run_demo(&cli.config, seed).await,
            Command::BenchData {
                leads,
                calls,
                reps,
                channels,
                days,
                seed,
            } => {
                let plan = bench_data::Plan {
                    leads,
                    calls,
                    reps,
                    channels,
                    days,
                    seed,
                    ..bench_data::Plan::default()
                };
                run_bench_data(&cli.config, plan).await
            }
            Command::User(UserCommand::Add { email, role, name }) => {
                add_user(&cli.config, &email, role, name).await
            }
            Command::Token(TokenCommand::Add { email, name }) => {
                add_token(&cli.config, &email, &name).await
            }
            Command::Import(ImportCommand::Leads(import)) => {
                import_leads(&cli.config, &import).await
            }
            Command::Rollups(RollupsCommand::Rebuild) => rebuild_rollups(&cli.config).await,
            Command::Rollups(RollupsCommand::TimeZone { zone }) => {
                change_time_zone(&cli.config, zone).await
            }
        }
    })
}

/// Run `work` against a migrated database, stopping an embedded cluster afterwards.
async fn with_database<F, Fut>(config: &Config, work: F) -> anyhow::Result<()>
where
    F: FnOnce(sqlx::PgPool) -> Fut,
    Fut: std::future::Future<Output = anyhow::Result<()>>,
{
    let Database { pool, embedded } = startup::connect(config, true).await?;
    startup::migrate(&pool).await?;
    let result = work(pool.clone()).await;
    pool.close().await;
    if let Some(mut cluster) = embedded {
        tokio::task::spawn_blocking(move || cluster.stop()).await?;
    }
    result
}

async fn rebuild_rollups(config: &Config) -> anyhow::Result<()> {
    with_database(config, |pool| async move {
        let started = std::time::Instant::now();
        let leads = storage::rollups::rebuild(&pool).await?;
        eprintln!(
            "rollups rebuilt from {leads} leads in {:.1} s",
            started.elapsed().as_secs_f64()
        );
        Ok(())
    })
    .await
}

async fn change_time_zone(config: &Config, zone: Zone) -> anyhow::Result<()> {
    with_database(config, |pool| async move {
        let started = std::time::Instant::now();
        storage::settings::change_settings(&pool, storage::Actor::default(), |current| {
            Ok(storage::settings::Choices {
                time_zone: zone,
                ..current.choices.clone()
            })
        })
        .await?;
        let counted = storage::rollups::finish_rebuild(&pool).await?;
        eprintln!(
            "time zone {zone}: rollups counted from {} leads in {:.1} s",
            counted.map_or(0, |r| r.leads_counted),
            started.elapsed().as_secs_f64()
        );
        Ok(())
    })
    .await
}

async fn run_demo(config: &Config, seed: u64) -> anyhow::Result<()> {
    with_database(config, |pool| async move {
        // As `serve` would on an empty database, so that the demo leaves an admin to sign in
        // as, and its team works on the company's clock.
        startup::create_first_admin(&pool).await?;
        storage::settings::settle_first_start(
            &pool,
            config.time_zone,
            config.default_country,
            config.language,
        )
        .await?;
        let started = std::time::Instant::now();
        let summary = demo::generate(&pool, seed, chrono::Utc::now()).await?;
        eprintln!(
            "demo: {} leads, {} calls, {} deals won and {} spend entries in {:.1} s",
            summary.leads,
            summary.calls,
            summary.deals_won,
            summary.spend_entries,
            started.elapsed().as_secs_f64()
        );
        println!("Demo logins (password for all: {}):", summary.password);
        for user in &summary.team {
            println!(
                "  {:<40} {:<8} {}",
                user.email,
                user.role.as_str(),
                user.name
            );
        }
        Ok(())
    })
    .await
}

async fn run_bench_data(config: &Config, plan: bench_data::Plan) -> anyhow::Result<()> {
    plan.check()?;
    with_database(config, |pool| async move {
        // As `serve` would on an empty database, so that someone can sign in to look at the data.
        startup::create_first_admin(&pool).await?;
        let summary = bench_data::generate(&pool, &plan).await?;
        println!("bench-data: loaded in {:.1} s", summary.seconds);
        for table in &summary.tables {
            println!(
                "  {:<15} {:>12} rows {:>8.1} s",
                table.table,
                bench_data::thousands(table.rows),
                table.seconds
            );
        }
        for (step, seconds) in &summary.steps {
            println!("  {step:<32} {seconds:>8.1} s");
        }
        Ok(())
    })
    .await
}

async fn add_user(
    config: &Config,
    email: &str,
    role: Role,
    name: Option<String>,
) -> anyhow::Result<()> {
    let email = Email::parse("email", email).map_err(|e| anyhow::anyhow!("{}", e.message()))?;
    let name = name.unwrap_or_else(|| {
        email
            .as_str()
            .split('@')
            .next()
            .unwrap_or_default()
            .to_owned()
    });
    let (password, generated) = read_or_generate_password()?;
    credentials::check_password_strength("password", &password)
        .map_err(|e| anyhow::anyhow!("password {}", e.message()))?;
    let hash = credentials::hash_password(&password)?;
    with_database(config, |pool| async move {
        let user = storage::users::create(&pool, email.as_str(), &name, role, &hash)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        eprintln!("added {} ({}) as {}", user.email, user.name, role.as_str());
        if generated {
            println!("{password}");
        }
        Ok(())
    })
    .await
}

/// The password piped on stdin, or a generated one when stdin is a terminal or empty.
fn read_or_generate_password() -> anyhow::Result<(String, bool)> {
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        let mut text = String::new();
        stdin
            .lock()
            .read_to_string(&mut text)
            .context("cannot read the password from stdin")?;
        let password = text.lines().next().unwrap_or("").to_owned();
        if !password.is_empty() {
            return Ok((password, false));
        }
    }
    Ok((credentials::generate_password(), true))
}

async fn add_token(config: &Config, email: &str, name: &str) -> anyhow::Result<()> {
    let email = Email::parse("user", email).map_err(|e| anyhow::anyhow!("{}", e.message()))?;
    let name = crate::domain::required_text("name", name, 100)
        .map_err(|e| anyhow::anyhow!("token {e}"))?;
    with_database(config, |pool| async move {
        let (user, _) = storage::users::find_for_login(&pool, email.as_str())
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?
            .with_context(|| format!("no user with e-mail {}", email.as_str()))?;
        let (secret, hash) = credentials::new_api_token();
        storage::users::create_token(&pool, user.id, &name, &hash)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        println!("{secret}");
        Ok(())
    })
    .await
}

async fn import_leads(config: &Config, import: &LeadsImport) -> anyhow::Result<()> {
    use crate::importer::{self, BadFields, Mode, Plan, Progress, Recorded, Target};
    use crate::storage::imports;
    let LeadsImport {
        file,
        all_or_nothing,
        drop_bad_fields,
        country,
        resume,
        again,
    } = import;
    let open =
        || std::fs::File::open(file).with_context(|| format!("cannot read {}", file.display()));
    let header = importer::read_header(std::io::BufReader::new(open()?))
        .map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
    let sha256 = file_sha256(open()?).with_context(|| format!("cannot read {}", file.display()))?;
    let file_name = file.file_name().map_or_else(
        || file.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let input = open()?;
    let size = input.metadata().map(|m| m.len()).unwrap_or(0);
    let (input, bytes_read) =
        CountingReader::new(std::io::BufReader::with_capacity(64 * 1024, input));
    with_database(config, |pool| async move {
        imports::mark_interrupted(&pool).await?;
        // Where this run starts: a new import, or the rest of an interrupted one.
        let company_country = storage::settings::default_country(&pool).await?;
        let (recorded, plan, previous) = match *resume {
            Some(id) => {
                let import = imports::get(&pool, id)
                    .await
                    .map_err(|_| anyhow::anyhow!("there is no import {id}"))?;
                if import.status != "interrupted" {
                    anyhow::bail!(
                        "import {id} is {}, not interrupted: nothing to resume",
                        import.status
                    );
                }
                let resumed = imports::resume(&pool, id)
                    .await?
                    .ok_or_else(|| anyhow::anyhow!("import {id} was resumed by someone else"))?;
                if resumed.file_sha256.as_deref() != Some(sha256.as_slice()) {
                    // Give it back as it was: this is not the file it was reading.
                    imports::give_back(&pool, id).await?;
                    anyhow::bail!(
                        "{} is not the file import {id} was reading (its contents differ)",
                        file.display()
                    );
                }
                let (recorded, plan, previous) =
                    Recorded::resuming(id, resumed, company_country, config.currency);
                // As a spreadsheet numbers the rows: the header is row 1.
                eprintln!("resuming import {id} at row {}", recorded.skip_rows + 2);
                (recorded, plan, previous)
            }
            None => {
                let cut = imports::interrupted_of_file(&pool, &sha256).await?;
                if let (Some(last), false) = (cut.first(), *again) {
                    anyhow::bail!(
                        "an import of this file was interrupted after {} rows ({} leads imported); \
                         continue it with --resume {}, or import it all again with --again",
                        last.committed_rows,
                        last.imported_rows,
                        last.id
                    );
                }
                let fields = crate::storage::custom_fields::list(&pool, false).await?;
                let mapping = Target::guess_all(&header, &fields);
                if !mapping.contains(&Target::Name) {
                    anyhow::bail!(
                        "no column looks like the lead's name (columns: {}); name one `name`",
                        header.join(", ")
                    );
                }
                let plan = Plan {
                    mapping,
                    mode: if *all_or_nothing {
                        Mode::AllOrNothing
                    } else {
                        Mode::SkipBad
                    },
                    bad_fields: if *drop_bad_fields {
                        BadFields::DropField
                    } else {
                        BadFields::RejectRow
                    },
                    default_country: country.unwrap_or(company_country),
                    currency: config.currency,
                };
                let id = imports::create_command(&pool, &file_name, &sha256, &plan.record(&header))
                    .await?;
                eprintln!("import {id}");
                let recorded = Recorded {
                    import_id: id,
                    skip_rows: 0,
                    imported_before: 0,
                };
                (recorded, plan, importer::Reported::default())
            }
        };
        for (column, target) in header.iter().zip(&plan.mapping) {
            eprintln!("  {column} -> {}", target.as_str());
        }
        eprintln!(
            "  numbers without a country code are read as {}'s",
            plan.default_country
        );
        let (sender, mut receiver) = tokio::sync::watch::channel(Progress::default());
        let printer = tokio::spawn(async move {
            let mut meter = ImportMeter::new(size);
            while receiver.changed().await.is_ok() {
                let p = *receiver.borrow_and_update();
                meter.show(bytes_read.load(Ordering::Relaxed), p);
            }
            meter.finish();
        });
        let summary = importer::run_resumable(
            &pool,
            input,
            &plan,
            Actor::default(),
            Some(recorded),
            &sender,
        )
        .await;
        drop(sender);
        let _ = printer.await;
        let id = recorded.import_id;
        let summary = match summary {
            Ok(summary) => summary,
            Err(e) => {
                let note = imports::Reports::errors(importer::stopped_note());
                let _ = imports::finish(&pool, id, "failed", 0, 0, &note).await;
                anyhow::bail!("{e}");
            }
        };
        let status = if plan.mode == Mode::AllOrNothing && summary.bad_rows() > 0 {
            "failed"
        } else {
            "done"
        };
        let reported = importer::reported_at_end(previous, &summary);
        imports::finish(
            &pool,
            id,
            status,
            i32::try_from(summary.total).unwrap_or(i32::MAX),
            i32::try_from(summary.imported).unwrap_or(i32::MAX),
            &reported.record(),
        )
        .await?;
        // Lines as a spreadsheet numbers them: the header is line 1.
        for e in &reported.errors {
            match e.line {
                0 => eprintln!("{}", e.message()),
                line => eprintln!("line {line}: {}: {}", e.field, e.message()),
            }
        }
        for w in &reported.warnings {
            match w.line {
                0 => eprintln!("{}", w.message()),
                line => eprintln!("line {line}: {} dropped: {}", w.field, w.message()),
            }
        }
        let mut bad_lines: Vec<u64> = reported
            .errors
            .iter()
            .map(|e| e.line)
            .filter(|&l| l > 0)
            .collect();
        bad_lines.dedup();
        let mut warned_lines: Vec<u64> = reported
            .warnings
            .iter()
            .map(|w| w.line)
            .filter(|&l| l > 0)
            .collect();
        warned_lines.dedup();
        eprintln!(
            "imported {} of {} rows; {} bad; {} imported without a bad field",
            summary.imported,
            summary.total,
            bad_lines.len() + summary.unlisted_errors,
            warned_lines.len() + summary.unlisted_warnings,
        );
        if !reported.rejected.is_empty() {
            eprintln!("the bad rows, to fix and import again: /import/{id}/rejected");
        }
        if plan.mode == Mode::AllOrNothing && summary.bad_rows() > 0 {
            anyhow::bail!("nothing was imported because some rows are bad");
        }
        Ok(())
    })
    .await
}

/// The SHA-256 of a file, to know it again when an import of it is resumed.
fn file_sha256(mut file: impl Read) -> std::io::Result<Vec<u8>> {
    use sha2::Digest;
    let mut hasher = sha2::Sha256::new();
    let mut buffer = vec![0; 64 * 1024];
    loop {
        let n = file.read(&mut buffer)?;
        if n == 0 {
            return Ok(hasher.finalize().to_vec());
        }
        hasher.update(&buffer[..n]);
    }
}

/// A reader that counts the bytes read through it, for progress by file position.
struct CountingReader<R> {
    inner: R,
    count: Arc<AtomicU64>,
}

impl<R> CountingReader<R> {
    fn new(inner: R) -> (Self, Arc<AtomicU64>) {
        let count = Arc::new(AtomicU64::new(0));
        let reader = CountingReader {
            inner,
            count: count.clone(),
        };
        (reader, count)
    }
}

impl<R: Read> Read for CountingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// Import progress on stderr: a bar on a terminal, otherwise a line every few seconds.
struct ImportMeter {
    bar: Option<indicatif::ProgressBar>,
    size: u64,
    last_line: std::time::Instant,
    last: Option<(u64, crate::importer::Progress)>,
}

impl ImportMeter {
    const LINE_EVERY: std::time::Duration = std::time::Duration::from_secs(5);

    fn new(size: u64) -> Self {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = indicatif::ProgressBar::new(size);
            bar.set_style(
                indicatif::ProgressStyle::with_template(
                    "  [{bar:30}] {percent:>3}% {msg} ({elapsed}, about {eta} left)",
                )
                .expect("progress template")
                .progress_chars("=> "),
            );
            bar.enable_steady_tick(std::time::Duration::from_millis(250));
            bar
        });
        ImportMeter {
            bar,
            size,
            last_line: std::time::Instant::now(),
            last: None,
        }
    }

    fn show(&mut self, bytes: u64, p: crate::importer::Progress) {
        let message = format!("{} rows checked, {} imported", p.processed, p.imported);
        match &self.bar {
            Some(bar) => {
                bar.set_position(bytes);
                bar.set_message(message);
            }
            None if self.last_line.elapsed() >= Self::LINE_EVERY => {
                self.last_line = std::time::Instant::now();
                eprintln!("  {:>3}% {message}", percent(bytes, self.size));
            }
            None => {}
        }
        self.last = Some((bytes, p));
    }

    fn finish(self) {
        if let Some(bar) = self.bar {
            bar.finish();
        } else if let Some((bytes, p)) = self.last {
            eprintln!(
                "  {:>3}% {} rows checked, {} imported",
                percent(bytes, self.size),
                p.processed,
                p.imported
            );
        }
    }
}

fn percent(part: u64, whole: u64) -> u64 {
    (part * 100).checked_div(whole).unwrap_or(100).min(100)
}
