# RSI mean reversion: buy when RSI climbs back out of oversold, sell when it reaches overbought.
from functools import reduce

from pandas import DataFrame

import talib.abstract as ta
from technical import qtpylib

from freqtrade.strategy import BooleanParameter, IntParameter, IStrategy


class RsiMeanReversion(IStrategy):
    INTERFACE_VERSION = 3
    timeframe = "5m"
    can_short = False

    minimal_roi = {"0": 0.04, "60": 0.02, "240": 0.01}
    stoploss = -0.08

    process_only_new_candles = True
    use_exit_signal = True
    startup_candle_count = 200  # EMA(200)

    buy_rsi = IntParameter(15, 40, default=30, space="buy")
    buy_trend_filter = BooleanParameter(default=True, space="buy")  # only buy above EMA(200)
    sell_rsi = IntParameter(60, 85, default=70, space="sell")

    plot_config = {
        "main_plot": {
            "ema200": {"color": "orange"},
        },
        "subplots": {
            "RSI": {"rsi": {"color": "red"}},
        },
    }

    def populate_indicators(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        dataframe["rsi"] = ta.RSI(dataframe, timeperiod=14)
        dataframe["ema200"] = ta.EMA(dataframe, timeperiod=200)
        return dataframe

    def populate_entry_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        conditions = [
            qtpylib.crossed_above(dataframe["rsi"], self.buy_rsi.value),
            dataframe["volume"] > 0,
        ]
        if self.buy_trend_filter.value:
            conditions.append(dataframe["close"] > dataframe["ema200"])
        dataframe.loc[reduce(lambda a, b: a & b, conditions), ["enter_long", "enter_tag"]] = (1, "rsi_oversold")
        return dataframe

    def populate_exit_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        dataframe.loc[
            qtpylib.crossed_above(dataframe["rsi"], self.sell_rsi.value) & (dataframe["volume"] > 0),
            ["exit_long", "exit_tag"],
        ] = (1, "rsi_overbought")
        return dataframe
