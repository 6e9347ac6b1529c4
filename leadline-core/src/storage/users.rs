//! Users, API tokens and browser sessions.

use chrono::{DateTime, Utc};
use sqlx::{PgExecutor, PgPool};
use uuid::Uuid;

use super::{new_id, violated_constraint, Scope, StoreError, StoreResult};
use crate::domain::token::ApiScope;
use crate::domain::user::Role;
use crate::domain::zone::Zone;
use crate::domain::FieldError;
use crate::i18n::Language;

#[derive(Clone, Debug, sqlx::FromRow, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
#[schema(as = User)]
pub struct UserRow {
    pub id: Uuid,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub active: bool,
    pub created_at: DateTime<Utc>,
    /// The IANA time zone the user chose for the times they read and type; `null` while
    /// they read the company's.
    pub time_zone: Option<String>,
    /// The team the user belongs to, if any.
    pub team_id: Option<Uuid>,
    /// A manager who sees only their teams' leads and figures.
    pub limited_to_teams: bool,
}

impl UserRow {
    pub fn role(&self) -> Role {
        self.role
    }

    /// The leads the user may see: a rep their own and unassigned ones, a manager limited
    /// to their teams those and their teams' reps', everyone else all.
    pub fn scope(&self) -> Scope {
        scope_of(self.id, self.role, self.limited_to_teams)
    }
}

/// The scope of a user with this role who is or is not limited to their teams.
pub fn scope_of(id: Uuid, role: Role, limited_to_teams: bool) -> Scope {
    match role {
        Role::Rep => Scope::Rep(id),
        Role::Manager if limited_to_teams => Scope::Team(id),
        Role::Manager | Role::Admin => Scope::All,
    }
}

/// A [`UserRow`] from a query's record that selected a user's columns by their own names.
macro_rules! user_of {
    ($record:ident) => {
        UserRow {
            id: $record.id,
            email: $record.email,
            name: $record.name,
            role: $record.role,
            active: $record.active,
            created_at: $record.created_at,
            time_zone: $record.time_zone,
            team_id: $record.team_id,
            limited_to_teams: $record.limited_to_teams,
        }
    };
}

#[tracing::instrument(skip_all)]
pub async fn create(
    db: impl PgExecutor<'_>,
    email: &str,
    name: &str,
    role: Role,
    password_hash: &str,
) -> StoreResult<UserRow> {
    sqlx::query_as!(
        UserRow,
        r#"INSERT INTO users (id, email, name, role, password_hash) VALUES ($1, $2, $3, $4, $5)
           RETURNING id, email, name, role AS "role: Role", active, created_at, time_zone, team_id, limited_to_teams"#,
        new_id(),
        email,
        name,
        role.as_str(),
        password_hash,
    )
    .fetch_one(db)
    .await
    .map_err(|e| match violated_constraint(&e) {
        Some("users_email_key") => FieldError::new("email", "error-email-taken").into(),
        _ => e.into(),
    })
}

/// Create the first admin if there are no users at all; `None` if there were users already.
#[tracing::instrument(skip_all)]
pub async fn create_first_admin(
    db: impl PgExecutor<'_>,
    email: &str,
    password_hash: &str,
) -> StoreResult<Option<Uuid>> {
    // One statement, so two nodes starting at once cannot both create one.
    Ok(sqlx::query_scalar!(
        "INSERT INTO users (id, email, name, role, password_hash)
         SELECT $1, $2, 'Administrator', 'admin', $3 WHERE NOT EXISTS (SELECT 1 FROM users)
         ON CONFLICT DO NOTHING RETURNING id",
        new_id(),
        email,
        password_hash,
    )
    .fetch_optional(db)
    .await?)
}

pub async fn get(db: impl PgExecutor<'_>, id: Uuid) -> StoreResult<UserRow> {
    sqlx::query_as!(
        UserRow,
        r#"SELECT id, email, name, role AS "role: Role", active, created_at, time_zone, team_id, limited_to_teams FROM users
           WHERE id = $1"#,
        id,
    )
    .fetch_optional(db)
    .await?
    .ok_or(StoreError::NotFound("user"))
}

/// The user with this e-mail and their password hash, for signing in.
pub async fn find_for_login(
    db: impl PgExecutor<'_>,
    email: &str,
) -> StoreResult<Option<(UserRow, String)>> {
    let row = sqlx::query!(
        r#"SELECT id, email, name, role AS "role: Role", active, created_at, time_zone, team_id, limited_to_teams, password_hash
           FROM users WHERE email = $1"#,
        email,
    )
    .fetch_optional(db)
    .await?;
    Ok(row.map(|r| {
        let user = user_of!(r);
        (user, r.password_hash)
    }))
}

pub async fn list(db: impl PgExecutor<'_>) -> StoreResult<Vec<UserRow>> {
    Ok(sqlx::query_as!(
        UserRow,
        r#"SELECT id, email, name, role AS "role: Role", active, created_at, time_zone, team_id, limited_to_teams FROM users
           ORDER BY name, email"#,
    )
    .fetch_all(db)
    .await?)
}

/// A change to a user; `None` leaves a field alone.
#[derive(Clone, Copy, Debug, Default)]
pub struct UserChange<'a> {
    pub name: Option<&'a str>,
    pub role: Option<Role>,
    pub active: Option<bool>,
    pub password_hash: Option<&'a str>,
    /// `Some(None)` takes the user out of their team.
    pub team_id: Option<Option<Uuid>>,
    pub limited_to_teams: Option<bool>,
}

/// Change a user's name, role, activity, password, team or limit.
pub async fn update(
    db: impl PgExecutor<'_>,
    id: Uuid,
    change: UserChange<'_>,
) -> StoreResult<UserRow> {
    sqlx::query_as!(
        UserRow,
        r#"UPDATE users SET name = coalesce($2, name), role = coalesce($3, role),
                            active = coalesce($4, active), password_hash = coalesce($5, password_hash),
                            team_id = CASE WHEN $6 THEN $7 ELSE team_id END,
                            limited_to_teams = coalesce($8, limited_to_teams)
           WHERE id = $1 RETURNING id, email, name, role AS "role: Role", active, created_at, time_zone, team_id, limited_to_teams"#,
        id,
        change.name,
        change.role.map(Role::as_str),
        change.active,
        change.password_hash,
        change.team_id.is_some(),
        change.team_id.flatten(),
        change.limited_to_teams,
    )
    .fetch_optional(db)
    .await
    .map_err(|e| match violated_constraint(&e) {
        Some("users_team_id_fkey") => FieldError::new("team_id", "error-team-unknown").into(),
        _ => StoreError::from(e),
    })?
    .ok_or(StoreError::NotFound("user"))
}

/// Set a user's password hash if it is still `current` (the one just checked): whether
/// it was. A change made meanwhile (an admin's reset) is not overwritten.
pub async fn change_password(
    db: impl PgExecutor<'_>,
    id: Uuid,
    current: &str,
    new: &str,
) -> StoreResult<bool> {
    Ok(sqlx::query!(
        "UPDATE users SET password_hash = $3 WHERE id = $1 AND password_hash = $2",
        id,
        current,
        new,
    )
    .execute(db)
    .await?
    .rows_affected()
        == 1)
}

// ---------------------------------------------------------------- API tokens

#[derive(Clone, Debug, sqlx::FromRow, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
#[schema(as = Token)]
pub struct TokenRow {
    pub id: Uuid,
    pub user_id: Uuid,
    pub name: String,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
    /// What the token may do; `null`: whatever its user's role allows.
    pub scopes: Option<Vec<String>>,
    /// After this it is refused as if revoked.
    pub expires_at: Option<DateTime<Utc>>,
    /// The web origins a browser may send it from (CORS); empty: none.
    pub allowed_origins: Vec<String>,
}

/// What a new token may do.
#[derive(Clone, Debug, Default)]
pub struct TokenLimits {
    pub scopes: Option<Vec<ApiScope>>,
    pub expires_at: Option<DateTime<Utc>>,
    pub allowed_origins: Vec<String>,
}

/// A token that may do whatever its user's role allows, for as long as it is not revoked.
pub async fn create_token(
    db: impl PgExecutor<'_>,
    user_id: Uuid,
    name: &str,
    token_hash: &[u8],
) -> StoreResult<TokenRow> {
    create_limited_token(db, user_id, name, token_hash, &TokenLimits::default()).await
}

pub async fn create_limited_token(
    db: impl PgExecutor<'_>,
    user_id: Uuid,
    name: &str,
    token_hash: &[u8],
    limits: &TokenLimits,
) -> StoreResult<TokenRow> {
    let scopes: Option<Vec<String>> = limits
        .scopes
        .as_ref()
        .map(|s| s.iter().map(|s| s.as_str().to_owned()).collect());
    sqlx::query_as!(
        TokenRow,
        "INSERT INTO api_tokens (id, user_id, name, token_hash, scopes, expires_at, allowed_origins)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         RETURNING id, user_id, name, created_at, last_used_at, revoked_at, scopes, expires_at, allowed_origins",
        new_id(),
        user_id,
        name,
        token_hash,
        scopes.as_deref(),
        limits.expires_at,
        &limits.allowed_origins,
    )
    .fetch_one(db)
    .await
    .map_err(|e| match violated_constraint(&e) {
        Some("api_tokens_user_id_fkey") => FieldError::new("user_id", "error-no-such-user").into(),
        _ => e.into(),
    })
}

/// Whether any live token may be used from the web origin `origin`: a browser's
/// preflight, which carries no token, is answered by it.
pub async fn origin_allowed(db: impl PgExecutor<'_>, origin: &str) -> StoreResult<bool> {
    Ok(sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM api_tokens
                          WHERE allowed_origins @> ARRAY[$1] AND revoked_at IS NULL
                            AND allowed_origins <> '{}'
                            AND (expires_at IS NULL OR expires_at > now())) AS "allowed!""#,
        origin
    )
    .fetch_one(db)
    .await?)
}

pub async fn list_tokens(
    db: impl PgExecutor<'_>,
    user_id: Option<Uuid>,
) -> StoreResult<Vec<TokenRow>> {
    Ok(sqlx::query_as!(
        TokenRow,
        "SELECT id, user_id, name, created_at, last_used_at, revoked_at, scopes, expires_at, allowed_origins
         FROM api_tokens WHERE $1::uuid IS NULL OR user_id = $1 ORDER BY created_at DESC",
        user_id,
    )
    .fetch_all(db)
    .await?)
}

pub async fn revoke_token(db: impl PgExecutor<'_>, id: Uuid) -> StoreResult<TokenRow> {
    sqlx::query_as!(
        TokenRow,
        "UPDATE api_tokens SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1
         RETURNING id, user_id, name, created_at, last_used_at, revoked_at, scopes, expires_at, allowed_origins",
        id,
    )
    .fetch_optional(db)
    .await?
    .ok_or(StoreError::NotFound("token"))
}

/// Who a live token belongs to: (token id, user). Marks the token used, at most once a
/// minute, so that authenticating is not a write on every request.
/// A live token's grant: its scopes (`None`: its user's role) and web origins.
#[derive(Clone, Debug, Default)]
pub struct TokenGrant {
    /// What the admin called the token ("Website form").
    pub name: String,
    pub scopes: Option<Vec<ApiScope>>,
    pub allowed_origins: Vec<String>,
}

pub async fn authenticate_token(
    db: &sqlx::PgPool,
    token_hash: &[u8],
) -> StoreResult<Option<(Uuid, UserRow, TokenGrant)>> {
    let row = sqlx::query!(
        r#"SELECT t.id AS token_id, t.name AS token_name, t.scopes, t.allowed_origins,
                  (t.last_used_at IS NULL OR t.last_used_at < now() - interval '1 minute') AS "stale!",
                  u.id, u.email, u.name, u.role AS "role: Role", u.active, u.created_at, u.time_zone, u.team_id, u.limited_to_teams
           FROM api_tokens t JOIN users u ON u.id = t.user_id
           WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND u.active
             AND (t.expires_at IS NULL OR t.expires_at > now())"#,
        token_hash,
    )
    .fetch_optional(db)
    .await?;
    let Some(row) = row else { return Ok(None) };
    if row.stale {
        sqlx::query!(
            "UPDATE api_tokens SET last_used_at = now() WHERE id = $1",
            row.token_id
        )
        .execute(db)
        .await?;
    }
    let grant = TokenGrant {
        name: row.token_name.clone(),
        scopes: row
            .scopes
            .as_ref()
            .map(|names| names.iter().filter_map(|n| ApiScope::parse(n)).collect()),
        allowed_origins: row.allowed_origins.clone(),
    };
    let user = user_of!(row);
    Ok(Some((row.token_id, user, grant)))
}

// ---------------------------------------------------------------- browser sessions

pub async fn create_session(
    db: impl PgExecutor<'_>,
    user_id: Uuid,
    id_hash: &[u8],
    csrf_token: &str,
    lifetime_hours: i32,
) -> StoreResult<()> {
    sqlx::query!(
        "INSERT INTO sessions (id_hash, user_id, csrf_token, expires_at)
         VALUES ($1, $2, $3, now() + make_interval(hours => $4))",
        id_hash,
        user_id,
        csrf_token,
        lifetime_hours,
    )
    .execute(db)
    .await?;
    Ok(())
}

/// The language a signed-in user chose, if any, and the company's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Speech {
    pub own: Option<Language>,
    pub company: Language,
}

/// A signed-in user's clock: the zone they chose, else the company's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserClock {
    pub zone: Zone,
    /// Whether the user chose it (else it is the company's, and the browser's may be
    /// offered).
    pub chosen: bool,
    /// The company's zone.
    pub company: Zone,
}

/// Who is behind a live session, as every page needs them.
#[derive(Clone, Debug)]
pub struct SessionUser {
    pub user: UserRow,
    pub csrf_token: String,
    pub clock: UserClock,
    pub speech: Speech,
    /// Their unread notifications, for the page header.
    pub unread: i64,
}

/// The active user behind a live session, the session's CSRF token, the user's clock and
/// language, and their unread notifications.
pub async fn session_user(
    db: impl PgExecutor<'_>,
    id_hash: &[u8],
) -> StoreResult<Option<SessionUser>> {
    let row = sqlx::query!(
        r#"SELECT s.csrf_token, u.id, u.email, u.name, u.role AS "role: Role", u.active, u.created_at,
                  u.time_zone, u.team_id, u.limited_to_teams, u.language,
                  (SELECT coalesce(c.time_zone, 'UTC') FROM company_settings c) AS "company_zone!",
                  (SELECT c.language FROM company_settings c) AS company_language,
                  (SELECT count(*) FROM notifications n WHERE n.user_id = u.id AND n.read_at IS NULL) AS "unread!"
           FROM sessions s JOIN users u ON u.id = s.user_id
           WHERE s.id_hash = $1 AND s.expires_at > now() AND u.active"#,
        id_hash,
    )
    .fetch_optional(db)
    .await?;
    let Some(r) = row else {
        return Ok(None);
    };
    let company = Zone::parse("time_zone", &r.company_zone)?;
    let chosen = r
        .time_zone
        .as_deref()
        .and_then(|z| Zone::parse("time_zone", z).ok());
    let clock = UserClock {
        zone: chosen.unwrap_or(company),
        chosen: chosen.is_some(),
        company,
    };
    let speech = Speech {
        own: Language::from_stored(r.language.as_deref()),
        company: Language::from_stored(r.company_language.as_deref()).unwrap_or_default(),
    };
    let unread = r.unread;
    let csrf_token = r.csrf_token;
    let user = user_of!(r);
    Ok(Some(SessionUser {
        user,
        csrf_token,
        clock,
        speech,
        unread,
    }))
}

/// Set the language `user_id` reads the pages in (`None`: the browser's, else the
/// company's).
pub async fn set_language(
    db: &PgPool,
    user_id: Uuid,
    language: Option<Language>,
) -> StoreResult<()> {
    sqlx::query!(
        "UPDATE users SET language = $2 WHERE id = $1",
        user_id,
        language.map(Language::tag)
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Whether `user_id` has chosen a language of their own.
pub async fn has_language(db: &PgPool, user_id: Uuid) -> StoreResult<bool> {
    Ok(sqlx::query_scalar!(
        r#"SELECT language IS NOT NULL AS "chosen!" FROM users WHERE id = $1"#,
        user_id
    )
    .fetch_optional(db)
    .await?
    .unwrap_or(false))
}

/// Set the zone `user_id` sees and types times in (`None`: the company's, and the browser's
/// is offered again at the next sign-in).
pub async fn set_time_zone(db: &PgPool, user_id: Uuid, zone: Option<Zone>) -> StoreResult<()> {
    sqlx::query!(
        "UPDATE users SET time_zone = $2 WHERE id = $1",
        user_id,
        zone.map(|z| z.name())
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Whether `user_id` has chosen a zone of their own.
pub async fn has_time_zone(db: &PgPool, user_id: Uuid) -> StoreResult<bool> {
    Ok(sqlx::query_scalar!(
        r#"SELECT time_zone IS NOT NULL AS "chosen!" FROM users WHERE id = $1"#,
        user_id
    )
    .fetch_optional(db)
    .await?
    .unwrap_or(false))
}

/// End every browser session of a user; how many there were. (Changing a user's
/// password, role or activity does this too, in the database: migration 0019.)
pub async fn end_sessions(db: impl PgExecutor<'_>, user_id: Uuid) -> StoreResult<u64> {
    Ok(
        sqlx::query!("DELETE FROM sessions WHERE user_id = $1", user_id)
            .execute(db)
            .await?
            .rows_affected(),
    )
}

pub async fn delete_session(db: impl PgExecutor<'_>, id_hash: &[u8]) -> StoreResult<()> {
    sqlx::query!(
        "DELETE FROM sessions WHERE id_hash = $1 OR expires_at < now()",
        id_hash
    )
    .execute(db)
    .await?;
    Ok(())
}
