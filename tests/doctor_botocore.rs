//! `doctor` against the real aws CLI: a file the CLI (and every botocore tool) refuses to read
//! is an error at the line that makes it refuse; a file it reads has no such error; and
//! switchrole itself reads a file with a byte-order mark as if the mark were not there.

mod common;
use common::doctor::sandbox;
use common::{KEYS, Sandbox, output};
use std::process::Command;

const REFUSED: &str = "the aws CLI and boto3 cannot read this file";

/// Whether `aws configure list`, which reads both files, works on the sandbox's files.
fn aws_cli_reads(sandbox: &Sandbox) -> bool {
    let mut aws = Command::new(common::aws_cli());
    sandbox.set_env(&mut aws);
    let (code, _, err) = output(aws.args(["configure", "list"]));
    let refused = err.contains("Unable to parse config file");
    assert_eq!(code != 0, refused, "an unrelated failure: {err}");
    !refused
}

/// The lines `doctor --json` says the aws CLI cannot read, as (file, line).
fn refused_lines(sandbox: &Sandbox) -> Vec<(String, u64)> {
    let (_, out, err) = sandbox.run(&["doctor", "--json"]);
    let findings: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap_or_else(|_| {
        panic!("{out}{err}");
    });
    let refused = findings.iter().filter(|f| {
        let message = f["message"].as_str().unwrap_or_default();
        message.contains(REFUSED) && f["severity"] == "error"
    });
    refused
        .map(|f| {
            let file = f["file"].as_str().unwrap().to_string();
            (file, f["line"].as_u64().unwrap())
        })
        .collect()
}

#[test]
fn doctor_says_so_exactly_when_the_aws_cli_refuses_a_file() {
    let base = "[default]\nregion = eu-west-1\n";
    // (config, credentials, the refused (file, line)).
    type Case = (String, String, Vec<(&'static str, u64)>);
    let cases: Vec<Case> = vec![
        (
            format!("\u{feff}{base}"),
            KEYS.into(),
            vec![("~/config", 1)],
        ),
        (
            base.into(),
            format!("\u{feff}{KEYS}"),
            vec![("~/credentials", 1)],
        ),
        (
            format!("{base}bogus line\n"),
            KEYS.into(),
            vec![("~/config", 3)],
        ),
        (
            format!("{base}[profile a\nx = 1\n"),
            KEYS.into(),
            vec![("~/config", 3)],
        ),
        (
            format!("region = x\n{base}"),
            KEYS.into(),
            vec![("~/config", 1)],
        ),
        (format!("{base}[]\n"), KEYS.into(), vec![("~/config", 3)]),
        (format!("{base}= x\n"), KEYS.into(), vec![("~/config", 3)]),
        (
            format!("{base}s3 =\n  bogus\n"),
            KEYS.into(),
            vec![("~/config", 4)],
        ),
        (
            "[default]\n  stray\n".into(),
            KEYS.into(),
            vec![("~/config", 2)],
        ),
        (
            base.into(),
            format!("{KEYS}aws_session_token\n"),
            vec![("~/credentials", 4)],
        ),
        // What the aws CLI reads, though the other SDKs may not.
        (
            format!("{base}[profile a] junk\nkey: v\n"),
            KEYS.into(),
            vec![],
        ),
        (format!("{base}  indented = 1\n"), KEYS.into(), vec![]),
        (format!("{base}[profile a:b\n"), KEYS.into(), vec![]),
        (
            format!("# note\n\n{base}s3 =\n  a = 1\n"),
            KEYS.into(),
            vec![],
        ),
    ];
    for (config, credentials, want) in cases {
        let sandbox = sandbox(&config, &credentials, "http://127.0.0.1:9");
        let want: Vec<(String, u64)> = want.into_iter().map(|(f, l)| (f.into(), l)).collect();
        assert_eq!(
            aws_cli_reads(&sandbox),
            want.is_empty(),
            "the aws CLI on {config:?} {credentials:?}"
        );
        assert_eq!(refused_lines(&sandbox), want, "{config:?} {credentials:?}");
    }
}

#[test]
fn one_error_per_refused_line_with_its_fix_and_the_exit_status() {
    let config = "[default]\nregion = eu-west-1\n[profile a\nregion = x\n";
    let sandbox = sandbox(config, KEYS, "http://127.0.0.1:9");
    let (code, out, _) = sandbox.run(&["doctor"]);
    assert_eq!(code, 1, "{out}");
    assert_eq!(
        out.lines().filter(|l| l.starts_with("~/config:3:")).count(),
        1,
        "the reader's warning gives way to the error: {out}"
    );
    common::doctor::reports(
        &out,
        "~/config:3",
        &format!("error: {REFUSED}: a section header has no closing ']'"),
        "end the header with ']'",
    );
}

#[test]
fn a_byte_order_mark_hides_nothing_from_switchrole() {
    let config = "\u{feff}[default]\nregion = eu-west-1\n";
    let credentials = format!("\u{feff}{}", KEYS.replace("[base]", "[default]"));
    let sandbox = sandbox(config, &credentials, "http://127.0.0.1:9");
    let (code, out, err) = sandbox.run(&["list", "--json"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(err, "", "no line is blamed");
    let rows: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
    assert_eq!(rows.len(), 1, "{out}");
    assert_eq!(rows[0]["name"], "default");
    assert_eq!(rows[0]["region"], "eu-west-1");
    assert!(rows[0]["error"].is_null(), "{out}");
    // doctor names the mark, in each file, and nothing else.
    let (code, out, _) = sandbox.run(&["doctor"]);
    assert_eq!(code, 1);
    assert!(
        out.contains(&format!(
            "~/config:1: error: {REFUSED}: it starts with a byte-order mark (BOM), which hides its first line\n  fix: save the file as UTF-8 without a byte-order mark\n"
        )),
        "{out}"
    );
    assert!(out.contains("~/credentials:1: error: "), "{out}");
    assert!(
        out.ends_with("2 errors, 0 warnings in 1 profile\n"),
        "{out}"
    );
}
