"""python -m benchmarks [--json] [--years N]: the engine, reference and alignment-lab figures."""

import sys

from benchmarks.engine import main, parse_args

sys.exit(main(parse_args(sys.argv[1:])))
