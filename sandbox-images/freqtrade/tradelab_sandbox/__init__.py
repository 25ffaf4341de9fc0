"""TradeLab sandbox entry wrapper around Freqtrade backtesting.

``python -m tradelab_sandbox`` is the image's entry point; see README.md beside the image
sources for the contract with the runner.
"""

JOB_DIR = "/job"
OUTPUT_DIR = "/output"
DATA_DIR = "/data"
WORK_DIR = "/tmp/tradelab"

EXIT_OK = 0
EXIT_INTERNAL = 1
EXIT_USER = 2
