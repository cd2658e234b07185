//! Both shared files -> one list of profile sections, merged by name the way the AWS SDKs
//! merge them, with every line that could not be read named by file and line.

pub use super::line_problem::LineProblem;
pub(crate) use super::section_kind::{Kind, kind};
use super::{ini, sso};
use std::borrow::Cow;
use std::collections::HashMap;
use std::path::Path;

/// One shared file's path and bytes.
#[derive(Clone, Copy)]
pub struct Source<'a> {
    pub path: &'a Path,
    pub text: &'a [u8],
}

/// A profile's keys in file order: key, value, the index of the file (0 config,
/// 1 credentials) and the line; the last one set wins. A handful of keys, so a list beats a map.
pub type Entries<'a> = Vec<(Cow<'a, str>, Cow<'a, str>, usize, usize)>;

/// One profile's settings from both files, before they are interpreted, and why the AWS
/// SDKs would ignore it, if they would.
pub struct Merged<'a> {
    pub name: &'a str,
    pub entries: Entries<'a>,
    /// (file, reason) for each file whose section of it the SDKs skip.
    pub ignored_because: Vec<(usize, &'static str)>,
    /// The line of its first section header in each file.
    pub headers: [Option<usize>; 2],
    /// (file, line) of each later header of it in a file that already had one.
    pub repeated: Vec<(usize, usize)>,
}

/// What the two files hold: profile sections merged by name, the config file's
/// `[sso-session]` sections, and the lines that could not be read.
pub struct Merge<'a> {
    pub profiles: Vec<Merged<'a>>,
    pub sso_sessions: Vec<ini::Section<'a>>,
    pub problems: Vec<LineProblem>,
}

/// Every profile section of both files, merged by name in order of first appearance, and
/// the lines that could not be read, each naming its file and line.
pub fn merge<'a>(config: Source<'a>, credentials: Source<'a>) -> Merge<'a> {
    merge_scanned([ini::scan(config.text), ini::scan(credentials.text)])
}

/// Only the sections of `name` and of the profiles its `source_profile` chain names, and only
/// their lines' problems: what a command on one profile needs, at the same cost with 50
/// profiles as with 50,000. Each name is searched for once.
pub fn merge_chain<'a>(config: Source<'a>, credentials: Source<'a>, name: &str) -> Merge<'a> {
    let mut names = vec![name.to_string()];
    // An assignment listed by IAM Identity Center is named SESSION/ACCOUNT/ROLE.
    let session = name.rsplitn(3, '/').nth(2).filter(|s| !s.is_empty());
    let mut sessions: Vec<String> = session.map(String::from).into_iter().collect();
    let mut scanned: [Scanned; 2] = Default::default();
    let mut searched = 0;
    while searched < names.len() {
        let new = names[searched..].to_vec();
        searched = names.len();
        for (file, text) in [config.text, credentials.text].into_iter().enumerate() {
            let in_config = file == 0;
            let wanted = |section: &str| {
                let name = kind(section, in_config).name();
                name.is_some_and(|name| new.iter().any(|n| n == name))
            };
            let (sections, problems) = ini::scan_only(text, &new, wanted);
            for (key, value, _) in sections.iter().flat_map(|s| &s.entries) {
                let wanted = match key.as_ref() {
                    "source_profile" => &mut names,
                    "sso_session" => &mut sessions,
                    _ => continue,
                };
                if !value.is_empty() && !wanted.iter().any(|n| n == value) {
                    wanted.push(value.to_string());
                }
            }
            scanned[file].0.extend(sections);
            scanned[file].1.extend(problems);
        }
    }
    // The `[sso-session]` sections the chain names live in the config file only.
    let is_wanted = |header: &str| {
        sso::session_section(header).is_some_and(|s| sessions.iter().any(|w| w == s))
    };
    let (found, problems) = ini::scan_only(config.text, &sessions, is_wanted);
    scanned[0].0.extend(found);
    scanned[0].1.extend(problems);
    // Back in file order, which decides the last value set.
    for (sections, problems) in &mut scanned {
        sections.sort_by_key(|s| s.line);
        problems.sort_by_key(|p| p.line);
    }
    merge_scanned(scanned)
}

type Scanned<'a> = (Vec<ini::Section<'a>>, Vec<ini::Problem>);

fn merge_scanned<'a>(scanned: [Scanned<'a>; 2]) -> Merge<'a> {
    let mut problems = Vec::new();
    let mut sso_sessions = Vec::new();
    let mut merged: Vec<Merged> = Vec::new();
    let mut index: HashMap<&str, usize> = HashMap::new();
    for (file, (sections, bad_lines)) in scanned.into_iter().enumerate() {
        // The profile a bad line belongs to, from its section's header line.
        let in_profile = |header: Option<usize>| {
            let section = sections.iter().find(|s| Some(s.line) == header)?;
            kind(section.name, file == 0).name().map(String::from)
        };
        for p in bad_lines {
            let profile = in_profile(p.section);
            problems.push(LineProblem {
                file,
                line: p.line,
                message: p.message,
                profile,
            });
        }
        let mut report = |line: usize, message: String| {
            problems.push(LineProblem {
                file,
                line,
                message,
                profile: None,
            })
        };
        // As in the SDKs, `[profile default]` in the config file hides `[default]` there.
        let prefixed_default = file == 0
            && sections
                .iter()
                .any(|s| s.name != "default" && kind(s.name, true) == Kind::Profile("default"));
        for section in sections {
            let (name, why) = match kind(section.name, file == 0) {
                Kind::Profile("default") if prefixed_default && section.name == "default" => {
                    report(section.line, "[default] is ignored because [profile default] is also in this file, as the AWS SDKs do".into());
                    continue;
                }
                Kind::Profile(name) => (name, None),
                Kind::Ignored { name, why } => (name, Some(why)),
                Kind::Unprefixed(name) => {
                    report(
                        section.line,
                        format!(
                            "[{name}] is not read as a profile: in the config file a profile's section is [profile {name}]"
                        ),
                    );
                    continue;
                }
                Kind::Other if file == 0 && sso::session_section(section.name).is_some() => {
                    sso_sessions.push(section);
                    continue;
                }
                Kind::Other => continue,
            };
            let at = *index.entry(name).or_insert_with(|| {
                merged.push(Merged {
                    name,
                    entries: Entries::new(),
                    ignored_because: Vec::new(),
                    headers: [None; 2],
                    repeated: Vec::new(),
                });
                merged.len() - 1
            });
            let profile = &mut merged[at];
            if let Some(why) = why
                && !profile.ignored_because.contains(&(file, why))
            {
                profile.ignored_because.push((file, why));
            }
            match profile.headers[file] {
                Some(_) => profile.repeated.push((file, section.line)),
                None => profile.headers[file] = Some(section.line),
            }
            let entries = section.entries.into_iter();
            profile
                .entries
                .extend(entries.map(|(k, v, line)| (k, v, file, line)));
        }
    }
    Merge {
        profiles: merged,
        sso_sessions,
        problems,
    }
}

#[cfg(test)]
mod tests;
