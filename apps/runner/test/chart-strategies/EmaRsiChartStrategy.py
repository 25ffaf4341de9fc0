# Test strategy for chart data: an EMA overlay and an RSI sub-plot named in plot_config.
from pandas import DataFrame

import talib.abstract as ta

from freqtrade.strategy import IStrategy


class EmaRsiChartStrategy(IStrategy):
    INTERFACE_VERSION = 3
    timeframe = "5m"
    minimal_roi = {"0": 0.005}
    stoploss = -0.02
    startup_candle_count: int = 100

    plot_config = {
        "main_plot": {"ema20": {"color": "orange"}},
        "subplots": {"RSI": {"rsi": {"color": "red", "type": "line"}}},
    }

    def populate_indicators(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        dataframe["ema20"] = ta.EMA(dataframe, timeperiod=20)
        dataframe["rsi"] = ta.RSI(dataframe, timeperiod=14)
        return dataframe

    def populate_entry_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        dataframe.loc[(dataframe["rsi"] < 40) & (dataframe["close"] < dataframe["ema20"]), "enter_long"] = 1
        return dataframe

    def populate_exit_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        dataframe.loc[dataframe["rsi"] > 60, "exit_long"] = 1
        return dataframe
