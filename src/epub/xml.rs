//! XML text escaping and the XHTML document shell every content document shares.

use crate::book::{Direction, Lang};
use std::fmt::Write;

/// Escapes text for XML content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// `lang="…" xml:lang="…" dir="…"`.
pub fn lang_attrs(lang: &Lang, dir: Direction) -> String {
    let tag = escape(lang.as_str());
    format!(r#"lang="{tag}" xml:lang="{tag}" dir="{}""#, dir.as_str())
}

/// A complete XHTML content document.
pub fn document(lang: &Lang, dir: Direction, title: &str, body_class: &str, body: &str) -> String {
    let mut out = String::with_capacity(body.len() + 600);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n");
    let _ = writeln!(
        out,
        r#"<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" {}>"#,
        lang_attrs(lang, dir)
    );
    let _ = writeln!(
        out,
        "<head>\n<meta charset=\"UTF-8\"/>\n<title>{}</title>\n<link rel=\"stylesheet\" type=\"text/css\" href=\"css/book.css\"/>\n</head>",
        escape(title)
    );
    let _ = writeln!(out, "<body class=\"{body_class}\">\n{body}</body>\n</html>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(escape("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&#39;");
    }
}
