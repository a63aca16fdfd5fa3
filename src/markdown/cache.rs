//! Memoised syntax highlighting: highlighting sets the floor of a build
//! (syntect's regex matching is ~90% of a bare pipeline), and catalogs repeat
//! themselves — the same imports, closing braces and idioms in thousands of
//! code blocks, and whole snippets copied between modules.
//!
//! Two levels, both exact (the output is byte-identical to highlighting
//! without them, which `tests` below and the benchmark's `diff -r` check):
//!
//! - **Lines**, keyed on (state before the line, line text). syntect's HTML
//!   output for a line is a pure function of its `ParseState`, the
//!   `ScopeStack` of open spans and the text; it yields the line's HTML, the
//!   change in open spans and the state after it. Those states implement
//!   `Eq` and `Clone` but not `Hash`, so each distinct state is interned once
//!   (hashed through its `Debug` text, compared with `==`) and a line's key is
//!   its state's small id plus its text. A block of known lines is then a
//!   chain of hash lookups that never touches the regex engine.
//! - **Blocks**, keyed on (syntax, text), for snippets repeated verbatim. To
//!   keep memory proportional to what repeats, a block is stored on its
//!   second sighting (the first only records its hash).
//!
//! Both are shared by every thread (sharded mutexes, held only for a lookup
//! or an insert, never while parsing) and bounded in bytes: past the budget
//! nothing more is stored, which changes speed, never output.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::hash::Hasher;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use syntect::html::{ClassStyle, line_tokens_to_classed_spans};
use syntect::parsing::{ParseState, ScopeStack, SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

use crate::hash::{Fingerprint, hash_of};

/// Shards per map: a few per core keeps two threads from queueing on one lock.
const SHARDS: usize = 16;
/// Bytes the line cache may hold (keys, HTML and bookkeeping, estimated).
/// About 250 bytes a line: a million distinct lines, enough for 100k modules.
const LINE_BUDGET: usize = 256 << 20;
/// Bytes the block cache may hold.
const BLOCK_BUDGET: usize = 64 << 20;
/// Distinct parser states kept; states holding regex captures never compare
/// equal (onig compares their buffers by address), so they must not pile up.
const MAX_STATES: usize = 1 << 20;
/// Estimated bookkeeping bytes per map entry (hash table slot, allocations).
const ENTRY_OVERHEAD: usize = 64;

/// What syntect needs to go on highlighting after a line.
#[derive(Clone, PartialEq, Eq)]
struct State {
    parse: ParseState,
    scopes: ScopeStack,
}

/// An interned [`State`], shareable between threads.
///
/// `ParseState` is neither `Send` nor `Sync` only because, with the onig
/// regex engine, a state may hold an `onig::Region` of captures: raw pointers
/// to buffers that each region allocates and frees itself (`onig_region_copy`
/// on clone, `onig_region_free` on drop). Regions share nothing, and no
/// `&self` method of theirs writes (clone and `==` only read), so moving one
/// to another thread, or cloning and comparing it from two threads at once,
/// cannot race. The cache does nothing else with these states: it clones,
/// compares and drops them.
struct Shared(State);

// SAFETY: see `Shared`: owned buffers, read-only through `&self`.
unsafe impl Send for Shared {}
// SAFETY: see `Shared`.
unsafe impl Sync for Shared {}

/// A line's memoised result.
struct LineResult {
    /// The state after the line.
    next: u32,
    /// Spans opened minus spans closed by the line.
    delta: isize,
    html: Box<str>,
}

/// How often each cache answered, for the build's report.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CacheStats {
    /// Highlighted blocks answered whole from the block cache.
    pub block_hits: u64,
    /// Highlighted blocks that were not.
    pub block_misses: u64,
    /// Lines (of blocks not answered whole) found in the line cache.
    pub line_hits: u64,
    /// Lines that syntect had to parse.
    pub line_misses: u64,
}

/// The caches of one [`super::Highlighter`].
#[derive(Default)]
pub(super) struct Cache {
    states: Mutex<Interner>,
    lines: Shards<Box<[u8]>, LineResult>,
    blocks: Shards<(usize, Box<str>), Arc<str>>,
    /// Hashes of blocks seen once, so that only repeated blocks are stored.
    seen: Shards<u64, ()>,
    line_bytes: AtomicUsize,
    block_bytes: AtomicUsize,
    block_hits: AtomicU64,
    block_misses: AtomicU64,
    line_hits: AtomicU64,
    line_misses: AtomicU64,
}

/// Every distinct [`State`] met, by id.
#[derive(Default)]
struct Interner {
    ids: HashMap<u64, Vec<u32>>,
    states: Vec<Arc<Shared>>,
}

/// A map split into independently locked shards.
struct Shards<K, V>([Mutex<HashMap<K, V>>; SHARDS]);

impl<K, V> Default for Shards<K, V> {
    fn default() -> Self {
        Shards(std::array::from_fn(|_| Mutex::new(HashMap::new())))
    }
}

impl<K, V> Shards<K, V> {
    fn shard(&self, hash: u64) -> MutexGuard<'_, HashMap<K, V>> {
        // A panic elsewhere cannot leave a map half-updated (inserts are
        // single calls), so a poisoned lock is still safe to use.
        self.0[(hash % SHARDS as u64) as usize].lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Cache {
    /// Highlights `code` exactly as syntect's `ClassedHTMLGenerator` does, from the caches where it can.
    pub(super) fn highlight(
        &self,
        syntaxes: &SyntaxSet,
        syntax: &SyntaxReference,
        style: ClassStyle,
        code: &str,
    ) -> Result<Arc<str>, syntect::Error> {
        // The syntax is identified by its address in the set, which outlives the cache's use.
        let block_key = (std::ptr::from_ref(syntax) as usize, code);
        let block_hash = hash_of(&block_key);
        if let Some(html) = self.blocks.shard(block_hash).get(&(block_key.0, Box::from(code))) {
            self.block_hits.fetch_add(1, Ordering::Relaxed);
            return Ok(html.clone());
        }
        self.block_misses.fetch_add(1, Ordering::Relaxed);
        let html: Arc<str> = Arc::from(self.highlight_lines(syntaxes, syntax, style, code)?);
        let seen_before = self.seen.shard(block_hash).insert(block_hash, ()).is_some();
        let cost = code.len() + html.len() + ENTRY_OVERHEAD;
        if seen_before && self.reserve(&self.block_bytes, cost, BLOCK_BUDGET) {
            self.blocks.shard(block_hash).insert((block_key.0, Box::from(code)), html.clone());
        }
        Ok(html)
    }

    /// How often the caches answered so far.
    pub(super) fn stats(&self) -> CacheStats {
        CacheStats {
            block_hits: self.block_hits.load(Ordering::Relaxed),
            block_misses: self.block_misses.load(Ordering::Relaxed),
            line_hits: self.line_hits.load(Ordering::Relaxed),
            line_misses: self.line_misses.load(Ordering::Relaxed),
        }
    }

    fn highlight_lines(
        &self,
        syntaxes: &SyntaxSet,
        syntax: &SyntaxReference,
        style: ClassStyle,
        code: &str,
    ) -> Result<String, syntect::Error> {
        let mut html = String::with_capacity(code.len() * 4);
        let mut open_spans: isize = 0;
        let start = State { parse: ParseState::new(syntax), scopes: ScopeStack::new() };
        // `id` names the current state when it is interned; `live` holds it
        // when we have it at hand (after a parsed line), saving a clone.
        let mut id = self.intern(&start);
        let mut live = Some(start);
        let mut key = Vec::new();
        let (mut hits, mut misses) = (0, 0);
        for line in LinesWithEndings::from(code) {
            if let Some(current) = id {
                key.clear();
                key.extend_from_slice(&current.to_le_bytes());
                key.extend_from_slice(line.as_bytes());
                let key_hash = hash_of(key.as_slice());
                if let Some(found) = self.lines.shard(key_hash).get(key.as_slice()) {
                    html.push_str(&found.html);
                    open_spans += found.delta;
                    id = Some(found.next);
                    live = None;
                    hits += 1;
                    continue;
                }
            }
            misses += 1;
            let mut state = match live.take() {
                Some(state) => state,
                // `live` is only dropped after a hit, which always leaves an id.
                None => self.state(id.expect("a state after a cache hit")),
            };
            let ops = state.parse.parse_line(line, syntaxes)?;
            let (line_html, delta) = line_tokens_to_classed_spans(line, &ops, style, &mut state.scopes)?;
            let next = self.intern(&state);
            if let (Some(current), Some(next)) = (id, next) {
                let cost = key.len() + line_html.len() + ENTRY_OVERHEAD;
                if self.reserve(&self.line_bytes, cost, LINE_BUDGET) {
                    let entry = LineResult { next, delta, html: line_html.as_str().into() };
                    self.lines.shard(hash_of(key.as_slice())).insert(key.as_slice().into(), entry);
                    debug_assert_eq!(&key[..4], current.to_le_bytes());
                }
            }
            html.push_str(&line_html);
            open_spans += delta;
            id = next;
            live = Some(state);
        }
        for _ in 0..open_spans {
            html.push_str("</span>");
        }
        self.line_hits.fetch_add(hits, Ordering::Relaxed);
        self.line_misses.fetch_add(misses, Ordering::Relaxed);
        Ok(html)
    }

    /// Counts `cost` against `budget`; false (and nothing counted) once it would be exceeded.
    fn reserve(&self, used: &AtomicUsize, cost: usize, budget: usize) -> bool {
        used.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |u| (u + cost <= budget).then_some(u + cost)).is_ok()
    }

    /// The id of `state`, interning it if new; `None` once the interner is full.
    fn intern(&self, state: &State) -> Option<u32> {
        // Hashed through their `Debug` text: syntect's states lack `Hash`. Writing to a hasher cannot fail.
        let mut hasher = Fingerprint::default();
        let _ = write!(hasher, "{:?}{:?}", state.parse, state.scopes);
        let hash = hasher.finish();
        let mut interner = self.states.lock().unwrap_or_else(|e| e.into_inner());
        let Interner { ids, states } = &mut *interner;
        if let Some(&id) = ids.get(&hash).and_then(|c| c.iter().find(|&&id| states[id as usize].0 == *state)) {
            return Some(id);
        }
        if states.len() >= MAX_STATES {
            return None;
        }
        let id = states.len() as u32;
        states.push(Arc::new(Shared(state.clone())));
        ids.entry(hash).or_default().push(id);
        Some(id)
    }

    /// A copy of interned state `id`.
    fn state(&self, id: u32) -> State {
        let shared = self.states.lock().unwrap_or_else(|e| e.into_inner()).states[id as usize].clone();
        shared.0.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use syntect::html::ClassedHTMLGenerator;

    const STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

    fn plain(syntaxes: &SyntaxSet, syntax: &SyntaxReference, code: &str) -> String {
        let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, syntaxes, STYLE);
        for line in LinesWithEndings::from(code) {
            generator.parse_html_for_line_which_includes_newline(line).unwrap();
        }
        generator.finalize()
    }

    #[test]
    fn cached_output_is_identical_to_syntect_and_lines_are_reused() {
        let syntaxes = SyntaxSet::load_defaults_newlines();
        let cache = Cache::default();
        let samples = [
            ("py", "import numpy as np\n\ndef f(x):\n    \"\"\"Doc\n    string.\"\"\"\n    return x\n"),
            ("py", "import numpy as np\n\ndef g(y):\n    return y  # comment\n"),
            ("rs", "fn main() {\n    let s = \"multi\nline\";\n}\n"),
            ("sh", "cat <<EOF\nhello $USER\nEOF\necho done\n"),
            ("sql", "SELECT a\nFROM t /* open\ncomment */ WHERE x = 'y';\n"),
            ("rs", "fn main() {\n    let s = \"multi\nline\";\n}\n"),
            ("py", "unterminated = \"\"\"\nstill a string\n"),
            ("json", "{\n  \"a\": [1, 2]\n}"),
        ];
        for round in 0..3 {
            for (token, code) in samples {
                let syntax = syntaxes.find_syntax_by_token(token).unwrap();
                let cached = cache.highlight(&syntaxes, syntax, STYLE, code).unwrap();
                assert_eq!(&*cached, plain(&syntaxes, syntax, code), "{token} round {round}:\n{code}");
            }
        }
        let stats = cache.stats();
        assert!(stats.line_hits > 0, "{stats:?}");
        // Rounds 2 and 3 see every block again: the third sighting is a block hit.
        assert!(stats.block_hits >= samples.len() as u64, "{stats:?}");
    }
}
