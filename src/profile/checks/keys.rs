//! Keys spelt wrong (`role-arn`, `mfa_serail`, `region_name`): the AWS CLI ignores them
//! without a word, so the profile quietly does something else.

use super::super::merge::Merged;
use super::super::suggest::within_typos;
use super::{Finding, Severity, finding};

/// The keys the AWS CLI, the SDKs and switchrole read in a profile, and those of tools
/// people use beside them (aws-vault, granted), sorted for a binary search. A key not here
/// is reported only when it is close to one of them: tools add keys of their own.
const KNOWN: &[&str] = &[
    "account_id_endpoint_mode",
    "api_versions",
    "auth_scheme_preference",
    "aws_access_key_id",
    "aws_account_id",
    "aws_credential_expiration",
    "aws_expiration",
    "aws_secret_access_key",
    "aws_security_token",
    "aws_session_expiration",
    "aws_session_token",
    "ca_bundle",
    "common_fate_generated_from",
    "credential_process",
    "credential_source",
    "csm_client_id",
    "csm_enabled",
    "csm_host",
    "csm_port",
    "defaults_mode",
    "disable_request_compression",
    "duration_seconds",
    "ec2_metadata_service_endpoint",
    "ec2_metadata_service_endpoint_mode",
    "ec2_metadata_v1_disabled",
    "endpoint_discovery_enabled",
    "endpoint_url",
    "external_id",
    "granted_sso_account_id",
    "granted_sso_region",
    "granted_sso_role_name",
    "granted_sso_start_url",
    "ignore_configured_endpoint_urls",
    "imds_use_ipv6",
    "include_profile",
    "login_session",
    "manager",
    "max_attempts",
    "metadata_service_num_attempts",
    "metadata_service_timeout",
    "mfa_process",
    "mfa_serial",
    "mfa_session_duration",
    "output",
    "parameter_validation",
    "parent_profile",
    "region",
    "request_checksum_calculation",
    "request_min_compression_size_bytes",
    "response_checksum_validation",
    "retry_mode",
    "role_arn",
    "role_session_name",
    "s3",
    "sdk_ua_app_id",
    "services",
    "session_tags",
    "sigv4a_signing_region_set",
    "source_identity",
    "source_profile",
    "sso_account_id",
    "sso_account_name",
    "sso_auto_populated",
    "sso_region",
    "sso_registration_scopes",
    "sso_role_name",
    "sso_session",
    "sso_start_url",
    "sts_regional_endpoints",
    "tcp_keepalive",
    "transitive_session_tags",
    "use_dualstack_endpoint",
    "use_fips_endpoint",
    "web_identity_token_file",
    "web_identity_token_process",
    "x_security_token_expires",
];

/// Names from other places (boto3's arguments, environment variables) too far from the key
/// for a typo to explain.
const ALIASES: &[(&str, &str)] = &[
    ("aws_access_key", "aws_access_key_id"),
    ("aws_default_region", "region"),
    ("aws_region", "region"),
    ("aws_secret_key", "aws_secret_access_key"),
    ("default_region", "region"),
    ("duration", "duration_seconds"),
    ("mfa_arn", "mfa_serial"),
    ("mfa_device", "mfa_serial"),
    ("output_format", "output"),
    ("region_name", "region"),
    ("session_duration", "duration_seconds"),
    ("session_name", "role_session_name"),
];

/// Typos a key may have and still be taken for another: a third of a long key's length would
/// rename a tool's own key to an AWS one.
const KEY_TYPOS: usize = 2;

/// The key `key` was probably meant to be, when it is not one itself. Asked once per distinct
/// key: a tool's own key in each of 50,000 profiles would otherwise cost 50,000 searches.
pub(super) fn meant(key: &str) -> Option<&'static str> {
    thread_local! {
        static ASKED: std::cell::RefCell<std::collections::HashMap<String, Option<&'static str>>> =
            Default::default();
    }
    if let Some(known) = ASKED.with_borrow(|asked| asked.get(key).copied()) {
        return known;
    }
    let answer = meant_uncached(key);
    ASKED.with_borrow_mut(|asked| asked.insert(key.to_string(), answer));
    answer
}

fn meant_uncached(key: &str) -> Option<&'static str> {
    // The AWS CLI's own settings are many and change often.
    if KNOWN.binary_search(&key).is_ok() || key.starts_with("cli_") {
        return None;
    }
    let underscored = key.replace('-', "_");
    if let Ok(at) = KNOWN.binary_search(&underscored.as_str()) {
        return Some(KNOWN[at]);
    }
    if let Some((_, to)) = ALIASES.iter().find(|(from, _)| *from == underscored) {
        return Some(to);
    }
    let close = within_typos(&underscored, KNOWN.iter().copied());
    let first = close.first().copied()?;
    (strsim::damerau_levenshtein(&underscored, first) <= KEY_TYPOS).then_some(first)
}

/// A warning for each misspelt key of a profile: it works, without that setting.
pub(super) fn findings<'a>(
    m: &'a Merged,
    files: &'a [String; 2],
) -> impl Iterator<Item = Finding> + 'a {
    m.entries.iter().filter_map(move |(key, _, file, line)| {
        let meant = meant(key)?;
        // The key is named, never its value: it may be a secret spelt wrong.
        let message = format!(
            "profile '{}': {key} is not a setting the AWS CLI reads, so it is ignored; did you mean {meant}?",
            m.name
        );
        let fix = format!("rename {key} to {meant}");
        Some(finding(
            Severity::Warning,
            files,
            Some((*file, *line)),
            m.name,
            message,
            fix,
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_keys_are_sorted_for_the_search() {
        assert!(KNOWN.windows(2).all(|w| w[0] < w[1]));
        assert!(ALIASES.iter().all(|(_, to)| KNOWN.contains(to)));
    }

    #[test]
    fn misspelt_keys_get_the_key_meant() {
        for (typed, expected) in [
            ("role-arn", "role_arn"),
            ("source-profile", "source_profile"),
            ("mfa_serail", "mfa_serial"),
            ("region_name", "region"),
            ("regin", "region"),
            ("aws_secret_acces_key", "aws_secret_access_key"),
            ("duration_second", "duration_seconds"),
            ("sso_start_uri", "sso_start_url"),
            ("role_sesion_name", "role_session_name"),
        ] {
            assert_eq!(meant(typed), Some(expected), "{typed}");
        }
    }

    #[test]
    fn known_keys_and_other_tools_keys_are_left_alone() {
        for key in [
            "region",
            "cli_pager",
            "cli_timestamp_format",
            "s3",
            "azure_tenant_id",
            "okta_org_url",
            "saml2aws_provider",
            "common_fate_generated_from",
            "team",
            // Written by aws-sso-util and by credential helpers, a few typos from AWS keys.
            "sso_account_name",
            "aws_session_expiration",
            "x_security_token_expires",
            // Three edits from role_session_name: too far to be taken for it.
            "role_sessionname_x",
        ] {
            assert_eq!(meant(key), None, "{key}");
        }
    }
}
