//! The AWS SDKs' shared profile-file suite (`test-data/profile-parser-tests.json`, shipped in
//! the `aws-runtime` crate already in the dependency tree), run against switchrole's reader and
//! through `switchrole list --json`. Where the SDKs refuse a whole file, switchrole reports the
//! line and keeps the rest; where they drop a section, switchrole lists it with the reason.

mod common;

use common::Sandbox;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use switchrole::profile::merge::{Source, merge};

/// The suite's cases, found through `cargo metadata` rather than copied into the repository.
fn cases() -> Vec<Value> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    // Only this machine's platform: the others' crates are never downloaded.
    let rustc = Command::new("rustc").arg("-vV").output().unwrap();
    let rustc = String::from_utf8(rustc.stdout).unwrap();
    let host = rustc
        .lines()
        .find_map(|l| l.strip_prefix("host: "))
        .unwrap();
    let out = Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--offline"])
        .args(["--filter-platform", host])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let metadata: Value = serde_json::from_slice(&out.stdout).unwrap();
    let runtime = metadata["packages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "aws-runtime")
        .expect("aws-runtime is in the dependency tree");
    let manifest = PathBuf::from(runtime["manifest_path"].as_str().unwrap());
    let suite = manifest.with_file_name("test-data/profile-parser-tests.json");
    let suite: Value = serde_json::from_slice(&std::fs::read(suite).unwrap()).unwrap();
    let cases = suite["tests"].as_array().unwrap().clone();
    assert!(cases.len() >= 60, "only {} cases", cases.len());
    cases
}

/// Whether the SDKs read a profile of this name. switchrole reads every name the aws CLI
/// reads (`foo!bar`, `Ünïcødé`), which the suite's SDKs skip: those are left out of the
/// comparison and checked against the aws CLI below.
fn sdk_name(name: &str) -> bool {
    switchrole::profile::ini::is_identifier(name)
}

fn source(text: &str) -> Source<'_> {
    Source {
        path: Path::new("unused"),
        text: text.as_bytes(),
    }
}

fn input<'a>(case: &'a Value, file: &str) -> &'a str {
    case["input"][file].as_str().unwrap_or("")
}

/// The profiles the SDKs keep, with their settings, or None when they refuse the file.
fn expected(case: &Value) -> Option<BTreeMap<String, BTreeMap<String, String>>> {
    let profiles = case["output"]["config"]["profiles"].as_object()?;
    let settings = |p: &Value| {
        let map = p.as_object().unwrap().iter();
        map.map(|(k, v)| (k.clone(), v.as_str().unwrap().to_string()))
            .collect()
    };
    Some(
        profiles
            .iter()
            .map(|(name, p)| (name.clone(), settings(p)))
            .collect(),
    )
}

#[test]
fn every_case_agrees_with_the_settings_switchrole_reads() {
    let mut disagreements = Vec::new();
    for case in cases() {
        let name = case["name"].as_str().unwrap();
        let (config, credentials) = (input(&case, "configFile"), input(&case, "credentialsFile"));
        let switchrole::profile::merge::Merge {
            profiles: merged,
            problems,
            ..
        } = merge(source(config), source(credentials));
        // The last value set wins, credentials over config.
        let kept: BTreeMap<String, BTreeMap<String, String>> = merged
            .iter()
            .filter(|m| m.ignored_because.is_empty() && sdk_name(m.name))
            .map(|m| {
                let settings = m.entries.iter();
                let settings = settings.map(|(k, v, _, _)| (k.to_string(), v.to_string()));
                (m.name.to_string(), settings.collect())
            })
            .collect();
        match expected(&case) {
            Some(profiles) if profiles != kept => {
                disagreements.push(format!("{name}: expected {profiles:?}, read {kept:?}"))
            }
            // The SDKs refuse the whole file; switchrole must at least say which line.
            None if problems.is_empty() && merged.iter().all(|m| m.ignored_because.is_empty()) => {
                disagreements.push(format!("{name}: nothing reported"))
            }
            _ => {}
        }
    }
    assert!(disagreements.is_empty(), "{disagreements:#?}");
}

#[test]
fn every_case_agrees_through_list_json() {
    let mut disagreements = Vec::new();
    for case in cases() {
        let name = case["name"].as_str().unwrap();
        let sandbox = Sandbox::new(
            input(&case, "configFile"),
            input(&case, "credentialsFile"),
            "http://127.0.0.1:9",
        );
        let (code, stdout, stderr) = sandbox.run(&["list", "--json"]);
        assert_eq!(code, 0, "{name}: {stderr}");
        let rows: Vec<Value> = serde_json::from_str(&stdout).unwrap();
        let healthy: Vec<&str> = rows
            .iter()
            .filter(|r| r["error"].is_null())
            .map(|r| r["name"].as_str().unwrap())
            .filter(|name| sdk_name(name))
            .collect();
        let mut healthy = healthy.into_iter().map(String::from).collect::<Vec<_>>();
        healthy.sort();
        match expected(&case) {
            Some(profiles) => {
                let names: Vec<String> = profiles.into_keys().collect();
                if names != healthy {
                    disagreements.push(format!("{name}: expected {names:?}, listed {healthy:?}"));
                }
            }
            None if stderr.is_empty() && rows.iter().all(|r| r["error"].is_null()) => {
                disagreements.push(format!("{name}: no warning on stderr"))
            }
            None => {}
        }
    }
    assert!(disagreements.is_empty(), "{disagreements:#?}");
}

#[test]
fn a_section_the_sdks_skip_is_listed_with_the_reason() {
    let sandbox = Sandbox::new(
        "[profile in valid]\nregion = eu-west-1\n[profile ok]\nregion = eu-west-1\n[foo]\nx = 1\n",
        "[profile bar]\naws_access_key_id = AKIAFIXTURELONGTERM1\naws_secret_access_key = s\n",
        "http://127.0.0.1:9",
    );
    let (code, stdout, stderr) = sandbox.run(&["list", "--json"]);
    assert_eq!(code, 0, "{stderr}");
    let rows: Vec<Value> = serde_json::from_str(&stdout).unwrap();
    let errors: BTreeMap<&str, &Value> = rows
        .iter()
        .map(|r| (r["name"].as_str().unwrap(), &r["error"]))
        .collect();
    let said = |name: &str| errors[name].as_str().unwrap_or_default().to_string();
    assert!(said("in valid").starts_with(
        "profile 'in valid' is ignored by the AWS SDKs: a profile name cannot hold spaces, quotes or backslashes ("
    ));
    assert!(errors["ok"].is_null());
    assert!(said("profile bar").starts_with(
        "profile 'profile bar' is ignored by the AWS SDKs: the credentials file names a profile [NAME], without 'profile ' ("
    ));
    assert!(!errors.contains_key("foo"));
    assert!(
        stderr.contains(
            "line 5: [foo] is not read as a profile: in the config file a profile's section is [profile foo]"
        ),
        "{stderr}"
    );
}

#[test]
fn a_name_the_aws_cli_reads_is_a_profile_and_doctor_warns_about_the_other_sdks() {
    let keys = |name: &str, id: &str| {
        format!("[{name}]\naws_access_key_id = {id}\naws_secret_access_key = s\n")
    };
    let credentials =
        keys("Ünïcødé", "AKIAUNICODEEXAMPLE01") + &keys("foo!bar", "AKIABANGEXAMPLE00001");
    let config = "[profile Ünïcødé]\nregion = eu-west-1\n[profile in valid]\nregion = eu-west-1\n";
    let sandbox = Sandbox::new(config, &credentials, "http://127.0.0.1:9");
    let aws = |profile: &str| {
        let mut aws = Command::new(common::aws_cli());
        sandbox.set_env(&mut aws);
        aws.args([
            "configure",
            "get",
            "aws_access_key_id",
            "--profile",
            profile,
        ]);
        common::output(&mut aws)
    };
    let switchrole = |profile: &str| {
        sandbox.run(&[
            "exec",
            profile,
            "--",
            "sh",
            "-c",
            "echo $AWS_ACCESS_KEY_ID $AWS_REGION",
        ])
    };
    for (name, id, region) in [
        ("Ünïcødé", "AKIAUNICODEEXAMPLE01", " eu-west-1"),
        ("foo!bar", "AKIABANGEXAMPLE00001", ""),
    ] {
        let (code, out, err) = aws(name);
        assert_eq!((code, out.trim()), (0, id), "the aws CLI: {err}");
        let (code, out, err) = switchrole(name);
        assert_eq!(
            (code, out.trim_end()),
            (0, format!("{id}{region}").as_str()),
            "{err}"
        );
    }
    // A name with a space is no profile for the aws CLI either.
    let (code, _, err) = aws("in valid");
    assert_ne!(code, 0, "{err}");
    let (code, _, err) = switchrole("in valid");
    assert_eq!(code, 1);
    assert!(
        err.contains("cannot hold spaces, quotes or backslashes"),
        "{err}"
    );
    let (_, out, _) = sandbox.run(&["doctor"]);
    assert!(
        out.contains("~/config:1: warning: profile 'Ünïcødé': the aws CLI, boto3 and switchrole read this name, but the other AWS SDKs"),
        "{out}"
    );
    assert!(
        out.contains("~/credentials:4: warning: profile 'foo!bar': the aws CLI"),
        "{out}"
    );
}
