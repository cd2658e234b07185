//! A unified diff of two texts that differ in one stretch (as a file whose one block was
//! replaced does): one hunk, with three lines of context, as `diff -u` and `patch` read it.

const CONTEXT: usize = 3;

/// `--- old` / `+++ new` and the hunk; empty when the texts are the same.
pub fn unified(old: &str, new: &str, old_name: &str, new_name: &str) -> String {
    if old == new {
        return String::new();
    }
    let a: Vec<&str> = old.split_inclusive('\n').collect();
    let b: Vec<&str> = new.split_inclusive('\n').collect();
    let same_start = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let most_end = a.len().min(b.len()) - same_start;
    let same_end = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take(most_end)
        .take_while(|(x, y)| x == y)
        .count();
    let from = same_start.saturating_sub(CONTEXT);
    let (a_to, b_to) = (a.len() - same_end, b.len() - same_end);
    let after = same_end.min(CONTEXT);
    let mut out = format!("--- {old_name}\n+++ {new_name}\n");
    out.push_str(&format!(
        "@@ -{} +{} @@\n",
        range(from, a_to + after - from),
        range(from, b_to + after - from)
    ));
    let mut line = |mark: char, text: &str| {
        out.push(mark);
        out.push_str(text);
        if !text.ends_with('\n') {
            out.push_str("\n\\ No newline at end of file\n");
        }
    };
    a[from..same_start].iter().for_each(|l| line(' ', l));
    a[same_start..a_to].iter().for_each(|l| line('-', l));
    b[same_start..b_to].iter().for_each(|l| line('+', l));
    a[a_to..a_to + after].iter().for_each(|l| line(' ', l));
    out
}

/// `START,COUNT` with lines counted from 1; an empty range names the line before it.
fn range(from: usize, count: usize) -> String {
    match count {
        0 => format!("{from},0"),
        1 => format!("{}", from + 1),
        _ => format!("{},{count}", from + 1),
    }
}

#[cfg(test)]
mod tests {
    use super::unified;

    #[test]
    fn one_hunk_with_its_context() {
        let old = "a\nb\nc\nd\nold\ne\nf\ng\nh\n";
        let new = "a\nb\nc\nd\nnew\nnewer\ne\nf\ng\nh\n";
        assert_eq!(
            unified(old, new, "config", "config"),
            "--- config\n+++ config\n@@ -2,7 +2,8 @@\n b\n c\n d\n-old\n+new\n+newer\n e\n f\n g\n"
        );
        assert_eq!(unified(old, old, "x", "x"), "");
        assert_eq!(
            unified("a", "a\nb\n", "x", "y"),
            "--- x\n+++ y\n@@ -1 +1,2 @@\n-a\n\\ No newline at end of file\n+a\n+b\n"
        );
    }
}
