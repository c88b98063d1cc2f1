//! ARNs as Cognito's `ArnType` takes them: 20–2048 characters,
//! `arn:partition:service:region:account:resource` with an account of digits.

use crate::error::{CoreError, CoreResult};

const PATTERN: &str = "arn:[\\w+=/,.@-]+:[\\w+=/,.@-]+:([\\w+=/,.@-]*)?:[0-9]+:[\\w+=/,.@-]+(:[\\w+=/,.@-]+)?(:[\\w+=/,.@-]+)?";

/// Whether `arn` has the shape of `ArnType`'s pattern.
fn shaped(arn: &str) -> bool {
    let word = |s: &str| {
        s.chars()
            .all(|c| c.is_alphanumeric() || "_+=/,.@-".contains(c))
    };
    let parts: Vec<&str> = arn.split(':').collect();
    (6..=8).contains(&parts.len())
        && parts[0] == "arn"
        && !parts[1].is_empty()
        && word(parts[1])
        && !parts[2].is_empty()
        && word(parts[2])
        && word(parts[3])
        && !parts[4].is_empty()
        && parts[4].chars().all(|c| c.is_ascii_digit())
        && parts[5..].iter().all(|p| !p.is_empty() && word(p))
}

/// Checks the ARN given as `member`.
pub(super) fn check(member: &str, arn: &str) -> CoreResult<()> {
    if !(20..=2048).contains(&arn.chars().count()) {
        return Err(CoreError::constraint(
            member,
            arn,
            "Member must have length between 20 and 2048",
        ));
    }
    if !shaped(arn) {
        return Err(CoreError::constraint(
            member,
            arn,
            &format!("Member must satisfy regular expression pattern: {PATTERN}"),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arns_need_an_account_of_digits_and_a_resource() {
        assert!(check("roleArn", "arn:aws:iam::123456789012:role/a").is_ok());
        assert!(check(
            "certificateArn",
            "arn:aws:acm:us-east-1:123456789012:certificate/0c0ffee0-0000-4000-8000-000000000000"
        )
        .is_ok());
        assert!(check("roleArn", "arn:aws:iam:::role/my-iam-role").is_err());
        assert!(check("roleArn", "not-an-arn-but-long-enough").is_err());
        assert!(check("roleArn", "arn:aws:iam::1:r").is_err());
    }
}
