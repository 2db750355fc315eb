"""`python -m widgets.server`: start the student quiz and the instructor dashboard."""

import sys

from widgets.server.launcher import main

sys.exit(main())
