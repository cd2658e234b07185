//! Merging both files, whole and along one chain, as the AWS SDKs merge them.

use super::*;

fn source(text: &str) -> Source<'_> {
    Source {
        path: Path::new("unused"),
        text: text.as_bytes(),
    }
}

/// Each profile with its settings, last one set winning.
fn read(merged: &[Merged]) -> Vec<(String, Vec<String>)> {
    let settings = |m: &Merged| -> Vec<String> {
        let entries = m.entries.iter();
        entries.map(|(k, v, f, _)| format!("{k}={v}@{f}")).collect()
    };
    merged
        .iter()
        .map(|m| (m.name.to_string(), settings(m)))
        .collect()
}

#[test]
fn a_chain_is_followed_through_both_files_in_file_order() {
    let config = "[profile app]\nsource_profile = mid\n[profile other]\nsource_profile = x\n\
                  [profile mid]\nsource_profile = base\n[profile app]\nregion = r\n";
    let credentials = "[base]\nkey = 1\n[mid]\nk = 2\n";
    let Merge {
        profiles: merged,
        problems,
        ..
    } = merge_chain(source(config), source(credentials), "app");
    assert_eq!(problems, []);
    assert_eq!(
        read(&merged),
        [
            (
                "app".into(),
                vec!["source_profile=mid@0".into(), "region=r@0".into()]
            ),
            (
                "mid".into(),
                vec!["source_profile=base@0".into(), "k=2@1".into()]
            ),
            ("base".into(), vec!["key=1@1".into()]),
        ]
    );
    let whole = merge(source(config), source(credentials)).profiles;
    assert_eq!(whole.len(), 4);
}

#[test]
fn prefixed_default_hides_the_plain_one_in_config_only() {
    let files = ["c".to_string(), "k".to_string()];
    let config = "[default]\na = 1\n[profile default]\nb = 2\n";
    let Merge {
        profiles: merged,
        problems,
        ..
    } = merge(source(config), source("[default]\nc = 3\n"));
    assert_eq!(
        read(&merged),
        [("default".into(), vec!["b=2@0".into(), "c=3@1".into()])]
    );
    let told: Vec<String> = problems.iter().map(|p| p.told(&files)).collect();
    assert_eq!(
        told,
        [
            "c line 1: [default] is ignored because [profile default] is also in this file, as the AWS SDKs do"
        ]
    );
    let Merge {
        profiles: merged, ..
    } = merge(source("[default]\na = 1\n"), source(""));
    assert_eq!(read(&merged), [("default".into(), vec!["a=1@0".into()])]);
}

#[test]
fn a_source_loop_is_read_once_for_resolve_to_report() {
    let config = "[profile a]\nsource_profile = b\n[profile b]\nsource_profile = a\n\
                  [profile self]\nsource_profile = self\n[profile e]\nsource_profile =\n";
    for (name, expected) in [
        ("a", vec!["a", "b"]),
        ("self", vec!["self"]),
        ("e", vec!["e"]),
    ] {
        let Merge {
            profiles: merged, ..
        } = merge_chain(source(config), source(""), name);
        let names: Vec<&str> = merged.iter().map(|m| m.name).collect();
        assert_eq!(names, expected);
        assert!(
            merged.iter().all(|m| m.entries.len() == 1),
            "each section once"
        );
    }
}
