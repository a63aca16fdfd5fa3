//! Who may talk to the preview: requests must name it by a host it answers to.
//!
//! A web page the author visits can make the browser send requests to the preview
//! (`http://127.0.0.1:1111`), and with DNS rebinding it can even read the answers:
//! its own name (`evil.example`) is made to resolve to `127.0.0.1`, so the browser
//! treats the preview as same-origin. What such a request cannot hide is its
//! `Host` header, which still says `evil.example`. So every request must name the
//! server as the bound address, `localhost`, `127.0.0.1` or `[::1]` with the port
//! (or a host given with `--allowed-host`); any other gets 403 (as Vite and
//! webpack-dev-server do). The live-reload channel also refuses cross-origin
//! requests (an `Origin` header naming another site), which could otherwise hold
//! its limited connections open from any page.

use std::net::{IpAddr, SocketAddr};

/// The `host:port` names the server answers to.
#[derive(Debug, Clone)]
pub struct Access {
    authorities: Vec<String>,
}

impl Access {
    /// The loopback names, the bound address and `extra` hosts, each with the bound port.
    pub fn new(address: SocketAddr, extra: &[String]) -> Self {
        let port = address.port();
        let bound = match address.ip() {
            IpAddr::V4(ip) => ip.to_string(),
            IpAddr::V6(ip) => format!("[{ip}]"),
        };
        let hosts = ["localhost".to_owned(), "127.0.0.1".to_owned(), "[::1]".to_owned(), bound]
            .into_iter()
            .chain(extra.iter().map(|h| h.trim().to_ascii_lowercase()));
        let mut authorities: Vec<String> = hosts.map(|host| format!("{host}:{port}")).collect();
        // Browsers leave out the default port.
        if port == 80 {
            let bare: Vec<String> =
                authorities.iter().filter_map(|a| a.strip_suffix(":80")).map(str::to_owned).collect();
            authorities.extend(bare);
        }
        authorities.sort();
        authorities.dedup();
        Access { authorities }
    }

    /// Whether a request's `Host` header names this server.
    pub fn allows_host(&self, host: Option<&str>) -> bool {
        host.is_some_and(|host| self.authorities.iter().any(|a| a.eq_ignore_ascii_case(host.trim())))
    }

    /// Whether a request's `Origin` header (absent for same-origin requests) is this server.
    pub fn allows_origin(&self, origin: Option<&str>) -> bool {
        match origin {
            None => true,
            Some(origin) => origin.strip_prefix("http://").is_some_and(|host| self.allows_host(Some(host))),
        }
    }

    /// The names allowed, for the refusal's explanation.
    pub fn describe(&self) -> String {
        self.authorities.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn access(address: &str, extra: &[&str]) -> Access {
        let extra: Vec<String> = extra.iter().map(|s| s.to_string()).collect();
        Access::new(address.parse().unwrap(), &extra)
    }

    #[test]
    fn loopback_names_with_the_port_are_allowed() {
        let access = access("127.0.0.1:1111", &[]);
        for host in ["127.0.0.1:1111", "localhost:1111", "LOCALHOST:1111", "[::1]:1111"] {
            assert!(access.allows_host(Some(host)), "{host}");
        }
    }

    #[test]
    fn other_names_other_ports_and_no_host_are_refused() {
        let access = access("127.0.0.1:1111", &[]);
        for host in ["evil.example:1111", "127.0.0.1:2222", "127.0.0.1", "localhost", "localhost.:1111", ""] {
            assert!(!access.allows_host(Some(host)), "{host}");
        }
        assert!(!access.allows_host(None));
    }

    #[test]
    fn the_bound_address_and_allowed_hosts_are_allowed() {
        let access = access("192.168.1.5:1111", &["Laptop.lan"]);
        assert!(access.allows_host(Some("192.168.1.5:1111")));
        assert!(access.allows_host(Some("laptop.lan:1111")));
        let v6 = self::access("[fe80::1]:8000", &[]);
        assert!(v6.allows_host(Some("[fe80::1]:8000")));
    }

    #[test]
    fn port_80_may_be_left_out() {
        let access = access("127.0.0.1:80", &[]);
        assert!(access.allows_host(Some("localhost")));
        assert!(access.allows_host(Some("localhost:80")));
    }

    #[test]
    fn only_the_server_itself_is_an_allowed_origin() {
        let access = access("127.0.0.1:1111", &[]);
        assert!(access.allows_origin(None));
        assert!(access.allows_origin(Some("http://localhost:1111")));
        assert!(!access.allows_origin(Some("http://evil.example")));
        assert!(!access.allows_origin(Some("null")));
        assert!(!access.allows_origin(Some("https://localhost:1111")));
    }
}
