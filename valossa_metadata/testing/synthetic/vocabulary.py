"""The scenario of the synthetic generator and its word lists: concepts, names, sentences, topics.

Every synthetic video tells one story (:data:`TITLE`), so that a report of it can be checked by eye:
the labels on screen, the dialogue, the topics and the on-screen text agree. People and brands are
made up; tags and ids follow the format reference.
"""

from __future__ import annotations

#: The scenario every synthetic video tells: three friends spend a weekend in Marseille (the Old Port
#: and its fish market, a boat trip to the Calanques, fish soup by the sea, sunset at the basilica).
#: Title, labels, dialogue, topics and on-screen text all come from it, so a report reads as one story.
TITLE = "A weekend in Marseille"
DESCRIPTION = (
    "Three friends spend a weekend in Marseille: the Old Port and its fish market, a boat trip to the "
    "Calanques, bouillabaisse by the sea and the sunset from Notre-Dame de la Garde."
)

#: visual.context concepts: ``label|categ tags|weight`` (tags from the reference's vocabulary; empty =
#: no categ). The weight is the concept's share of the screen in the story: the sea and the harbour
#: lead, a dog on the quay is a passing detail.
_VISUAL_TABLE = """
sea||5
person|human_basic|5
outdoor||4
harbor|boats_ships|4
boat|boats_ships|4
sky||4
water||3
sailboat|boats_ships|3
man|human_basic|3
woman|human_basic|3
city||2.5
building|buildings_architecture|2
street||2
beach||2
smile|human_features|2
sunglasses|fashion_wear|2
fish|food_drink|2
table|home_garden|1.5
church|buildings_architecture|1.5
seagull|fauna|1.5
sunset|time|1.5
crowd|human_basic|1.2
restaurant|food_drink|1.2
cliff||1.2
hat|fashion_wear|1
t-shirt|fashion_wear|1
wine glass|food_drink|1
bread|food_drink|1
coffee|food_drink|1
soup|food_drink|1
palm tree|flora|1
tree|flora|1
island||1
close-up|style|1
cloud||1
smartphone|consumer_electronics|1
camera|consumer_electronics|1
night|time|0.8
window|buildings_architecture|0.8
indoor||0.8
lighthouse|buildings_architecture|0.6
bridge|buildings_architecture|0.6
bus|automotive|0.5
car|automotive|0.5
flower|flora|0.5
logo|brand_product,graphics|0.5
bottle|brand_product|0.5
beer|food_drink,content_compliance|0.4
dog|fauna,pets|0.3
cigarette|content_compliance|0.3
"""

#: audio.context concepts: ``label|AudioSet/Knowledge Graph mid|categ tags`` (music and speech first).
_AUDIO_TABLE = """
music|/m/04rlf|
speech|/m/09x0r|
waves|/m/034srq|
seagull|/m/020bb7|fauna
boat engine|/m/019jd|automotive
wind|/m/03m9d0z|
crowd|/m/03qtwd|
laughter|/m/01j3sz|
dishes|/m/04brg2|home_garden
church bell|/m/03w41f|
footsteps|/m/07pbtc8|
guitar|/m/0342h|
applause|/m/028ght|
vehicle|/m/07yv9|automotive
dog bark|/m/05tny_|fauna,pets
silence|/m/028v0c|
"""


def _parse_table(text: str) -> list[list[str]]:
    return [line.split("|") for line in text.strip().splitlines()]


_VISUAL = [
    (row[0], [t for t in row[1].split(",") if t], float(row[2])) for row in _parse_table(_VISUAL_TABLE)
]
_AUDIO = [(row[0], row[1], [t for t in row[2].split(",") if t]) for row in _parse_table(_AUDIO_TABLE)]

#: Fictional brands (Microsoft's sample company names) used as logos and organizations.
_BRANDS = [
    "Contoso",
    "Fabrikam",
    "Northwind Traders",
    "Tailspin Toys",
    "Woodgrove Bank",
    "Litware",
    "Adventure Works",
    "Wide World Importers",
]
#: Fictional people: (name, gender). The first three are the friends of the story, in the order of
#: their screen time; the rest appear briefly or are talked about.
_PERSONS = [
    ("John Carter", "male"),
    ("Maria Lopez", "female"),
    ("Sophie Martin", "female"),
    ("Aino Mäkelä", "female"),
    ("Mikko Laine", "male"),
    ("David Chen", "male"),
    ("Amara Okafor", "female"),
    ("Lucas Weber", "male"),
    ("Elena Rossi", "female"),
    ("Omar Haddad", "male"),
    ("Hanna Berg", "female"),
    ("Tom Fischer", "male"),
]
_FIRST_NAMES = ["Anna", "Peter", "Lisa", "Jake", "Emma", "Sam", "Nora", "Ben"]
_LOCATIONS = [
    "Marseille",
    "Cassis",
    "the Old Port",
    "the Calanques",
    "Le Panier",
    "Frioul",
    "the Corniche",
    "Notre-Dame de la Garde",
]
_NOUNS = [
    "fish market",
    "bouillabaisse",
    "ferry",
    "lighthouse",
    "sailboat",
    "boat tour",
    "soap shop",
    "basilica",
    "beach",
    "sunset",
    "pastis",
    "harbour",
    "island",
    "fish soup",
    "snorkel",
]
_ADJECTIVES = ["new", "huge", "strange", "quiet", "expensive", "old", "beautiful", "tiny"]
_TIMES = ["tomorrow", "tonight", "this morning", "on Sunday", "after lunch", "this weekend"]
_SWEARS = ["damn", "bloody", "freaking"]

#: Sentence templates.  Slots: {P} person, {F} first name, {L} location, {O} organization,
#: {N} noteworthy noun, {X} mild swear word, {A} adjective, {T} time; ``!word`` = compliance keyword.
_TEMPLATES = [
    "I think {P} is going to show us the {N} {T} .",
    "We walked all the way to {L} to see the {A} {N} .",
    "Did you hear that {O} bought the old warehouse by {L} ?",
    "{F} , can you take a picture of the {N} ?",
    "Honestly , that was a {X} good idea .",
    "The people at {O} said the {N} would be open {T} .",
    "I have never seen a {N} this {A} before .",
    "Well , {F} told me you used to live near {L} .",
    "Let's meet at the {N} near the Old Port {T} .",
    "That's a {X} shame , but we can try again tomorrow .",
    "According to {P} , the best {N} is in {L} .",
    "We should call {O} before they close .",
    "I'm not sure the {N} is open on Sunday .",
    "So what happened after you left {L} ?",
    "My sister works for {O} in {L} now .",
    "Thank you , {F} , this trip means a lot to all of us .",
    "It was windy on the boat , so we stayed below deck .",
    "Are you sure this is the right way to {L} ?",
    "Nobody at {O} expected the {N} to sell out so quickly .",
    "Look at that {A} {N} over there !",
    "Where the !hell did you put the boat tickets ?",
    "I'll send you the photos of the {N} {T} .",
    "{P} has been sailing around here for years .",
    "Maybe we can ask {F} to help with the {N} .",
    "The weather in {L} was perfect for the whole trip .",
    "We need a table by the water before we talk to {O} .",
    "Yes , I remember that {N} from our first visit .",
    "You know , I really enjoyed the fish soup {T} .",
    "Can we stop for coffee before we go to {L} ?",
    "Everyone kept talking about the {A} {N} .",
]
_SHORT_REPLIES = ["Sure.", "No way!", "Really?", "I know.", "Okay, fine.", "Not yet.", "Of course.", "Why?"]
_PUNCT = frozenset({",", ".", "?", "!"})

#: Face expression vocabulary V2 (reference §2.9) with a plausible valence range each.
_EMOTIONS = [
    ("joy", 0.4, 1.0, 3),
    ("mild joy", 0.1, 0.6, 4),
    ("sadness", -0.9, -0.3, 1),
    ("serious expression", -0.3, 0.1, 4),
    ("fear", -0.9, -0.4, 1),
    ("tension/anxiousness", -0.7, -0.2, 1),
    ("disgust", -0.9, -0.4, 1),
    ("displeasure", -0.6, -0.1, 1),
    ("anger", -1.0, -0.5, 1),
    ("concentration/displeasure", -0.4, 0.0, 2),
    ("surprise", -0.1, 0.5, 1),
    ("startlement", -0.4, 0.2, 1),
    ("neutral", -0.1, 0.1, 6),
]

#: Video-level IAB (v1-style ids): (label, hierarchy, id, is_scd_category).
_IAB_TOPICS = [
    ("Travel", ["Travel"], "IAB20", False),
    ("Europe", ["Travel", "Europe"], "IAB20-14", False),
    ("Food & Drink", ["Food & Drink"], "IAB8", False),
    ("French Cuisine", ["Food & Drink", "French Cuisine"], "IAB8-11", False),
    ("Beaches", ["Travel", "Beaches"], "IAB20-6", False),
    ("Sailing", ["Sports", "Sailing"], "IAB17-32", False),
]
#: The sensitive-content category the file is flagged with: an apéritif of pastis on the quay.
_IAB_SCD = ("Cocktails/Beer", ["Food & Drink", "Cocktails/Beer"], "IAB8-5", True)
#: Scene-level IAB sections (IAB Content Taxonomy 2.x numeric ids); repeats make a section likelier.
_IAB_SECTIONS = [
    ("Travel", ["Travel"], "653"),
    ("Travel", ["Travel"], "653"),
    ("Food & Drink", ["Food & Drink"], "210"),
    ("Food & Drink", ["Food & Drink"], "210"),
    ("Sports", ["Sports"], "483"),
    ("Music and Audio", ["Music and Audio"], "338"),
]
_TOPICS_GENERAL = ["travel vlog", "city break", "seaside", "food", "friends"]
_GENRES = ["Travel", "Lifestyle", "Documentary"]

_TEXT_FULL = [
    "DAY ONE",
    "DAY TWO",
    "MARSEILLE",
    "The Calanques",
    "Filmed by Sophie Martin",
    "Thanks for watching",
]
_TEXT_ROLES = ["Fishmonger", "Tour Guide", "Head Chef", "Skipper", "Café Owner", "Travel Writer"]
_TEXT_MIDDLE = ["VIEUX-PORT", "BOUILLABAISSE 29 €", "FERRY FRIOUL", "OPEN 7/7", "WELCOME"]
_TEXT_UPPER = ["MARSEILLE", "DAY 1", "DAY 2", "VLOG", "HD"]
_TEXT_COMPLIANCE = ["casino", "pastis", "beer", "vote"]
