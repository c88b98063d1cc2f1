//! User pools: CreateUserPool, DescribeUserPool, UpdateUserPool, ListUserPools, DeleteUserPool.

use cognate_crypto::random;
use cognate_proto::{
    AdminCreateUserConfigType, CreateUserPoolRequest, CreateUserPoolResponse,
    ListUserPoolsResponse, PasswordPolicyType, UpdateUserPoolRequest, UserPoolDescriptionType,
    UserPoolPolicyType, UserPoolSettings, UserPoolType, VerificationMessageTemplateType,
};

use super::{schema, tags, tokens, triggers, Cognate};
use crate::{
    error::{CoreError, CoreResult},
    model::{MfaMode, PoolId, UserPool},
    store::StoreError,
};

/// A page size from a `MaxResults` / `Limit` member (1-60).
pub(super) fn page_size(requested: Option<i64>) -> CoreResult<usize> {
    match requested {
        None => Ok(60),
        Some(n) if (1..=60).contains(&n) => Ok(usize::try_from(n).unwrap_or(60)),
        Some(n) => Err(CoreError::InvalidParameter(format!(
            "1 validation error detected: Value '{n}' at 'maxResults' failed to satisfy constraint: Member must have value between 1 and 60"
        ))),
    }
}

fn invalid(msg: &str) -> CoreError {
    CoreError::InvalidParameter(msg.into())
}

/// Validates mutable settings and fills in the defaults Cognito reports.
fn normalize(
    mut s: UserPoolSettings,
    software_token_mfa_enabled: bool,
) -> CoreResult<UserPoolSettings> {
    if let Some(given) = &s.user_pool_tags {
        tags::from_settings(given)?;
    }
    triggers::check_lambda_config(s.lambda_config.as_ref())?;
    super::pool_mfa::check_sms_configuration(s.sms_configuration.as_ref(), "smsConfiguration")?;
    let policies = s.policies.get_or_insert_with(UserPoolPolicyType::default);
    let policy = policies.password_policy.get_or_insert(PasswordPolicyType {
        minimum_length: Some(8),
        require_uppercase: Some(true),
        require_lowercase: Some(true),
        require_numbers: Some(true),
        require_symbols: Some(true),
        password_history_size: None,
        temporary_password_validity_days: Some(7),
    });
    let min = *policy.minimum_length.get_or_insert(8);
    if !(6..=99).contains(&min) {
        return Err(invalid(
            "Password policy MinimumLength must be between 6 and 99.",
        ));
    }
    for flag in [
        &mut policy.require_uppercase,
        &mut policy.require_lowercase,
        &mut policy.require_numbers,
        &mut policy.require_symbols,
    ] {
        flag.get_or_insert(false);
    }
    // Cognito keeps 0 (what older SDKs send for "not set") as its default of seven days.
    if policy.temporary_password_validity_days.unwrap_or(0) == 0 {
        policy.temporary_password_validity_days = Some(7);
    }
    let mode = s
        .mfa_configuration
        .get_or_insert_with(|| MfaMode::Off.as_str().into());
    match MfaMode::parse(mode) {
        Some(MfaMode::Off) => {}
        Some(MfaMode::On | MfaMode::Optional) => {
            if s.sms_configuration.is_none() && !software_token_mfa_enabled {
                return Err(invalid(
                    "SMS configuration and SMS authentication message are required to enable MFA.",
                ));
            }
        }
        None => return Err(invalid("MfaConfiguration must be OFF, ON or OPTIONAL.")),
    }
    if let Some(msg) = &s.sms_authentication_message {
        if !msg.contains("{####}") || msg.chars().count() < 6 || msg.chars().count() > 140 {
            return Err(invalid(
                "1 validation error detected: Value at 'smsAuthenticationMessage' failed to satisfy constraint: Member must satisfy regular expression pattern: .*\\{####\\}.*",
            ));
        }
    }
    for msg in [&s.sms_verification_message, &s.email_verification_message]
        .into_iter()
        .flatten()
    {
        if !msg.contains("{####}") {
            return Err(invalid(
                "Verification messages must contain the {####} placeholder.",
            ));
        }
    }
    if let Some(attrs) = &s.auto_verified_attributes {
        if attrs.iter().any(|a| a != "email" && a != "phone_number") {
            return Err(invalid(
                "AutoVerifiedAttributes may contain only email and phone_number.",
            ));
        }
    }
    if let Some(update) = &s.user_attribute_update_settings {
        for attr in &update.attributes_require_verification_before_update {
            if attr != "email" && attr != "phone_number" {
                return Err(invalid(
                    "AttributesRequireVerificationBeforeUpdate may contain only email and phone_number.",
                ));
            }
            let auto = s.auto_verified_attributes.as_deref().unwrap_or_default();
            if !auto.contains(attr) {
                return Err(invalid(&format!(
                    "{attr} is in AttributesRequireVerificationBeforeUpdate but not in AutoVerifiedAttributes."
                )));
            }
        }
    }
    let template = s
        .verification_message_template
        .get_or_insert_with(VerificationMessageTemplateType::default);
    template
        .default_email_option
        .get_or_insert_with(|| "CONFIRM_WITH_CODE".into());
    // Cognito keeps the older members and the template in step: each fills what the other
    // leaves out.
    for (legacy, in_template) in [
        (&mut s.sms_verification_message, &mut template.sms_message),
        (
            &mut s.email_verification_message,
            &mut template.email_message,
        ),
        (
            &mut s.email_verification_subject,
            &mut template.email_subject,
        ),
    ] {
        if legacy.is_none() {
            legacy.clone_from(in_template);
        } else if in_template.is_none() {
            in_template.clone_from(legacy);
        }
    }
    let admin = s
        .admin_create_user_config
        .get_or_insert_with(AdminCreateUserConfigType::default);
    admin.allow_admin_create_user_only.get_or_insert(false);
    admin.unused_account_validity_days.get_or_insert(7);
    s.deletion_protection
        .get_or_insert_with(|| "INACTIVE".into());
    s.email_configuration
        .get_or_insert_with(|| serde_json::json!({"EmailSendingAccount": "COGNITO_DEFAULT"}));
    s.user_pool_tier.get_or_insert_with(|| "ESSENTIALS".into());
    Ok(s)
}

fn check_sign_in_attributes(aliases: &[String], usernames: &[String]) -> CoreResult<()> {
    if !aliases.is_empty() && !usernames.is_empty() {
        return Err(invalid(
            "Only one of AliasAttributes or UsernameAttributes can be set in a User Pool.",
        ));
    }
    if usernames
        .iter()
        .any(|a| a != "email" && a != "phone_number")
    {
        return Err(invalid(
            "UsernameAttributes may contain only email and phone_number.",
        ));
    }
    if aliases
        .iter()
        .any(|a| !matches!(a.as_str(), "email" | "phone_number" | "preferred_username"))
    {
        return Err(invalid(
            "AliasAttributes may contain only email, phone_number and preferred_username.",
        ));
    }
    Ok(())
}

fn check_name(name: &str) -> CoreResult<()> {
    if name.is_empty() || name.chars().count() > 128 {
        return Err(CoreError::missing("poolName"));
    }
    Ok(())
}

impl Cognate {
    pub(super) async fn pool_type(&self, pool: &UserPool) -> CoreResult<UserPoolType> {
        let domain = self.store.find_pool_domain(&pool.id).await?;
        let (custom, prefix): (Vec<_>, Vec<_>) = domain.into_iter().partition(|d| d.is_custom());
        Ok(UserPoolType {
            id: pool.id.clone(),
            name: pool.name.clone(),
            arn: self.pool_arn(&pool.id),
            creation_date: pool.created_ms as f64 / 1000.0,
            last_modified_date: pool.modified_ms as f64 / 1000.0,
            settings: pool.settings.clone(),
            alias_attributes: (!pool.alias_attributes.is_empty())
                .then(|| pool.alias_attributes.clone()),
            username_attributes: (!pool.username_attributes.is_empty())
                .then(|| pool.username_attributes.clone()),
            username_configuration: pool.username_configuration.clone(),
            schema_attributes: pool.schema.clone(),
            estimated_number_of_users: self.store.count_users(&pool.id).await?,
            domain: prefix.into_iter().next().map(|d| d.domain),
            custom_domain: custom.into_iter().next().map(|d| d.domain),
        })
    }

    /// CreateUserPool, in the region the request was signed for (else the server's): the
    /// pool's id and ARNs carry it.
    pub async fn create_user_pool(
        &self,
        name: String,
        req: CreateUserPoolRequest,
        region: Option<&str>,
    ) -> CoreResult<CreateUserPoolResponse> {
        let region = region.unwrap_or(&self.config.region).to_string();
        check_name(&name)?;
        let alias_attributes = req.alias_attributes.unwrap_or_default();
        let username_attributes = req.username_attributes.unwrap_or_default();
        check_sign_in_attributes(&alias_attributes, &username_attributes)?;
        let settings = normalize(req.settings, false)?;
        let schema = schema::build_schema(req.schema.as_deref().unwrap_or(&[]))?;
        let now = self.now_ms();
        let mut keys = tokens::keys::new_generation(&self.master_key, "", 1, now)?;
        let mut pool = UserPool {
            id: random::user_pool_id(&region),
            name,
            created_ms: now,
            modified_ms: now,
            settings,
            alias_attributes,
            username_attributes,
            username_configuration: req.username_configuration,
            schema,
            software_token_mfa_enabled: false,
            software_token_mfa_configured: false,
            email_mfa_configuration: None,
            web_authn_configuration: None,
        };
        loop {
            for key in &mut keys {
                key.pool_id.clone_from(&pool.id);
            }
            match self.store.insert_pool(&pool, &keys).await {
                Ok(()) => break,
                Err(StoreError::Conflict(_)) => pool.id = random::user_pool_id(&region),
                Err(e) => return Err(e.into()),
            }
        }
        Ok(CreateUserPoolResponse {
            user_pool: self.pool_type(&pool).await?,
        })
    }

    /// DescribeUserPool.
    pub async fn describe_user_pool(&self, pool: &PoolId) -> CoreResult<CreateUserPoolResponse> {
        let pool = self.pool(pool.as_str()).await?;
        Ok(CreateUserPoolResponse {
            user_pool: self.pool_type(&pool).await?,
        })
    }

    /// UpdateUserPool: settings not given return to their defaults, as in Cognito.
    pub async fn update_user_pool(
        &self,
        pool: &PoolId,
        req: UpdateUserPoolRequest,
    ) -> CoreResult<()> {
        let mut pool = self.pool(pool.as_str()).await?;
        if let Some(name) = req.pool_name {
            check_name(&name)?;
            pool.name = name;
        }
        if pool.mfa_mode() == MfaMode::On
            && req
                .settings
                .mfa_configuration
                .as_deref()
                .is_some_and(|m| MfaMode::parse(m) != Some(MfaMode::On))
        {
            return Err(invalid(
                "MFA configuration cannot be changed once it is ON.",
            ));
        }
        let kept_tags = pool.settings.user_pool_tags.take();
        pool.settings = normalize(req.settings, pool.software_token_mfa_enabled)?;
        if pool.settings.user_pool_tags.is_none() {
            pool.settings.user_pool_tags = kept_tags;
        }
        pool.modified_ms = self.now_ms();
        self.store.update_pool(&pool).await?;
        Ok(())
    }

    /// ListUserPools.
    pub async fn list_user_pools(
        &self,
        max_results: i64,
        next_token: Option<&str>,
    ) -> CoreResult<ListUserPoolsResponse> {
        let limit = page_size(Some(max_results))?;
        let page = self.store.list_pools(next_token, limit).await?;
        Ok(ListUserPoolsResponse {
            user_pools: page
                .items
                .into_iter()
                .map(|p| UserPoolDescriptionType {
                    id: p.id,
                    name: p.name,
                    lambda_config: Some(
                        p.settings
                            .lambda_config
                            .unwrap_or_else(|| serde_json::json!({})),
                    ),
                    last_modified_date: p.modified_ms as f64 / 1000.0,
                    creation_date: p.created_ms as f64 / 1000.0,
                })
                .collect(),
            next_token: page.next,
        })
    }

    /// DeleteUserPool, with everything in it.
    pub async fn delete_user_pool(&self, pool: &PoolId) -> CoreResult<()> {
        let pool = self.pool(pool.as_str()).await?;
        if pool.settings.deletion_protection.as_deref() == Some("ACTIVE") {
            return Err(invalid(
                "The user pool cannot be deleted because deletion protection is activated. Deletion protection must be inactivated first.",
            ));
        }
        self.store.delete_pool(&pool.id).await?;
        self.forget_pool_keys(&pool.id);
        Ok(())
    }
}
