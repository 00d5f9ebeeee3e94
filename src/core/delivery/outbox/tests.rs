//! Tests of `outbox`.

use super::*;
use crate::core::storage::keys::StoreOp;

/// The chunks `p` was told to rewrite, and how many unsent messages
/// were evicted.
fn told(p: &mut Persistence, o: &Outbox) -> (Vec<StoreOp>, usize) {
    let mut ops = Vec::new();
    let evicted = p.write(o, &mut ops);
    (ops, evicted)
}

fn outbox(n: usize) -> Outbox {
    let (mut o, mut p) = (Outbox::default(), Persistence::default());
    for i in 0..n {
        o.push(format!("k{i}"), format!("{{\"i\":{i}}}"), &mut p);
    }
    assert_eq!(told(&mut p, &o), (vec![], 0), "evicted");
    o
}

/// The first `n` messages `fill` hands over for `request`.
fn fill(o: &mut Outbox, request: Option<u64>, n: usize) -> Vec<String> {
    let mut taken = Vec::new();
    o.fill(request, |json| {
        let add = taken.len() < n;
        if add {
            taken.push(json.to_owned());
        }
        add
    });
    taken
}

#[test]
fn takes_in_order_within_limits_and_removes_on_confirm() {
    let mut o = outbox(5);
    assert_eq!(fill(&mut o, Some(1), 2), ["{\"i\":0}", "{\"i\":1}"]);
    assert_eq!(o.waiting(), 3);
    assert_eq!(fill(&mut o, Some(2), 1), ["{\"i\":2}"]);
    assert_eq!(fill(&mut o, None, 4).len(), 4);
    assert_eq!(o.waiting(), 2);
    assert_eq!(o.remove(1, &mut Persistence::default()), 2);
    assert_eq!(o.set_state(2, State::Waiting), 1);
    assert_eq!((o.len(), o.waiting()), (3, 3));
    assert_eq!(fill(&mut o, Some(3), 0), Vec::<String>::new());
}

#[test]
fn unconfirmed_are_the_oldest_not_beaconed() {
    let mut o = outbox(3);
    fill(&mut o, Some(1), 1);
    o.set_state(1, State::Beaconed);
    assert_eq!(fill(&mut o, None, 5), ["{\"i\":1}", "{\"i\":2}"]);
    assert_eq!(o.waiting(), 2);
}

#[test]
fn following_another_pages_rewrite_of_a_chunk() {
    let (mut o, mut p) = (Outbox::default(), Persistence::default());
    for (key, json) in [("a", "{1}"), ("a", "{2}"), ("a", "{3}"), ("b", "{4}")] {
        o.push(key.into(), json.into(), &mut p);
    }
    fill(&mut o, Some(1), 1);
    o.follow("a", "{1}\n{3}");
    assert_eq!(o.chunk("a"), "{1}\n{3}");
    assert_eq!((o.len(), o.waiting()), (3, 2));
    o.follow("a", "");
    assert_eq!((o.len(), o.waiting(), o.remove(1, &mut p)), (1, 1, 0));
    assert_eq!(told(&mut p, &o), (vec![], 0), "following tells no one");
    assert_eq!(o.chunk("b"), "{4}");
}

#[test]
fn the_cap_evicts_beaconed_then_oldest_waiting() {
    let mut o = outbox(MAX_OUTBOX_MESSAGES);
    fill(&mut o, Some(1), 1);
    o.set_state(1, State::Beaconed);
    let mut p = Persistence::default();
    o.push("new".into(), "{}".into(), &mut p);
    let k0 = StoreOp::Remove("k0".into());
    assert_eq!(told(&mut p, &o), (vec![k0], 0), "beaconed: not lost");
    o.push("newer".into(), "{}".into(), &mut p);
    let k1 = StoreOp::Remove("k1".into());
    assert_eq!(told(&mut p, &o), (vec![k1], 1));
    assert_eq!(o.len(), MAX_OUTBOX_MESSAGES);
}
