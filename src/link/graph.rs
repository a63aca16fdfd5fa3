//! The prerequisite graph must be acyclic: a student could never start a module in a cycle.

use std::ops::Range;

use crate::diagnostics::Diagnostic;

/// One prerequisite edge: `from` requires `to`, written at `span` in `file`.
#[derive(Debug, Clone)]
pub struct Edge {
    pub from: usize,
    pub to: usize,
    pub file: String,
    pub span: Range<usize>,
}

/// Reports each cycle once, naming its modules in order.
pub fn find_cycles(node_count: usize, edges: &[Edge], names: &dyn Fn(usize) -> String) -> Vec<Diagnostic> {
    let mut outgoing: Vec<Vec<&Edge>> = vec![Vec::new(); node_count];
    for edge in edges {
        outgoing[edge.from].push(edge);
    }
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        New,
        OnPath,
        Done,
    }
    let mut state = vec![State::New; node_count];
    let mut diagnostics = Vec::new();
    for start in 0..node_count {
        if state[start] != State::New {
            continue;
        }
        // Iterative depth-first search: deep prerequisite chains must not overflow the stack.
        let mut path: Vec<(usize, usize)> = vec![(start, 0)];
        let mut path_edges: Vec<&Edge> = Vec::new();
        state[start] = State::OnPath;
        while let Some(&mut (node, ref mut next)) = path.last_mut() {
            if let Some(edge) = outgoing[node].get(*next) {
                *next += 1;
                match state[edge.to] {
                    State::New => {
                        state[edge.to] = State::OnPath;
                        path.push((edge.to, 0));
                        path_edges.push(edge);
                    }
                    State::OnPath => {
                        let first = path.iter().position(|(n, _)| *n == edge.to).unwrap_or(0);
                        let mut cycle: Vec<&Edge> = path_edges[first..].to_vec();
                        cycle.push(edge);
                        diagnostics.push(cycle_diagnostic(&cycle, names));
                    }
                    State::Done => {}
                }
            } else {
                state[node] = State::Done;
                path.pop();
                path_edges.pop();
            }
        }
    }
    diagnostics
}

fn cycle_diagnostic(cycle: &[&Edge], names: &dyn Fn(usize) -> String) -> Diagnostic {
    let closing = cycle[cycle.len() - 1];
    if cycle.len() == 1 {
        return Diagnostic::error(format!("module `{}` lists itself as a prerequisite", names(closing.from)))
            .at(&closing.file, closing.span.clone())
            .hint("remove it from its own `prerequisites`");
    }
    let mut chain: Vec<String> = cycle.iter().map(|e| format!("`{}`", names(e.from))).collect();
    chain.push(format!("`{}`", names(closing.to)));
    let mut diagnostic = Diagnostic::error(format!("prerequisite cycle: {}", chain.join(" → ")))
        .at(&closing.file, closing.span.clone())
        .label("this prerequisite closes the cycle")
        .hint("a module cannot require itself, even indirectly: remove one prerequisite of the cycle");
    for edge in &cycle[..cycle.len() - 1] {
        let message = format!("`{}` requires `{}`", names(edge.from), names(edge.to));
        diagnostic = diagnostic.related(&edge.file, edge.span.clone(), message);
    }
    diagnostic
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edge(from: usize, to: usize) -> Edge {
        Edge { from, to, file: format!("content/modules/m{from}.md"), span: 0..1 }
    }

    fn name(ix: usize) -> String {
        format!("m{ix}")
    }

    #[test]
    fn acyclic_graph_has_no_cycle() {
        assert!(find_cycles(4, &[edge(0, 1), edge(1, 2), edge(0, 2), edge(3, 2)], &name).is_empty());
    }

    #[test]
    fn cycle_is_named_in_order() {
        let found = find_cycles(3, &[edge(0, 1), edge(1, 2), edge(2, 0)], &name);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].message, "prerequisite cycle: `m0` → `m1` → `m2` → `m0`");
        assert_eq!(found[0].related.len(), 2);
    }

    #[test]
    fn self_prerequisite_is_its_own_message() {
        let found = find_cycles(1, &[edge(0, 0)], &name);
        assert_eq!(found[0].message, "module `m0` lists itself as a prerequisite");
    }

    #[test]
    fn long_chains_do_not_overflow_the_stack() {
        let edges: Vec<Edge> = (0..200_000).map(|i| edge(i, i + 1)).collect();
        assert!(find_cycles(200_001, &edges, &name).is_empty());
    }
}
