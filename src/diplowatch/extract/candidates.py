"""Candidate events for the judge: each trigger of a sentence with what the rules make of it,
and each actor it could have as source or target, described by features of the parse.

The lexicon proposes (``extract.lexicon``), the rules read (``extract.events``), and the judge
(``extract.judge``) decides. A candidate's features are plain strings ("lemma=expel",
"path=<nsubj") so that a linear model over them is trained by ``scripts/train_judge.py`` and
read back from the package's data. Features name words, parts of speech, dependency paths and
the rules' verdicts, never a country or a page: what the model learns carries to any outlet.

Sides: every actor mention of the sentence; a pronoun's antecedent; where an argument slot of
the trigger holds a phrase that names no actor ("the two sides", "the junta"), the actors named
last before the sentence; and, where the slot names a body of people ("gunmen", "the
authorities") in a sentence whose places are all of one country, that country's body, as an
armed group is coded by the country it acts in. A target may also be none.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from spacy.tokens import Span, Token

from diplowatch.extract.certainty import is_hypothetical, is_negated
from diplowatch.extract.lexicon import Trigger
from diplowatch.extract.reference import (
    PAIR_NOUNS,
    PAIR_WORDS,
    PLURAL_PRONOUNS,
    PRONOUNS,
    Context,
    Discourse,
    antecedent,
    counted_parties,
    names_a_pair,
)
from diplowatch.extract.roles import arguments_of
from diplowatch.extract.tense import in_future
from diplowatch.records import Place
from diplowatch.resolve.actors import ActorMention, Descriptor, Gazetteer, country_actor_of

# How many steps of the dependency tree a path between a trigger and an actor may take before
# it is only "far".
MAX_PATH = 4
# Actors named before the sentence that may fill a slot its own words leave open.
DISCOURSE_ACTORS = 4
# Dependencies that carry a trigger's words in its own phrase, for the features of its frame.
FRAME_CHILDREN = frozenset({"dobj", "pobj", "attr", "xcomp", "ccomp", "acomp", "oprd", "dative"})
MODALS = frozenset({"could", "might", "may", "should", "can", "must", "would", "will", "shall"})
QUOTES = frozenset({'"', "“", "”", "‘", "’", "'"})


@dataclass(frozen=True, slots=True)
class RuleReading:
    """What the rules alone make of a trigger: whether it is an event, and its sides."""

    kept: bool
    filters: tuple[str, ...]
    source: ActorMention | None
    target: ActorMention | None
    # The type the rules give (the trigger's, or a promise or threat for a future act).
    type: str = ""


@dataclass(frozen=True, slots=True)
class Side:
    """A candidate source or target: its mention (None: no target), where it comes from
    (``sentence``, ``pronoun``, ``discourse``) and its features relative to the trigger."""

    mention: ActorMention | None
    origin: str
    features: tuple[str, ...]
    # The token the side stands on, and the first of the conjuncts it is one of ("Qatar, Egypt
    # and the United States" share one group); -1 for no target.
    root: int = -1
    group: int = -1
    # Whether the side stands in a plural phrase that names no one ("both sides", "them"),
    # which several actors may fill.
    plural: bool = False
    # The words of a side that is not yet an actor (a group of the source's own country).
    text: str = ""

    @property
    def country(self) -> str | None:
        if self.mention is None or self.mention.actor is None:
            return None
        return self.mention.actor.country


@dataclass(frozen=True, slots=True)
class TriggerCandidate:
    """One trigger with the rules' reading and the features the type model reads."""

    trigger: Trigger
    rules: RuleReading
    features: tuple[str, ...]
    negated: bool


# Free relatives that only name what the verb above did: "launched what appears to be an
# operation", "carried out what officials called a strike", "what was described as a raid".
FREE_RELATIVE = {"what"}
NAMING_VERBS = {"be", "appear", "seem", "call", "describe", "term", "dub", "label", "look"}


def _frame_of(head: Token) -> tuple[Token, str]:
    """The word that governs a trigger and the trigger's relation to it, reading through a
    free relative ("launched what appears to be an operation" as "launched an operation")."""
    if head.dep_ in {"attr", "oprd", "dobj"}:
        clause = head.head
        while clause.lemma_.lower() in NAMING_VERBS and clause.dep_ in {"xcomp", "ccomp", "relcl"}:
            named = any(
                child.lower_ in FREE_RELATIVE and child.dep_ in {"nsubj", "nsubjpass", "dobj"}
                for child in clause.children
            )
            if named and clause.head.i != clause.i:
                return clause.head, "dobj"
            clause = clause.head
    return head.head, head.dep_


def trigger_features(trigger: Trigger, sentence: Span, rules: RuleReading) -> TriggerCandidate:
    """The features of a trigger: its words, its frame in the parse, modality and the rules'
    verdict."""
    doc = sentence.doc
    head = doc[trigger.head]
    lemma = head.lemma_.lower()
    kind = trigger.type
    governor, dep = _frame_of(head)
    found: list[str] = [
        f"type={kind}",
        f"cameo={trigger.cameo[:2]}",
        f"lemma={lemma}",
        f"lemma|type={lemma}|{kind}",
        f"pos={head.pos_}",
        f"tag={head.tag_}",
        f"dep={dep}",
        f"dep|type={dep}|{kind}",
    ]
    if trigger.end - trigger.start > 1:
        found.append(f"pattern={trigger.text.lower()}")
    else:
        found.append("single")
    if governor.i != head.i:
        found += [
            f"gov={governor.lemma_.lower()}",
            f"gov|dep={governor.lemma_.lower()}|{dep}",
        ]
        found.append(f"gov|lemma={governor.lemma_.lower()}|{lemma}")
        if governor.head.i != governor.i and dep in {"pobj", "dobj", "xcomp", "pcomp"}:
            found.append(f"gov2={governor.head.lemma_.lower()}")
    else:
        found.append("root")
    for child in head.children:
        dep = child.dep_
        if dep in FRAME_CHILDREN:
            found.append(f"child:{dep}={child.lemma_.lower()}")
        elif dep == "prep":
            found.append(f"prep={child.lower_}")
            found.append(f"prep|type={child.lower_}|{kind}")
            for grand in child.children:
                if grand.dep_ == "pobj":
                    found.append(f"prep>{child.lower_}={grand.lemma_.lower()}")
        elif dep in {"aux", "auxpass"}:
            word = child.lower_
            found.append(f"{dep}={word}")
            if word in MODALS:
                found.append(f"modal|type={word}|{kind}")
        elif dep == "neg" or child.lower_ == "never":
            found.append("child:neg")
        elif dep == "det" and child.lower_ in {"no", "any"}:
            found.append(f"det={child.lower_}")
        elif dep == "prt":
            found.append(f"prt={child.lower_}")
        elif dep == "advmod":
            found.append(f"advmod={child.lower_}")
        elif dep == "amod":
            found.append(f"amod={child.lemma_.lower()}")
    negated = is_negated(head)
    if negated:
        found += ["negated", f"negated|type={kind}", f"negated|lemma={lemma}"]
    future = in_future(head)
    if future:
        found += ["future", f"future|type={kind}"]
    if is_hypothetical(head, sentence):
        found += ["hypothetical", f"hypothetical|type={kind}"]
    if sentence.text.rstrip().endswith("?"):
        found.append("question")
    found += _above(head, kind)
    found += [f"rule:{name}" for name in rules.filters]
    found.append(f"rule:kept={rules.kept}|{kind}")
    if _in_quotes(head, sentence):
        found.append("quoted")
    previous = doc[head.i - 1] if head.i > sentence.start else None
    following = doc[head.i + 1] if head.i + 1 < sentence.end else None
    if previous is not None:
        found.append(f"before={previous.lemma_.lower()}")
    if following is not None:
        found.append(f"after={following.lemma_.lower()}")
    return TriggerCandidate(trigger, rules, tuple(found), negated)


def _above(head: Token, kind: str) -> list[str]:
    """The verbs of the clauses above the trigger (what governs it: "decided to", "said",
    "expected to") and the modals there."""
    found: list[str] = []
    token = head
    for depth in range(3):
        if token.head.i == token.i:
            break
        token = token.head
        if token.pos_ in {"VERB", "AUX"}:
            found.append(f"above{depth}={token.lemma_.lower()}")
            found.append(f"above|type={token.lemma_.lower()}|{kind}")
            for child in token.children:
                if child.dep_ in {"aux", "neg"} and child.lower_ in MODALS | {"not", "n't"}:
                    found.append(f"above:aux={child.lower_}")
    return found


def _in_quotes(head: Token, sentence: Span) -> bool:
    marks = sum(1 for token in sentence.doc[sentence.start : head.i] if token.text in QUOTES)
    return marks % 2 == 1


def _root_of(mention: ActorMention, doc_sentence: Span) -> Token:
    """The token of a mention whose head lies outside it (the mention's own head word)."""
    doc = doc_sentence.doc
    for index in range(mention.start, mention.end):
        token = doc[index]
        if not (mention.start <= token.head.i < mention.end) or token.head.i == token.i:
            return token
    return doc[mention.end - 1]


def path_between(head: Token, other: Token) -> str:
    """The dependency path from the trigger's head to another word: "<" climbs from a word to
    its head, ">" descends; prepositions are named ("<dobj>prep:with>pobj")."""
    if other.i == head.i:
        return "self"
    up: list[Token] = [head]
    while up[-1].head.i != up[-1].i and len(up) <= MAX_PATH + 1:
        up.append(up[-1].head)
    down: list[Token] = [other]
    while down[-1].head.i != down[-1].i and len(down) <= MAX_PATH + 1:
        down.append(down[-1].head)
    up_index = {token.i: position for position, token in enumerate(up)}
    meet = next((position for position, token in enumerate(down) if token.i in up_index), None)
    if meet is None:
        return "far"
    climb = up[: up_index[down[meet].i]]
    descend = list(reversed(down[:meet]))
    if len(climb) + len(descend) > MAX_PATH:
        return "far"
    steps = [f"<{token.dep_}" for token in climb]
    steps += [_step_down(token) for token in descend]
    return "".join(steps)


# Words that modify the phrase an actor is named in ("Russian delegations", "Iran's envoy").
MODIFIERS = frozenset(
    {"amod", "compound", "poss", "nmod", "conj", "appos", "det", "case", "nummod"}
)
# Dependencies through which a trigger hangs under the verb whose subject acts for it.
GOVERNED = frozenset({"xcomp", "ccomp", "conj", "dobj", "pobj", "advcl", "pcomp", "acomp", "attr"})


def role_of(head: Token, root: Token) -> str:
    """What an actor is to a trigger, in a few words that carry across sentences: ``subj``,
    ``obj``, ``prep:with``, ``agent`` ("by X"), ``mod`` (a possessor or adjective of the
    trigger itself: "Russia's withdrawal", "US-brokered"), ``gov_subj`` (the subject of the
    verb the trigger completes: "X decided to expel", "X held talks"), a suffix ``+mod``
    when the actor only qualifies the phrase ("Russian delegations"), else ``other``."""
    word, qualified = root, False
    while word.dep_ in MODIFIERS and word.head.i not in (word.i, head.i):
        qualified = qualified or word.dep_ != "conj"
        word = word.head
    suffix = "+mod" if qualified else ""
    if word.head.i == head.i:
        if word.dep_ in {"nsubj", "csubj"}:
            return "subj" + suffix
        if word.dep_ in {"nsubjpass", "dobj", "dative", "attr", "oprd"}:
            return "obj" + suffix
        if word.dep_ in {"poss", "amod", "compound", "nmod"}:
            return "mod"
        return word.dep_ + suffix
    if word.dep_ == "pobj" and word.head.head.i == head.i:
        preposition = word.head
        if preposition.dep_ == "agent" or preposition.lower_ == "by":
            return "agent" + suffix
        return f"prep:{preposition.lower_}" + suffix
    governor, below = head, head
    for _ in range(3):
        if below.dep_ not in GOVERNED or governor.head.i == governor.i:
            break
        governor = governor.head
        if governor.dep_ == "prep":
            continue
        if word.head.i == governor.i and word.dep_ in {"nsubj", "nsubjpass"}:
            return "gov_subj" + suffix
        if word.dep_ == "pobj" and word.head.head.i == governor.i and word.head.lower_ == "by":
            return "gov_agent" + suffix
        below = governor
    if head.head.i == word.i:
        return f"governor:{head.dep_}"
    return "other"


def _step_down(token: Token) -> str:
    if token.dep_ in {"prep", "agent"}:
        return f">{token.dep_}:{token.lower_}"
    return f">{token.dep_}"


def _mention_kind(mention: ActorMention, root: Token) -> list[str]:
    actor = mention.actor
    found = []
    if actor is None:
        return ["kind=unknown"]
    if actor.id.startswith("person:"):
        found.append("kind=person")
    elif actor.id.startswith("org:"):
        found.append("kind=org")
    elif actor.country is not None and not actor.country.isalpha():
        found.append("kind=other")
    else:
        found.append("kind=state")
    found.append(f"sector={actor.sector or '-'}")
    if root.pos_ == "ADJ" or root.dep_ == "amod":
        found.append("adjective")
    if mention.text.isupper() and len(mention.text) > 4:
        found.append("upper")
    return found


@dataclass(frozen=True, slots=True)
class SideFinder:
    """The candidate sides of the triggers of one sentence."""

    sentence: Span
    context: Context
    discourse: Discourse
    # Words for groups of people ("the opposition", "protesters"): a target that may be of the
    # source's own country.
    group_words: frozenset[str] = frozenset()
    # The places the sentence names, and the actor tables with the descriptors of groups
    # ("gunmen": rebels), for the bodies it names by what they are (``_placed``).
    places: Sequence[Place] = ()
    gazetteer: Gazetteer | None = None

    def mentions(self) -> list[ActorMention]:
        found: dict[int, ActorMention] = {}
        for index in range(self.sentence.start, self.sentence.end):
            mention = self.context.mentions.get(index)
            # An actor of no country (a news agency, a charity) cannot be coded as a side.
            if mention is not None and mention.actor is not None and mention.actor.country:
                found.setdefault(mention.start, mention)
        return list(found.values())

    def sides(self, candidate: TriggerCandidate) -> tuple[tuple[Side, ...], tuple[Side, ...]]:
        """Candidate sources and targets of a trigger, each with its features."""
        doc = self.sentence.doc
        head = doc[candidate.trigger.head]
        arguments = arguments_of(head)
        source_rank = _ranks(arguments.sources)
        target_rank = _ranks(arguments.targets)
        rules = candidate.rules
        sides: list[tuple[ActorMention, str, Token]] = [
            (mention, "sentence", _root_of(mention, self.sentence)) for mention in self.mentions()
        ]
        # A plural pronoun stands for the actors named together that it refers to ("Spain and
        # Ireland said they would ..."): it is one of their group.
        stands_for: dict[int, int] = {}
        sides += list(self._pronouns(stands_for))
        open_slots = [
            token
            for token in (*arguments.sources, *arguments.targets)
            if self.sentence.start <= token.i < self.sentence.end
            and not any(m.start <= token.i < m.end for m, _origin, _root in sides)
            and token.pos_ in {"NOUN", "PROPN", "PRON"}
        ]
        acted_on = frozenset(t.i for t in arguments.targets) - {t.i for t in arguments.sources}
        sides += list(self._discourse(open_slots, acted_on))
        named = {m.actor.country for m, origin, _root in sides if origin == "sentence" and m.actor}
        placed = list(self._placed(open_slots, named))
        sides += placed
        # A body the sentence's places give a country is of that country, not the source's.
        placed_in = {root.i: mention for mention, _origin, root in placed}
        internal = [
            Side(
                placed_in.get(token.i),
                INTERNAL,
                (
                    f"origin={INTERNAL}",
                    f"slot={token.lemma_.lower()}",
                    f"role={role_of(head, token)}",
                    f"path={path_between(head, token)}",
                ),
                token.i,
                first_conjunct(token).i,
                False,
                token.text,
            )
            for token in open_slots
            if token.i in target_rank
            and (token.lower_ in self.group_words or token.lemma_.lower() in self.group_words)
        ]
        sources: list[Side] = []
        targets: list[Side] = [Side(None, "none", ("none", f"none|type={candidate.trigger.type}"))]
        for mention, origin, root in sides:
            shared = self._features(head, mention, origin, root)
            group = stands_for.get(root.i, first_conjunct(root).i)
            source_features = (
                shared
                + _rank_features("srank", source_rank, root)
                + _rule_feature("rule_source", rules.source, mention)
            )
            target_features = (
                shared
                + _rank_features("trank", target_rank, root)
                + _rule_feature("rule_target", rules.target, mention)
            )
            plural = origin.startswith("discourse") and _is_plural(root)
            if plural:
                source_features.append("plural_slot")
                target_features.append("plural_slot")
            sources.append(Side(mention, origin, tuple(source_features), root.i, group, plural))
            targets.append(Side(mention, origin, tuple(target_features), root.i, group, plural))
        targets += internal
        if rules.source is not None and not any(s.mention == rules.source for s in sources):
            root = doc[rules.source.start] if rules.source.start < len(doc) else head
            features = ("origin=rules", "rule_source", *_mention_kind(rules.source, root))
            sources.append(Side(rules.source, "rules", features, root.i, root.i))
        if rules.target is not None and not any(t.mention == rules.target for t in targets):
            root = doc[rules.target.start] if rules.target.start < len(doc) else head
            features = ("origin=rules", "rule_target", *_mention_kind(rules.target, root))
            targets.append(Side(rules.target, "rules", features, root.i, root.i))
        return tuple(sources), tuple(targets)

    def _features(self, head: Token, mention: ActorMention, origin: str, root: Token) -> list[str]:
        kind, *marks = origin.split("+")
        found = [f"origin={kind}", *(f"discourse:{mark}" for mark in marks)]
        found += _mention_kind(mention, root)
        if self.sentence.start <= root.i < self.sentence.end:
            path = path_between(head, root)
            found += [f"path={path}", f"path1={path[:12]}", f"before={root.i < head.i}"]
            found.append(f"role={role_of(head, root)}")
            if root.dep_ == "pobj" and root.head.dep_ in {"prep", "agent"}:
                preposition = root.head
                found.append(f"prep={preposition.lower_}|{preposition.head.lemma_.lower()}")
                found.append(f"prep={preposition.lower_}")
            if root.dep_ == "conj" or any(child.dep_ == "conj" for child in root.children):
                found.append("conjoined")
            if mention.start <= head.i < mention.end:
                found.append("contains_trigger")
        return found

    def _pronouns(self, stands_for: dict[int, int]) -> Iterator[tuple[ActorMention, str, Token]]:
        """The pronouns standing for actors, each as its antecedent; a plural pronoun whose
        antecedent in the sentence is named with others has their group in ``stands_for``."""
        doc = self.sentence.doc
        for token in self.sentence:
            if token.lower_ not in PRONOUNS or token.i in self.context.mentions:
                continue
            mention = antecedent(token, self.context, self.discourse.previous)
            if mention is None or mention.actor is None or not mention.actor.country:
                continue
            if token.lower_ in GROUP_PRONOUNS and self.sentence.start <= mention.start < token.i:
                root = first_conjunct(_root_of(mention, self.sentence))
                if any(child.dep_ == "conj" for child in root.children):
                    stands_for[token.i] = root.i
            yield (
                ActorMention(token.i, token.i + 1, doc[token.i].text, mention.actor),
                ("pronoun"),
                token,
            )

    def _placed(
        self, slots: Sequence[Token], named: set[str | None]
    ) -> Iterator[tuple[ActorMention, str, Token]]:
        """A body named by what it is ("gunmen", "the security forces", an armed group of no
        country) where the sentence's places are all of one country (where it names none, the
        dateline's, unless the sentence ``named`` actors of another): that country's body."""
        if self.gazetteer is None:
            return
        countries = {place.country for place in self.places if place.country}
        filed_in = self.discourse.filed_in
        if not countries and filed_in is not None and named <= {filed_in}:
            countries = {filed_in}
        if len(countries) != 1:
            return
        (country,) = countries
        doc = self.sentence.doc
        for slot in slots:
            sector = self._body_sector(slot, self.gazetteer.descriptors)
            if sector is None:
                continue
            actor = country_actor_of(self.gazetteer.country_names, country, sector)
            yield ActorMention(slot.i, slot.i + 1, doc[slot.i].text, actor), PLACED, slot

    def _body_sector(self, slot: Token, descriptors: Mapping[str, Descriptor]) -> str | None:
        """The sector of the body a slot names ("" where the words give none); None where it
        names no body."""
        if slot.pos_ == "PRON":
            return None
        for words in (slot.lower_, slot.lemma_.lower()):
            descriptor = descriptors.get(words)
            if descriptor is not None and descriptor.kind == "group":
                return descriptor.sector or ""
        mention = self.context.mentions.get(slot.i)
        if mention is not None and mention.actor is not None and not mention.actor.country:
            return mention.actor.sector if mention.actor.sector in ARMED_SECTORS else None
        return None

    def _discourse(
        self, slots: Sequence[Token], acted_on: frozenset[int] = frozenset()
    ) -> Iterator[tuple[ActorMention, str, Token]]:
        """The actors named last before the sentence, each standing in an open slot; in a slot
        of those ``acted_on`` that counts them ("from the three capitals"), the parties last
        named together."""
        if not slots:
            return
        seen: set[str] = set()
        earlier = [m for m in self.discourse.named if m.start < self.sentence.start]
        recent: list[ActorMention] = []
        for mention in reversed(earlier):
            country = mention.actor.country if mention.actor else None
            if country is None or country in seen:
                continue
            seen.add(country)
            recent.append(mention)
            if len(recent) == DISCOURSE_ACTORS:
                break
        doc = self.sentence.doc
        previous = self.discourse.previous
        previous_country = previous.actor.country if previous and previous.actor else None
        acted = self.discourse.acted[-4:]
        pair = list(self.discourse.pair or ())
        for slot in slots:
            # "The two sides", "both leaders": the last two parties named together; "the three
            # capitals": the last three.
            counting = counted_parties(slot, self.discourse) if slot.i in acted_on else []
            standing = counting or (pair if pair and names_a_pair(slot) else recent)
            for rank, mention in enumerate(standing):
                stand_in = ActorMention(slot.i, slot.i + 1, doc[slot.i].text, mention.actor)
                origin = f"discourse{min(rank, 2)}" + (LISTED if counting else "")
                country = mention.actor.country
                if country == previous_country:
                    origin += "+subject"
                if country in acted:
                    origin += "+acted"
                yield stand_in, origin, slot


# The mark of a side that is one of the parties a phrase counts ("the three capitals").
LISTED = "+listed"
# The pronouns that stand for several actors named together.
GROUP_PRONOUNS = frozenset({"they", "them", "their"})


def _is_plural(token: Token) -> bool:
    """ "the two sides", "both countries", "all parties", "the leaders", "them": a phrase for
    several actors. A plural of what one body is made of ("the generals", "the members",
    "protesters") stands for one."""
    if token.lower_ in PLURAL_PRONOUNS:
        return True
    if any(
        child.lower_ in PLURAL_PRONOUNS or child.lower_ in PAIR_WORDS or child.dep_ == "nummod"
        for child in token.children
    ):
        return True
    return token.tag_ in {"NNS", "NNPS"} and token.lemma_.lower() in PAIR_NOUNS


def first_conjunct(token: Token) -> Token:
    """The first of the conjuncts a word is one of ("Egypt" in "Qatar, Egypt and ..." -> Qatar),
    through the phrase it modifies when it is an adjective ("Iranian and American negotiators")."""
    while token.dep_ == "conj" and token.head.i != token.i:
        token = token.head
    return token


def _ranks(tokens: Iterable[Token]) -> dict[int, int]:
    ranks: dict[int, int] = {}
    for rank, token in enumerate(tokens):
        ranks.setdefault(token.i, rank)
    return ranks


def _rank_features(name: str, ranks: dict[int, int], root: Token) -> list[str]:
    rank = ranks.get(root.i)
    if rank is None:
        for ancestor in root.ancestors:
            if ancestor.i in ranks and root.dep_ in {"poss", "compound", "amod", "nmod"}:
                rank = ranks[ancestor.i]
                return [f"{name}=mod{min(rank, 2)}"]
            break
        return [f"{name}=-"]
    return [f"{name}={min(rank, 3)}"]


def _rule_feature(name: str, chosen: ActorMention | None, mention: ActorMention) -> list[str]:
    if chosen is None:
        return [f"{name}=none"]
    if chosen.start == mention.start and chosen.end == mention.end:
        return [name]
    same = chosen.actor is not None and mention.actor is not None
    if same and chosen.actor.country == mention.actor.country:
        return [f"{name}=same_country"]
    return []


INTERNAL = "internal"
# A body named by what it is, of the country of the sentence's places (``SideFinder._placed``).
PLACED = "placed"
# The sectors of an actor of no country that acts where it fights ("Islamic State").
ARMED_SECTORS = frozenset({"REB"})


def concrete_target(target: Side, source: Side) -> Side:
    """The target as it stands with this source: a group of the source's own country ("the
    opposition", "the mutineers") takes the source's actor, unless the sentence's places gave
    it one ("detained five farmers near Kherson": Ukraine's)."""
    if target.origin != INTERNAL or source.mention is None or target.mention is not None:
        return target
    slot = source.mention
    mention = ActorMention(target.root, target.root + 1, target.text, slot.actor)
    return Side(mention, INTERNAL, target.features, target.root, target.group, False, target.text)


def pair_features(kind: str, source: Side, target: Side, symmetric: bool) -> tuple[str, ...]:
    """Features of a (source, target) pair for an event of type ``kind``: each side's
    features, each with the type, and what the two share."""
    found: list[str] = []
    for feature in source.features:
        found.append(f"s:{feature}")
        found.append(f"s:{feature}|{kind}")
    for feature in target.features:
        found.append(f"t:{feature}")
        found.append(f"t:{feature}|{kind}")
    return (*found, *joint_features(kind, source, target, symmetric))


def joint_features(kind: str, source: Side, target: Side, symmetric: bool) -> tuple[str, ...]:
    """The features of a pair that are neither side's own: what the two share, their paths."""
    found: list[str] = []
    same = source.country is not None and source.country == target.country
    if same:
        found += ["same_country", f"same_country|{kind}"]
    if target.mention is None:
        found.append(f"no_target|{kind}")
    if symmetric:
        found.append("symmetric")
    if source.group >= 0 and source.group == target.group:
        found += ["same_group", f"same_group|{kind}"]
    if source.root >= 0 and source.root == target.root:
        found += ["same_slot", f"same_slot|{kind}"]
    source_path = next((f for f in source.features if f.startswith("path=")), "path=-")
    target_path = next((f for f in target.features if f.startswith("path=")), "path=-")
    found.append(f"paths={source_path}|{target_path}")
    found.append(f"paths|type={source_path}|{target_path}|{kind}")
    return tuple(found)
