//! Which of Cognito's quota categories each operation of the table falls in, as "Quotas in
//! Amazon Cognito" files them; counted only when `--operation-quotas cognito` asks for it
//! ([`cognate_core::service::limits::QuotaCategory`] holds the rates). InitiateAuth counts
//! as UserAuthentication whatever its flow, a refresh included, as Cognito counts it.

use cognate_core::service::limits::QuotaCategory::{self, *};

/// The category of `op`; `None` for a name the table does not hold.
pub(crate) fn category(op: &str) -> Option<QuotaCategory> {
    Some(match op {
        "InitiateAuth" | "AdminInitiateAuth" | "GetTokensFromRefreshToken" => UserAuthentication,
        "RespondToAuthChallenge" | "AdminRespondToAuthChallenge" => UserAuthenticationChallenge,
        "SignUp" | "ConfirmSignUp" | "AdminCreateUser" | "AdminConfirmSignUp" => UserCreation,
        "ForgotPassword"
        | "ConfirmForgotPassword"
        | "ChangePassword"
        | "AdminResetUserPassword"
        | "AdminSetUserPassword" => UserAccountRecovery,
        "GetUser" | "AdminGetUser" => UserRead,
        "AdminDeleteUser"
        | "AdminDeleteUserAttributes"
        | "AdminDisableUser"
        | "AdminEnableUser"
        | "AdminSetUserMFAPreference"
        | "AdminUpdateUserAttributes"
        | "DeleteUser"
        | "DeleteUserAttributes"
        | "GetUserAttributeVerificationCode"
        | "ResendConfirmationCode"
        | "SetUserMFAPreference"
        | "UpdateUserAttributes"
        | "VerifyUserAttribute" => UserUpdate,
        "AdminGetDevice"
        | "AdminListDevices"
        | "AdminListUserAuthEvents"
        | "AdminListGroupsForUser"
        | "GetDevice"
        | "ListDevices" => UserResourceRead,
        "AdminAddUserToGroup"
        | "AdminRemoveUserFromGroup"
        | "AdminUpdateAuthEventFeedback"
        | "UpdateAuthEventFeedback"
        | "AdminForgetDevice"
        | "AdminUpdateDeviceStatus"
        | "AssociateSoftwareToken"
        | "VerifySoftwareToken"
        | "ConfirmDevice"
        | "ForgetDevice"
        | "UpdateDeviceStatus" => UserResourceUpdate,
        "ListUsers" | "ListUsersInGroup" => UserList,
        "DescribeUserPool" | "ListUserPools" | "GetUserPoolMfaConfig" => UserPoolRead,
        "CreateUserPool"
        | "UpdateUserPool"
        | "DeleteUserPool"
        | "AddCustomAttributes"
        | "SetUserPoolMfaConfig" => UserPoolUpdate,
        "DescribeUserPoolDomain"
        | "DescribeResourceServer"
        | "ListResourceServers"
        | "DescribeIdentityProvider"
        | "ListIdentityProviders"
        | "GetIdentityProviderByIdentifier"
        | "GetUICustomization"
        | "GetGroup"
        | "ListGroups"
        | "GetCSVHeader"
        | "DescribeUserImportJob"
        | "ListUserImportJobs"
        | "ListTagsForResource" => UserPoolResourceRead,
        "CreateUserPoolDomain"
        | "UpdateUserPoolDomain"
        | "DeleteUserPoolDomain"
        | "CreateResourceServer"
        | "UpdateResourceServer"
        | "DeleteResourceServer"
        | "CreateIdentityProvider"
        | "UpdateIdentityProvider"
        | "DeleteIdentityProvider"
        | "SetUICustomization"
        | "CreateGroup"
        | "UpdateGroup"
        | "DeleteGroup"
        | "CreateUserImportJob"
        | "StartUserImportJob"
        | "StopUserImportJob"
        | "TagResource"
        | "UntagResource" => UserPoolResourceUpdate,
        "DescribeUserPoolClient" | "ListUserPoolClients" => UserPoolClientRead,
        "CreateUserPoolClient" | "UpdateUserPoolClient" | "DeleteUserPoolClient" => {
            UserPoolClientUpdate
        }
        "RevokeToken" | "GlobalSignOut" | "AdminUserGlobalSignOut" => UserToken,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::category;
    use crate::OPERATIONS;

    #[test]
    fn every_operation_of_the_table_has_a_category() {
        let missing: Vec<&str> = OPERATIONS
            .iter()
            .copied()
            .filter(|op| category(op).is_none())
            .collect();
        assert!(missing.is_empty(), "no quota category for {missing:?}");
        assert_eq!(category("NoSuchOperation"), None);
    }
}
