//! Inputs that are one record as a whole: a text file or an HTML page.

use crate::error::IngestError;
use crate::payload::{self, MAX_RECORD_BYTES};
use crate::stream::{read_up_to, ByteStream};
use herald_model::{ContentKind, DocId, InputMeta, Origin, RawArticle, Rejected};

/// Reads a whole input as one record, refusing it unread when its known size is over the limit.
pub(crate) struct WholeReader {
    input: String,
    kind: ContentKind,
    stream: Option<ByteStream>,
    size: Option<u64>,
    consumed: u64,
}

impl WholeReader {
    pub(crate) fn new(input: String, kind: ContentKind, stream: ByteStream, size: Option<u64>) -> Self {
        WholeReader { input, kind, stream: Some(stream), size, consumed: 0 }
    }

    pub(crate) fn offset(&self) -> u64 {
        self.consumed
    }

    pub(crate) fn finished(&self) -> bool {
        self.stream.is_none()
    }

    pub(crate) fn next_record(&mut self) -> Option<Result<RawArticle, Rejected>> {
        let mut stream = self.stream.take()?;
        let origin = Origin::whole(self.input.clone());
        Some(self.read(&mut stream).map_err(|error| error.reject(origin.clone())).map(|(bytes, content, encoding)| {
            RawArticle {
                id: DocId::of_bytes(&bytes),
                origin,
                kind: self.kind,
                content,
                encoding,
                meta: InputMeta::default(),
            }
        }))
    }

    fn read(&mut self, stream: &mut ByteStream) -> Result<(Vec<u8>, String, String), IngestError> {
        if let Some(size) = self.size {
            self.consumed = size;
            payload::check_size(size, false)?;
        }
        let bytes =
            read_up_to(stream, MAX_RECORD_BYTES as usize + 1).map_err(|e| IngestError::Unreadable(e.to_string()))?;
        self.consumed = self.consumed.max(bytes.len() as u64);
        payload::check_size(bytes.len() as u64, true).map_err(|_| IngestError::TooLarge {
            size: MAX_RECORD_BYTES,
            at_least: true,
            limit: MAX_RECORD_BYTES,
        })?;
        let (content, encoding) = payload::decode_payload(&bytes, None)?;
        Ok((bytes, content, encoding))
    }
}
