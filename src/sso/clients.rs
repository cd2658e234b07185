//! The IAM Identity Center clients (OIDC for signing in, the portal for accounts and role
//! credentials), built directly rather than through aws-config's loader: neither signs its
//! calls, so there are no credentials to load, and the loader would parse the whole config
//! again for nothing.

use crate::sts::cause;
use aws_config::timeout::TimeoutConfig;
use aws_config::{BehaviorVersion, Region};
use aws_sdk_sts::config::http::HttpResponse;
use aws_sdk_sts::error::{ProvideErrorMetadata, SdkError};
use std::time::Duration;

/// The endpoint a service's calls go to when the environment overrides it, as the SDKs read
/// it: `AWS_ENDPOINT_URL_<SERVICE>`, then `AWS_ENDPOINT_URL`.
fn endpoint_override(service_variable: &str) -> Option<String> {
    let ignored = std::env::var("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")
        .is_ok_and(|v| v.eq_ignore_ascii_case("true"));
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    let chosen = var(&format!("AWS_ENDPOINT_URL_{service_variable}"));
    chosen
        .or_else(|| var("AWS_ENDPOINT_URL"))
        .filter(|_| !ignored)
}

fn timeouts() -> TimeoutConfig {
    // Bounded so a dead network fails in seconds, as STS calls do.
    TimeoutConfig::builder()
        .connect_timeout(Duration::from_secs(cause::CONNECT_SECONDS))
        .operation_attempt_timeout(Duration::from_secs(10))
        .operation_timeout(Duration::from_secs(cause::OPERATION_SECONDS))
        .build()
}

/// Where OIDC calls go, for messages.
pub fn oidc_endpoint(region: &str) -> String {
    endpoint_override("SSO_OIDC").unwrap_or_else(|| format!("https://oidc.{region}.amazonaws.com"))
}

/// Where portal calls go, for messages.
pub fn portal_endpoint(region: &str) -> String {
    let default = || format!("https://portal.sso.{region}.amazonaws.com");
    endpoint_override("SSO").unwrap_or_else(default)
}

/// The OIDC client of a region.
pub fn oidc(region: &str) -> aws_sdk_ssooidc::Client {
    let mut config = aws_sdk_ssooidc::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new(region.to_string()))
        .timeout_config(timeouts());
    config.set_endpoint_url(endpoint_override("SSO_OIDC"));
    let config = config.build();
    aws_sdk_ssooidc::Client::from_conf(config)
}

/// The portal client of a region.
pub fn portal(region: &str) -> aws_sdk_sso::Client {
    // Listing a thousand accounts' roles, 8 at a time, meets throttling: adaptive retry slows
    // down instead of failing the listing.
    let retry = aws_config::retry::RetryConfig::adaptive().with_max_attempts(5);
    let mut config = aws_sdk_sso::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new(region.to_string()))
        .retry_config(retry)
        .timeout_config(timeouts());
    config.set_endpoint_url(endpoint_override("SSO"));
    let config = config.build();
    aws_sdk_sso::Client::from_conf(config)
}

/// One plain cause for a failed call: the service's code and message, or why it was never
/// answered, or the reply that could not be read.
pub fn cause_of<E>(service: &str, err: &SdkError<E, HttpResponse>, endpoint: &str) -> String
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    match err {
        SdkError::ServiceError(e) => match (e.err().code(), e.err().message()) {
            (Some(code), Some(message)) => format!("{code}: {message}"),
            (Some(code), None) => code.to_string(),
            _ => cause::unreadable_from(service, e.raw()),
        },
        SdkError::TimeoutError(_) | SdkError::DispatchFailure(_) => format!(
            "could not reach {service} at {endpoint}: {}",
            cause::unreachable(err, endpoint)
        ),
        SdkError::ResponseError(e) => cause::unreadable_from(service, e.raw()),
        _ => cause::plain(err),
    }
}
