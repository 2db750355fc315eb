import sys

from quizbank.cli import main

sys.exit(main())
