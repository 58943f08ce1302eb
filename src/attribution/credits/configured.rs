//! The credit patterns of a run: the built-in ones, or the built-in ones
//! plus a project's additions, built once per distinct set of additions and
//! shared by every file and thread (building them clones and recompiles the
//! lists, which a run over thousands of files must not repeat per file).

use super::patterns::{CreditExtras, CreditPatterns};
use std::sync::{Arc, Mutex};

/// How many distinct sets of additions are kept. A run has one per
/// configuration folder; past this, a set is simply built again.
const ENTRIES: usize = 32;

/// Built credit patterns by their additions.
#[derive(Debug, Default)]
pub struct CreditPatternCache {
    built: Mutex<Vec<(CreditExtras, Arc<CreditPatterns>)>>,
}

impl CreditPatternCache {
    /// The patterns for `extras`: the built-in ones when there are none,
    /// else the ones built for the same additions before, else new ones.
    pub fn get(&self, extras: &CreditExtras) -> Arc<CreditPatterns> {
        if extras.is_empty() {
            return CreditPatterns::builtin_shared();
        }
        // A poisoned lock only means another thread panicked mid-lookup; the
        // list itself is always whole.
        let mut built = self.built.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((_, patterns)) = built.iter().find(|(e, _)| e == extras) {
            return Arc::clone(patterns);
        }
        let patterns = Arc::new(CreditPatterns::with_extras(extras));
        if built.len() < ENTRIES {
            built.push((extras.clone(), Arc::clone(&patterns)));
        }
        patterns
    }

    /// How many sets of project patterns were built and kept.
    pub fn built(&self) -> usize {
        self.built.lock().map_or(0, |b| b.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn german() -> CreditExtras {
        CreditExtras {
            markers: vec!["Bildnachweis:".into()],
            ..CreditExtras::default()
        }
    }

    #[test]
    fn the_same_additions_are_built_once_and_shared() {
        let cache = CreditPatternCache::default();
        let first = cache.get(&german());
        let second = cache.get(&german());
        assert!(Arc::ptr_eq(&first, &second));
        assert_eq!(cache.built(), 1);
        assert!(
            first
                .find_credit("Start. Bildnachweis: Hans Meier")
                .is_some()
        );
    }

    #[test]
    fn no_additions_give_the_built_in_patterns_without_building() {
        let cache = CreditPatternCache::default();
        let patterns = cache.get(&CreditExtras::default());
        assert!(std::ptr::eq(patterns.as_ref(), CreditPatterns::builtin()));
        assert!(
            patterns
                .find_credit("Start. Bildnachweis: Hans Meier")
                .is_none()
        );
        assert_eq!(cache.built(), 0);
    }
}
