//! A private Secret Service for one test: its own D-Bus session bus and an unlocked
//! gnome-keyring-daemon, so tests never touch (or need) the person's own keyring.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};

/// A bus and keyring daemon, stopped when dropped.
pub struct PrivateKeyring {
    pub bus: String,
    bus_pid: i32,
    _data: tempfile::TempDir,
}

/// `keyctl` (Debian's keyutils), for tests that run switchrole in a new kernel session keyring.
pub fn ensure_keyctl() {
    apt_install("keyctl", "keyutils");
}

/// fish, for the tests that read switchrole's fish output with fish itself.
pub fn ensure_fish() {
    apt_install("fish", "fish");
}

/// man, for the test that renders the manual page with it.
pub fn ensure_man() {
    apt_install("man", "man-db");
}

/// zsh, for the tests that read switchrole's output and completion with zsh itself.
pub fn ensure_zsh() {
    apt_install("zsh", "zsh");
}

/// Installs gnome-keyring and dbus with apt when they are missing and we may (root), as the
/// moto harness does with pip; otherwise says what to install.
fn ensure_installed() {
    apt_install("gnome-keyring-daemon", "gnome-keyring dbus");
    apt_install("dbus-daemon", "dbus");
}

/// Installs `packages` when `bin` is missing.
fn apt_install(bin: &str, packages: &str) {
    let have = |bin: &str| {
        Command::new("sh")
            .arg("-c")
            .arg(format!("command -v {bin}"))
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if have(bin) {
        return;
    }
    let root = unsafe { libc::geteuid() } == 0;
    assert!(
        root && have("apt-get"),
        "these tests need {packages}: apt-get install {packages}"
    );
    let script = format!(
        "flock /tmp/switchrole-apt.lock sh -c 'command -v {bin} || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq {packages})'"
    );
    let installed = Command::new("sh").arg("-c").arg(script).status().unwrap();
    assert!(installed.success(), "installing {packages} failed");
}

impl PrivateKeyring {
    pub fn start() -> PrivateKeyring {
        ensure_installed();
        let mut bus = Command::new("dbus-daemon")
            .args(["--session", "--fork", "--print-address=1", "--print-pid=1"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(bus.stdout.take().unwrap()).lines();
        let address = lines.next().unwrap().unwrap();
        let pid: i32 = lines.next().unwrap().unwrap().trim().parse().unwrap();
        bus.wait().unwrap();
        let data = tempfile::tempdir().unwrap();
        let mut daemon = Command::new("gnome-keyring-daemon")
            .args(["--unlock", "--components=secrets"])
            .env("DBUS_SESSION_BUS_ADDRESS", &address)
            .env("XDG_DATA_HOME", data.path())
            .env("HOME", data.path())
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        daemon
            .stdin
            .take()
            .unwrap()
            .write_all(b"test-password")
            .unwrap();
        daemon.wait().unwrap();
        PrivateKeyring {
            bus: address,
            bus_pid: pid,
            _data: data,
        }
    }

    /// Points a command at this keyring.
    pub fn env(&self, cmd: &mut Command) {
        cmd.env("DBUS_SESSION_BUS_ADDRESS", &self.bus);
    }

    pub fn data_dir(&self) -> &Path {
        self._data.path()
    }
}

impl Drop for PrivateKeyring {
    fn drop(&mut self) {
        // gnome-keyring-daemon leaves when its bus goes away.
        unsafe { libc::kill(self.bus_pid, libc::SIGTERM) };
    }
}

/// A number of this run's own, for names the kernel keyring must not have seen: its store also
/// links items into the user's persistent keyring, which outlives every test.
pub fn run_id() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos()
}

/// Runs `cmd` where the kernel keyring cannot be reached, as in a container whose seccomp
/// profile refuses `add_key`, `request_key` and `keyctl` (Docker's default does): a filter
/// installed in the child makes each of them fail with ENOSYS.
pub fn without_kernel_keyring(cmd: &mut std::process::Command) {
    use std::os::unix::process::CommandExt;
    #[cfg(target_arch = "x86_64")]
    const ARCH: u32 = 0xc000_003e;
    #[cfg(target_arch = "aarch64")]
    const ARCH: u32 = 0xc000_00b7;
    const LOAD: u16 = 0x20; // BPF_LD | BPF_W | BPF_ABS
    const JUMP_IF: u16 = 0x15; // BPF_JMP | BPF_JEQ | BPF_K
    const RETURN: u16 = 0x06; // BPF_RET | BPF_K
    let op = |code: u16, jt: u8, jf: u8, k: u32| libc::sock_filter { code, jt, jf, k };
    let refused = libc::SECCOMP_RET_ERRNO | libc::ENOSYS as u32;
    let filter = [
        // seccomp_data: the syscall's number at offset 0, the architecture at 4.
        op(LOAD, 0, 0, 4),
        op(JUMP_IF, 1, 0, ARCH),
        op(RETURN, 0, 0, libc::SECCOMP_RET_ALLOW),
        op(LOAD, 0, 0, 0),
        op(JUMP_IF, 3, 0, libc::SYS_add_key as u32),
        op(JUMP_IF, 2, 0, libc::SYS_request_key as u32),
        op(JUMP_IF, 1, 0, libc::SYS_keyctl as u32),
        op(RETURN, 0, 0, libc::SECCOMP_RET_ALLOW),
        op(RETURN, 0, 0, refused),
    ];
    // SAFETY: prctl(2) in the child before exec, on a filter that outlives the call (it is
    // copied into the closure, which lives until exec).
    unsafe {
        cmd.pre_exec(move || {
            let program = libc::sock_fprog {
                len: filter.len() as u16,
                filter: filter.as_ptr() as *mut libc::sock_filter,
            };
            if libc::prctl(libc::PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0
                || libc::prctl(
                    libc::PR_SET_SECCOMP,
                    libc::SECCOMP_MODE_FILTER,
                    &program as *const libc::sock_fprog,
                ) != 0
            {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
}
