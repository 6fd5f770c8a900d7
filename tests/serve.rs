//! `dossier serve`, run as a real process on a copy of the fixture: pages over HTTP, rebuilds and
//! reloads on change, the last good site and an error banner when a change breaks the build,
//! refused addresses, and what happens when the port is taken.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::common::{copy_tree, dossier, Archive};

/// How long a rebuild may take to show, on a slow machine.
const PATIENCE: Duration = Duration::from_secs(20);
/// How long the server may take to build and say its address, on a machine as busy as CI's
/// with every other test running beside it.
const START_PATIENCE: Duration = Duration::from_secs(90);

const DOHA: &str = "content/briefings/2023-10-20-doha.md";
const DOHA_PAGE: &str = "/briefings/2023-10-20-doha/";

/// A running `dossier serve`, killed when dropped, even when a test fails.
struct Server {
    child: Child,
    port: u16,
    stdout: Receiver<String>,
    stderr: Arc<Mutex<String>>,
}

impl Server {
    /// Starts the server on `port` (or the next free one) and waits until it says its address.
    fn start(archive: &Archive, port: u16) -> Server {
        Server::start_with(archive, port, &[])
    }

    /// Starts the server with more arguments.
    fn start_with(archive: &Archive, port: u16, args: &[&str]) -> Server {
        let mut child = dossier(archive.root())
            .args(["serve", "--port", &port.to_string()])
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start dossier serve");
        let stdout = lines(child.stdout.take().unwrap());
        let stderr = collect(child.stderr.take().unwrap());
        let mut server = Server {
            child,
            port: 0,
            stdout,
            stderr,
        };
        let line = server.wait_for_line_within("Serving", START_PATIENCE);
        let url = line
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .unwrap_or_else(|| panic!("no address in {line:?}"));
        server.port = url
            .trim_start_matches("http://127.0.0.1:")
            .trim_end_matches('/')
            .parse()
            .unwrap_or_else(|_| panic!("no port in {url}"));
        server
    }

    /// The next line of standard output that contains `text`.
    fn wait_for_line(&mut self, text: &str) -> String {
        self.wait_for_line_within(text, PATIENCE)
    }

    /// The next line of standard output that contains `text`, if it comes within `patience`.
    fn wait_for_line_within(&mut self, text: &str, patience: Duration) -> String {
        let deadline = Instant::now() + patience;
        let mut said = Vec::new();
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match self.stdout.recv_timeout(left) {
                Ok(line) if line.contains(text) => return line,
                Ok(line) => said.push(line),
                Err(_) => break,
            }
        }
        let running = match self.child.try_wait() {
            Ok(Some(status)) => format!("it ended: {status}"),
            Ok(None) => "it is still running".to_string(),
            Err(e) => format!("cannot tell whether it runs: {e}"),
        };
        panic!(
            "the server never said {text:?} in {patience:?} ({running}); stdout:\n{}\nstderr:\n{}",
            said.join("\n"),
            self.stderr()
        );
    }

    fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    fn get(&self, path: &str) -> Response {
        get(self.port, path)
    }

    /// Fetches `path` until `done` holds for the page, and returns that page.
    fn poll(&self, path: &str, what: &str, done: impl Fn(&Response) -> bool) -> Response {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let response = self.get(path);
            if done(&response) {
                return response;
            }
            if Instant::now() > deadline {
                panic!(
                    "{path} never showed {what}; last page:\n{}\nstderr:\n{}",
                    response.body,
                    self.stderr()
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn lines(stream: impl Read + Send + 'static) -> Receiver<String> {
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines().map_while(Result::ok) {
            if sender.send(line).is_err() {
                break;
            }
        }
    });
    receiver
}

fn collect(mut stream: impl Read + Send + 'static) -> Arc<Mutex<String>> {
    let text = Arc::new(Mutex::new(String::new()));
    let sink = Arc::clone(&text);
    std::thread::spawn(move || {
        let mut buffer = [0; 4096];
        while let Ok(n @ 1..) = stream.read(&mut buffer) {
            sink.lock()
                .unwrap()
                .push_str(&String::from_utf8_lossy(&buffer[..n]));
        }
    });
    text
}

/// An HTTP response, as this test's tiny client reads it.
struct Response {
    status: u16,
    head: String,
    body: String,
}

impl Response {
    fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.eq_ignore_ascii_case(name).then(|| value.trim())
        })
    }
}

/// `GET path` over a fresh connection, sent exactly as written (no normalizing of `..`).
fn get(port: u16, path: &str) -> Response {
    get_from(port, path, "127.0.0.1")
}

/// `GET path` for the site named `host`.
fn get_from(port: u16, path: &str, host: &str) -> Response {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("read the response");
    parse(&raw)
}

fn parse(raw: &[u8]) -> Response {
    let raw = String::from_utf8_lossy(raw).into_owned();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status in {head:?}"));
    Response {
        status,
        head: head.to_string(),
        body: body.to_string(),
    }
}

/// A port nobody listens on now (the server moves on if another test takes it meanwhile).
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Holds `count` consecutive ports, so a server cannot have them.
fn hold_ports(count: u16) -> Vec<TcpListener> {
    for _ in 0..50 {
        let base = free_port();
        if base > u16::MAX - count {
            continue;
        }
        let held: Vec<TcpListener> = (base..base + count)
            .map_while(|port| TcpListener::bind(("127.0.0.1", port)).ok())
            .collect();
        if held.len() == usize::from(count) {
            return held;
        }
    }
    panic!("found no {count} free ports in a row");
}

fn port_of(listener: &TcpListener) -> u16 {
    listener.local_addr().unwrap().port()
}

#[test]
fn serves_the_site_with_the_reload_script() {
    let archive = Archive::fixture("minimal");
    let server = Server::start(&archive, free_port());

    let home = server.get("/");
    assert_eq!(home.status, 200);
    assert_eq!(
        home.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert_contains!(home.body, "Minimal archive");
    assert_contains!(
        home.body,
        "<script src=\"/__dossier/reload.js\"></script>\n</body>"
    );
    assert!(!home.body.contains("dossier-error"));

    let page = server.get(DOHA_PAGE);
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Talks in Doha"));

    let css = server.get("/style.css");
    assert_eq!(css.header("content-type"), Some("text/css; charset=utf-8"));
    assert!(!css.body.contains("reload.js"), "only pages get the script");

    let script = server.get("/__dossier/reload.js");
    assert_eq!(script.status, 200);
    assert!(script
        .body
        .contains("new EventSource(\"/__dossier/events\")"));

    let folder = server.get("/briefings/2023-10-20-doha");
    assert_eq!(folder.status, 301, "relative links need the final slash");
    assert_eq!(folder.header("location"), Some(DOHA_PAGE));

    let missing = server.get("/no/such/page/");
    assert_eq!(missing.status, 404);
    assert_contains!(missing.body, "Page not found");
    assert!(missing.body.contains("reload.js"));

    for escape in [
        "/../config.toml",
        "/briefings/../../config.toml",
        "/%2e%2e/config.toml",
    ] {
        let refused = server.get(escape);
        assert_eq!(refused.status, 400, "{escape}");
        assert!(!refused.body.contains("Minimal archive"), "{escape}");
    }

    assert!(
        !archive.root().join("public").exists(),
        "the server builds into a private folder, not the archive's public/"
    );
}

#[test]
fn a_change_rebuilds_and_tells_open_pages_to_reload() {
    let archive = Archive::fixture("minimal");
    let mut server = Server::start(&archive, free_port());

    let (mut events, mut stream) = open_events(server.port);
    assert!(
        stream.starts_with("HTTP/1.1 200 OK\r\n"),
        "the event stream opens: {stream}"
    );
    assert_contains!(stream, "Content-Type: text/event-stream");
    assert!(!stream.contains("data: reload"));

    let doha = std::fs::read_to_string(archive.root().join(DOHA)).unwrap();
    let changed = Instant::now();
    archive.write(
        DOHA,
        doha.replace("Talks in Doha", "Talks in Doha, revised"),
    );
    let page = server.poll(DOHA_PAGE, "the new title", |r| {
        r.body.contains("Talks in Doha, revised")
    });
    let latency = changed.elapsed();
    eprintln!("rebuild seen by a reader after {latency:?}");
    assert_eq!(page.status, 200);
    read_until(&mut events, &mut stream, "data: reload\n\n");
    let line = server.wait_for_line("Built 3 briefings");
    assert!(
        line.contains("2023-10-20-doha.md changed"),
        "each rebuild says why and what it built: {line}"
    );
    // The server keeps its last build in memory: a body edit makes its own page again and the
    // pages that show it, and keeps the rest.
    let unchanged: usize = line
        .split(" unchanged")
        .next()
        .and_then(|head| head.rsplit(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no count of unchanged files in {line}"));
    assert!(unchanged > 10, "the rest is kept: {line}");
    archive.write(
        DOHA,
        doha.replace("Talks in Doha", "Talks in Doha, revised") + "\nOne more line.\n",
    );
    let again = server.wait_for_line("Built 3 briefings");
    let written: usize = again
        .split(" files written")
        .next()
        .and_then(|head| head.rsplit('(').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no count of written files in {again}"));
    // Its page, the data export, the feed, and of the search index the shards that hold its
    // record and its new words (dictionary, near words, postings).
    assert!(
        written <= 7,
        "a body edit writes its page and few others: {again}"
    );
}

/// Opens a reload stream as the reload script does; returns it with what it sent until the
/// browser was told when to reconnect.
fn open_events(port: u16) -> (TcpStream, String) {
    let mut events = TcpStream::connect(("127.0.0.1", port)).unwrap();
    events
        .set_read_timeout(Some(Duration::from_millis(200)))
        .unwrap();
    write!(
        events,
        "GET /__dossier/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n"
    )
    .unwrap();
    let mut text = String::new();
    read_until(&mut events, &mut text, "retry:");
    (events, text)
}

/// Reads the stream into `text` until it holds `wanted`, within the test's patience.
fn read_until(stream: &mut TcpStream, text: &mut String, wanted: &str) {
    let deadline = Instant::now() + PATIENCE;
    let mut buffer = [0; 1024];
    while !text.contains(wanted) {
        assert!(
            Instant::now() < deadline,
            "the stream never sent {wanted:?}: {text}"
        );
        match stream.read(&mut buffer) {
            Ok(0) => panic!("the stream closed before {wanted:?}: {text}"),
            Ok(n) => text.push_str(&String::from_utf8_lossy(&buffer[..n])),
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) => {}
            Err(e) => panic!("reading the stream: {e}"),
        }
    }
}

#[test]
fn a_broken_change_keeps_the_last_good_site_and_shows_the_error() {
    let archive = Archive::fixture("minimal");
    let server = Server::start(&archive, free_port());
    let doha = std::fs::read_to_string(archive.root().join(DOHA)).unwrap();

    archive.write(
        DOHA,
        doha.replace("Talks in Doha", "Broken talks")
            .replace("\"Zhai\"", "\"zhai-jn\""),
    );
    let page = server.poll(DOHA_PAGE, "the error banner", |r| {
        r.body.contains("id=\"dossier-error\"")
    });
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("<title>Talks in Doha"),
        "the last good page is still served: {}",
        page.body
    );
    assert!(!page.body.contains("Broken talks"));
    let banner = &page.body[page.body.find("id=\"dossier-error\"").unwrap()..];
    assert_contains!(banner, "unknown actor");
    assert_contains!(banner, "content/briefings/2023-10-20-doha.md");
    assert!(
        banner.contains("actors = [&quot;zhai-jn&quot;"),
        "the source line is shown, escaped: {banner}"
    );
    let home = server.get("/");
    assert!(
        home.body.contains("id=\"dossier-error\""),
        "every page shows it"
    );
    let stderr = server.stderr();
    assert_contains!(stderr, "error: unknown actor 'zhai-jn'");
    assert_contains!(stderr, "2023-10-20-doha.md:4");

    archive.write(DOHA, doha.replace("Talks in Doha", "Talks in Doha, fixed"));
    // The files change a moment before the banner goes; pages reload only after both.
    server.poll(DOHA_PAGE, "the fixed page without the banner", |r| {
        r.body.contains("Talks in Doha, fixed") && !r.body.contains("dossier-error")
    });
}

#[test]
fn a_content_folder_removed_and_made_anew_is_followed_anew() {
    let archive = Archive::fixture("minimal");
    let server = Server::start(&archive, free_port());
    let content = archive.root().join("content");
    let aside = tempfile::tempdir().unwrap();
    copy_tree(&content, aside.path());
    // Removed, then made again from a copy: new folders, which a watch on the old ones would
    // never hear from.
    std::fs::remove_dir_all(&content).unwrap();
    server.poll("/", "the error of an archive without content", |r| {
        r.body.contains("id=\"dossier-error\"")
    });
    copy_tree(aside.path(), &content);
    server.poll(DOHA_PAGE, "the page again, without the banner", |r| {
        r.status == 200 && !r.body.contains("dossier-error")
    });
    let doha = std::fs::read_to_string(archive.root().join(DOHA)).unwrap();
    archive.write(
        DOHA,
        doha.replace("Talks in Doha", "Talks in Doha, seen anew"),
    );
    server.poll(DOHA_PAGE, "the edit made in the new folder", |r| {
        r.body.contains("Talks in Doha, seen anew")
    });
}

#[test]
fn a_server_started_on_a_broken_archive_shows_the_error_until_it_builds() {
    let archive = Archive::fixture("minimal");
    archive.configure("colour = \"blue\"\n");
    let server = Server::start(&archive, free_port());
    let home = server.get("/");
    assert_eq!(home.status, 404, "nothing has built yet");
    assert_contains!(home.body, "id=\"dossier-error\"");
    assert_contains!(home.body, "colour");
    assert!(home.body.contains("reload.js"));

    let config = std::fs::read_to_string(archive.root().join("config.toml")).unwrap();
    archive.write("config.toml", config.replace("colour = \"blue\"\n", ""));
    // The files change a moment before the banner goes.
    let fixed = server.poll("/", "the home page without the banner", |r| {
        r.status == 200 && !r.body.contains("dossier-error")
    });
    assert!(fixed.body.contains("Minimal archive"));
}

#[test]
fn a_port_in_use_moves_the_server_to_the_next_free_one() {
    let archive = Archive::fixture("minimal");
    let held = hold_ports(1);
    let taken = port_of(&held[0]);
    let server = Server::start(&archive, taken);
    assert_ne!(server.port, taken);
    assert!(server.port > taken && server.port <= taken + 10);
    let stderr = server.stderr();
    assert_contains!(
        stderr,
        &format!(
            "port {taken} on 127.0.0.1 is in use; serving on port {} instead",
            server.port
        )
    );
    assert_eq!(server.get("/").status, 200);
}

#[test]
fn no_free_port_is_a_clear_error() {
    let archive = Archive::fixture("minimal");
    let held = hold_ports(11);
    let first = port_of(&held[0]);
    let mut child = dossier(archive.root())
        .args(["serve", "--port", &first.to_string()])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = collect(child.stderr.take().unwrap());
    let deadline = Instant::now() + PATIENCE;
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("the server kept running without a port");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(status.code(), Some(1));
    let wanted = format!(
        "error: ports {first} to {} on 127.0.0.1 are all in use; choose another with --port",
        first + 10
    );
    let deadline = Instant::now() + PATIENCE;
    while !stderr.lock().unwrap().contains(&wanted) {
        assert!(Instant::now() < deadline, "{}", stderr.lock().unwrap());
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Adds a theme whose one static file, `big.bin`, has `size` bytes: a file much larger than
/// what the connection's buffers hold.
fn with_big_file(archive: &Archive, size: usize) {
    archive.configure("theme = \"big\"\n");
    archive.write("themes/big/static/big.bin", vec![b'x'; size]);
}

#[test]
fn a_client_that_never_reads_stalls_no_one_else() {
    let archive = Archive::fixture("minimal");
    with_big_file(&archive, 32 << 20);
    let server = Server::start(&archive, free_port());

    let mut stalled = Vec::new();
    for _ in 0..3 {
        let mut stream = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
        write!(stream, "GET /big.bin HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
        stalled.push(stream);
    }
    // Time for the server to fill the stalled connections' buffers and wait on them.
    std::thread::sleep(Duration::from_millis(500));

    let started = Instant::now();
    let home = server.get("/");
    let latency = started.elapsed();
    eprintln!("a request beside three stalled readers took {latency:?}");
    assert_eq!(home.status, 200);
    assert_contains!(home.body, "Minimal archive");
    assert!(
        latency < Duration::from_secs(1),
        "the request waited {latency:?} for clients that do not read"
    );

    // The big file itself is sent whole to a client that reads it.
    let big = server.get("/big.bin");
    assert_eq!(big.status, 200);
    assert_eq!(big.header("content-length"), Some("33554432"));
    assert_eq!(big.body.len(), 32 << 20);
    drop(stalled);
}

/// The resident and the peak memory of a process, in kB, from /proc.
#[cfg(target_os = "linux")]
fn memory_of(pid: u32) -> (u64, u64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let field = |name: &str| -> u64 {
        status
            .lines()
            .find_map(|line| line.strip_prefix(name))
            .and_then(|rest| rest.split_whitespace().next())
            .and_then(|kb| kb.parse().ok())
            .unwrap_or_else(|| panic!("no {name} in {status}"))
    };
    (field("VmRSS:"), field("VmHWM:"))
}

#[test]
#[cfg(target_os = "linux")]
fn a_huge_request_line_is_refused_and_costs_no_memory() {
    let archive = Archive::fixture("minimal");
    let server = Server::start(&archive, free_port());
    assert_eq!(server.get("/").status, 200);
    let (rss_before, peak_before) = memory_of(server.child.id());

    // Up to 300 MB of request line, sent without waiting for an answer; the server may close
    // the connection long before.
    let mut stream = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    stream
        .set_write_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    stream.write_all(b"GET /").unwrap();
    let chunk = vec![b'a'; 1 << 20];
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut sent = 0;
    while sent < 300 << 20 && Instant::now() < deadline {
        match stream.write(&chunk) {
            Ok(n) => sent += n,
            Err(_) => break,
        }
    }
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    let (rss_after, peak_after) = memory_of(server.child.id());
    eprintln!(
        "sent {} MB of request line; server RSS {rss_before} kB before, {rss_after} kB after, \
         peak {peak_before} kB before, {peak_after} kB after",
        sent >> 20
    );
    if !answer.is_empty() {
        let status = parse(&answer).status;
        assert!(matches!(status, 400 | 414 | 431), "answered {status}");
    }
    assert!(
        peak_after < peak_before + 32 * 1024,
        "the server grew from {peak_before} kB to {peak_after} kB at its peak"
    );
    assert_eq!(server.get("/").status, 200, "the server still serves");
}

#[test]
fn a_request_head_past_the_limit_is_answered_431() {
    let archive = Archive::fixture("minimal");
    let server = Server::start(&archive, free_port());
    let mut stream = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let long = "a".repeat(20 * 1024);
    // Sent whole, so the server has read all of it when it answers.
    let _ = write!(stream, "GET /{long}");
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    assert_eq!(parse(&answer).status, 431);
}

#[test]
fn only_requests_for_our_own_names_are_answered() {
    let archive = Archive::fixture("minimal");
    let server = Server::start(&archive, free_port());
    let port = server.port;

    let rebound = get_from(port, "/", "evil.example");
    assert_eq!(rebound.status, 421);
    assert!(!rebound.body.contains("Minimal archive"));
    assert_contains!(rebound.body, "--allow-host");
    assert_eq!(
        get_from(port, "/", &format!("evil.example:{port}")).status,
        421
    );

    for host in [format!("localhost:{port}"), format!("127.0.0.1:{port}")] {
        let page = get_from(port, "/", &host);
        assert_eq!(page.status, 200, "{host}");
        assert_contains!(page.body, "Minimal archive");
    }
}

#[test]
fn an_allowed_name_is_answered() {
    let archive = Archive::fixture("minimal");
    let server = Server::start_with(&archive, free_port(), &["--allow-host", "preview.example"]);
    assert_eq!(get_from(server.port, "/", "preview.example").status, 200);
    assert_eq!(get_from(server.port, "/", "other.example").status, 421);
}

#[test]
fn redirects_never_leave_the_server() {
    let archive = Archive::fixture("minimal");
    let server = Server::start(&archive, free_port());
    for path in ["//briefings", "///briefings", "/.//briefings"] {
        let moved = server.get(path);
        assert_eq!(moved.status, 301, "{path}");
        assert_eq!(moved.header("location"), Some("/briefings/"), "{path}");
    }
    for path in [
        "/\\evil.com",
        "//evil.com",
        "/%2F%2Fevil.com",
        "/%5Cevil.com",
    ] {
        let answer = server.get(path);
        let location = answer.header("location").unwrap_or("");
        assert!(
            !location.starts_with("//") && !location.starts_with("/\\"),
            "{path} → {location}"
        );
        assert_ne!(answer.status, 200, "{path}");
    }
}

#[test]
fn ignore_files_rebuild_the_site() {
    let archive = Archive::fixture("minimal");
    let server = Server::start(&archive, free_port());
    assert_eq!(server.get(DOHA_PAGE).status, 200);

    archive.write("content/briefings/.gitignore", "2023-10-20-doha.md\n");
    server.poll(DOHA_PAGE, "no page", |r| r.status == 404);
    archive.remove("content/briefings/.gitignore");
    server.poll(DOHA_PAGE, "the page again", |r| r.status == 200);

    archive.write(".ignore", "content/briefings/2023-10-20-doha.md\n");
    server.poll(DOHA_PAGE, "no page", |r| r.status == 404);
}

#[test]
fn many_open_pages_all_hear_of_a_rebuild() {
    const PAGES: usize = 1100;
    let archive = Archive::fixture("minimal");
    let server = Server::start(&archive, free_port());
    let mut streams: Vec<_> = (0..PAGES).map(|_| open_events(server.port)).collect();
    assert_eq!(server.get("/").status, 200, "pages are served beside them");

    let doha = std::fs::read_to_string(archive.root().join(DOHA)).unwrap();
    archive.write(DOHA, doha.replace("Talks in Doha", "Talks in Doha, again"));
    for (stream, text) in &mut streams {
        read_until(stream, text, "data: reload\n\n");
    }
}

#[test]
fn a_template_that_includes_itself_is_an_error_and_the_server_stays_up() {
    let archive = Archive::fixture("minimal");
    let server = Server::start(&archive, free_port());
    archive.write(
        "themes/mine/templates/tag.html",
        "{% extends \"base.html\" %}{% block main %}{% include \"tag.html\" %}{% endblock main %}",
    );
    archive.configure("theme = \"mine\"\n");
    let page = server.poll("/", "the error banner", |r| {
        r.body.contains("id=\"dossier-error\"")
    });
    let banner = &page.body[page.body.find("id=\"dossier-error\"").unwrap()..];
    assert_contains!(banner, "themes/mine/templates/tag.html");
    assert_contains!(banner, "renders itself");
    assert_eq!(server.get("/").status, 200, "the last good site is served");
}
