//! Picking the sections of a few named profiles out of a file without scanning all of it:
//! what a command on one profile reads.

use super::{Problem, Section, header, scan, without_bom};

/// The sections whose header holds one of `names` and passes `keep`, in file order. Only
/// where a name occurs is looked at (memmem), and only those sections' lines are read, so
/// picking one profile out of 50,000 costs about one search of the file per name.
pub fn scan_only<'a>(
    text: &'a [u8],
    names: &[String],
    keep: impl Fn(&str) -> bool,
) -> (Vec<Section<'a>>, Vec<Problem>) {
    let text = without_bom(text);
    let mut starts: Vec<usize> = Vec::new();
    for name in names.iter().filter(|n| !n.is_empty()) {
        for at in overlapping(text, name.as_bytes()) {
            // Cheap first: in a header only `]` or what trimming removes follows the name,
            // while `source_profile = base` (50,000 hits for `base`) has its newline.
            if !matches!(
                text.get(at + name.len()),
                Some(b']' | b' ' | b'\t' | b'\r' | 0x0b | 0x0c | 0x80..)
            ) {
                continue;
            }
            let start = line_start(text, at);
            let line = &text[start..line_end(text, at)];
            if header_line(text, start) && header(line.trim_ascii()).is_ok_and(&keep) {
                starts.push(start);
            }
        }
    }
    starts.sort_unstable();
    starts.dedup();
    let mut sections = Vec::new();
    let mut problems = Vec::new();
    for start in starts {
        let end = next_header(text, line_end(text, start));
        let (found, bad) = scan(&text[start..end]);
        // Line numbers are counted only now, for the few sections kept.
        let before = memchr::memchr_iter(b'\n', &text[..start]).count();
        sections.extend(found.into_iter().map(|s| {
            Section {
                line: s.line + before,
                name: s.name,
                entries: (s.entries.into_iter())
                    .map(|(k, v, line)| (k, v, line + before))
                    .collect(),
            }
        }));
        problems.extend(bad.into_iter().map(|p| Problem {
            line: p.line + before,
            section: p.section.map(|line| line + before),
            ..p
        }));
    }
    (sections, problems)
}

/// Every place `needle` starts, overlapping ones too (memmem's own iterator skips those, and
/// `[[[[[` in `[[[[[[]` is only found at the second `[`).
fn overlapping<'t>(text: &'t [u8], needle: &'t [u8]) -> impl Iterator<Item = usize> + 't {
    let finder = memchr::memmem::Finder::new(needle);
    let mut from = 0;
    std::iter::from_fn(move || {
        let at = from + finder.find(text.get(from..)?)?;
        from = at + 1;
        Some(at)
    })
}

fn line_start(text: &[u8], at: usize) -> usize {
    memchr::memrchr(b'\n', &text[..at]).map_or(0, |n| n + 1)
}

fn line_end(text: &[u8], at: usize) -> usize {
    memchr::memchr(b'\n', &text[at..]).map_or(text.len(), |n| at + n)
}

/// Whether `scan` reads the line starting at `start` as a header: `[` after blanks.
fn header_line(text: &[u8], start: usize) -> bool {
    let rest = &text[start..];
    let blanks = rest.iter().take_while(|b| b.is_ascii_whitespace()).count();
    rest.get(blanks) == Some(&b'[')
}

/// Where the next header line after `from` starts, or the end of the text.
fn next_header(text: &[u8], from: usize) -> usize {
    memchr::memchr_iter(b'[', &text[from..])
        .map(|at| line_start(text, from + at))
        .find(|&start| start >= from && header_line(text, start))
        .unwrap_or(text.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scan_only_finds_the_named_sections_as_scan_reads_them() {
        let text = "x = orphan\n[profile dev-2]\na = 1\n[profile  dev ] # c\nsource_profile = dev\n  more\n[dev]\nb = 2\n# [profile dev]\nc = [dev]\n  [profile other]\nd: 3\n[profile dev]\ne = 4\n";
        let everything = |_: &str| true;
        let only_dev = |name: &str| name.ends_with("dev");
        let (sections, problems) = scan_only(text.as_bytes(), &["dev".into()], only_dev);
        let found: Vec<(&str, usize)> = sections.iter().map(|s| (s.name, s.line)).collect();
        assert_eq!(
            found,
            [("profile  dev", 4), ("dev", 7), ("profile dev", 13)]
        );
        assert_eq!(
            sections[0].entries,
            [("source_profile".into(), "dev\nmore".into(), 5)]
        );
        // `c = [dev]` is a value, and the indented `[profile other]` ends [dev]'s lines.
        assert_eq!(
            sections[1].entries,
            [
                ("b".into(), "2".into(), 8),
                ("c".into(), "[dev]".into(), 10)
            ]
        );
        assert_eq!(problems, []);
        let (sections, problems) = scan_only(text.as_bytes(), &["other".into()], everything);
        assert_eq!(sections.iter().map(|s| s.line).collect::<Vec<_>>(), [11]);
        assert_eq!(problems.iter().map(|p| p.line).collect::<Vec<_>>(), [12]);
        assert_eq!(scan_only(b"[a]", &["".into()], everything).0, []);
        assert_eq!(scan_only(b"[a]", &["b".into()], everything).0, []);
    }

    #[test]
    fn scan_only_finds_a_name_that_trimming_ends() {
        let text = "[a\r]\nx = 1\n[b\u{a0}]\ny = 2\n";
        for name in ["a", "b"] {
            let (only, _) = scan_only(text.as_bytes(), &[name.into()], |s| s == name);
            let (all, _) = scan(text.as_bytes());
            let all: Vec<_> = all.into_iter().filter(|s| s.name == name).collect();
            assert_eq!(only, all, "{name}");
            assert_eq!(only.len(), 1, "{name}");
        }
    }

    #[test]
    fn scan_only_finds_a_name_inside_an_earlier_match_of_itself() {
        let text = b"   [[[[[[]\nx = 1\n";
        let (only, _) = scan_only(text, &["[[[[[".into()], |s| s == "[[[[[");
        assert_eq!(only.len(), 1);
        assert_eq!(only[0].line, 1);
    }
}
