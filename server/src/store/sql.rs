//! The one interface every operation is written against: [`Sql`] runs a statement with [`Arg`]s
//! and hands each [`Row`] to the operation's reader, which takes its columns straight from the
//! driver's row. Statements are written once, in PostgreSQL's dialect
//! (`$1` parameters, `FOR UPDATE` where a row must be locked); the SQLite backend reads them in
//! its own (see `sqlite::dialect`). Nothing here names a driver.

use chrono::{DateTime, Utc};

use super::error::DbError;

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

impl From<Option<i64>> for Arg<'_> {
    fn from(value: Option<i64>) -> Self {
        Self::Int(value)
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

/// The columns of the row a statement gave, read in place from the driver's row: each backend
/// says how to read its three types.
pub trait Columns {
    fn int(&self, index: usize) -> Result<Option<i64>, DbError>;
    fn text(&self, index: usize) -> Result<Option<String>, DbError>;
    fn bytes(&self, index: usize) -> Result<Option<Vec<u8>>, DbError>;
}

/// One row of a result, its columns in the order the statement names them.
#[derive(Clone, Copy)]
pub struct Row<'r>(pub &'r dyn Columns);

impl Row<'_> {
    /// Column `index` as a `T`; NULL for a `T` that is not an `Option`, or a value of another
    /// type, is a [`DbError`].
    pub fn get<T: FromColumn>(&self, index: usize) -> Result<T, DbError> {
        T::read(self.0, index)
    }
}

/// A Rust type a column can be read as.
pub trait FromColumn: Sized {
    fn read(row: &dyn Columns, index: usize) -> Result<Self, DbError>;
}

impl FromColumn for Option<i64> {
    fn read(row: &dyn Columns, index: usize) -> Result<Self, DbError> {
        row.int(index)
    }
}

impl FromColumn for Option<String> {
    fn read(row: &dyn Columns, index: usize) -> Result<Self, DbError> {
        row.text(index)
    }
}

impl FromColumn for Option<Vec<u8>> {
    fn read(row: &dyn Columns, index: usize) -> Result<Self, DbError> {
        row.bytes(index)
    }
}

/// A stored instant of ours, which is always RFC 3339 text (see `crate::time`).
impl FromColumn for Option<DateTime<Utc>> {
    fn read(row: &dyn Columns, index: usize) -> Result<Self, DbError> {
        let Some(text) = row.text(index)? else {
            return Ok(None);
        };
        let at = DateTime::parse_from_rfc3339(&text)
            .map_err(|err| DbError::Stored(format!("column {index}: {text:?}: {err}")))?;
        Ok(Some(at.with_timezone(&Utc)))
    }
}

/// The column's type, never NULL.
macro_rules! not_null {
    ($($type:ty),*) => {$(
        impl FromColumn for $type {
            fn read(row: &dyn Columns, index: usize) -> Result<Self, DbError> {
                Option::<$type>::read(row, index)?
                    .ok_or_else(|| DbError::Stored(format!("column {index} is NULL")))
            }
        }
    )*};
}
not_null!(i64, String, Vec<u8>, DateTime<Utc>);

/// How an operation makes a `T` of each row a statement gives.
pub trait Read<T>: FnMut(Row<'_>) -> Result<T, DbError> {}

impl<T, F: FnMut(Row<'_>) -> Result<T, DbError>> Read<T> for F {}

/// Every row a statement gave, each read.
pub type Rows<T> = Result<Vec<T>, DbError>;

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

    /// Runs a statement and returns every row it gives, each as `read` makes it.
    async fn query<T>(&self, sql: &str, args: &[Arg<'_>], read: impl Read<T>) -> Rows<T>;

    /// Runs a statement and returns how many rows it changed.
    async fn execute(&self, sql: &str, args: &[Arg<'_>]) -> Result<u64, DbError>;

    /// The first row of a statement, if it gives any.
    async fn query_opt<T>(
        &self,
        sql: &str,
        args: &[Arg<'_>],
        read: impl Read<T>,
    ) -> Result<Option<T>, DbError> {
        Ok(self.query(sql, args, read).await?.into_iter().next())
    }

    /// The one row a statement always gives (a `COUNT(*)`, an `UPDATE … RETURNING` of a locked
    /// row).
    async fn query_one<T>(
        &self,
        sql: &str,
        args: &[Arg<'_>],
        read: impl Read<T>,
    ) -> Result<T, DbError> {
        self.query_opt(sql, args, read)
            .await?
            .ok_or_else(|| DbError::Stored(format!("no row from {sql}")))
    }

    /// Whether a statement gives any row.
    async fn exists(&self, sql: &str, args: &[Arg<'_>]) -> Result<bool, DbError> {
        Ok(self.query_opt(sql, args, |_| Ok(())).await?.is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A row as a driver would give it.
    struct Values(Vec<Option<&'static str>>);

    impl Columns for Values {
        fn int(&self, index: usize) -> Result<Option<i64>, DbError> {
            Ok(self.0[index].map(|text| text.parse().expect("an integer")))
        }
        fn text(&self, index: usize) -> Result<Option<String>, DbError> {
            Ok(self.0[index].map(str::to_string))
        }
        fn bytes(&self, index: usize) -> Result<Option<Vec<u8>>, DbError> {
            Ok(self.0[index].map(|text| text.as_bytes().to_vec()))
        }
    }

    #[test]
    fn a_column_reads_as_its_type_and_null_only_as_an_option() {
        let values = Values(vec![
            Some("7"),
            None,
            Some("2026-11-26T21:14:43.518204Z"),
            Some("yesterday"),
        ]);
        let row = Row(&values);
        assert_eq!(row.get::<i64>(0).unwrap(), 7);
        assert_eq!(row.get::<Option<String>>(1).unwrap(), None);
        assert!(matches!(row.get::<String>(1), Err(DbError::Stored(_))));
        let at: DateTime<Utc> = row.get(2).unwrap();
        assert_eq!(at.timestamp_subsec_micros(), 518_204);
        assert!(matches!(
            row.get::<Option<DateTime<Utc>>>(3),
            Err(DbError::Stored(_))
        ));
    }
}
