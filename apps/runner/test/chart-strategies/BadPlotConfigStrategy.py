# Test strategy for chart data: plot_config has the wrong shape (main_plot is a list), which
# Freqtrade itself never checks while backtesting. The backtest must still succeed, with a warning
# in the log and no indicators. (A plot_config property that raises fails in plain Freqtrade
# already: its parameter detection reads every attribute of the strategy.)
from pandas import DataFrame

import talib.abstract as ta

from freqtrade.strategy import IStrategy


class BadPlotConfigStrategy(IStrategy):
    INTERFACE_VERSION = 3
    timeframe = "5m"
    minimal_roi = {"0": 0.02}
    stoploss = -0.05

    plot_config = {"main_plot": ["rsi"]}

    def populate_indicators(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        dataframe["rsi"] = ta.RSI(dataframe, timeperiod=14)
        return dataframe

    def populate_entry_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        dataframe.loc[dataframe["rsi"] < 30, "enter_long"] = 1
        return dataframe

    def populate_exit_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        dataframe.loc[dataframe["rsi"] > 70, "exit_long"] = 1
        return dataframe
