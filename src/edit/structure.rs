//! What a line of raw text is: a list item, a heading, a section break, a signature line, a
//! date — recognised from its shape alone.

/// A list item's Markdown marker and text, when `line` is one: `1.`, `4)`, `a.`, `a)`,
/// `- a.`, `*Item`, `- item`, `• item`.
pub fn list_item(line: &str) -> Option<(String, &str)> {
    let line = line.trim();
    if is_section_break(line) {
        return None;
    }
    let lettered_dash = line
        .strip_prefix("- ")
        .filter(|rest| ordinal(rest).is_some());
    if let Some(rest) = lettered_dash {
        return ordinal(rest);
    }
    if let Some(found) = ordinal(line) {
        return Some(found);
    }
    for bullet in ['*', '-', '•'] {
        if let Some(rest) = line.strip_prefix(bullet) {
            let text = rest.trim_start();
            if !text.is_empty() && !text.starts_with(bullet) {
                return Some(("-".to_string(), text));
            }
        }
    }
    None
}

/// `1.`, `12)`, `a.`, `b)` followed by a space and text: the marker in Markdown form.
fn ordinal(line: &str) -> Option<(String, &str)> {
    let head: String = line
        .chars()
        .take_while(|c| c.is_ascii_digit() || c.is_ascii_lowercase())
        .collect();
    let numeric = !head.is_empty() && head.len() <= 3 && head.chars().all(|c| c.is_ascii_digit());
    let letter = head.len() == 1 && head.chars().all(|c| c.is_ascii_lowercase());
    if !(numeric || letter) {
        return None;
    }
    let rest = &line[head.len()..];
    let text = rest
        .strip_prefix(". ")
        .or_else(|| rest.strip_prefix(") "))?
        .trim_start();
    (!text.is_empty()).then(|| (format!("{head}."), text))
}

/// `* * *`, `***`, `* * * *`: a section break.
pub fn is_section_break(line: &str) -> bool {
    let t = line.trim();
    t.len() >= 3 && t.chars().all(|c| c == '*' || c == ' ') && t.matches('*').count() >= 3
}

/// Whether `line` ends a sentence (or a clause that may end a paragraph).
pub fn ends_sentence(line: &str) -> bool {
    let t = line
        .trim_end()
        .trim_end_matches(['"', '”', '’', '\'', ')', '»', '*', ']']);
    t.ends_with(['.', '!', '?', '؟', ':', '…', ';'])
}

/// Words in `line`.
pub fn word_count(line: &str) -> usize {
    line.split_whitespace().count()
}

/// A line that can be a heading: short, not ending a sentence or a clause, starting with a
/// capital, a digit or a Farsi letter.
pub fn heading_like(line: &str) -> bool {
    let t = line.trim();
    let first = t.chars().next();
    let starts_well = first.is_some_and(|c| {
        c.is_uppercase() || c.is_ascii_digit() || !c.is_ascii() && c.is_alphabetic()
    });
    starts_well
        && word_count(t) <= 14
        && !ends_sentence(t)
        && !t.ends_with([',', '،', '-', '–'])
        && !t.starts_with(['"', '“', '«', '('])
}

/// The name in a signature line written `—Name` or `– Name`.
pub fn dashed_signature(line: &str) -> Option<&str> {
    let t = line.trim();
    let name = t.strip_prefix('—').or_else(|| t.strip_prefix('–'))?.trim();
    (!name.is_empty() && word_count(name) <= 8 && !ends_sentence(name)).then_some(name)
}

/// Whether `line` is only a date: «15th October 2011», «May 2012», «اردیبهشت ۱۳۹۱».
pub fn is_dateline(line: &str) -> bool {
    const MONTHS: &[&str] = &[
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "فروردین",
        "اردیبهشت",
        "خرداد",
        "تیر",
        "مرداد",
        "شهریور",
        "مهر",
        "آبان",
        "آذر",
        "دی",
        "بهمن",
        "اسفند",
    ];
    let words: Vec<String> = line
        .split(|c: char| c.is_whitespace() || c == ',' || c == '،')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let has_month = words.iter().any(|w| MONTHS.contains(&w.as_str()));
    let has_year = words.iter().any(|w| {
        let digits: Vec<char> = w.chars().filter(|c| c.is_numeric()).collect();
        digits.len() == 4 && digits.len() == w.chars().count()
    });
    let rest_is_day = words.iter().all(|w| {
        MONTHS.contains(&w.as_str())
            || w.chars().all(char::is_numeric)
            || w.trim_start_matches(|c: char| c.is_ascii_digit())
                .is_empty_or_ordinal()
    });
    (2..=4).contains(&words.len()) && has_month && has_year && rest_is_day
}

/// English ordinal endings after a day number.
trait OrdinalSuffix {
    fn is_empty_or_ordinal(&self) -> bool;
}

impl OrdinalSuffix for str {
    fn is_empty_or_ordinal(&self) -> bool {
        matches!(self, "" | "st" | "nd" | "rd" | "th")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_items_of_every_kind() {
        assert_eq!(
            list_item("4) Economic struggles"),
            Some(("4.".into(), "Economic struggles"))
        );
        assert_eq!(
            list_item("- a. In establishing"),
            Some(("a.".into(), "In establishing"))
        );
        assert_eq!(
            list_item("b) workers whose"),
            Some(("b.".into(), "workers whose"))
        );
        assert_eq!(
            list_item("*Workers in El Salvador"),
            Some(("-".into(), "Workers in El Salvador"))
        );
        assert_eq!(list_item("* * *"), None);
        assert_eq!(list_item("In 1979, they"), None);
        assert!(is_section_break("* * *"));
    }

    #[test]
    fn headings_signatures_dates() {
        assert!(heading_like(
            "Fundamental of Communist Activities Among Workers; Some Basic Facts"
        ));
        assert!(!heading_like("So, I hope I'll have a few news from you,"));
        assert_eq!(
            dashed_signature("—ICWP Steering Committee"),
            Some("ICWP Steering Committee")
        );
        assert!(is_dateline("15th October 2011"));
        assert!(is_dateline("اردیبهشت ۱۳۹۱"));
        assert!(!is_dateline("Internationalist Voice"));
    }
}
