//! `switchrole man`: the manual page. The name, synopsis and global options come from the
//! command-line definition (clap_mangen), and so does each command with its options, in one
//! page (there are no `switchrole-exec(1)` pages to refer to); then what a manual page is for
//! beyond `--help`: the picker's keys, the environment, the files, the exit statuses, examples.

use crate::cli::Cli;
use anyhow::Result;
use clap::CommandFactory;
use text::{EXAMPLES, EXIT_STATUS, FILES, KEYS, READ, SET};

mod text;

/// The manual page in roff.
pub fn page() -> Result<String> {
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    let man = clap_mangen::Man::new(cmd.clone());
    let mut out = Vec::new();
    man.render_title(&mut out)?;
    man.render_name_section(&mut out)?;
    man.render_synopsis_section(&mut out)?;
    man.render_description_section(&mut out)?;
    man.render_options_section(&mut out)?;
    let mut page = String::from_utf8(out)?;
    page += &commands(&cmd);
    page += &section(
        "THE PICKER",
        "switchrole with no command opens a full-screen list of every profile, grouped by account, with each kept session's time left.",
        KEYS,
    );
    page += &settings();
    page += &section("ENVIRONMENT", "Read by switchrole:", READ);
    page += &list("Set for the command or shell a session starts:", SET);
    page += &section("FILES", "", FILES);
    page += &section("EXIT STATUS", "", EXIT_STATUS);
    page += &section("EXAMPLES", "", EXAMPLES);
    let mut out = Vec::new();
    man.render_version_section(&mut out)?;
    page += &String::from_utf8(out)?;
    Ok(page)
}

/// Each command with its usage, what it does, and its own options and commands.
fn commands(cmd: &clap::Command) -> String {
    let mut out = String::from(".SH COMMANDS\n");
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        out += &format!(".TP\n{}\n{}\n", bold(&usage(sub)), escape(&about(sub)));
        let mut inner = options(sub);
        for action in sub.get_subcommands().filter(|s| !s.is_hide_set()) {
            inner += &format!(
                ".TP\n{}\n{}\n",
                bold(&usage(action)),
                escape(&about(action))
            );
        }
        if !inner.is_empty() {
            out += &format!(".RS\n{inner}.RE\n");
        }
    }
    out
}

/// `switchrole exec [OPTIONS] <PROFILE> [-- <COMMAND>...]`, as `--help` shows it.
fn usage(cmd: &clap::Command) -> String {
    let usage = cmd.clone().render_usage().to_string();
    usage.strip_prefix("Usage: ").unwrap_or(&usage).to_string()
}

fn about(cmd: &clap::Command) -> String {
    let about = cmd.get_long_about().or(cmd.get_about());
    about.map(|a| a.to_string()).unwrap_or_default()
}

/// A command's own options (not the global `--store`), each with its help.
fn options(cmd: &clap::Command) -> String {
    let own = cmd.get_arguments().filter(|a| {
        let general = matches!(a.get_id().as_str(), "help" | "version");
        !(a.is_positional() || a.is_hide_set() || a.is_global_set() || general)
    });
    let mut out = String::new();
    for arg in own {
        let mut flag = arg.get_long().map_or(String::new(), |l| format!("--{l}"));
        if arg.get_action().takes_values()
            && let Some(names) = arg.get_value_names()
        {
            flag += &format!(" {}", names.join(" "));
        }
        let mut help = arg.get_help().map(|h| h.to_string()).unwrap_or_default();
        let values: Vec<String> = arg
            .get_possible_values()
            .iter()
            .map(|v| v.get_name().to_string())
            .collect();
        if !values.is_empty() {
            help = format!("{help} One of: {}.", values.join(", "))
                .trim()
                .to_string();
        }
        if let Some(default) = arg.get_default_values().first() {
            help += &format!(" Default: {}.", default.to_string_lossy());
        }
        out += &format!(".TP\n{}\n{}\n", bold(&flag), escape(&help));
    }
    out
}

/// switchrole's own settings, as `switchrole settings` takes them.
fn settings() -> String {
    let items: Vec<(String, String)> = crate::store::settings::KEYS
        .iter()
        .map(|(key, takes, default)| {
            (
                key.to_string(),
                format!("takes {takes}; {default} by default"),
            )
        })
        .chain(std::iter::once((
            "accounts.ACCOUNT_ID".to_string(),
            "a name for the account, kept under [accounts]: shown beside its id in the picker and list, and matched by the filter".to_string(),
        )))
        .collect();
    let items: Vec<(&str, &str)> = items
        .iter()
        .map(|(k, t)| (k.as_str(), t.as_str()))
        .collect();
    let opening = "In $XDG_CONFIG_HOME/switchrole/config, under [settings], set with switchrole settings set KEY VALUE:";
    section("SETTINGS", opening, &items)
}

/// A section of (term, description) items, after an opening sentence.
fn section(title: &str, opening: &str, items: &[(&str, &str)]) -> String {
    format!(".SH {title}\n{}", list(opening, items))
}

fn list(opening: &str, items: &[(&str, &str)]) -> String {
    let mut out = match opening {
        "" => String::new(),
        text => format!(".PP\n{}\n", escape(text)),
    };
    for (term, text) in items {
        out += &format!(".TP\n{}\n{}\n", bold(term), escape(text));
    }
    out
}

/// A term in bold: `\fB` rather than `.B`, which would read quotes as grouping.
fn bold(text: &str) -> String {
    format!("\\fB{}\\fR", escape(text))
}

/// Text as roff reads it literally: backslashes and hyphens escaped, and a line that would
/// start with a control character guarded.
fn escape(text: &str) -> String {
    let text = text.replace('\\', "\\e").replace('-', "\\-");
    match text.starts_with(['.', '\'']) {
        true => format!("\\&{text}"),
        false => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roff_is_escaped() {
        assert_eq!(escape("--mfa-code"), "\\-\\-mfa\\-code");
        assert_eq!(escape(".aws"), "\\&.aws");
        assert_eq!(escape("a\\b"), "a\\eb");
    }
}
