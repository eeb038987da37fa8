//! `pamphlet import`: raw text (a web scrape, text pulled out of a PDF) into a Markdown piece
//! with front matter, and the list of what a person must still look at.

use super::lost_la;
use super::normalize::normalize_text;
use super::review::{Concern, ReviewItem};
use super::structure::{
    dashed_signature, ends_sentence, heading_like, is_dateline, is_section_break, list_item,
    word_count,
};
use serde::Serialize;

/// The language of the text imported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    /// English.
    English,
    /// Farsi: normalized, its lost لا repaired.
    Farsi,
}

impl Language {
    fn tag(self) -> &'static str {
        match self {
            Language::English => "en",
            Language::Farsi => "fa",
        }
    }
}

/// What to import and how.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// The text's language.
    pub language: Language,
    /// The piece's title; the text's first heading when absent.
    pub title: Option<String>,
    /// The raw file's name, for the `source` field.
    pub source: String,
    /// Debris lines to drop besides the built-in ones (from the book or the command line).
    pub debris: Vec<String>,
}

/// The imported piece and its review list.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The piece: front matter and Markdown.
    pub markdown: String,
    /// Everything to look at, and what was repaired or dropped, in line order.
    pub review: Vec<ReviewItem>,
}

/// Lines dropped wherever they stand: web and page debris seen in the editors' sources.
pub const BUILT_IN_DEBRIS: &[&str] = &[
    "ReplyDelete",
    "Reply",
    "Delete",
    "Print Friendly, PDF & Email",
    "Front page of this issue",
    "continued on next page",
    "ادامه در صفحه بعد",
];

/// A line of the source with its 1-based number.
#[derive(Debug, Clone)]
struct Line<'a> {
    no: usize,
    raw: &'a str,
    /// Whether a blank line follows it.
    blank_after: bool,
}

/// A paragraph's text with the source line each part came from.
#[derive(Debug, Clone)]
struct Unit {
    text: String,
    /// (byte offset in `text`, source line) for each joined line.
    lines: Vec<(usize, usize)>,
    blank_after: bool,
}

impl Unit {
    fn new(line: &Line, text: &str) -> Self {
        Unit {
            text: text.to_string(),
            lines: vec![(0, line.no)],
            blank_after: line.blank_after,
        }
    }

    fn first_line(&self) -> usize {
        self.lines[0].1
    }

    fn push(&mut self, line: &Line, text: &str) {
        self.text.push(' ');
        self.lines.push((self.text.len(), line.no));
        self.text.push_str(text);
        self.blank_after = line.blank_after;
    }

    fn append(&mut self, other: Unit) {
        self.text.push(' ');
        let base = self.text.len();
        self.text.push_str(&other.text);
        self.lines
            .extend(other.lines.into_iter().map(|(at, no)| (at + base, no)));
        self.blank_after = other.blank_after;
    }

    /// The source line of byte `offset`.
    fn line_at(&self, offset: usize) -> usize {
        self.lines
            .iter()
            .take_while(|(at, _)| *at <= offset)
            .last()
            .map_or(self.first_line(), |(_, no)| *no)
    }
}

/// A Markdown block of the piece.
#[derive(Debug, Clone, PartialEq)]
enum Block {
    Heading { level: usize, text: String },
    Paragraph(String),
    Item { marker: String, text: String },
    Break,
    Signature(Vec<String>),
    Epigraph { quote: String, attribution: String },
}

/// Imports raw `text`.
pub fn import(text: &str, options: &ImportOptions) -> Imported {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let mut review = Vec::new();
    let lines = kept_lines(text, &options.debris, &mut review);
    let farsi = options.language == Language::Farsi;
    let mut units = if hard_wrapped(&lines) {
        rewrap(&lines)
    } else {
        join_wrapped(&lines)
    };
    units = rejoin_page_breaks(units, farsi);
    units = units.into_iter().flat_map(split_interview).collect();
    if farsi {
        let lost = lost_la::lost_all_la(
            &units
                .iter()
                .map(|u| u.text.as_str())
                .collect::<Vec<_>>()
                .join("\n"),
        );
        for unit in &mut units {
            repair_farsi(unit, lost, &mut review);
        }
    }
    for unit in &units {
        if unit.text.contains('\u{FFFD}') {
            let at = unit.text.find('\u{FFFD}').unwrap_or(0);
            review.push(ReviewItem::new(
                unit.line_at(at),
                Concern::Unreadable,
                &unit.text,
            ));
        }
    }
    flag_repeats(&units, &mut review);
    let (title, blocks) = blocks(units, options.title.clone());
    review.sort_by_key(|item| item.line);
    let title = title.unwrap_or_else(|| {
        std::path::Path::new(&options.source)
            .file_stem()
            .map_or_else(
                || options.source.clone(),
                |s| s.to_string_lossy().into_owned(),
            )
    });
    Imported {
        markdown: render(&title, options, &blocks),
        review,
    }
}

/// The lines that are not debris; dropped lines and cut prefixes go to the review list.
fn kept_lines<'a>(text: &'a str, extra: &[String], review: &mut Vec<ReviewItem>) -> Vec<Line<'a>> {
    let all: Vec<&str> = text.lines().collect();
    let mut kept: Vec<Line> = Vec::new();
    let debris: Vec<&str> = BUILT_IN_DEBRIS
        .iter()
        .copied()
        .chain(extra.iter().map(String::as_str))
        .filter(|d| !d.trim().is_empty())
        .collect();
    for (i, raw) in all.iter().enumerate() {
        let no = i + 1;
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            if let Some(last) = kept.last_mut() {
                last.blank_after = true;
            }
            continue;
        }
        let mut raw: &str = raw;
        if let Some(kind) = debris_match(trimmed, &debris) {
            match kind {
                DebrisMatch::Line => {
                    review.push(ReviewItem::new(no, Concern::Dropped, trimmed));
                    continue;
                }
                DebrisMatch::Prefix(len) => {
                    let start = raw.len() - raw.trim_start().len();
                    review.push(ReviewItem::new(
                        no,
                        Concern::Dropped,
                        trimmed.get(..len).unwrap_or(trimmed),
                    ));
                    raw = raw.get(start + len..).unwrap_or(raw);
                }
            }
        }
        kept.push(Line {
            no,
            raw,
            blank_after: false,
        });
    }
    kept
}

/// How a debris entry matched a line.
enum DebrisMatch {
    /// The whole line is debris.
    Line,
    /// The line starts with this many bytes of debris run into real text.
    Prefix(usize),
}

/// Whether `line` is debris: a rule line, a line of navigation marks («♦»), or a line made
/// mostly of a listed entry.
fn debris_match(line: &str, debris: &[&str]) -> Option<DebrisMatch> {
    let rule = line.chars().count() >= 3
        && line
            .chars()
            .all(|c| matches!(c, '-' | '_' | '=' | '—' | '–'));
    if rule || line.contains('♦') {
        return Some(DebrisMatch::Line);
    }
    let lower = line.to_lowercase();
    let significant = |s: &str| s.chars().filter(|c| c.is_alphanumeric()).count();
    for entry in debris {
        let entry_lower = entry.trim().to_lowercase();
        if lower == entry_lower {
            return Some(DebrisMatch::Line);
        }
        // Short entries («Reply») match whole lines only: they occur inside real text.
        if significant(&entry_lower) < 10 && !lower.starts_with(&entry_lower) {
            continue;
        }
        if let Some(pos) = lower.find(&entry_lower) {
            // Mostly debris: drop it; debris run into the start of real text: cut it off.
            if 2 * significant(&entry_lower) >= significant(&lower)
                && significant(&entry_lower) >= 10
            {
                return Some(DebrisMatch::Line);
            }
            // Lower-casing may change byte lengths; cut only where the bytes line up.
            let joined_word = lower.len() == line.len()
                && line
                    .get(entry_lower.len()..)
                    .and_then(|rest| rest.chars().next())
                    .is_some_and(char::is_uppercase);
            if pos == 0 && joined_word {
                return Some(DebrisMatch::Prefix(entry_lower.len()));
            }
        }
    }
    None
}

/// Whether the text is hard-wrapped at a column: many lines, most of them short and ending
/// mid-sentence (a text with a paragraph per line ends most lines with a sentence).
fn hard_wrapped(lines: &[Line]) -> bool {
    const ENOUGH_LINES: usize = 20;
    if lines.len() < ENOUGH_LINES {
        return false;
    }
    let mut lengths: Vec<usize> = lines.iter().map(|l| l.raw.trim().chars().count()).collect();
    lengths.sort_unstable();
    let mid_sentence = lines.iter().filter(|l| !ends_sentence(l.raw)).count();
    lengths[lengths.len() / 2] < 100 && 2 * mid_sentence > lines.len()
}

/// Joins hard-wrapped lines into paragraphs: a paragraph ends at a line that ends a
/// sentence; a short line standing alone between paragraphs is kept alone (a heading).
fn rewrap(lines: &[Line]) -> Vec<Unit> {
    let mut units: Vec<Unit> = Vec::new();
    let mut open = false;
    for (i, line) in lines.iter().enumerate() {
        let text = line.raw.trim();
        // Extracted columns indent paragraph lines; a short unpunctuated line after a
        // finished paragraph is a heading or a title line, the more so flush left. A dash
        // inside a wrapped paragraph is punctuation, not a bullet.
        let flush = !line.raw.starts_with([' ', '\t']);
        let next_starts_item = lines.get(i + 1).is_some_and(|n| numbered(n.raw));
        let short = word_count(text) <= if flush { 8 } else { 6 };
        let alone = !open && heading_like(text) && short && !runs_on(line, lines.get(i + 1));
        match units.last_mut() {
            Some(unit) if open && !numbered(text) && !is_section_break(text) => {
                unit.push(line, text)
            }
            _ => units.push(Unit::new(line, text)),
        }
        open = !(alone || ends_sentence(text) || next_starts_item || is_section_break(text));
    }
    units
}

/// Whether `line`'s sentence runs on into `next`: no blank line between them and `next`
/// starts in lower case (only cased scripts tell; Farsi has no case).
fn runs_on(line: &Line, next: Option<&Line>) -> bool {
    !line.blank_after
        && !ends_sentence(line.raw)
        && next.is_some_and(|n| starts_lower_case(n.raw) && list_item(n.raw.trim()).is_none())
}

/// Whether `text`'s first letter is a lower-case one.
fn starts_lower_case(text: &str) -> bool {
    text.trim_start()
        .chars()
        .next()
        .is_some_and(char::is_lowercase)
}

/// The lines of a text that is not hard-wrapped as a whole, a paragraph each — but a line
/// whose sentence runs on into the next (a short text wrapped by hand, a paragraph pasted
/// with its line ends) is joined with it.
fn join_wrapped(lines: &[Line]) -> Vec<Unit> {
    let mut units: Vec<Unit> = Vec::with_capacity(lines.len());
    for (i, line) in lines.iter().enumerate() {
        let text = line.raw.trim();
        match units.last_mut() {
            Some(unit) if i > 0 && runs_on(&lines[i - 1], Some(line)) => unit.push(line, text),
            _ => units.push(Unit::new(line, text)),
        }
    }
    units
}

/// Whether `line` is a numbered or lettered list item (not a bullet, which may be a dash).
fn numbered(line: &str) -> bool {
    list_item(line).is_some_and(|(marker, _)| marker != "-")
}

/// Rejoins paragraphs cut by a page break: one ending without final punctuation followed
/// by one starting in lower case (in English), or by a long one in Farsi, which has no case.
fn rejoin_page_breaks(units: Vec<Unit>, farsi: bool) -> Vec<Unit> {
    let mut out: Vec<Unit> = Vec::with_capacity(units.len());
    for unit in units {
        if let Some(prev) = out.last_mut() {
            // A Farsi comma may end a line before a signature; an English one followed by
            // lower case is a sentence going on.
            let farsi_comma = farsi && prev.text.trim_end().ends_with('،');
            let cut = !(ends_sentence(&prev.text) || farsi_comma)
                && list_item(&unit.text).is_none()
                && word_count(&prev.text) >= 12
                && (list_item(&prev.text).is_none() || !farsi);
            let continues = if farsi {
                word_count(&unit.text) >= 8 && !heading_like(&prev.text)
            } else {
                unit.text.chars().next().is_some_and(char::is_lowercase)
            };
            if cut && continues {
                prev.append(unit);
                continue;
            }
        }
        out.push(unit);
    }
    out
}

/// Interview turns run together in one paragraph («… email us. Q: For our readers … A: …»)
/// split into a paragraph per question and answer.
fn split_interview(unit: Unit) -> Vec<Unit> {
    let cuts: Vec<usize> = unit
        .text
        .match_indices(" Q: ")
        .chain(unit.text.match_indices(" A: "))
        .map(|(at, _)| at)
        .filter(|&at| unit.text[..at].ends_with(['.', '?', '!']))
        .collect();
    let has_both = unit.text.contains("Q: ") && unit.text.contains("A: ");
    if !has_both || cuts.is_empty() {
        return vec![unit];
    }
    let mut cuts = cuts;
    cuts.sort_unstable();
    let mut out = Vec::with_capacity(cuts.len() + 1);
    let mut start = 0;
    for end in cuts.into_iter().chain([unit.text.len()]) {
        let text = unit.text[start..end].trim();
        out.push(Unit {
            text: text.to_string(),
            lines: vec![(0, unit.line_at(start))],
            blank_after: true,
        });
        start = end + 1;
    }
    out
}

/// Normalizes a Farsi paragraph and repairs its lost لا, listing what needs review.
fn repair_farsi(unit: &mut Unit, lost: bool, review: &mut Vec<ReviewItem>) {
    for &(at, no) in &unit.lines {
        let end = unit
            .lines
            .iter()
            .find(|(start, _)| *start > at)
            .map_or(unit.text.len(), |(start, _)| *start);
        let line = &unit.text[at..end];
        if line
            .chars()
            .any(|c| c.is_ascii_alphanumeric() || c.is_numeric())
        {
            review.push(ReviewItem::new(no, Concern::MixedLine, line));
        }
    }
    let lettered = normalize_letters(&unit.text);
    let (repaired, suspects) = lost_la::repair_in(&lettered, lost);
    for s in suspects {
        review.push(ReviewItem::lost_la(unit.line_at(s.offset), s));
    }
    unit.text = normalize_text(&repaired);
}

/// Persian letters for Arabic ones, keeping byte offsets (both are two bytes in UTF-8).
fn normalize_letters(text: &str) -> String {
    text.replace('ي', "ی").replace('ك', "ک")
}

/// Letters and digits two paragraphs must share from their start to be one repeated.
const SAME_OPENING: usize = 80;

/// Flags paragraphs that repeat an earlier one.
fn flag_repeats(units: &[Unit], review: &mut Vec<ReviewItem>) {
    let key = |t: &str| -> String { t.chars().filter(|c| c.is_alphanumeric()).collect() };
    let mut seen: Vec<(String, usize)> = Vec::new();
    for unit in units {
        let k = key(&unit.text);
        if k.chars().count() < SAME_OPENING {
            continue;
        }
        // The same text, one inside the other (cut off, or run into more), or the same
        // long opening (a column of other text interleaved after it).
        let earlier = seen.iter().find(|(s, _)| {
            s.contains(k.as_str())
                || k.contains(s.as_str())
                || s.chars()
                    .take(SAME_OPENING)
                    .eq(k.chars().take(SAME_OPENING))
        });
        if let Some((_, first_line)) = earlier {
            review.push(ReviewItem::new(
                unit.first_line(),
                Concern::Repeated {
                    first_line: *first_line,
                },
                &unit.text,
            ));
        } else {
            seen.push((k, unit.first_line()));
        }
    }
}

/// The units as Markdown blocks, and the title when the text opens with one.
fn blocks(units: Vec<Unit>, title: Option<String>) -> (Option<String>, Vec<Block>) {
    let mut title = title;
    let mut out: Vec<Block> = Vec::new();
    let mut i = 0;
    while i < units.len() {
        let unit = &units[i];
        let text = unit.text.trim();
        let next = units.get(i + 1);
        let last = i + 1 == units.len();
        if is_section_break(text) {
            out.push(Block::Break);
        } else if let Some(name) = dashed_signature(text) {
            out.push(Block::Signature(vec![name.to_string()]));
        } else if let Some((marker, item)) = list_item(text) {
            // A short numbered line without a sentence is a numbered heading.
            if marker.starts_with(|c: char| c.is_ascii_digit())
                && heading_like(item)
                && word_count(item) <= 14
                && !unit.blank_after_is_item(next)
            {
                out.push(Block::Heading {
                    level: 3,
                    text: format!("{marker} {item}"),
                });
            } else {
                out.push(Block::Item {
                    marker,
                    text: item.to_string(),
                });
            }
        } else if let Some(n) = next.filter(|n| {
            text.starts_with(['"', '“']) && !unit.blank_after && word_count(&n.text) <= 14
        }) {
            out.push(Block::Epigraph {
                quote: text.to_string(),
                attribution: n.text.trim().to_string(),
            });
            i += 2;
            continue;
        } else if let Some(lines) = signature_run(&units[i..], out.last()) {
            let n = lines.len();
            out.push(Block::Signature(lines));
            i += n;
            continue;
        } else if heading_like(text) && !last && !is_dateline(text) && !unit.runs_on(next) {
            // Only a line standing alone is a title (one running on into the next is the
            // start of a paragraph, and stays in the body); so is no paragraph joined from
            // several lines.
            if title.is_none() && out.is_empty() && unit.lines.len() == 1 {
                title = Some(text.to_string());
            } else {
                out.push(Block::Heading {
                    level: 2,
                    text: text.to_string(),
                });
            }
        } else if let Some(turn) = ["Q: ", "A: "].iter().find(|t| text.starts_with(*t)) {
            // An interview turn, its speaker in bold.
            out.push(Block::Paragraph(format!(
                "**{}** {}",
                turn.trim_end(),
                text[turn.len()..].trim_start()
            )));
        } else {
            out.push(Block::Paragraph(text.to_string()));
        }
        i += 1;
    }
    (title, out)
}

impl Unit {
    /// Whether this unit's sentence runs on into `next`: no blank line between them and
    /// `next` starts in lower case.
    fn runs_on(&self, next: Option<&Unit>) -> bool {
        !self.blank_after
            && !ends_sentence(&self.text)
            && next.is_some_and(|n| starts_lower_case(&n.text))
    }

    /// Whether the next unit is a list item too (then this numbered line is an item).
    fn blank_after_is_item(&self, next: Option<&Unit>) -> bool {
        next.is_some_and(|n| list_item(&n.text).is_some())
    }
}

/// A closing: short lines without a blank between them (a greeting, a name, a date), or one
/// short line after a letter's last sentence ending in a comma, or a lone dateline.
fn signature_run(units: &[Unit], before: Option<&Block>) -> Option<Vec<String>> {
    let short = |u: &Unit| {
        word_count(&u.text) <= 6 && !ends_sentence(&u.text) && list_item(&u.text).is_none()
    };
    let mut run = Vec::new();
    for unit in units {
        if !short(unit) {
            break;
        }
        run.push(unit.text.trim().to_string());
        if unit.blank_after {
            break;
        }
    }
    let after_comma = matches!(before, Some(Block::Paragraph(p)) if p.trim_end().ends_with(','));
    let closes = run.len() >= 2 && (run.iter().any(|l| is_dateline(l)) || run.len() == units.len());
    let lone_closing = run.len() == 1 && (after_comma || is_dateline(&run[0]));
    (closes || lone_closing).then_some(run)
}

/// The piece file: TOML front matter and the blocks.
fn render(title: &str, options: &ImportOptions, blocks: &[Block]) -> String {
    #[derive(Serialize)]
    struct Front<'a> {
        title: &'a str,
        authors: [&'a str; 0],
        translators: [&'a str; 0],
        lang: &'a str,
        source: &'a str,
    }
    let front = toml::to_string(&Front {
        title,
        authors: [],
        translators: [],
        lang: options.language.tag(),
        source: &options.source,
    })
    .unwrap_or_default();
    let mut out = format!("+++\n{front}+++\n");
    let mut previous: Option<&Block> = None;
    for block in blocks {
        let tight = matches!(
            (previous, block),
            (Some(Block::Item { .. }), Block::Item { .. })
        );
        out.push_str(if tight { "\n" } else { "\n\n" });
        match block {
            Block::Heading { level, text } => {
                out.push_str(&format!("{} {}", "#".repeat(*level), escape(text)))
            }
            Block::Paragraph(text) if text.starts_with("**") => out.push_str(text),
            Block::Paragraph(text) => out.push_str(&escape(text)),
            Block::Item { marker, text } => out.push_str(&format!("{marker} {}", escape(text))),
            Block::Break => out.push_str("* * *"),
            Block::Signature(lines) => {
                let body: Vec<String> = lines.iter().map(|l| escape(l)).collect();
                out.push_str(&format!("::: signature\n{}\n:::", body.join("\\\n")));
            }
            Block::Epigraph { quote, attribution } => {
                let attribution = attribution.trim_start_matches(['—', '–', '-', ' ']);
                out.push_str(&format!(
                    "::: epigraph\n{}\n\n— {}\n:::",
                    escape(quote),
                    escape(attribution)
                ));
            }
        }
        previous = Some(block);
    }
    out.push('\n');
    // Front matter, then one blank line before the first block.
    out.replacen("+++\n\n\n", "+++\n\n", 1)
}

/// Escapes what Markdown would read as markup in running text: raw HTML's `<`, and a line
/// start that would begin a list, heading, quote or fence.
fn escape(text: &str) -> String {
    let mut s = text.replace('<', "\\<");
    let starts_markup = s.starts_with(['#', '>', '+', '='])
        || s.starts_with(":::")
        || list_item(&s).is_some() && !s.starts_with(char::is_alphabetic);
    if starts_markup {
        s.insert(0, '\\');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn english(text: &str) -> Imported {
        import(
            text,
            &ImportOptions {
                language: Language::English,
                title: None,
                source: "x.txt".into(),
                debris: vec![],
            },
        )
    }

    #[test]
    fn rejoins_page_breaks_and_marks_up_structure() {
        let raw = "Our policy\n\nThe first paragraph goes on and on about the working class and then for\n\nthe past few years it went on.\n\nSome Basic Facts\n\n1. One item.\n2. Two item.\n4) Four item.\n- a. Lettered.\n*Bullet\n\n* * *\n\nFront page of this issue\n\n—The Committee\n";
        let out = english(raw);
        let md = &out.markdown;
        assert!(md.contains("title = \"Our policy\""), "{md}");
        assert!(
            md.contains("then for the past few years it went on."),
            "{md}"
        );
        assert!(md.contains("## Some Basic Facts"), "{md}");
        assert!(
            md.contains("1. One item.\n2. Two item.\n4. Four item.\na. Lettered.\n- Bullet"),
            "{md}"
        );
        assert!(md.contains("* * *"), "{md}");
        assert!(md.contains("::: signature\nThe Committee\n:::"), "{md}");
        assert!(!md.contains("Front page"), "{md}");
        assert_eq!(
            out.review
                .iter()
                .filter(|r| r.concern == Concern::Dropped)
                .count(),
            1
        );
    }

    #[test]
    fn a_first_line_running_on_into_the_next_is_no_title() {
        let md = english("The committee met on Tuesday evening to discuss\nthe strike at the docks.\n\nWorkers Unite\n\nMore text.\n").markdown;
        assert!(md.contains("title = \"x\""), "{md}");
        assert!(
            md.contains("The committee met on Tuesday evening to discuss the strike at the docks."),
            "{md}"
        );
        assert!(md.contains("## Workers Unite"), "{md}");
    }

    #[test]
    fn odd_input_never_panics() {
        let odd = [
            "",
            "\n\n \n",
            "İİİ ReplyDelete\nİReplyDeleteX",
            "Q: A: \nQ: x. A: y",
            "- \n*\n1.\n* * *\n—\n:::\n<b>",
            "\u{064E}\u{064E} ل لل «» ، ؟ . \u{200C}\u{200C}",
            "\u{FEFF}\r\nا\r\n",
        ];
        for text in odd {
            for language in [Language::English, Language::Farsi] {
                let out = import(
                    &(text.repeat(25)),
                    &ImportOptions {
                        language,
                        title: None,
                        source: "odd.txt".into(),
                        debris: vec!["İ".into(), " ".into()],
                    },
                );
                assert!(out.markdown.starts_with("+++\n"));
            }
        }
    }

    #[test]
    fn closings_and_epigraphs() {
        let raw = "A letter.\n\nSo, I hope to hear from you,\n\nAlex for Us\n\nReply\n\n“Revolutions criticise themselves.”\nMarx, The Eighteenth Brumaire\n\nText here.\n\nGreetings\nThe Voice\n15th October 2011\n";
        let md = english(raw).markdown;
        assert!(md.contains("::: signature\nAlex for Us\n:::"), "{md}");
        assert!(md.contains("::: epigraph\n“Revolutions criticise themselves.”\n\n— Marx, The Eighteenth Brumaire\n:::"), "{md}");
        assert!(
            md.contains("::: signature\nGreetings\\\nThe Voice\\\n15th October 2011\n:::"),
            "{md}"
        );
    }
}
