import os
import sys

from tradelab_sandbox import INDICATORS_FILE, sandbox_dirs
from tradelab_sandbox.freqtrade_main import prestart

# Freqtrade's process first: its imports (~10 s under gVisor) overlap with the wrapper's own
# start-up and preparation of the job; it waits for its arguments (see freqtrade_main).
_dirs = sandbox_dirs()
_freqtrade = prestart(_dirs["job"], os.path.join(_dirs["output"], INDICATORS_FILE))

from tradelab_sandbox.wrapper import main  # noqa: E402

sys.exit(main(_freqtrade))
