//! `pamphlet fix`: a piece normalized (and its lost لا repaired when the whole piece lost
//! them), shown as a diff or written back.

use super::lost_la;
use super::normalize::{normalize_piece, split_front_matter};
use super::review::ReviewItem;

/// A piece after fixing.
#[derive(Debug, Clone)]
pub struct Fixed {
    /// The whole file, fixed.
    pub text: String,
    /// Repairs made and words left for a person, with their lines in the original file.
    pub review: Vec<ReviewItem>,
}

/// Fixes a piece file: lost لا first (on the original text, so lines are the file's), then
/// Persian normalization. The front matter is never changed.
pub fn fix_piece(file: &str) -> Fixed {
    let (front, body) = split_front_matter(file);
    let body_start = front.len();
    let (repaired, suspects) = lost_la::repair(body);
    let line_of = |offset: usize| 1 + file[..body_start + offset].matches('\n').count();
    let review = suspects
        .into_iter()
        .map(|s| ReviewItem::lost_la(line_of(s.offset), s))
        .collect();
    let text = normalize_piece(&format!("{front}{repaired}"));
    Fixed { text, review }
}

/// A unified diff of `old` and `new`, labelled with `name`; empty when they are equal.
pub fn diff(name: &str, old: &str, new: &str) -> String {
    if old == new {
        return String::new();
    }
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(1)
        .header(name, &format!("{name} (fixed)"))
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixes_the_body_and_keeps_the_front_matter() {
        let file = "+++\ntitle = \"كتاب\"\n+++\n\nكتاب ها را میخواند .\n";
        let fixed = fix_piece(file);
        assert_eq!(
            fixed.text,
            "+++\ntitle = \"كتاب\"\n+++\n\nکتاب‌ها را می‌خواند.\n"
        );
        let shown = diff("a.md", file, &fixed.text);
        assert!(
            shown.contains("-كتاب ها را میخواند .") && shown.contains("+کتاب‌ها را می‌خواند."),
            "{shown}"
        );
        assert_eq!(fix_piece(&fixed.text).text, fixed.text);
    }
}
