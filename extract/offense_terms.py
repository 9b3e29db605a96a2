"""News wording for offenses, mapped to the claim contract's offense vocabulary (DESIGN.md).

One visible table: phrase (as written, lower case) -> (offense, offense_detail). The offense
ruler matches these phrases on the LOWER attribute; the longest phrase wins where they overlap,
so "motor vehicle thefts" beats "thefts" and "gun homicides" beats "homicides".

The offense names come from the one vocabulary (``offenses``, data/offenses.toml): every
offense here must be one of its claim names, every detail one the verifier can relate to an
official id, and the plain synonyms the vocabulary lists for a claim name are matched too
(this table's own phrase wins where both have one).
"""

from __future__ import annotations

from dataclasses import dataclass

from offenses.relations import DETAIL_TO_OFFICIAL
from offenses.vocabulary import claim_vocabulary, vocabulary


def _forms(*stems: str) -> list[str]:
    """Singular and plural of each stem ("homicide" -> "homicide", "homicides")."""
    out: list[str] = []
    for stem in stems:
        out.append(stem)
        if stem.endswith("y") and not stem.endswith("ey"):
            out.append(stem[:-1] + "ies")
        elif stem.endswith(("s", "sh", "ch")):
            out.append(stem + "es")
        else:
            out.append(stem + "s")
    return out


_TABLE: list[tuple[list[str], str, str | None]] = [
    (_forms("homicide", "murder", "killing", "slaying", "homicide victim", "murder victim")
     + ["people killed", "people were killed", "persons killed", "were killed", "killed",
        "people have been killed", "have been killed", "been killed", "slain", "shot and killed",
        "homicide rate", "murder rate", "murder and nonnegligent manslaughter", "murdered",
        "people murdered", "people were murdered", "were murdered", "have been murdered",
        "people slain", "were slain", "homicide deaths", "homicide cases", "murder cases",
        "criminal homicides"], "homicide", None),
    (_forms("gun homicide", "firearm homicide", "gun death", "shooting death", "gun murder",
            "firearm death")
     + ["killed by gunfire", "people killed by gunfire", "killed by guns", "people killed by guns"],
     "homicide", "gun_homicide"),
    (_forms("shooting", "shooting incident", "gunfire incident", "shots fired incident", "shots-fired incident")
     + ["gun violence", "gunfire", "gunplay"],
     "shooting", None),
    (_forms("shooting victim", "gunshot victim", "person shot", "gunshot wound victim", "gunshot wound") + ["people shot", "persons shot", "people were shot",
     "were shot", "people have been shot", "been shot", "people wounded by gunfire",
     "wounded by gunfire", "killed or wounded by gunfire", "shot and wounded", "struck by gunfire",
     "people struck by gunfire", "gun violence victims", "gun violence victimizations",
     "shooting victimizations", "active shooter incidents", "active-shooter incidents"],
     "shooting", "shooting_victims"),
    (_forms("nonfatal shooting", "non-fatal shooting", "nonfatal shooting victim",
            "non-fatal shooting victim"), "shooting", "nonfatal_shootings"),
    (["violent crime", "violent crimes", "violent offenses", "violent offense", "violent incidents",
      "violence", "violent crime rate", "part i violent crimes", "crimes against persons"],
     "violent_crime", None),
    (["property crime", "property crimes", "property offenses", "property crime rate",
      "crimes against property"], "property_crime", None),
    (["crime", "crimes", "overall crime", "total crime", "part i crimes", "part 1 crimes",
      "part i offenses", "part 1 offenses", "part one offenses", "index offenses", "part i crime",
      "part one crimes", "major crime", "major crimes", "index crime", "index crimes",
      "serious crime", "serious crimes", "crime rate", "reported crimes", "reported crime",
      "offenses", "criminal offenses", "major felony offenses", "major felonies", "index felonies",
      "major felony crimes", "felony crimes", "felonies", "serious felonies", "serious offenses", "major offenses", "part 1 crime", "part one crime", "crime overall",
      "violent and property crime", "violent and property crimes", "property and violent crime",
      "property and violent crimes", "violent and property offenses", "property and violent offenses"],
     "crime_overall", None),
    (_forms("robbery", "armed robbery", "holdup", "stickup", "mugging", "street robbery",
            "commercial robbery"), "robbery", None),
    (_forms("aggravated assault", "felony assault", "felonious assault", "assault with a deadly weapon",
            "gun assault", "assault with a gun", "felonious assault with a firearm", "aggravated assault with a firearm")
     + ["aggravated battery", "aggravated batteries", "assaults with guns", "assaults with firearms",
        "felonious assaults with firearms", "victims of aggravated assault"], "aggravated_assault", None),
    (_forms("assault", "simple assault", "battery") + ["batteries"], "assault", None),
    (_forms("burglary", "break-in", "home invasion", "residential burglary", "commercial burglary",
            "home break-in") + ["break ins", "breaking and entering", "breaking & entering", "breaking and entering reports",
                                            "breaking and entering crimes"], "burglary", None),
    # stabbings and slashings: assaults with a knife, aggravated assaults in the UCR sense
    (_forms("stabbing", "slashing", "knife assault"), "aggravated_assault", None),
    (_forms("larceny", "theft", "larceny-theft", "petty theft", "grand larceny", "petty larceny", "petit larceny"),
     "larceny", None),
    (_forms("car break-in", "vehicle break-in", "theft from vehicle", "theft from auto", "auto burglary", "car burglary",
            "vehicle burglary",
            "catalytic converter theft", "car prowl", "vehicle prowl", "auto prowl", "vehicle larceny",
            "larceny from vehicle", "larceny from auto") + ["thefts from vehicles", "thefts from autos",
            "thefts from cars"], "larceny", "theft_from_vehicle"),
    (_forms("motor vehicle theft", "vehicle theft", "car theft", "auto theft", "stolen car",
            "stolen vehicle", "auto-theft", "grand larceny auto", "kia theft", "hyundai theft",
            "stolen auto", "stolen auto report", "stolen vehicle report", "kia/hyundai theft",
            "vehicle theft report", "car-theft", "vehicle-theft", "grand theft auto", "motor theft")
     + ["cars stolen", "vehicles stolen", "stolen autos", "vehicles were stolen", "cars were stolen",
        "vehicles have been stolen", "cars have been stolen", "autos stolen", "automobiles stolen",
        "vehicles reported stolen", "cars reported stolen", "kias and hyundais stolen"],
     "motor_vehicle_theft", None),
    (_forms("carjacking", "vehicular hijacking"), "carjacking", None),
    (_forms("rape", "sexual assault", "sex assault", "sex offense", "sexual offense")
     + ["reported rapes"], "rape", None),
    (_forms("arson", "arson fire", "intentionally set fire", "intentional fire", "incendiary fire",
            "arson case", "arson incident")
     + ["incendiary or suspicious fires", "incendiary and suspicious fires", "incendiary or suspicious structure fires",
        "incendiary and suspicious structure fires", "intentionally set fires", "deliberately set fires",
        "fires were intentionally set", "fires intentionally set", "fires were deliberately set",
        "fires deliberately set", "fires set intentionally", "fires set deliberately"], "arson", None),
    (_forms("shoplifting incident", "retail theft", "shoplifting case") + ["shoplifting",
     "organized retail crime", "organized retail theft"], "retail_theft", None),
    (_forms("drug offense", "drug crime", "narcotics offense",
            "drug violation", "narcotics violation", "drug case", "narcotics case", "drug-related offense")
     + ["drug offences", "drugs/vice", "drug/vice", "narcotics/vice", "vice/narcotics", "drug and alcohol offenses",
        "drug and alcohol offences"], "drug_offense", None),
    (_forms("overdose", "overdose death", "drug overdose", "drug overdose death", "fatal overdose",
            "opioid overdose", "opioid death", "fentanyl death", "heroin death", "heroin overdose",
            "fentanyl overdose", "drug death", "overdose fatality", "heroin-related death",
            "fentanyl-related death", "opioid-related death", "drug-related death", "drug-induced death",
            "fentanyl-related overdose death", "opioid overdose death", "heroin overdose death",
            "fentanyl overdose death", "methamphetamine death", "cocaine death",
            "methamphetamine-related death", "cocaine-related death", "overdose incident",
            "drug overdose incident", "accidental overdose", "overdose-related death",
            "overdose-related fatality", "fentanyl-related fatality", "heroin-related fatality",
            "opioid-related fatality", "drug-related fatality"), "overdose", None),
    (_forms("traffic death", "traffic fatality", "crash death", "road death", "pedestrian death",
            "traffic crash death", "fatal crash", "fatal collision", "pedestrian fatality",
            "traffic crash", "roadway fatality", "road fatality", "motorcycle death", "cyclist death",
            "motor-vehicle death", "motor vehicle death", "traffic-related death", "traffic-related fatality",
            "bicyclist death", "motorist death", "fatal traffic crash", "fatal accident", "roadway death",
            "fatal crash death", "highway fatality", "highway death", "crash fatality", "driving fatality",
            "vehicle fatality", "motor vehicle fatality", "car crash death", "traffic crash fatality",
            "fatal traffic accident", "fatal car accident", "fatal car crash", "fatal vehicle crash",
            "car accident death", "traffic accident death", "vehicle crash death", "bicyclist fatality",
            "cyclist fatality", "motorist fatality", "motorcyclist fatality", "bicycle fatality",
            "accident fatality", "accident death")
     + ["traffic fatalities", "people killed in crashes", "roadway deaths", "killed in crashes", "crashes",
        "died on roadways", "people died on roadways", "were killed in traffic accidents",
        "people were killed in traffic accidents", "were killed in crashes", "people were killed in crashes",
        "were killed in traffic crashes", "people were killed in traffic crashes",
        "pedestrians lost their lives", "pedestrians were killed", "lost their lives to car crashes",
        "lost their lives in crashes", "lost their lives in car crashes", "lost their lives on the roads", "pedestrian fatalities", "killed in traffic accidents", "pedestrians killed",
        "people killed in traffic accidents", "died in traffic incidents", "died in traffic accidents",
        "killed in traffic incidents",
        "killed in traffic crashes", "killed in traffic", "died in crashes", "died in traffic crashes",
        "deaths among pedestrians", "deaths among cyclists", "deaths among bicyclists",
        "deaths among pedestrians and cyclists", "deaths among pedestrians and bicyclists",
        "deaths involving pedestrians", "deaths involving cyclists", "deaths involving bicyclists",
        "deaths involving pedestrians and cyclists", "deaths involving pedestrians and bicyclists"],
     "traffic_death", None),
    (["people died of drug overdoses", "people died of overdoses", "people died from overdoses",
      "people died from drug overdoses", "died of drug overdoses", "died of overdoses",
      "died from overdoses", "died from drug overdoses", "overdose calls", "died from an overdose",
      "died of an overdose", "died from a drug overdose", "died of a drug overdose"], "overdose", None),
    (_forms("hate crime", "bias crime", "identity theft", "fraud case", "fraud complaint", "scam",
            "weapons offense", "weapons violation", "criminal damage", "trespassing case")
     + ["vandalism", "fraud", "graffiti", "criminal mischief", "domestic violence", "trespassing", "human trafficking",
        "sex crimes", "sex crime", "misdemeanor sex crimes",
        "weapons violations", "identity thefts"], "other", None),
]


def _vocabulary_synonyms() -> dict[str, str]:
    """Synonym -> claim name, for the vocabulary's claim names (not its finer official ids, whose
    wording the table above gives with a detail, nor its ambiguous wordings)."""
    names = set(claim_vocabulary())
    return {phrase.lower(): entry.offense_id for entry in vocabulary().values()
            if entry.offense_id in names for phrase in entry.synonyms if "(" not in phrase}


def _build() -> dict[str, tuple[str, str | None]]:
    names = claim_vocabulary()
    table: dict[str, tuple[str, str | None]] = {}
    for phrases, offense, detail in _TABLE:
        if offense not in names:
            raise ValueError(f"Unknown offense {offense!r} in offense_terms; use one of {names}.")
        if detail is not None and detail not in DETAIL_TO_OFFICIAL:
            raise ValueError(f"Unknown offense_detail {detail!r} in offense_terms; add it to "
                             "offenses/relations.py DETAIL_TO_OFFICIAL.")
        for phrase in phrases:
            table[phrase.lower()] = (offense, detail)
    for phrase, offense in _vocabulary_synonyms().items():
        table.setdefault(phrase, (offense, None))
    return table


#: phrase -> (offense, offense_detail)
OFFENSE_TERMS: dict[str, tuple[str, str | None]] = _build()


@dataclass(frozen=True, slots=True)
class EventPhrase:
    """Offense wording with a gap the phrase table cannot hold: who or what (``subjects``), up to
    three helper words, a verb, and, when the verb alone is ambiguous, a word that must follow
    it within three tokens (``after``). "2,400 Hyundais and Kias were stolen" is a car theft;
    "38 people have died on city roads" a traffic death, while "38 people have died" is not."""

    offense: str
    subjects: frozenset[str]
    verbs: frozenset[str]
    after: frozenset[str] = frozenset()
    detail: str | None = None


#: People whose assaults are a category of their own, not the city's assault count: "assaults on
#: police officers", "assaults against bus drivers", "bus operator assaults" (offense `other`).
ASSAULTED_GROUPS: frozenset[str] = frozenset({
    "police", "officer", "officers", "deputy", "deputies", "trooper", "troopers", "driver", "drivers",
    "operator", "operators", "teacher", "teachers", "nurse", "nurses", "employee", "employees", "worker",
    "workers", "staff", "guard", "guards", "correctional", "firefighter", "firefighters", "paramedics",
})

#: Words between the subject and its verb: "have reportedly been", "had already".
EVENT_HELPERS: frozenset[str] = frozenset({
    "have", "has", "had", "were", "was", "been", "being", "be", "reportedly", "already", "allegedly", "reported",
    "now", "since", "all", "also", "each", "either",
})
_VEHICLES = frozenset({"cars", "vehicles", "autos", "automobiles", "trucks", "motorcycles", "suvs", "kias",
                       "hyundais", "pickups"})
_ROAD_USERS = frozenset({"pedestrians", "cyclists", "bicyclists", "motorists", "drivers", "passengers",
                         "motorcyclists", "walkers", "occupants"})
_PEOPLE = frozenset({"people", "persons", "residents", "others", "children", "teens", "adults", "americans"}) \
    | _ROAD_USERS
#: What follows "died"/"were killed" when the deaths were on the road: "on city streets",
#: "in crashes", "in traffic".
_ROAD_WORDS = frozenset({"roads", "roadways", "streets", "highways", "freeways", "interstates", "crashes",
                         "collisions", "wrecks", "traffic", "accidents"})

EVENT_PHRASES: tuple[EventPhrase, ...] = (
    EventPhrase("motor_vehicle_theft", _VEHICLES, frozenset({"stolen", "snatched", "swiped", "taken"})),
    EventPhrase("overdose", _PEOPLE, frozenset({"overdosed"})),
    # "597 people die of overdoses", "86,882 people died of overdose"
    EventPhrase("overdose", _PEOPLE, frozenset({"die", "died", "dying"}),
                after=frozenset({"overdose", "overdoses"})),
    # "347 cars broken into": thefts from vehicles (larceny, the real-news conventions)
    EventPhrase("larceny", _VEHICLES, frozenset({"broken", "burglarized", "rummaged"}),
                after=frozenset({"into"}), detail="theft_from_vehicle"),
    # "123 catalytic converters were stolen"
    EventPhrase("larceny", frozenset({"converters", "catalysts"}), frozenset({"stolen", "taken", "cut", "swiped"})),
    # "Fentanyl and fentanyl analogues killed 1,252 people": a drug that kills names overdoses
    EventPhrase("overdose", frozenset({"fentanyl", "heroin", "opioids", "drugs", "overdoses", "analogues",
                                       "methamphetamine", "cocaine", "carfentanil"}),
                frozenset({"killed", "claimed"})),
    # "295 lives were lost in alcohol-related traffic incidents"
    EventPhrase("traffic_death", frozenset({"lives"}), frozenset({"lost"}), after=_ROAD_WORDS),
    EventPhrase("traffic_death", _PEOPLE, frozenset({"died", "killed", "dead"}), after=_ROAD_WORDS),
    EventPhrase("traffic_death", _ROAD_USERS, frozenset({"died", "killed", "struck"})),
    # "fatalities on Tennessee roads", "deaths on city streets": the preposition stands for the verb
    EventPhrase("traffic_death", frozenset({"fatalities", "deaths"}), frozenset({"on"}),
                after=frozenset({"roads", "roadways", "streets", "highways", "freeways", "interstates"})),
    # "deaths among U.S. pedestrians and cyclists": the preposition stands for the verb
    EventPhrase("traffic_death", frozenset({"fatalities", "deaths"}), frozenset({"among", "involving", "of"}),
                after=_ROAD_USERS),
    # "the deadliest driving year since 2008"
    EventPhrase("traffic_death", frozenset({"deadliest"}), frozenset({"driving", "traffic", "highway", "roadway"})),
    # "the deadliest year on Portland roads", "the deadliest on record for pedestrians"
    EventPhrase("traffic_death", frozenset({"deadliest"}), frozenset({"year", "month", "on", "in"}),
                after=frozenset({"roads", "roadways", "streets", "highways", "freeways", "interstates"}) | _ROAD_USERS),
)
for _event in EVENT_PHRASES:
    if _event.offense not in claim_vocabulary():
        raise ValueError(f"Unknown offense {_event.offense!r} in EVENT_PHRASES")
