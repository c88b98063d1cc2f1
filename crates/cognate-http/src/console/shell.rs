//! The console's frame: one layout (a bar naming who is signed in, the navigation of the AWS
//! console's sections, the page), one stylesheet, and the form parts every page builds with,
//! so that labels, hints and Cognito's error next to a field look the same everywhere.

use axum::{http::StatusCode, response::Response};
use maud::{html, Markup, DOCTYPE};

use super::{
    access::Operator,
    replies::{html_response, page_head},
};

/// The stylesheet, served at `/console/static/console.css`.
pub(super) const STYLESHEET: &str = include_str!("console.css");

/// The sections of a pool's pages, as the navigation names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Section {
    Overview,
    Users,
    AppClients,
    SignIn,
    AuthenticationMethods,
}

impl Section {
    const ALL: [Section; 5] = [
        Section::Overview,
        Section::Users,
        Section::AppClients,
        Section::SignIn,
        Section::AuthenticationMethods,
    ];

    fn label(self) -> &'static str {
        match self {
            Section::Overview => "Overview",
            Section::Users => "Users",
            Section::AppClients => "App clients",
            Section::SignIn => "Sign-in",
            Section::AuthenticationMethods => "Authentication methods",
        }
    }

    /// The section's page under `/console/pools/{id}`.
    pub(super) fn path(self, pool_id: &str) -> String {
        let tail = match self {
            Section::Overview => "",
            Section::Users => "/users",
            Section::AppClients => "/clients",
            Section::SignIn => "/sign-in",
            Section::AuthenticationMethods => "/authentication-methods",
        };
        format!("/console/pools/{pool_id}{tail}")
    }
}

/// Where a page sits: in the account's pages, or in one of a pool's sections.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Place<'a> {
    Pools,
    Sms,
    Inbox,
    Pool {
        id: &'a str,
        name: &'a str,
        section: Section,
    },
}

/// A console page.
pub(super) struct Shell<'a> {
    pub title: &'a str,
    pub place: Place<'a>,
    /// What the last action did ("Saved."), shown above the page.
    pub notice: Option<&'a str>,
    /// Why the last action failed, shown above the page (and, by the form's own parts, next to
    /// the field it concerns).
    pub error: Option<&'a str>,
    pub body: Markup,
}

impl Shell<'_> {
    /// The page as the operator's response.
    pub(super) fn respond(self, operator: &Operator, status: StatusCode) -> Response {
        let who = operator.rc.admin_key_id.as_deref();
        let markup = html! {
            (DOCTYPE)
            html lang="en" {
                (page_head(self.title))
                body {
                    header class="bar" {
                        a class="brand" href="/console/pools" { "Cognate console" }
                        @if operator.open {
                            span class="open-mode" role="note" {
                                "Open console: no admin keys are configured, so anyone who can reach this loopback address can use it."
                            }
                        } @else {
                            span class="who" { "Signed in as " code { (who.unwrap_or("?")) } }
                            form method="post" action="/console/signout" class="signout" {
                                input type="hidden" name="_csrf" value=(operator.csrf);
                                button class="link" type="submit" { "Sign out" }
                            }
                        }
                    }
                    div class="frame" {
                        nav class="side" aria-label="Console" {
                            (navigation(self.place))
                        }
                        main {
                            @if let Place::Pool { name, .. } = self.place {
                                p class="crumb" { a href="/console/pools" { "User pools" } " › " (name) }
                            }
                            h1 { (self.title) }
                            @if let Some(notice) = self.notice {
                                p class="notice" role="status" { (notice) }
                            }
                            @if let Some(error) = self.error {
                                p class="error" role="alert" { (error) }
                            }
                            (self.body)
                        }
                    }
                }
            }
        };
        operator.finish(html_response(markup, status))
    }
}

fn navigation(place: Place<'_>) -> Markup {
    let current = |here: bool| if here { Some("page") } else { None };
    html! {
        ul {
            li { a href="/console/pools" aria-current=[current(place == Place::Pools)] { "User pools" } }
            @if let Place::Pool { id, section, .. } = place {
                li class="pool" {
                    ul {
                        @for s in Section::ALL {
                            li { a href=(s.path(id)) aria-current=[current(s == section)] { (s.label()) } }
                        }
                    }
                }
            }
            li { a href="/console/sms" aria-current=[current(place == Place::Sms)] { "SMS" } }
            li { a href="/console/inbox" aria-current=[current(place == Place::Inbox)] { "Dev inbox" } }
        }
    }
}

/// The CSRF field every form carries.
pub(super) fn csrf_field(operator: &Operator) -> Markup {
    html! { input type="hidden" name="_csrf" value=(operator.csrf); }
}

/// A labelled text input (`kind`: `text`, `number`, `email`, `url`, `tel`, `password`, or
/// `textarea` for a multi-line input), with a hint under it and the error that concerns it.
pub(super) fn text_field(
    label: &str,
    name: &str,
    kind: &str,
    value: &str,
    hint: Option<&str>,
    error: Option<&str>,
) -> Markup {
    let described = match (hint.is_some(), error.is_some()) {
        (_, true) => Some(format!("{name}-error")),
        (true, false) => Some(format!("{name}-hint")),
        _ => None,
    };
    let invalid = error.map(|_| "true");
    html! {
        div class="field" {
            label for=(name) { (label) }
            @if kind == "textarea" {
                textarea id=(name) name=(name) rows="3" aria-invalid=[invalid]
                    aria-describedby=[described] { (value) }
            } @else {
                input id=(name) name=(name) type=(kind) value=(value) autocomplete="off"
                    aria-invalid=[invalid] aria-describedby=[described];
            }
            @if let Some(hint) = hint {
                p class="hint" id=(format!("{name}-hint")) { (hint) }
            }
            @if let Some(error) = error {
                p class="field-error" id=(format!("{name}-error")) role="alert" { (error) }
            }
        }
    }
}

/// A checkbox with its label after it.
pub(super) fn checkbox(label: &str, name: &str, value: &str, checked: bool) -> Markup {
    let id = format!("{name}-{value}");
    html! {
        label class="check" for=(id) {
            input type="checkbox" id=(id) name=(name) value=(value) checked[checked];
            " " (label)
        }
    }
}

/// A group of radio buttons: `(value, label, hint)`, the one equal to `current` chosen.
pub(super) fn radios(
    legend: &str,
    name: &str,
    options: &[(&str, &str, &str)],
    current: &str,
) -> Markup {
    html! {
        fieldset class="choices" {
            legend { (legend) }
            @for (value, label, hint) in options {
                @let id = format!("{name}-{value}");
                label class="choice" for=(id) {
                    input type="radio" id=(id) name=(name) value=(value) checked[*value == current];
                    span { strong { (label) } @if !hint.is_empty() { br; span class="hint" { (hint) } } }
                }
            }
        }
    }
}

/// A select box: `(value, label)`, the one equal to `current` chosen.
pub(super) fn select(label: &str, name: &str, options: &[(&str, &str)], current: &str) -> Markup {
    html! {
        div class="field" {
            label for=(name) { (label) }
            select id=(name) name=(name) {
                @for (value, text) in options {
                    option value=(value) selected[*value == current] { (text) }
                }
            }
        }
    }
}

/// A form's submit button.
pub(super) fn submit(label: &str) -> Markup {
    html! { div class="actions" { button type="submit" { (label) } } }
}

/// The "Save changes" button of a form, with a "Cancel" link back to `back`.
pub(super) fn save_or_cancel(back: &str) -> Markup {
    html! {
        div class="actions" {
            button type="submit" { "Save changes" }
            a href=(back) { "Cancel" }
        }
    }
}

/// The words after a `?notice=` in a URL: what a form did, shown on the page it leads to.
pub(super) fn notice_query(text: &str) -> String {
    let encoded: String = form_urlencoded::byte_serialize(text.as_bytes()).collect();
    format!("notice={encoded}")
}

/// A page's query parameters (the first of a repeated one).
pub(super) fn query_map(raw: Option<&str>) -> std::collections::HashMap<String, String> {
    let mut params = std::collections::HashMap::new();
    for (k, v) in form_urlencoded::parse(raw.unwrap_or_default().as_bytes()) {
        params
            .entry(k.into_owned())
            .or_insert_with(|| v.into_owned());
    }
    params
}
