//! Amounts from Stripe objects, computed without overflow: in `i128`, where
//! every product of two `i64` fits, and refused (not wrapped) where a result
//! does not fit.

use serde_json::Value as Json;

/// A Stripe number too large for the arithmetic asked of it.
#[derive(Debug, PartialEq, Eq)]
pub struct OutOfRange;

/// A subscription item's amount per month, in the currency's minor unit
/// (`unit_amount` x `quantity`, per month of the price's interval, rounded
/// to the nearest unit); `Ok(None)` when the item has no amount.
pub fn monthly(item: &Json) -> Result<Option<i128>, OutOfRange> {
    let price = &item["price"];
    let Some(amount) = price["unit_amount"].as_i64() else {
        return Ok(None);
    };
    let quantity = item["quantity"].as_i64().unwrap_or(1);
    let count = price["recurring"]["interval_count"]
        .as_i64()
        .unwrap_or(1)
        .max(1);
    let total = i128::from(amount) * i128::from(quantity);
    let count = i128::from(count);
    // total per `count` intervals -> per month.
    let (num, den) = match price["recurring"]["interval"].as_str() {
        Some("year") => (Some(total), count.checked_mul(12)),
        Some("week") => (total.checked_mul(52), count.checked_mul(12)),
        Some("day") => (total.checked_mul(365), count.checked_mul(12)),
        _ => (Some(total), Some(count)),
    };
    let (num, den) = (num.ok_or(OutOfRange)?, den.ok_or(OutOfRange)?);
    let rounded = num.checked_add(den / 2).ok_or(OutOfRange)?;
    Ok(Some(rounded.div_euclid(den)))
}

/// Whole days from `from` to `to` (Unix seconds), rounded up.
pub fn days_between(from: i64, to: i64) -> i128 {
    (i128::from(to) - i128::from(from) + 86_399).div_euclid(86_400)
}

/// `v` as a JSON number if it fits an `i64`.
pub fn number(v: i128) -> Option<Json> {
    i64::try_from(v).ok().map(Json::from)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn item(amount: i64, quantity: i64, interval: &str, count: i64) -> Json {
        json!({"quantity": quantity, "price": {"unit_amount": amount,
            "recurring": {"interval": interval, "interval_count": count}}})
    }

    #[test]
    fn monthly_amounts_without_overflow() {
        assert_eq!(monthly(&item(2900, 1, "month", 1)), Ok(Some(2900)));
        assert_eq!(monthly(&item(12000, 1, "year", 1)), Ok(Some(1000)));
        assert_eq!(
            monthly(&json!({"quantity":3,"price":{"unit_amount":500}})),
            Ok(Some(1500))
        );
        assert_eq!(monthly(&json!({})), Ok(None));
        assert_eq!(monthly(&item(2900, 1, "month", 1 << 62)), Ok(Some(0)));
        let max = i128::from(i64::MAX);
        assert_eq!(
            monthly(&item(i64::MAX, 1, "year", 1)),
            Ok(Some((max + 6) / 12))
        );
        assert_eq!(
            monthly(&item(i64::MAX, i64::MAX, "month", 1)),
            Ok(Some(max * max))
        );
        assert_eq!(
            monthly(&item(i64::MAX, i64::MAX, "day", 1)),
            Err(OutOfRange)
        );
        assert_eq!(number(max * max), None);
        assert_eq!(days_between(0, i64::MAX), (max + 86_399) / 86_400);
    }
}
