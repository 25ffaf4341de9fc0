# Broken on purpose: populate_entry_trend raises (line 25), which Freqtrade calls inside
# Backtesting.backtest, the method the chart-indicator hook wraps. The error must still name
# this file and line.
from pandas import DataFrame

import talib.abstract as ta

from freqtrade.strategy import IStrategy


class EntryErrorChartStrategy(IStrategy):
    INTERFACE_VERSION = 3
    timeframe = "5m"
    minimal_roi = {"0": 0.02}
    stoploss = -0.05

    plot_config = {"main_plot": {"ema20": {}}}

    def populate_indicators(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        dataframe["ema20"] = ta.EMA(dataframe, timeperiod=20)
        return dataframe

    def populate_entry_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        threshold = {"rsi": 30}
        dataframe.loc[dataframe["close"] < threshold["ema"], "enter_long"] = 1
        return dataframe

    def populate_exit_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        dataframe["exit_long"] = 0
        return dataframe
