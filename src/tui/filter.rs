//! fzf-style fuzzy filtering with nucleo-matcher over what people search a profile by.

use crate::listing::Row;
use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

/// Below this many candidates one thread is quicker than starting a second.
const PARALLEL_FROM: usize = 8_000;

/// The text a row is matched against: name, account, the role part of the ARN (path and
/// name) and region, separated by spaces. The constant `arn:aws:iam::` prefix is left out: it
/// matches every role and only makes each haystack longer to score.
pub fn haystack(row: &Row) -> String {
    let role = row
        .role_arn
        .as_deref()
        .and_then(|arn| arn.split_once(":role/"))
        .map_or("", |(_, r)| r);
    format!(
        "{} {} {} {}",
        row.name,
        row.account_id.as_deref().unwrap_or(""),
        role,
        row.region.as_deref().unwrap_or("")
    )
}

/// Where the role's name starts in `haystack(row)`, in characters, for highlighting.
pub fn role_name_offset(row: &Row) -> usize {
    let role = row
        .role_arn
        .as_deref()
        .and_then(|arn| arn.split_once(":role/"))
        .map_or("", |(_, r)| r);
    let name_len = row.role_name.as_deref().map_or(0, |n| n.chars().count());
    row.name.chars().count()
        + 1
        + row.account_id.as_deref().map_or(0, |a| a.chars().count())
        + 1
        + role.chars().count()
        - name_len
}

/// Where the region starts in `haystack(row)`, in characters.
pub fn region_offset(row: &Row) -> usize {
    role_name_offset(row) + row.role_name.as_deref().map_or(0, |n| n.chars().count()) + 1
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

fn scores(
    pattern: &Pattern,
    haystacks: &[String],
    candidates: &[usize],
    matcher: &mut Matcher,
) -> Vec<u64> {
    let mut buf = Vec::new();
    candidates
        .iter()
        .filter_map(|&i| {
            let score = pattern.score(Utf32Str::new(&haystacks[i], &mut buf), matcher)?;
            // Best score first, then file order: one integer sort instead of a tuple compare.
            Some((u64::from(u32::MAX - score) << 32) | i as u64)
        })
        .collect()
}

impl Filter {
    /// Indices of `candidates` that match `query`, best first; ties keep file order. Large
    /// lists are scored on two threads.
    pub fn rank(&mut self, query: &str, haystacks: &[String], candidates: &[usize]) -> Vec<usize> {
        let pattern = Pattern::parse(query, CaseMatching::Smart, Normalization::Smart);
        let mut keyed = if candidates.len() < PARALLEL_FROM {
            scores(&pattern, haystacks, candidates, &mut self.matcher)
        } else {
            let (left, right) = candidates.split_at(candidates.len() / 2);
            let pattern = &pattern;
            std::thread::scope(|s| {
                let other = s.spawn(move || {
                    scores(
                        pattern,
                        haystacks,
                        right,
                        &mut Matcher::new(Config::DEFAULT),
                    )
                });
                let mut mine = scores(pattern, haystacks, left, &mut self.matcher);
                mine.extend(other.join().unwrap_or_default());
                mine
            })
        };
        keyed.sort_unstable();
        keyed
            .into_iter()
            .map(|k| (k & u64::from(u32::MAX)) as usize)
            .collect()
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

    #[test]
    fn many_candidates_rank_the_same_on_two_threads() {
        let hay: Vec<String> = (0..20_000)
            .map(|i| format!("acct{i:05} {i} Admin us-east-1"))
            .collect();
        let all: Vec<usize> = (0..hay.len()).collect();
        let ranked = Filter::default().rank("acct1999", &hay, &all);
        assert_eq!(
            ranked.first(),
            Some(&19990),
            "exact prefixes win, file order breaks ties"
        );
        assert!(ranked.windows(2).all(|w| w[0] != w[1]));
    }
}
