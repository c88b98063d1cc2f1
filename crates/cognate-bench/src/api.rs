//! The client side of the Cognito API: one JSON call, signed with SigV4 for admin operations.

use anyhow::bail;
use serde_json::Value;

#[derive(Clone)]
pub struct Api {
    pub http: reqwest::Client,
    pub endpoint: String,
    pub key: String,
    pub secret: String,
}

impl Api {
    /// `POST /oauth2/token` with `grant_type=client_credentials` and HTTP Basic client
    /// authentication; returns the access token.
    pub async fn client_credentials(
        &self,
        client_id: &str,
        secret: &str,
    ) -> anyhow::Result<String> {
        let url = format!("{}/oauth2/token", self.endpoint.trim_end_matches('/'));
        let response = self
            .http
            .post(url)
            .basic_auth(client_id, Some(secret))
            .header("content-type", "application/x-www-form-urlencoded")
            .body("grant_type=client_credentials")
            .send()
            .await?;
        let ok = response.status().is_success();
        let value: Value = response.json().await?;
        if !ok {
            bail!("{}", value["error"].as_str().unwrap_or("error"));
        }
        Ok(value["access_token"]
            .as_str()
            .unwrap_or_default()
            .to_string())
    }

    /// Calls an operation; returns the JSON body or an error with the Cognito error type.
    pub async fn call(&self, op: &str, body: &Value, signed: bool) -> anyhow::Result<Value> {
        let bytes = serde_json::to_vec(body)?;
        let url = reqwest::Url::parse(&self.endpoint)?;
        let host = match url.port() {
            Some(p) => format!("{}:{p}", url.host_str().unwrap_or("127.0.0.1")),
            None => url.host_str().unwrap_or("127.0.0.1").to_string(),
        };
        let mut headers = vec![
            ("host".to_string(), host),
            (
                "content-type".to_string(),
                "application/x-amz-json-1.1".to_string(),
            ),
            (
                "x-amz-target".to_string(),
                format!("AWSCognitoIdentityProviderService.{op}"),
            ),
        ];
        if signed {
            cognate_crypto::sigv4::sign(
                "POST",
                "/",
                "",
                &mut headers,
                &bytes,
                &self.key,
                &self.secret,
                "us-east-1",
                "cognito-idp",
                time::OffsetDateTime::now_utc(),
            );
        }
        let mut request = self.http.post(&self.endpoint).body(bytes);
        for (name, value) in headers.iter().filter(|(n, _)| n != "host") {
            request = request.header(name, value);
        }
        let response = request.send().await?;
        let ok = response.status().is_success();
        let value: Value = response.json().await?;
        if !ok {
            bail!("{}", value["__type"].as_str().unwrap_or("error"));
        }
        Ok(value)
    }
}
