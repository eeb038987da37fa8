//! Passes over a paragraph's inlines after parsing: explicit language spans, language-aware
//! smart punctuation, and language spans found from the script.

use super::model::{Direction, Inline, Lang};
use unicode_bidi::BidiClass;

/// A piece of the paragraph while `[…]{lang=…}` spans are being matched.
enum Token {
    Node(Inline),
    Open,
    /// `]{…}` with the text between the braces.
    Close(String),
}

/// Turns `[text]{lang=xx}` (and `{lang=xx dir=rtl}`) into spans, at every nesting level.
/// Malformed attributes are reported in `problems` and left as text.
pub fn bracketed_spans(inlines: Vec<Inline>, problems: &mut Vec<String>) -> Vec<Inline> {
    let inlines: Vec<Inline> = inlines
        .into_iter()
        .map(|inline| map_children(inline, &mut |c| bracketed_spans(c, problems)))
        .collect();
    if !inlines
        .iter()
        .any(|i| matches!(i, Inline::Text(t) if t.contains('[')))
    {
        return inlines;
    }
    let mut tokens = Vec::new();
    for inline in inlines {
        match inline {
            Inline::Text(text) => tokenize(&text, &mut tokens),
            other => tokens.push(Token::Node(other)),
        }
    }
    // A stack of open spans; level 0 is the paragraph itself.
    let mut levels: Vec<Vec<Inline>> = vec![Vec::new()];
    for token in tokens {
        match token {
            Token::Node(node) => push_inline(levels.last_mut().expect("level 0"), node),
            Token::Open => levels.push(Vec::new()),
            Token::Close(attrs) => {
                if levels.len() == 1 {
                    push_inline(&mut levels[0], Inline::Text(format!("]{{{attrs}}}")));
                    continue;
                }
                let content = levels.pop().expect("checked above");
                let parent = levels.last_mut().expect("level 0");
                match parse_span_attrs(&attrs) {
                    Ok((lang, dir)) => parent.push(Inline::Span { lang, dir, content }),
                    Err(problem) => {
                        problems.push(problem);
                        push_inline(parent, Inline::Text("[".into()));
                        for node in content {
                            push_inline(parent, node);
                        }
                        push_inline(parent, Inline::Text(format!("]{{{attrs}}}")));
                    }
                }
            }
        }
    }
    // Unclosed `[`: plain brackets.
    while levels.len() > 1 {
        let content = levels.pop().expect("len > 1");
        let parent = levels.last_mut().expect("level 0");
        push_inline(parent, Inline::Text("[".into()));
        for node in content {
            push_inline(parent, node);
        }
    }
    levels.pop().unwrap_or_default()
}

fn tokenize(text: &str, tokens: &mut Vec<Token>) {
    let mut plain = String::new();
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if c == '[' {
            flush(&mut plain, tokens);
            tokens.push(Token::Open);
            rest = &rest[1..];
            continue;
        }
        if c == ']' && rest[1..].starts_with('{') {
            if let Some(end) = rest.find('}') {
                let attrs = &rest[2..end];
                if attrs.contains('=') {
                    flush(&mut plain, tokens);
                    tokens.push(Token::Close(attrs.to_string()));
                    rest = &rest[end + 1..];
                    continue;
                }
            }
        }
        plain.push(c);
        rest = &rest[c.len_utf8()..];
    }
    flush(&mut plain, tokens);
}

fn flush(plain: &mut String, tokens: &mut Vec<Token>) {
    if !plain.is_empty() {
        tokens.push(Token::Node(Inline::Text(std::mem::take(plain))));
    }
}

fn parse_span_attrs(attrs: &str) -> Result<(Lang, Direction), String> {
    let mut lang = None;
    let mut dir = None;
    for pair in attrs.split_whitespace() {
        match pair.split_once('=') {
            Some(("lang", value)) => lang = Some(Lang::parse(value.trim_matches('"'))?),
            Some(("dir", "ltr")) => dir = Some(Direction::Ltr),
            Some(("dir", "rtl")) => dir = Some(Direction::Rtl),
            _ => return Err(format!("unknown span attribute `{pair}`: a span takes `lang=` and optionally `dir=ltr|rtl`")),
        }
    }
    let lang = lang.ok_or_else(|| format!("span `{{{attrs}}}` has no `lang=`"))?;
    let dir = dir.unwrap_or_else(|| lang.direction());
    Ok((lang, dir))
}

fn push_inline(out: &mut Vec<Inline>, inline: Inline) {
    if let (Some(Inline::Text(last)), Inline::Text(text)) = (out.last_mut(), &inline) {
        last.push_str(text);
        return;
    }
    out.push(inline);
}

/// Applies `f` to the children of a container inline.
fn map_children(inline: Inline, f: &mut dyn FnMut(Vec<Inline>) -> Vec<Inline>) -> Inline {
    match inline {
        Inline::Emphasis(c) => Inline::Emphasis(f(c)),
        Inline::Strong(c) => Inline::Strong(f(c)),
        Inline::Strike(c) => Inline::Strike(f(c)),
        Inline::Link { target, content } => Inline::Link {
            target,
            content: f(content),
        },
        Inline::Span { lang, dir, content } => Inline::Span {
            lang,
            dir,
            content: f(content),
        },
        other => other,
    }
}

/// Labels of `[^label]` left as text: CommonMark leaves a reference to a missing note unparsed.
pub fn unresolved_note_markers(inlines: &[Inline]) -> Vec<String> {
    let mut found = Vec::new();
    collect_markers(inlines, &mut found);
    found
}

fn collect_markers(inlines: &[Inline], found: &mut Vec<String>) {
    for inline in inlines {
        match inline {
            Inline::Text(t) => {
                let mut rest = t.as_str();
                while let Some(start) = rest.find("[^") {
                    let after = &rest[start + 2..];
                    match after.find(']') {
                        Some(end) if end > 0 && !after[..end].contains(char::is_whitespace) => {
                            found.push(after[..end].to_string());
                            rest = &after[end + 1..];
                        }
                        _ => rest = after,
                    }
                }
            }
            Inline::Emphasis(c)
            | Inline::Strong(c)
            | Inline::Strike(c)
            | Inline::Link { content: c, .. }
            | Inline::Span { content: c, .. } => collect_markers(c, found),
            _ => {}
        }
    }
}

/// Typographic quotes, dashes and ellipses, as the language writes them: “ ” ‘ ’ in English,
/// « » in Persian. Quotes already typographic are kept.
pub fn smart_punctuation(inlines: Vec<Inline>, lang: &Lang) -> Vec<Inline> {
    let mut prev = None;
    smart_in(inlines, lang, &mut prev)
}

fn smart_in(inlines: Vec<Inline>, lang: &Lang, prev: &mut Option<char>) -> Vec<Inline> {
    inlines
        .into_iter()
        .map(|inline| match inline {
            Inline::Text(t) => Inline::Text(smart_text(&t, lang, prev)),
            Inline::Code(c) => {
                *prev = c.chars().last().or(*prev);
                Inline::Code(c)
            }
            Inline::Span {
                lang: inner,
                dir,
                content,
            } => {
                let content = smart_in(content, &inner, prev);
                Inline::Span {
                    lang: inner,
                    dir,
                    content,
                }
            }
            Inline::NoteRef(n) => {
                *prev = Some('1');
                Inline::NoteRef(n)
            }
            Inline::LineBreak => {
                *prev = None;
                Inline::LineBreak
            }
            other => map_children(other, &mut |c| smart_in(c, lang, prev)),
        })
        .collect()
}

fn smart_text(text: &str, lang: &Lang, prev: &mut Option<char>) -> String {
    // Most text has nothing to replace: it is copied as it is.
    if !text.contains(['"', '\'', '.', '-']) {
        *prev = text.chars().last().or(*prev);
        return text.to_string();
    }
    let persian = lang.is_persian();
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let opens = || prev.is_none_or(|p| p.is_whitespace() || "([{‘“«—–-/\u{200c}".contains(p));
        let replacement = match c {
            '"' if persian => Some(if opens() { "«" } else { "»" }),
            '"' => Some(if opens() { "“" } else { "”" }),
            '\'' if opens() && chars.get(i + 1).is_some_and(|n| n.is_alphanumeric()) => Some("‘"),
            '\'' => Some("’"),
            '.' if chars.get(i + 1) == Some(&'.') && chars.get(i + 2) == Some(&'.') => {
                i += 2;
                Some("…")
            }
            '-' if chars.get(i + 1) == Some(&'-') => {
                if chars.get(i + 2) == Some(&'-') {
                    i += 2;
                    Some("—")
                } else {
                    i += 1;
                    Some("–")
                }
            }
            _ => None,
        };
        match replacement {
            Some(r) => {
                out.push_str(r);
                *prev = r.chars().last();
            }
            None => {
                out.push(c);
                *prev = Some(c);
            }
        }
        i += 1;
    }
    out
}

/// Strong direction of a character, if it has one.
fn strong_direction(c: char) -> Option<Direction> {
    match crate::bidi_class::of(c) {
        BidiClass::L => Some(Direction::Ltr),
        BidiClass::R | BidiClass::AL => Some(Direction::Rtl),
        _ => None,
    }
}

/// The language assumed for a run of the opposite direction, from its first strong letter.
fn run_language(c: char) -> Option<Lang> {
    match c {
        '\u{0590}'..='\u{05FF}' => Lang::parse("he").ok(),
        '\u{0600}'..='\u{08FF}' | '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}' => {
            Some(Lang::persian())
        }
        c if c.is_ascii_alphabetic() || ('\u{00C0}'..='\u{024F}').contains(&c) => {
            Some(Lang::english())
        }
        _ => None,
    }
}

/// Wraps runs of the opposite direction to `base` (a Latin phrase in Farsi, Farsi in English)
/// in spans, so that renderers can isolate them. A run starts and ends on a strong letter;
/// spaces, digits and punctuation between two such letters belong to it.
pub fn language_spans(inlines: Vec<Inline>, base: Direction) -> Vec<Inline> {
    let mut out = Vec::with_capacity(inlines.len());
    for inline in inlines {
        match inline {
            Inline::Text(t) => split_runs(&t, base, &mut out),
            span @ (Inline::Span { .. } | Inline::Code(_)) => out.push(span),
            other => out.push(map_children(other, &mut |c| language_spans(c, base))),
        }
    }
    out
}

fn split_runs(text: &str, base: Direction, out: &mut Vec<Inline>) {
    let mut last_end = 0;
    let mut run: Option<(usize, usize, char)> = None; // start, end (after last strong), first letter
    let emit =
        |start: usize, end: usize, first: char, last_end: &mut usize, out: &mut Vec<Inline>| {
            if start > *last_end {
                out.push(Inline::Text(text[*last_end..start].to_string()));
            }
            let content = vec![Inline::Text(text[start..end].to_string())];
            match run_language(first) {
                Some(lang) => out.push(Inline::Span {
                    lang,
                    dir: base_opposite(base),
                    content,
                }),
                None => out.push(Inline::Span {
                    lang: Lang::parse("und").expect("valid"),
                    dir: base_opposite(base),
                    content,
                }),
            }
            *last_end = end;
        };
    for (i, c) in text.char_indices() {
        match strong_direction(c) {
            Some(d) if d != base => match &mut run {
                Some((_, end, _)) => *end = i + c.len_utf8(),
                None => run = Some((i, i + c.len_utf8(), c)),
            },
            Some(_) => {
                if let Some((start, end, first)) = run.take() {
                    emit(start, end, first, &mut last_end, out);
                }
            }
            // Digits of the run's own script belong to it: “CC BY-SA 4.0” inside Farsi.
            None if is_foreign_digit(c, base) => {
                if let Some((_, end, _)) = &mut run {
                    *end = i + c.len_utf8();
                }
            }
            None => {}
        }
    }
    if let Some((start, end, first)) = run {
        emit(start, end, first, &mut last_end, out);
    }
    if last_end < text.len() {
        out.push(Inline::Text(text[last_end..].to_string()));
    }
}

/// Digits written in the script of the other direction: ASCII in an RTL text, Persian and
/// Arabic-Indic in an LTR one.
fn is_foreign_digit(c: char, base: Direction) -> bool {
    match base {
        Direction::Rtl => c.is_ascii_digit(),
        Direction::Ltr => matches!(c, '\u{0660}'..='\u{0669}' | '\u{06F0}'..='\u{06F9}'),
    }
}

fn base_opposite(base: Direction) -> Direction {
    match base {
        Direction::Ltr => Direction::Rtl,
        Direction::Rtl => Direction::Ltr,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Inline {
        Inline::Text(s.into())
    }

    #[test]
    fn explicit_span() {
        let mut problems = Vec::new();
        let out = bracketed_spans(
            vec![text("see [Bretton Woods]{lang=en} now")],
            &mut problems,
        );
        assert!(problems.is_empty());
        assert_eq!(
            out,
            vec![
                text("see "),
                Inline::Span {
                    lang: Lang::english(),
                    dir: Direction::Ltr,
                    content: vec![text("Bretton Woods")]
                },
                text(" now")
            ]
        );
    }

    #[test]
    fn explicit_span_around_emphasis_and_plain_brackets() {
        let mut problems = Vec::new();
        let out = bracketed_spans(
            vec![
                text("a [b "),
                Inline::Emphasis(vec![text("c")]),
                text("]{lang=fa} [d] e"),
            ],
            &mut problems,
        );
        assert_eq!(out.len(), 3);
        assert!(
            matches!(&out[1], Inline::Span { dir: Direction::Rtl, content, .. } if content.len() == 2)
        );
        assert_eq!(out[2], text(" [d] e"));
    }

    #[test]
    fn bad_span_attribute_is_reported() {
        let mut problems = Vec::new();
        let out = bracketed_spans(vec![text("[x]{lang=1}")], &mut problems);
        assert_eq!(problems.len(), 1);
        assert_eq!(out, vec![text("[x]{lang=1}")]);
    }

    #[test]
    fn english_quotes_and_dashes() {
        let out = smart_punctuation(vec![text("\"It's\" -- a 'test'... ---")], &Lang::english());
        assert_eq!(out, vec![text("“It’s” – a ‘test’… —")]);
    }

    #[test]
    fn persian_quotes_are_guillemets() {
        let out = smart_punctuation(vec![text("او گفت \"رشد سالم\" است")], &Lang::persian());
        assert_eq!(out, vec![text("او گفت «رشد سالم» است")]);
    }

    #[test]
    fn quotes_across_emphasis() {
        let out = smart_punctuation(
            vec![text("\""), Inline::Emphasis(vec![text("word")]), text("\"")],
            &Lang::english(),
        );
        assert_eq!(
            out,
            vec![text("“"), Inline::Emphasis(vec![text("word")]), text("”")]
        );
    }

    #[test]
    fn latin_run_inside_farsi() {
        let out = language_spans(
            vec![text("سیستم (Bretton Woods) در سال ۱۹۷۱")],
            Direction::Rtl,
        );
        assert_eq!(
            out,
            vec![
                text("سیستم ("),
                Inline::Span {
                    lang: Lang::english(),
                    dir: Direction::Ltr,
                    content: vec![text("Bretton Woods")]
                },
                text(") در سال ۱۹۷۱"),
            ]
        );
    }

    #[test]
    fn latin_digits_stay_with_their_latin_run() {
        let out = language_spans(vec![text("نسخه: CC BY-SA 4.0. و ۱۹۷۱")], Direction::Rtl);
        assert_eq!(
            out,
            vec![
                text("نسخه: "),
                Inline::Span {
                    lang: Lang::english(),
                    dir: Direction::Ltr,
                    content: vec![text("CC BY-SA 4.0")]
                },
                text(". و ۱۹۷۱"),
            ]
        );
    }

    #[test]
    fn farsi_inside_english() {
        let out = language_spans(vec![text("the word سازمان‌ها means")], Direction::Ltr);
        assert_eq!(out.len(), 3);
        assert!(
            matches!(&out[1], Inline::Span { lang, dir: Direction::Rtl, content } if lang.as_str() == "fa" && content == &vec![text("سازمان‌ها")])
        );
    }

    #[test]
    fn missing_note_marker_found() {
        assert_eq!(
            unresolved_note_markers(&[text("end.[^9] and [^x y]")]),
            vec!["9".to_string()]
        );
    }
}
