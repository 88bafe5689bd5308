//! The one interface every operation is written against: [`Sql`] runs a statement with [`Arg`]s
//! and gives back [`Row`]s of plain values. Statements are written once, in PostgreSQL's dialect
//! (`$1` parameters, `FOR UPDATE` where a row must be locked); the SQLite backend reads them in
//! its own (see `sqlite::dialect`). Nothing here names a driver.

use chrono::{DateTime, Utc};

use super::DbError;

/// A value bound to a statement: the three types both databases store, each possibly NULL.
#[derive(Clone, Copy, Debug)]
pub enum Arg<'a> {
    Int(Option<i64>),
    Text(Option<&'a str>),
    Bytes(Option<&'a [u8]>),
}

impl From<i64> for Arg<'_> {
    fn from(value: i64) -> Self {
        Self::Int(Some(value))
    }
}

impl<'a> From<&'a str> for Arg<'a> {
    fn from(value: &'a str) -> Self {
        Self::Text(Some(value))
    }
}

impl<'a> From<&'a String> for Arg<'a> {
    fn from(value: &'a String) -> Self {
        Self::Text(Some(value))
    }
}

impl<'a> From<Option<&'a str>> for Arg<'a> {
    fn from(value: Option<&'a str>) -> Self {
        Self::Text(value)
    }
}

impl<'a> From<&'a Option<String>> for Arg<'a> {
    fn from(value: &'a Option<String>) -> Self {
        Self::Text(value.as_deref())
    }
}

impl<'a> From<&'a [u8]> for Arg<'a> {
    fn from(value: &'a [u8]) -> Self {
        Self::Bytes(Some(value))
    }
}

impl<'a> From<&'a Vec<u8>> for Arg<'a> {
    fn from(value: &'a Vec<u8>) -> Self {
        Self::Bytes(Some(value))
    }
}

impl<'a> From<Option<&'a [u8]>> for Arg<'a> {
    fn from(value: Option<&'a [u8]>) -> Self {
        Self::Bytes(value)
    }
}

/// A value read from a row.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Int(i64),
    Text(String),
    Bytes(Vec<u8>),
}

/// One row of a result, its columns in the order the statement names them.
#[derive(Debug)]
pub struct Row(pub Vec<Value>);

impl Row {
    /// Column `index` as a `T`; a value of another type is a [`DbError::Stored`].
    pub fn get<T: FromValue>(&self, index: usize) -> Result<T, DbError> {
        let value = self.0.get(index).unwrap_or(&Value::Null);
        T::from_value(value)
            .ok_or_else(|| DbError::Stored(format!("column {index}: unexpected {value:?}")))
    }
}

/// A Rust type a column can be read as.
pub trait FromValue: Sized {
    fn from_value(value: &Value) -> Option<Self>;
}

impl FromValue for i64 {
    fn from_value(value: &Value) -> Option<Self> {
        match value {
            Value::Int(int) => Some(*int),
            _ => None,
        }
    }
}

impl FromValue for String {
    fn from_value(value: &Value) -> Option<Self> {
        match value {
            Value::Text(text) => Some(text.clone()),
            _ => None,
        }
    }
}

impl FromValue for Vec<u8> {
    fn from_value(value: &Value) -> Option<Self> {
        match value {
            Value::Bytes(bytes) => Some(bytes.clone()),
            _ => None,
        }
    }
}

/// A stored instant of ours, which is always RFC 3339 text (see `crate::time`).
impl FromValue for DateTime<Utc> {
    fn from_value(value: &Value) -> Option<Self> {
        let text = String::from_value(value)?;
        let at = DateTime::parse_from_rfc3339(&text).ok()?;
        Some(at.with_timezone(&Utc))
    }
}

/// NULL is `None`; any other value must be a `T`.
impl<T: FromValue> FromValue for Option<T> {
    fn from_value(value: &Value) -> Option<Self> {
        match value {
            Value::Null => Some(None),
            value => T::from_value(value).map(Some),
        }
    }
}

/// A connection, or a transaction on one, of either database. The operations (`keys`, `tokens`,
/// ...) are generic over it, so each is written once; [`super::Db`] picks the backend.
///
/// Async because PostgreSQL's driver is; SQLite's implementation completes at once (its futures
/// never wait), and runs on a blocking thread.
#[allow(async_fn_in_trait)]
pub trait Sql {
    /// The column that orders rows of equal `created_at` by insertion: SQLite's `rowid`;
    /// PostgreSQL has no such column, so its schema adds `seq`.
    const INSERTION_ORDER: &'static str;

    /// Runs a statement and returns every row it gives.
    async fn query(&self, sql: &str, args: &[Arg<'_>]) -> Result<Vec<Row>, DbError>;

    /// Runs a statement and returns how many rows it changed.
    async fn execute(&self, sql: &str, args: &[Arg<'_>]) -> Result<u64, DbError>;

    /// The first row of a statement, if it gives any.
    async fn query_opt(&self, sql: &str, args: &[Arg<'_>]) -> Result<Option<Row>, DbError> {
        Ok(self.query(sql, args).await?.into_iter().next())
    }

    /// The one row a statement always gives (a `COUNT(*)`, an `UPDATE … RETURNING` of a locked
    /// row).
    async fn query_one(&self, sql: &str, args: &[Arg<'_>]) -> Result<Row, DbError> {
        self.query_opt(sql, args)
            .await?
            .ok_or_else(|| DbError::Stored(format!("no row from {sql}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_column_reads_as_its_own_type_or_fails_with_a_stored_value_error() {
        let at = "2026-11-26T21:14:43.518204Z";
        let row = Row(vec![
            Value::Int(7),
            Value::Null,
            Value::Text(at.into()),
            Value::Bytes(vec![1, 2]),
        ]);
        assert_eq!(row.get::<i64>(0).unwrap(), 7);
        assert_eq!(row.get::<Option<String>>(1).unwrap(), None);
        assert_eq!(
            row.get::<DateTime<Utc>>(2).unwrap().timestamp_micros() % 1_000_000,
            518_204
        );
        assert_eq!(row.get::<Option<Vec<u8>>>(3).unwrap(), Some(vec![1, 2]));
        assert!(matches!(row.get::<String>(0), Err(DbError::Stored(_))));
        assert!(matches!(row.get::<i64>(1), Err(DbError::Stored(_))));
        assert!(matches!(
            Row(vec![Value::Text("yesterday".into())]).get::<DateTime<Utc>>(0),
            Err(DbError::Stored(_))
        ));
    }
}
