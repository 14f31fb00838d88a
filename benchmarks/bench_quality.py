"""Extraction quality: `kg eval` figures on the shared gold set, beside plain spaCy NER.

Quality is not speed, but it belongs in the same record: every change to extraction
is judged by both. The gold set lives outside the repository (../shared); without it
this benchmark reports nothing rather than failing.
"""

from __future__ import annotations

from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def run(quick: bool = False) -> list[dict]:
    from kg.quality.evaluate import baseline_entities, evaluate

    gold, corpus = SHARED / "gold", SHARED / "corpus"
    if not gold.is_dir():
        return []
    figures = evaluate(gold, corpus).figures()
    baseline = baseline_entities(corpus, gold)
    rows = []
    for name, value in figures.items():
        reference, ratio = "", None
        if name == "entity_typed_f1":
            reference, ratio = f"plain spaCy NER F1 {baseline.f1:.2f}", value / baseline.f1
        rows.append({"benchmark": "quality", "figure": name, "value": round(value, 3), "unit": "",
                     "reference": reference, "ratio": round(ratio, 2) if ratio else None})
    return rows


if __name__ == "__main__":
    for row in run():
        print(f"{row['figure']:<22} {row['value']:.3f}  {row['reference']}")
