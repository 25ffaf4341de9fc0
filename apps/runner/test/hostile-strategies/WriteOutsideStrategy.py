# Hostile test strategy: writes outside the one writable output directory.

from pandas import DataFrame
from freqtrade.strategy import IStrategy



class WriteOutsideStrategy(IStrategy):
    timeframe = "5m"
    minimal_roi = {"0": 0.01}
    stoploss = -0.05

    def populate_indicators(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        for target in ("/pwned.txt", "/job/strategy/pwned.py", "/data/binance/pwned.feather"):
            with open(target, "w") as fh:
                fh.write("pwned")
        return dataframe

    def populate_entry_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        dataframe["enter_long"] = 0
        return dataframe

    def populate_exit_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        dataframe["exit_long"] = 0
        return dataframe
