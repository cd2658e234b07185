//! A shell (bash, zsh or fish) in a pseudo-terminal with switchrole's function from its
//! startup file, typed into a line at a time.

use super::pty::Screen;
use super::{Sandbox, aws_cli};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// A shell in a pseudo-terminal, and a directory for what it writes.
pub struct Shell {
    pub name: &'static str,
    pub screen: Screen,
    pub dir: PathBuf,
    steps: usize,
}

impl Shell {
    /// `name` with switchrole's function from its startup file, the binary and the aws CLI on
    /// its PATH, and `$ ` as its prompt.
    pub fn start(name: &'static str, sandbox: &Sandbox, extra: &[(&str, String)]) -> Shell {
        let dir = sandbox.path(&format!("{name}-shell"));
        std::fs::create_dir_all(&dir).unwrap();
        let bin = Path::new(env!("CARGO_BIN_EXE_switchrole"))
            .parent()
            .unwrap();
        let aws = aws_cli();
        let mut path = vec![bin.display().to_string()];
        if let Some(dir) = aws.parent().filter(|d| !d.as_os_str().is_empty()) {
            path.push(dir.display().to_string());
        }
        path.push(std::env::var("PATH").unwrap());
        let mut env = vec![("PATH", path.join(":"))];
        env.extend(extra.iter().cloned());
        let rc = dir.join("rc");
        let (program, args): (&str, Vec<String>) = match name {
            "bash" => {
                std::fs::write(&rc, "PS1='$ '\neval \"$(switchrole init bash)\"\n").unwrap();
                let rc = rc.display().to_string();
                (
                    "bash",
                    vec!["--noprofile".into(), "--rcfile".into(), rc, "-i".into()],
                )
            }
            "zsh" => {
                std::fs::write(
                    dir.join(".zshrc"),
                    "PROMPT='$ '\neval \"$(switchrole init zsh)\"\n",
                )
                .unwrap();
                env.push(("ZDOTDIR", dir.display().to_string()));
                ("zsh", vec!["-i".into()])
            }
            "fish" => {
                let config = sandbox.path("xdg-config/fish");
                std::fs::create_dir_all(&config).unwrap();
                std::fs::write(
                    config.join("config.fish"),
                    "set -g fish_greeting\nfunction fish_prompt; echo -n '$ '; end\nswitchrole init fish | source\n",
                )
                .unwrap();
                ("fish", vec!["-i".into()])
            }
            other => panic!("no shell {other}"),
        };
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let screen = Screen::start_program(sandbox, program, &args, &env);
        screen.wait_for("$ ");
        Shell {
            name,
            screen,
            dir,
            steps: 0,
        }
    }

    /// The last command's status in this shell.
    pub fn status_var(&self) -> &'static str {
        match self.name {
            "fish" => "$status",
            _ => "$?",
        }
    }

    /// Types `line`, and waits until it has run (it writes a file when done).
    pub fn run(&mut self, line: &str) {
        let done = self.begin(line);
        wait_for_file(&done);
    }

    /// Types `line` and returns the file that appears once it has run.
    pub fn begin(&mut self, line: &str) -> PathBuf {
        self.steps += 1;
        let done = self.dir.join(format!("done-{}", self.steps));
        self.screen
            .send(&format!("{line}; echo > {}\r", done.display()));
        done
    }

    /// The shell's environment, sorted, without `_` (the last command's path).
    pub fn env(&mut self, file: &str) -> String {
        let path = self.dir.join(file);
        self.run(&format!("env | grep -v '^_=' | sort > {}", path.display()));
        std::fs::read_to_string(path).unwrap()
    }

    /// Everything the shell wrote, scrolled off the screen or not.
    pub fn written(&self) -> String {
        String::from_utf8_lossy(&self.screen.raw.lock().unwrap()).into_owned()
    }

    pub fn read(&self, file: &str) -> String {
        std::fs::read_to_string(self.dir.join(file)).unwrap()
    }

    pub fn export(&mut self, name: &str, value: &str) {
        match self.name {
            "fish" => self.run(&format!("set -gx {name} {value}")),
            _ => self.run(&format!("export {name}={value}")),
        }
    }
}

pub fn wait_for_file(path: &Path) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while !path.exists() {
        assert!(
            Instant::now() < deadline,
            "{} never appeared",
            path.display()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Reads `NAME=value` of an `env` dump.
pub fn var<'a>(dump: &'a str, name: &str) -> Option<&'a str> {
    dump.lines()
        .find_map(|l| l.strip_prefix(&format!("{name}=")))
}
