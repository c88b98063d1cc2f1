//! MFA_SETUP on the pages: the authenticator app is enrolled with the challenge's session
//! (AssociateSoftwareToken, then VerifySoftwareToken), shown as an `otpauth://` QR code drawn as
//! SVG with the secret as text beside it; then the machine is told the setup is done.

use axum::{http::StatusCode, response::Response};
use base64::{engine::general_purpose::STANDARD as B64, Engine};
use cognate_core::{
    model::{ChallengeName, MfaFactor},
    service::sign_in::{self, Answer, Next, Reply},
    CoreError,
};
use maud::html;
use qrcode::{render::svg, QrCode};

use super::{
    flow::Flow,
    forms::{enrollee, Step},
    page::{code_field, error_page, trusted, words, Page},
};

/// The `otpauth://` URI authenticator apps read (Google Authenticator's key URI format).
fn otpauth_uri(issuer: &str, account: &str, secret: &str) -> String {
    let enc = |s: &str| {
        form_urlencoded::byte_serialize(s.as_bytes())
            .collect::<String>()
            .replace('+', "%20")
    };
    format!(
        "otpauth://totp/{}:{}?secret={secret}&issuer={}",
        enc(issuer),
        enc(account),
        enc(issuer)
    )
}

/// The QR code of `text` as an `img` with an SVG data URI (no inline markup for the CSP to
/// weigh, and a screenshot reads it like a phone would).
fn qr_img(text: &str) -> Option<String> {
    let code = QrCode::new(text.as_bytes()).ok()?;
    let svg = code
        .render::<svg::Color<'_>>()
        // Whole pixels per module, so that the code stays crisp at its natural size.
        .module_dimensions(5, 5)
        .quiet_zone(true)
        .build();
    Some(format!(
        "<img class=\"qr\" id=\"qr\" alt=\"QR code for your authenticator app\" src=\"data:image/svg+xml;base64,{}\">",
        B64.encode(svg)
    ))
}

/// Whether the setup step offers `factor`.
fn offers(step: &Step, factor: MfaFactor) -> bool {
    step.offered.split(',').any(|f| f == factor.as_str())
}

/// The phone number for text-message codes (SMS MFA set up on the page).
pub(super) fn phone_page(
    flow: &Flow,
    step: &Step,
    error: Option<String>,
    status: StatusCode,
) -> Response {
    let body = html! {
        p class="textDescription-customizable" { "This account needs a second step to sign in. Enter your mobile number, with its country code (such as +14155550123), and we will text you a code each time you sign in." }
        form method="post" action=(flow.link("/login/step", &[])) {
            input type="hidden" name="_csrf" value=(flow.csrf);
            (step.hidden())
            label class="label-customizable" for="phone" { "Mobile number" }
            input class="inputField-customizable" id="phone" name="phone" type="tel" autocomplete="tel" placeholder="+14155550123" required autofocus;
            button class="submitButton-customizable" type="submit" { "Send code" }
        }
        div class="links" { a href=(flow.link("/login", &[])) { "Start again" } }
    };
    let page = Page {
        title: "Set up text-message codes",
        app: Some(flow.app_name()),
        notice: None,
        error,
        body,
    };
    flow.page(page, status)
}

/// The phone number given on the page: the machine sends it a code.
pub(super) async fn phone(flow: &Flow, step: &Step, phone: &str) -> Result<Next, CoreError> {
    answer_setup(flow, step, Answer::MfaSetupPhone(phone.to_string())).await
}

/// Answers the MFA_SETUP step the page carries.
async fn answer_setup(flow: &Flow, step: &Step, answer: Answer) -> Result<Next, CoreError> {
    let reply = Reply {
        challenge: ChallengeName::MfaSetup,
        session: Some(step.session.clone()),
        username: step.username.clone(),
        secret_hash: None,
        answer,
    };
    sign_in::respond(&flow.attempt().await?, reply).await
}

/// The key in groups of four, as people type it.
fn grouped(secret: &str) -> String {
    secret
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// What the code from the app led to: the machine's next step, or the setup page again.
pub(super) enum Verified {
    Next(Next),
    Again(Response),
}

/// The first page of the setup: a new secret for the user's authenticator app.
pub(super) async fn begin(flow: &Flow, mut step: Step) -> Result<Response, CoreError> {
    if !offers(&step, MfaFactor::SoftwareToken) {
        if offers(&step, MfaFactor::Sms) {
            return Ok(phone_page(flow, &step, None, StatusCode::OK));
        }
        return Ok(error_page(
            StatusCode::BAD_REQUEST,
            "Multi-factor authentication needs setting up",
            "This application asks for a second step to sign in that cannot be set up here. Ask its administrator.",
        ));
    }
    let response = flow
        .state
        .cognate
        .associate_software_token(&flow.rc, &enrollee(&step))
        .await?;
    step.session = response.session.unwrap_or_default();
    step.secret = response.secret_code;
    Ok(setup_page(flow, &step, None, StatusCode::OK))
}

fn setup_page(flow: &Flow, step: &Step, error: Option<String>, status: StatusCode) -> Response {
    let uri = otpauth_uri(flow.app_name(), &step.username, &step.secret);
    let qr = qr_img(&uri).unwrap_or_default();
    let body = html! {
        p { "This account needs a second step to sign in. Scan the QR code with an authenticator app (such as Google Authenticator, Authy or 1Password), then enter the 6-digit code it shows." }
        (trusted(qr))
        p class="hint" { "Can't scan it? Enter this key in the app instead:" }
        code class="secret" id="secret" { (grouped(&step.secret)) }
        form method="post" action=(flow.link("/login/step", &[])) {
            input type="hidden" name="_csrf" value=(flow.csrf);
            (step.hidden())
            (code_field("Code from the app", true))
            label class="label-customizable" for="device_name" { "Name for this authenticator (optional)" }
            input class="inputField-customizable" id="device_name" name="device_name" type="text" autocomplete="off" placeholder="e.g. My phone";
            button class="submitButton-customizable" type="submit" { "Verify and sign in" }
        }
        @if offers(step, MfaFactor::Sms) {
            form method="post" action=(flow.link("/login/step", &[])) class="links" {
                input type="hidden" name="_csrf" value=(flow.csrf);
                (step.hidden())
                input type="hidden" name="setup_choice" value="sms";
                button type="submit" class="link" { "Get codes by text message instead" }
            }
        }
        div class="links" { a href=(flow.link("/login", &[])) { "Start again" } }
    };
    let page = Page {
        title: "Set up your authenticator app",
        app: Some(flow.app_name()),
        notice: None,
        error,
        body,
    };
    flow.page(page, status)
}

/// The code from the app: verified with the session (a wrong one shows the page again, the
/// step still open), then the challenge is answered.
pub(super) async fn finish(
    flow: &Flow,
    mut step: Step,
    code: &str,
    device_name: Option<String>,
) -> Result<Verified, CoreError> {
    if code.is_empty() {
        let error = Some("Enter the code from the app.".to_string());
        return Ok(Verified::Again(setup_page(
            flow,
            &step,
            error,
            StatusCode::BAD_REQUEST,
        )));
    }
    let cognate = flow.state.cognate.clone();
    let verified = cognate
        .verify_software_token(&flow.rc, &enrollee(&step), code, device_name)
        .await;
    step.session = match verified {
        Ok(response) => response.session.unwrap_or_default(),
        Err(e @ CoreError::EnableSoftwareTokenMfa(_)) => {
            let error = Some(words(e, &flow.rc.request_id));
            return Ok(Verified::Again(setup_page(
                flow,
                &step,
                error,
                StatusCode::BAD_REQUEST,
            )));
        }
        Err(e) => return Err(e),
    };
    let next = answer_setup(flow, &step, Answer::MfaSetupDone).await?;
    Ok(Verified::Next(next))
}

/// A new set of recovery codes, shown once, with the way on.
pub(super) fn recovery_codes_page(flow: &Flow, codes: &[String], next: &str) -> Response {
    let body = html! {
        p { "Keep these recovery codes somewhere safe, such as a password manager. If you lose your authenticator app, type one of them where the app's code is asked. Each code works once." }
        ol class="codes" id="recovery-codes" {
            @for code in codes { li { code { (code) } } }
        }
        p class="hint" {
            "They will not be shown again. You can make a new set at any time on the "
            a href=(flow.link("/recoveryCodes", &[])) { "recovery codes page" } "."
        }
        a class="button" href=(next) { "I have saved them, continue" }
    };
    let page = Page {
        title: "Save your recovery codes",
        app: Some(flow.app_name()),
        notice: Some("Your authenticator app is set up.".into()),
        error: None,
        body,
    };
    flow.page(page, StatusCode::OK)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_uri_names_issuer_and_account_escaped() {
        let uri = otpauth_uri("My App", "jo@example.com", "ABC");
        assert_eq!(
            uri,
            "otpauth://totp/My%20App:jo%40example.com?secret=ABC&issuer=My%20App"
        );
        assert!(qr_img(&uri).is_some_and(|img| img.starts_with("<img")));
    }
}
