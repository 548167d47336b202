"""Write the tutorial notebooks (notebooks/NN_*.ipynb) from the cells below, with empty outputs.

    /usr/bin/python3 notebooks/make_notebooks.py        # needs nbformat only (Debian: python3-nbformat)

One function per notebook, in the order a reader meets the questions. Numbers the notebooks assert come from outside
the Java code (see nbgen.py): the seed questions' printed values, Keras's predictions and counts in
data/NAME.expected.json, and nbgen's plain-Python reference step. Edit here, regenerate, then execute with run_all.py.
"""

import math

import nbgen as g
from nb_across_frameworks import across_frameworks
from nbgen import code, java, java_matrix, md

TOL_KERAS = 1e-5   # Keras computed in float32; we compute in double
TOL_EXACT = 1e-12  # the same double arithmetic in another order


def tour():
    w = g.expected("weather")
    x = w["input"][0]
    w_shares = g.reference_shares(w)
    return [
        md("""
# A tour of LSTM Lens

LSTM Lens opens a trained Keras LSTM and lets you look inside: which weights feed which gate, how many parameters
there are and why, what every gate computed at every step, and how much each past timestep moved the prediction.
Everything here is Java (JShell) with `lstm` ready to use; each value a cell ends with shows itself as a table or a
picture.

The model is `data/weather.h5`: ten hours of temperature, humidity and pressure in, the next hour out
(LSTM(16) then Dense(3); `data/README.md` says how it was trained)."""),
        code(g.CHECKS),
        code("""
var m = lstm.load("data/weather.h5");
m"""),
        md("""
The summary lists the layers with their output shapes and parameter counts, the way Keras prints them. The LSTM
layer is the interesting one: its parameters with the formula behind the count."""),
        code("""
var l = m.layer("lstm");
check(l.params().total() == 1280, "LSTM(16) on 3 features has 4*(3*16 + 16*16 + 16) = 1280 parameters");
l.params()"""),
        md("""
Each of the four gates (input i, forget f, candidate c, output o) owns a block of 16 columns in the kernel, the
recurrent kernel and the bias. Here is the forget gate's share: what decides how much of the cell's memory survives
each hour."""),
        code("""l.gate("f")"""),
        md("""
Now a real input: one window of ten standardised hours (the first sequence Keras was checked on). `run` keeps every
intermediate value of every step."""),
        code(f"""
double[][] x = {java_matrix(x)};
var run = l.run(x);
run"""),
        md("""
Any single number can be unfolded into its arithmetic. The forget gate of unit 2 at the last step:"""),
        code("""
var f2 = run.step(9).gate("f").unit(2);
near(f2.value(), 1 / (1 + Math.exp(-f2.z())), 1e-12, "f = sigmoid(z_f) at step 9, unit 2");
near(f2.z(), f2.inputPart() + f2.recurrentPart() + f2.biasPart(), 1e-12, "z_f = x.W_f + h.U_f + b_f");
f2"""),
        md("""The forget gate over the whole run, every unit at every step:"""),
        code("""run.gate("f")"""),
        md("""
The whole model, LSTM then Dense, gives the forecast. It matches what Keras itself predicted for this window,
stored next to the model when it was trained. Undoing the standardisation (the training set's mean and standard
deviation, also stored there) gives it in degrees, percent and hectopascals, next to what the weather really did."""),
        code(f"""
double[] forecast = m.predict(new double[][][] {{x}}).values()[0];
double[] keras = {java(w["expected_output"][0])};
nearAll(forecast, keras, {TOL_KERAS}, "Keras's prediction");
String[] names = {{"temperature", "humidity", "pressure"}}, units = {{"deg C", "%", "hPa"}};
double[] mean = {java(w["training"]["standardisation"]["mean"])};
double[] std = {java(w["training"]["standardisation"]["std"])};
double[] actual = {java(w["training"]["check_targets"][0])};
System.out.println("              forecast    actual");
for (int k = 0; k < 3; k++)
    System.out.println(String.format("%-12s %8.1f %9.1f  %s", names[k], mean[k] + std[k] * forecast[k],
            mean[k] + std[k] * actual[k], units[k]));"""),
        md("""
Finally: which of the ten hours mattered for this forecast? `influence` answers with integrated gradients: it moves
the input from all zeros to the real window in 64 small steps and adds up, per input number, how much the output
changed on the way (here the output is the sum of the three forecast values). The model predicts the hour after its
last input, so the last input is t-1.

The same attributions, computed by JAX through Keras's own model when it was saved, are the check."""),
        code(f"""
var influence = m.influence(x).predictsNextStep();
double[][] jax = {java_matrix(g.reference_ig(w))};
double[][] ours = influence.attributions().toArray()[0];
for (int t = 0; t < 10; t++) nearAll(ours[t], jax[t], {TOL_KERAS}, "attribution of hour " + t + " (JAX)");
var byHour = influence.byTimestep();
check(byHour.top(1)[0] == 1, "the latest hour, t-1, moves the forecast most");
near(byHour.share(1), {java(round(w_shares[-1], 6))}, 1e-5, "t-1's share of |attribution| (from JAX's numbers)");
byHour"""),
        md("""
Where to go next: `01_where_is_the_bias` (the single bias vector), `02_gate_order` (i, f, c, o, worked by hand),
`03_weights_time_and_lags` (what the blocks mean and how far back the model looks), `04_units_return_sequences_stacking`
(shapes through stacked layers), `05_features_and_parameter_count` (why 12, why 16), `06_gru_and_simple_rnn` (the
same questions for GRU and SimpleRNN)."""),
    ]


def where_is_the_bias():
    first = g.reference_run([g.SEED0_X], g.SEED0_KERNEL, g.SEED0_RECURRENT, g.SEED0_BIAS, g.hard_sigmoid_keras2)[0]
    return [
        md("""
# Where is the bias added?

A Keras LSTM has a kernel `W` (applied to the input), a recurrent kernel `U` (applied to the previous output) and
**one** bias vector `b` of length `4 * units`. If there are two products, which one gets the bias?

Short answer: neither in particular. Keras forms

    z = x.W + h_prev.U + b

and only then splits `z` into the four gates. Addition does not care about grouping, so "bias with the input part"
and "bias with the recurrent part" are the same number. This notebook shows it on the weights from the question."""),
        code(g.CHECKS + "\n" + g.TIMES),
        md("""
The layer from the question: a freshly initialised LSTM(4) on 5 input features. It was built by a Keras 2 of the
TensorFlow 1 days (before 2.3), whose default gate activation was `hard_sigmoid`, `clip(0.2 z + 0.5, 0, 1)`."""),
        code(f"""
double[][] W = {java_matrix(g.SEED0_KERNEL)};
double[][] U = {java_matrix(g.SEED0_RECURRENT)};
double[] b = {java(g.SEED0_BIAS)};
var layer = lstm.layer(W, U, b).activations("tanh", "hard_sigmoid_keras2");
layer"""),
        md("""
The shapes already say where each array goes: `W` is features x 4u (5 x 16), one row per input feature; `U` is
u x 4u (4 x 16), one row per unit of the previous output; `b` has 16 entries, one per column of `z`. Each of the
16 columns belongs to one gate of one unit."""),
        code("""
check(layer.kernel().rows() == 5 && layer.kernel().cols() == 16, "W is 5 x 16");
check(layer.recurrentKernel().rows() == 4 && layer.recurrentKernel().cols() == 16, "U is 4 x 16");
check(layer.bias().cols() * layer.bias().rows() == 16, "b has 16 entries");
layer.bias()"""),
        md("""
## One step from a zero state

Feed the input vector `x = (0.1, 0.2, 0.3, 0.4, 0.5)` twice. At the first step `h_prev` is zero, so
`z = x.W + b`: the bias can only be added to the input part, and nothing is missing."""),
        code(f"""
double[] x = {java(g.SEED0_X)};
var run = layer.run(new double[][] {{x, x}});
var step0 = run.step(0);
// z computed by hand, and by a plain-Python reference step (make_notebooks.py) for the same weights
nearAll(step0.z(), plus(times(x, W), b), {TOL_EXACT}, "z at step 0 = x.W + b");
double[] zReference = {g.java_array(first["z"])};
nearAll(step0.z(), zReference, {TOL_EXACT}, "z at step 0 (reference)");
step0"""),
        md("""
## The second step: both products are non-zero

Now `h_prev` is the first step's output. Put the bias on the input side or on the recurrent side: the same `z`,
and the same `z` the layer computed."""),
        code(f"""
var step1 = run.step(1);
double[] xW = times(x, W);
double[] hU = times(step1.hPrev(), U);
double[] biasWithInput = plus(plus(xW, b), hU);       // (x.W + b) + h.U
double[] biasWithRecurrent = plus(xW, plus(hU, b));   // x.W + (h.U + b)
nearAll(biasWithInput, biasWithRecurrent, {TOL_EXACT}, "bias on either side");
nearAll(step1.z(), biasWithInput, {TOL_EXACT}, "the layer's z at step 1");
step1"""),
        md("""
The DSL shows the three parts of any single entry of `z`: input part, recurrent part, bias part. Here the forget
gate of unit 0 at the second step:"""),
        code(f"""
var f0 = step1.gate("f").unit(0);
near(f0.inputPart(), xW[4], {TOL_EXACT}, "input part of z_f[0] (column 4)");
near(f0.recurrentPart(), hU[4], {TOL_EXACT}, "recurrent part of z_f[0]");
near(f0.biasPart(), 1.0, 0.0, "bias part of z_f[0]");
f0"""),
        md("""
## The ones in the forget block

The bias the question printed is zero except for entries 4 to 7: the forget gate's block (gates are packed
i, f, c, o; see `02_gate_order`). That is Keras's `unit_forget_bias=True`: a fresh layer starts with `b_f = 1`, so
before training the forget gate leans towards keeping the cell state, which helps gradients reach earlier steps.
With a zero input and state, `z_f = 1` and `f = hard_sigmoid(1) = 0.7` (Keras 3's sigmoid would give 0.731);
the other gates sit at `hard_sigmoid(0) = 0.5`."""),
        code("""
var atRest = layer.run(new double[1][5]).step(0);
nearAll(atRest.gate("f").values(), new double[] {0.7, 0.7, 0.7, 0.7}, 1e-15, "f = 0.2*1 + 0.5");
nearAll(atRest.gate("i").values(), new double[] {0.5, 0.5, 0.5, 0.5}, 1e-15, "i = 0.2*0 + 0.5");
layer.gate("f").bias()"""),
        md("""
A layer initialised the way Keras does it (seeded here) shows the same pattern: ones in the forget block only."""),
        code("""
var fresh = lstm.random(5, 4, 42);
nearAll(fresh.gate("f").bias().toArray()[0], new double[] {1, 1, 1, 1}, 0.0, "forget bias of a fresh layer");
nearAll(fresh.gate("i").bias().toArray()[0], new double[] {0, 0, 0, 0}, 0.0, "input bias of a fresh layer");
fresh.bias()"""),
        md("""
**In short:** one bias vector, added once, after both products; grouping it with either product gives the same
`z`. Its forget block starts at 1 because of `unit_forget_bias`."""),
    ]


def gate_order():
    u = 3
    wrong = g.reference_run([[g.SEED1_X]], g.swap_blocks(g.SEED1_KERNEL, 1, 2, u),
                            g.swap_blocks(g.SEED1_RECURRENT, 1, 2, u), g.swap_blocks([g.SEED1_BIAS], 1, 2, u)[0],
                            g.hard_sigmoid_keras2)[0]
    with_sigmoid = g.reference_run([[g.SEED1_X]], g.SEED1_KERNEL, g.SEED1_RECURRENT, g.SEED1_BIAS, g.sigmoid)[0]
    return [
        md("""
# In what order are the gates packed?

`z = x.W + h_prev.U + b` has `4 * units` columns. Keras cuts it into four equal blocks, in this order:

| columns | gate | activation |
|---|---|---|
| `0 .. u-1` | i, input gate | recurrent_activation |
| `u .. 2u-1` | f, forget gate | recurrent_activation |
| `2u .. 3u-1` | c, candidate (often called g) | activation |
| `3u .. 4u-1` | o, output gate | recurrent_activation |

The same order holds in the kernel, the recurrent kernel and the bias. Below we check it on the second question's
layer (one input feature, three units) by doing one step by hand, and watch what a wrong order does."""),
        code(g.CHECKS),
        md("""
The weights from the question. They come from a Keras 2 older than 2.3, whose gates default to
`hard_sigmoid(z) = clip(0.2 z + 0.5, 0, 1)`. Look at the bias first: the three ones are `unit_forget_bias` at work, and they sit in columns 3 to 5, the
second block. The bias alone already tells us the second block is the forget gate."""),
        code(f"""
double[][] W = {java_matrix(g.SEED1_KERNEL)};
double[][] U = {java_matrix(g.SEED1_RECURRENT)};
double[] b = {java(g.SEED1_BIAS)};
var layer = lstm.layer(W, U, b).activations("tanh", "hard_sigmoid_keras2");
nearAll(layer.gate("f").bias().toArray()[0], new double[] {{1, 1, 1}}, 0.0, "the ones are the forget block");
layer"""),
        md("""
## One step, the DSL's way

Input `x = 0.83467698`, zero initial state. The step view shows `z` split by gate, the activations, `c` and `h`."""),
        code(f"""
var step = layer.run(new double[] {{{g.SEED1_X}}}).step(0);
step"""),
        md("""
Each gate of unit 0, with the arithmetic written out. Because `h_prev = 0`, the recurrent part is 0 and
`z = x * W[0, column] + b[column]`; the columns are 0 (i), 3 (f), 6 (c) and 9 (o)."""),
        code("""
display(step.gate("i").unit(0));
display(step.gate("f").unit(0));
display(step.gate("c").unit(0));
step.gate("o").unit(0)"""),
        md("""
## The same step with a pencil

Now without the DSL: plain Java on the numbers of the table above, for unit 0."""),
        code(f"""
double x = {g.SEED1_X};
double hardSigmoid(double z) {{ return Math.max(0, Math.min(1, 0.2 * z + 0.5)); }}
double i0 = hardSigmoid(x * W[0][0] + b[0]);      // block 0: input gate
double f0 = hardSigmoid(x * W[0][3] + b[3]);      // block 1: forget gate (bias 1)
double g0 = Math.tanh(x * W[0][6] + b[6]);        // block 2: candidate
double o0 = hardSigmoid(x * W[0][9] + b[9]);      // block 3: output gate
double c0 = f0 * 0.0 + i0 * g0;                    // c = f * c_prev + i * g, with c_prev = 0
double h0 = o0 * Math.tanh(c0);                    // h = o * tanh(c)
near(h0, {g.SEED1_EXPECTED_H[0][0]}, 1e-7, "h[0] by hand, against Keras's output");
near(step.h()[0], h0, {TOL_EXACT}, "h[0] from the DSL");
System.out.println(String.format("h[0] by hand %.8f, Keras printed %.8f", h0, {g.SEED1_EXPECTED_H[0][0]}));"""),
        md("""
All three units agree with the outputs Keras printed for this input, and so do the next three steps of the sequence
`0.83467698, 0.1, -0.5, 0.3` (the values quoted with the question)."""),
        code(f"""
nearAll(step.h(), new double[] {java(g.SEED1_EXPECTED_H[0])}, 1e-7, "h after step 0");
var fourSteps = layer.run(new double[] {java(g.SEED1_SEQUENCE)});
double[][] kerasH = {java_matrix(g.SEED1_EXPECTED_H)};
for (int t = 0; t < 4; t++) nearAll(fourSteps.outputs()[t], kerasH[t], 1e-7, "h at step " + t);
fourSteps"""),
        md("""
## What a wrong order does

Suppose we read the blocks as i, c, f, o (the order of TensorFlow 1's own `LSTMCell`, an easy mix-up). That is the
same as swapping blocks 1 and 2 and running the correct cell. Nothing crashes; the numbers are just wrong. One
symptom gives it away: the bias ones from `unit_forget_bias` now land in the candidate block."""),
        code(f"""
double[][] swapBlocks(double[][] m, int a, int c, int units) {{
    double[][] out = new double[m.length][];
    for (int r = 0; r < m.length; r++) {{
        out[r] = m[r].clone();
        System.arraycopy(m[r], a * units, out[r], c * units, units);
        System.arraycopy(m[r], c * units, out[r], a * units, units);
    }}
    return out;
}}
double[] bMisread = swapBlocks(new double[][] {{b}}, 1, 2, 3)[0];
var misread = lstm.layer(swapBlocks(W, 1, 2, 3), swapBlocks(U, 1, 2, 3), bMisread)
        .activations("tanh", "hard_sigmoid_keras2");
double[] wrongH = misread.run(new double[] {{{g.SEED1_X}}}).step(0).h();
double[] wrongReference = {java(wrong["h"])};
nearAll(wrongH, wrongReference, 1e-12, "h with blocks read as i, c, f, o (reference)");
check(Math.abs(wrongH[0] - step.h()[0]) > 0.1, "the wrong order changes h a lot");
misread.gate("c").bias()"""),
        md("""
The gate activation matters as much. With sigmoid (the default since Keras 2.3) instead of the old hard_sigmoid,
the same weights give other outputs: take the activations from the model's saved config, not from today's defaults."""),
        code(f"""
double[] sigmoidH = layer.activations("tanh", "sigmoid").run(new double[] {{{g.SEED1_X}}}).step(0).h();
double[] sigmoidReference = {java(with_sigmoid["h"])};
nearAll(sigmoidH, sigmoidReference, 1e-12, "h with sigmoid gates (reference)");
check(Math.abs(sigmoidH[0] - step.h()[0]) > 1e-3, "sigmoid and hard_sigmoid differ");
for (int k = 0; k < 3; k++)
    System.out.println(String.format("unit %d: h = %9.6f with hard_sigmoid, %9.6f with sigmoid", k, step.h()[k],
            sigmoidH[k]));"""),
        md("""
**In short:** i, f, c, o, in the kernel, the recurrent kernel and the bias alike. The ones of `unit_forget_bias` in
the second block are a quick sanity check that you are slicing a Keras layer the right way."""),
    ]


def weights_time_and_lags():
    w = g.expected("weather")
    lag5 = g.expected("lag5")
    lag27 = g.expected("lag2_minus_lag7")
    x = w["input"][0]
    s5 = lag5["input"][0]
    s27 = lag27["input"][0]
    w_shares, s5_shares, s27_shares = g.reference_shares(w), g.reference_shares(lag5), g.reference_shares(lag27)
    return [
        md("""
# What the weights mean, where time goes, and how far back a model looks

A forecasting model of the usual shape: an LSTM reads `time_steps` rows of `features` numbers, a Dense layer with a
linear activation turns its last output into the forecast. Three questions come up once it is trained: what are the
weight arrays, where is `time_steps` in them, and can they tell how much the input at t-1, t-2 or t-5 matters?

Our model, `data/weather.h5`: 10 hours of (temperature, humidity, pressure), standardised, predicting the next
hour; LSTM(16), Dense(3), linear."""),
        code(g.CHECKS),
        code("""
var m = lstm.load("data/weather.h5");
var l = m.layer("lstm");
m"""),
        md("""
## Three arrays, sixteen blocks

Keras 2 and 3 store an LSTM layer as three arrays: kernel `W` (features x 4u), recurrent kernel `U` (u x 4u) and
bias `b` (4u). Keras 1 stored the same numbers as twelve arrays, `W_i, U_i, b_i, W_c, U_c, b_c, W_f, ...`: four gates
times three, listed with c before f. Concatenate each kind in the order i, f, c, o and you get today's three
arrays."""),
        code("""
check(l.kernel().rows() == 3 && l.kernel().cols() == 64, "W: 3 features x 4*16");
check(l.recurrentKernel().rows() == 16 && l.recurrentKernel().cols() == 64, "U: 16 units x 4*16");
check(l.bias().rows() * l.bias().cols() == 64, "b: 4*16");
l.kernel()"""),
        md("""
What each gate's block does, for unit k at step t (`sigma` is the recurrent activation, sigmoid in Keras 3):

- **i** (input gate): `i = sigma(x.W_i + h_prev.U_i + b_i)`, how much of the candidate to write;
- **f** (forget gate): `f = sigma(x.W_f + h_prev.U_f + b_f)`, how much of the old cell state to keep;
- **c** (candidate, g): `g = tanh(x.W_c + h_prev.U_c + b_c)`, what could be written;
- **o** (output gate): `o = sigma(x.W_o + h_prev.U_o + b_o)`, how much of the cell to show;

then `c = f * c_prev + i * g` and `h = o * tanh(c)`. Row j of `W_f` says how feature j pushes the forget gate; row k
of `U_f` how the previous output of unit k does."""),
        code("""
check(l.gate("f").kernel().rows() == 3 && l.gate("f").kernel().cols() == 16, "W_f: 3 x 16");
l.gate("f")"""),
        md("""
## Where is time_steps?

Nowhere in the weights. The same `W`, `U` and `b` are used at every step: the layer is one cell applied again and
again. `time_steps` only fixes how many times the model's input shape lets it be applied. The parameter count does
not depend on it, and the layer itself runs on any number of steps."""),
        code(f"""
double[][] x = {java_matrix(x)};
var all10 = l.run(x);
var last3 = l.run(java.util.Arrays.copyOfRange(x, 7, 10));
check(all10.steps() == 10 && last3.steps() == 3, "one set of weights, 10 steps or 3");
check(l.params().total() == 1280, "4*(3*16 + 16*16 + 16), whatever time_steps is");
double[] keras = {java(w["expected_output"][0])};
nearAll(m.predict(new double[][][] {{x}}).values()[0], keras, {TOL_KERAS}, "Keras's forecast for this window");
all10"""),
        md("""
## Can the weights say how much t-5 matters?

Not by themselves. The input at t-5 reaches the forecast through five more applications of `U` and five forget
gates, and the gates depend on the inputs that come in between. So we ask the trained network on a real input how
much each timestep moved its output (the influence view; integrated gradients by default). The model predicts the
hour after its last input, so the last input is t-1."""),
        code(f"""
var byLag = m.influence(x).predictsNextStep().byTimestep();
check(byLag.top(1)[0] == 1, "t-1 matters most for the next hour");
near(byLag.share(1), {java(round(w_shares[-1], 6))}, 1e-5, "t-1's share (from JAX's integrated gradients)");
near(byLag.share(5), {java(round(w_shares[-5], 6))}, 1e-5, "t-5's share (from JAX's integrated gradients)");
check(byLag.share(5) < byLag.share(1) / 5, "t-5 matters far less than t-1");
byLag"""),
        md("""
The forget gates give the view from inside: per unit and step, how much of the cell state is carried on (near 1)
or wiped (near 0). A unit whose forget gate stays low cannot carry anything from t-5 to the end."""),
        code("""all10.gate("f")"""),
        md("""
## A check where the truth is known

`data/lag5.h5` was trained to output the input from 5 steps before its last one (the last input is lag 0), and
nothing else. Its influence must single out lag 5. Keras's own output for this sequence comes along as a check."""),
        code(f"""
var lag5 = lstm.load("data/lag5.h5");
double[][] s = {g.java_column(s5)};
near(lag5.predict(new double[][][] {{s}}).get(0, 0), {java(lag5["expected_output"][0][0])}, {TOL_KERAS}, "Keras's output");
near(lag5.predict(new double[][][] {{s}}).get(0, 0), s[11 - 5][0], 0.05, "it outputs x[T-1-5]");
var lag5Influence = lag5.influence(s).byTimestep();
check(lag5Influence.top(1)[0] == 5, "lag 5 ranks first");
near(lag5Influence.share(5), {java(round(s5_shares[-1 - 5], 6))}, 1e-5, "lag 5's share (from JAX's numbers)");
lag5Influence"""),
        md("""
And with two true lags: `data/lag2_minus_lag7.h5` outputs `x[T-1-2] - 0.8 x[T-1-7]`."""),
        code(f"""
var lag27 = lstm.load("data/lag2_minus_lag7.h5");
double[][] s2 = {g.java_column(s27)};
near(lag27.predict(new double[][][] {{s2}}).get(0, 0), {java(lag27["expected_output"][0][0])}, {TOL_KERAS},
        "Keras's output");
near(lag27.predict(new double[][][] {{s2}}).get(0, 0), s2[11 - 2][0] - 0.8 * s2[11 - 7][0], 0.05,
        "it outputs x[T-1-2] - 0.8 x[T-1-7]");
var lag27Influence = lag27.influence(s2).byTimestep();
int[] top2 = lag27Influence.top(2);
java.util.Arrays.sort(top2);
check(top2[0] == 2 && top2[1] == 7, "lags 2 and 7 rank first, got " + java.util.Arrays.toString(top2));
near(lag27Influence.share(2), {java(round(s27_shares[-1 - 2], 6))}, 1e-5, "lag 2's share (from JAX's numbers)");
near(lag27Influence.share(7), {java(round(s27_shares[-1 - 7], 6))}, 1e-5, "lag 7's share (from JAX's numbers)");
lag27Influence"""),
        md("""
**In short:** four gates times (W, U, b); no trace of `time_steps` because the weights are shared over time; and the
influence of a past step is a property of the network applied to data, which the trained model then shows plainly."""),
    ]


def stacking():
    s = g.expected("stacked_64_128_256")
    out = s["expected_output"][0]
    params = g.layer_params(s)
    return [
        md("""
# Units, return_sequences and stacked LSTMs

Sentences of 5 words, each word a 64-number vector, go into `LSTM(128, return_sequences=True)`, whose outputs go
into `LSTM(256)`. What is the shape at every step, what does the last layer return, and which activation belongs
to which gate?

`data/stacked_64_128_256.h5` is that model, freshly initialised by Keras with a seed (untrained: only shapes and
arithmetic matter here)."""),
        code(g.CHECKS),
        code("""
var m = lstm.load("data/stacked_64_128_256.h5");
m"""),
        md("""
## units

`units` is the size of the layer's output `h`, of its cell state `c`, and of each gate. The first layer maps 64
numbers per step to 128, the second 128 to 256. Each has `4 * units` columns in its kernel."""),
        code(f"""
var first = m.lstm(0);
var second = m.lstm(1);
check(first.kernel().rows() == 64 && first.kernel().cols() == 512, "W1: 64 x 4*128");
check(first.recurrentKernel().rows() == 128, "U1: 128 x 512");
check(second.kernel().rows() == 128 && second.kernel().cols() == 1024, "W2: 128 x 4*256");
check(first.params().total() == {params["lstm"]}, "Keras counts {params["lstm"]:,} for the first layer");
check(second.params().total() == {params["lstm_1"]}, "and {params["lstm_1"]:,} for the second");
first.params()"""),
        md("""
## Shapes through the stack

One sentence: 5 steps x 64 features. The numbers follow a simple formula, `((64 t + j) mod 17 - 8) / 8`, the same
input Keras was run on when the model was saved."""),
        code("""
double[][] sentence = new double[5][64];
for (int t = 0; t < 5; t++)
    for (int j = 0; j < 64; j++) sentence[t][j] = ((64 * t + j) % 17 - 8) / 8.0;
var run1 = first.run(sentence);
check(run1.outputs().length == 5 && run1.outputs()[0].length == 128, "return_sequences=True: 5 x 128");
System.out.println("in:  " + sentence.length + " steps x " + sentence[0].length + " features");
System.out.println("out: " + run1.outputs().length + " steps x " + run1.outputs()[0].length
        + " units (one h per word)");
System.out.println("c:   " + run1.c().length + " numbers, the cell state after the last word");"""),
        md("""
With `return_sequences=True` the first layer hands all 5 outputs to the next layer, one per word. Its last output
is simply its final `h`:"""),
        code("""
nearAll(run1.outputs()[4], run1.h(), 0.0, "last of the sequence = final h");
run1.h().length"""),
        md("""
The second layer reads those 5 vectors of 128 and, with `return_sequences=False`, returns only its final output:
one vector of 256 per sentence. It agrees with what Keras computed for the whole model."""),
        code(f"""
var run2 = second.run(run1.outputs());
double[] last = run2.output();
check(run2.outputs().length == 5 && last.length == 256, "5 steps inside, one 256-vector out");
double[] kerasFirst8 = {g.java_array(out[:8], per_line=4)};
nearAll(java.util.Arrays.copyOf(last, 8), kerasFirst8, {TOL_KERAS}, "Keras's first 8 outputs");
near(java.util.Arrays.stream(last).sum(), {java(sum(out))}, 1e-4, "sum of Keras's 256 outputs");
nearAll(m.predict(new double[][][] {{sentence}}).values()[0], last, 1e-12, "the model = the two layers in a row");
last.length"""),
        md("""
## Which activation belongs to which gate?

`activation` (tanh by default) shapes the candidate `g = tanh(z_c)` and squashes the cell state in
`h = o * tanh(c)`. `recurrent_activation` is for the three gates i, f and o: sigmoid by default since Keras 2.3,
`hard_sigmoid` before. Swapping the latter changes i, f, o and leaves the candidate alone."""),
        code("""
check(first.gate("c").activation() == Activation.TANH, "candidate: activation (tanh)");
check(first.gate("i").activation() == Activation.SIGMOID, "input gate: recurrent_activation");
check(first.gate("f").activation() == Activation.SIGMOID, "forget gate: recurrent_activation");
check(first.gate("o").activation() == Activation.SIGMOID, "output gate: recurrent_activation");
var keras2 = first.activations("tanh", "hard_sigmoid_keras2");
check(keras2.gate("o").activation() == Activation.HARD_SIGMOID_KERAS2, "the old default for i, f, o");
check(keras2.gate("c").activation() == Activation.TANH, "the candidate keeps tanh");
System.out.println("gate  Keras 3 default   Keras 2 before 2.3");
for (String gate : new String[] {"i", "f", "c", "o"})
    System.out.println(String.format("%-5s %-17s %s", gate, first.gate(gate).activation().label(),
            keras2.gate(gate).activation().label()));"""),
        md("""
The candidate of unit 0 at the first word, spelled out: 64 input terms, no recurrent contribution yet."""),
        code("""run1.step(0).gate("c").unit(0)"""),
        md("""
**In short:** `units` sets the width of h, c and every gate; `return_sequences=True` passes one vector per step to
the next layer, `False` only the last; tanh is the candidate's (and the cell output's), the gate activation is for
i, f and o."""),
    ]


def features_and_params():
    counts = {name: g.layer_params(g.expected(name)) for name in ("lag5", "lag2_minus_lag7", "weather",
                                                                  "stacked_64_128_256")}
    return [
        md("""
# More than one feature, and counting parameters

With `input_dim > 1`, is `x` a vector? Yes: at each step the cell reads a vector of `features` numbers, and every
gate of every unit weighs all of them (one row of `W` per feature). The cell state stays one number per unit, however
many features there are. That is also why an LSTM(1) has 12 parameters on one feature and 16 on two."""),
        code(g.CHECKS),
        code("""
var one = lstm.params(1, 1);
check(one.total() == 12, "LSTM(1) on 1 feature: 12 (Keras's summary)");
one"""),
        code("""
var two = lstm.params(2, 1);
check(two.total() == 16, "LSTM(1) on 2 features: 16 (Keras's summary)");
two"""),
        md("""
## The formula

Four gates, and each has a kernel block (features x units), a recurrent block (units x units) and a bias (units):

    params = 4 * (features * units + units * units + units)

One feature, one unit: 4 * (1 + 1 + 1) = 12. A second feature adds one kernel row per gate: 4 more, 16. Below, the
formula against the counts Keras reported for the models in `data/` (`count_params()`, stored with each model)."""),
        code(f"""
long[][] kerasCounts = {{ // features, units, Keras's count_params()
    {{1, 1, 12}}, {{2, 1, 16}},
    {{1, 8, {counts["lag5"]["lstm"]}}}, {{1, 16, {counts["lag2_minus_lag7"]["lstm"]}}}, {{3, 16, {counts["weather"]["lstm"]}}},
    {{64, 128, {counts["stacked_64_128_256"]["lstm"]}}}, {{128, 256, {counts["stacked_64_128_256"]["lstm_1"]}}}}};
for (long[] row : kerasCounts) {{
    int f = (int) row[0], u = (int) row[1];
    check(4L * (f * u + u * u + u) == row[2], "formula for " + f + " features, " + u + " units");
    check(lstm.params(f, u).total() == row[2], "lstm.params(" + f + ", " + u + ")");
}}
lstm.params(64, 128)"""),
        md("""
The loaded models count the same way as their Keras summary:"""),
        code(f"""
var weather = lstm.load("data/weather.h5");
check(weather.lstm(0).params().total() == {counts["weather"]["lstm"]}, "weather's LSTM");
var stacked = lstm.load("data/stacked_64_128_256.h5");
check(stacked.lstm(0).params().total() == {counts["stacked_64_128_256"]["lstm"]}, "stacked, first LSTM");
check(stacked.lstm(1).params().total() == {counts["stacked_64_128_256"]["lstm_1"]}, "stacked, second LSTM");
weather"""),
        md("""
## x is a vector

A seeded LSTM(1) on 2 features, initialised the way Keras does it: its kernel has two rows, one per feature, and
four columns, one per gate."""),
        code("""
var layer = lstm.random(2, 1, 7);
check(layer.kernel().rows() == 2 && layer.kernel().cols() == 4, "W is 2 x 4");
layer.kernel()"""),
        md("""
At a step with `x = (0.5, -1.0)` the forget gate's pre-activation is `0.5 * W[0][1] - 1.0 * W[1][1] + b[1]`
(plus the recurrent part, zero at the first step). The cell state is one number."""),
        code(f"""
double[][] W = layer.kernel().toArray();
double[] b = layer.bias().toArray()[0];
var step = layer.run(new double[][] {{{{0.5, -1.0}}}}).step(0);
var f = step.gate("f").unit(0);
near(f.z(), 0.5 * W[0][1] + -1.0 * W[1][1] + b[1], {TOL_EXACT}, "z_f with two features");
check(W.length == 2 && W[0].length == 4, "W is 2 x 4");
check(step.c().length == 1, "one cell state per unit");
f"""),
        md("""
**In short:** features widen `W` (one row each), units widen everything (h, c, each gate), and the count is
`4 * (features * units + units^2 + units)`."""),
    ]


def gru_and_simple_rnn():
    gru = g.expected("gru_lag3")
    before = g.expected("gru_lag3_reset_before")
    srnn = g.expected("simple_rnn_lag3")
    tfk = g.expected("tfkeras_gru")
    tfk2 = g.expected("tfkeras_gru_keras2_style")
    lag5 = g.expected("lag5")
    u = 8
    x = gru["input"][0]
    w = gru["layers"][0]["weights"]
    dense = gru["layers"][1]["weights"]
    # What a reader who takes PyTorch's order (r, z, n) for Keras's blocks would compute: blocks 0 and 1 exchanged.
    misread = g.reference_gru_run(x, g.swap_blocks(w["kernel"], 0, 1, u), g.swap_blocks(w["recurrent_kernel"], 0, 1, u),
                                  g.swap_blocks(w["bias"], 0, 1, u), True, g.sigmoid)
    misread_y = g.reference_dense(misread[-1]["h"], dense)[0]
    # The update gate's memory, from the plain-Python GRU: of what step T-1-lag wrote, z[T-lag] * ... * z[T-1] is left.
    steps = g.reference_gru_run(x, w["kernel"], w["recurrent_kernel"], w["bias"], True, g.sigmoid)
    survival = [sum(math.prod(steps[-1 - i]["z"][k] for i in range(lag)) for k in range(u)) / u for lag in range(5)]
    horizon = max(lag for lag in range(5) if survival[lag] >= 0.1)
    z_range = (min(min(s["z"]) for s in steps), max(max(s["z"]) for s in steps))
    gru_shares, before_shares, srnn_shares = (g.reference_shares(r) for r in (gru, before, srnn))
    bias_gap = [abs(a - b) for a, b in zip(w["bias"][0], w["bias"][1])]
    assert max(bias_gap[:2 * u]) < 1e-6 < min(bias_gap[2 * u:]), bias_gap  # what the bias cell says
    assert horizon == 2 and gru_shares[-1 - 3] > 0.9
    counts = {name: g.layer_params(g.expected(name)) for name in ("gru_lag3", "gru_lag3_reset_before",
                                                                  "simple_rnn_lag3", "lag5")}
    xs = srnn["input"][0]
    return [
        md("""
# GRU and SimpleRNN, gate by gate

A GRU is the LSTM's smaller cousin: no cell state, three blocks of weights instead of four, and two ways of placing
its reset gate, which is why GRU files from different Keras versions have different bias shapes and parameter counts.
This notebook takes the questions in order:

1. Which block is which gate (Keras z, r, h; PyTorch r, z, n)?
2. Why does a tf.keras GRU have a (2, 3*units) bias and a Keras 2 GRU a (3*units,) one?
3. Why 3*(d*u + u*u + 2u) parameters in one and 3*(d*u + u*u + u) in the other?
4. Where is the reset gate applied: before or after the recurrent product?
5. How far back does a GRU remember?

and ends with SimpleRNN, the baseline GRUs are compared with.

The models (`data/README.md`): `gru_lag3.h5`, a GRU(8) -> Dense(1) trained by Keras 3 to output the input from 3
steps before the last one; `gru_lag3_reset_before.h5`, the same with `reset_after=False`; `simple_rnn_lag3.h5`, a
SimpleRNN(8) on the same task; and two small untrained GRU(4) files written by tf.keras 2 (tf_keras 2.21), one with
its defaults and one with Keras 2's."""),
        code(g.CHECKS + "\n" + g.TIMES),
        code(f"""
var m = lstm.load("data/gru_lag3.h5");
check(m.params() == {gru["summary_params"]}, "Keras's count_params(): {gru["summary_params"]}");
m"""),
        md("""
## Which block is which gate?

Keras packs the kernel `W` (features x 3u), the recurrent kernel `U` (u x 3u) and the bias in three blocks of `u`
columns. PyTorch's `nn.GRU` packs the same three in another order, as rows:

| Keras columns | Keras gate | activation | PyTorch rows |
|---|---|---|---|
| `0 .. u-1` | z, update gate | recurrent_activation (sigmoid) | r, reset gate |
| `u .. 2u-1` | r, reset gate | recurrent_activation | z, update gate |
| `2u .. 3u-1` | h, candidate (often written h~) | activation (tanh) | n, "new gate" = candidate |

The DSL knows both spellings: `gate("z")` or `gate("update")`, `gate("r")` or `gate("reset")`, `gate("h")`,
`gate("candidate")` or PyTorch's `gate("n")`. Below, the reset gate's block is columns 8 to 15 of what Keras saved."""),
        code(f"""
var g = m.layer("gru");
check(g.gate("update").gate() == g.gate("z").gate() && g.gate("reset").gate() == g.gate("r").gate(), "aliases");
check(g.gate("n").gate() == g.gate("h").gate(), "PyTorch's n is Keras's candidate h");
check(g.gate("z").columns().equals("0..7") && g.gate("r").columns().equals("8..15")
        && g.gate("h").columns().equals("16..23"), "z | r | h, 8 columns each");
double[] W0 = {g.java_array(w["kernel"][0])};   // W as Keras's get_weights() gave it (1 feature x 24)
nearAll(g.kernel().toArray()[0], W0, {TOL_EXACT}, "the kernel as stored");
nearAll(g.gate("r").kernel().toArray()[0], java.util.Arrays.copyOfRange(W0, 8, 16), {TOL_EXACT}, "W_r = columns 8..15");
g"""),
        md("""
## The whole sequence by hand

The proof of an order is that it reproduces Keras. Below, twelve GRU steps in plain Java on the arrays as stored,
reading block 0 as z, block 1 as r and block 2 as the candidate, with the formulas of a Keras 3 GRU:

    z  = sigmoid(x.W_z + b_z + h_prev.U_z + b'_z)
    r  = sigmoid(x.W_r + b_r + h_prev.U_r + b'_r)
    hh = tanh(x.W_h + b_h + r * (h_prev.U_h + b'_h))
    h  = z * h_prev + (1 - z) * hh

then the Dense layer. The result is Keras's prediction for this sequence. Read the blocks in PyTorch's order (block 0
as r, block 1 as z) and nothing crashes; the prediction is just wrong."""),
        code(f"""
double[][] x = {g.java_column(x)};
double[][] U = g.recurrentKernel().toArray();   // 8 x 24, as stored (the prediction below checks it)
double[] b = {g.java_array(w["bias"][0])};
double[] bRec = {g.java_array(w["bias"][1])};
nearAll(g.bias().toArray()[0], b, {TOL_EXACT}, "bias[0] as stored");
nearAll(g.bias().toArray()[1], bRec, {TOL_EXACT}, "bias[1] as stored");
double[] denseW = {g.java_array([row[0] for row in dense["kernel"]])};
double denseB = {java(dense["bias"][0])};

double sigmoid(double v) {{ return 1 / (1 + Math.exp(-v)); }}
// One step; zAt and rAt say which block is read as z and which as r (the candidate is block 2 either way).
double[] gruStep(double[] xt, double[] hPrev, int zAt, int rAt) {{
    int u = hPrev.length;
    double[] xw = times(xt, new double[][] {{W0}}), hu = times(hPrev, U), h = new double[u];
    for (int k = 0; k < u; k++) {{
        double z = sigmoid(xw[zAt * u + k] + b[zAt * u + k] + hu[zAt * u + k] + bRec[zAt * u + k]);
        double r = sigmoid(xw[rAt * u + k] + b[rAt * u + k] + hu[rAt * u + k] + bRec[rAt * u + k]);
        double hh = Math.tanh(xw[2 * u + k] + b[2 * u + k] + r * (hu[2 * u + k] + bRec[2 * u + k]));
        h[k] = z * hPrev[k] + (1 - z) * hh;
    }}
    return h;
}}
double[] h = new double[8], hMisread = new double[8];
for (double[] xt : x) {{
    h = gruStep(xt, h, 0, 1);
    hMisread = gruStep(xt, hMisread, 1, 0);
}}
double y = denseB, yMisread = denseB;
for (int k = 0; k < 8; k++) {{ y += h[k] * denseW[k]; yMisread += hMisread[k] * denseW[k]; }}
near(y, {java(gru["expected_output"][0][0])}, {TOL_KERAS}, "z | r | h by hand = Keras's prediction");
near(yMisread, {java(misread_y)}, 1e-9, "r | z | h misread (plain-Python reference)");
nearAll(g.run(x).h(), h, {TOL_EXACT}, "the DSL's final h = the hand-made one");
System.out.println(String.format("read as z | r | h: %.6f   Keras predicted %.6f   the truth x[T-1-3] = %.6f",
        y, {java(gru["expected_output"][0][0])}, x[8][0]));
System.out.println(String.format("read as r | z | h: %.6f   (PyTorch's order on Keras's arrays)", yMisread));"""),
        md("""
Going to PyTorch is therefore a reordering plus a transpose: `weight_ih_l0` (3u x features) holds `W` transposed with
the blocks as r, z, n; `weight_hh_l0` holds `U` the same way; `bias_ih_l0` and `bias_hh_l0` are Keras's two bias rows,
reordered. PyTorch's equations (its `nn.GRU` documentation) are those of a Keras 3 GRU, so the same numbers come
out:"""),
        code("""
int u = 8;
int[] kerasBlock = {1, 0, 2};   // PyTorch's r, z, n are Keras's blocks 1 (r), 0 (z), 2 (h)
double[][] weightIh = new double[3 * u][1], weightHh = new double[3 * u][u];
double[] biasIh = new double[3 * u], biasHh = new double[3 * u];
for (int p = 0; p < 3; p++)
    for (int k = 0; k < u; k++) {
        int col = kerasBlock[p] * u + k, row = p * u + k;
        weightIh[row][0] = W0[col];
        for (int j = 0; j < u; j++) weightHh[row][j] = U[j][col];
        biasIh[row] = b[col];
        biasHh[row] = bRec[col];
    }
double dot(double[] a, double[] c) { double s = 0; for (int j = 0; j < a.length; j++) s += a[j] * c[j]; return s; }
// r = sigmoid(W_ir x + b_ir + W_hr h + b_hr); z likewise; n = tanh(W_in x + b_in + r * (W_hn h + b_hn));
// h' = (1 - z) * n + z * h
double[] torchStep(double[] xt, double[] hPrev) {
    double[] out = new double[u];
    for (int k = 0; k < u; k++) {
        double r = sigmoid(dot(weightIh[k], xt) + biasIh[k] + dot(weightHh[k], hPrev) + biasHh[k]);
        double z = sigmoid(dot(weightIh[u + k], xt) + biasIh[u + k] + dot(weightHh[u + k], hPrev) + biasHh[u + k]);
        double n = Math.tanh(dot(weightIh[2 * u + k], xt) + biasIh[2 * u + k]
                + r * (dot(weightHh[2 * u + k], hPrev) + biasHh[2 * u + k]));
        out[k] = (1 - z) * n + z * hPrev[k];
    }
    return out;
}
double[] hTorch = new double[u];
for (double[] xt : x) hTorch = torchStep(xt, hTorch);
nearAll(hTorch, h, 1e-12, "PyTorch's layout and equations give the same h");
for (int j = 0; j < u; j++)
    near(g.gate("n").kernel().toArray()[0][j], weightIh[2 * u + j][0], 1e-12, "gate(n) = weight_ih_l0 row " + (16 + j));
System.out.println("the same final h from PyTorch's layout: " + java.util.Arrays.toString(hTorch));"""),
        md(f"""
## Why a (2, 3*units) bias? reset_after

Look at the candidate again: `hh = tanh(x.W_h + b_h + r * (h_prev.U_h + b'_h))`. The recurrent bias `b'_h` sits
inside the reset gate's product, so it cannot be merged into `b_h`: it needs a row of its own. Hence two rows: row 0,
`b`, goes with `x.W`; row 1, `b'`, with `h_prev.U`. This is `reset_after=True`, the formula of cuDNN's GPU GRU (and
PyTorch's); tf.keras 2 made it the default so the fast kernel could run, and Keras 3 kept it.

For z and r the two rows are only ever added, so only `b + b'` matters. Training shows it: Keras started both rows at
zero and gave both the same gradient at every step, so in the z and r blocks they are still equal (to float32
rounding, {max(bias_gap[:2 * u]):.1e}), while in the candidate's block they went their own ways."""),
        code(f"""
double[] gap = new double[24];
for (int col = 0; col < 24; col++) gap[col] = Math.abs(b[col] - bRec[col]);
check(java.util.Arrays.stream(gap, 0, 16).max().getAsDouble() < 1e-6, "z and r: b = b'");
check(java.util.Arrays.stream(gap, 16, 24).min().getAsDouble() > {java(round(min(bias_gap[2 * u:]) * 0.9, 4))},
        "the candidate: b and b' differ in every unit");
check(g.resetAfter(), "reset_after=True, read from the file");
g.bias()"""),
        md("""
Keras 2 (up to 2.2.4, and Keras 1) built the GRU the other way, `reset_after=False`, with one bias of 3u and its own
default gate activation, `hard_sigmoid` = `clip(0.2 z + 0.5, 0, 1)`. tf.keras 2 can still write that layer; here are
both files, written by tf_keras itself (their `keras_version` reads 2.21.0), one with tf.keras 2's defaults and one
with Keras 2's. Everything needed to run them is read from the file; both agree with what tf_keras predicted."""),
        code(f"""
var tfk = lstm.load("data/tfkeras_gru.h5");
var k2 = lstm.load("data/tfkeras_gru_keras2_style.h5");
var tg = tfk.layer("gru");
var kg = k2.layer("gru");
check(tg.bias().rows() == 2 && tg.bias().cols() == 12, "tf.keras 2 default: bias (2, 12)");
check(kg.bias().rows() == 1 && kg.bias().cols() == 12, "Keras 2 defaults: bias (12,)");
check(tg.resetAfter() && !kg.resetAfter(), "reset_after True / False");
check(tg.recurrentActivation() == Activation.SIGMOID, "tf.keras 2: sigmoid");
check(kg.recurrentActivation() == Activation.HARD_SIGMOID_KERAS2, "Keras 2: hard_sigmoid, 0.2x + 0.5");
double[][] tx = {java_matrix(tfk["input"][0])};
double[][] kx = {java_matrix(tfk2["input"][0])};
nearAll(tfk.predict(new double[][][] {{tx}}).values()[0], new double[] {java(tfk["expected_output"][0])}, {TOL_KERAS},
        "tf_keras's prediction (defaults)");
nearAll(k2.predict(new double[][][] {{kx}}).values()[0], new double[] {java(tfk2["expected_output"][0])}, {TOL_KERAS},
        "tf_keras's prediction (Keras 2 style)");
display(tg);
kg"""),
        md("""
## 3*(d*u + u*u + 2u) or 3*(d*u + u*u + u)

Three blocks, each with a kernel part (d x u), a recurrent part (u x u) and, per bias row, u biases:

    reset_after=True  (tf.keras 2, Keras 3):  params = 3 * (d*u + u*u + 2u)
    reset_after=False (Keras 1 and 2):        params = 3 * (d*u + u*u + u)

The difference is exactly the second bias row, 3u. Against what Keras and tf_keras counted (`count_params()`):"""),
        code(f"""
long[][] kerasCounts = {{ // features, units, reset_after (1 = True), Keras's count_params()
    {{1, 8, 1, {counts["gru_lag3"]["gru"]}}}, {{1, 8, 0, {counts["gru_lag3_reset_before"]["gru"]}}},
    {{2, 4, 1, {tfk["layers"][0]["params"]}}}, {{2, 4, 0, {tfk2["layers"][0]["params"]}}}}};
for (long[] row : kerasCounts) {{
    int d = (int) row[0], un = (int) row[1];
    boolean after = row[2] == 1;
    check(3L * (d * un + un * un + (after ? 2 : 1) * un) == row[3], "formula for " + java.util.Arrays.toString(row));
    check(lstm.gruParams(d, un, after).total() == row[3], "lstm.gruParams for " + java.util.Arrays.toString(row));
}}
var before = lstm.load("data/gru_lag3_reset_before.h5");
var gb = before.layer("gru");
check(g.params().total() - gb.params().total() == 3 * 8, "the second bias row: 3u = 24");
display(g.params());
gb.params()"""),
        md("""
## Where is the reset gate applied?

The two settings differ in one place, the candidate:

    reset_after=True:   hh = tanh(x.W_h + b_h + r * (h_prev.U_h + b'_h))     r after the product
    reset_after=False:  hh = tanh(x.W_h + b_h + (r * h_prev).U_h)            r before it (Cho et al., 2014)

After the product, unit k's own `r[k]` scales everything that reaches unit k from the previous state. Before it,
each `r[j]` scales what unit j sends to every unit. Same task, same data: `gru_lag3_reset_before` learned it too, and
its prediction is Keras's. Here is the candidate of unit 2 at the last step in both, with the sums redone by hand."""),
        code(f"""
near(before.predict(new double[][][] {{x}}).get(0, 0), {java(before["expected_output"][0][0])}, {TOL_KERAS},
        "Keras's prediction (reset_after=False)");
int k = 2;
// (renamed only so that the two views below say which is which)
var afterStep = g.named("reset_after=True").run(x).step(11);
var beforeStep = gb.named("reset_after=False").run(x).step(11);
// reset_after=True: r[k] times unit k's recurrent sum, bias b'_h included
var ha = afterStep.gate("h").unit(k);
double rk = afterStep.gate("r").values()[k];
near(ha.recurrentCandidate(), ha.recurrentPart() + ha.recurrentBiasPart(), {TOL_EXACT}, "h_prev.U_h[:,2] + b'_h[2]");
near(ha.z(), ha.inputPart() + ha.biasPart() + rk * ha.recurrentCandidate(), {TOL_EXACT}, "z_h, r after");
// reset_after=False: every r[j] scales h_prev[j] first, then the product with U_h's column
double[][] Ub = gb.recurrentKernel().toArray();
double[] rb = beforeStep.gate("r").values(), hp = beforeStep.hPrev();
double rThenU = 0;
for (int j = 0; j < 8; j++) rThenU += (rb[j] * hp[j]) * Ub[j][16 + k];
var hb = beforeStep.gate("h").unit(k);
near(hb.recurrentCandidate(), rThenU, {TOL_EXACT}, "(r * h_prev).U_h[:,2]");
near(hb.z(), hb.inputPart() + hb.biasPart() + rThenU, {TOL_EXACT}, "z_h, r before");
display(afterStep.gate("r").unit(k));
beforeStep.gate("r").unit(k)"""),
        md("""
Each view spells out the reset gate's line, then the candidate that uses it, then the new h of the unit (the other
terms, `x.W_r` and `h_prev.U_r`, come below it in the view). Neither placement is "the" GRU: a file's
`reset_after` decides, and the bias shape gives it away.

## How far back does a GRU remember?

The trained model knows the truth: its output is the input 3 steps before the last. Integrated gradients (the
`influence` view, as in `03_weights_time_and_lags`) should put almost all the weight on lag 3 (the last input is
lag 0, `t`). JAX's attributions through Keras's own model are the check."""),
        code(f"""
var influence = m.influence(x);
double[][] jax = {g.java_column(g.reference_ig(gru))};
double[][] ours = influence.attributions().toArray()[0];
for (int t = 0; t < 12; t++) nearAll(ours[t], jax[t], {TOL_KERAS}, "attribution of step " + t + " (JAX)");
var byLag = influence.byTimestep();
check(byLag.top(1)[0] == 3, "lag 3 ranks first");
near(byLag.share(3), {java(round(gru_shares[-1 - 3], 6))}, 1e-5, "lag 3's share (from JAX's numbers)");
var byLagBefore = before.influence(x).byTimestep();
check(byLagBefore.top(1)[0] == 3, "reset_after=False: lag 3 too");
near(byLagBefore.share(3), {java(round(before_shares[-1 - 3], 6))}, 1e-5, "its share (from JAX's numbers)");
byLag"""),
        md(f"""
The gates tell another part of the story. `h = z * h_prev + (1 - z) * hh`: the update gate z is the GRU's forget
gate, the fraction of each unit's state kept as it is. Of what a step wrote, `z * z * ...` over the later steps is
still there, unchanged, at the end. `memory` shows that product, averaged over the 8 units. Here z stays between
{z_range[0]:.2f} and {z_range[1]:.2f}, so after three steps only about {survival[3]:.0%} of a write is left in place:
the memory view's horizon is lag 2.

Yet the model recalls lag 3 almost perfectly. So it does not hold the value still in one unit: at every step the
value is rewritten into the candidate through `U_h`, passed on from unit to unit. The gate memory is the part kept in
place; how far back the output really reaches is the influence's answer."""),
        code(f"""
var memory = g.memory(x);
near(memory.survival(1), {java(survival[1])}, 1e-9, "lag 1: mean z at the last step (plain-Python GRU)");
near(memory.survival(3), {java(survival[3])}, 1e-9, "lag 3: mean of z*z*z over the last three steps");
check(memory.horizon() == {horizon}, "survival falls below 10 % at lag 3");
memory"""),
        md("""
## SimpleRNN, the baseline

A SimpleRNN has no gates at all, one block of weights:

    h = tanh(x.W + h_prev.U + b)

so `1*8 + 8*8 + 8 = 80` parameters for 8 units on one feature. Trained on the same lag-3 task:"""),
        code(f"""
var rnn = lstm.load("data/simple_rnn_lag3.h5");
var s = rnn.layer("simple_rnn");
double[][] xs = {g.java_column(xs)};
near(rnn.predict(new double[][][] {{xs}}).get(0, 0), {java(srnn["expected_output"][0][0])}, {TOL_KERAS},
        "Keras's prediction");
check(s.params().total() == {counts["simple_rnn_lag3"]["simple_rnn"]} && 1 * 8 + 8 * 8 + 8 == {counts["simple_rnn_lag3"]["simple_rnn"]},
        "Keras's count_params(): 80");
var last = s.run(xs).step(11).gate("h").unit(2);
near(last.value(), Math.tanh(last.inputPart() + last.recurrentPart() + last.biasPart()), {TOL_EXACT},
        "h = tanh(x.W + h_prev.U + b)");
last"""),
        md("""
With no gate there is no gate memory: h is rewritten at every step, and the DSL says so. The influence view works as
for any cell, and it too finds lag 3."""),
        code(f"""
try {{
    s.memory(xs);
    check(false, "a SimpleRNN has no gate memory");
}} catch (org.lstmlens.error.LstmException e) {{
    System.out.println(e.getMessage());
}}
var rnnByLag = rnn.influence(xs).byTimestep();
check(rnnByLag.top(1)[0] == 3, "lag 3 ranks first");
near(rnnByLag.share(3), {java(round(srnn_shares[-1 - 3], 6))}, 1e-5, "lag 3's share (from JAX's numbers)");
rnnByLag"""),
        md("""
Side by side, 8 units on one feature: what each cell costs, and how well it learned the lag-3 task (the LSTM's count
is `lag5`'s LSTM(8), trained on lag 5 instead)."""),
        code(f"""
String[] cells = {{"LSTM", "GRU, reset_after=True", "GRU, reset_after=False", "SimpleRNN"}};
long[] formula = {{4 * (8 + 64 + 8), 3 * (8 + 64 + 2 * 8), 3 * (8 + 64 + 8), 8 + 64 + 8}};
long[] keras = {{{counts["lag5"]["lstm"]}, {counts["gru_lag3"]["gru"]}, {counts["gru_lag3_reset_before"]["gru"]}, {counts["simple_rnn_lag3"]["simple_rnn"]}}};
String[] testMse = {{"(lag 5)", "{gru["training"]["test_mse"]:.1e}", "{before["training"]["test_mse"]:.1e}", "{srnn["training"]["test_mse"]:.1e}"}};
System.out.println(String.format("%-24s %7s %12s", "cell", "params", "test MSE"));
for (int i = 0; i < 4; i++) {{
    check(formula[i] == keras[i], cells[i] + ": formula = Keras's count");
    System.out.println(String.format("%-24s %7d %12s", cells[i], keras[i], testMse[i]));
}}"""),
        md("""
A lag of 3 is easy for all three. Gates are for longer dependencies: a SimpleRNN's gradient is multiplied through
`tanh` and `U` at every step back and tends to fade (Bengio et al., 1994), while a GRU's update gate can pass its
state on unchanged.

**In short:** Keras packs a GRU as z | r | h (PyTorch: r, z, n, transposed); `reset_after=True` puts r after the
recurrent product and needs a second bias row, hence (2, 3u) and 3*(d*u + u*u + 2u); Keras 2's `reset_after=False`
puts r before it, one bias, 3*(d*u + u*u + u). The update gate shows what is kept in place; the influence view shows
how far back the output reaches."""),
    ]


def datasets():
    truth = g.expected("datasets")
    sign = truth["sign_lag3"]
    lag = sign["true_lag"]
    return [
        md("""
# Which lags matter across my test set?

One sequence's attribution answers one sequence. The question researchers ask is about the whole test set: which
timesteps decide, how often lag k is the one that decides, per class, and whether the attributions are complete. LSTM
Lens runs a model over a whole dataset (NumPy `.npy`/`.npz`, CSV, HDF5 or Java arrays, streamed in batches, on every
core) and aggregates as it goes.

The model, `data/sign_lag3.keras`, is a Keras 3 classifier, LSTM(8) then Dense(2, softmax), trained to say whether the
input **3 steps before the last** is positive (class 1) or not (class 0). So the truth is known: lag 3 decides, for
both classes. The test set, `data/sign_test.npz`, holds 2000 fresh sequences `x` (12 steps, 1 feature) and their
labels `y`; `data/make_datasets.py` wrote both (and planted two NaN values)."""),
        code(g.CHECKS),
        code("""
var m = lstm.load("data/sign_lag3.keras");
var test = m.dataset(lstm.npz("data/sign_test.npz", "x", "y"));
test"""),
        md("""
Nothing has run yet: a dataset view runs once, at the first question, and keeps its result. Bad input is refused by
default, naming the sequence and what was wrong:"""),
        code("""
String refused = "";
try {
    test.byLag();
} catch (BadInputException e) {
    refused = e.getMessage();
}
check(refused.startsWith("sequence \\"17\\" (index 17): NaN or infinite value"), "sequence 17 holds a NaN");
refused"""),
        md("""
Skipping is a choice the user makes, and nothing is dropped silently: skipped sequences are counted by kind and
listed. Here we explain each sequence's **given label** with integrated gradients (64 steps, baseline 0), and gather
state statistics on the way. The result shows which lags are on top across the set: for each lag, the share of
sequences whose largest |attribution| is at that lag, and the share of |attribution| it holds (bars: the mean; whiskers:
10th to 90th percentile over the sequences)."""),
        code("""
var ig = test.skipBadInput().labels().integratedGradients(64).states();
var run = ig.run();
check(run.summary().sequences() == 1998 && run.summary().skipped(Problem.Kind.NOT_FINITE) == 2,
      "1998 sequences explained, the 2 with NaN skipped");
run"""),
        code(f"""
var byLag = ig.byLag();
check(byLag.top() == {lag}, "the true lag, {lag}, is most often on top");
check(byLag.topShare({lag}) > 0.9, "lag {lag} decides for more than 90 % of the sequences");
byLag"""),
        md(f"""
Keras's own `predict` got {sign["test_accuracy_without_nan_sequences"]:.4f} of these 1998 sequences right
(`data/datasets.expected.json`); our forward pass, in double from the same float32 weights, agrees:"""),
        code(f"""
var s = run.summary();
near((double) s.correct() / s.labelled(), {sign["test_accuracy_without_nan_sequences"]!r}, 1.0 / 1998,
     "accuracy against the labels, as Keras's predict");
s.correct() + " of " + s.labelled() + " labelled sequences predicted right\""""),
        md("""
## Per class

Class 1 (positive) and class 0 are explained each by its own output unit. Both should rest on lag 3:"""),
        code(f"""
var byClass = ig.byClass();
check(byClass.topLag(0) == {lag} && byClass.topLag(1) == {lag}, "lag {lag} on top for both classes");
byClass"""),
        md("""
## How complete are the attributions?

Integrated gradients' attributions sum to f(x) - f(baseline) up to the discretisation of the path integral (the
midpoint rule with 64 points). The gap, relative to f(x) - f(baseline), over the whole set:"""),
        code("""
var gaps = ig.gaps();
check(gaps.quantile(0.5) < 0.01, "the median gap is below 1 %");
gaps"""),
        md("""
## In float32, as PyTorch and JAX compute

PyTorch and JAX compute in float32 unless told otherwise. `.float32()` asks the same question in float32: the LSTM's
forward and backward passes run in float32 (about twice as fast over a dataset as the exact double path), and each
attribution moves by float32's noise, far below anything that decides a lag:"""),
        code(f"""
var byLag32 = test.skipBadInput().labels().integratedGradients(64).float32().byLag();
check(byLag32.top() == {lag}, "float32: lag {lag} on top too");
check(Math.abs(byLag32.topShare({lag}) - byLag.topShare({lag})) <= 2.0 / 1998, "float32: the same share, to a sequence or two");
byLag32"""),
        md("""
## What the units do, and how long the memory lasts

The same run gathered every unit's output h at every step of every sequence, and how much of what each step wrote
into the cell state survives the forget gates to the last step:"""),
        code("""ig.units()"""),
        code("""
var memory = ig.memory();
check(memory.horizon() >= 3, "the cell keeps what it wrote 3 steps back");
memory"""),
        md("""
## Find the sequences where a unit behaves like this

LSTMVis's select-and-match, kept simple: pick a unit and a range of steps, and rank the sequences by how well the
unit's output there matches: above a threshold over the range (`unitAbove`), or correlated with a pattern
(`unitLike`), here unit 7 switching from low to high between steps 8 and 9. A selection is a new run (gradients are
enough for it, and cheap):"""),
        code("""
var picked = test.skipBadInput().gradient().unitLike(7, 6, -1, -1, -1, 1, 1, 1).keep(5);
picked.matches()"""),
        md("""
## Regression models: lag5 and lag2_minus_lag7

The same question for the two regression models of `03_weights_time_and_lags`, over `data/lag_test.npz` (2000
sequences no model trained on): lag5 outputs the input 5 steps back, lag2_minus_lag7 the one 2 back minus 0.8 times
the one 7 back."""),
        code("""
var lagTest = lstm.npz("data/lag_test.npz", "x");
var lag5 = lstm.load("data/lag5.keras").dataset(lagTest).integratedGradients(64).byLag();
check(lag5.top() == 5 && lag5.topShare(5) > 0.95, "lag 5 on top for more than 95 % of the sequences");
lag5"""),
        code("""
var lag27 = lstm.load("data/lag2_minus_lag7.keras").dataset(lagTest).integratedGradients(64).byLag();
check(lag27.topShare(2) + lag27.topShare(7) > 0.95, "lag 2 or lag 7 on top for more than 95 %");
lag27"""),
        md("""
## Other forms, and tables out

A CSV with one row per timestep and a sequence-id column (a long series cut into windows works too:
`.windows(length, stride)`); here the first 200 test sequences, NaN included:"""),
        code(f"""
var rows = lstm.csv("data/sign_test_rows.csv").sequenceId("id").features("x").label("label");
var fromCsv = m.dataset(rows).skipBadInput().labels().integratedGradients(64).byLag();
check(fromCsv.top() == {lag}, "the same answer from the CSV");
fromCsv"""),
        code("""
var tables = ig.writeCsv(Files.createTempDirectory("lstmlens-tables").toString());
tables.stream().map(p -> p.getFileName().toString()).collect(Collectors.joining(", "))"""),
        md("""
**Also:** every run reports progress (a bar with rate and time left in the notebook); an interrupt stops it promptly
and keeps what the finished batches gave, labelled PARTIAL in every view (`.rerun()` starts again). Results do not
depend on the number of threads: batches are formed by index and every sum is exact, so one thread, all cores and a
Spark cluster give the same numbers. `ig.job()` is the whole description of the run, serialisable, for Spark.

**In short:** `m.dataset(lstm.npz(file, "x", "y")).labels().integratedGradients(64)` then `.byLag()`, `.byClass()`,
`.gaps()`, `.units()`, `.memory()`, `.matches()`; `.skipBadInput()` to count bad sequences instead of stopping."""),
    ]


ALL_NOTEBOOKS = [
    ("00_tour", tour),
    ("01_where_is_the_bias", where_is_the_bias),
    ("02_gate_order", gate_order),
    ("03_weights_time_and_lags", weights_time_and_lags),
    ("04_units_return_sequences_stacking", stacking),
    ("05_features_and_parameter_count", features_and_params),
    ("06_gru_and_simple_rnn", gru_and_simple_rnn),
    ("08_across_frameworks", across_frameworks),
    ("09_datasets", datasets),
]


def main():
    # The reference step must reproduce the outputs Keras printed for the second question before we trust it.
    steps = g.reference_run([[v] for v in g.SEED1_SEQUENCE], g.SEED1_KERNEL, g.SEED1_RECURRENT, g.SEED1_BIAS,
                            g.hard_sigmoid_keras2)
    for step, expected_h in zip(steps, g.SEED1_EXPECTED_H):
        assert all(abs(a - e) < 1e-7 for a, e in zip(step["h"], expected_h)), (step["h"], expected_h)
    # So must the plain-Python GRU and SimpleRNN reproduce every prediction Keras and tf_keras stored with their files.
    for name in g.RECURRENT_FILES:
        record = g.expected(name)
        for ours, theirs in zip(g.reference_predictions(record), record["expected_output"]):
            assert all(abs(a - e) < 1e-6 for a, e in zip(ours, theirs)), (name, ours, theirs)
    for stem, build in ALL_NOTEBOOKS:
        print(g.notebook(stem, build()))
    print("outputs are empty now: store fresh ones with notebooks/run_notebooks.sh --write-back, then commit")


if __name__ == "__main__":
    main()
