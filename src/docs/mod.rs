//! Documentation generated from the code and the data: the check catalogue (docs/checks.md) and
//! the codebook (docs/codebook.md). Tests keep both files in step.

pub mod checks;
pub mod codebook;
