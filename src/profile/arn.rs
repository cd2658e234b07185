//! Validated ARNs: a typo in `role_arn` or `mfa_serial` is caught when the file is read,
//! not as an opaque STS error after an MFA code has been spent.

use std::fmt;

/// An IAM role ARN: `arn:PARTITION:iam::ACCOUNT:role/[PATH/]NAME`.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct RoleArn {
    text: String,
    /// Where the 12-digit account id starts, found once when parsed.
    account_at: usize,
}

/// The MFA device STS wants: a virtual device ARN or a hardware token serial number.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct MfaSerial(String);

/// Splits `arn:PARTITION:iam::ACCOUNT:RESOURCE` into where the account starts and the
/// resource, or None.
fn iam_parts(text: &str) -> Option<(usize, &str)> {
    let rest = text.strip_prefix("arn:")?;
    let (partition, rest) = rest.split_once(':')?;
    let rest = rest
        .strip_prefix("iam::")
        .filter(|_| partition.starts_with("aws"))?;
    let account = rest.get(..12)?;
    let resource = rest.get(12..)?.strip_prefix(':')?;
    account
        .bytes()
        .all(|b| b.is_ascii_digit())
        .then_some(("arn:".len() + partition.len() + ":iam::".len(), resource))
}

impl RoleArn {
    /// Parses a role ARN; the error says what shape was expected.
    pub fn parse(text: &str) -> Result<Self, String> {
        match iam_parts(text) {
            Some((account_at, resource)) if valid_role_resource(resource) => Ok(Self {
                text: text.into(),
                account_at,
            }),
            _ => Err(format!(
                "'{text}' is not an IAM role ARN (expected arn:aws:iam::123456789012:role/NAME)"
            )),
        }
    }

    /// The 12-digit account id.
    pub fn account_id(&self) -> &str {
        &self.text[self.account_at..self.account_at + 12]
    }

    /// The role's name without its path.
    pub fn role_name(&self) -> &str {
        self.text.rsplit('/').next().unwrap_or_default()
    }

    /// The role's path and name, as the console's Switch Role form wants it: `team/Admin`.
    pub fn path_and_name(&self) -> &str {
        self.text.split_once(":role/").map_or("", |(_, rest)| rest)
    }

    /// The partition: `aws`, `aws-cn`, `aws-us-gov`...
    pub fn partition(&self) -> &str {
        self.text.split(':').nth(1).unwrap_or("aws")
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }
}

fn valid_role_resource(resource: &str) -> bool {
    let Some(rest) = resource.strip_prefix("role/") else {
        return false;
    };
    let name = rest.rsplit('/').next().unwrap_or_default();
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"+=,.@_-".contains(&b))
}

impl MfaSerial {
    /// Parses an MFA device ARN (`arn:aws:iam::ACCOUNT:mfa/NAME`) or a hardware serial number.
    pub fn parse(text: &str) -> Result<Self, String> {
        let ok = if text.starts_with("arn:") {
            matches!(iam_parts(text), Some((_, r)) if r.starts_with("mfa/") && r.len() > 4)
        } else {
            // STS SerialNumber: 9 to 256 characters of [\w+=/:,.@-].
            (9..=256).contains(&text.len())
                && text
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"_+=/:,.@-".contains(&b))
        };
        if ok {
            Ok(Self(text.into()))
        } else {
            Err(format!(
                "'{text}' is not an MFA device (expected arn:aws:iam::123456789012:mfa/NAME or a hardware serial number)"
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for RoleArn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl fmt::Debug for RoleArn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RoleArn({})", self.text)
    }
}

impl fmt::Display for MfaSerial {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for MfaSerial {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "MfaSerial({})", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_arn_parts() {
        let arn = RoleArn::parse("arn:aws:iam::123456789012:role/team/Admin").unwrap();
        assert_eq!(arn.account_id(), "123456789012");
        assert_eq!(arn.role_name(), "Admin");
        assert_eq!(arn.path_and_name(), "team/Admin");
        assert_eq!(arn.partition(), "aws");
        let plain = RoleArn::parse("arn:aws-cn:iam::123456789012:role/Admin").unwrap();
        assert_eq!(plain.path_and_name(), "Admin");
        assert_eq!(plain.partition(), "aws-cn");
        assert!(RoleArn::parse("arn:aws-us-gov:iam::123456789012:role/X").is_ok());
    }

    #[test]
    fn role_arn_rejects_a_missing_colon() {
        let err = RoleArn::parse("arn:aws:iam:123456789012:role/X").unwrap_err();
        assert_eq!(
            err,
            "'arn:aws:iam:123456789012:role/X' is not an IAM role ARN (expected arn:aws:iam::123456789012:role/NAME)"
        );
        assert!(RoleArn::parse("arn:aws:iam::12345678901:role/X").is_err());
        assert!(RoleArn::parse("arn:aws:iam::123456789012:user/X").is_err());
        assert!(RoleArn::parse("arn:aws:iam::123456789012:role/").is_err());
    }

    #[test]
    fn mfa_serials() {
        assert!(MfaSerial::parse("arn:aws:iam::123456789012:mfa/alice").is_ok());
        assert!(MfaSerial::parse("GAHT12345678").is_ok());
        assert!(MfaSerial::parse("arn:aws:iam::123456789012:role/alice").is_err());
        assert!(MfaSerial::parse("abc").is_err());
    }

    #[test]
    fn shown_as_written_and_debugged_by_type() {
        let arn = RoleArn::parse("arn:aws:iam::123456789012:role/team/Admin").unwrap();
        assert_eq!(arn.to_string(), "arn:aws:iam::123456789012:role/team/Admin");
        assert_eq!(
            format!("{arn:?}"),
            "RoleArn(arn:aws:iam::123456789012:role/team/Admin)"
        );
        let serial = MfaSerial::parse("GAHT12345678").unwrap();
        assert_eq!(serial.to_string(), "GAHT12345678");
        assert_eq!(format!("{serial:?}"), "MfaSerial(GAHT12345678)");
    }
}
