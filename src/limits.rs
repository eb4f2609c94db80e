//! Resource limits: they keep hostile or careless input from exhausting CI.

/// Every limit polpos enforces. Each one is reported as a finding when hit, never a crash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest record file, in bytes.
    pub max_file_size: u64,
    /// Largest total size of all record files, in bytes.
    pub max_total_size: u64,
    /// Most files (and folders) in the data directory.
    pub max_files: usize,
    /// Deepest nesting of YAML lists and mappings.
    pub max_depth: usize,
    /// Longest quote, in characters.
    pub max_quote_length: usize,
    /// Largest archived text, in bytes.
    pub max_archive_size: u64,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_file_size: 1024 * 1024,
            max_total_size: 512 * 1024 * 1024,
            max_files: 200_000,
            max_depth: 64,
            max_quote_length: 400,
            max_archive_size: 64 * 1024 * 1024,
        }
    }
}
