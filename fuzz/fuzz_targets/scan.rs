//! The shared-file scanner over any input: no panic, and what it returns is what callers rely on.
#![no_main]

use libfuzzer_sys::fuzz_target;
use switchrole::profile::ini;

fuzz_target!(|data: &[u8]| {
    let text = data;
    let (sections, problems) = ini::scan(text);
    let lines = text.split(|&b| b == b'\n').count();
    let mut last = 0;
    for problem in &problems {
        // One problem per line at most, in file order, on a line that exists.
        assert!(problem.line > last && problem.line <= lines, "{problem:?}");
        last = problem.line;
        // A bad line may hold a secret: a message quotes at most a plausible key name,
        // besides the fixed text it quotes itself.
        let quoted = problem.message.split('\'').skip(1).step_by(2);
        for quote in quoted {
            let key = (1..=64).contains(&quote.len())
                && quote
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"_-.".contains(&b));
            assert!(
                key || ["]", ":", "=", "key = value", "name = value"].contains(&quote),
                "{problem:?}"
            );
        }
    }
    for section in &sections {
        let name = section.name;
        assert!(!name.is_empty() && !name.contains('\n'), "{name:?}");
        assert_eq!(name, name.trim(), "{name:?}");
        for (key, value, _) in &section.entries {
            // Keys are what the SDKs accept, lower-cased.
            assert!(ini::is_identifier(key), "{key:?}");
            assert!(!key.bytes().any(|b| b.is_ascii_uppercase()), "{key:?}");
            // A value may be continued on indented lines, each trimmed.
            for line in value.split('\n') {
                assert_eq!(line, line.trim_ascii(), "{value:?}");
            }
        }
    }

    // The picker's first frame scans the head of a file; what it shows must be what the
    // whole file then shows, only shorter.
    for count in [0, 1, 2] {
        let head = ini::head(text, count);
        assert!(text.starts_with(head));
        let (first, _) = ini::scan(head);
        assert!(first.len() <= count && first.len() <= sections.len());
        for (a, b) in first.iter().zip(&sections) {
            assert_eq!(a.name, b.name);
            assert!(b.entries.starts_with(&a.entries), "{a:?} {b:?}");
        }
    }

    // Picking sections by name (what a command on one profile does) finds exactly the
    // sections the whole scan has under that name.
    for section in sections.iter().take(4) {
        let name = section.name.to_string();
        let (only, _) = ini::scan_only(text, std::slice::from_ref(&name), |s| s == name);
        let all: Vec<_> = sections.iter().filter(|s| s.name == name).collect();
        assert_eq!(only.iter().collect::<Vec<_>>(), all, "{name:?}");
    }
});
