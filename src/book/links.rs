//! Link targets: what a link written in a piece may lead to, and whether it gets there.
//!
//! A reading system follows `http:`, `https:` and `mailto:` links and links between the
//! book's own documents; anything else (`data:`, `file:`, `javascript:`, a file beside the
//! book that is not in it) is a broken link in the EPUB (EPUBCheck RSC-007, RSC-020) and in
//! the PDF, so it is refused here with the place it was written. A link to another piece's
//! Markdown file (`b.md`, `b.md#heading`, or `#heading` in the same piece) leads to that
//! piece in both outputs.

use super::diagnostic::Diagnostic;
use super::markdown::is_generated_id;
use super::model::{Block, Inline, LinkTarget, Piece};
use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, CONTROLS};
use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};

/// The schemes a link may use: what every reading system follows.
pub const ALLOWED_SCHEMES: [&str; 3] = ["http", "https", "mailto"];

/// What is percent-encoded in a serialized URL's path and query besides controls: what the
/// URL Standard leaves as it is (in a `mailto:` address, or `|`, `[`, `]` in a path) but
/// EPUBCheck's stricter parser takes for an illegal character (RSC-020).
const NOT_URL_CODE_POINTS: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'<')
    .add(b'>')
    .add(b'[')
    .add(b'\\')
    .add(b']')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// In a fragment, a second `#` is encoded too.
const NOT_FRAGMENT_CODE_POINTS: &AsciiSet = &NOT_URL_CODE_POINTS.add(b'#');

/// Why a link cannot be followed, and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkProblem {
    /// The problem.
    pub message: String,
    /// The fix.
    pub hint: String,
}

fn problem(message: impl Into<String>, hint: impl Into<String>) -> LinkProblem {
    LinkProblem {
        message: message.into(),
        hint: hint.into(),
    }
}

/// Reads a link target as written in the piece at `here` (its path in the book folder): a
/// web address, or a path (and fragment) relative to the piece's folder.
pub fn classify(written: &str, here: &Path) -> Result<LinkTarget, LinkProblem> {
    let target = written.trim();
    if target.is_empty() {
        return Err(problem(
            "link without a target",
            "write the URL between the parentheses",
        ));
    }
    match url::Url::parse(target) {
        Ok(url) => web(&url, target),
        Err(url::ParseError::RelativeUrlWithoutBase) => in_book(target, here),
        Err(e) => Err(problem(
            format!("`{target}` is not a valid URL: {e}"),
            "check the address; copy it again from the browser",
        )),
    }
}

/// An absolute URL: allowed if its scheme is, written back the way the URL Standard
/// serializes it (so a `"` or a space in it is percent-encoded, a Unicode host in Punycode).
fn web(url: &url::Url, written: &str) -> Result<LinkTarget, LinkProblem> {
    let scheme = url.scheme();
    if !ALLOWED_SCHEMES.contains(&scheme) {
        return Err(problem(
            format!("links to `{scheme}:` URLs are not allowed: `{written}`"),
            "a link may lead to an http:, https: or mailto: address, or to another piece of the book (`other-piece.md`)",
        ));
    }
    if scheme == "mailto" {
        if url.path().is_empty() {
            return Err(problem(
                format!("`{written}` has no mail address"),
                "write the address after `mailto:`",
            ));
        }
    } else if url.host_str().is_none_or(str::is_empty) {
        return Err(problem(
            format!("`{written}` has no host"),
            "write the whole address, as `https://example.org/page`",
        ));
    } else if let Some(url::Host::Domain(domain)) = url.host() {
        // The URL Standard takes `a..b` and `.b` as names; EPUBCheck does not.
        let labels = domain.strip_suffix('.').unwrap_or(domain);
        if labels.split('.').any(str::is_empty) {
            return Err(problem(
                format!("`{written}` has an empty part in its host name `{domain}`"),
                "check the dots in the address",
            ));
        }
    }
    // The URL Standard lets a stray `%` through (a validation error only); EPUBCheck and
    // PDF readers do not.
    let serialized = url.as_str();
    if serialized.contains(['\t', '\n', '\r']) {
        // Not reached from Markdown, which ends a link at a line break; said all the same.
        return Err(problem(
            format!("`{written}` has a line break or tab in it"),
            "write the address on one line",
        ));
    }
    let bytes = serialized.as_bytes();
    let stray_percent = bytes.iter().enumerate().any(|(i, b)| {
        *b == b'%'
            && !bytes
                .get(i + 1..i + 3)
                .is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit))
    });
    if stray_percent {
        return Err(problem(
            format!("`{written}` has a `%` that is not followed by two hexadecimal digits"),
            "write a percent sign in a URL as `%25`",
        ));
    }
    let mut out = url[..url::Position::BeforePath].to_string();
    let path_and_query = &url[url::Position::BeforePath..url::Position::AfterQuery];
    out.extend(utf8_percent_encode(path_and_query, NOT_URL_CODE_POINTS));
    if let Some(fragment) = url.fragment() {
        out.push('#');
        out.extend(utf8_percent_encode(fragment, NOT_FRAGMENT_CODE_POINTS));
    }
    Ok(LinkTarget::Web(out))
}

/// A relative link: a piece's file, with or without a fragment, or a fragment alone.
fn in_book(target: &str, here: &Path) -> Result<LinkTarget, LinkProblem> {
    let (file, fragment) = match target.split_once('#') {
        Some((file, fragment)) => (file, Some(fragment)),
        None => (target, None),
    };
    let anchor = match fragment.map(decode).transpose()? {
        Some(a) if a.is_empty() => {
            return Err(problem(
                format!("the link `{target}` ends in an empty `#`"),
                "write the heading's id after `#`, or remove the `#`",
            ))
        }
        other => other,
    };
    if file.is_empty() {
        return Ok(LinkTarget::Piece {
            path: here.to_path_buf(),
            anchor,
        });
    }
    if file.contains('?') {
        return Err(problem(
            format!("the link `{target}` has a query (`?…`), which a piece's file cannot take"),
            "link to the piece's file alone, as `other-piece.md` or `other-piece.md#heading`",
        ));
    }
    let file = decode(file)?;
    if file.starts_with('/') {
        return Err(problem(
            format!("the link `{target}` is an absolute path"),
            "link to another piece by its path from this piece's folder, as `other-piece.md`",
        ));
    }
    let mut path: Vec<&str> = here
        .parent()
        .into_iter()
        .flat_map(Path::components)
        .filter_map(|c| match c {
            Component::Normal(name) => name.to_str(),
            _ => None,
        })
        .collect();
    for segment in file.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                if path.pop().is_none() {
                    return Err(problem(
                        format!("the link `{target}` leads out of the book folder"),
                        "a link may lead to another piece of the book, or to an http:, https: or mailto: address",
                    ));
                }
            }
            name => path.push(name),
        }
    }
    Ok(LinkTarget::Piece {
        path: path.iter().collect(),
        anchor,
    })
}

/// Percent-decodes a path or fragment, which must then be UTF-8.
fn decode(written: &str) -> Result<String, LinkProblem> {
    percent_decode_str(written)
        .decode_utf8()
        .map(|s| s.into_owned())
        .map_err(|_| {
            problem(
                format!("`{written}` percent-encodes bytes that are not UTF-8"),
                "write the file name or id as it is spelt",
            )
        })
}

/// A link to a piece, where it was written: checked once every piece is read.
#[derive(Debug, Clone)]
pub struct PieceLink {
    /// The piece file the link is in, as diagnostics name it.
    pub file: PathBuf,
    /// Line, column and end column of the link in that file.
    pub place: (usize, usize, usize),
    /// The link's target as written.
    pub written: String,
    /// The piece it leads to, relative to the book folder.
    pub path: PathBuf,
    /// The heading id, if any.
    pub anchor: Option<String>,
}

/// Checks that each link leads to a piece of the book (`pieces`) and, where it names one, to
/// a heading id of that piece; `root` is the book folder, to tell a file that is not a piece
/// from one that does not exist. The links come in groups (a piece's), and so do their
/// problems.
pub fn check_piece_links(
    root: &Path,
    pieces: &[Piece],
    groups: &[Vec<PieceLink>],
) -> Vec<Vec<Diagnostic>> {
    // One index for the whole book: a book may have thousands of pieces.
    let by_path: HashMap<&Path, &Piece> = pieces.iter().map(|p| (p.path.as_path(), p)).collect();
    let mut ids: HashMap<&Path, HashSet<&str>> = HashMap::new();
    groups
        .iter()
        .map(|links| check_group(root, &by_path, &mut ids, links))
        .collect()
}

/// [`check_piece_links`] for one group, with the book's index and the heading ids found so far.
fn check_group<'a>(
    root: &Path,
    by_path: &HashMap<&Path, &'a Piece>,
    ids: &mut HashMap<&'a Path, HashSet<&'a str>>,
    links: &[PieceLink],
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for link in links {
        let (line, column, end) = link.place;
        let error = |message: String, hint: String| {
            Diagnostic::error(&link.file, message)
                .spanning(line, column, end)
                .with_hint(hint)
        };
        let Some(piece) = by_path.get(link.path.as_path()) else {
            let shown = link.path.display();
            let what = if root.join(&link.path).is_file() {
                format!(
                    "the link `{}` leads to `{shown}`, which is not a piece of this book",
                    link.written
                )
            } else {
                format!(
                    "the link `{}` leads to `{shown}`, which does not exist",
                    link.written
                )
            };
            out.push(error(
                what,
                "a link may lead to a piece listed in book.toml (`other-piece.md#heading`), or to an http:, https: or mailto: address".into(),
            ));
            continue;
        };
        let Some(anchor) = &link.anchor else { continue };
        let known = ids
            .entry(piece.path.as_path())
            .or_insert_with(|| heading_ids(piece));
        if !known.contains(anchor.as_str()) {
            let mut listed: Vec<&str> = known.iter().copied().collect();
            listed.sort_unstable();
            let hint = if listed.is_empty() {
                format!("`{}` has no heading with an id: give the heading one with `## Heading {{#{anchor}}}`, or link to the piece alone", piece.path.display())
            } else {
                listed.truncate(8);
                format!(
                    "give the heading an id with `## Heading {{#{anchor}}}`, or link to one of its ids: {}",
                    listed.join(", ")
                )
            };
            out.push(error(
                format!(
                    "the link `{}` leads to `#{anchor}`, which is not a heading of `{}`",
                    link.written,
                    piece.path.display()
                ),
                hint,
            ));
        }
    }
    out
}

/// The ids authors gave the headings of a piece, in its body and its notes, at any depth.
/// The ids made for headings without one (`sec-N`) are left out: they change when a heading
/// is added before them, so a link is made to an id written in the piece.
fn heading_ids(piece: &Piece) -> HashSet<&str> {
    let mut ids = HashSet::new();
    let notes = piece.notes.iter().flat_map(|n| &n.blocks);
    for block in piece.blocks.iter().chain(notes) {
        block_ids(block, &mut ids);
    }
    ids
}

fn block_ids<'a>(block: &'a Block, ids: &mut HashSet<&'a str>) {
    match block {
        Block::Heading { id, .. } if !is_generated_id(id) => {
            ids.insert(id.as_str());
        }
        Block::Quote(blocks) => blocks.iter().for_each(|b| block_ids(b, ids)),
        Block::List { items, .. } => items.iter().flatten().for_each(|b| block_ids(b, ids)),
        Block::Epigraph { quote, .. } => quote.iter().for_each(|b| block_ids(b, ids)),
        _ => {}
    }
}

/// Whether inlines hold no text to click on.
pub fn is_empty_text(content: &[Inline]) -> bool {
    Inline::plain_text(content).trim().is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn web_target(s: &str) -> Result<String, String> {
        match classify(s, Path::new("a.md")) {
            Ok(LinkTarget::Web(url)) => Ok(url),
            Ok(other) => Err(format!("{other:?}")),
            Err(p) => Err(p.message),
        }
    }

    #[test]
    fn web_addresses_are_written_as_the_url_standard_serializes_them() {
        assert_eq!(
            web_target("https://example.org"),
            Ok("https://example.org/".into())
        );
        assert_eq!(
            web_target("https://example.org/a \"b\"?q=<x>#f\"g"),
            Ok("https://example.org/a%20%22b%22?q=%3Cx%3E#f%22g".into())
        );
        assert_eq!(
            web_target("http://bücher.example/ü"),
            Ok("http://xn--bcher-kva.example/%C3%BC".into())
        );
        assert_eq!(
            web_target("mailto:a \"b\"@example.org"),
            Ok("mailto:a%20%22b%22@example.org".into())
        );
        assert_eq!(
            web_target("http://[::1]:8080/[x]|y?a=[1]#f#g"),
            Ok("http://[::1]:8080/%5Bx%5D%7Cy?a=%5B1%5D#f%23g".into())
        );
    }

    #[test]
    fn other_schemes_and_broken_addresses_are_refused() {
        for bad in [
            "data:text/html,<p>x</p>",
            "file:///etc/passwd",
            "javascript:alert(1)",
            "ftp://example.org",
            "C:\\book\\b.md",
            "http://",
            "https://exa mple.org",
            "http://[::1",
            "mailto:",
            "https://example.org/%zz",
            "https://example.org/100%",
            "https://.example.org/",
            "https://a..example.org/",
        ] {
            assert!(web_target(bad).is_err(), "{bad} was accepted");
        }
    }

    #[test]
    fn relative_links_lead_to_paths_from_the_piece_folder() {
        let here = Path::new("part-1/a.md");
        let piece = |s: &str| classify(s, here).map_err(|p| p.message);
        assert_eq!(
            piece("b.md#some-heading"),
            Ok(LinkTarget::Piece {
                path: "part-1/b.md".into(),
                anchor: Some("some-heading".into())
            })
        );
        assert_eq!(
            piece("../part%202/c%C3%A9.md"),
            Ok(LinkTarget::Piece {
                path: "part 2/cé.md".into(),
                anchor: None
            })
        );
        assert_eq!(
            piece("#intro"),
            Ok(LinkTarget::Piece {
                path: here.into(),
                anchor: Some("intro".into())
            })
        );
        for bad in ["../../x.md", "/etc/b.md", "b.md?x=1", "b.md#", "#"] {
            assert!(piece(bad).is_err(), "{bad} was accepted");
        }
    }
}
