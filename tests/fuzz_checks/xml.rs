//! A strict XML 1.0 well-formedness check (with namespaces), for the XHTML the EPUB writer
//! renders: characters, names, attributes (unique, quoted, no `<`), references (the five
//! predefined entities and character references only: an XHTML content document has no
//! DTD to declare others), comments, CDATA, processing instructions, one root element,
//! balanced tags, declared prefixes. It also holds ids to what EPUB needs: unique, not
//! empty, no whitespace.

use std::collections::HashSet;

/// Checks `doc`; the error says what is wrong and where (byte offset).
pub fn check(doc: &str) -> Result<(), String> {
    let mut p = Parser {
        s: doc,
        at: 0,
        ids: HashSet::new(),
        scopes: Vec::new(),
    };
    p.document()
}

struct Parser<'a> {
    s: &'a str,
    at: usize,
    ids: HashSet<String>,
    /// Namespace prefixes declared on each open element.
    scopes: Vec<Vec<String>>,
}

fn is_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

fn is_name_start(c: char) -> bool {
    matches!(c, ':' | 'A'..='Z' | '_' | 'a'..='z' | '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{F6}'
        | '\u{F8}'..='\u{2FF}' | '\u{370}'..='\u{37D}' | '\u{37F}'..='\u{1FFF}'
        | '\u{200C}'..='\u{200D}' | '\u{2070}'..='\u{218F}' | '\u{2C00}'..='\u{2FEF}'
        | '\u{3001}'..='\u{D7FF}' | '\u{F900}'..='\u{FDCF}' | '\u{FDF0}'..='\u{FFFD}'
        | '\u{10000}'..='\u{EFFFF}')
}

fn is_name_char(c: char) -> bool {
    is_name_start(c)
        || matches!(c, '-' | '.' | '0'..='9' | '\u{B7}' | '\u{300}'..='\u{36F}' | '\u{203F}'..='\u{2040}')
}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r')
}

impl Parser<'_> {
    fn rest(&self) -> &str {
        &self.s[self.at..]
    }

    fn fail<T>(&self, what: &str) -> Result<T, String> {
        let around: String = self.rest().chars().take(40).collect();
        Err(format!("{what} at byte {}: {around:?}", self.at))
    }

    fn eat(&mut self, prefix: &str) -> bool {
        if self.rest().starts_with(prefix) {
            self.at += prefix.len();
            true
        } else {
            false
        }
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn spaces(&mut self) -> bool {
        let n = self.rest().len() - self.rest().trim_start_matches(is_space).len();
        self.at += n;
        n > 0
    }

    /// Skips to just after `end`, checking the characters passed over.
    fn until(&mut self, end: &str, what: &str) -> Result<&str, String> {
        let Some(i) = self.rest().find(end) else {
            return self.fail(&format!("unclosed {what}"));
        };
        let start = self.at;
        let inner = &self.s[start..start + i];
        if let Some(c) = inner.chars().find(|&c| !is_char(c)) {
            return self.fail(&format!("U+{:04X} is not an XML character", c as u32));
        }
        self.at += i + end.len();
        Ok(&self.s[start..start + i])
    }

    fn name(&mut self) -> Result<String, String> {
        let start = self.at;
        match self.peek() {
            Some(c) if is_name_start(c) => self.at += c.len_utf8(),
            _ => return self.fail("a name expected"),
        }
        while let Some(c) = self.peek().filter(|&c| is_name_char(c)) {
            self.at += c.len_utf8();
        }
        let name = &self.s[start..self.at];
        // Namespaces in XML: at most one colon, neither part empty.
        let parts: Vec<&str> = name.split(':').collect();
        if parts.len() > 2 || parts.iter().any(|p| p.is_empty()) {
            return self.fail(&format!("`{name}` is not a qualified name"));
        }
        Ok(name.to_string())
    }

    fn declared(&self, prefix: &str) -> bool {
        prefix == "xml" || self.scopes.iter().flatten().any(|p| p == prefix)
    }

    fn misc(&mut self) -> Result<(), String> {
        loop {
            self.spaces();
            if self.eat("<!--") {
                self.comment()?;
            } else if self.rest().starts_with("<?") {
                self.pi()?;
            } else {
                return Ok(());
            }
        }
    }

    fn comment(&mut self) -> Result<(), String> {
        let body = self.until("-->", "comment")?;
        if body.contains("--") || body.ends_with('-') {
            return self.fail("`--` inside a comment");
        }
        Ok(())
    }

    fn pi(&mut self) -> Result<(), String> {
        self.at += 2;
        let target = self.name()?;
        if target.eq_ignore_ascii_case("xml") && self.at != 5 {
            return self.fail("an XML declaration not at the start");
        }
        if !self.eat("?>") {
            if !self.spaces() {
                return self.fail("a space expected after the processing instruction's target");
            }
            self.until("?>", "processing instruction")?;
        }
        Ok(())
    }

    fn document(&mut self) -> Result<(), String> {
        if self.rest().starts_with("<?xml") {
            self.pi()?;
        }
        self.misc()?;
        if self.eat("<!DOCTYPE") {
            if !self.spaces() {
                return self.fail("a space expected after DOCTYPE");
            }
            self.name()?;
            self.spaces();
            if !self.eat(">") {
                return self.fail("only a plain <!DOCTYPE name> is expected");
            }
            self.misc()?;
        }
        if !self.rest().starts_with('<') {
            return self.fail("the root element expected");
        }
        self.element()?;
        self.misc()?;
        if !self.rest().is_empty() {
            return self.fail("content after the root element");
        }
        Ok(())
    }

    /// A reference after its `&`, up to and including its `;`.
    fn reference(&mut self) -> Result<(), String> {
        if self.eat("#x") {
            let start = self.at;
            while self.peek().is_some_and(|c| c.is_ascii_hexdigit()) {
                self.at += 1;
            }
            let digits = &self.s[start..self.at];
            return self.char_ref(u32::from_str_radix(digits, 16).ok());
        }
        if self.eat("#") {
            let start = self.at;
            while self.peek().is_some_and(|c| c.is_ascii_digit()) {
                self.at += 1;
            }
            let digits = &self.s[start..self.at];
            return self.char_ref(digits.parse().ok());
        }
        let name = self.name()?;
        if !matches!(name.as_str(), "amp" | "lt" | "gt" | "quot" | "apos") {
            return self.fail(&format!("undeclared entity `&{name};`"));
        }
        if !self.eat(";") {
            return self.fail("`;` expected after an entity reference");
        }
        Ok(())
    }

    fn char_ref(&mut self, value: Option<u32>) -> Result<(), String> {
        let ok = value.and_then(char::from_u32).is_some_and(is_char);
        if !ok {
            return self.fail("a character reference to no XML character");
        }
        if !self.eat(";") {
            return self.fail("`;` expected after a character reference");
        }
        Ok(())
    }

    fn attribute_value(&mut self) -> Result<String, String> {
        let quote = match self.peek() {
            Some(q @ ('"' | '\'')) => q,
            _ => return self.fail("a quoted attribute value expected"),
        };
        self.at += 1;
        let start = self.at;
        loop {
            match self.peek() {
                None => return self.fail("unclosed attribute value"),
                Some(c) if c == quote => {
                    let value = self.s[start..self.at].to_string();
                    self.at += 1;
                    return Ok(value);
                }
                Some('<') => return self.fail("`<` in an attribute value"),
                Some('&') => {
                    self.at += 1;
                    self.reference()?;
                }
                Some(c) if !is_char(c) => {
                    return self.fail(&format!("U+{:04X} is not an XML character", c as u32))
                }
                Some(c) => self.at += c.len_utf8(),
            }
        }
    }

    fn element(&mut self) -> Result<(), String> {
        self.at += 1; // `<`
        let name = self.name()?;
        let mut attributes: Vec<(String, String)> = Vec::new();
        let empty = loop {
            let spaced = self.spaces();
            if self.eat("/>") {
                break true;
            }
            if self.eat(">") {
                break false;
            }
            if !spaced {
                return self.fail("a space expected between attributes");
            }
            let attribute = self.name()?;
            self.spaces();
            if !self.eat("=") {
                return self.fail("`=` expected after an attribute name");
            }
            self.spaces();
            let value = self.attribute_value()?;
            if attributes.iter().any(|(n, _)| *n == attribute) {
                return self.fail(&format!("attribute `{attribute}` twice"));
            }
            attributes.push((attribute, value));
        };
        let prefixes: Vec<String> = attributes
            .iter()
            .filter_map(|(n, _)| n.strip_prefix("xmlns:").map(str::to_string))
            .collect();
        self.scopes.push(prefixes);
        for qualified in std::iter::once(&name).chain(attributes.iter().map(|(n, _)| n)) {
            if let Some((prefix, _)) = qualified.split_once(':') {
                if prefix != "xmlns" && !self.declared(prefix) {
                    return self.fail(&format!("undeclared prefix in `{qualified}`"));
                }
            }
        }
        for (attribute, value) in &attributes {
            if attribute == "id" || attribute == "xml:id" {
                if value.is_empty() || value.contains(is_space) {
                    return self.fail(&format!("id `{value}` is empty or has a space"));
                }
                if !self.ids.insert(value.clone()) {
                    return self.fail(&format!("id `{value}` twice"));
                }
            }
        }
        if !empty {
            self.content(&name)?;
        }
        self.scopes.pop();
        Ok(())
    }

    fn content(&mut self, open: &str) -> Result<(), String> {
        loop {
            match self.peek() {
                None => return self.fail(&format!("`<{open}>` is never closed")),
                Some('<') => {
                    if self.eat("</") {
                        let name = self.name()?;
                        self.spaces();
                        if !self.eat(">") {
                            return self.fail("`>` expected to end an end tag");
                        }
                        if name != open {
                            return self.fail(&format!("`</{name}>` closes `<{open}>`"));
                        }
                        return Ok(());
                    } else if self.eat("<!--") {
                        self.comment()?;
                    } else if self.eat("<![CDATA[") {
                        self.until("]]>", "CDATA section")?;
                    } else if self.rest().starts_with("<?") {
                        self.pi()?;
                    } else {
                        self.element()?;
                    }
                }
                Some('&') => {
                    self.at += 1;
                    self.reference()?;
                }
                Some(_) if self.rest().starts_with("]]>") => {
                    return self.fail("`]]>` in text");
                }
                Some(c) if !is_char(c) => {
                    return self.fail(&format!("U+{:04X} is not an XML character", c as u32))
                }
                Some(c) => self.at += c.len_utf8(),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::check;

    #[test]
    fn tells_good_from_bad() {
        let ok = "<?xml version=\"1.0\"?>\n<!DOCTYPE html>\n<html xmlns:epub=\"x\"><p epub:type=\"a\" id=\"a\">&amp;&#x41;<br/></p><!-- c --></html>\n";
        assert_eq!(check(ok), Ok(()));
        for bad in [
            "<a><b></a></b>",
            "<a x=\"1\" x=\"2\"/>",
            "<a>&nbsp;</a>",
            "<a>&#0;</a>",
            "<a x=\"<\"/>",
            "<a>]]></a>",
            "<a>\u{1}</a>",
            "<a/><b/>",
            "<a><p id=\"x\"/><p id=\"x\"/></a>",
            "<a e:x=\"1\"/>",
            "<a>&</a>",
            "<a><!-- a -- b --></a>",
            "<a",
        ] {
            assert!(check(bad).is_err(), "{bad:?} passed");
        }
    }
}
