//! fzf-style fuzzy filtering with nucleo-matcher over what people search a profile by.

use crate::app::listing::Row;
use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str, Utf32String};

/// Below this many candidates one thread is quicker than starting a second.
const PARALLEL_FROM: usize = 8_000;
/// From this many candidates on, matches are scored greedily in one pass instead of by the
/// optimal O(n*m) search: fzf's own trade (its v1 algorithm) for very long lists. The order of
/// the best matches barely changes, and a keystroke stays under a frame at 50,000 profiles.
const GREEDY_FROM: usize = 20_000;

/// `team/Admin` of `arn:aws:iam::123456789012:role/team/Admin`.
fn role_part(row: &Row) -> &str {
    let arn = row.role_arn.as_deref().unwrap_or_default();
    arn.split_once(":role/").map_or("", |(_, role)| role)
}

/// The text a row is matched against: name, account id and name, the role part of the ARN
/// (path and name) and region, separated by spaces. The constant `arn:aws:iam::` prefix is
/// left out: it matches every role and only makes each haystack longer to score.
pub fn haystack(row: &Row) -> String {
    let role = role_part(row);
    format!(
        "{} {} {} {} {}",
        row.name,
        row.account_id.as_deref().unwrap_or(""),
        row.account_name.as_deref().unwrap_or(""),
        role,
        row.region.as_deref().unwrap_or("")
    )
}

/// Where the role's name starts in `haystack(row)`, in characters, for highlighting.
pub fn role_name_offset(row: &Row) -> usize {
    let role = role_part(row);
    let count = |text: Option<&str>| text.map_or(0, |t| t.chars().count());
    let name_len = count(row.role_name.as_deref());
    row.name.chars().count()
        + 1
        + count(row.account_id.as_deref())
        + 1
        + count(row.account_name.as_deref())
        + 1
        + role.chars().count()
        - name_len
}

/// Where the region starts in `haystack(row)`, in characters.
pub fn region_offset(row: &Row) -> usize {
    role_name_offset(row) + row.role_name.as_deref().map_or(0, |n| n.chars().count()) + 1
}

/// A reusable matcher; keeping it avoids re-allocating its scratch space on every keystroke.
/// Made at the first keystroke, not before the first frame: its scratch space is 135 KB of
/// fresh pages.
#[derive(Default)]
pub struct Filter {
    matcher: Option<Matcher>,
    buf: Vec<char>,
}

/// A query split into words, as fzf does, for the greedy scorer: lower-cased unless it has
/// capitals (smart case).
struct Words {
    words: Vec<Utf32String>,
    ignore_case: bool,
}

impl Words {
    fn new(query: &str) -> Self {
        let ignore_case = !query.chars().any(char::is_uppercase);
        let fold = |c: char| {
            if ignore_case {
                c.to_ascii_lowercase()
            } else {
                c
            }
        };
        let words = query
            .split_whitespace()
            .map(|w| Utf32String::from(w.chars().map(fold).collect::<String>()))
            .collect();
        Self { words, ignore_case }
    }

    fn score(&self, haystack: Utf32Str<'_>, matcher: &mut Matcher) -> Option<u32> {
        matcher.config.ignore_case = self.ignore_case;
        self.words.iter().try_fold(0, |total, word| {
            Some(total + u32::from(matcher.fuzzy_match_greedy(haystack, word.slice(..))?))
        })
    }
}

/// Each match's key (best score first, then file order), with `boosts` (row, points) added
/// to the scores: the recent group's profiles, by frecency.
fn scores_with(
    query: &str,
    haystacks: &[String],
    candidates: &[usize],
    matcher: &mut Matcher,
    greedy: bool,
    boosts: &[(usize, u32)],
) -> Vec<u64> {
    let pattern = Pattern::parse(query, CaseMatching::Smart, Normalization::Smart);
    let words = Words::new(query);
    let mut buf = Vec::new();
    candidates
        .iter()
        .filter_map(|&i| {
            let haystack = Utf32Str::new(&haystacks[i], &mut buf);
            let score = match greedy {
                true => words.score(haystack, matcher)?,
                false => pattern.score(haystack, matcher)?,
            };
            let boost = boosts.iter().find(|(row, _)| *row == i).map_or(0, |b| b.1);
            let score = score.saturating_add(boost);
            // Best score first, then file order: one integer sort instead of a tuple compare.
            Some((u64::from(u32::MAX - score) << 32) | i as u64)
        })
        .collect()
}

impl Filter {
    fn matcher(&mut self) -> &mut Matcher {
        self.matcher
            .get_or_insert_with(|| Matcher::new(Config::DEFAULT))
    }

    /// Indices of `candidates` that match `query`, best first; ties keep file order. Large
    /// lists are scored on two threads.
    pub fn rank(&mut self, query: &str, haystacks: &[String], candidates: &[usize]) -> Vec<usize> {
        self.rank_boosted(query, haystacks, candidates, &[])
    }

    /// `rank`, with `boosts` (row, points) added to those rows' scores.
    pub fn rank_boosted(
        &mut self,
        query: &str,
        haystacks: &[String],
        candidates: &[usize],
        boosts: &[(usize, u32)],
    ) -> Vec<usize> {
        let greedy = candidates.len() >= GREEDY_FROM;
        let mut keyed = if candidates.len() < PARALLEL_FROM {
            scores_with(query, haystacks, candidates, self.matcher(), greedy, boosts)
        } else {
            let (left, right) = candidates.split_at(candidates.len() / 2);
            std::thread::scope(|s| {
                let other = s.spawn(move || {
                    let matcher = &mut Matcher::new(Config::DEFAULT);
                    scores_with(query, haystacks, right, matcher, greedy, boosts)
                });
                let mut mine = scores_with(query, haystacks, left, self.matcher(), greedy, boosts);
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
        let matcher = self
            .matcher
            .get_or_insert_with(|| Matcher::new(Config::DEFAULT));
        let text = Utf32Str::new(haystack, &mut self.buf);
        pattern.indices(text, matcher, &mut indices);
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
        // A boost lifts a lesser match above a better one.
        let boosted = filter.rank_boosted("prod", &hay, &[0, 1, 2], &[(2, 40)]);
        assert_eq!(boosted, vec![2, 0]);
        assert_eq!(filter.positions("pa", "prod-admin"), vec![0, 5]);
    }

    #[test]
    fn many_candidates_rank_the_same_on_two_threads() {
        let hay: Vec<String> = (0..25_000)
            .map(|i| format!("acct{i:05} {i} Admin us-east-1"))
            .collect();
        let all: Vec<usize> = (0..hay.len()).collect();
        let ranked = Filter::default().rank("acct1999", &hay, &all);
        assert_eq!(
            ranked.first(),
            Some(&19990),
            "exact prefixes win, file order breaks ties"
        );
        // The whole ranking, not just its head, equals one thread's.
        for query in ["acct1999", "adm 12", "us-east-1"] {
            let greedy = all.len() >= GREEDY_FROM;
            let mut one = scores_with(
                query,
                &hay,
                &all,
                &mut Matcher::new(Config::DEFAULT),
                greedy,
                &[],
            );
            one.sort_unstable();
            let one: Vec<usize> = one
                .iter()
                .map(|k| (k & u64::from(u32::MAX)) as usize)
                .collect();
            assert_eq!(Filter::default().rank(query, &hay, &all), one, "{query}");
        }
        let few: Vec<usize> = (19_000..20_000).collect();
        assert_eq!(
            Filter::default().rank("acct1999", &hay, &few).first(),
            Some(&19990),
            "greedy and optimal agree"
        );
        assert!(
            Filter::default().rank("ACCT", &hay, &all).is_empty(),
            "capitals match case"
        );
    }
}
