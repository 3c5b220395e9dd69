//! The store test suite: every test here is a function of a fresh store and runs on every
//! backend (`crate::testkit::backend_tests!`): SQLite always, PostgreSQL when `HERALD_TEST_PG`
//! names a database. What only one backend has (files, pragmas, older SQLite files, connection
//! settings) is tested beside that backend.

pub(crate) mod documents;
pub(crate) mod entities;
pub(crate) mod events;
pub(crate) mod search;
pub(crate) mod stories;

use crate::testkit::{backend_tests, Boxed, TestStore};
use crate::{DocQuery, DocSummary, StoreError};
use herald_model::{
    Checkpoint, Dct, DctSource, DocId, Document, Locator, Mention, Origin, ParagraphKind, Rejected, Stage,
};
use std::time::Duration;
