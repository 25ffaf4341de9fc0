"""TradeLab sandbox entry wrapper around Freqtrade backtesting.

``python -m tradelab_sandbox`` is the image's entry point; see README.md beside the image
sources for the contract with the runner.
"""

JOB_DIR = "/job"
OUTPUT_DIR = "/output"
DATA_DIR = "/data"
WORK_DIR = "/tmp/tradelab"
INDICATORS_FILE = "indicators.json"
# Where Freqtrade's process writes the chart indicators (tradelab_sandbox.indicators).
INDICATORS_ENV = "TRADELAB_INDICATORS_FILE"



def sandbox_dirs() -> dict:
    """job, output, data and work directories (TRADELAB_<NAME>_DIR overrides them for tests)."""
    import os

    defaults = {"job": JOB_DIR, "output": OUTPUT_DIR, "data": DATA_DIR, "work": WORK_DIR}
    return {k: os.environ.get(f"TRADELAB_{k.upper()}_DIR", v) for k, v in defaults.items()}


EXIT_OK = 0
EXIT_INTERNAL = 1
EXIT_USER = 2
