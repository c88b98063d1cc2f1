//! The two backends' migrations: the same numbered files in each folder, no released migration
//! changed (databases record only the numbers they applied, so a changed file would never run
//! where its old text already did), and the same schema once applied: tables, columns with
//! their nullability, primary keys and type families, and indexes (but for the tables only
//! PostgreSQL has).
//!
//! PostgreSQL is reached on `COGNATE_TEST_PG_URL` (default: the local server); the test creates
//! and drops its own database.

// Test code: a failed setup step should stop the test with its message.
// (clippy.toml allows these inside #[test] functions only, not in the shared helpers.)
#![allow(clippy::unwrap_used, clippy::panic)]

use std::{
    collections::{BTreeMap, BTreeSet},
    path::Path,
};

use sha2::{Digest, Sha256};
use sqlx::{ColumnIndex, Decode, PgPool, Row, SqlitePool, Type};

/// The SHA-256 of every released migration, by backend and number.
const RELEASED: &[(&str, i64, &str)] = &[
    (
        "sqlite",
        1,
        "90a9e98f0f3b38b64e694bc265ddaa4e85ec3d289573e37dbe2847d9d52e4ca0",
    ),
    (
        "sqlite",
        2,
        "5c6428795a07e23dacb869783604bca88f28ba3491da40ab305d6d98a0884621",
    ),
    (
        "sqlite",
        3,
        "43a4855a8aa8cd597f791d52308f025dcd26e6b03532069c220e60a627e634dc",
    ),
    (
        "sqlite",
        4,
        "7571cf28a287d25bfaf352de104776b3c0a3ae785603d8bfc6b579cacacca1ef",
    ),
    (
        "sqlite",
        5,
        "250c056f6d79a79a07b7e4be77ee3374184c10f5ea2617c5d77f772cfbe81bc8",
    ),
    (
        "postgres",
        1,
        "c83cb483dbbc46313d6bc69993b84ff9e62eeaa807faadaf0da6f05b561e756b",
    ),
    (
        "postgres",
        2,
        "5c6428795a07e23dacb869783604bca88f28ba3491da40ab305d6d98a0884621",
    ),
    (
        "postgres",
        3,
        "43a4855a8aa8cd597f791d52308f025dcd26e6b03532069c220e60a627e634dc",
    ),
    (
        "postgres",
        4,
        "7571cf28a287d25bfaf352de104776b3c0a3ae785603d8bfc6b579cacacca1ef",
    ),
    (
        "postgres",
        5,
        "250c056f6d79a79a07b7e4be77ee3374184c10f5ea2617c5d77f772cfbe81bc8",
    ),
];

/// Tables only PostgreSQL has: the rate counters, which nodes sharing a PostgreSQL database
/// share and a SQLite node keeps in memory (migration 13 creates nothing on SQLite).
const POSTGRES_ONLY: &[&str] = &["rate_counts"];

fn migrations(backend: &str) -> &'static [(i64, &'static str)] {
    match backend {
        "sqlite" => cognate_store_sqlite::MIGRATIONS,
        _ => cognate_store_postgres::MIGRATIONS,
    }
}

/// The files of a backend's `migrations` folder, by name.
fn folder(backend: &str) -> BTreeMap<String, String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(format!("cognate-store-{backend}"))
        .join("migrations");
    std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_str().unwrap().to_owned();
            (name, std::fs::read_to_string(&path).unwrap())
        })
        .collect()
}

#[test]
fn both_backends_have_the_same_numbered_migrations_and_embed_all_of_them() {
    let sqlite = folder("sqlite");
    let postgres = folder("postgres");
    assert_eq!(
        sqlite.keys().collect::<Vec<_>>(),
        postgres.keys().collect::<Vec<_>>()
    );
    for backend in ["sqlite", "postgres"] {
        let files = folder(backend);
        let embedded = migrations(backend);
        assert_eq!(files.len(), embedded.len(), "{backend}");
        for ((name, sql), (index, (version, embedded_sql))) in
            files.iter().zip(embedded.iter().enumerate())
        {
            let expected = i64::try_from(index).unwrap() + 1;
            assert_eq!(*version, expected, "{backend}: numbered without gaps");
            assert!(
                name.starts_with(&format!("{expected:04}_")) && name.ends_with(".sql"),
                "{backend}: {name} is not migration {expected}"
            );
            assert_eq!(
                sql, embedded_sql,
                "{backend}: {name} is not the embedded one"
            );
        }
    }
}

#[test]
fn released_migrations_are_unchanged() {
    for (backend, version, digest) in RELEASED {
        let (_, sql) = migrations(backend)
            .iter()
            .find(|(v, _)| v == version)
            .unwrap();
        let actual: String = Sha256::digest(sql.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(&actual, digest, "{backend} migration {version} changed");
    }
}

/// A column as both catalogs can tell it: name, type family, whether it may be `NULL`, and its
/// place in the primary key (0 when not in it).
#[derive(Debug, PartialEq, Eq)]
struct Column {
    name: String,
    family: &'static str,
    not_null: bool,
    primary_key: i64,
}

impl Column {
    fn new(name: String, family: &'static str, not_null: bool, primary_key: i64) -> Self {
        // A primary key column never holds NULL; SQLite still reports it nullable unless
        // declared NOT NULL.
        let not_null = not_null || primary_key > 0;
        Self {
            name,
            family,
            not_null,
            primary_key,
        }
    }
}

/// Tables with their columns in order, and indexes other than primary keys.
#[derive(Debug, PartialEq, Eq)]
struct Schema {
    tables: BTreeMap<String, Vec<Column>>,
    indexes: BTreeSet<(String, String, bool, Vec<String>)>,
}

/// A declared type's family. SQLite has no boolean type: booleans are integers there; its
/// `BLOB` is PostgreSQL's `BYTEA`.
fn family(declared: &str) -> &'static str {
    match declared.to_ascii_lowercase().as_str() {
        "text" => "text",
        "integer" | "bigint" | "boolean" => "integer",
        "blob" | "bytea" => "bytes",
        other => panic!("no family for column type {other}"),
    }
}

impl Schema {
    /// The schema from two catalog queries' rows: one per column (`tbl`, `col`, `declared`,
    /// `not_null`, `pk`) and one per indexed column in index order (`tbl`, `idx`, `is_unique`,
    /// `col`), each sorted by table.
    fn from_catalog<R>(columns: Vec<R>, indexed: Vec<R>) -> Self
    where
        R: Row,
        for<'r> String: Decode<'r, R::Database> + Type<R::Database>,
        for<'r> bool: Decode<'r, R::Database> + Type<R::Database>,
        for<'r> i64: Decode<'r, R::Database> + Type<R::Database>,
        &'static str: ColumnIndex<R>,
    {
        let mut tables: BTreeMap<String, Vec<Column>> = BTreeMap::new();
        for r in columns {
            let declared: String = r.get("declared");
            tables.entry(r.get("tbl")).or_default().push(Column::new(
                r.get("col"),
                family(&declared),
                r.get("not_null"),
                r.get("pk"),
            ));
        }
        let mut indexes: BTreeMap<(String, String, bool), Vec<String>> = BTreeMap::new();
        for r in indexed {
            indexes
                .entry((r.get("tbl"), r.get("idx"), r.get("is_unique")))
                .or_default()
                .push(r.get("col"));
        }
        Self {
            tables,
            indexes: indexes
                .into_iter()
                .map(|((table, name, unique), columns)| (table, name, unique, columns))
                .collect(),
        }
    }
}

async fn sqlite_schema(pool: &SqlitePool) -> Schema {
    let columns = sqlx::query(
        "SELECT m.name AS tbl, p.name AS col, p.type AS declared, p.\"notnull\" AS not_null, \
                p.pk AS pk \
         FROM sqlite_master m JOIN pragma_table_info(m.name) p \
         WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' ORDER BY m.name, p.cid",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    let indexed = sqlx::query(
        "SELECT m.name AS tbl, l.name AS idx, l.\"unique\" AS is_unique, i.name AS col \
         FROM sqlite_master m JOIN pragma_index_list(m.name) l JOIN pragma_index_info(l.name) i \
         WHERE m.type = 'table' AND l.origin <> 'pk' ORDER BY m.name, l.name, i.seqno",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    Schema::from_catalog(columns, indexed)
}

async fn postgres_schema(pool: &PgPool) -> Schema {
    let columns = sqlx::query(
        "SELECT c.table_name::text AS tbl, c.column_name::text AS col, \
                c.data_type::text AS declared, c.is_nullable = 'NO' AS not_null, \
                COALESCE(k.ordinal_position, 0)::bigint AS pk \
         FROM information_schema.columns c \
         LEFT JOIN information_schema.table_constraints t \
           ON t.table_schema = c.table_schema AND t.table_name = c.table_name \
          AND t.constraint_type = 'PRIMARY KEY' \
         LEFT JOIN information_schema.key_column_usage k \
           ON k.constraint_schema = t.constraint_schema AND k.constraint_name = t.constraint_name \
          AND k.column_name = c.column_name \
         WHERE c.table_schema = 'public' ORDER BY c.table_name, c.ordinal_position",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    let indexed = sqlx::query(
        "SELECT t.relname::text AS tbl, i.relname::text AS idx, x.indisunique AS is_unique, \
                a.attname::text AS col \
         FROM pg_index x \
         JOIN pg_class i ON i.oid = x.indexrelid \
         JOIN pg_class t ON t.oid = x.indrelid \
         JOIN pg_namespace n ON n.oid = t.relnamespace \
         CROSS JOIN LATERAL unnest(x.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord) \
         JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum \
         WHERE n.nspname = 'public' AND NOT x.indisprimary \
         ORDER BY t.relname, i.relname, k.ord",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    Schema::from_catalog(columns, indexed)
}

#[tokio::test]
async fn both_backends_migrate_to_the_same_schema() {
    let dir = std::env::temp_dir().join(format!("cognate-parity-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("cognate.db");
    cognate_store_sqlite::SqliteStore::open(&file)
        .await
        .unwrap()
        .close()
        .await;
    let sqlite = SqlitePool::connect(&format!("sqlite://{}", file.display()))
        .await
        .unwrap();
    let sqlite_schema = sqlite_schema(&sqlite).await;
    sqlite.close().await;
    std::fs::remove_dir_all(&dir).ok();

    let base = std::env::var("COGNATE_TEST_PG_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
    let name = format!("cognate_parity_{}", uuid::Uuid::new_v4().simple());
    let admin = PgPool::connect(&base).await.unwrap();
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&admin)
        .await
        .unwrap();
    let url = format!("{}/{name}", base.rsplit_once('/').unwrap().0);
    cognate_store_postgres::PgStore::open(&url)
        .await
        .unwrap()
        .close()
        .await;
    let postgres = PgPool::connect(&url).await.unwrap();
    let mut postgres_schema = postgres_schema(&postgres).await;
    for table in POSTGRES_ONLY {
        assert!(
            postgres_schema.tables.remove(*table).is_some(),
            "no {table} in PostgreSQL"
        );
        postgres_schema
            .indexes
            .retain(|(indexed, ..)| indexed.as_str() != *table);
    }
    postgres.close().await;
    sqlx::query(&format!("DROP DATABASE {name} WITH (FORCE)"))
        .execute(&admin)
        .await
        .unwrap();

    assert!(sqlite_schema.tables.contains_key("sms_recent"));
    assert!(!sqlite_schema.indexes.is_empty());
    assert_eq!(sqlite_schema.tables, postgres_schema.tables);
    assert_eq!(sqlite_schema.indexes, postgres_schema.indexes);
}
