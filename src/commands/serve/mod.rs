//! `dossier serve`: builds the archive into a private temporary folder, serves that folder over
//! HTTP, watches content/, themes/ and config.toml, rebuilds on every change and tells open
//! pages to reload. A failed rebuild leaves the last good site in place: its errors go to the
//! terminal and onto every page served until the archive builds again.
//!
//! Two sides: a few threads of a tokio runtime answer requests (`http`: hyper, with limits on
//! each connection and the `Host` rule of `hosts`; `files`: the site's files; `body`: what a
//! response carries), and one thread watches and rebuilds (`watch`: notify, and the `Builder`).
//! They share `live::Live`: the site's folder, the last build's errors and the open reload
//! streams. `workspace` makes the private folder the site is built into.

mod body;
mod files;
mod hosts;
mod http;
mod live;
mod watch;
mod workspace;

use std::io::IsTerminal;
use std::net::{IpAddr, TcpListener};
use std::sync::Arc;

use crate::error::Error;
use crate::Options;

use hosts::Hosts;
use live::Live;
use watch::Builder;

/// What `dossier serve` is asked to do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub site: Options,
    pub port: u16,
    pub bind: String,
    /// Names the server answers to besides its own (see `hosts`).
    pub allow_hosts: Vec<String>,
    pub open: bool,
    pub quiet: bool,
    /// Says how long each stage of each build took.
    pub verbose: bool,
}

/// How many ports after the one asked for are tried when it is taken.
const MORE_PORTS: u16 = 10;

/// Builds, serves and rebuilds until the process is killed.
pub fn serve(options: &ServeOptions) -> Result<(), Error> {
    let root = std::path::absolute(&options.site.root)
        .map_err(|e| Error::Failed(format!("cannot use the archive folder: {e}")))?;
    let workspace = workspace::create()?;
    let site_dir = workspace.path().join("site");
    let (listener, port) = listen(&options.bind, options.port)?;
    let url = url_of(&options.bind, port);
    // The 404 page links from the site's own address; here that is the server's.
    let site = Options {
        root: root.clone(),
        output: Some(site_dir.clone()),
        base_url: Some(url.clone()),
        ..options.site.clone()
    };

    let live = Arc::new(Live::new(site_dir));
    let mut builder = Builder::new(site, Arc::clone(&live), options.quiet, colour());
    builder.verbose = options.verbose;
    builder.build(None);
    watch::start(builder, &root, workspace.path())?;

    if !options.quiet {
        println!("Serving {} at {url} (Ctrl+C stops)", root.display());
    }
    if options.open {
        open_browser(&url);
    }
    let site = http::Site {
        live,
        hosts: Hosts::new(&options.bind, &options.allow_hosts),
    };
    let served = http::run(listener, site);
    drop(workspace);
    served
}

/// Listens on `port`, or on the first free one of the next few, saying so when it moves on.
fn listen(host: &str, port: u16) -> Result<(TcpListener, u16), Error> {
    let last = port.saturating_add(MORE_PORTS);
    for candidate in port..=last {
        match TcpListener::bind((host, candidate)) {
            Ok(listener) => {
                let bound = listener
                    .local_addr()
                    .map_err(|e| Error::Failed(format!("cannot listen on {host}: {e}")))?
                    .port();
                if candidate != port {
                    eprintln!(
                        "warning: port {port} on {host} is in use; serving on port {bound} instead"
                    );
                }
                return Ok((listener, bound));
            }
            Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => continue,
            Err(e) => {
                return Err(Error::Failed(format!(
                    "cannot listen on {host} port {candidate}: {e}"
                )))
            }
        }
    }
    Err(Error::Failed(format!(
        "ports {port} to {last} on {host} are all in use; choose another with --port"
    )))
}

/// The address a browser opens: IPv6 hosts in brackets.
fn url_of(host: &str, port: u16) -> String {
    match host.parse::<IpAddr>() {
        Ok(IpAddr::V6(ip)) => format!("http://[{ip}]:{port}/"),
        _ => format!("http://{host}:{port}/"),
    }
}

/// Colour in terminal messages only on a terminal, and never with NO_COLOR.
fn colour() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Asks the desktop to open `url`; says so, and goes on, when it cannot.
fn open_browser(url: &str) {
    let (program, args): (&str, &[&str]) = if cfg!(target_os = "macos") {
        ("open", &[])
    } else if cfg!(windows) {
        ("cmd", &["/C", "start", ""])
    } else {
        ("xdg-open", &[])
    };
    let spawned = std::process::Command::new(program)
        .args(args)
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    match spawned {
        Ok(mut child) => {
            std::thread::spawn(move || child.wait());
        }
        Err(e) => eprintln!("note: cannot open a browser with {program} ({e}); open {url}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moves_to_the_next_port_when_one_is_taken() {
        let (taken, port) = listen("127.0.0.1", 0).unwrap();
        let (_next, chosen) = listen("127.0.0.1", port).unwrap();
        assert_ne!(chosen, port);
        assert!(chosen > port && chosen <= port + MORE_PORTS);
        drop(taken);
    }

    #[test]
    fn writes_urls_for_both_address_families() {
        assert_eq!(url_of("127.0.0.1", 1111), "http://127.0.0.1:1111/");
        assert_eq!(url_of("::1", 8080), "http://[::1]:8080/");
        assert_eq!(url_of("localhost", 1), "http://localhost:1/");
    }
}
