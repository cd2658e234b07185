//! The real binary in a pseudo-terminal, its screen read through a vt100 parser.

use super::Sandbox;
use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::os::fd::RawFd;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A running switchrole and what its terminal shows.
pub struct Screen {
    pub parser: Arc<Mutex<vt100::Parser>>,
    /// Every byte the program wrote, for sequences the screen does not show (OSC 52).
    pub raw: Arc<Mutex<Vec<u8>>>,
    pub writer: Box<dyn Write + Send>,
    pub child: Box<dyn portable_pty::Child + Send + Sync>,
    /// The terminal's settings before the program started, to compare with after it ended.
    pub initial: Settings,
    master_fd: RawFd,
}

/// A terminal's settings (what `stty -g` prints), comparable.
#[derive(Debug, PartialEq)]
pub struct Settings {
    pub iflag: libc::tcflag_t,
    pub oflag: libc::tcflag_t,
    pub cflag: libc::tcflag_t,
    pub lflag: libc::tcflag_t,
    pub cc: Vec<libc::cc_t>,
}

impl Settings {
    fn of(fd: RawFd) -> Settings {
        let mut t = std::mem::MaybeUninit::<libc::termios>::uninit();
        // SAFETY: tcgetattr on a terminal this test opened; read only when it succeeded. On a
        // pseudo-terminal's master it reports the settings of the program's side.
        assert_eq!(unsafe { libc::tcgetattr(fd, t.as_mut_ptr()) }, 0);
        let t = unsafe { t.assume_init() };
        Settings {
            iflag: t.c_iflag,
            oflag: t.c_oflag,
            cflag: t.c_cflag,
            lflag: t.c_lflag,
            cc: t.c_cc.to_vec(),
        }
    }

    /// Whether what is typed is shown.
    pub fn echo(&self) -> bool {
        self.lflag & libc::ECHO != 0
    }

    /// Whether input is edited a line at a time (off in raw mode).
    pub fn icanon(&self) -> bool {
        self.lflag & libc::ICANON != 0
    }
}

impl Screen {
    pub fn start(sandbox: &Sandbox) -> Screen {
        Self::start_with(sandbox, &[], &[])
    }

    /// The picker (or `args`) with extra environment variables.
    pub fn start_with(sandbox: &Sandbox, args: &[&str], extra: &[(&str, String)]) -> Screen {
        Self::start_program(sandbox, env!("CARGO_BIN_EXE_switchrole"), args, extra)
    }

    /// Any program (a shell, say) in the pseudo-terminal, with the sandbox's environment.
    pub fn start_program(
        sandbox: &Sandbox,
        program: &str,
        args: &[&str],
        extra: &[(&str, String)],
    ) -> Screen {
        Self::start_sized(sandbox, program, args, extra, (30, 100))
    }

    /// `start_program` in a terminal of (rows, columns).
    pub fn start_sized(
        sandbox: &Sandbox,
        program: &str,
        args: &[&str],
        extra: &[(&str, String)],
        (rows, cols): (u16, u16),
    ) -> Screen {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut cmd = CommandBuilder::new(program);
        cmd.env_clear();
        for (k, v) in [
            ("PATH", std::env::var("PATH").unwrap()),
            ("TERM", "xterm-256color".into()),
            ("SHELL", "/bin/sh".into()),
            ("PS1", "$ ".into()),
            ("HOME", sandbox.dir.path().display().to_string()),
            (
                "AWS_CONFIG_FILE",
                sandbox.path("config").display().to_string(),
            ),
            (
                "AWS_SHARED_CREDENTIALS_FILE",
                sandbox.path("credentials").display().to_string(),
            ),
            (
                "XDG_CACHE_HOME",
                sandbox.path("cache").display().to_string(),
            ),
            (
                "XDG_CONFIG_HOME",
                sandbox.path("xdg-config").display().to_string(),
            ),
            (
                "XDG_STATE_HOME",
                sandbox.path("state").display().to_string(),
            ),
            ("AWS_ENDPOINT_URL_STS", sandbox.endpoint.clone()),
        ] {
            cmd.env(k, v);
        }
        cmd.args(args);
        for (k, v) in extra {
            cmd.env(k, v);
        }
        let master_fd = pty.master.as_raw_fd().unwrap();
        let initial = Settings::of(master_fd);
        let child = pty.slave.spawn_command(cmd).unwrap();
        drop(pty.slave);
        let size = |n: u16| n.try_into().unwrap();
        let parser = Arc::new(Mutex::new(vt100::Parser::new(size(rows), size(cols), 0)));
        let mut reader = pty.master.try_clone_reader().unwrap();
        let sink = parser.clone();
        let raw = Arc::new(Mutex::new(Vec::new()));
        let raw_sink = raw.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                raw_sink.lock().unwrap().extend_from_slice(&buf[..n]);
                sink.lock().unwrap().process(&buf[..n]);
            }
        });
        let writer = pty.master.take_writer().unwrap();
        // The master must outlive the test's reads; leaking it is fine in a test process.
        std::mem::forget(pty.master);
        Screen {
            parser,
            raw,
            writer,
            child,
            initial,
            master_fd,
        }
    }

    /// The terminal's settings now.
    pub fn settings(&self) -> Settings {
        Settings::of(self.master_fd)
    }

    /// The program's process id.
    pub fn pid(&self) -> i32 {
        self.child.process_id().unwrap() as i32
    }

    /// Sends `signal` to the program, as `kill` would.
    pub fn kill(&self, signal: i32) {
        // SAFETY: a signal to the process this test started and has not yet reaped.
        assert_eq!(unsafe { libc::kill(self.pid(), signal) }, 0);
    }

    /// Waits until the terminal's settings satisfy `check` (a program changes them a moment
    /// after drawing its prompt).
    pub fn wait_for_settings(&self, what: &str, check: impl Fn(&Settings) -> bool) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while !check(&self.settings()) {
            assert!(Instant::now() < deadline, "the terminal never had {what}");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    pub fn text(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    pub fn wait_for(&self, needle: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let text = self.text();
            if text.contains(needle) {
                return text;
            }
            assert!(
                Instant::now() < deadline,
                "'{needle}' never appeared; the screen:\n{text}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// How long after now `needle` appears on screen; fails once `bound` has passed without
    /// it. The screen is read every millisecond, so the figure is the program's latency.
    #[track_caller]
    pub fn time_until(&self, needle: &str, bound: Duration) -> Duration {
        let started = Instant::now();
        loop {
            if self.text().contains(needle) {
                return started.elapsed();
            }
            let waited = started.elapsed();
            assert!(
                waited < bound,
                "'{needle}' took longer than {bound:?} to appear; the screen:\n{}",
                self.text()
            );
            std::thread::sleep(Duration::from_millis(1));
        }
    }

    /// Waits until `needle` is gone from the screen (the reader may still be drawing the
    /// program's last bytes after it exited); the screen when it is.
    pub fn wait_for_absence(&self, needle: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            let text = self.text();
            if !text.contains(needle) {
                return text;
            }
            assert!(
                Instant::now() < deadline,
                "'{needle}' stayed on the screen:\n{text}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    pub fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    /// Waits for the program to end and returns how it ended.
    /// Waits for the program a stop signal ended: it exited 128+N (not killed by the signal)
    /// and left the terminal's settings as they were before it started.
    #[track_caller]
    pub fn ended_by(&mut self, signal: i32, name: &str) -> portable_pty::ExitStatus {
        let status = self.wait_exit();
        assert_eq!(status.signal(), None, "SIG{name}");
        let text = self.text();
        assert_eq!(status.exit_code(), 128 + signal as u32, "SIG{name}\n{text}");
        let settings = self.settings();
        assert!(settings.echo() && settings.icanon(), "SIG{name}");
        assert_eq!(settings, self.initial, "SIG{name}");
        status
    }

    pub fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(Instant::now() < deadline, "the program did not end");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}
