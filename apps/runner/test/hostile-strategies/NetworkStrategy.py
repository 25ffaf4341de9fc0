# Hostile test strategy: opens a socket to a package registry the host can reach; the sandbox has no network.
import socket
from pandas import DataFrame
from freqtrade.strategy import IStrategy



class NetworkStrategy(IStrategy):
    timeframe = "5m"
    minimal_roi = {"0": 0.01}
    stoploss = -0.05

    def populate_indicators(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        socket.create_connection(("pypi.org", 443), timeout=5).close()
        raise RuntimeError("NETWORK REACHED: the sandbox let a socket out")
        return dataframe

    def populate_entry_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        dataframe["enter_long"] = 0
        return dataframe

    def populate_exit_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        dataframe["exit_long"] = 0
        return dataframe
