"""Language packs: everything one language needs, found by its code through the registry.

A pack holds the spaCy model name, the names of its data files (event lexicon, generic agents, cue words), its
date and number readers, and the few predicates of its morphology that the parser misses. The stages are
language-free: they ask `get_pack(article.lang)` (or `pack_of(token)`) for words, never name one themselves.

A new language is a module exposing a `pack()` function, registered with
`wirecoder.registry.register_pack("xx", "package.module:pack")`, plus its data files. Its cue words are one JSON
object with every set of `WORD_SETS`; a missing set stops the run at start-up with [E205].
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Protocol

from ..errors import Code, ConfigError
from ..resources import data_file

# Every cue-word set a pack gives, and the question the stages ask of it. Lists become frozensets; the
# MAPPINGS stay dicts.
WORD_SETS: dict[str, str] = {
    # syntax: roles and voice
    "reflexive_pronouns": "clitics that make a verb reflexive ('se rendre')",
    "claim_verbs": "verbs whose agent carried out the act they govern ('menée par', 'revendiquée par')",
    "unaccusative_verbs": "verbs whose compound tenses look passive but whose subject acts ('sont entrés')",
    "death_verbs": "verbs whose subject died",
    "death_light_verbs": "verbs that say death with one of death_objects ('perdre la vie')",
    "death_objects": "objects of death_light_verbs",
    "life_taking_verbs": "verbs that say death with one of death_objects, the dead their complement "
                         "('coûter la vie à')",
    "death_nouns": "nouns whose 'of' phrase counts the dead ('la mort de 27 personnes')",
    "violent_modifiers": "adjectives that make a protest a violent demonstration ('de violentes manifestations')",
    "clock_nouns": "the clock's time a place names as a time zone ('05H30 heure de Paris', 'Paris time')",
    "aftermath_nouns": "people an occurrence left behind; a trigger that only qualifies them tells no new event ('les victimes des bombardements')",
    "commemoration_words": "words of remembering an occurrence long past ('le premier anniversaire de l'attentat')",
    "casualty_nouns": "people an occurrence struck, counted with its dead ('23 blessés'; not 'des déplacés')",
    "affiliation_words": "words that name a group as another's parent or ally ('la filiale d'Al-Qaida'): that group does not act",
    "legal_heads": "nouns of a charge or a trial: a trigger they govern names an offence, not an event ('le procès pour viol')",
    "border_nouns": "a country named after these is a neighbour the story points to, not the story's own ('la frontière avec le Mali')",
    "report_verbs": "verbs of saying whose subject tells of an act rather than doing it",
    "publish_verbs": "verbs of publishing a statement ('publier', 'publish'): a day on them dates the statement",
    "target_nouns": "nouns after which 'of' introduces the target ('l'attaque d'un poste')",
    "target_predicates": "nouns whose subject undergoes the act they govern ('la cible d'une attaque')",
    "undergo_verbs": "verbs whose subject undergoes the act named by their object ('tomber dans une embuscade')",
    "relative_pronouns": "subject relative pronouns ('un groupe qui combat')",
    "perfect_auxiliaries": "auxiliaries of compound tenses",
    "near_future_verbs": "verbs that make a near future with an infinitive ('va attaquer')",
    "since_words": "prepositions of a running period ('depuis')",
    "hands_nouns": "the noun of 'fall into the hands of'",
    "into_hands_verbs": "the verb of 'fall into the hands of'",
    "between_prepositions": "'between': both sides of a fight",
    "against_prepositions": "prepositions that introduce a target",
    "of_prepositions": "'of' with its contracted forms",
    "genitive_prepositions": "'of' without contractions with an article",
    "agent_prepositions": "prepositions that introduce an agent",
    "time_units": "units of time and their length in days ('cinq jours après')",
    "duration_prepositions": "'for' of a stretch of time ('have been fighting for fifteen years', 'pendant des mois')",
    "sequence_words": "'after'/'before' dating one occurrence against another",
    "after_words": "the sequence words that put the occurrence they govern before the one they date ('après')",
    "later_words": "adverbs that put an act after the rest of what its sentence tells ('were later arrested', 'ont été "
                   "arrêtés par la suite'): an occurrence of its own",
    # triggers
    "accomplished_heads": "governors under which an infinitive trigger happened ('a tenté de prendre')",
    "travel_places": "destinations that make the travel verb travel, not surrender",
    "travel_verbs": "reflexive verbs that mean surrender or travel ('se rendre')",
    "causative_verbs": "verbs that make their object do the infinitive ('faire entrer un camion'): its subject stays",
    "destination_prepositions": "prepositions of a destination",
    "travel_prepositions": "destination prepositions after which the travel verb only means going ('se rendre dans')",
    "occurring_verbs": "verbs that say an occurrence happened somewhere ('est survenu à', 'took place in' is by "
                       "scene_nouns)",
    "passive_prepositions": "the preposition of a passive verb's agent ('par', 'by'), whatever the parser labels it",
    "naming_verbs": "participles that give a name ('un cartel nommé X', 'a group called X'): the name is the "
                    "group's, not a place",
    "scene_nouns": "nouns of the place where something happened ('a eu lieu à', 'X, théâtre de l'attaque')",
    "journey_verbs": "verbs of travelling whose place complement is where a journey began or ended ('se rendre à')",
    "origin_verbs": "verbs of coming from somewhere ('des rebelles venus de Sibut'): the place is where they left",
    "origin_prepositions": "prepositions of where someone came from ('de', 'depuis', 'from')",
    "hometown_words": "words that tie people to their home town ('fighters from Tarhouna', 'des combattants "
                      "originaires de Tarhouna'): where they come from, not where they acted",
    "anti_prefixes": "prefixes that make a trigger a name ('anti-émeute')",
    # actors
    "civilian_sites": "places whose attack is an attack on the people there",
    "anaphoric_pronouns": "pronouns that stand for an earlier actor",
    "place_prepositions": "prepositions of a phrase that says where",
    "state_nouns": "the noun 'State', which a country name may follow",
    "attribution_words": "'according to'",
    "response_nouns": "nouns of a response ('en riposte à une frappe'): the act responded to is the other side's",
    "neutral_heads": "head nouns that add nothing to a group's name ('le groupe Boko Haram')",
    # counts
    "saying_verbs": "verbs whose subject is the source of a toll",
    "none_words": "words that make a count zero",
    "count_qualifiers": "words of 'at least', 'more than', 'nearly' before a number",
    "part_words": "words before a part of a toll ('onze villageois, dont quatre femmes'), not the toll itself",
    "negation_particles": "particles of a negated verb",
    # events
    "responsibility_verbs": "verbs of claiming or imputing an act",
    "operation_nouns": "nouns of a raid or an operation",
    "series_nouns": "nouns of a series ('une série d'attentats')",
    "identity_verbs": "verbs that say what the story's occurrence was ('il s'agit de la troisième attaque')",
    "identity_subjects": "pronoun subjects of 'it was ...' ('c'est la troisième attaque', 'it was the third attack')",
    "characterising_adjectives": "adjectives that make a noun a judgement on an occurrence ('un véritable kidnapping')",
    "definite_determiners": "definite and demonstrative determiners (a paraphrase of a told event)",
    "several_words": "'several', 'many', 'various': words that make a plural count several things",
    # location
    "distance_words": "words of a distance or a border ('à 30 km de')",
    "list_words": "words that may stand between the places of one list",
    "list_elisions": "elided articles and prepositions that start a word of a list",
    "list_joiners": "the words of a bare list ('A, B et C')",
    # places
    "admin_cues": "nouns before a province or district name",
    "facility_cues": "nouns before the name of a facility or an area ('la mosquée de X', 'la forêt de X')",
    "coalition_nouns": "nouns of a coalition that a text names by who leads it ('la coalition dirigée par Riyad')",
    "lead_verbs": "verbs of leading a coalition ('menée par', 'led by'); its agent names the coalition",
    "military_sites": "places and vehicles of armed forces; struck with a demonym, they are that country's forces "
                      "('des positions militaires arméniennes')",
    "individual_nouns": "nouns of one person of a side ('a suicide bomber', 'un soldat'): one person alone takes no "
                        "territory ('trying to enter Kabul')",
    "subcity_cues": "nouns before a quarter's name",
    "street_cues": "words that begin the name of a street, square or bridge ('Place de la Bastille'), in a town",
    "natural_features": "nouns of a river, lake, mountain...: a name they go with names that feature, not a town of "
                        "that name ('the Tisa river', 'la rivière Tisa')",
    "city_cues": "nouns before a town or village name",
    "settlement_nouns": "city cues whose name phrase is the settlement itself ('le village de Mann'; not 'la capitale "
                        "du Burundi')",
    "near_cues": "words of 'near', 'north of', 'on the road to'",
    "seat_verbs": "verbs of where an organisation sits ('une ONG basée à Londres')",
    "directions": "compass directions",
    "compass": "compass words -> [north, east] signs, for 'le nord du pays' / 'northern Mali' ([0, 0]: the centre)",
    "country_nouns": "the noun 'country' standing for the story's country ('le nord du pays')",
    "area_nouns": "nouns of a stretch of land ('une zone où', 'an area where'), beside the province and country nouns",
    "calendar_words": "names of weekdays and months, never a place's name after a place cue",
    "person_titles": "titles before a person's name",
    "conjoined": "words that join names in a list",
    "list_closers": "conjunctions that close a list",
    "in_country": "prepositions of being in a country",
    "locative": "prepositions of a place",
    "name_lead_words": "articles and prepositions that are not part of a toponym",
    "place_articles": "articles before a toponym",
    "of_before_name": "'of' before a name ('près de X', 'au nord du Mali')",
    "of_folded": "'of' as folded text",
    # mappings
    "determiner_folding": "determiners folded together so that lexicon phrases match any article",
    "sources": "folded names of sources of tolls -> their canonical name",
}
MAPPINGS = frozenset({"compass", "determiner_folding", "sources", "time_units"})


class Words:
    """A pack's cue words, one attribute per name of `WORD_SETS`."""

    def __init__(self, data: dict, path: str):
        missing = [k for k in WORD_SETS if k not in data]
        if missing:
            raise ConfigError(Code.E205, path=path, reason=f"missing word sets {', '.join(missing)}")
        for name in WORD_SETS:
            value = data[name]
            expected = dict if name in MAPPINGS else list
            if not isinstance(value, expected):
                raise ConfigError(Code.E205, path=path, reason=f"{name} must be a JSON {expected.__name__}")
            setattr(self, name, dict(value) if name in MAPPINGS else frozenset(value))


class DateReader(Protocol):
    def find_dates(self, text: str) -> list: ...


class NumberReader(Protocol):
    def parse_count(self, text: str) -> int | None: ...

    def is_vague(self, text: str) -> bool: ...


def no_conditional(tok) -> bool:
    """The default: the tagger's mood is enough."""
    return False


@dataclass(frozen=True)
class LanguagePack:
    """What one language brings; data files are packaged names (see `resources.packaged`)."""

    code: str
    spacy_model: str
    lexicon: str  # event triggers and refinements
    agents: str  # generic agent head nouns
    words_file: str  # cue words, the sets of WORD_SETS
    dates: DateReader
    numbers: NumberReader
    # morphology the tagger misses: a verb form that is a simple conditional (a plan, not a past event)
    conditional: Callable = no_conditional
    # a function doc -> doc run after the model, turning its parse into the Universal Dependencies view and its
    # entities into LOC/PER/ORG/MISC, for a model that labels otherwise (None: the model already does)
    parse_view: Callable | None = None

    @cached_property
    def words(self) -> Words:
        return Words(data_file("", self.words_file), self.words_file)


@lru_cache(maxsize=None)
def get_pack(code: str) -> LanguagePack:
    """The registered pack of language `code` ('fr'); an unknown code raises [E206]."""
    from ..registry import pack_factory

    return pack_factory(code)()


def lang_of(tok_or_doc) -> str:
    """The language code of the article a spaCy token or doc was parsed from (the nlp stage records it; a doc
    made elsewhere answers with its model's language)."""
    doc = getattr(tok_or_doc, "doc", tok_or_doc)
    return doc.user_data.get("wirecoder_lang") or doc.lang_


def pack_of(tok_or_doc) -> LanguagePack:
    """The pack of the language a spaCy token or doc was parsed in."""
    return get_pack(lang_of(tok_or_doc))


def words_of(tok_or_doc) -> Words:
    """The cue words of the pack of the article a token or doc was parsed from (kept on the doc: the rules ask
    for them for nearly every token)."""
    doc = getattr(tok_or_doc, "doc", tok_or_doc)
    words = doc.user_data.get("wirecoder_words")
    if words is None:
        words = doc.user_data["wirecoder_words"] = pack_of(doc).words
    return words
