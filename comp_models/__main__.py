import sys

from comp_models.cli import main

sys.exit(main())
