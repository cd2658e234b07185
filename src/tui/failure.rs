//! The error panel's contents: the message, how far it is scrolled, and what Ctrl-Y copies.

/// An error shown in the panel until the next action.
#[derive(Clone, Debug, PartialEq)]
pub struct Failure {
    pub profile: String,
    pub message: String,
    /// Lines scrolled past: an AccessDenied explanation is taller than the panel.
    pub scroll: u16,
}

impl Failure {
    pub fn new(profile: String, message: String) -> Self {
        Self {
            profile,
            message,
            scroll: 0,
        }
    }

    /// What Ctrl-Y copies: the policy JSON blocks of the message (each `{` to `}` at the
    /// start of a line), or the whole message when it has none.
    pub fn copied(&self) -> String {
        let mut blocks = Vec::new();
        let mut current: Option<Vec<&str>> = None;
        for line in self.message.lines() {
            if line == "{" {
                current = Some(Vec::new());
            }
            if let Some(block) = current.as_mut() {
                block.push(line);
            }
            if line == "}" {
                blocks.extend(current.take().map(|b| b.join("\n")));
            }
        }
        match blocks.is_empty() {
            true => self.message.clone(),
            false => blocks.join("\n\n"),
        }
    }
}
