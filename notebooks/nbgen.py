"""What make_notebooks.py builds the notebooks with: the seed numbers, a reference LSTM step, Java literals, nbformat.

The numbers the notebooks assert come from outside the Java code they check:
- the weights and outputs the seed questions printed (see the SEEDS constants);
- Keras's own predictions and parameter counts in data/NAME.expected.json (written by data/make_models.py);
- a plain-Python LSTM step in this file (`reference_step`), the textbook equations written out once more, which also
  reproduces the Keras outputs the second seed question quotes (asserted when this script runs).
- a plain-Python GRU and SimpleRNN (`reference_gru_run`, `reference_simple_rnn_run`), the Keras formulas written out
  once more, which reproduce the predictions stored with every file in RECURRENT_FILES (asserted when
  make_notebooks.py runs) and give the gate values the GRU notebook asserts.
Cell ids are fixed (`<notebook>-<nn>`), so regenerating gives identical files. Run notebooks with the working
directory set to this folder (run_all.py does): they open models as data/NAME.h5.
"""

import json
import math
import os

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "data")

KERNELSPEC = {"name": "lstm-lens", "display_name": "Java (LSTM Lens)", "language": "java"}
LANGUAGE_INFO = {"name": "java", "file_extension": ".jshell", "mimetype": "text/x-java-source"}

# The first seed question: a fresh LSTM(4) on 5 features (Keras 2 on TensorFlow 1, so hard_sigmoid gates).
SEED0_KERNEL = [
    [-0.46578053, -0.31746995, -0.33488223, 0.4640277, -0.46431816, -0.0852727, 0.43396038, 0.12882692,
     -0.0822868, -0.23696694, 0.4661569, 0.4719978, 0.12041456, -0.20120585, 0.45095628, -0.1172519],
    [0.04213512, -0.24420211, -0.33768272, 0.11827284, -0.01744157, -0.09241, 0.18402642, 0.07530934,
     -0.28586367, -0.05161515, -0.18925312, -0.19212383, 0.07093149, -0.14886391, -0.08835816, 0.15116036],
    [-0.09760407, -0.27473268, -0.29974532, -0.14995047, 0.35970795, 0.03962368, 0.35579181, -0.21503082,
     -0.46921644, -0.47543833, -0.51497519, -0.08157375, 0.4575423, 0.35909468, -0.20627108, 0.20574462],
    [-0.19834137, 0.05490702, 0.13013887, -0.52255917, 0.20565301, 0.12259561, -0.33298236, 0.2399289,
     -0.23061508, 0.2385658, -0.08770937, -0.35886696, 0.28242612, -0.49390298, -0.23676801, 0.09713227],
    [-0.21802655, -0.32708862, -0.2184104, -0.28524712, 0.37784815, 0.50567037, 0.47393328, -0.05177036,
     0.41434419, -0.36551589, 0.01406455, 0.30521619, 0.39916915, 0.22952956, 0.40699703, 0.4528749]]
SEED0_RECURRENT = [
    [0.28626361, -0.21708137, -0.18340513, -0.02943563, -0.16822724, 0.38830781, -0.50277489, -0.07898639,
     -0.30247116, -0.01375726, -0.34504923, -0.01373435, -0.32458451, -0.03497506, -0.01305341, 0.28398186],
    [-0.35822678, 0.13861786, 0.42913082, 0.11312254, -0.1593778, 0.58666271, 0.09238213, -0.24134786,
     0.2196856, -0.01660753, -0.01929135, -0.02324873, -0.2000526, -0.07921806, -0.33966202, -0.08963238],
    [-0.06521184, -0.28180376, 0.00445012, -0.32302913, -0.02236169, -0.00901215, 0.03330055, 0.10727262,
     0.03839845, -0.58494729, 0.36934188, -0.31894827, -0.43042961, 0.01130622, 0.11946538, -0.13160609],
    [-0.31211731, -0.24986106, 0.16157174, -0.27083701, 0.14389414, -0.23260537, -0.28311059, -0.17966864,
     -0.28650531, -0.06572254, -0.03313115, 0.23230191, 0.13236329, 0.44721091, -0.42978323, -0.09875761]]
SEED0_BIAS = [0.0] * 4 + [1.0] * 4 + [0.0] * 8
SEED0_X = [0.1, 0.2, 0.3, 0.4, 0.5]

# The second seed question: input_dim 1, units 3, one input value; EXPECTED_H are the Keras outputs it quotes
# (also the golden values of SeedOrderQuestionTest).
SEED1_KERNEL = [[-0.40927699, -0.53539848, 0.40065038, -0.07722378, 0.30405849, 0.54959822, -0.23097005, 0.4720422,
                 0.05197877, -0.52746099, -0.5856396, -0.43691438]]
SEED1_RECURRENT = [
    [-0.25504839, -0.0823682, 0.11609183, 0.41123426, 0.03409858, -0.0647027, -0.59183347, -0.15359771, 0.21647622,
     0.24863823, 0.46169096, -0.21100986],
    [0.29160395, 0.46513283, 0.33996364, -0.31195125, -0.24458826, -0.09762905, 0.16202784, -0.01602131, 0.34460208,
     0.39724654, 0.31806156, 0.1102117],
    [-0.15919448, -0.33053166, -0.22857222, -0.04912394, -0.21862955, 0.55346996, 0.38505834, 0.18110731, 0.270677,
     -0.02759281, 0.42814475, -0.13496138]]
SEED1_BIAS = [0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]
SEED1_X = 0.83467698
SEED1_SEQUENCE = [0.83467698, 0.1, -0.5, 0.3]
SEED1_EXPECTED_H = [[-0.03378818, 0.06142151, 0.01049471], [-0.02532322, 0.06548612, 0.01415109],
                    [0.02407982, -0.02088694, 0.00881938], [-0.00428293, 0.01764741, 0.00954552]]

CHECKS = """\
// Small checks: a wrong number stops the notebook (and the headless run) with a message that names it.
// (Different names for numbers and arrays: JShell does not overload methods across snippets reliably.)
void check(boolean ok, String what) {
    if (!ok) throw new AssertionError("check failed: " + what);
}
void near(double actual, double expected, double tolerance, String what) {
    if (!(Math.abs(actual - expected) <= tolerance))
        throw new AssertionError(what + ": expected " + expected + " within " + tolerance + ", got " + actual);
}
void nearAll(double[] actual, double[] expected, double tolerance, String what) {
    check(actual.length == expected.length, what + ": length " + actual.length + ", expected " + expected.length);
    for (int k = 0; k < expected.length; k++) near(actual[k], expected[k], tolerance, what + "[" + k + "]");
}"""

# Plain Java arithmetic for the cells that redo a product by hand, independent of the DSL.
TIMES = """\
// v.M for a row vector v and a matrix M, written out: the product the DSL does for us.
double[] times(double[] v, double[][] m) {
    double[] out = new double[m[0].length];
    for (int j = 0; j < v.length; j++)
        for (int col = 0; col < out.length; col++) out[col] += v[j] * m[j][col];
    return out;
}
double[] plus(double[] a, double[] b) {
    double[] out = new double[a.length];
    for (int k = 0; k < a.length; k++) out[k] = a[k] + b[k];
    return out;
}"""


# ---------------------------------------------------------------------------------------------------- reference math
def sigmoid(z):
    return 1.0 / (1.0 + math.exp(-z))


def hard_sigmoid_keras2(z):
    return min(1.0, max(0.0, 0.2 * z + 0.5))


def reference_step(x, h, c, kernel, recurrent, bias, gate_activation):
    """One Keras LSTM step in plain Python: z = x.W + h.U + b, gates i, f, c, o in that order."""
    u = len(h)
    z = [sum(x[j] * kernel[j][col] for j in range(len(x))) + sum(h[k] * recurrent[k][col] for k in range(u))
         + bias[col] for col in range(4 * u)]
    i = [gate_activation(v) for v in z[0:u]]
    f = [gate_activation(v) for v in z[u:2 * u]]
    g = [math.tanh(v) for v in z[2 * u:3 * u]]
    o = [gate_activation(v) for v in z[3 * u:4 * u]]
    c_new = [f[k] * c[k] + i[k] * g[k] for k in range(u)]
    h_new = [o[k] * math.tanh(c_new[k]) for k in range(u)]
    return {"z": z, "i": i, "f": f, "g": g, "o": o, "c": c_new, "h": h_new}


def reference_run(xs, kernel, recurrent, bias, gate_activation):
    u = len(recurrent)
    h, c, steps = [0.0] * u, [0.0] * u, []
    for x in xs:
        step = reference_step(x, h, c, kernel, recurrent, bias, gate_activation)
        h, c = step["h"], step["c"]
        steps.append(step)
    return steps


# The GRU and SimpleRNN files of data/ whose predictions the plain-Python reference must reproduce.
RECURRENT_FILES = ["gru_lag3", "gru_lag3_reset_before", "simple_rnn_lag3", "tfkeras_gru", "tfkeras_gru_keras2_style"]


def reference_gru_run(xs, kernel, recurrent, bias, reset_after, gate_activation, h=None):
    """A Keras GRU in plain Python, blocks z | r | h; bias is [b, b'] (reset_after=True) or b (reset_after=False).

    z = sigma(x.W_z + b_z + h.U_z + b'_z), r likewise, then hh = tanh(x.W_h + b_h + r * (h.U_h + b'_h)) with
    reset_after, else tanh(x.W_h + b_h + (r * h).U_h); h = z * h_prev + (1 - z) * hh. One dict per step.
    """
    u = len(recurrent)
    b, b_rec = (bias[0], bias[1]) if reset_after else (bias, [0.0] * (3 * u))
    h = list(h) if h is not None else [0.0] * u
    steps = []
    for x in xs:
        xw = [sum(x[j] * kernel[j][col] for j in range(len(x))) + b[col] for col in range(3 * u)]
        hu = [sum(h[i] * recurrent[i][col] for i in range(u)) + b_rec[col] for col in range(3 * u)]
        z = [gate_activation(xw[k] + hu[k]) for k in range(u)]
        r = [gate_activation(xw[u + k] + hu[u + k]) for k in range(u)]
        if reset_after:
            hh = [math.tanh(xw[2 * u + k] + r[k] * hu[2 * u + k]) for k in range(u)]
        else:
            hh = [math.tanh(xw[2 * u + k] + sum(r[i] * h[i] * recurrent[i][2 * u + k] for i in range(u)))
                  for k in range(u)]
        h = [z[k] * h[k] + (1 - z[k]) * hh[k] for k in range(u)]
        steps.append({"z": z, "r": r, "hh": hh, "h": h})
    return steps


def reference_simple_rnn_run(xs, kernel, recurrent, bias):
    """A Keras SimpleRNN in plain Python: h = tanh(x.W + h_prev.U + b)."""
    u = len(recurrent)
    h, steps = [0.0] * u, []
    for x in xs:
        h = [math.tanh(sum(x[j] * kernel[j][k] for j in range(len(x))) + sum(h[i] * recurrent[i][k] for i in range(u))
                       + bias[k]) for k in range(u)]
        steps.append({"h": h})
    return steps


def reference_dense(h, dense):
    """Dense(1..n) on h, with the weights as expected.json lists them."""
    return [sum(h[k] * dense["kernel"][k][j] for k in range(len(h))) + dense["bias"][j]
            for j in range(len(dense["bias"]))]


def reference_predictions(record):
    """Keras's model redone in plain Python from the weights in expected.json: one list of outputs per sequence."""
    layers = record["layers"]
    rnn, cfg = layers[0], layers[0]["config"]
    w = rnn["weights"]
    out = []
    for xs in record["input"]:
        if rnn["class"] == "GRU":
            gate = sigmoid if cfg["recurrent_activation"] == "sigmoid" else hard_sigmoid_keras2
            steps = reference_gru_run(xs, w["kernel"], w["recurrent_kernel"], w["bias"], cfg["reset_after"], gate)
        else:
            steps = reference_simple_rnn_run(xs, w["kernel"], w["recurrent_kernel"], w["bias"])
        h = steps[-1]["h"]
        out.append(reference_dense(h, layers[1]["weights"]) if len(layers) > 1 else h)
    return out


def swap_blocks(matrix_rows, a, b, u):
    """The same numbers with gate blocks a and b exchanged: what a reader with the wrong order would compute."""
    out = []
    for row in matrix_rows:
        row = list(row)
        row[a * u:(a + 1) * u], row[b * u:(b + 1) * u] = row[b * u:(b + 1) * u], row[a * u:(a + 1) * u]
        out.append(row)
    return out


# --------------------------------------------------------------------------------------------------------- helpers
def java(value):
    """A Python number or nested list as a Java array initialiser."""
    if isinstance(value, (list, tuple)):
        return "{" + ", ".join(java(v) for v in value) + "}"
    return repr(float(f"{float(value):.15g}"))  # 15 digits: exact enough for any check here, easier to read


def java_row(row, indent, per_line=6):
    """One row as a Java initialiser, wrapped after every `per_line` numbers so that cells stay readable."""
    chunks = [", ".join(java(v) for v in row[k:k + per_line]) for k in range(0, len(row), per_line)]
    return indent + "{" + (",\n" + indent + " ").join(chunks) + "}"


def java_array(values, indent="    ", per_line=6):
    """A 1-D Java array initialiser: one line if short, else `per_line` numbers a line."""
    if len(values) <= 4:
        return java(values)
    chunks = [", ".join(java(v) for v in values[k:k + per_line]) for k in range(0, len(values), per_line)]
    return "{\n" + indent + (",\n" + indent).join(chunks) + "}"


def java_column(rows, indent="    ", per_line=4):
    """A sequence of one-feature rows, [[a], [b], ...], as a Java initialiser wrapped `per_line` rows a line."""
    items = ["{" + java(row[0]) + "}" for row in rows]
    chunks = [", ".join(items[k:k + per_line]) for k in range(0, len(items), per_line)]
    return "{\n" + indent + (",\n" + indent).join(chunks) + "}"


def java_matrix(rows, indent="    "):
    return "{\n" + ",\n".join(java_row(r, indent) for r in rows) + "}"


def expected(name):
    with open(os.path.join(DATA, name + ".expected.json")) as f:
        return json.load(f)


def reference_ig(record, sample=0):
    """Keras's model differentiated by JAX: integrated gradients of one sequence (timesteps x features)."""
    return record["reference_attributions"]["integrated_gradients"][sample]


def reference_shares(record, sample=0):
    """Each timestep's share of |attribution| (summed over features), worked out here from JAX's reference numbers."""
    per_step = [sum(abs(v) for v in row) for row in reference_ig(record, sample)]
    total = sum(per_step)
    return [v / total for v in per_step]


def layer_params(record):
    return {layer["name"]: layer["params"] for layer in record["layers"]}


def notebook(stem, cells):
    nb = new_notebook()
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    nb.metadata["language_info"] = dict(LANGUAGE_INFO)
    for n, (kind, text) in enumerate(cells):
        cell = new_markdown_cell(text.strip("\n")) if kind == "md" else new_code_cell(text.strip("\n"))
        cell["id"] = f"{stem.split('_')[0]}-{n:02d}"
        nb.cells.append(cell)
    nbformat.validate(nb)
    path = os.path.join(HERE, stem + ".ipynb")
    with open(path, "w", encoding="utf-8") as f:
        nbformat.write(nb, f)
        # nbformat.write ends without a newline; keep files POSIX-friendly and stable.
    with open(path, "a", encoding="utf-8") as f:
        f.write("\n")
    return path


def md(text):
    return ("md", text)


def code(text):
    return ("code", text)
