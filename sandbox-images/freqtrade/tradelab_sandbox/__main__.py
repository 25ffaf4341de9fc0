import sys

from tradelab_sandbox.wrapper import main

sys.exit(main())
