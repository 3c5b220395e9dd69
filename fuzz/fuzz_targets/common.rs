// Shared by the fuzz targets: the invariants every reader keeps, whatever its input.

use herald_model::{RawArticle, Rejected};

pub fn check(records: &[RawArticle], rejected: &[Rejected]) {
    for record in records {
        assert!(!record.content.trim().is_empty(), "a record with empty content: {:?}", record.origin);
        assert!(record.id.0.len() == 64 && record.id.0.bytes().all(|b| b.is_ascii_hexdigit()));
    }
    for rejection in rejected {
        assert!(!rejection.reason.is_empty() && !rejection.detail.is_empty());
    }
}
