//! Fetching a portal's contact page for auto-click, safe against server-side request forgery: a
//! link in an inbound mail is attacker-controlled, and must never make the server read its own
//! network (cloud metadata, admin ports, the database).
//!
//! * Only allow-listed host suffixes (the portals' provider areas); https only in production.
//! * We resolve the name ourselves and check every address against private, loopback,
//!   link-local, CGNAT, unspecified, broadcast, multicast and reserved IPv4 ranges and the IPv6
//!   loopback, ULA, link-local, site-local, multicast ranges (and the IPv4 inside mapped, NAT64
//!   and 6to4 addresses); then reqwest connects to exactly those checked addresses (`resolve`),
//!   so a second, different DNS answer cannot slip in.
//! * Redirects are followed by hand, each hop checked like the first; no proxy, no cookies.
//! * The body is streamed with a byte cap, and the whole fetch has one time limit.
//!
//! A test-only override (`PrivateAddresses`, refused in production by the configuration) lets
//! tests use a page server on loopback.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

use reqwest::header::{ACCEPT, CONTENT_LENGTH, CONTENT_TYPE, LOCATION};
use reqwest::redirect::Policy;
use url::{Host, Url};

use crate::config::{AutoClickSettings, PrivateAddresses};

const MAX_REDIRECTS: usize = 5;

/// Why a page could not be fetched.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FetchError {
    /// Not allowed or not usable (host not allow-listed, private address, too large, 404, not
    /// HTML): trying again cannot help.
    #[error("{0}")]
    Refused(String),
    /// The network or the portal failed (timeout, connection refused, 5xx, 429): worth a retry.
    #[error("{0}")]
    Unavailable(String),
}

impl FetchError {
    pub fn is_refused(&self) -> bool {
        matches!(self, FetchError::Refused(_))
    }
}

/// A fetched page.
#[derive(Debug, Clone)]
pub struct Page {
    /// Where the page came from after redirects.
    pub url: Url,
    pub html: String,
}

#[derive(Clone, Debug)]
pub struct PageFetcher {
    settings: AutoClickSettings,
}

impl PageFetcher {
    pub fn new(settings: AutoClickSettings) -> Self {
        Self { settings }
    }

    /// Fetches `url` within the configured time limit. (The URL stays out of the span: portal
    /// links carry access tokens.)
    #[tracing::instrument(skip_all)]
    pub async fn fetch(&self, url: &str) -> Result<Page, FetchError> {
        let limit = self.settings.timeout;
        match tokio::time::timeout(limit, self.follow(url)).await {
            Ok(result) => result,
            Err(_) => Err(FetchError::Unavailable(format!("no complete answer within {} s", limit.as_secs_f32()))),
        }
    }

    async fn follow(&self, start: &str) -> Result<Page, FetchError> {
        let mut url = Url::parse(start.trim()).map_err(|e| FetchError::Refused(format!("not a web address: {e}")))?;
        for _ in 0..=MAX_REDIRECTS {
            let addresses = self.check(&url).await?;
            let client = self.client_for(&url, &addresses)?;
            let response = client
                .get(url.clone())
                .header(ACCEPT, "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1")
                .send()
                .await
                .map_err(|e| FetchError::Unavailable(format!("{}: {}", redacted(&url), error_chain(&e))))?;
            let status = response.status();
            if status.is_redirection() {
                let location =
                    response.headers().get(LOCATION).and_then(|l| l.to_str().ok()).ok_or_else(|| {
                        FetchError::Refused(format!("a redirect ({status}) without a usable Location"))
                    })?;
                url =
                    url.join(location).map_err(|e| FetchError::Refused(format!("a redirect to '{location}': {e}")))?;
                continue;
            }
            if status.is_server_error() || status.as_u16() == 429 || status.as_u16() == 408 {
                return Err(FetchError::Unavailable(format!("the portal answered {status}")));
            }
            if !status.is_success() {
                return Err(FetchError::Refused(format!("the portal answered {status}")));
            }
            return self.read(url, response).await;
        }
        Err(FetchError::Refused(format!("more than {MAX_REDIRECTS} redirects")))
    }

    /// The scheme and host of one hop, and the addresses it may be reached at.
    async fn check(&self, url: &Url) -> Result<Vec<IpAddr>, FetchError> {
        match url.scheme() {
            "https" => {}
            "http" if !self.settings.https_only => {}
            other => return Err(FetchError::Refused(format!("the scheme '{other}' is not allowed (https only)"))),
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(FetchError::Refused("a link with credentials in it is not followed".into()));
        }
        let port = url.port_or_known_default().ok_or_else(|| FetchError::Refused("the link has no port".into()))?;
        let (name, addresses) = match url.host() {
            None => return Err(FetchError::Refused("the link has no host".into())),
            Some(Host::Domain(domain)) => {
                let domain = domain.trim_end_matches('.').to_ascii_lowercase();
                if !self.host_allowed(&domain) {
                    return Err(FetchError::Refused(format!(
                        "the host '{domain}' is not on the auto-click allow-list"
                    )));
                }
                let resolved = tokio::net::lookup_host((domain.as_str(), port))
                    .await
                    .map_err(|e| FetchError::Unavailable(format!("cannot resolve '{domain}': {e}")))?;
                let mut addresses: Vec<IpAddr> = resolved.map(|a| a.ip()).collect();
                addresses.dedup();
                (domain, addresses)
            }
            Some(Host::Ipv4(ip)) => (ip.to_string(), vec![IpAddr::V4(ip)]),
            Some(Host::Ipv6(ip)) => (ip.to_string(), vec![IpAddr::V6(ip)]),
        };
        if matches!(url.host(), Some(Host::Ipv4(_) | Host::Ipv6(_))) && !self.host_allowed(&name) {
            return Err(FetchError::Refused(format!("the host '{name}' is not on the auto-click allow-list")));
        }
        // Only checked addresses are connected to; one bad answer among good ones is dropped.
        let usable: Vec<IpAddr> = addresses.iter().copied().filter(|ip| self.address_allowed(*ip)).collect();
        match (usable.is_empty(), addresses.first()) {
            (_, None) => Err(FetchError::Unavailable(format!("'{name}' has no address"))),
            (true, Some(first)) => Err(FetchError::Refused(format!(
                "'{name}' resolves to {first}, a private, loopback, link-local or reserved address"
            ))),
            (false, _) => Ok(usable),
        }
    }

    /// A name on the list or below it; an IP literal only when listed exactly.
    fn host_allowed(&self, host: &str) -> bool {
        let literal = host.trim_matches(['[', ']']).parse::<IpAddr>().ok();
        self.settings.hosts.iter().any(|allowed| {
            let allowed_ip = allowed.trim_matches(['[', ']']).parse::<IpAddr>().ok();
            match (literal, allowed_ip) {
                (Some(ip), Some(allowed_ip)) => ip == allowed_ip,
                // An address is allowed only as itself: "10.127.0.0.2" is no subdomain of "127.0.0.2".
                (_, Some(_)) | (Some(_), None) => false,
                (None, None) => {
                    host == allowed || host.strip_suffix(allowed.as_str()).is_some_and(|head| head.ends_with('.'))
                }
            }
        })
    }

    fn address_allowed(&self, ip: IpAddr) -> bool {
        if is_public(ip) {
            return true;
        }
        match &self.settings.allow_private {
            PrivateAddresses::Refused => false,
            PrivateAddresses::All => true,
            PrivateAddresses::Allowed(list) => list.contains(&ip),
        }
    }

    /// A client for one hop: connects only to `addresses`, follows no redirect on its own,
    /// ignores proxy settings and keeps no cookies.
    fn client_for(&self, url: &Url, addresses: &[IpAddr]) -> Result<reqwest::Client, FetchError> {
        let mut builder = reqwest::Client::builder()
            .redirect(Policy::none())
            .no_proxy()
            .user_agent(concat!("Immivo-AutoClick/", env!("CARGO_PKG_VERSION")))
            .connect_timeout(self.settings.timeout)
            .https_only(self.settings.https_only);
        if let Some(Host::Domain(domain)) = url.host() {
            // The port is the URL's; reqwest ignores the one given here.
            let pinned: Vec<SocketAddr> = addresses.iter().map(|ip| SocketAddr::new(*ip, 0)).collect();
            builder = builder.resolve_to_addrs(domain, &pinned);
        }
        builder.build().map_err(|e| FetchError::Unavailable(format!("HTTP client: {e}")))
    }

    async fn read(&self, url: Url, mut response: reqwest::Response) -> Result<Page, FetchError> {
        let max = self.settings.max_bytes;
        let content_type =
            response.headers().get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default().to_ascii_lowercase();
        if !content_type.is_empty() && !content_type.contains("html") {
            return Err(FetchError::Refused(format!("not an HTML page ({content_type})")));
        }
        let declared =
            response.headers().get(CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok());
        if declared.is_some_and(|n| n > max as u64) {
            return Err(FetchError::Refused(format!("the page is larger than {max} bytes")));
        }
        let mut body: Vec<u8> = Vec::new();
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|e| FetchError::Unavailable(format!("reading the page: {}", error_chain(&e))))?
        {
            if body.len() + chunk.len() > max {
                return Err(FetchError::Refused(format!("the page is larger than {max} bytes")));
            }
            body.extend_from_slice(&chunk);
        }
        Ok(Page { url, html: decode(&body, &content_type) })
    }
}

/// UTF-8 unless the server says Latin-1 (what older portal pages use); bytes that are not
/// valid in the charset become replacement characters.
fn decode(body: &[u8], content_type: &str) -> String {
    let latin1 = ["iso-8859-1", "iso-8859-15", "latin1", "windows-1252"]
        .iter()
        .any(|c| content_type.contains(&format!("charset={c}")));
    if latin1 { body.iter().map(|b| char::from(*b)).collect() } else { String::from_utf8_lossy(body).into_owned() }
}

/// The address without query or fragment (links can carry tokens), for messages.
fn redacted(url: &Url) -> String {
    format!("{}://{}{}", url.scheme(), url.host_str().unwrap_or_default(), url.path())
}

fn error_chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// Whether an address is on the public internet: not private, loopback, link-local, shared
/// (CGNAT), unspecified, broadcast, multicast, documentation or reserved; for IPv6 also not
/// ULA, site-local, and not an IPv4 of those wrapped in a mapped, NAT64 or 6to4 address.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => is_public_v6(v6),
    }
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    let reserved = ip.is_private()
        || ip.is_loopback()
        || ip.is_link_local()
        || ip.is_unspecified()
        || ip.is_broadcast()
        || ip.is_multicast()
        || a == 0
        || (a == 100 && (b & 0xc0) == 64) // 100.64.0.0/10, carrier-grade NAT
        || (a == 192 && b == 0 && c == 0) // 192.0.0.0/24, protocol assignments
        || (a == 192 && b == 0 && c == 2) // documentation
        || (a == 198 && (b & 0xfe) == 18) // 198.18.0.0/15, benchmarking
        || (a == 198 && b == 51 && c == 100) // documentation
        || (a == 203 && b == 0 && c == 113) // documentation
        || a >= 240; // 240.0.0.0/4, reserved
    !reserved
}

fn is_public_v6(ip: Ipv6Addr) -> bool {
    if let Some(v4) = ip.to_ipv4_mapped() {
        return is_public_v4(v4);
    }
    let s = ip.segments();
    let embedded = |hi: u16, lo: u16| Ipv4Addr::new((hi >> 8) as u8, hi as u8, (lo >> 8) as u8, lo as u8);
    if s[0] == 0x0064 && s[1] == 0xff9b {
        return is_public_v4(embedded(s[6], s[7])); // NAT64 64:ff9b::/96
    }
    if s[0] == 0x2002 {
        return is_public_v4(embedded(s[1], s[2])); // 6to4
    }
    let reserved = ip.is_loopback()
        || ip.is_unspecified()
        || ip.is_multicast()
        || s[..6].iter().all(|x| *x == 0) // ::/96, IPv4-compatible (deprecated)
        || (s[0] & 0xfe00) == 0xfc00 // fc00::/7, unique local
        || (s[0] & 0xffc0) == 0xfe80 // fe80::/10, link-local
        || (s[0] & 0xffc0) == 0xfec0 // fec0::/10, site-local (deprecated)
        || (s[0] == 0x2001 && s[1] == 0x0db8) // documentation
        || (s[0] == 0x2001 && s[1] == 0); // Teredo: reaches IPv4 hosts we cannot check
    !reserved
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn private_and_special_addresses_are_not_public() {
        for refused in [
            "10.0.0.1",
            "172.16.5.4",
            "172.31.255.255",
            "192.168.1.1",
            "127.0.0.1",
            "127.8.9.10",
            "169.254.169.254",
            "100.64.0.1",
            "100.127.255.254",
            "0.0.0.0",
            "0.1.2.3",
            "255.255.255.255",
            "224.0.0.1",
            "239.255.255.250",
            "240.0.0.1",
            "198.18.0.1",
            "192.0.2.5",
            "::1",
            "::",
            "fc00::1",
            "fd12:3456::1",
            "fe80::1",
            "febf::1",
            "fec0::1",
            "ff02::1",
            "::ffff:127.0.0.1",
            "::ffff:10.1.2.3",
            "::ffff:169.254.169.254",
            "::127.0.0.1",
            "64:ff9b::a00:1",
            "2002:c0a8:0101::1",
            "2001:db8::1",
            "2001:0:4136:e378::1",
        ] {
            assert!(!is_public(ip(refused)), "{refused} must not count as public");
        }
        for public in [
            "8.8.8.8",
            "1.1.1.1",
            "100.63.255.255",
            "100.128.0.1",
            "172.32.0.1",
            "193.99.144.80",
            "2a00:1450:4001:80b::200e",
            "::ffff:8.8.8.8",
            "64:ff9b::808:808",
            "2002:0808:0808::1",
        ] {
            assert!(is_public(ip(public)), "{public} is public");
        }
    }

    fn fetcher(hosts: &[&str], allow: PrivateAddresses, https_only: bool) -> PageFetcher {
        PageFetcher::new(AutoClickSettings {
            hosts: hosts.iter().map(|h| (*h).to_owned()).collect(),
            allow_private: allow,
            https_only,
            max_bytes: 1024,
            timeout: Duration::from_secs(2),
        })
    }

    #[test]
    fn hosts_match_by_suffix_at_a_label_boundary() {
        let f = fetcher(&["immobilienscout24.de", "127.0.0.2"], PrivateAddresses::Refused, true);
        assert!(f.host_allowed("immobilienscout24.de"));
        assert!(f.host_allowed("www.immobilienscout24.de"));
        assert!(!f.host_allowed("evilimmobilienscout24.de"));
        assert!(!f.host_allowed("immobilienscout24.de.evil.test"));
        assert!(f.host_allowed("127.0.0.2"));
        assert!(!f.host_allowed("10.127.0.0.2"));
        assert!(!f.host_allowed("127.0.0.1"));
    }

    #[tokio::test]
    async fn refusals_before_any_connection() {
        let f = fetcher(&["immobilienscout24.de", "localhost"], PrivateAddresses::Refused, true);
        let refused = |r: Result<Page, FetchError>| match r {
            Err(FetchError::Refused(m)) => m,
            other => panic!("expected a refusal, got {other:?}"),
        };
        assert!(refused(f.fetch("http://www.immobilienscout24.de/anbieter/x").await).contains("https only"));
        assert!(refused(f.fetch("https://user:pw@www.immobilienscout24.de/").await).contains("credentials"));
        assert!(refused(f.fetch("https://example.org/").await).contains("allow-list"));
        assert!(refused(f.fetch("https://169.254.169.254/latest/meta-data/").await).contains("allow-list"));
        assert!(refused(f.fetch("not a url").await).contains("not a web address"));
        assert!(refused(f.fetch("file:///etc/passwd").await).contains("scheme"));
        let message = refused(f.fetch("https://localhost/").await);
        assert!(message.contains("private, loopback"), "{message}");
    }

    #[test]
    fn latin1_pages_are_decoded() {
        assert_eq!(decode(b"M\xfcnchen", "text/html; charset=iso-8859-1"), "München");
        assert_eq!(decode("München".as_bytes(), "text/html; charset=utf-8"), "München");
    }
}
