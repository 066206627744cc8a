//! What a process keeps in memory of its answers (`api::cache`, the chart
//! files of `gantt::files`): newest first, within a count and a number of
//! bytes.

use std::collections::VecDeque;

/// Drops the oldest of `entries` (newest first) past `max_entries` or past
/// `max_bytes` in all, as `bytes` counts them. The newest stays even alone
/// over the bytes: it was just asked for.
pub fn trim<T>(
    entries: &mut VecDeque<T>,
    max_entries: usize,
    max_bytes: usize,
    bytes: impl Fn(&T) -> usize,
) {
    let mut total = 0;
    let fit = entries
        .iter()
        .take(max_entries)
        .take_while(|entry| {
            total += bytes(entry);
            total <= max_bytes
        })
        .count();
    entries.truncate(fit.max(1));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_newest_are_kept_within_count_and_bytes() {
        let mut entries: VecDeque<usize> = [5, 5, 5, 5].into();
        trim(&mut entries, 3, 100, |b| *b);
        assert_eq!(entries.len(), 3);
        trim(&mut entries, 3, 10, |b| *b);
        assert_eq!(entries.len(), 2);
        let mut large: VecDeque<usize> = [50, 1].into();
        trim(&mut large, 3, 10, |b| *b);
        assert_eq!(large, VecDeque::from([50]));
    }
}
