//! Console accounts (see `store::accounts`).

use chrono::{DateTime, Utc};
use deadpool_postgres::Client;

use crate::store::accounts::Account;
use crate::store::DbError;
use crate::time;

pub async fn find_by_username(client: &Client, username: &str) -> Result<Option<Account>, DbError> {
    let statement = client
        .prepare_cached("SELECT id, username, password_hash FROM accounts WHERE username = $1")
        .await?;
    let row = client.query_opt(&statement, &[&username]).await?;
    Ok(row.map(|row| Account {
        id: row.get(0),
        username: row.get(1),
        password_hash: row.get(2),
    }))
}

/// Creates the account, or sets the password of the one with this username, keeping its id.
pub async fn upsert(
    client: &Client,
    username: &str,
    password_hash: &str,
    now: DateTime<Utc>,
) -> Result<(), DbError> {
    client
        .execute(
            "INSERT INTO accounts (id, username, password_hash, created_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT (username) DO UPDATE SET password_hash = excluded.password_hash",
            &[
                &uuid::Uuid::new_v4().to_string(),
                &username,
                &password_hash,
                &time::rfc3339(now),
            ],
        )
        .await?;
    Ok(())
}
