package org.lstmlens.data;

import java.util.List;
import java.util.Optional;
import org.lstmlens.core.Band;
import org.lstmlens.core.Trace;
import org.lstmlens.error.LstmException;
import org.lstmlens.error.NameException;
import org.lstmlens.model.Call;
import org.lstmlens.model.Model;
import org.lstmlens.model.RecurrentLayer;
import org.lstmlens.model.Tensor;
import org.lstmlens.model.TensorRef;

/**
 * Runs one recurrent layer of a model on what reaches it (the model's input, or the output of the layer before it,
 * with its mask) and reads its trace: h per step and unit, the keeping gate's survival, the selection's score.
 */
final class StateProbe {
    private final Call call;
    private final RecurrentLayer layer;
    private final UnitPattern select;

    private StateProbe(Call call, UnitPattern select) {
        this.call = call;
        this.layer = (RecurrentLayer) call.layer();
        this.select = select;
    }

    /**
     * The probe of recurrent layer {@code name} (null: the first), scoring {@code select} when non-null.
     *
     * @throws NameException for a layer the model has not, or one that is not recurrent
     * @throws LstmException for a selection outside the layer's units or the range
     */
    static StateProbe of(Model model, String name, UnitPattern select) {
        String layerName = select != null && select.layer() != null ? select.layer() : name;
        Call call = layerName == null ? firstRecurrentCall(model) : callOf(model, layerName);
        StateProbe p = new StateProbe(call, select);
        if (select != null) {
            int units = p.layer.units();
            if (select.unit() < 0 || select.unit() >= units) {
                throw new LstmException("select " + select.describe() + ": layer \"" + p.layer.name() + "\" has units 0.."
                        + (units - 1));
            }
            if (select.from() < 0 || select.to() < select.from()) {
                throw new LstmException("select " + select.describe() + ": the step range must be from <= to, from 0");
            }
            if (select.match() != UnitPattern.Match.ABOVE && (select.pattern() == null
                    || select.pattern().length != select.to() - select.from() + 1)) {
                throw new LstmException("select " + select.describe() + ": expected one pattern value per step of the "
                        + "range (" + (select.to() - select.from() + 1) + ")");
            }
        }
        return p;
    }

    static RecurrentLayer firstRecurrent(Model model) {
        return (RecurrentLayer) firstRecurrentCall(model).layer();
    }

    private static Call firstRecurrentCall(Model model) {
        for (Call c : model.calls()) {
            if (c.layer() instanceof RecurrentLayer) {
                return c;
            }
        }
        throw new LstmException("model \"" + model.name() + "\" has no LSTM, GRU or SimpleRNN layer of its own (a "
                + "Bidirectional's directions are not probed); state statistics and selection need one");
    }

    private static Call callOf(Model model, String name) {
        for (Call c : model.calls()) {
            if (c.layer().name().equals(name)) {
                if (!(c.layer() instanceof RecurrentLayer)) {
                    throw new LstmException("layer \"" + name + "\" of \"" + model.name() + "\" is a "
                            + c.layer().getClass().getSimpleName() + "; state statistics need an LSTM, GRU or "
                            + "SimpleRNN layer");
                }
                return c;
            }
        }
        throw NameException.unknown("layer", name, "model \"" + model.name() + "\"", model.layerNames());
    }

    /** The layer's trace on {@code x}, with per-sequence summaries and scores. */
    Found probe(Model model, double[][][] x) {
        Tensor in = input(model, Tensor.of(x));
        Trace tr = layer.traceCall(List.of(in)).trace();
        return new Found(tr, layer.cell().keepingGate());
    }

    private Tensor input(Model model, Tensor x) {
        TensorRef ref = call.inputs().get(0);
        if (model.inputs().contains(ref)) {
            return x;
        }
        return model.outputsOf(ref.layer(), List.of(x)).get(ref.tensor());
    }

    /** One batch's trace, read per sequence. */
    final class Found {
        private final Trace tr;
        private final Optional<Band> keep;

        Found(Trace tr, Optional<Band> keep) {
            this.tr = tr;
            this.keep = keep;
        }

        /** h by input timestep and unit, the keeping gate's survival by lag and unit, and the horizon. */
        StateSummary summary(int b) {
            int steps = tr.steps();
            int units = tr.units();
            double[][] h = new double[steps][units];
            for (int s = 0; s < steps; s++) {
                for (int k = 0; k < units; k++) {
                    h[tr.timestep(s)][k] = tr.h(b, s, k);
                }
            }
            if (keep.isEmpty()) {
                return new StateSummary(h, null, -1);
            }
            double[][] surv = new double[steps][units];
            for (int k = 0; k < units; k++) {
                double kept = 1;
                for (int s = steps - 1; s >= 0; s--) {
                    surv[steps - 1 - s][k] = kept;
                    if (tr.active(b, s)) {
                        kept *= tr.gate(b, s, keep.get(), k);
                    }
                }
            }
            return new StateSummary(h, surv, horizon(surv));
        }

        /** The selection's score of sequence {@code b}. */
        double match(int b) {
            if (select == null) {
                return Double.NaN;
            }
            int steps = tr.steps();
            if (select.to() >= steps) {
                throw new LstmException("select " + select.describe() + ": the sequences have timesteps 0.."
                        + (steps - 1));
            }
            double[] h = new double[select.to() - select.from() + 1];
            for (int s = 0; s < steps; s++) {
                int t = tr.timestep(s);
                if (t >= select.from() && t <= select.to()) {
                    h[t - select.from()] = tr.h(b, s, select.unit());
                }
            }
            return Match.score(select, h);
        }
    }

    /** The largest lag whose survival averaged over the units is at least the threshold. */
    static int horizon(double[][] survival) {
        int best = 0;
        for (int lag = 0; lag < survival.length; lag++) {
            double m = 0;
            for (double v : survival[lag]) {
                m += v;
            }
            if (m / survival[lag].length >= StateSummary.THRESHOLD) {
                best = lag;
            }
        }
        return best;
    }
}
