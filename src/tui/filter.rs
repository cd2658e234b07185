//! fzf-style fuzzy filtering with nucleo-matcher over what people search a profile by.

use crate::listing::Row;
use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

/// The text a row is matched against: name, account, role ARN (which holds the role name) and
/// region, separated by spaces. Highlights are mapped back through these offsets.
pub fn haystack(row: &Row) -> String {
    format!(
        "{} {} {} {}",
        row.name,
        row.account_id.as_deref().unwrap_or(""),
        row.role_arn.as_deref().unwrap_or(""),
        row.region.as_deref().unwrap_or("")
    )
}

/// A reusable matcher; keeping it avoids re-allocating its scratch space on every keystroke.
pub struct Filter {
    matcher: Matcher,
    buf: Vec<char>,
}

impl Default for Filter {
    fn default() -> Self {
        Self {
            matcher: Matcher::new(Config::DEFAULT),
            buf: Vec::new(),
        }
    }
}

impl Filter {
    /// Indices of `candidates` that match `query`, best first; ties keep file order.
    pub fn rank(&mut self, query: &str, haystacks: &[String], candidates: &[usize]) -> Vec<usize> {
        let pattern = Pattern::parse(query, CaseMatching::Smart, Normalization::Smart);
        let mut scored: Vec<(u32, usize)> = candidates
            .iter()
            .filter_map(|&i| {
                let text = Utf32Str::new(&haystacks[i], &mut self.buf);
                pattern
                    .score(text, &mut self.matcher)
                    .map(|score| (score, i))
            })
            .collect();
        scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        scored.into_iter().map(|(_, i)| i).collect()
    }

    /// Character positions in `haystack` that `query` matched, for highlighting.
    pub fn positions(&mut self, query: &str, haystack: &str) -> Vec<usize> {
        let pattern = Pattern::parse(query, CaseMatching::Smart, Normalization::Smart);
        let mut indices = Vec::new();
        let text = Utf32Str::new(haystack, &mut self.buf);
        pattern.indices(text, &mut self.matcher, &mut indices);
        indices.sort_unstable();
        indices.dedup();
        indices.into_iter().map(|i| i as usize).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn best_matches_first_and_positions_for_highlights() {
        let hay = vec![
            "prod-admin 1 x y".to_string(),
            "dev 2 x y".into(),
            "production 3 x y".into(),
        ];
        let mut filter = Filter::default();
        assert_eq!(filter.rank("prod", &hay, &[0, 1, 2]), vec![0, 2]);
        assert_eq!(filter.rank("dev", &hay, &[0, 1, 2]), vec![1]);
        assert_eq!(filter.positions("pa", "prod-admin"), vec![0, 5]);
    }
}
