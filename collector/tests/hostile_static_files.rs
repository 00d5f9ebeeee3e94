//! Static files a hostile client can try to reach: symlinks out of
//! `--www`/`--dist`, and directory redirects that drop a prefix or emit a
//! protocol-relative `//` location (an open redirect).

mod common;

use std::io::Write;

use common::raw_tcp::{connect, read_all};
use common::Collector;

#[cfg(unix)]
#[test]
fn static_files_stay_inside_their_folders_and_redirect_safely() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.txt"), "secret").unwrap();
    let www = tempfile::tempdir().unwrap();
    let dist = tempfile::tempdir().unwrap();
    std::fs::write(www.path().join("index.html"), "home").unwrap();
    std::fs::create_dir(www.path().join("docs")).unwrap();
    std::fs::write(www.path().join("docs/index.html"), "docs").unwrap();
    std::fs::create_dir(www.path().join("evil.example")).unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("secret.txt"),
        www.path().join("leak.txt"),
    )
    .unwrap();
    std::os::unix::fs::symlink(outside.path(), www.path().join("out")).unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("secret.txt"),
        dist.path().join("leak.js"),
    )
    .unwrap();
    std::fs::create_dir(dist.path().join("kmq")).unwrap();
    std::fs::write(dist.path().join("kmq/trackq.js"), "js").unwrap();
    let (w, d) = (www.path().to_owned(), dist.path().to_owned());
    let c = Collector::start(move |cfg| {
        cfg.www = w;
        cfg.dist = d;
    });
    for path in ["/leak.txt", "/out/secret.txt", "/trackq/leak.js", "/out/"] {
        let r = c.get(path, &[]);
        assert_eq!(r.status, 404, "{path}: {}", r.body);
        assert!(!r.body.contains("secret"), "{path}");
    }
    assert_eq!(c.get("/docs/", &[]).body, "docs");
    assert_eq!(c.get("/trackq/kmq/trackq.js", &[]).body, "js");
    let raw = |path: &str| {
        let mut s = connect(&c);
        write!(
            s,
            "GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        read_all(&mut s)
    };
    let location = |reply: &str| {
        reply
            .lines()
            .find_map(|l| l.strip_prefix("location: "))
            .map(str::to_owned)
    };
    let r = raw("/trackq/kmq");
    assert!(r.starts_with("HTTP/1.1 301"), "{r}");
    assert_eq!(location(&r).as_deref(), Some("/trackq/kmq/"));
    let r = raw("//evil.example");
    assert!(r.starts_with("HTTP/1.1 301"), "{r}");
    assert_eq!(location(&r).as_deref(), Some("/evil.example/"));
    assert_eq!(location(&raw("/docs")).as_deref(), Some("/docs/"));
}
