//! The service assembled from the configuration and its parts.

use std::sync::Arc;

use cognate_core::{
    clock::SystemClock,
    delivery::{EmailSender, SmsSender},
    model::SmsCaps,
    service::{ServiceConfig, SmsPrices},
    store::Store,
    Cognate,
};
use cognate_crypto::secretbox::MasterKey;

use crate::config::Config;

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
}
