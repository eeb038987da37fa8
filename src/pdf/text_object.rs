//! Text objects (`BT` … `ET`) written straight into a content stream, their glyph strings as
//! binary literal strings.
//!
//! pdf-writer writes a string with any byte above 127 in hex and one of only ASCII bytes
//! with octal escapes for its control bytes; a CID is two raw bytes, so its glyphs took four
//! to eight bytes each. Written raw, with only the bytes a literal string cannot hold
//! escaped, a page's content is about a third smaller and deflates in four fifths of the
//! time, to a smaller stream. Numbers are written as pdf-writer writes them (integers
//! without a point, others in the shortest form that reads back as the same `f32`), so
//! that the two writers' output can share a stream.

/// A text object being written at the end of `out`; [`TextObject::end`] closes it.
pub struct TextObject<'a> {
    out: &'a mut Vec<u8>,
}

impl<'a> TextObject<'a> {
    /// Opens a text object whose text matrix puts the pen at (`x`, `y`), unscaled.
    pub fn begin(out: &'a mut Vec<u8>, x: f32, y: f32) -> TextObject<'a> {
        out.extend_from_slice(b"BT\n1 0 0 1 ");
        push_number(out, x);
        out.push(b' ');
        push_number(out, y);
        out.extend_from_slice(b" Tm\n");
        TextObject { out }
    }

    /// Selects the font resource `name` at `size` (`Tf`).
    pub fn font(&mut self, name: &str, size: f32) {
        self.out.push(b'/');
        self.out.extend_from_slice(name.as_bytes());
        self.out.push(b' ');
        push_number(self.out, size);
        self.out.extend_from_slice(b" Tf\n");
    }

    /// Sets the text rise (`Ts`).
    pub fn rise(&mut self, rise: f32) {
        push_number(self.out, rise);
        self.out.extend_from_slice(b" Ts\n");
    }

    /// Starts a `TJ` array of strings and pen adjustments.
    pub fn show(&mut self) -> Shown<'_> {
        self.out.push(b'[');
        Shown {
            out: self.out,
            after_number: false,
        }
    }

    /// Closes the text object (`ET`).
    pub fn end(self) {
        self.out.extend_from_slice(b"ET\n");
    }
}

/// A `TJ` array being written; [`Shown::end`] closes it.
pub struct Shown<'a> {
    out: &'a mut Vec<u8>,
    /// Whether the last item was a number, which a following number must be kept apart from.
    after_number: bool,
}

impl Shown<'_> {
    /// A string of glyph codes, shown one after another.
    pub fn string(&mut self, codes: &[u8]) {
        push_literal(self.out, codes);
        self.after_number = false;
    }

    /// Moves the pen back by `amount` thousandths of the font size (forward if negative).
    pub fn adjust(&mut self, amount: f32) {
        if self.after_number {
            self.out.push(b' ');
        }
        push_number(self.out, amount);
        self.after_number = true;
    }

    /// Closes the array and shows it.
    pub fn end(self) {
        self.out.extend_from_slice(b"] TJ\n");
    }
}

/// Writes `bytes` as a literal string. Only the delimiters, the escape character and the
/// carriage return are escaped: a reader takes a bare carriage return in a literal string
/// for a line feed; every other byte stands for itself.
fn push_literal(out: &mut Vec<u8>, bytes: &[u8]) {
    out.reserve(bytes.len() + 2);
    out.push(b'(');
    for &byte in bytes {
        match byte {
            b'(' | b')' | b'\\' => out.extend_from_slice(&[b'\\', byte]),
            b'\r' => out.extend_from_slice(b"\\r"),
            _ => out.push(byte),
        }
    }
    out.push(b')');
}

/// Writes `value` as pdf-writer does: an integer without a decimal point, anything else in
/// the shortest decimal that reads back as the same `f32`.
fn push_number(out: &mut Vec<u8>, value: f32) {
    if value as i32 as f32 == value {
        out.extend_from_slice(itoa::Buffer::new().format(value as i32).as_bytes());
    } else if value.is_finite() && value.abs() > 1e-6 && value.abs() < 1e12 {
        out.extend_from_slice(ryu::Buffer::new().format_finite(value).as_bytes());
    } else {
        // Not a position a page can hold (tiny or beyond any page); written plainly.
        out.extend_from_slice(format!("{value:.6}").as_bytes());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pdf_writer::Content;

    #[test]
    fn a_text_object_holds_its_operators_and_raw_strings() {
        let codes = [0x01, 0x37, 0x00, 0x28, 0x00, 0x29, 0x5c, 0x0d, 0x0a, 0xff];
        let mut out = Vec::new();
        let mut text = TextObject::begin(&mut out, 56.692913, 527.78);
        text.font("F1", 10.0);
        text.rise(-1.5);
        let mut shown = text.show();
        shown.string(&codes);
        shown.adjust(-250.5);
        shown.adjust(12.0);
        shown.string(&codes[..2]);
        shown.end();
        text.end();
        let mut expected = b"BT\n1 0 0 1 56.692913 527.78 Tm\n/F1 10 Tf\n-1.5 Ts\n[".to_vec();
        expected.extend_from_slice(b"(\x017\0\\(\0\\)\\\\\\r\n\xff)-250.5 12(\x017)] TJ\nET\n");
        assert_eq!(out, expected, "{}", String::from_utf8_lossy(&out));
    }

    #[test]
    fn a_literal_string_reads_back_as_its_bytes() {
        // Every byte value, read back by the rules of a literal string (ISO 32000-1,
        // 7.3.4.2): an escaped byte stands for itself, \r for a carriage return, a bare
        // end of line for a line feed.
        let bytes: Vec<u8> = (0..=255).collect();
        let mut out = Vec::new();
        push_literal(&mut out, &bytes);
        assert_eq!(out.first(), Some(&b'('));
        assert_eq!(out.last(), Some(&b')'));
        let inner = &out[1..out.len() - 1];
        let mut read = Vec::new();
        let mut i = 0;
        while i < inner.len() {
            match inner[i] {
                b'\\' => {
                    read.push(match inner[i + 1] {
                        b'r' => b'\r',
                        other => other,
                    });
                    i += 2;
                }
                b'\r' => panic!("a bare carriage return at {i}"),
                b'(' | b')' => panic!("an unescaped delimiter at {i}"),
                byte => {
                    read.push(byte);
                    i += 1;
                }
            }
        }
        assert_eq!(read, bytes);
    }

    #[test]
    fn numbers_are_written_as_pdf_writer_writes_them() {
        for value in [0.0, 10.0, -3.0, 56.692913, 527.78, -250.5, 0.35, 1e-7, 2e13] {
            let mut ours = Vec::new();
            push_number(&mut ours, value);
            let mut theirs = Content::new();
            theirs.set_rise(value);
            let theirs = theirs.finish().into_vec();
            let theirs = String::from_utf8_lossy(&theirs);
            let ours = String::from_utf8_lossy(&ours);
            if value.abs() > 1e-6 && value.abs() < 1e12 || value == 0.0 {
                assert_eq!(format!("{ours} Ts"), theirs);
            } else {
                // pdf-writer spells these with Display; both read back as about the value.
                let read: f32 = ours.parse().expect("a number");
                assert!((read - value).abs() <= value.abs() * 1e-3 + 1e-6, "{ours}");
            }
        }
    }
}
