# Hostile test strategy: allocates memory without end.

from pandas import DataFrame
from freqtrade.strategy import IStrategy



class MemoryBombStrategy(IStrategy):
    timeframe = "5m"
    minimal_roi = {"0": 0.01}
    stoploss = -0.05

    def populate_indicators(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        hoard = []
        while True:
            hoard.append(bytearray(64 * 1024 * 1024))
            hoard[-1][::4096] = b"x" * len(hoard[-1][::4096])
        return dataframe

    def populate_entry_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        dataframe["enter_long"] = 0
        return dataframe

    def populate_exit_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        dataframe["exit_long"] = 0
        return dataframe
