//! Character classes of Arabic-script text that the editing tools share.

/// Zero-width non-joiner, the Persian «نیم‌فاصله».
pub const ZWNJ: char = '\u{200C}';

/// Whether `c` is a letter of the Arabic script (Persian letters included).
pub fn is_arabic_letter(c: char) -> bool {
    matches!(c, '\u{0620}'..='\u{064A}' | '\u{066E}'..='\u{066F}' | '\u{0671}'..='\u{06D3}' | '\u{06D5}' | '\u{06EE}'..='\u{06EF}' | '\u{06FA}'..='\u{06FC}' | '\u{06FF}')
}

/// Whether `c` is an Arabic-script combining mark (harakat, superscript alef).
pub fn is_arabic_mark(c: char) -> bool {
    matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{06D6}'..='\u{06ED}')
}

/// Whether `c` belongs inside an Arabic-script word.
pub fn is_word_char(c: char) -> bool {
    is_arabic_letter(c) || is_arabic_mark(c) || c == ZWNJ
}

/// Whether the letter `c` joins to the letter after it; «ا د ذ ر ز ژ و» and their kin only
/// join to the letter before, so no ZWNJ is needed after them.
pub fn joins_forward(c: char) -> bool {
    is_arabic_letter(c)
        && !matches!(
            c,
            'ا' | 'آ' | 'أ' | 'إ' | 'ٱ' | 'د' | 'ذ' | 'ر' | 'ز' | 'ژ' | 'و' | 'ؤ' | 'ة' | 'ء'
        )
}

/// The Arabic-script words of `text` with their byte offsets; a ZWNJ inside a word keeps it
/// one word.
pub fn arabic_words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut rest = text.char_indices().peekable();
    std::iter::from_fn(move || {
        let (start, _) = loop {
            let (i, c) = rest.next()?;
            if is_arabic_letter(c) {
                break (i, c);
            }
        };
        let mut end = text.len();
        while let Some(&(i, c)) = rest.peek() {
            if !is_word_char(c) {
                end = i;
                break;
            }
            rest.next();
        }
        let word = text[start..end].trim_end_matches(ZWNJ);
        Some((start, word))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_words_with_their_offsets() {
        let text = "a می‌کند، (بال) ۱۲";
        let words: Vec<_> = arabic_words(text).collect();
        assert_eq!(words, vec![(2, "می‌کند"), (19, "بال")]);
        assert!(joins_forward('ی') && !joins_forward('ا'));
    }
}
