//! The words and digits a book prints around its text, in the book's or piece's language.

use crate::book::Lang;

/// Fixed words printed by the renderers.
#[derive(Debug, Clone, Copy)]
pub struct Words {
    /// Heading of the table of contents.
    pub contents: &'static str,
    /// Heading of a piece's notes.
    pub notes: &'static str,
    /// Label of the cover in navigation.
    pub cover: &'static str,
    /// Label of the title page.
    pub title_page: &'static str,
    /// Heading of the colophon.
    pub colophon: &'static str,
    /// Label of the landmarks list.
    pub landmarks: &'static str,
    /// Label of the start of the text.
    pub start: &'static str,
    /// “Translated by”.
    pub translated_by: &'static str,
    /// “Edited by”.
    pub edited_by: &'static str,
    /// “Source”.
    pub source: &'static str,
    /// “Date”.
    pub date: &'static str,
    /// “Back to the text” (a note's back link).
    pub back_to_text: &'static str,
    /// “Note” (a note reference's accessible name).
    pub note: &'static str,
    /// “Fonts”.
    pub fonts: &'static str,
    /// “Identifier”.
    pub identifier: &'static str,
    /// “Rights”.
    pub rights: &'static str,
    /// “Publisher”.
    pub publisher: &'static str,
    /// The list separator (“, ” or “، ”).
    pub comma: &'static str,
    /// “ and ” between the last two names.
    pub and: &'static str,
    /// “Done” (a ticked task box's accessible name).
    pub done: &'static str,
    /// “Not done” (an empty task box's accessible name).
    pub not_done: &'static str,
}

const ENGLISH: Words = Words {
    contents: "Contents",
    notes: "Notes",
    cover: "Cover",
    title_page: "Title page",
    colophon: "Colophon",
    landmarks: "Landmarks",
    start: "Start of text",
    translated_by: "Translated by",
    edited_by: "Edited by",
    source: "Source",
    date: "Date",
    back_to_text: "Back to the text",
    note: "Note",
    fonts: "Fonts",
    identifier: "Identifier",
    rights: "Rights",
    publisher: "Publisher",
    comma: ", ",
    and: " and ",
    done: "Done",
    not_done: "Not done",
};

const PERSIAN: Words = Words {
    contents: "فهرست",
    notes: "یادداشت‌ها",
    cover: "جلد",
    title_page: "صفحهٔ عنوان",
    colophon: "شناسنامه",
    landmarks: "نشانه‌ها",
    start: "آغاز متن",
    translated_by: "ترجمهٔ",
    edited_by: "ویراستهٔ",
    source: "منبع",
    date: "تاریخ",
    back_to_text: "بازگشت به متن",
    note: "یادداشت",
    fonts: "قلم‌ها",
    identifier: "شناسه",
    rights: "حقوق",
    publisher: "ناشر",
    comma: "، ",
    and: " و ",
    done: "انجام شده",
    not_done: "انجام نشده",
};

/// The words for `lang` (English for languages without a table).
pub fn words(lang: &Lang) -> &'static Words {
    if lang.is_persian() {
        &PERSIAN
    } else {
        &ENGLISH
    }
}

/// `n` written with the language's digits: Persian digits (۰–۹) in Persian, Latin elsewhere.
pub fn number(n: u64, lang: &Lang) -> String {
    digits(&n.to_string(), lang)
}

/// The number of a front matter page: lower-case roman, or in Persian the abjad letters
/// (الف، ب، ج، …) Persian books number their front matter with.
pub fn front_matter_number(n: u64, lang: &Lang) -> String {
    const ABJAD: [&str; 10] = ["الف", "ب", "ج", "د", "ه", "و", "ز", "ح", "ط", "ی"];
    if lang.is_persian() {
        if let Some(letter) = usize::try_from(n)
            .ok()
            .and_then(|n| ABJAD.get(n.checked_sub(1)?))
        {
            return (*letter).to_string();
        }
        return number(n, lang);
    }
    crate::book::to_roman(n)
}

/// Replaces ASCII digits in `s` with the language's digits.
pub fn digits(s: &str, lang: &Lang) -> String {
    if !lang.is_persian() {
        return s.to_string();
    }
    s.chars()
        .map(|c| match c.to_digit(10) {
            Some(d) => char::from_u32('۰' as u32 + d).unwrap_or(c),
            None => c,
        })
        .collect()
}

/// Names joined as the language joins a list: “A, B and C”.
pub fn join_names(names: &[String], lang: &Lang) -> String {
    let w = words(lang);
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{}{}{}", rest.join(w.comma), w.and, last),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn persian_digits() {
        assert_eq!(number(1986, &Lang::persian()), "۱۹۸۶");
        assert_eq!(number(12, &Lang::english()), "12");
    }

    #[test]
    fn joins() {
        let names = vec!["A".to_string(), "B".to_string(), "C".to_string()];
        assert_eq!(join_names(&names, &Lang::english()), "A, B and C");
        assert_eq!(join_names(&names[..1], &Lang::persian()), "A");
        assert_eq!(join_names(&names[..2], &Lang::persian()), "A و B");
    }
}

const ENGLISH_MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Gregorian month names as Persian writes them.
const PERSIAN_MONTHS: [&str; 12] = [
    "ژانویه",
    "فوریه",
    "مارس",
    "آوریل",
    "مه",
    "ژوئن",
    "ژوئیه",
    "اوت",
    "سپتامبر",
    "اکتبر",
    "نوامبر",
    "دسامبر",
];

/// A `YYYY`, `YYYY-MM` or `YYYY-MM-DD` date as a reader expects it: “15 October 2011”,
/// “May 2012”, «۱۵ اکتبر ۲۰۱۱». Anything else is returned with localized digits.
pub fn date(iso: &str, lang: &Lang) -> String {
    let parts: Vec<&str> = iso.split('-').collect();
    let months = if lang.is_persian() {
        &PERSIAN_MONTHS
    } else {
        &ENGLISH_MONTHS
    };
    let month = |m: &str| {
        m.parse::<usize>()
            .ok()
            .filter(|m| (1..=12).contains(m))
            .map(|m| months[m - 1])
    };
    let text = match parts.as_slice() {
        [y] => y.to_string(),
        [y, m] => match month(m) {
            Some(name) => format!("{name} {y}"),
            None => iso.to_string(),
        },
        [y, m, d] => match (month(m), d.parse::<u32>()) {
            (Some(name), Ok(day)) => format!("{day} {name} {y}"),
            _ => iso.to_string(),
        },
        _ => iso.to_string(),
    };
    digits(&text, lang)
}

#[cfg(test)]
mod date_tests {
    use super::*;

    #[test]
    fn dates_read_naturally() {
        assert_eq!(date("2011-10-15", &Lang::english()), "15 October 2011");
        assert_eq!(date("2012-05", &Lang::english()), "May 2012");
        assert_eq!(date("1986", &Lang::english()), "1986");
        assert_eq!(date("2012-05", &Lang::persian()), "مه ۲۰۱۲");
        assert_eq!(date("2026-11-02", &Lang::persian()), "۲ نوامبر ۲۰۲۶");
    }
}
