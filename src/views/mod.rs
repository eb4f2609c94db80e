//! The comparative views of a valid dataset, all read from the model's actor × theme grid: the
//! terminal matrix and A-vs-B comparison (`polpos matrix`, `polpos compare`) and the static HTML
//! report (`polpos report`); the counts of `polpos stats`; and the agreement between coders of the reliability codings
//! (`polpos agreement`).

pub mod agreement;
pub mod compare;
pub mod report;
pub mod stats;
