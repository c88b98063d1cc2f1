//! The sign-in pages: the password form and every challenge after it (new password, SMS or
//! authenticator code, choice of factor, authenticator setup). They drive the same sign-in
//! machine as the JSON API: a form becomes a [`FirstFactor`] or a [`Reply`], and each [`Next`]
//! becomes a page or, once signed in, the redirect back to the app.

use std::collections::HashMap;

use axum::{http::StatusCode, response::Response};
use cognate_core::{
    model::{ChallengeName, MfaFactor},
    service::sign_in::{self, Answer, FirstFactor, Next, Prompt, Reply, SignedIn},
    CoreError,
};
use maud::{html, Markup};

use super::{
    cookies,
    flow::Flow,
    forms::{failed, Posted, Step},
    mfa_setup::{self, Verified},
    page::{code_field, field, words, Page},
};

/// The words for a notice a page was sent on with (`notice=…`): a fixed set, so that a link
/// cannot put words of its own on the page.
fn notice(flow: &Flow) -> Option<String> {
    Some(
        match flow.extra("notice")? {
            "confirmed" => "Your account is confirmed. Sign in to continue.",
            "password_reset" => "Your password has been changed. Sign in with the new one.",
            "signed_out" => "You have signed out.",
            _ => return None,
        }
        .to_string(),
    )
}

/// `GET /login`: the sign-in form.
pub async fn login_page(flow: Flow) -> Response {
    let username = flow.extra("username").unwrap_or_default().to_string();
    login_form(&flow, &username, notice(&flow), None, StatusCode::OK)
}

fn login_form(
    flow: &Flow,
    username: &str,
    notice: Option<String>,
    error: Option<String>,
    status: StatusCode,
) -> Response {
    let body = html! {
        form method="post" action=(flow.link("/login", &[])) {
            input type="hidden" name="_csrf" value=(flow.csrf);
            label class="label-customizable" for="username" { (flow.username_label()) }
            input class="inputField-customizable" id="username" name="username" type="text" autocomplete="username"
                autocapitalize="off" spellcheck="false" value=(username) required autofocus[username.is_empty()];
            label class="label-customizable" for="password" { "Password" }
            input class="inputField-customizable" id="password" name="password" type="password" autocomplete="current-password"
                required autofocus[!username.is_empty()];
            button class="submitButton-customizable" type="submit" { "Sign in" }
        }
        div class="links" {
            a href=(flow.link("/forgotPassword", &[])) { "Forgot your password?" }
            @if !flow.authorized.pool.is_admin_create_only() {
                a href=(flow.link("/signup", &[])) { "Create an account" }
            }
        }
    };
    let page = Page {
        title: "Sign in",
        app: Some(flow.app_name()),
        notice,
        error,
        body,
    };
    flow.page(page, status)
}

/// `POST /login`: the password.
pub async fn login_submit(Posted { flow, fields }: Posted) -> Response {
    let username = fields.get("username").map(|u| u.trim()).unwrap_or_default();
    let password = fields.get("password").cloned().unwrap_or_default();
    if username.is_empty() || password.is_empty() {
        let error = Some(format!(
            "Enter your {} and password.",
            flow.username_label().to_lowercase()
        ));
        return login_form(&flow, username, None, error, StatusCode::BAD_REQUEST);
    }
    let first = FirstFactor::Password {
        username: username.to_string(),
        password,
        device_key: None,
    };
    let outcome = match flow.attempt().await {
        Ok(at) => sign_in::start(&at, first, None).await,
        Err(e) => Err(e),
    };
    match outcome {
        Ok(next) => after(flow, next, username).await,
        // As Cognito's pages do: a new code, and the page to enter it.
        Err(CoreError::UserNotConfirmed(_)) => {
            let cognate = flow.state.cognate.clone();
            let sent = match cognate.hosted_client_user(&flow.authorized.client, username) {
                Ok(who) => cognate.resend_confirmation_code(&flow.rc, &who).await,
                Err(e) => Err(e),
            };
            match sent {
                Ok(sent) => {
                    let to = sent.code_delivery_details.destination;
                    let extra = [("username", username), ("sent_to", to.as_str())];
                    flow.redirect(&flow.link("/confirm", &extra))
                }
                Err(e) => {
                    let error = Some(words(e, &flow.rc.request_id));
                    login_form(&flow, username, None, error, StatusCode::BAD_REQUEST)
                }
            }
        }
        Err(CoreError::PasswordResetRequired(_)) => {
            let extra = [("username", username), ("notice", "reset_required")];
            flow.redirect(&flow.link("/forgotPassword", &extra))
        }
        Err(e) => {
            let error = Some(words(e, &flow.rc.request_id));
            login_form(&flow, username, None, error, StatusCode::BAD_REQUEST)
        }
    }
}

/// After a step: the redirect to the app, or the next challenge's page.
async fn after(mut flow: Flow, next: Next, username: &str) -> Response {
    match next {
        Next::SignedIn(done) => match grant(&mut flow, &done).await {
            Ok(redirect) => flow.redirect(&redirect),
            Err(e) => failed(&flow, e),
        },
        Next::Challenge {
            session: Some(session),
            prompt,
        } => {
            let mut step = Step {
                challenge: prompt.challenge().as_str().to_string(),
                session,
                username: username.to_string(),
                ..Step::default()
            };
            match prompt {
                Prompt::MfaCode {
                    factor,
                    delivered_to,
                    ..
                } => {
                    step.factor = factor.as_str().to_string();
                    step.destination = delivered_to.map(|d| d.destination).unwrap_or_default();
                }
                Prompt::NewPassword {
                    required_attributes,
                    ..
                } => {
                    step.required = required_attributes
                        .iter()
                        .map(|a| a.strip_prefix("userAttributes.").unwrap_or(a))
                        .collect::<Vec<_>>()
                        .join(",");
                }
                Prompt::MfaChoice { offered, .. } | Prompt::MfaSetup { offered, .. } => {
                    step.offered = offered
                        .iter()
                        .map(|f| f.as_str())
                        .collect::<Vec<_>>()
                        .join(",");
                }
                _ => {}
            }
            if step.challenge == ChallengeName::MfaSetup.as_str() {
                return match mfa_setup::begin(&flow, step.clone()).await {
                    Ok(page) => page,
                    Err(e) => step_failed(&flow, &step, e),
                };
            }
            challenge_page(&flow, &step, None, StatusCode::OK)
        }
        Next::Challenge { session: None, .. } | Next::Tokens(_) => failed(
            &flow,
            CoreError::Internal(anyhow::anyhow!(
                "the hosted sign-in reached a step it does not drive"
            )),
        ),
    }
}

/// A completed sign-in: the managed-login session's cookie on the flow, and where the
/// browser goes with its code.
pub(super) async fn grant(flow: &mut Flow, done: &SignedIn) -> Result<String, CoreError> {
    let cognate = flow.state.cognate.clone();
    let granted = cognate
        .complete_authorization(&flow.authorized, done)
        .await?;
    if let Some(login) = &granted.login {
        let max_age = cognate_core::service::oauth::LOGIN_SECONDS;
        let name = cookies::login_name(&login.pool_id);
        let cookie = cookies::set(&name, &login.token, max_age, flow.secure);
        flow.set_cookie(cookie);
    }
    Ok(granted.redirect)
}

/// After an authenticator app was set up on the pages: the first set of recovery codes, with
/// the way on to the app.
async fn recovery_codes_then_app(mut flow: Flow, done: &SignedIn) -> Response {
    let pool_id = flow.authorized.auth.pool_id.clone();
    let cognate = flow.state.cognate.clone();
    let shown = match grant(&mut flow, done).await {
        Ok(redirect) => cognate
            .recovery_codes_after_sign_in(&pool_id, done)
            .await
            .map(|codes| (redirect, codes)),
        Err(e) => Err(e),
    };
    match shown {
        Ok((redirect, codes)) => mfa_setup::recovery_codes_page(&flow, &codes, &redirect),
        Err(e) => failed(&flow, e),
    }
}

/// The page of a challenge.
pub(super) fn challenge_page(
    flow: &Flow,
    step: &Step,
    error: Option<String>,
    status: StatusCode,
) -> Response {
    let action = flow.link("/login/step", &[]);
    let (title, body): (&str, Markup) = match ChallengeName::parse(&step.challenge) {
        Some(ChallengeName::SmsMfa) => (
            "Enter the code we sent you",
            html! {
                p { "We sent a sign-in code by text message to " strong { (step.destination) } "." }
                (code_field("Code", false))
                p class="hint" { "No phone at hand? Enter one of your recovery codes instead." }
            },
        ),
        Some(ChallengeName::SoftwareTokenMfa) => (
            "Enter your authenticator code",
            html! {
                p { "Open your authenticator app and enter the 6-digit code for this account." }
                (code_field("Code", false))
                p class="hint" { "Lost your phone? Enter one of your recovery codes instead." }
            },
        ),
        Some(ChallengeName::SelectMfaType) => (
            "Choose how to verify it's you",
            html! {
                fieldset {
                    legend { "How do you want to get your sign-in code?" }
                    @for (i, factor) in step.offered.split(',').filter(|f| !f.is_empty()).enumerate() {
                        label {
                            input type="radio" name="factor" value=(factor) checked[i == 0];
                            (factor_words(factor))
                        }
                    }
                }
            },
        ),
        Some(ChallengeName::NewPasswordRequired) => (
            "Choose a new password",
            html! {
                p { "Your temporary password has to be replaced before you can go on." }
                (field("New password", "new_password", "password", "new-password", ""))
                (field("Confirm the new password", "confirm_password", "password", "new-password", ""))
                @for attr in step.required.split(',').filter(|a| !a.is_empty()) {
                    (field(&super::forms::attribute_words(attr), &format!("attr_{attr}"), "text", "on", ""))
                }
            },
        ),
        _ => {
            return failed(
                flow,
                CoreError::Internal(anyhow::anyhow!("no page for challenge {}", step.challenge)),
            )
        }
    };
    let button = if step.challenge == ChallengeName::SelectMfaType.as_str() {
        "Continue"
    } else {
        "Sign in"
    };
    let body = html! {
        form method="post" action=(action) {
            input type="hidden" name="_csrf" value=(flow.csrf);
            (step.hidden())
            (body)
            button class="submitButton-customizable" type="submit" { (button) }
        }
        div class="links" { a href=(flow.link("/login", &[])) { "Start again" } }
    };
    let page = Page {
        title,
        app: Some(flow.app_name()),
        notice: None,
        error,
        body,
    };
    flow.page(page, status)
}

fn factor_words(factor: &str) -> &'static str {
    match ChallengeName::parse(factor).and_then(MfaFactor::from_challenge) {
        Some(MfaFactor::Sms) => "A text message (SMS) to my phone",
        Some(MfaFactor::SoftwareToken) => "My authenticator app",
        None => "Another way",
    }
}

/// `POST /login/step`: the answer to a challenge.
pub async fn step_submit(Posted { flow, fields }: Posted) -> Response {
    let step = Step::read(&fields);
    let Some(challenge) = ChallengeName::parse(&step.challenge) else {
        return login_form(
            &flow,
            "",
            None,
            Some("Start again.".into()),
            StatusCode::BAD_REQUEST,
        );
    };
    if challenge == ChallengeName::MfaSetup
        && fields.get("setup_choice").map(String::as_str) == Some("sms")
    {
        return mfa_setup::phone_page(&flow, &step, None, StatusCode::OK);
    }
    if let Some(phone) = fields
        .get("phone")
        .filter(|_| challenge == ChallengeName::MfaSetup)
    {
        return match mfa_setup::phone(&flow, &step, phone).await {
            Ok(next) => after(flow, next, &step.username).await,
            Err(e @ CoreError::InvalidParameter(_)) => {
                let error = Some(words(e, &flow.rc.request_id));
                mfa_setup::phone_page(&flow, &step, error, StatusCode::BAD_REQUEST)
            }
            Err(e) => step_failed(&flow, &step, e),
        };
    }
    if challenge == ChallengeName::MfaSetup {
        let code = fields.get("code").map(|c| c.trim()).unwrap_or_default();
        let name = fields
            .get("device_name")
            .map(|n| n.trim().to_string())
            .filter(|n| !n.is_empty());
        return match mfa_setup::finish(&flow, step.clone(), code, name).await {
            Ok(Verified::Again(page)) => page,
            Ok(Verified::Next(Next::SignedIn(done))) => recovery_codes_then_app(flow, &done).await,
            Ok(Verified::Next(next)) => after(flow, next, &step.username).await,
            Err(e) => step_failed(&flow, &step, e),
        };
    }
    let answer = match answer_of(challenge, &fields) {
        Ok(answer) => answer,
        Err(message) => {
            return challenge_page(&flow, &step, Some(message), StatusCode::BAD_REQUEST)
        }
    };
    let reply = Reply {
        challenge,
        session: Some(step.session.clone()),
        username: step.username.clone(),
        secret_hash: None,
        answer,
    };
    let outcome = match flow.attempt().await {
        Ok(at) => sign_in::respond(&at, reply).await,
        Err(e) => Err(e),
    };
    match outcome {
        Ok(next) => after(flow, next, &step.username).await,
        Err(e) => step_failed(&flow, &step, e),
    }
}

/// A refused answer: the same page with the reason, unless the session is gone.
pub(super) fn step_failed(flow: &Flow, step: &Step, e: CoreError) -> Response {
    let session_gone = matches!(&e, CoreError::NotAuthorized(m) if m.contains("session"));
    let message = words(e, &flow.rc.request_id);
    if session_gone {
        let error = Some(format!("{message} Sign in again."));
        return login_form(flow, &step.username, None, error, StatusCode::BAD_REQUEST);
    }
    challenge_page(flow, step, Some(message), StatusCode::BAD_REQUEST)
}

/// A challenge form as the machine's [`Answer`].
fn answer_of(challenge: ChallengeName, fields: &HashMap<String, String>) -> Result<Answer, String> {
    let get = |k: &str| fields.get(k).map(|v| v.trim()).filter(|v| !v.is_empty());
    match challenge {
        ChallengeName::SmsMfa | ChallengeName::SoftwareTokenMfa => get("code")
            .map(|c| Answer::MfaCode(c.to_string()))
            .ok_or_else(|| "Enter the code.".to_string()),
        ChallengeName::SelectMfaType => get("factor")
            .and_then(ChallengeName::parse)
            .and_then(MfaFactor::from_challenge)
            .map(Answer::MfaChoice)
            .ok_or_else(|| "Choose one of the ways.".to_string()),
        ChallengeName::NewPasswordRequired => {
            let password = fields.get("new_password").cloned().unwrap_or_default();
            if password.is_empty() {
                return Err("Enter a new password.".into());
            }
            if fields.get("confirm_password") != Some(&password) {
                return Err("The two passwords are not the same.".into());
            }
            let attributes = fields
                .iter()
                .filter_map(|(k, v)| {
                    Some((k.strip_prefix("attr_")?.to_string(), v.trim().to_string()))
                })
                .filter(|(_, v)| !v.is_empty())
                .collect();
            Ok(Answer::NewPassword {
                password,
                attributes,
            })
        }
        _ => Err("This step cannot be answered here. Start again.".into()),
    }
}
