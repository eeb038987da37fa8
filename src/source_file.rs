//! Reading a source file into memory: only a regular file, and only up to a size limit.
//!
//! A named pipe, a terminal or a device such as `/dev/zero` given as a piece, a cover or an
//! input to `import` would otherwise hang the reader or fill the memory; a file past the
//! limit is refused before it is read, not read whole.

use std::fs::{File, Metadata};
use std::io::Read;
use std::path::Path;

/// The most a text source may hold (a piece, `book.toml`, `debris.txt`, a raw text to import
/// or a piece to fix): 32 MiB. The longest novels are 3–4 MB of text, a whole scraped site
/// exported as one file a few MB more; ten times that is still a text file someone meant,
/// while a device, a disk image or a log named by mistake is refused before it fills the
/// memory.
pub const MAX_TEXT_BYTES: u64 = 32 << 20;

/// The most a cover image may hold: 64 MiB. A print-resolution cover (300 dpi at A4, JPEG or
/// PNG) is a few MB; an uncompressed PNG of a large poster is still under this.
pub const MAX_COVER_BYTES: u64 = 64 << 20;

/// Why a source file was not read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The file could not be opened or read.
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// It is a folder, a named pipe, a device or a socket.
    #[error("it is {kind}, not a regular file")]
    NotRegular {
        /// What it is, with its article ("a named pipe (FIFO)").
        kind: &'static str,
    },
    /// It holds more than its kind of file may.
    #[error("it holds {} bytes, more than the {} MiB pamphlet reads of such a file", .size, .limit >> 20)]
    TooLarge {
        /// Its size in bytes, or the limit plus one if it grew while read.
        size: u64,
        /// The limit in bytes.
        limit: u64,
    },
}

/// Reads the regular file at `path` (a symbolic link is followed), refusing anything else
/// and anything over `limit` bytes without reading it.
pub fn read_regular(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let file = open_regular(path)?;
    let size = file.metadata()?.len();
    if size > limit {
        return Err(ReadError::TooLarge { size, limit });
    }
    // Read at most one byte past the limit: a file that grows while it is read (a log being
    // written) is caught without being read whole.
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge {
            size: limit + 1,
            limit,
        });
    }
    Ok(bytes)
}

/// Opens `path` for reading if it is a regular file. The kind is taken from the opened
/// handle, so a file swapped for a pipe after a check is still caught; opening does not
/// block, even on a named pipe with no writer.
pub fn open_regular(path: &Path) -> Result<File, ReadError> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // O_NONBLOCK only matters for a pipe or a device, which is refused just below.
        options.custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32);
    }
    let file = options.open(path)?;
    let metadata = file.metadata()?;
    if !metadata.is_file() {
        return Err(ReadError::NotRegular {
            kind: kind_of(&metadata),
        });
    }
    Ok(file)
}

/// What a file that is not a regular file is, for a message: "a folder", "a named pipe
/// (FIFO)", "a character device" ….
pub fn kind_of(metadata: &Metadata) -> &'static str {
    let kind = metadata.file_type();
    if kind.is_dir() {
        return "a folder";
    }
    if kind.is_file() {
        return "a regular file";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if kind.is_char_device() {
            return "a character device";
        }
        if kind.is_block_device() {
            return "a block device";
        }
        if kind.is_socket() {
            return "a socket";
        }
    }
    "not a file"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_regular_file_is_read_whole() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("a.md");
        std::fs::write(&file, "text").expect("write");
        assert_eq!(read_regular(&file, 4).expect("read"), b"text");
    }

    #[test]
    fn a_file_over_the_limit_is_refused_unread() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("a.md");
        std::fs::write(&file, "texts").expect("write");
        let e = read_regular(&file, 4).expect_err("too large");
        assert!(
            matches!(e, ReadError::TooLarge { size: 5, limit: 4 }),
            "{e:?}"
        );
    }

    #[test]
    #[cfg(unix)]
    fn a_folder_a_fifo_and_a_device_are_refused_without_blocking() {
        let dir = tempfile::tempdir().expect("temp dir");
        let e = read_regular(dir.path(), MAX_TEXT_BYTES).expect_err("a folder");
        assert_eq!(e.to_string(), "it is a folder, not a regular file");
        let fifo = dir.path().join("pipe.md");
        rustix::fs::mkfifoat(rustix::fs::CWD, &fifo, rustix::fs::Mode::from(0o600))
            .expect("mkfifo");
        // No writer ever opens it: a blocking open would wait forever.
        let e = read_regular(&fifo, MAX_TEXT_BYTES).expect_err("a FIFO");
        assert_eq!(
            e.to_string(),
            "it is a named pipe (FIFO), not a regular file"
        );
        let e = read_regular(Path::new("/dev/zero"), MAX_TEXT_BYTES).expect_err("a device");
        assert_eq!(
            e.to_string(),
            "it is a character device, not a regular file"
        );
    }
}
