//! Zero-initialised tables of plain values for the large weight tables built at load time: the
//! parser's tabulated transition weights (some 23 MB of address space), its transition and label
//! hash tables and the tagger's hash table. They are read at random, dozens of scattered loads
//! per word, so besides cache misses each load risks a miss of the address-translation cache
//! (TLB): with 4 KB pages the tables span thousands of pages, more than the TLB holds. A table of
//! at least [`HUGE_MIN`] bytes is therefore an anonymous memory map with the advice to back it
//! with transparent huge pages (2 MB each, a few dozen TLB entries for all the tables) where the
//! system allows it (Linux with transparent huge pages in `madvise` or `always` mode); elsewhere,
//! or if the map fails, it is an ordinary vector. The contents are the same either way, only
//! where the bytes live changes: the same parses and tags, in the same number of instructions,
//! with reading some 5–10 % faster by the clock (`herald bench read` / `bench events`).

use bytemuck::Pod;
use std::ops::{Deref, DerefMut};

/// One huge page.
const HUGE_PAGE: usize = 1 << 21;
/// Tables smaller than this stay ordinary vectors; larger ones are mapped in whole huge pages
/// (the map's length rounded up to a multiple of [`HUGE_PAGE`], so that a table of 1.5 MB takes
/// one huge page rather than none).
pub(crate) const HUGE_MIN: usize = 1 << 20;

/// `n` zeroed values of `T`, in huge pages when large enough (see the module documentation).
pub(crate) struct Zeroed<T: Pod> {
    store: Store<T>,
}

enum Store<T> {
    /// An anonymous map (page-aligned, so aligned for `T`) of whole huge pages, the table in its
    /// first `n * size_of::<T>()` bytes.
    Map(memmap2::MmapMut, usize),
    Vec(Vec<T>),
}

impl<T: Pod> Zeroed<T> {
    /// `n` zeroed values.
    pub(crate) fn new(n: usize) -> Zeroed<T> {
        let bytes = n.checked_mul(std::mem::size_of::<T>()).unwrap_or(0);
        if bytes >= HUGE_MIN && std::mem::align_of::<T>() <= 4096 {
            if let Ok(map) = memmap2::MmapMut::map_anon(bytes.next_multiple_of(HUGE_PAGE)) {
                // Only advice: without transparent huge pages the map is ordinary memory.
                #[cfg(target_os = "linux")]
                let _ = map.advise(memmap2::Advice::HugePage);
                return Zeroed { store: Store::Map(map, bytes) };
            }
        }
        Zeroed { store: Store::Vec(vec![T::zeroed(); n]) }
    }

    /// Whether the values live in a memory map (else in a vector).
    #[cfg(test)]
    fn is_mapped(&self) -> bool {
        matches!(self.store, Store::Map(..))
    }
}

impl<T: Pod> Deref for Zeroed<T> {
    type Target = [T];
    #[inline]
    fn deref(&self) -> &[T] {
        match &self.store {
            Store::Map(map, bytes) => bytemuck::cast_slice(&map[..*bytes]),
            Store::Vec(v) => v,
        }
    }
}

impl<T: Pod> DerefMut for Zeroed<T> {
    #[inline]
    fn deref_mut(&mut self) -> &mut [T] {
        match &mut self.store {
            Store::Map(map, bytes) => bytemuck::cast_slice_mut(&mut map[..*bytes]),
            Store::Vec(v) => v,
        }
    }
}

impl<T: Pod> Clone for Zeroed<T> {
    fn clone(&self) -> Zeroed<T> {
        let mut copy = Zeroed::new(self.len());
        copy.copy_from_slice(self);
        copy
    }
}

impl<T: Pod> std::fmt::Debug for Zeroed<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Zeroed({} values)", self.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_and_large_tables_start_zeroed_and_keep_what_is_written() {
        for n in [0usize, 1, 1000, HUGE_MIN / 8 + 3] {
            let mut t = Zeroed::<[i16; 4]>::new(n);
            assert_eq!(t.len(), n);
            assert!(t.iter().all(|w| *w == [0; 4]));
            assert_eq!(t.is_mapped(), n * 8 >= HUGE_MIN);
            for i in (0..n).step_by(997) {
                t[i] = [i as i16, -1, 2, 3];
            }
            let c = t.clone();
            assert_eq!(c.len(), n);
            for i in 0..n {
                let want = if i % 997 == 0 { [i as i16, -1, 2, 3] } else { [0; 4] };
                assert_eq!(c[i], want);
                assert_eq!(t[i], want);
            }
        }
    }
}
