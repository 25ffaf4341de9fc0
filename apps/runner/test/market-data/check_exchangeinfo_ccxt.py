#!/usr/bin/env python3
"""Manual check: does ccxt's binance parse the exchangeInfo body built by buildExchangeInfo()?

    npx tsx -e 'import("./apps/runner/src/market-data/markets-metadata.ts").then(m =>
      console.log(JSON.stringify(m.buildExchangeInfo(["BTC/USDT", "SOL/USDT", "ETH/BTC"]))))' > /tmp/ei.json
    <venv with ccxt or freqtrade>/bin/python apps/runner/test/market-data/check_exchangeinfo_ccxt.py /tmp/ei.json

Answers ccxt's spot exchangeInfo request from the file (no network) and prints the parsed
markets' precision and limits. Exit status 0 when every symbol became an active spot market.
"""
import json
import sys

import ccxt


def main() -> int:
    body = json.load(open(sys.argv[1]))
    exchange = ccxt.binance({"options": {"fetchMarkets": {"types": ["spot"]}}})
    exchange.publicGetExchangeInfo = lambda params={}: body  # answer from the file, offline
    markets = exchange.load_markets()
    print(f"ccxt {ccxt.__version__}: {len(markets)} markets, precisionMode {exchange.precisionMode}")
    ok = True
    for s in body["symbols"]:
        symbol = f'{s["baseAsset"]}/{s["quoteAsset"]}'
        m = markets.get(symbol)
        if not m or not m["spot"] or not m["active"]:
            print("FAIL", symbol, "missing or not an active spot market")
            ok = False
            continue
        print(f'{symbol:10} price tick {m["precision"]["price"]}, amount step {m["precision"]["amount"]}, '
              f'min amount {m["limits"]["amount"]["min"]}, min cost {m["limits"]["cost"]["min"]}')
    print("OK" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
