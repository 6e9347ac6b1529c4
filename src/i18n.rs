//! The language of each page: the user's own, else the best the browser asks for
//! (`Accept-Language`), else the company's. A request's language is set once, at its
//! start, and the pages, flashes and error pages read it from here.

use std::cell::Cell;

use axum::extract::{Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::Response;

pub use leadline_core::i18n::{message, try_message, Arg, Language};

use crate::domain::stage::{LeadStatus, Stage, TransitionError};
use crate::domain::FieldError;
use crate::state::AppState;
use crate::storage;

/// The cookie that keeps the language chosen on the sign-in page before anyone signs in.
pub const COOKIE: &str = "leadline_language";

tokio::task_local! {
    static CURRENT: Cell<Language>;
}

/// What the request itself asks for, before anyone is known: the sign-in page's choice,
/// else the browser's.
#[derive(Clone, Copy, Debug, Default)]
pub struct Asked {
    /// Chosen on the sign-in page (kept in a cookie).
    pub chosen: Option<Language>,
    /// The best fit for the browser's `Accept-Language`.
    pub browser: Option<Language>,
}

impl Asked {
    pub fn of(headers: &axum::http::HeaderMap) -> Asked {
        let browser = headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .and_then(Language::negotiate);
        let chosen = headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(name, _)| *name == COOKIE)
            .and_then(|(_, value)| Language::from_tag(value));
        Asked { chosen, browser }
    }

    /// The language for a user who chose `own` (if any), in a company speaking `company`.
    pub fn for_user(self, own: Option<Language>, company: Language) -> Language {
        own.or(self.chosen).or(self.browser).unwrap_or(company)
    }
}

/// Middleware: runs the request in the language it asks for (the sign-in page's choice,
/// the browser's, else the company's); a signed-in user's own choice is adopted by the
/// session extractor.
pub async fn choose(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let asked = Asked::of(request.headers());
    let language = match asked.chosen.or(asked.browser) {
        Some(language) => language,
        None => storage::settings::language(&state.db)
            .await
            .unwrap_or_default(),
    };
    request.extensions_mut().insert(asked);
    CURRENT.scope(Cell::new(language), next.run(request)).await
}

/// Run `f` in the language `headers` ask for (the sign-in page's choice, else the
/// browser's, else English): for the pages answered before a request reaches the pages'
/// router (a timeout, a body too large).
pub fn as_asked<R>(headers: &axum::http::HeaderMap, f: impl FnOnce() -> R) -> R {
    let asked = Asked::of(headers);
    in_language(asked.chosen.or(asked.browser).unwrap_or_default(), f)
}

/// Run `f` in `language`.
pub fn in_language<R>(language: Language, f: impl FnOnce() -> R) -> R {
    CURRENT.sync_scope(Cell::new(language), f)
}

/// The language of the request being served (English outside one).
pub fn current() -> Language {
    CURRENT.try_with(Cell::get).unwrap_or_default()
}

/// Serve the rest of the request in `language` (the signed-in user's).
pub fn adopt(language: Language) {
    let _ = CURRENT.try_with(|c| c.set(language));
}

/// Message `id` in the request's language.
pub fn t(id: &str) -> String {
    message(current(), id, &[])
}

/// Message `id` with arguments, in the request's language.
pub fn t_args(id: &str, args: &[(&str, Arg)]) -> String {
    message(current(), id, args)
}

/// What templates call: `{{ t("nav-dashboard") }}`, `{{ t1("calls-count", "count", n) }}`,
/// and for a sentence with a link in it, `{{ t_link(id, "link", "/import", "link-text-id")|safe }}`.
pub trait Translate {
    fn t(&self, id: &str) -> String {
        t(id)
    }

    fn t1(&self, id: &str, name: &str, value: impl Into<Arg>) -> String {
        t_args(id, &[(name, value.into())])
    }

    fn t2(
        &self,
        id: &str,
        name1: &str,
        value1: impl Into<Arg>,
        name2: &str,
        value2: impl Into<Arg>,
    ) -> String {
        t_args(id, &[(name1, value1.into()), (name2, value2.into())])
    }

    #[allow(clippy::too_many_arguments)]
    fn t3(
        &self,
        id: &str,
        name1: &str,
        value1: impl Into<Arg>,
        name2: &str,
        value2: impl Into<Arg>,
        name3: &str,
        value3: impl Into<Arg>,
    ) -> String {
        t_args(
            id,
            &[
                (name1, value1.into()),
                (name2, value2.into()),
                (name3, value3.into()),
            ],
        )
    }

    /// HTML: message `id` escaped, with its variable `name` a link to `href` reading
    /// message `text_id`. Output with `|safe`.
    fn t_link(&self, id: &str, name: &str, href: &str, text_id: &str) -> String {
        with_links(id, &[(name, href, text_id)])
    }

    /// HTML: as `t_link`, with two links.
    #[allow(clippy::too_many_arguments)]
    fn t_link2(
        &self,
        id: &str,
        name1: &str,
        href1: &str,
        text1: &str,
        name2: &str,
        href2: &str,
        text2: &str,
    ) -> String {
        with_links(id, &[(name1, href1, text1), (name2, href2, text2)])
    }

    /// The request's language as `<html lang>` says it.
    fn lang(&self) -> &'static str {
        current().tag()
    }
}

impl<T: askama::Template> Translate for T {}

/// Message `id`, HTML-escaped, with each `(name, href, text_id)` variable a link.
pub fn with_links(id: &str, links: &[(&str, &str, &str)]) -> String {
    // Format with a marker in each link's place, escape the whole, then put the links in.
    let marker = |i: usize| format!("\u{E000}{i}\u{E001}");
    let args: Vec<(&str, Arg)> = links
        .iter()
        .enumerate()
        .map(|(i, (name, _, _))| (*name, Arg::Text(marker(i))))
        .collect();
    let mut html = escape(&t_args(id, &args));
    for (i, (_, href, text_id)) in links.iter().enumerate() {
        let link = format!("<a href=\"{}\">{}</a>", escape(href), escape(&t(text_id)));
        html = html.replace(&marker(i), &link);
    }
    html
}

/// `text` escaped as askama escapes it, for HTML built outside a template.
pub fn escape(text: &str) -> String {
    askama::filters::escape(text, askama::filters::Html)
        .map(|safe| safe.to_string())
        .unwrap_or_default()
}

/// A stage's name, as badges, menus and tables show it.
pub fn stage_name(stage: Stage) -> String {
    t(&format!("stage-{}", stage.as_str()))
}

/// What a rep aims for at `stage`.
pub fn stage_goal(stage: Stage) -> String {
    stage.goal_in(current())
}

/// A lead's status (open, won, lost).
pub fn status_name(status: LeadStatus) -> String {
    t(&format!("status-{}", status.as_str()))
}

/// A form's error as the page shows it: the field's label (message `field-<name>`, else
/// the field's name) and what is wrong, in the request's language.
pub fn field_error(error: &FieldError) -> String {
    let label = try_message(
        current(),
        &format!("field-{}", error.field.replace('_', "-")),
        &[],
    )
    .unwrap_or_else(|| error.field.clone());
    labelled_field_error(error, label)
}

/// A form's error as the page shows it, its field named `label` (a custom field's).
pub fn labelled_field_error(error: &FieldError, label: String) -> String {
    t_args(
        "form-field-error",
        &[
            ("field", Arg::Text(label)),
            ("problem", Arg::Text(error.message_in(current()))),
        ],
    )
}

/// Why a lead cannot move as asked, in the request's language.
pub fn transition_error(error: &TransitionError) -> String {
    match error {
        TransitionError::AlreadyAt(stage) => t_args(
            "leads-error-already-at",
            &[("stage", Arg::from(stage_name(*stage)))],
        ),
        TransitionError::LeadIsLost => t("leads-error-lead-is-lost"),
        TransitionError::RegressNeedsReason => t("leads-error-regress-needs-reason"),
        TransitionError::WonNeedsDealValue => t("leads-error-won-needs-deal-value"),
        TransitionError::AlreadyLost => t("leads-error-already-lost"),
        TransitionError::WonCannotBeLost => t("leads-error-won-cannot-be-lost"),
        TransitionError::NotLost => t("leads-error-not-lost"),
    }
}

/// Whether the request's language writes decimals with a comma (`1,5`), as CLDR says: a
/// CSV for Excel is then written as Excel reads one there.
pub fn writes_decimal_comma() -> bool {
    let Ok(locale) = icu_locale_core::Locale::try_from_str(current().tag()) else {
        return false;
    };
    let Ok(formatter) =
        icu_decimal::DecimalFormatter::try_new((&locale).into(), Default::default())
    else {
        return false;
    };
    let mut one_and_a_half = fixed_decimal::Decimal::from(15_i64);
    one_and_a_half.multiply_pow10(-1);
    formatter.format(&one_and_a_half).to_string().contains(',')
}
