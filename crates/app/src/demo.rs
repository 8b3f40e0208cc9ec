//! The demo register (filled in below).
