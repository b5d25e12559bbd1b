//! An index from id strings to dense numbers, for resolving the millions of
//! endpoint ids of a large `links.csv`; the dataset's id lookups use it too.
//!
//! A general hash map of `String` keys costs two or three cache misses per
//! lookup: its control bytes, its bucket, and the key's bytes on the heap,
//! which it must compare. Here ids of up to [`INLINE`] bytes are stored in the
//! slot itself (open addressing, linear probing, 32-byte slots aligned to
//! cache-line fractions), so a lookup touches one cache line and is exact.
//! Longer ids go to an ordinary map.
//!
//! Keys are compared as three machine words (see `pack`), never with a
//! byte-wise `memcmp`, and hashed from the same words.
//!
//! Measured on 2 M lookups of 7-byte ids among 100 k: about 4 times faster than
//! `FxHashMap<String, u32>`.

use rayon::prelude::*;
use rustc_hash::FxHashMap;

/// Longest id stored inline.
pub const INLINE: usize = 24;

const EMPTY: u32 = u32::MAX;

#[derive(Clone, Copy)]
#[repr(C, align(32))]
struct Slot {
    value: u32,
    len: u32,
    key: [u64; 3],
}

const EMPTY_SLOT: Slot = Slot {
    value: EMPTY,
    len: 0,
    key: [0; 3],
};

/// A key ready for a lookup in an [`IdIndex`] (see [`IdIndex::prepare`]).
#[derive(Debug, Clone, Copy)]
pub struct Prepared {
    /// The first slot probed (`usize::MAX` for a key too long to be inline).
    slot: usize,
    len: u32,
    key: [u64; 3],
}

/// Maps ids to `u32` values; built once, then only read (shareable across threads).
#[derive(Clone)]
pub struct IdIndex {
    slots: Vec<Slot>,
    mask: usize,
    /// Ids stored inline.
    inline: usize,
    long: FxHashMap<String, u32>,
}

impl Default for IdIndex {
    fn default() -> Self {
        IdIndex::with_capacity(0)
    }
}

impl std::fmt::Debug for IdIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IdIndex")
            .field("len", &self.len())
            .field("slots", &self.slots.len())
            .field("long", &self.long.len())
            .finish()
    }
}

fn word8(b: &[u8]) -> u64 {
    let mut a = [0u8; 8];
    a.copy_from_slice(&b[..8]);
    u64::from_le_bytes(a)
}

fn word4(b: &[u8]) -> u64 {
    let mut a = [0u8; 4];
    a.copy_from_slice(&b[..4]);
    u32::from_le_bytes(a) as u64
}

/// Three words that, together with the length, determine a key of at most
/// [`INLINE`] bytes: overlapping fixed-size reads instead of a copy of
/// variable length (for 4 to 8 bytes, the first and the last four; for 9 to
/// 16, the first and the last eight; and so on).
#[inline]
fn pack(b: &[u8]) -> [u64; 3] {
    let n = b.len();
    match n {
        0 => [0; 3],
        1..=3 => [
            b[0] as u64 | (b[n / 2] as u64) << 8 | (b[n - 1] as u64) << 16,
            0,
            0,
        ],
        4..=8 => [word4(b) | word4(&b[n - 4..]) << 32, 0, 0],
        9..=16 => [word8(b), word8(&b[n - 8..]), 0],
        _ => [word8(b), word8(&b[8..]), word8(&b[n - 8..])],
    }
}

/// `n` empty slots; a large table is filled in parallel (its page faults
/// cost as much as the writes).
fn empty_slots(n: usize) -> Vec<Slot> {
    if n < 1 << 16 {
        return vec![EMPTY_SLOT; n];
    }
    let mut slots = Vec::new();
    (0..n)
        .into_par_iter()
        .map(|_| EMPTY_SLOT)
        .collect_into_vec(&mut slots);
    slots
}

#[inline]
fn hash(key: &[u64; 3], len: usize) -> usize {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut h = (len as u64).wrapping_mul(K);
    for &w in key {
        h = (h ^ w).wrapping_mul(K).rotate_left(29);
    }
    // fold the high bits into the low ones, which pick the slot
    (h ^ (h >> 32)).wrapping_mul(K) as usize ^ (h >> 40) as usize
}

impl IdIndex {
    /// An index with room for `n` ids.
    pub fn with_capacity(n: usize) -> Self {
        let slots = (n.max(4) * 2).next_power_of_two();
        IdIndex {
            slots: empty_slots(slots),
            mask: slots - 1,
            inline: 0,
            long: FxHashMap::default(),
        }
    }

    /// Number of ids in the index.
    pub fn len(&self) -> usize {
        self.inline + self.long.len()
    }

    /// True when the index holds no id.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Maps `key` to `value` (which must not be `u32::MAX`). Returns the value
    /// already there when `key` was inserted before (and keeps it).
    pub fn insert(&mut self, key: &str, value: u32) -> Option<u32> {
        debug_assert_ne!(value, EMPTY);
        let bytes = key.as_bytes();
        if bytes.len() > INLINE {
            return match self.long.entry(key.to_string()) {
                std::collections::hash_map::Entry::Occupied(e) => Some(*e.get()),
                std::collections::hash_map::Entry::Vacant(e) => {
                    e.insert(value);
                    None
                }
            };
        }
        if (self.inline + 1) * 2 > self.slots.len() {
            self.grow();
        }
        let packed = pack(bytes);
        let len = bytes.len() as u32;
        let mut i = hash(&packed, bytes.len()) & self.mask;
        loop {
            let slot = &mut self.slots[i];
            if slot.value == EMPTY {
                self.inline += 1;
                *slot = Slot {
                    value,
                    len,
                    key: packed,
                };
                return None;
            }
            if slot.len == len && slot.key == packed {
                return Some(slot.value);
            }
            i = (i + 1) & self.mask;
        }
    }

    /// Doubles the table (keeping it at most half full, so probes stay short
    /// and always end at an empty slot).
    fn grow(&mut self) {
        let bigger = empty_slots(self.slots.len() * 2);
        let old = std::mem::replace(&mut self.slots, bigger);
        self.mask = self.slots.len() - 1;
        for slot in old.into_iter().filter(|s| s.value != EMPTY) {
            let mut i = hash(&slot.key, slot.len as usize) & self.mask;
            while self.slots[i].value != EMPTY {
                i = (i + 1) & self.mask;
            }
            self.slots[i] = slot;
        }
    }

    /// A key made ready for [`IdIndex::touch`] and [`IdIndex::lookup`].
    #[inline]
    pub fn prepare(&self, key: &str) -> Prepared {
        let bytes = key.as_bytes();
        if bytes.len() > INLINE {
            return Prepared {
                slot: usize::MAX,
                len: 0,
                key: [0; 3],
            };
        }
        let packed = pack(bytes);
        Prepared {
            slot: hash(&packed, bytes.len()) & self.mask,
            len: bytes.len() as u32,
            key: packed,
        }
    }

    /// Reads the slot where a lookup of `key` starts and the next one, and
    /// returns a number made from them. Touching the slots of a batch of
    /// keys back to back, before looking them up, lets the cache misses
    /// overlap (nothing waits on them); the lookups then find their slots
    /// in cache.
    #[inline]
    pub fn touch(&self, key: &Prepared) -> u64 {
        let first = self.slots.get(key.slot).map_or(0, |s| s.value);
        let next = self
            .slots
            .get((key.slot.wrapping_add(1)) & self.mask)
            .map_or(0, |s| s.value);
        (first ^ next) as u64
    }

    /// The value of a prepared key: `Some(found)`, or `None` for a key too
    /// long to be prepared (look it up with [`IdIndex::get`]).
    #[inline]
    pub fn lookup(&self, key: &Prepared) -> Option<Option<u32>> {
        if key.slot == usize::MAX {
            return None;
        }
        let mut i = key.slot & self.mask;
        loop {
            let slot = &self.slots[i];
            if slot.value == EMPTY {
                return Some(None);
            }
            if slot.len == key.len && slot.key == key.key {
                return Some(Some(slot.value));
            }
            i = (i + 1) & self.mask;
        }
    }

    /// The value of `key`, if present.
    #[inline]
    pub fn get(&self, key: &str) -> Option<u32> {
        let bytes = key.as_bytes();
        if bytes.len() > INLINE {
            return self.long.get(key).copied();
        }
        let packed = pack(bytes);
        let len = bytes.len() as u32;
        let mut i = hash(&packed, bytes.len()) & self.mask;
        loop {
            let slot = &self.slots[i];
            if slot.value == EMPTY {
                return None;
            }
            if slot.len == len && slot.key == packed {
                return Some(slot.value);
            }
            i = (i + 1) & self.mask;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_what_was_inserted_and_nothing_else() {
        let mut ix = IdIndex::with_capacity(1000);
        let long = "an-identifier-longer-than-twenty-four-bytes";
        for i in 0..1000u32 {
            assert_eq!(ix.insert(&format!("P{i:05}"), i), None);
        }
        assert_eq!(ix.insert(long, 5000), None);
        assert_eq!(ix.insert("", 6000), None);
        assert_eq!(ix.insert("P00007", 99), Some(7));
        assert_eq!(ix.insert(long, 1), Some(5000));
        for i in 0..1000u32 {
            assert_eq!(ix.get(&format!("P{i:05}")), Some(i));
        }
        assert_eq!(ix.get(long), Some(5000));
        assert_eq!(ix.get(""), Some(6000));
        assert_eq!(ix.get("P1000"), None);
        assert_eq!(ix.get("P0000"), None);
        assert_eq!(ix.get("P000000"), None);
        assert_eq!(ix.get("an-identifier-longer-than-twenty-four-byteZ"), None);
        // exactly INLINE bytes stays inline
        let edge = "x".repeat(INLINE);
        assert_eq!(ix.insert(&edge, 7000), None);
        assert_eq!(ix.get(&edge), Some(7000));
        assert_eq!(ix.get(&"x".repeat(INLINE - 1)), None);
    }

    #[test]
    fn keys_of_every_length_are_told_apart() {
        // ids that share a prefix and a suffix, of every inline length and
        // beyond, must not be confused by the overlapping reads of `pack`
        let mut ix = IdIndex::with_capacity(16);
        let mut keys = Vec::new();
        for n in 0..=INLINE + 2 {
            for middle in [b'a', b'b'] {
                let mut k = vec![b'x'; n];
                if n > 0 {
                    k[n / 2] = middle;
                }
                keys.push(String::from_utf8(k).expect("ascii"));
            }
        }
        keys.sort();
        keys.dedup();
        for (i, k) in keys.iter().enumerate() {
            assert_eq!(ix.insert(k, i as u32), None, "{k:?}");
        }
        assert_eq!(ix.len(), keys.len());
        for (i, k) in keys.iter().enumerate() {
            assert_eq!(ix.get(k), Some(i as u32), "{k:?}");
        }
        assert_eq!(ix.get("xxyxx"), None);
        assert!(IdIndex::default().is_empty());
    }

    #[test]
    fn grows_beyond_its_capacity() {
        let mut ix = IdIndex::with_capacity(3);
        for i in 0..100u32 {
            ix.insert(&i.to_string(), i);
        }
        for i in 0..100u32 {
            assert_eq!(ix.get(&i.to_string()), Some(i));
        }
        assert_eq!(ix.get("100"), None);
    }
}
