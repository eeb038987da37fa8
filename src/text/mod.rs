//! The text engine: fonts, and later itemization, shaping, breaking and justification.
pub mod fonts;
