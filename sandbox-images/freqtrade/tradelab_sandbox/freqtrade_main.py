"""The Freqtrade process of a sandbox run: unmodified Freqtrade's own ``main()``, with the
chart-indicator hook installed first when ``TRADELAB_INDICATORS_FILE`` names the artifact to write
(see ``indicators``). No Freqtrade file is patched.

Two ways to start it:

* ``python -P -m tradelab_sandbox.freqtrade_main <freqtrade args>`` — runs them at once;
* pre-started (``prestart()``, what the wrapper does first thing): ``... freqtrade_main
  --prestarted`` imports Freqtrade's backtesting modules — the ~10 s of imports every backtest
  begins with under gVisor — while the wrapper, in parallel, parses job.json, checks the strategy's
  syntax and writes the config. The wrapper then sends one line of JSON, ``{"args": [...],
  "cwd": "..."}``, on stdin; end of input instead means "not needed" and the process exits 3.
  stdin is /dev/null from then on, as it would be for a plain start.
"""

import os
import sys

from tradelab_sandbox import INDICATORS_ENV

PRESTART_FLAG = "--prestarted"
EXIT_NOT_NEEDED = 3
MARKETS_FILE_ENV = "TRADELAB_MARKETS_FILE"
MODULE = "tradelab_sandbox.freqtrade_main"


def with_markets_file(env: dict, job_dir: str) -> dict:
    """``env`` plus the markets file of the contract (<job>/markets.json) when the runner did not
    name one: sitecustomize reads it at interpreter start."""
    markets = os.path.join(job_dir, "markets.json")
    if not env.get(MARKETS_FILE_ENV) and os.path.isfile(markets):
        env = dict(env, **{MARKETS_FILE_ENV: markets})
    return env


def freqtrade_env(job_dir: str, indicators_file: str) -> dict:
    env = with_markets_file(dict(os.environ), job_dir)
    env.setdefault("COLUMNS", "160")
    env["PYTHONUNBUFFERED"] = "1"
    env[INDICATORS_ENV] = indicators_file
    return env


def command(args: list) -> list:
    return [sys.executable, "-P", "-m", MODULE, *args]


def popen(args: list, env: dict, **kwargs):
    """Freqtrade's process: stdout and stderr into one pipe, no inherited descriptors."""
    import subprocess

    return subprocess.Popen(
        command(args), env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        close_fds=True, **kwargs,
    )  # fmt: skip


def prestart(job_dir: str, indicators_file: str):
    """Starts the Freqtrade process before the job is read; None if that is not possible (the
    wrapper then starts it when it has the arguments)."""
    import subprocess

    try:
        return popen([PRESTART_FLAG], freqtrade_env(job_dir, indicators_file), stdin=subprocess.PIPE)
    except Exception as e:  # noqa: BLE001
        print(f"[tradelab] could not pre-start freqtrade: {e}", file=sys.stderr)
        return None


def _wait_for_job() -> list:
    import json

    import freqtrade.main  # the imports of every backtest, before the job arrives
    from freqtrade.system import gc_set_threshold

    # Freqtrade's main() raises the GC thresholds before it imports the backtesting modules;
    # importing them with the default thresholds costs ~0.5 s more of garbage collection.
    gc_set_threshold()
    import freqtrade.optimize.backtesting  # noqa: F401

    line = sys.stdin.buffer.readline()
    if not line:
        sys.exit(EXIT_NOT_NEEDED)
    job = json.loads(line)
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    os.chdir(job["cwd"])
    return list(job["args"])


def main() -> None:
    args = _wait_for_job() if sys.argv[1:] == [PRESTART_FLAG] else sys.argv[1:]
    sys.argv = ["freqtrade", *args]
    path = os.environ.get(INDICATORS_ENV)
    if path:
        try:
            from tradelab_sandbox.indicators import install

            install(path)
        except Exception as e:  # noqa: BLE001 - without the hook the backtest still runs
            print(f"[tradelab] chart indicators disabled: {type(e).__name__}: {e}", file=sys.stderr)

    from freqtrade.main import main as freqtrade_main

    freqtrade_main(args)


if __name__ == "__main__":
    main()
