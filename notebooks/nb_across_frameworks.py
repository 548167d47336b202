"""Notebook 08: the same network in Keras, PyTorch and ONNX; converting weights by hand and checking with compare.

The numbers come from real files: lag5.keras and gru_lag3.keras (trained by data/make_models.py and
data/make_gru_models.py), and their PyTorch and ONNX twins written by data/make_framework_twins.py, whose arrays are
stored as torch.load and onnx.load read them back (data/framework_twins.expected.json), with the three frameworks'
outputs. What the notebook asserts about where two conversions part is worked out here, in plain Python, with nbgen's
reference LSTM and GRU (the Keras formulas written out once more).
"""

import nbgen as g
from nbgen import code, java, md

TOL_KERAS = 1e-5
TOL_EXACT = 1e-12  # the same float32 value, printed here with 15 digits

HELPERS = """\
// PyTorch and ONNX store W as (gates*units) x features, Keras as features x (gates*units): a transpose.
double[][] transpose(double[][] m) {
    double[][] t = new double[m[0].length][m.length];
    for (int r = 0; r < m.length; r++)
        for (int c = 0; c < m[0].length; c++) t[c][r] = m[r][c];
    return t;
}
// Columns regrouped by gate block (units columns each): block j of the result is block order[j] of m.
double[][] reorder(double[][] m, int units, int... order) {
    double[][] out = new double[m.length][m[0].length];
    for (int r = 0; r < m.length; r++)
        for (int j = 0; j < order.length; j++)
            System.arraycopy(m[r], order[j] * units, out[r], j * units, units);
    return out;
}
double[] reorderValues(double[] v, int units, int... order) {
    return reorder(new double[][] {v}, units, order)[0];
}"""


def column(rows):
    return [row[0] for row in rows]


def transpose(m):
    return [list(r) for r in zip(*m)]


def reorder(m, u, order):
    return [[row[k * u + j] for k in order for j in range(u)] for row in m]


def first_divergence(a, b, names):
    """The first step and gate (in `names` order) where two plain-Python runs differ beyond 1e-5 (gates lie in
    [0, 1], so the rule |a - b| <= 1e-5 * max(1, |a|, |b|) is absolute here)."""
    for s, (sa, sb) in enumerate(zip(a, b)):
        for key, name in names:
            if any(abs(p - q) > 1e-5 for p, q in zip(sa[key], sb[key])):
                return s, name
    return None


LSTM_NAMES = [("i", "i"), ("f", "f"), ("g", "c"), ("o", "o")]
GRU_NAMES = [("z", "z"), ("r", "r"), ("hh", "h")]


def across_frameworks():
    tw = g.expected("framework_twins")
    lag5, gru = g.expected("lag5"), g.expected("gru_lag3")
    tl, tg = tw["lag5"], tw["gru_lag3"]
    u = 8
    x = lag5["input"][0]
    w = lag5["layers"][0]["weights"]
    sd = tl["torch_state_dict"]
    w_ih, w_hh = sd["rnn.weight_ih_l0"], sd["rnn.weight_hh_l0"]
    b_ih, b_hh = sd["rnn.bias_ih_l0"], sd["rnn.bias_hh_l0"]
    # the conversion the notebook does, done here first: it must give Keras's arrays back
    assert transpose(w_ih) == w["kernel"] and transpose(w_hh) == w["recurrent_kernel"]
    summed = [p + q for p, q in zip(b_ih, b_hh)]
    bias_gap = max(abs(p - q) for p, q in zip(summed, w["bias"]))
    assert 0 < bias_gap < 1e-6
    assert tl["torch_params"] == 4 * (1 * u + u * u + 2 * u) == 352
    right = g.reference_run(x, w["kernel"], w["recurrent_kernel"], w["bias"], g.sigmoid)
    one_bias = first_divergence(right, g.reference_run(x, w["kernel"], w["recurrent_kernel"], b_ih, g.sigmoid),
                                LSTM_NAMES)
    on = tl["onnx_initializers"]
    o_w, o_r, o_b = on["lstm_W"][0], on["lstm_R"][0], on["lstm_B"][0]
    o_bias = [p + q for p, q in zip(o_b[:4 * u], o_b[4 * u:])]
    assert reorder(transpose(o_w), u, [0, 2, 3, 1]) == w["kernel"]
    misread = first_divergence(right, g.reference_run(x, transpose(o_w), transpose(o_r), o_bias, g.sigmoid),
                               LSTM_NAMES)
    gw = gru["layers"][0]["weights"]
    gsd = tg["torch_state_dict"]
    gw_ih, gw_hh = gsd["rnn.weight_ih_l0"], gsd["rnn.weight_hh_l0"]
    gb_ih, gb_hh = gsd["rnn.bias_ih_l0"], gsd["rnn.bias_hh_l0"]
    assert reorder(transpose(gw_ih), u, [1, 0, 2]) == gw["kernel"]
    assert reorder([gb_ih, gb_hh], u, [1, 0, 2]) == gw["bias"]
    xg = gru["input"][0]
    gright = g.reference_gru_run(xg, gw["kernel"], gw["recurrent_kernel"], gw["bias"], True, g.sigmoid)
    unpermuted = first_divergence(gright, g.reference_gru_run(xg, transpose(gw_ih), transpose(gw_hh),
                                                              [gb_ih, gb_hh], True, g.sigmoid), GRU_NAMES)
    folded_bias = [[p + q for p, q in zip(*gw["bias"])], [0.0] * (3 * u)]
    folded = first_divergence(gright, g.reference_gru_run(xg, gw["kernel"], gw["recurrent_kernel"], folded_bias,
                                                          True, g.sigmoid), GRU_NAMES)
    assert one_bias == (0, "i") and misread == (0, "f") and unpermuted == (0, "z") and folded == (0, "h"), (
        one_bias, misread, unpermuted, folded)
    return [
        md("""
# One network, three frameworks

The questions people ask when a recurrent model moves between Keras, PyTorch and ONNX:

1. Why does PyTorch's LSTM have two biases where Keras has one, and 352 parameters where Keras counts 320?
2. In what order does each framework pack the gates?
3. How do I convert the weights by hand, and how do I know the result computes the same thing?

The model is `data/lag5.keras`, an LSTM(8) -> Dense(1) trained by Keras to output the input from 5 steps before the
last. Its twins `data/lag5.pt` (a PyTorch `state_dict`: an `nn.LSTM` named `rnn` and an `nn.Linear` named `head`)
and `data/lag5.onnx` (the ONNX `LSTM` operator and the head) hold the same weights in their frameworks' layouts,
written by `data/make_framework_twins.py`. LSTM Lens opens all three. First we do by hand what its PyTorch and ONNX
readers do, on the arrays as `torch.load` and `onnx.load` read them from those files
(`data/framework_twins.expected.json`), and check each conversion with `lstm.compare`; at the end, the readers."""),
        code(g.CHECKS + "\n" + g.TIMES + "\n" + HELPERS),
        code(f"""
var m = lstm.load("data/lag5.keras");
double[][] x = {g.java_column(x)};
double[] keras = {g.java_array(tl["keras_predict"][0])};
double[] torch = {g.java_array(tl["torch_forward"][0])};
double[] onnxRuntime = {g.java_array(tl["onnxruntime"][0])};
double[] ours = m.predict(new double[][][] {{x}}).values()[0];
nearAll(ours, keras, {TOL_KERAS}, "Keras's predict");
nearAll(ours, torch, {TOL_KERAS}, "PyTorch's forward of lag5.pt");
nearAll(ours, onnxRuntime, {TOL_KERAS}, "ONNX Runtime on lag5.onnx");
System.out.println("Keras " + keras[0] + ", PyTorch " + torch[0] + ", ONNX Runtime " + onnxRuntime[0]
        + "; LSTM Lens on the Keras file " + ours[0]);"""),
        md("""
The three files give one answer for the first test sequence, within float32 noise. The weights behind it look
different in each file.

## PyTorch's two biases

`nn.LSTM` stores `weight_ih_l0` (4u x features), `weight_hh_l0` (4u x u) and two biases, `bias_ih_l0` added with the
input product and `bias_hh_l0` added with the recurrent one:

    z = x.weight_ih^T + bias_ih + h_prev.weight_hh^T + bias_hh

Keras writes `z = x.W + h_prev.U + b`: one bias. The two agree when `W = weight_ih^T`, `U = weight_hh^T` and
`b = bias_ih + bias_hh`; only the sum ever enters the math, so any split of it is the same network (this twin's split
is seeded). PyTorch counts both: `4*(d*u + u*u + 2u) = 4*(8 + 64 + 16) = 352` against Keras's
`4*(d*u + u*u + u) = 320`.
Here are the arrays as `torch.load` reads them from `lag5.pt`."""),
        code(f"""
double[][] weightIh = {g.java_column(w_ih)};   // 32 x 1
double[][] weightHh = {g.java_matrix(w_hh)};   // 32 x 8
double[] biasIh = {g.java_array(b_ih)};
double[] biasHh = {g.java_array(b_hh)};
check(4 * (1 * 8 + 8 * 8 + 2 * 8) == {tl["torch_params"]}, "PyTorch's count: sum(p.numel()) of the nn.LSTM");
check(m.layer("lstm").params().total() == 4 * (1 * 8 + 8 * 8 + 8), "Keras's count: one bias");
System.out.println("PyTorch " + {tl["torch_params"]} + " parameters, Keras " + m.layer("lstm").params().total());"""),
        md("""
## Converting by hand, and checking it

The gate order is the same in both (PyTorch i, f, g, o is Keras's i, f, c, o), so the conversion is two transposes
and a sum. `lstm.compare` then checks the result against the Keras file: it matches the layers, compares the weights
gate by gate, runs both on the same input and compares every gate at every step; the verdict comes first."""),
        code(f"""
var converted = lstm.layer(transpose(weightIh), transpose(weightHh), plus(biasIh, biasHh));
var handMade = lstm.compare(m, converted).on(x);
check(handMade.same(), handMade.verdict());
check(handMade.largestDifference() < 1e-6, "within float32 rounding of the split: " + handMade.largestDifference());
handMade"""),
        md(f"""
Same network. The differences that remain are float32 rounding, measured, not assumed: the two biases were stored
as float32 in the `.pt` file, so their sum is Keras's bias within {bias_gap:.1e} (one float32 step), and the runs
carry that into the seventh digit.

The classic mistake is to keep one of the two biases. Nothing fails: the layer runs, the numbers are merely wrong.
`lstm.compare` finds where the two part and why. Between two layers of one bias each it can only say that the biases
differ while W and U agree; where a file keeps both biases apart it names the one dropped or folded (the GRU below,
and the PyTorch file at the end)."""),
        code(f"""
var oneBias = lstm.compare(m, lstm.layer(transpose(weightIh), transpose(weightHh), biasIh)).on(x);
check(!oneBias.same(), "one bias is not the network");
check(oneBias.firstDivergence().get().step() == {one_bias[0]} && oneBias.firstDivergence().get().gate().equals("{one_bias[1]}"),
        "first at step {one_bias[0]}, gate {one_bias[1]} (the plain-Python LSTM says so)");
check(oneBias.likelyCause().get().kind() == Cause.Kind.BIAS_CHANGED, oneBias.verdict());
System.out.println(oneBias.verdict());"""),
        md("""
## Three gate orders

| framework | LSTM blocks | GRU blocks |
|---|---|---|
| Keras | i, f, c, o | z, r, h |
| PyTorch | i, f, g, o (g is Keras's c) | r, z, n (n is Keras's h) |
| ONNX | i, o, f, c | z, r, h |

LSTM Lens keeps every cell in Keras's order and knows each framework's (`Framework`). ONNX's `LSTM` operator stores
`W` as (directions, 4u, features) with its blocks in the order i, o, f, c, and one array `B` = [Wb, Rb]: the input and
the recurrent bias side by side, like PyTorch's two. Block 1 of ONNX's W is the output gate, Keras's block 3:"""),
        code(f"""
var onnxOrder = org.lstmlens.model.Framework.ONNX.storedOrder("LSTM");
check(onnxOrder.equals(List.of("i", "o", "f", "c")), "ONNX packs i, o, f, c");
double[][] onnxW = {g.java_column(o_w)};   // W[0]: 32 x 1
double[][] onnxR = {g.java_matrix(o_r)};   // R[0]: 32 x 8
double[] onnxB = {g.java_array(o_b)};   // B[0]: Wb (32) then Rb (32)
double[] kerasW = m.layer("lstm").kernel().toArray()[0];
for (int k = 0; k < 8; k++)
    near(onnxW[8 + k][0], kerasW[24 + k], {TOL_EXACT}, "ONNX block 1 (o) = Keras block 3 (o), unit " + k);
onnxOrder"""),
        md("""
Read ONNX's blocks as if they were Keras's and the layer computes something else; `lstm.compare` recognises the
order."""),
        code(f"""
double[] onnxBias = plus(Arrays.copyOfRange(onnxB, 0, 32), Arrays.copyOfRange(onnxB, 32, 64));
var misread = lstm.compare(m, lstm.layer(transpose(onnxW), transpose(onnxR), onnxBias)).on(x);
check(misread.firstDivergence().get().step() == {misread[0]} && misread.firstDivergence().get().gate().equals("{misread[1]}"),
        "first at step {misread[0]}, gate {misread[1]} (the plain-Python LSTM says so)");
check(misread.likelyCause().get().kind() == Cause.Kind.GATES_SWAPPED, misread.verdict());
check(misread.likelyCause().get().text().contains("ONNX's order i, o, f, c"), misread.verdict());
System.out.println(misread.verdict());"""),
        md("""
The fix is the permutation: Keras's i, f, c, o are ONNX's blocks 0, 2, 3, 1."""),
        code("""
var fromOnnx = lstm.layer(reorder(transpose(onnxW), 8, 0, 2, 3, 1), reorder(transpose(onnxR), 8, 0, 2, 3, 1),
        reorderValues(onnxBias, 8, 0, 2, 3, 1));
var onnxCheck = lstm.compare(m, fromOnnx).on(x);
check(onnxCheck.same(), onnxCheck.verdict());
System.out.println(onnxCheck.verdict());"""),
        md("""
## A GRU: r, z, n and a bias that cannot be summed

`data/gru_lag3.keras` is a GRU(8) -> Dense(1) trained to output the input from 3 steps back, with Keras 3's default
`reset_after=True`; `data/gru_lag3.pt` is its PyTorch twin. PyTorch packs the GRU as r, z, n, so its row blocks 0 and
1 are Keras's 1 and 0. Its two biases map to the two rows of Keras's (2, 3u) bias, in the same permutation, and they
cannot be summed: PyTorch and Keras (reset_after=True) compute

    n = tanh(x.W_n + b_in + r * (h_prev.U_n + b_hn))

so r multiplies `b_hn`. (ONNX calls the same placement `linear_before_reset=1`.)"""),
        code(f"""
var gm = lstm.load("data/gru_lag3.keras");
double[][] xg = {g.java_column(xg)};
double[][] gWeightIh = {g.java_column(gw_ih)};   // 24 x 1, rows r | z | n
double[][] gWeightHh = {g.java_matrix(gw_hh)};   // 24 x 8
double[] gBiasIh = {g.java_array(gb_ih)};
double[] gBiasHh = {g.java_array(gb_hh)};
var gru = lstm.gru(reorder(transpose(gWeightIh), 8, 1, 0, 2), reorder(transpose(gWeightHh), 8, 1, 0, 2),
        new double[][] {{reorderValues(gBiasIh, 8, 1, 0, 2), reorderValues(gBiasHh, 8, 1, 0, 2)}});
var gruCheck = lstm.compare(gm, gru).on(xg);
check(gruCheck.same(), gruCheck.verdict());
gruCheck"""),
        md("""
Two mistakes, each caught where it first shows. Without the permutation, z and r trade places, and `lstm.compare`
names the order it recognises. With the two biases summed into one row, z and r are unchanged (only the sum reaches
them) but the candidate is not, because r multiplies `b_hn`."""),
        code(f"""
var unpermuted = lstm.compare(gm, lstm.gru(transpose(gWeightIh), transpose(gWeightHh),
        new double[][] {{gBiasIh, gBiasHh}})).on(xg);
check(unpermuted.firstDivergence().get().gate().equals("{unpermuted[1]}"), unpermuted.verdict());
check(unpermuted.likelyCause().get().text().contains("PyTorch's order r, z, n"), unpermuted.verdict());
double[] b = reorderValues(gBiasIh, 8, 1, 0, 2), bRec = reorderValues(gBiasHh, 8, 1, 0, 2);
var folded = lstm.compare(gm, lstm.gru(reorder(transpose(gWeightIh), 8, 1, 0, 2),
        reorder(transpose(gWeightHh), 8, 1, 0, 2), new double[][] {{plus(b, bRec), new double[24]}})).on(xg);
check(folded.firstDivergence().get().gate().equals("{folded[1]}"), "the candidate parts first: " + folded.verdict());
check(folded.likelyCause().get().kind() == Cause.Kind.BIAS_CHANGED, folded.verdict());
System.out.println(unpermuted.verdict());
System.out.println(folded.verdict());"""),
        md("""
## Straight from the files

The PyTorch and ONNX readers do the conversions above themselves and say how: under `b`, the view lists each
array's mapping (the transpose, the block order, the two biases kept apart). With both biases apart, a layer that kept
only one of them is now named for what it is: the recurrent bias dropped."""),
        code("""
var fromTorch = lstm.compare("data/lag5.keras", "data/lag5.pt").on(x);
check(fromTorch.same() && fromTorch.largestDifference() < 1e-6, fromTorch.verdict());
var torchAndOnnx = lstm.compare("data/lag5.pt", "data/lag5.onnx").on(x);
check(torchAndOnnx.same(), torchAndOnnx.verdict());
var gruFiles = lstm.compare("data/gru_lag3.pt", "data/gru_lag3.onnx").on(xg);
check(gruFiles.same(), gruFiles.verdict());
var torchOneBias = lstm.compare(lstm.load("data/lag5.pt"),
        lstm.layer(transpose(weightIh), transpose(weightHh), biasIh)).on(x);
check(torchOneBias.likelyCause().get().kind() == Cause.Kind.BIAS_MISSING, torchOneBias.verdict());
System.out.println(torchAndOnnx.verdict());
System.out.println(gruFiles.verdict());
System.out.println(torchOneBias.verdict());
fromTorch"""),
        md("""
**In short:** PyTorch keeps two biases and counts them (352 against Keras's 320 here); for an LSTM only their sum
matters, `b = bias_ih + bias_hh`; for a GRU with r after the product (Keras's reset_after=True, PyTorch's GRU, ONNX's
linear_before_reset=1) they stay apart as the two rows of Keras's bias. The gate orders are Keras i, f, c, o / z, r, h,
PyTorch i, f, g, o / r, z, n, ONNX i, o, f, c / z, r, h; a converted layer is transposed and permuted block by block.
`lstm.compare(a, b)` says whether the result is the same network and, when it is not, the first step and gate where
it parts and the likely mistake."""),
    ]
