//! Which script a character belongs to, as far as face choice and shaping care.

/// The scripts the engine distinguishes: they pick the face and HarfBuzz's script tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Script {
    /// Arabic script (Persian).
    Arabic,
    /// Latin and everything else set in the Latin face.
    Latin,
}

impl Script {
    /// Script of a character that has one; `None` for spaces, digits, punctuation and marks
    /// that take their neighbours' script.
    pub fn of(c: char) -> Option<Script> {
        if is_arabic_script(c) {
            // Arabic-Indic and Persian digits are set in the Arabic face (the Latin one lacks them).
            Some(Script::Arabic)
        } else if c.is_alphabetic() {
            Some(Script::Latin)
        } else {
            None
        }
    }

    /// The OpenType script tag.
    pub fn tag(self) -> [u8; 4] {
        match self {
            Script::Arabic => *b"Arab",
            Script::Latin => *b"Latn",
        }
    }
}

/// Arabic-script letters, marks and digits (set in the Farsi face).
pub fn is_arabic_script(c: char) -> bool {
    matches!(
        c,
        '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}' | '\u{08A0}'..='\u{08FF}' | '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}'
    )
}
