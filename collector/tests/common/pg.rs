//! A real PostgreSQL for the tests: Debian's server binaries
//! (`scripts/install.sh` installs the `postgresql` package), a cluster made
//! with `initdb` in a temporary folder by an unprivileged user (`postgres`
//! when the tests run as root), listening on 127.0.0.1 on a free port, and
//! stopped (immediately) when dropped.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A running PostgreSQL cluster.
pub struct Pg {
    pub port: u16,
    data: PathBuf,
    bin: PathBuf,
    _dir: tempfile::TempDir,
}

fn bin_dir() -> PathBuf {
    if let Ok(dir) = std::env::var("TRACKQ_PG_BIN") {
        return PathBuf::from(dir);
    }
    let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .expect("PostgreSQL is not installed (scripts/install.sh installs Debian's postgresql)")
        .filter_map(|e| e.ok().map(|e| e.path().join("bin")))
        .filter(|p| p.join("initdb").exists())
        .collect();
    versions.sort();
    versions
        .pop()
        .expect("no /usr/lib/postgresql/*/bin/initdb (scripts/install.sh installs it)")
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

/// `program` to be run as the unprivileged user (PostgreSQL refuses root).
fn command(program: &Path) -> Command {
    if is_root() {
        let mut c = Command::new("runuser");
        c.args(["-u", "postgres", "--"]).arg(program);
        c
    } else {
        Command::new(program)
    }
}

fn run(program: &Path, args: &[&str]) -> Output {
    let out = command(program)
        .args(args)
        .output()
        .expect("run a PostgreSQL program");
    assert!(
        out.status.success(),
        "{} {args:?}: {}{}",
        program.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl Pg {
    /// Makes and starts a cluster with a `trackq` superuser (trust auth,
    /// loopback only).
    pub fn start() -> Pg {
        let bin = bin_dir();
        let dir = tempfile::Builder::new()
            .prefix("trackq-pg-")
            .tempdir()
            .unwrap();
        if is_root() {
            let status = Command::new("chown")
                .args(["-R", "postgres"])
                .arg(dir.path())
                .status()
                .unwrap();
            assert!(status.success());
        }
        let data = dir.path().join("data");
        run(
            &bin.join("initdb"),
            &[
                "-D",
                data.to_str().unwrap(),
                "-U",
                "trackq",
                "--auth=trust",
                "-E",
                "UTF8",
                "--no-sync",
            ],
        );
        let mut pg = Pg {
            port: free_port(),
            data,
            bin,
            _dir: dir,
        };
        // Another test may take the free port first: try another.
        for _ in 0..3 {
            if pg.try_up() {
                return pg;
            }
            pg.port = free_port();
        }
        pg.up();
        pg
    }

    fn try_up(&self) -> bool {
        self.start_command()
            .output()
            .is_ok_and(|o| o.status.success())
    }

    fn up(&self) {
        let out = self.start_command().output().expect("pg_ctl start");
        assert!(
            out.status.success(),
            "pg_ctl start: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }

    fn start_command(&self) -> Command {
        let opts = format!(
            "-p {} -c listen_addresses=127.0.0.1 -k {} -c fsync=off -c max_connections=200",
            self.port,
            self.data.display()
        );
        let log = self.data.join("server.log");
        let mut cmd = command(&self.bin.join("pg_ctl"));
        cmd.args(["-D", self.data.to_str().unwrap(), "-o", &opts, "-l"])
            .arg(log)
            .args(["-w", "start"]);
        cmd
    }

    fn down(&self) {
        run(
            &self.bin.join("pg_ctl"),
            &[
                "-D",
                self.data.to_str().unwrap(),
                "-m",
                "immediate",
                "-w",
                "stop",
            ],
        );
    }

    /// Stops the server (immediately, as a crash would) and starts it again
    /// after `pause`.
    pub fn restart_after(&self, pause: std::time::Duration) {
        self.down();
        std::thread::sleep(pause);
        self.up();
    }

    /// Makes a database `name` and returns its URL.
    pub fn database(&self, name: &str) -> String {
        self.client("createdb", &[name]);
        self.url(name)
    }

    /// The URL of database `name` on this server.
    pub fn url(&self, name: &str) -> String {
        format!("postgres://trackq@127.0.0.1:{}/{name}", self.port)
    }

    /// One value of `sql` on database `name` (via psql).
    pub fn sql(&self, name: &str, sql: &str) -> String {
        let out = self.client("psql", &["-d", name, "-At", "-c", sql]);
        String::from_utf8_lossy(&out.stdout).trim().to_owned()
    }

    /// Runs the client `program` (createdb, psql) as `trackq` on this
    /// server, with `args` after the connection's.
    fn client(&self, program: &str, args: &[&str]) -> Output {
        let port = self.port.to_string();
        let mut all = vec!["-h", "127.0.0.1", "-p", &port, "-U", "trackq"];
        all.extend_from_slice(args);
        run(&self.bin.join(program), &all)
    }
}

impl Drop for Pg {
    fn drop(&mut self) {
        let _ = command(&self.bin.join("pg_ctl"))
            .args([
                "-D",
                self.data.to_str().unwrap_or(""),
                "-m",
                "immediate",
                "stop",
            ])
            .output();
    }
}
