"""The long fuzz run: the suite of tests/test_fuzz.py with many random cases instead of 30 fixed ones.

    python benchmarks/fuzz_long.py              # 500 cases per format (about 15 minutes here)
    python benchmarks/fuzz_long.py --examples 2000

Every case is a real file from ../shared with random mutations (truncation, blanked fields, CR,
BOM, NUL, over-long lines, flipped bytes, wrong field counts); each must end in a one-line error or
a load whose records add up. A failure prints the smallest mutation that breaks it.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--examples", type=int, default=500)
    args = ap.parse_args()
    env = {**os.environ, "MONEYTRAIL_FUZZ_EXAMPLES": str(args.examples),
           "PYTHONPATH": os.pathsep.join([str(HERE.parent / "src"), os.environ.get("PYTHONPATH", "")])}
    sys.exit(subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                             "--hypothesis-show-statistics", str(HERE.parent / "tests" / "test_fuzz.py")],
                            env=env, cwd=HERE.parent).returncode)


if __name__ == "__main__":
    main()
