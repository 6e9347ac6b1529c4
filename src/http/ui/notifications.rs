//! Notifications: the header's count, the page that lists them, opening one (read, and
//! on to its lead or import), and the live stream that brings new ones to an open page
//! (server-sent events, from whichever node wrote them).

use std::convert::Infallible;
use std::time::Duration;

use askama::Template;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Redirect, Response};
use serde::{Deserialize, Serialize};
use tokio::sync::broadcast::error::RecvError;

use super::format::{count, datetime};
use super::{render, CsrfForm, Layout, UiResult, UiUser};
use crate::domain::zone::Zone;
use crate::i18n::{self, t_args, Arg, Translate};
use crate::state::AppState;
use crate::storage::notifications::{self as store, NoticeKind, NoticeRef, NoticeRow};

/// How many the page lists, and a stream sends at once.
const PAGE: i64 = 50;
/// A stream looks again this often even when nothing woke it.
const LOOK_AGAIN: Duration = Duration::from_secs(30);

/// A notification as the user reads it.
#[derive(Clone, Debug, Serialize)]
pub struct Notice {
    pub id: i64,
    pub text: String,
    /// Where opening it leads.
    pub href: String,
    pub when: String,
    pub unread: bool,
}

/// What a notification says, in the current language, its times on `zone`'s clock.
pub fn text(notice: &NoticeRow, zone: Zone) -> String {
    let lead = || Arg::from(notice.lead_name.clone().unwrap_or_default());
    match notice.kind {
        NoticeKind::LeadAssigned => match &notice.actor_name {
            Some(actor) => t_args(
                "notice-lead-assigned",
                &[("actor", Arg::from(actor)), ("lead", lead())],
            ),
            None => t_args("notice-lead-assigned-anonymous", &[("lead", lead())]),
        },
        NoticeKind::LeadsAssigned => {
            let leads = notice.leads.unwrap_or(0);
            let args = [
                ("count", Arg::Number(leads)),
                ("shown", Arg::from(count(leads))),
            ];
            match &notice.actor_name {
                Some(actor) => {
                    let mut with_actor = vec![("actor", Arg::from(actor))];
                    with_actor.extend(args);
                    t_args("notice-leads-assigned", &with_actor)
                }
                None => t_args("notice-leads-assigned-anonymous", &args),
            }
        }
        NoticeKind::FollowUpDue => t_args(
            "notice-follow-up-due",
            &[
                ("lead", lead()),
                (
                    "time",
                    Arg::from(
                        notice
                            .due_at
                            .map(|at| datetime(at, zone))
                            .unwrap_or_default(),
                    ),
                ),
            ],
        ),
        NoticeKind::TaskDue => t_args(
            "notice-task-due",
            &[
                (
                    "task",
                    Arg::from(notice.task_title.clone().unwrap_or_default()),
                ),
                ("lead", lead()),
            ],
        ),
        NoticeKind::ImportFinished => {
            let file = Arg::from(notice.import_file.clone().unwrap_or_default());
            let imported = i64::from(notice.imported_rows.unwrap_or(0));
            let id = if notice.import_status.as_deref() == Some("done") {
                "notice-import-done"
            } else {
                "notice-import-failed"
            };
            t_args(
                id,
                &[
                    ("file", file),
                    ("imported", Arg::from(count(imported))),
                    ("count", Arg::Number(imported)),
                ],
            )
        }
    }
}

/// Where opening a notification leads: its lead, its import, the user's leads (many
/// given at once), or the list.
fn href(about: NoticeRef, user_id: uuid::Uuid) -> String {
    match (about.import_id, about.lead_id, about.kind) {
        (Some(import), _, _) => format!("/import/{import}"),
        (None, Some(lead), _) => format!("/leads/{lead}"),
        (None, None, NoticeKind::LeadsAssigned) => format!("/leads?owner_id={user_id}"),
        (None, None, _) => "/notifications".to_owned(),
    }
}

fn notice(row: &NoticeRow, user_id: uuid::Uuid, zone: Zone) -> Notice {
    let about = NoticeRef {
        lead_id: row.lead_id,
        import_id: row.import_id,
        kind: row.kind,
    };
    Notice {
        id: row.id,
        text: text(row, zone),
        href: href(about, user_id),
        when: datetime(row.created_at, zone),
        unread: row.read_at.is_none(),
    }
}

#[derive(Template)]
#[template(path = "notifications.html")]
pub struct NotificationsPage {
    pub layout: Layout,
    pub notices: Vec<Notice>,
    /// The newest listed: "mark all read" reads up to it, and no newer.
    pub newest: i64,
    pub any_unread: bool,
}

/// `/notifications`: the latest, newest first, the unread marked.
pub async fn page(State(state): State<AppState>, user: UiUser) -> UiResult<Response> {
    let rows = store::list(&state.db, user.id, None, false, PAGE).await?;
    let zone = user.clock.zone;
    let notices: Vec<Notice> = rows.iter().map(|row| notice(row, user.id, zone)).collect();
    render(&NotificationsPage {
        layout: Layout::new(&user, "notifications"),
        newest: rows.first().map_or(0, |row| row.id),
        any_unread: notices.iter().any(|n| n.unread),
        notices,
    })
}

#[derive(Debug, Default, Deserialize)]
pub struct OpenForm {}

/// Open one: it is read, and the user goes on to what it is about.
pub async fn open(
    State(state): State<AppState>,
    user: UiUser,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<OpenForm>,
) -> UiResult<Response> {
    let about = store::mark_read(&state.db, user.id, id).await?;
    Ok(Redirect::to(&href(about, user.id)).into_response())
}

#[derive(Debug, Default, Deserialize)]
pub struct ReadAllForm {
    /// The newest the page showed.
    #[serde(default)]
    pub newest: Option<i64>,
}

/// Mark all read (those the page showed).
pub async fn read_all(
    State(state): State<AppState>,
    user: UiUser,
    CsrfForm(form): CsrfForm<ReadAllForm>,
) -> UiResult<Response> {
    store::mark_all_read(&state.db, user.id, form.newest).await?;
    Ok(Redirect::to("/notifications").into_response())
}

/// What the stream sends: a new notification, and the count of unread.
#[derive(Debug, Serialize)]
struct Live<'a> {
    unread: i64,
    /// The new ones, oldest first.
    notices: &'a [Notice],
    /// The header's label for the count, in the user's language.
    label: String,
}

/// `/notifications/events`: server-sent events while the page is open. Each event says
/// the unread count and the notifications newer than the last sent; it is sent when
/// this user's notifications change on any node (LISTEN), and looked for again every
/// `LOOK_AGAIN` in case a change was missed.
pub async fn events(
    State(state): State<AppState>,
    user: UiUser,
    headers: HeaderMap,
) -> UiResult<impl IntoResponse> {
    let changes = state.notices.subscribe(&state.db);
    let closing = state.notices.closing();
    // A browser reconnecting says what it was last sent; a new page has been shown what
    // there is (a notification written in between still counts in the first event).
    let last_sent = headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<i64>().ok());
    let after = match last_sent {
        Some(after) => after,
        None => store::latest(&state.db, user.id).await?,
    };
    let stream = Watch {
        state,
        user,
        after,
        unread: None,
        changes,
        closing,
        first: true,
    };
    let events = futures::stream::unfold(stream, |mut watch| async move {
        let event = watch.next().await?;
        Some((Ok::<Event, Infallible>(event), watch))
    });
    let sse = Sse::new(events).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)));
    // A proxy in front (nginx) passes each event on at once instead of buffering them.
    Ok(([("x-accel-buffering", "no")], sse))
}

/// One page's watch on its user's notifications.
struct Watch {
    state: AppState,
    user: UiUser,
    /// The newest notification sent (or shown on the page).
    after: i64,
    /// The unread count last sent.
    unread: Option<i64>,
    changes: tokio::sync::broadcast::Receiver<crate::notifications::Changed>,
    closing: tokio::sync::watch::Receiver<bool>,
    /// Look at once, for what changed between the page and the stream.
    first: bool,
}

impl Watch {
    /// The next event to send; `None` ends the stream (the node is shutting down).
    async fn next(&mut self) -> Option<Event> {
        loop {
            if *self.closing.borrow() {
                return None;
            }
            if !std::mem::take(&mut self.first) {
                self.wait().await?;
            }
            match self.look().await {
                Ok(Some(event)) => return Some(event),
                Ok(None) => {}
                Err(e) => {
                    tracing::warn!(error = %e, "notifications: a stream could not look");
                }
            }
        }
    }

    /// Until this user's notifications may have changed (or it is time to look again).
    async fn wait(&mut self) -> Option<()> {
        let user = self.user.id;
        let deadline = tokio::time::sleep(LOOK_AGAIN);
        tokio::pin!(deadline);
        loop {
            tokio::select! {
                changed = self.changes.recv() => match changed {
                    Ok(changed) if changed.concerns(user) => return Some(()),
                    Ok(_) => {}
                    Err(RecvError::Lagged(_)) => return Some(()),
                    Err(RecvError::Closed) => return None,
                },
                () = &mut deadline => return Some(()),
                closed = self.closing.changed() => {
                    if closed.is_err() || *self.closing.borrow() {
                        return None;
                    }
                }
            }
        }
    }

    /// An event, if there is anything new to say.
    async fn look(&mut self) -> Result<Option<Event>, crate::storage::StoreError> {
        let db = &self.state.db;
        let mut rows = store::list(db, self.user.id, Some(self.after), true, PAGE).await?;
        let unread = store::unread(db, self.user.id).await?;
        if rows.is_empty() && self.unread == Some(unread) {
            return Ok(None);
        }
        rows.reverse();
        if let Some(last) = rows.last() {
            self.after = last.id;
        }
        self.unread = Some(unread);
        let zone = self.user.clock.zone;
        let (notices, label) = i18n::in_language(self.user.language, || {
            let notices: Vec<Notice> = rows
                .iter()
                .map(|row| notice(row, self.user.id, zone))
                .collect();
            (notices, unread_label(unread))
        });
        let live = Live {
            unread,
            notices: &notices,
            label,
        };
        let event = Event::default()
            .event("notices")
            .id(self.after.to_string())
            .json_data(&live)
            .unwrap_or_else(|_| Event::default().comment("unsendable"));
        Ok(Some(event))
    }
}

/// The header's words for the count: "3 unread notifications".
pub fn unread_label(unread: i64) -> String {
    t_args(
        "notices-unread",
        &[
            ("count", Arg::Number(unread)),
            ("shown", Arg::from(count(unread))),
        ],
    )
}
