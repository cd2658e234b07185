//! What `switchrole doctor` finds in the two shared files before any STS call: every
//! problem the reader already reports, and the mistakes it lets through (misspelt keys,
//! repeated sections, a chained role asking for more than an hour...), each with its file,
//! line, profile and fix. Pure, like the rest of `profile`.

mod chain;
mod keys;
mod process_loop;
mod sections;
mod sources;
mod values;

use super::merge::{self, Merged, Source};
use super::{Catalog, display_path, parse};

/// How bad a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The profile cannot work.
    Error,
    /// It works, but probably not as meant.
    Warning,
    /// Not a problem: what an online check found out.
    Info,
}

impl Severity {
    /// The word shown before the message: `error`, `warning`, `info`.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// One thing `doctor` reports. Never holds the value of a secret key.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Finding {
    pub severity: Severity,
    /// The file as people know it (`~/.aws/config`), when the finding is about one.
    pub file: Option<String>,
    /// 1-based, when the finding is about a line.
    pub line: Option<usize>,
    pub profile: Option<String>,
    pub message: String,
    /// What to change; none for an `Info`.
    pub fix: Option<String>,
}

/// The findings, in file and line order, and the catalog they were found in.
pub struct Report {
    pub findings: Vec<Finding>,
    pub catalog: Catalog,
    /// Each of the catalog's profiles' first header line in (config, credentials), in the
    /// catalog's order; profiles known only from the keyring have none.
    pub headers: Vec<[Option<usize>; 2]>,
}

impl Report {
    /// Where a profile is written: its file and header line, config first.
    pub fn place_of(&self, name: &str) -> Option<(String, usize)> {
        let at = self.catalog.position(name)?;
        let headers = self.headers.get(at)?;
        (0..2).find_map(|f| Some((self.catalog.files[f].clone(), headers[f]?)))
    }
}

/// Checks every profile, or with `only` that profile and its `source_profile` chain.
/// `keyring` lists (profile, access key id) of keys kept in the OS keyring, which make a
/// profile usable without any key in the files.
pub fn check(
    config: Source,
    credentials: Source,
    only: Option<&str>,
    keyring: &[(&str, &str)],
) -> Report {
    let files = [display_path(config.path), display_path(credentials.path)];
    let merge::Merge {
        profiles: merged,
        sso_sessions,
        problems,
    } = match only {
        Some(name) => merge::merge_chain(config, credentials, name),
        None => merge::merge(config, credentials),
    };
    let (sessions, session_problems) = super::sso::sessions(&sso_sessions);
    let problems: Vec<_> = problems.into_iter().chain(session_problems).collect();
    let mut findings: Vec<Finding> = problems
        .iter()
        .map(|p| sections::line_problem(p, &files))
        .collect();
    let mut profiles = Vec::with_capacity(merged.len());
    for m in &merged {
        let (profile, problems) = parse::build(m, &files, &sessions);
        findings.extend(values::findings(m, &problems, &files));
        findings.extend(values::duration_units(m, &files));
        findings.extend(keys::findings(m, &files));
        findings.extend(sections::findings(m, &files));
        profiles.push(profile);
    }
    let told = problems.iter().map(|p| p.told(&files)).collect();
    let mut catalog = Catalog::new(profiles, told, files.clone());
    catalog.mark_keyring(keyring.iter().copied());
    findings.extend(sources::findings(&catalog, &merged));
    findings.extend(chain::findings(&catalog, &merged));
    findings.extend(process_loop::findings(&catalog, &merged));
    let rank = |f: &Finding| {
        let file = files.iter().position(|name| f.file.as_ref() == Some(name));
        (file.unwrap_or(2), f.line.unwrap_or(0))
    };
    findings.sort_by_key(rank);
    let headers = merged.iter().map(|m| m.headers).collect();
    Report {
        findings,
        catalog,
        headers,
    }
}

/// Where a profile's `key` was last set in `file`, else where its section there starts, else
/// where any of its sections starts: (file, line).
fn place(m: &Merged, key: Option<&str>, file: Option<usize>) -> Option<(usize, usize)> {
    let set =
        m.entries.iter().rev().find(|(k, _, f, _)| {
            key.is_some_and(|key| k == key) && file.is_none_or(|file| *f == file)
        });
    if let Some((_, _, f, line)) = set {
        return Some((*f, *line));
    }
    let header = |f: usize| Some((f, m.headers[f]?));
    file.and_then(header)
        .or_else(|| header(0))
        .or_else(|| header(1))
}

/// A finding about a profile at a place in the files.
fn finding(
    severity: Severity,
    files: &[String; 2],
    at: Option<(usize, usize)>,
    profile: &str,
    message: String,
    fix: String,
) -> Finding {
    Finding {
        severity,
        file: at.map(|(f, _)| files[f].clone()),
        line: at.map(|(_, line)| line),
        profile: Some(profile.to_string()),
        message,
        fix: Some(fix),
    }
}

/// What `check` finds in a config alone: each finding's severity, line, message and fix.
#[cfg(test)]
fn found(config: &'static str, keyring: &[(&str, &str)]) -> Vec<(Severity, usize, String, String)> {
    let source = |text: &'static str| Source {
        path: std::path::Path::new("c"),
        text: text.as_bytes(),
    };
    let report = check(source(config), source(""), None, keyring);
    let found = report.findings.into_iter();
    found
        .map(|f| {
            (
                f.severity,
                f.line.unwrap_or(0),
                f.message,
                f.fix.unwrap_or_default(),
            )
        })
        .collect()
}
