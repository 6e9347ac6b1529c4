//! The embedded default: a private PostgreSQL cluster started from the machine's
//! installed binaries, under the data directory, listening on a free loopback port.
//!
//! The postmaster runs as a child of a supervisor thread with a parent-death signal,
//! so even if Leadline is killed the cluster shuts down instead of lingering. When the
//! postmaster dies unasked (kill -9, the OOM killer), the thread starts it again, with
//! backoff, and `ClusterHealth` tells the async side meanwhile.

use std::fs::{self, File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::net::TcpListener;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::thread;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use rand::distributions::{Alphanumeric, DistString};

const SUPERUSER: &str = "postgres";
const READY_TIMEOUT: Duration = Duration::from_secs(60);
const STOP_TIMEOUT: Duration = Duration::from_secs(30);
/// How often the supervisor looks at the postmaster (and, while it starts, asks pg_isready).
const POLL: Duration = Duration::from_millis(100);
/// The wait before restarting a postmaster that died, doubled after each failed start.
const FIRST_BACKOFF: Duration = Duration::from_millis(500);
const MAX_BACKOFF: Duration = Duration::from_secs(30);
/// A postmaster that served this long before dying is restarted after `FIRST_BACKOFF` again.
const STABLE_AFTER: Duration = Duration::from_secs(60);
/// Where a running cluster's port is written, for one-off commands run beside `serve`.
const PORT_FILE: &str = "pg-port";

#[derive(Debug, thiserror::Error)]
pub enum EmbeddedPgError {
    #[error(
        "no PostgreSQL server binaries found (looked in `pg_config --bindir`, /usr/lib/postgresql/*/bin and PATH). \
         Install them (Debian/Ubuntu: `apt-get install postgresql`), or set DATABASE_URL to an existing server, \
         or run `docker compose up`"
    )]
    BinariesNotFound,
    #[error("data directory {path} is not usable")]
    DataDir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("data directory {0} is in use by another Leadline process (pid {1}); stop it first or choose another LEADLINE_DATA_DIR")]
    InUse(PathBuf, String),
    #[error("running as root, but the `postgres` OS user that PostgreSQL must run as does not exist; create it (`useradd --system postgres`) or set DATABASE_URL")]
    NoPostgresUser,
    #[error("initdb failed for {path}: {detail}")]
    Initdb { path: PathBuf, detail: String },
    #[error("PostgreSQL did not start: {0}")]
    Start(String),
}

/// A running private cluster, restarted if it dies. Dropping it stops the cluster.
pub struct EmbeddedPostgres {
    port: u16,
    password: String,
    control: Arc<Control>,
    health: Arc<ClusterHealth>,
    /// Disconnected when the supervisor thread ends, which it does only after a stop.
    supervisor_ended: mpsc::Receiver<()>,
    stopped: bool,
    _lock: File,
}

/// Whether the embedded cluster serves, for async code: atomics, so reading never blocks.
#[derive(Debug, Default)]
pub struct ClusterHealth {
    /// When the cluster went down, in milliseconds since the Unix epoch; 0 while it is up.
    down_since_ms: AtomicU64,
    restarts: AtomicU64,
    /// The supervisor's wait between start attempts now, in milliseconds.
    retry_delay_ms: AtomicU64,
}

impl ClusterHealth {
    /// Whether the cluster serves: false from its death until a restart accepts connections.
    pub fn is_up(&self) -> bool {
        self.down_since_ms.load(Ordering::Acquire) == 0
    }

    /// How many times the cluster died and was started again.
    pub fn restarts(&self) -> u64 {
        self.restarts.load(Ordering::Relaxed)
    }

    /// Since when the cluster has been down; `None` while it is up.
    pub fn down_since(&self) -> Option<SystemTime> {
        match self.down_since_ms.load(Ordering::Acquire) {
            0 => None,
            ms => Some(UNIX_EPOCH + Duration::from_millis(ms)),
        }
    }

    /// Whole seconds a client should wait before trying again: the supervisor's wait
    /// between start attempts, at least one.
    pub fn retry_after_secs(&self) -> u64 {
        self.retry_delay_ms
            .load(Ordering::Relaxed)
            .div_ceil(1000)
            .max(1)
    }

    fn went_down(&self) {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(1, |since_epoch| since_epoch.as_millis().max(1));
        self.down_since_ms
            .store(u64::try_from(now).unwrap_or(u64::MAX), Ordering::Release);
    }

    fn waiting(&self, delay: Duration) {
        let delay_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX);
        self.retry_delay_ms.store(delay_ms, Ordering::Relaxed);
    }

    fn came_back(&self) {
        // Counted before the cluster shows up (Release), so whoever sees it up sees the count.
        self.restarts.fetch_add(1, Ordering::Relaxed);
        self.down_since_ms.store(0, Ordering::Release);
    }
}

/// What `stop` and the supervisor thread share. The postmaster is spawned and reaped
/// under the lock, so a stop either signals the live postmaster or keeps the next one
/// from being spawned, and never signals a pid that was reaped and may be reused.
#[derive(Default)]
struct Control {
    postmaster: Mutex<Postmaster>,
    stop_asked: Condvar,
}

#[derive(Default)]
struct Postmaster {
    pid: Option<u32>,
    stop_requested: bool,
}

impl Control {
    fn lock(&self) -> MutexGuard<'_, Postmaster> {
        self.postmaster
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// No more restarts, and `signal` to the postmaster running now.
    fn request_stop(&self, signal: libc::c_int) {
        self.lock().stop_requested = true;
        self.stop_asked.notify_all();
        self.signal(signal);
    }

    fn signal(&self, signal: libc::c_int) {
        let postmaster = self.lock();
        if let Some(pid) = postmaster
            .pid
            .and_then(|pid| libc::pid_t::try_from(pid).ok())
        {
            // SAFETY: kill has no memory-safety preconditions; the pid is our own child,
            // not yet reaped (reaping takes this lock).
            unsafe { libc::kill(pid, signal) };
        }
    }
}

/// How one start of the postmaster ended.
enum Started {
    Ready(Child),
    Failed(String),
    /// A stop was asked for before it was ready.
    Stopped,
}

/// The supervisor thread's work: run the postmaster (as its parent, so the death signal
/// follows this thread) and start it again when it exits without having been asked to.
struct Supervisor {
    postgres: Command,
    pg_isready: Command,
    log_path: PathBuf,
    control: Arc<Control>,
    health: Arc<ClusterHealth>,
}

impl Supervisor {
    fn run(mut self, first_start: &mpsc::Sender<Result<(), EmbeddedPgError>>) {
        // The caller handles a failed first start: it is returned, not retried.
        let mut child = match self.start(Some(Instant::now() + READY_TIMEOUT)) {
            Started::Ready(child) => child,
            Started::Failed(detail) => {
                let _ = first_start.send(Err(EmbeddedPgError::Start(detail)));
                return;
            }
            Started::Stopped => return,
        };
        let _ = first_start.send(Ok(()));
        let mut backoff = FIRST_BACKOFF;
        loop {
            let up_since = Instant::now();
            let Some(status) = self.wait_for_exit(&mut child) else {
                return;
            };
            self.health.went_down();
            tracing::error!(
                %status,
                log = %tail(&self.log_path, 5),
                "embedded PostgreSQL exited unexpectedly; restarting it"
            );
            if up_since.elapsed() >= STABLE_AFTER {
                backoff = FIRST_BACKOFF;
            }
            child = loop {
                self.health.waiting(backoff);
                if !self.pause(backoff) {
                    return;
                }
                backoff = (backoff * 2).min(MAX_BACKOFF);
                match self.start(None) {
                    Started::Ready(child) => break child,
                    Started::Stopped => return,
                    // A kill -9 can leave the shared memory held by dying backends for a while.
                    Started::Failed(detail) => {
                        tracing::warn!(
                            retry_in = ?backoff,
                            %detail,
                            "embedded PostgreSQL did not restart"
                        );
                    }
                }
            };
            self.health.came_back();
            tracing::info!(
                restarts = self.health.restarts(),
                "embedded PostgreSQL is up again"
            );
        }
    }

    /// Spawn the postmaster and wait until it accepts connections, giving up at
    /// `deadline` if there is one (crash recovery after a restart takes what it takes).
    fn start(&mut self, deadline: Option<Instant>) -> Started {
        let mut child = {
            let mut postmaster = self.control.lock();
            if postmaster.stop_requested {
                return Started::Stopped;
            }
            match self.postgres.spawn() {
                Ok(child) => {
                    postmaster.pid = Some(child.id());
                    child
                }
                Err(e) => return Started::Failed(format!("cannot run postgres: {e}")),
            }
        };
        loop {
            if let Some((status, stop_requested)) = self.reap(&mut child) {
                if stop_requested {
                    return Started::Stopped;
                }
                return Started::Failed(format!(
                    "postgres exited during start-up ({status}); its log ({}) ends: {}",
                    self.log_path.display(),
                    tail(&self.log_path, 3)
                ));
            }
            if self.pg_isready.status().is_ok_and(|s| s.success()) {
                return Started::Ready(child);
            }
            if deadline.is_some_and(|deadline| Instant::now() > deadline) {
                self.control.signal(libc::SIGQUIT);
                while self.reap(&mut child).is_none() {
                    thread::sleep(POLL);
                }
                return Started::Failed(format!(
                    "not ready after {}s; see {}",
                    READY_TIMEOUT.as_secs(),
                    self.log_path.display()
                ));
            }
            thread::sleep(POLL);
        }
    }

    /// Wait for the postmaster to exit: its exit status, or `None` when it was asked to.
    fn wait_for_exit(&self, child: &mut Child) -> Option<String> {
        loop {
            if let Some((status, stop_requested)) = self.reap(child) {
                return (!stop_requested).then_some(status);
            }
            thread::sleep(POLL);
        }
    }

    /// If the postmaster has exited, reap it: its exit status, and whether a stop was
    /// asked for.
    fn reap(&self, child: &mut Child) -> Option<(String, bool)> {
        let mut postmaster = self.control.lock();
        let status = match child.try_wait() {
            Ok(None) => return None,
            Ok(Some(status)) => status.to_string(),
            Err(e) => format!("unknown ({e})"),
        };
        postmaster.pid = None;
        Some((status, postmaster.stop_requested))
    }

    /// Sleep for `delay` unless a stop is asked for meanwhile: whether to go on.
    fn pause(&self, delay: Duration) -> bool {
        let postmaster = self.control.lock();
        let (postmaster, _) = self
            .control
            .stop_asked
            .wait_timeout_while(postmaster, delay, |p| !p.stop_requested)
            .unwrap_or_else(PoisonError::into_inner);
        !postmaster.stop_requested
    }
}

struct Binaries {
    dir: PathBuf,
}

impl Binaries {
    fn find() -> Result<Self, EmbeddedPgError> {
        let has_all = |dir: &Path| {
            ["initdb", "postgres", "pg_isready"]
                .iter()
                .all(|b| dir.join(b).is_file())
        };
        let mut candidates = Vec::new();
        if let Ok(out) = Command::new("pg_config").arg("--bindir").output() {
            if out.status.success() {
                candidates.push(PathBuf::from(String::from_utf8_lossy(&out.stdout).trim()));
            }
        }
        if let Ok(entries) = fs::read_dir("/usr/lib/postgresql") {
            let mut versions: Vec<(u32, PathBuf)> = entries
                .filter_map(Result::ok)
                .filter_map(|e| {
                    let version = e.file_name().to_string_lossy().parse::<u32>().ok()?;
                    Some((version, e.path().join("bin")))
                })
                .collect();
            versions.sort_by_key(|v| std::cmp::Reverse(v.0));
            candidates.extend(versions.into_iter().map(|(_, dir)| dir));
        }
        if let Some(path) = std::env::var_os("PATH") {
            candidates.extend(std::env::split_paths(&path));
        }
        candidates
            .into_iter()
            .find(|dir| has_all(dir))
            .map(|dir| Self { dir })
            .ok_or(EmbeddedPgError::BinariesNotFound)
    }

    fn command(&self, name: &str, run_as: Option<(u32, u32)>) -> Command {
        let mut cmd = Command::new(self.dir.join(name));
        if let Some((uid, gid)) = run_as {
            cmd.uid(uid).gid(gid);
        }
        cmd.env_remove("PGDATA").env("LC_ALL", "C");
        cmd
    }
}

/// The uid and gid to run PostgreSQL as: `postgres` when we are root, else ourselves.
fn run_as() -> Result<Option<(u32, u32)>, EmbeddedPgError> {
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } != 0 {
        return Ok(None);
    }
    let passwd = fs::read_to_string("/etc/passwd").unwrap_or_default();
    passwd
        .lines()
        .map(|line| line.split(':').collect::<Vec<_>>())
        .find(|fields| fields.len() > 3 && fields[0] == SUPERUSER)
        .and_then(|fields| Some((fields[2].parse().ok()?, fields[3].parse().ok()?)))
        .map(Some)
        .ok_or(EmbeddedPgError::NoPostgresUser)
}

/// An empty directory only `owner` (or this process's user) may enter, for a new cluster;
/// a half-made one from an interrupted first start is removed and made again.
fn empty_private_dir(dir: &Path, owner: Option<(u32, u32)>) -> Result<(), EmbeddedPgError> {
    if dir.exists() {
        fs::remove_dir_all(dir).map_err(data_dir_error(dir))?;
    }
    fs::create_dir(dir).map_err(data_dir_error(dir))?;
    fs::set_permissions(dir, fs::Permissions::from_mode(0o700)).map_err(data_dir_error(dir))?;
    if let Some((uid, gid)) = owner {
        std::os::unix::fs::chown(dir, Some(uid), Some(gid)).map_err(data_dir_error(dir))?;
    }
    Ok(())
}

fn data_dir_error(path: &Path) -> impl FnOnce(std::io::Error) -> EmbeddedPgError + '_ {
    move |source| EmbeddedPgError::DataDir {
        path: path.to_owned(),
        source,
    }
}

fn free_loopback_port() -> Result<u16, EmbeddedPgError> {
    TcpListener::bind(("127.0.0.1", 0))
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .map_err(|e| EmbeddedPgError::Start(format!("no free loopback port: {e}")))
}

/// Write a secret to a file only its owner can read.
fn write_private(path: &Path, contents: &str) -> Result<(), EmbeddedPgError> {
    let _ = fs::remove_file(path);
    OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .and_then(|mut file| file.write_all(contents.as_bytes()))
        .map_err(data_dir_error(path))
}

fn tail(path: &Path, lines: usize) -> String {
    let text = fs::read_to_string(path).unwrap_or_default();
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join(" | ")
}

/// Settings of a cluster whose data may be lost on a crash.
const THROWAWAY: &[&str] = &[
    "fsync=off",
    "synchronous_commit=off",
    "full_page_writes=off",
];

impl EmbeddedPostgres {
    /// Start (initialising on first use) the cluster kept under `data_dir`.
    pub fn start(data_dir: &Path) -> Result<Self, EmbeddedPgError> {
        Self::start_with(data_dir, &[], None)
    }

    /// Start a cluster whose data may be lost on a crash (fsync off): for tests.
    pub fn start_throwaway(data_dir: &Path) -> Result<Self, EmbeddedPgError> {
        Self::start_with(data_dir, THROWAWAY, None)
    }

    /// Start a throwaway cluster again on the port it had, as a restarted server comes
    /// back where its clients expect it: for tests of losing the database.
    pub fn restart_throwaway(data_dir: &Path, port: u16) -> Result<Self, EmbeddedPgError> {
        Self::start_with(data_dir, THROWAWAY, Some(port))
    }

    /// Start a hot standby of `primary` under `data_dir`: cloned with `pg_basebackup`
    /// on first use and streaming from it on loopback, for tests of a read replica.
    /// It lives on its own throwaway data like its primary.
    pub fn start_standby(
        data_dir: &Path,
        primary: &EmbeddedPostgres,
    ) -> Result<Self, EmbeddedPgError> {
        let binaries = Binaries::find()?;
        let owner = run_as()?;
        fs::create_dir_all(data_dir).map_err(data_dir_error(data_dir))?;
        let data_dir = data_dir.canonicalize().map_err(data_dir_error(data_dir))?;
        let cluster = data_dir.join("pg");
        if !cluster.join("PG_VERSION").is_file() {
            Self::base_backup(&binaries, owner, &cluster, primary)?;
            write_private(&data_dir.join("pg-password"), &primary.password)?;
        }
        let mut settings = THROWAWAY.to_vec();
        // Long dashboard reads are not cancelled by the primary vacuuming rows they see.
        settings.push("hot_standby_feedback=on");
        Self::start_with(&data_dir, &settings, None)
    }

    /// Copy `primary` into `cluster` with `pg_basebackup`, streaming the WAL it needs,
    /// and leave the settings (`-R`) that make it start as a standby of `primary`.
    fn base_backup(
        binaries: &Binaries,
        owner: Option<(u32, u32)>,
        cluster: &Path,
        primary: &EmbeddedPostgres,
    ) -> Result<(), EmbeddedPgError> {
        let backup_error = |detail: String| {
            EmbeddedPgError::Start(format!(
                "pg_basebackup into {}: {detail}",
                cluster.display()
            ))
        };
        empty_private_dir(cluster, owner)?;
        let output = binaries
            .command("pg_basebackup", owner)
            .arg("-D")
            .arg(cluster)
            .args(["-h", "127.0.0.1", "-p", &primary.port.to_string()])
            .args(["-U", SUPERUSER, "-X", "stream", "-R", "--checkpoint=fast"])
            .env("PGPASSWORD", &primary.password)
            .output()
            .map_err(|e| backup_error(e.to_string()))?;
        if !output.status.success() {
            let stderr = String::from_utf8_lossy(&output.stderr);
            return Err(backup_error(stderr.trim().to_owned()));
        }
        Ok(())
    }

    fn start_with(
        data_dir: &Path,
        settings: &[&str],
        port: Option<u16>,
    ) -> Result<Self, EmbeddedPgError> {
        let binaries = Binaries::find()?;
        let owner = run_as()?;
        fs::create_dir_all(data_dir).map_err(data_dir_error(data_dir))?;
        let data_dir = data_dir.canonicalize().map_err(data_dir_error(data_dir))?;
        let lock = Self::lock(&data_dir)?;

        let cluster = data_dir.join("pg");
        let password_file = data_dir.join("pg-password");
        let first_start = !cluster.join("PG_VERSION").is_file();
        if first_start {
            Self::initdb(&binaries, owner, &cluster, &password_file)?;
        }
        let password = fs::read_to_string(&password_file)
            .map_err(data_dir_error(&password_file))?
            .trim()
            .to_owned();

        let log_path = data_dir.join("postgres.log");
        let log = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&log_path)
            .map_err(data_dir_error(&log_path))?;
        let port = match port {
            Some(port) => port,
            None => free_loopback_port()?,
        };
        let mut cmd = binaries.command("postgres", owner);
        cmd.arg("-D")
            .arg(&cluster)
            .args(["-p", &port.to_string()])
            .args(["-c", "listen_addresses=127.0.0.1"])
            .args(["-c", "unix_socket_directories="])
            .args(["-c", "max_connections=200"])
            .args(settings.iter().flat_map(|setting| ["-c", setting]))
            .stdin(Stdio::null())
            .stdout(log.try_clone().map_err(data_dir_error(&log_path))?)
            .stderr(log);
        // SAFETY: prctl and getppid are async-signal-safe; this runs between fork and exec.
        unsafe {
            cmd.pre_exec(|| {
                // Fast shutdown when our supervisor thread (and so Leadline) goes away.
                if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGINT) != 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }

        let mut pg_isready = binaries.command("pg_isready", None);
        pg_isready.args(["-q", "-h", "127.0.0.1", "-p", &port.to_string()]);
        let control = Arc::new(Control::default());
        let health = Arc::new(ClusterHealth::default());
        let supervisor = Supervisor {
            postgres: cmd,
            pg_isready,
            log_path,
            control: control.clone(),
            health: health.clone(),
        };
        let (first_start_tx, first_start_rx) = mpsc::channel();
        let (ended_tx, ended_rx) = mpsc::channel::<()>();
        thread::Builder::new()
            .name("embedded-postgres".into())
            .spawn(move || {
                // Dropped as this thread ends, which is what `stop` waits for.
                let _ended = ended_tx;
                supervisor.run(&first_start_tx);
            })
            .map_err(|e| EmbeddedPgError::Start(e.to_string()))?;
        first_start_rx
            .recv()
            .map_err(|e| EmbeddedPgError::Start(e.to_string()))??;

        let cluster_handle = Self {
            port,
            password,
            control,
            health,
            supervisor_ended: ended_rx,
            stopped: false,
            _lock: lock,
        };
        let port_file = data_dir.join(PORT_FILE);
        fs::write(&port_file, port.to_string()).map_err(data_dir_error(&port_file))?;
        tracing::info!(port, data_dir = %cluster.display(), first_start, "embedded PostgreSQL is up");
        Ok(cluster_handle)
    }

    fn lock(data_dir: &Path) -> Result<File, EmbeddedPgError> {
        let path = data_dir.join("leadline.lock");
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(data_dir_error(&path))?;
        if file.try_lock().is_err() {
            let mut holder = String::new();
            let _ = file.read_to_string(&mut holder);
            return Err(EmbeddedPgError::InUse(
                data_dir.to_owned(),
                holder.trim().to_owned(),
            ));
        }
        let written = file
            .set_len(0)
            .and_then(|_| file.seek(SeekFrom::Start(0)))
            .and_then(|_| write!(file, "{}", std::process::id()));
        written.map_err(data_dir_error(&path))?;
        Ok(file)
    }

    fn initdb(
        binaries: &Binaries,
        owner: Option<(u32, u32)>,
        cluster: &Path,
        password_file: &Path,
    ) -> Result<(), EmbeddedPgError> {
        let initdb_error = |detail: String| EmbeddedPgError::Initdb {
            path: cluster.to_owned(),
            detail,
        };
        empty_private_dir(cluster, owner)?;
        let password = Alphanumeric.sample_string(&mut rand::thread_rng(), 32);
        // initdb reads the superuser password from a file it can open as its own user.
        let staged = cluster.with_file_name("pg-initdb-password");
        write_private(&staged, &password)?;
        if let Some((uid, gid)) = owner {
            std::os::unix::fs::chown(&staged, Some(uid), Some(gid))
                .map_err(data_dir_error(&staged))?;
        }
        let output = binaries
            .command("initdb", owner)
            .arg("-D")
            .arg(cluster)
            .args([
                "-U",
                SUPERUSER,
                "-E",
                "UTF8",
                "--no-locale",
                "--auth=scram-sha-256",
            ])
            .arg(format!("--pwfile={}", staged.display()))
            .output()
            .map_err(|e| initdb_error(e.to_string()));
        let _ = fs::remove_file(&staged);
        let output = output?;
        if !output.status.success() {
            let stderr = String::from_utf8_lossy(&output.stderr);
            let detail = stderr
                .lines()
                .rfind(|l| !l.trim().is_empty())
                .unwrap_or("")
                .to_owned();
            return Err(initdb_error(detail));
        }
        write_private(password_file, &password)
    }

    /// A connection string for `database` on this cluster.
    pub fn url(&self, database: &str) -> String {
        format!(
            "postgres://{SUPERUSER}:{}@127.0.0.1:{}/{database}",
            self.password, self.port
        )
    }

    /// The URL of the cluster that another process is running on `data_dir`.
    pub fn running_url(data_dir: &Path, database: &str) -> Result<String, EmbeddedPgError> {
        let read = |name: &str| {
            let path = data_dir.join(name);
            fs::read_to_string(&path)
                .map(|s| s.trim().to_owned())
                .map_err(data_dir_error(&path))
        };
        let (port, password) = (read(PORT_FILE)?, read("pg-password")?);
        Ok(format!(
            "postgres://{SUPERUSER}:{password}@127.0.0.1:{port}/{database}"
        ))
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// The postmaster's process id now: a restart changes it, and there is none while
    /// the supervisor waits to restart it.
    pub fn pid(&self) -> Option<u32> {
        self.control.lock().pid
    }

    /// Whether the cluster serves, shared with whoever wants to know.
    pub fn health(&self) -> Arc<ClusterHealth> {
        self.health.clone()
    }

    /// Stop the cluster with a fast shutdown and wait for it to exit; it is not restarted.
    pub fn stop(&mut self) {
        if self.stopped {
            return;
        }
        self.stopped = true;
        self.control.request_stop(libc::SIGINT);
        let waited = self.supervisor_ended.recv_timeout(STOP_TIMEOUT);
        if let Err(RecvTimeoutError::Timeout) = waited {
            tracing::warn!(
                "embedded PostgreSQL did not stop in time; sending an immediate shutdown"
            );
            self.control.signal(libc::SIGQUIT);
            let _ = self.supervisor_ended.recv_timeout(STOP_TIMEOUT);
        }
        tracing::info!("embedded PostgreSQL stopped");
    }
}

impl Drop for EmbeddedPostgres {
    fn drop(&mut self) {
        self.stop();
    }
}
