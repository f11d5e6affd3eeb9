import sys

from ui.gui import main

sys.exit(main())
