"""Throughput: does `kg build` go as fast as the spaCy model it runs?

One process run, the same texts for every measurement (a synthetic corpus of real news
sentences in articles of news length, about 610 words, bench/synthetic.py; ``--short`` makes them
3–8 sentences, which weighs kg's per-article work, such as one store transaction per article, about
six times more):

* ``raw``: ``nlp.pipe`` of the bare model (``en_core_web_md``, no kg component) over the texts;
* ``kg``:  ``kg.build.build`` of the same articles into a fresh on-disk store — reading, status
  look-ups, parsing (with kg's gazetteer ruler), extraction, RDF and the store writes included;

each with 1 and 2 processes (``nlp.pipe(n_process=…)`` / ``build(n_process=…)``), in the order
raw-1, kg-1, raw-2, kg-2, ``--repeat`` times (the best run of each kind counts: on a shared
machine the fastest run is the one least disturbed). Printed:

    ratio(1) = kg words/s ÷ raw words/s with 1 process      goal ≥ 0.85
    ratio(2) = the same with 2 processes
    speed-up = kg words/s with 2 processes ÷ with 1          goal ≥ 1.7 on 2 cores

Each run also counts CPU seconds (this process's threads and its spaCy worker processes), which
do not depend on what else the machine runs: ``per CPU second`` is kg's words per CPU second
over raw spaCy's, the share of kg's own work on top of the model's.

``--profile`` adds where kg's single-process time goes (CPU seconds per stage, measured
separately on the same texts: model, gazetteer ruler, extractors, RDF, store writes).

Usage::

    python bench/throughput.py                   # 100 articles, about 61,000 words
    python bench/throughput.py --articles 100 --repeat 3 --profile
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import synthetic  # noqa: E402  (bench/synthetic.py)

__all__ = ["main"]


def _cpu() -> float:
    """CPU seconds of this process (all its threads) and of its finished children (spaCy workers)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def _raw(nlp, texts: list[str], n_process: int, batch_size: int) -> tuple[float, float]:
    cpu, started = _cpu(), time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=batch_size, n_process=n_process):
        pass
    return time.perf_counter() - started, _cpu() - cpu


def _kg(corpus: Path, settings, n_process: int) -> tuple[float, float, int, float]:
    """Wall seconds, CPU seconds, articles built, and the CPU seconds of this process alone."""
    from kg.build import build
    from kg.graph.store import GraphStore

    with tempfile.TemporaryDirectory() as folder:
        cpu, own, started = _cpu(), time.process_time(), time.perf_counter()
        with GraphStore(Path(folder) / "store", settings) as store:
            summary = build([str(corpus)], store, settings=settings, n_process=n_process)
        seconds, cpu, own = time.perf_counter() - started, _cpu() - cpu, time.process_time() - own
    return seconds, cpu, summary.processed, own


def _profile(texts: list[str], settings) -> list[tuple[str, float]]:
    """CPU seconds per stage of a single-process build of ``texts``."""
    import spacy

    from kg.extract import extract
    from kg.graph.rdf import rdf_lines
    from kg.graph.store import GraphStore
    from kg.link.gazetteer import Gazetteer
    from kg.model import Article
    from kg.nlp import load_pipeline, model_location

    raw = spacy.load(model_location(settings.model))
    nlp = load_pipeline(settings.model)
    gaz = Gazetteer.load()
    articles = [Article.from_text(t, id=f"p{i}") for i, t in enumerate(texts)]

    def cpu(fn):
        t = time.process_time()
        out = fn()
        return time.process_time() - t, out

    t_raw, _ = cpu(lambda: list(raw.pipe(texts, batch_size=settings.batch_size)))
    docs = list(nlp.pipe(texts, batch_size=settings.batch_size))
    ruler = nlp.get_pipe("gazetteer_ruler") if "gazetteer_ruler" in nlp.pipe_names else None
    tokens = [nlp.make_doc(t) for t in texts]
    t_ruler, _ = cpu(lambda: [ruler(d) for d in tokens] if ruler is not None else [])
    if "kg_gazetteer_ents" in nlp.pipe_names:  # the ruler's matches merged with the NER's entities
        merge = nlp.get_pipe("kg_gazetteer_ents")
        t_merge, _ = cpu(lambda: [merge(d) for d in docs])
        t_ruler += t_merge
    t_extract, graphs = cpu(lambda: [extract(d, a, settings=settings, gazetteer=gaz) for d, a in zip(docs, articles)])
    t_rdf, _ = cpu(lambda: [rdf_lines(g, settings) for g in graphs])
    with tempfile.TemporaryDirectory() as folder:
        store = GraphStore(Path(folder) / "store", settings)
        size = settings.write_batch  # as kg build hands them to the store
        t_write, _ = cpu(lambda: [store.write_many(graphs[i:i + size]) for i in range(0, len(graphs), size)])
        t_flush, _ = cpu(store.flush)
        store.close()
    return [("model (raw nlp.pipe)", t_raw), ("gazetteer ruler and merge", t_ruler),
            ("extractors", t_extract), ("RDF text (rdf_lines)", t_rdf), ("store writes (incl. RDF text)", t_write),
            ("store flush", t_flush)]


def main(argv: list[str] | None = None) -> dict[str, float]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--short", action="store_true",
                        help="3–8 sentence articles (about 110 words) instead of news-length ones (about 610)")
    args = parser.parse_args(argv)
    length = (3, 8) if args.short else synthetic.NEWS_LENGTH

    import spacy

    from kg.config import Settings
    from kg.nlp import load_pipeline, model_location

    settings = Settings()
    with tempfile.TemporaryDirectory() as folder:
        corpus = Path(folder) / "corpus.jsonl"
        words = synthetic.write_jsonl(corpus, args.articles, length=length)
        texts = [r["text"] for r in synthetic.articles(args.articles, length=length)]
        raw = spacy.load(model_location(settings.model))
        load_pipeline(settings.model)  # loaded before the clock starts, as raw is
        list(raw.pipe(texts[:20]))
        print(f"{args.articles} articles, {words} words; model {settings.model}; {os.cpu_count()} cores; "
              f"load average {os.getloadavg()[0]:.1f}", flush=True)
        best: dict[str, float] = {}
        rounds: list[dict[str, float]] = []
        for run in range(args.repeat):
            rounds.append({})
            for n in (1, 2):
                t_raw, c_raw = _raw(raw, texts, n, settings.batch_size)
                t_kg, c_kg, done, own = _kg(corpus, settings, n)
                assert done == args.articles, f"kg built {done} of {args.articles} articles"
                if n == 2 and t_kg <= best.get("kg2", float("inf")):
                    split = (own, c_kg - own)  # of the best 2-process run
                for key, seconds in ((f"raw{n}", t_raw), (f"kg{n}", t_kg), (f"cpu_raw{n}", c_raw),
                                     (f"cpu_kg{n}", c_kg)):
                    best[key] = min(best.get(key, float("inf")), seconds)
                    rounds[-1][key] = seconds
                print(f"run {run + 1}, {n} process{'es' if n > 1 else ''}: raw {words / t_raw:7.0f} words/s, "
                      f"kg {words / t_kg:7.0f} words/s   (per CPU second: raw {words / c_raw:5.0f}, "
                      f"kg {words / c_kg:5.0f}; load {os.getloadavg()[0]:.1f})", flush=True)
        rate = {k: words / v for k, v in best.items()}
        result = {
            "raw1": rate["raw1"], "kg1": rate["kg1"], "raw2": rate["raw2"], "kg2": rate["kg2"],
            "ratio1": rate["kg1"] / rate["raw1"], "ratio2": rate["kg2"] / rate["raw2"],
            "speedup": rate["kg2"] / rate["kg1"], "raw_speedup": rate["raw2"] / rate["raw1"],
            "cpu_ratio1": rate["cpu_kg1"] / rate["cpu_raw1"], "cpu_ratio2": rate["cpu_kg2"] / rate["cpu_raw2"],
        }
        print(f"ratio = kg words/s ÷ raw spaCy words/s:  1 process {result['ratio1']:.2f} (goal ≥ 0.85)   "
              f"2 processes {result['ratio2']:.2f}   (best runs)")
        print(f"2-process speed-up: kg {result['speedup']:.2f} (goal ≥ 1.7), raw spaCy {result['raw_speedup']:.2f}"
              f"   (best runs)")
        if len(rounds) > 1:
            # on a busy machine the best runs of different kinds come from different moments: the
            # median of each round's own ratios compares runs made seconds apart
            med = {k: statistics.median(r[a] / r[b] for r in rounds) for k, a, b in (
                ("ratio1", "raw1", "kg1"), ("ratio2", "raw2", "kg2"), ("speedup", "kg1", "kg2"),
                ("raw_speedup", "raw1", "raw2"))}
            result.update({f"median_{k}": v for k, v in med.items()})
            print(f"medians over {len(rounds)} rounds: ratio 1 process {med['ratio1']:.2f}, 2 processes "
                  f"{med['ratio2']:.2f}; speed-up kg {med['speedup']:.2f}, raw spaCy {med['raw_speedup']:.2f}")
        # With 2 processes on 2 cores, wall time is at least the CPU time over the cores: the work of the
        # main process (reading, store writes: its threads and Oxigraph's) is on the same cores as the workers.
        cores = os.cpu_count() or 1
        floor = (split[0] + split[1]) / cores
        print(f"kg, best 2-process run: main process {split[0]:.1f} CPU s (reading, store writes), spaCy workers "
              f"{split[1]:.1f} CPU s; on {cores} cores no less than {floor:.1f} s, so a speed-up of at most "
              f"{best['kg1'] / floor:.2f} over the best 1-process run ({best['kg1']:.1f} s)")
        # CPU seconds do not depend on what else the machine runs: the share of kg's work on top of the model
        print(f"per CPU second (kg ÷ raw): 1 process {result['cpu_ratio1']:.2f}, "
              f"2 processes {result['cpu_ratio2']:.2f}")
        print(f"load average at the end {os.getloadavg()[0]:.1f} (other work on the machine lowers the "
              f"wall-clock figures, not the CPU ones)")
        if args.profile:
            stages = _profile(texts, settings)
            base = stages[0][1]
            print("single-process CPU seconds per stage (share of the raw model's):")
            for name, seconds in stages:
                print(f"  {name:38} {seconds:6.2f} s  {seconds / base:6.1%}")
    return result


if __name__ == "__main__":
    main()
