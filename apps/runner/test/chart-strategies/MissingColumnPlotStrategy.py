# Test strategy for chart data: plot_config is a property and names columns the strategy never
# computes ("not_computed", "also_missing"); the backtest must still succeed.
from pandas import DataFrame

import talib.abstract as ta

from freqtrade.strategy import IStrategy


class MissingColumnPlotStrategy(IStrategy):
    INTERFACE_VERSION = 3
    timeframe = "5m"
    minimal_roi = {"0": 0.02}
    stoploss = -0.05

    @property
    def plot_config(self):
        return {
            "main_plot": {"sma50": {"color": "blue"}, "not_computed": {}},
            "subplots": {"Other": {"also_missing": {"color": None}}, "Signal": {"enter_long": {}}},
        }

    def populate_indicators(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        dataframe["sma50"] = ta.SMA(dataframe, timeperiod=50)
        dataframe["rsi"] = ta.RSI(dataframe, timeperiod=14)
        return dataframe

    def populate_entry_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        dataframe.loc[dataframe["rsi"] < 30, "enter_long"] = 1
        return dataframe

    def populate_exit_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        dataframe.loc[dataframe["rsi"] > 70, "exit_long"] = 1
        return dataframe
