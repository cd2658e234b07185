//! `switchrole doctor` run as people run it, on configs with one mistake each: the message,
//! the file and line, the fix and the exit status.

mod common;
use common::KEYS;
use common::doctor::{ROLE, doctor, reports, sandbox};

#[test]
fn a_source_profile_loop_is_one_error() {
    let config =
        format!("[profile a]\n{ROLE}source_profile = b\n\n[profile b]\n{ROLE}source_profile = a\n");
    let (code, out, err) = doctor(&config, "", &[]);
    assert_eq!(code, 1, "{err}");
    reports(
        &out,
        "~/config:7",
        "error: profile 'b' is in a source_profile loop: a -> b -> a",
        "end the chain: give one of these profiles keys, SSO or credential_source instead of source_profile",
    );
    assert!(
        out.ends_with("1 error, 0 warnings in 2 profiles\n"),
        "{out}"
    );
}

#[test]
fn a_source_profile_that_does_not_exist() {
    let config = format!("[profile app]\n{ROLE}source_profile = bsae\n");
    let (code, out, _) = doctor(&config, KEYS, &[]);
    assert_eq!(code, 1);
    reports(
        &out,
        "~/config:3",
        "error: profile 'app' names source_profile 'bsae', which does not exist",
        "did you mean 'base'? set source_profile = base",
    );
}

#[test]
fn malformed_arns_and_mfa_serials() {
    let config = "[profile a]\nrole_arn = arn:aws:iam::12:role/x\nsource_profile = base\n\
                  [profile b]\nrole_arn = arn:aws:iam::123456789012:role/B\nsource_profile = base\nmfa_serial = arn:aws:iam::123456789012:user/alice\n\
                  [profile c]\nrole_arn = arn:aws-us-gov:iam::123456789012:role/C\nsource_profile = base\nmfa_serial = GAHT12345678\n\
                  [profile d]\nrole_arn = arn:aws:iam::123456789012:role/D\nsource_profile = base\nmfa_serial = arn:aws:iam::123456789012:mfa/alice\n";
    let (code, out, _) = doctor(config, KEYS, &[]);
    assert_eq!(code, 1);
    reports(
        &out,
        "~/config:2",
        "error: profile 'a': role_arn 'arn:aws:iam::12:role/x' is not an IAM role ARN (expected arn:aws:iam::123456789012:role/NAME)",
        "write it as arn:aws:iam::ACCOUNT:role/NAME with the 12-digit account id, as the IAM console shows it",
    );
    reports(
        &out,
        "~/config:7",
        "error: profile 'b': mfa_serial 'arn:aws:iam::123456789012:user/alice' is not an MFA device (expected arn:aws:iam::123456789012:mfa/NAME or a hardware serial number)",
        "use the MFA device's ARN (arn:aws:iam::ACCOUNT:mfa/NAME, shown under IAM > Security credentials) or a hardware token's serial number (e.g. GAHT12345678)",
    );
    // A hardware token's serial, another partition and a virtual device are all fine.
    assert!(
        out.ends_with("2 errors, 0 warnings in 5 profiles\n"),
        "{out}"
    );
}

#[test]
fn source_profile_with_credential_source_and_an_unknown_source() {
    let config = format!(
        "[profile both]\n{ROLE}source_profile = base\ncredential_source = Ec2InstanceMetadata\n\
         [profile odd]\n{ROLE}credential_source = ec2\n"
    );
    let (code, out, _) = doctor(&config, KEYS, &[]);
    assert_eq!(code, 1);
    reports(
        &out,
        "~/config:4",
        "error: profile 'both' sets both source_profile and credential_source; use one",
        "remove one: source_profile takes another profile's credentials, credential_source the environment's, the instance's or the container's",
    );
    reports(
        &out,
        "~/config:7",
        "error: profile 'odd': credential_source 'ec2' is not one of Environment, Ec2InstanceMetadata, EcsContainer",
        "use Environment, Ec2InstanceMetadata or EcsContainer, spelt exactly so",
    );
}

#[test]
fn durations_sts_would_refuse() {
    let chained = format!(
        "[profile one]\n{ROLE}source_profile = base\nduration_seconds = 12h\n\
         [profile two]\n{ROLE}source_profile = one\nduration_seconds = 7200\n"
    );
    let (code, out, _) = doctor(&chained, KEYS, &[]);
    assert_eq!(
        code, 0,
        "a warning only: switchrole asks for an hour\n{out}"
    );
    reports(
        &out,
        "~/config:8",
        "warning: profile 'two': duration_seconds 7200 is more than the 1 hour STS allows for a role assumed with role credentials (its source 'one' is a role)",
        "set duration_seconds = 3600 or less: switchrole asks for 1 hour, and the AWS CLI fails",
    );
    // switchrole reads `12h`; the AWS CLI reads only seconds.
    reports(
        &out,
        "~/config:4",
        "warning: profile 'one': duration_seconds 12h has a unit, which the AWS CLI and SDKs do not read",
        "write duration_seconds = 43200, which every tool reads",
    );
    assert!(
        out.ends_with("0 errors, 2 warnings in 3 profiles\n"),
        "{out}"
    );
    let fix = "write 900 to 43200 seconds (and no more than the role's maximum session duration)";
    for (value, why) in [
        ("13h", "46800s is outside the range of 900s to 43200s"),
        ("600", "600s is outside the range of 900s to 43200s"),
    ] {
        let config =
            format!("[profile r]\n{ROLE}source_profile = base\nduration_seconds = {value}\n");
        let (code, out, _) = doctor(&config, KEYS, &[]);
        assert_eq!(code, 1);
        let finding = format!("error: profile 'r': duration_seconds {why}");
        reports(&out, "~/config:4", &finding, fix);
    }
}

#[test]
fn keys_spelt_wrong_are_named_with_the_key_meant() {
    let config = "[profile r]\nrole-arn = arn:aws:iam::123456789012:role/R\nsource-profile = base\n\
                  mfa_serail = arn:aws:iam::123456789012:mfa/alice\nregion_name = eu-west-1\nmy_tool_setting = 1\n";
    let (code, out, _) = doctor(config, KEYS, &[]);
    assert_eq!(code, 0, "{out}");
    for (line, key, meant) in [
        (2, "role-arn", "role_arn"),
        (3, "source-profile", "source_profile"),
        (4, "mfa_serail", "mfa_serial"),
        (5, "region_name", "region"),
    ] {
        let finding = format!(
            "warning: profile 'r': {key} is not a setting the AWS CLI reads, so it is ignored; did you mean {meant}?"
        );
        reports(
            &out,
            &format!("~/config:{line}"),
            &finding,
            &format!("rename {key} to {meant}"),
        );
    }
    assert!(!out.contains("my_tool_setting"), "{out}");
    assert!(
        out.ends_with("0 errors, 4 warnings in 2 profiles\n"),
        "{out}"
    );
}

#[test]
fn a_profile_written_twice_and_a_key_the_credentials_file_overrides() {
    let config = format!(
        "[profile base]\nregion = eu-west-1\noutput = json\n\n[profile r]\n{ROLE}source_profile = base\n[profile r]\nregion = us-east-1\n"
    );
    let credentials = format!("{KEYS}region = eu-west-2\noutput = json\n");
    let (code, out, _) = doctor(&config, &credentials, &[]);
    assert_eq!(code, 1, "{out}");
    reports(
        &out,
        "~/config:8",
        "error: profile 'r' is written again (first at line 5): the AWS CLI and boto3 then refuse to read the whole file, though the other SDKs take the later value",
        "merge the two sections into one",
    );
    reports(
        &out,
        "~/config:2",
        "warning: profile 'base': region here is overridden by another value at ~/credentials line 4, which the AWS CLI reads last",
        "keep region in one of the two files",
    );
    // The same value in both files changes nothing.
    assert!(!out.contains("output here"), "{out}");
}

#[test]
fn what_the_reader_already_reports_is_a_finding_too() {
    let config = b"[profile a]\nregion = caf\xe9\nnot a setting\n[profile b\nregion = x\n[c]\n";
    let sandbox = sandbox("", "[profile k]\nregion = x\n", "http://127.0.0.1:9");
    std::fs::write(sandbox.path("config"), config).unwrap();
    let (code, out, _) = sandbox.run(&["doctor"]);
    assert_eq!(code, 1, "the section the SDKs ignore cannot work");
    reports(
        &out,
        "~/config:2",
        "error: profile 'a': the aws CLI and boto3 cannot read this file: the line is not UTF-8 text",
        "save the file as UTF-8 (or remove the characters that are not ASCII)",
    );
    reports(
        &out,
        "~/config:3",
        "error: profile 'a': the aws CLI and boto3 cannot read this file: the line is neither a [section] header nor a 'key = value' setting",
        "write the line as key = value, or remove it",
    );
    reports(
        &out,
        "~/config:4",
        "error: the aws CLI and boto3 cannot read this file: a section header has no closing ']'",
        "end the header with ']'",
    );
    reports(
        &out,
        "~/config:6",
        "warning: [c] is not read as a profile: in the config file a profile's section is [profile c]",
        "write the header as [profile NAME]",
    );
    reports(
        &out,
        "~/credentials:1",
        "error: profile 'profile k' is ignored by the AWS SDKs: the credentials file names a profile [NAME], without 'profile '",
        "in the credentials file write the header as [NAME]; [profile NAME] belongs in the config file",
    );
    // A line in a profile's section is that profile's; a broken header is no profile's.
    let (_, out, _) = sandbox.run(&["doctor", "--json"]);
    let findings: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
    let profile_at = |line: u64| {
        let found = findings
            .iter()
            .find(|f| f["line"] == line && f["file"] == "~/config");
        found.map(|f| f["profile"].clone()).unwrap()
    };
    assert_eq!(profile_at(2), "a");
    assert_eq!(profile_at(3), "a");
    assert_eq!(profile_at(4), serde_json::Value::Null);
}

#[test]
fn sso_settings_that_cannot_sign_in() {
    let config = "[sso-session half]\nsso_start_url = https://x\n\n\
                  [profile nowhere]\nsso_session = gone\nsso_account_id = 111111111111\nsso_role_name = R\n\n\
                  [sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = eu-west-1\n\n\
                  [profile login-only]\nsso_session = corp\n";
    let (code, out, _) = doctor(config, "", &[]);
    assert_eq!(code, 1);
    reports(
        &out,
        "~/config:1",
        "warning: sso-session 'half' needs both sso_start_url and sso_region",
        "add the missing key: sso_start_url (your AWS access portal URL) and sso_region",
    );
    reports(
        &out,
        "~/config:5",
        "error: profile 'nowhere' names sso_session 'gone', which is not a usable [sso-session gone] section",
        "name an [sso-session NAME] section that has sso_start_url and sso_region, or add one",
    );
    reports(
        &out,
        "~/config:14",
        "error: profile 'login-only' signs in to 'corp' but names no sso_account_id and sso_role_name to get credentials for",
        "add sso_account_id and sso_role_name for the role to get credentials for (`switchrole list` shows the assignments)",
    );
}

#[test]
fn chains_the_aws_cli_reads_differently() {
    // A role on IAM Identity Center credentials is chained: an hour at most.
    let sso = "[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = eu-west-1\n\
               [profile sso]\nsso_session = corp\nsso_account_id = 111111111111\nsso_role_name = R\n\
               [profile admin]\nrole_arn = arn:aws:iam::111111111111:role/Admin\nsource_profile = sso\nduration_seconds = 7200\n";
    let (code, out, err) = doctor(sso, "", &[]);
    assert_eq!(code, 0, "{err}");
    reports(
        &out,
        "~/config:11",
        "warning: profile 'admin': duration_seconds 7200 is more than the 1 hour STS allows for a role assumed with role credentials (profile 'sso' gets IAM Identity Center role credentials)",
        "set duration_seconds = 3600 or less: switchrole asks for 1 hour, and the AWS CLI fails",
    );
    // A role whose source is itself, with keys of its own: the AWS CLI takes it.
    let own = format!("[profile a]\n{ROLE}source_profile = a\n");
    let (code, out, _) = doctor(
        &own,
        "[a]\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = x\n",
        &[],
    );
    assert_eq!(code, 0, "{out}");
    assert!(!out.contains("loop"), "{out}");
    // A source that exists but gives nothing to assume with.
    let empty = format!(
        "[profile r]\n{ROLE}source_profile = settings\n[profile settings]\nregion = eu-west-1\n"
    );
    let (code, out, _) = doctor(&empty, "", &[]);
    assert_eq!(code, 1);
    reports(
        &out,
        "~/config:3",
        "error: profile 'r' names source_profile 'settings', which has no credentials: no keys, role_arn, sso, credential_process or web identity",
        "give profile 'settings' credentials (aws configure --profile settings, or switchrole add settings), or name another source_profile",
    );
}

#[test]
fn keys_in_the_credentials_file_that_a_role_in_config_shadows() {
    let config =
        format!("[profile base]\nregion = eu-west-1\n[profile r]\n{ROLE}source_profile = base\n");
    let credentials = format!(
        "{KEYS}[r]\naws_access_key_id = AKIASHADOWED\naws_secret_access_key = never-shown\n"
    );
    let (code, out, _) = doctor(&config, &credentials, &[]);
    assert_eq!(code, 0, "{out}");
    reports(
        &out,
        "~/credentials:5",
        "warning: profile 'r': its keys here are never used, since its role_arn in ~/config comes first for the AWS CLI",
        "move the keys to a profile of their own (and name it as source_profile), or remove role_arn",
    );
    assert!(
        !out.contains("never-shown") && !out.contains("AKIASHADOWED"),
        "{out}"
    );
}

#[test]
fn a_broken_source_shared_by_several_roles_is_said_once() {
    // Two roles on one source that has a role but nothing to assume it with: the source is
    // the one mistake, and doctor says it once, not once per role that leads to it.
    let config = format!(
        "[profile hub]\n{ROLE}\n[profile a]\n{ROLE}source_profile = hub\n\n[profile b]\n{ROLE}source_profile = hub\n"
    );
    let (code, out, err) = doctor(&config, "", &[]);
    assert_eq!(code, 1, "{err}");
    let said = "profile 'hub' has role_arn but no source_profile or credential_source";
    assert_eq!(out.matches(said).count(), 1, "{out}");
    assert!(
        out.ends_with("1 error, 0 warnings in 3 profiles\n"),
        "{out}"
    );
}
