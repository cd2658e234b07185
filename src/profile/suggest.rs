//! Names close to a mistyped one, as git and cargo suggest them: for a profile name that does
//! not exist, a `source_profile` that names none, or a key spelt wrong.

/// The candidates within a few typos of `name` (a third of its length, at least one),
/// closest first, then by name.
pub fn within_typos<'c>(name: &str, candidates: impl IntoIterator<Item = &'c str>) -> Vec<&'c str> {
    let length = name.chars().count();
    let within = length.max(3) / 3;
    // Each insertion or deletion is one edit, so a length this far off cannot be close: most
    // of 50,000 names are passed over without computing a distance.
    let near = |c: &&str| c.chars().count().abs_diff(length) <= within;
    let mut close: Vec<(usize, &str)> = candidates
        .into_iter()
        .filter(near)
        .map(|c| (strsim::damerau_levenshtein(name, c), c))
        .filter(|(distance, _)| *distance <= within)
        .collect();
    close.sort_unstable();
    close.into_iter().map(|(_, c)| c).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closest_first_within_a_third_of_the_length() {
        let names = ["prod", "dev", "devs", "staging", "prod-admin"];
        assert_eq!(within_typos("dve", names), ["dev"]);
        assert_eq!(within_typos("deve", names), ["dev", "devs"]);
        assert_eq!(within_typos("stagign", names), ["staging"]);
        assert_eq!(within_typos("prod-admn", names), ["prod-admin"]);
        assert!(within_typos("qa", names).is_empty());
        assert!(within_typos("", names).is_empty());
    }
}
