//! The index of a node in its tree, so per-node facts can live in plain
//! vectors instead of hash maps.
//!
//! ego-tree's `NodeId` is an index into the tree's vector of nodes, handed out
//! in creation order, but it keeps the index private. Its derived `Hash`
//! writes that index (plus one) as a single `usize`, so a hasher that records
//! the value gets it back. This leans on ego-tree internals: ego-tree is pinned
//! to the exact version scraper uses, and the test below fails loudly if the
//! ids stop being dense indices.

use ego_tree::NodeId;
use std::hash::{Hash, Hasher};

/// Records the last `usize` written to it.
struct Capture(usize);

impl Hasher for Capture {
    fn finish(&self) -> u64 {
        self.0 as u64
    }

    fn write(&mut self, _bytes: &[u8]) {}

    fn write_usize(&mut self, value: usize) {
        self.0 = value;
    }
}

/// The node's index in its tree: 0 for the root, then one more for each node
/// created.
#[inline]
pub fn node_index(id: NodeId) -> usize {
    let mut capture = Capture(0);
    id.hash(&mut capture);
    capture.0.wrapping_sub(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ego_tree::Tree;

    #[test]
    fn node_ids_are_dense_indices_in_creation_order() {
        let mut tree = Tree::new("root");
        assert_eq!(node_index(tree.root().id()), 0);
        let a = tree.orphan("a").id();
        let b = tree.root_mut().append("b").id();
        let c = tree.get_mut(b).map(|mut n| n.append("c").id());
        assert_eq!(node_index(a), 1);
        assert_eq!(node_index(b), 2);
        assert_eq!(c.map(node_index), Some(3));
        assert_eq!(tree.nodes().count(), 4);
    }
}
