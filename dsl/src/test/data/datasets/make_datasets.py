"""Write the small dataset files the org.lstmlens.data tests read, with NumPy's and h5py's own writers.

    /work/venv-fx/bin/python dsl/src/test/data/datasets/make_datasets.py     # any Python with numpy and h5py

Every value follows a formula the tests recompute on their own, exact in float32 and int32:
    x[i, t, j] = 100 * i + 10 * t + j + 0.5      (ints: without the + 0.5)
    labels[i] = i % 3
so the readers are checked against what NumPy and h5py wrote, not against themselves.
"""
import os

import h5py
import numpy as np

OUT = os.path.dirname(os.path.abspath(__file__))
N, STEPS, FEATURES = 7, 5, 3


def grid(dtype, half=True):
    i, t, j = np.meshgrid(np.arange(N), np.arange(STEPS), np.arange(FEATURES), indexing="ij")
    x = 100 * i + 10 * t + j + (0.5 if half else 0)
    return x.astype(dtype)


def main():
    labels = (np.arange(N) % 3).astype(np.int64)
    for name, dtype, half in [("f4", "<f4", True), ("f8", "<f8", True), ("i4", "<i4", False), ("i8", "<i8", False),
                              ("f8be", ">f8", True)]:
        np.save(os.path.join(OUT, "x_%s_c.npy" % name), np.ascontiguousarray(grid(dtype, half)))
        np.save(os.path.join(OUT, "x_%s_fortran.npy" % name), np.asfortranarray(grid(dtype, half)))
    np.save(os.path.join(OUT, "x_one_feature.npy"), grid("<f4")[:, :, 0])       # (n, steps): one feature
    np.save(os.path.join(OUT, "labels.npy"), labels)
    np.save(os.path.join(OUT, "labels_float.npy"), labels.astype(np.float32))
    np.savez(os.path.join(OUT, "stored.npz"), x=grid("<f4"), y=labels)
    np.savez_compressed(os.path.join(OUT, "deflated.npz"), x=grid("<f8"), y=labels,
                        xf=np.asfortranarray(grid("<f4")))
    bad = grid("<f4")
    bad[2, 3, 1] = np.nan
    bad[5, 0, 0] = np.inf
    np.save(os.path.join(OUT, "x_not_finite.npy"), bad)
    with open(os.path.join(OUT, "x_truncated.npy"), "wb") as f:                # header of 7 sequences, data of 2.5
        np.save(f, grid("<f4"))
    size = os.path.getsize(os.path.join(OUT, "x_truncated.npy"))
    with open(os.path.join(OUT, "x_truncated.npy"), "r+b") as f:
        f.truncate(size - int(4.5 * STEPS * FEATURES * 4))
    with h5py.File(os.path.join(OUT, "datasets.h5"), "w") as f:
        f.create_dataset("x", data=grid("<f4"))
        f.create_dataset("test/x_chunked", data=grid("<f8"), chunks=(2, STEPS, FEATURES), compression="gzip")
        f.create_dataset("test/y", data=labels)
    # one row per timestep, a sequence id column, the features named, a label; with the bad rows the tests expect
    rows = ["id,a,b,c,label"]
    for i in range(N):
        for t in range(STEPS):
            v = [100 * i + 10 * t + j + 0.5 for j in range(FEATURES)]
            cells = ["s%d" % i] + ["%r" % x for x in v] + [str(i % 3)]
            if i == 2 and t == 3:
                cells[2] = "NaN"                     # not finite: sequence s2
            if i == 4 and t == 1:
                cells[3] = "abc"                     # unreadable: row of s4
            if i == 6 and t == 4:
                continue                             # ragged: s6 has 4 timesteps
            rows.append(",".join(cells))
    with open(os.path.join(OUT, "rows.csv"), "w") as f:
        f.write("\n".join(rows) + "\n")
    # one long series for windows: 20 rows, value 10 * r + j
    series = ["time,u,v"] + ["%d,%r,%r" % (r, 10.0 * r, 10.0 * r + 1) for r in range(20)]
    with open(os.path.join(OUT, "series.csv"), "w") as f:
        f.write("\n".join(series) + "\n")


if __name__ == "__main__":
    main()
