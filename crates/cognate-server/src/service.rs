//! The service assembled from the configuration and its parts: for `cognate serve`, and for the
//! operator's commands, which work on the storage of a server that has started before.

use std::sync::Arc;

use anyhow::Context;
use cognate_core::{
    clock::SystemClock,
    delivery::{EmailSender, SmsSender},
    model::SmsCaps,
    service::{master_key::deployment_master_key, ServiceConfig, SmsPrices},
    store::Store,
    Cognate,
};
use cognate_crypto::secretbox::MasterKey;
use cognate_delivery::LogSender;

use crate::{config::Config, storage};

/// The service over its parts.
pub(crate) fn service(
    config: &Config,
    store: Arc<dyn Store>,
    email: Arc<dyn EmailSender>,
    sms: Arc<dyn SmsSender>,
    master_key: MasterKey,
    public_url: String,
) -> Cognate {
    Cognate::new(
        store,
        email,
        sms,
        Arc::new(SystemClock),
        master_key,
        ServiceConfig {
            region: config.region.clone(),
            public_url,
            account_id: config.account_id.clone(),
            sms_prices: SmsPrices::with_overrides(&config.sms_prices),
            sms_caps: SmsCaps {
                per_number_per_hour: config.sms_max_per_number_per_hour,
                per_country_per_hour: config.sms_max_per_country_per_hour,
            },
        },
    )
    .with_signing_key_refresh(config.signing_key_refresh)
    .with_rate_limits(config.rate_limits.clone())
}

/// The service for an operator's command: on the master key and the database a server created,
/// creating neither when they are missing, and refusing a master key that does not open the
/// database. Messages it would send are logged.
pub(crate) async fn for_operator(config: &Config) -> anyhow::Result<Cognate> {
    let file_key = storage::read_master_key(&config.master_key_file)?;
    let store = storage::open_existing_store(&config.database).await?;
    let master_key = deployment_master_key(&*store, file_key)
        .await
        .context("checking the master key")?;
    let public_url = config.public_url.clone().unwrap_or_default();
    Ok(service(
        config,
        store,
        Arc::new(LogSender::default()),
        Arc::new(LogSender::default()),
        master_key,
        public_url,
    ))
}
