//! The IAM Identity Center portal: the accounts and roles a person is assigned, role
//! credentials, and signing out.

use super::SsoError;
use super::clients::{cause_of, portal, portal_endpoint};
use super::token::Token;
use crate::creds::{Credentials, Secret};
use crate::profile::sso::{SsoRole, SsoSession};
use chrono::DateTime;
use futures_util::{StreamExt, TryStreamExt};
use serde::{Deserialize, Serialize};

/// How many accounts' roles are asked for at once.
const PARALLEL_ROLE_LISTS: usize = 8;

/// One assigned account and the roles the person may take in it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    pub id: String,
    pub name: String,
    pub roles: Vec<String>,
}

/// A failed portal call, as a sentence; an expired or revoked token asks for a new sign-in.
fn failed<E>(
    session: &SsoSession,
    operation: &str,
    err: aws_sdk_sso::error::SdkError<E, aws_sdk_sts::config::http::HttpResponse>,
) -> SsoError
where
    E: aws_sdk_sts::error::ProvideErrorMetadata + std::error::Error + 'static,
{
    if err.as_service_error().and_then(|e| e.code()) == Some("UnauthorizedException") {
        return SsoError::NeedSignIn {
            session: session.label().to_string(),
        };
    }
    SsoError::Portal {
        operation: format!("{operation} for {}", session.label()),
        detail: cause_of(
            "IAM Identity Center",
            &err,
            &portal_endpoint(&session.region),
        ),
    }
}

/// Credentials for the role, from the session's token.
pub async fn role_credentials(role: &SsoRole, token: &Token) -> Result<Credentials, SsoError> {
    let session = &role.session;
    let out = portal(&session.region)
        .get_role_credentials()
        .access_token(token.access_token.expose())
        .account_id(&role.account_id)
        .role_name(&role.role_name)
        .send()
        .await
        .map_err(|e| {
            failed(
                session,
                &format!(
                    "GetRoleCredentials {} in {}",
                    role.role_name, role.account_id
                ),
                e,
            )
        })?;
    let creds = out.role_credentials();
    let whole = creds.and_then(|c| {
        let expiration =
            DateTime::from_timestamp_millis(c.expiration()).filter(|_| c.expiration() > 0)?;
        Some(Credentials {
            access_key_id: c.access_key_id().filter(|k| !k.is_empty())?.to_string(),
            secret_access_key: Secret::new(c.secret_access_key().filter(|k| !k.is_empty())?),
            session_token: Some(Secret::new(c.session_token().filter(|k| !k.is_empty())?)),
            expiration: Some(expiration),
        })
    });
    whole.ok_or_else(|| SsoError::Portal {
        operation: "GetRoleCredentials".into(),
        detail: "IAM Identity Center answered without whole credentials".into(),
    })
}

/// Every account the token's person is assigned, with its roles, sorted by account name.
pub async fn accounts(session: &SsoSession, token: &Token) -> Result<Vec<Account>, SsoError> {
    let client = portal(&session.region);
    let access = token.access_token.expose();
    let listed: Vec<_> = client
        .list_accounts()
        .access_token(access)
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|e| failed(session, "ListAccounts", e))?;
    // Owned first: a future borrowing from `listed` through a closure is not `Send` enough
    // for a spawned task.
    let named: Vec<(String, String)> = listed
        .iter()
        .filter_map(|a| {
            let id = a.account_id()?.to_string();
            Some((a.account_name().unwrap_or(&id).to_string(), id))
        })
        .collect();
    let lists = named
        .into_iter()
        .map(|(name, id)| roles_of(&client, session, access, id, name));
    let mut accounts: Vec<Account> = futures_util::stream::iter(lists)
        .buffer_unordered(PARALLEL_ROLE_LISTS)
        .try_collect()
        .await?;
    accounts.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.id.cmp(&b.id)));
    Ok(accounts)
}

/// One account with the roles the person may take in it.
async fn roles_of(
    client: &aws_sdk_sso::Client,
    session: &SsoSession,
    access: &str,
    id: String,
    name: String,
) -> Result<Account, SsoError> {
    let listed: Vec<_> = client
        .list_account_roles()
        .access_token(access)
        .account_id(&id)
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|e| failed(session, &format!("ListAccountRoles {id}"), e))?;
    let mut roles: Vec<String> = listed
        .iter()
        .filter_map(|r| r.role_name().map(String::from))
        .collect();
    roles.sort();
    Ok(Account { id, name, roles })
}

/// Ends the token's sign-in at the portal.
pub async fn logout(session: &SsoSession, token: &Token) -> Result<(), SsoError> {
    portal(&session.region)
        .logout()
        .access_token(token.access_token.expose())
        .send()
        .await
        .map(drop)
        .map_err(|e| failed(session, "Logout", e))
}
