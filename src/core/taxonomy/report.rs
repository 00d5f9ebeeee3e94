//! Reporting problems: `context.validation` (their console warnings are
//! [`crate::core::Warning::Problem`]).

#[allow(unused_imports)] // the standard prelude has these outside the snippet build
use crate::prelude::*;

use super::{Issue, Kind, Problem};
use crate::core::support::json::write_str;

impl Kind {
    /// The kind with an article, for warnings: `a number`, `an object`.
    pub fn phrase(self) -> &'static str {
        match self {
            Kind::String => "a string",
            Kind::Number => "a number",
            Kind::Boolean => "a boolean",
            Kind::StringArray => "an array of strings",
            Kind::Array => "an array",
            Kind::Object => "an object",
            Kind::Date => "an ISO 8601 date string",
        }
    }
}

impl Problem {
    /// Whether the event breaks its spec: [`Issue::Missing`] or
    /// [`Issue::WrongType`]. An unplanned property is allowed.
    pub fn is_invalid(&self) -> bool {
        !matches!(self.issue, Issue::Unplanned)
    }
}

/// Appends `problems` as the JSON array of `context.validation`:
/// `[{"property":"planId","problem":"missing"},
/// {"property":"mrr","problem":"expected number"},
/// {"property":"x","problem":"unplanned"}]`.
pub fn write_problems(out: &mut String, problems: &[Problem]) {
    out.push('[');
    for (i, p) in problems.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str("{\"property\":");
        write_str(out, &p.property);
        out.push_str(",\"problem\":\"");
        match p.issue {
            Issue::Missing => out.push_str("missing"),
            Issue::WrongType(kind) => {
                out.push_str("expected ");
                out.push_str(kind.name());
            }
            Issue::Unplanned => out.push_str("unplanned"),
        }
        out.push_str("\"}");
    }
    out.push(']');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(property: &str, issue: Issue) -> Problem {
        Problem {
            property: property.to_owned(),
            issue,
        }
    }

    #[test]
    fn problems_as_json() {
        let mut out = String::new();
        write_problems(&mut out, &[]);
        assert_eq!(out, "[]");
        out.clear();
        let all = [
            p("planId", Issue::Missing),
            p("mrr", Issue::WrongType(Kind::Number)),
            p("x\"", Issue::Unplanned),
            p("d", Issue::WrongType(Kind::Date)),
            p("l", Issue::WrongType(Kind::StringArray)),
        ];
        write_problems(&mut out, &all);
        assert_eq!(
            out,
            r#"[{"property":"planId","problem":"missing"},{"property":"mrr","problem":"expected number"},{"property":"x\"","problem":"unplanned"},{"property":"d","problem":"expected date"},{"property":"l","problem":"expected string[]"}]"#
        );
    }
}
