//! The book model and how it is read from a book folder.

pub mod colophon;
pub mod cover_image;
pub mod diagnostic;
pub mod entities;
mod excerpt;
mod fancy_lists;
mod fences;
mod front_matter;
mod inline_passes;
pub mod lengths;
pub mod links;
mod load;
pub mod manifest;
mod markdown;
pub mod model;
mod paper;
mod shown_source;
mod toml_date;
mod toml_text;

pub use diagnostic::{Diagnostic, Severity};
pub use fancy_lists::to_roman;
pub use inline_passes::language_spans;
pub use load::{load, piece_from_bytes, Loaded};
pub use markdown::MAX_NESTING;
pub use model::*;
pub use paper::{booklet_sheet, mm, to_mm, Paper, PaperError};
pub use toml_text::is_stray_control;
