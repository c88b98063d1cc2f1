//! The deployment's public URL: the base of every token issuer (`iss = {public URL}/{pool id}`)
//! and of the hosted pages' links. It belongs to the deployment, not to one node: nodes that
//! share a database must issue tokens under one issuer, or a token issued by one node is
//! refused by the others. The first node to start records its public URL in the database;
//! the nodes after it adopt that one, or, when told another, refuse to start.
//! `cognate issuer set` moves the deployment to another URL.

use anyhow::{bail, Context};
use cognate_core::store::Store;

use clap::Subcommand;

use crate::{
    config::{Config, ServeArgs},
    storage,
};

/// `cognate issuer …`: each takes the storage options of `cognate serve`.
#[derive(Debug, Subcommand)]
pub enum IssuerCommand {
    /// Record URL as the public URL of every node of the database (nodes read it at start).
    Set {
        /// Base URL of token issuers and the hosted pages, e.g. https://auth.example.com.
        url: String,
        #[command(flatten)]
        storage: ServeArgs,
    },
}

impl IssuerCommand {
    /// The storage options the command was given.
    pub fn storage(&self) -> &ServeArgs {
        match self {
            IssuerCommand::Set { storage, .. } => storage,
        }
    }
}

/// Name of the deployment setting that holds the public URL.
const PUBLIC_URL: &str = "public_url";

/// The public URL this node serves with. `configured` is `--public-url` (if given) and
/// `default` the node's own address. On the deployment's first start the node records its
/// URL, `configured` or else `default`, as the deployment's; afterwards the recorded one holds,
/// and a `configured` URL that differs from it is an error.
pub async fn resolve(
    store: &dyn Store,
    configured: Option<&str>,
    default: &str,
) -> anyhow::Result<String> {
    let own = without_trailing_slash(configured.unwrap_or(default));
    let recorded = store
        .find_setting(PUBLIC_URL)
        .await
        .context("reading the deployment's public URL")?;
    let recorded = match recorded {
        Some(recorded) => recorded,
        None => {
            // Nodes starting together both get here; the store keeps the first value, and
            // the others are told which one that was.
            let recorded = store
                .insert_setting_if_absent(PUBLIC_URL, own)
                .await
                .context("recording the deployment's public URL")?;
            if recorded == own {
                tracing::info!(public_url = %own, "recorded as the deployment's public URL");
            }
            recorded
        }
    };
    reconcile(own, configured.is_some(), &recorded)
}

/// The node's URL `own` against the deployment's `recorded` one: the same (trailing '/'
/// aside) is fine; a different one is adopted when the node was given no `--public-url`
/// (`is_configured` false) and refused when it was.
fn reconcile(own: &str, is_configured: bool, recorded: &str) -> anyhow::Result<String> {
    let recorded = without_trailing_slash(recorded);
    if own == recorded {
        return Ok(recorded.to_owned());
    }
    if !is_configured {
        tracing::info!(
            public_url = %recorded,
            own_address = %own,
            "no --public-url given: using the deployment's recorded public URL"
        );
        return Ok(recorded.to_owned());
    }
    bail!(
        "--public-url is {own}, but the deployment of this database issues tokens as \
         {recorded}: the nodes of one database share one public URL, or tokens issued by one \
         are refused by the others. Start this node with --public-url {recorded} (or without \
         --public-url), or move the whole deployment to {own} with \
         `cognate issuer set {own}` and this node's storage options (--data-dir or \
         --database-url), then restart every node."
    )
}

/// Runs one `cognate issuer` command on the database of a server that has started before:
/// with no Cognate database there, it stops before creating one.
pub async fn run(command: IssuerCommand, config: &Config) -> anyhow::Result<()> {
    match command {
        IssuerCommand::Set { url, .. } => {
            let url = checked(&url)?;
            let store = storage::open_existing_store(&config.database).await?;
            let before = store
                .find_setting(PUBLIC_URL)
                .await
                .context("reading the deployment's public URL")?;
            store
                .put_setting(PUBLIC_URL, url)
                .await
                .context("recording the deployment's public URL")?;
            match before.as_deref().map(without_trailing_slash) {
                Some(before) if before != url => println!(
                    "The deployment's public URL is now {url} (it was {before}). Restart every \
                     node: each reads it at start. Access and ID tokens issued as {before} no \
                     longer match the issuer."
                ),
                _ => println!("The deployment's public URL is {url}."),
            }
        }
    }
    Ok(())
}

/// `url` without surrounding blanks and trailing '/', if it is an `http` or `https` URL with
/// a host.
fn checked(url: &str) -> anyhow::Result<&str> {
    let url = without_trailing_slash(url.trim());
    let host = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    match host {
        Some(rest) if !rest.is_empty() => Ok(url),
        _ => bail!("the public URL must be http://HOST… or https://HOST…, not {url:?}"),
    }
}

/// The URL without trailing '/': `https://auth.example.com/` and `https://auth.example.com`
/// are one issuer base.
fn without_trailing_slash(url: &str) -> &str {
    url.trim_end_matches('/')
}

#[cfg(test)]
mod tests {
    use super::{checked, reconcile};

    #[test]
    fn the_recorded_url_holds_whatever_its_trailing_slash() {
        let url = reconcile(
            "https://auth.example.com",
            true,
            "https://auth.example.com/",
        );
        assert_eq!(url.unwrap(), "https://auth.example.com");
    }

    #[test]
    fn a_node_given_no_public_url_adopts_the_recorded_one() {
        let url = reconcile("http://127.0.0.1:9300", false, "http://127.0.0.1:9229");
        assert_eq!(url.unwrap(), "http://127.0.0.1:9229");
    }

    #[test]
    fn a_node_given_another_public_url_is_refused_with_both_and_the_way_out() {
        let error = reconcile("https://new.example.com", true, "https://old.example.com")
            .unwrap_err()
            .to_string();
        assert!(error.contains("https://new.example.com"), "{error}");
        assert!(error.contains("https://old.example.com"), "{error}");
        assert!(
            error.contains("cognate issuer set https://new.example.com"),
            "{error}"
        );
    }

    #[test]
    fn only_http_and_https_urls_with_a_host_are_recorded() {
        assert_eq!(
            checked(" https://auth.example.com/ ").unwrap(),
            "https://auth.example.com"
        );
        assert_eq!(
            checked("http://127.0.0.1:9229").unwrap(),
            "http://127.0.0.1:9229"
        );
        for bad in ["auth.example.com", "ftp://auth.example.com", "https://", ""] {
            assert!(checked(bad).is_err(), "{bad}");
        }
    }
}
