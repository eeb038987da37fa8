//! Itemize: the paragraph cut into runs of one bidi level, one script, one face and one
//! style — the units HarfBuzz shapes.

use super::collect::Collected;
use super::fonts::{Face, Family, FontSet};
use super::script::Script;
use crate::book::Lang;
use std::ops::Range;
use unicode_bidi::Level;

/// One run to shape.
#[derive(Debug, Clone)]
pub struct Item {
    /// Byte range in the paragraph text.
    pub range: Range<usize>,
    /// Bidi embedding level (odd = right to left).
    pub level: Level,
    /// Script.
    pub script: Script,
    /// Face.
    pub face: Face,
    /// Size in points.
    pub size: f32,
    /// Baseline shift in points.
    pub rise: f32,
    /// Language, for HarfBuzz's language-specific forms.
    pub lang: Lang,
}

/// Cuts the paragraph into items. `levels` are the bidi levels per byte; `size` the
/// paragraph's font size.
pub fn itemize(
    c: &Collected,
    levels: &[Level],
    fonts: &FontSet,
    size: f32,
    default: Script,
) -> Vec<Item> {
    let chars: Vec<(usize, char)> = c.text.char_indices().collect();
    let scripts = resolve_scripts(&chars, levels, default);
    let mut items: Vec<Item> = Vec::new();
    // The style ranges are in text order: a cursor follows them (ranges that do not cover a
    // byte, which collect never makes, fall back to a search).
    let mut span = 0;
    // The style span the last item was started or extended with.
    let mut last_span = usize::MAX;
    for (i, &(at, ch)) in chars.iter().enumerate() {
        while span + 1 < c.styles.len() && c.styles[span].0.end <= at {
            span += 1;
        }
        let (style, from_cursor) = match c.styles.get(span) {
            Some((range, style)) if range.contains(&at) => (style, true),
            _ => (c.style_at(at), false),
        };
        let script = scripts[i];
        let family = match script {
            Script::Arabic => fonts.farsi,
            // Code in the monospace face; Arabic-script code keeps the Farsi face.
            Script::Latin if style.mono => Family::JetBrainsMono,
            Script::Latin => Family::Charis,
        };
        let mut face = Face {
            family,
            bold: style.bold,
            italic: style.italic && Face::has_italic(family),
        };
        // A character the chosen face lacks is set in the other text face when that has
        // it, else in the monospace face (which `coverage` allows for a character a piece's
        // code uses); characters none has are reported before typesetting starts.
        if !fonts.get(face).covers(ch) && !super::collect::is_invisible(ch) {
            let other = if family == Family::Charis {
                fonts.farsi
            } else {
                Family::Charis
            };
            let found = [other, Family::JetBrainsMono]
                .into_iter()
                .map(|family| Face {
                    family,
                    bold: style.bold,
                    italic: style.italic && Face::has_italic(family),
                })
                .find(|alt| fonts.get(*alt).covers(ch));
            if let Some(alt) = found {
                face = alt;
            }
        }
        let level = levels[at];
        let end = at + ch.len_utf8();
        let item_size = size * style.scale;
        let rise = size * style.rise;
        match items.last_mut() {
            Some(last)
                if last.level == level
                    && last.face == face
                    && last.script == script
                    && last.size == item_size
                    && last.rise == rise
                    && (last_span == span || last.lang == style.lang) =>
            {
                last.range.end = end;
            }
            _ => items.push(Item {
                range: at..end,
                level,
                script,
                face,
                size: item_size,
                rise,
                lang: style.lang.clone(),
            }),
        }
        last_span = if from_cursor { span } else { usize::MAX };
    }
    items
}

/// Gives every character a script: its own, else that of the nearest character with one at
/// the same bidi level (before, then after), else the paragraph's default for its direction.
fn resolve_scripts(chars: &[(usize, char)], levels: &[Level], default: Script) -> Vec<Script> {
    let own: Vec<Option<Script>> = chars.iter().map(|&(_, c)| Script::of(c)).collect();
    let level_of = |i: usize| levels[chars[i].0];
    // The nearest script before and after each character within its run of one level,
    // found in one pass each way (a search from every character was quadratic in a long
    // run of digits and spaces).
    let nearest = |order: &mut dyn Iterator<Item = usize>| {
        let mut found = vec![None; chars.len()];
        let mut last: Option<(Level, Script)> = None;
        for i in order {
            let level = level_of(i);
            found[i] = last.filter(|(l, _)| *l == level).map(|(_, s)| s);
            if let Some(s) = own[i] {
                last = Some((level, s));
            } else if last.is_some_and(|(l, _)| l != level) {
                last = None;
            }
        }
        found
    };
    let before = nearest(&mut (0..chars.len()));
    let after = nearest(&mut (0..chars.len()).rev());
    (0..chars.len())
        .map(|i| {
            let level = level_of(i);
            let fallback = if level.is_rtl() {
                Script::Arabic
            } else if default == Script::Arabic && level.number() > 0 {
                Script::Latin
            } else {
                default
            };
            own[i].or(before[i]).or(after[i]).unwrap_or(fallback)
        })
        .collect()
}
