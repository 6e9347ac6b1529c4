//! The test harness: each test gets its own database and a real server on a free port.
//! With `DATABASE_URL` set the databases live on that server; without it, one
//! throwaway embedded cluster is started for the whole test run.

use std::sync::OnceLock;

use leadline::config::Config;
use leadline::credentials;
use leadline::domain::user::Role;
use leadline::embedded_pg::{EmbeddedPgError, EmbeddedPostgres};
use leadline::importer::{self, Mode, Progress, Target};
use leadline::startup;
use leadline::state::AppState;
use leadline::storage;
use reqwest::{Method, Response, StatusCode};
use serde_json::{json, Value};
use sqlx::{Connection, PgPool};
use uuid::Uuid;

/// The server that holds the test databases, as a URL to its `postgres` database.
pub fn server_url() -> &'static str {
    static URL: OnceLock<String> = OnceLock::new();
    URL.get_or_init(|| match std::env::var("DATABASE_URL") {
        Ok(url) if !url.trim().is_empty() => url,
        _ => {
            remove_stale_clusters();
            let dir = tempfile::Builder::new()
                .prefix(CLUSTER_PREFIX)
                .tempdir()
                .expect("temp dir")
                .keep();
            open_to_postgres(&dir);
            let cluster =
                EmbeddedPostgres::start(&dir).expect("start the embedded PostgreSQL for tests");
            let url = cluster.url("postgres");
            // The cluster lives as long as the test process; it stops when the process exits.
            std::mem::forget(cluster);
            url
        }
    })
}

const CLUSTER_PREFIX: &str = "leadline-test-pg-";

/// Remove the throwaway clusters of earlier test runs that have shut down.
fn remove_stale_clusters() {
    let Ok(entries) = std::fs::read_dir(std::env::temp_dir()) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        let ours = entry
            .file_name()
            .to_string_lossy()
            .starts_with(CLUSTER_PREFIX);
        let unlocked =
            std::fs::File::open(path.join("leadline.lock")).is_ok_and(|f| f.try_lock().is_ok());
        if ours && unlocked && !path.join("pg/postmaster.pid").exists() {
            let _ = std::fs::remove_dir_all(&path);
        }
    }
}

pub fn with_database(url: &str, name: &str) -> String {
    let mut parsed = url::Url::parse(url).expect("database URL");
    parsed.set_path(&format!("/{name}"));
    parsed.to_string()
}

/// Drop databases left by earlier test processes that are no longer running.
async fn drop_stale_databases(conn: &mut sqlx::PgConnection) {
    let names: Vec<String> =
        sqlx::query_scalar("SELECT datname FROM pg_database WHERE datname LIKE 'leadline_test_%'")
            .fetch_all(&mut *conn)
            .await
            .unwrap_or_default();
    for name in names {
        let pid = name.split('_').nth(2).and_then(|p| p.parse::<u32>().ok());
        let alive = pid.is_some_and(|p| std::path::Path::new(&format!("/proc/{p}")).exists());
        if !alive {
            let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
                .execute(&mut *conn)
                .await;
        }
    }
}

/// A database on `server` with every migration applied, made once per test process and
/// copied for each test (`CREATE DATABASE ... TEMPLATE`): copying takes a fraction of the
/// time of migrating. Named like the test databases, so that a later run drops it once this
/// process has gone.
async fn migrated_template(server: &str) -> String {
    static TEMPLATES: tokio::sync::Mutex<Vec<(String, String)>> =
        tokio::sync::Mutex::const_new(Vec::new());
    let mut made = TEMPLATES.lock().await;
    if let Some((_, name)) = made.iter().find(|(s, _)| s == server) {
        return name.clone();
    }
    let name = format!(
        "leadline_test_{}_template_{}",
        std::process::id(),
        made.len()
    );
    let mut conn = sqlx::PgConnection::connect(server)
        .await
        .expect("connect to the test server");
    sqlx::query(&format!("CREATE DATABASE \"{name}\""))
        .execute(&mut conn)
        .await
        .expect("create the template database");
    conn.close().await.ok();
    // One connection, closed before any copy: a template must have none.
    let template = sqlx::postgres::PgPoolOptions::new()
        .max_connections(1)
        .connect(&with_database(server, &name))
        .await
        .expect("connect to the template database");
    startup::migrate(&template)
        .await
        .expect("migrate the template database");
    template.close().await;
    made.push((server.to_owned(), name.clone()));
    name
}

pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub db: PgPool,
    /// The test's own database, for processes started beside the in-process server.
    pub database_url: String,
    pub admin_id: Uuid,
    pub admin_token: String,
}

pub struct TestUser {
    pub id: Uuid,
    pub token: String,
}

pub async fn spawn_app() -> TestApp {
    static CLEANED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
    if !CLEANED.swap(true, std::sync::atomic::Ordering::SeqCst) {
        let mut conn = sqlx::PgConnection::connect(server_url())
            .await
            .expect("connect to the test server");
        drop_stale_databases(&mut conn).await;
        conn.close().await.ok();
    }
    spawn_app_on(server_url(), |_, _| {}).await
}

/// A test database on `server` and the app on it, its configuration adjusted by
/// `configure` (which is given the database's name).
pub async fn spawn_app_on(server: &str, configure: impl FnOnce(&mut Config, &str)) -> TestApp {
    // Server-side errors show in a failing test's output.
    leadline::telemetry::init_for_tests("warn,leadline=info");
    let server = server.to_owned();
    let name = format!(
        "leadline_test_{}_{}",
        std::process::id(),
        Uuid::new_v4().simple()
    );
    let template = migrated_template(&server).await;
    {
        let mut conn = sqlx::PgConnection::connect(&server)
            .await
            .expect("connect to the test server");
        sqlx::query(&format!(
            "CREATE DATABASE \"{name}\" TEMPLATE \"{template}\""
        ))
        .execute(&mut conn)
        .await
        .expect("create test database");
        conn.close().await.ok();
    }
    let url = with_database(&server, &name);
    let mut config = Config::for_database(&url);
    configure(&mut config, &name);
    // Built as the service builds its pools.
    let db = leadline::config::pool_options(10, std::time::Duration::from_secs(5))
        .connect(&url)
        .await
        .expect("connect test db");
    // A no-op on a copy of the template; it proves the copy is up to date.
    startup::migrate(&db).await.expect("migrate");
    // The company's zone, as a first start gives it, with the rollups counted in it.
    storage::settings::settle_first_start(
        &db,
        config.time_zone,
        config.default_country,
        config.language,
    )
    .await
    .expect("settle the time zone and country");
    storage::rollups::finish_rebuild(&db)
        .await
        .expect("count the rollups in the zone");

    let hash = credentials::hash_password("admin password 1").unwrap();
    let (admin_id, admin_token) = user_with_token(
        &db,
        "admin@example.com",
        "Ada Admin",
        Role::Admin,
        &hash,
        "tests",
    )
    .await;

    let mut state = AppState::new(db.clone(), config.clone());
    if let Some(replica) = startup::connect_replica(&config).expect("replica") {
        state = state.with_replica(replica);
    }
    let listener = startup::bind(&config).await.expect("bind");
    let address = format!("http://{}", listener.local_addr().unwrap());
    let timeouts = leadline::http::connections::Timeouts::from(&config);
    let app = startup::app(state);
    tokio::spawn(leadline::http::connections::serve(
        listener,
        app,
        timeouts,
        std::future::pending(),
    ));

    TestApp {
        address,
        client: reqwest::Client::new(),
        db,
        database_url: url,
        admin_id,
        admin_token,
    }
}

/// A new user in `db` with an API token named `token_name`: the user's id and the token.
pub async fn user_with_token(
    db: &PgPool,
    email: &str,
    name: &str,
    role: Role,
    hash: &str,
    token_name: &str,
) -> (Uuid, String) {
    let user = storage::users::create(db, email, name, role, hash)
        .await
        .unwrap();
    let (token, token_hash) = credentials::new_api_token();
    storage::users::create_token(db, user.id, token_name, &token_hash)
        .await
        .unwrap();
    (user.id, token)
}

impl TestApp {
    /// A connection of the test's pool, for the storage functions that read on one.
    pub async fn conn(&self) -> sqlx::pool::PoolConnection<sqlx::Postgres> {
        self.db.acquire().await.expect("a connection")
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    /// A new user with the given role and an API token (who cannot sign in).
    pub async fn user(&self, name: &str, role: Role) -> TestUser {
        self.user_with_hash(name, role, "x").await
    }

    /// A new user who signs in as `email_of(name)` with `password`, and their API token.
    pub async fn person(&self, name: &str, role: Role, password: &str) -> TestUser {
        let hash = credentials::hash_password(password).unwrap();
        self.user_with_hash(name, role, &hash).await
    }

    async fn user_with_hash(&self, name: &str, role: Role, hash: &str) -> TestUser {
        let (id, token) =
            user_with_token(&self.db, &email_of(name), name, role, hash, "tests").await;
        TestUser { id, token }
    }

    /// A new user of `role` signed in on a fresh browser-like client: the client (holding
    /// the session cookie), the session's CSRF token, and the user with their API token.
    pub async fn signed_in(&self, name: &str, role: Role) -> (reqwest::Client, String, TestUser) {
        const PASSWORD: &str = "signed in password";
        let user = self.person(name, role, PASSWORD).await;
        let client = browser();
        let csrf = sign_in(&client, &self.address, &email_of(name), PASSWORD).await;
        (client, csrf, user)
    }

    /// A request as the holder of `token`, with `body` as JSON when there is one.
    async fn send(
        &self,
        method: Method,
        token: &str,
        path: &str,
        body: Option<&Value>,
    ) -> Response {
        let mut request = self
            .client
            .request(method, self.url(path))
            .bearer_auth(token);
        if let Some(body) = body {
            request = request.json(body);
        }
        request.send().await.unwrap()
    }

    pub async fn get(&self, token: &str, path: &str) -> Response {
        self.send(Method::GET, token, path, None).await
    }

    pub async fn post(&self, token: &str, path: &str, body: &Value) -> Response {
        self.send(Method::POST, token, path, Some(body)).await
    }

    pub async fn patch(&self, token: &str, path: &str, body: &Value) -> Response {
        self.send(Method::PATCH, token, path, Some(body)).await
    }

    pub async fn delete(&self, token: &str, path: &str) -> Response {
        self.send(Method::DELETE, token, path, None).await
    }

    /// POST `body` as the admin.
    pub async fn admin_post(&self, path: &str, body: Value) -> Response {
        self.post(&self.admin_token, path, &body).await
    }

    /// PATCH `body` as the admin.
    pub async fn admin_patch(&self, path: &str, body: Value) -> Response {
        self.patch(&self.admin_token, path, &body).await
    }

    /// POST `body` as the admin, expecting `status`; the JSON answer.
    pub async fn post_expecting(&self, path: &str, body: Value, status: StatusCode) -> Value {
        json_of(self.admin_post(path, body).await, status).await
    }

    /// PATCH `body` as the admin, expecting `status`; the JSON answer.
    pub async fn patch_expecting(&self, path: &str, body: Value, status: StatusCode) -> Value {
        json_of(self.admin_patch(path, body).await, status).await
    }

    /// POST `body` as the admin, expecting a 422 problem naming `field`; the problem.
    pub async fn post_refused(&self, path: &str, body: Value, field: &str) -> Value {
        let response = self.admin_post(path, body).await;
        assert_problem(response, StatusCode::UNPROCESSABLE_ENTITY, field).await
    }

    /// PATCH `body` as the admin, expecting a 422 problem naming `field`; the problem.
    pub async fn patch_refused(&self, path: &str, body: Value, field: &str) -> Value {
        let response = self.admin_patch(path, body).await;
        assert_problem(response, StatusCode::UNPROCESSABLE_ENTITY, field).await
    }

    /// GET as admin, expecting 200, returning the JSON.
    pub async fn get_ok(&self, path: &str) -> Value {
        json_of(self.get(&self.admin_token, path).await, StatusCode::OK).await
    }

    /// Create a lead as admin from a JSON body, expecting 201.
    pub async fn lead(&self, body: Value) -> Value {
        self.post_expecting("/api/v1/leads", body, StatusCode::CREATED)
            .await
    }

    /// A lead with just a name (and a unique valid phone).
    pub async fn simple_lead(&self, name: &str) -> Value {
        self.lead(json!({"name": name, "phone": unique_phone()}))
            .await
    }

    pub async fn move_to(&self, lead_id: &str, body: Value) -> Response {
        self.admin_post(&format!("/api/v1/leads/{lead_id}/transitions"), body)
            .await
    }

    /// Move a lead as the admin, expecting 200; the JSON answer.
    pub async fn moved(&self, lead_id: &str, body: Value) -> Value {
        json_of(self.move_to(lead_id, body).await, StatusCode::OK).await
    }

    pub async fn log_call(&self, token: &str, body: Value) -> Response {
        self.post(token, "/api/v1/calls", &body).await
    }

    /// Log a call as the holder of `token`, expecting 201; the JSON answer.
    pub async fn logged_call(&self, token: &str, body: Value) -> Value {
        json_of(self.log_call(token, body).await, StatusCode::CREATED).await
    }

    pub async fn count(&self, table: &str) -> i64 {
        self.scalar(&format!("SELECT count(*) FROM {table}")).await
    }

    /// The one value `sql` selects from the test's database.
    pub async fn scalar<T>(&self, sql: &str) -> T
    where
        (T,): for<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow>,
        T: Send + Unpin,
    {
        sqlx::query_scalar(sql).fetch_one(&self.db).await.unwrap()
    }

    /// Run `sql` on the test's database.
    pub async fn execute(&self, sql: &str) {
        sqlx::query(sql).execute(&self.db).await.unwrap();
    }
}

/// The e-mail address of a test user named `name` ("Ana Lima" is ana.lima@example.com).
pub fn email_of(name: &str) -> String {
    format!("{}@example.com", name.to_lowercase().replace(' ', "."))
}

/// Assert the status and return the JSON body, showing the body when the status is wrong.
pub async fn json_of(response: Response, expected: StatusCode) -> Value {
    let status = response.status();
    let text = response.text().await.unwrap();
    assert_eq!(status, expected, "unexpected status; body: {text}");
    if text.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
    }
}

/// Assert the status and return the body, showing it when the status is wrong.
pub async fn text_of(response: Response, expected: StatusCode) -> String {
    let status = response.status();
    let text = response.text().await.unwrap();
    assert_eq!(status, expected, "unexpected status; body: {text}");
    text
}

/// Assert a problem+json answer with this status naming this field.
pub async fn assert_problem(response: Response, status: StatusCode, field: &str) -> Value {
    let content_type = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned());
    let body = json_of(response, status).await;
    assert_eq!(
        content_type.as_deref(),
        Some("application/problem+json"),
        "{body}"
    );
    assert_eq!(body["status"], json!(status.as_u16()), "{body}");
    assert_eq!(body["field"], json!(field), "{body}");
    body
}

/// A valid US number not used before in this process.
/// The fields a 422's `errors` names, in its order.
pub fn problem_fields(problem: &Value) -> Vec<&str> {
    problem["errors"]
        .as_array()
        .expect("a problem listing its errors")
        .iter()
        .map(|e| e["field"].as_str().expect("each error names its field"))
        .collect()
}

pub fn unique_phone() -> String {
    static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    format!("+1202555{:04}", n % 10_000)
}

pub fn id_of(value: &Value) -> String {
    value["id"].as_str().expect("an id").to_owned()
}

/// The value of the first hidden input with this name.
pub fn hidden_input(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no {name} field in {html}"))
        + marker.len();
    html[start..].split('"').next().unwrap().to_owned()
}

/// GET `url` with `client`.
pub async fn visit(client: &reqwest::Client, url: &str) -> Response {
    client.get(url).send().await.unwrap()
}

/// The page at `url` as `client` gets it.
pub async fn page(client: &reqwest::Client, url: &str) -> String {
    visit(client, url).await.text().await.unwrap()
}

/// The CSRF token of the form on the page at `url`, as `client` gets it.
pub async fn form_csrf(client: &reqwest::Client, url: &str) -> String {
    hidden_input(&page(client, url).await, "csrf")
}

/// A folder for a private PostgreSQL cluster of one test.
pub fn cluster_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    open_to_postgres(dir.path());
    dir
}

/// A private PostgreSQL cluster, started by `start` (durable or throwaway) in a new
/// folder: the folder, which must outlive it, and the cluster.
pub async fn private_cluster(
    start: fn(&std::path::Path) -> Result<EmbeddedPostgres, EmbeddedPgError>,
) -> (tempfile::TempDir, EmbeddedPostgres) {
    let dir = cluster_dir();
    let data_dir = dir.path().to_owned();
    let cluster = tokio::task::spawn_blocking(move || start(&data_dir))
        .await
        .unwrap()
        .expect("start a private PostgreSQL");
    (dir, cluster)
}

/// The cluster may run as the `postgres` user, which must be able to reach its folder.
fn open_to_postgres(dir: &std::path::Path) {
    std::fs::set_permissions(dir, std::os::unix::fs::PermissionsExt::from_mode(0o755))
        .expect("chmod");
}

/// A client that keeps cookies and shows redirects instead of following them.
pub fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_store(true)
        .build()
        .unwrap()
}

/// POST the form `fields` to `url` with `client`.
pub async fn post_form(client: &reqwest::Client, url: &str, fields: &[(&str, &str)]) -> Response {
    client.post(url).form(fields).send().await.unwrap()
}

/// Post the sign-in form at `base` (with a fresh login form's CSRF token), going on to /leads.
pub async fn post_login(
    client: &reqwest::Client,
    base: &str,
    email: &str,
    password: &str,
) -> Response {
    let login = format!("{base}/login");
    let login_csrf = form_csrf(client, &login).await;
    let fields = [
        ("email", email),
        ("password", password),
        ("csrf", &login_csrf),
        ("next", "/leads"),
    ];
    post_form(client, &login, &fields).await
}

/// Sign `client` in through the form at `base`; returns the session's CSRF token.
pub async fn sign_in(client: &reqwest::Client, base: &str, email: &str, password: &str) -> String {
    let response = post_login(client, base, email, password).await;
    assert_eq!(
        response.status(),
        StatusCode::SEE_OTHER,
        "sign-in at {base}"
    );
    form_csrf(client, &format!("{base}/leads")).await
}

/// The United States, whose plan reads the tests' numbers written without a country code.
pub fn us() -> leadline::domain::phone::Country {
    leadline::domain::phone::Country::parse("default_country", "US").unwrap()
}

/// Import `file` as `leadline import leads` does: no acting user, numbers without a
/// country code read as US ones.
pub async fn import_file(
    db: &PgPool,
    file: &[u8],
    mapping: &[Target],
    mode: Mode,
    progress: &tokio::sync::watch::Sender<Progress>,
) -> importer::Summary {
    let plan = importer::Plan::new(mapping.to_vec(), mode, us());
    importer::run(db, file, &plan, storage::Actor::default(), progress)
        .await
        .unwrap()
}

/// Poll `check` until it holds, failing after `limit`; how long that took.
pub async fn wait_for<F, Fut>(
    what: &str,
    limit: std::time::Duration,
    mut check: F,
) -> std::time::Duration
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let started = std::time::Instant::now();
    while !check().await {
        assert!(
            started.elapsed() < limit,
            "waited {limit:?} for {what} in vain"
        );
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    started.elapsed()
}
