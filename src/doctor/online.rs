//! `doctor --online`: each distinct base credential (the keys, keyring entry, SSO login,
//! process or credential source at the root of a chain) asked once who it is, with STS
//! GetCallerIdentity, so keys that were deleted or typed wrong show before an MFA code is spent.

use super::{Finding, Report, Severity};
use crate::app::region_for;
use crate::assume::base;
use crate::profile::resolve::{Base, Plan, resolve};
use crate::sso::SignIn;
use crate::sts::sdk::SdkSts;
use crate::sts::{Sts, StsError};

/// One finding per base credential of the report's profiles: its identity, or why it failed.
/// Profiles that cannot be resolved are skipped: the offline checks said why.
pub async fn online(report: &Report) -> Vec<Finding> {
    use futures_util::StreamExt;
    let mut seen = std::collections::HashSet::new();
    let mut bases: Vec<Plan> = Vec::new();
    for profile in &report.catalog.profiles {
        let Ok(plan) = resolve(&report.catalog, &profile.name) else {
            continue;
        };
        if seen.insert(credential_of(&plan)) {
            bases.push(plan);
        }
    }
    // A few at a time: thousands of key pairs at once would meet STS's throttling and the
    // limit on open files, and be reported as unreachable.
    let asked = bases.iter().map(|plan| ask(report, plan));
    futures_util::stream::iter(asked)
        .buffered(ASKED_AT_ONCE)
        .collect()
        .await
}

/// How many base credentials are asked about at once.
const ASKED_AT_ONCE: usize = 8;

/// What tells one base credential from another: its keys, its SSO role, its provider's
/// profile, or the credential source itself (one instance role, however many profiles).
fn credential_of(plan: &Plan) -> String {
    match &plan.base {
        Base::Source(source) => format!("source {source:?}"),
        _ => crate::assume::base_id(plan),
    }
}

/// The profile a base credential is told by, and what it is, in words.
fn named<'p>(plan: &'p Plan) -> (String, &'p str) {
    match &plan.base {
        Base::Keys { profile, .. } => (profile.to_string(), "its keys"),
        Base::Keyring { profile, .. } => (profile.to_string(), "its keys in the keyring"),
        Base::Provider { profile, kind, .. } => (profile.to_string(), provider_words(kind.label())),
        Base::Sso { profile, .. } => (profile.to_string(), "its IAM Identity Center sign-in"),
        // A credential source is named by the role that asks for it.
        Base::Source(_) => {
            let first = plan.steps.first().map_or(plan.profile, |s| s.profile);
            (first.to_string(), "its credential_source")
        }
    }
}

fn provider_words(label: &str) -> &'static str {
    match label {
        "sso" => "its SSO credentials",
        "process" => "its credential_process",
        _ => "its web identity",
    }
}

async fn ask(report: &Report, plan: &Plan<'_>) -> Finding {
    let (profile, what) = named(plan);
    let place = report.place_of(&profile);
    let finding = |severity, message, fix| Finding {
        severity,
        file: place.as_ref().map(|(file, _)| file.clone()),
        line: place.as_ref().map(|(_, line)| *line),
        profile: Some(profile.clone()),
        message,
        fix,
    };
    // A check never opens a sign-in: an ended one is reported with `switchrole login`.
    let creds = match base::fetch(&plan.base, SignIn::Never).await {
        Ok(creds) => creds,
        Err(e) => {
            let fix = "make these credentials available, then run switchrole doctor --online again";
            let message = format!("profile '{profile}': {what} could not be had: {e}");
            return finding(Severity::Error, message, Some(fix.to_string()));
        }
    };
    let region = region_for(plan, None);
    let sts = SdkSts::new(Some(&profile), region.as_deref().unwrap_or("us-east-1"));
    match sts.caller_identity(&creds).await {
        Ok(id) => finding(
            Severity::Info,
            format!(
                "profile '{profile}': {what} are {} in account {}",
                id.arn, id.account
            ),
            None,
        ),
        Err(e) => {
            let (plain, fix) = split(e, &profile);
            let message = format!("profile '{profile}': {what} do not work: {plain}");
            finding(Severity::Error, message, Some(fix))
        }
    }
}

/// The error on one line, and what to do: STS's code explained (`sts::explain`), or the
/// network, or a command that shows the same failure.
fn split(err: StsError, profile: &str) -> (StsError, String) {
    match err {
        StsError::Service {
            operation,
            target,
            code,
            message,
            hint: Some(hint),
        } => {
            let plain = StsError::Service {
                operation,
                target,
                code,
                message,
                hint: None,
            };
            (plain, hint)
        }
        err @ StsError::Unreachable { .. } => (
            err,
            "check the network, and AWS_ENDPOINT_URL_STS or the profile's endpoint_url if set"
                .into(),
        ),
        err => (
            err,
            format!("check the credentials with `aws sts get-caller-identity --profile {profile}`"),
        ),
    }
}
