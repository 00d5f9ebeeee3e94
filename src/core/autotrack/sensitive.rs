//! Values a form field never gives, whatever its name and class say: card
//! numbers and US social security numbers (beyond KISSmetrics, which only
//! looks at names).

#[allow(unused_imports)] // the standard prelude has these outside the snippet build
use crate::prelude::*;

use crate::core::support::text::trim;

/// 13 to 19 digits (spaces and dashes allowed between) passing the Luhn check.
pub fn card_number(value: &str) -> bool {
    let (mut digits, mut sum) = (0u32, 0u32);
    for b in value.bytes().rev() {
        match b {
            b'0'..=b'9' => {
                let d = u32::from(b - b'0') << (digits & 1);
                sum += if d > 9 { d - 9 } else { d };
                digits += 1;
            }
            b' ' | b'-' => {}
            _ => return false,
        }
    }
    (13..20).contains(&digits) && sum % 10 == 0
}

/// A US social security number: `123-45-6789`, `123 45 6789` or nine
/// digits, with an area other than 000, 666 and 9xx, a group other than 00
/// and a serial other than 0000.
pub fn ssn(value: &str) -> bool {
    let v = trim(value).as_bytes();
    let (mut n, mut digits) = (0u32, 0);
    for (i, &b) in v.iter().enumerate() {
        if b.is_ascii_digit() {
            n = n.wrapping_mul(10).wrapping_add(u32::from(b - b'0'));
            digits += 1;
        } else if !(v.len() == 11
            && (i == 3 || i == 6)
            && (b == b'-' || b == b' ')
            && v.get(3) == v.get(6))
        {
            return false;
        }
    }
    let area = n / 1_000_000;
    digits == 9
        && area != 0
        && area != 666
        && area < 900
        && n / 10_000 % 100 != 0
        && n % 10_000 != 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn card_numbers_pass_luhn() {
        for v in [
            "4111 1111 1111 1111",
            "4111-1111-1111-1111",
            "378282246310005",
            "6011000990139424",
            " 4012888888881881 ",
        ] {
            assert!(card_number(v), "{v}");
        }
        for v in [
            "4111 1111 1111 1112",
            "411111111111",
            "41111111111111111111",
            "4111x1111111111111",
            "",
            "0000 0000 0000",
        ] {
            assert!(!card_number(v), "{v}");
        }
    }

    #[test]
    fn us_social_security_numbers() {
        for v in ["123-45-6789", "123 45 6789", "123456789", " 078-05-1120 "] {
            assert!(ssn(v), "{v}");
        }
        for v in [
            "000-12-3456",
            "666-12-3456",
            "912-34-5678",
            "123-00-4567",
            "123-45-0000",
            "123-45 6789",
            "12-345-6789",
            "1234567890",
            "94105-1234",
        ] {
            assert!(!ssn(v), "{v}");
        }
    }
}
