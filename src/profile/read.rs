//! Reading the two shared files: whole, the head of them for a first frame, or mapped for a
//! command that needs one profile out of a very large file.

use super::{Catalog, Paths, display_path, parse};
use std::path::{Path, PathBuf};

/// A shared file that could not be read at all. The cause is in the message and not a
/// `source`, so an error chain printed whole does not say it twice.
#[derive(Debug, thiserror::Error)]
#[error("cannot read {}: {cause}", display_path(path))]
pub struct LoadError {
    pub path: PathBuf,
    pub cause: std::io::Error,
}

/// The bytes of both files; a missing file is an empty one. They are not checked as UTF-8
/// here: a bad byte costs only its line (see `ini::scan`).
pub fn read(paths: &Paths) -> Result<(Vec<u8>, Vec<u8>), LoadError> {
    read_up_to(paths, u64::MAX)
}

/// At most `limit` bytes of each file, cut after the last whole line: enough for a first
/// screen without reading a 10 MB config.
pub fn read_up_to(paths: &Paths, limit: u64) -> Result<(Vec<u8>, Vec<u8>), LoadError> {
    use std::io::Read;
    let read = |path: &Path| {
        let failed = failed_at(path);
        let Some(file) = open(path)? else {
            return Ok(Vec::new());
        };
        // Sized once: growing by doubling copies a 6 MB config three times over.
        let size = file.metadata().map_or(0, |m| m.len()).min(limit);
        let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0) + 1);
        file.take(limit).read_to_end(&mut bytes).map_err(&failed)?;
        if bytes.len() as u64 == limit {
            let end = bytes
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |at| at + 1);
            bytes.truncate(end);
        }
        Ok(bytes)
    };
    Ok((read(&paths.config)?, read(&paths.credentials)?))
}

/// Reads both files into a catalog.
pub fn load(paths: &Paths) -> Result<Catalog, LoadError> {
    let (config, credentials) = read(paths)?;
    Ok(parse::parse(
        source(&paths.config, &config),
        source(&paths.credentials, &credentials),
    ))
}

/// Only the profile `name` and those its `source_profile` chain names: all a command that uses
/// one profile needs, without building the other 49,999.
pub fn load_named(paths: &Paths, name: &str) -> Result<Catalog, LoadError> {
    let (config, credentials) = (mapped(&paths.config)?, mapped(&paths.credentials)?);
    Ok(parse::parse_chain(
        source(&paths.config, &config),
        source(&paths.credentials, &credentials),
        name,
    ))
}

/// The file, or None when it does not exist: a missing file is an empty one.
fn open(path: &Path) -> Result<Option<std::fs::File>, LoadError> {
    match std::fs::File::open(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        other => other.map(Some).map_err(failed_at(path)),
    }
}

fn failed_at(path: &Path) -> impl Fn(std::io::Error) -> LoadError + '_ {
    move |cause| LoadError {
        path: path.to_path_buf(),
        cause,
    }
}

fn source<'a>(path: &'a Path, text: &'a [u8]) -> parse::Source<'a> {
    parse::Source { path, text }
}

/// A file's bytes: mapped, so finding one profile in a 6 MB config costs no
/// copy and no page of fresh memory (those were half of a cache hit's time at 50,000
/// profiles). A file truncated by another program while it is mapped would end switchrole
/// with SIGBUS, as it would ripgrep; only commands that print or exec use this, never the
/// picker, so the terminal is never left in raw mode by it.
enum Bytes {
    Read(Vec<u8>),
    Mapped(memmap2::Mmap),
}

impl std::ops::Deref for Bytes {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            Bytes::Read(bytes) => bytes,
            Bytes::Mapped(map) => map,
        }
    }
}

fn mapped(path: &Path) -> Result<Bytes, LoadError> {
    use std::io::Read;
    let failed = failed_at(path);
    let Some(mut file) = open(path)? else {
        return Ok(Bytes::Read(Vec::new()));
    };
    // `/dev/null` (a common AWS_SHARED_CREDENTIALS_FILE), a pipe or a directory is read, which
    // also gives the error people expect for a directory.
    if !file.metadata().map_err(&failed)?.is_file() {
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes).map_err(&failed)?;
        return Ok(Bytes::Read(bytes));
    }
    // SAFETY: the mapping is read-only and lives no longer than the catalog built from it
    // (which copies what it keeps); see `Bytes` for a file truncated meanwhile.
    // Populated at once: one call instead of a page fault per few pages as the search runs.
    unsafe { memmap2::MmapOptions::new().populate().map(&file) }
        .map(Bytes::Mapped)
        .map_err(failed)
}
