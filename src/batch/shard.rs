//! One machine's share of a batch: `--shard K/N` takes the records whose position in the list is
//! K mod N, so a Kubernetes Indexed Job (`K = $JOB_COMPLETION_INDEX`) or a Slurm array
//! (`K = $SLURM_ARRAY_TASK_ID`) fans one manifest out over N machines without a coordinator.

use std::fmt;
use std::str::FromStr;

/// Shard `index` of `count`: the inputs at positions `p` with `p % count == index`.
///
/// Positions are interleaved rather than cut into blocks so that a list sorted by size (or by
/// database, or by date) spreads evenly over the shards.
///
/// # Merging the shards' outputs
///
/// Every shard writes the same files as a whole run, and only shard 0 writes the `summary.csv`
/// header ([`Shard::writes_header`]), so the merge is plain concatenation in shard order:
///
/// ```sh
/// cat out-{0..N-1}/summary.csv > summary.csv      # header from shard 0, then the rows
/// cat out-{0..N-1}/reports.jsonl > reports.jsonl
/// cp out-*/*.json merged/                          # one file per record, names never collide
/// ```
///
/// The merged files hold exactly the lines of a single run, each once; a single run lists
/// them in input order, the merge in shard order (shard 0's records first). A consumer that
/// keys on the record name (a database load, `sort`) sees no difference.
///
/// ```
/// use sinus::batch::Shard;
/// let s: Shard = "1/3".parse().unwrap();
/// assert_eq!(s.select(&["a", "b", "c", "d", "e"]), ["b", "e"]);
/// assert!(!s.writes_header());
/// assert_eq!(s.to_string(), "1/3");
/// assert!("3/3".parse::<Shard>().is_err()); // K must be below N
/// assert_eq!(Shard::ALL.select(&[1, 2]), [1, 2]);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Shard {
    index: usize,
    count: usize,
}

/// Why a shard specification was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ShardError {
    /// Not of the form `K/N` with two unsigned integers.
    #[error("shard {found:?} is not of the form K/N (e.g. 0/4)")]
    Syntax {
        /// The text given.
        found: String,
    },
    /// N is zero or K is not below N.
    #[error("shard {index}/{count} is out of range: expected N >= 1 and 0 <= K < N")]
    OutOfRange {
        /// K.
        index: usize,
        /// N.
        count: usize,
    },
}

impl Shard {
    /// The whole list (shard 0 of 1).
    pub const ALL: Shard = Shard { index: 0, count: 1 };

    /// Shard `index` of `count`; `count ≥ 1` and `index < count`.
    pub fn new(index: usize, count: usize) -> Result<Shard, ShardError> {
        if count == 0 || index >= count {
            return Err(ShardError::OutOfRange { index, count });
        }
        Ok(Shard { index, count })
    }

    /// K.
    pub fn index(self) -> usize {
        self.index
    }

    /// N.
    pub fn count(self) -> usize {
        self.count
    }

    /// Whether the input at `position` in the list belongs to this shard.
    pub fn contains(self, position: usize) -> bool {
        position % self.count == self.index
    }

    /// This shard's inputs, in list order.
    pub fn select<T: Clone>(self, inputs: &[T]) -> Vec<T> {
        inputs
            .iter()
            .skip(self.index)
            .step_by(self.count)
            .cloned()
            .collect()
    }

    /// Whether this shard writes the header of `summary.csv`: shard 0 only, so that the shards'
    /// files concatenate into one CSV.
    pub fn writes_header(self) -> bool {
        self.index == 0
    }
}

impl Default for Shard {
    fn default() -> Self {
        Shard::ALL
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

impl FromStr for Shard {
    type Err = ShardError;

    /// `K/N`, e.g. `0/4`; spaces around either number are allowed.
    fn from_str(s: &str) -> Result<Shard, ShardError> {
        let syntax = || ShardError::Syntax {
            found: s.to_string(),
        };
        let (k, n) = s.split_once('/').ok_or_else(syntax)?;
        let k = k.trim().parse::<usize>().map_err(|_| syntax())?;
        let n = n.trim().parse::<usize>().map_err(|_| syntax())?;
        Shard::new(k, n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_partition_the_list() {
        let items: Vec<usize> = (0..23).collect();
        for n in 1..8 {
            let mut all: Vec<usize> = (0..n)
                .flat_map(|k| Shard::new(k, n).unwrap().select(&items))
                .collect();
            all.sort_unstable();
            assert_eq!(all, items, "N = {n}");
            for k in 0..n {
                let s = Shard::new(k, n).unwrap();
                assert!(s.select(&items).iter().all(|&p| s.contains(p)));
            }
        }
    }

    #[test]
    fn parse_errors_are_typed() {
        for bad in ["", "1", "a/2", "1/b", "-1/2", "1/2/3"] {
            assert!(
                matches!(bad.parse::<Shard>(), Err(ShardError::Syntax { .. })),
                "{bad}"
            );
        }
        assert_eq!(
            "2/2".parse::<Shard>(),
            Err(ShardError::OutOfRange { index: 2, count: 2 })
        );
        assert_eq!(
            "0/0".parse::<Shard>(),
            Err(ShardError::OutOfRange { index: 0, count: 0 })
        );
        assert_eq!(" 3 / 4 ".parse::<Shard>(), Ok(Shard::new(3, 4).unwrap()));
    }
}
