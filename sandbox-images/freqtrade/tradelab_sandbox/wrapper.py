"""Entry wrapper: job.json -> Freqtrade backtesting subprocess -> /output -> tar on stdout.

Contract (see README.md): reads /job/job.json, /job/strategy/<File>.py, /job/markets.json and
/data; writes only /tmp and /output; logs on stderr; the only bytes it writes to fd 1 are an
uncompressed tar of /output. Exit status: 0 success, 2 strategy/user error, 1 anything else.
"""

import ast
import json
import os
import re
import signal
import subprocess
import sys
import tarfile
import time
import traceback
import warnings
from collections import deque
from datetime import datetime, timezone
from pathlib import Path

from tradelab_sandbox import (
    EXIT_INTERNAL,
    EXIT_OK,
    EXIT_USER,
    INDICATORS_FILE,
    sandbox_dirs,
)
from tradelab_sandbox import freqtrade_main
from tradelab_sandbox.indicators import empty_artifact as empty_indicators

AUTO_SPACES = ("buy", "sell", "enter", "exit", "protection")
PARAMETER_CLASSES = {
    "IntParameter",
    "DecimalParameter",
    "RealParameter",
    "CategoricalParameter",
    "BooleanParameter",
}
LOG_TAIL_LINES = 5000
LOG_RECORD_RE = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ - (?P<logger>\S+) - (?P<level>[A-Z]+) - (?P<msg>.*)$"
)
FRAME_RE = re.compile(r'^\s*File "(?P<file>[^"]+)", line (?P<line>\d+)(?:, in (?P<func>.*))?$')
DATA_ERROR_PATTERNS = [
    re.compile(p, re.I)
    for p in (
        r"No data found",
        r"No history for",
        r"No pair in whitelist",
        r"not available on exchange",
        r"is not compatible with exchange",
        r"not available on \w+",
        r"No OHLCV data",
        r"Backtest result caching disabled.*no data",
    )
]


# Failures of the sandbox itself (market metadata, network), not of the strategy or the job.
PLATFORM_ERROR_PATTERNS = [
    re.compile(p)
    for p in (
        r"Could not load markets",
        r"network disabled in the sandbox",
        r"sandbox market metadata unreadable",
        r"ExchangeNotAvailable",
    )
]


def log(msg: str) -> None:
    print(f"[tradelab] {msg}", file=sys.stderr, flush=True)


class SandboxError(Exception):
    """An outcome to report in error.json."""

    def __init__(self, kind, message, *, exit_code, file=None, line=None, column=None):
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.exit_code = exit_code
        self.file = file
        self.line = line
        self.column = column

    def to_json(self) -> dict:
        out = {"kind": self.kind, "message": self.message, "file": self.file, "line": self.line}
        if self.column is not None:
            out["column"] = self.column
        return out


# ------------------------------------------------------------------------------------------
# Job
# ------------------------------------------------------------------------------------------


class Job:
    def __init__(self, raw: dict):
        if not isinstance(raw, dict):
            raise ValueError("job.json: not a JSON object")

        def need(key, types):
            types = types if isinstance(types, tuple) else (types,)
            if key not in raw:
                raise ValueError(f"job.json: missing '{key}'")
            value = raw[key]
            if not isinstance(value, types) or (isinstance(value, bool) and bool not in types):
                raise ValueError(f"job.json: '{key}' has the wrong type")
            return value

        self.strategy_name = need("strategyName", str)
        if not self.strategy_name.isidentifier():
            raise ValueError("job.json: 'strategyName' must be a Python class name")
        self.strategy_file = need("strategyFile", str)
        if (
            "/" in self.strategy_file
            or "\\" in self.strategy_file
            or not self.strategy_file.endswith(".py")
            or not self.strategy_file[:-3].isidentifier()
        ):
            raise ValueError("job.json: 'strategyFile' must be a plain <Name>.py file name")
        self.timeframe = need("timeframe", str)
        if not re.fullmatch(r"\d+[smhdwM]", self.timeframe):
            raise ValueError(f"job.json: invalid timeframe {self.timeframe!r}")
        self.timerange = raw.get("timerange") or None
        if self.timerange is not None and not re.fullmatch(
            r"(\d{8}(T\d{4,6})?)?-(\d{8}(T\d{4,6})?)?", str(self.timerange)
        ):
            raise ValueError(f"job.json: invalid timerange {self.timerange!r}")
        self.pairs = need("pairs", list)
        if not self.pairs or not all(
            isinstance(p, str) and re.fullmatch(r"[A-Z0-9]+/[A-Z0-9]+(:[A-Z0-9]+)?", p)
            for p in self.pairs
        ):
            raise ValueError("job.json: 'pairs' must be a non-empty list like ['BTC/USDT']")
        self.stake_currency = need("stakeCurrency", str)
        stake = need("stakeAmount", (str, int, float))
        if isinstance(stake, str) and stake != "unlimited":
            raise ValueError("job.json: 'stakeAmount' must be a number or 'unlimited'")
        self.stake_amount = stake
        self.dry_run_wallet = need("dryRunWallet", (int, float))
        self.max_open_trades = need("maxOpenTrades", int)
        fee = raw.get("fee")
        if fee is not None and (isinstance(fee, bool) or not isinstance(fee, (int, float))):
            raise ValueError("job.json: 'fee' must be a number or null")
        self.fee = fee
        self.exchange = raw.get("exchange") or "binance"
        if not re.fullmatch(r"[a-z0-9_]+", self.exchange):
            raise ValueError("job.json: invalid exchange name")
        params = raw.get("params") or {}
        if not isinstance(params, dict) or not all(isinstance(k, str) for k in params):
            raise ValueError("job.json: 'params' must be an object of parameter name -> value")
        self.params = params


# ------------------------------------------------------------------------------------------
# Static checks of the strategy source
# ------------------------------------------------------------------------------------------


def _call_name(node) -> str:
    if isinstance(node, ast.Call):
        node = node.func
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


class StrategySource:
    """What ast tells about the strategy file (no code is executed)."""

    def __init__(self, tree: ast.Module):
        self.classes: dict[str, ast.ClassDef] = {
            n.name: n for n in tree.body if isinstance(n, ast.ClassDef)
        }

    def class_line(self, name: str):
        node = self.classes.get(name)
        return node.lineno if node else None

    def base_names(self, name: str) -> list[str]:
        node = self.classes.get(name)
        return [_call_name(b) or ast.unparse(b) for b in node.bases] if node else []

    def parameter_spaces(self, class_name: str) -> dict[str, str]:
        """name -> space of the hyperoptable parameters declared in the class body (and in base
        classes defined in the same file), like freqtrade's detect_all_parameters()."""
        spaces: dict[str, str] = {}
        seen = set()

        def visit(name):
            node = self.classes.get(name)
            if node is None or name in seen:
                return
            seen.add(name)
            for base in node.bases:  # bases first: the subclass overrides
                visit(_call_name(base))
            for stmt in node.body:
                targets, value = [], None
                if isinstance(stmt, ast.Assign):
                    targets, value = stmt.targets, stmt.value
                elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None:
                    targets, value = [stmt.target], stmt.value
                if not isinstance(value, ast.Call) or _call_name(value) not in PARAMETER_CLASSES:
                    continue
                space = None
                for kw in value.keywords:
                    if kw.arg == "space" and isinstance(kw.value, ast.Constant):
                        space = kw.value.value if isinstance(kw.value.value, str) else None
                for t in targets:
                    if not isinstance(t, ast.Name):
                        continue
                    sp = space or next(
                        (s for s in AUTO_SPACES if t.id.startswith(s + "_")), None
                    )
                    spaces[t.id] = sp
                    if sp is None:
                        spaces.pop(t.id)

        visit(class_name)
        return spaces


def check_syntax(source_bytes: bytes, filename: str) -> ast.Module:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return ast.parse(source_bytes, filename=filename)
    except SyntaxError as e:
        msg = f"{type(e).__name__}: {e.msg}"
        raise SandboxError(
            "syntax", msg, exit_code=EXIT_USER, file=filename, line=e.lineno, column=e.offset
        ) from None
    except (ValueError, UnicodeDecodeError) as e:  # null bytes, undecodable source
        raise SandboxError(
            "syntax", f"SyntaxError: {e}", exit_code=EXIT_USER, file=filename, line=None
        ) from None


def write_params_file(job: Job, src: StrategySource, path: Path) -> None:
    """Freqtrade's strategy parameter file (<strategy file stem>.json beside the strategy):
    {"strategy_name", "params": {space: {name: value}}}; values from this file win over the
    class's defaults and its buy_params/sell_params dicts."""
    if not job.params:
        return
    declared = src.parameter_spaces(job.strategy_name)
    known_spaces = sorted(set(AUTO_SPACES) | set(declared.values()))
    by_space: dict[str, dict] = {}
    for name, value in job.params.items():
        if name in declared:
            by_space.setdefault(declared[name], {})[name] = value
        else:
            # Not declared in the file as far as ast can tell (inherited, built dynamically):
            # freqtrade only reads a name in the parameter's own space, so offer it to all.
            log(f"parameter {name!r} not found in {job.strategy_file}; offering it to all spaces")
            for space in known_spaces:
                by_space.setdefault(space, {})[name] = value
    content = {
        "strategy_name": job.strategy_name,
        "params": by_space,
        "ft_stratparam_v": 1,
        "export_time": datetime.now(timezone.utc).isoformat(),
    }
    path.write_text(json.dumps(content, indent=2))
    log(f"parameter overrides written to {path}: {json.dumps(by_space)}")


# ------------------------------------------------------------------------------------------
# Freqtrade run
# ------------------------------------------------------------------------------------------


def freqtrade_config(job: Job, paths: dict) -> dict:
    exchange: dict = {
        "name": job.exchange,
        "key": "",
        "secret": "",
        "pair_whitelist": list(job.pairs),
        "pair_blacklist": [],
    }
    if job.exchange == "binance":
        # Spot markets only: exchangeInfo of /api/v3 is all the sandbox can answer.
        exchange["ccxt_config"] = {"options": {"fetchMarkets": {"types": ["spot"]}}}
    return {
        "strategy": job.strategy_name,
        "timeframe": job.timeframe,
        "max_open_trades": job.max_open_trades,
        "stake_currency": job.stake_currency,
        "stake_amount": job.stake_amount,
        "dry_run": True,
        "dry_run_wallet": job.dry_run_wallet,
        "trading_mode": "spot",
        "margin_mode": "",
        "exchange": exchange,
        "pairlists": [{"method": "StaticPairList"}],
        "entry_pricing": {"price_side": "same"},
        "exit_pricing": {"price_side": "same"},
        "dataformat_ohlcv": "feather",
        "dataformat_trades": "feather",
        "datadir": str(paths["datadir"]),
        "user_data_dir": str(paths["userdir"]),
        "internals": {},
        "bot_name": "tradelab-sandbox",
    }


class ChildRun:
    """Freqtrade's process: usually pre-started (freqtrade_main.prestart) and waiting for its
    arguments, else started by run_freqtrade()."""

    def __init__(self):
        self.proc = None
        self.prestarted = False
        self.started_at = None
        self.job_sent = False
        self.terminated_by = None

    def adopt(self, proc) -> None:
        self.proc, self.prestarted, self.started_at = proc, True, time.monotonic()

    def discard(self) -> None:
        """Stops a pre-started process that never got its job (the job failed before it)."""
        if self.proc is None or self.job_sent:
            return
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()


CHILD = ChildRun()


def _on_signal(signum, _frame):
    CHILD.terminated_by = signum
    if CHILD.proc is not None and CHILD.proc.poll() is None:
        try:
            CHILD.proc.send_signal(signum)
        except OSError:
            pass
    else:
        raise SandboxError(
            "runtime", f"terminated by signal {signum}", exit_code=EXIT_INTERNAL
        )


MARKETS_FILE_ENV = freqtrade_main.MARKETS_FILE_ENV
JOB_DIR_PATH = None  # set by run()


def child_env() -> dict:
    """Environment of the import check: ours, plus the markets file of the contract
    (/job/markets.json) when the runner did not name one."""
    return freqtrade_main.with_markets_file(dict(os.environ), str(JOB_DIR_PATH))


def run_freqtrade(args: list, cwd: Path, indicators: Path) -> tuple:
    """Runs freqtrade with `args`: hands them to the pre-started process, or starts one. Its
    stdout and stderr both go to our stderr (line by line) and the last lines are kept for
    diagnosis. Returns (returncode, seconds since the process started, lines)."""
    tail: deque = deque(maxlen=LOG_TAIL_LINES)
    if CHILD.proc is None:
        env = freqtrade_main.freqtrade_env(str(JOB_DIR_PATH), str(indicators))
        CHILD.proc = freqtrade_main.popen(args, env, cwd=str(cwd), stdin=subprocess.DEVNULL)
        CHILD.started_at = time.monotonic()
    else:
        try:
            CHILD.proc.stdin.write(json.dumps({"args": args, "cwd": str(cwd)}).encode() + b"\n")
            CHILD.proc.stdin.close()
        except OSError as e:  # it has exited already: its output and exit status tell why
            log(f"freqtrade's process did not take the job: {e}")
    CHILD.job_sent = True
    err = sys.stderr.buffer
    while True:
        raw = CHILD.proc.stdout.readline(1 << 16)  # bounded: a strategy may print anything
        if not raw:
            break
        err.write(raw)
        err.flush()
        tail.append(raw[:4096].decode("utf-8", "replace").rstrip("\r\n"))
    rc = CHILD.proc.wait()
    return rc, time.monotonic() - CHILD.started_at, list(tail)


class LogRecord:
    def __init__(self, logger, level, msg):
        self.logger = logger
        self.level = level
        self.lines = [msg]

    @property
    def msg(self):
        return self.lines[0]

    @property
    def text(self):
        return "\n".join(self.lines)


def parse_log(lines: list) -> list:
    records: list = []
    for line in lines:
        m = LOG_RECORD_RE.match(line)
        if m:
            records.append(LogRecord(m["logger"], m["level"], m["msg"]))
        elif records:
            records[-1].lines.append(line)
    return records


def traceback_info(text: str):
    """Frames [(file, line, func)] and the final exception line of a printed traceback."""
    frames = []
    exc_line = None
    in_tb = False
    for line in text.splitlines():
        if line.startswith("Traceback (most recent call last)"):
            in_tb, frames = True, []  # chained exceptions: keep the last traceback
            continue
        if not in_tb:
            continue
        m = FRAME_RE.match(line)
        if m:
            frames.append((m["file"], int(m["line"]), m["func"]))
        elif line and not line[0].isspace() and not line.startswith("During handling"):
            if not line.startswith("The above exception"):
                exc_line = line
    return frames, exc_line


DIAG_CODE = r"""
import importlib.util, json, sys, traceback
path, out = sys.argv[1], sys.argv[2]
result = {"ok": True}
try:
    spec = importlib.util.spec_from_file_location("tradelab_strategy_check", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
except BaseException as e:
    frames = [[f.filename, f.lineno] for f in traceback.extract_tb(e.__traceback__)]
    if isinstance(e, SyntaxError) and e.filename == path:
        frames.append([path, e.lineno])
    result = {"ok": False, "type": type(e).__name__, "message": str(e), "frames": frames}
with open(out, "w") as fh:
    json.dump(result, fh)
"""


def diagnose_import(strategy_path: Path, work: Path) -> dict:
    """Imports the strategy module in a separate process (the same sandbox) to get the
    exception and the strategy line that Freqtrade's resolver swallows."""
    out = work / "import-check.json"
    try:
        subprocess.run(
            [sys.executable, "-P", "-c", DIAG_CODE, str(strategy_path), str(out)],
            cwd=str(work),
            env=child_env(),
            stdin=subprocess.DEVNULL,
            stdout=sys.stderr.fileno(),
            stderr=sys.stderr.fileno(),
            timeout=120,
            close_fds=True,
        )
        return json.loads(out.read_text())
    except Exception as e:  # diagnosis is best effort
        log(f"import check failed: {e}")
        return {}


def last_strategy_line(frames, strategy_path: Path):
    lines = [ln for f, ln, *_ in frames if f == str(strategy_path)]
    return lines[-1] if lines else None


def classify_failure(rc, lines, job: Job, src: StrategySource, strategy_path: Path, work: Path):
    """Turns a failed freqtrade run into a SandboxError."""
    f = job.strategy_file
    if rc < 0 or CHILD.terminated_by:
        sig = -rc if rc < 0 else CHILD.terminated_by
        hint = " (out of memory?)" if sig == signal.SIGKILL else ""
        return SandboxError(
            "runtime", f"freqtrade was killed by signal {sig}{hint}", exit_code=EXIT_INTERNAL
        )

    records = parse_log(lines)
    errors = [r for r in records if r.level in ("ERROR", "CRITICAL")]
    import_warning = None
    for r in records:
        if r.level == "WARNING" and r.msg.startswith(f"Could not import {strategy_path} due to"):
            import_warning = r.msg
    fatal = next((r for r in reversed(errors) if r.msg.startswith("Fatal exception")), None)
    frames, exc_line = traceback_info(fatal.text) if fatal else ([], None)
    last_error = errors[-1].text if errors else None

    # 1. The strategy could not be loaded (import failed, class missing/invalid, __init__ failed).
    load_failed = (
        import_warning is not None
        or any("Impossible to load Strategy" in r.text for r in errors)
        or any("/freqtrade/resolvers/" in fr[0] for fr in frames)
    )
    if load_failed:
        line = last_strategy_line(frames, strategy_path)
        message = exc_line or (errors[-1].msg if errors else "strategy could not be loaded")
        if import_warning is not None or (fatal is None and line is None):
            diag = diagnose_import(strategy_path, work)
            if diag and not diag.get("ok", True):
                message = f"{diag['type']}: {diag['message']}"
                line = last_strategy_line(diag.get("frames", []), strategy_path) or line
            elif diag.get("ok") and job.strategy_name not in src.classes:
                found = ", ".join(src.classes) or "none"
                message = (
                    f"Strategy class '{job.strategy_name}' not found in {f} "
                    f"(classes defined there: {found})"
                )
            elif diag.get("ok") and "Impossible to load Strategy" in message:
                message += (
                    f" The class '{job.strategy_name}' must subclass "
                    "freqtrade.strategy.IStrategy (bases found: "
                    f"{', '.join(src.base_names(job.strategy_name)) or 'none'})."
                )
        if line is None:
            line = src.class_line(job.strategy_name)
        return SandboxError("strategy_load", message, exit_code=EXIT_USER, file=f, line=line)

    # 2. The sandbox could not provide market metadata (or something tried the network).
    for r in errors:
        if any(p.search(r.text) for p in PLATFORM_ERROR_PATTERNS):
            return SandboxError("runtime", r.msg, exit_code=EXIT_INTERNAL)

    # 3. Missing or unusable market data.
    for r in errors:
        if any(p.search(r.text) for p in DATA_ERROR_PATTERNS):
            details = [
                re.split(r"\. (?:Use|Removing) ", w.msg)[0].rstrip(".")
                for w in records
                if w.level == "WARNING"
                and (w.msg.startswith("No history for") or "is not compatible with" in w.msg)
            ]
            message = r.msg + (" " + "; ".join(details) + "." if details else "")
            return SandboxError("data", message, exit_code=EXIT_USER)

    # 4. An exception while running: the strategy's fault if it is raised from its code.
    if fatal is not None:
        line = last_strategy_line(frames, strategy_path)
        message = exc_line or "Fatal exception"
        if line is not None:
            return SandboxError("runtime", message, exit_code=EXIT_USER, file=f, line=line)
        return SandboxError("runtime", message, exit_code=EXIT_INTERNAL)

    # 5. Errors Freqtrade reported itself.
    if last_error:
        if last_error.startswith("Configuration error"):
            return SandboxError("runtime", last_error.splitlines()[0], exit_code=EXIT_INTERNAL)
        # OperationalException & co (freqtrade exit code 2): caused by the job or strategy.
        return SandboxError(
            "runtime",
            last_error.splitlines()[0],
            exit_code=EXIT_USER if rc == 2 else EXIT_INTERNAL,
        )
    return SandboxError(
        "runtime",
        f"freqtrade exited with code {rc} without a result and without reporting an error",
        exit_code=EXIT_INTERNAL,
    )


def has_result(result_dir: Path) -> bool:
    return (result_dir / ".last_result.json").is_file() or any(
        result_dir.glob("backtest-result-*.zip")
    )


def extract_result(result_dir: Path, output: Path) -> None:
    """result.json <- the main JSON inside the zip freqtrade 2026.9 writes:
    <dir>/.last_result.json names backtest-result-<ts>.zip, which holds backtest-result-<ts>.json
    ({"strategy": {...}, "strategy_comparison": [...]}) next to _config.json, the strategy copy,
    its parameter file and *.feather extras."""
    import zipfile

    last = result_dir / ".last_result.json"
    name = json.loads(last.read_text()).get("latest_backtest", "") if last.is_file() else ""
    if name and Path(name).name == name:
        zip_path = result_dir / name
    else:
        zips = sorted(result_dir.glob("backtest-result-*.zip"))
        if not zips:
            raise SandboxError(
                "runtime", "freqtrade finished but wrote no backtest result", exit_code=1
            )
        zip_path = zips[-1]
    with zipfile.ZipFile(zip_path) as zf:
        name = zip_path.with_suffix(".json").name
        if name not in zf.namelist():
            raise SandboxError(
                "runtime", f"{zip_path.name} has no {name}", exit_code=EXIT_INTERNAL
            )
        data = zf.read(name)
    json.loads(data)  # must be valid JSON
    (output / "result.json").write_bytes(data)
    log(f"result.json extracted from {zip_path.name} ({len(data)} bytes)")


# ------------------------------------------------------------------------------------------
# Main
# ------------------------------------------------------------------------------------------


def freqtrade_version() -> str:
    try:
        from importlib.metadata import version

        return version("freqtrade")
    except Exception:
        return "unknown"


def run(paths: dict, status: dict) -> int:
    global JOB_DIR_PATH
    job_dir, output, work = paths["job"], paths["output"], paths["work"]
    JOB_DIR_PATH = job_dir
    if not os.environ.get(MARKETS_FILE_ENV):
        log(f"{MARKETS_FILE_ENV} not set: using {job_dir / 'markets.json'} if present")
    try:
        job = Job(json.loads((job_dir / "job.json").read_text()))
    except (OSError, ValueError) as e:
        raise SandboxError("runtime", f"invalid job: {e}", exit_code=EXIT_INTERNAL) from None

    strategy_src_path = job_dir / "strategy" / job.strategy_file
    try:
        source = strategy_src_path.read_bytes()
    except OSError as e:
        raise SandboxError(
            "runtime", f"strategy file unreadable: {e}", exit_code=EXIT_INTERNAL
        ) from None
    tree = check_syntax(source, job.strategy_file)
    src = StrategySource(tree)
    log(f"{job.strategy_file}: syntax ok")

    strategies = work / "strategies"
    userdir = work / "user_data"
    result_dir = output / "freqtrade"
    for d in (strategies, userdir, result_dir):
        d.mkdir(parents=True, exist_ok=True)
    strategy_path = strategies / job.strategy_file
    strategy_path.write_bytes(source)
    write_params_file(job, src, strategy_path.with_suffix(".json"))

    paths = dict(paths, userdir=userdir, datadir=paths["data"] / job.exchange)
    config_path = work / "config.json"
    config_path.write_text(json.dumps(freqtrade_config(job, paths), indent=2))

    args = [
        "backtesting",
        "--config", str(config_path),
        "--userdir", str(userdir),
        "--datadir", str(paths["datadir"]),
        "--data-format-ohlcv", "feather",
        "--strategy", job.strategy_name,
        "--strategy-path", str(strategies),
        "--timeframe", job.timeframe,
        "--export", "trades",
        "--backtest-directory", str(result_dir),
        "--cache", "none",
    ]  # fmt: skip
    if job.timerange:
        args += ["--timerange", job.timerange]
    if job.fee is not None:
        args += ["--fee", repr(float(job.fee))]
    prestarted = " (pre-started)" if CHILD.prestarted else ""
    log(f"running{prestarted}: " + " ".join(freqtrade_main.command(args)))
    indicators = output / INDICATORS_FILE
    rc, seconds, lines = run_freqtrade(args, work, indicators)
    status["freqtradeExitCode"] = rc
    status["freqtradeSeconds"] = round(seconds, 3)
    log(f"freqtrade exited with {rc} after {seconds:.1f}s")
    if rc != 0 or CHILD.terminated_by or not has_result(result_dir):
        # Freqtrade 2026.9 exits 0 after a "Configuration error": judge by the log too.
        raise classify_failure(rc, lines, job, src, strategy_path, work)
    extract_result(result_dir, output)
    ensure_indicators(indicators)
    return EXIT_OK


def ensure_indicators(path: Path) -> None:
    """A successful run always hands over indicators.json: the empty one if the hook wrote
    none (or something else sits there); clean_output() drops anything that is not a file."""
    if path.is_file() and not path.is_symlink():
        return
    log(f"{path.name} was not written: no chart indicators")
    try:
        if path.is_symlink():
            path.unlink()
        if not path.exists():
            path.write_bytes(empty_indicators())
    except OSError as e:
        log(f"cannot write {path}: {e}")


def clean_output(output: Path, keep_result: bool) -> None:
    """Strategy code runs as our uid and could write into /output: keep only what the
    contract lists (freqtrade/ from Freqtrade; result/status/error.json are written after)."""
    import shutil

    for entry in output.iterdir():
        if entry.name == "freqtrade" and entry.is_dir() and not entry.is_symlink():
            continue
        if entry.name == "result.json" and keep_result and not entry.is_symlink():
            continue  # written by extract_result() after freqtrade exited
        if entry.name == INDICATORS_FILE and keep_result and entry.is_file() and not entry.is_symlink():
            continue  # written by the hook in freqtrade's process (tradelab_sandbox.indicators)
        log(f"removing unexpected {entry} from the output")
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)


def write_tar(out_fd: int, output: Path) -> None:
    with os.fdopen(out_fd, "wb", buffering=1 << 16) as fh:
        with tarfile.open(fileobj=fh, mode="w|", format=tarfile.PAX_FORMAT) as tar:
            for entry in sorted(output.iterdir()):
                tar.add(str(entry), arcname=entry.name, recursive=True)


def main(prestarted=None) -> int:
    """`prestarted`: Freqtrade's process started by __main__ before this module was imported."""
    # fd 1 is reserved for the tar: keep a private copy, and point fd 1 at stderr so that
    # nothing printed by accident (by us or by a library) can corrupt the archive.
    out_fd = os.dup(1)
    os.dup2(2, 1)
    if prestarted is not None:
        CHILD.adopt(prestarted)
    signal.signal(signal.SIGTERM, _on_signal)
    signal.signal(signal.SIGINT, _on_signal)

    paths = {name: Path(d) for name, d in sandbox_dirs().items()}
    t0 = time.monotonic()
    status = {
        "exitCode": EXIT_INTERNAL,
        "freqtradeExitCode": None,
        "freqtradeSeconds": None,
        "freqtradeVersion": freqtrade_version(),
    }
    output = paths["output"]
    exit_code = EXIT_INTERNAL
    error = None
    try:
        output.mkdir(parents=True, exist_ok=True)
        paths["work"].mkdir(parents=True, exist_ok=True)
        exit_code = run(paths, status)
    except SandboxError as e:
        error, exit_code = e, e.exit_code
    except BaseException as e:  # our own bug: still report it and hand over /output
        traceback.print_exc(file=sys.stderr)
        error = SandboxError(
            "runtime", f"sandbox wrapper failed: {type(e).__name__}: {e}", exit_code=1
        )
        exit_code = EXIT_INTERNAL
    try:
        CHILD.discard()
    except OSError as e:
        log(f"cannot stop freqtrade's pre-started process: {e}")

    status["exitCode"] = exit_code
    status["wrapperSeconds"] = round(time.monotonic() - t0, 3)
    try:
        clean_output(output, keep_result=(error is None and exit_code == EXIT_OK))
        if error is not None:
            log(f"error ({error.kind}): {error.message}"
                + (f" at {error.file}:{error.line}" if error.line else ""))
            (output / "error.json").write_text(json.dumps(error.to_json(), indent=2))
        (output / "status.json").write_text(json.dumps(status, indent=2))
    except OSError as e:
        log(f"cannot write to {output}: {e}")
        exit_code = EXIT_INTERNAL
    try:
        write_tar(out_fd, output)
    except OSError as e:
        log(f"cannot write the output tar to stdout: {e}")
        return EXIT_INTERNAL
    return exit_code
