//! The model file container: a magic tag, a format version, then little-endian fields, the whole
//! gzip-compressed. Every model (tagger, lemmatizer, parser) writes its own fields in order and
//! reads them back in the same order; a wrong magic or version is a clear error, never a panic.

use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use std::io::{Read, Write};
use std::path::Path;

#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    #[error("{path}: {cause}")]
    Io { path: String, cause: std::io::Error },
    #[error("{what}: not a herald {expected} model (magic {found:?})")]
    Magic { what: String, expected: String, found: String },
    #[error("{what}: model format {found}, this build reads {expected}: retrain with this build")]
    Version { what: String, found: u32, expected: u32 },
    #[error("{what}: truncated or corrupt model file ({detail})")]
    Corrupt { what: String, detail: String },
    /// A table given at run time (not a model file) that cannot be used: `what` names the file
    /// and line.
    #[error("{what}: {detail}")]
    Table { what: String, detail: String },
}

/// Writes a model's fields.
pub struct Writer {
    buf: Vec<u8>,
}

impl Writer {
    pub fn new(magic: &[u8; 8], version: u32) -> Self {
        let mut buf = Vec::with_capacity(1 << 20);
        buf.extend_from_slice(magic);
        buf.extend_from_slice(&version.to_le_bytes());
        Writer { buf }
    }
    pub fn u32(&mut self, v: u32) -> &mut Self {
        self.buf.extend_from_slice(&v.to_le_bytes());
        self
    }
    pub fn u64(&mut self, v: u64) -> &mut Self {
        self.buf.extend_from_slice(&v.to_le_bytes());
        self
    }
    pub fn f32(&mut self, v: f32) -> &mut Self {
        self.buf.extend_from_slice(&v.to_le_bytes());
        self
    }
    pub fn str(&mut self, s: &str) -> &mut Self {
        self.u32(s.len() as u32);
        self.buf.extend_from_slice(s.as_bytes());
        self
    }
    pub fn strs(&mut self, v: &[String]) -> &mut Self {
        self.u32(v.len() as u32);
        for s in v {
            self.str(s);
        }
        self
    }
    pub fn f32s(&mut self, v: &[f32]) -> &mut Self {
        self.u64(v.len() as u64);
        for x in v {
            self.buf.extend_from_slice(&x.to_le_bytes());
        }
        self
    }
    pub fn i16s(&mut self, v: &[i16]) -> &mut Self {
        self.u64(v.len() as u64);
        for x in v {
            self.buf.extend_from_slice(&x.to_le_bytes());
        }
        self
    }
    pub fn u32s(&mut self, v: &[u32]) -> &mut Self {
        self.u64(v.len() as u64);
        for x in v {
            self.buf.extend_from_slice(&x.to_le_bytes());
        }
        self
    }
    pub fn u64s(&mut self, v: &[u64]) -> &mut Self {
        self.u64(v.len() as u64);
        for x in v {
            self.buf.extend_from_slice(&x.to_le_bytes());
        }
        self
    }
    /// Strictly increasing, non-zero keys, stored as gaps (small numbers compress well).
    pub fn sorted_keys(&mut self, keys: &[u32]) -> &mut Self {
        let mut prev = 0u32;
        let gaps: Vec<u32> = keys
            .iter()
            .map(|&k| {
                let d = k.wrapping_sub(prev);
                prev = k;
                d
            })
            .collect();
        self.u32s(&gaps)
    }
    /// The compressed file contents.
    pub fn finish(&self) -> Vec<u8> {
        let mut enc = GzEncoder::new(Vec::new(), flate2::Compression::best());
        // Writing into a Vec cannot fail.
        let _ = enc.write_all(&self.buf);
        enc.finish().unwrap_or_default()
    }
    pub fn save(&self, path: &Path) -> Result<(), ModelError> {
        std::fs::write(path, self.finish()).map_err(|cause| ModelError::Io { path: path.display().to_string(), cause })
    }
}

/// Reads a model's fields back, in the order they were written.
pub struct Reader {
    what: String,
    buf: Vec<u8>,
    pos: usize,
}

impl Reader {
    /// Decompresses `bytes` and checks the magic and version. `what` names the model in errors.
    pub fn new(what: &str, bytes: &[u8], magic: &[u8; 8], version: u32) -> Result<Self, ModelError> {
        let mut buf = Vec::new();
        GzDecoder::new(bytes)
            .read_to_end(&mut buf)
            .map_err(|e| ModelError::Corrupt { what: what.to_string(), detail: e.to_string() })?;
        let mut r = Reader { what: what.to_string(), buf, pos: 0 };
        let found = r.take(8)?.to_vec();
        if found != magic {
            return Err(ModelError::Magic {
                what: what.to_string(),
                expected: String::from_utf8_lossy(magic).into_owned(),
                found: String::from_utf8_lossy(&found).into_owned(),
            });
        }
        let v = r.u32()?;
        if v != version {
            return Err(ModelError::Version { what: what.to_string(), found: v, expected: version });
        }
        Ok(r)
    }

    pub fn open(path: &Path, magic: &[u8; 8], version: u32) -> Result<Self, ModelError> {
        let bytes = std::fs::read(path).map_err(|cause| ModelError::Io { path: path.display().to_string(), cause })?;
        Reader::new(&path.display().to_string(), &bytes, magic, version)
    }

    fn take(&mut self, n: usize) -> Result<&[u8], ModelError> {
        if self.buf.len() - self.pos < n {
            return Err(ModelError::Corrupt {
                what: self.what.clone(),
                detail: format!("{n} bytes wanted at {}", self.pos),
            });
        }
        let s = &self.buf[self.pos..self.pos + n];
        self.pos += n;
        Ok(s)
    }
    pub fn u32(&mut self) -> Result<u32, ModelError> {
        Ok(u32::from_le_bytes(self.take(4)?.try_into().unwrap_or([0; 4])))
    }
    pub fn u64(&mut self) -> Result<u64, ModelError> {
        Ok(u64::from_le_bytes(self.take(8)?.try_into().unwrap_or([0; 8])))
    }
    pub fn f32(&mut self) -> Result<f32, ModelError> {
        Ok(f32::from_le_bytes(self.take(4)?.try_into().unwrap_or([0; 4])))
    }
    pub fn str(&mut self) -> Result<String, ModelError> {
        let n = self.u32()? as usize;
        let what = self.what.clone();
        String::from_utf8(self.take(n)?.to_vec()).map_err(|e| ModelError::Corrupt { what, detail: e.to_string() })
    }
    pub fn strs(&mut self) -> Result<Vec<String>, ModelError> {
        let n = self.u32()? as usize;
        self.check_len(n, 4)?;
        (0..n).map(|_| self.str()).collect()
    }
    fn check_len(&self, n: usize, elem: usize) -> Result<(), ModelError> {
        if n.saturating_mul(elem) > self.buf.len() - self.pos {
            return Err(ModelError::Corrupt { what: self.what.clone(), detail: format!("{n} elements announced") });
        }
        Ok(())
    }
    fn array<const N: usize, T>(&mut self, conv: fn([u8; N]) -> T) -> Result<Vec<T>, ModelError> {
        let n = self.u64()? as usize;
        self.check_len(n, N)?;
        let bytes = self.take(n * N)?;
        Ok(bytes.chunks_exact(N).map(|c| conv(c.try_into().unwrap_or([0; N]))).collect())
    }
    pub fn f32s(&mut self) -> Result<Vec<f32>, ModelError> {
        self.array(f32::from_le_bytes)
    }
    pub fn i16s(&mut self) -> Result<Vec<i16>, ModelError> {
        self.array(i16::from_le_bytes)
    }
    pub fn u32s(&mut self) -> Result<Vec<u32>, ModelError> {
        self.array(u32::from_le_bytes)
    }
    pub fn u64s(&mut self) -> Result<Vec<u64>, ModelError> {
        self.array(u64::from_le_bytes)
    }
    /// Keys written by [`Writer::sorted_keys`]; keys that are zero or out of order are an error.
    pub fn sorted_keys(&mut self) -> Result<Vec<u32>, ModelError> {
        let gaps = self.u32s()?;
        let mut keys = Vec::with_capacity(gaps.len());
        let mut prev = 0u32;
        for (i, d) in gaps.into_iter().enumerate() {
            let k = prev.wrapping_add(d);
            if k == 0 || (i > 0 && k <= prev) {
                return Err(ModelError::Corrupt {
                    what: self.what.clone(),
                    detail: "feature keys out of order".into(),
                });
            }
            keys.push(k);
            prev = k;
        }
        Ok(keys)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_errors() {
        let mut w = Writer::new(b"HRLDTEST", 3);
        w.sorted_keys(&[3, 9, 40]).sorted_keys(&[5, 5]);
        w.u32(7).str("héllo").strs(&["a".into(), "bc".into()]).f32s(&[1.5, -2.0]).i16s(&[-3, 4]).u64s(&[9]);
        let bytes = w.finish();
        let mut r = Reader::new("t", &bytes, b"HRLDTEST", 3).unwrap();
        assert_eq!(r.sorted_keys().unwrap(), vec![3, 9, 40]);
        assert!(r.sorted_keys().is_err(), "repeated keys are corrupt");
        assert_eq!(r.u32().unwrap(), 7);
        assert_eq!(r.str().unwrap(), "héllo");
        assert_eq!(r.strs().unwrap(), vec!["a".to_string(), "bc".to_string()]);
        assert_eq!(r.f32s().unwrap(), vec![1.5, -2.0]);
        assert_eq!(r.i16s().unwrap(), vec![-3, 4]);
        assert_eq!(r.u64s().unwrap(), vec![9]);
        assert!(r.u32().is_err(), "reading past the end is an error");
        assert!(matches!(Reader::new("t", &bytes, b"HRLDOTHR", 3), Err(ModelError::Magic { .. })));
        assert!(matches!(Reader::new("t", &bytes, b"HRLDTEST", 4), Err(ModelError::Version { .. })));
        assert!(matches!(Reader::new("t", b"garbage", b"HRLDTEST", 3), Err(ModelError::Corrupt { .. })));
    }
}
