# Broken on purpose: reads a column that does not exist while computing indicators (line 15).
from pandas import DataFrame
from freqtrade.strategy import IStrategy


class RuntimeErrorStrategy(IStrategy):
    timeframe = "5m"
    minimal_roi = {"0": 0.01}
    stoploss = -0.05

    def populate_indicators(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        dataframe["ok"] = dataframe["close"] * 2
        # The next line raises KeyError: freqtrade's dataframe has no "vwap" column.

        dataframe["bad"] = dataframe["vwap"] * 2
        return dataframe

    def populate_entry_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        dataframe["enter_long"] = 0
        return dataframe

    def populate_exit_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        dataframe["exit_long"] = 0
        return dataframe
