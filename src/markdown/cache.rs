//! Memoised syntax highlighting: highlighting sets the floor of a build
//! (syntect's regex matching is most of a pipeline without it; see benches/RESULTS.md,
//! "Figures that were quoted in code comments"), and catalogs repeat
//! themselves — the same imports, closing braces and idioms in thousands of
//! code blocks, and whole snippets copied between modules.
//!
//! Two levels, both exact (the output is byte-identical to highlighting
//! without them, which `tests` below and the benchmark's `diff -r` check):
//!
//! - **Lines**, keyed on (state before the line, line text). A line's HTML
//!   (see `style.rs`) is a pure function of its `ParseState`, the
//!   `ScopeStack` open before it and the text; it yields the line's HTML and
//!   the state after it. Those states implement
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
//!
//! syntect's `ParseState` is not `Send` (with onig, a state may hold a region
//! of regex captures: raw pointers), so states never cross threads. The shared
//! interner holds each state's `Debug` text, which gives it an id; each thread
//! keeps its own copy of the states it has met by id. A thread that reaches,
//! through lines cached by another thread, a state it does not hold replays the
//! block's earlier lines from the last state it does hold (the block's start at
//! worst). States holding captures are never interned: their `Debug` text shows
//! addresses, not contents, so it cannot identify them.

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use syntect::parsing::{ParseState, ScopeStack, SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

use crate::hash::hash_of;

/// Shards per map: a few per core keeps two threads from queueing on one lock.
const SHARDS: usize = 16;
/// Bytes the line cache may hold (keys, HTML and bookkeeping, estimated).
/// About 250 bytes a line: a million distinct lines, enough for 100k modules.
const LINE_BUDGET: usize = 256 << 20;
/// Bytes the block cache may hold.
const BLOCK_BUDGET: usize = 64 << 20;
/// Distinct parser states interned; past it, lines after a new state are not cached.
const MAX_STATES: usize = 1 << 20;
/// What a state's `Debug` text shows when it holds regex captures (see [`identity`]).
const CAPTURES_DEBUG: &str = "captures: Some(";
/// Estimated bookkeeping bytes per map entry (hash table slot, allocations).
const ENTRY_OVERHEAD: usize = 64;

/// What syntect needs to go on highlighting after a line.
#[derive(Clone, PartialEq, Eq)]
struct State {
    parse: ParseState,
    scopes: ScopeStack,
}

impl State {
    /// The state before a block's first line.
    fn start(syntax: &SyntaxReference) -> Self {
        State { parse: ParseState::new(syntax), scopes: ScopeStack::new() }
    }

    /// Parses one line from this state, returning its HTML.
    fn advance(&mut self, line: &str, syntaxes: &SyntaxSet) -> Result<String, syntect::Error> {
        let ops = self.parse.parse_line(line, syntaxes)?;
        let html = super::style::line_html(line, &ops, &self.scopes)?;
        for (_, op) in &ops {
            self.scopes.apply(op)?;
        }
        Ok(html)
    }
}

/// Tells each [`Cache`] apart in the threads' [`LOCAL`] copies.
static NEXT_CACHE: AtomicU64 = AtomicU64::new(1);

thread_local! {
    /// This thread's copies of the states it has met, by their interned id.
    static LOCAL: RefCell<Local> = RefCell::new(Local::default());
}

/// One thread's states, for the cache whose identity is `owner`.
#[derive(Default)]
struct Local {
    owner: u64,
    states: HashMap<u32, State>,
    /// Scratch space for a state's `Debug` text.
    text: String,
}

impl Local {
    /// Forgets another cache's states: ids are only meaningful to the cache that gave them.
    fn adopt(&mut self, owner: u64) {
        if self.owner != owner {
            self.owner = owner;
            self.states.clear();
        }
    }

    /// Keeps a copy of `state` as `id` unless this thread has one.
    fn keep(&mut self, id: Option<u32>, state: &State) {
        if let Some(id) = id {
            self.states.entry(id).or_insert_with(|| state.clone());
        }
    }
}

/// A line's memoised result.
struct LineResult {
    /// The state after the line.
    next: u32,
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
    /// Lines parsed again by a thread to rebuild a state that another thread reached.
    pub lines_replayed: u64,
}

/// The caches of one [`super::Highlighter`].
pub(super) struct Cache {
    /// This cache's key in the threads' [`LOCAL`] copies.
    identity: u64,
    /// The id of each distinct state met, by its `Debug` text.
    states: Mutex<HashMap<Box<str>, u32>>,
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
    lines_replayed: AtomicU64,
}

impl Default for Cache {
    fn default() -> Self {
        Cache {
            identity: NEXT_CACHE.fetch_add(1, Ordering::Relaxed),
            states: Mutex::default(),
            lines: Shards::default(),
            blocks: Shards::default(),
            seen: Shards::default(),
            line_bytes: AtomicUsize::default(),
            block_bytes: AtomicUsize::default(),
            block_hits: AtomicU64::default(),
            block_misses: AtomicU64::default(),
            line_hits: AtomicU64::default(),
            line_misses: AtomicU64::default(),
            lines_replayed: AtomicU64::default(),
        }
    }
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

/// The text that identifies `state`: its `Debug` text, written into `text`; `None`
/// when the state holds regex captures, whose `Debug` text shows onig's buffer
/// addresses (which a later state may reuse for other captures) instead of the
/// captured text. `tests::a_state_holding_captures_has_no_identity` fails if
/// syntect or onig ever show captures differently.
fn identity<'t>(state: &State, text: &'t mut String) -> Option<&'t str> {
    text.clear();
    // Writing to a String cannot fail.
    let _ = write!(text, "{:?}{:?}", state.parse, state.scopes);
    (!text.contains(CAPTURES_DEBUG)).then_some(text.as_str())
}

impl Cache {
    /// Highlights `code` as [`super::style::line_html`] does line by line, from the caches where it can.
    pub(super) fn highlight(
        &self,
        syntaxes: &SyntaxSet,
        syntax: &SyntaxReference,
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
        let html: Arc<str> = Arc::from(self.highlight_lines(syntaxes, syntax, code)?);
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
            lines_replayed: self.lines_replayed.load(Ordering::Relaxed),
        }
    }

    fn highlight_lines(
        &self,
        syntaxes: &SyntaxSet,
        syntax: &SyntaxReference,
        code: &str,
    ) -> Result<String, syntect::Error> {
        LOCAL.with_borrow_mut(|local| {
            local.adopt(self.identity);
            self.highlight_lines_with(local, syntaxes, syntax, code)
        })
    }

    fn highlight_lines_with(
        &self,
        local: &mut Local,
        syntaxes: &SyntaxSet,
        syntax: &SyntaxReference,
        code: &str,
    ) -> Result<String, syntect::Error> {
        let mut html = String::with_capacity(code.len() * 4);
        let lines: Vec<&str> = LinesWithEndings::from(code).collect();
        // `path[i]` is the id of the state before line `i`, when it has one.
        let mut path = Vec::with_capacity(lines.len());
        let start = State::start(syntax);
        // `id` names the current state when it is interned; `live` holds it
        // when we have it at hand (after a parsed line), saving a clone.
        let mut id = self.intern(local, &start);
        let mut live = Some(start);
        let mut key = Vec::new();
        let (mut hits, mut misses) = (0, 0);
        for (i, line) in lines.iter().enumerate() {
            path.push(id);
            if let Some(current) = id {
                key.clear();
                key.extend_from_slice(&current.to_le_bytes());
                key.extend_from_slice(line.as_bytes());
                if let Some(found) = self.lines.shard(hash_of(key.as_slice())).get(key.as_slice()) {
                    html.push_str(&found.html);
                    id = Some(found.next);
                    live = None;
                    hits += 1;
                    continue;
                }
            }
            misses += 1;
            let mut state = match live.take() {
                Some(state) => state,
                None => self.recover(local, syntaxes, syntax, &lines[..i], &path)?,
            };
            let line_html = state.advance(line, syntaxes)?;
            let next = self.intern(local, &state);
            local.keep(next, &state);
            if let (Some(_), Some(next)) = (id, next) {
                let cost = key.len() + line_html.len() + ENTRY_OVERHEAD;
                if self.reserve(&self.line_bytes, cost, LINE_BUDGET) {
                    let entry = LineResult { next, html: line_html.as_str().into() };
                    self.lines.shard(hash_of(key.as_slice())).insert(key.as_slice().into(), entry);
                }
            }
            html.push_str(&line_html);
            id = next;
            live = Some(state);
        }
        self.line_hits.fetch_add(hits, Ordering::Relaxed);
        self.line_misses.fetch_add(misses, Ordering::Relaxed);
        Ok(html)
    }

    /// The state before `lines.len()`, reached through cached lines: this thread's
    /// copy if it has one, else replayed from the latest earlier state it has
    /// (the block's start at worst). `path` holds the id before each line and the current one.
    fn recover(
        &self,
        local: &mut Local,
        syntaxes: &SyntaxSet,
        syntax: &SyntaxReference,
        lines: &[&str],
        path: &[Option<u32>],
    ) -> Result<State, syntect::Error> {
        let known = |j: usize| path[j].and_then(|id| local.states.get(&id));
        let (from, mut state) = match (0..path.len()).rev().find_map(|j| Some((j, known(j)?.clone()))) {
            Some(found) => found,
            None => (0, State::start(syntax)),
        };
        for (j, line) in lines.iter().enumerate().skip(from) {
            state.advance(line, syntaxes)?;
            local.keep(path[j + 1], &state);
        }
        self.lines_replayed.fetch_add((lines.len() - from) as u64, Ordering::Relaxed);
        Ok(state)
    }

    /// Counts `cost` against `budget`; false (and nothing counted) once it would be exceeded.
    fn reserve(&self, used: &AtomicUsize, cost: usize, budget: usize) -> bool {
        used.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |u| (u + cost <= budget).then_some(u + cost)).is_ok()
    }

    /// The id of `state`, interning it if new; `None` for a state without an
    /// [`identity`], or once the interner is full.
    fn intern(&self, local: &mut Local, state: &State) -> Option<u32> {
        let text = identity(state, &mut local.text)?;
        let mut ids = self.states.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(&id) = ids.get(text) {
            return Some(id);
        }
        if ids.len() >= MAX_STATES {
            return None;
        }
        let id = ids.len() as u32;
        ids.insert(text.into(), id);
        Some(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `code` highlighted line by line from the block's start, without any cache.
    fn plain(syntaxes: &SyntaxSet, syntax: &SyntaxReference, code: &str) -> String {
        let mut state = State::start(syntax);
        LinesWithEndings::from(code).map(|line| state.advance(line, syntaxes).unwrap()).collect()
    }

    #[test]
    fn cached_output_is_identical_to_uncached_and_lines_are_reused() {
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
                let cached = cache.highlight(&syntaxes, syntax, code).unwrap();
                assert_eq!(&*cached, plain(&syntaxes, syntax, code), "{token} round {round}:\n{code}");
            }
        }
        let stats = cache.stats();
        assert!(stats.line_hits > 0, "{stats:?}");
        // Rounds 2 and 3 see every block again: the third sighting is a block hit.
        assert!(stats.block_hits >= samples.len() as u64, "{stats:?}");
    }

    #[test]
    fn a_thread_reaching_another_threads_state_replays_the_lines_before_it() {
        let syntaxes = SyntaxSet::load_defaults_newlines();
        let syntax = syntaxes.find_syntax_by_token("py").unwrap();
        let cache = Cache::default();
        let first = "import os\ndef f(x):\n    return x\n";
        let second = "import os\ndef f(x):\n    return x + 1\n";
        for code in [first, second] {
            // A new thread each time: the second holds none of the first's states.
            let cached = std::thread::scope(|s| s.spawn(|| cache.highlight(&syntaxes, syntax, code)).join());
            assert_eq!(&*cached.unwrap().unwrap(), plain(&syntaxes, syntax, code));
        }
        let stats = cache.stats();
        assert_eq!((stats.line_hits, stats.lines_replayed), (2, 2), "{stats:?}");
    }

    #[test]
    fn a_state_holding_captures_has_no_identity() {
        // Bash's here-document ends at the word its start captured.
        let syntaxes = SyntaxSet::load_defaults_newlines();
        let mut state = State::start(syntaxes.find_syntax_by_token("sh").unwrap());
        state.advance("cat <<EOF\n", &syntaxes).unwrap();
        assert!(state != state.clone(), "onig compares captures by address");
        assert_eq!(identity(&state, &mut String::new()), None);
        let plain = State::start(syntaxes.find_syntax_by_token("py").unwrap());
        assert!(identity(&plain, &mut String::new()).is_some());
    }
}
