//! SMS guardrails in process, with a sender that costs money: the sandbox (a new account
//! sends only to verified numbers), the monthly spend limit, and the hourly per-number cap —
//! all through SNS's own operations and a sign-in with SMS MFA.

use cognate_core::model::SmsCaps;
use cognate_delivery::CaptureSender;

use crate::helpers::*;

async fn sms_mfa_sign_in(app: &TestApp, pool: &Pool, user: &TestUser) -> Reply {
    app.password_auth(&pool.client_id, &user.email, &user.password)
        .await
}

/// Adds `SMS_PHONE` to the sandbox and verifies it with the code the capture received.
async fn verify_sandbox_number(app: &TestApp) {
    let (status, body) = app
        .sns("CreateSMSSandboxPhoneNumber", &[("PhoneNumber", SMS_PHONE)])
        .await;
    assert!(status.is_success(), "{body}");
    let code = app.last_code(SMS_PHONE);
    let (status, body) = app
        .sns(
            "VerifySMSSandboxPhoneNumber",
            &[("PhoneNumber", SMS_PHONE), ("OneTimePassword", &code)],
        )
        .await;
    assert!(status.is_success(), "{body}");
    let (_, listed) = app.sns("ListSMSSandboxPhoneNumbers", &[]).await;
    assert!(listed.contains("<Status>Verified</Status>"), "{listed}");
}

#[tokio::test]
async fn a_new_account_sends_only_to_verified_sandbox_numbers() {
    let app = spawn_app_with(CaptureSender::costing_money(), SmsCaps::default()).await;
    let pool = app.create_seed_pool().await;
    let user = app.sms_mfa_user(&pool, SMS_PHONE).await;
    let (_, status) = app.sns("GetSMSSandboxAccountStatus", &[]).await;
    assert!(
        status.contains("<IsInSandbox>true</IsInSandbox>"),
        "{status}"
    );

    let refused = sms_mfa_sign_in(&app, &pool, &user).await;
    assert_error(
        &refused,
        "CodeDeliveryFailureException",
        "Unable to deliver message to phone_number.",
    );
    assert!(app.sender.sms().is_empty(), "nothing may reach the carrier");

    let (status, body) = app
        .sns(
            "VerifySMSSandboxPhoneNumber",
            &[("PhoneNumber", SMS_PHONE), ("OneTimePassword", "000000")],
        )
        .await;
    assert_eq!(status.as_u16(), 404, "{body}");
    verify_sandbox_number(&app).await;
    let challenge = assert_ok(sms_mfa_sign_in(&app, &pool, &user).await);
    assert_eq!(challenge["ChallengeName"], "SMS_MFA");
    assert_eq!(
        app.sender.sms().last().map(|m| m.sms_type.as_str()),
        Some("Transactional")
    );
}

#[tokio::test]
async fn the_monthly_spend_limit_is_never_passed() {
    let app = spawn_app_with(CaptureSender::costing_money(), SmsCaps::default()).await;
    let pool = app.create_seed_pool().await;
    let user = app.sms_mfa_user(&pool, SMS_PHONE).await;
    verify_sandbox_number(&app).await; // one message: 0.00645 USD
    let (status, body) = app
        .sns(
            "SetSMSAttributes",
            &[
                ("attributes.entry.1.key", "MonthlySpendLimit"),
                ("attributes.entry.1.value", "0.02"),
            ],
        )
        .await;
    assert!(status.is_success(), "{body}");
    for _ in 0..2 {
        assert_eq!(
            assert_ok(sms_mfa_sign_in(&app, &pool, &user).await)["ChallengeName"],
            "SMS_MFA"
        );
    }
    let sent = app.sender.sms().len();
    assert_eq!(sent, 3, "0.01935 USD spent");
    let refused = sms_mfa_sign_in(&app, &pool, &user).await;
    assert_error(
        &refused,
        "CodeDeliveryFailureException",
        "Unable to deliver message to phone_number.",
    );
    assert_eq!(app.sender.sms().len(), sent);

    let (_, attributes) = app.sns("GetSMSAttributes", &[]).await;
    assert!(
        attributes.contains("<key>MonthlySpendLimit</key><value>0.02</value>"),
        "{attributes}"
    );
}

#[tokio::test]
async fn a_number_gets_at_most_its_hourly_cap() {
    let caps = SmsCaps {
        per_number_per_hour: Some(2),
        per_country_per_hour: None,
    };
    let app = spawn_app_with(CaptureSender::costing_money(), caps).await;
    let pool = app.create_seed_pool().await;
    let user = app.sms_mfa_user(&pool, SMS_PHONE).await;
    verify_sandbox_number(&app).await;
    assert_ok(sms_mfa_sign_in(&app, &pool, &user).await);
    let refused = sms_mfa_sign_in(&app, &pool, &user).await;
    assert_error(
        &refused,
        "CodeDeliveryFailureException",
        "Unable to deliver message to phone_number.",
    );
    app.advance_ms(3_600_001);
    assert_ok(sms_mfa_sign_in(&app, &pool, &user).await);
}

#[tokio::test]
async fn sns_attributes_are_checked() {
    let app = spawn_app().await;
    let (status, body) = app
        .sns(
            "SetSMSAttributes",
            &[
                ("attributes.entry.1.key", "DefaultSMSType"),
                ("attributes.entry.1.value", "Urgent"),
            ],
        )
        .await;
    assert_eq!(status.as_u16(), 400);
    assert!(body.contains("<Code>InvalidParameter</Code>"), "{body}");
    let (status, body) = app.sns("Subscribe", &[]).await;
    assert_eq!(status.as_u16(), 400);
    assert!(body.contains("<Code>InvalidAction</Code>"), "{body}");
    let (_, body) = app
        .sns(
            "CheckIfPhoneNumberIsOptedOut",
            &[("phoneNumber", SMS_PHONE)],
        )
        .await;
    assert!(body.contains("<isOptedOut>false</isOptedOut>"), "{body}");
}
