"""The textbook LangChain pipeline a user would otherwise assemble: one sentence per leaderboard row plus article
chunks, `Chroma.from_documents` with `HuggingFaceEmbeddings`, a full rebuild on every refresh, and
`similarity_search` per question."""

from __future__ import annotations

import csv
import json
import time
from pathlib import Path
from statistics import fmean


def row_sentences(livebench: Path) -> list[tuple[str, dict]]:
    """One sentence per model and category of every LiveBench release, the way a tutorial would write them."""
    out = []
    for table in sorted(livebench.glob("table_*.csv")):
        date = table.stem.removeprefix("table_")
        cats = json.loads((livebench / f"categories_{date}.json").read_text())
        with table.open() as fh:
            reader = csv.reader(fh)
            header = next(reader)
            for cells in reader:
                if len(cells) != len(header):
                    continue
                row = dict(zip(header, cells, strict=True))
                for label, tasks in cats.items():
                    vals = [float(row[t]) for t in tasks if row.get(t, "").strip()]
                    if vals:
                        text = (f"On the LiveBench leaderboard released {date.replace('_', '-')}, {row['model']} "
                                f"scored {fmean(vals):.1f} in {label}.")
                        out.append((text, {"source": table.name}))
    return out


def article_chunks(seeds: Path) -> list[tuple[str, dict]]:
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    splitter = RecursiveCharacterTextSplitter(chunk_size=900, chunk_overlap=150)
    out = []
    for p in sorted(seeds.iterdir()):
        for chunk in splitter.split_text(p.read_text(encoding="utf-8")):
            out.append((chunk, {"source": p.name}))
    return out


class Baseline:
    def __init__(self, model_path: str, folder: Path) -> None:
        self.model_path = model_path
        self.folder = folder
        self.store = None
        self.embeddings = None

    def build(self, texts: list[tuple[str, dict]]) -> float:
        """Chroma.from_documents from scratch (what a refresh is, in the textbook pipeline); returns seconds."""
        from langchain_chroma import Chroma
        from langchain_core.documents import Document
        from langchain_huggingface import HuggingFaceEmbeddings

        started = time.perf_counter()
        if self.embeddings is None:
            self.embeddings = HuggingFaceEmbeddings(model_name=self.model_path, encode_kwargs={"batch_size": 32})
        if self.store is not None:
            self.store.delete_collection()  # a refresh is a full rebuild in the textbook pipeline
        docs = [Document(page_content=t, metadata=m) for t, m in texts]
        self.store = Chroma.from_documents(docs, self.embeddings, persist_directory=str(self.folder),
                                           collection_name="baseline")
        return time.perf_counter() - started

    def search(self, question: str, k: int = 4):
        return self.store.similarity_search(question, k=k)


def main(argv: list[str]) -> int:
    """`python -m bench.baseline LIVEBENCH SEEDS MODEL FOLDER`: the textbook pipeline's ingest as a fresh process
    (imports, model load, embedding every text, Chroma.from_documents), as a cron job or a refresh script runs it.
    Prints {"texts": n, "in_process_s": s}."""
    started = time.perf_counter()
    livebench, seeds, model_path, folder = argv
    texts = row_sentences(Path(livebench)) + article_chunks(Path(seeds))
    Baseline(model_path, Path(folder)).build(texts)
    print(json.dumps({"texts": len(texts), "in_process_s": round(time.perf_counter() - started, 2)}))
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(main(sys.argv[1:]))
