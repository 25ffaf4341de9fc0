# Hostile test strategy: fills the writable disks until they are full.

from pandas import DataFrame
from freqtrade.strategy import IStrategy



class DiskFillStrategy(IStrategy):
    timeframe = "5m"
    minimal_roi = {"0": 0.01}
    stoploss = -0.05

    def populate_indicators(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        chunk = b"\0" * (4 * 1024 * 1024)
        for target in ("/tmp/fill.bin", "/output/fill.bin"):
            with open(target, "wb") as fh:
                while True:
                    fh.write(chunk)
                    fh.flush()
        return dataframe

    def populate_entry_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        dataframe["enter_long"] = 0
        return dataframe

    def populate_exit_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        dataframe["exit_long"] = 0
        return dataframe
