//! The DNS resolver the HTTP client connects through: it resolves a name and hands back only
//! addresses it has vetted, so the address checked is the address connected to (a DNS rebind
//! between a check and the connection has nothing to swap).

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

use reqwest::dns::{Addrs, Name, Resolve, Resolving};

use crate::address::non_public_reason;

/// Resolves with the system resolver and refuses names with any non-public address.
pub(crate) struct VettedResolver {
    /// `localhost` resolves to loopback (without asking DNS) instead of being refused.
    pub(crate) allow_localhost: bool,
}

/// Why the resolver gave no address; found again in the client's error chain.
#[derive(Debug, thiserror::Error)]
pub(crate) enum ResolveRefusal {
    #[error("{name} resolves to {address}, which is {reason}")]
    NotPublic {
        name: String,
        address: IpAddr,
        reason: &'static str,
    },
    #[error("{name}: {reason}")]
    Lookup { name: String, reason: String },
}

impl Resolve for VettedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let name = name.as_str().to_ascii_lowercase();
        let allow_localhost = self.allow_localhost;
        Box::pin(async move {
            if allow_localhost && name == "localhost" {
                let loopback = [
                    SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
                    SocketAddr::from((Ipv6Addr::LOCALHOST, 0)),
                ];
                return Ok(Box::new(loopback.into_iter()) as Addrs);
            }
            let addresses = vetted_lookup(&name).await?;
            Ok(Box::new(addresses.into_iter()) as Addrs)
        })
    }
}

async fn vetted_lookup(name: &str) -> Result<Vec<SocketAddr>, ResolveRefusal> {
    let lookup_failed = |reason: String| ResolveRefusal::Lookup {
        name: name.to_owned(),
        reason,
    };
    let mut addresses: Vec<SocketAddr> = tokio::net::lookup_host((name, 0))
        .await
        .map_err(|error| lookup_failed(error.to_string()))?
        .collect();
    addresses.dedup();
    if addresses.is_empty() {
        return Err(lookup_failed("no addresses".into()));
    }
    // One non-public address refuses the name: which one the client tries first is not ours
    // to choose.
    for address in &addresses {
        if let Some(reason) = non_public_reason(address.ip()) {
            return Err(ResolveRefusal::NotPublic {
                name: name.to_owned(),
                address: address.ip(),
                reason,
            });
        }
    }
    Ok(addresses)
}
