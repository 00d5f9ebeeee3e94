//! Query strings read by hand, so that a malformed one gets the same JSON
//! error as everything else (axum's extractor answers plain text), and only
//! after the caller's key was checked.

use serde::de::DeserializeOwned;

use crate::error::ApiError;

/// The query string as `T`, or a JSON 400 saying what is wrong.
pub fn parse<T: DeserializeOwned + Default>(raw: Option<&str>) -> Result<T, ApiError> {
    match raw {
        None | Some("") => Ok(T::default()),
        Some(q) => serde_urlencoded::from_str(q).map_err(|e| {
            ApiError::bad_request(format!("malformed query string: {e}")).code("invalid_query")
        }),
    }
}

/// The first value of `name`, read leniently (for a key, before the rest
/// of the query is checked).
pub fn param(raw: Option<&str>, name: &str) -> Option<String> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(raw?).ok()?;
    pairs.into_iter().find(|(k, _)| k == name).map(|(_, v)| v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Default, Deserialize)]
    struct Q {
        limit: Option<u32>,
    }

    #[test]
    fn bad_values_are_json_400s() {
        assert_eq!(parse::<Q>(Some("limit=5")).unwrap().limit, Some(5));
        assert_eq!(parse::<Q>(None).unwrap().limit, None);
        let e = parse::<Q>(Some("limit=many")).unwrap_err();
        assert_eq!(e.code, "invalid_query");
        assert_eq!(
            param(Some("limit=many&key=k%201"), "key").as_deref(),
            Some("k 1")
        );
    }
}
