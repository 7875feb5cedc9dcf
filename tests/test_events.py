"""Events from parsed articles: each rule of the event builder on sentences written for it."""

from __future__ import annotations

import dataclasses
from datetime import date

from spacy.language import Language

from conftest import read_paragraphs
from diplowatch.extract.extractor import Extractor
from diplowatch.records import Event


def _events(nlp: Language, extractor: Extractor, *paragraphs: str, published=None) -> list[Event]:  # type: ignore[no-untyped-def]
    return read_paragraphs(
        nlp,
        extractor,
        paragraphs,
        published=published,
        captions=("Troops of the Russian army attack the town of Avdiivka.",),
        teasers=("Ukraine accuses Russia of shelling Kharkiv",),
    ).events


def _summary(event: Event) -> tuple[str | None, str, str | None]:
    def country(side):  # type: ignore[no-untyped-def]
        return side.actor.country if side and side.actor else None

    return country(event.source), event.type, country(event.target)


def test_a_verb_event_with_subject_object_date_and_evidence(
    nlp: Language, extractor: Extractor
) -> None:
    (event,) = _events(nlp, extractor, "Hungary sharply criticised Poland on Tuesday.")
    assert _summary(event)[0::2] == ("HUN", "POL")
    assert event.evidence in event.sentence and "criticised" in event.evidence
    assert event.date is not None and event.date.start == date(2024, 3, 12)
    assert (event.certainty, event.negated, event.page) == ("asserted", False, "test.txt")


def test_captions_and_teasers_never_yield_events(nlp: Language, extractor: Extractor) -> None:
    events = _events(nlp, extractor, "The weather in the capital was mild for the season.")
    assert events == []


def test_talks_between_two_sides(nlp: Language, extractor: Extractor) -> None:
    events = _events(nlp, extractor, "Talks between Armenia and Azerbaijan resumed in Almaty.")
    assert [_summary(e) for e in events] == [("ARM", "CONSULT", "AZE")]


def test_content_of_another_event_is_not_a_second_event(
    nlp: Language, extractor: Extractor
) -> None:
    events = _events(nlp, extractor, "Serbia rejected the pressure from Kosovo.")
    assert [e.type for e in events] == ["REJECT"]


def test_questions_and_hypotheticals_are_not_events(nlp: Language, extractor: Extractor) -> None:
    assert _events(nlp, extractor, "Will Serbia recognise Kosovo next year?") == []
    assert _events(nlp, extractor, "If Serbia attacked Kosovo, NATO could respond.") == []


def test_negated_events_are_kept_and_flagged(nlp: Language, extractor: Extractor) -> None:
    events = _events(nlp, extractor, "Egypt did not agree to the proposal from Ethiopia.")
    assert events and all(e.negated for e in events)


def test_reported_events_carry_their_source(nlp: Language, extractor: Extractor) -> None:
    (event,) = _events(
        nlp,
        extractor,
        "Turkish troops reportedly attacked Kurdish fighters in Syria, Reuters said.",
    )
    assert event.certainty == "reported"
    assert event.attribution == "Reuters"


def test_a_statement_of_ones_own_stance_stays_asserted(nlp: Language, extractor: Extractor) -> None:
    (event,) = _events(
        nlp,
        extractor,
        "Colombian President Gustavo Petro said Colombia is ready for dialogue with Venezuela.",
    )
    assert _summary(event) == ("COL", "AGREE", "VEN")
    assert event.certainty == "asserted"


def test_a_future_cooperative_act_is_a_promise(nlp: Language, extractor: Extractor) -> None:
    events = _events(nlp, extractor, "Japan will send aid to the Philippines.")
    assert [_summary(e) for e in events] == [("JPN", "AGREE", "PHL")]


def test_told_that_must_is_a_request(nlp: Language, extractor: Extractor) -> None:
    events = _events(
        nlp, extractor, "German officials told Poland that Warsaw must release the funds."
    )
    assert ("DEU", "REQUEST", "POL") in [_summary(e) for e in events]


def test_insisting_on_a_fact_is_no_request(nlp: Language, extractor: Extractor) -> None:
    events = _events(nlp, extractor, "France insists that its position on Israel is unchanged.")
    assert all(e.type != "REQUEST" for e in events)


def test_a_place_names_the_state_acted_on(nlp: Language, extractor: Extractor) -> None:
    events = _events(nlp, extractor, "Israel announced the withdrawal of its troops from Rafah.")
    assert [_summary(e) for e in events] == [("ISR", "RETREAT", "PSE")]


def test_the_counterpart_carries_over_from_the_previous_sentence(
    nlp: Language, extractor: Extractor
) -> None:
    events = _events(
        nlp,
        extractor,
        "Washington urged Caracas to free the detained Americans. "
        "Venezuela publicly rejected the demand.",
    )
    assert ("VEN", "REJECT", "USA") in [_summary(e) for e in events]


def test_a_pronoun_takes_the_nearest_fitting_antecedent(
    nlp: Language, extractor: Extractor
) -> None:
    events = _events(
        nlp,
        extractor,
        "When Lavrov praised the proposal, the State Department dismissed his statement.",
    )
    assert ("USA", "REJECT", "RUS") in [_summary(e) for e in events]


def test_a_paragraph_keeps_its_narrative_date(nlp: Language, extractor: Extractor) -> None:
    events = _events(
        nlp,
        extractor,
        "On March 4, the mood in Kinshasa changed. "
        "Congolese President Felix Tshisekedi accused Rwanda of backing rebels.",
    )
    accuse = next(e for e in events if e.type == "ACCUSE")
    assert accuse.date is not None and accuse.date.start == date(2024, 3, 4)


def test_a_pronoun_before_the_subject_points_forward(nlp: Language, extractor: Extractor) -> None:
    events = _events(
        nlp, extractor, "Israel met Egypt in Cairo. After its talks with Iran, Qatar said little."
    )
    summaries = [_summary(e) for e in events]
    assert ("QAT", "CONSULT", "IRN") in summaries
    assert ("ISR", "CONSULT", "IRN") not in summaries


def test_what_someone_must_do_is_not_an_event(nlp: Language, extractor: Extractor) -> None:
    assert _events(nlp, extractor, "Serbia must recognise Kosovo, the envoy said.") == []


def test_one_report_of_one_act_between_two_countries_is_one_event(
    nlp: Language, extractor: Extractor
) -> None:
    events = _events(
        nlp,
        extractor,
        "Ukrainian Foreign Minister Dmytro Kuleba repeated the promise that Ukraine "
        "will hold talks with Moldova.",
    )
    # The promise and the talks promised are one act: at most one event, and that one right.
    assert len(events) <= 1
    assert all(_summary(e) == ("UKR", "AGREE", "MDA") for e in events)


def test_what_an_actor_demands_is_the_demands_content(nlp: Language, extractor: Extractor) -> None:
    events = _events(
        nlp, extractor, "The United States demanded that North Korea abandon its missile tests."
    )
    assert [_summary(e) for e in events] == [("USA", "REQUEST", "PRK")]


def test_a_subject_names_its_actor_after_its_head(nlp: Language, extractor: Extractor) -> None:
    events = _events(
        nlp, extractor, "Thousands of students across Georgia protested against the new law."
    )
    assert [_summary(e)[:2] for e in events] == [("GEO", "PROTEST")]


def test_two_actors_named_together_are_each_others_counterpart(
    nlp: Language, extractor: Extractor
) -> None:
    events = _events(nlp, extractor, "Czechia and Albania restored diplomatic ties on Monday.")
    (event,) = events
    assert {_summary(event)[0], _summary(event)[2]} == {"CZE", "ALB"}


def test_those_forces_are_the_last_forces_named(nlp: Language, extractor: Extractor) -> None:
    events = _events(
        nlp,
        extractor,
        "Officials in Moscow said 2,000 Ukrainian troops crossed the border. "
        "Those troops have since attacked three Russian villages.",
    )
    assert ("UKR", "ASSAULT", "RUS") in [_summary(e) for e in events]


def test_what_appears_to_be_an_operation_is_the_launchers(
    nlp: Language, extractor: Extractor
) -> None:
    events = _events(
        nlp,
        extractor,
        "The Israeli army launched what appears to be a major operation inside Lebanese territory.",
    )
    assert ("ISR", "ASSAULT", "LBN") in [_summary(e) for e in events]


def test_the_content_of_a_stated_position_is_not_an_event(
    nlp: Language, extractor: Extractor
) -> None:
    events = _events(
        nlp,
        extractor,
        "Hungary kept its position that it had never supplied weapons to Ukraine.",
    )
    assert all(e.type != "AID" for e in events)


def test_an_earlier_act_does_not_take_the_narrative_date(
    nlp: Language, extractor: Extractor
) -> None:
    events = _events(
        nlp,
        extractor,
        "On March 4, Burkina Faso cut ties with Ukraine. "
        "Mali had previously cut ties with Ukraine.",
    )
    by_source = {_summary(e)[0]: e for e in events}
    assert by_source["BFA"].date is not None and by_source["BFA"].date.start == date(2024, 3, 4)
    assert by_source["MLI"].date is None


def test_a_report_by_he_is_attributed_to_the_one_he_is(nlp: Language, extractor: Extractor) -> None:
    events = _events(
        nlp,
        extractor,
        "Iranian Foreign Minister Abbas Araghchi spoke to reporters in Tehran. "
        "He said Israeli jets had reportedly struck Syria.",
    )
    strike = next(e for e in events if e.type == "ASSAULT")
    assert strike.certainty == "reported"
    assert strike.attribution == "Iranian Foreign Minister Abbas Araghchi"


def test_a_pronoun_prefers_an_actor_in_the_subject(nlp: Language, extractor: Extractor) -> None:
    events = _events(
        nlp,
        extractor,
        "Germany's trade with China fell because it refused to lift sanctions on Iran.",
    )
    assert ("DEU", "REJECT") in [_summary(e)[:2] for e in events]


def test_a_word_inside_a_name_triggers_nothing(nlp: Language, extractor: Extractor) -> None:
    events = _events(nlp, extractor, "Ukraine sent the Associated Press a statement on Monday.")
    assert "REQUEST" not in [e.type for e in events]


def test_thinking_is_no_event(nlp: Language, extractor: Extractor) -> None:
    events = _events(nlp, extractor, "Brazil thinks China is ready.")
    assert "CONSULT" not in [e.type for e in events]


def test_a_news_agency_is_never_the_counterpart(nlp: Language, extractor: Extractor) -> None:
    """The sentence before names only an agency: no side of the next sentence's event is it."""
    offered = []

    def record(sentence, context, candidates, finder):  # type: ignore[no-untyped-def]
        for candidate in candidates:
            sources, targets = finder.sides(candidate)
            offered.extend(side.mention for side in (*sources, *targets))

    reader = dataclasses.replace(extractor, recorder=record)
    _events(nlp, reader, "Reuters reported the figures. Washington imposed new tariffs.")
    countries = {m.actor.country for m in offered if m is not None and m.actor is not None}
    assert "USA" in countries
    assert all(m.actor.sector != "MED" for m in offered if m is not None and m.actor is not None)


def test_a_measure_announced_with_the_day_it_takes_effect_is_the_measure(
    nlp: Language, extractor: Extractor
) -> None:
    """ "Will suspend imports from Monday" is a decision announced, coded as the sanction; a
    future measure with no such day, or on a condition, is a threat of it."""
    scheduled = _events(
        nlp, extractor, "Japan will suspend imports of fish from South Korea from Monday."
    )
    assert [(e.type, _summary(e)[0], _summary(e)[2]) for e in scheduled] == [
        ("SANCTION", "JPN", "KOR")
    ]
    for sentence in (
        "Japan will suspend imports of fish from South Korea.",
        "Japan will suspend imports of fish from South Korea on Monday if the talks fail.",
    ):
        assert [e.type for e in _events(nlp, extractor, sentence)] == ["THREATEN"], sentence


def test_an_act_on_several_nationalities_is_an_event_toward_each(
    nlp: Language, extractor: Extractor
) -> None:
    """ "Met Colombian, Brazilian and Argentine leaders": three targets, one event each."""
    found = _events(
        nlp, extractor, "Venezuela's vice president met Colombian, Brazilian and Argentine leaders."
    )
    assert sorted(_summary(e) for e in found) == [
        ("VEN", "CONSULT", "ARG"),
        ("VEN", "CONSULT", "BRA"),
        ("VEN", "CONSULT", "COL"),
    ]
