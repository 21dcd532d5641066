//! The forward pass of the model's layers: hash embeddings, maxout, layer normalisation,
//! the window encoder, the tagger's output layer and the parser's precomputed first layer.
//!
//! Why written out: these are a handful of dense products (about half a million
//! multiply-adds per word), and a linear-algebra dependency would cost more compile time than
//! the loops. Matrices are row-major `f32`, as thinc stores them; weights also keep a
//! transposed copy for [`matmul`]'s AVX2 kernel (six words by sixteen outputs per step),
//! chosen at run time, with a portable loop elsewhere. The first maxout is folded into the
//! embedding tables once at load ([`Tok2Vec::new`]).

/// A row-major matrix of `rows` × `cols`.
#[derive(Debug, Clone, PartialEq)]
pub struct Matrix {
    pub rows: usize,
    pub cols: usize,
    pub data: Vec<f32>,
    /// For weights: the same values column-major (`cols` rows of `rows`), which the vector
    /// kernel of [`matmul`] reads; empty for activations.
    pub transposed: Vec<f32>,
}

impl Matrix {
    pub fn zeros(rows: usize, cols: usize) -> Matrix {
        Matrix {
            rows,
            cols,
            data: vec![0.0; rows * cols],
            transposed: Vec::new(),
        }
    }

    /// A weight matrix: `data` row-major, with its transposed copy.
    pub fn weights(rows: usize, cols: usize, data: Vec<f32>) -> Matrix {
        let mut transposed = vec![0.0; data.len()];
        if data.len() == rows * cols {
            for r in 0..rows {
                for c in 0..cols {
                    transposed[c * rows + r] = data[r * cols + c];
                }
            }
        }
        Matrix {
            rows,
            cols,
            data,
            transposed,
        }
    }

    pub fn row(&self, i: usize) -> &[f32] {
        &self.data[i * self.cols..(i + 1) * self.cols]
    }

    fn row_mut(&mut self, i: usize) -> &mut [f32] {
        &mut self.data[i * self.cols..(i + 1) * self.cols]
    }
}

/// The dot product of two equal-length slices, in eight lanes.
#[inline]
pub fn dot(a: &[f32], b: &[f32]) -> f32 {
    let n = a.len().min(b.len());
    let (a, b) = (&a[..n], &b[..n]);
    let mut lanes = [0.0f32; 8];
    let mut ca = a.chunks_exact(8);
    let mut cb = b.chunks_exact(8);
    for (x, y) in (&mut ca).zip(&mut cb) {
        for k in 0..8 {
            lanes[k] += x[k] * y[k];
        }
    }
    let mut sum = 0.0;
    for (x, y) in ca.remainder().iter().zip(cb.remainder()) {
        sum += x * y;
    }
    let pairs = [
        lanes[0] + lanes[4],
        lanes[1] + lanes[5],
        lanes[2] + lanes[6],
        lanes[3] + lanes[7],
    ];
    sum + (pairs[0] + pairs[2]) + (pairs[1] + pairs[3])
}

/// `out[r] = W[r] · x + b[r]` for every row `r` of `w`.
///
/// The parser's output layer runs once per transition, so this is [`matmul`] for one word:
/// the same AVX2 and FMA kernel where the processor has them, sixteen outputs at a time
/// from the transposed weights.
#[inline]
fn affine(w: &Matrix, b: &[f32], x: &[f32], out: &mut [f32]) {
    #[cfg(target_arch = "x86_64")]
    if w.transposed.len() == w.data.len()
        && x.len() >= w.cols
        && b.len() >= w.rows
        && out.len() >= w.rows
        && std::arch::is_x86_feature_detected!("avx2")
        && std::arch::is_x86_feature_detected!("fma")
    {
        // SAFETY: the processor has the two features `affine_avx2` is compiled for, and
        // the lengths it relies on were checked above.
        unsafe { affine_avx2(w, b, x, out) };
        return;
    }
    for (r, o) in out.iter_mut().enumerate().take(w.rows) {
        *o = dot(w.row(r), x) + b[r];
    }
}

/// [`affine`]'s kernel: for each block of sixteen outputs, one broadcast input value and
/// sixteen transposed weights per step, in two accumulators; outputs beyond a multiple of
/// sixteen use [`dot`]. The caller checks that `x` holds `w.cols` values and `b` and `out`
/// `w.rows`.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
unsafe fn affine_avx2(w: &Matrix, b: &[f32], x: &[f32], out: &mut [f32]) {
    use std::arch::x86_64::*;

    let (m, k) = (w.rows, w.cols);
    let wide = m / 16 * 16;
    let wt = w.transposed.as_ptr();
    let mut r = 0;
    while r < wide {
        // SAFETY: `i < k` and `r + 16 <= m`, so the 16 weights at `i * m + r` lie in the
        // `k * m` transposed values; `x` holds `k` values, `b` and `out` hold `m`.
        unsafe {
            let mut lo = _mm256_loadu_ps(b.as_ptr().add(r));
            let mut hi = _mm256_loadu_ps(b.as_ptr().add(r + 8));
            for i in 0..k {
                let row = wt.add(i * m + r);
                let xb = _mm256_broadcast_ss(&*x.as_ptr().add(i));
                lo = _mm256_fmadd_ps(_mm256_loadu_ps(row), xb, lo);
                hi = _mm256_fmadd_ps(_mm256_loadu_ps(row.add(8)), xb, hi);
            }
            _mm256_storeu_ps(out.as_mut_ptr().add(r), lo);
            _mm256_storeu_ps(out.as_mut_ptr().add(r + 8), hi);
        }
        r += 16;
    }
    for r in wide..m {
        out[r] = dot(w.row(r), x) + b[r];
    }
}

/// `out[t * w.rows + r] = x[t] · w[r] + b[r]` for every row `t` of `x` and `r` of `w`.
///
/// Words go four at a time, so that each row of weights is read once per four words. On
/// x86-64 processors with AVX2 and FMA (checked at run time) an explicit kernel of
/// eight-lane fused multiply-adds does the work; elsewhere a portable loop does.
pub fn matmul(x: &Matrix, w: &Matrix, b: &[f32], out: &mut Vec<f32>) {
    // Both kernels write every output, so a reused buffer keeps its old values until then
    // and only its new tail is zeroed (zeroing it all cost more than 1% of a run).
    out.truncate(x.rows * w.rows);
    out.resize(x.rows * w.rows, 0.0);
    if x.cols != w.cols || b.len() < w.rows {
        out.fill(0.0);
        return;
    }
    #[cfg(target_arch = "x86_64")]
    if w.transposed.len() == w.data.len()
        && std::arch::is_x86_feature_detected!("avx2")
        && std::arch::is_x86_feature_detected!("fma")
    {
        // SAFETY: the processor has the two features `matmul_avx2` is compiled for.
        unsafe { matmul_avx2(x, w, b, out) };
        return;
    }
    matmul_body(x, w, b, out);
}

/// Words per block of the vector kernel.
const BLOCK: usize = 6;

/// The AVX2 kernel: six words by sixteen outputs in twelve accumulators; each step
/// broadcasts one input value per word and reads sixteen weights of the transposed matrix,
/// so no horizontal sums are needed. Outputs beyond a multiple of sixteen use [`dot`].
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
unsafe fn matmul_avx2(x: &Matrix, w: &Matrix, b: &[f32], out: &mut [f32]) {
    use std::arch::x86_64::*;

    let (n, m, k) = (x.rows, w.rows, w.cols);
    let wide = m / 16 * 16;
    let wt = w.transposed.as_ptr();
    let mut t = 0;
    while t < n {
        let block = (n - t).min(BLOCK);
        // Short blocks repeat their last word; only `block` results are stored.
        let xs: [&[f32]; BLOCK] = std::array::from_fn(|j| x.row(t + j.min(block - 1)));
        let xp: [*const f32; BLOCK] = xs.map(<[f32]>::as_ptr);
        let mut r = 0;
        while r < wide {
            let mut acc = [[_mm256_setzero_ps(); 2]; BLOCK];
            for i in 0..k {
                // SAFETY: `i < k` and `r + 16 <= m`, so the 16 weights at `i * m + r` lie in
                // the `k * m` transposed values; each input row holds `k` values.
                unsafe {
                    let row = wt.add(i * m + r);
                    let w0 = _mm256_loadu_ps(row);
                    let w1 = _mm256_loadu_ps(row.add(8));
                    for j in 0..BLOCK {
                        let xb = _mm256_broadcast_ss(&*xp[j].add(i));
                        acc[j][0] = _mm256_fmadd_ps(w0, xb, acc[j][0]);
                        acc[j][1] = _mm256_fmadd_ps(w1, xb, acc[j][1]);
                    }
                }
            }
            let bias = &b[r..r + 16];
            for (j, acc) in acc.iter().enumerate().take(block) {
                let dst = &mut out[(t + j) * m + r..(t + j) * m + r + 16];
                // SAFETY: `bias` and `dst` hold 16 values each; unaligned loads and stores.
                unsafe {
                    let lo = _mm256_add_ps(acc[0], _mm256_loadu_ps(bias.as_ptr()));
                    let hi = _mm256_add_ps(acc[1], _mm256_loadu_ps(bias.as_ptr().add(8)));
                    _mm256_storeu_ps(dst.as_mut_ptr(), lo);
                    _mm256_storeu_ps(dst.as_mut_ptr().add(8), hi);
                }
            }
            r += 16;
        }
        for (j, xr) in xs.iter().enumerate().take(block) {
            for r in wide..m {
                out[(t + j) * m + r] = dot(w.row(r), xr) + b[r];
            }
        }
        t += BLOCK;
    }
}

#[inline(always)]
fn matmul_body(x: &Matrix, w: &Matrix, b: &[f32], out: &mut [f32]) {
    let (n, m) = (x.rows, w.rows);
    let mut t = 0;
    while t + 4 <= n {
        let xs = [x.row(t), x.row(t + 1), x.row(t + 2), x.row(t + 3)];
        for r in 0..m {
            let sums = dot4(w.row(r), xs);
            for (j, sum) in sums.iter().enumerate() {
                out[(t + j) * m + r] = sum + b[r];
            }
        }
        t += 4;
    }
    for t in t..n {
        let xs = [x.row(t); 4];
        for r in 0..m {
            out[t * m + r] = dot4(w.row(r), xs)[0] + b[r];
        }
    }
}

/// Four dot products of one weight row with four inputs, in eight lanes each.
#[inline(always)]
fn dot4(w: &[f32], xs: [&[f32]; 4]) -> [f32; 4] {
    let k = w.len();
    let mut acc = [[0.0f32; 8]; 4];
    let blocks = k / 8;
    for c in 0..blocks {
        let wv: &[f32; 8] = w[c * 8..c * 8 + 8].try_into().unwrap_or(&[0.0; 8]);
        for (a, x) in acc.iter_mut().zip(xs) {
            let xv: &[f32; 8] = x[c * 8..c * 8 + 8].try_into().unwrap_or(&[0.0; 8]);
            for l in 0..8 {
                a[l] += wv[l] * xv[l];
            }
        }
    }
    let mut out = [0.0f32; 4];
    for (j, (a, x)) in acc.iter().zip(xs).enumerate() {
        let mut tail = 0.0;
        for i in blocks * 8..k {
            tail += w[i] * x[i];
        }
        out[j] = tail + ((a[0] + a[4]) + (a[2] + a[6])) + ((a[1] + a[5]) + (a[3] + a[7]));
    }
    out
}

/// A hash embedding: each id is hashed to four rows of `table`, which are summed.
#[derive(Debug, Clone)]
pub struct HashEmbed {
    pub seed: u32,
    pub table: Matrix,
}

/// A maxout layer: `pieces` affine outputs per unit, the largest kept; `w` has
/// `units * pieces` rows (unit-major, as thinc lays them out).
#[derive(Debug, Clone)]
pub struct Maxout {
    pub units: usize,
    pub pieces: usize,
    pub w: Matrix,
    pub b: Vec<f32>,
}

impl Maxout {
    /// Every row of `x` at once: `out` gets `x.rows` rows of `units`.
    fn forward_all(&self, x: &Matrix, scratch: &mut Vec<f32>, out: &mut Matrix) {
        matmul(x, &self.w, &self.b, scratch);
        let wide = self.units * self.pieces;
        for t in 0..x.rows {
            let row = &scratch[t * wide..(t + 1) * wide];
            for (u, o) in out.row_mut(t).iter_mut().enumerate().take(self.units) {
                let piece = &row[u * self.pieces..(u + 1) * self.pieces];
                *o = piece.iter().copied().fold(f32::NEG_INFINITY, f32::max);
            }
        }
    }
}

/// Layer normalisation with gain and bias (thinc adds 1e-8 to the variance).
#[derive(Debug, Clone)]
pub struct LayerNorm {
    pub g: Vec<f32>,
    pub b: Vec<f32>,
}

impl LayerNorm {
    fn apply(&self, x: &mut [f32]) {
        let n = x.len() as f32;
        let mean = x.iter().sum::<f32>() / n;
        let var = x.iter().map(|v| (v - mean) * (v - mean)).sum::<f32>() / n + 1e-8;
        let scale = 1.0 / var.sqrt();
        for ((v, g), b) in x.iter_mut().zip(&self.g).zip(&self.b) {
            *v = (*v - mean) * scale * g + b;
        }
    }
}

/// The token-to-vector network: six hash embeddings concatenated, a maxout with layer
/// normalisation down to `width`, then residual blocks over a window of one word each side.
///
/// The first maxout is linear in the embeddings, and each embedding is a sum of table rows,
/// so [`Tok2Vec::new`] multiplies every table row by its slice of the maxout's weights once:
/// a word then costs 24 row additions instead of a 576 × 288 product (a quarter of the
/// network's work), for 13 MB of precomputed rows.
#[derive(Debug, Clone)]
pub struct Tok2Vec {
    pub embeds: Vec<HashEmbed>,
    /// Per embedding, each table row times that embedding's columns of `reduce`'s weights.
    projected: Vec<Matrix>,
    pub reduce: (Maxout, LayerNorm),
    pub blocks: Vec<(Maxout, LayerNorm)>,
    pub width: usize,
    /// Zero rows thinc puts before and after a document for the encoder: they pass
    /// through the residual blocks like words, so the words at either end see them.
    pub pad: usize,
    /// Tells this model's rows apart in [`EMBEDDED`].
    id: u64,
}

/// Tok2Vec models made so far (each takes the next number as its id).
static MODELS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// Most rows [`EMBEDDED`] keeps per thread (about 400 bytes each, so some 4 MB) before it
/// starts again.
const EMBEDDED_ROWS: usize = 8_192;

/// (model id, a word's six attribute ids) → the word's row of the embedding stage.
type EmbeddedRows = foldhash::HashMap<(u64, [u64; 6]), Box<[f32]>>;

std::thread_local! {
    /// Per thread, the embedding stage's row for (model, a word's six attribute ids): a
    /// word's row depends on nothing else, and news repeats its words, so most rows are
    /// made once ("the", "said", "Trump") rather than once per sentence.
    static EMBEDDED: std::cell::RefCell<EmbeddedRows> =
        std::cell::RefCell::new(EmbeddedRows::default());
}

impl Tok2Vec {
    pub fn new(
        embeds: Vec<HashEmbed>,
        reduce: (Maxout, LayerNorm),
        blocks: Vec<(Maxout, LayerNorm)>,
        width: usize,
        pad: usize,
    ) -> Tok2Vec {
        let wide = reduce.0.w.rows;
        let projected = embeds
            .iter()
            .enumerate()
            .map(|(f, embed)| {
                let cols = embed.table.cols;
                let mut part = vec![0.0; wide * cols];
                for r in 0..wide {
                    let row = reduce.0.w.row(r);
                    let from = (f * cols).min(row.len());
                    let to = ((f + 1) * cols).min(row.len());
                    part[r * cols..r * cols + (to - from)].copy_from_slice(&row[from..to]);
                }
                let part = Matrix::weights(wide, cols, part);
                let mut out = Matrix::zeros(0, wide);
                matmul(&embed.table, &part, &vec![0.0; wide], &mut out.data);
                out.rows = embed.table.rows;
                out
            })
            .collect();
        Tok2Vec {
            embeds,
            projected,
            reduce,
            blocks,
            width,
            pad,
            id: MODELS.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        }
    }

    /// One row of `width` per word.
    pub fn forward(&self, ids: &[[u64; 6]]) -> Matrix {
        let mut x = self.embed(ids);
        self.encode(&mut x);
        x
    }

    /// The embedding stage: hash embeddings, maxout and layer norm.
    pub fn embed(&self, ids: &[[u64; 6]]) -> Matrix {
        let n = ids.len();
        let maxout = &self.reduce.0;
        let mut x = Matrix::zeros(n, self.width);
        let mut sum = vec![0.0f32; maxout.units * maxout.pieces];
        EMBEDDED.with_borrow_mut(|cache| {
            for (t, word) in ids.iter().enumerate() {
                let out = x.row_mut(t);
                if let Some(row) = cache.get(&(self.id, *word)) {
                    out.copy_from_slice(row);
                    continue;
                }
                self.embed_word(word, &mut sum, out);
                if cache.len() >= EMBEDDED_ROWS {
                    cache.clear();
                }
                cache.insert((self.id, *word), out.into());
            }
        });
        x
    }

    /// One word's row of the embedding stage, into `out`; `sum` is scratch.
    fn embed_word(&self, word: &[u64; 6], sum: &mut [f32], out: &mut [f32]) {
        let (maxout, norm) = &self.reduce;
        sum.copy_from_slice(&maxout.b);
        for (f, (embed, table)) in self.embeds.iter().zip(&self.projected).enumerate() {
            let rows = table.rows as u32;
            for key in super::features::hash_id(word[f], embed.seed) {
                for (s, v) in sum.iter_mut().zip(table.row((key % rows) as usize)) {
                    *s += v;
                }
            }
        }
        for (u, o) in out.iter_mut().enumerate().take(maxout.units) {
            let piece = &sum[u * maxout.pieces..(u + 1) * maxout.pieces];
            *o = piece.iter().copied().fold(f32::NEG_INFINITY, f32::max);
        }
        norm.apply(out);
    }

    /// The encoder: residual blocks over a window of one word each side, in place, with
    /// [`Tok2Vec::pad`] zero rows on either side of the words.
    ///
    /// Only the rows that can still reach a word are computed: the output of block `l`
    /// (from 0) is read by the word rows of the last block only up to `blocks - 1 - l`
    /// places beyond the words, so padding rows further out are left as they are.
    pub fn encode(&self, words: &mut Matrix) {
        let width = self.width;
        let pad = self.pad;
        let mut x = Matrix::zeros(words.rows + 2 * pad, width);
        x.data[pad * width..(pad + words.rows) * width].copy_from_slice(&words.data);
        let n = x.rows;
        let depth = self.blocks.len();
        let mut scratch = Vec::new();
        let mut window = Matrix::zeros(0, 3 * width);
        let mut delta = Matrix::zeros(0, width);
        for (l, (maxout, norm)) in self.blocks.iter().enumerate() {
            // Rows needed after this block: words plus `depth - 1 - l` rows each side.
            let reach = (depth - 1 - l).min(pad);
            let (lo, hi) = (pad - reach, n - (pad - reach));
            let rows = hi - lo;
            // Every value of both buffers is written below; only a grown tail is zeroed.
            window.rows = rows;
            window.data.truncate(rows * 3 * width);
            window.data.resize(rows * 3 * width, 0.0);
            for (j, t) in (lo..hi).enumerate() {
                let out = &mut window.data[j * 3 * width..(j + 1) * 3 * width];
                if t > 0 {
                    out[..width].copy_from_slice(x.row(t - 1));
                } else {
                    out[..width].fill(0.0);
                }
                out[width..2 * width].copy_from_slice(x.row(t));
                if t + 1 < n {
                    out[2 * width..].copy_from_slice(x.row(t + 1));
                } else {
                    out[2 * width..].fill(0.0);
                }
            }
            delta.rows = rows;
            delta.data.truncate(rows * width);
            delta.data.resize(rows * width, 0.0);
            maxout.forward_all(&window, &mut scratch, &mut delta);
            for (j, t) in (lo..hi).enumerate() {
                let d = delta.row_mut(j);
                norm.apply(d);
                for (v, d) in x.row_mut(t).iter_mut().zip(d.iter()) {
                    *v += d;
                }
            }
        }
        words
            .data
            .copy_from_slice(&x.data[pad * width..(pad + words.rows) * width]);
    }
}

/// A dense layer `y = W x + b`.
#[derive(Debug, Clone)]
pub struct Linear {
    pub w: Matrix,
    pub b: Vec<f32>,
}

impl Linear {
    pub fn forward(&self, x: &[f32], out: &mut [f32]) {
        affine(&self.w, &self.b, x, out);
    }

    pub fn outputs(&self) -> usize {
        self.w.rows
    }

    /// Every row of `x` at once.
    pub fn forward_all(&self, x: &Matrix) -> Matrix {
        let mut out = Matrix::zeros(0, self.w.rows);
        matmul(x, &self.w, &self.b, &mut out.data);
        out.rows = x.rows;
        out
    }
}

/// The parser's first layer, precomputable per word: for each of `features` context slots,
/// `hidden * pieces` outputs; a state's vector is the sum over its slots (a padding vector
/// for an empty slot), plus the bias, maxed over pieces.
#[derive(Debug, Clone)]
pub struct Lower {
    pub features: usize,
    pub hidden: usize,
    pub pieces: usize,
    /// `features * hidden * pieces` rows of `input` columns.
    pub w: Matrix,
    /// `hidden * pieces`.
    pub b: Vec<f32>,
    /// `features * hidden * pieces`.
    pub pad: Vec<f32>,
}

impl Lower {
    /// Per word, every slot's contribution: `n` rows of `features * hidden * pieces`.
    pub fn precompute(&self, x: &Matrix) -> Matrix {
        let zeros = vec![0.0; self.w.rows];
        let mut out = Matrix::zeros(0, self.w.rows);
        matmul(x, &self.w, &zeros, &mut out.data);
        out.rows = x.rows;
        out
    }

    /// The hidden vector of a state whose context slots hold `tokens` (`None` = empty).
    pub fn hidden(&self, pre: &Matrix, tokens: &[Option<usize>], sum: &mut [f32], out: &mut [f32]) {
        let block = self.hidden * self.pieces;
        sum.copy_from_slice(&self.b);
        for (slot, token) in tokens.iter().enumerate().take(self.features) {
            let part = match token {
                Some(t) => &pre.row(*t)[slot * block..(slot + 1) * block],
                None => &self.pad[slot * block..(slot + 1) * block],
            };
            for (s, v) in sum.iter_mut().zip(part) {
                *s += v;
            }
        }
        for (h, o) in out.iter_mut().enumerate().take(self.hidden) {
            let piece = &sum[h * self.pieces..(h + 1) * self.pieces];
            *o = piece.iter().copied().fold(f32::NEG_INFINITY, f32::max);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dot_matches_the_plain_sum() {
        let a: Vec<f32> = (0..37).map(|i| i as f32 * 0.5 - 3.0).collect();
        let b: Vec<f32> = (0..37).map(|i| 1.0 - i as f32 * 0.25).collect();
        let plain: f32 = a.iter().zip(&b).map(|(x, y)| x * y).sum();
        assert!((dot(&a, &b) - plain).abs() < 1e-3);
    }

    #[test]
    fn maxout_keeps_the_largest_piece() {
        let m = Maxout {
            units: 2,
            pieces: 2,
            w: Matrix::weights(4, 1, vec![1.0, -1.0, 2.0, 3.0]),
            b: vec![0.0, 0.0, 0.0, -10.0],
        };
        let x = Matrix {
            rows: 1,
            cols: 1,
            data: vec![2.0],
            transposed: Vec::new(),
        };
        let mut out = Matrix::zeros(1, 2);
        m.forward_all(&x, &mut Vec::new(), &mut out);
        assert_eq!(out.data, [2.0, 4.0]);
    }

    /// Every shape the kernels special-case: words in and out of blocks of six, outputs in
    /// and out of blocks of sixteen, inputs in and out of blocks of eight, on the vector
    /// kernels (where the processor has them) and the portable one, for many words and one.
    #[test]
    fn matmul_matches_the_plain_products() {
        let value = |i: usize| ((i * 7919 % 101) as f32 - 50.0) / 25.0;
        for (n, m, k) in [
            (1, 1, 1),
            (5, 17, 9),
            (6, 16, 8),
            (7, 33, 24),
            (13, 50, 96),
            (3, 106, 64),
        ] {
            let x = Matrix {
                rows: n,
                cols: k,
                data: (0..n * k).map(value).collect(),
                transposed: Vec::new(),
            };
            let w = Matrix::weights(m, k, (0..m * k).map(|i| value(i + 3)).collect());
            let b: Vec<f32> = (0..m).map(|i| value(i + 11)).collect();
            // A reused buffer holding other values, longer than the product.
            let mut fast = vec![f32::NAN; n * m + 5];
            matmul(&x, &w, &b, &mut fast);
            assert_eq!(fast.len(), n * m);
            let mut portable = vec![0.0; n * m];
            matmul_body(&x, &w, &b, &mut portable);
            for t in 0..n {
                let mut one = vec![f32::NAN; m];
                affine(&w, &b, x.row(t), &mut one);
                for r in 0..m {
                    let plain: f32 = (0..k).map(|i| x.row(t)[i] * w.row(r)[i]).sum::<f32>() + b[r];
                    for got in [fast[t * m + r], portable[t * m + r], one[r]] {
                        assert!(
                            (got - plain).abs() < 1e-3,
                            "{n}x{m}x{k} [{t},{r}]: {got} vs {plain}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn layer_norm_centres_and_scales() {
        let norm = LayerNorm {
            g: vec![1.0; 4],
            b: vec![0.0; 4],
        };
        let mut x = [1.0, 2.0, 3.0, 4.0];
        norm.apply(&mut x);
        assert!(x.iter().sum::<f32>().abs() < 1e-5);
        let var: f32 = x.iter().map(|v| v * v).sum::<f32>() / 4.0;
        assert!((var - 1.0).abs() < 1e-4);
    }
}
