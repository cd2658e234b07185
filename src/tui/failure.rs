//! The error panel's contents: the message, how far it is scrolled, and what Ctrl-Y copies.

/// An error shown in the panel until the next action.
#[derive(Clone, Debug, PartialEq)]
pub struct Failure {
    pub profile: String,
    pub message: String,
    /// Lines scrolled past: an AccessDenied explanation is taller than the panel.
    pub scroll: u16,
    /// Which of `copies()` the next Ctrl-Y copies: each policy goes to a different place, so
    /// they are copied one at a time.
    pub next_copy: usize,
}

/// One text Ctrl-Y can copy, and what it is.
#[derive(Clone, Debug, PartialEq)]
pub struct Copy {
    pub label: String,
    pub text: String,
}

impl Failure {
    pub fn new(profile: String, message: String) -> Self {
        Self {
            profile,
            message,
            scroll: 0,
            next_copy: 0,
        }
    }

    /// What Ctrl-Y can copy: each policy JSON block of the message (each `{` to `}` at the
    /// start of a line), named by the line that asks for it, or the whole message when it has
    /// none.
    pub fn copies(&self) -> Vec<Copy> {
        let mut copies = Vec::new();
        let mut said = "";
        let mut current: Option<Vec<&str>> = None;
        for line in self.message.lines() {
            if line == "{" {
                current = Some(Vec::new());
            }
            match current.as_mut() {
                Some(block) => block.push(line),
                None => said = line,
            }
            if line == "}" {
                let text = current.take().unwrap_or_default().join("\n");
                let label = label_of(said, copies.len());
                copies.push(Copy { label, text });
            }
        }
        if copies.is_empty() {
            let (label, text) = ("the error".into(), self.message.clone());
            copies.push(Copy { label, text });
        }
        copies
    }

    /// The text the next Ctrl-Y copies, and moves on to the one after it.
    pub fn take_copy(&mut self) -> (Copy, Vec<Copy>) {
        let copies = self.copies();
        let copy = copies[self.next_copy % copies.len()].clone();
        self.next_copy = (self.next_copy + 1) % copies.len();
        (copy, copies)
    }

    /// What the next Ctrl-Y copies, for the panel's keys.
    pub fn next_label(&self) -> String {
        let copies = self.copies();
        copies[self.next_copy % copies.len()].label.clone()
    }
}

/// The name of a policy block from the line before it ("Add this statement to the trust
/// policy of ...", "Attach this policy to ...").
fn label_of(said: &str, n: usize) -> String {
    if said.contains("trust policy") && said.contains("statement") {
        "the trust statement".into()
    } else if said.contains("Attach this policy") {
        "the identity policy".into()
    } else {
        format!("policy {}", n + 1)
    }
}
