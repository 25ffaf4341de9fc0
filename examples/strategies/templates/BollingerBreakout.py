# Bollinger breakout: buy when the close breaks above the upper band on high volume,
# sell when it falls back below the middle band.
from pandas import DataFrame

import talib.abstract as ta
from technical import qtpylib

from freqtrade.strategy import DecimalParameter, IStrategy


class BollingerBreakout(IStrategy):
    INTERFACE_VERSION = 3
    timeframe = "5m"
    can_short = False

    minimal_roi = {"0": 0.05, "120": 0.025, "360": 0.01}
    stoploss = -0.05

    process_only_new_candles = True
    use_exit_signal = True
    startup_candle_count = 50

    buy_volume_factor = DecimalParameter(1.0, 3.0, decimals=1, default=1.5, space="buy")
    sell_band_offset = DecimalParameter(0.98, 1.02, decimals=3, default=1.0, space="sell")

    plot_config = {
        "main_plot": {
            "bb_upperband": {"color": "grey"},
            "bb_middleband": {"color": "orange"},
            "bb_lowerband": {"color": "grey"},
        },
        "subplots": {
            "Volume": {
                "volume": {"color": "#8b949e", "type": "bar"},
                "volume_mean": {"color": "orange"},
            },
        },
    }

    def populate_indicators(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        bands = ta.BBANDS(dataframe, timeperiod=20, nbdevup=2.0, nbdevdn=2.0)
        dataframe["bb_upperband"] = bands["upperband"]
        dataframe["bb_middleband"] = bands["middleband"]
        dataframe["bb_lowerband"] = bands["lowerband"]
        dataframe["volume_mean"] = dataframe["volume"].rolling(30).mean()
        return dataframe

    def populate_entry_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        dataframe.loc[
            qtpylib.crossed_above(dataframe["close"], dataframe["bb_upperband"])
            & (dataframe["volume"] > dataframe["volume_mean"] * self.buy_volume_factor.value)
            & (dataframe["volume"] > 0),
            ["enter_long", "enter_tag"],
        ] = (1, "bb_breakout")
        return dataframe

    def populate_exit_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        dataframe.loc[
            qtpylib.crossed_below(dataframe["close"], dataframe["bb_middleband"] * self.sell_band_offset.value)
            & (dataframe["volume"] > 0),
            ["exit_long", "exit_tag"],
        ] = (1, "bb_back_inside")
        return dataframe
