//! SetUICustomization / GetUICustomization: CSS and a logo for a pool's hosted pages, for every
//! client (`ALL`) or one. As in Cognito, the pool needs a domain, and the CSS may style only the
//! `*-customizable` classes the pages carry; nothing in it can load anything (no `url()`, no
//! `@import`), so a pool's CSS cannot reach outside its own pages.

use base64::{engine::general_purpose::STANDARD as B64, Engine};
use cognate_crypto::random;
use cognate_proto::{UICustomizationResponse, UICustomizationType};

use crate::{
    error::{CoreError, CoreResult},
    model::{PoolId, UiCustomization},
    service::Cognate,
};

/// The pool-wide default's client id.
const ALL: &str = "ALL";
/// Cognito's limit on the logo.
const MAX_IMAGE_BYTES: usize = 100 * 1024;

/// The classes (and states) the CSS may style: Cognito's list for the classic hosted UI.
const CLASSES: &[&str] = &[
    ".background-customizable",
    ".banner-customizable",
    ".errorMessage-customizable",
    ".idpButton-customizable",
    ".idpButton-customizable:hover",
    ".inputField-customizable",
    ".inputField-customizable:focus",
    ".label-customizable",
    ".legalText-customizable",
    ".logo-customizable",
    ".socialButton-customizable",
    ".submitButton-customizable",
    ".submitButton-customizable:hover",
    ".textDescription-customizable",
];

fn invalid_css(why: &str) -> CoreError {
    CoreError::InvalidParameter(format!("The CSS is not valid: {why}"))
}

/// Checks CSS: rules whose selectors are all allowed classes, and nothing that loads anything.
fn check_css(css: &str) -> CoreResult<()> {
    let lower = css.to_ascii_lowercase();
    for banned in [
        "<",
        "@",
        "url(",
        "expression(",
        "\\",
        "javascript:",
        "image-set(",
    ] {
        if lower.contains(banned) {
            return Err(invalid_css(&format!("{banned:?} is not allowed")));
        }
    }
    let mut rest = css.trim();
    while !rest.is_empty() {
        let (selectors, after) = rest
            .split_once('{')
            .ok_or_else(|| invalid_css("a rule has no block"))?;
        let (body, after) = after
            .split_once('}')
            .ok_or_else(|| invalid_css("a block is not closed"))?;
        if body.contains('{') {
            return Err(invalid_css("blocks cannot nest"));
        }
        for selector in selectors.split(',').map(str::trim) {
            if !CLASSES.contains(&selector) {
                return Err(invalid_css(&format!(
                    "{selector:?} is not one of the customizable classes"
                )));
            }
        }
        rest = after.trim();
    }
    Ok(())
}

/// The logo's media type, when it is a PNG or JPEG of at most 100 KB.
fn image_type(bytes: &[u8]) -> CoreResult<&'static str> {
    if bytes.len() > MAX_IMAGE_BYTES {
        return Err(CoreError::InvalidParameter(
            "The image file is too large: at most 100 KB.".into(),
        ));
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Ok("image/png")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Ok("image/jpeg")
    } else {
        Err(CoreError::InvalidParameter(
            "The image file must be a PNG or a JPEG.".into(),
        ))
    }
}

impl Cognate {
    fn ui_response(
        &self,
        pool_id: &str,
        client_id: &str,
        ui: Option<&UiCustomization>,
    ) -> UICustomizationResponse {
        let base = self.config.public_url.trim_end_matches('/');
        let ui_customization = match ui {
            None => UICustomizationType {
                user_pool_id: pool_id.to_string(),
                client_id: client_id.to_string(),
                ..UICustomizationType::default()
            },
            Some(ui) => UICustomizationType {
                user_pool_id: ui.pool_id.clone(),
                client_id: ui.client_id.clone(),
                image_url: ui.image_b64.as_ref().map(|_| {
                    format!(
                        "{base}/ui/{}/{}/logo?v={}",
                        ui.pool_id, ui.client_id, ui.version
                    )
                }),
                css: ui.css.clone(),
                css_version: Some(ui.version.clone()),
                last_modified_date: Some(ui.modified_ms as f64 / 1000.0),
                creation_date: Some(ui.created_ms as f64 / 1000.0),
            },
        };
        UICustomizationResponse { ui_customization }
    }

    /// The client id a request names: `ALL` (or none) for the pool's default, else a client of
    /// the pool.
    async fn ui_client(&self, pool: &PoolId, client: Option<&str>) -> CoreResult<String> {
        self.pool(pool.as_str()).await?;
        match client.filter(|c| !c.is_empty() && *c != ALL) {
            None => Ok(ALL.to_string()),
            Some(id) => Ok(self.client(id, Some(pool.as_str())).await?.client_id),
        }
    }

    /// SetUICustomization. Neither CSS nor image: the customization is removed.
    pub async fn set_ui_customization(
        &self,
        pool: &PoolId,
        client: Option<&str>,
        css: Option<&str>,
        image_b64: Option<&str>,
    ) -> CoreResult<UICustomizationResponse> {
        let client_id = self.ui_client(pool, client).await?;
        if self.store.find_pool_domain(pool.as_str()).await?.is_none() {
            return Err(CoreError::InvalidParameter(
                "There has to be a domain associated with this user pool".into(),
            ));
        }
        let css = css.map(str::trim).filter(|c| !c.is_empty());
        if let Some(css) = css {
            check_css(css)?;
        }
        let image = match image_b64.filter(|i| !i.is_empty()) {
            Some(encoded) => {
                let bytes = B64.decode(encoded.trim()).map_err(|_| {
                    CoreError::InvalidParameter("The image file is not valid base64.".into())
                })?;
                Some((encoded.trim().to_string(), image_type(&bytes)?))
            }
            None => None,
        };
        if css.is_none() && image.is_none() {
            self.store
                .delete_ui_customization(pool.as_str(), &client_id)
                .await?;
            return Ok(self.ui_response(pool.as_str(), &client_id, None));
        }
        let now = self.now_ms();
        let created_ms = self
            .store
            .find_ui_customization(pool.as_str(), &client_id)
            .await?
            .map_or(now, |old| old.created_ms);
        let ui = UiCustomization {
            pool_id: pool.as_str().to_string(),
            client_id: client_id.clone(),
            css: css.map(str::to_string),
            image_type: image.as_ref().map(|(_, t)| (*t).to_string()),
            image_b64: image.map(|(b, _)| b),
            version: random::lower_alnum(12),
            created_ms,
            modified_ms: now,
        };
        self.store.put_ui_customization(&ui).await?;
        Ok(self.ui_response(pool.as_str(), &client_id, Some(&ui)))
    }

    /// GetUICustomization: the client's own, else the pool's default.
    pub async fn get_ui_customization(
        &self,
        pool: &PoolId,
        client: Option<&str>,
    ) -> CoreResult<UICustomizationResponse> {
        let client_id = self.ui_client(pool, client).await?;
        let ui = self.ui_for(pool.as_str(), &client_id).await?;
        Ok(self.ui_response(pool.as_str(), &client_id, ui.as_ref()))
    }

    /// The branding the pages of `client_id` wear: its own, else the pool's default.
    pub async fn ui_for(
        &self,
        pool_id: &str,
        client_id: &str,
    ) -> CoreResult<Option<UiCustomization>> {
        if let Some(own) = self.store.find_ui_customization(pool_id, client_id).await? {
            return Ok(Some(own));
        }
        Ok(self.store.find_ui_customization(pool_id, ALL).await?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_customizable_classes_and_nothing_that_loads_anything() {
        assert!(check_css(".submitButton-customizable { background-color: #c00; }").is_ok());
        assert!(check_css(
            ".label-customizable, .textDescription-customizable { color: teal } .inputField-customizable:focus { border-color: teal }"
        )
        .is_ok());
        assert!(check_css("body { color: red }").is_err());
        assert!(
            check_css(".logo-customizable { background: url(https://evil.example/x.png) }")
                .is_err()
        );
        assert!(check_css("@import 'x.css';").is_err());
        assert!(check_css(".label-customizable { color: red").is_err());
        assert!(check_css("</style><script>").is_err());
    }

    #[test]
    fn the_logo_is_a_small_png_or_jpeg() {
        assert_eq!(image_type(b"\x89PNG\r\n\x1a\nrest").unwrap(), "image/png");
        assert_eq!(image_type(&[0xFF, 0xD8, 0xFF, 0xE0]).unwrap(), "image/jpeg");
        assert!(image_type(b"GIF89a").is_err());
        assert!(image_type(&vec![0xFF; MAX_IMAGE_BYTES + 1]).is_err());
    }
}
