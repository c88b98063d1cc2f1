//! Identity providers: CreateIdentityProvider, DescribeIdentityProvider, UpdateIdentityProvider,
//! DeleteIdentityProvider, ListIdentityProviders, GetIdentityProviderByIdentifier. These are the
//! records, checked as Cognito checks them, which app clients may name in
//! `SupportedIdentityProviders`; signing in through a provider is not here. The secret details
//! (`client_secret`, Apple's `private_key`) are kept sealed under the master key.
//! <https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateIdentityProvider.html>

use std::collections::BTreeMap;

use cognate_proto::{
    CreateIdentityProviderRequest, IdentityProviderResponse, IdentityProviderType,
    ListIdentityProvidersResponse, ProviderDescription, UpdateIdentityProviderRequest,
};

use super::{
    identity_provider_rules::{
        check_details, check_identifiers, check_map, check_name, check_name_fits_type,
        check_name_length, identifier_fault, provider_type, well_known, with_username,
        ADD_ATTRIBUTES, COGNITO, MAX_VALUE, PRIVATE_KEY,
    },
    Cognate,
};
use crate::{
    error::{CoreError, CoreResult},
    model::{IdentityProvider, PoolId, ProviderType},
    store::StoreError,
};

/// Identity providers a pool may have (Cognito's quota).
const MAX_PER_POOL: usize = 300;
/// Largest ListIdentityProviders page.
const MAX_PAGE: i64 = 60;
/// Details kept sealed at rest.
const SECRET_DETAILS: [&str; 2] = ["client_secret", PRIVATE_KEY];

/// What a sealed detail is sealed for: its provider and key.
pub(crate) fn purpose(provider: &IdentityProvider, key: &str) -> String {
    format!(
        "identity-provider|{}|{}|{key}",
        provider.pool_id, provider.name
    )
}

fn description(provider: IdentityProvider) -> ProviderDescription {
    ProviderDescription {
        provider_name: provider.name,
        provider_type: provider.provider_type.as_str().to_string(),
        last_modified_date: provider.modified_ms as f64 / 1000.0,
        creation_date: provider.created_ms as f64 / 1000.0,
    }
}

fn not_found(name: &str) -> CoreError {
    CoreError::ResourceNotFound(format!("Identity provider {name} does not exist."))
}

/// A taken name, worded as Cognito words it ("<ProviderName> already exists in user pool
/// <userPoolId>", seen in CloudTrail); a taken IdP identifier is worded the same way.
fn duplicate(key: &str, pool_id: &str) -> CoreError {
    CoreError::DuplicateProvider(format!("{key} already exists in user pool {pool_id}"))
}

impl Cognate {
    /// Sets the provider's details from `given`: the secret ones sealed, the read-only one
    /// dropped.
    fn set_details(
        &self,
        provider: &mut IdentityProvider,
        given: &BTreeMap<String, String>,
    ) -> CoreResult<()> {
        let mut plain = given.clone();
        plain.remove(ADD_ATTRIBUTES);
        let mut sealed = BTreeMap::new();
        for key in SECRET_DETAILS {
            if let Some(value) = plain.remove(key) {
                let boxed = self
                    .master_key
                    .seal_b64(&purpose(provider, key), value.as_bytes())
                    .map_err(|e| CoreError::Internal(e.into()))?;
                sealed.insert(key.to_string(), boxed);
            }
        }
        provider.details = plain;
        provider.sealed_details = sealed;
        Ok(())
    }

    /// The details as Cognito shows them: as given, the client secret in clear, the
    /// well-known endpoints added; never Apple's private key.
    fn shown_details(&self, provider: &IdentityProvider) -> CoreResult<BTreeMap<String, String>> {
        let mut shown = provider.details.clone();
        for (key, sealed) in &provider.sealed_details {
            if key == PRIVATE_KEY {
                continue;
            }
            let plain = self
                .master_key
                .open_b64(&purpose(provider, key), sealed)
                .map_err(|e| CoreError::Internal(e.into()))?;
            let plain =
                String::from_utf8(plain.to_vec()).map_err(|e| CoreError::Internal(e.into()))?;
            shown.insert(key.clone(), plain);
        }
        for (key, value) in well_known(provider.provider_type, &provider.details) {
            shown.entry(key.to_string()).or_insert(value);
        }
        Ok(shown)
    }

    fn provider_response(
        &self,
        provider: &IdentityProvider,
    ) -> CoreResult<IdentityProviderResponse> {
        Ok(IdentityProviderResponse {
            identity_provider: IdentityProviderType {
                user_pool_id: provider.pool_id.clone(),
                provider_name: provider.name.clone(),
                provider_type: provider.provider_type.as_str().to_string(),
                provider_details: self.shown_details(provider)?,
                attribute_mapping: provider.attribute_mapping.clone(),
                idp_identifiers: provider.idp_identifiers.clone(),
                last_modified_date: provider.modified_ms as f64 / 1000.0,
                creation_date: provider.created_ms as f64 / 1000.0,
            },
        })
    }

    /// A provider of the pool, or Cognito's `ResourceNotFoundException`.
    async fn identity_provider(&self, pool_id: &str, name: &str) -> CoreResult<IdentityProvider> {
        self.store
            .find_identity_provider(pool_id, name)
            .await?
            .ok_or_else(|| not_found(name))
    }

    /// CreateIdentityProvider.
    pub async fn create_identity_provider(
        &self,
        pool: &PoolId,
        name: &str,
        kind: &str,
        details: &BTreeMap<String, String>,
        req: &CreateIdentityProviderRequest,
    ) -> CoreResult<IdentityProviderResponse> {
        let pool = self.pool(pool.as_str()).await?;
        check_name(name)?;
        let kind = provider_type(kind)?;
        check_name_fits_type(name, kind)?;
        check_map("providerDetails", details, 0..=MAX_VALUE)?;
        check_details(kind, details, false)?;
        let mapping = req.attribute_mapping.clone().unwrap_or_default();
        check_map("attributeMapping", &mapping, 1..=32)?;
        let identifiers = req.idp_identifiers.clone().unwrap_or_default();
        check_identifiers(&identifiers)?;
        let count = self
            .store
            .list_identity_providers(&pool.id, None, MAX_PER_POOL)
            .await?
            .items
            .len();
        if count >= MAX_PER_POOL {
            return Err(CoreError::LimitExceeded(format!(
                "A user pool can have at most {MAX_PER_POOL} identity providers."
            )));
        }
        let now = self.now_ms();
        let mut provider = IdentityProvider {
            pool_id: pool.id.clone(),
            name: name.to_string(),
            provider_type: kind,
            details: BTreeMap::new(),
            sealed_details: BTreeMap::new(),
            attribute_mapping: with_username(kind, mapping),
            idp_identifiers: identifiers,
            created_ms: now,
            modified_ms: now,
        };
        self.set_details(&mut provider, details)?;
        match self.store.insert_identity_provider(&provider).await {
            Ok(()) => self.provider_response(&provider),
            Err(StoreError::Conflict(key)) => Err(duplicate(&key, &pool.id)),
            Err(e) => Err(e.into()),
        }
    }

    /// DescribeIdentityProvider.
    pub async fn describe_identity_provider(
        &self,
        pool: &PoolId,
        name: &str,
    ) -> CoreResult<IdentityProviderResponse> {
        check_name_length(name)?;
        let pool = self.pool(pool.as_str()).await?;
        self.provider_response(&self.identity_provider(&pool.id, name).await?)
    }

    /// UpdateIdentityProvider: each member sent replaces the provider's, the others stay. An
    /// Apple provider's private key stays unless new details carry one.
    pub async fn update_identity_provider(
        &self,
        pool: &PoolId,
        name: &str,
        req: &UpdateIdentityProviderRequest,
    ) -> CoreResult<IdentityProviderResponse> {
        check_name_length(name)?;
        if let Some(details) = &req.provider_details {
            check_map("providerDetails", details, 0..=MAX_VALUE)?;
        }
        if let Some(mapping) = &req.attribute_mapping {
            check_map("attributeMapping", mapping, 1..=32)?;
        }
        if let Some(identifiers) = &req.idp_identifiers {
            check_identifiers(identifiers)?;
        }
        let pool = self.pool(pool.as_str()).await?;
        let mut provider = self.identity_provider(&pool.id, name).await?;
        let kind = provider.provider_type;
        if let Some(details) = &req.provider_details {
            let kept_key = provider
                .sealed_details
                .get(PRIVATE_KEY)
                .filter(|_| kind == ProviderType::SignInWithApple)
                .filter(|_| !details.contains_key(PRIVATE_KEY))
                .cloned();
            check_details(kind, details, kept_key.is_some())?;
            self.set_details(&mut provider, details)?;
            if let Some(key) = kept_key {
                provider.sealed_details.insert(PRIVATE_KEY.to_string(), key);
            }
        }
        if let Some(mapping) = &req.attribute_mapping {
            provider.attribute_mapping = with_username(kind, mapping.clone());
        }
        if let Some(identifiers) = &req.idp_identifiers {
            provider.idp_identifiers.clone_from(identifiers);
        }
        provider.modified_ms = self.now_ms();
        match self.store.update_identity_provider(&provider).await {
            Ok(()) => self.provider_response(&provider),
            Err(StoreError::NotFound) => Err(not_found(name)),
            Err(StoreError::Conflict(key)) => Err(duplicate(&key, &pool.id)),
            Err(e) => Err(e.into()),
        }
    }

    /// DeleteIdentityProvider. App clients that name the provider keep naming it.
    pub async fn delete_identity_provider(&self, pool: &PoolId, name: &str) -> CoreResult<()> {
        check_name_length(name)?;
        let pool = self.pool(pool.as_str()).await?;
        if self.store.delete_identity_provider(&pool.id, name).await? {
            Ok(())
        } else {
            Err(not_found(name))
        }
    }

    /// ListIdentityProviders, by name.
    pub async fn list_identity_providers(
        &self,
        pool: &PoolId,
        max_results: Option<i64>,
        next_token: Option<&str>,
    ) -> CoreResult<ListIdentityProvidersResponse> {
        if let Some(n) = max_results.filter(|n| !(0..=MAX_PAGE).contains(n)) {
            return Err(CoreError::constraint(
                "maxResults",
                &n.to_string(),
                if n < 0 {
                    "Member must have value greater than or equal to 0"
                } else {
                    "Member must have value less than or equal to 60"
                },
            ));
        }
        let pool = self.pool(pool.as_str()).await?;
        let listing = format!("identity-providers|{}", pool.id);
        let (providers, next_token) = self
            .page_of(&listing, max_results, next_token, async |after, limit| {
                self.store
                    .list_identity_providers(&pool.id, after.as_deref(), limit)
                    .await
            })
            .await?;
        Ok(ListIdentityProvidersResponse {
            providers: providers.into_iter().map(description).collect(),
            next_token,
        })
    }

    /// GetIdentityProviderByIdentifier.
    pub async fn get_identity_provider_by_identifier(
        &self,
        pool: &PoolId,
        identifier: &str,
    ) -> CoreResult<IdentityProviderResponse> {
        if let Some(fault) = identifier_fault(identifier) {
            return Err(CoreError::constraint("idpIdentifier", identifier, fault));
        }
        let pool = self.pool(pool.as_str()).await?;
        let provider = self
            .store
            .find_identity_provider_by_identifier(&pool.id, identifier)
            .await?
            .ok_or_else(|| {
                CoreError::ResourceNotFound(format!(
                    "Identity provider with identifier {identifier} does not exist."
                ))
            })?;
        self.provider_response(&provider)
    }

    /// Which of `names` (an app client's `SupportedIdentityProviders`) are identity providers
    /// of the pool; `COGNITO` is not one.
    pub(crate) async fn existing_identity_providers(
        &self,
        pool_id: &str,
        names: &[String],
    ) -> CoreResult<Vec<String>> {
        let mut found = Vec::new();
        for name in names.iter().filter(|n| n.as_str() != COGNITO) {
            if self
                .store
                .find_identity_provider(pool_id, name)
                .await?
                .is_some()
            {
                found.push(name.clone());
            }
        }
        Ok(found)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn names_follow_cognitos_pattern() {
        for good in ["Google", "MyOkta", "a_b", "Ünïcode-IdP", "x.y"] {
            assert!(check_name(good).is_ok(), "{good}");
        }
        for bad in ["ab", "_abc", "ab_c", "a b c", "", "a\u{200b}c"] {
            assert!(check_name(bad).is_err(), "{bad:?}");
        }
        assert!(check_name(&"n".repeat(33)).is_err());
    }

    #[test]
    fn social_providers_are_named_after_their_type() {
        assert!(check_name_fits_type("Google", ProviderType::Google).is_ok());
        let e = check_name_fits_type("MyGoogle", ProviderType::Google).unwrap_err();
        assert_eq!(e.to_string(), "Provider MyGoogle cannot be of type Google.");
        assert!(check_name_fits_type("Okta", ProviderType::Oidc).is_ok());
        assert!(check_name_fits_type("Facebook", ProviderType::Saml).is_err());
        assert!(check_name_fits_type("COGNITO", ProviderType::Oidc).is_err());
        assert!(check_name_fits_type("Cognito", ProviderType::Saml).is_err());
    }

    #[test]
    fn each_type_needs_its_details() {
        let social = map(&[
            ("client_id", "id"),
            ("client_secret", "secret"),
            ("authorize_scopes", "openid email"),
        ]);
        assert!(check_details(ProviderType::Google, &social, false).is_ok());
        let mut partial = social.clone();
        partial.remove("client_secret");
        let e = check_details(ProviderType::Facebook, &partial, false).unwrap_err();
        assert_eq!(
            e.to_string(),
            "client_id, client_secret and authorize_scopes are all required idp details."
        );
        let apple = map(&[
            ("client_id", "com.example"),
            ("team_id", "T"),
            ("key_id", "K"),
            ("authorize_scopes", "email name"),
        ]);
        assert!(check_details(ProviderType::SignInWithApple, &apple, false).is_err());
        assert!(check_details(ProviderType::SignInWithApple, &apple, true).is_ok());
        let mut oidc = map(&[
            ("client_id", "id"),
            ("attributes_request_method", "GET"),
            ("oidc_issuer", "https://idp.example.com"),
            ("authorize_scopes", "openid"),
        ]);
        assert!(check_details(ProviderType::Oidc, &oidc, false).is_ok());
        oidc.insert("attributes_request_method".into(), "PUT".into());
        assert!(check_details(ProviderType::Oidc, &oidc, false).is_err());
        let url = map(&[("MetadataURL", "https://idp.example.com/metadata")]);
        assert!(check_details(ProviderType::Saml, &url, false).is_ok());
        assert!(check_details(ProviderType::Saml, &BTreeMap::new(), false).is_err());
        let both = map(&[("MetadataURL", "https://x"), ("MetadataFile", "<xml/>")]);
        assert!(check_details(ProviderType::Saml, &both, false).is_err());
    }

    #[test]
    fn identifiers_are_checked_and_listed_once() {
        assert!(check_identifiers(&["example.com".into(), "Okta Prod".into()]).is_ok());
        assert!(check_identifiers(&["bad/slash".into()]).is_err());
        assert!(check_identifiers(&["x".repeat(41)]).is_err());
        assert!(check_identifiers(&["a".into(), "a".into()]).is_err());
        let many: Vec<String> = (0..51).map(|i| format!("id{i}")).collect();
        assert!(check_identifiers(&many).is_err());
    }

    #[test]
    fn social_providers_show_their_endpoints_and_a_username_mapping() {
        let google = well_known(ProviderType::Google, &BTreeMap::new());
        assert!(google.contains(&("oidc_issuer", "https://accounts.google.com".to_string())));
        let facebook = well_known(ProviderType::Facebook, &map(&[("api_version", "v17.0")]));
        assert!(facebook.contains(&(
            "token_url",
            "https://graph.facebook.com/v17.0/oauth/access_token".to_string()
        )));
        let mapping = with_username(ProviderType::Facebook, BTreeMap::new());
        assert_eq!(mapping.get("username").map(String::as_str), Some("id"));
        let kept = with_username(ProviderType::Oidc, map(&[("username", "preferred")]));
        assert_eq!(kept.get("username").map(String::as_str), Some("preferred"));
        assert!(with_username(ProviderType::Saml, BTreeMap::new()).is_empty());
    }
}
