package org.lstmlens.testing;

/**
 * The numbers of the second seed question (../shared/seeds/001_*.txt, quoted in issue 3): a Keras LSTM with
 * input_dim 1 and 3 units, tanh and Keras 2's hard_sigmoid (0.2x+0.5), its printed weights, the inputs fed to it and
 * the hidden states Keras printed. Computed outside this project; tests compare against them to 1e-7.
 */
public final class SeedQuestion2 {
    public static final double[][] KERNEL = {{-0.40927699, -0.53539848, 0.40065038, -0.07722378, 0.30405849,
        0.54959822, -0.23097005, 0.4720422, 0.05197877, -0.52746099, -0.5856396, -0.43691438}};
    public static final double[][] RECURRENT = {
        {-0.25504839, -0.0823682, 0.11609183, 0.41123426, 0.03409858, -0.0647027, -0.59183347, -0.15359771,
            0.21647622, 0.24863823, 0.46169096, -0.21100986},
        {0.29160395, 0.46513283, 0.33996364, -0.31195125, -0.24458826, -0.09762905, 0.16202784, -0.01602131,
            0.34460208, 0.39724654, 0.31806156, 0.1102117},
        {-0.15919448, -0.33053166, -0.22857222, -0.04912394, -0.21862955, 0.55346996, 0.38505834, 0.18110731,
            0.270677, -0.02759281, 0.42814475, -0.13496138}};
    public static final double[] BIAS = {0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0};
    public static final double[] INPUTS = {0.83467698, 0.1, -0.5, 0.3};
    public static final double[][] EXPECTED_H = {
        {-0.03378818, 0.06142151, 0.01049471},
        {-0.02532322, 0.06548612, 0.01415109},
        {0.02407982, -0.02088694, 0.00881938},
        {-0.00428293, 0.01764741, 0.00954552}};
    /** Keras printed 8 decimals. */
    public static final double PRINTED = 1e-7;

    private SeedQuestion2() {
    }
}
