package org.lstmlens.data;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.lstmlens.error.LstmException;
import org.lstmlens.error.ShapeException;

/**
 * The aggregate of a run over a dataset, built by {@link #add(SequenceResult)} and {@link #skip(Problem)} and combined
 * by {@link #merge}: associative and commutative to the last bit, since every sum is exact ({@link ExactSum}: rounded
 * once, when read), every distribution a histogram of counts over fixed bins, and every kept list ordered by a total
 * order. So one thread, all cores and a Spark reduce give the same numbers on the same sequences, whatever the order.
 * Mutable like a Spark aggregation buffer: {@code add}, {@code skip} and {@code merge} change this summary and return
 * it; not thread-safe (each worker keeps its own, merged at the end).
 *
 * <p>What it holds, for sequences of one length (timesteps read as lags, {@code lag = reference - timestep}): mean
 * |attribution| and signed mean by timestep and feature, per class (the label when given, else the prediction);
 * each sequence's share of its |attribution| per timestep, with quantiles (within 0.005); how often each lag was the
 * top one; the completeness gap's distribution; per-unit activation distributions and the keeping gate's memory;
 * the best matches of a unit selection; predicted classes (and accuracy against labels); skipped sequences by kind.
 */
public final class DatasetSummary implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Problems listed with where they were (all are counted). */
    public static final int PROBLEMS_KEPT = 100;

    private final int keepMatches;
    private int steps = -1;
    private int features;
    private int reference;
    private ExactSum[] absGrid;       // [timestep * features + feature]
    private ExactSum[] signedGrid;
    private StepStats all;
    private final TreeMap<Integer, StepStats> byClass = new TreeMap<>();
    private final TreeMap<Integer, Long> predicted = new TreeMap<>();
    private long labelled;
    private long correct;
    private final GapStats gaps = new GapStats();
    private StateStats states;
    private final TopMatches matches;
    private final long[] skipped = new long[Problem.Kind.values().length];
    private final ArrayList<Problem> problems = new ArrayList<>();

    /** A sequence and its match score, as the selection ranks them. */
    public record Matched(long index, String id, double score) implements Serializable {
    }

    /** An empty summary that keeps the 20 best matches. */
    public DatasetSummary() {
        this(20);
    }

    /** An empty summary that keeps the {@code keepMatches} best matches. */
    public DatasetSummary(int keepMatches) {
        this.keepMatches = keepMatches;
        this.matches = new TopMatches(keepMatches);
    }

    /** An empty summary for {@code job} (its number of matches kept). */
    public static DatasetSummary of(DatasetJob job) {
        return new DatasetSummary(job.keepMatches());
    }

    /**
     * Adds one sequence's result.
     *
     * @throws ShapeException if its length, features or lag reference differ from those already added
     */
    public DatasetSummary add(SequenceResult r) {
        shape(r.steps(), r.features(), r.reference(), "sequence \"" + r.id() + "\"");
        double[][] a = r.attribution();
        for (int t = 0; t < steps; t++) {
            for (int j = 0; j < features; j++) {
                absGrid[t * features + j].add(Math.abs(a[t][j]));
                signedGrid[t * features + j].add(a[t][j]);
            }
        }
        int top = reference - r.topLag();
        all.add(a, top);
        byClass.computeIfAbsent(r.classKey(), k -> new StepStats(steps)).add(a, top);
        predicted.merge(r.predicted(), 1L, Long::sum);
        if (r.label() != Sequence.NO_LABEL) {
            labelled++;
            correct += r.label() == r.predicted() ? 1 : 0;
        }
        if (r.hasGap()) {
            gaps.add(r.gap(), r.relativeGap());
        }
        if (r.states() != null) {
            if (states == null) {
                states = new StateStats(r.states().h().length, r.states().units());
            } else if (!states.fits(r.states())) {
                throw new ShapeException("sequence \"" + r.id() + "\": state of " + r.states().units() + " units over "
                        + r.states().h().length + " steps; the summary holds " + states.units() + " over "
                        + states.steps());
            }
            states.add(r.states());
        }
        if (!Double.isNaN(r.match())) {
            matches.add(new Matched(r.index(), r.id(), r.match()));
        }
        return this;
    }

    /** Counts a bad sequence that was skipped (the first {@value #PROBLEMS_KEPT} by index are listed). */
    public DatasetSummary skip(Problem p) {
        skipped[p.kind().ordinal()]++;
        keepProblem(p);
        return this;
    }

    /**
     * Adds everything {@code other} holds ({@code other} is not changed).
     *
     * @throws ShapeException if the two hold sequences of different shapes
     */
    public DatasetSummary merge(DatasetSummary other) {
        if (other.steps >= 0) {
            shape(other.steps, other.features, other.reference, "merged summary");
            for (int i = 0; i < absGrid.length; i++) {
                absGrid[i].merge(other.absGrid[i]);
                signedGrid[i].merge(other.signedGrid[i]);
            }
            all.merge(other.all);
            other.byClass.forEach((k, s) -> byClass.computeIfAbsent(k, x -> new StepStats(steps)).merge(s));
        }
        other.predicted.forEach((k, n) -> predicted.merge(k, n, Long::sum));
        labelled += other.labelled;
        correct += other.correct;
        gaps.merge(other.gaps);
        if (other.states != null) {
            if (states == null) {
                states = new StateStats(other.states.steps(), other.states.units());
            }
            states.merge(other.states);
        }
        matches.merge(other.matches);
        for (int i = 0; i < skipped.length; i++) {
            skipped[i] += other.skipped[i];
        }
        other.problems.forEach(this::keepProblem);
        return this;
    }

    private void shape(int s, int f, int ref, String what) {
        if (steps < 0) {
            steps = s;
            features = f;
            reference = ref;
            absGrid = StepStats.sums(s * f);
            signedGrid = StepStats.sums(s * f);
            all = new StepStats(s);
            return;
        }
        if (s != steps || f != features || ref != reference) {
            throw new ShapeException(what + ": " + s + " timesteps x " + f + " features (lag reference " + ref
                    + "); the summary holds " + steps + " x " + features + " (reference " + reference + ")");
        }
    }

    private void keepProblem(Problem p) {
        problems.add(p);
        problems.sort(Comparator.comparingLong(Problem::index).thenComparing(Problem::message));
        if (problems.size() > PROBLEMS_KEPT) {
            problems.remove(problems.size() - 1);
        }
    }

    // ---- counts

    /** Sequences explained. */
    public long sequences() {
        return all == null ? 0 : all.count();
    }

    /** Sequences skipped, all kinds. */
    public long skipped() {
        long n = 0;
        for (long k : skipped) {
            n += k;
        }
        return n;
    }

    /** Sequences skipped for {@code kind}. */
    public long skipped(Problem.Kind kind) {
        return skipped[kind.ordinal()];
    }

    /** The first skipped sequences by index, with where they were and why (all are counted). */
    public List<Problem> problems() {
        return List.copyOf(problems);
    }

    /** Timesteps per sequence (0 before any sequence). */
    public int steps() {
        return Math.max(steps, 0);
    }

    /** Features of the attributions. */
    public int features() {
        return features;
    }

    /** The timestep whose lag is 0 (the target's step; one past the last input for a forecast). */
    public int reference() {
        return reference;
    }

    /** The lag of input timestep {@code timestep}. */
    public int lag(int timestep) {
        return reference - timestep;
    }

    // ---- attributions

    /** Mean |attribution| per {@code [timestep][feature]} over the sequences. */
    public double[][] meanAbs() {
        return grid(absGrid);
    }

    /** Mean signed attribution per {@code [timestep][feature]}. */
    public double[][] mean() {
        return grid(signedGrid);
    }

    private double[][] grid(ExactSum[] g) {
        require();
        double[][] m = new double[steps][features];
        for (int t = 0; t < steps; t++) {
            for (int j = 0; j < features; j++) {
                m[t][j] = g[t * features + j].value() / all.count();
            }
        }
        return m;
    }

    /** Mean over sequences of |attribution| summed over features, per timestep. */
    public double[] meanAbsByStep() {
        return perStep(all::meanAbs);
    }

    /** Mean over sequences of the attribution summed over features, per timestep. */
    public double[] meanByStep() {
        return perStep(all::mean);
    }

    /** Mean |attribution| per feature, summed over timesteps. */
    public double[] meanAbsByFeature() {
        return byFeature(absGrid);
    }

    /** Mean signed attribution per feature, summed over timesteps. */
    public double[] meanByFeature() {
        return byFeature(signedGrid);
    }

    private double[] byFeature(ExactSum[] g) {
        require();
        double[] m = new double[features];
        for (int j = 0; j < features; j++) {
            ExactSum s = new ExactSum();
            for (int t = 0; t < steps; t++) {
                s.merge(g[t * features + j]);
            }
            m[j] = s.value() / all.count();
        }
        return m;
    }

    /** Mean share (0..1) of the timestep at {@code lag} in each sequence's total |attribution|. */
    public double meanShare(int lag) {
        require();
        return all.meanShare(timestep(lag));
    }

    /** The q-quantile (0..1) over sequences of the share at {@code lag}, within 0.005. */
    public double shareQuantile(int lag, double q) {
        require();
        return all.shareQuantile(timestep(lag), q);
    }

    /** The fraction of sequences whose top lag (largest summed |attribution|) is {@code lag}. */
    public double topLagShare(int lag) {
        require();
        return (double) all.topCount(timestep(lag)) / all.count();
    }

    /** How many sequences have {@code lag} as their top lag. */
    public long topLagCount(int lag) {
        require();
        return all.topCount(timestep(lag));
    }

    /** Lags from t (the reference's own timestep) back to the first timestep. */
    public int[] lags() {
        require();
        int[] l = new int[steps];
        for (int i = 0; i < steps; i++) {
            l[i] = lag(steps - 1 - i);
        }
        return l;
    }

    // ---- by class

    /** The classes met (labels where given, else predictions), ascending. */
    public Set<Integer> classes() {
        return java.util.Collections.unmodifiableSet(byClass.keySet());
    }

    /** Sequences of class {@code cls}. */
    public long count(int cls) {
        StepStats s = byClass.get(cls);
        return s == null ? 0 : s.count();
    }

    /** Mean |attribution| summed over features, per timestep, over the sequences of class {@code cls}. */
    public double[] meanAbsByStep(int cls) {
        return perStep(of(cls)::meanAbs);
    }

    /** Mean signed attribution per timestep over the sequences of class {@code cls}. */
    public double[] meanByStep(int cls) {
        return perStep(of(cls)::mean);
    }

    /** The fraction of the sequences of class {@code cls} whose top lag is {@code lag}. */
    public double topLagShare(int cls, int lag) {
        StepStats s = of(cls);
        return (double) s.topCount(timestep(lag)) / s.count();
    }

    private StepStats of(int cls) {
        StepStats s = byClass.get(cls);
        if (s == null) {
            throw new LstmException("class " + cls + ": no sequence of it; classes met: " + byClass.keySet());
        }
        return s;
    }

    /** Sequences per predicted class. */
    public Map<Integer, Long> predictedCounts() {
        return java.util.Collections.unmodifiableMap(predicted);
    }

    /** Sequences with a label. */
    public long labelled() {
        return labelled;
    }

    /** Labelled sequences whose predicted class is their label. */
    public long correct() {
        return correct;
    }

    // ---- completeness gap

    /** Sequences with a completeness gap (integrated gradients, occlusion). */
    public long gapCount() {
        return gaps.count();
    }

    /** Mean signed completeness gap. */
    public double meanGap() {
        return gaps.mean();
    }

    /** Mean |completeness gap|. */
    public double meanAbsGap() {
        return gaps.meanAbs();
    }

    /** The largest |gap| / |f(x) - f(baseline)|. */
    public double maxRelativeGap() {
        return gaps.maxRelative();
    }

    /** The q-quantile of |gap| / |f(x) - f(baseline)|, within a factor 1.26 (tenth-decade bins). */
    public double relativeGapQuantile(double q) {
        return gaps.relativeQuantile(q);
    }

    GapStats gapStats() {
        return gaps;
    }

    // ---- states

    /** Whether state statistics were gathered. */
    public boolean hasStates() {
        return states != null;
    }

    /** Units of the probed layer. */
    public int units() {
        return requireStates().units();
    }

    /** Mean h of {@code unit} over every step of every sequence. */
    public double meanActivation(int unit) {
        return requireStates().meanActivation(checkUnit(unit));
    }

    /** The q-quantile of h of {@code unit} over every step of every sequence, within 0.01. */
    public double activationQuantile(int unit, double q) {
        return requireStates().activationQuantile(checkUnit(unit), q);
    }

    /** Whether the cell has a keeping gate (an LSTM's forget gate, a GRU's update gate). */
    public boolean hasMemory() {
        return requireStates().hasMemory();
    }

    /** Mean survival at {@code lag} of what that step wrote, over units and sequences. */
    public double meanSurvival(int lag) {
        return requireMemory().meanSurvival(memoryLag(lag));
    }

    /** Mean survival at {@code lag} for one unit. */
    public double meanSurvival(int lag, int unit) {
        return requireMemory().meanSurvival(memoryLag(lag), checkUnit(unit));
    }

    /** The largest lag whose mean survival is at least {@link StateSummary#THRESHOLD} (the dataset's horizon). */
    public int memoryHorizon() {
        StateStats s = requireMemory();
        int best = 0;
        for (int lag = 0; lag < s.steps(); lag++) {
            if (s.meanSurvival(lag) >= StateSummary.THRESHOLD) {
                best = lag;
            }
        }
        return best;
    }

    /** The fraction of sequences whose own horizon is {@code lag}. */
    public double horizonShare(int lag) {
        StateStats s = requireMemory();
        return (double) s.horizonCount(memoryLag(lag)) / s.count();
    }

    StateStats stateStats() {
        return states;
    }

    private StateStats requireStates() {
        if (states == null) {
            throw new LstmException("no state statistics: the job did not ask for them; use .states(true)");
        }
        return states;
    }

    private StateStats requireMemory() {
        StateStats s = requireStates();
        if (!s.hasMemory()) {
            throw new LstmException("no gate memory: the layer's cell has no keeping gate (a SimpleRNN rewrites its "
                    + "state at every step); an LSTM's forget gate or a GRU's update gate has one");
        }
        return s;
    }

    private int checkUnit(int unit) {
        if (unit < 0 || unit >= states.units()) {
            throw new ShapeException("unit " + unit + " is out of range; valid: 0.." + (states.units() - 1));
        }
        return unit;
    }

    private int memoryLag(int lag) {
        if (lag < 0 || lag >= states.steps()) {
            throw new ShapeException("memory lag " + lag + " is outside the sequences; valid: 0.."
                    + (states.steps() - 1));
        }
        return lag;
    }

    // ---- selection

    /** The best-matching sequences of the job's unit selection, best first (ties: smaller index first). */
    public List<Matched> matches() {
        return matches.list();
    }

    /** How many best matches are kept. */
    public int keepMatches() {
        return keepMatches;
    }

    private interface StepValue {
        double at(int t);
    }

    private double[] perStep(StepValue f) {
        require();
        double[] m = new double[steps];
        for (int t = 0; t < steps; t++) {
            m[t] = f.at(t);
        }
        return m;
    }

    private int timestep(int lag) {
        int t = reference - lag;
        if (t < 0 || t >= steps) {
            throw new ShapeException("lag " + lag + " is outside the sequences; valid lags: " + lag(steps - 1)
                    + " to " + reference);
        }
        return t;
    }

    private void require() {
        if (all == null) {
            throw new LstmException("no sequence explained yet" + (skipped() > 0 ? " (" + skipped() + " skipped)"
                    : ""));
        }
    }

    @Override
    public String toString() {
        return "DatasetSummary[" + sequences() + " sequences" + (skipped() > 0 ? ", " + skipped() + " skipped" : "")
                + (steps >= 0 ? ", " + steps + " steps x " + features + " features" : "") + "]";
    }
}
