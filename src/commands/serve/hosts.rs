//! Which names the server answers to. A web page can point a name it controls at 127.0.0.1
//! (DNS rebinding) and then read the preview, drafts included, as if it were its own site; the
//! browser still sends that name in `Host`, so a request whose `Host` is not one of ours is
//! refused.
//!
//! Always allowed: `localhost` and `*.localhost`, the loopback addresses, the address given to
//! `--bind`, and each `--allow-host` name. When the server listens beyond this machine (on
//! 0.0.0.0, `::` or another address that is not loopback), also any IP address and the
//! machine's host name, which is how other machines reach it. Ports are not compared: a
//! forwarded port sends another one, and a name cannot be rebound through a port.

use std::net::IpAddr;

/// The names a request's `Host` may carry.
#[derive(Debug, Clone)]
pub(super) struct Hosts {
    /// `--bind`, lowercased, without brackets.
    bound: String,
    /// Whether the server listens beyond the loopback interface.
    public: bool,
    /// The machine's host name, lowercased, when the server listens beyond loopback.
    machine: Option<String>,
    /// The `--allow-host` names, lowercased.
    extra: Vec<String>,
}

impl Hosts {
    /// The rule for a server bound to `bind`, with the names of `--allow-host` added.
    pub(super) fn new(bind: &str, extra: &[String]) -> Hosts {
        let bound = normalize(bind.trim_start_matches('[').trim_end_matches(']'));
        let public = match bound.parse::<IpAddr>() {
            Ok(ip) => !ip.is_loopback(),
            Err(_) => !is_localhost(&bound),
        };
        let machine = public
            .then(|| normalize(&gethostname::gethostname().to_string_lossy()))
            .filter(|name| !name.is_empty());
        Hosts {
            bound,
            public,
            machine,
            extra: extra.iter().map(|name| normalize(name)).collect(),
        }
    }

    /// Whether a request with this `Host` value (a name or address, perhaps with a port) is
    /// answered.
    pub(super) fn allows(&self, host: &str) -> bool {
        let Some(name) = name_of(host) else {
            return false;
        };
        if is_localhost(&name) || name == self.bound || self.extra.contains(&name) {
            return true;
        }
        if let Ok(ip) = name.parse::<IpAddr>() {
            return ip.is_loopback() || self.public;
        }
        self.machine.as_deref() == Some(name.as_str())
    }
}

/// The host of a `Host` value without its port and brackets, lowercased and without a final
/// dot; `None` when the value is not a host at all.
fn name_of(host: &str) -> Option<String> {
    let (name, port) = match host.strip_prefix('[') {
        Some(rest) => {
            let (inside, after) = rest.split_once(']')?;
            (
                inside,
                after.strip_prefix(':').or(after.is_empty().then_some("")),
            )
        }
        None => match host.rsplit_once(':') {
            Some((name, port)) => (name, Some(port)),
            None => (host, Some("")),
        },
    };
    let port = port?;
    let valid = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_' | ':');
    if name.is_empty() || !name.chars().all(valid) || !port.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    // A colon is part of an address only inside brackets.
    if !host.starts_with('[') && name.contains(':') {
        return None;
    }
    Some(normalize(name))
}

fn normalize(name: &str) -> String {
    name.trim_end_matches('.').to_ascii_lowercase()
}

/// `localhost` and its subdomains, which resolve to loopback by rule (RFC 6761).
fn is_localhost(name: &str) -> bool {
    name == "localhost" || name.ends_with(".localhost")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_loopback_server_answers_to_its_own_names_only() {
        let hosts = Hosts::new("127.0.0.1", &[]);
        for host in [
            "localhost",
            "localhost:1111",
            "LocalHost.:1111",
            "site.localhost:8080",
            "127.0.0.1",
            "127.0.0.1:1111",
            "127.0.0.2:1111",
            "[::1]",
            "[::1]:1111",
        ] {
            assert!(hosts.allows(host), "{host}");
        }
        for host in [
            "evil.example",
            "evil.example:1111",
            "localhost.evil.example",
            "192.168.1.4:1111",
            "[2001:db8::1]:1111",
            "",
            ":1111",
            "localhost:http",
            "::1",
            "[::1",
            "local host",
            "localhost/",
            "127.0.0.1:1111@evil.example",
        ] {
            assert!(!hosts.allows(host), "{host}");
        }
    }

    #[test]
    fn allowed_names_are_added() {
        let hosts = Hosts::new("127.0.0.1", &["Preview.Example".into()]);
        assert!(hosts.allows("preview.example:1111"));
        assert!(!hosts.allows("other.example"));
    }

    #[test]
    fn a_server_on_all_interfaces_answers_to_addresses_and_the_machine_name() {
        let hosts = Hosts::new("0.0.0.0", &[]);
        assert!(hosts.allows("192.168.1.4:1111"));
        assert!(hosts.allows("[2001:db8::1]:1111"));
        assert!(hosts.allows("0.0.0.0:1111"));
        assert!(!hosts.allows("evil.example"));
        let name = gethostname::gethostname().to_string_lossy().into_owned();
        if !name.is_empty() {
            assert!(hosts.allows(&format!("{name}:1111")));
        }
        assert!(!Hosts::new("::1", &[]).allows("192.168.1.4"));
    }

    #[test]
    fn the_bound_name_is_allowed() {
        let hosts = Hosts::new("[::1]", &[]);
        assert!(hosts.allows("[::1]:1111"));
        assert!(!hosts.allows("192.168.1.4"));
        let named = Hosts::new("preview.lan", &[]);
        assert!(named.allows("preview.lan:1111"));
        assert!(named.allows("10.0.0.2"));
    }
}
