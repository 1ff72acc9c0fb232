//! The real binary in a tmux pseudo-terminal: keys sent as a person types them, the
//! screen read back. Needs tmux (`apt-get install tmux`; .ci/run installs it).

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

pub struct Tmux {
    socket: String,
}

impl Tmux {
    pub fn new(name: &str) -> Tmux {
        let available = Command::new("tmux").arg("-V").output().is_ok_and(|o| o.status.success());
        assert!(available, "tmux is needed for this test: apt-get install tmux");
        Tmux { socket: format!("bangfu-test-{name}-{}", std::process::id()) }
    }

    pub fn run(&self, args: &[&str]) -> std::process::Output {
        Command::new("tmux").arg("-L").arg(&self.socket).args(args).output().unwrap()
    }

    pub fn start(&self, ledger: &Path, data_home: &Path) {
        self.start_sized(ledger, data_home, (100, 30), "");
    }

    /// Starts bangfu in a terminal of `size` columns × rows, with `args` after it.
    pub fn start_sized(&self, ledger: &Path, data_home: &Path, size: (u16, u16), args: &str) {
        let command = format!(
            "env TERM=xterm-256color LANG=C.UTF-8 XDG_DATA_HOME='{}' BANGFU_DB='{}' '{}' {args}",
            data_home.display(),
            ledger.display(),
            env!("CARGO_BIN_EXE_bangfu")
        );
        let (w, h) = (size.0.to_string(), size.1.to_string());
        let out = self.run(&["new-session", "-d", "-s", "app", "-x", &w, "-y", &h, &command]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }

    pub fn screen(&self) -> String {
        String::from_utf8_lossy(&self.run(&["capture-pane", "-p", "-t", "app"]).stdout).into_owned()
    }

    pub fn wait_for(&self, text: &str) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if screen.contains(text) {
                return screen;
            }
            assert!(start.elapsed() < Duration::from_secs(20), "waited for {text:?}; the screen shows:\n{screen}");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    pub fn keys(&self, keys: &[&str]) {
        for k in keys {
            self.run(&["send-keys", "-t", "app", k]);
            std::thread::sleep(Duration::from_millis(150));
        }
    }

    pub fn literal(&self, text: &str) {
        self.run(&["send-keys", "-t", "app", "-l", text]);
        std::thread::sleep(Duration::from_millis(150));
    }

    pub fn wait_until_gone(&self) {
        let start = Instant::now();
        while self.run(&["has-session", "-t", "app"]).status.success() {
            assert!(start.elapsed() < Duration::from_secs(20), "bangfu did not exit");
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.run(&["kill-server"]);
    }
}
