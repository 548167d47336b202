"""Compare two runs of make_models.py: every .h5 and .json byte for byte, every .keras member by member.

    python notebooks/data/compare_runs.py notebooks/data /tmp/second_run

A .keras zip is never byte-identical across runs: Keras writes the save time into metadata.json ("date_saved"),
Python object ids into config.json ("shared_object_id") and the current time into the zip entry of model.weights.h5.
Those are masked; everything else, including the weights file inside the zip, must match exactly. Exit code 1 on any
difference.
"""

import os
import re
import sys
import zipfile

VOLATILE = [re.compile(rb'"date_saved": "[^"]*"'), re.compile(rb'"shared_object_id": \d+')]


def masked(data):
    for pattern in VOLATILE:
        data = pattern.sub(lambda m: m.group(0).split(b":")[0] + b": <masked>", data)
    return data


def keras_members(path):
    with zipfile.ZipFile(path) as z:
        return {name: masked(z.read(name)) for name in z.namelist()}


def main(first, second):
    names = sorted(f for f in os.listdir(first) if f.endswith((".h5", ".json", ".keras")))
    differences = 0
    for name in names:
        a, b = os.path.join(first, name), os.path.join(second, name)
        if not os.path.exists(b):
            print(f"MISSING  {name}")
            differences += 1
            continue
        with open(a, "rb") as fa, open(b, "rb") as fb:
            identical = fa.read() == fb.read()
        if identical:
            print(f"bytes    {name}")
        elif name.endswith(".keras") and keras_members(a) == keras_members(b):
            print(f"content  {name} (only date_saved, shared_object_id and zip times differ)")
        else:
            print(f"DIFFERS  {name}")
            differences += 1
    return 1 if differences else 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: compare_runs.py FIRST_DIR SECOND_DIR")
    sys.exit(main(sys.argv[1], sys.argv[2]))
