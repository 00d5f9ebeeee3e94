//! `KM.ab`: a visitor's variant of an A/B test. KISSmetrics picks one at
//! random and remembers it; here the pick is a hash of the visitor's
//! anonymous id and the test's name, which is as random across visitors
//! (the ids are) and the same on every page without storing anything. It
//! follows the anonymous id: kept across `identify`, new after
//! `clearIdentity` (another person).

#[allow(unused_imports)] // the standard prelude has these outside the snippet build
use crate::prelude::*;

/// The index of the variant (of `count`) of test `name` for the visitor
/// with `anonymous_id`.
pub(crate) fn pick(anonymous_id: &str, name: &str, count: usize) -> usize {
    // FNV-1a (32 bits) over the name, then the id: the id's random bytes,
    // last, spread every difference, and the hash's high bits pick (its low
    // bits are only the bytes' parity).
    let mut hash: u32 = 0x811c_9dc5;
    for b in name.bytes().chain(anonymous_id.bytes()) {
        hash = (hash ^ u32::from(b)).wrapping_mul(0x0100_0193);
    }
    ((u64::from(hash) * count as u64) >> 32) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_visitor_gets_the_same_variant() {
        let first = pick("7d7a3c5e-aid", "Button Color", 2);
        assert!(first < 2);
        for _ in 0..3 {
            assert_eq!(pick("7d7a3c5e-aid", "Button Color", 2), first);
        }
        assert_eq!(pick("x", "y", 0), 0);
    }

    #[test]
    fn visitors_spread_over_the_variants() {
        let mut counts = [0usize; 4];
        for i in 0..4000u64 {
            let id = format!("{i:08x}-4f1c-4b7e-9a2d-{:012x}", i * 7919);
            counts[pick(&id, "Headline", 4)] += 1;
        }
        for c in counts {
            assert!((800..1200).contains(&c), "{counts:?}");
        }
        // Another test splits the same visitors independently.
        let differ = (0..200)
            .filter(|i| {
                let id = format!("visitor-{i}");
                pick(&id, "A", 2) != pick(&id, "B", 2)
            })
            .count();
        assert!((60..140).contains(&differ), "{differ}");
    }
}
