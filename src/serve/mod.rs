//! `prospectus serve`: a live-reloading preview, rebuilt incrementally as files change.
//!
//! [`incremental`] keeps the pipeline's state between rebuilds; [`watch`] turns file
//! events into rebuild requests; [`http`] serves the last good site from memory with
//! a live-reload channel (server-sent events) that [`live`] scripts in the browser.

pub mod incremental;
