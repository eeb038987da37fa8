//! The text engine, one paragraph at a time: collect → bidi levels → itemize → shape
//! (HarfBuzz) → break → line (visual order, justification).

pub mod collect;
pub mod coverage;
pub mod fonts;
pub mod hyphenate;
pub mod itemize;
pub mod kashida;
pub mod line;
pub mod linebreak;
pub mod paragraph;
pub mod script;
pub mod shape;
mod words;
