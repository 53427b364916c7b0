"""`make bench`: the assistant's figures, measured on this machine.

Intent accuracy and macro F1 on tests/nlu_test.yml; REST round-trip latency over 200
questions through the action server and the knowledge table; messages per second with
16 concurrent conversations; server memory; time to train; time from start to ready.
Prints a table and writes it to bench/results/assistant.md.
"""
import argparse
import asyncio
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Dict, List, Tuple

import requests
import yaml

from assistant.db import get_engine
from assistant.knowledge import known_fact_ids, read_knowledge_file, replace_table
from assistant.settings import PROJECT_ROOT, get_settings
from assistant.stack import RASA, running_stack

RESULTS = PROJECT_ROOT / "bench" / "results" / "assistant.md"
# Issue #2's reference: a stock `rasa init` bot (no action server) measured on this machine.
STOCK = {"p50_ms": 59, "p95_ms": 83, "msgs_per_s": 21, "rss_mb": 1200, "ready_s": 36}
LATENCY_REQUESTS = 200
USERS, MESSAGES_PER_USER = 16, 25


def held_out() -> List[Tuple[str, str]]:
    """(text, intent) pairs of the held-out NLU test set."""
    pairs = []
    for block in yaml.safe_load((PROJECT_ROOT / "tests" / "nlu_test.yml").read_text())["nlu"]:
        pairs += [(line[2:].strip(), block["intent"]) for line in block["examples"].splitlines()
                  if line.startswith("- ")]
    return pairs


def time_training(tmp: Path) -> float:
    """Seconds for a cold `rasa train` (empty cache) of the project's config and data."""
    env = {**os.environ, "RASA_CACHE_DIRECTORY": str(tmp / "cache"), "TF_CPP_MIN_LOG_LEVEL": "3"}
    started = time.monotonic()
    subprocess.run([RASA, "train", "--out", str(tmp / "models"), "--fixed-model-name", "bench"],
                   cwd=PROJECT_ROOT, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.monotonic() - started


def nlu_scores(model: Path) -> Dict[str, float]:
    """Accuracy of the final intent (after fallback and guards) and of the top intent."""
    from rasa.core.agent import Agent
    from sklearn.metrics import f1_score

    agent = Agent.load(str(model))
    pairs = held_out()

    async def parse_all() -> List[dict]:
        return [await agent.parse_message(text) for text, _ in pairs]

    started = time.perf_counter()
    parsed = asyncio.run(parse_all())
    parse_ms = (time.perf_counter() - started) * 1000 / len(pairs)
    gold = [intent for _, intent in pairs]
    final = [p["intent"]["name"] for p in parsed]
    top = [next((r["name"] for r in p["intent_ranking"] if r["name"] != "nlu_fallback"), None) for p in parsed]
    return {
        "examples": len(pairs),
        "accuracy": sum(g == f for g, f in zip(gold, final, strict=False)) / len(gold),
        "macro_f1": f1_score(gold, final, average="macro", labels=sorted(set(gold)), zero_division=0),
        "top_intent_accuracy": sum(g == t for g, t in zip(gold, top, strict=False)) / len(gold),
        "fallbacks": sum(f == "nlu_fallback" for f in final),
        "nlu_ms_per_message": parse_ms,
    }


def ask(session: requests.Session, webhook: str, sender: str, text: str) -> Tuple[float, bool]:
    """One REST round trip: (milliseconds, whether a non-empty reply came back)."""
    started = time.perf_counter()
    try:
        response = session.post(webhook, json={"sender": sender, "message": text}, timeout=30)
        ok = response.status_code == 200 and bool(response.json()) and bool(response.json()[0].get("text"))
    except requests.RequestException:
        ok = False
    return (time.perf_counter() - started) * 1000, ok


def percentile(values: List[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def rest_figures(model: Path, tmp: Path) -> Dict[str, float]:
    url = f"sqlite:///{tmp / 'knowledge.db'}"
    settings = get_settings()
    replace_table(get_engine(url), read_knowledge_file(settings.knowledge_file,
                                                       known_fact_ids(settings.source_facts_file)))
    questions = [text for text, intent in held_out() if intent.startswith("ask_") and intent != "ask_capabilities"
                 and intent != "ask_medical_advice"]
    with running_stack(model, url, tmp) as stack:
        session = requests.Session()
        ask(session, stack.webhook, "warm-up", "hello")
        ready = stack.seconds_to_ready
        latencies, oks = zip(*(ask(session, stack.webhook, f"latency-{i % 20}", questions[i % len(questions)])
                               for i in range(LATENCY_REQUESTS)), strict=False)

        def conversation(user: int) -> List[bool]:
            with requests.Session() as own:
                sender = f"load-{user}-{uuid.uuid4().hex[:6]}"
                return [ask(own, stack.webhook, sender, questions[(user * 7 + i) % len(questions)])[1]
                        for i in range(MESSAGES_PER_USER)]

        started = time.perf_counter()
        with ThreadPoolExecutor(USERS) as pool:
            results = [ok for batch in pool.map(conversation, range(USERS)) for ok in batch]
        elapsed = time.perf_counter() - started
        return {
            "ready_s": ready,
            "p50_ms": percentile(list(latencies), 50), "p95_ms": percentile(list(latencies), 95),
            "p99_ms": percentile(list(latencies), 99), "mean_ms": statistics.mean(latencies),
            "latency_errors": LATENCY_REQUESTS - sum(oks),
            "msgs_per_s": len(results) / elapsed, "load_messages": len(results),
            "load_errors": len(results) - sum(results),
            "rss_mb": rss_mb(stack.processes["rasa"].pid),
            "action_rss_mb": rss_mb(stack.processes["actions"].pid),
        }


def report(nlu: Dict[str, float], rest: Dict[str, float], train_s: float) -> str:
    rows = [
        ("Intent accuracy, tests/nlu_test.yml (final, after fallback)", f"{nlu['accuracy']:.3f}", ""),
        ("Macro F1 (final intent)", f"{nlu['macro_f1']:.3f}", ""),
        ("Top-intent accuracy (fallback undone)", f"{nlu['top_intent_accuracy']:.3f}", ""),
        ("Held-out examples / sent to fallback", f"{nlu['examples']} / {nlu['fallbacks']}", ""),
        ("NLU parse, in process (ms/message)", f"{nlu['nlu_ms_per_message']:.1f}", ""),
        (f"REST round trip p50 ({LATENCY_REQUESTS} questions, via actions + table)",
         f"{rest['p50_ms']:.1f} ms", f"{STOCK['p50_ms']} ms"),
        ("REST round trip p95", f"{rest['p95_ms']:.1f} ms", f"{STOCK['p95_ms']} ms"),
        ("REST round trip p99", f"{rest['p99_ms']:.1f} ms", ""),
        ("Errors (latency run)", f"{rest['latency_errors']}", ""),
        (f"Throughput, {USERS} concurrent conversations", f"{rest['msgs_per_s']:.1f} msg/s",
         f"{STOCK['msgs_per_s']} msg/s"),
        (f"Errors under load ({rest['load_messages']} messages)", f"{rest['load_errors']}", ""),
        ("Rasa server memory (RSS, after load)", f"{rest['rss_mb']:.0f} MB", f"{STOCK['rss_mb']} MB"),
        ("Action server memory (RSS)", f"{rest['action_rss_mb']:.0f} MB", "none"),
        ("Start to ready (both servers)", f"{rest['ready_s']:.1f} s", f"{STOCK['ready_s']} s"),
        ("Time to train (cold cache)", f"{train_s:.1f} s", ""),
    ]
    lines = [f"# `make bench` on {platform.node()} ({os.cpu_count()} cores), "
             f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}", "",
             "| measure | this assistant | stock `rasa init` (issue #2) |", "|---|---|---|"]
    lines += [f"| {a} | {b} | {c} |" for a, b, c in rows]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=PROJECT_ROOT / "models" / "assistant.tar.gz")
    args = parser.parse_args()
    if not args.model.exists():
        print(f"no trained model at {args.model}: run `make train`", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp_dir:
        tmp = Path(tmp_dir)
        print("Training (cold cache)...", flush=True)
        train_s = time_training(tmp)
        print("Scoring the held-out NLU set...", flush=True)
        nlu = nlu_scores(args.model)
        print("Starting both servers and sending traffic...", flush=True)
        rest = rest_figures(args.model, tmp)
    table = report(nlu, rest, train_s)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(table)
    print(table)
    print(f"(written to {RESULTS.relative_to(PROJECT_ROOT)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
