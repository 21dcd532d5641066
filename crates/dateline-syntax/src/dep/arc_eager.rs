//! The arc-eager transition system of spaCy's parser, and the lifting of non-projective arcs.
//!
//! Why spaCy's variant and not the textbook one: the weights were trained to choose among
//! its moves under its rules of validity, and the parser's features read its state (which
//! tokens are on the stack and buffer, and the most recently attached left and right
//! children). The variant is non-monotonic: REDUCE of a word without a head puts it back on
//! the buffer ("unshift") instead of failing, and LEFT may replace a head given earlier.
//! A word unshifted once may not be shifted again until a LEFT arc changes the stack, so a
//! parse always ends. BREAK marks the next word as the start of a sentence.
//!
//! A label `dobj||xcomp` on an arc says the parser attached the word to an ancestor of its
//! real head to keep the tree projective; [`deprojectivize`] moves it back down to the
//! nearest word labelled `xcomp` under that ancestor, breadth first, left to right.

/// The five moves; an action is a move with a label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Move {
    Shift,
    Reduce,
    Left,
    Right,
    Break,
}

impl Move {
    pub fn from_index(i: i128) -> Option<Move> {
        Some(match i {
            0 => Move::Shift,
            1 => Move::Reduce,
            2 => Move::Left,
            3 => Move::Right,
            4 => Move::Break,
            _ => return None,
        })
    }
}

/// A parse in progress over `n` words.
#[derive(Debug, Clone)]
pub struct State {
    n: usize,
    stack: Vec<usize>,
    next: usize,
    rebuffer: Vec<usize>,
    heads: Vec<Option<usize>>,
    labels: Vec<u16>,
    /// Per head, its left (resp. right) arcs in the order they were made; a replaced arc
    /// stays as `None` so that positions keep their order.
    left: Vec<Vec<Option<usize>>>,
    right: Vec<Vec<Option<usize>>>,
    unshiftable: Vec<bool>,
    sent_start: Vec<bool>,
}

impl State {
    pub fn new(n: usize) -> State {
        State {
            n,
            stack: Vec::with_capacity(n),
            next: 0,
            rebuffer: Vec::new(),
            heads: vec![None; n],
            labels: vec![0; n],
            left: vec![Vec::new(); n],
            right: vec![Vec::new(); n],
            unshiftable: vec![false; n],
            sent_start: vec![false; n],
        }
    }

    /// The `i`th word of the stack from the top.
    pub fn s(&self, i: usize) -> Option<usize> {
        self.stack.len().checked_sub(i + 1).map(|at| self.stack[at])
    }

    /// The `i`th word of the buffer: words put back first (last in, first out), then the
    /// words not yet read.
    pub fn b(&self, i: usize) -> Option<usize> {
        if i < self.rebuffer.len() {
            return Some(self.rebuffer[self.rebuffer.len() - 1 - i]);
        }
        let at = self.next + (i - self.rebuffer.len());
        (at < self.n).then_some(at)
    }

    fn buffer_len(&self) -> usize {
        (self.n - self.next) + self.rebuffer.len()
    }

    pub fn is_final(&self) -> bool {
        self.stack.is_empty() && self.buffer_len() == 0
    }

    fn is_sent_start(&self, word: Option<usize>) -> bool {
        word.is_some_and(|w| self.sent_start[w])
    }

    /// The most recent left (or right) child of `head` still attached to it.
    fn child(&self, head: Option<usize>, left: bool) -> Option<usize> {
        let head = head?;
        let arcs = if left {
            &self.left[head]
        } else {
            &self.right[head]
        };
        arcs.iter().rev().find_map(|c| *c)
    }

    /// The parser's eight context words: B0 B1 S0 S1 S2, the latest left child of B0, the
    /// latest left and right children of S0.
    pub fn context(&self) -> [Option<usize>; 8] {
        let b0 = self.b(0);
        let s0 = self.s(0);
        [
            b0,
            self.b(1),
            s0,
            self.s(1),
            self.s(2),
            self.child(b0, true),
            self.child(s0, true),
            self.child(s0, false),
        ]
    }

    pub fn is_valid(&self, mv: Move) -> bool {
        let depth = self.stack.len();
        let buffer = self.buffer_len();
        match mv {
            Move::Shift => {
                if depth == 0 {
                    buffer > 0
                } else {
                    buffer >= 2
                        && !self.is_sent_start(self.b(0))
                        && !self.b(0).is_some_and(|b| self.unshiftable[b])
                }
            }
            Move::Reduce => depth > 0,
            Move::Left | Move::Right => depth > 0 && buffer > 0 && !self.is_sent_start(self.b(0)),
            Move::Break => {
                buffer >= 2
                    && self.b(1) == self.b(0).map(|b| b + 1)
                    && !self.is_sent_start(self.b(1))
            }
        }
    }

    fn push(&mut self) {
        let word = match self.rebuffer.pop() {
            Some(w) => w,
            None => {
                self.next += 1;
                self.next - 1
            }
        };
        self.stack.push(word);
    }

    fn add_arc(&mut self, head: usize, child: usize, label: u16) {
        if let Some(old) = self.heads[child] {
            let arcs = if old > child {
                &mut self.left[old]
            } else {
                &mut self.right[old]
            };
            if let Some(slot) = arcs.iter_mut().rev().find(|c| **c == Some(child)) {
                *slot = None;
            }
        }
        if head > child {
            self.left[head].push(Some(child));
        } else {
            self.right[head].push(Some(child));
        }
        self.heads[child] = Some(head);
        self.labels[child] = label;
    }

    /// Applies a move the caller checked with [`State::is_valid`].
    pub fn apply(&mut self, mv: Move, label: u16) {
        match mv {
            Move::Shift => self.push(),
            Move::Reduce => {
                let Some(s0) = self.s(0) else { return };
                if self.heads[s0].is_some() || self.stack.len() == 1 {
                    self.stack.pop();
                } else {
                    self.unshiftable[s0] = true;
                    self.stack.pop();
                    self.rebuffer.push(s0);
                }
            }
            Move::Left => {
                let (Some(s0), Some(b0)) = (self.s(0), self.b(0)) else {
                    return;
                };
                self.add_arc(b0, s0, label);
                self.unshiftable[b0] = false;
                self.stack.pop();
            }
            Move::Right => {
                let (Some(s0), Some(b0)) = (self.s(0), self.b(0)) else {
                    return;
                };
                self.add_arc(s0, b0, label);
                self.push();
            }
            Move::Break => {
                if let Some(b1) = self.b(1) {
                    self.sent_start[b1] = true;
                }
            }
        }
    }

    /// Heads (`None` for a root) and label ids, and where sentences start.
    pub fn finish(self) -> (Vec<Option<usize>>, Vec<u16>, Vec<bool>) {
        (self.heads, self.labels, self.sent_start)
    }
}

/// Moves arcs labelled `label||head_label` to the nearest word labelled `head_label` under
/// their head (breadth first, left to right), and strips the decoration. `heads[i] == i`
/// marks a root.
pub fn deprojectivize(heads: &mut [usize], labels: &mut [String]) {
    let n = heads.len();
    for i in 0..n {
        let Some((own, wanted)) = labels[i].split_once("||") else {
            continue;
        };
        let (own, wanted) = (own.to_string(), wanted.to_string());
        let mut new_head = heads[i];
        let mut queue = vec![heads[i]];
        'search: while !queue.is_empty() {
            let mut next = Vec::new();
            for q in queue {
                for child in (0..n).filter(|&c| heads[c] == q && c != q) {
                    if child == i {
                        continue;
                    }
                    if labels[child] == wanted {
                        new_head = child;
                        break 'search;
                    }
                    next.push(child);
                }
            }
            queue = next;
        }
        heads[i] = new_head;
        labels[i] = own;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shift_reduce_sequence_builds_a_tree() {
        // "John saw Mary": L-nsubj(saw→John), then R-dobj(saw→Mary).
        let mut st = State::new(3);
        st.apply(Move::Shift, 0);
        assert!(st.is_valid(Move::Left));
        st.apply(Move::Left, 1);
        st.apply(Move::Shift, 0);
        st.apply(Move::Right, 2);
        assert_eq!(st.context()[2], Some(2));
        assert_eq!(st.context()[7], None, "S0 = Mary has no right child");
        st.apply(Move::Reduce, 0);
        assert_eq!(
            st.context()[7],
            Some(2),
            "S0 = saw, latest right child Mary"
        );
        st.apply(Move::Reduce, 0);
        assert!(st.is_final());
        let (heads, labels, _) = st.finish();
        assert_eq!(heads, vec![Some(1), None, Some(1)]);
        assert_eq!(labels, vec![1, 0, 2]);
    }

    #[test]
    fn reducing_a_word_without_head_puts_it_back() {
        let mut st = State::new(3);
        st.apply(Move::Shift, 0);
        st.apply(Move::Shift, 0);
        st.apply(Move::Reduce, 0);
        assert_eq!(
            st.b(0),
            Some(1),
            "word 1 is back at the front of the buffer"
        );
        assert!(!st.is_valid(Move::Shift), "and may not be shifted again");
        st.apply(Move::Left, 0);
        assert!(st.is_valid(Move::Shift), "until an arc changes the stack");
    }

    #[test]
    fn lifted_arcs_go_back_to_their_head() {
        // 0 <- 1 -> 2 (xcomp), and 3 attached to 1 as "dobj||xcomp".
        let mut heads = vec![1, 1, 1, 1];
        let mut labels: Vec<String> = ["nsubj", "ROOT", "xcomp", "dobj||xcomp"]
            .map(String::from)
            .to_vec();
        deprojectivize(&mut heads, &mut labels);
        assert_eq!(heads[3], 2);
        assert_eq!(labels[3], "dobj");
    }
}
