//! A pool's attribute schema as Cognito builds and checks it: the standard attributes with
//! their default constraints, the overrides a pool may make to them (required, mutable, string
//! lengths), and custom attributes (`custom:<name>`, or `dev:custom:<name>` when only
//! administrators may write them) at CreateUserPool and AddCustomAttributes.

use cognate_proto::{
    NumberAttributeConstraintsType, SchemaAttributeType, StringAttributeConstraintsType,
};

use super::Cognate;
use crate::{
    error::{CoreError, CoreResult},
    model::PoolId,
};

/// Cognito's standard attributes: name, data type, mutable.
const STANDARD: &[(&str, &str, bool)] = &[
    ("sub", "String", false),
    ("name", "String", true),
    ("given_name", "String", true),
    ("family_name", "String", true),
    ("middle_name", "String", true),
    ("nickname", "String", true),
    ("preferred_username", "String", true),
    ("profile", "String", true),
    ("picture", "String", true),
    ("website", "String", true),
    ("email", "String", true),
    ("email_verified", "Boolean", true),
    ("gender", "String", true),
    ("birthdate", "String", true),
    ("zoneinfo", "String", true),
    ("locale", "String", true),
    ("phone_number", "String", true),
    ("phone_number_verified", "Boolean", true),
    ("address", "String", true),
    ("updated_at", "Number", true),
];

/// Custom attributes a pool may have (Cognito's quota).
const MAX_CUSTOM: usize = 50;
/// Longest string attribute.
const MAX_STRING: u64 = 2048;
const DATA_TYPES: &[&str] = &["Boolean", "Number", "String", "DateTime"];

fn invalid(message: String) -> CoreError {
    CoreError::InvalidParameter(message)
}

fn strings(min: &str, max: &str) -> StringAttributeConstraintsType {
    StringAttributeConstraintsType {
        min_length: Some(min.into()),
        max_length: Some(max.into()),
    }
}

/// A standard attribute as a new pool describes it.
fn standard(name: &str, kind: &str, mutable: bool) -> SchemaAttributeType {
    SchemaAttributeType {
        name: Some(name.into()),
        attribute_data_type: Some(kind.into()),
        developer_only_attribute: Some(false),
        mutable: Some(mutable),
        required: Some(name == "sub"),
        number_attribute_constraints: (kind == "Number").then(|| NumberAttributeConstraintsType {
            min_value: Some("0".into()),
            max_value: None,
        }),
        string_attribute_constraints: match (name, kind) {
            ("sub", _) => Some(strings("1", "2048")),
            ("birthdate", _) => Some(strings("10", "10")),
            (_, "String") => Some(strings("0", "2048")),
            _ => None,
        },
    }
}

/// The bounds of a constraint as numbers; `kind` names the constraint in Cognito's error.
fn bounds<T: std::str::FromStr>(
    name: &str,
    kind: &str,
    min: &Option<String>,
    max: &Option<String>,
) -> CoreResult<(Option<T>, Option<T>)> {
    let parse = |v: &Option<String>| {
        v.as_deref()
            .map(|s| {
                s.parse::<T>()
                    .map_err(|_| invalid(format!("Invalid {kind} for schema attribute {name}")))
            })
            .transpose()
    };
    Ok((parse(min)?, parse(max)?))
}

/// String constraints as given, checked: whole numbers, at most 2048, min not over max.
fn check_strings(
    name: &str,
    given: &StringAttributeConstraintsType,
) -> CoreResult<StringAttributeConstraintsType> {
    let (min, max) = bounds::<u64>(
        name,
        "StringAttributeConstraints",
        &given.min_length,
        &given.max_length,
    )?;
    if min.into_iter().chain(max).any(|n| n > MAX_STRING) {
        return Err(invalid(format!(
            "user.{name}: String attributes cannot have a length of more than 2048"
        )));
    }
    if let (Some(min), Some(max)) = (min, max) {
        if max < min {
            return Err(invalid(format!(
                "user.{name}: Max length cannot be less than min length."
            )));
        }
    }
    Ok(given.clone())
}

/// Number constraints as given, checked: whole numbers, min not over max.
fn check_numbers(
    name: &str,
    given: &NumberAttributeConstraintsType,
) -> CoreResult<NumberAttributeConstraintsType> {
    let (min, max) = bounds::<i64>(
        name,
        "NumberAttributeConstraints",
        &given.min_value,
        &given.max_value,
    )?;
    if let (Some(min), Some(max)) = (min, max) {
        if max < min {
            return Err(invalid(format!(
                "user.{name}: Max value cannot be less than min value."
            )));
        }
    }
    Ok(given.clone())
}

/// A custom attribute as given, checked and named as Cognito names it.
fn custom(
    position: usize,
    attr: &SchemaAttributeType,
    bare: &str,
) -> CoreResult<SchemaAttributeType> {
    if bare.is_empty() || bare.chars().count() > 20 {
        return Err(invalid(format!(
            "Invalid custom attribute name {bare}: names are 1-20 characters."
        )));
    }
    let kind = attr.attribute_data_type.as_deref().ok_or_else(|| {
        invalid(
            "Invalid AttributeDataType input, consider using the provided AttributeDataType enum."
                .into(),
        )
    })?;
    if !DATA_TYPES.contains(&kind) {
        return Err(CoreError::constraint(
            &format!("schema.{position}.member.attributeDataType"),
            kind,
            "Member must satisfy enum value set: [Boolean, Number, String, DateTime]",
        ));
    }
    if attr.required == Some(true) {
        return Err(invalid(
            "Required custom attributes are not supported currently.".into(),
        ));
    }
    let developer_only = attr.developer_only_attribute == Some(true);
    let name = if developer_only {
        format!("dev:custom:{bare}")
    } else {
        format!("custom:{bare}")
    };
    Ok(SchemaAttributeType {
        string_attribute_constraints: match (kind, &attr.string_attribute_constraints) {
            ("String", Some(c)) => Some(check_strings(&name, c)?),
            _ => None,
        },
        number_attribute_constraints: match (kind, &attr.number_attribute_constraints) {
            ("Number", Some(c)) => Some(check_numbers(&name, c)?),
            _ => None,
        },
        name: Some(name),
        attribute_data_type: Some(kind.into()),
        developer_only_attribute: Some(developer_only),
        mutable: Some(attr.mutable.unwrap_or(true)),
        required: Some(false),
    })
}

/// The name a custom attribute is given without its prefix.
fn bare_name(name: &str) -> &str {
    let name = name.strip_prefix("dev:").unwrap_or(name);
    name.strip_prefix("custom:").unwrap_or(name)
}

/// Adds custom attributes to `schema`, each new by name and within the quota.
fn add_custom(
    schema: &mut Vec<SchemaAttributeType>,
    given: &[(usize, &SchemaAttributeType)],
) -> CoreResult<()> {
    for (position, attr) in given {
        let bare = bare_name(attr.name.as_deref().unwrap_or_default());
        let made = custom(*position, attr, bare)?;
        if let Some(existing) = schema
            .iter()
            .filter_map(|a| a.name.as_deref())
            .find(|n| n.contains("custom:") && bare_name(n) == bare)
        {
            return Err(invalid(format!(
                "custom:{bare}: Existing attribute already has name {existing}."
            )));
        }
        schema.push(made);
    }
    let customs = schema
        .iter()
        .filter(|a| a.name.as_deref().is_some_and(|n| n.contains("custom:")))
        .count();
    if customs > MAX_CUSTOM {
        return Err(invalid(format!(
            "A user pool can have at most {MAX_CUSTOM} custom attributes."
        )));
    }
    Ok(())
}

/// The full schema of a new pool: standard attributes with the pool's overrides, then its
/// custom attributes.
pub(super) fn build_schema(given: &[SchemaAttributeType]) -> CoreResult<Vec<SchemaAttributeType>> {
    let mut schema: Vec<SchemaAttributeType> = STANDARD
        .iter()
        .map(|(name, kind, mutable)| standard(name, kind, *mutable))
        .collect();
    let mut customs = Vec::new();
    for (i, attr) in given.iter().enumerate() {
        let name = attr
            .name
            .as_deref()
            .filter(|n| !n.is_empty())
            .ok_or_else(|| CoreError::missing(&format!("schema.{}.member.name", i + 1)))?;
        let Some(existing) = schema.iter_mut().find(|a| a.name.as_deref() == Some(name)) else {
            customs.push((i + 1, attr));
            continue;
        };
        if attr
            .attribute_data_type
            .as_deref()
            .is_some_and(|k| Some(k) != existing.attribute_data_type.as_deref())
            || attr.developer_only_attribute == Some(true)
        {
            return Err(invalid(format!(
                "You can not change AttributeDataType or set developerOnlyAttribute for standard schema attribute {name}"
            )));
        }
        if name == "sub" {
            continue;
        }
        if let Some(required) = attr.required {
            existing.required = Some(required);
        }
        if let Some(mutable) = attr.mutable {
            existing.mutable = Some(mutable);
        }
        if let Some(given) = &attr.string_attribute_constraints {
            if existing.attribute_data_type.as_deref() == Some("String") {
                existing.string_attribute_constraints = Some(check_strings(name, given)?);
            }
        }
        if let Some(given) = &attr.number_attribute_constraints {
            if existing.attribute_data_type.as_deref() == Some("Number") {
                existing.number_attribute_constraints = Some(check_numbers(name, given)?);
            }
        }
    }
    add_custom(&mut schema, &customs)?;
    Ok(schema)
}

impl Cognate {
    /// AddCustomAttributes.
    pub async fn add_custom_attributes(
        &self,
        pool: &PoolId,
        given: &[SchemaAttributeType],
    ) -> CoreResult<()> {
        let mut pool = self.pool(pool.as_str()).await?;
        if given.is_empty() {
            return Err(CoreError::constraint(
                "customAttributes",
                "[]",
                "Member must have length greater than or equal to 1",
            ));
        }
        let numbered: Vec<(usize, &SchemaAttributeType)> =
            given.iter().enumerate().map(|(i, a)| (i + 1, a)).collect();
        add_custom(&mut pool.schema, &numbered)?;
        pool.modified_ms = self.now_ms();
        self.store.update_pool(&pool).await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attr(name: &str, kind: Option<&str>) -> SchemaAttributeType {
        SchemaAttributeType {
            name: Some(name.into()),
            attribute_data_type: kind.map(str::to_string),
            developer_only_attribute: None,
            mutable: None,
            required: None,
            number_attribute_constraints: None,
            string_attribute_constraints: None,
        }
    }

    fn named<'a>(schema: &'a [SchemaAttributeType], name: &str) -> &'a SchemaAttributeType {
        schema
            .iter()
            .find(|a| a.name.as_deref() == Some(name))
            .unwrap()
    }

    #[test]
    fn custom_attributes_get_their_prefix_and_standard_ones_keep_their_type() {
        let mut name = attr("name", Some("String"));
        name.required = Some(true);
        let schema = build_schema(&[attr("team", Some("String")), name]).unwrap();
        assert_eq!(named(&schema, "custom:team").mutable, Some(true));
        assert_eq!(named(&schema, "name").required, Some(true));
        assert_eq!(
            schema
                .iter()
                .filter(|a| a.name.as_deref() == Some("name"))
                .count(),
            1
        );
        assert_eq!(
            named(&schema, "sub").string_attribute_constraints,
            Some(strings("1", "2048"))
        );
        assert_eq!(
            named(&schema, "updated_at")
                .number_attribute_constraints
                .as_ref()
                .and_then(|c| c.min_value.as_deref()),
            Some("0")
        );
    }

    #[test]
    fn bad_schemas_are_refused_as_cognito_refuses_them() {
        assert!(build_schema(&[attr("x", Some("Banana"))]).is_err());
        assert!(build_schema(&[attr("x", None)]).is_err());
        assert!(build_schema(&[attr("email", Some("Number"))]).is_err());
        let mut dev = attr("email", None);
        dev.developer_only_attribute = Some(true);
        assert!(build_schema(&[dev]).is_err());
        let mut long = attr("email", Some("String"));
        long.string_attribute_constraints = Some(strings("0", "2049"));
        assert!(build_schema(&[long]).is_err());
        let mut crossed = attr("email", Some("String"));
        crossed.string_attribute_constraints = Some(strings("2", "1"));
        assert!(build_schema(&[crossed]).is_err());
        let many: Vec<SchemaAttributeType> = (0..51)
            .map(|i| attr(&format!("a{i}"), Some("String")))
            .collect();
        assert!(build_schema(&many).is_err());
    }

    #[test]
    fn developer_only_attributes_are_named_dev_and_cannot_be_added_twice() {
        let mut banana = attr("banana", Some("String"));
        banana.developer_only_attribute = Some(true);
        let mut schema = build_schema(std::slice::from_ref(&banana)).unwrap();
        assert!(named(&schema, "dev:custom:banana").developer_only_attribute == Some(true));
        let e = add_custom(&mut schema, &[(1, &banana)]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "custom:banana: Existing attribute already has name dev:custom:banana."
        );
    }
}
