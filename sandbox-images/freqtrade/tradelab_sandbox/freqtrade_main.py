"""``python -m tradelab_sandbox.freqtrade_main <freqtrade args>``: unmodified Freqtrade's own
``main()`` in this process, with the chart-indicator hook installed first when
``TRADELAB_INDICATORS_FILE`` names the artifact to write (see ``indicators``). The wrapper starts
Freqtrade this way instead of ``python -m freqtrade``: the same single process, no patched files.
"""

import os
import sys


def main() -> None:
    from tradelab_sandbox.indicators import OUTPUT_ENV, install

    path = os.environ.get(OUTPUT_ENV)
    if path:
        try:
            install(path)
        except Exception as e:  # noqa: BLE001 - without the hook the backtest still runs
            print(f"[tradelab] chart indicators disabled: {type(e).__name__}: {e}", file=sys.stderr)

    from freqtrade.main import main as freqtrade_main

    freqtrade_main(sys.argv[1:])


if __name__ == "__main__":
    main()
