"""TradeLab sandbox: market metadata without network, Freqtrade left unpatched.

Loaded by every Python process of the image (it sits in the venv's site-packages).
It does nothing unless the environment variable TRADELAB_MARKETS_FILE names a file.
When it does, ccxt's lowest HTTP layer -- ``fetch`` of ``ccxt.base.exchange.Exchange``
(sync) and of ``ccxt.async_support.base.exchange.Exchange`` (async, also the base of
ccxt.pro) -- is replaced once ccxt gets imported:

* a request whose URL path ends with ``/api/v3/exchangeInfo`` is answered with the JSON
  content of that file (a Binance spot ``GET /api/v3/exchangeInfo`` body); ccxt's own
  parsing turns it into markets, exactly as with the real exchange;
* every other request raises ``ccxt.NetworkError('network disabled in the sandbox: ...')``.

Cost at interpreter start-up: one environment lookup and, when enabled, one finder object
on ``sys.meta_path``; nothing is imported here beyond ``os`` and ``sys`` (already loaded).
"""

import os
import sys

_ENV = "TRADELAB_MARKETS_FILE"
_SYNC = "ccxt.base.exchange"
_ASYNC = "ccxt.async_support.base.exchange"
_EXCHANGE_INFO_SUFFIX = "/api/v3/exchangeInfo"

_body_cache = {}


def _markets_body(path):
    """Parsed content of the markets file (read once, a fresh copy on every call)."""
    import copy
    import json

    if path not in _body_cache:
        with open(path, "rb") as fh:
            _body_cache[path] = json.loads(fh.read())
    return copy.deepcopy(_body_cache[path])


def _answer(exchange, url, method):
    from urllib.parse import urlsplit

    from ccxt.base.errors import ExchangeError, NetworkError

    markets_file = os.environ.get(_ENV, "")
    path = urlsplit(str(url)).path.rstrip("/")
    if method.upper() == "GET" and path.endswith(_EXCHANGE_INFO_SUFFIX) and markets_file:
        try:
            body = _markets_body(markets_file)
        except (OSError, ValueError) as e:
            raise ExchangeError(
                f"sandbox market metadata unreadable: {markets_file}: {e}"
            ) from None
        exchange.logger.debug("%s %s answered from %s", method, url, markets_file)
        return body
    raise NetworkError(f"network disabled in the sandbox: {method} {url}")


def _patch_sync(module):
    cls = module.Exchange

    def fetch(self, url, method="GET", headers=None, body=None):
        return _answer(self, url, method)

    fetch.__doc__ = "TradeLab sandbox: no network (see sitecustomize.py)."
    fetch.__tradelab_sandbox__ = True
    cls.fetch = fetch


def _patch_async(module):
    cls = module.Exchange

    async def fetch(self, url, method="GET", headers=None, body=None):
        return _answer(self, url, method)

    fetch.__doc__ = "TradeLab sandbox: no network (see sitecustomize.py)."
    fetch.__tradelab_sandbox__ = True
    cls.fetch = fetch


_PATCHERS = {_SYNC: _patch_sync, _ASYNC: _patch_async}


class _PatchingLoader:
    """Wraps the real loader of a ccxt module; patches the module right after it ran."""

    def __init__(self, loader, name):
        self._loader = loader
        self._name = name

    def create_module(self, spec):
        return self._loader.create_module(spec)

    def exec_module(self, module):
        self._loader.exec_module(module)
        _PATCHERS[self._name](module)

    def __getattr__(self, attr):  # get_code, get_source, is_package, get_resource_reader...
        return getattr(self._loader, attr)


class _CcxtPatchFinder:
    """Meta path finder that only reacts to the two ccxt modules holding ``fetch``."""

    def find_spec(self, name, path=None, target=None):
        if name not in _PATCHERS:
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(name, path, target)
            if spec is not None:
                if spec.loader is not None and hasattr(spec.loader, "exec_module"):
                    spec.loader = _PatchingLoader(spec.loader, name)
                return spec
        return None

    def invalidate_caches(self):
        pass


def _install():
    if not os.environ.get(_ENV):
        return
    for name, patch in _PATCHERS.items():
        if name in sys.modules:  # imported before us (not in normal start-up): patch in place
            patch(sys.modules[name])
    if not any(isinstance(f, _CcxtPatchFinder) for f in sys.meta_path):
        sys.meta_path.insert(0, _CcxtPatchFinder())


_install()
