package org.lstmlens.compare;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.lstmlens.render.Num;

/**
 * The work behind a {@link Comparison}: match the layers, then per pair the causes from settings and weights, the
 * weights gate by gate, and both runs on one input; then the first divergence and the largest differences.
 */
final class Compare {
    /** A largest difference and where it is, e.g. {@code gate f of layer lstm at step 3}. */
    record Location(double value, String where) {
        /** This one, or (v, at) when v is larger or this is {@link #NONE}; NaN is larger than any number. */
        Location larger(double v, String at) {
            boolean replace = this == NONE || v > value || Double.isNaN(v) && !Double.isNaN(value);
            return replace ? new Location(v, at) : this;
        }

        /** Before anything was compared (every comparison compares something: Matching refuses empty models). */
        static final Location NONE = new Location(0, "nothing compared");
    }

    record Result(List<LayerComparison> layers, Divergence first, Location largestRun, Location largestWeight,
                  double[][][] input, String inputText) {
    }

    /** A place where the runs disagree, ordered as "first" is defined (see {@link Divergence}). */
    private record Candidate(int layer, int step, int direction, int position, Divergence divergence) {
        static final Comparator<Candidate> ORDER = Comparator.comparingInt(Candidate::layer)
                .thenComparingInt(Candidate::step).thenComparingInt(Candidate::direction)
                .thenComparingInt(Candidate::position);
    }

    private Compare() {
    }

    static Result run(Side a, Side b, Inputs.Spec spec, Tolerance tol) {
        List<LayerPair> pairs = Matching.of(a, b);
        List<Inputs.LayerInput> inputs = Inputs.chain(pairs, spec);
        List<LayerComparison> layers = new ArrayList<>();
        List<Candidate> candidates = new ArrayList<>();
        Location run = Location.NONE;
        Location weight = Location.NONE;
        for (LayerPair pair : pairs) {
            Inputs.LayerInput in = inputs.get(pair.index());
            String name = pair.a().name();
            List<DirectionComparison> dirs = new ArrayList<>();
            List<LayerPair.Directions> directions = pair.directions();
            for (int di = 0; di < directions.size(); di++) {
                LayerPair.Directions d = directions.get(di);
                String at = " of layer " + name + (d.label().isEmpty() ? "" : " (" + d.label() + ")");
                List<GateWeights> weights = WeightCheck.of(d.a().cell(), d.b().cell(), tol);
                for (GateWeights g : weights) {
                    for (GateWeights.Row r : g.rows()) {
                        if (r.counts()) {
                            weight = weight.larger(r.largest(), r.array() + " of gate " + g.gate() + at);
                        }
                    }
                }
                List<RunCheck.Series> runs = RunCheck.of(d.a(), d.b(), in.x(), tol);
                for (int p = 0; p < runs.size(); p++) {
                    RunCheck.Series sr = runs.get(p);
                    String what = (p < weights.size() ? "gate " : "") + sr.name() + at;
                    for (int s = 0; s < sr.largest().length; s++) {
                        run = run.larger(sr.largest()[s], what + " at step " + s);
                    }
                    int step = sr.first();
                    if (step >= 0) {
                        candidates.add(new Candidate(pair.index(), step, di, p, new Divergence(name, d.label(), step,
                                sr.name(), p >= weights.size(), sr.largest()[step])));
                    }
                }
                dirs.add(new DirectionComparison(d.label(), weights, runs, MappingText.of(d.a(), d.b())));
            }
            layers.add(new LayerComparison(pair.index(), name, pair.b().name(), Side.describe(pair.a()), in.text(),
                    dirs, Causes.of(pair, tol)));
        }
        Divergence first = candidates.stream().min(Candidate.ORDER).map(Candidate::divergence).orElse(null);
        return new Result(layers, first, run, weight, inputs.get(0).x(), inputs.get(0).text());
    }

    static String format(Location l) {
        return Num.format(l.value()) + " at " + l.where();
    }
}
