//! The input of the parse and resolve targets: a config, a NUL, then a credentials file (a
//! seed with no NUL is a config alone).

use std::path::Path;
use switchrole::profile::parse::Source;

pub fn sources(data: &[u8]) -> (Source<'_>, Source<'_>) {
    let (config, credentials) = match data.iter().position(|&b| b == 0) {
        Some(at) => (&data[..at], &data[at + 1..]),
        None => (data, &[][..]),
    };
    let source = |path, text| Source {
        path: Path::new(path),
        text,
    };
    (
        source("/fuzz/config", config),
        source("/fuzz/credentials", credentials),
    )
}
