//! The warnings' codes, texts and terse lines, and README's table of them.

use super::*;

#[cfg(all(feature = "taxonomy", feature = "texts"))]
#[test]
fn taxonomy_problems() {
    use crate::core::taxonomy::Kind;
    let w = |property: &str, issue| {
        let problem = Problem {
            property: property.to_owned(),
            issue,
        };
        Warning::Problem {
            event: "trial_started",
            problem: &problem,
        }
        .render()
    };
    assert_eq!(
        w("planId", Issue::Missing),
        "trackq: trial_started: property \"planId\" is missing"
    );
    assert_eq!(
        w("mrr", Issue::WrongType(Kind::Number)),
        "trackq: trial_started: property \"mrr\" should be a number"
    );
    assert_eq!(
        w("foo", Issue::Unplanned),
        "trackq: trial_started: property \"foo\" is not in the spec (unplanned)"
    );
}

#[cfg(feature = "texts")]
#[test]
fn numbers_come_from_the_limits() {
    use crate::core::limits::{MAX_BATCH_SIZE, MAX_DEPTH, MAX_FLUSH_INTERVAL_MS, MAX_ID_BYTES};
    let has = |w: Warning, n: u64| {
        let text = w.render();
        assert!(text.starts_with("trackq: "), "{text}");
        assert!(text.contains(&n.to_string()), "{text} lacks {n}");
    };
    has(Warning::Trimmed, MAX_STRING_BYTES as u64);
    has(Warning::Trimmed, MAX_ENTRIES as u64);
    has(Warning::Dropped(BadCommand::TooDeep), MAX_DEPTH as u64);
    has(Warning::Dropped(BadCommand::IdTooLong), MAX_ID_BYTES as u64);
    has(Warning::Ignored(Setting::BatchSize), MAX_BATCH_SIZE);
    has(
        Warning::Ignored(Setting::FlushInterval),
        MAX_FLUSH_INTERVAL_MS,
    );
    assert_eq!(
        Warning::TooLarge(40_000).render(),
        format!("trackq: a message of 40000 bytes was dropped (the limit is {MAX_MESSAGE_BYTES})")
    );
    assert_eq!(
        Warning::Ignored(Setting::FlushInterval).render(),
        "trackq: ignoring data-flush-interval (50 to 3600000 ms)"
    );
    assert_eq!(
        Warning::Unknown("fly").render(),
        "trackq: command dropped: unknown command \"fly\""
    );
}

/// What a warning said: its code and its words.
#[cfg(all(feature = "taxonomy", feature = "pii", feature = "autotrack"))]
#[derive(Default)]
struct Said(u8, &'static str);

#[cfg(all(feature = "taxonomy", feature = "pii", feature = "autotrack"))]
impl Say for Said {
    fn say(&mut self, code: u8, text: &'static str, _: &[Fact]) {
        *self = Said(code, text);
    }
}

#[cfg(all(feature = "taxonomy", feature = "pii", feature = "autotrack"))]
fn said(w: &Warning) -> Said {
    let mut said = Said::default();
    w.says(&mut said);
    said
}

/// One warning of each code, in the order of the codes (a new warning or
/// reason fails to compile in [`listed`] until it is added here and to
/// README's table).
#[cfg(all(feature = "taxonomy", feature = "pii", feature = "autotrack"))]
fn every() -> Vec<Warning<'static>> {
    use crate::core::taxonomy::Kind;
    let problem = |property: &str, issue| -> &'static Problem {
        Box::leak(Box::new(Problem {
            property: property.to_owned(),
            issue,
        }))
    };
    let mut all: Vec<Warning> = [
        BadCommand::NotAnArray,
        BadCommand::NameNotString,
        BadCommand::RecordNeedsName,
        BadCommand::SetNeedsObject,
        BadCommand::IdentifyNeedsId,
        BadCommand::AliasNeedsIds,
        BadCommand::IdTooLong,
        BadCommand::PlanName,
        BadCommand::BilledAmount,
        BadCommand::BillingDescription,
        BadCommand::PropsNotObject,
        BadCommand::TooDeep,
        BadCommand::BadTarget,
        BadCommand::BindNeedsName,
        BadCommand::AbNeedsVariants,
        BadCommand::TrackNeedsName,
        BadCommand::IdentifyNeedsUserId,
        BadCommand::NotAMethod,
    ]
    .into_iter()
    .map(Warning::Dropped)
    .collect();
    all.extend([
        Warning::Unknown("fly"),
        Warning::Trimmed,
        Warning::TooLarge(40_000),
        Warning::OutboxFull(6),
        Warning::Unsendable,
        Warning::Refused {
            status: 413,
            dropped: 1,
        },
        Warning::Invalid("Billed"),
        Warning::Problem {
            event: "trial_started",
            problem: problem("planId", Issue::Missing),
        },
        Warning::Problem {
            event: "trial_started",
            problem: problem("mrr", Issue::WrongType(Kind::Number)),
        },
        Warning::Problem {
            event: "trial_started",
            problem: problem("foo", Issue::Unplanned),
        },
        Warning::NoEndpoint,
    ]);
    all.extend(
        [
            Setting::BatchSize,
            Setting::FlushInterval,
            Setting::Transport,
            Setting::Context,
            Setting::Gzip,
            Setting::FetchLater,
            Setting::Validation,
            Setting::Pii,
        ]
        .map(Warning::Ignored),
    );
    all.push(Warning::StorageRefused);
    all
}

/// Compiles only while [`every`] can list every warning and reason.
#[cfg(all(feature = "taxonomy", feature = "pii", feature = "autotrack"))]
#[allow(dead_code)]
fn listed(w: Warning, why: BadCommand, setting: Setting, issue: Issue) {
    match w {
        Warning::Dropped(_)
        | Warning::Unknown(_)
        | Warning::Trimmed
        | Warning::TooLarge(_)
        | Warning::OutboxFull(_)
        | Warning::Unsendable
        | Warning::Refused { .. }
        | Warning::Invalid(_)
        | Warning::Problem { .. }
        | Warning::NoEndpoint
        | Warning::Ignored(_)
        | Warning::StorageRefused => {}
    }
    match why {
        BadCommand::NotAnArray
        | BadCommand::NameNotString
        | BadCommand::RecordNeedsName
        | BadCommand::SetNeedsObject
        | BadCommand::IdentifyNeedsId
        | BadCommand::AliasNeedsIds
        | BadCommand::IdTooLong
        | BadCommand::PlanName
        | BadCommand::BilledAmount
        | BadCommand::BillingDescription
        | BadCommand::PropsNotObject
        | BadCommand::TooDeep
        | BadCommand::BadTarget
        | BadCommand::BindNeedsName
        | BadCommand::AbNeedsVariants
        | BadCommand::TrackNeedsName
        | BadCommand::IdentifyNeedsUserId
        | BadCommand::NotAMethod => {}
    }
    match setting {
        Setting::BatchSize
        | Setting::FlushInterval
        | Setting::Transport
        | Setting::Context
        | Setting::Gzip
        | Setting::FetchLater
        | Setting::Validation
        | Setting::Pii => {}
    }
    match issue {
        Issue::Missing | Issue::WrongType(_) | Issue::Unplanned => {}
    }
}

#[cfg(all(feature = "taxonomy", feature = "pii", feature = "autotrack"))]
#[test]
fn one_code_each_never_reused() {
    let codes: Vec<u8> = every().iter().map(|w| said(w).0).collect();
    let expected: Vec<u8> = (1..=38).collect();
    assert_eq!(codes, expected);
}

/// README's table of codes, row for row what [`Warning::says`] says.
#[cfg(all(
    feature = "texts",
    feature = "taxonomy",
    feature = "pii",
    feature = "autotrack"
))]
#[test]
fn readme_has_every_code_and_its_words() {
    let mut table = String::from("| code | warning (full text) |\n|---|---|\n");
    for w in every() {
        let Said(code, text) = said(&w);
        assert!(text.starts_with("trackq: "), "{text}");
        table.push_str(&format!("| `W{code}` | `{text}` |\n"));
    }
    let readme = include_str!("../../../README.md");
    assert!(
        readme.contains(&table),
        "README's table of warning codes should read:\n{table}"
    );
}

#[cfg(all(
    feature = "texts",
    feature = "taxonomy",
    feature = "pii",
    feature = "autotrack"
))]
#[test]
fn the_words_take_the_facts_in_order() {
    let rendered: Vec<String> = every().iter().map(Warning::render).collect();
    assert!(rendered.iter().all(|r| !r.contains('{')), "{rendered:?}");
    assert_eq!(
        Warning::Refused {
            status: 413,
            dropped: 1
        }
        .render(),
        "trackq: the collector refused a batch with status 413: 1 message(s) dropped"
    );
    assert_eq!(
        Warning::OutboxFull(6).render(),
        "trackq: outbox full: dropped the 6 oldest unsent message(s)"
    );
    assert_eq!(
        Warning::Invalid("Billed").render(),
        "trackq: Billed: dropped (data-validation=\"strict\")"
    );
}

/// Without `texts`: the code and the facts, no words.
#[cfg(all(
    not(feature = "texts"),
    feature = "taxonomy",
    feature = "pii",
    feature = "autotrack"
))]
#[test]
fn terse_lines_are_the_code_and_the_facts() {
    let rendered: Vec<String> = every().iter().map(Warning::render).collect();
    for (w, r) in every().iter().zip(&rendered) {
        let Said(code, text) = said(w);
        assert_eq!(text, "", "words left in: {r}");
        assert!(r.starts_with(&format!("trackq: W{code}")), "{r}");
    }
    assert_eq!(rendered[0], "trackq: W1");
    assert_eq!(rendered[18], "trackq: W19 fly");
    assert_eq!(rendered[20], "trackq: W21 40000");
    assert_eq!(rendered[21], "trackq: W22 6");
    assert_eq!(rendered[23], "trackq: W24 413 1");
    assert_eq!(rendered[24], "trackq: W25 Billed");
    assert_eq!(rendered[25], "trackq: W26 trial_started planId");
    assert_eq!(rendered[26], "trackq: W27 trial_started mrr a number");
    assert_eq!(rendered[31], "trackq: W32");
    assert_eq!(rendered[37], "trackq: W38");
}
