package org.lstmlens.core;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The caller and one helper thread working through one pass, meeting at a barrier. One helper per JVM, parked while
 * idle; a pass that finds it busy (another thread's pass) runs alone. The barrier spins briefly, then yields, then
 * parks, so a busy machine slows a pass down but never stalls it.
 */
final class Team {
    /** One worker's share of a pass. */
    interface Work {
        void run(int worker, Sync sync);
    }

    private static final Team SHARED = new Team();

    private final ReentrantLock busy = new ReentrantLock();
    private Thread helper;
    private volatile Work work;
    private volatile Sync sync;
    private volatile boolean helperDone = true;

    private Team() {
    }

    /** Multiply-adds per step below which a second worker costs more than it saves (measured on the forward pass). */
    private static final long HELPER_PAYS_FROM = 1 << 17;

    /** Whether a step of {@code multiplyAdds} is worth the helper, forward or backward, on this machine. */
    static boolean helperPays(long multiplyAdds) {
        return multiplyAdds >= HELPER_PAYS_FROM && Runtime.getRuntime().availableProcessors() >= 2;
    }

    /**
     * Runs {@code work} on {@code workers} threads (1 or 2: the caller is worker 0); returns when all are done.
     * {@code blocks} is how many blocks of work each phase between two barriers hands out ({@link Sync#claim}).
     */
    static void run(int workers, int blocks, Work work) {
        if (workers < 2 || !SHARED.busy.tryLock()) {
            work.run(0, new Sync(1, blocks));
            return;
        }
        try {
            SHARED.runWithHelper(work, blocks);
        } finally {
            SHARED.busy.unlock();
        }
    }

    private void runWithHelper(Work w, int blocks) {
        Sync s = new Sync(2, blocks);
        sync = s;
        helperDone = false;
        work = w;
        LockSupport.unpark(helper());
        try {
            w.run(0, s);
        } catch (Abandoned e) {
            // the helper failed first: its failure is rethrown below
        } catch (RuntimeException | Error e) {
            s.breakWith(e);
            throw e;
        } finally {
            // never leave while the helper still reads this pass's arrays
            while (!helperDone) {
                LockSupport.parkNanos(10_000);
            }
        }
        s.rethrowHelperFailure();
    }

    private Thread helper() {
        if (helper == null) {
            helper = new Thread(this::serve, "lstm-lens-vector-helper");
            helper.setDaemon(true);
            helper.start();
        }
        return helper;
    }

    private void serve() {
        while (true) {
            Work w = work;
            if (w == null) {
                LockSupport.park(this);
                continue;
            }
            work = null;
            Sync s = sync;
            try {
                w.run(1, s);
            } catch (Throwable e) {
                s.breakWith(e);
            } finally {
                helperDone = true;
            }
        }
    }

    /**
     * The barrier of one pass (every worker waits until all have arrived), and the blocks of work of the phase
     * between two barriers, handed out as the workers ask: worker 0 takes them from the front, worker 1 from the
     * back, so a worker on a slower core (a busy neighbour on a shared machine) does fewer and nobody waits long.
     */
    static final class Sync {
        private static final int SPINS = 1 << 14;
        private static final int YIELDS = 1 << 8;

        private final int parties;
        private final int blocks;
        /** The next front block (high half) and one past the last unclaimed block (low half). */
        private final AtomicLong claims = new AtomicLong();
        private int arrived; // guarded by the generation protocol below: only changed under synchronized
        private volatile int generation;
        private volatile int split;
        private volatile Throwable broken;

        Sync(int parties, int blocks) {
            this.parties = parties;
            this.blocks = blocks;
            claims.set(blocks);
        }

        int parties() {
            return parties;
        }

        /** The next block for this worker in this phase, or -1 when every block has been taken. */
        int claim(int worker) {
            while (true) {
                long c = claims.get();
                int front = (int) (c >>> 32);
                int back = (int) c;
                if (front >= back) {
                    return -1;
                }
                long next = worker == 0 ? ((long) (front + 1) << 32) | back : ((long) front << 32) | (back - 1);
                if (claims.compareAndSet(c, next)) {
                    return worker == 0 ? front : back - 1;
                }
            }
        }

        /** After a barrier: worker 0 took blocks [0, split) in the phase before it, worker 1 the rest. */
        int split() {
            return split;
        }

        private void nextPhase() {
            split = (int) (claims.get() >>> 32);
            claims.set(blocks);
        }

        /** Waits until every worker has called await as often as this one; then hands out the blocks anew. */
        void await() {
            if (parties == 1) {
                nextPhase();
                return;
            }
            int gen = generation;
            synchronized (this) {
                if (++arrived == parties) {
                    arrived = 0;
                    nextPhase();
                    generation = gen + 1;
                    return;
                }
            }
            for (int i = 0; generation == gen; i++) {
                checkBroken();
                if (i < SPINS) {
                    Thread.onSpinWait();
                } else if (i < SPINS + YIELDS) {
                    Thread.yield();
                } else {
                    LockSupport.parkNanos(20_000);
                }
            }
        }

        /** Stops this worker if another one failed. */
        void checkBroken() {
            if (broken != null) {
                throw new Abandoned();
            }
        }

        void breakWith(Throwable e) {
            if (!(e instanceof Abandoned) && broken == null) {
                broken = e;
            }
        }

        void rethrowHelperFailure() {
            Throwable e = broken;
            if (e instanceof RuntimeException) {
                throw (RuntimeException) e;
            }
            if (e instanceof Error) {
                throw (Error) e;
            }
        }
    }

    /** Thrown in a worker whose partner failed: it stops, and the partner's failure is what the caller sees. */
    static final class Abandoned extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Abandoned() {
            super("the other worker of this pass failed", null, false, false);
        }
    }
}
