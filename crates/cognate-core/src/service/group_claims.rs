//! What a user's groups put in their tokens: `cognito:groups` (ID and access tokens),
//! `cognito:roles` and `cognito:preferred_role` (ID token).

use crate::model::Group;

/// The claims a user's groups give their tokens.
#[derive(Debug, Default, Clone, PartialEq)]
pub(crate) struct GroupClaims {
    /// `cognito:groups` (ID and access tokens), in precedence order then by name.
    pub names: Vec<String>,
    /// `cognito:roles` (ID token): the groups' role ARNs, each once, in the same order.
    pub roles: Vec<String>,
    /// `cognito:preferred_role` (ID token): the role of the group that takes precedence; none
    /// when groups that tie for it name different roles.
    pub preferred_role: Option<String>,
}

impl GroupClaims {
    /// The claims of a member of `groups`.
    pub(crate) fn of(mut groups: Vec<Group>) -> Self {
        groups.sort_by(|a, b| {
            (a.precedence.is_none(), a.precedence, &a.name).cmp(&(
                b.precedence.is_none(),
                b.precedence,
                &b.name,
            ))
        });
        let mut roles: Vec<String> = Vec::new();
        for arn in groups.iter().filter_map(|g| g.role_arn.as_ref()) {
            if !roles.contains(arn) {
                roles.push(arn.clone());
            }
        }
        // Groups with a role compete for the preferred role; the lowest precedence wins, and a
        // tie between different roles leaves it unset. Without any precedence, a single role
        // is still the preferred one.
        let with_role: Vec<&Group> = groups.iter().filter(|g| g.role_arn.is_some()).collect();
        let preferred_role = with_role.first().and_then(|top| {
            let tied: Vec<&&Group> = with_role
                .iter()
                .filter(|g| g.precedence == top.precedence)
                .collect();
            let role = top.role_arn.clone();
            tied.iter()
                .all(|g| g.role_arn == role)
                .then_some(role)
                .flatten()
        });
        Self {
            names: groups.into_iter().map(|g| g.name).collect(),
            roles,
            preferred_role,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn group(name: &str, precedence: Option<i64>, role: Option<&str>) -> Group {
        Group {
            pool_id: "p".into(),
            name: name.into(),
            description: None,
            role_arn: role.map(str::to_string),
            precedence,
            created_ms: 0,
            modified_ms: 0,
        }
    }

    const A: &str = "arn:aws:iam::123456789012:role/a";
    const B: &str = "arn:aws:iam::123456789012:role/b";

    #[test]
    fn lowest_precedence_gives_the_preferred_role() {
        let claims = GroupClaims::of(vec![
            group("readers", Some(5), Some(B)),
            group("admins", Some(1), Some(A)),
            group("plain", None, None),
        ]);
        assert_eq!(claims.names, ["admins", "readers", "plain"]);
        assert_eq!(claims.roles, [A, B]);
        assert_eq!(claims.preferred_role.as_deref(), Some(A));
    }

    #[test]
    fn a_tie_between_different_roles_leaves_no_preferred_role() {
        let tie = GroupClaims::of(vec![
            group("x", Some(1), Some(A)),
            group("y", Some(1), Some(B)),
        ]);
        assert_eq!(tie.preferred_role, None);
        let same = GroupClaims::of(vec![
            group("x", Some(1), Some(A)),
            group("y", Some(1), Some(A)),
        ]);
        assert_eq!(same.preferred_role.as_deref(), Some(A));
        assert_eq!(same.roles, [A]);
        let numbered_wins = GroupClaims::of(vec![
            group("x", None, Some(A)),
            group("y", Some(9), Some(B)),
        ]);
        assert_eq!(numbered_wins.preferred_role.as_deref(), Some(B));
        assert_eq!(GroupClaims::of(vec![]), GroupClaims::default());
    }
}
