//! A line of the shared files that could not be read, as every reader of them reports it.

/// A line that could not be read, or a section set aside, in one of the two files.
#[derive(Debug, PartialEq)]
pub struct LineProblem {
    /// 0 config, 1 credentials.
    pub file: usize,
    pub line: usize,
    pub message: String,
    /// The profile whose section the line is in, when it is in one.
    pub profile: Option<String>,
}

impl LineProblem {
    /// `~/.aws/config line 12: ...`, as the catalog lists it.
    pub fn told(&self, files: &[String; 2]) -> String {
        format!("{} line {}: {}", files[self.file], self.line, self.message)
    }
}
