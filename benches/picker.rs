//! What a person feels of the picker: the real binary in an 80x24 pseudo-terminal on configs
//! of 10,000 and 50,000 generated role profiles, next to `less` showing the same file in the
//! same run. Measured: (a) the first frame, against `less`'s first screen; (b) a key typed
//! after a pause (150 ms, the list fully loaded), from the write to the terminal until the
//! filter line shows it; (c) a 17-key bracketed paste, likewise; (d) the picker's peak memory
//! (VmHWM just before quitting). Each figure is the median of several runs. Run with
//! `cargo bench --bench picker`.

use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::path::Path;
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

const ROWS: u16 = 24;
const COLS: u16 = 80;
/// Runs of each program at each size; the medians are reported.
const RUNS: usize = 11;
/// A person's pause between keys: long enough that the picker has gone back to waiting.
const PAUSE: Duration = Duration::from_millis(150);
/// Typed one key at a time: narrows from every row to one account.
const TYPED: &str = "acct10000000199";
/// Pasted in one go: 17 keys.
const PASTED: &str = "acct100000001999-";

/// A config like those generated for an AWS Organization: one role profile per account and
/// role, all from one IAM user.
fn generate(profiles: usize) -> String {
    let roles = ["Admin", "ReadOnly", "Developer", "Billing", "Auditor"];
    let regions = ["us-east-1", "eu-west-1", "ap-southeast-2", "eu-central-1"];
    let mut out = String::from(
        "[profile base]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = example\n\n",
    );
    for i in 0..profiles {
        let (account, role) = (
            100_000_000_000u64 + (i / roles.len()) as u64,
            roles[i % roles.len()],
        );
        out.push_str(&format!(
            "[profile acct{account}-{}]\nrole_arn = arn:aws:iam::{account}:role/{role}\nsource_profile = base\nmfa_serial = arn:aws:iam::999999999999:mfa/alice\nregion = {}\n\n",
            role.to_lowercase(),
            regions[i % regions.len()]
        ));
    }
    out
}

/// A program in a pseudo-terminal; what it writes is read on a thread of its own and stamped
/// with the moment it arrived, so a figure is the program's, not this loop's.
struct Pty {
    child: Box<dyn portable_pty::Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    output: Receiver<(Instant, Vec<u8>)>,
    parser: vt100::Parser,
    started: Instant,
    _master: Box<dyn portable_pty::MasterPty + Send>,
}

impl Pty {
    fn spawn(program: &str, args: &[&str], env: &[(&str, &Path)]) -> Pty {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: ROWS,
                cols: COLS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut cmd = CommandBuilder::new(program);
        cmd.env_clear();
        cmd.env("PATH", std::env::var("PATH").unwrap());
        cmd.env("TERM", "xterm-256color");
        cmd.args(args);
        for (k, v) in env {
            cmd.env(k, v);
        }
        let started = Instant::now();
        let child = pty.slave.spawn_command(cmd).unwrap();
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().unwrap();
        let (tx, output) = channel();
        std::thread::spawn(move || {
            let mut buf = [0u8; 65536];
            while let Ok(n @ 1..) = reader.read(&mut buf) {
                if tx.send((Instant::now(), buf[..n].to_vec())).is_err() {
                    break;
                }
            }
        });
        Pty {
            child,
            writer: pty.master.take_writer().unwrap(),
            output,
            parser: vt100::Parser::new(ROWS.try_into().unwrap(), COLS.try_into().unwrap(), 0),
            started,
            _master: pty.master,
        }
    }

    /// Milliseconds from `since` until `needle` is on the screen.
    fn until(&mut self, needle: &str, since: Instant) -> f64 {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if self.parser.screen().contents().contains(needle) {
                // Already there when asked: it arrived before `since`.
                return 0.0;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            let (at, bytes) = match self.output.recv_timeout(left) {
                Ok(chunk) => chunk,
                Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => panic!(
                    "'{needle}' never appeared; the screen:\n{}",
                    self.parser.screen().contents()
                ),
            };
            self.parser.process(&bytes);
            if self.parser.screen().contents().contains(needle) {
                return at.duration_since(since).as_secs_f64() * 1000.0;
            }
        }
    }

    /// Reads what the program writes for `pause`, as a person looks at the screen.
    fn pause(&mut self, pause: Duration) {
        let end = Instant::now() + pause;
        while let Ok((_, bytes)) = self
            .output
            .recv_timeout(end.saturating_duration_since(Instant::now()))
        {
            self.parser.process(&bytes);
        }
    }

    /// Writes `bytes` to the terminal and returns when.
    fn send(&mut self, bytes: &str) -> Instant {
        let at = Instant::now();
        self.writer.write_all(bytes.as_bytes()).unwrap();
        self.writer.flush().unwrap();
        at
    }

    /// The program's peak resident memory, in MB, from /proc.
    fn peak_mb(&self) -> f64 {
        let pid = self.child.process_id().unwrap();
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
        let kb: f64 = status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap();
        kb / 1024.0
    }

    fn end(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One run of the picker as a person uses it, each figure in milliseconds (memory in MB).
#[derive(Default)]
struct Run {
    first_frame: Vec<f64>,
    whole_list: Vec<f64>,
    keys: Vec<f64>,
    /// The first key of each run, which every row matches: the most work a key makes.
    first_keys: Vec<f64>,
    paste: Vec<f64>,
    peak_mb: Vec<f64>,
}

fn picker_run(bin: &str, env: &[(&str, &Path)], profiles: usize, into: &mut Run) {
    let mut pty = Pty::spawn(bin, &[], env);
    let started = pty.started;
    // The footer is the frame's last line: on screen, the whole frame is.
    into.first_frame.push(pty.until("quit", started));
    let total = format!("{0}/{0}", profiles + 1);
    into.whole_list.push(pty.until(&total, started));
    let mut typed = String::new();
    for c in TYPED.chars() {
        pty.pause(PAUSE);
        typed.push(c);
        let at = pty.send(&c.to_string());
        into.keys.push(pty.until(&format!("> {typed}█"), at));
    }
    into.first_keys
        .push(into.keys[into.keys.len() - TYPED.len()]);
    pty.pause(PAUSE);
    let at = pty.send("\x1b");
    pty.until(&format!("> █{}", " ".repeat(8)), at);
    pty.until(&total, at);
    pty.pause(PAUSE);
    let at = pty.send(&format!("\x1b[200~{PASTED}\x1b[201~"));
    into.paste.push(pty.until(&format!("> {PASTED}█"), at));
    pty.pause(PAUSE);
    into.peak_mb.push(pty.peak_mb());
    pty.send("\x03");
    pty.end();
}

fn less_first_screen(file: &Path) -> f64 {
    let mut pty = Pty::spawn("less", &[file.to_str().unwrap()], &[]);
    let started = pty.started;
    // Its prompt, the file's name, is the last it draws of the first screen.
    let name = file.file_name().unwrap().to_str().unwrap();
    let shown = pty.until(name, started);
    pty.end();
    shown
}

fn median(samples: &[f64]) -> f64 {
    let mut sorted = samples.to_vec();
    sorted.sort_by(f64::total_cmp);
    sorted[sorted.len() / 2]
}

fn fastest(samples: &[f64]) -> f64 {
    samples.iter().copied().fold(f64::INFINITY, f64::min)
}

fn worst(samples: &[f64]) -> f64 {
    samples.iter().copied().fold(0.0, f64::max)
}

fn measure(dir: &Path, profiles: usize) {
    let config = dir.join(format!("config-{profiles}"));
    std::fs::write(&config, generate(profiles)).unwrap();
    let empty = dir.join("credentials");
    std::fs::write(&empty, "").unwrap();
    let (cache, xdg_config, state) = (dir.join("cache"), dir.join("config"), dir.join("state"));
    let env = [
        ("AWS_CONFIG_FILE", config.as_path()),
        ("AWS_SHARED_CREDENTIALS_FILE", &empty),
        ("XDG_CACHE_HOME", &cache),
        ("XDG_CONFIG_HOME", &xdg_config),
        ("XDG_STATE_HOME", &state),
        ("HOME", dir),
    ];
    let bin = std::env::var("SWITCHROLE_BIN")
        .unwrap_or_else(|_| env!("CARGO_BIN_EXE_switchrole").to_string());
    let mut run = Run::default();
    let mut less = Vec::new();
    // Turn about, so a busy moment of the machine falls on both.
    for _ in 0..RUNS {
        picker_run(&bin, &env, profiles, &mut run);
        less.push(less_first_screen(&config));
    }
    let (ours, theirs) = (median(&run.first_frame), median(&less));
    println!("{profiles} profiles (medians of {RUNS} runs):");
    println!(
        "  first frame: switchrole {ours:.1} ms, less {theirs:.1} ms ({:.2}x); fastest {:.1} and {:.1} ms",
        ours / theirs,
        fastest(&run.first_frame),
        fastest(&less)
    );
    println!("  whole list loaded: {:.1} ms", median(&run.whole_list));
    println!(
        "  key typed after a pause, to screen: median {:.1} ms, worst {:.1} ms over {} keys",
        median(&run.keys),
        worst(&run.keys),
        run.keys.len()
    );
    println!(
        "  the first key, which every row matches: median {:.1} ms",
        median(&run.first_keys)
    );
    println!(
        "  17-key paste, to screen: median {:.1} ms, worst {:.1} ms",
        median(&run.paste),
        worst(&run.paste)
    );
    println!(
        "  peak memory of the picker: {:.1} MB",
        median(&run.peak_mb)
    );
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    for profiles in [10_000, 50_000] {
        measure(dir.path(), profiles);
    }
}
