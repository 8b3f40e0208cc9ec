//! The one integration-test binary: the real server in-process on an ephemeral port, driven over
//! HTTP (API and pages) and, when Chromium is installed, through a real headless browser.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod api;
mod api_accounts;
mod api_feedback;
mod api_pathways;
mod api_receiving;
mod api_wallet;
mod authorization;
mod browser;
mod browser_oidc;
mod browser_pathways;
mod browser_wallet;
mod browser_wallet_protocols;
mod codes;
mod common;
mod connections;
mod headers;
mod interop;
mod issuing;
mod layout;
mod oid4vci;
mod oid4vp;
mod oidc;
mod oidc_flows;
mod operations;
mod pages;
mod sd_jwt_vc;
mod statistics;
mod vcapi_exchange;
mod verification;
mod webdriver;
