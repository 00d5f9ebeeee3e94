//! Months as the stores use them (`YYYY-MM-01`): PostgreSQL's partitions
//! and the retention of both stores.

/// The first month kept when keeping the `keep` latest months (at least
/// one) counting `now`'s: `YYYY-MM-01`.
pub fn cutoff_month(keep: u32, now: &str) -> String {
    let mut cutoff = month_of(now);
    for _ in 1..keep.max(1) {
        cutoff = previous_month(&cutoff);
    }
    cutoff
}

/// `YYYY-MM-01` of a stored timestamp or a date.
pub fn month_of(time: &str) -> String {
    format!("{}-01", &time[..7.min(time.len())])
}

/// The month after `month` (`YYYY-MM-01`).
pub fn next_month(month: &str) -> String {
    let (y, m) = year_month(month);
    if m == 12 {
        format!("{:04}-01-01", y + 1)
    } else {
        format!("{y:04}-{:02}-01", m + 1)
    }
}

/// The month before `month` (`YYYY-MM-01`).
pub fn previous_month(month: &str) -> String {
    let (y, m) = year_month(month);
    if m == 1 {
        format!("{:04}-12-01", y - 1)
    } else {
        format!("{y:04}-{:02}-01", m - 1)
    }
}

fn year_month(month: &str) -> (i32, u32) {
    let y = month.get(..4).and_then(|s| s.parse().ok()).unwrap_or(1970);
    let m = month.get(5..7).and_then(|s| s.parse().ok()).unwrap_or(1);
    (y, m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months() {
        assert_eq!(month_of("2026-12-07T09:00:00.000Z"), "2026-12-01");
        assert_eq!(next_month("2026-12-01"), "2027-01-01");
        assert_eq!(previous_month("2027-01-01"), "2026-12-01");
        assert_eq!(cutoff_month(3, "2026-02-07T09:00:00.000Z"), "2025-12-01");
        assert_eq!(cutoff_month(0, "2026-02-07T09:00:00.000Z"), "2026-02-01");
    }
}
